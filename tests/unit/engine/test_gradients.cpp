// Every op's backward against central finite differences. Adding an op is one row in cases().
//   L(inputs) = sum_i out_i r_i with fixed random r, so every output gets a different weight;
//   numeric dL/dx_j = (L(x_j + h) - L(x_j - h)) / 2h, evaluated in double from the float outputs.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <functional>
#include <string>
#include <vector>

#include "engine/ops.h"

namespace gradcheck {

enum class Init {
  Uniform,     // U(lo, hi)
  AwayFromZero,// |x| in [0.2, 1] with random sign: no input near a kink at 0 (relu, leaky relu)
  Distinct,    // shuffled, well-separated values: no ties in max-pool windows
};

using Fn = std::function<eng::Var(const std::vector<eng::Var>&)>;

struct Case {
  std::string name;
  std::vector<std::vector<eng::Shape>> configs;  // one forward per config: the input shapes
  Fn f;
  float h = 1e-2f;                 // finite-difference step for this op
  float lo = -1.0f, hi = 1.0f;     // input range for Init::Uniform
  Init init = Init::Uniform;
  float tol = 2e-3f;               // |analytic - numeric| <= tol * max(1, |analytic|, |numeric|)
};

struct Result {
  bool ok = true;
  std::string report;  // the first mismatch, for the test log
  int checked = 0;
};

// Checks d L / d(each input) and, if given, d L / d(each extra parameter).
Result check(const Case& c, const std::vector<eng::Shape>& shapes, eng::ParamList extra = {},
             uint64_t seed = 1);


using namespace eng;

static void fill(Tensor& x, const Case& c, Rng& rng) {
  if (c.init == Init::Uniform) {
    for (float& v : x.v) v = rng.uniform(c.lo, c.hi);
  } else if (c.init == Init::AwayFromZero) {
    for (float& v : x.v) v = (rng.uniform() < 0.5f ? -1.0f : 1.0f) * rng.uniform(0.2f, 1.0f);
  } else {  // Distinct: a shuffled ramp, neighbours 0.05 apart (>> 2h)
    int n = x.size();
    for (int i = 0; i < n; ++i) x.v[size_t(i)] = 0.05f * float(i - n / 2);
    for (int i = n - 1; i > 0; --i) std::swap(x.v[size_t(i)], x.v[size_t(rng.below(i + 1))]);
  }
}

// L = sum_i out_i r_i, in double, forward only.
static double loss(const Case& c, std::vector<Param>& in, const std::vector<float>& r) {
  Tape t;
  NoGrad ng(t);
  std::vector<Var> xs;
  for (Param& p : in) xs.push_back(t.param(p));
  Var out = c.f(xs);
  double L = 0.0;
  for (int i = 0; i < out.shape().size(); ++i) L += double(out.value()[i]) * r[size_t(i)];
  return L;
}

Result check(const Case& c, const std::vector<Shape>& shapes, ParamList extra, uint64_t seed) {
  Rng rng(seed);
  std::vector<Param> in;
  for (size_t i = 0; i < shapes.size(); ++i) {
    in.emplace_back("x" + std::to_string(i), shapes[i]);
    fill(in.back().value, c, rng);
  }
  // Analytic gradients from the tape: L = sum(out * r).
  Tape t;
  std::vector<Var> xs;
  for (Param& p : in) xs.push_back(t.param(p));
  for (Param* p : extra) p->zero_grad();
  Var out = c.f(xs);
  std::vector<float> r(size_t(out.shape().size()));
  for (float& v : r) v = rng.uniform(-1.0f, 1.0f);
  Var L = sum(mul(out, t.input(Tensor(out.shape(), r))));
  t.backward(L);

  Result res;
  ParamList all;
  for (Param& p : in) all.push_back(&p);
  all.insert(all.end(), extra.begin(), extra.end());
  for (Param* p : all) {
    for (int j = 0; j < p->value.size(); ++j) {
      float saved = p->value[j];
      p->value[j] = saved + c.h;
      double Lp = loss(c, in, r);
      p->value[j] = saved - c.h;
      double Lm = loss(c, in, r);
      p->value[j] = saved;
      double num = (Lp - Lm) / (2.0 * c.h), ana = p->grad[j];
      double scale = std::max({1.0, std::fabs(num), std::fabs(ana)});
      ++res.checked;
      if (std::fabs(num - ana) > c.tol * scale && res.ok) {
        res.ok = false;
        char buf[256];
        std::string sh;
        for (const Shape& s : shapes) sh += s.str();
        std::snprintf(buf, sizeof buf, "%s %s: d/d%s[%d] analytic %.6g numeric %.6g", c.name.c_str(),
                      sh.c_str(), p->name.c_str(), j, ana, num);
        res.report = buf;
      }
    }
  }
  return res;
}

}  // namespace gradcheck

