// The browser front end: the bridge the shell (web/js/app.js) calls, plus main().
// Every call takes and returns JSON text; every value from the page is validated here in C++.
// Returned strings live until the next call (the shell copies them at once).
#include <emscripten.h>

#include <string>

#include "app/gui.h"
#include "labs/host.h"
#include "lesson/lesson.h"
#include "ui/strings.h"

namespace {

std::string out;

const char* reply(const std::string& err) {
  out = err.empty() ? json{{"ok", true}}.dump() : json{{"ok", false}, {"error", err}}.dump();
  return out.c_str();
}

}  // namespace

extern "C" {

// Open lab `name` with a preset (JSON object text). On error the current lab stays.
EMSCRIPTEN_KEEPALIVE const char* course_open(const char* name, const char* preset) {
  json p;
  std::string err = parse_preset(preset ? preset : "", p);
  if (err.empty()) err = host_open(host(), name ? name : "", p);
  else host().error = err;
  return reply(err);
}

EMSCRIPTEN_KEEPALIVE const char* course_configure(const char* preset) {
  json p;
  std::string err = parse_preset(preset ? preset : "", p);
  if (err.empty()) err = host_configure(host(), p);
  else host().error = err;
  return reply(err);
}

EMSCRIPTEN_KEEPALIVE const char* course_command(const char* cmd) {
  return reply(host_command(host(), cmd ? cmd : ""));
}

EMSCRIPTEN_KEEPALIVE const char* course_status() {
  out = host_status(host()).dump();
  return out.c_str();
}

// Parse and check a lesson's text against the labs: {title, lab, sections, runs, problems}.
EMSCRIPTEN_KEEPALIVE const char* course_check_lesson(const char* text) {
  out = lesson::to_json(lesson::parse_and_check(text ? text : "")).dump();
  return out.c_str();
}

// The shell hides the lab on the home page: stop the frame loop (and training) meanwhile, so an
// idle tab costs nothing.
EMSCRIPTEN_KEEPALIVE void course_set_visible(int visible) {
  if (visible) emscripten_resume_main_loop();
  else emscripten_pause_main_loop();
}

// Presenter mode: the lab's fonts and layout drawn larger.
EMSCRIPTEN_KEEPALIVE void course_set_ui_scale(double scale) { gui_set_scale(float(scale)); }

// The learner's language for the labs' labels, tooltips and messages ("en" or "zh").
EMSCRIPTEN_KEEPALIVE void course_set_lang(const char* lang) { ui::set_lang(lang ? lang : ""); }

EMSCRIPTEN_KEEPALIVE const char* course_labs() {
  json j = json::array();
  for (const auto& l : all_labs()) j.push_back({{"name", l.name}, {"title", l.title}});
  out = j.dump();
  return out.c_str();
}

}  // extern "C"

int main() {
  GuiOptions o;
  o.width = 640;  // the shell's CSS sizes the canvas; SDL follows it on resize
  o.height = 480;
  return gui_run(o);
}
