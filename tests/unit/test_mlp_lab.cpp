// The mlp lab through the Lab interface: model export and import, presets that round-trip with
// the learner's own data and comparisons, and refusals that leave the lab as it was.
#include <catch2/catch.hpp>

#include "labs/lab.h"

using Catch::Contains;

TEST_CASE("mlp: an exported model imports into a fresh lab and gives the same losses", "[labs][mlp]") {
  auto a = make_lab("mlp");
  a->apply({{"dataset", "spiral"}, {"classes", 3}, {"layers", {6, 5}}, {"seed", 4}});
  for (int i = 0; i < 200; ++i) a->step();
  json p = a->full_preset();
  p["model"] = a->model();
  auto b = make_lab("mlp");
  b->apply(p);
  CHECK(b->state()["train_loss"] == a->state()["train_loss"]);
  CHECK(b->state()["test_acc"] == a->state()["test_acc"]);
  CHECK(b->steps == 0);  // the weights, not the history
}

TEST_CASE("mlp: a model of another shape is refused, naming the weight, and nothing changes", "[labs][mlp]") {
  auto a = make_lab("mlp");
  a->apply({{"layers", {3}}});
  json model = a->model();
  auto b = make_lab("mlp");
  b->apply({{"layers", {4, 2}}, {"lr", 0.1}});
  for (int i = 0; i < 5; ++i) b->step();
  const json before = b->state();
  CHECK_THROWS_WITH(b->apply({{"model", model}}), Contains("model: ") && Contains("shape"));
  CHECK_THROWS_WITH(b->apply({{"model", "weights"}}), Contains("model: "));
  CHECK(b->state() == before);
  CHECK(b->steps == 5);
}

TEST_CASE("mlp: presets with custom points, features and comparisons round-trip", "[labs][mlp]") {
  auto a = make_lab("mlp");
  a->apply({{"points", {{1, 1, 0}, {-1, -1, 1}, {2, -1, 1}, {0.5, 3, 0}}},
            {"features", {"x1x2", "x1"}},
            {"compare", {{{"lr", 0.3}}, {{"optimizer", "adam"}, {"batch", 2}}}},
            {"reg", "l1"},
            {"reg_rate", 0.01}});
  json p = a->full_preset();
  CHECK(p["dataset"] == "custom");
  CHECK(p["features"] == json({"x1", "x1x2"}));
  CHECK(p["points"].size() == 4);
  auto b = make_lab("mlp");
  b->apply(p);
  CHECK(b->full_preset() == p);
  for (int i = 0; i < 20; ++i) a->step(), b->step();
  CHECK(a->state() == b->state());
  CHECK(a->state()["compare_loss"].size() == 2);
}

TEST_CASE("mlp: refusals name the field", "[labs][mlp]") {
  auto lab = make_lab("mlp");
  CHECK_THROWS_WITH(lab->apply({{"dataset", "moons"}}), Contains("dataset: \"moons\" is not one of"));
  CHECK_THROWS_WITH(lab->apply({{"dataset", "xor"}, {"classes", 3}}),
                    Contains("classes: the xor dataset has 2 classes"));
  CHECK_THROWS_WITH(lab->apply({{"features", json::array()}}),
                    Contains("features: expected a non-empty array"));
  CHECK_THROWS_WITH(lab->apply({{"compare", {{{"lr", 1}}, {{"lr", 2}}, {{"lr", 3}}, {{"lr", 4}}}}}),
                    Contains("compare: at most 3 runs"));
  CHECK_THROWS_WITH(lab->apply({{"dataset", "custom"}}), Contains("dataset custom: give your points"));
  CHECK_THROWS_WITH(lab->apply({{"points", {{1, 2}}}}),
                    Contains("points: no usable rows (line 1: expected 3 values"));
  CHECK(lab->full_preset()["dataset"] == "circle");
}

TEST_CASE("mlp: wide and deep networks stay within the limits, with a note", "[labs][mlp]") {
  auto lab = make_lab("mlp");
  lab->apply({{"layers", {64, 64, 64, 64, 64, 64, 64, 200}}, {"batch", 1000}});
  CHECK(lab->full_preset()["layers"][7] == 64);
  CHECK(lab->full_preset()["batch"] == 400);
  CHECK(lab->notes.size() == 2);
  for (int i = 0; i < 3; ++i) lab->step();
  CHECK(lab->alert.empty());
}
