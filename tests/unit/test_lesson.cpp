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
  auto l = parse_and_check(
      std::string(kHeader) +
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
      {"---\ntitle: T\nlab: neuron\npreset: {\"lr\": \"fast\"}\n---\n",
       "f.md:2: header preset rejected by lab 'neuron': lr: expected a number"},
      {std::string(kHeader) + "\n## No id here\n", "f.md:7: section heading needs an id"},
      {std::string(kHeader) + "## A {#a}\n## B {#a}\n", "f.md:7: section id 'a' is used twice"},
      {std::string(kHeader) + "## A {#Big_Id}\n", "f.md:6: section id 'Big_Id' may only use"},
      {std::string(kHeader) + "\nsome $x + 1 text\n\nmore\n",
       "f.md:7: unbalanced math: '$' opened here is not closed"},
      {std::string(kHeader) + "$$\nx^{2\n$$\n", "f.md:6: unbalanced math: 1 '{' not closed"},
      {std::string(kHeader) + "$$\nx\n", "f.md:6: unbalanced math: '$$' opened here is never closed"},
      {std::string(kHeader) + "$\\left( x$\n", "f.md:6: unbalanced math: \\left and \\right"},
      {std::string(kHeader) + "$x}$\n", "f.md:6: unbalanced math: '}' without '{'"},
      {std::string(kHeader) + "\n```run\n{\"lr\": 1,,}\n```\n", "f.md:8: run block is not valid JSON"},
      {std::string(kHeader) + "```run\n[1, 2]\n```\n", "f.md:7: run block must be a JSON object"},
      {std::string(kHeader) + "```run\n{\"speed\": \"x\"}\n```\n",
       "f.md:6: run block rejected by lab 'neuron': speed: expected a number"},
      {std::string(kHeader) + "```run\n{\"colour\": 1}\n```\n",
       "f.md:6: run block rejected by lab 'neuron': unknown field \"colour\""},
      {std::string(kHeader) + "```run\n{\"lr\": 1}\n", "f.md:6: code block opened here is never closed"},
      {std::string(kHeader) + "\n$J = \\live{nosuchkey}$\n",
       "f.md:7: \\live{nosuchkey}: lab 'neuron' has no such state key"},
      {std::string(kHeader) + "$J = \\live{w.7}$\n",
       "f.md:6: \\live{w.7}: lab 'neuron' has no such state key"},
      {std::string(kHeader) + "$J = \\live{}$\n", "f.md:6: \\live{} needs a state key"},
  }));
  auto l = parse_and_check(c.text);
  INFO(c.text);
  CHECK_THAT(problems(l), Catch::Contains(c.expected));
}

