#include "models/cnn_gpu.h"

namespace models {

CnnGpu cnn_gpu_make(CNN& cpu, int B, const gpu::AdamConfig& adam) {
  using namespace gpu;
  CnnGpu g;
  g.B = B;
  g.adam = adam;
  for (eng::Param* p : cpu.params()) {
    const int n = p->value.size();
    g.sizes.push_back(n);
    g.w.push_back(buffer(n));
    write(g.w.back(), p->value.data(), n);
    g.dw.push_back(buffer(n));
    g.m.push_back(buffer(n));
    g.v.push_back(buffer(n));
  }
  enum { w1, b1, w2, b2, W, b };
  const ConvShape s1{B, 1, 28, 28, 8, 5, 5, 1, 2}, s2{B, 8, 14, 14, 16, 5, 5, 1, 2};
  const PoolShape p1{B * 8, 28, 28, 2, 2}, p2{B * 16, 14, 14, 2, 2};
  const int n1 = B * 8 * 28 * 28, n2 = B * 16 * 14 * 14, flat = 16 * 7 * 7;
  g.x = buffer(B * 28 * 28);
  g.labels = buffer(B);
  g.loss = buffer(1);
  const ConvScratch sc1 = conv_scratch(s1), sc2 = conv_scratch(s2);
  const Buf z1 = buffer(n1), r1 = buffer(n1), a1 = buffer(n1 / 4), arg1 = buffer(n1 / 4);
  const Buf z2 = buffer(n2), r2 = buffer(n2), a2 = buffer(n2 / 4), arg2 = buffer(n2 / 4);
  const Buf logits = buffer(B * 10), loss_rows = buffer(B), dlogits = buffer(B * 10);
  const Buf da2 = buffer(B * flat), dr2 = buffer(n2), dz2 = buffer(n2), da1 = buffer(n1 / 4);
  const Buf dr1 = buffer(n1), dz1 = buffer(n1), dcols2 = buffer(8 * 25 * B * 14 * 14);

  g.step_cmds = {
      // forward
      conv2d_forward(s1, g.x, g.w[w1], g.w[b1], z1, sc1),
      relu(n1, z1, r1),
      max_pool(p1, r1, a1, arg1),
      conv2d_forward(s2, a1, g.w[w2], g.w[b2], z2, sc2),
      relu(n2, z2, r2),
      max_pool(p2, r2, a2, arg2),
      gemm({a2, g.w[W], logits, B, 10, flat}),  // flatten(a2) is a2 as it lies: (B, 784)
      add_bias(B, 10, 1, g.w[b], logits),
      cross_entropy(B, 10, logits, g.labels, loss_rows, dlogits),
      sum(B, loss_rows, g.loss, 1.0f / float(B)),
      // backward
      gemm({a2, dlogits, g.dw[W], flat, 10, B, true, false}),  // dW = a2^T dlogits
      bias_grad(B, 10, 1, dlogits, g.dw[b]),
      gemm({dlogits, g.w[W], da2, B, flat, 10, false, true}),  // da2 = dlogits W^T
      max_pool_backward(p2, arg2, da2, dr2),
      relu_backward(n2, r2, dr2, dz2),
      conv2d_backward(s2, g.w[w2], dz2, da1, g.dw[w2], g.dw[b2], sc2, dcols2),
      max_pool_backward(p1, arg1, da1, dr1),
      relu_backward(n1, r1, dr1, dz1),
      conv2d_backward(s1, g.w[w1], dz1, -1, g.dw[w1], g.dw[b1], sc1, -1),
  };
  for (size_t i = 0; i < g.w.size(); ++i)
    g.adam_cmds.push_back(gpu::adam(adam, g.sizes[i], g.w[i], g.dw[i], g.m[i], g.v[i]));
  return g;
}

void cnn_gpu_step(CnnGpu& g, const float* x, const int* y) {
  gpu::write(g.x, x, g.B * 28 * 28);
  gpu::write_u32(g.labels, y, g.B);
  ++g.t;
  for (gpu::Cmd c : g.adam_cmds) gpu::adam_at(c, g.adam, g.t);
  std::vector<gpu::Cmd> all = g.step_cmds;
  all.insert(all.end(), g.adam_cmds.begin(), g.adam_cmds.end());
  gpu::run(all);
}

}  // namespace models
