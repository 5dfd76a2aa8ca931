// exp, log, tanh and sigmoid written once, for every platform. Two reasons:
//  - the same bits natively and in wasm (glibc's and musl's expf/tanhf differ in the last bits,
//    and a replayed run should not drift);
//  - speed: glibc's tanhf was over half of a 2-8-8-1 training step. These work on 4 floats at a
//    time with GCC/Clang vector extensions (SSE natively, SIMD128 in wasm), branch-free.
// Both are the Cephes single-precision algorithms (about 1 ulp). The scalar versions run the same
// vector code on one lane, so a value gets the same bits whichever path computed it.
#pragma once
#include <cstdint>
#include <cstring>

namespace eng {

typedef float f4 __attribute__((vector_size(16)));
typedef int32_t i4 __attribute__((vector_size(16)));

inline f4 select4(i4 mask, f4 a, f4 b) { return (f4)(((i4)a & mask) | ((i4)b & ~mask)); }

// e^x: x = n ln2 + r with |r| <= ln2/2, e^r by a degree-6 polynomial, 2^n put into the exponent.
inline f4 exp4(f4 x) {
  const float hi = 88.3762626647949f, lo = -87.3365447504019f;  // below lo the result is 0
  const f4 zero = {0, 0, 0, 0}, one = zero + 1.0f;
  f4 xc = select4(x > hi, zero + hi, x);
  xc = select4(xc < lo, zero + lo, xc);
  f4 t = xc * 1.44269504088896341f + 0.5f;
  f4 n = __builtin_convertvector(__builtin_convertvector(t, i4), f4);  // trunc(t) ...
  n = n - select4(n > t, one, zero);                                   // ... floor(t)
  f4 r = xc - n * 0.693359375f + n * 2.12194440e-4f;  // ln2 in two parts: the first product is exact
  f4 y = ((((1.9875691500e-4f * r + 1.3981999507e-3f) * r + 8.3334519073e-3f) * r + 4.1665795894e-2f) * r +
          1.6666665459e-1f) * r + 5.0000001201e-1f;
  y = y * r * r + r + 1.0f;
  i4 bits = (__builtin_convertvector(n, i4) + 127) << 23;
  return select4(x < lo, zero, y * (f4)bits);
}

// tanh: an odd polynomial near 0 (where 1 - 2/(e^2x + 1) would lose digits), that formula elsewhere.
inline f4 tanh4(f4 x) {
  i4 sign = (i4)x & int32_t(0x80000000);
  f4 a = (f4)((i4)x & int32_t(0x7fffffff));
  f4 s = x * x;
  f4 p = (((-5.70498872745e-3f * s + 2.06390887954e-2f) * s - 5.37397155531e-2f) * s + 1.33314422036e-1f) * s;
  p = p - 3.33332819422e-1f;
  f4 small = p * s * x + x;
  f4 big = 1.0f - 2.0f / (exp4(a + a) + 1.0f);
  big = (f4)((i4)big | sign);
  return select4(a < 0.625f, small, big);
}

inline f4 sigmoid4(f4 x) { return 1.0f / (1.0f + exp4(-x)); }

// log x for normal x > 0: x = m 2^e with m in [sqrt(1/2), sqrt(2)), log(m) by Cephes' polynomial
// in m - 1. (glibc's log1pf was a third of a VAE step, in the Bernoulli loss.)
inline f4 log4(f4 x) {
  const i4 bits = (i4)x;
  f4 e = __builtin_convertvector(((bits >> 23) & 0xff) - 126, f4);
  f4 m = (f4)((bits & 0x007fffff) | 0x3f000000);  // in [0.5, 1)
  const i4 low = m < 0.707106781186547524f;
  e = e - select4(low, f4{1, 1, 1, 1}, f4{0, 0, 0, 0});
  m = m + select4(low, m, f4{0, 0, 0, 0}) - 1.0f;
  const f4 z = m * m;
  f4 y = 7.0376836292e-2f * m - 1.1514610310e-1f;
  y = y * m + 1.1676998740e-1f;
  y = y * m - 1.2420140846e-1f;
  y = y * m + 1.4249322787e-1f;
  y = y * m - 1.6668057665e-1f;
  y = y * m + 2.0000714765e-1f;
  y = y * m - 2.4999993993e-1f;
  y = y * m + 3.3333331174e-1f;
  y = y * m * z;
  y = y - 2.12194440e-4f * e - 0.5f * z;
  return m + y + 0.693359375f * e;
}

inline float exp_f(float x) { return exp4(f4{x, x, x, x})[0]; }
inline float log_f(float x) { return log4(f4{x, x, x, x})[0]; }
inline float tanh_f(float x) { return tanh4(f4{x, x, x, x})[0]; }
inline float sigmoid_f(float x) { return sigmoid4(f4{x, x, x, x})[0]; }

// out[i] = f(in[i]) four at a time; the tail goes through a zero-padded vector.
template <class F>
inline void map4(const float* in, float* out, int n, F f) {
  int i = 0;
  for (; i + 4 <= n; i += 4) {
    f4 v;
    std::memcpy(&v, in + i, sizeof v);
    v = f(v);
    std::memcpy(out + i, &v, sizeof v);
  }
  if (i < n) {
    float buf[4] = {0, 0, 0, 0};
    std::memcpy(buf, in + i, sizeof(float) * size_t(n - i));
    f4 v;
    std::memcpy(&v, buf, sizeof v);
    v = f(v);
    std::memcpy(buf, &v, sizeof v);
    std::memcpy(out + i, buf, sizeof(float) * size_t(n - i));
  }
}

}  // namespace eng
