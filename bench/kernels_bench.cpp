// Kernel benchmark: GEMM GFLOP/s (fast kernel, scalar reference, Eigen when available natively),
// the small-vs-blocked crossover, and an MNIST-shaped conv forward+backward.
// Single thread (as the page), but for the table of the thread pool's GEMM; each figure is the
// median of several timed repeats. Run natively and in wasm
// (node --no-experimental-fetch kernels_bench.js) and compare ratios within one run.
//   kernels_bench [--quick]                 the tables
//   kernels_bench --json N WARMUP_MS REPS   one timed run for ./course bench: REPS products of
//       square n x n matrices (workloads.h, as the browser bench) after WARMUP_MS of untimed ones;
//       prints {"n": N, "ms": ...}
#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <cstdio>
#include <functional>
#include <string>
#include <vector>

#include "engine/rng.h"
#include "kernels/conv.h"
#include "kernels/gemm.h"
#include "kernels/gemm_detail.h"
#include "kernels/pool.h"
#include "workloads.h"

#if !defined(__EMSCRIPTEN__) || defined(__EMSCRIPTEN_PTHREADS__)
#define HAVE_THREADS 1
#include <thread>
#endif

#if !defined(__EMSCRIPTEN__) && __has_include(<eigen3/Eigen/Dense>)
#define HAVE_EIGEN 1
#include <eigen3/Eigen/Dense>
#endif

namespace {

using Clock = std::chrono::steady_clock;

// Seconds per call of f: the median of `repeats` samples (each at least min_s long), and the best
// sample, which is the more repeatable figure when other processes share the cores.
struct Timing {
  double median, best;
};
Timing time_calls(const std::function<void()>& f, int repeats, double min_s) {
  // Warm up caches and scratch buffers, and in wasm give V8 time to replace its baseline (Liftoff)
  // code with optimised (TurboFan) code, which it compiles in the background.
  const auto w0 = Clock::now();
  do f();
  while (std::chrono::duration<double>(Clock::now() - w0).count() < 0.1);
  std::vector<double> samples;
  for (int r = 0; r < repeats; ++r) {
    long calls = 0;
    const auto t0 = Clock::now();
    double dt = 0.0;
    do {
      f();
      ++calls;
      dt = std::chrono::duration<double>(Clock::now() - t0).count();
    } while (dt < min_s);
    samples.push_back(dt / calls);
  }
  std::sort(samples.begin(), samples.end());
  return {samples[samples.size() / 2], samples.front()};
}
double time_per_call(const std::function<void()>& f, int repeats, double min_s) {
  return time_calls(f, repeats, min_s).median;
}

// The engine's one generator, so native and wasm draw the same inputs.
std::vector<float> random_vec(size_t n, unsigned seed) {
  eng::Rng rng(seed);
  std::vector<float> v(n);
  for (auto& x : v) x = rng.uniform(-1.0f, 1.0f);
  return v;
}

// quick: the fast kernel only, for comparing tile shapes (see gemm.cpp).
void bench_gemm_square(bool quick) {
  std::printf("GEMM C = A*B (square n, GFLOP/s: median of 5 samples; best sample in brackets)\n");
  std::printf("%6s %18s %10s %18s\n", "n", "gemm", "gemm_ref", "eigen");
  for (int n : {64, 128, 256, 512}) {
    auto A = random_vec(size_t(n) * n, 1), B = random_vec(size_t(n) * n, 2);
    std::vector<float> C(size_t(n) * n);
    const double flops = 2.0 * n * n * n;
    const Timing fast = time_calls(
        [&] { kern::gemm(false, false, n, n, n, 1.0f, A.data(), n, B.data(), n, 0.0f, C.data(), n); },
        quick ? 41 : 5, quick ? 0.003 : 0.05);
    if (quick) {
      std::printf("%6d %8.2f (%6.2f)\n", n, flops / fast.median * 1e-9, flops / fast.best * 1e-9);
      continue;
    }
    const double ref = time_per_call(
        [&] { kern::gemm_ref(false, false, n, n, n, 1.0f, A.data(), n, B.data(), n, 0.0f, C.data(), n); },
        n >= 512 ? 3 : 5, 0.02);
    Timing eig{0.0, 0.0};
#ifdef HAVE_EIGEN
    using Mat = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
    Eigen::Map<const Mat> Ae(A.data(), n, n), Be(B.data(), n, n);
    Mat Ce(n, n);
    eig = time_calls([&] { Ce.noalias() = Ae * Be; }, 5, 0.05);
#endif
    std::printf("%6d %8.2f (%6.2f) %10.2f", n, flops / fast.median * 1e-9, flops / fast.best * 1e-9,
                flops / ref * 1e-9);
    if (eig.median > 0) std::printf(" %8.2f (%6.2f)", flops / eig.median * 1e-9, flops / eig.best * 1e-9);
    else std::printf(" %18s", "n/a");
    std::printf("\n");
  }
}

#ifdef HAVE_THREADS
// GEMM split across the kernels' thread pool (pool.h), against one thread, on this machine's cores.
void bench_gemm_threads() {
  const int most = std::min(kern::kMaxPoolThreads, int(std::thread::hardware_concurrency()));
  std::printf("\nGEMM on the thread pool (square n, GFLOP/s, median of 5; speed-up over 1 thread)\n");
  std::printf("%6s %10s", "n", "1 thread");
  for (int t = 2; t <= most; t *= 2) std::printf(" %8d threads", t);
  std::printf("\n");
  for (int n : {128, 256, 512, 1024}) {
    auto A = random_vec(size_t(n) * n, 1), B = random_vec(size_t(n) * n, 2);
    std::vector<float> C(size_t(n) * n);
    const double flops = 2.0 * n * n * n;
    auto gflops = [&](int threads) {
      kern::set_pool_threads(threads);
      const double s = time_per_call(
          [&] { kern::gemm(false, false, n, n, n, 1.0f, A.data(), n, B.data(), n, 0.0f, C.data(), n); }, 5,
          0.05);
      return flops / s * 1e-9;
    };
    const double one = gflops(1);
    std::printf("%6d %10.2f", n, one);
    for (int t = 2; t <= most; t *= 2) {
      const double g = gflops(t);
      std::printf(" %8.2f (%4.2fx)", g, g / one);
    }
    std::printf("\n");
  }
  kern::set_pool_threads(1);
}
#endif

// Microseconds per call of the small path and the blocked path: where packing starts to pay.
void bench_crossover() {
  std::printf("\nsmall vs blocked path (us per call; gemm() switches at M*N*K <= %ld)\n",
              kern::detail::kSmallThreshold);
  std::printf("%16s %10s %10s\n", "MxNxK", "small", "blocked");
  const int shapes[][3] = {{10, 8, 2},  {10, 8, 8},   {10, 1, 8},   {16, 16, 16}, {24, 24, 24},
                           {32, 32, 32}, {48, 48, 48}, {64, 64, 64}, {64, 128, 784}};
  for (auto& s : shapes) {
    const int M = s[0], N = s[1], K = s[2];
    auto A = random_vec(size_t(M) * K, 3), B = random_vec(size_t(K) * N, 4);
    std::vector<float> C(size_t(M) * N);
    auto run = [&](auto fn) {
      return 1e6 * time_per_call(
                       [&] { fn(false, false, M, N, K, 1.0f, A.data(), K, B.data(), N, 0.0f, C.data(), N); },
                       5, 0.01);
    };
    char name[32];
    std::snprintf(name, sizeof name, "%dx%dx%d", M, N, K);
    std::printf("%16s %10.3f %10.3f\n", name, run(kern::detail::gemm_small), run(kern::detail::gemm_blocked));
  }
}

void bench_conv() {
  kern::ConvShape s{32, 1, 28, 28, 8, 5, 5};
  const size_t nx = size_t(s.N) * s.C * s.H * s.W, nw = size_t(s.K) * s.C * s.R * s.S;
  const size_t ny = size_t(s.N) * s.K * s.P() * s.Q();
  auto x = random_vec(nx, 5), w = random_vec(nw, 6), b = random_vec(s.K, 7), dy = random_vec(ny, 8);
  std::vector<float> y(ny), dx(nx), dw(nw), db(s.K);
  auto fwd_bwd = [&](bool fast, bool with_dx) {
    return [&, fast, with_dx] {
      float* pdx = with_dx ? dx.data() : nullptr;
      if (fast) {
        kern::conv2d_forward(s, x.data(), w.data(), b.data(), y.data());
        kern::conv2d_backward(s, x.data(), w.data(), dy.data(), pdx, dw.data(), db.data());
      } else {
        kern::conv2d_forward_ref(s, x.data(), w.data(), b.data(), y.data());
        kern::conv2d_backward_ref(s, x.data(), w.data(), dy.data(), pdx, dw.data(), db.data());
      }
    };
  };
  std::printf("\nconv N=32 C=1 28x28 K=8 5x5 (stride 1, pad 0), forward+backward, ms per call\n");
  std::printf("%22s %10s %10s\n", "", "conv2d", "conv2d_ref");
  std::printf("%22s %10.3f %10.3f\n", "dw, db (first layer)",
              1e3 * time_per_call(fwd_bwd(true, false), 5, 0.05),
              1e3 * time_per_call(fwd_bwd(false, false), 3, 0.05));
  std::printf("%22s %10.3f %10.3f\n", "dx, dw, db", 1e3 * time_per_call(fwd_bwd(true, true), 5, 0.05),
              1e3 * time_per_call(fwd_bwd(false, true), 3, 0.05));
}

}  // namespace

