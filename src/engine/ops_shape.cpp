// Ops that move values without arithmetic: reshape, transpose, concat, slice, embedding lookup.
// Their backward moves the gradient back along the same path (adding where values were shared).
#include <algorithm>
#include <string>

#include "engine/ops.h"

namespace eng {

static Var last(Tape* t) { return {t, t->count - 1}; }

static int norm_axis(const char* op, const Shape& s, int axis) {
  int a = axis < 0 ? axis + s.rank : axis;
  if (a < 0 || a >= s.rank)
    shape_fail(op, "axis " + std::to_string(axis) + " out of range for " + s.str());
  return a;
}

// ---- reshape: same values, new shape --------------------------------------------------------------
static void reshape_backward(Tape& t, Node& y) {
  float* gx = t.node(y.in[0]).grad();
  const float* g = y.grad();
  for (int i = 0, n = y.size(); i < n; ++i) gx[i] += g[i];
}
Var reshape(Var x, Shape s) {
  if (s.size() != x.shape().size())
    shape_fail("reshape", x.shape().str() + " to " + s.str() + ": sizes " +
                              std::to_string(x.shape().size()) + " and " + std::to_string(s.size()) +
                              " differ");
  Node& y = x.t->push("reshape", s, {x.id}, reshape_backward);
  std::copy(x.value(), x.value() + s.size(), y.value());
  return last(x.t);
}

// ---- transpose: swap two axes ---------------------------------------------------------------------
// Walks the output in order; `from` is the matching input offset (input strides, axes swapped).
template <class F>
static void transpose_loop(const Shape& xs, int a0, int a1, F f) {
  int stride[4];
  stride[3] = 1;
  for (int i = 2; i >= 0; --i) stride[i] = stride[i + 1] * xs.d[i + 1];
  int od[4] = {xs.d[0], xs.d[1], xs.d[2], xs.d[3]}, os[4] = {stride[0], stride[1], stride[2], stride[3]};
  std::swap(od[a0], od[a1]);
  std::swap(os[a0], os[a1]);
  int to = 0;
  for (int i0 = 0; i0 < od[0]; ++i0)
    for (int i1 = 0; i1 < od[1]; ++i1)
      for (int i2 = 0; i2 < od[2]; ++i2)
        for (int i3 = 0; i3 < od[3]; ++i3) f(to++, i0 * os[0] + i1 * os[1] + i2 * os[2] + i3 * os[3]);
}
static void transpose_backward(Tape& t, Node& y) {
  Node& X = t.node(y.in[0]);
  float* gx = X.grad();
  const float* g = y.grad();
  transpose_loop(X.shape, y.k[0], y.k[1], [&](int to, int from) { gx[from] += g[to]; });
}
Var transpose(Var x, int axis0, int axis1) {
  Shape xs = x.shape();
  int a0 = norm_axis("transpose", xs, axis0), a1 = norm_axis("transpose", xs, axis1);
  Shape s = xs;
  std::swap(s.d[a0], s.d[a1]);
  Node& y = x.t->push("transpose", s, {x.id}, transpose_backward);
  y.k[0] = a0;
  y.k[1] = a1;
  const float* in = x.value();
  float* out = y.value();
  transpose_loop(xs, a0, a1, [&](int to, int from) { out[to] = in[from]; });
  return last(x.t);
}

// ---- concat and slice along an axis --------------------------------------------------------------
// Both see a tensor as (outer, axis, inner): outer = product of the axes before, inner = after.
static void outer_inner(const Shape& s, int axis, int& outer, int& inner) {
  outer = inner = 1;
  for (int i = 0; i < axis; ++i) outer *= s.d[i];
  for (int i = axis + 1; i < s.rank; ++i) inner *= s.d[i];
}

static void concat_backward(Tape& t, Node& y) {
  int axis = y.k[0], outer, inner, offset = 0;
  outer_inner(y.shape, axis, outer, inner);
  int row = y.shape.d[axis] * inner;
  const float* g = y.grad();
  for (int id : y.in) {
    Node& X = t.node(id);
    int w = X.shape.d[axis] * inner;
    if (float* gx = X.grad())
      for (int o = 0; o < outer; ++o)
        for (int j = 0; j < w; ++j) gx[o * w + j] += g[o * row + offset + j];
    offset += w;
  }
}
Var concat(const std::vector<Var>& xs, int axis) {
  if (xs.empty()) shape_fail("concat", "no inputs");
  Shape s = xs[0].shape();
  int a = norm_axis("concat", s, axis);
  std::vector<int> ids;
  ids.reserve(xs.size());
  for (size_t i = 0; i < xs.size(); ++i) {
    const Shape& si = xs[i].shape();
    bool ok = si.rank == s.rank;
    for (int j = 0; ok && j < s.rank; ++j) ok = j == a || si.d[j] == xs[0].shape().d[j];
    if (!ok)
      shape_fail("concat", xs[0].shape().str() + " and " + si.str() + ": sizes differ off axis " +
                               std::to_string(a));
    if (i) s.d[a] += si.d[a];
    ids.push_back(xs[i].id);
  }
  Tape* t = xs[0].t;
  Node& y = t->push("concat", s, ids, concat_backward);
  y.k[0] = a;
  int outer, inner, offset = 0;
  outer_inner(s, a, outer, inner);
  int row = s.d[a] * inner;
  float* out = y.value();
  for (const Var& x : xs) {
    int w = x.shape().d[a] * inner;
    const float* in = x.value();
    for (int o = 0; o < outer; ++o) std::copy(in + o * w, in + (o + 1) * w, out + o * row + offset);
    offset += w;
  }
  return last(t);
}

// k[0] = axis, k[1] = begin
static void slice_backward(Tape& t, Node& y) {
  Node& X = t.node(y.in[0]);
  int outer, inner;
  outer_inner(X.shape, y.k[0], outer, inner);
  int row = X.shape.d[y.k[0]] * inner, w = y.shape.d[y.k[0]] * inner, offset = y.k[1] * inner;
  float* gx = X.grad();
  const float* g = y.grad();
  for (int o = 0; o < outer; ++o)
    for (int j = 0; j < w; ++j) gx[o * row + offset + j] += g[o * w + j];
}
Var slice(Var x, int axis, int begin, int end) {
  Shape xs = x.shape();
  int a = norm_axis("slice", xs, axis);
  if (begin < 0 || end > xs.d[a] || begin >= end)
    shape_fail("slice", xs.str() + ": range [" + std::to_string(begin) + "," + std::to_string(end) +
                            ") is empty or outside axis " + std::to_string(a) + " of size " +
                            std::to_string(xs.d[a]));
  Shape s = xs;
  s.d[a] = end - begin;
  Node& y = x.t->push("slice", s, {x.id}, slice_backward);
  y.k[0] = a;
  y.k[1] = begin;
  int outer, inner;
  outer_inner(xs, a, outer, inner);
  int row = xs.d[a] * inner, w = s.d[a] * inner, offset = begin * inner;
  const float* in = x.value();
  float* out = y.value();
  for (int o = 0; o < outer; ++o) std::copy(in + o * row + offset, in + o * row + offset + w, out + o * w);
  return last(x.t);
}

// ---- embedding: out[i,:] = W[ids[i],:] -----------------------------------------------------------
// backward: dW[ids[i],:] += dout[i,:]  (a row used twice gets both gradients)
static void embedding_backward(Tape& t, Node& y) {
  Node& Wn = t.node(y.in[0]);
  int C = Wn.shape.d[1];
  float* dW = Wn.grad();
  const float* g = y.grad();
  for (size_t i = 0; i < y.iaux.size(); ++i)
    for (int c = 0; c < C; ++c) dW[size_t(y.iaux[i]) * C + c] += g[i * C + c];
}
Var embedding(Var W, const std::vector<int>& ids, Shape ids_shape) {
  const Shape& ws = W.shape();
  if (ws.rank != 2) shape_fail("embedding", "table " + ws.str() + " must be (V,C)");
  if (int(ids.size()) != ids_shape.size() || ids_shape.rank > 3)
    shape_fail("embedding", std::to_string(ids.size()) + " ids for ids shape " + ids_shape.str());
  int V = ws.d[0], C = ws.d[1];
  for (int id : ids)
    if (id < 0 || id >= V)
      shape_fail("embedding", "id " + std::to_string(id) + " outside table " + ws.str());
  Shape s = ids_shape;
  s.d[s.rank++] = C;
  Node& y = W.t->push("embedding", s, {W.id}, embedding_backward);
  y.iaux.assign(ids.begin(), ids.end());
  const float* w = W.value();
  float* out = y.value();
  for (size_t i = 0; i < ids.size(); ++i)
    std::copy(w + size_t(ids[i]) * C, w + size_t(ids[i] + 1) * C, out + i * C);
  return last(W.t);
}

}  // namespace eng
