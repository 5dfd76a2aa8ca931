// models::Vae (src/models/vae.h): the gradients of the whole objective, through the
// reparameterisation z = mu + sigma * eps, against central finite differences, for both
// likelihoods and the plain autoencoder; the closed-form KL against a Monte-Carlo estimate of the
// same KL; and the terms against a direct computation in double.
#include <catch2/catch.hpp>
#include <cmath>
#include <functional>

#include "engine/engine.h"
#include "models/vae.h"

using namespace eng;
using namespace models;

namespace {

struct Fixture {
  Rng rng{11};
  VaeSpec spec;
  Vae vae;
  Tensor x, eps;
  explicit Fixture(VaeSpec s) : spec(s) {
    vae = Vae(spec, rng);
    x = Tensor({3, kImage});
    for (float& v : x.v) v = rng.uniform(0.0f, 1.0f);
    eps = sample_eps(3, spec.latent, rng);
  }
};

// Compares every third weight's gradient (already computed) with central differences of f. The
// objective is a sum over 784 pixels (hundreds of nats), so the margin allows float rounding.
void check_params(const ParamList& ps, const std::vector<Tensor>& grads, const std::function<float()>& f) {
  const float h = 1e-2f;
  for (size_t q = 0; q < ps.size(); ++q) {
    Param* p = ps[q];
    for (int i = 0; i < p->value.size(); i += 37) {
      float keep = p->value[i];
      p->value[i] = keep + h;
      float up = f();
      p->value[i] = keep - h;
      float down = f();
      p->value[i] = keep;
      INFO(p->name << "[" << i << "]");
      CHECK(grads[q][i] == Approx((up - down) / (2 * h)).margin(0.05).epsilon(0.02));
    }
  }
}

void check_objective(VaeSpec spec, float beta) {
  Fixture f(spec);
  Tape t;
  vae_step_loss(t, f.vae, f.x, f.eps, beta, nullptr);
  ParamList ps = f.vae.params();
  std::vector<Tensor> g;
  for (Param* p : ps) g.push_back(p->grad);
  // The same eps every time: the reparameterised objective is a plain function of the weights.
  check_params(ps, g, [&] { return vae_evaluate(t, f.vae, f.x, &f.eps, beta).loss; });
}

VaeSpec small(Likelihood l, bool plain = false) {
  VaeSpec s;
  s.latent = 3;
  s.hidden = 8;
  s.likelihood = l;
  s.sigma_x = 0.5f;
  s.plain = plain;
  return s;
}

}  // namespace

TEST_CASE("vae: the reparameterised gradient matches finite differences (Bernoulli)", "[vae]") {
  check_objective(small(Likelihood::Bernoulli), 1.0f);
  check_objective(small(Likelihood::Bernoulli), 4.0f);
}

TEST_CASE("vae: the reparameterised gradient matches finite differences (Gaussian)", "[vae]") {
  check_objective(small(Likelihood::Gaussian), 1.0f);
}

TEST_CASE("vae: the plain autoencoder's gradient matches finite differences", "[vae]") {
  check_objective(small(Likelihood::Bernoulli, true), 1.0f);
}

TEST_CASE("vae: the encoder gets its gradient through z = mu + sigma * eps", "[vae]") {
  // With eps = 0 the sigma outputs cannot matter for reconstruction; with eps != 0 they must.
  Fixture f(small(Likelihood::Bernoulli));
  Tape t;
  Tensor zero({3, 3});
  Linear& last = f.vae.enc.layers.back();  // outputs 0..2 are mu, 3..5 log sigma^2
  vae_step_loss(t, f.vae, f.x, zero, 0.0f, nullptr);
  for (int j = 3; j < 6; ++j) CHECK(last.b.grad[j] == 0.0f);
  vae_step_loss(t, f.vae, f.x, f.eps, 0.0f, nullptr);
  double s = 0;
  for (int j = 3; j < 6; ++j) s += std::fabs(last.b.grad[j]);
  CHECK(s > 1e-4);
}

TEST_CASE("vae: the terms agree with a direct computation, and loss = recon + beta kl", "[vae]") {
  Fixture f(small(Likelihood::Bernoulli));
  Tape t;
  Tensor mu, logvar;
  vae_encode(t, f.vae, f.x, mu, logvar);
  Tensor z({3, 3});
  double kl = 0;
  for (int i = 0; i < 9; ++i) z.v[size_t(i)] = mu[i] + std::exp(0.5f * logvar[i]) * f.eps[i];
  for (int i = 0; i < 3; ++i) kl += gaussian_kl(&mu.v[size_t(3 * i)], &logvar.v[size_t(3 * i)], 3) / 3;
  Tensor xh = vae_decode(t, f.vae, z);
  double recon = 0;
  for (int i = 0; i < 3 * kImage; ++i) {
    double p = xh[i], x = f.x[i];
    recon -= (x * std::log(p) + (1 - x) * std::log(1 - p)) / 3;
  }
  VaeTerms v = vae_evaluate(t, f.vae, f.x, &f.eps, 2.5f);
  CHECK(v.recon == Approx(recon).epsilon(1e-4));
  CHECK(v.kl == Approx(kl).epsilon(1e-4));
  CHECK(v.loss == Approx(v.recon + 2.5 * v.kl).epsilon(1e-5));
  VaeTerms at_mu = vae_evaluate(t, f.vae, f.x, nullptr, 1.0f);
  CHECK(at_mu.recon != Approx(v.recon));  // z = mu differs from a draw
}

TEST_CASE("vae: the closed-form KL matches a Monte-Carlo estimate within its standard error", "[vae]") {
  const float mu[3] = {0.8f, -1.5f, 0.1f}, logvar[3] = {-1.2f, 0.4f, -3.0f};
  double closed = gaussian_kl(mu, logvar, 3);
  // KL(q || p) = E_q[log q(z) - log p(z)]; the normalising constants cancel.
  Rng rng(5);
  const int n = 200000;
  double s = 0, s2 = 0;
  for (int i = 0; i < n; ++i) {
    double d = 0;
    for (int j = 0; j < 3; ++j) {
      double e = rng.normal(), sd = std::exp(0.5 * logvar[j]), z = mu[j] + sd * e;
      d += -0.5 * e * e - 0.5 * logvar[j] + 0.5 * z * z;
    }
    s += d;
    s2 += d * d;
  }
  double mean = s / n, se = std::sqrt((s2 / n - mean * mean) / n);
  INFO("closed " << closed << " monte carlo " << mean << " +- " << se);
  CHECK(std::fabs(mean - closed) < 4 * se);
  CHECK(se < 0.01 * closed);          // the estimate is sharp enough to catch a wrong formula
  CHECK(kl_term(0.0f, 0.0f) == 0.0);  // q = p
}
