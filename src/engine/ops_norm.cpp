// Layer norm over the last axis C of each row:
//   mu = mean(x),  rstd = 1 / sqrt(var(x) + eps),  x_hat = (x - mu) rstd,  y = gamma x_hat + beta
// Backward (per row, dx_hat = dy gamma):
//   dx = rstd (dx_hat - mean(dx_hat) - x_hat mean(dx_hat x_hat)),  dgamma += dy x_hat,  dbeta += dy
#include <cmath>
#include <string>

#include "engine/ops.h"

namespace eng {

static void layer_norm_backward(Tape& t, Node& y) {
  Node &X = t.node(y.in[0]), &G = t.node(y.in[1]), &Bn = t.node(y.in[2]);
  int C = y.shape.last(), R = y.shape.rows();
  float *dx = X.grad(), *dgamma = G.grad(), *dbeta = Bn.grad();
  const float *x = X.value(), *gamma = G.value(), *g = y.grad();
  for (int r = 0; r < R; ++r, x += C, g += C) {
    float mu = y.aux[size_t(2 * r)], rstd = y.aux[size_t(2 * r + 1)];
    float m1 = 0.0f, m2 = 0.0f;  // mean(dx_hat), mean(dx_hat x_hat)
    for (int j = 0; j < C; ++j) {
      float x_hat = (x[j] - mu) * rstd, dx_hat = g[j] * gamma[j];
      m1 += dx_hat;
      m2 += dx_hat * x_hat;
      if (dgamma) dgamma[j] += g[j] * x_hat;
      if (dbeta) dbeta[j] += g[j];
    }
    m1 /= float(C);
    m2 /= float(C);
    if (dx)
      for (int j = 0; j < C; ++j) {
        float x_hat = (x[j] - mu) * rstd;
        dx[r * C + j] += rstd * (g[j] * gamma[j] - m1 - x_hat * m2);
      }
  }
}

Var layer_norm(Var x, Var gamma, Var beta, float eps) {
  const Shape& xs = x.shape();
  int C = xs.last(), R = xs.rows();
  if (gamma.shape().size() != C || beta.shape().size() != C)
    shape_fail("layer_norm", "x " + xs.str() + ", gamma " + gamma.shape().str() + ", beta " +
                                 beta.shape().str() + ": gamma and beta need the last size of x");
  Node& y = x.t->push("layer_norm", xs, {x.id, gamma.id, beta.id}, layer_norm_backward);
  y.aux.resize(size_t(2 * R));
  const float *in = x.value(), *ga = gamma.value(), *be = beta.value();
  float* out = y.value();
  for (int r = 0; r < R; ++r, in += C, out += C) {
    float mu = 0.0f, var = 0.0f;
    for (int j = 0; j < C; ++j) mu += in[j];
    mu /= float(C);
    for (int j = 0; j < C; ++j) var += (in[j] - mu) * (in[j] - mu);
    float rstd = 1.0f / std::sqrt(var / float(C) + eps);
    for (int j = 0; j < C; ++j) out[j] = ga[j] * (in[j] - mu) * rstd + be[j];
    y.aux[size_t(2 * r)] = mu;
    y.aux[size_t(2 * r + 1)] = rstd;
  }
  return {x.t, x.t->count - 1};
}

}  // namespace eng
