// The CNN of cnn.h trained on WebGPU: one training step (forward, backward, Adam) as one list of
// GPU commands, made once and run every step; the weights, gradients and Adam's moments stay on the
// GPU. The CPU version (cnn.h on the tape, eng::Adam) is the reference it is tested against.
//
// Legend (cnn.h's): B batch; x (B,1,28,28); conv1 8 filters 5x5 pad 2, conv2 16 filters 5x5 pad 2;
// z = conv + b, r = relu(z), a = maxpool2(r); logits = flatten(a2) W + b (B,10); L the mean
// cross-entropy. The backward pass, in reverse, each line the chain rule of one forward line:
//   dlogits = (softmax - onehot) / B       dW = a2^T dlogits    db = sum_b dlogits    da2 = dlogits W^T
//   dr2 = route da2 to each window's max   dz2 = dr2 [r2 > 0]
//   dw2, db2, da1 = conv2's three gradients (conv2d.wgsl)
//   dr1, dz1 likewise                      dw1, db1 = conv1's gradients (x needs none)
// then Adam on each of the six parameters.
#pragma once
#include <vector>

#include "gpu/gpu.h"
#include "models/cnn.h"

namespace models {

struct CnnGpu {
  int B = 0;
  gpu::AdamConfig adam;
  int t = 0;  // Adam's steps so far
  // Parameters in cnn.h's order (w1 b1 w2 b2 W b), with their gradients and moments.
  std::vector<gpu::Buf> w, dw, m, v;
  std::vector<int> sizes;
  gpu::Buf x = -1, labels = -1, loss = -1;  // loss: the last step's mean loss (1 value)
  std::vector<gpu::Cmd> step_cmds, adam_cmds;
};

// Uploads m's weights and makes the step's commands for batches of B images.
CnnGpu cnn_gpu_make(CNN& m, int B, const gpu::AdamConfig& adam);
// One step on x (B,1,28,28) and labels y (B): queued, not waited for.
void cnn_gpu_step(CnnGpu& g, const float* x, const int* y);

}  // namespace models
