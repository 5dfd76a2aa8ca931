#include "labs/host.h"

#include "ui/strings.h"

Host& host() {
  static Host h;
  return h;
}

static std::string remember(Host& h, std::string err) {
  h.error = err;
  return err;
}

std::string parse_preset(const std::string& text, json& out) {
  out = json::parse(text.empty() ? "{}" : text, nullptr, false);
  if (out.is_discarded()) return "the preset is not valid JSON: " + text.substr(0, 200);
  if (!out.is_object()) return "the preset must be a JSON object like {\"lr\": 0.5}, got " + text.substr(0, 200);
  return "";
}

std::string host_open(Host& h, const std::string& name, const json& preset) {
  auto lab = make_lab(name);
  if (!lab) return remember(h, "unknown lab '" + name + "' (labs: " + lab_names() + ")");
  try {
    lab->apply(preset);
  } catch (const std::exception& e) {
    return remember(h, "preset refused: " + std::string(e.what()));
  }
  h.lab = std::move(lab);
  h.lab_name = name;
  h.error.clear();
  return "";
}

std::string host_configure(Host& h, const json& preset) {
  if (!h.lab) return remember(h, "no lab is open");
  try {
    h.lab->apply(preset);  // validates fully before changing anything
  } catch (const std::exception& e) {
    return remember(h, "preset refused: " + std::string(e.what()));
  }
  h.error.clear();
  return "";
}

std::string host_command(Host& h, const std::string& cmd) {
  if (!h.lab) return remember(h, "no lab is open");
  Lab& lab = *h.lab;
  if (cmd == "play") {
    if (!lab.alert.empty()) return remember(h, ui::tr("host.diverged_reset"));
    lab.running = true;
  } else if (cmd == "pause") {
    lab.running = false;
  } else if (cmd == "toggle") {
    return host_command(h, lab.running ? "pause" : "play");
  } else if (cmd == "step") {
    lab.running = false;
    if (lab.alert.empty()) lab.step();
  } else if (cmd == "reset") {
    lab.reset();
  } else {
    return remember(h, "unknown command '" + cmd + "' (play, pause, toggle, step, reset)");
  }
  h.error.clear();
  return "";
}

json host_status(const Host& h) {
  if (!h.lab) return {{"lab", nullptr}, {"error", h.error}, {"frames", h.frames}};
  return {{"lab", h.lab_name},       {"running", h.lab->running}, {"steps", h.lab->steps},
          {"alert", h.lab->alert},   {"notes", h.lab->notes},     {"error", h.error},
          {"preset", h.lab->full_preset()}, {"state", h.lab->state()},  {"frames", h.frames}};
}
