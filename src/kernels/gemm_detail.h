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

// gemm_blocked splits a product of at least this many multiply-adds across the kernels' thread
// pool (pool.h), conv2d its images. Measured natively on 2 cores (kernels_bench): n = 128 (2.1 M)
// ran at 0.94x on two threads, n = 256 at 1.67x, n = 512 at 1.86x, n = 1024 at 1.93x.
constexpr long kParallelThreshold = 2L * 128 * 128 * 128;

}  // namespace kern::detail