TEST_CASE("a lesson that is not UTF-8 is refused, naming the line; a BOM and CJK are fine", "[lesson]") {
  struct Case { std::string bytes, expected; };
  auto c = GENERATE(values<Case>({
      {"caf\xE9 au lait\n", "f.md:7: not valid UTF-8 (byte 0xE9 at column 4)"},        // Latin-1
      {"\xC0\xAF\n", "f.md:7: not valid UTF-8 (byte 0xC0 at column 1)"},                // overlong '/'
      {"ok \xED\xA0\x80\n", "f.md:7: not valid UTF-8 (byte 0xED at column 4)"},       // a surrogate
      {"\xF4\x90\x80\x80\n", "f.md:7: not valid UTF-8 (byte 0xF4 at column 1)"},    // > U+10FFFF
      {"\xE4\xB8\n", "f.md:7: not valid UTF-8 (byte 0xE4 at column 1)"},                // cut short
      {"中文 \x80\n", "f.md:7: not valid UTF-8 (byte 0x80 at column 4)"},                 // a stray byte
  }));
  auto l = parse_and_check(std::string(kHeader) + "\n" + c.bytes);
  INFO(c.bytes);
  CHECK_THAT(problems(l), Catch::Contains(c.expected) && Catch::Contains("save the file as UTF-8"));
  CHECK(l.sections.empty());
  CHECK_NOTHROW(lesson::to_json(l).dump());  // the report itself is valid JSON text

  CHECK(problems(parse_and_check("\xEF\xBB\xBF" + std::string(kHeader) + "中文，𝛼 and é\n")) == "");
  std::string many = std::string(kHeader);
  for (int i = 0; i < 8; ++i) many += "bad \xFF\n";
  CHECK_THAT(problems(parse_and_check(many)), Catch::Contains("and 3 more lines that are not valid UTF-8"));
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

// Per-section labs --------------------------------------------------------------------------------
TEST_CASE("a section can name its own lab; its run blocks, live keys and exercises use that lab",
          "[lesson]") {
  auto l =
      parse_and_check(std::string(kHeader) +
                      "Intro $\\live{loss}$\n\n"
                      "## Neuron {#unit}\n\n$J = \\live{loss}$\n\n```run A\n{\"lr\": 2}\n```\n\n"
                      "## Playground {#play lab=mlp}\n\n$\\live{test_acc}$\n\n"
                      "```run B\n{\"dataset\": \"xor\", \"layers\": [4]}\n```\n\n"
                      "```exercise Reach 90%.\nid: xor-90\ncheck: test_acc >= 0.9\nhint: More units.\n```\n\n"
                      "## Back {#back}\n\n$\\live{w.0}$\n");
  CHECK(problems(l) == "");
  REQUIRE(l.sections.size() == 3);
  CHECK(l.sections[1].lab == "mlp");
  CHECK(lesson::lab_of(l, -1) == "neuron");
  CHECK(lesson::lab_of(l, 0) == "neuron");
  CHECK(lesson::lab_of(l, 1) == "mlp");
  CHECK(lesson::lab_of(l, 2) == "neuron");
  REQUIRE(l.runs.size() == 2);
  CHECK(l.runs[1].section == 1);
  REQUIRE(l.exercises.size() == 1);
  CHECK(l.exercises[0].section == 1);
  auto j = lesson::to_json(l);
  CHECK(j["sections"][1]["lab"] == "mlp");
  CHECK(j["sections"][2]["lab"] == "neuron");
  CHECK(j["runs"][1]["section"] == "play");
  CHECK(j["runs"][1]["lab"] == "mlp");
  CHECK(j["exercises"][0]["id"] == "xor-90");
  CHECK(j["exercises"][0]["lab"] == "mlp");
  CHECK(j["exercises"][0]["check"] == "test_acc >= 0.9");
  CHECK(j["exercises"][0]["answer"].is_null());
}

TEST_CASE("per-section labs: problems are checked against the section's lab", "[lesson]") {
  struct Case { std::string text, expected; };
  auto c = GENERATE(values<Case>({
      {"## P {#p lab=nosuch}\n", "f.md:6: unknown lab 'nosuch' (labs: "},
      {"## P {#p colour=red}\n", "f.md:6: section heading: unknown attribute 'colour=red'"},
      {"## P {#p lab=mlp}\n```run\n{\"lr\": 0.5, \"target\": \"xor\"}\n```\n",
       "f.md:7: run block rejected by lab 'mlp': unknown field \"target\""},
      {"## P {#p}\n```run\n{\"dataset\": \"xor\"}\n```\n",
       "f.md:7: run block rejected by lab 'neuron': unknown field \"dataset\""},
      {"## P {#p lab=mlp}\n$\\live{loss}$\n",
       "f.md:7: \\live{loss}: lab 'mlp' has no such state key (keys: "},
      {"## P {#p}\n$\\live{test_acc}$\n", "f.md:7: \\live{test_acc}: lab 'neuron' has no such state key"},
      {"## P {#p lab=mlp}\n```exercise X\nid: a\ncheck: loss < 0.1\nhint: h\n```\n",
       "f.md:9: exercise 'a': check key 'loss': lab 'mlp' has no such state key"},
      {"## P {#p}\n```exercise X\nid: a\ncheck: loss < 0.1 and step < test_acc\nhint: h\n```\n",
       "f.md:9: exercise 'a': check key 'test_acc': lab 'neuron' has no such state key"},
      {"## P {#p}\n```exercise X\nid: a\nanswer: dw.9 0.1\nhint: h\n```\n",
       "f.md:9: exercise 'a': answer key 'dw.9': lab 'neuron' has no such state key"},
      {"## P {#p}\n```exercise X\nid: a\ncheck: loss < 0.1\nhint: h\nsolution: {\"lr\": \"big\"}\n```\n",
       "f.md:7: exercise solution rejected by lab 'neuron': lr: expected a number"},
  }));
  auto l = parse_and_check(std::string(kHeader) + c.text);
  INFO(c.text);
  CHECK_THAT(problems(l), Catch::Contains(c.expected));
}

TEST_CASE("both languages must give each section the same lab, and the same exercises", "[lesson]") {
  const std::string ex = "```exercise X\nid: one\ncheck: step >= 0\nhint: h\n```\n";
  auto en = parse_and_check(std::string(kHeader) + "## A {#a}\n## B {#b lab=mlp}\n" + ex);
  auto zh = parse_and_check(std::string(kHeader) + "## 甲 {#a lab=mlp}\n## 乙 {#b}\n" +
                            "```exercise X\nid: two\ncheck: loss < 1\nhint: h\n```\n");
  REQUIRE(zh.problems.empty());
  lesson::check_pair(en, "lesson.en.md", zh);
  CHECK_THAT(problems(zh),
             Catch::Contains("f.md:6: section 'a' uses lab 'mlp' here but 'neuron' in lesson.en.md"));
  CHECK_THAT(problems(zh),
             Catch::Contains("f.md:7: section 'b' uses lab 'neuron' here but 'mlp' in lesson.en.md"));
  CHECK_THAT(problems(zh), Catch::Contains("f.md:8: exercise ids [two] differ from lesson.en.md [one]"));
  auto same = parse_and_check(std::string(kHeader) + "## 甲 {#a}\n## 乙 {#b lab=mlp}\n" + ex);
  lesson::check_pair(en, "lesson.en.md", same);
  CHECK(problems(same) == "");
}

TEST_CASE("both languages must ask the lab the same: run presets, checks, answers, solutions",
          "[lesson]") {
  auto text = [](const std::string& preset, const std::string& check, const std::string& solution) {
    return std::string(kHeader) + "## A {#a}\n```run Go\n" + preset +
           "\n```\n```exercise X\nid: one\ncheck: " + check + "\nhint: h\nsolution: " + solution + "\n```\n";
  };
  auto en = parse_and_check(text("{\"lr\": 0.1}", "step >= 10", "{\"lr\": 0.1}"));
  REQUIRE(en.problems.empty());
  auto same = parse_and_check(text("{\"lr\":0.1}", "step >= 10", "{\"lr\": 0.1}"));
  lesson::check_pair(en, "lesson.en.md", same);
  CHECK(problems(same) == "");
  auto run = parse_and_check(text("{\"lr\": 0.2}", "step >= 10", "{\"lr\": 0.1}"));
  lesson::check_pair(en, "lesson.en.md", run);
  CHECK_THAT(problems(run),
             Catch::Contains("f.md:7: run block 1's preset {\"lr\":0.2} differs from lesson.en.md's"));
  auto check = parse_and_check(text("{\"lr\": 0.1}", "step >= 20", "{\"lr\": 0.1}"));
  lesson::check_pair(en, "lesson.en.md", check);
  CHECK_THAT(problems(check),
             Catch::Contains("exercise 'one': its check 'step >= 20' (lesson.en.md: 'step >= 10')"));
  auto solution = parse_and_check(text("{\"lr\": 0.1}", "step >= 10", "{\"lr\": 0.3}"));
  lesson::check_pair(en, "lesson.en.md", solution);
  CHECK_THAT(problems(solution),
             Catch::Contains("exercise 'one': its solution differs from lesson.en.md"));
}

// Exercises -------------------------------------------------------------------------------------
TEST_CASE("an exercise block yields its prompt, id, check, answer, hint and solution", "[lesson]") {
  auto l = parse_and_check(std::string(kHeader) +
                           "## A {#a}\n\n```exercise What is $w_1$ after training? Type it.\n"
                           "id: read-w1\n\ncheck: step >= 100 and loss < 0.5\nanswer: w.0 0.01\n"
                           "hint: Train, then read $\\mathbf w$ in the text.\nsolution: {\"lr\": 1}\n```\n");
  CHECK(problems(l) == "");
  REQUIRE(l.exercises.size() == 1);
  const auto& e = l.exercises[0];
  CHECK(e.line == 8);
  CHECK(e.prompt == "What is $w_1$ after training? Type it.");
  CHECK(e.id == "read-w1");
  REQUIRE(e.check.size() == 2);
  CHECK(e.check[0].key == "step");
  CHECK(e.check[0].op == ">=");
  CHECK(e.check[0].value == 100);
  CHECK(e.check[1].op == "<");
  CHECK(e.check_line == 11);
  CHECK(e.has_answer);
  CHECK(e.answer.key == "w.0");
  CHECK(e.answer.tol == 0.01);
  CHECK(e.hint == "Train, then read $\\mathbf w$ in the text.");
  CHECK(e.solution["lr"] == 1);
}

TEST_CASE("malformed exercises name the line and what is wrong", "[lesson]") {
  struct Case { std::string body, expected; };
  const std::string ok = "id: a\ncheck: loss < 0.1\nhint: h\n";
  auto c = GENERATE_COPY(values<Case>({
      {"check: loss < 0.1\nhint: h\n", "f.md:6: exercise: no 'id:' line"},
      {"id: a\ncheck: loss < 0.1\n", "f.md:6: exercise: no 'hint:' line"},
      {"id: a\nhint: h\n",
       "f.md:6: exercise: needs a 'check:' (a condition on the lab's state) or an 'answer:'"},
      {"id: a\ncheck: loss < 0.1\nhint: h\ncolour: red\n",
       "f.md:10: exercise: unknown key 'colour' (known: id, check, answer, hint, solution)"},
      {"id: a\ncheck: loss < 0.1\nhint: h\njust words\n", "f.md:10: exercise: expected 'key: value'"},
      {"id: a\ncheck: loss = 0.1\nhint: h\n",
       "f.md:8: exercise: check: bad operator '=' in 'loss = 0.1' (use < <= > >= == !=)"},
      {"id: a\ncheck: loss => 0.1\nhint: h\n", "f.md:8: exercise: check: bad operator '=>'"},
      {"id: a\ncheck: loss < 0.1 or step > 5\nhint: h\n", "f.md:8: exercise: check: 'or' is not supported"},
      {"id: a\ncheck: loss\nhint: h\n", "f.md:8: exercise: check: 'loss' has no comparison"},
      {"id: a\ncheck: loss < \nhint: h\n", "f.md:8: exercise: check: 'loss <' has nothing after '<'"},
      {"id: a\ncheck: loss < 0.1 and\nhint: h\n", "f.md:8: exercise: check: an empty clause"},
      {"id: a\ncheck: loss < 1e\nhint: h\n",
       "f.md:8: exercise: check: '1e' in 'loss < 1e' is neither a number nor a state key"},
      {"id: a\ncheck: 3 < loss\nhint: h\n", "f.md:8: exercise: check: '3' in '3 < loss' is not a state key"},
      {"id: a\nanswer: w.0\nhint: h\n", "f.md:8: exercise: answer: expected 'KEY TOLERANCE'"},
      {"id: a\nanswer: w.0 -1\nhint: h\n",
       "f.md:8: exercise: answer: the tolerance '-1' must be a number >= 0"},
      {"id: Big\ncheck: loss < 0.1\nhint: h\n", "f.md:7: exercise: id 'Big' may only use a-z, 0-9 and '-'"},
      {"id: a\nid: b\ncheck: loss < 0.1\nhint: h\n", "f.md:8: exercise: 'id' is given twice"},
      {"id: a\ncheck: loss < 0.1\nhint: \n", "f.md:9: exercise: the hint is empty"},
      {"id: a\ncheck: loss < 0.1\nhint: see $x^{2$\n", "f.md:9: unbalanced math"},
      {"id: a\ncheck: loss < 0.1\nhint: h\nsolution: lr 1\n", "f.md:10: exercise: solution must be a preset"},
      {ok + "```\n```exercise Again\n" + ok, "f.md:12: exercise: id 'a' is used twice (also on line 6)"},
  }));
  auto l = parse_and_check(std::string(kHeader) + "```exercise Do it.\n" + c.body + "```\n");
  INFO(c.body);
  CHECK_THAT(problems(l), Catch::Contains(c.expected));
}

TEST_CASE("an exercise needs a prompt, and ids must match between languages", "[lesson]") {
  auto l = parse_and_check(std::string(kHeader) + "```exercise\nid: a\ncheck: loss < 1\nhint: h\n```\n");
  CHECK_THAT(problems(l), Catch::Contains("f.md:6: exercise: the prompt goes after ```exercise"));
  auto m = parse_and_check(std::string(kHeader) +
                           "```exercise Find $\\live{nope}$.\nid: a\ncheck: loss < 1\nhint: h\n```\n");
  CHECK_THAT(problems(m), Catch::Contains("f.md:6: \\live{nope}: lab 'neuron' has no such state key"));
  auto b = parse_and_check(std::string(kHeader) +
                           "```exercise Set `lr` to 0.5.\nid: a\ncheck: loss < 1\nhint: h\n```\n");
  CHECK_THAT(problems(b), Catch::Contains("f.md:6: exercise: the prompt cannot hold a backtick"));
}

TEST_CASE("check_exercise: clauses, keys on both sides, tolerance on ==, answers", "[lesson]") {
  lesson::json state = {{"step", 900},      {"test_acc", 0.91}, {"train_acc", 0.97}, {"lr", 0.03f},
                        {"w", {0.5, -1.25}}, {"running", true},  {"problem", "classification"}};
  auto check = [&](const std::string& c, const std::string& a = "", lesson::json typed = nullptr) {
    return lesson::check_exercise(c, a, typed, state);
  };
  CHECK(check("step <= 1000").pass);
  CHECK(check("test_acc >= 0.9 and step <= 1000").pass);
  auto v = check("test_acc >= 0.95 and step <= 1000");
  CHECK(!v.pass);
  CHECK(v.why == "test_acc = 0.91, needs >= 0.95");
  CHECK(v.failed["kind"] == "clause");
  CHECK(v.failed["key"] == "test_acc");
  CHECK(v.failed["op"] == ">=");
  CHECK(v.failed["target"] == 0.95);
  v = check("test_acc > train_acc");
  CHECK(v.why == "test_acc = 0.91, needs > train_acc = 0.97");
  CHECK(v.failed["target_key"] == "train_acc");
  CHECK(check("train_acc > test_acc").pass);
  CHECK(check("lr == 0.03").pass);             // a float32 0.03 equals 0.03
  CHECK(!check("lr != 0.03").pass);
  CHECK(check("w.1 < 0 and w.0 == 0.5").pass);
  CHECK(check("running == 1").pass);           // true counts as 1
  v = check("grad.w5 < 1");
  CHECK(v.why == "the lab has no number 'grad.w5' now");
  CHECK(v.failed["kind"] == "missing");
  CHECK(check("problem < 1").failed["kind"] == "missing");  // not a number
  v = check("loss = 1");
  CHECK(!v.pass);
  CHECK(v.failed["kind"] == "bad");
  CHECK(!check("").pass);
  // Answers: within the tolerance of the state's value; the right value is not told.
  CHECK(check("", "w.1 0.01", -1.255).pass);
  CHECK(check("", "w.1 0.01", "-1.25").pass);
  CHECK(check("", "w.1 0.01", "−1.25").pass);   // a typographic minus
  CHECK(check("", "w.0 0.01", "0,5").pass);     // a decimal comma
  v = check("", "w.1 0.01", "-1.3");
  CHECK(!v.pass);
  CHECK(v.why == "-1.3 is not within 0.01 of the lab's value");
  CHECK(v.failed["kind"] == "answer");
  v = check("", "w.1 0.01", "abc");
  CHECK(v.failed["kind"] == "typed");
  CHECK(v.why == "'abc' is not a number");
  CHECK(check("", "w.1 0.01", "").failed["kind"] == "no_answer");
  CHECK(check("", "w.1 0.01").failed["kind"] == "no_answer");
  // An answer passes only when the check holds too; the check is reported first.
  v = check("step >= 1000", "w.1 0.01", -1.25);
  CHECK(!v.pass);
  CHECK(v.failed["kind"] == "clause");
  CHECK(check("step >= 100", "w.1 0.01", -1.25).pass);
  auto j = lesson::to_json(check("step > 5"));
  CHECK(j["pass"] == true);
  CHECK(!j.contains("failed"));
}

// The host: one instance per lab, switching keeps each where it was --------------------------------
#include "labs/host.h"

TEST_CASE("host: one instance per lab; an empty preset switches back without resetting", "[host]") {
  Host h;
  REQUIRE(host_open(h, "neuron", {{"lr", 1.0}}) == "");
  host_command(h, "step");
  host_command(h, "step");
  host_command(h, "play");
  Lab* neuron = h.lab;
  REQUIRE(host_open(h, "mlp", nullptr) == "");   // created with its defaults
  CHECK(h.lab_name == "mlp");
  CHECK(h.lab != neuron);
  CHECK(h.lab->steps == 0);
  host_command(h, "step");
  REQUIRE(host_open(h, "neuron", json::object()) == "");  // back, as it was
  CHECK(h.lab == neuron);
  CHECK(h.lab->steps == 2);
  CHECK(h.lab->running);
  CHECK(h.lab->full_preset()["lr"] == 1.0);
  REQUIRE(host_open(h, "mlp", nullptr) == "");
  CHECK(h.lab->steps == 1);
  // A preset applies to the existing instance (and resets it).
  REQUIRE(host_open(h, "mlp", {{"dataset", "xor"}}) == "");
  CHECK(h.lab->steps == 0);
  CHECK(h.lab->full_preset()["dataset"] == "xor");
  // A refused preset for another lab leaves the open one open.
  CHECK_THAT(host_open(h, "neuron", {{"lr", "x"}}), Catch::Contains("preset refused: lr"));
  CHECK(h.lab_name == "mlp");
  CHECK(neuron->steps == 2);
  json s = host_status(h);
  CHECK(s["labs"] == json::array({"mlp", "neuron"}));
  CHECK(s["lab"] == "mlp");
  // Closing forgets the instance: the next open starts afresh.
  host_close(h, "neuron");
  CHECK(h.labs.size() == 1);
  REQUIRE(host_open(h, "neuron", nullptr) == "");
  CHECK(h.lab->steps == 0);
  host_close(h, "");
  CHECK(!h.lab);
  CHECK(h.labs.empty());
  CHECK(host_status(h)["lab"].is_null());
}

TEST_CASE("host: export refuses a lab without a model; import checks the file", "[host]") {
  Host h;
  json file;
  CHECK_THAT(host_export(h, file), Catch::Contains("no lab is open"));
  REQUIRE(host_open(h, "neuron", nullptr) == "");
  CHECK_THAT(host_export(h, file), Catch::Contains("lab 'neuron' has no model to export"));
  CHECK(host_status(h)["exportable"] == false);
  CHECK_THAT(host_import(h, json{{"hello", 1}}), Catch::Contains("not a model file of this course"));
  CHECK_THAT(host_import(h, json{{"lab", "mlp"}, {"preset", json::object()}, {"model", json::object()}}),
             Catch::Contains("this model is for lab 'mlp', but the open lab is 'neuron'"));
  CHECK_THAT(host_import(h, json{{"lab", "neuron"}, {"preset", 5}, {"model", 1}}),
             Catch::Contains("\"preset\" must be a JSON object"));
}
