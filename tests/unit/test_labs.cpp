// Labs through the interface every front end uses: configure validation, clamping, the host's
// commands, divergence, and the neuron lab's maths against finite differences and against its goal.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "labs/host.h"
#include "models/neuron.h"

using Catch::Contains;

TEST_CASE("every registered lab configures, steps and reports finite state", "[labs]") {
  for (const auto& info : all_labs()) {
    INFO(info.name);
    auto lab = info.make();
    REQUIRE(lab);
    lab->apply(json::object());
    for (int i = 0; i < 10; ++i) lab->step();
    CHECK(lab->steps == 10);
    json s = lab->state();
    CHECK(s.is_object());
    CHECK(s.contains("step"));
    CHECK(lab->alert.empty());
    // preset() round-trips through configure().
    auto again = info.make();
    again->apply(lab->full_preset());
    CHECK(again->full_preset() == lab->full_preset());
  }
}

// What the shell shows of a lab comes from the lab: its title, the words for its state keys, its
// headline values and its "Your data" box, all in both languages.
TEST_CASE("every lab registers its words and what the shell needs", "[labs]") {
  REQUIRE(all_labs().size() >= 3);
  for (const auto& info : all_labs()) {
    INFO(info.name);
    CHECK(std::is_sorted(all_labs().begin(), all_labs().end(),
                         [](const LabInfo& a, const LabInfo& b) { return a.name < b.name; }));
    for (const auto& t : info.texts) {
      INFO(t.key);
      CHECK(std::string(t.key).rfind(info.name + ".", 0) == 0);  // its own rows only
    }
    for (const char* lang : {"en", "zh"}) {
      const std::string title = ui::tr_in(lang, info.title.c_str());
      CHECK(!title.empty());
      CHECK(title[0] != '[');
    }
    const json state = info.make()->state();
    const json shell = [&] {
      for (const auto& l : labs_for_shell())
        if (l["name"] == info.name) return l;
      return json();
    }();
    REQUIRE(shell.is_object());
    CHECK(shell["title"]["zh"] != shell["title"]["en"]);
    CHECK(!info.headline.empty());
    for (const auto& key : info.headline) {
      INFO(key);
      CHECK(state.contains(key));                // the status line shows a real value...
      REQUIRE(shell["keys"].contains(key));      // ...named in words, in both languages
      CHECK(!shell["keys"][key]["en"].get<std::string>().empty());
      CHECK(!shell["keys"][key]["zh"].get<std::string>().empty());
    }
    for (const auto& [key, words] : shell["keys"].items()) {
      INFO(key);
      CHECK(state.contains(key));  // words only for keys the lab has
    }
    if (info.data) {
      CHECK(!info.data->field.empty());
      CHECK(!info.data->example.empty());
      CHECK(shell["data"]["label"]["zh"].get<std::string>()[0] != '[');
      // The example is accepted as it is, and the summary names keys the lab then has.
      auto lab = info.make();
      json p = info.data->preset;
      p[info.data->field] = info.data->example;
      CHECK_NOTHROW(lab->apply(p));
      const std::string summary = shell["data"]["summary"]["en"];
      for (size_t at = summary.find('{'); at != std::string::npos; at = summary.find('{', at + 1))
        CHECK(lab->state().contains(summary.substr(at + 1, summary.find('}', at) - at - 1)));
    }
  }
}

// The shell (web/js) must not name a lab: what it needs, it gets from course_labs.
TEST_CASE("no file of web/js names a lab", "[labs]") {
  int files = 0;
  for (const auto& e :
       std::filesystem::directory_iterator(std::filesystem::path(COURSE_SOURCE_DIR) / "web/js")) {
    if (e.path().extension() != ".js") continue;
    ++files;
    std::ifstream in(e.path());
    std::stringstream ss;
    ss << in.rdbuf();
    const std::string src = ss.str();
    for (const auto& info : all_labs())
      for (const char* q : {"'", "\"", "`"}) {
        INFO(e.path().string() << " names the lab " << info.name);
        CHECK(src.find(q + info.name + q) == std::string::npos);
      }
  }
  CHECK(files > 0);
}

