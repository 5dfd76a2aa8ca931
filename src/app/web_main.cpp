// The browser front end: the bridge the shell (web/js/bridge.js) calls, plus main().
// Every call takes and returns JSON text; every value from the page is validated here in C++.
// Returned strings live until the next call (the shell copies them at once).
// In the threaded module (course-mt.js) the lab trains on a thread of its own (labs/trainer.h):
// every call that touches the host, a lab, the language or the data files holds the host's lock
// (HostLock), so it never runs while a slice of training or a frame does.
#include <emscripten.h>

#include <cstdlib>
#include <string>

#include "app/gui.h"
#include "data/files.h"
#include "labs/host.h"
#include "labs/trainer.h"
#include "lesson/lesson.h"
#include "ui/strings.h"

namespace {

std::string out;

// JSON text for the page. A string that is not UTF-8 (a message quoting the learner's bytes that
// slipped past data::utf8_prefix) is written with U+FFFD, never thrown: a throw would stop the
// module.
const char* answer(const json& j) {
  out = j.dump(-1, ' ', false, json::error_handler_t::replace);
  return out.c_str();
}

const char* reply(const std::string& err) {
  return answer(err.empty() ? json{{"ok", true}} : json{{"ok", false}, {"error", err}});
}

}  // namespace

extern "C" {

// Open lab `name`. With a preset (JSON object text) apply it; with "", "null" or "{}" switch to
// that lab as it was (its defaults the first time). On error the open lab stays.
EMSCRIPTEN_KEEPALIVE const char* course_open(const char* name, const char* preset) {
  HostLock lock;
  std::string text = preset ? preset : "";
  json p = nullptr;
  std::string err = text.empty() || text == "null" ? "" : parse_preset(text, p);
  if (err.empty()) err = host_open(host(), name ? name : "", p);
  else host().error = err;
  return reply(err);
}

// Forget a lab's instance ("" = all): the shell does this when another chapter opens.
EMSCRIPTEN_KEEPALIVE const char* course_close(const char* name) {
  HostLock lock;
  host_close(host(), name ? name : "");
  return reply("");
}

EMSCRIPTEN_KEEPALIVE const char* course_configure(const char* preset) {
  HostLock lock;
  json p;
  std::string err = parse_preset(preset ? preset : "", p);
  if (err.empty()) err = host_configure(host(), p);
  else host().error = err;
  return reply(err);
}

EMSCRIPTEN_KEEPALIVE const char* course_command(const char* cmd) {
  HostLock lock;
  return reply(host_command(host(), cmd ? cmd : ""));
}

EMSCRIPTEN_KEEPALIVE const char* course_status() {
  HostLock lock;
  return answer(host_status(host()));
}

// Parse and check a lesson file against the labs: {title, lab, sections, runs, exercises,
// problems}. It takes the file's bytes as fetched (the shell copies them into the module's
// memory), so bytes that are not UTF-8 reach the validator and are reported by line.
EMSCRIPTEN_KEEPALIVE const char* course_check_lesson(const char* bytes, int length) {
  HostLock lock;
  const std::string text = bytes && length > 0 ? std::string(bytes, size_t(length)) : "";
  return answer(lesson::to_json(lesson::parse_and_check(text)));
}

// Checks an exercise against the open lab's state:
//   {"lab": "mlp", "check": "test_acc >= 0.95", "answer": "grad.w5 0.005", "typed": "0.12"}
//   -> {"pass": bool, "why": "test_acc = 0.91, needs >= 0.95", "failed": {...}}
// ("lab" is optional; when given and another lab is open, the check fails and says so).
EMSCRIPTEN_KEEPALIVE const char* course_check(const char* request) {
  HostLock lock;
  json r = json::parse(request ? request : "", nullptr, false);
  lesson::Verdict v;
  auto text = [&](const char* k) { return r.contains(k) && r[k].is_string() ? r[k].get<std::string>() : ""; };
  if (r.is_discarded() || !r.is_object()) {
    v.why = "the request is not a JSON object";
    v.failed = {{"kind", "bad"}, {"what", v.why}};
  } else if (!host().lab) {
    v.why = "no lab is open";
    v.failed = {{"kind", "lab"}, {"lab", text("lab")}};
  } else if (!text("lab").empty() && text("lab") != host().lab_name) {
    v.why = "lab '" + text("lab") + "' is not open";
    v.failed = {{"kind", "lab"}, {"lab", text("lab")}};
  } else {
    v = lesson::check_exercise(text("check"), text("answer"), r.value("typed", json()), host().lab->state());
  }
  return answer(lesson::to_json(v));
}

// The open lab trained for `ms` milliseconds (1 to 10,000) here and now, with no frame drawn:
// {"ok", "steps", "ms"}. The bare engine of ./course bench's frame rows (bench/frames.js), the lab
// paused meanwhile so that neither a frame nor the trainer trains it too.
EMSCRIPTEN_KEEPALIVE const char* course_train(const char* ms_text) {
  HostLock lock;
  if (!host().lab) return reply("no lab is open");
  const double ms = std::atof(ms_text ? ms_text : "");
  if (!(ms >= 1 && ms <= 10000)) return reply("course_train: ms must be 1 to 10000");
  Lab& lab = *host().lab;
  const long before = lab.steps;
  const bool was_running = lab.running;
  lab.running = true;
  const double t0 = emscripten_get_now();
  lab.train(ms);
  const double took = emscripten_get_now() - t0;
  lab.running = was_running && lab.alert.empty();
  return answer({{"ok", true}, {"steps", lab.steps - before}, {"ms", took}});
}

// The open lab's trained model, {"lab", "preset", "model"}, or {"ok": false, "error"}.
EMSCRIPTEN_KEEPALIVE const char* course_export() {
  HostLock lock;
  json file;
  std::string err = host_export(host(), file);
  if (!err.empty()) return reply(err);
  return answer(file);
}

// Loads an exported model file (its text) into the open lab.
EMSCRIPTEN_KEEPALIVE const char* course_import(const char* text) {
  HostLock lock;
  json file = json::parse(text ? text : "", nullptr, false);
  if (file.is_discarded()) return reply(host().error = "the file is not valid JSON");
  return reply(host_import(host(), file));
}

// The shell hides the lab on the home page: stop the frame loop (and training) meanwhile, so an
// idle tab costs nothing.
EMSCRIPTEN_KEEPALIVE void course_set_visible(int visible) {
  if (visible) emscripten_resume_main_loop();
  else emscripten_pause_main_loop();
  trainer_pause(!visible);
}

// Presenter mode: the lab's fonts and layout drawn larger.
EMSCRIPTEN_KEEPALIVE void course_set_ui_scale(double scale) {
  HostLock lock;
  gui_set_scale(float(scale));
}

// The learner's language for the labs' labels, tooltips and messages ("en" or "zh").
EMSCRIPTEN_KEEPALIVE void course_set_lang(const char* lang) {
  HostLock lock;
  ui::set_lang(lang ? lang : "");
}

// What the shell needs of every lab, in both languages: titles, the words for state keys, the
// headline values, the "Your data" box (see labs_for_shell in src/labs/lab.h).
EMSCRIPTEN_KEEPALIVE const char* course_labs() {
  HostLock lock;
  return answer(labs_for_shell());
}

// Data files (src/data/files.h): the names labs asked for and the shell has not yet fetched; the
// shell then hands over the bytes or the reason the fetch failed, and asks again on Retry.
EMSCRIPTEN_KEEPALIVE const char* course_wanted_files() {
  HostLock lock;
  return answer(data::wanted_files());
}

EMSCRIPTEN_KEEPALIVE void course_put_file(const char* name, const char* bytes, int length) {
  HostLock lock;
  data::put_file(name ? name : "", bytes && length > 0 ? std::string(bytes, size_t(length)) : "");
}

EMSCRIPTEN_KEEPALIVE void course_fail_file(const char* name, const char* why) {
  HostLock lock;
  data::fail_file(name ? name : "", why ? why : "");
}

// {"name": "why"} for files that arrived but could not be used (damaged): shown with a Retry.
EMSCRIPTEN_KEEPALIVE const char* course_rejected_files() {
  HostLock lock;
  json j = json::object();
  for (const auto& [name, why] : data::rejected_files()) j[name] = why;
  return answer(j);
}

EMSCRIPTEN_KEEPALIVE void course_retry_file(const char* name) {
  HostLock lock;
  data::retry_file(name ? name : "");
}

}  // extern "C"

int main() {
  data::set_async(true);  // data files come from the shell's fetches, not from a file system
  trainer_start(host());   // the threaded module trains off the page's thread; else the frame does
  GuiOptions o;
  o.width = 640;  // the shell's CSS sizes the canvas; SDL follows it on resize
  o.height = 480;
  return gui_run(o);
}
