// Native and wasm give the same numbers. Short fixed-seed trainings and the engine's own exp, tanh
// and sigmoid print what they produce as "replay NAME v1 v2 ..." lines; tests/cli/replay.test.js
// runs this test natively and as wasm and compares the two outputs with each other. exp and tanh
// are the engine's own (fastmath.h), so their bits must agree exactly; only log and the summation
// order of the kernels may differ between builds, so losses agree within 1e-4 relative.
// Here each run must also replay exactly within one process, stay finite, and learn.
#include <catch2/catch.hpp>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <iostream>

#include "engine/fastmath.h"
#include "engine/init.h"
#include "engine/optim.h"
#include "models/char_lstm.h"
#include "models/cnn.h"
#include "models/mlp.h"
#include "models/transformer.h"

using namespace eng;
using namespace models;

// One line for the comparison: "replay NAME v1 v2 ...", each value exactly (%.17g round-trips a
// double, and every float and 32-bit pattern here is one).
static void print(const char* name, const std::vector<double>& values) {
  std::string line = std::string("replay ") + name;
  for (double v : values) {
    char buf[32];
    std::snprintf(buf, sizeof buf, " %.17g", v);
    line += buf;
  }
  std::cout << line << std::endl;  // Catch2's stream: printf's buffer would interleave with it in wasm
}

// Runs a seeded training twice: the same losses both times, finite, falling; then prints them.
static void replay(const char* name, std::vector<double> (*run)()) {
  INFO(name);
  const std::vector<double> a = run(), b = run();
  REQUIRE(!a.empty());
  CHECK(a == b);
  for (double v : a) CHECK(std::isfinite(v));
  CHECK(a.back() < a.front());
  print(name, a);
}

static Tensor random_tensor(Shape s, Rng& rng) {
  Tensor x(s);
  for (float& v : x.v) v = rng.normal();
  return x;
}

static std::vector<double> mlp_run() {
  Rng rng(11);
  MLP m({2, 8, 8, 1}, Act::Tanh, rng);
  ParamList ps = m.params();
  SGD opt;
  opt.lr = 0.1f;
  opt.momentum = 0.9f;
  Tensor X = random_tensor(Shape{10, 2}, rng), Y = random_tensor(Shape{10, 1}, rng);
  Tape t;
  std::vector<double> losses;
  for (int i = 0; i < 12; ++i) {
    t.clear();
    Var L = mse(mlp_forward(t, m, t.input(X)), t.input(Y));
    zero_grad(ps);
    t.backward(L);
    opt.step(ps);
    losses.push_back(L.item());
  }
  return losses;
}

static std::vector<double> char_lstm_run() {
  Rng rng(12);
  CharLSTM m(20, 8, 16, rng);
  ParamList ps = m.params();
  Adam opt;
  opt.lr = 0.01f;
  const int B = 3, T = 7;
  std::vector<int> ids(size_t(B * (T + 1)));
  for (int& c : ids) c = rng.below(20);
  Tape t;
  std::vector<double> losses;
  for (int i = 0; i < 6; ++i) {
    t.clear();
    Var L = char_lstm_loss(t, m, ids, B, T);
    zero_grad(ps);
    t.backward(L);
    clip_grad_norm(ps, 1.0f);
    opt.step(ps);
    losses.push_back(L.item());
  }
  return losses;
}

static std::vector<double> cnn_run() {
  Rng rng(13);
  CNN m(rng);
  ParamList ps = m.params();
  Adam opt;
  Tensor X = random_tensor(Shape{2, 1, 28, 28}, rng);
  const std::vector<int> y = {3, 7};
  Tape t;
  std::vector<double> losses;
  for (int i = 0; i < 3; ++i) {
    t.clear();
    Var L = cross_entropy(cnn_forward(t, m, t.input(X)), y);
    zero_grad(ps);
    t.backward(L);
    opt.step(ps);
    losses.push_back(L.item());
  }
  return losses;
}

static std::vector<double> transformer_run() {
  Rng rng(14);
  TransformerBlock m(8, 2, rng);
  ParamList ps = m.params();
  Adam opt;
  opt.lr = 0.01f;
  Tensor X = random_tensor(Shape{2, 5, 8}, rng), Y = random_tensor(Shape{2, 5, 8}, rng);
  Tape t;
  std::vector<double> losses;
  for (int i = 0; i < 5; ++i) {
    t.clear();
    Var L = mse(transformer_block(t, m, t.input(X), true), t.input(Y));
    zero_grad(ps);
    t.backward(L);
    opt.step(ps);
    losses.push_back(L.item());
  }
  return losses;
}

TEST_CASE("replay: the same seeded runs give the same losses natively and in wasm", "[replay]") {
  Rng r(2024), again(2024);  // the first values of the generator itself
  const std::vector<double> rng = {double(r.next_u32() % 100000), r.uniform(), r.normal(), r.normal()};
  CHECK(rng[0] == double(again.next_u32() % 100000));
  print("rng", rng);
  replay("mlp", mlp_run);
  replay("char_lstm", char_lstm_run);
  replay("cnn", cnn_run);
  replay("transformer", transformer_run);
}

// Bit patterns, printed as numbers: the comparison requires them equal, not close.
TEST_CASE("replay: the engine's exp, log, tanh and sigmoid give the same bits natively and in wasm",
          "[replay]") {
  auto bits = [](float f) {
    uint32_t u;
    std::memcpy(&u, &f, sizeof u);
    return double(u);
  };
  std::vector<double> e, th, sg, lg;
  for (int i = -400; i <= 400; i += 7) {
    const float x = float(i) / 20.0f;  // -20 .. 20
    e.push_back(bits(exp_f(x)));
    th.push_back(bits(tanh_f(x)));
    sg.push_back(bits(sigmoid_f(x)));
    const float pos = std::exp(x / 4);  // log's argument: e^-5 .. e^5
    lg.push_back(bits(log_f(pos)));
    // Close to the standard library's, so a broken exp_f cannot pass by agreeing with itself.
    INFO("x = " << x);
    CHECK(exp_f(x) == Approx(std::exp(double(x))).epsilon(1e-5));
    CHECK(tanh_f(x) == Approx(std::tanh(double(x))).epsilon(1e-5).margin(1e-6));
    CHECK(sigmoid_f(x) == Approx(1.0 / (1.0 + std::exp(-double(x)))).epsilon(1e-5).margin(1e-6));
    CHECK(log_f(pos) == Approx(std::log(double(pos))).epsilon(1e-6).margin(1e-6));
    CHECK(log_f(1.0f + pos) == Approx(std::log1p(double(pos))).epsilon(1e-6).margin(1e-6));
  }
  print("exp_bits", e);
  print("tanh_bits", th);
  print("sigmoid_bits", sg);
  print("log_bits", lg);
}
