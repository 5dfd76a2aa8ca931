// The backprop lab: its gradients (read from the engine's tape) against central finite differences
// of an independent double-precision forward pass; the walk's order; the update; validation.
#include <catch2/catch.hpp>

#include <cmath>
#include <map>
#include <string>

#include "labs/lab.h"

using Catch::Contains;

namespace {

const char* const kGradKeys[] = {"w1", "w2", "w3", "w4", "w5", "w6", "b1", "b2",
                                 "b3", "z1", "z2", "z3", "h1", "h2", "yhat"};

double sigma(double z) { return 1.0 / (1.0 + std::exp(-z)); }

// The network of SPEC section 4, written again in double precision from the state's inputs and
// weights. `bump` adds `eps` to one named quantity as it is computed (a weight, or an intermediate
// node such as z1: everything downstream is recomputed), so a central difference of the result is
// ∂L/∂(that quantity). Fills `out` with every node's value when given.
double loss_of(const json& s, bool mse, const std::string& bump = "", double eps = 0,
               std::map<std::string, double>* out = nullptr) {
  auto g = [&](const char* k) { return s[k].get<double>() + (bump == k ? eps : 0.0); };
  const double x1 = s["x1"], x2 = s["x2"], y = s["y"];
  auto at = [&](const char* k, double v) { return v + (bump == k ? eps : 0.0); };
  const double z1 = at("z1", g("w1") * x1 + g("w2") * x2 + g("b1"));
  const double z2 = at("z2", g("w3") * x1 + g("w4") * x2 + g("b2"));
  const double h1 = at("h1", sigma(z1)), h2 = at("h2", sigma(z2));
  const double z3 = at("z3", g("w5") * h1 + g("w6") * h2 + g("b3"));
  const double yhat = at("yhat", sigma(z3));
  const double L = mse ? 0.5 * (yhat - y) * (yhat - y) : -(y * std::log(yhat) + (1 - y) * std::log(1 - yhat));
  if (out) *out = {{"z1", z1}, {"z2", z2}, {"h1", h1}, {"h2", h2}, {"z3", z3}, {"yhat", yhat}, {"loss", L}};
  return L;
}

std::unique_ptr<Lab> lab_with(const json& preset) {
  auto lab = make_lab("backprop");
  REQUIRE(lab);
  lab->apply(preset);
  return lab;
}

}  // namespace

TEST_CASE(
    "backprop: every value and grad.* in state() matches an independent forward pass and its central "
    "differences",
    "[labs][backprop]") {
  const json presets[] = {
      json::object(),
      {{"loss", "mse"}},
      {{"x1", -3.0}, {"x2", 4.5}, {"y", 0.0}, {"seed", 7}},
      {{"x1", 0.3}, {"x2", -0.8}, {"y", 0.25}, {"loss", "mse"}, {"seed", 123}},
      {{"w", {0.5, -1.5, 2.0, 0.25, -3.0, 1.0}}, {"b", {0.1, -0.2, 0.3}}, {"y", 0.0}},
  };
  for (const auto& preset : presets) {
    INFO("preset " << preset.dump());
    auto lab = lab_with(preset);
    const json s = lab->state();
    const bool mse = preset.value("loss", "") == "mse";
    std::map<std::string, double> ref;
    loss_of(s, mse, "", 0, &ref);
    for (const auto& [key, v] : ref) {
      INFO(key);
      CHECK(s[key].get<double>() == Approx(v).epsilon(1e-5).margin(1e-6));
    }
    REQUIRE(s["grad"].size() == 15);
    for (const char* key : kGradKeys) {
      INFO("grad." << key);
      const double eps = 1e-5;
      const double fd = (loss_of(s, mse, key, eps) - loss_of(s, mse, key, -eps)) / (2 * eps);
      CHECK(s["grad"][key].get<double>() == Approx(fd).epsilon(1e-3).margin(1e-5));
    }
  }
}

