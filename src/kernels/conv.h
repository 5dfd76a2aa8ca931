// 2-D convolution (cross-correlation, as in every DL framework), NCHW layout, float32.
// x: N x C x H x W, w: K x C x R x S, b: K (may be null), y: N x K x P x Q with
// P = (H + 2*pad - R) / stride + 1 and Q = (W + 2*pad - S) / stride + 1.
// conv2d() is the fast path (im2col + SIMD GEMM); conv2d_ref() the direct-loop reference.
// The backward functions ACCUMULATE (+=) into dx, dw, db, as autograd gradients do; any of
// them may be null when that gradient is not needed.
#pragma once

namespace kern {

struct ConvShape {
  int N, C, H, W;  // input
  int K, R, S;     // filters: K output channels of C x R x S
  int stride = 1, pad = 0;
  int P() const { return (H + 2 * pad - R) / stride + 1; }
  int Q() const { return (W + 2 * pad - S) / stride + 1; }
};

void conv2d_forward(const ConvShape& s, const float* x, const float* w, const float* b, float* y);
void conv2d_backward(const ConvShape& s, const float* x, const float* w, const float* dy,
                     float* dx, float* dw, float* db);

void conv2d_forward_ref(const ConvShape& s, const float* x, const float* w, const float* b, float* y);
void conv2d_backward_ref(const ConvShape& s, const float* x, const float* w, const float* dy,
                         float* dx, float* dw, float* db);

}  // namespace kern
