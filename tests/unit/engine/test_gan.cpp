// models::Gan (src/models/gan.h): every loss's gradients, for D's parameters, G's parameters and
// the generated points (the lab's arrows), against central finite differences in float; a D update
// leaves G's gradients alone and a G update leaves none in D; the terms of V agree with the loss.
#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <functional>

#include "engine/engine.h"
#include "models/gan.h"

using namespace eng;
using namespace models;

namespace {

struct Fixture {
  Rng rng{7};
  GanSpec spec;
  Gan gan;
  Tensor x, z;
  Fixture() {
    spec.g_width = 6;
    spec.d_width = 5;
    spec.g_act = Act::Tanh;  // smooth, so finite differences are exact enough everywhere
    spec.d_act = Act::Tanh;
    gan = Gan(spec, rng);
    x = Tensor({9, 2});
    for (float& v : x.v) v = rng.uniform(-1.0f, 1.0f);
    z = sample_noise(7, spec.noise_dim, true, rng);
  }
};

// Compares each parameter's gradient (already computed) with central differences of f.
void check_params(const ParamList& ps, const std::function<float()>& f) {
  const float h = 1e-2f;
  for (Param* p : ps) {
    for (int i = 0; i < p->value.size(); i += 3) {
      float keep = p->value[i];
      p->value[i] = keep + h;
      float up = f();
      p->value[i] = keep - h;
      float down = f();
      p->value[i] = keep;
      float fd = (up - down) / (2 * h);
      INFO(p->name << "[" << i << "]");
      CHECK(p->grad[i] == Approx(fd).margin(2e-3).epsilon(2e-2));
    }
  }
}

}  // namespace

TEST_CASE("gan: D's gradients match finite differences, for both kinds of loss", "[gan]") {
  for (GanLoss loss : {GanLoss::NonSaturating, GanLoss::LeastSquares}) {
    Fixture f;
    Tape t;
    d_step_loss(t, f.gan, f.x, f.z, loss, nullptr);
    std::vector<Tensor> g;
    for (Param* p : f.gan.d_params()) g.push_back(p->grad);
    for (Param* p : f.gan.g_params())
      CHECK(std::all_of(p->grad.v.begin(), p->grad.v.end(), [](float v) { return v == 0.0f; }));
    // The check re-runs the loss, which refills the gradients: put the copy back each time.
    ParamList ps = f.gan.d_params();
    Tape u;
    check_params(ps, [&] {
      float L = d_step_loss(u, f.gan, f.x, f.z, loss, nullptr);
      for (size_t i = 0; i < ps.size(); ++i) ps[i]->grad = g[i];
      return L;
    });
  }
}

TEST_CASE("gan: G's gradients match finite differences, for all three losses", "[gan]") {
  for (GanLoss loss : {GanLoss::Minimax, GanLoss::NonSaturating, GanLoss::LeastSquares}) {
    Fixture f;
    Tape t;
    g_step_loss(t, f.gan, f.z, loss, nullptr);
    for (Param* p : f.gan.d_params())
      CHECK(std::all_of(p->grad.v.begin(), p->grad.v.end(), [](float v) { return v == 0.0f; }));
    // The check re-runs the loss, which refills the gradients: keep a copy and compare with it.
    ParamList ps = f.gan.g_params();
    std::vector<Tensor> grads;
    for (Param* p : ps) grads.push_back(p->grad);
    Tape u;
    auto loss_now = [&] {
      float L = g_step_loss(u, f.gan, f.z, loss, nullptr);
      for (size_t i = 0; i < ps.size(); ++i) ps[i]->grad = grads[i];
      return L;
    };
    check_params(ps, loss_now);
  }
}

TEST_CASE("gan: the arrows are -dL_G/dx per point, by finite differences", "[gan]") {
  for (GanLoss loss : {GanLoss::Minimax, GanLoss::NonSaturating, GanLoss::LeastSquares}) {
    Fixture f;
    Tape t;
    const int n = 5;
    std::vector<float> xy(f.x.v.begin(), f.x.v.begin() + 2 * n), dir(2 * n);
    generator_pull(t, f.gan, xy.data(), n, loss, dir.data());
    // L_G of one point alone: the pull of point i is minus its gradient.
    auto one = [&](int i) {
      Tensor z1({1, 2}, {xy[size_t(2 * i)], xy[size_t(2 * i + 1)]});
      Tape u;
      NoGrad ng(u);
      Var a = discriminate(u, f.gan, u.input(z1));
      double s = 1.0 / (1.0 + std::exp(-double(a.value()[0])));
      if (loss == GanLoss::Minimax) return std::log(1 - s);
      if (loss == GanLoss::NonSaturating) return -std::log(s);
      return 0.5 * (a.value()[0] - 1.0) * (a.value()[0] - 1.0);
    };
    const float h = 1e-2f;
    for (int i = 0; i < 2 * n; ++i) {
      float keep = xy[size_t(i)];
      xy[size_t(i)] = keep + h;
      double up = one(i / 2);
      xy[size_t(i)] = keep - h;
      double down = one(i / 2);
      xy[size_t(i)] = keep;
      CHECK(dir[size_t(i)] == Approx(-(up - down) / (2 * h)).margin(2e-3).epsilon(2e-2));
    }
  }
}

TEST_CASE("gan: the terms of V add up to minus D's log loss", "[gan]") {
  Fixture f;
  Tape t;
  GanTerms terms;
  float L = d_step_loss(t, f.gan, f.x, f.z, GanLoss::NonSaturating, &terms);
  CHECK(-(terms.v_real + terms.v_fake) == Approx(L).epsilon(1e-5));
  CHECK(terms.d_real > 0.0f);
  CHECK(terms.d_real < 1.0f);
  // The saturating G loss is the fake term itself.
  float Lg = g_step_loss(t, f.gan, f.z, GanLoss::Minimax, &terms);
  CHECK(Lg == Approx(terms.v_fake).epsilon(1e-5));
}
