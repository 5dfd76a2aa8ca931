#include "models/convnet_gpu.h"

namespace models {

using namespace gpu;

std::string convnet_gpu_unsupported(const ConvNet& net) {
  for (size_t i = 0; i < net.layers.size(); ++i) {
    const LayerSpec& s = net.layers[i].spec;
    const char* what = s.kind == LayerKind::res             ? "a residual block"
                       : s.kind == LayerKind::dropout       ? "dropout"
                       : s.kind == LayerKind::pool && s.avg ? "average pooling"
                                                            : nullptr;
    if (what) return "layer " + std::to_string(i + 1) + " is " + what + ", which has no GPU version yet";
  }
  return "";
}

namespace {

// What the backward pass needs of one layer's forward pass.
struct Fwd {
  LayerKind kind;
  Buf in, out, arg = -1;  // out: relu's output (conv, dense) or the pool's
  int n_in, n_out;        // values per image
  ConvShape cs{};
  ConvScratch sc{};
  PoolShape ps{};
  int wi = -1;  // index of W in the parameter list (b is wi + 1)
};

}  // namespace

ConvNetGpu convnet_gpu_make(ConvNet& net, int B, const eng::Adam& opt) {
  ConvNetGpu g;
  const int first_handle = next_handle();
  g.B = B;
  g.p = upload(net.params(), opt);
  const std::vector<Buf>& w = g.p.w;
  const std::vector<Buf>& dw = g.p.dw;
  std::vector<Cmd>& cmds = g.step_cmds;
  g.x = buffer(B * 784);
  g.labels = buffer(B);
  g.loss = buffer(1);

  // Forward.
  std::vector<Fwd> fwd;
  Buf a = g.x;
  MapShape in;  // 1 x 28 x 28
  int wi = 0;
  for (const ConvLayer& l : net.layers) {
    const LayerSpec& s = l.spec;
    Fwd f{s.kind, a, -1, -1, in.size(), l.out.size()};
    const int n = B * f.n_out;
    if (s.kind == LayerKind::conv) {
      f.cs = {B, in.c, in.h, in.w, l.out.c, s.kernel, s.kernel, s.stride, s.pad};
      f.sc = conv_scratch(f.cs);
      f.wi = wi;
      wi += 2;
      const Buf z = buffer(n);
      f.out = buffer(n);
      cmds.push_back(conv2d_forward(f.cs, a, w[f.wi], w[f.wi + 1], z, f.sc));
      cmds.push_back(relu(n, z, f.out));
    } else if (s.kind == LayerKind::pool) {
      f.ps = {B * in.c, in.h, in.w, s.size, s.size};
      f.out = buffer(n);
      f.arg = buffer(n);
      cmds.push_back(max_pool(f.ps, a, f.out, f.arg));
    } else {  // dense
      f.wi = wi;
      wi += 2;
      const Buf z = buffer(n);
      f.out = buffer(n);
      cmds.push_back(gemm({a, w[f.wi], z, B, f.n_out, f.n_in}));
      cmds.push_back(add_bias(B, f.n_out, 1, w[f.wi + 1], z));
      cmds.push_back(relu(n, z, f.out));
    }
    fwd.push_back(f);
    a = f.out;
    in = l.out;
  }
  const int C = net.classes, flat = in.size(), head = wi;
  g.logits = buffer(B * C);
  const Buf loss_rows = buffer(B), dlogits = buffer(B * C);
  cmds.push_back(gemm({a, w[head], g.logits, B, C, flat}));
  cmds.push_back(add_bias(B, C, 1, w[head + 1], g.logits));
  cmds.push_back(cross_entropy(B, C, g.logits, g.labels, loss_rows, dlogits));
  cmds.push_back(sum(B, loss_rows, g.loss, 1.0f / float(B)));

  // Backward: layers before the first one with weights need no gradient.
  size_t first = 0;
  while (first < fwd.size() && fwd[first].wi < 0) ++first;
  cmds.push_back(gemm({a, dlogits, dw[head], flat, C, B, true, false}));  // dW = a^T dlogits
  cmds.push_back(bias_grad(B, C, 1, dlogits, dw[head + 1]));
  Buf d = -1;  // d loss / d (the current layer's output)
  if (first < fwd.size()) {
    d = buffer(B * flat);
    cmds.push_back(gemm({dlogits, w[head], d, B, flat, C, false, true}));  // da = dlogits W^T
  }
  for (size_t i = fwd.size(); i-- > first;) {
    const Fwd& f = fwd[i];
    const bool needs_dx = i > first;
    const Buf dx = needs_dx ? buffer(B * f.n_in) : -1;
    const int n = B * f.n_out;
    if (f.kind == LayerKind::pool) {
      cmds.push_back(max_pool_backward(f.ps, f.arg, d, dx));
    } else {
      const Buf dz = buffer(n);
      cmds.push_back(relu_backward(n, f.out, d, dz));
      if (f.kind == LayerKind::conv) {
        const Buf dcols = needs_dx ? buffer(f.cs.C * f.cs.R * f.cs.S * B * f.cs.P() * f.cs.Q()) : -1;
        cmds.push_back(conv2d_backward(f.cs, w[f.wi], dz, dx, dw[f.wi], dw[f.wi + 1], f.sc, dcols));
      } else {
        cmds.push_back(gemm({f.in, dz, dw[f.wi], f.n_in, f.n_out, B, true, false}));
        cmds.push_back(bias_grad(B, f.n_out, 1, dz, dw[f.wi + 1]));
        if (needs_dx) cmds.push_back(gemm({dz, w[f.wi], dx, B, f.n_in, f.n_out, false, true}));
      }
    }
    d = dx;
  }
  cmds.insert(cmds.end(), g.p.adam_cmds.begin(), g.p.adam_cmds.end());  // the step ends with Adam
  g.handles = handles_since(first_handle);
  return g;
}

int convnet_gpu_step(ConvNetGpu& g, const float* x, const int* y) {
  write(g.x, x, g.B * 784);
  write_u32(g.labels, y, g.B);
  next_step(g.p);
  return run(g.step_cmds);
}

}  // namespace models
