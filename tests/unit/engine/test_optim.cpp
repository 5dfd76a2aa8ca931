// Optimisers, initialisers and the random generator against hand-computed values.
#include <catch2/catch.hpp>
#include <cmath>

#include "engine/init.h"
#include "engine/optim.h"

using namespace eng;
using Catch::WithinAbs;
using Catch::WithinRel;

static Param param(std::vector<float> w, std::vector<float> g) {
  Param p("p", Shape{int(w.size())});
  p.value.v = w;
  p.grad.v = g;
  return p;
}

TEST_CASE("SGD, momentum and weight decay", "[optim]") {
  Param p = param({1.0f, -2.0f}, {0.5f, 1.0f});
  SGD sgd;
  sgd.lr = 0.1f;
  sgd.step({&p});
  REQUIRE_THAT(p.value[0], WithinAbs(0.95, 1e-7));
  REQUIRE_THAT(p.value[1], WithinAbs(-2.1, 1e-6));

  Param q = param({1.0f}, {1.0f});
  SGD mom;
  mom.lr = 0.1f;
  mom.momentum = 0.9f;
  mom.weight_decay = 0.5f;
  mom.step({&q});  // g = 1 + 0.5*1 = 1.5, v = 1.5, w = 1 - 0.15
  REQUIRE_THAT(q.value[0], WithinAbs(0.85, 1e-6));
  mom.step({&q});  // g = 1 + 0.425 = 1.425, v = 0.9*1.5 + 1.425 = 2.775, w = 0.85 - 0.2775
  REQUIRE_THAT(q.value[0], WithinAbs(0.5725, 1e-6));
}

TEST_CASE("Adam's first steps move by about lr", "[optim]") {
  Param p = param({1.0f, 1.0f}, {0.1f, -30.0f});
  Adam adam;
  adam.lr = 0.01f;
  adam.step({&p});  // m_hat = g, v_hat = g^2: the step is lr * sign(g)
  REQUIRE_THAT(p.value[0], WithinAbs(0.99, 1e-6));
  REQUIRE_THAT(p.value[1], WithinAbs(1.01, 1e-6));
  p.grad.v = {0.1f, -30.0f};
  adam.step({&p});
  REQUIRE_THAT(p.value[0], WithinAbs(0.98, 1e-6));
}

TEST_CASE("gradient clipping by global norm", "[optim]") {
  Param a = param({0, 0}, {3.0f, 0.0f}), b = param({0}, {4.0f});
  REQUIRE_THAT(clip_grad_norm({&a, &b}, 1.0f), WithinRel(5.0f, 1e-6f));
  REQUIRE_THAT(grad_norm({&a, &b}), WithinRel(1.0f, 1e-6f));
  REQUIRE_THAT(a.grad[0], WithinRel(0.6f, 1e-6f));
  REQUIRE(clip_grad_norm({&a, &b}, 10.0f) == Approx(1.0f));  // under the limit: unchanged
}

TEST_CASE("the random generator replays and has the right moments", "[rng]") {
  Rng a(42), b(42), c(43);
  for (int i = 0; i < 5; ++i) REQUIRE(a.next_u32() == b.next_u32());
  REQUIRE(Rng(42).next_u32() != c.next_u32());
  // The generator is PCG32 exactly: the first outputs of the reference implementation's demo
  // (pcg-random.org, pcg32-demo: pcg32_srandom_r(&rng, 42, 54)).
  Rng pcg(42, 54);
  for (uint32_t want : {0xa15c02b7u, 0x7b47f409u, 0xba1d3330u, 0x83d2f293u, 0xbfa4784bu, 0xcbed606eu})
    REQUIRE(pcg.next_u32() == want);
  // Its draws: uniform() is the top 24 bits over 2^24; below(n) is the top of u32 * n.
  Rng r(7);
  const uint32_t first = Rng(7).next_u32();
  REQUIRE(r.uniform() == float(first >> 8) / 16777216.0f);
  REQUIRE(Rng(7).below(10) == int(uint64_t(first) * 10u >> 32));
  double s = 0, s2 = 0, u = 0;
  const int n = 20000;
  for (int i = 0; i < n; ++i) {
    float z = r.normal();
    s += z;
    s2 += double(z) * z;
    u += r.uniform();
  }
  REQUIRE(std::fabs(s / n) < 0.03);
  REQUIRE(std::fabs(s2 / n - 1.0) < 0.05);
  REQUIRE(std::fabs(u / n - 0.5) < 0.01);
  for (int i = 0; i < 1000; ++i) {
    int k = r.below(7);
    REQUIRE((k >= 0 && k < 7));
  }
}

TEST_CASE("Xavier and He initialisers have the right spread", "[init]") {
  Rng rng(1);
  Tensor W(Shape{200, 100});
  xavier_uniform(W, rng);
  float a = std::sqrt(6.0f / 300.0f), mx = 0;
  for (float w : W.v) mx = std::max(mx, std::fabs(w));
  REQUIRE(mx <= a);
  REQUIRE(mx > 0.95f * a);
  Tensor K(Shape{16, 8, 5, 5});
  he_normal(K, rng);
  double s2 = 0;
  for (float w : K.v) s2 += double(w) * w;
  REQUIRE_THAT(s2 / K.size(), WithinRel(2.0 / 200.0, 0.1));
}