int main(int argc, char** argv) {
  kern::set_pool_threads(1);  // the figures compare with the single-threaded page
  if (argc > 1 && std::string(argv[1]) == "--json") {
    if (argc < 5) {
      std::fprintf(stderr, "usage: kernels_bench --json N WARMUP_MS REPS\n");
      return 2;
    }
    bench::Gemm g(std::atoi(argv[2]));
    const double warmup_s = std::atof(argv[3]) / 1000.0;
    const auto w0 = Clock::now();
    do g.run(1);
    while (std::chrono::duration<double>(Clock::now() - w0).count() < warmup_s);
    const int reps = std::atoi(argv[4]);
    const auto t0 = Clock::now();
    g.run(reps);
    const double ms = std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
    std::printf("{\"n\": %d, \"reps\": %d, \"ms\": %.6f, \"c0\": %.6g}\n", g.n, reps, ms, g.C[0]);
    return 0;
  }
  const bool quick = argc > 1 && std::string(argv[1]) == "--quick";
#if defined(__EMSCRIPTEN__)
  std::printf("target: wasm SIMD128\n");
#elif defined(__AVX512F__)
  std::printf("target: native, AVX-512 allowed\n");
#elif defined(__AVX2__)
  std::printf("target: native, AVX2 allowed\n");
#else
  std::printf("target: native, SSE only\n");
#endif
  bench_gemm_square(quick);
  if (quick) return 0;
#ifdef HAVE_THREADS
  bench_gemm_threads();
#endif
  bench_crossover();
  bench_conv();
  return 0;
}
