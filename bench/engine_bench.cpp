// Training steps per second of the engine (tape + ops + optimiser) on the benchmark workloads
// (workloads.h: the same models, data and optimisers the browser bench runs).
//   engine_bench [seconds per model, default 1]     a table, for a quick look
//   engine_bench --json NAME WARMUP_MS STEPS [SEED]  one timed run for ./course bench, as the bench
//       page does it: trains a throwaway copy of workload NAME for WARMUP_MS, then a fresh one from
//       the seeded initial weights for STEPS timed steps; prints {"ms": ..., "loss": <last step's>}
//       and, for a workload with several losses (gan, vae), "losses": {name: value} of the last step
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <string>

#include "kernels/pool.h"
#include "workloads.h"

using Clock = std::chrono::steady_clock;

// Runs step() for about `seconds` in 5 windows and returns the steps per second of the best window:
// the machines we measure on are shared, and the best window is the one least disturbed by other
// work. A warm-up of a quarter second first: in wasm, V8 starts with its baseline compiler and
// swaps in optimised code only after a while.
template <class F>
static double steps_per_second(F step, double seconds) {
  auto w0 = Clock::now();
  while (std::chrono::duration<double>(Clock::now() - w0).count() < 0.25) step();
  double best = 0.0;
  long batch = 1;
  for (int window = 0; window < 5; ++window) {
    long n = 0;
    auto t0 = Clock::now();
    double elapsed = 0.0;
    while (elapsed < seconds / 5) {
      for (long i = 0; i < batch; ++i) step();
      n += batch;
      elapsed = std::chrono::duration<double>(Clock::now() - t0).count();
      if (elapsed < seconds / 50) batch *= 2;
    }
    best = std::max(best, double(n) / elapsed);
  }
  return best;
}

static int json_run(int argc, char** argv) {
  if (argc < 5) {
    std::fprintf(stderr, "usage: engine_bench --json NAME WARMUP_MS STEPS [SEED]\n");
    return 2;
  }
  const unsigned seed = argc > 5 ? unsigned(std::atoi(argv[5])) : 1u;
  auto w = bench::make_workload(argv[2], seed);
  if (!w) {
    std::fprintf(stderr, "engine_bench: unknown workload %s\n", argv[2]);
    return 2;
  }
  const double warmup_s = std::atof(argv[3]) / 1000.0;
  const auto w0 = Clock::now();
  do w->step();
  while (std::chrono::duration<double>(Clock::now() - w0).count() < warmup_s);
  w = bench::make_workload(argv[2], seed);
  int steps = std::atoi(argv[4]);
  auto t0 = Clock::now();
  float loss = w->train(steps);
  double ms = std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
  nlohmann::json out = {{"workload", argv[2]}, {"steps", steps}, {"ms", ms}, {"loss", loss}};
  if (!w->losses().is_null()) out["losses"] = w->losses();
  std::printf("%s\n", out.dump().c_str());
  return 0;
}

static int run(int argc, char** argv) {
  if (argc > 1 && std::string(argv[1]) == "--json") return json_run(argc, argv);
  double seconds = argc > 1 ? std::atof(argv[1]) : 1.0;
  const char* titles[] = {"mlp 2-8-8-1 tanh, batch 10, SGD", "mlp 784-128-10 relu, batch 64, Adam",
                          "cnn 28x28 c8-p-c16-p-fc10, batch 32, Adam",
                          "cnn on MNIST (the cnn lab's), batch 32, Adam",
                          "char lstm V65 E32 H128, T 32, batch 16, Adam",
                          "char gru V65 C128, T 32, batch 16, Adam",
                          "char transformer V65 C64 L2 h4, T32 b16 Adam",
                          "gan iteration, GAN Lab defaults, batch 150, SGD",
                          "vae step 784-256-4 / 2-256-784, batch 100, Adam"};
  int i = 0;
  for (const std::string& name : bench::workload_names()) {
    auto w = bench::make_workload(name, 1);
    float loss = 0.0f;
    double sps = steps_per_second([&] { loss = w->step(); }, seconds);
    std::printf("%-44s %10.1f steps/s  %10.2f us/step   (last loss %.4f)\n", titles[i++], sps, 1e6 / sps,
                loss);
  }
  return 0;
}

int main(int argc, char** argv) {
  kern::set_pool_threads(1);  // the figures compare with the single-threaded page
  try {
    return run(argc, argv);
  } catch (const std::exception& e) {  // a workload's data file is missing or damaged
    std::fprintf(stderr, "engine_bench: %s\n", e.what());
    return 1;
  }
}
