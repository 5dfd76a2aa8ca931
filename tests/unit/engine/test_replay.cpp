// Native and wasm give the same numbers. Short fixed-seed trainings; their losses were recorded
// once natively (g++ 12, x86-64 SSE) and the wasm build of this same test must match them.
// exp and tanh are the engine's own (fastmath.h), so only log and the summation order of the
// kernels can differ between builds: the tolerance is 1e-4 relative.
// To re-record after an intended change: run with -s and copy the printed "got" lines.
#include <catch2/catch.hpp>
#include <cstdint>
#include <cstdio>
#include <cstring>

#include "engine/fastmath.h"
#include "engine/init.h"
#include "engine/optim.h"
#include "models/char_lstm.h"
#include "models/cnn.h"
#include "models/mlp.h"
#include "models/transformer.h"

using namespace eng;
using namespace models;

static void compare(const char* name, const std::vector<float>& got, const std::vector<double>& expected) {
  std::string line = std::string(name) + " got {";
  for (size_t i = 0; i < got.size(); ++i) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%s%.9g", i ? ", " : "", double(got[i]));
    line += buf;
  }
  INFO(line + "}");
  CHECK(got.size() == expected.size());
  for (size_t i = 0; i < std::min(got.size(), expected.size()); ++i) CHECK_THAT(got[i], Catch::WithinRel(expected[i], 1e-4));
}

template <class Step>
static std::vector<float> run(int steps, Step step) {
  std::vector<float> losses;
  for (int i = 0; i < steps; ++i) losses.push_back(step());
  return losses;
}

static Tensor random_tensor(Shape s, Rng& rng) {
  Tensor x(s);
  for (float& v : x.v) v = rng.normal();
  return x;
}

TEST_CASE("replay: the same seeded runs give the same losses natively and in wasm", "[replay]") {
  Tape t;
  {  // the first values of the generator itself
    Rng r(2024);
    std::vector<float> got = {float(r.next_u32() % 100000), r.uniform(), r.normal(), r.normal()};
    compare("rng", got, {91557, 0.366606593, 0.410816729, -0.876134276});
  }
  {
    Rng rng(11);
    MLP m({2, 8, 8, 1}, Act::Tanh, rng);
    ParamList ps = m.params();
    SGD opt;
    opt.lr = 0.1f, opt.momentum = 0.9f;
    Tensor X = random_tensor(Shape{10, 2}, rng), Y = random_tensor(Shape{10, 1}, rng);
    compare("mlp", run(12, [&] {
      t.clear();
      Var L = mse(mlp_forward(t, m, t.input(X)), t.input(Y));
      zero_grad(ps);
      t.backward(L);
      opt.step(ps);
      return L.item();
    }), {0.956700623, 0.583149195, 0.463335663, 0.569193721, 0.532970428, 0.437825292, 0.46348533,
                    0.516705215, 0.486657828, 0.417403102, 0.391609192, 0.414631397});
  }
  {
    Rng rng(12);
    CharLSTM m(20, 8, 16, rng);
    ParamList ps = m.params();
    Adam opt;
    opt.lr = 0.01f;
    const int B = 3, T = 7;
    std::vector<int> ids(size_t(B * (T + 1)));
    for (int& c : ids) c = rng.below(20);
    compare("char_lstm", run(6, [&] {
      t.clear();
      Var L = char_lstm_loss(t, m, ids, B, T);
      zero_grad(ps);
      t.backward(L);
      clip_grad_norm(ps, 1.0f);
      opt.step(ps);
      return L.item();
    }), {2.99769449, 2.97528672, 2.9528048, 2.92902088, 2.90294838, 2.87375641});
  }
  {
    Rng rng(13);
    CNN m(rng);
    ParamList ps = m.params();
    Adam opt;
    Tensor X = random_tensor(Shape{2, 1, 28, 28}, rng);
    std::vector<int> y = {3, 7};
    compare("cnn", run(3, [&] {
      t.clear();
      Var L = cross_entropy(cnn_forward(t, m, t.input(X)), y);
      zero_grad(ps);
      t.backward(L);
      opt.step(ps);
      return L.item();
    }), {8.82932758, 4.12911129, 0.638836265});
  }
  {
    Rng rng(14);
    TransformerBlock m(8, 2, rng);
    ParamList ps = m.params();
    Adam opt;
    opt.lr = 0.01f;
    Tensor X = random_tensor(Shape{2, 5, 8}, rng), Y = random_tensor(Shape{2, 5, 8}, rng);
    compare("transformer", run(5, [&] {
      t.clear();
      Var L = mse(transformer_block(t, m, t.input(X), true), t.input(Y));
      zero_grad(ps);
      t.backward(L);
      opt.step(ps);
      return L.item();
    }), {6.25285482, 4.96606445, 3.99614024, 3.26472998, 2.70997596});
  }
}

TEST_CASE("replay: the engine's exp, tanh and sigmoid give the same bits natively and in wasm", "[replay]") {
  struct Row {
    float x;
    uint32_t exp, tanh, sigmoid;  // bit patterns recorded natively
  };
  const Row rows[] = {
      {-3.5f, 0x3cf76081u, 0xbf7f8896u, 0x3cf02034u}, {-0.4f, 0x3f2b9a18u, 0xbec288acu, 0x3ecd78d0u},
      {0.1f, 0x3f8d763eu, 0x3dcc1ebcu, 0x3f066509u},  {0.7f, 0x4000e153u, 0x3f1ab7d9u, 0x3f2b0e5au},
      {2.25f, 0x4117cdc4u, 0x3f7a5febu, 0x3f67972du}, {20.0f, 0x4de75844u, 0x3f800000u, 0x3f800000u},
  };
  auto bits = [](float f) {
    uint32_t u;
    std::memcpy(&u, &f, sizeof u);
    return u;
  };
  for (const Row& r : rows) {
    INFO("x = " << r.x);
    CHECK(bits(eng::exp_f(r.x)) == r.exp);
    CHECK(bits(eng::tanh_f(r.x)) == r.tanh);
    CHECK(bits(eng::sigmoid_f(r.x)) == r.sigmoid);
  }
}
