// The kernels' thread pool (src/kernels/pool.h) and the GEMM that splits across it: every task runs
// exactly once, really on several threads where the build has them, a nested or concurrent
// parallel_for still finishes, and GEMM's and conv's results are bit for bit the same for any
// thread count.
#include <catch2/catch.hpp>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstring>
#include <vector>

#include "engine/rng.h"
#include "kernels/conv.h"
#include "kernels/gemm.h"
#include "kernels/gemm_detail.h"
#include "kernels/pool.h"

#if !defined(__EMSCRIPTEN__) || defined(__EMSCRIPTEN_PTHREADS__)
#define HAS_THREADS 1
#include <chrono>
#include <mutex>
#include <set>
#include <thread>
#endif

namespace {

// Restores the pool's thread count when a test ends.
struct Threads {
  int before = kern::pool_threads();
  explicit Threads(int n) { kern::set_pool_threads(n); }
  ~Threads() { kern::set_pool_threads(before); }
};

std::vector<int> run_counts(int n) {
  std::vector<std::atomic<int>> count(size_t(n > 0 ? n : 1));
  kern::parallel_for(n, [&](int i) { count[size_t(i)]++; });
  std::vector<int> out;
  for (int i = 0; i < n; ++i) out.push_back(count[size_t(i)].load());
  return out;
}

}  // namespace

TEST_CASE("parallel_for runs every task exactly once, for any thread count", "[kernels][pool]") {
  const int threads = GENERATE(1, 2, 3, 4);
  Threads use(threads);
  for (int n : {0, 1, 2, 7, 1000}) {
    INFO("threads " << threads << ", tasks " << n);
    CHECK(run_counts(n) == std::vector<int>(size_t(n), 1));
  }
}

TEST_CASE("the thread count is clamped, and threads are used where the build has them", "[kernels][pool]") {
  {
    Threads use(0);
    CHECK(kern::pool_threads() == 1);
  }
  Threads use(1000);
#ifdef HAS_THREADS
  CHECK(kern::pool_threads() == kern::kMaxPoolThreads);
  kern::set_pool_threads(3);
  std::mutex m;
  std::set<std::thread::id> ids;
  kern::parallel_for(12, [&](int) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));  // long enough for the workers to join
    std::lock_guard<std::mutex> l(m);
    ids.insert(std::this_thread::get_id());
  });
  CHECK(ids.size() > 1);
  CHECK(ids.size() <= 3);
#else
  CHECK(kern::pool_threads() == 1);  // wasm without -pthread: serial
#endif
}

TEST_CASE("a parallel_for inside a task, or from two threads at once, still runs everything",
          "[kernels][pool]") {
  Threads use(4);
  std::vector<std::atomic<int>> count(64);
  kern::parallel_for(8, [&](int i) {
    kern::parallel_for(8, [&](int j) { count[size_t(i * 8 + j)]++; });
  });
  for (auto& c : count) CHECK(c.load() == 1);
#ifdef HAS_THREADS
  std::vector<int> a, b;
  std::thread other([&] { a = run_counts(500); });
  b = run_counts(500);
  other.join();
  CHECK(a == std::vector<int>(500, 1));
  CHECK(b == std::vector<int>(500, 1));
#endif
}

TEST_CASE("gemm gives the same bits with 1, 2, 3 or 4 threads", "[kernels][pool][gemm]") {
  struct Case {
    bool ta, tb;
    int M, N, K;
    float beta;
  };
  // Above the parallel threshold: many row blocks; one row block (split by columns); odd edges.
  const Case cases[] = {{false, false, 256, 256, 256, 0.0f}, {true, false, 130, 517, 97, 1.0f},
                        {false, true, 1, 4099, 1100, 0.5f},   {true, true, 333, 65, 401, 0.0f},
                        {false, false, 40, 2500, 300, 1.0f}};
  for (const Case& c : cases) {
    REQUIRE(long(c.M) * c.N * c.K >= kern::detail::kParallelThreshold);
    eng::Rng rng(7);
    std::vector<float> A(size_t(c.M) * c.K), B(size_t(c.K) * c.N), C0(size_t(c.M) * c.N);
    for (auto* v : {&A, &B, &C0})
      for (auto& x : *v) x = rng.uniform(-1.0f, 1.0f);
    const int lda = c.ta ? c.M : c.K, ldb = c.tb ? c.K : c.N;
    std::vector<float> serial;
    for (int threads = 1; threads <= 4; ++threads) {
      Threads use(threads);
      std::vector<float> C = C0;
      kern::gemm(c.ta, c.tb, c.M, c.N, c.K, 1.0f, A.data(), lda, B.data(), ldb, c.beta, C.data(), c.N);
      if (threads == 1) {
        serial = C;
        std::vector<float> ref = C0;
        kern::gemm_ref(c.ta, c.tb, c.M, c.N, c.K, 1.0f, A.data(), lda, B.data(), ldb, c.beta, ref.data(),
                       c.N);
        double worst = 0;
        for (size_t i = 0; i < C.size(); ++i) worst = std::max(worst, double(std::fabs(C[i] - ref[i])));
        CHECK(worst <= 1e-5 * (1 + c.K));
        continue;
      }
      INFO("M=" << c.M << " N=" << c.N << " K=" << c.K << ", " << threads << " threads");
      CHECK(std::memcmp(C.data(), serial.data(), C.size() * sizeof(float)) == 0);
    }
  }
}

TEST_CASE("conv2d gives the same bits with 1 or 3 threads", "[kernels][pool][conv]") {
  const kern::ConvShape shapes[] = {{64, 1, 28, 28, 8, 5, 5}, {128, 3, 23, 21, 16, 3, 3, 2, 1}};
  for (const kern::ConvShape& s : shapes) {
    REQUIRE(double(s.N) * s.K * s.P() * s.Q() * s.C * s.R * s.S >= double(kern::detail::kParallelThreshold));
    const size_t nx = size_t(s.N) * s.C * s.H * s.W, nw = size_t(s.K) * s.C * s.R * s.S;
    const size_t ny = size_t(s.N) * s.K * s.P() * s.Q();
    eng::Rng rng(3);
    std::vector<float> x(nx), w(nw), b(size_t(s.K)), dy(ny);
    for (auto* v : {&x, &w, &b, &dy})
      for (auto& e : *v) e = rng.uniform(-1.0f, 1.0f);
    std::vector<std::vector<float>> out[2];
    for (int run = 0; run < 2; ++run) {
      Threads use(run == 0 ? 1 : 3);
      std::vector<float> y(ny), dx(nx, 0.0f), dw(nw, 0.0f), db(size_t(s.K), 0.0f);
      kern::conv2d_forward(s, x.data(), w.data(), b.data(), y.data());
      kern::conv2d_backward(s, x.data(), w.data(), dy.data(), dx.data(), dw.data(), db.data());
      out[run] = {y, dx, dw, db};
    }
    INFO("conv N=" << s.N << " C=" << s.C << " K=" << s.K);
    for (size_t i = 0; i < 4; ++i) CHECK(out[0][i] == out[1][i]);
  }
}