// ---- the table: one row per op -------------------------------------------------------------------
using gradcheck::Case;
using gradcheck::Init;
using V = const std::vector<eng::Var>&;
using S = eng::Shape;

// A few random shapes (1 to 4 axes, sizes 1 to 7) from a fixed seed, on top of the fixed ones.
static std::vector<std::vector<S>> random_shapes(int n_inputs, bool bias_row) {
  eng::Rng rng(99);
  std::vector<std::vector<S>> configs;
  for (int c = 0; c < 4; ++c) {
    std::vector<int> dims(size_t(1 + rng.below(4)));
    for (int& d : dims) d = 1 + rng.below(7);
    S s = S::of(dims);
    std::vector<S> cfg(size_t(n_inputs), s);
    if (bias_row && n_inputs == 2) cfg[1] = S{s.last()};  // x (..., C) with a bias row (C)
    configs.push_back(cfg);
  }
  return configs;
}

static std::vector<Case> op_cases() {
  using namespace eng;
  // Shapes with 1s, odd sizes and sizes that are not a multiple of the SIMD width (4).
  std::vector<std::vector<S>> same2 = {{S{1}, S{1}}, {S{3, 5}, S{3, 5}}, {S{2, 3, 7}, S{2, 3, 7}}};
  std::vector<std::vector<S>> bcast = {{S{3, 5}, S{5}},   {S{3, 5}, S{1, 5}}, {S{2, 3, 7}, S{7}},
                                        {S{2, 3, 7}, S{3, 7}}, {S{4, 3}, S{}},  {S{5}, S{3, 5}},
                                        {S{}, S{2, 3}}};
  std::vector<std::vector<S>> one = {{S{1}}, {S{7}}, {S{3, 5}}, {S{2, 3, 1, 5}}};
  for (auto& cfg : random_shapes(1, false)) one.push_back(cfg);
  for (auto& cfg : random_shapes(2, false)) same2.push_back(cfg);
  for (auto& cfg : random_shapes(2, true)) bcast.push_back(cfg);
  std::vector<std::vector<S>> rows = {{S{1, 1}}, {S{1, 7}}, {S{3, 5}}, {S{2, 3, 6}}};
  std::vector<Case> c = {
      {"add", same2, [](V x) { return x[0] + x[1]; }},
      {"add broadcast", bcast, [](V x) { return x[0] + x[1]; }},
      {"sub broadcast", bcast, [](V x) { return x[0] - x[1]; }},
      {"mul broadcast", bcast, [](V x) { return x[0] * x[1]; }},
      {"div broadcast", bcast, [](V x) { return x[0] / x[1]; }, 1e-3f, 0.5f, 1.5f},
      {"add_scalar", one, [](V x) { return x[0] + 0.5f; }},
      {"mul_scalar", one, [](V x) { return -3.0f * x[0]; }},
      {"rsub_scalar", one, [](V x) { return 1.0f - x[0]; }},
      {"sigmoid", one, [](V x) { return sigmoid(x[0] * 3.0f); }},
      {"tanh", one, [](V x) { return eng::tanh(x[0] * 2.0f); }},
      {"relu", one, [](V x) { return relu(x[0]); }, 1e-2f, -1, 1, Init::AwayFromZero},
      {"leaky_relu", one, [](V x) { return leaky_relu(x[0], 0.1f); }, 1e-2f, -1, 1, Init::AwayFromZero},
      {"exp", one, [](V x) { return eng::exp(x[0]); }},
      {"log", one, [](V x) { return eng::log(x[0]); }, 1e-3f, 0.5f, 2.0f},
      {"square", one, [](V x) { return square(x[0]); }},
      {"sqrt", one, [](V x) { return eng::sqrt(x[0]); }, 1e-3f, 0.5f, 2.0f},
      {"matmul",
       {{S{1, 1}, S{1, 1}}, {S{3, 5}, S{5, 7}}, {S{1, 9}, S{9, 2}}, {S{40, 33}, S{33, 37}}},
       [](V x) { return matmul(x[0], x[1]); }},
      {"matmul A B^T",
       {{S{3, 5}, S{7, 5}}, {S{40, 33}, S{37, 33}}},
       [](V x) { return matmul(x[0], x[1], false, true); }},
      {"matmul A^T B",
       {{S{5, 3}, S{5, 7}}, {S{33, 40}, S{33, 37}}},
       [](V x) { return matmul(x[0], x[1], true, false); }},
      {"matmul A^T B^T", {{S{5, 3}, S{7, 5}}}, [](V x) { return matmul(x[0], x[1], true, true); }},
      {"matmul (B,T,C) x (C,N)", {{S{2, 3, 5}, S{5, 3}}}, [](V x) { return matmul(x[0], x[1]); }},
      {"matmul (B,M,K)^T x (K,N)", {{S{2, 5, 3}, S{5, 3}}}, [](V x) { return matmul(x[0], x[1], true); }},
      {"matmul batched",
       {{S{2, 3, 5}, S{2, 5, 4}}, {S{2, 2, 3, 5}, S{2, 2, 5, 3}}},
       [](V x) { return matmul(x[0], x[1]); }},
      {"matmul batched B^T", {{S{2, 3, 5}, S{2, 4, 5}}}, [](V x) { return matmul(x[0], x[1], false, true); }},
      {"reshape",
       {{S{3, 4}}},
       [](V x) {
         return reshape(x[0], S{2, 6}) * x[0].t->input(Tensor(S{6}, {1, 2, 3, 4, 5, 6}));
       }},
      {"transpose", {{S{3, 5}}, {S{2, 3, 4, 5}}}, [](V x) { return transpose(x[0]); }},
      {"transpose axes 1,2", {{S{2, 3, 4, 5}}, {S{2, 3, 5}}}, [](V x) { return transpose(x[0], 1, 2); }},
      {"concat axis 0",
       {{S{2, 3}, S{1, 3}, S{4, 3}}},
       [](V x) {
         return concat({x[0], x[1], x[2]}, 0);
       }},
      {"concat axis -1",
       {{S{2, 3}, S{2, 1}}, {S{2, 3, 2}, S{2, 3, 5}}},
       [](V x) {
         return concat({x[0], x[1]}, -1);
       }},
      {"slice", {{S{3, 7}}, {S{2, 5, 3}}}, [](V x) { return slice(x[0], 1, 1, 3); }},
      {"embedding",
       {{S{5, 3}}},
       [](V x) {
         return embedding(x[0], {4, 0, 4, 2, 1, 4}, S{2, 3});
       }},
      {"sum", one, [](V x) { return sum(x[0]) * 1.0f; }},
      {"mean", one, [](V x) { return mean(x[0]) * 1.0f; }},
      {"sum axis 0", {{S{3, 5}}, {S{1, 4}}}, [](V x) { return sum(x[0], 0); }},
      {"mean axis 1", {{S{2, 3, 5}}, {S{3, 1}}}, [](V x) { return mean(x[0], 1); }},
      {"softmax", rows, [](V x) { return softmax(x[0] * 2.0f); }},
      {"log_softmax", rows, [](V x) { return log_softmax(x[0] * 2.0f); }},
      {"mse", {{S{1}, S{1}}, {S{3, 5}, S{3, 5}}}, [](V x) { return mse(x[0], x[1]); }},
      {"bce_with_logits",
       {{S{1}, S{1}}, {S{3, 5}, S{3, 5}}},
       [](V x) { return bce_with_logits(x[0] * 3.0f, x[1]); },
       1e-2f,
       0,
       1},
      {"cross_entropy",
       {{S{3, 5}}},
       [](V x) {
         return cross_entropy(x[0] * 2.0f, {4, 0, 2});
       }},
      {"cross_entropy 1 class", {{S{1, 1}}}, [](V x) { return cross_entropy(x[0], {0}) + x[0]; }},
      {"conv2d",
       {{S{1, 1, 3, 3}, S{1, 1, 2, 2}, S{1}}, {S{2, 3, 5, 6}, S{4, 3, 3, 3}, S{4}}},
       [](V x) { return conv2d(x[0], x[1], x[2]); }},
      {"conv2d stride 2 pad 1",
       {{S{2, 3, 7, 5}, S{5, 3, 3, 3}, S{5}}},
       [](V x) { return conv2d(x[0], x[1], x[2], 2, 1); }},
      {"conv2d no bias",
       {{S{1, 2, 5, 5}, S{3, 2, 5, 5}}},
       [](V x) { return conv2d(x[0], x[1], eng::Var{}, 1, 2); }},
      {"max_pool2d",
       {{S{2, 3, 4, 6}}, {S{1, 2, 5, 5}}},
       [](V x) { return max_pool2d(x[0], 2, 2); },
       1e-3f,
       -1,
       1,
       Init::Distinct},
      {"max_pool2d overlapping",
       {{S{1, 2, 5, 5}}},
       [](V x) { return max_pool2d(x[0], 3, 1); },
       1e-3f,
       -1,
       1,
       Init::Distinct},
      {"avg_pool2d", {{S{2, 3, 4, 6}}, {S{1, 2, 5, 5}}}, [](V x) { return avg_pool2d(x[0], 2, 2); }},
      {"dropout",
       {{S{4, 7}}},
       [](V x) {
         Rng rng(7);
         return dropout(x[0], 0.3f, rng);
       }},
      {"sample_normal",
       {{S{3, 5}, S{3, 5}}},
       [](V x) {
         Rng rng(7);
         return sample_normal(x[0], x[1], rng);
       }},
      {"layer_norm",
       {{S{3, 5}, S{5}, S{5}}, {S{2, 3, 7}, S{7}, S{7}}, {S{1, 2}, S{2}, S{2}}},
       [](V x) { return layer_norm(x[0], x[1], x[2]); }},
  };
  return c;
}

