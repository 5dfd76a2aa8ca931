// Direct-loop reference convolution: the definition, written out. Tests hold conv2d() to it.
#include "kernels/conv.h"

namespace kern {

// Visit every (n, k, p, q, c, r, s) term of
//   y[n,k,p,q] = b[k] + sum_{c,r,s} x[n,c,p*st+r-pad,q*st+s-pad] w[k,c,r,s].
template <class F>
static void for_each_term(const ConvShape& s, F f) {
  const int P = s.P(), Q = s.Q();
  for (int n = 0; n < s.N; ++n)
    for (int k = 0; k < s.K; ++k)
      for (int p = 0; p < P; ++p)
        for (int q = 0; q < Q; ++q)
          for (int c = 0; c < s.C; ++c)
            for (int r = 0; r < s.R; ++r)
              for (int t = 0; t < s.S; ++t) {
                int h = p * s.stride + r - s.pad, wi = q * s.stride + t - s.pad;
                if (h < 0 || h >= s.H || wi < 0 || wi >= s.W) continue;
                long xi = ((long(n) * s.C + c) * s.H + h) * s.W + wi;
                long wj = ((long(k) * s.C + c) * s.R + r) * s.S + t;
                long yi = ((long(n) * s.K + k) * P + p) * Q + q;
                f(xi, wj, yi);
              }
}

void conv2d_forward_ref(const ConvShape& s, const float* x, const float* w, const float* b, float* y) {
  const long plane = long(s.P()) * s.Q();
  for (int n = 0; n < s.N; ++n)
    for (int k = 0; k < s.K; ++k)
      for (long i = 0; i < plane; ++i) y[(long(n) * s.K + k) * plane + i] = b ? b[k] : 0.0f;
  for_each_term(s, [&](long xi, long wj, long yi) { y[yi] += x[xi] * w[wj]; });
}

void conv2d_backward_ref(const ConvShape& s, const float* x, const float* w, const float* dy,
                         float* dx, float* dw, float* db) {
  const long plane = long(s.P()) * s.Q();
  if (db)
    for (int n = 0; n < s.N; ++n)
      for (int k = 0; k < s.K; ++k)
        for (long i = 0; i < plane; ++i) db[k] += dy[(long(n) * s.K + k) * plane + i];
  for_each_term(s, [&](long xi, long wj, long yi) {
    if (dx) dx[xi] += w[wj] * dy[yi];  // dL/dx = sum over outputs touching x of w * dy
    if (dw) dw[wj] += x[xi] * dy[yi];  // dL/dw = sum over positions of x * dy
  });
}

}  // namespace kern
