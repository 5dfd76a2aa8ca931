// Fuzz target: one lab driven through the functions the browser bridge calls (src/app/web_main.cpp,
// src/labs/host.h). The input is the text of a preset. For each input, on a fresh Host:
//   parse_preset, then host_open with the preset or host_configure it (see hand_over); a refused
//   preset must change nothing, an accepted one must round-trip (its full_preset() opens a fresh
//   lab with the preset given, and gives the same full_preset() back); then two steps, the status,
//   an exercise check, the model's export -> text -> import round trip (which must give back the
//   same preset and weights), draw() in a headless ImGui context (see draw_frames), one more step
//   (a click may have changed the lab) and the status.
// It never names a lab: the lab comes from the environment, so every registered lab is fuzzed by
// this same code (tests/fuzz/run.sh runs it once per lab).
//   COURSE_FUZZ_LAB=NAME          the lab to fuzz
//   COURSE_FUZZ_LIST_LABS=1       print the registered labs, one a line, and exit
//   COURSE_FUZZ_WRITE_SEEDS=DIR   write seeds for the lab into DIR (lab_seeds.h) and exit; with
//   COURSE_FUZZ_DICT=FILE         also a libFuzzer dictionary, and
//   COURSE_FUZZ_LESSONS=DIR       the lessons to take its presets from (default: ./lessons)
//   COURSE_FUZZ_FRAMES=N          frames drawn per input (default 2, see draw_frames)
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "headless_frame.h"
#include "lab_seeds.h"
#include "labs/host.h"
#include "lesson/lesson.h"