TEST_CASE("every op's backward matches central finite differences", "[grad]") {
  for (const Case& c : op_cases())
    for (const auto& shapes : c.configs) {
      gradcheck::Result r = gradcheck::check(c, shapes);
      INFO(c.name);
      CHECK(r.report == "");
      CHECK(r.checked > 0);
    }
}

// The checker itself must catch a wrong backward: y = x^2 with the derivative 3x instead of 2x.
static void wrong_square_backward(eng::Tape& t, eng::Node& y) {
  eng::Node& X = t.node(y.in[0]);
  for (int i = 0; i < y.size(); ++i) X.grad()[i] += 3.0f * X.value()[i] * y.grad()[i];
}
TEST_CASE("the gradient checker catches a wrong backward", "[grad]") {
  Case wrong{"wrong_square", {{S{3}}}, [](V x) {
               eng::Node& y = x[0].t->push("wrong_square", x[0].shape(), {x[0].id}, wrong_square_backward);
               for (int i = 0; i < y.size(); ++i) y.value()[i] = x[0].value()[i] * x[0].value()[i];
               return eng::Var{x[0].t, x[0].t->count - 1};
             }};
  gradcheck::Result r = gradcheck::check(wrong, wrong.configs[0]);
  REQUIRE_FALSE(r.ok);
  REQUIRE_THAT(r.report, Catch::Matchers::StartsWith("wrong_square (3): d/dx0[0] analytic"));
}

