// matmul: C = op(A) op(B), op = identity or transpose of the last two axes.
// Forward and backward both go through kern::gemm (SIMD, blocked; fast for small sizes too).
#include <algorithm>
#include <cstring>
#include <string>

#include "engine/ops.h"
#include "kernels/gemm.h"

namespace eng {

// C (M,N) = beta C + op(A) op(B); beta is 0 (overwrite) or 1 (accumulate, as gradients do).
// Measured (tiny loops vs kern::gemm at 10x8x8 up to 64x128x784, native and wasm): the kernel is as
// fast as an inline loop even for a 2-8-8-1 network and several times faster from 16x16x16 on
// in wasm, so every product goes to it.
static void mm(bool ta, bool tb, int M, int N, int K, const float* A, int lda, const float* B,
               int ldb, float beta, float* C, int ldc) {
  kern::gemm(ta, tb, M, N, K, 1.0f, A, lda, B, ldb, beta, C, ldc);
}

// Saved in the node: k[0..6] = M, N, K, batch, trans_a, trans_b, B is shared across the batch.
static void matmul_backward(Tape& t, Node& y) {
  Node &An = t.node(y.in[0]), &Bn = t.node(y.in[1]);
  int M = y.k[0], N = y.k[1], K = y.k[2], batch = y.k[3];
  bool ta = y.k[4], tb = y.k[5], shared_B = y.k[6];
  float *dA = An.grad(), *dB = Bn.grad();
  const float *A = An.value(), *B = Bn.value(), *dC = y.grad();
  size_t sA = size_t(M) * K, sB = shared_B ? 0 : size_t(K) * N, sC = size_t(M) * N;
  for (int p = 0; p < batch; ++p, A += sA, B += sB, dC += sC) {
    // C = A B:      dA = dC B^T,   dB = A^T dC   (the transposed cases follow from these)
    if (dA) {
      float* dAp = dA + p * sA;
      if (!ta && !tb) mm(false, true, M, K, N, dC, N, B, N, 1.0f, dAp, K);
      else if (!ta && tb) mm(false, false, M, K, N, dC, N, B, K, 1.0f, dAp, K);
      else if (ta && !tb) mm(false, true, K, M, N, B, N, dC, N, 1.0f, dAp, M);
      else mm(true, true, K, M, N, B, K, dC, N, 1.0f, dAp, M);
    }
    if (dB) {
      float* dBp = dB + p * sB;
      if (!ta && !tb) mm(true, false, K, N, M, A, K, dC, N, 1.0f, dBp, N);
      else if (ta && !tb) mm(false, false, K, N, M, A, M, dC, N, 1.0f, dBp, N);
      else if (!ta && tb) mm(true, false, N, K, M, dC, N, A, K, 1.0f, dBp, K);
      else mm(true, true, N, K, M, dC, N, A, M, 1.0f, dBp, K);
    }
  }
}

Var matmul(Var A, Var B, bool ta, bool tb) {
  const Shape &a = A.shape(), &b = B.shape();
  auto names = [&] { return a.str() + (ta ? "^T" : "") + " x " + b.str() + (tb ? "^T" : ""); };
  if (a.rank < 2 || b.rank < 2) shape_fail("matmul", names() + ": both operands need 2 or more axes");
  int M = ta ? a.d[a.rank - 1] : a.d[a.rank - 2], Ka = ta ? a.d[a.rank - 2] : a.d[a.rank - 1];
  int Kb = tb ? b.d[b.rank - 1] : b.d[b.rank - 2], N = tb ? b.d[b.rank - 2] : b.d[b.rank - 1];
  if (Ka != Kb)
    shape_fail("matmul", names() + ": inner sizes " + std::to_string(Ka) + " and " +
                             std::to_string(Kb) + " differ");
  bool shared_B = b.rank == 2;
  if (!shared_B) {
    bool same = a.rank == b.rank;
    for (int i = 0; same && i < a.rank - 2; ++i) same = a.d[i] == b.d[i];
    if (!same) shape_fail("matmul", names() + ": batch axes differ");
  }
  int batch = 1;
  for (int i = 0; i < a.rank - 2; ++i) batch *= a.d[i];
  Shape s = a;
  s.d[s.rank - 2] = M;
  s.d[s.rank - 1] = N;
  if (shared_B && !ta) {  // (...,M,K) x (K,N) is one (batch*M, K) x (K,N) product
    M *= batch;
    batch = 1;
  }
  Node& y = A.t->push("matmul", s, {A.id, B.id}, matmul_backward);
  int k[7] = {M, N, Ka, batch, ta, tb, shared_B};
  std::copy(k, k + 7, y.k);
  const float *pa = A.value(), *pb = B.value();
  float* pc = y.value();
  size_t sA = size_t(M) * Ka, sB = shared_B ? 0 : size_t(Ka) * N, sC = size_t(M) * N;
  for (int p = 0; p < batch; ++p)
    mm(ta, tb, M, N, Ka, pa + p * sA, ta ? M : Ka, pb + p * sB, tb ? Ka : N, 0.0f, pc + p * sC, N);
  return {A.t, A.t->count - 1};
}

}  // namespace eng
