// The WebGPU device from C++: buffers that stay on the GPU, and commands (the kernels of shaders/)
// made once and run every step. Each call goes straight to the page's device layer
// (src/gpu/webgpu.js) through a few lines of JavaScript in gpu.cpp; nothing here waits for the GPU.
//
//   if (!gpu::available()) ... gpu::unavailable_reason()   the page opens the device (openGpu) and
//                                                          hands it to the module first
//   gpu::Buf w = gpu::buffer(n);  gpu::write(w, data, n);
//   gpu::Cmd c = gpu::gemm({...});                         records, runs nothing
//   gpu::run({c, ...});                                    one compute pass, submitted; returns at once
//
// Readback is the page's: a handle is an index into the module's `gpuHandles`, and webgpu.js read()
// on that buffer answers a frame later. Natively, and in a page without WebGPU, available() is
// false and nothing else may be called. Handles are valid until release_all().
#pragma once
#include <string>
#include <vector>

namespace gpu {

using Buf = int;
using Cmd = int;

bool available();
// Asks the page to open its device, if it has not (it offers Module.openGpu): available() turns
// true some frames later, or unavailable_reason() says why it will not.
void request();
std::string adapter_name();        // "google swiftshader", ...
std::string unavailable_reason();  // why available() is false, for the lab's note ("": opening)
bool software();                   // the adapter runs on the CPU (SwiftShader)

Buf buffer(int floats);  // zeros
void write(Buf b, const float* x, int n, int offset = 0);
void write_u32(Buf b, const int* x, int n);  // class labels (non-negative)
void release_all();                          // every buffer and command made so far
void release(const std::vector<int>& handles);  // these buffers and commands only
// The handles made from `first` (an earlier next_handle()) to now: what a model made, to release
// it alone (another lab may hold the GPU's other buffers).
int next_handle();
std::vector<int> handles_since(int first);

// The kernels, as in webgpu.js; the shapes' fields are the WGSL legends'.
struct Gemm {
  Buf A, B, C;
  int M, N, K;
  bool trans_a = false, trans_b = false;
  float beta = 0.0f;  // 1: C += op(A) op(B)
  float alpha = 1.0f;
  int batch = 1, sa = 0, sb = 0, sc = 0;  // batch products, strides between their matrices
};
Cmd gemm(const Gemm& g);

struct ConvShape {
  int N, C, H, W, K, R, S, stride = 1, pad = 0;
  int P() const { return (H + 2 * pad - R) / stride + 1; }
  int Q() const { return (W + 2 * pad - S) / stride + 1; }
};
// cols (C R S x N P Q) and kn (K x N P Q): the forward pass's scratch, which its backward reads.
struct ConvScratch {
  Buf cols, kn;
};
ConvScratch conv_scratch(const ConvShape& s);
Cmd conv2d_forward(const ConvShape& s, Buf x, Buf w, Buf b, Buf y, const ConvScratch& scratch);
// dx may be -1 (a first layer needs no input gradient); dcols is C R S x N P Q.
Cmd conv2d_backward(const ConvShape& s, Buf w, Buf dy, Buf dx, Buf dw, Buf db, const ConvScratch& scratch,
                    Buf dcols);

Cmd swap01(int O, int A, int B, int I, Buf x, Buf y);  // x (O, A, B, I) -> y (O, B, A, I)
Cmd add_bias(int O, int J, int I, Buf b, Buf y);     // y (O, J, I) += b (J)
Cmd bias_grad(int O, int J, int I, Buf dy, Buf db);  // db = sums of dy over o and i
Cmd relu(int n, Buf x, Buf y);
Cmd relu_backward(int n, Buf y, Buf dy, Buf dx);
Cmd add(int n, Buf a, Buf b, Buf y);  // y = a + b (y is neither a nor b)
struct PoolShape {
  int NC, H, W, size, stride;
  int P() const { return (H - size) / stride + 1; }
  int Q() const { return (W - size) / stride + 1; }
};
Cmd max_pool(const PoolShape& s, Buf x, Buf y, Buf arg);  // arg: P Q NC winners (u32)
Cmd max_pool_backward(const PoolShape& s, Buf arg, Buf dy, Buf dx);
// logits z (rows x cols), labels (u32) -> loss per row, dz = (softmax - onehot) / rows
Cmd cross_entropy(int rows, int cols, Buf z, Buf labels, Buf loss_rows, Buf dz);
Cmd sum(int n, Buf x, Buf out, float scale);
// softmax along rows; causal: row r sees columns 0 .. r % cols. Its backward: dx = scale * dL/dx.
Cmd softmax(int rows, int cols, bool causal, Buf x, Buf y);
Cmd softmax_backward(int rows, int cols, float scale, Buf y, Buf dy, Buf dx);
// Layer norm of R rows of C (stats: R x 2, mu and rstd); its backward adds into dx if accumulate.
Cmd layer_norm(int R, int C, float eps, Buf x, Buf gamma, Buf beta, Buf y, Buf stats);
Cmd layer_norm_backward(int R, int C, Buf x, Buf gamma, Buf stats, Buf dy, Buf dx, Buf dgamma, Buf dbeta,
                        bool accumulate);
// h (R, C) = E[ids] + P[r % T]; dE from dh through order (R) and starts (V + 1), both u32
Cmd embed(int R, int C, int T, int V, Buf ids, Buf E, Buf P, Buf h);
Cmd embed_backward(int R, int C, int T, int V, Buf order, Buf starts, Buf dh, Buf dE);

struct AdamConfig {
  float lr = 1e-3f, beta1 = 0.9f, beta2 = 0.999f, eps = 1e-8f, weight_decay = 0.0f;
  bool decoupled = false;
};
Cmd adam(const AdamConfig& o, int n, Buf w, Buf dw, Buf m, Buf v);
void adam_at(Cmd adam_cmd, const AdamConfig& o, int t);  // the command's next run is step t (from 1)

// Submits the commands; returns a ticket: completed() reaches it when the GPU has run them.
int run(const std::vector<Cmd>& cmds);
int completed();

// Readback without waiting: read() starts copying n values of b and returns a ticket; take()
// copies them into out once they have arrived (true), else false (ask again next frame).
int read(Buf b, int n);
bool take(int ticket, float* out, int n);

}  // namespace gpu
