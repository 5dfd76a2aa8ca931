// Reductions (sum, mean over everything or one axis) and softmax / log-softmax over the last axis.
#include <algorithm>
#include <cmath>
#include <string>

#include "engine/fastmath.h"
#include "engine/ops.h"

namespace eng {

static Var last(Tape* t) { return {t, t->count - 1}; }

// ---- sum and mean of everything: y = s * sum_i x_i, s = 1 or 1/n   dy/dx_i = s ---------------------
static void sum_all_backward(Tape& t, Node& y) {
  Node& X = t.node(y.in[0]);
  float* gx = X.grad();
  float g = y.grad()[0] * y.f[0];
  for (int i = 0, n = X.size(); i < n; ++i) gx[i] += g;
}
static Var sum_all(const char* op, Var x, bool average) {
  Node& y = x.t->push(op, Shape{}, {x.id}, sum_all_backward);
  int n = x.shape().size();
  y.f[0] = average ? 1.0f / float(n) : 1.0f;
  const float* in = x.value();
  double s = 0.0;  // double: a mean over many values should not depend on their order much
  for (int i = 0; i < n; ++i) s += in[i];
  y.value()[0] = float(s * y.f[0]);
  return last(x.t);
}
Var sum(Var x) { return sum_all("sum", x, false); }
Var mean(Var x) { return sum_all("mean", x, true); }

// ---- along one axis: x seen as (outer, A, inner), y is (outer, inner) ------------------------------
// k[0] = outer, k[1] = A, k[2] = inner; f[0] = 1 or 1/A
static void sum_axis_backward(Tape& t, Node& y) {
  int outer = y.k[0], A = y.k[1], inner = y.k[2];
  float* gx = t.node(y.in[0]).grad();
  const float* g = y.grad();
  for (int o = 0; o < outer; ++o)
    for (int a = 0; a < A; ++a)
      for (int j = 0; j < inner; ++j) gx[(o * A + a) * inner + j] += y.f[0] * g[o * inner + j];
}
static Var sum_axis(const char* op, Var x, int axis, bool average) {
  Shape xs = x.shape();
  int ax = axis < 0 ? axis + xs.rank : axis;
  if (ax < 0 || ax >= xs.rank)
    shape_fail(op, "axis " + std::to_string(axis) + " out of range for " + xs.str());
  int outer = 1, inner = 1, A = xs.d[ax];
  for (int i = 0; i < ax; ++i) outer *= xs.d[i];
  for (int i = ax + 1; i < xs.rank; ++i) inner *= xs.d[i];
  Shape s;
  for (int i = 0; i < xs.rank; ++i)
    if (i != ax) s.d[s.rank++] = xs.d[i];
  Node& y = x.t->push(op, s, {x.id}, sum_axis_backward);
  y.k[0] = outer;
  y.k[1] = A;
  y.k[2] = inner;
  y.f[0] = average ? 1.0f / float(A) : 1.0f;
  const float* in = x.value();
  float* out = y.value();
  std::fill(out, out + outer * inner, 0.0f);
  for (int o = 0; o < outer; ++o)
    for (int a = 0; a < A; ++a)
      for (int j = 0; j < inner; ++j) out[o * inner + j] += in[(o * A + a) * inner + j];
  for (int i = 0; i < outer * inner; ++i) out[i] *= y.f[0];
  return last(x.t);
}
Var sum(Var x, int axis) { return sum_axis("sum_axis", x, axis, false); }
Var mean(Var x, int axis) { return sum_axis("mean_axis", x, axis, true); }

// ---- softmax over the last axis ------------------------------------------------------------------
// y_j = e^(x_j - m) / sum_k e^(x_k - m), m = max_k x_k (so no exp overflows)
// dx_j = y_j (g_j - sum_k g_k y_k)
static void softmax_backward(Tape& t, Node& y) {
  int C = y.shape.last(), R = y.shape.rows();
  float* gx = t.node(y.in[0]).grad();
  const float *p = y.value(), *g = y.grad();
  for (int r = 0; r < R; ++r, p += C, g += C, gx += C) {
    float dot = 0.0f;
    for (int j = 0; j < C; ++j) dot += g[j] * p[j];
    for (int j = 0; j < C; ++j) gx[j] += p[j] * (g[j] - dot);
  }
}
Var softmax(Var x) {
  Node& y = x.t->push("softmax", x.shape(), {x.id}, softmax_backward);
  int C = y.shape.last(), R = y.shape.rows();
  const float* in = x.value();
  float* out = y.value();
  for (int r = 0; r < R; ++r, in += C, out += C) {
    float m = *std::max_element(in, in + C), s = 0.0f;
    for (int j = 0; j < C; ++j) s += out[j] = exp_f(in[j] - m);
    for (int j = 0; j < C; ++j) out[j] /= s;
  }
  return last(x.t);
}

// y_j = x_j - m - log sum_k e^(x_k - m)          dx_j = g_j - softmax_j sum_k g_k
static void log_softmax_backward(Tape& t, Node& y) {
  int C = y.shape.last(), R = y.shape.rows();
  float* gx = t.node(y.in[0]).grad();
  const float *ly = y.value(), *g = y.grad();
  for (int r = 0; r < R; ++r, ly += C, g += C, gx += C) {
    float gs = 0.0f;
    for (int j = 0; j < C; ++j) gs += g[j];
    for (int j = 0; j < C; ++j) gx[j] += g[j] - exp_f(ly[j]) * gs;
  }
}
Var log_softmax(Var x) {
  Node& y = x.t->push("log_softmax", x.shape(), {x.id}, log_softmax_backward);
  int C = y.shape.last(), R = y.shape.rows();
  const float* in = x.value();
  float* out = y.value();
  for (int r = 0; r < R; ++r, in += C, out += C) {
    float m = *std::max_element(in, in + C), s = 0.0f;
    for (int j = 0; j < C; ++j) s += exp_f(in[j] - m);
    float lse = m + std::log(s);
    for (int j = 0; j < C; ++j) out[j] = in[j] - lse;
  }
  return last(x.t);
}

// ---- causal mask: y_ij = x_ij if j <= i else -1e30 (finite, so the NaN guard stays quiet) --------
// dy/dx = 1 on and below the diagonal, 0 above
static void causal_mask_backward(Tape& t, Node& y) {
  int T = y.shape.last(), R = y.shape.rows();
  float* gx = t.node(y.in[0]).grad();
  const float* g = y.grad();
  for (int r = 0; r < R; ++r)
    for (int j = 0; j <= r % T; ++j) gx[r * T + j] += g[r * T + j];
}
Var causal_mask(Var x) {
  const Shape& s = x.shape();
  if (s.rank < 2 || s.d[s.rank - 2] != s.d[s.rank - 1])
    shape_fail("causal_mask", s.str() + ": scores must be (...,T,T)");
  Node& y = x.t->push("causal_mask", s, {x.id}, causal_mask_backward);
  int T = s.last(), R = s.rows();
  const float* in = x.value();
  float* out = y.value();
  for (int r = 0; r < R; ++r)
    for (int j = 0; j < T; ++j) out[r * T + j] = j <= r % T ? in[r * T + j] : -1e30f;
  return last(x.t);
}

}  // namespace eng
