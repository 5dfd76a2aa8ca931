// Elementwise ops: binary ones with broadcasting, then one-input functions. Each forward is a loop
// over the values; its backward, right below, is the local derivative times the incoming gradient.
#include <cmath>

#include "engine/fastmath.h"
#include "engine/ops.h"

namespace eng {

// ---- broadcasting ------------------------------------------------------------------------------
// The smaller operand must match the trailing axes of the larger one (leading 1s ignored), or be a
// single value. It then repeats with period = its size.
static Shape broadcast_shape(const char* op, const Shape& a, const Shape& b) {
  if (a == b) return a;
  const Shape& big = a.size() >= b.size() ? a : b;
  const Shape& small = a.size() >= b.size() ? b : a;
  if (small.size() == 1) return big;
  int s = small.rank, lead = 0;
  while (lead < s && small.d[lead] == 1) ++lead;  // (1,C) counts as (C)
  bool ok = (s - lead) <= big.rank;
  for (int i = 0; ok && i < s - lead; ++i) ok = small.d[s - 1 - i] == big.d[big.rank - 1 - i];
  if (!ok)
    shape_fail(op, a.str() + " and " + b.str() +
                       ": cannot broadcast (the smaller must match the trailing axes of the larger)");
  return big;
}

// Calls f(i, ia, ib) for every output index i with the matching indices into a and b.
template <class F>
static inline void broadcast_loop(int n, int na, int nb, F f) {
  if (na == nb) {
    for (int i = 0; i < n; ++i) f(i, i, i);
  } else if (nb < na) {
    for (int r = 0; r < n; r += nb)
      for (int j = 0; j < nb; ++j) f(r + j, r + j, j);
  } else {
    for (int r = 0; r < n; r += na)
      for (int j = 0; j < na; ++j) f(r + j, j, r + j);
  }
}

static Node& binary(const char* op, Var a, Var b, BackwardFn bw) {
  if (a.t != b.t) shape_fail(op, "operands live on different tapes");
  Shape s = broadcast_shape(op, a.shape(), b.shape());
  return a.t->push(op, s, {a.id, b.id}, bw);
}

// y = a + b       dy/da = 1, dy/db = 1
static void add_backward(Tape& t, Node& y) {
  Node &A = t.node(y.in[0]), &B = t.node(y.in[1]);
  float *ga = A.grad(), *gb = B.grad();
  const float* g = y.grad();
  if (ga) broadcast_loop(y.size(), A.size(), B.size(), [&](int i, int ia, int ib) { ga[ia] += g[i]; });
  if (gb) broadcast_loop(y.size(), A.size(), B.size(), [&](int i, int ia, int ib) { gb[ib] += g[i]; });
}
Var add(Var a, Var b) {
  Node& y = binary("add", a, b, add_backward);
  const float *xa = a.value(), *xb = b.value();
  float* out = y.value();
  broadcast_loop(y.size(), a.shape().size(), b.shape().size(),
                 [&](int i, int ia, int ib) { out[i] = xa[ia] + xb[ib]; });
  return {a.t, a.t->count - 1};
}

// y = a - b       dy/da = 1, dy/db = -1
static void sub_backward(Tape& t, Node& y) {
  Node &A = t.node(y.in[0]), &B = t.node(y.in[1]);
  float *ga = A.grad(), *gb = B.grad();
  const float* g = y.grad();
  if (ga) broadcast_loop(y.size(), A.size(), B.size(), [&](int i, int ia, int ib) { ga[ia] += g[i]; });
  if (gb) broadcast_loop(y.size(), A.size(), B.size(), [&](int i, int ia, int ib) { gb[ib] -= g[i]; });
}
Var sub(Var a, Var b) {
  Node& y = binary("sub", a, b, sub_backward);
  const float *xa = a.value(), *xb = b.value();
  float* out = y.value();
  broadcast_loop(y.size(), a.shape().size(), b.shape().size(),
                 [&](int i, int ia, int ib) { out[i] = xa[ia] - xb[ib]; });
  return {a.t, a.t->count - 1};
}

// y = a * b       dy/da = b, dy/db = a
static void mul_backward(Tape& t, Node& y) {
  Node &A = t.node(y.in[0]), &B = t.node(y.in[1]);
  float *ga = A.grad(), *gb = B.grad();
  const float *xa = A.value(), *xb = B.value(), *g = y.grad();
  if (ga)
    broadcast_loop(y.size(), A.size(), B.size(), [&](int i, int ia, int ib) { ga[ia] += g[i] * xb[ib]; });
  if (gb)
    broadcast_loop(y.size(), A.size(), B.size(), [&](int i, int ia, int ib) { gb[ib] += g[i] * xa[ia]; });
}
Var mul(Var a, Var b) {
  Node& y = binary("mul", a, b, mul_backward);
  const float *xa = a.value(), *xb = b.value();
  float* out = y.value();
  broadcast_loop(y.size(), a.shape().size(), b.shape().size(),
                 [&](int i, int ia, int ib) { out[i] = xa[ia] * xb[ib]; });
  return {a.t, a.t->count - 1};
}

// y = a / b       dy/da = 1/b, dy/db = -a/b^2 = -y/b
static void div_backward(Tape& t, Node& y) {
  Node &A = t.node(y.in[0]), &B = t.node(y.in[1]);
  float *ga = A.grad(), *gb = B.grad();
  const float *xb = B.value(), *out = y.value(), *g = y.grad();
  if (ga)
    broadcast_loop(y.size(), A.size(), B.size(), [&](int i, int ia, int ib) { ga[ia] += g[i] / xb[ib]; });
  if (gb)
    broadcast_loop(y.size(), A.size(), B.size(),
                   [&](int i, int ia, int ib) { gb[ib] -= g[i] * out[i] / xb[ib]; });
}
Var div(Var a, Var b) {
  Node& y = binary("div", a, b, div_backward);
  const float *xa = a.value(), *xb = b.value();
  float* out = y.value();
  broadcast_loop(y.size(), a.shape().size(), b.shape().size(),
                 [&](int i, int ia, int ib) { out[i] = xa[ia] / xb[ib]; });
  return {a.t, a.t->count - 1};
}

// ---- one input ---------------------------------------------------------------------------------
// Each unary op: y = f(x); backward adds f'(x) * dy to dx, with f' written from x or from y.
static Node& unary(const char* op, Var x, BackwardFn bw) { return x.t->push(op, x.shape(), {x.id}, bw); }
static Var last(Var x) { return {x.t, x.t->count - 1}; }

// y = a x + c (add_scalar, mul_scalar, rsub_scalar share it)    dy/dx = a
static void affine_backward(Tape& t, Node& y) {
  float* gx = t.node(y.in[0]).grad();
  const float* g = y.grad();
  for (int i = 0, n = y.size(); i < n; ++i) gx[i] += y.f[0] * g[i];
}
static Var affine(const char* op, Var x, float a, float c) {
  Node& y = unary(op, x, affine_backward);
  y.f[0] = a;
  const float* in = x.value();
  float* out = y.value();
  for (int i = 0, n = y.size(); i < n; ++i) out[i] = a * in[i] + c;
  return last(x);
}
Var add_scalar(Var x, float c) { return affine("add_scalar", x, 1.0f, c); }
Var mul_scalar(Var x, float c) { return affine("mul_scalar", x, c, 0.0f); }
Var rsub_scalar(float c, Var x) { return affine("rsub_scalar", x, -1.0f, c); }

// y = 1 / (1 + e^-x)      dy/dx = y (1 - y)
static void sigmoid_backward(Tape& t, Node& y) {
  float* gx = t.node(y.in[0]).grad();
  const float *out = y.value(), *g = y.grad();
  for (int i = 0, n = y.size(); i < n; ++i) gx[i] += out[i] * (1.0f - out[i]) * g[i];
}
Var sigmoid(Var x) {
  Node& y = unary("sigmoid", x, sigmoid_backward);
  const float* in = x.value();
  float* out = y.value();
  map4(in, out, y.size(), sigmoid4);
  return last(x);
}

// y = tanh x      dy/dx = 1 - y^2
static void tanh_backward(Tape& t, Node& y) {
  float* gx = t.node(y.in[0]).grad();
  const float *out = y.value(), *g = y.grad();
  for (int i = 0, n = y.size(); i < n; ++i) gx[i] += (1.0f - out[i] * out[i]) * g[i];
}
Var tanh(Var x) {
  Node& y = unary("tanh", x, tanh_backward);
  const float* in = x.value();
  float* out = y.value();
  map4(in, out, y.size(), tanh4);
  return last(x);
}

// y = max(x, 0)     dy/dx = [x > 0]
static void relu_backward(Tape& t, Node& y) {
  float* gx = t.node(y.in[0]).grad();
  const float *out = y.value(), *g = y.grad();
  for (int i = 0, n = y.size(); i < n; ++i) {
    float gi = g[i];  // loaded unconditionally, so the select below vectorises
    gx[i] += out[i] > 0.0f ? gi : 0.0f;
  }
}
Var relu(Var x) {
  Node& y = unary("relu", x, relu_backward);
  const float* in = x.value();
  float* out = y.value();
  for (int i = 0, n = y.size(); i < n; ++i) out[i] = in[i] > 0.0f ? in[i] : 0.0f;
  return last(x);
}

// y = x if x > 0 else slope x     dy/dx = 1 or slope
static void leaky_relu_backward(Tape& t, Node& y) {
  Node& X = t.node(y.in[0]);
  float* gx = X.grad();
  const float *in = X.value(), *g = y.grad();
  float slope = y.f[0];
  for (int i = 0, n = y.size(); i < n; ++i) {
    gx[i] += (in[i] > 0.0f ? 1.0f : slope) * g[i];  // selecting a constant keeps this vectorised
  }
}
Var leaky_relu(Var x, float slope) {
  Node& y = unary("leaky_relu", x, leaky_relu_backward);
  y.f[0] = slope;
  const float* in = x.value();
  float* out = y.value();
  for (int i = 0, n = y.size(); i < n; ++i) {
    out[i] = (in[i] > 0.0f ? 1.0f : slope) * in[i];
  }
  return last(x);
}

// y = e^x     dy/dx = y
static void exp_backward(Tape& t, Node& y) {
  float* gx = t.node(y.in[0]).grad();
  const float *out = y.value(), *g = y.grad();
  for (int i = 0, n = y.size(); i < n; ++i) gx[i] += out[i] * g[i];
}
Var exp(Var x) {
  Node& y = unary("exp", x, exp_backward);
  const float* in = x.value();
  float* out = y.value();
  map4(in, out, y.size(), exp4);
  return last(x);
}

// y = ln x     dy/dx = 1/x      (x <= 0 gives -inf/NaN: the NaN guard reports it)
static void log_backward(Tape& t, Node& y) {
  Node& X = t.node(y.in[0]);
  float* gx = X.grad();
  const float *in = X.value(), *g = y.grad();
  for (int i = 0, n = y.size(); i < n; ++i) gx[i] += g[i] / in[i];
}
Var log(Var x) {
  Node& y = unary("log", x, log_backward);
  const float* in = x.value();
  float* out = y.value();
  for (int i = 0, n = y.size(); i < n; ++i) out[i] = std::log(in[i]);
  return last(x);
}

// y = x^2     dy/dx = 2x
static void square_backward(Tape& t, Node& y) {
  Node& X = t.node(y.in[0]);
  float* gx = X.grad();
  const float *in = X.value(), *g = y.grad();
  for (int i = 0, n = y.size(); i < n; ++i) gx[i] += 2.0f * in[i] * g[i];
}
Var square(Var x) {
  Node& y = unary("square", x, square_backward);
  const float* in = x.value();
  float* out = y.value();
  for (int i = 0, n = y.size(); i < n; ++i) out[i] = in[i] * in[i];
  return last(x);
}

// y = sqrt x     dy/dx = 1 / (2 y)
static void sqrt_backward(Tape& t, Node& y) {
  float* gx = t.node(y.in[0]).grad();
  const float *out = y.value(), *g = y.grad();
  for (int i = 0, n = y.size(); i < n; ++i) gx[i] += g[i] / (2.0f * out[i]);
}
Var sqrt(Var x) {
  Node& y = unary("sqrt", x, sqrt_backward);
  const float* in = x.value();
  float* out = y.value();
  for (int i = 0, n = y.size(); i < n; ++i) out[i] = std::sqrt(in[i]);
  return last(x);
}

}  // namespace eng
