// Internal GEMM entry points, exposed so tests can hold BOTH paths to the reference at every shape
// and the benchmark can measure the crossover. Same contract as kern::gemm (gemm.h).
#pragma once

namespace kern::detail {

// Direct SIMD loops, no packing, no scratch memory: for tiny products (MLP layers of a few units).
void gemm_small(bool trans_a, bool trans_b, int M, int N, int K, float alpha,
                const float* A, int lda, const float* B, int ldb, float beta, float* C, int ldc);

// Cache-blocked, packed, register-tiled: for everything else.
void gemm_blocked(bool trans_a, bool trans_b, int M, int N, int K, float alpha,
                  const float* A, int lda, const float* B, int ldb, float beta, float* C, int ldc);

// gemm() takes the small path when M*N*K is at most this many multiply-adds (crossover measured
// by bench/kernels_bench.cpp: below it packing costs more than it saves).
constexpr long kSmallThreshold = 16L * 16 * 16;

}  // namespace kern::detail