TEST_CASE("configure refuses bad values, names the field, and changes nothing", "[labs]") {
  auto lab = make_lab("neuron");
  lab->apply({{"lr", 0.25}, {"target", "or"}});
  const json before = lab->full_preset();
  CHECK_THROWS_WITH(lab->apply({{"lr", "fast"}}), Contains("lr: expected a number"));
  CHECK_THROWS_WITH(lab->apply({{"target", "nand"}}),
                    Contains("target: \"nand\" is not one of x1, or, and, xor"));
  CHECK_THROWS_WITH(lab->apply({{"colour", 1}}), Contains("unknown field \"colour\""));
  CHECK_THROWS_WITH(lab->apply({{"w", {1, 2}}}), Contains("w: expected an array of 3 numbers"));
  CHECK_THROWS_WITH(lab->apply({{"seed", 1.5}}), Contains("seed: expected a whole number"));
  CHECK_THROWS_WITH(lab->apply({{"lr", 1.0}, {"speed", "x"}}), Contains("speed: expected a number"));
  CHECK_THROWS_WITH(lab->apply(json::array()), Contains("preset must be a JSON object"));
  CHECK(lab->full_preset() == before);
}

TEST_CASE("out-of-range values are clamped with a visible note", "[labs]") {
  auto lab = make_lab("neuron");
  lab->apply({{"lr", 1e6}, {"w", {100, 0, 0}}});
  CHECK(lab->full_preset()["lr"] == 100.0);
  REQUIRE(lab->notes.size() == 2);
  CHECK_THAT(lab->notes[0], Contains("lr = 1e+06 is outside [0.0001, 100]; using 100"));
  CHECK_THAT(lab->notes[1], Contains("w1 = 100 is outside [-50, 50]; using 50"));
}

TEST_CASE("host: open, commands, and refusals keep the lab as it was", "[labs]") {
  Host h;
  CHECK_THAT(host_open(h, "nosuch", json::object()),
             Contains("unknown lab 'nosuch' (labs: ") && Contains("neuron"));
  CHECK(!h.lab);
  CHECK(host_open(h, "neuron", {{"lr", 1.0}}) == "");
  CHECK(host_command(h, "step") == "");
  CHECK(h.lab->steps == 1);
  CHECK(host_command(h, "play") == "");
  CHECK(h.lab->running);
  CHECK(host_command(h, "toggle") == "");
  CHECK(!h.lab->running);
  CHECK_THAT(host_command(h, "explode"), Contains("unknown command 'explode'"));
  CHECK_THAT(host_open(h, "neuron", {{"lr", "x"}}), Contains("preset refused: lr"));
  CHECK(h.lab->steps == 1);  // the open lab was not replaced
  CHECK(host_command(h, "reset") == "");
  CHECK(h.lab->steps == 0);
  json p;
  CHECK_THAT(parse_preset("{not json", p), Contains("not valid JSON"));
  CHECK_THAT(parse_preset("[1]", p), Contains("must be a JSON object"));
  json s = host_status(h);
  CHECK(s["lab"] == "neuron");
  CHECK(s["preset"]["lr"] == 1.0);
}

TEST_CASE("a non-finite value pauses training with an explanation", "[labs]") {
  auto lab = make_lab("neuron");
  lab->running = true;
  CHECK(!lab->check_finite({{"J", NAN}}));
  CHECK(!lab->running);
  CHECK_THAT(lab->alert, Contains("J became nan") && Contains("lower the learning rate"));
  Host h;
  host_open(h, "neuron", json::object());
  h.lab->check_finite({{"w1", INFINITY}});
  CHECK_THAT(host_command(h, "play"), Contains("diverged: reset first"));
  host_command(h, "reset");
  CHECK(h.lab->alert.empty());
}

