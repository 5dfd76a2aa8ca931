// Fuzz target: the lesson parser and validator, as the browser bridge's course_check_lesson and the
// CLI's check-lessons use them (src/lesson/lesson.h). The input is a lesson file's bytes. Checking
// instantiates every lab the lesson names and applies its header preset, run blocks and exercise
// solutions, so this reaches the labs' configure() too. For each input: parse_and_check, the JSON
// the page gets and the file:line report; the lesson paired with itself (which must add no
// problem); and its first exercises checked against their lab's default state, as the page checks
// them, with the hint as what the learner typed. Rules it checks: every problem names a line of the
// file, and pairing a lesson with itself adds no problem.
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <memory>
#include <string>

#include "labs/lab.h"
#include "lesson/lesson.h"

namespace {

// The text of an exercise's answer as the page sends it ("KEY TOL"), or "".
std::string answer_text(const lesson::Exercise& e) {
  if (!e.has_answer) return "";
  char tol[32];
  std::snprintf(tol, sizeof tol, "%.17g", e.answer.tol);
  return e.answer.key + " " + tol;
}

[[noreturn]] void broken(const std::string& rule, const std::string& detail) {
  std::fprintf(stderr, "\nbroken rule: %s\n%s\n", rule.c_str(), detail.c_str());
  std::abort();
}

// Problems name a line of the file (1-based): one that exists, or line 1 of an empty file.
void check_lines(const lesson::Lesson& l, const std::string& text) {
  int lines = 0;
  for (char c : text) lines += c == '\n';
  if (!text.empty() && text.back() != '\n') ++lines;
  for (const auto& p : l.problems)
    if (p.line < 1 || p.line > std::max(lines, 1))
      broken("a problem names line " + std::to_string(p.line) + " of a file of " + std::to_string(lines) +
             " lines", p.what);
}

void check_exercises(const lesson::Lesson& l) {
  std::map<std::string, json> states;  // a default state per lab, made once per input
  const size_t n = l.exercises.size() < 4 ? l.exercises.size() : 4;
  for (size_t i = 0; i < n; ++i) {
    const lesson::Exercise& e = l.exercises[i];
    const std::string& lab = lesson::lab_of(l, e.section);
    if (!states.count(lab)) {
      auto made = make_lab(lab);
      states[lab] = made ? made->state() : json::object();
    }
    const lesson::Verdict v = lesson::check_exercise(e.check_text, answer_text(e), json(e.hint), states[lab]);
    (void)lesson::to_json(v).dump();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  const lesson::Lesson l = lesson::parse_and_check(text);
  (void)lesson::to_json(l).dump();
  (void)lesson::report("f.md", l);

  check_lines(l, text);
  lesson::Lesson same = l;
  lesson::check_pair(l, "f.md", same);
  if (same.problems.size() != l.problems.size())
    broken("a lesson paired with itself has problems",
           lesson::report("f.md", same).substr(lesson::report("f.md", l).size()));
  check_exercises(l);
  return 0;
}
