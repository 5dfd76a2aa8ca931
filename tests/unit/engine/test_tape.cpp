// The tape and tensors: shape errors with clear messages, inspection, no_grad, accumulation, reuse.
#include <catch2/catch.hpp>

#include "engine/inspect.h"
#include "engine/ops.h"
#include "models/mlp.h"

using namespace eng;
using Catch::Matchers::Contains;

TEST_CASE("shape errors name the op and both shapes", "[tape][errors]") {
  Tape t;
  Var a = t.constant(Shape{2, 3}, 1.0f), b = t.constant(Shape{4, 5}, 1.0f);
  REQUIRE_THROWS_AS(matmul(a, b), ShapeError);
  REQUIRE_THROWS_WITH(matmul(a, b), "matmul: (2,3) x (4,5): inner sizes 3 and 4 differ");
  REQUIRE_THROWS_WITH(matmul(a, b, false, true), "matmul: (2,3) x (4,5)^T: inner sizes 3 and 5 differ");
  REQUIRE_THROWS_WITH(add(a, b), Contains("add: (2,3) and (4,5): cannot broadcast"));
  REQUIRE_THROWS_WITH(mul(a, t.constant(Shape{2}, 1.0f)), Contains("mul: (2,3) and (2)"));
  REQUIRE_THROWS_WITH(reshape(a, Shape{4, 2}), "reshape: (2,3) to (4,2): sizes 6 and 8 differ");
  REQUIRE_THROWS_WITH(slice(a, 1, 2, 5), Contains("slice: (2,3): range [2,5)"));
  REQUIRE_THROWS_WITH(concat({a, b}, 0), Contains("concat: (2,3) and (4,5)"));
  REQUIRE_THROWS_WITH(mse(a, b), "mse: (2,3) and (4,5): shapes differ");
  REQUIRE_THROWS_WITH(cross_entropy(a, {0, 3}), "cross_entropy: target 3 outside [0,3) for logits (2,3)");
  REQUIRE_THROWS_WITH(cross_entropy(a, {0}), "cross_entropy: logits (2,3) need 2 targets, got 1");
  REQUIRE_THROWS_WITH(embedding(a, {0, 2}, Shape{2}), "embedding: id 2 outside table (2,3)");
  Var x = t.constant(Shape{1, 3, 8, 8}, 1.0f), w = t.constant(Shape{4, 2, 3, 3}, 1.0f);
  REQUIRE_THROWS_WITH(conv2d(x, w, Var{}),
                      Contains("conv2d: x (1,3,8,8), w (4,2,3,3): input channels 3 and 2 differ"));
  REQUIRE_THROWS_WITH(max_pool2d(a, 2, 2), Contains("max_pool2d: (2,3): x must be (N,C,H,W)"));
  REQUIRE_THROWS_WITH(Shape({1, 2, 3, 4, 5}), "shape: at most 4 axes, got 5");
  REQUIRE_THROWS_WITH(t.backward(a), "backward: loss must have one element, got (2,3)");
  // a failed op leaves the tape usable
  Var ok = sum(a);
  REQUIRE(ok.item() == 6.0f);
}

TEST_CASE("the tape is inspectable node by node", "[tape]") {
  Tape t;
  Param w("w", Shape{2});
  w.value.v = {2.0f, -1.0f};
  Var x = t.input(Tensor(Shape{2}, {3.0f, 4.0f}));
  Var L = sum(mul(t.param(w), x));  // L = 2*3 - 1*4 = 2
  t.backward(L);
  REQUIRE(t.size() == 4);
  REQUIRE(std::string(t.node(0).op) == "input");
  REQUIRE(std::string(t.node(1).op) == "param");
  REQUIRE(t.node(1).param == &w);
  REQUIRE(std::string(t.node(2).op) == "mul");
  REQUIRE(t.node(2).in == std::vector<int>{1, 0});
  REQUIRE(t.node(2).value()[1] == -4.0f);
  REQUIRE(t.node(2).grad()[0] == 1.0f);
  REQUIRE(std::string(t.node(3).op) == "sum");
  REQUIRE(L.item() == 2.0f);
  REQUIRE(t.node(0).grad() == nullptr);  // data needs no gradient
  REQUIRE(w.grad[0] == 3.0f);
  REQUIRE(w.grad[1] == 4.0f);

  nlohmann::json j = tape_to_json(t);
  REQUIRE(j.size() == 4);
  REQUIRE(j[2]["op"] == "mul");
  REQUIRE(j[2]["inputs"] == nlohmann::json::array({1, 0}));
  REQUIRE(j[1]["param"] == "w");
  REQUIRE(j[2]["value"] == nlohmann::json::array({6.0, -4.0}));
  REQUIRE(j[1]["grad"] == nlohmann::json::array({3.0, 4.0}));
  REQUIRE(j[0]["grad"].is_null());
  REQUIRE(tape_to_json(t, 1)[2]["value"].size() == 1);
}

TEST_CASE("parameter gradients accumulate until zeroed; no_grad records none", "[tape]") {
  Tape t;
  Param w("w", Shape{1});
  w.value[0] = 3.0f;
  for (int i = 0; i < 2; ++i) {
    t.clear();
    Var L = square(t.param(w));  // dL/dw = 2w = 6
    t.backward(L);
  }
  REQUIRE(w.grad[0] == 12.0f);
  w.zero_grad();
  {
    NoGrad ng(t);
    t.clear();
    Var L = square(t.param(w));
    REQUIRE(L.item() == 9.0f);
    REQUIRE_FALSE(L.node().needs_grad);
    t.backward(L);  // nothing to do
  }
  REQUIRE(w.grad[0] == 0.0f);
  REQUIRE(t.grad_enabled);
}

TEST_CASE("a training step reuses the tape's storage", "[tape][perf]") {
  Rng rng(1);
  models::MLP m({2, 8, 8, 1}, models::Act::Tanh, rng);
  Tape t;
  Tensor X(Shape{10, 2}, 0.5f), Y(Shape{10, 1}, 0.25f);
  std::vector<const float*> first;
  for (int step = 0; step < 3; ++step) {
    t.clear();
    Var L = mse(models::mlp_forward(t, m, t.input(X)), t.input(Y));
    t.backward(L);
    std::vector<const float*> now;
    for (int i = 0; i < t.size(); ++i) now.push_back(t.node(i).val.data());
    if (step == 0) first = now;
    REQUIRE(now == first);  // same buffers: no allocation after the first step
  }
}
