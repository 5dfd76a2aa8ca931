// The host: the one open lab and the commands every front end sends it (the browser bridge, the
// desktop window, the ImGui toolbar). Plain data; all input is validated here, in C++.
#pragma once
#include <memory>
#include <string>

#include "labs/lab.h"

struct Host {
  std::unique_ptr<Lab> lab;
  std::string lab_name;
  std::string error;        // the last refused request, shown in the lab until the next success
  double budget_ms = 8.0;   // training time per frame; the rest of a 16.7 ms frame draws
  long frames = 0;          // frames drawn (tests watch it advance)
};

Host& host();

// Each returns "" on success, else a message for the learner (and keeps the current lab as it was).
std::string host_open(Host& h, const std::string& name, const json& preset);
std::string host_configure(Host& h, const json& preset);
std::string host_command(Host& h, const std::string& cmd);  // play | pause | toggle | step | reset

// Parses JSON text from outside (URL, lesson, control); "" on success.
std::string parse_preset(const std::string& text, json& out);

// Everything the shell needs a few times a second.
json host_status(const Host& h);
