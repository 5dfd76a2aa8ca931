// The lesson format and its validator. A lesson is plain Markdown with $...$ / $$...$$ math and
// a few small, visible additions (see README "Writing a lesson"):
//   a header        ---\ntitle: ...\nlab: neuron\npreset: {"lr": 0.5}\n---
//   section ids     ## 1. The single unit {#unit}        a section's own lab: {#loss lab=mlp}
//   run blocks      ```run Label shown on the button\n{"lr": 5}\n```
//   live values     $J = \live{loss}$   (a key of the lab's state(); w.0 indexes an array)
//   exercises       ```exercise Prompt\nid: x\ncheck: test_acc >= 0.9 and step <= 1000\nhint: ...\n```
// parse() checks the syntax; check() checks it against the lab registry (every lab exists, every
// preset is accepted by its section's lab, every live key and exercise key is in that lab's state()).
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
  std::string lab;       // {#id lab=NAME}; "" = the header's lab (see lab_of)
};

// Everything below belongs to a section: its index in Lesson::sections, or -1 before the first
// heading (the introduction, which uses the header's lab).
struct RunBlock {
  int line;
  std::string label;  // text after ```run, may be empty
  json preset;
  int section = -1;
};

struct LiveHook {
  int line;
  std::string key;    // "loss", "w.0"
  int section = -1;
};

// An exercise's check: clauses KEY OP VALUE joined by "and"; VALUE is a number or another key.
struct Clause {
  std::string key, op;     // op: < <= > >= == !=
  double value = 0;
  std::string value_key;   // non-empty: compare with this state key instead of `value`
};

// An exercise's typed answer: passes when |typed - state[key]| <= tol.
struct Answer {
  std::string key;
  double tol = 0;
};

//   ```exercise Reach a test accuracy of 95% within 1,000 steps.
//   id: circle-95
//   check: test_acc >= 0.95 and step <= 1000
//   answer: grad.w5 0.005          (optional: the learner types a number)
//   hint: Two hidden layers of 4 tanh units and a learning rate of 0.03 are enough.
//   solution: {"layers": [4, 4]}   (optional: a preset that passes; for instructors and tests)
//   ```
struct Exercise {
  int line;                 // the ```exercise line
  int check_line = 0, answer_line = 0;
  std::string id, prompt, hint;
  std::string check_text;   // as written
  std::vector<Clause> check;
  bool has_answer = false;
  Answer answer;
  json solution;            // null when absent
  int section = -1;
};

// The result of checking an exercise against a lab's state. `failed` says why in data, so a front
// end can word it in the learner's language:
//   {"kind": "clause", "key", "op", "value", "target", "target_key"?}  a clause that does not hold
//   {"kind": "missing", "key"}           the state has no such value (now)
//   {"kind": "answer", "typed", "tol"}   the typed answer is too far off (the right value is not told)
//   {"kind": "typed", "text"}            what was typed is not a number; {"kind": "no_answer"}
//   {"kind": "bad", "what"}              the check itself does not parse
struct Verdict {
  bool pass = false;
  std::string why;          // English, for the CLI and logs: "test_acc = 0.91, needs >= 0.95"
  json failed;
};

struct Lesson {
  std::string title, lab;
  json preset = json::object();
  int body_line = 1;  // first line after the header
  std::vector<Section> sections;
  std::vector<RunBlock> runs;
  std::vector<LiveHook> lives;
  std::vector<Exercise> exercises;
  std::vector<Problem> problems;
};

Lesson parse(const std::string& text);
void check(Lesson& l);                         // needs the lab registry (src/labs)
Lesson parse_and_check(const std::string& text);

// The lab a section uses (-1: the introduction): its own, else the header's.
const std::string& lab_of(const Lesson& l, int section);

// Both languages of one chapter must have the same lab, the same section ids in order with the
// same labs, and the same exercise ids in order. Problems are reported against `b`.
void check_pair(const Lesson& a, const std::string& a_name, Lesson& b);

// "file:line: what", one per line.
std::string report(const std::string& file, const Lesson& l);
json to_json(const Lesson& l);

// Looks up a dotted key ("w.0") in a lab state; nullptr when absent.
const json* find_key(const json& state, const std::string& key);

// Exercises: parse a check ("a >= 0.9 and b < c") or an answer ("grad.w5 0.005"); "" on success,
// else what is wrong.
std::string parse_check(const std::string& text, std::vector<Clause>& out);
std::string parse_answer(const std::string& text, Answer& out);

// Evaluates an exercise against a lab's state: every clause must hold and, with an answer, the
// typed number must be within tol of the state's value. `typed` is null when nothing was typed.
// == and != compare with a relative tolerance of 1e-6 (state values are float32).
Verdict check_exercise(const std::vector<Clause>& conditions, const json& state,
                       const Answer* answer = nullptr, const double* typed = nullptr);

// The same from text, as the browser and the CLI send it: check and answer as written in the
// lesson ("" when absent); typed is a number, a string the learner typed, or null.
Verdict check_exercise(const std::string& check, const std::string& answer, const json& typed,
                       const json& state);
json to_json(const Verdict& v);   // {"pass", "why", "failed"?}

}  // namespace lesson