namespace {

std::string lab_name;
int frames = 2;
const std::string* input = nullptr;  // the input being run, for the message of a broken rule

// A rule of src/labs/host.h or lab.h does not hold: say which, and abort (libFuzzer keeps the input).
void expect(bool ok, const std::string& rule, const std::string& detail = "") {
  if (ok) return;
  std::fprintf(stderr, "\nbroken rule: lab '%s': %s\n  %s\n  preset: %.400s\n", lab_name.c_str(),
               rule.c_str(), detail.c_str(), input ? input->c_str() : "");
  std::abort();
}

// What a refused request may not change: the lab's configuration, its training and its state.
std::string snapshot(const Host& h) {
  if (!h.lab) return "no lab";
  return h.lab->full_preset().dump() + " steps " + std::to_string(h.lab->steps) + " " + h.lab->state().dump();
}

// FNV-1a: where the mouse goes and how wide the canvas is, the same for the same input.
uint64_t hash(const std::string& s) {
  uint64_t x = 1469598103934665603ull;
  for (unsigned char c : s) x = (x ^ c) * 1099511628211ull;
  return x;
}

// The two ways the shell gives a lab a preset (picked by the input's hash), and what each promises:
//   course_open(lab, preset) on a fresh host: the lab is made with the preset, or not at all;
//   course_open(lab, "") then course_configure(preset): a refused preset changes nothing.
// Either way the lab is open afterwards (with its defaults if the preset was refused).
std::string hand_over(Host& h, const json& preset, bool open_with_preset) {
  std::string err, before;
  if (open_with_preset) {
    err = host_open(h, lab_name, preset);
  } else {
    const std::string defaults = host_open(h, lab_name, nullptr);
    expect(defaults.empty() && h.lab, "the lab does not open with its defaults", defaults);
    before = snapshot(h);
    err = host_configure(h, preset);
  }
  (void)host_status(h).dump();  // the shell asks for the status (and its error) after each call
  if (err.empty()) return err;
  expect(h.error == err, "a refused preset is not the host's error", h.error);
  if (open_with_preset) {
    expect(!h.lab && h.labs.empty(), "a refused open left a lab behind", err);
    const std::string defaults = host_open(h, lab_name, nullptr);
    expect(defaults.empty() && h.lab, "the lab does not open with its defaults", defaults);
  } else {
    expect(snapshot(h) == before, "a refused preset changed the lab", err);
  }
  return err;
}

void check_round_trip(const json& preset) {
  Host fresh;
  const std::string err = host_open(fresh, lab_name, preset);
  expect(err.empty(), "the full_preset() of an accepted preset is refused by a fresh lab", err);
  expect(fresh.lab->full_preset() == preset, "full_preset() does not round-trip through configure",
         "first " + preset.dump() + "\n  then  " + fresh.lab->full_preset().dump());
}

void check_export_import(Host& h) {
  json file;
  std::string err = host_export(h, file);
  expect(err.empty(), "a lab whose model() is not null cannot export", err);
  const std::string text = file.dump();  // what the learner's file holds
  err = host_import(h, json::parse(text));
  expect(err.empty(), "the lab refuses its own exported model", err);
  json again;
  expect(host_export(h, again).empty() && again == file, "export -> import -> export changes the model file",
         "first " + text.substr(0, 300) + "\n  then  " + again.dump().substr(0, 300));
}

// The lab's draw() in the browser's steady state. That takes two frames: in a fresh ImGui context
// the first frame has no layout from before (no scrollbar, no child sizes) and nothing can be
// hovered. In the second the mouse is over a point from the input's hash, and for half the inputs
// clicks there; the canvas size comes from the hash too.
void draw_frames(Host& h, uint64_t seed) {
  HeadlessFrame f;
  f.display = ImVec2(float(320 + seed % 1280), float(240 + (seed >> 12) % 800));
  f.mouse = ImVec2(float((seed >> 24) % 1600), float((seed >> 36) % 1040));
  f.mouse_down = (seed >> 60) & 1;
  f.frames = frames;
  headless_frame([&] { h.lab->draw(); }, f);
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  if (std::getenv("COURSE_FUZZ_LIST_LABS")) {
    for (const auto& l : all_labs()) std::printf("%s\n", l.name.c_str());
    std::exit(0);
  }
  const char* lab = std::getenv("COURSE_FUZZ_LAB");
  if (!lab || !find_lab(lab)) {
    std::fprintf(stderr, "fuzz_configure: set COURSE_FUZZ_LAB to one of: %s\n", lab_names().c_str());
    std::exit(2);
  }
  lab_name = lab;
  if (const char* n = std::getenv("COURSE_FUZZ_FRAMES")) frames = std::max(1, std::atoi(n));
  if (const char* dir = std::getenv("COURSE_FUZZ_WRITE_SEEDS")) {
    const char* dict = std::getenv("COURSE_FUZZ_DICT");
    const char* lessons = std::getenv("COURSE_FUZZ_LESSONS");
    std::exit(write_lab_seeds(lab_name, dir, dict ? dict : "", lessons ? lessons : "lessons") > 0 ? 0 : 1);
  }
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  input = &text;
  Host h;  // a fresh host: nothing carries over from the input before
  json preset;
  std::string err = parse_preset(text, preset);
  if (!err.empty()) {  // as course_configure does with text that is not a JSON object
    h.error = err;
    (void)host_status(h).dump();
    input = nullptr;
    return 0;
  }

  const uint64_t seed = hash(text);
  if (hand_over(h, preset, seed >> 63).empty()) check_round_trip(h.lab->full_preset());

  host_command(h, "step");
  host_command(h, "step");
  (void)host_status(h).dump();
  const json state = h.lab->state();
  const lesson::Verdict v = lesson::check_exercise("step >= 0", "", nullptr, state);
  (void)lesson::to_json(v).dump();
  expect(v.pass || !state.contains("step"), "the check 'step >= 0' fails", v.why);
  if (h.exportable[lab_name]) check_export_import(h);

  draw_frames(h, seed);
  host_command(h, "step");  // a click in the frame may have changed the lab
  (void)host_status(h).dump();
  input = nullptr;
  return 0;
}