TEST_CASE("train() steps only while running and stops at a divergence", "[labs]") {
  auto lab = make_lab("neuron");
  lab->apply({{"speed", 0}});
  lab->train(5.0);
  CHECK(lab->steps == 0);  // paused: nothing happens
  lab->running = true;
  lab->train(5.0);
  CHECK(lab->steps > 0);
  lab->apply({{"lr", 100.0}, {"speed", 0}});
  lab->running = true;
  lab->check_finite({{"J", INFINITY}});  // as a diverged step would
  lab->train(5.0);
  CHECK(lab->steps == 0);
}

// The neuron model's gradient against central finite differences of its cost.
TEST_CASE("neuron: analytic gradient equals finite differences", "[labs][neuron]") {
  neuron::Data d;
  d.X.resize(4, 3);
  d.X << 0, 0, 1, 0, 1, 1, 1, 0, 1, 1, 1, 1;
  d.y.resize(4);
  d.y << 0, 1, 1, 0;
  neuron::Params p;
  p.w.resize(3);
  p.w << 0.3f, -0.7f, 0.2f;
  p.b = 0.1f;
  for (auto loss : {neuron::Loss::CrossEntropy, neuron::Loss::SquaredError}) {
    auto g = neuron::gradient(d, p, loss);
    const float h = 1e-2f;
    for (int j = 0; j < 3; ++j) {
      auto plus = p, minus = p;
      plus.w[j] += h;
      minus.w[j] -= h;
      float fd = (neuron::cost(d, plus, loss) - neuron::cost(d, minus, loss)) / (2 * h);
      CHECK(g.dw[j] == Approx(fd).margin(1e-4));
    }
    auto plus = p, minus = p;
    plus.b += h;
    minus.b -= h;
    CHECK(g.db ==
          Approx((neuron::cost(d, plus, loss) - neuron::cost(d, minus, loss)) / (2 * h)).margin(1e-4));
  }
}

TEST_CASE("neuron: learns y = x1 and cannot learn XOR", "[labs][neuron][learning]") {
  auto lab = make_lab("neuron");
  lab->apply({{"target", "x1"}, {"lr", 0.5}, {"seed", 1}});
  for (int i = 0; i < 2000; ++i) lab->step();
  CHECK(lab->state()["loss"].get<double>() < 0.01);
  CHECK(lab->state()["accuracy"].get<double>() == 1.0);
  lab->apply({{"target", "xor"}, {"lr", 0.5}, {"seed", 1}});
  for (int i = 0; i < 5000; ++i) lab->step();
  CHECK(lab->state()["loss"].get<double>() == Approx(std::log(2.0)).margin(1e-3));
}

TEST_CASE("neuron: cross-entropy escapes a bad start that squared error is stuck in",
          "[labs][neuron][learning]") {
  auto run = [](const char* loss) {
    auto lab = make_lab("neuron");
    lab->apply({{"loss", loss}, {"lr", 0.5}, {"w", {-6, 0, 3}}, {"b", 0}});
    for (int i = 0; i < 300; ++i) lab->step();
    return lab->state()["accuracy"].get<double>();
  };
  CHECK(run("cross-entropy") == 1.0);
  CHECK(run("squared-error") < 1.0);
}

TEST_CASE("neuron: explicit weights last until a preset names a seed without them", "[labs][neuron]") {
  auto lab = make_lab("neuron");
  lab->apply({{"w", {-6, 0, 3}}, {"seed", 1}});
  CHECK(lab->state()["w"][0] == -6.0);
  lab->apply({{"lr", 0.1}});  // a control: the weights stay
  CHECK(lab->state()["w"][0] == -6.0);
  lab->apply({{"seed", 1}, {"target", "x1"}});  // a run block that wants the seed's weights
  CHECK(lab->state()["w"][0] != -6.0);
  CHECK(!lab->full_preset().contains("w"));
}
