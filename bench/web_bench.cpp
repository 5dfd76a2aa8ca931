// The benchmark module for the browser (build/bench-web/web_bench.js + .wasm): the workloads of
// workloads.h behind a few C functions the bench page calls with ccall. Single-threaded; its twin
// web_bench-mt.js (createBenchModuleMt), built with -pthread, splits GEMM on the kernels' pool.
// Timing happens in the page (performance.now() around bench_train / bench_gemm_run), with the
// same clock as for TensorFlow.js.
//
//   bench_put_file(name, bytes, n)  hands the module a data file the page fetched (cnn_mnist and
//                            vae read mnist-train.bin through src/data/files.h)
//   bench_setup(name, seed)  builds workload `name` and returns JSON text:
//                            {"weights": <the engine's weights JSON>, "data": {...}}; "" for an
//                            unknown name, {"error": "..."} when its data file is missing
//   bench_train(steps)       trains the workload `steps` steps; returns the last step's loss
//   bench_losses()           every loss of the last step as JSON text ({"d_loss": .., "g_loss": ..}
//                            for gan; loss, recon, kl for vae), "null" for a workload whose one
//                            loss is bench_train's
//   bench_weights()          the current weights as JSON text
//   bench_gemm_setup(n)      square n x n operands
//   bench_gemm_run(reps)     reps products C = A B; returns C[0] (so nothing is optimised away)
//   bench_set_threads(n)     the kernels' pool size (kern::set_pool_threads); returns the size
//                            in use (1 in the single-threaded module)
#include <emscripten/emscripten.h>

#include <string>

#include "data/files.h"
#include "engine/weights_json.h"
#include "kernels/pool.h"
#include "workloads.h"

namespace {
std::unique_ptr<bench::Workload> workload;
std::unique_ptr<bench::Gemm> gemm;
std::string text;  // the last JSON answer; valid until the next call
}  // namespace

extern "C" {

EMSCRIPTEN_KEEPALIVE void bench_put_file(const char* name, const char* bytes, int n) {
  data::put_file(name, std::string(bytes, size_t(n)));
}

EMSCRIPTEN_KEEPALIVE const char* bench_setup(const char* name, int seed) {
  try {
    workload = bench::make_workload(name, unsigned(seed));
  } catch (const std::exception& e) {
    workload.reset();
    text = nlohmann::json{{"error", e.what()}}.dump();
    return text.c_str();
  }
  if (!workload) return "";
  text =
      nlohmann::json{{"weights", eng::weights_to_json(workload->params())}, {"data", workload->data_json()}}
          .dump();
  return text.c_str();
}

EMSCRIPTEN_KEEPALIVE double bench_train(int steps) { return workload ? workload->train(steps) : -1.0; }

EMSCRIPTEN_KEEPALIVE const char* bench_losses() {
  text = workload ? workload->losses().dump() : "null";
  return text.c_str();
}

EMSCRIPTEN_KEEPALIVE const char* bench_weights() {
  text = workload ? eng::weights_to_json(workload->params()).dump() : "";
  return text.c_str();
}

EMSCRIPTEN_KEEPALIVE void bench_gemm_setup(int n) { gemm = std::make_unique<bench::Gemm>(n); }

EMSCRIPTEN_KEEPALIVE int bench_set_threads(int n) {
  kern::set_pool_threads(n);
  return kern::pool_threads();
}

EMSCRIPTEN_KEEPALIVE double bench_gemm_run(int reps) {
  if (!gemm) return 0.0;
  gemm->run(reps);
  return gemm->C[0];
}

}  // extern "C"
