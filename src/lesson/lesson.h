// The lesson format and its validator. A lesson is plain Markdown with $...$ / $$...$$ math and
// three small, visible additions (see README "Writing a lesson"):
//   a header        ---\ntitle: ...\nlab: neuron\npreset: {"lr": 0.5}\n---
//   section ids     ## 1. The single unit {#unit}
//   run blocks      ```run Label shown on the button\n{"lr": 5}\n```
//   live values     $J = \live{loss}$   (a key of the lab's state(); w.0 indexes an array)
// parse() checks the syntax; check() checks it against the lab registry (the lab exists, every
// preset is accepted by that lab's configure(), every live key is in its state()).
#pragma once
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace lesson {

using json = nlohmann::json;

struct Problem {
  int line;          // 1-based line in the lesson file
  std::string what;
};

struct Section {
  std::string id, title;
  int line;
};

struct RunBlock {
  int line;
  std::string label;  // text after ```run, may be empty
  json preset;
};

struct LiveHook {
  int line;
  std::string key;    // "loss", "w.0"
};

struct Lesson {
  std::string title, lab;
  json preset = json::object();
  int body_line = 1;  // first line after the header
  std::vector<Section> sections;
  std::vector<RunBlock> runs;
  std::vector<LiveHook> lives;
  std::vector<Problem> problems;
};

Lesson parse(const std::string& text);
void check(Lesson& l);                         // needs the lab registry (src/labs)
Lesson parse_and_check(const std::string& text);

// Both languages of one chapter must have the same lab and the same section ids, in order.
// Problems are reported against `b`.
void check_pair(const Lesson& a, const std::string& a_name, Lesson& b);

// "file:line: what", one per line.
std::string report(const std::string& file, const Lesson& l);
json to_json(const Lesson& l);

// Looks up a dotted key ("w.0") in a lab state; nullptr when absent.
const json* find_key(const json& state, const std::string& key);

}  // namespace lesson
