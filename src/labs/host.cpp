#include "labs/host.h"

#include "data/utf8.h"
#include "kernels/pool.h"
#include "labs/trainer.h"
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
  if (out.is_discarded()) return "the preset is not valid JSON: " + data::utf8_prefix(text, 200);
  if (!out.is_object())
    return "the preset must be a JSON object like {\"lr\": 0.5}, got " + data::utf8_prefix(text, 200);
  return "";
}

std::string host_open(Host& h, const std::string& name, const json& preset) {
  const bool resume = preset.is_null() || (preset.is_object() && preset.empty());
  auto it = h.labs.find(name);
  if (it == h.labs.end()) {
    auto lab = make_lab(name);
    if (!lab) return remember(h, "unknown lab '" + name + "' (labs: " + lab_names() + ")");
    try {
      lab->apply(resume ? json::object() : preset);
    } catch (const std::exception& e) {
      return remember(h, "preset refused: " + std::string(e.what()));
    }
    h.exportable[name] = !lab->model().is_null();
    it = h.labs.emplace(name, std::move(lab)).first;
  } else if (!resume) {
    try {
      it->second->apply(preset);  // validates fully before changing anything
    } catch (const std::exception& e) {
      return remember(h, "preset refused: " + std::string(e.what()));
    }
  }
  h.lab = it->second.get();
  h.lab_name = name;
  h.error.clear();
  return "";
}

void host_close(Host& h, const std::string& name) {
  for (auto it = h.labs.begin(); it != h.labs.end();) {
    if (!name.empty() && it->first != name) {
      ++it;
      continue;
    }
    if (h.lab == it->second.get()) {
      h.lab = nullptr;
      h.lab_name.clear();
    }
    it = h.labs.erase(it);
  }
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
    if (lab.alert.empty()) lab.user_step();
  } else if (cmd == "reset") {
    lab.reset();
  } else {
    return remember(h, "unknown command '" + cmd + "' (play, pause, toggle, step, reset)");
  }
  h.error.clear();
  return "";
}

std::string host_export(const Host& h, json& out) {
  if (!h.lab) return "no lab is open";
  json m = h.lab->model();
  if (m.is_null()) return "lab '" + h.lab_name + "' has no model to export";
  out = {{"lab", h.lab_name}, {"preset", h.lab->full_preset()}, {"model", std::move(m)}};
  return "";
}

std::string host_import(Host& h, const json& file) {
  if (!h.lab) return remember(h, "no lab is open");
  if (!file.is_object() || !file.contains("model") || !file.contains("lab") || !file["lab"].is_string())
    return remember(
        h, "not a model file of this course: expected {\"lab\": ..., \"preset\": {...}, \"model\": ...}");
  const std::string lab = file["lab"].get<std::string>();
  if (lab != h.lab_name)
    return remember(h, "this model is for lab '" + lab + "', but the open lab is '" + h.lab_name + "'");
  json p = file.contains("preset") ? file["preset"] : json::object();
  if (!p.is_object()) return remember(h, "the model file's \"preset\" must be a JSON object");
  p["model"] = file["model"];
  return host_configure(h, p);
}

json host_status(const Host& h) {
  json labs = json::array();
  for (const auto& [name, lab] : h.labs) labs.push_back(name);
  // Where training runs (labs/trainer.h), and on how many threads the kernels may split a product.
  json s = {{"labs", labs}, {"error", h.error}, {"frames", h.frames},
            {"training", trainer_running() ? "thread" : "frame"}, {"threads", kern::pool_threads()},
            {"trainer_ms", trainer_busy_ms()}, {"pool_jobs", kern::pool_jobs()}};
  if (!h.lab) {
    s["lab"] = nullptr;
    return s;
  }
  s.update({{"lab", h.lab_name},   {"running", h.lab->running}, {"steps", h.lab->steps},
            {"alert", h.lab->alert}, {"notes", h.lab->notes},   {"preset", h.lab->full_preset()},
            {"state", h.lab->state()},
            {"exportable", h.exportable.count(h.lab_name) && h.exportable.at(h.lab_name)},
            {"compute", h.lab->compute()}});
  if (h.lab->on_main_thread()) s["training"] = "frame";  // WebGPU: the frame trains it
  return s;
}
