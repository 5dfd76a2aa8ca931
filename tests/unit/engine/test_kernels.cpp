// The SIMD kernels against their scalar references: GEMM (both internal paths and the dispatcher)
// over sizes that are 1, odd, not multiples of the tile or cache blocks, every transpose, alpha and
// beta cases and padded strides; conv2d forward and backward over strides, paddings and kernels.
#include <catch2/catch.hpp>

#include <cmath>
#include <limits>
#include <vector>

#include "kernels/conv.h"
#include "kernels/gemm.h"
#include "kernels/gemm_detail.h"
#include "engine/rng.h"

namespace {

// The engine's one generator, so native and wasm draw the same inputs.
std::vector<float> random_vec(size_t n, unsigned seed) {
  eng::Rng rng(seed);
  std::vector<float> v(n);
  for (auto& x : v) x = rng.uniform(-1.0f, 1.0f);
  return v;
}

using GemmFn = void (*)(bool, bool, int, int, int, float, const float*, int, const float*, int,
                        float, float*, int);

struct GemmCase {
  bool ta, tb;
  int M, N, K;
  float alpha, beta;
  int pad;  // extra stride beyond the stored width, for every matrix
};

// Run fn and gemm_ref on the same inputs; C starts random, or NaN when beta == 0 (must be ignored).
void check_gemm(GemmFn fn, const GemmCase& g) {
  const int a_rows = g.ta ? g.K : g.M, a_cols = g.ta ? g.M : g.K;
  const int b_rows = g.tb ? g.N : g.K, b_cols = g.tb ? g.K : g.N;
  const int lda = a_cols + g.pad, ldb = b_cols + g.pad, ldc = g.N + g.pad;
  const auto A = random_vec(size_t(a_rows) * lda, 11), B = random_vec(size_t(b_rows) * ldb, 12);
  auto C = random_vec(size_t(g.M) * ldc, 13);
  if (g.beta == 0.0f)
    for (int i = 0; i < g.M; ++i)
      for (int j = 0; j < g.N; ++j) C[size_t(i) * ldc + j] = std::numeric_limits<float>::quiet_NaN();
  auto expect = C;
  fn(g.ta, g.tb, g.M, g.N, g.K, g.alpha, A.data(), lda, B.data(), ldb, g.beta, C.data(), ldc);
  kern::gemm_ref(g.ta, g.tb, g.M, g.N, g.K, g.alpha, A.data(), lda, B.data(), ldb, g.beta, expect.data(),
                 ldc);
  // Float accumulation error grows with K; entries are O(sqrt(K)) for inputs in [-1, 1].
  const float tol = 1e-5f * (1.0f + float(g.K));
  int bad = 0;
  size_t first = 0;
  for (int i = 0; i < g.M; ++i)
    for (size_t j = 0; j < size_t(ldc); ++j) {
      const size_t at = size_t(i) * ldc + j;
      const bool ok = j < size_t(g.N) ? std::fabs(C[at] - expect[at]) <= tol
                                      : C[at] == expect[at];  // stride padding left untouched
      if (!ok && bad++ == 0) first = at;
    }
  INFO("first mismatch C[" << first / ldc << "," << first % ldc << "] = " << C[first] << ", reference "
                           << expect[first]);
  INFO("ta=" << g.ta << " tb=" << g.tb << " M=" << g.M << " N=" << g.N << " K=" << g.K
             << " alpha=" << g.alpha << " beta=" << g.beta << " pad=" << g.pad);
  CHECK(bad == 0);
}

struct Path {
  const char* name;
  GemmFn fn;
};
const Path kPaths[] = {{"gemm", kern::gemm},
                       {"small path", kern::detail::gemm_small},
                       {"blocked path", kern::detail::gemm_blocked}};

}  // namespace

TEST_CASE("gemm equals gemm_ref on small and odd sizes, all transposes", "[kernels][gemm]") {
  const int M = GENERATE(1, 3, 7, 17, 33);
  const int N = GENERATE(1, 3, 7, 17, 33);
  const int K = GENERATE(1, 3, 7, 17, 33);
  for (const Path& p : kPaths)
    for (int t = 0; t < 4; ++t) {
      INFO(p.name);
      check_gemm(p.fn, {bool(t & 1), bool(t & 2), M, N, K, 1.0f, 0.0f, 0});
    }
}

TEST_CASE("gemm equals gemm_ref on larger sizes, alpha and beta, strides", "[kernels][gemm]") {
  const int M = GENERATE(1, 64, 129);
  const int N = GENERATE(1, 7, 64, 129);
  const int K = GENERATE(1, 33, 64, 129);
  const auto ab = GENERATE(std::pair<float, float>{1.0f, 0.0f}, std::pair<float, float>{1.0f, 1.0f},
                           std::pair<float, float>{-0.5f, 0.25f}, std::pair<float, float>{2.0f, 0.0f});
  const int pad = GENERATE(0, 3);
  const int t = GENERATE(0, 1, 2, 3);
  for (const Path& p : kPaths) {
    if (p.fn == kern::detail::gemm_small && long(M) * N * K > 64L * 64 * 64) continue;  // slow, covered
    INFO(p.name);
    check_gemm(p.fn, {bool(t & 1), bool(t & 2), M, N, K, ab.first, ab.second, pad});
  }
}

