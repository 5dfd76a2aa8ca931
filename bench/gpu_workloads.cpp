// Networks that train on WebGPU, in the bench module, each with its CPU twin: the same model,
// weights, data and optimiser, stepped on the page's device (src/gpu, src/models/convnet_gpu.h)
// and on the CPU. The page reads the GPU's results back itself, from the buffers the answer names.
//
//   bench_gpu_setup(name, seed)  name "cnn": the cnn workload (workloads.h) and its GPU twin;
//                                "convnet:LAYERS": a ConvNet of LAYERS ("conv F K S P", "pool N",
//                                "dense U", comma-separated) on 16 random images. JSON text:
//                                {"params": [{"name", "buf", "n"}...], "loss": buf, "adapter": ..}
//                                or {"error": "..."} (no device, no twin, a layer with no GPU version)
//   bench_gpu_train(steps)       queues `steps` training steps on the GPU (returns at once)
//   bench_gpu_cpu_train(steps)   trains the CPU twin; returns its last loss
//   bench_gpu_cpu_weights()      the CPU twin's weights as JSON text
#include <emscripten/emscripten.h>

#include <memory>
#include <sstream>
#include <string>

#include "engine/weights_json.h"
#include "gpu/gpu.h"
#include "models/convnet_gpu.h"
#include "workloads.h"

namespace {

using nlohmann::json;

// "conv F K S P" (filters, kernel, stride, pad), "pool N", "dense U", separated by commas.
std::vector<models::LayerSpec> parse_layers(const std::string& text) {
  std::vector<models::LayerSpec> out;
  std::istringstream items(text);
  for (std::string item; std::getline(items, item, ',');) {
    std::istringstream f(item);
    std::string kind;
    f >> kind;
    models::LayerSpec l;
    if (kind == "conv") {
      f >> l.filters >> l.kernel >> l.stride >> l.pad;
    } else if (kind == "pool") {
      l.kind = models::LayerKind::pool;
      f >> l.size;
    } else if (kind == "dense") {
      l.kind = models::LayerKind::dense;
      f >> l.units;
    } else {
      throw std::invalid_argument("unknown layer \"" + item + "\"");
    }
    out.push_back(l);
  }
  return out;
}

// A ConvNet of any layers on random images (B 16), trained with Adam on the CPU.
struct ConvNetWorkload : bench::Workload {
  eng::Rng rng;
  models::ConvNet net;
  eng::Tensor X;
  std::vector<int> y;
  eng::Adam opt;
  eng::Tape t;
  ConvNetWorkload(const std::vector<models::LayerSpec>& layers, unsigned seed)
      : rng(seed), net(layers, 10, rng), X(eng::Shape{16, 1, 28, 28}), y(16) {
    for (float& v : X.v) v = rng.uniform(0.0f, 1.0f);
    for (int& c : y) c = rng.below(10);
  }
  eng::ParamList params() override { return net.params(); }
  float step() override {
    t.clear();
    eng::Var L = eng::cross_entropy(models::convnet_forward(t, net, t.input(X), nullptr), y);
    eng::zero_grad(net.params());
    t.backward(L);
    opt.step(net.params());
    return L.item();
  }
  json data_json() const override { return {{"X", {{"values", X.v}}}, {"y", y}}; }
};

std::unique_ptr<bench::Workload> cpu;  // the CPU side
models::ConvNet net;                   // the GPU side: its initial weights, and
models::ConvNetGpu gpu_net;            // the network on the GPU
std::vector<float> X;
std::vector<int> y;
std::string answer;

const char* error(const std::string& e) { return (answer = json{{"error", e}}.dump()).c_str(); }

}  // namespace

extern "C" {

EMSCRIPTEN_KEEPALIVE const char* bench_gpu_setup(const char* name_c, int seed) {
  const std::string name = name_c;
  cpu.reset();
  gpu::release_all();
  if (!gpu::available()) return error(gpu::unavailable_reason());
  std::vector<models::LayerSpec> layers = models::default_layers();
  try {
    if (name == "cnn") {
      cpu = bench::make_workload(name, unsigned(seed));
    } else if (name.rfind("convnet:", 0) == 0) {
      layers = parse_layers(name.substr(8));
      cpu = std::make_unique<ConvNetWorkload>(layers, unsigned(seed));
    } else {
      return error("no WebGPU twin for " + name);
    }
  } catch (const std::exception& e) {
    return error(e.what());
  }
  eng::Rng rng(1);
  net = models::ConvNet(layers, 10, rng);  // the shapes; the values are the CPU side's
  eng::ParamList from = cpu->params(), to = net.params();
  for (size_t i = 0; i < to.size(); ++i) to[i]->value = from[i]->value;
  const std::string unsupported = models::convnet_gpu_unsupported(net);
  if (!unsupported.empty()) return error(unsupported);
  json data = cpu->data_json();
  X = data["X"]["values"].get<std::vector<float>>();
  y = data["y"].get<std::vector<int>>();
  gpu_net = models::convnet_gpu_make(net, int(y.size()), eng::Adam{});  // the CPU's Adam: the defaults
  json params = json::array();
  for (size_t i = 0; i < to.size(); ++i)
    params.push_back({{"name", from[i]->name}, {"buf", gpu_net.w[i]}, {"n", gpu_net.sizes[i]}});
  answer = json{{"params", params}, {"loss", gpu_net.loss}, {"adapter", gpu::adapter_name()}}.dump();
  return answer.c_str();
}

EMSCRIPTEN_KEEPALIVE void bench_gpu_train(int steps) {
  if (!cpu) return;
  for (int i = 0; i < steps; ++i) models::convnet_gpu_step(gpu_net, X.data(), y.data());
}

EMSCRIPTEN_KEEPALIVE double bench_gpu_cpu_train(int steps) { return cpu ? cpu->train(steps) : -1.0; }

EMSCRIPTEN_KEEPALIVE const char* bench_gpu_cpu_weights() {
  answer = cpu ? eng::weights_to_json(cpu->params()).dump() : "null";
  return answer.c_str();
}

}  // extern "C"
