// The lesson validator: every kind of malformed lesson is reported as file:line: what, and the
// real lessons in lessons/ pass.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "lesson/lesson.h"

using lesson::parse_and_check;

static const char* kHeader = "---\ntitle: T\nlab: neuron\npreset: {\"lr\": 0.5}\n---\n";

static std::string problems(const lesson::Lesson& l) { return lesson::report("f.md", l); }

TEST_CASE("a well-formed lesson has no problems and yields its parts", "[lesson]") {
  auto l = parse_and_check(std::string(kHeader) +
                           "Intro $a = \\live{loss}$.\n\n## First {#first}\n\n$$\nJ = \\live{w.0}\n$$\n\n"
                           "```run Go fast\n{\"lr\": 2}\n```\n\n## Second {#second}\nA dollar: \\$5. `$not math`\n");
  CHECK(problems(l) == "");
  CHECK(l.title == "T");
  CHECK(l.lab == "neuron");
  CHECK(l.preset["lr"] == 0.5);
  REQUIRE(l.sections.size() == 2);
  CHECK(l.sections[1].id == "second");
  CHECK(l.sections[1].title == "Second");
  REQUIRE(l.runs.size() == 1);
  CHECK(l.runs[0].label == "Go fast");
  CHECK(l.runs[0].line == 14);
  REQUIRE(l.lives.size() == 2);
  CHECK(l.lives[1].key == "w.0");
  CHECK(l.body_line == 6);
}

TEST_CASE("malformed lessons name the line and what is wrong", "[lesson]") {
  struct Case { std::string text, expected; };
  auto c = GENERATE(values<Case>({
      {"title: no header\n", "f.md:1: missing header"},
      {"---\ntitle: T\nlab: neuron\n", "f.md:1: header is not closed"},
      {"---\ntitle: T\n---\n", "f.md:1: header has no 'lab:'"},
      {"---\ntitle: T\nlab: nosuchlab\n---\n", "f.md:2: unknown lab 'nosuchlab'"},
      {"---\ntitle: T\nlab: neuron\ncolour: red\n---\n", "f.md:4: unknown header key 'colour'"},
      {"---\ntitle: T\nlab: neuron\npreset: {lr: 1}\n---\n", "f.md:4: preset is not a JSON object"},
      {"---\ntitle: T\nlab: neuron\npreset: {\"lr\": \"fast\"}\n---\n", "f.md:2: header preset rejected by lab 'neuron': lr: expected a number"},
      {std::string(kHeader) + "\n## No id here\n", "f.md:7: section heading needs an id"},
      {std::string(kHeader) + "## A {#a}\n## B {#a}\n", "f.md:7: section id 'a' is used twice"},
      {std::string(kHeader) + "## A {#Big_Id}\n", "f.md:6: section id 'Big_Id' may only use"},
      {std::string(kHeader) + "\nsome $x + 1 text\n\nmore\n", "f.md:7: unbalanced math: '$' opened here is not closed"},
      {std::string(kHeader) + "$$\nx^{2\n$$\n", "f.md:6: unbalanced math: 1 '{' not closed"},
      {std::string(kHeader) + "$$\nx\n", "f.md:6: unbalanced math: '$$' opened here is never closed"},
      {std::string(kHeader) + "$\\left( x$\n", "f.md:6: unbalanced math: \\left and \\right"},
      {std::string(kHeader) + "$x}$\n", "f.md:6: unbalanced math: '}' without '{'"},
      {std::string(kHeader) + "\n```run\n{\"lr\": 1,,}\n```\n", "f.md:8: run block is not valid JSON"},
      {std::string(kHeader) + "```run\n[1, 2]\n```\n", "f.md:7: run block must be a JSON object"},
      {std::string(kHeader) + "```run\n{\"speed\": \"x\"}\n```\n", "f.md:6: run block rejected by lab 'neuron': speed: expected a number"},
      {std::string(kHeader) + "```run\n{\"colour\": 1}\n```\n", "f.md:6: run block rejected by lab 'neuron': unknown field \"colour\""},
      {std::string(kHeader) + "```run\n{\"lr\": 1}\n", "f.md:6: code block opened here is never closed"},
      {std::string(kHeader) + "\n$J = \\live{nosuchkey}$\n", "f.md:7: \\live{nosuchkey}: lab 'neuron' has no such state key"},
      {std::string(kHeader) + "$J = \\live{w.7}$\n", "f.md:6: \\live{w.7}: lab 'neuron' has no such state key"},
      {std::string(kHeader) + "$J = \\live{}$\n", "f.md:6: \\live{} needs a state key"},
  }));
  auto l = parse_and_check(c.text);
  INFO(c.text);
  CHECK_THAT(problems(l), Catch::Contains(c.expected));
}

TEST_CASE("math inside code is not math, and \\$ is a dollar sign", "[lesson]") {
  auto l = parse_and_check(std::string(kHeader) + "Costs \\$5 and `$x` and\n\n```\n$ echo $HOME\n```\n");
  CHECK(problems(l) == "");
}

TEST_CASE("both languages of a chapter must have the same sections", "[lesson]") {
  auto en = parse_and_check(std::string(kHeader) + "## A {#a}\n## B {#b}\n");
  auto zh = parse_and_check(std::string(kHeader) + "## 甲 {#a}\n## 乙 {#c}\n");
  lesson::check_pair(en, "lesson.en.md", zh);
  CHECK_THAT(problems(zh), Catch::Contains("f.md:6: section ids [a c] differ from lesson.en.md [a b]"));
}

TEST_CASE("the course's own lessons pass the validator", "[lesson]") {
  namespace fs = std::filesystem;
  int files = 0;
  for (const auto& dir : fs::directory_iterator(fs::path(COURSE_SOURCE_DIR) / "lessons"))
    for (const auto& f : fs::directory_iterator(dir.path())) {
      if (f.path().extension() != ".md") continue;
      std::ifstream in(f.path());
      std::stringstream ss;
      ss << in.rdbuf();
      auto l = parse_and_check(ss.str());
      INFO(f.path().string());
      CHECK(lesson::report(f.path().string(), l) == "");
      CHECK(!l.sections.empty());
      ++files;
    }
  CHECK(files >= 2);
}

TEST_CASE("find_key follows dotted keys into objects and arrays", "[lesson]") {
  lesson::json s = {{"loss", 0.5}, {"w", {1, 2, 3}}, {"layer", {{"norm", {4, 5}}}}};
  CHECK(*lesson::find_key(s, "loss") == 0.5);
  CHECK(*lesson::find_key(s, "w.2") == 3);
  CHECK(*lesson::find_key(s, "layer.norm.1") == 5);
  CHECK(lesson::find_key(s, "w.3") == nullptr);
  CHECK(lesson::find_key(s, "nope") == nullptr);
  CHECK(lesson::find_key(s, "loss.0") == nullptr);
}
