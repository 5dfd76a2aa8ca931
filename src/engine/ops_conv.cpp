// Convolution and pooling on NCHW tensors. conv2d's arithmetic lives in kern::conv2d_forward /
// conv2d_backward (im2col + SIMD GEMM); this file checks shapes and wires them into the tape.
#include <string>

#include "engine/ops.h"
#include "kernels/conv.h"

namespace eng {

static Var last(Tape* t) { return {t, t->count - 1}; }

static kern::ConvShape conv_shape(const Shape& x, const Shape& w, int stride, int pad) {
  kern::ConvShape s;
  s.N = x.d[0];
  s.C = x.d[1];
  s.H = x.d[2];
  s.W = x.d[3];
  s.K = w.d[0];
  s.R = w.d[2];
  s.S = w.d[3];
  s.stride = stride;
  s.pad = pad;
  return s;
}

// y[n,k] = b[k] + sum_c x[n,c] (*) w[k,c]   (cross-correlation); k[0] = stride, k[1] = pad
static void conv2d_backward(Tape& t, Node& y) {
  Node &X = t.node(y.in[0]), &Wn = t.node(y.in[1]);
  float* db = y.in.size() > 2 ? t.node(y.in[2]).grad() : nullptr;
  kern::conv2d_backward(conv_shape(X.shape, Wn.shape, y.k[0], y.k[1]), X.value(), Wn.value(), y.grad(),
                        X.grad(), Wn.grad(), db);
}
Var conv2d(Var x, Var w, Var b, int stride, int pad) {
  const Shape &xs = x.shape(), &ws = w.shape();
  std::string names = "x " + xs.str() + ", w " + ws.str();
  if (xs.rank != 4 || ws.rank != 4) shape_fail("conv2d", names + ": x must be (N,C,H,W) and w (K,C,R,S)");
  if (xs.d[1] != ws.d[1])
    shape_fail("conv2d", names + ": input channels " + std::to_string(xs.d[1]) + " and " +
                             std::to_string(ws.d[1]) + " differ");
  if (stride < 1 || pad < 0) shape_fail("conv2d", names + ": stride must be >= 1 and pad >= 0");
  kern::ConvShape cs = conv_shape(xs, ws, stride, pad);
  if (xs.d[2] + 2 * pad < ws.d[2] || xs.d[3] + 2 * pad < ws.d[3])
    shape_fail("conv2d", names + ": the filter is larger than the padded input");
  bool has_b = b.id >= 0;
  if (has_b && (b.shape().rank != 1 || b.shape().d[0] != ws.d[0]))
    shape_fail("conv2d", names + ", b " + b.shape().str() + ": b must be (K)");
  Shape s{cs.N, cs.K, cs.P(), cs.Q()};
  Node& y = has_b ? x.t->push("conv2d", s, {x.id, w.id, b.id}, conv2d_backward)
                  : x.t->push("conv2d", s, {x.id, w.id}, conv2d_backward);
  y.k[0] = stride;
  y.k[1] = pad;
  kern::conv2d_forward(cs, x.value(), w.value(), has_b ? b.value() : nullptr, y.value());
  return last(x.t);
}

// ---- pooling: windows size x size moved by stride, no padding ---------------------------------
static Shape pool_shape(const char* op, const Shape& xs, int size, int stride) {
  if (xs.rank != 4) shape_fail(op, xs.str() + ": x must be (N,C,H,W)");
  if (size < 1 || stride < 1 || xs.d[2] < size || xs.d[3] < size)
    shape_fail(op, xs.str() + ": window " + std::to_string(size) + " stride " + std::to_string(stride) +
                       " does not fit");
  return Shape{xs.d[0], xs.d[1], (xs.d[2] - size) / stride + 1, (xs.d[3] - size) / stride + 1};
}

// y = max over the window; the gradient goes to the winner only (iaux keeps its index)
static void max_pool_backward(Tape& t, Node& y) {
  float* gx = t.node(y.in[0]).grad();
  const float* g = y.grad();
  for (int i = 0, n = y.size(); i < n; ++i) gx[y.iaux[size_t(i)]] += g[i];
}
Var max_pool2d(Var x, int size, int stride) {
  Shape xs = x.shape(), s = pool_shape("max_pool2d", xs, size, stride);
  Node& y = x.t->push("max_pool2d", s, {x.id}, max_pool_backward);
  y.iaux.resize(size_t(s.size()));
  int H = xs.d[2], W = xs.d[3], P = s.d[2], Q = s.d[3];
  const float* in = x.value();
  float* out = y.value();
  int o = 0;
  for (int nc = 0; nc < xs.d[0] * xs.d[1]; ++nc)
    for (int p = 0; p < P; ++p)
      for (int q = 0; q < Q; ++q, ++o) {
        int best = nc * H * W + p * stride * W + q * stride;
        for (int r = 0; r < size; ++r)
          for (int c = 0; c < size; ++c) {
            int i = nc * H * W + (p * stride + r) * W + q * stride + c;
            if (in[i] > in[best]) best = i;
          }
        out[o] = in[best];
        y.iaux[size_t(o)] = best;
      }
  return last(x.t);
}

// y = mean over the window; each input in the window gets g / size^2
static void avg_pool_backward(Tape& t, Node& y) {
  Node& X = t.node(y.in[0]);
  int size = y.k[0], stride = y.k[1], H = X.shape.d[2], W = X.shape.d[3], P = y.shape.d[2], Q = y.shape.d[3];
  float* gx = X.grad();
  const float* g = y.grad();
  float scale = 1.0f / float(size * size);
  int o = 0;
  for (int nc = 0; nc < X.shape.d[0] * X.shape.d[1]; ++nc)
    for (int p = 0; p < P; ++p)
      for (int q = 0; q < Q; ++q, ++o)
        for (int r = 0; r < size; ++r)
          for (int c = 0; c < size; ++c)
            gx[nc * H * W + (p * stride + r) * W + q * stride + c] += scale * g[o];
}
Var avg_pool2d(Var x, int size, int stride) {
  Shape xs = x.shape(), s = pool_shape("avg_pool2d", xs, size, stride);
  Node& y = x.t->push("avg_pool2d", s, {x.id}, avg_pool_backward);
  y.k[0] = size;
  y.k[1] = stride;
  int H = xs.d[2], W = xs.d[3], P = s.d[2], Q = s.d[3];
  const float* in = x.value();
  float* out = y.value();
  float scale = 1.0f / float(size * size);
  int o = 0;
  for (int nc = 0; nc < xs.d[0] * xs.d[1]; ++nc)
    for (int p = 0; p < P; ++p)
      for (int q = 0; q < Q; ++q, ++o) {
        float acc = 0.0f;
        for (int r = 0; r < size; ++r)
          for (int c = 0; c < size; ++c) acc += in[nc * H * W + (p * stride + r) * W + q * stride + c];
        out[o] = acc * scale;
      }
  return last(x.t);
}

}  // namespace eng