TEST_CASE("backprop: weight gradients match central differences of the lab's own loss", "[labs][backprop]") {
  const json w = {0.5, -1.5, 2.0, 0.25, -3.0, 1.0}, b = {0.1, -0.2, 0.3};
  for (const char* loss : {"cross-entropy", "mse"}) {
    INFO(loss);
    const json base = {{"w", w}, {"b", b}, {"loss", loss}, {"x1", 1.5}, {"x2", -0.5}, {"y", 1.0}};
    const json g = lab_with(base)->state()["grad"];
    for (int i = 0; i < 9; ++i) {
      const bool is_w = i < 6;
      const std::string field = is_w ? "w" : "b", key = field + std::to_string((is_w ? i : i - 6) + 1);
      INFO(key);
      const float h = 1e-2f;
      json plus = base, minus = base;
      plus[field][is_w ? i : i - 6] = (is_w ? w : b)[is_w ? i : i - 6].get<double>() + h;
      minus[field][is_w ? i : i - 6] = (is_w ? w : b)[is_w ? i : i - 6].get<double>() - h;
      const double fd =
          (lab_with(plus)->state()["loss"].get<double>() - lab_with(minus)->state()["loss"].get<double>()) /
          (2 * h);
      CHECK(g[key].get<double>() == Approx(fd).margin(2e-4));
    }
  }
}

TEST_CASE("backprop: the walk visits forward nodes in order, backward nodes in reverse, then the update",
          "[labs][backprop]") {
  auto lab = lab_with({{"seed", 3}});
  const std::vector<std::string> forward = {"z1", "z2", "h1", "h2", "z3", "yhat", "L"};
  // The tape in reverse: z = w·x + w·x + b is recorded product, product, sum, bias.
  const std::vector<std::string> backward = {"L",  "yhat", "z3", "b3", "w6", "w5", "h2", "h1",
                                             "z2", "b2",   "w4", "w3", "z1", "b1", "w2", "w1"};
  std::vector<std::pair<std::string, std::string>> expected;
  for (const auto& n : forward) expected.push_back({"forward", n});
  for (const auto& n : backward) expected.push_back({"backward", n});
  expected.push_back({"update", "update"});
  REQUIRE(expected.size() == 24);

  const json start = lab->state();
  for (int walk = 0; walk < 2; ++walk) {
    const double walk_loss = lab->state()["loss"];
    int last_id = -1;
    for (size_t i = 0; i < expected.size(); ++i) {
      const json s = lab->state();
      INFO("walk " << walk << ", position " << i);
      // Forward climbs the tape's ids, backward descends them (each node once).
      const int id = s["tape_node"];
      if (i == 0 || i == 7) last_id = i == 0 ? -1 : id + 1;
      if (i < 7) CHECK(id > last_id);
      else if (i < 23) CHECK(id < last_id);
      else CHECK(id == -1);
      last_id = id;
      CHECK(s["node"] == int(i));
      CHECK(s["phase"] == expected[i].first);
      CHECK(s["node_name"] == expected[i].second);
      CHECK(s["step"] == (i + 1 == expected.size() ? walk + 1 : walk));
      if (i + 1 < expected.size()) CHECK(s["loss"] == walk_loss);  // walking changes no number
      lab->step();
    }
  }
  CHECK(lab->steps == 48);          // Lab::steps counts step() calls
  CHECK(lab->state()["step"] == 2);  // state "step" counts updates
  CHECK(lab->state()["node"] == 0);

  // The update is w := w − lr ∂L/∂w with the gradients the backward walk showed.
  auto fresh = lab_with({{"seed", 3}});
  for (int i = 0; i < 23; ++i) fresh->step();
  const json after = fresh->state();
  const double lr = after["lr"];
  for (const char* k : {"w1", "w2", "w3", "w4", "w5", "w6", "b1", "b2", "b3"}) {
    INFO(k);
    CHECK(after[k].get<double>() ==
          Approx(start[k].get<double>() - lr * start["grad"][k].get<double>()).margin(1e-6));
  }
  CHECK(after["loss_before"].get<double>() == Approx(start["loss"].get<double>()));
}

TEST_CASE("backprop: an update with a small learning rate lowers the loss; many updates fit the sample",
          "[labs][backprop][learning]") {
  for (const char* loss : {"cross-entropy", "mse"})
    for (int seed : {1, 2, 3, 4, 5}) {
      INFO(loss << " seed " << seed);
      auto lab = lab_with({{"loss", loss}, {"seed", seed}, {"lr", 0.05}, {"y", 1.0}});
      const double before = lab->state()["loss"];
      for (int i = 0; i < 23; ++i) lab->step();
      const json s = lab->state();
      REQUIRE(s["phase"] == "update");
      CHECK(s["loss"].get<double>() < before);
      CHECK(s["loss_before"].get<double>() == Approx(before));
    }
  auto lab = lab_with({{"lr", 2.0}, {"y", 0.0}, {"x1", -1.0}, {"x2", 2.0}});
  for (int i = 0; i < 24 * 200; ++i) lab->step();
  CHECK(lab->state()["step"] == 200);
  CHECK(lab->state()["yhat"].get<double>() < 0.05);
  CHECK(lab->alert.empty());
}

