// Fast convolution: im2col turns each image into a (C*R*S) x (P*Q) matrix of input patches, so the
// convolution becomes one GEMM per image on the fast kernel; col2im scatters patch gradients back.
//   forward:  y_n  (K x PQ)   = W (K x CRS) * col_n (CRS x PQ) + b
//   backward: dW  (K x CRS)  += dy_n (K x PQ) * col_n^T
//             dcol (CRS x PQ) = W^T * dy_n,  then dx_n += col2im(dcol)
#include "kernels/conv.h"

#include <algorithm>
#include <functional>
#include <vector>

#include "kernels/gemm.h"
#include "kernels/gemm_detail.h"
#include "kernels/pool.h"

namespace kern {
namespace {

// The output columns q whose input column q*stride + t - pad lies inside [0, W): [q0, q1).
void valid_q(int t, const ConvShape& s, int Q, int& q0, int& q1) {
  const int off = t - s.pad;  // input column of q = 0
  q0 = off >= 0 ? 0 : (-off + s.stride - 1) / s.stride;
  q1 = off >= s.W ? 0 : std::min(Q, (s.W - 1 - off) / s.stride + 1);
  q0 = std::min(q0, q1);
}

// One image x (C x H x W) to col (C*R*S rows of P*Q); padding reads as zero.
void im2col(const ConvShape& s, const float* x, float* col) {
  const int P = s.P(), Q = s.Q();
  for (int c = 0; c < s.C; ++c)
    for (int r = 0; r < s.R; ++r)
      for (int t = 0; t < s.S; ++t, col += long(P) * Q) {
        int q0, q1;
        valid_q(t, s, Q, q0, q1);
        for (int p = 0; p < P; ++p) {
          float* row = col + long(p) * Q;
          const int h = p * s.stride + r - s.pad;
          if (h < 0 || h >= s.H) {
            std::fill(row, row + Q, 0.0f);
            continue;
          }
          const float* xr = x + (long(c) * s.H + h) * s.W + (t - s.pad);
          std::fill(row, row + q0, 0.0f);
          for (int q = q0; q < q1; ++q) row[q] = xr[long(q) * s.stride];
          std::fill(row + q1, row + Q, 0.0f);
        }
      }
}

// The adjoint of im2col: add every patch entry back onto the input pixel it was read from.
void col2im_add(const ConvShape& s, const float* col, float* dx) {
  const int P = s.P(), Q = s.Q();
  for (int c = 0; c < s.C; ++c)
    for (int r = 0; r < s.R; ++r)
      for (int t = 0; t < s.S; ++t, col += long(P) * Q) {
        int q0, q1;
        valid_q(t, s, Q, q0, q1);
        for (int p = 0; p < P; ++p) {
          const int h = p * s.stride + r - s.pad;
          if (h < 0 || h >= s.H) continue;
          const float* row = col + long(p) * Q;
          float* xr = dx + (long(c) * s.H + h) * s.W + (t - s.pad);
          for (int q = q0; q < q1; ++q) xr[long(q) * s.stride] += row[q];
        }
      }
}

// A patch matrix that grows and is reused: no allocation per call once warm.
float* col_buffer(long floats) {
  static thread_local std::vector<float> buf;
  if (long(buf.size()) < floats) buf.resize(size_t(floats));
  return buf.data();
}

// Images go to the thread pool (pool.h) when the whole call is big enough to pay for it. Each
// image's output (y_n, dx_n) is its own, computed as in the serial loop: the result does not
// depend on the thread count. dW and db sum over the images and stay serial, in image order.
bool worth_threads(const ConvShape& s) {  // (in doubles: wasm's long is 32 bits)
  return double(s.N) * s.K * s.P() * s.Q() * s.C * s.R * s.S >= double(detail::kParallelThreshold);
}

void over_images(const ConvShape& s, const std::function<void(int)>& image) {
  if (worth_threads(s)) parallel_for(s.N, image);
  else
    for (int n = 0; n < s.N; ++n) image(n);
}

}  // namespace

void conv2d_forward(const ConvShape& s, const float* x, const float* w, const float* b, float* y) {
  const int PQ = s.P() * s.Q(), CRS = s.C * s.R * s.S;
  const long x_img = long(s.C) * s.H * s.W, y_img = long(s.K) * PQ;
  over_images(s, [&](int n) {
    float* col = col_buffer(long(CRS) * PQ);  // the running thread's
    float* yn = y + n * y_img;
    // Start from the bias and let the GEMM accumulate onto it (beta = 1).
    for (int k = 0; k < s.K; ++k) std::fill(yn + long(k) * PQ, yn + long(k + 1) * PQ, b ? b[k] : 0.0f);
    im2col(s, x + n * x_img, col);
    gemm(false, false, s.K, PQ, CRS, 1.0f, w, CRS, col, PQ, 1.0f, yn, PQ);
  });
}

void conv2d_backward(const ConvShape& s, const float* x, const float* w, const float* dy,
                     float* dx, float* dw, float* db) {
  const int PQ = s.P() * s.Q(), CRS = s.C * s.R * s.S;
  const long x_img = long(s.C) * s.H * s.W, y_img = long(s.K) * PQ;
  for (int n = 0; n < s.N && (db || dw); ++n) {
    const float* dyn = dy + n * y_img;
    if (db)
      for (int k = 0; k < s.K; ++k) {
        float sum = 0.0f;
        for (int i = 0; i < PQ; ++i) sum += dyn[long(k) * PQ + i];
        db[k] += sum;
      }
    if (dw) {
      float* col = col_buffer(long(CRS) * PQ);
      im2col(s, x + n * x_img, col);
      gemm(false, true, s.K, CRS, PQ, 1.0f, dyn, PQ, col, PQ, 1.0f, dw, CRS);
    }
  }
  if (!dx) return;
  over_images(s, [&](int n) {
    static thread_local std::vector<float> dcol;
    if (long(dcol.size()) < long(CRS) * PQ) dcol.resize(size_t(CRS) * PQ);
    gemm(true, false, CRS, PQ, s.K, 1.0f, w, CRS, dy + n * y_img, PQ, 0.0f, dcol.data(), PQ);
    col2im_add(s, dcol.data(), dx + n * x_img);
  });
}

}  // namespace kern