TEST_CASE("gemm crosses the cache blocks (K > KC, M > MC, N > NR strips)", "[kernels][gemm]") {
  const int t = GENERATE(0, 1, 2, 3);
  const float beta = GENERATE(0.0f, 1.0f, 0.5f);
  check_gemm(kern::gemm, {bool(t & 1), bool(t & 2), 200, 45, 600, 1.5f, beta, 1});
  check_gemm(kern::gemm, {bool(t & 1), bool(t & 2), 13, 2100, 5, 1.0f, beta, 0});
}

TEST_CASE("gemm with K == 0 scales C by beta, and beta == 0 clears NaN", "[kernels][gemm]") {
  for (const Path& p : kPaths) {
    INFO(p.name);
    check_gemm(p.fn, {false, false, 5, 9, 0, 1.0f, 0.0f, 2});
    check_gemm(p.fn, {true, true, 5, 9, 0, 1.0f, 0.5f, 0});
  }
}

TEST_CASE("a tiny MLP's products take the small path and match", "[kernels][gemm]") {
  // The 2-8-8-1 network with batch 10: forward X W, backward dY W^T and X^T dY.
  check_gemm(kern::gemm, {false, false, 10, 8, 2, 1.0f, 0.0f, 0});
  check_gemm(kern::gemm, {false, true, 10, 2, 8, 1.0f, 0.0f, 0});
  check_gemm(kern::gemm, {true, false, 2, 8, 10, 1.0f, 1.0f, 0});
  check_gemm(kern::gemm, {false, false, 10, 8, 8, 1.0f, 0.0f, 0});
  check_gemm(kern::gemm, {false, false, 10, 1, 8, 1.0f, 0.0f, 0});
}

namespace {

void check_close(const std::vector<float>& got, const std::vector<float>& want, float tol, const char* what) {
  REQUIRE(got.size() == want.size());
  size_t bad = 0, first = 0;
  for (size_t i = 0; i < got.size(); ++i)
    if (!(std::fabs(got[i] - want[i]) <= tol * (1.0f + std::fabs(want[i])))) {
      if (bad++ == 0) first = i;
    }
  INFO(what << ": " << bad << " mismatches, first at " << first << " (" << got[first] << " vs "
            << want[first] << ")");
  CHECK(bad == 0);
}

}  // namespace

TEST_CASE("conv2d forward and backward equal the reference", "[kernels][conv]") {
  struct Geo {
    int N, C, H, W, K;
  };
  const Geo g = GENERATE(Geo{1, 1, 5, 5, 1}, Geo{2, 3, 7, 9, 4}, Geo{3, 2, 11, 6, 5}, Geo{1, 4, 13, 13, 8});
  const int R = GENERATE(1, 3, 5);
  const int stride = GENERATE(1, 2);
  const int pad = GENERATE(0, 1, 2);
  kern::ConvShape s{g.N, g.C, g.H, g.W, g.K, R, R, stride, pad};
  if (s.H + 2 * pad < R || s.W + 2 * pad < R) return;  // kernel larger than the padded input
  INFO("N=" << s.N << " C=" << s.C << " H=" << s.H << " W=" << s.W << " K=" << s.K << " R=S=" << R
            << " stride=" << stride << " pad=" << pad);
  const size_t nx = size_t(s.N) * s.C * s.H * s.W, nw = size_t(s.K) * s.C * R * R;
  const size_t ny = size_t(s.N) * s.K * s.P() * s.Q();
  const auto x = random_vec(nx, 21), w = random_vec(nw, 22), b = random_vec(s.K, 23), dy = random_vec(ny, 24);

  std::vector<float> y(ny, 7.0f), y_ref(ny, -7.0f);  // forward overwrites y
  kern::conv2d_forward(s, x.data(), w.data(), b.data(), y.data());
  kern::conv2d_forward_ref(s, x.data(), w.data(), b.data(), y_ref.data());
  check_close(y, y_ref, 1e-5f, "y");
  kern::conv2d_forward(s, x.data(), w.data(), nullptr, y.data());
  kern::conv2d_forward_ref(s, x.data(), w.data(), nullptr, y_ref.data());
  check_close(y, y_ref, 1e-5f, "y without bias");

  // Backward accumulates: start every gradient from the same nonzero values.
  auto dx = random_vec(nx, 25), dw = random_vec(nw, 26), db = random_vec(s.K, 27);
  auto dx_ref = dx, dw_ref = dw, db_ref = db;
  kern::conv2d_backward(s, x.data(), w.data(), dy.data(), dx.data(), dw.data(), db.data());
  kern::conv2d_backward_ref(s, x.data(), w.data(), dy.data(), dx_ref.data(), dw_ref.data(), db_ref.data());
  check_close(dx, dx_ref, 1e-4f, "dx");
  check_close(dw, dw_ref, 1e-4f, "dw");
  check_close(db, db_ref, 1e-4f, "db");

  // Any gradient may be skipped.
  auto dw2 = random_vec(nw, 26);
  kern::conv2d_backward(s, x.data(), w.data(), dy.data(), nullptr, dw2.data(), nullptr);
  check_close(dw2, dw_ref, 1e-4f, "dw alone");
  auto dx2 = random_vec(nx, 25);
  kern::conv2d_backward(s, x.data(), w.data(), dy.data(), dx2.data(), nullptr, nullptr);
  check_close(dx2, dx_ref, 1e-4f, "dx alone");
}
