// The desktop front end: the same labs in a native window (handy offline and for development).
//   course-desktop [LAB] [--preset JSON]
#include <cstdio>
#include <string>

#include "app/gui.h"
#include "labs/host.h"

int main(int argc, char** argv) {
  std::string name = all_labs().front().name;
  json preset = json::object();
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--preset" && i + 1 < argc) {
      std::string err = parse_preset(argv[++i], preset);
      if (!err.empty()) {
        std::fprintf(stderr, "course-desktop: %s\n", err.c_str());
        return 2;
      }
    } else {
      name = a;
    }
  }
  std::string err = host_open(host(), name, preset);
  if (!err.empty()) std::fprintf(stderr, "course-desktop: %s\n", err.c_str());  // shown in the window too
  GuiOptions o;
  o.title = "AI course — labs";
  o.lab_picker = true;
  return gui_run(o);
}
