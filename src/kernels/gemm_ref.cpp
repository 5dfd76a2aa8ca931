// The scalar reference GEMM: three loops, double accumulation, no tricks. Tests hold the SIMD
// kernel to this.
#include "kernels/gemm.h"

namespace kern {

void gemm_ref(bool trans_a, bool trans_b, int M, int N, int K, float alpha,
              const float* A, int lda, const float* B, int ldb, float beta, float* C, int ldc) {
  for (int i = 0; i < M; ++i)
    for (int j = 0; j < N; ++j) {
      double acc = 0.0;
      for (int k = 0; k < K; ++k) {
        float a = trans_a ? A[k * lda + i] : A[i * lda + k];
        float b = trans_b ? B[j * ldb + k] : B[k * ldb + j];
        acc += double(a) * double(b);
      }
      float& c = C[i * ldc + j];
      c = float(alpha * acc) + (beta == 0.0f ? 0.0f : beta * c);  // beta == 0 ignores NaN in C
    }
}

}  // namespace kern
