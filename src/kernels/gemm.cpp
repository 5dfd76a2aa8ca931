// Fast GEMM, written once with vector extensions (simd.h): SSE natively, SIMD128 in wasm.
// Large products follow the Goto/BLIS scheme: C is computed in MR x NR tiles held in registers
// (the micro-kernel), fed from A and B copied ("packed") into contiguous panels sized for the
// caches, so the inner loop does only aligned loads, broadcasts, multiplies and adds.
// Tiny products (a 2-8-8-1 MLP) skip all that: see gemm_small.
#include "kernels/gemm.h"

#include <algorithm>
#include <cstring>
#include <vector>

#include "kernels/gemm_detail.h"
#include "kernels/pool.h"
#include "kernels/simd.h"

namespace kern {
namespace {

// Register tile: MR rows x NR columns of C, MR * NV accumulator vectors. 4 x 8 (8 accumulators)
// measured best in wasm (best samples ~30 GFLOP/s against ~25 for 6 x 8 and 4 x 12): 12
// accumulators + 2 B vectors + broadcast + product fill all 16 xmm registers, which V8's register
// allocator (it reserves a scratch register) likely cannot do without spilling. Natively 4x8, 5x8,
// 6x8 and 4x12 measured within noise of each other (~24 GFLOP/s best case with SSE).
// (-DKERN_GEMM_MR=6 / -DKERN_GEMM_NV=3 / -DKERN_GEMM_KC=... rebuild other shapes to measure.)
#ifndef KERN_GEMM_MR
#define KERN_GEMM_MR 4
#endif
#ifndef KERN_GEMM_NV
#define KERN_GEMM_NV 2
#endif
#ifndef KERN_GEMM_KC
#define KERN_GEMM_KC 384
#endif
constexpr int MR = KERN_GEMM_MR;
constexpr int NV = KERN_GEMM_NV;  // vectors per tile row
constexpr int NR = NV * kLanesN;
// Cache blocks: a KC x NR panel of B (12 KB for SSE/wasm) stays in L1, an MC x KC block of A
// (96 KB) in L2, a KC x NC panel of B in L2/L3.
constexpr int KC = KERN_GEMM_KC;
constexpr int MC = 16 * MR;
constexpr int NC = 2048;

// --- the micro-kernel ----------------------------------------------------------------------------

// Write the accumulated tile back: beta 0 must not read C (it may hold NaN).
template <class V>
inline V load_v(const float* p) {
  V v;
  std::memcpy(&v, p, sizeof v);
  return v;
}
template <int NVEC, class V, int L = sizeof(V) / sizeof(float)>
inline void store_row(float* c, const V* acc, float beta) {
  for (int v = 0; v < NVEC; ++v) {
    V r = acc[v];
    if (beta == 1.0f) r += load_v<V>(c + L * v);
    else if (beta != 0.0f) r += beta * load_v<V>(c + L * v);
    std::memcpy(c + L * v, &r, sizeof r);
  }
}

// C[MR x NR] = beta * C + a_panel * b_panel, both panels packed: a is kc x MR (column of A per
// k), b is kc x NR (row of B per k). Every loop here has constant bounds and is fully unrolled.
inline void micro_kernel(int kc, const float* __restrict a, const float* __restrict b, float* c,
                         int ldc, float beta) {
  f32xN acc[MR][NV] = {};
  for (int k = 0; k < kc; ++k, a += MR, b += NR) {
    f32xN bv[NV];
    for (int v = 0; v < NV; ++v) bv[v] = loadN(b + kLanesN * v);
    for (int i = 0; i < MR; ++i) {
      const f32xN ai = splatN(a[i]);
      for (int v = 0; v < NV; ++v) acc[i][v] += ai * bv[v];
    }
  }
  for (int i = 0; i < MR; ++i) store_row<NV>(c + i * ldc, acc[i], beta);
}

// A tile cut by the edge of C: compute the full tile into a local buffer, copy what fits.
void edge_kernel(int kc, const float* a, const float* b, float* c, int ldc, float beta, int mr,
                 int nr) {
  alignas(sizeof(f32xN)) float tile[MR * NR];
  micro_kernel(kc, a, b, tile, NR, 0.0f);
  for (int i = 0; i < mr; ++i)
    for (int j = 0; j < nr; ++j) {
      float& cij = c[i * ldc + j];
      cij = tile[i * NR + j] + (beta == 0.0f ? 0.0f : beta * cij);
    }
}

// --- packing -------------------------------------------------------------------------------------

// Rows [0, mc) x cols [0, kc) of alpha * op(A) into MR-row strips, k-major, zero-padded to MR.
// Folding alpha here costs nothing in the inner loop.
void pack_a(bool trans, int mc, int kc, float alpha, const float* A, int lda, float* dst) {
  for (int i0 = 0; i0 < mc; i0 += MR) {
    const int mr = std::min(MR, mc - i0);
    for (int k = 0; k < kc; ++k, dst += MR) {
      for (int i = 0; i < mr; ++i)
        dst[i] = alpha * (trans ? A[long(k) * lda + i0 + i] : A[long(i0 + i) * lda + k]);
      for (int i = mr; i < MR; ++i) dst[i] = 0.0f;
    }
  }
}

// Rows [0, kc) x cols [0, nc) of op(B) into NR-column strips, k-major, zero-padded to NR.
void pack_b(bool trans, int kc, int nc, const float* B, int ldb, float* dst) {
  for (int j0 = 0; j0 < nc; j0 += NR) {
    const int nr = std::min(NR, nc - j0);
    if (!trans && nr == NR) {  // the common case: rows of B are contiguous, copy vectors
      for (int k = 0; k < kc; ++k, dst += NR)
        for (int v = 0; v < NV; ++v) storeN(dst + kLanesN * v, loadN(B + long(k) * ldb + j0 + kLanesN * v));
      continue;
    }
    for (int k = 0; k < kc; ++k, dst += NR) {
      for (int j = 0; j < nr; ++j) dst[j] = trans ? B[long(j0 + j) * ldb + k] : B[long(k) * ldb + j0 + j];
      for (int j = nr; j < NR; ++j) dst[j] = 0.0f;
    }
  }
}

// Scratch panels that grow and are reused: no allocation per call once warm. Vectors of f32xN
// keep them aligned to the vector size.
float* scratch(std::vector<f32xN>& buf, long floats) {
  const size_t n = size_t((floats + kLanesN - 1) / kLanesN);
  if (buf.size() < n) buf.resize(n);
  return reinterpret_cast<float*>(buf.data());
}

// C = beta * C, the whole product when K == 0.
void scale_c(int M, int N, float beta, float* C, int ldc) {
  for (int i = 0; i < M; ++i)
    for (int j = 0; j < N; ++j) C[long(i) * ldc + j] = beta == 0.0f ? 0.0f : beta * C[long(i) * ldc + j];
}

// One MC x KC block of A against one packed KC x NC panel of B.
void macro_kernel(int mc, int nc, int kc, const float* Ap, const float* Bp, float* C, int ldc,
                  float beta) {
  for (int j0 = 0; j0 < nc; j0 += NR) {
    const int nr = std::min(NR, nc - j0);
    const float* b = Bp + long(j0) * kc;
    for (int i0 = 0; i0 < mc; i0 += MR) {
      const int mr = std::min(MR, mc - i0);
      float* c = C + long(i0) * ldc + j0;
      if (mr == MR && nr == NR) micro_kernel(kc, Ap + long(i0) * kc, b, c, ldc, beta);
      else edge_kernel(kc, Ap + long(i0) * kc, b, c, ldc, beta, mr, nr);
    }
  }
}

// --- the small path ------------------------------------------------------------------------------

// op(B)[k, j..j+3] as a vector: one load when B is row-major, a gather when it is transposed.
template <bool TB>
inline f32x4 b_vec(const float* B, int ldb, int k, int j) {
  if (!TB) return load4(B + long(k) * ldb + j);
  const float* p = B + long(j) * ldb + k;
  return f32x4{p[0], p[ldb], p[2 * ldb], p[3 * ldb]};
}
template <bool TA>
inline float a_at(const float* A, int lda, int i, int k) {
  return TA ? A[long(k) * lda + i] : A[long(i) * lda + k];
}
template <bool TB>
inline float b_at(const float* B, int ldb, int k, int j) {
  return TB ? B[long(j) * ldb + k] : B[long(k) * ldb + j];
}

inline float merge(float acc, float alpha, float beta, float c) {
  return alpha * acc + (beta == 0.0f ? 0.0f : beta * c);
}

// One row of C, 8 then 4 columns at a time in vectors, the rest scalar.
template <bool TA, bool TB>
void small_row(int i, int N, int K, float alpha, const float* A, int lda, const float* B, int ldb,
               float beta, float* c) {
  int j = 0;
  for (; j + 8 <= N; j += 8) {
    f32x4 acc[2] = {};
    for (int k = 0; k < K; ++k) {
      const f32x4 a = splat4(a_at<TA>(A, lda, i, k));
      acc[0] += a * b_vec<TB>(B, ldb, k, j);
      acc[1] += a * b_vec<TB>(B, ldb, k, j + 4);
    }
    acc[0] *= splat4(alpha);
    acc[1] *= splat4(alpha);
    store_row<2>(c + j, acc, beta);
  }
  for (; j + 4 <= N; j += 4) {
    f32x4 acc = {};
    for (int k = 0; k < K; ++k) acc += splat4(a_at<TA>(A, lda, i, k)) * b_vec<TB>(B, ldb, k, j);
    acc *= splat4(alpha);
    store_row<1>(c + j, &acc, beta);
  }
  for (; j < N; ++j) {
    float acc = 0.0f;
    for (int k = 0; k < K; ++k) acc += a_at<TA>(A, lda, i, k) * b_at<TB>(B, ldb, k, j);
    c[j] = merge(acc, alpha, beta, c[j]);
  }
}

template <bool TA, bool TB>
void small_gemm(int M, int N, int K, float alpha, const float* A, int lda, const float* B, int ldb,
                float beta, float* C, int ldc) {
  for (int i = 0; i < M; ++i) small_row<TA, TB>(i, N, K, alpha, A, lda, B, ldb, beta, C + long(i) * ldc);
}

}  // namespace

namespace detail {

void gemm_small(bool trans_a, bool trans_b, int M, int N, int K, float alpha, const float* A,
                int lda, const float* B, int ldb, float beta, float* C, int ldc) {
  if (trans_a) {
    if (trans_b) small_gemm<true, true>(M, N, K, alpha, A, lda, B, ldb, beta, C, ldc);
    else small_gemm<true, false>(M, N, K, alpha, A, lda, B, ldb, beta, C, ldc);
  } else {
    if (trans_b) small_gemm<false, true>(M, N, K, alpha, A, lda, B, ldb, beta, C, ldc);
    else small_gemm<false, false>(M, N, K, alpha, A, lda, B, ldb, beta, C, ldc);
  }
}

void gemm_blocked(bool trans_a, bool trans_b, int M, int N, int K, float alpha, const float* A,
                  int lda, const float* B, int ldb, float beta, float* C, int ldc) {
  if (M <= 0 || N <= 0) return;
  if (K <= 0) return scale_c(M, N, beta, C, ldc);
  static thread_local std::vector<f32xN> b_buf;
  const int nc_max = std::min(NC, (N + NR - 1) / NR * NR);
  float* Bp = scratch(b_buf, long(std::min(KC, K)) * nc_max);
  // The tasks of one packed panel of B: MC-row blocks of A, and when there are fewer of those
  // than threads, column chunks (whole NR strips) too. Each writes its own block of C with the
  // same arithmetic as the serial loop, so the result does not depend on the thread count.
  const int threads = double(M) * N * K >= double(kParallelThreshold) ? pool_threads() : 1;
  const int row_blocks = (M + MC - 1) / MC;
  const int col_chunks =
      threads == 1 ? 1 : std::min((nc_max + NR - 1) / NR, (2 * threads + row_blocks - 1) / row_blocks);
  for (int jc = 0; jc < N; jc += NC) {
    const int nc = std::min(NC, N - jc);
    const int strips = (nc + NR - 1) / NR, chunk = (strips + col_chunks - 1) / col_chunks * NR;
    for (int pc = 0; pc < K; pc += KC) {
      const int kc = std::min(KC, K - pc);
      const float* Bblk = trans_b ? B + long(jc) * ldb + pc : B + long(pc) * ldb + jc;
      pack_b(trans_b, kc, nc, Bblk, ldb, Bp);
      const float beta_k = pc == 0 ? beta : 1.0f;  // later K blocks accumulate
      auto task = [&](int t) {
        const int ic = (t / col_chunks) * MC, j0 = (t % col_chunks) * chunk;
        if (j0 >= nc) return;
        const int mc = std::min(MC, M - ic), ncj = std::min(chunk, nc - j0);
        static thread_local std::vector<f32xN> a_buf;  // each thread packs its own block of A
        float* Ap = scratch(a_buf, long(kc) * MC);
        const float* Ablk = trans_a ? A + long(pc) * lda + ic : A + long(ic) * lda + pc;
        pack_a(trans_a, mc, kc, alpha, Ablk, lda, Ap);
        macro_kernel(mc, ncj, kc, Ap, Bp + long(j0) * kc, C + long(ic) * ldc + jc + j0, ldc, beta_k);
      };
      const int tasks = row_blocks * col_chunks;
      if (threads > 1) parallel_for(tasks, task);
      else for (int t = 0; t < tasks; ++t) task(t);
    }
  }
}

}  // namespace detail

void gemm(bool trans_a, bool trans_b, int M, int N, int K, float alpha, const float* A, int lda,
          const float* B, int ldb, float beta, float* C, int ldc) {
  if (long(M) * N * K <= detail::kSmallThreshold)
    detail::gemm_small(trans_a, trans_b, M, N, K, alpha, A, lda, B, ldb, beta, C, ldc);
  else
    detail::gemm_blocked(trans_a, trans_b, M, N, K, alpha, A, lda, B, ldb, beta, C, ldc);
}

}  // namespace kern
