// Portable 128-bit float vectors (GCC/Clang vector extensions): the same source compiles to SSE
// natively and to wasm SIMD128 under Emscripten (-msimd128), so the kernels are written once.
#pragma once
#include <cstring>

namespace kern {

typedef float f32x4 __attribute__((vector_size(16)));

// Unaligned load/store: memcpy compiles to a single movups / v128.load.
inline f32x4 load4(const float* p) {
  f32x4 v;
  std::memcpy(&v, p, sizeof v);
  return v;
}
inline void store4(float* p, f32x4 v) { std::memcpy(p, &v, sizeof v); }

// Broadcast one float to all lanes (shufps / vbroadcastss natively, v128.load32_splat in wasm).
inline f32x4 splat4(float x) { return f32x4{x, x, x, x}; }

// The widest vector the target has, for the GEMM micro-kernel: 128 bits for SSE and wasm SIMD128
// (the builds that matter), 256 bits when a native build may use AVX (-DCOURSE_NATIVE_ISA=ON).
#if defined(__AVX__)
typedef float f32xN __attribute__((vector_size(32)));
#else
typedef f32x4 f32xN;
#endif
constexpr int kLanesN = sizeof(f32xN) / sizeof(float);

inline f32xN loadN(const float* p) {
  f32xN v;
  std::memcpy(&v, p, sizeof v);
  return v;
}
inline void storeN(float* p, f32xN v) { std::memcpy(p, &v, sizeof v); }
// Spelled out: `f32xN{} + x` keeps a real add (0 + x is not x for x = -0), and a lane loop is
// not always unrolled by clang 14 (it went through memory in wasm).
inline f32xN splatN(float x) {
#if defined(__AVX__)
  return f32xN{x, x, x, x, x, x, x, x};
#else
  return splat4(x);
#endif
}

}  // namespace kern
