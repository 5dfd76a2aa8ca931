// gpu.h over the page's device layer. The page opens the device with webgpu.js and hands it over
// before the module uses it:
//   Module.gpuLayer = { G: <the webgpu.js module>, gpu: <openGpu's device> }   or  { reason: "..." }
// Each call below is a few lines of JavaScript (EM_JS) that turn handles into the page's objects,
// kept in Module.gpuHandles (a handle is an index there), and call the webgpu.js function of the
// same name. A command's arguments cross as JSON: {fn, shape?, args, bufs: {name: handle}}.
#include "gpu/gpu.h"

#include <cstdio>
#include <nlohmann/json.hpp>

#ifdef __EMSCRIPTEN__
#include <emscripten/emscripten.h>

// clang-format off
EM_JS(int, js_gpu_ready, (), {
  const l = Module.gpuLayer;
  return l && l.gpu && !l.gpu.lost ? 1 : 0;
});

// 0: the name of the adapter, 1: why there is no device, 2: "1" on a software adapter
EM_JS(void, js_gpu_text, (int which, char* out, int cap), {
  const l = Module.gpuLayer || {};
  const g = l.gpu;
  const text = which === 0 ? (g ? g.adapterName : "")
    : which === 1 ? (g && g.lost ? "the GPU device was lost: " + g.lost
      : l.reason || (g || Module.openGpu ? "" : "this page has no WebGPU layer"))
    : (g && g.software ? "1" : "");
  stringToUTF8(text, out, cap);
});

EM_JS(int, js_gpu_keep, (int floats), {
  const l = Module.gpuLayer;
  const h = Module.gpuHandles || (Module.gpuHandles = []);
  h.push(l.G.buffer(l.gpu, floats));
  return h.length - 1;
});

EM_JS(void, js_gpu_write, (int buf, const void* ptr, int n, int offset, int u32), {
  const l = Module.gpuLayer;
  const heap = u32 ? HEAPU32 : HEAPF32;
  l.G.write(l.gpu, Module.gpuHandles[buf], heap.subarray(ptr >> 2, (ptr >> 2) + n), offset);
});

EM_JS(int, js_gpu_command, (const char* json), {
  const l = Module.gpuLayer;
  const h = Module.gpuHandles;
  const p = JSON.parse(UTF8ToString(json));
  const a = Object.assign({}, p.args);
  for (const k in p.bufs) a[k] = h[p.bufs[k]];
  if (a.cols) a.scratch = { cols: a.cols, kn: a.kn };
  const cmd = p.fn === "adam" ? l.G.adam(l.gpu, p.args.o, 1, a)
    : p.shape ? l.G[p.fn](l.gpu, p.shape, a) : l.G[p.fn](l.gpu, a);
  h.push(cmd);
  return h.length - 1;
});

EM_JS(void, js_gpu_adam_at, (int cmd, float lr, float beta1, float beta2, float eps, float weightDecay,
                             int decoupled, int t), {
  const l = Module.gpuLayer;
  const o = { lr, beta1, beta2, eps, weightDecay, decoupled: decoupled !== 0 };
  l.G.adamUpdate(l.gpu, Module.gpuHandles[cmd], o, t);
});

EM_JS(void, js_gpu_request, (), {
  if (!Module.gpuLayer && Module.openGpu) Module.openGpu();
});

EM_JS(int, js_gpu_run, (const int* ids, int n), {
  const l = Module.gpuLayer;
  const h = Module.gpuHandles;
  const cmds = [];
  for (let i = 0; i < n; ++i) cmds.push(h[HEAP32[(ids >> 2) + i]]);
  l.G.run(l.gpu, cmds);
  const ticket = (Module.gpuSubmitted = (Module.gpuSubmitted || 0) + 1);
  l.G.done(l.gpu).then(() => { Module.gpuCompleted = Math.max(Module.gpuCompleted || 0, ticket); },
    () => {});
  return ticket;
});