// ---- models composed from the ops: inputs and every parameter checked ----------------------------
#include "models/attention.h"
#include "models/gru.h"
#include "models/lstm.h"
#include "models/rnn.h"
#include "models/transformer.h"

TEST_CASE("model cells' gradients match finite differences", "[grad][models]") {
  using namespace eng;
  using namespace models;
  Rng rng(3);
  const int B = 3, I = 5, H = 6;
  RNNCell rnn(I, H, rng);
  LSTMCell lstm(I, H, rng);
  GRUCell gru(I, H, rng);
  MultiHeadAttention mha("mha", 6, 2, rng);
  TransformerBlock block(4, 2, rng);
  for (ParamList ps : {rnn.params(), lstm.params(), gru.params(), mha.params(), block.params()})
    for (Param* p : ps)  // non-zero biases and gains so their gradients are exercised
      for (float& v : p->value.v) v += rng.uniform(-0.3f, 0.3f);

  struct Row {
    Case c;
    ParamList extra;
  };
  std::vector<Row> rows = {
      {{"rnn_cell", {{S{B, I}, S{B, H}}}, [&](V x) { return rnn_cell(*x[0].t, rnn, x[0], x[1]); }},
       rnn.params()},
      {{"lstm_cell",
        {{S{B, I}, S{B, H}, S{B, H}}},
        [&](V x) {
          LSTMState s = lstm_cell(*x[0].t, lstm, x[0], {x[1], x[2]});
          return concat({s.h, s.c}, -1);
        }},
       lstm.params()},
      {{"gru_cell", {{S{B, I}, S{B, H}}}, [&](V x) { return gru_cell(*x[0].t, gru, x[0], x[1]); }},
       gru.params()},
      {{"attention causal",
        {{S{2, 5, 3}, S{2, 5, 3}, S{2, 5, 4}}},
        [&](V x) { return models::attention(x[0], x[1], x[2], true); }},
       {}},
      {{"attention",
        {{S{1, 4, 3}, S{1, 4, 3}, S{1, 4, 3}}},
        [&](V x) { return models::attention(x[0], x[1], x[2], false); }},
       {}},
      {{"multi_head_attention causal",
        {{S{2, 3, 6}}},
        [&](V x) { return multi_head_attention(*x[0].t, mha, x[0], true); }},
       mha.params()},
      // h = 1e-3: with 1e-2 one ReLU pre-activation in the MLP crosses its kink
      {{"transformer_block",
        {{S{2, 3, 4}}},
        [&](V x) { return transformer_block(*x[0].t, block, x[0], true); },
        1e-3f,
        -1,
        1,
        Init::Uniform,
        5e-3f},
       block.params()},
  };
  for (Row& r : rows)
    for (const auto& shapes : r.c.configs) {
      gradcheck::Result res = gradcheck::check(r.c, shapes, r.extra);
      INFO(r.c.name);
      CHECK(res.report == "");
    }
}
