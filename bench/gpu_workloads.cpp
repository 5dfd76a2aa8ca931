// The workloads that also train on WebGPU, in the bench module: the same model, weights, data and
// optimiser as the CPU workload of the same name and seed (workloads.h), stepped on the page's
// device (src/gpu). The page reads the results back itself, from the buffers named in the answer.
//
//   bench_gpu_setup(name, seed)  the GPU twin of workload `name` (so far "cnn"); JSON text:
//                                {"params": [{"name", "buf", "n"}...], "loss": buf, "adapter": ..}
//                                or {"error": "..."} (no device, or no twin for that workload)
//   bench_gpu_train(steps)       queues `steps` training steps on the GPU (returns at once)
#include <emscripten/emscripten.h>

#include <memory>
#include <string>

#include "gpu/gpu.h"
#include "models/cnn_gpu.h"
#include "workloads.h"

namespace {

struct GpuCnn {
  models::CNN cpu;  // the initial weights, copied from the CPU workload
  models::CnnGpu g;
  std::vector<float> X;
  std::vector<int> y;
};
std::unique_ptr<GpuCnn> twin;
std::string answer;

}  // namespace

extern "C" {

EMSCRIPTEN_KEEPALIVE const char* bench_gpu_setup(const char* name, int seed) {
  using nlohmann::json;
  twin.reset();
  gpu::release_all();
  if (!gpu::available()) return (answer = json{{"error", gpu::unavailable_reason()}}.dump()).c_str();
  if (std::string(name) != "cnn")
    return (answer = json{{"error", "no WebGPU twin for " + std::string(name)}}.dump()).c_str();
  auto cpu = bench::make_workload(name, unsigned(seed));
  auto t = std::make_unique<GpuCnn>();
  eng::Rng rng(1);
  t->cpu = models::CNN(rng);  // the shapes; the values come from the workload
  eng::ParamList from = cpu->params(), to = t->cpu.params();
  for (size_t i = 0; i < to.size(); ++i) to[i]->value = from[i]->value;
  json data = cpu->data_json();
  t->X = data["X"]["values"].get<std::vector<float>>();
  t->y = data["y"].get<std::vector<int>>();
  const int B = int(t->y.size());
  t->g = models::cnn_gpu_make(t->cpu, B, gpu::AdamConfig{});  // the workload's Adam: the defaults
  json params = json::array();
  for (size_t i = 0; i < to.size(); ++i)
    params.push_back({{"name", to[i]->name}, {"buf", t->g.w[i]}, {"n", t->g.sizes[i]}});
  answer = json{{"params", params}, {"loss", t->g.loss}, {"adapter", gpu::adapter_name()}}.dump();
  twin = std::move(t);
  return answer.c_str();
}

EMSCRIPTEN_KEEPALIVE void bench_gpu_train(int steps) {
  if (!twin) return;
  for (int i = 0; i < steps; ++i) models::cnn_gpu_step(twin->g, twin->X.data(), twin->y.data());
}

}  // extern "C"