EM_JS(int, js_gpu_completed, (), { return Module.gpuCompleted || 0; });

EM_JS(int, js_gpu_read, (int buf, int n), {
  const l = Module.gpuLayer;
  const reads = Module.gpuReads || (Module.gpuReads = new Map());
  const ticket = (Module.gpuReadTicket = (Module.gpuReadTicket || 0) + 1);
  l.G.read(l.gpu, Module.gpuHandles[buf], n).then((a) => reads.set(ticket, a), () => {});
  return ticket;
});

EM_JS(int, js_gpu_take, (int ticket, float* out, int n), {
  const reads = Module.gpuReads;
  const a = reads && reads.get(ticket);
  if (!a) return 0;
  reads.delete(ticket);
  HEAPF32.set(a.subarray(0, n), out >> 2);
  return 1;
});

EM_JS(void, js_gpu_release, (const int* ids, int n), {
  const h = Module.gpuHandles || [];
  for (let i = 0; i < n; ++i) {
    const k = HEAP32[(ids >> 2) + i];
    if (h[k] && h[k].destroy) h[k].destroy();
    h[k] = null;
  }
});

EM_JS(int, js_gpu_next_handle, (), { return (Module.gpuHandles || []).length; });

EM_JS(void, js_gpu_release_all, (), {
  for (const x of Module.gpuHandles || []) if (x && x.destroy) x.destroy();
  Module.gpuHandles = [];
  Module.gpuReads = new Map();
});
// clang-format on

#else  // natively: no WebGPU (the desktop app and the CLI train on the CPU)

static int js_gpu_ready() { return 0; }
static void js_gpu_text(int which, char* out, int cap) {
  const char* t = which == 1 ? "WebGPU runs in the browser only" : "";
  snprintf(out, size_t(cap), "%s", t);
}
static int js_gpu_keep(int) { return -1; }
static void js_gpu_write(int, const void*, int, int, int) {}
static int js_gpu_command(const char*) { return -1; }
static void js_gpu_adam_at(int, float, float, float, float, float, int, int) {}
static void js_gpu_request() {}
static int js_gpu_run(const int*, int) { return 0; }
static int js_gpu_completed() { return 0; }
static int js_gpu_read(int, int) { return 0; }
static int js_gpu_take(int, float*, int) { return 0; }
static void js_gpu_release(const int*, int) {}
static int js_gpu_next_handle() { return 0; }
static void js_gpu_release_all() {}

#endif

