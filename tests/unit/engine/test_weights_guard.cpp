// Weights to and from JSON, and the NaN/Inf guard.
#include <catch2/catch.hpp>
#include <cmath>
#include <limits>

#include "engine/guard.h"
#include "engine/ops.h"
#include "engine/weights_json.h"
#include "models/mlp.h"

using namespace eng;
using Catch::Matchers::Contains;

TEST_CASE("weights round-trip through JSON", "[weights]") {
  Rng rng(5);
  models::MLP a({2, 3, 1}, models::Act::Tanh, rng), b({2, 3, 1}, models::Act::Tanh, rng);
  nlohmann::json j = weights_to_json(a.params());
  REQUIRE(j["W_1"]["shape"] == nlohmann::json::array({2, 3}));
  weights_from_string(j.dump(), b.params());
  for (size_t i = 0; i < a.params().size(); ++i) REQUIRE(a.params()[i]->value.v == b.params()[i]->value.v);
}

TEST_CASE("bad JSON weights give errors naming the parameter and leave the model unchanged",
          "[weights][errors]") {
  Rng rng(5);
  models::MLP m({2, 3, 1}, models::Act::Tanh, rng);
  ParamList ps = m.params();
  std::vector<float> before = m.layers[0].W.value.v;
  nlohmann::json good = weights_to_json(ps);

  REQUIRE_THROWS_WITH(weights_from_string("{\"W_1\": ", ps), Contains("weights: not valid JSON"));
  REQUIRE_THROWS_WITH(weights_from_string("[1,2]", ps),
                      "weights: expected a JSON object of named parameters");
  nlohmann::json j = good;
  j.erase("b_2");
  REQUIRE_THROWS_WITH(weights_from_json(j, ps), "weights: \"b_2\": missing");
  j = good;
  j["W_1"]["shape"] = {3, 2};
  REQUIRE_THROWS_WITH(weights_from_json(j, ps), "weights: \"W_1\": shape [3,2], expected [2,3]");
  j = good;
  j["W_2"]["values"].push_back(1.0);
  REQUIRE_THROWS_WITH(weights_from_json(j, ps), "weights: \"W_2\": expected 3 values, got 4");
  j = good;
  j["b_1"]["values"][1] = "x";
  REQUIRE_THROWS_WITH(weights_from_json(j, ps), "weights: \"b_1\": value 1 is not a finite number");
  j = good;
  j["b_1"]["values"][1] = 2.29e94;  // a double, but inf as a float: it would not round-trip
  REQUIRE_THROWS_WITH(weights_from_json(j, ps),
                      "weights: \"b_1\": value 1 is too large for a 32-bit float (|x| > 3.4e38)");
  j = good;
  j["extra"] = good["b_1"];
  REQUIRE_THROWS_WITH(weights_from_json(j, ps), "weights: \"extra\": not a parameter of this model");
  j = good;
  j["W_1"]["values"][0] = 123.0;
  j["W_2"]["shape"] = {1};  // a later parameter is bad: nothing may be loaded
  REQUIRE_THROWS_AS(weights_from_json(j, ps), WeightsError);
  REQUIRE(m.layers[0].W.value.v == before);
}

TEST_CASE("the NaN guard names the first op that went bad", "[guard]") {
  Tape t;
  Param w("w", Shape{3});
  w.value.v = {1.0f, 0.0f, 2.0f};
  REQUIRE_FALSE(find_non_finite({&w}).found);
  Var L = sum(eng::log(t.param(w)));  // log 0 = -inf at index 1
  t.backward(L);
  NonFinite r = find_non_finite({&w}, &t);
  REQUIRE(r.found);
  REQUIRE(r.node == 1);
  REQUIRE(r.index == 1);
  REQUIRE(r.message() == "non-finite value -inf in tape node 1 (log) value[1]");
  // without the tape, the parameter's gradient (1/0 = inf) is reported
  NonFinite p = find_non_finite({&w});
  REQUIRE(p.message() == "non-finite value inf in param w grad[1]");
  w.value[2] = std::numeric_limits<float>::quiet_NaN();
  w.zero_grad();
  REQUIRE(find_non_finite({&w}).message() == "non-finite value nan in param w value[2]");
}
