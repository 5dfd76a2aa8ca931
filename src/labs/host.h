// The host: the labs a front end has open and the commands every front end sends them (the browser
// bridge, the desktop window, the ImGui toolbar). One instance per lab name stays alive, so a
// lesson whose sections use different labs can switch between them and come back to each where it
// was; one of them is open (trains and draws). Plain data; all input is validated here, in C++.
#pragma once
#include <map>
#include <memory>
#include <string>

#include "labs/lab.h"

struct Host {
  std::map<std::string, std::unique_ptr<Lab>> labs;  // one instance per lab name
  std::map<std::string, bool> exportable;            // its model() is not null (asked once)
  Lab* lab = nullptr;       // the open one (an entry of labs), or none
  std::string lab_name;
  std::string error;        // the last refused request, shown in the lab until the next success
  double budget_ms = 8.0;   // least training time per frame (gui.cpp frame_budget may give more)
  long frames = 0;          // frames drawn (tests watch it advance)
};

Host& host();

// Each returns "" on success, else a message for the learner (and keeps the open lab as it was).
// host_open: with a null or empty preset, switch to lab `name` as it was (created with its
// defaults the first time); with a preset, apply it to that lab (created if needed), which resets
// its training. A refused preset leaves every lab as it was.
std::string host_open(Host& h, const std::string& name, const json& preset);
std::string host_configure(Host& h, const json& preset);
std::string host_command(Host& h, const std::string& cmd);  // play | pause | toggle | step | reset
// Forget lab `name`'s instance ("" = every lab): the next open starts it afresh.
void host_close(Host& h, const std::string& name);

// The open lab's trained model: {"lab", "preset", "model"} (a file the learner keeps), or an
// error when the lab has nothing to export.
std::string host_export(const Host& h, json& out);
// Loads such a file into the open lab: its preset (the network's shape) with its weights.
std::string host_import(Host& h, const json& file);

// Parses JSON text from outside (URL, lesson, control); "" on success.
std::string parse_preset(const std::string& text, json& out);

// Everything the shell needs a few times a second.
json host_status(const Host& h);