TEST_CASE("backprop: presets are validated, clamped with notes, and round-trip", "[labs][backprop]") {
  auto lab = lab_with({{"x1", 1.0}, {"lr", 0.1}});
  const json before = lab->full_preset();
  CHECK_THROWS_WITH(lab->apply({{"w", {1, 2}}}), Contains("w: expected an array of 6 numbers"));
  CHECK_THROWS_WITH(lab->apply({{"w", "big"}}), Contains("w: expected an array of 6 numbers"));
  CHECK_THROWS_WITH(lab->apply({{"b", {1, 2, 3, 4}}}), Contains("b: expected an array of 3 numbers"));
  CHECK_THROWS_WITH(lab->apply({{"w", {1, 2, 3, 4, 5, "x"}}}), Contains("w6: expected a number"));
  CHECK_THROWS_WITH(lab->apply({{"b", {1, nullptr, 3}}}), Contains("b2: expected a number"));
  CHECK_THROWS_WITH(lab->apply({{"x2", "left"}}), Contains("x2: expected a number"));
  CHECK_THROWS_WITH(lab->apply({{"y", true}}), Contains("y: expected a number"));
  CHECK_THROWS_WITH(lab->apply({{"loss", "hinge"}}),
                    Contains("loss: \"hinge\" is not one of cross-entropy, mse"));
  CHECK_THROWS_WITH(lab->apply({{"seed", 0.5}}), Contains("seed: expected a whole number"));
  CHECK_THROWS_WITH(lab->apply({{"hidden", 3}}), Contains("unknown field \"hidden\""));
  CHECK(lab->full_preset() == before);  // refusals change nothing

  lab->apply({{"x1", 9.0}, {"y", -1.0}, {"lr", 50.0}, {"w", {0, 0, 0, 0, 0, 8}}, {"b", {-6, 0, 0}}});
  const json p = lab->full_preset();
  CHECK(p["x1"] == 5.0);
  CHECK(p["y"] == 0.0);
  CHECK(p["lr"] == 10.0);
  CHECK(p["w"][5] == 5.0);
  CHECK(p["b"][0] == -5.0);
  REQUIRE(lab->notes.size() == 5);
  CHECK_THAT(lab->notes[0], Contains("x1 = 9 is outside [-5, 5]; using 5"));
  CHECK_THAT(lab->notes[3], Contains("w6 = 8 is outside [-5, 5]; using 5"));
  CHECK(lab->state()["w6"] == 5.0);
  CHECK(lab->state()["b1"] == -5.0);

  // Explicit weights are the state's weights; a new seed alone draws new ones.
  lab->apply({{"w", {0.1, 0.2, 0.3, 0.4, 0.5, 0.6}}, {"b", {0.7, 0.8, 0.9}}});
  CHECK(lab->state()["w4"].get<double>() == Approx(0.4));
  CHECK(lab->state()["b3"].get<double>() == Approx(0.9));
  auto again = make_lab("backprop");
  again->apply(lab->full_preset());
  CHECK(again->full_preset() == lab->full_preset());
  CHECK(again->state() == lab->state());
  lab->apply({{"seed", 2}});
  CHECK(!lab->full_preset().contains("w"));
  CHECK(lab->state()["w4"].get<double>() != Approx(0.4));
}

TEST_CASE("backprop: the same seed gives the same weights; different seeds differ", "[labs][backprop]") {
  auto a = lab_with({{"seed", 5}}), b = lab_with({{"seed", 5}}), c = lab_with({{"seed", 6}});
  CHECK(a->state() == b->state());
  CHECK(a->state()["w1"] != c->state()["w1"]);
  for (const char* k : {"w1", "w2", "w3", "w4", "w5", "w6", "b1", "b2", "b3"}) {
    CHECK(std::fabs(a->state()[k].get<double>()) <= 1.0);
  }
}
