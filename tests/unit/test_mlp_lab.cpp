// The mlp lab through the Lab interface: model export and import, presets that round-trip with
// the learner's own data and comparisons, and refusals that leave the lab as it was. Then its
// model (src/models/playground.h) directly: features, the regulariser, one step.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>

#include "labs/lab.h"
#include "models/playground.h"

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
  for (int i = 0; i < 20; ++i) {
    a->step();
    b->step();
  }
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

TEST_CASE("mlp: every activation, optimizer and regulariser name comes back as given", "[labs][mlp]") {
  for (const char* a : {"tanh", "relu", "sigmoid", "linear"})
    for (const char* o : {"sgd", "momentum", "adam"})
      for (const char* r : {"none", "l1", "l2"}) {
        auto lab = make_lab("mlp");
        const json run = {{"optimizer", o}, {"reg", r}};
        lab->apply({{"activation", a}, {"optimizer", o}, {"reg", r}, {"compare", {run}}});
        const json p = lab->full_preset();
        CHECK(p["activation"] == a);
        CHECK(p["optimizer"] == o);
        CHECK(p["reg"] == r);
        CHECK(p["compare"][0] == run);
      }
}

TEST_CASE("playground: the input features of a point", "[models][mlp]") {
  const float x1 = 2, x2 = 3;
  const std::vector<float> want = {2, 3, 4, 9, 6, std::sin(2.0f), std::sin(3.0f)};
  REQUIRE(want.size() == size_t(playground::kFeatures));
  for (int f = 0; f < playground::kFeatures; ++f) CHECK(playground::feature(f, x1, x2) == want[size_t(f)]);
  playground::Table t = playground::make_table({{2, 3, 1}, {-1, 0.5f, 0}}, {1, 4});
  CHECK(t.n == 2);
  CHECK(t.f == 2);
  CHECK(t.X == std::vector<float>({3, 6, 0.5f, -0.5f}));
  CHECK(t.cls == std::vector<int>({1, 0}));
}

TEST_CASE("playground: L2 adds lambda w and L1 lambda sign(w) to the weights' gradients, not the biases'",
          "[models][mlp]") {
  eng::Rng rng(3);
  models::MLP net({2, 3, 1}, models::Act::Tanh, rng);
  for (playground::Reg reg : {playground::Reg::None, playground::Reg::L1, playground::Reg::L2}) {
    playground::Run r;
    playground::Setup s;
    s.reg = reg;
    s.reg_rate = 0.25;
    playground::start(r, net, s, 4, 1);
    for (eng::Param* p : r.ps) std::fill(p->grad.v.begin(), p->grad.v.end(), 1.0f);
    playground::regularise(r);
    for (const auto& layer : r.net.layers) {
      for (size_t k = 0; k < layer.W.value.v.size(); ++k) {
        const float w = layer.W.value.v[k];
        const float sign = float((w > 0) - (w < 0));
        float want = 1;
        if (reg == playground::Reg::L2) want += 0.25f * w;
        if (reg == playground::Reg::L1) want += 0.25f * sign;
        CHECK(layer.W.grad.v[k] == want);
      }
      for (float g : layer.b.grad.v) CHECK(g == 1.0f);
    }
  }
}

TEST_CASE("playground: a step takes the next rows of the order and reports each layer's gradient size",
          "[models][mlp]") {
  eng::Rng rng(5);
  data::Point a{1, 1, 1}, b{-1, -1, 0}, c{2, -1, 1};
  const playground::Table train = playground::make_table({a, b, c}, {0, 1});
  const playground::Table test = playground::make_table({a}, {0, 1});
  models::MLP net({2, 4, 1}, models::Act::Tanh, rng);
  playground::Run r;
  playground::Setup s;
  s.batch = 2;
  playground::start(r, net, s, 3, 7);
  CHECK(r.cursor == 3);  // the first step draws an order
  eng::Tape eval;
  std::vector<float> norms;
  CHECK(playground::train_step(r, train, test, {false, 2}, eval, &norms));
  CHECK(r.cursor == 2);
  REQUIRE(norms.size() == 2);
  for (size_t l = 0; l < norms.size(); ++l) CHECK(norms[l] == playground::layer_grad_norm(r, l));
  CHECK(norms[0] > 0);
  const float before = r.train_m.loss;
  for (int i = 0; i < 200; ++i) playground::train_step(r, train, test, {false, 2}, eval, nullptr);
  CHECK(r.train_m.loss < before);
  CHECK(r.train_m.acc == 1.0f);
}
