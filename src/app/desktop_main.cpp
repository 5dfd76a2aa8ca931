// The desktop front end: the same labs in a native window (handy offline and for development).
//   course-desktop [LAB] [--preset JSON] [--play] [--lang en|zh] [--scale F]
//                  [--frames N --screenshot FILE.ppm] [--single-thread]
// With no LAB the window opens with the lab picker. The lab trains on a thread of its own
// (labs/trainer.h) while the window draws; --single-thread trains in the frame instead, as the
// page does where it has no threads.
// --scale draws the lab larger (a projector), as presenter mode does in the browser.
// --frames and --screenshot are for tests: draw N frames, save the last one, exit.
#include <cstdio>
#include <cstdlib>
#include <string>

#include "app/gui.h"
#include "labs/host.h"
#include "labs/trainer.h"
#include "ui/strings.h"

int main(int argc, char** argv) {
  std::string name;  // none: the window opens with the lab picker
  json preset = json::object();
  GuiOptions o;
  bool play = false, threaded = true;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--play") {
      play = true;
    } else if (a == "--single-thread") {
      threaded = false;
    } else if (a == "--lang" && i + 1 < argc) {
      ui::set_lang(argv[++i]);
    } else if (a == "--scale" && i + 1 < argc) {
      gui_set_scale(float(std::atof(argv[++i])));
    } else if (a == "--frames" && i + 1 < argc) {
      o.max_frames = std::atoi(argv[++i]);
    } else if (a == "--screenshot" && i + 1 < argc) {
      o.screenshot = argv[++i];
    } else if (a == "--preset" && i + 1 < argc) {
      std::string err = parse_preset(argv[++i], preset);
      if (!err.empty()) {
        std::fprintf(stderr, "course-desktop: %s\n", err.c_str());
        return 2;
      }
    } else {
      name = a;
    }
  }
  std::string err = name.empty() ? "" : host_open(host(), name, preset);
  if (!err.empty()) std::fprintf(stderr, "course-desktop: %s\n", err.c_str());  // shown in the window too
  if (play) host_command(host(), "play");
  o.title = "AI course — labs";
  o.lab_picker = true;
  if (threaded) trainer_start(host());
  const int rc = gui_run(o);
  trainer_stop();
  return rc;
}
