// Learning tests: each model reaches a stated quality from a fixed seed. Sizes are chosen so the
// whole file runs in a few seconds natively and in wasm under Node.js.
#include <catch2/catch.hpp>
#include <cstdio>

#include "data/text.h"
#include "data/toy2d.h"
#include "engine/guard.h"
#include "engine/optim.h"
#include "models/char_lstm.h"
#include "models/mlp.h"

using namespace eng;
using namespace models;

static float accuracy(const Var& logits, const std::vector<int>& y) {
  int C = logits.shape().last(), correct = 0;
  for (size_t i = 0; i < y.size(); ++i) {
    const float* z = logits.value() + i * size_t(C);
    int best = int(std::max_element(z, z + C) - z);
    correct += best == y[i];
  }
  return float(correct) / float(y.size());
}

TEST_CASE("a 2-4-1 tanh MLP solves XOR", "[learning]") {
  Rng rng(1);
  data::Points2D d = data::xor_points();
  Tensor Y(Shape{4, 1});
  for (int i = 0; i < 4; ++i) Y[i] = float(d.y[size_t(i)]);
  MLP m({2, 4, 1}, Act::Tanh, rng);
  ParamList ps = m.params();
  SGD opt;
  opt.lr = 0.5f;
  opt.momentum = 0.9f;
  Tape t;
  float loss = 0.0f;
  for (int step = 0; step < 500; ++step) {
    t.clear();
    Var L = bce_with_logits(mlp_forward(t, m, t.input(d.X)), t.input(Y));
    zero_grad(ps);
    t.backward(L);
    opt.step(ps);
    loss = L.item();
  }
  INFO("final loss " << loss);
  REQUIRE(loss < 0.05f);
  NoGrad ng(t);
  t.clear();
  Var z = mlp_forward(t, m, t.input(d.X));
  for (int i = 0; i < 4; ++i) REQUIRE((z.value()[i] > 0.0f) == (d.y[size_t(i)] == 1));
  REQUIRE_FALSE(find_non_finite(ps, &t).found);
}

TEST_CASE("an MLP classifies a 3-arm spiral above 95% train accuracy", "[learning]") {
  Rng rng(2);
  data::Points2D d = data::spiral(100, 3, 0.2f, rng);
  MLP m({2, 32, 32, 3}, Act::ReLU, rng);
  ParamList ps = m.params();
  Adam opt;
  opt.lr = 0.01f;
  Tape t;
  for (int step = 0; step < 1500; ++step) {
    t.clear();
    Var L = cross_entropy(mlp_forward(t, m, t.input(d.X)), d.y);
    zero_grad(ps);
    t.backward(L);
    opt.step(ps);
  }
  NoGrad ng(t);
  t.clear();
  float acc = accuracy(mlp_forward(t, m, t.input(d.X)), d.y);
  INFO("train accuracy " << acc);
  REQUIRE(acc > 0.95f);
}

TEST_CASE("a character LSTM's loss on the built-in text falls below 1.7 nats", "[learning]") {
  // Uniform guessing costs ln(V) ~ 3.8 nats and letter frequencies alone about 3; below 1.7 the
  // model must be using the characters before.
  const std::string& text = data::tiny_text();
  data::CharVocab vocab(text);
  std::vector<int> all = vocab.encode(text);
  const int B = 16, T = 16;
  Rng rng(3);
  CharLSTM m(vocab.size(), 16, 64, rng);
  ParamList ps = m.params();
  Adam opt;
  opt.lr = 0.01f;
  Tape t;
  std::vector<int> ids(size_t(B * (T + 1)));
  double recent = 0.0;
  const int steps = 400, window = 50;
  for (int step = 0; step < steps; ++step) {
    for (int b = 0; b < B; ++b) {  // B random windows of T+1 characters
      int start = rng.below(int(all.size()) - T - 1);
      std::copy(all.begin() + start, all.begin() + start + T + 1, ids.begin() + b * (T + 1));
    }
    t.clear();
    Var L = char_lstm_loss(t, m, ids, B, T);
    zero_grad(ps);
    t.backward(L);
    clip_grad_norm(ps, 5.0f);
    opt.step(ps);
    if (step >= steps - window) recent += L.item() / window;
  }
  INFO("vocabulary " << vocab.size() << ", mean loss over the last " << window << " steps " << recent);
  REQUIRE(recent < 1.7);  // 1.45 when recorded
}