namespace gpu {

using nlohmann::json;

namespace {

std::string text(int which) {
  char out[512] = {0};
  js_gpu_text(which, out, int(sizeof out));
  return out;
}

json bufs_json(std::initializer_list<std::pair<const char*, Buf>> bufs) {
  json j = json::object();
  for (const auto& [name, b] : bufs)
    if (b >= 0) j[name] = b;  // -1: not wanted (a first layer's dx)
  return j;
}

Cmd command(const char* fn, json args, json bufs, json shape = nullptr) {
  json p = {{"fn", fn}, {"args", std::move(args)}, {"bufs", std::move(bufs)}};
  if (!shape.is_null()) p["shape"] = std::move(shape);
  return js_gpu_command(p.dump().c_str());
}

json conv_json(const ConvShape& s) {
  return {{"N", s.N}, {"C", s.C}, {"H", s.H},           {"W", s.W},    {"K", s.K},
          {"R", s.R}, {"S", s.S}, {"stride", s.stride}, {"pad", s.pad}};
}

json pool_json(const PoolShape& s) {
  return {{"NC", s.NC}, {"H", s.H}, {"W", s.W}, {"size", s.size}, {"stride", s.stride}};
}

json adam_json(const AdamConfig& o) {
  return {{"lr", o.lr},
          {"beta1", o.beta1},
          {"beta2", o.beta2},
          {"eps", o.eps},
          {"weightDecay", o.weight_decay},
          {"decoupled", o.decoupled}};
}

}  // namespace

bool available() { return js_gpu_ready() != 0; }
void request() { js_gpu_request(); }
std::string adapter_name() { return text(0); }
std::string unavailable_reason() { return text(1); }
bool software() { return text(2) == "1"; }

Buf buffer(int floats) { return js_gpu_keep(floats); }
void write(Buf b, const float* x, int n, int offset) { js_gpu_write(b, x, n, offset, 0); }
void write_u32(Buf b, const int* x, int n) { js_gpu_write(b, x, n, 0, 1); }
void release_all() { js_gpu_release_all(); }
void release(const std::vector<int>& handles) { js_gpu_release(handles.data(), int(handles.size())); }
int next_handle() { return js_gpu_next_handle(); }
std::vector<int> handles_since(int first) {
  std::vector<int> h;
  for (int i = first, end = next_handle(); i < end; ++i) h.push_back(i);
  return h;
}

Cmd gemm(const Gemm& g) {
  return command("gemm",
                 {{"M", g.M},
                  {"N", g.N},
                  {"K", g.K},
                  {"transA", g.trans_a},
                  {"transB", g.trans_b},
                  {"beta", g.beta},
                  {"alpha", g.alpha},
                  {"batch", g.batch},
                  {"sa", g.sa},
                  {"sb", g.sb},
                  {"sc", g.sc}},
                 bufs_json({{"A", g.A}, {"B", g.B}, {"C", g.C}}));
}

ConvScratch conv_scratch(const ConvShape& s) {
  const int L = s.N * s.P() * s.Q();
  return {buffer(s.C * s.R * s.S * L), buffer(s.K * L)};
}

Cmd conv2d_forward(const ConvShape& s, Buf x, Buf w, Buf b, Buf y, const ConvScratch& sc) {
  return command("conv2dForward", json::object(),
                 bufs_json({{"x", x}, {"w", w}, {"b", b}, {"y", y}, {"cols", sc.cols}, {"kn", sc.kn}}),
                 conv_json(s));
}

Cmd conv2d_backward(const ConvShape& s, Buf w, Buf dy, Buf dx, Buf dw, Buf db, const ConvScratch& sc,
                    Buf dcols) {
  return command("conv2dBackward", json::object(),
                 bufs_json({{"w", w},
                            {"dy", dy},
                            {"dx", dx},
                            {"dw", dw},
                            {"db", db},
                            {"cols", sc.cols},
                            {"kn", sc.kn},
                            {"dcols", dcols}}),
                 conv_json(s));
}

Cmd swap01(int O, int A, int B, int I, Buf x, Buf y) {
  return command("swap01", {{"O", O}, {"A", A}, {"B", B}, {"I", I}}, bufs_json({{"x", x}, {"y", y}}));
}

Cmd add_bias(int O, int J, int I, Buf b, Buf y) {
  return command("addBias", {{"O", O}, {"J", J}, {"I", I}}, bufs_json({{"b", b}, {"y", y}}));
}

Cmd bias_grad(int O, int J, int I, Buf dy, Buf db) {
  return command("biasGrad", {{"O", O}, {"J", J}, {"I", I}}, bufs_json({{"dy", dy}, {"db", db}}));
}

Cmd relu(int n, Buf x, Buf y) { return command("relu", {{"n", n}}, bufs_json({{"x", x}, {"y", y}})); }

Cmd relu_backward(int n, Buf y, Buf dy, Buf dx) {
  return command("reluBackward", {{"n", n}}, bufs_json({{"y", y}, {"dy", dy}, {"dx", dx}}));
}

Cmd add(int n, Buf a, Buf b, Buf y) {
  return command("add", {{"n", n}}, bufs_json({{"a", a}, {"b", b}, {"y", y}}));
}

Cmd max_pool(const PoolShape& s, Buf x, Buf y, Buf arg) {
  return command("maxPool", json::object(), bufs_json({{"x", x}, {"y", y}, {"arg", arg}}), pool_json(s));
}

Cmd max_pool_backward(const PoolShape& s, Buf arg, Buf dy, Buf dx) {
  return command("maxPoolBackward", json::object(), bufs_json({{"arg", arg}, {"dy", dy}, {"dx", dx}}),
                 pool_json(s));
}

Cmd cross_entropy(int rows, int cols, Buf z, Buf labels, Buf loss_rows, Buf dz) {
  return command("crossEntropy", {{"rows", rows}, {"cols", cols}},
                 bufs_json({{"z", z}, {"targets", labels}, {"loss", loss_rows}, {"dz", dz}}));
}

Cmd sum(int n, Buf x, Buf out, float scale) {
  return command("sum", {{"n", n}, {"scale", scale}}, bufs_json({{"x", x}, {"out", out}}));
}

Cmd softmax(int rows, int cols, bool causal, Buf x, Buf y) {
  return command("softmax", {{"rows", rows}, {"cols", cols}, {"causal", causal}},
                 bufs_json({{"x", x}, {"y", y}}));
}

Cmd softmax_backward(int rows, int cols, float scale, Buf y, Buf dy, Buf dx) {
  return command("softmaxBackward", {{"rows", rows}, {"cols", cols}, {"scale", scale}},
                 bufs_json({{"y", y}, {"dy", dy}, {"dx", dx}}));
}

Cmd layer_norm(int R, int C, float eps, Buf x, Buf gamma, Buf beta, Buf y, Buf stats) {
  return command("layerNorm", {{"R", R}, {"C", C}, {"eps", eps}},
                 bufs_json({{"x", x}, {"gamma", gamma}, {"beta", beta}, {"y", y}, {"stats", stats}}));
}

Cmd layer_norm_backward(int R, int C, Buf x, Buf gamma, Buf stats, Buf dy, Buf dx, Buf dgamma, Buf dbeta,
                        bool accumulate) {
  return command("layerNormBackward", {{"R", R}, {"C", C}, {"accumulate", accumulate}},
                 bufs_json({{"x", x},
                            {"gamma", gamma},
                            {"stats", stats},
                            {"dy", dy},
                            {"dx", dx},
                            {"dgamma", dgamma},
                            {"dbeta", dbeta}}));
}

Cmd embed(int R, int C, int T, int V, Buf ids, Buf E, Buf P, Buf h) {
  return command("embed", {{"R", R}, {"C", C}, {"T", T}, {"V", V}},
                 bufs_json({{"ids", ids}, {"E", E}, {"P", P}, {"h", h}}));
}

Cmd embed_backward(int R, int C, int T, int V, Buf order, Buf starts, Buf dh, Buf dE) {
  return command("embedBackward", {{"R", R}, {"C", C}, {"T", T}, {"V", V}},
                 bufs_json({{"order", order}, {"starts", starts}, {"dh", dh}, {"dE", dE}}));
}

Cmd adam(const AdamConfig& o, int n, Buf w, Buf dw, Buf m, Buf v) {
  return command("adam", {{"n", n}, {"o", adam_json(o)}},
                 bufs_json({{"w", w}, {"dw", dw}, {"m", m}, {"v", v}}));
}

// Every step, for every parameter: plain numbers, not JSON.
void adam_at(Cmd c, const AdamConfig& o, int t) {
  js_gpu_adam_at(c, o.lr, o.beta1, o.beta2, o.eps, o.weight_decay, o.decoupled ? 1 : 0, t);
}

int run(const std::vector<Cmd>& cmds) { return js_gpu_run(cmds.data(), int(cmds.size())); }
int completed() { return js_gpu_completed(); }
int read(Buf b, int n) { return js_gpu_read(b, n); }
bool take(int ticket, float* out, int n) { return js_gpu_take(ticket, out, n) != 0; }

}  // namespace gpu
