#include "models/vae.h"

#include <cmath>

namespace models {

using namespace eng;

Vae::Vae(const VaeSpec& s, Rng& rng) : spec(s) {
  std::vector<int> e = {kImage}, d = {s.latent};
  for (int l = 0; l < s.layers; ++l) {
    e.push_back(s.hidden);
    d.push_back(s.hidden);
  }
  e.push_back(s.plain ? s.latent : 2 * s.latent);
  d.push_back(kImage);
  enc = MLP(e, Act::ReLU, rng);
  dec = MLP(d, Act::ReLU, rng);
  prefix_names(enc, "enc.");
  prefix_names(dec, "dec.");
}

ParamList Vae::params() {
  ParamList ps = enc.params();
  for (Param* p : dec.params()) ps.push_back(p);
  return ps;
}

namespace {

struct Pass {
  Var loss, recon, kl;  // kl is empty for the plain autoencoder
};

// -log p(x|z) per example: the pixel mean of the loss times D.
Var recon_term(Tape& t, const VaeSpec& s, Var logits, Var x) {
  if (s.likelihood == Likelihood::Bernoulli) return float(kImage) * bce_with_logits(logits, x);
  double var = double(s.sigma_x) * s.sigma_x;
  float norm = float(0.5 * kImage * std::log(2 * M_PI * var));
  return float(kImage / (2 * var)) * mse(eng::sigmoid(logits), x) + norm;
}

Pass forward(Tape& t, Vae& m, const Tensor& x, const Tensor* eps, float beta) {
  int k = m.spec.latent, B = x.shape.rows();
  Var X = t.input(x);
  Var h = mlp_forward(t, m.enc, X);
  Pass p;
  Var z;
  if (m.spec.plain) {
    z = h;
  } else {
    Var mu = slice(h, 1, 0, k), logvar = slice(h, 1, k, 2 * k);
    Var var = eng::exp(logvar);
    z = eps ? mu + eng::exp(0.5f * logvar) * t.input(*eps) : mu;
    // 1/2 sum_j (mu^2 + sigma^2 - 1 - log sigma^2), averaged over the batch
    p.kl = (0.5f / float(B)) * sum(square(mu) + var - logvar - 1.0f);
  }
  p.recon = recon_term(t, m.spec, mlp_forward(t, m.dec, z), X);
  p.loss = m.spec.plain ? p.recon : p.recon + beta * p.kl;
  return p;
}

VaeTerms terms_of(const Pass& p, bool plain) {
  VaeTerms out;
  out.recon = p.recon.item();
  out.kl = plain ? 0.0f : p.kl.item();
  out.loss = p.loss.item();
  return out;
}

}  // namespace

float vae_step_loss(Tape& t, Vae& m, const Tensor& x, const Tensor& eps, float beta, VaeTerms* out) {
  t.clear();
  Pass p = forward(t, m, x, &eps, beta);
  ParamList ps = m.params();
  zero_grad(ps);
  t.backward(p.loss);
  if (out) *out = terms_of(p, m.spec.plain);
  return p.loss.item();
}

VaeTerms vae_evaluate(Tape& t, Vae& m, const Tensor& x, const Tensor* eps, float beta) {
  t.clear();
  NoGrad ng(t);
  return terms_of(forward(t, m, x, eps, beta), m.spec.plain);
}

void vae_encode(Tape& t, Vae& m, const Tensor& x, Tensor& mu, Tensor& logvar) {
  t.clear();
  NoGrad ng(t);
  int k = m.spec.latent, B = x.shape.rows();
  Var h = mlp_forward(t, m.enc, t.input(x));
  mu = Tensor({B, k});
  logvar = Tensor({B, k});
  const float* v = h.value();
  int width = m.spec.plain ? k : 2 * k;
  for (int i = 0; i < B; ++i) {
    for (int j = 0; j < k; ++j) {
      mu.v[size_t(i * k + j)] = v[i * width + j];
      logvar.v[size_t(i * k + j)] = m.spec.plain ? 0.0f : v[i * width + k + j];
    }
  }
}

Tensor vae_decode(Tape& t, Vae& m, const Tensor& z) {
  t.clear();
  NoGrad ng(t);
  return eng::sigmoid(mlp_forward(t, m.dec, t.input(z))).tensor();
}

double kl_term(float mu, float logvar) {
  return 0.5 * (double(mu) * mu + std::exp(double(logvar)) - 1.0 - logvar);
}

double gaussian_kl(const float* mu, const float* logvar, int k) {
  double s = 0;
  for (int j = 0; j < k; ++j) s += kl_term(mu[j], logvar[j]);
  return s;
}

Tensor sample_eps(int batch, int k, Rng& rng) {
  Tensor e({batch, k});
  for (float& v : e.v) v = rng.normal();
  return e;
}

}  // namespace models
