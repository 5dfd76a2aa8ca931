// Losses, each a scalar mean over samples, written in their numerically stable forms.
#include <algorithm>
#include <cmath>
#include <string>

#include "engine/fastmath.h"
#include "engine/ops.h"

namespace eng {

static Var last(Tape* t) { return {t, t->count - 1}; }

static void same_shape(const char* op, const Shape& a, const Shape& b) {
  if (a != b) shape_fail(op, a.str() + " and " + b.str() + ": shapes differ");
}

// L = (1/n) sum_i (y_hat_i - y_i)^2          dL/dy_hat_i = 2 (y_hat_i - y_i) / n = -dL/dy_i
static void mse_backward(Tape& t, Node& L) {
  Node &P = t.node(L.in[0]), &Y = t.node(L.in[1]);
  float *gp = P.grad(), *gy = Y.grad();
  const float *p = P.value(), *y = Y.value();
  float s = L.grad()[0] * 2.0f / float(P.size());
  for (int i = 0, n = P.size(); i < n; ++i) {
    float d = s * (p[i] - y[i]);
    if (gp) gp[i] += d;
    if (gy) gy[i] -= d;
  }
}
Var mse(Var y_hat, Var y) {
  same_shape("mse", y_hat.shape(), y.shape());
  Node& L = y_hat.t->push("mse", Shape{}, {y_hat.id, y.id}, mse_backward);
  const float *p = y_hat.value(), *t = y.value();
  int n = y.shape().size();
  double s = 0.0;
  for (int i = 0; i < n; ++i) s += double(p[i] - t[i]) * double(p[i] - t[i]);
  L.value()[0] = float(s / n);
  return last(y.t);
}

// Binary cross-entropy on logits z with targets y in [0,1]:
//   l = -[y log sigma(z) + (1-y) log(1 - sigma(z))] = max(z,0) - z y + log(1 + e^-|z|)   (stable)
//   dl/dz = sigma(z) - y,   dl/dy = -z
static void bce_backward(Tape& t, Node& L) {
  Node &Z = t.node(L.in[0]), &Y = t.node(L.in[1]);
  float *gz = Z.grad(), *gy = Y.grad();
  const float *z = Z.value(), *y = Y.value();
  const int n = Z.size();
  float s = L.grad()[0] / float(n);
  std::vector<float>& p = L.aux;  // scratch: sigma(z), four at a time (the same bits as sigmoid_f)
  p.resize(size_t(n));
  map4(z, p.data(), n, [](f4 v) { return sigmoid4(v); });
  for (int i = 0; i < n; ++i) {
    if (gz) gz[i] += s * (p[size_t(i)] - y[i]);
    if (gy) gy[i] -= s * z[i];
  }
}
Var bce_with_logits(Var z, Var y) {
  same_shape("bce_with_logits", z.shape(), y.shape());
  Node& L = z.t->push("bce_with_logits", Shape{}, {z.id, y.id}, bce_backward);
  const float *pz = z.value(), *py = y.value();
  const int n = z.shape().size();
  std::vector<float>& soft = L.aux;  // scratch: log(1 + e^-|z|), four at a time
  soft.resize(size_t(n));
  map4(pz, soft.data(), n, [](f4 v) {
    const f4 a = (f4)((i4)v & int32_t(0x7fffffff));
    return log4(1.0f + exp4(-a));
  });
  double s = 0.0;
  for (int i = 0; i < n; ++i) s += std::max(pz[i], 0.0f) - pz[i] * py[i] + soft[size_t(i)];
  L.value()[0] = float(s / n);
  return last(z.t);
}

// Categorical cross-entropy on logits (N,C) with integer targets t_i:
//   l_i = -log softmax(z_i)[t_i] = logsumexp(z_i) - z_i[t_i]
//   dl_i/dz_i = softmax(z_i) - onehot(t_i)          (softmax kept in aux from the forward)
static void cross_entropy_backward(Tape& t, Node& L) {
  Node& Z = t.node(L.in[0]);
  int C = Z.shape.last(), N = Z.shape.rows();
  float* gz = Z.grad();
  const float* p = L.aux.data();
  float s = L.grad()[0] / float(N);
  for (int i = 0; i < N; ++i) {
    for (int j = 0; j < C; ++j) gz[i * C + j] += s * p[i * C + j];
    gz[i * C + L.iaux[size_t(i)]] -= s;
  }
}
Var cross_entropy(Var logits, const std::vector<int>& targets) {
  const Shape& zs = logits.shape();
  int C = zs.last(), N = zs.rows();
  if (zs.rank < 1 || int(targets.size()) != N)
    shape_fail("cross_entropy", "logits " + zs.str() + " need " + std::to_string(N) +
                                    " targets, got " + std::to_string(targets.size()));
  for (int c : targets)
    if (c < 0 || c >= C)
      shape_fail("cross_entropy", "target " + std::to_string(c) + " outside [0," + std::to_string(C) +
                                      ") for logits " + zs.str());
  Node& L = logits.t->push("cross_entropy", Shape{}, {logits.id}, cross_entropy_backward);
  L.iaux.assign(targets.begin(), targets.end());
  L.aux.resize(size_t(N) * C);
  const float* z = logits.value();
  float* p = L.aux.data();
  double loss = 0.0;
  for (int i = 0; i < N; ++i, z += C, p += C) {
    float m = *std::max_element(z, z + C), s = 0.0f;
    for (int j = 0; j < C; ++j) s += p[j] = exp_f(z[j] - m);
    for (int j = 0; j < C; ++j) p[j] /= s;
    loss += double(m) + std::log(double(s)) - z[targets[size_t(i)]];
  }
  L.value()[0] = float(loss / N);
  return last(logits.t);
}

}  // namespace eng
