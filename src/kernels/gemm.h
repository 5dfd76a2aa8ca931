// GEMM: C = alpha * op(A) * op(B) + beta * C, all row-major float32.
// op(X) is X or X^T. After op, A is M x K and B is K x N; C is M x N.
// lda, ldb, ldc are the row strides of A, B and C as stored (before op).
// gemm() is the fast path (vector-extension SIMD: SSE natively, SIMD128 in wasm);
// gemm_ref() is the plain scalar reference the tests compare it against.
#pragma once

namespace kern {

void gemm(bool trans_a, bool trans_b, int M, int N, int K, float alpha,
          const float* A, int lda, const float* B, int ldb, float beta, float* C, int ldc);

void gemm_ref(bool trans_a, bool trans_b, int M, int N, int K, float alpha,
              const float* A, int lda, const float* B, int ldb, float beta, float* C, int ldc);

}  // namespace kern
