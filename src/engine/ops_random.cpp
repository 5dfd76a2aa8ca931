// Ops that draw random numbers, always from the caller's seeded Rng so a run replays exactly.
#include <string>

#include "engine/ops.h"

namespace eng {

static Var last(Tape* t) { return {t, t->count - 1}; }

// y = x * m,  m_i = 0 with probability p, else 1/(1-p) (so E[y] = x)       dy/dx = m  (aux)
static void dropout_backward(Tape& t, Node& y) {
  float* gx = t.node(y.in[0]).grad();
  const float* g = y.grad();
  for (int i = 0, n = y.size(); i < n; ++i) gx[i] += y.aux[size_t(i)] * g[i];
}
Var dropout(Var x, float p, Rng& rng) {
  if (!(p >= 0.0f && p < 1.0f)) shape_fail("dropout", "p = " + std::to_string(p) + " must be in [0,1)");
  Node& y = x.t->push("dropout", x.shape(), {x.id}, dropout_backward);
  int n = y.size();
  y.aux.resize(size_t(n));
  float keep = 1.0f / (1.0f - p);
  const float* in = x.value();
  float* out = y.value();
  for (int i = 0; i < n; ++i) {
    y.aux[size_t(i)] = rng.uniform() < p ? 0.0f : keep;
    out[i] = in[i] * y.aux[size_t(i)];
  }
  return last(x.t);
}

// The reparameterisation trick: z = mu + sigma * eps, eps ~ N(0,1) drawn here and kept (aux), so the
// sample is a differentiable function of mu and sigma:   dz/dmu = 1,  dz/dsigma = eps
static void sample_backward(Tape& t, Node& z) {
  float *gmu = t.node(z.in[0]).grad(), *gsigma = t.node(z.in[1]).grad();
  const float* g = z.grad();
  for (int i = 0, n = z.size(); i < n; ++i) {
    if (gmu) gmu[i] += g[i];
    if (gsigma) gsigma[i] += z.aux[size_t(i)] * g[i];
  }
}
Var sample_normal(Var mu, Var sigma, Rng& rng) {
  if (mu.shape() != sigma.shape())
    shape_fail("sample_normal", "mu " + mu.shape().str() + " and sigma " + sigma.shape().str() + " differ");
  Node& z = mu.t->push("sample_normal", mu.shape(), {mu.id, sigma.id}, sample_backward);
  int n = z.size();
  z.aux.resize(size_t(n));
  const float *m = mu.value(), *s = sigma.value();
  float* out = z.value();
  for (int i = 0; i < n; ++i) {
    z.aux[size_t(i)] = rng.normal();
    out[i] = m[i] + s[i] * z.aux[size_t(i)];
  }
  return last(mu.t);
}

}  // namespace eng
