// Networks that train on WebGPU, in the bench module, each with its CPU twin: the same model,
// weights, data and optimiser, stepped on the page's device (src/gpu, src/models/convnet_gpu.h,
// src/models/charlm_gpu.h) and on the CPU. The page reads the GPU's results back itself, from the
// buffers the answer names.
//
//   bench_gpu_setup(name, seed)  name "cnn": the cnn workload (workloads.h) and its GPU twin;
//                                "convnet:LAYERS": a ConvNet of LAYERS ("conv F K S P", "pool N",
//                                "dense U", comma-separated) on 16 random images;
//                                "transformer": the transformer workload (workloads.h);
//                                "charlm:V C L H T B": a Transformer CharLM of vocabulary V, width
//                                C, L blocks of H heads, context T, on B random windows. JSON text:
//                                {"params": [{"name", "buf", "grad", "n"}...], "loss": buf,
//                                "cmds": [...], "adapter": ..} (buf: the values, grad: the last
//                                step's gradient, cmds: the step's commands, which
//                                webgpu_profile.js times one by one)
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
#include "models/charlm_gpu.h"
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

// A Transformer CharLM on random windows of ids, trained with Adam on the CPU.
struct CharLMWorkload : bench::Workload {
  eng::Rng rng;
  models::CharLM m;
  int B, T;
  std::vector<int> ids;  // (B, T+1)
  eng::Adam opt;
  eng::Tape t;
  CharLMWorkload(const models::CharLMConfig& cfg, int B_, unsigned seed)
      : rng(seed), m(cfg, rng), B(B_), T(cfg.T), ids(size_t(B_ * (cfg.T + 1))) {
    for (int& c : ids) c = rng.below(cfg.V);
  }
  eng::ParamList params() override { return m.params(); }
  float step() override {
    t.clear();
    eng::Var L = models::charlm_loss(t, m, ids, B, T);
    eng::zero_grad(m.params());
    t.backward(L);
    opt.step(m.params());
    return L.item();
  }
  json data_json() const override { return {{"ids", ids}, {"B", B}, {"T", T}}; }
};

// "V C L H T B"
models::CharLMConfig parse_charlm(const std::string& text, int* B) {
  models::CharLMConfig c;
  c.arch = models::CharArch::transformer;
  std::istringstream f(text);
  if (!(f >> c.V >> c.C >> c.layers >> c.heads >> c.T >> *B)) throw std::invalid_argument("bad " + text);
  return c;
}

std::unique_ptr<bench::Workload> cpu;  // the CPU side
// The GPU side: the model (its shapes; the values are the CPU side's), on the GPU.
models::ConvNet net;
models::ConvNetGpu gpu_net;
models::CharLM lm;
models::CharLMGpu gpu_lm;
bool is_lm = false;
std::vector<float> X;
std::vector<int> y, ids;
std::string answer;

const char* error(const std::string& e) { return (answer = json{{"error", e}}.dump()).c_str(); }

// The CPU side's values into the GPU side's parameters (the same order and sizes).
std::string copy_params(const eng::ParamList& from, const eng::ParamList& to) {
  if (from.size() != to.size()) return "the twins have different parameter lists";
  for (size_t i = 0; i < to.size(); ++i) {
    if (from[i]->value.size() != to[i]->value.size())
      return "parameter " + from[i]->name + " differs in size";
    to[i]->value = from[i]->value;
  }
  return "";
}

json answer_json(const eng::ParamList& from, const gpu::Params& p, gpu::Buf loss) {
  json params = json::array();
  for (size_t i = 0; i < from.size(); ++i)
    params.push_back({{"name", from[i]->name}, {"buf", p.w[i]}, {"grad", p.dw[i]}, {"n", p.sizes[i]}});
  return json{{"params", params}, {"loss", loss}, {"adapter", gpu::adapter_name()}};
}

// The Transformer twins: the transformer workload or a CharLM of any shape.
const char* setup_charlm(const std::string& name, int seed) {
  models::CharLMConfig cfg;
  cfg.arch = models::CharArch::transformer;
  int B = 16;
  if (name == "transformer") {
    cpu = bench::make_workload(name, unsigned(seed));
    const json d = cpu->data_json();
    cfg.V = d["V"];
    cfg.C = d["C"];
    cfg.layers = d["layers"];
    cfg.heads = d["heads"];
    cfg.T = d["T"];
    B = d["B"];
  } else {
    cfg = parse_charlm(name.substr(7), &B);
    cpu = std::make_unique<CharLMWorkload>(cfg, B, unsigned(seed));
  }
  eng::Rng rng(1);
  lm = models::CharLM(cfg, rng);
  const std::string bad = copy_params(cpu->params(), lm.params());
  if (!bad.empty()) return error(bad);
  ids = cpu->data_json()["ids"].get<std::vector<int>>();
  gpu_lm = models::charlm_gpu_make(lm, B, cfg.T, eng::Adam{});  // both CPU sides: Adam lr 1e-3
  is_lm = true;
  json a = answer_json(cpu->params(), gpu_lm.p, gpu_lm.loss);
  a["cmds"] = gpu_lm.step_cmds;  // the step's commands, to time one by one
  answer = a.dump();
  return answer.c_str();
}

}  // namespace

extern "C" {

EMSCRIPTEN_KEEPALIVE const char* bench_gpu_setup(const char* name_c, int seed) {
  const std::string name = name_c;
  cpu.reset();
  is_lm = false;
  gpu::release_all();
  if (!gpu::available()) return error(gpu::unavailable_reason());
  if (name == "transformer" || name.rfind("charlm:", 0) == 0) {
    try {
      return setup_charlm(name, seed);
    } catch (const std::exception& e) {
      return error(e.what());
    }
  }
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
  const std::string bad = copy_params(cpu->params(), net.params());
  if (!bad.empty()) return error(bad);
  const std::string unsupported = models::convnet_gpu_unsupported(net);
  if (!unsupported.empty()) return error(unsupported);
  json data = cpu->data_json();
  X = data["X"]["values"].get<std::vector<float>>();
  y = data["y"].get<std::vector<int>>();
  gpu_net = models::convnet_gpu_make(net, int(y.size()), eng::Adam{});  // the CPU's Adam: the defaults
  json a = answer_json(cpu->params(), gpu_net.p, gpu_net.loss);
  a["cmds"] = gpu_net.step_cmds;
  answer = a.dump();
  return answer.c_str();
}

EMSCRIPTEN_KEEPALIVE void bench_gpu_train(int steps) {
  if (!cpu) return;
  for (int i = 0; i < steps; ++i) {
    if (is_lm) models::charlm_gpu_step(gpu_lm, ids);
    else models::convnet_gpu_step(gpu_net, X.data(), y.data());
  }
}

EMSCRIPTEN_KEEPALIVE double bench_gpu_cpu_train(int steps) { return cpu ? cpu->train(steps) : -1.0; }

EMSCRIPTEN_KEEPALIVE const char* bench_gpu_cpu_weights() {
  answer = cpu ? eng::weights_to_json(cpu->params()).dump() : "null";
  return answer.c_str();
}

}  // extern "C"
