// A ConvNet (convnet.h) trained on WebGPU: one training step (forward, backward, Adam) as one list
// of GPU commands, made once and run every step. Weights, gradients and Adam's moments stay on the
// GPU; the CPU version (convnet_forward on the tape, eng::Adam) is the reference it is tested
// against, and the lab's copy of the weights is read back a few times a second to measure and draw.
//
// Legend (convnet.h's): B batch; x (B,1,28,28); a layer maps its input a to
//   conv    z = conv(a, W) + b,  a' = relu(z)          pool   a' = maxpool(a), winners kept
//   dense   z = flatten(a) W + b, a' = relu(z)         head   logits = flatten(a) W + b
// and L is the mean cross-entropy of the logits. The backward pass walks the layers in reverse,
// each line the chain rule of its forward line, from dlogits = (softmax - onehot) / B:
//   head    dW = a^T dlogits,  db = sum_b dlogits,  da = dlogits W^T
//   dense   dz = da' [a' > 0],  dW = a^T dz,  db = sum_b dz,  da = dz W^T
//   conv    dz = da' [a' > 0],  dW, db, da = conv's three gradients (shaders/conv2d.wgsl)
//   pool    da = da' routed to each window's winner
// (the first layer computes no da). Then Adam steps every parameter.
// Residual blocks, average pooling and dropout have no GPU version yet: unsupported() names them.
#pragma once
#include <string>
#include <vector>

#include "engine/optim.h"
#include "gpu/params.h"
#include "models/convnet.h"

namespace models {

struct ConvNetGpu {
  int B = 0;
  gpu::Params p;                                         // in ConvNet::params() order
  gpu::Buf x = -1, labels = -1, logits = -1, loss = -1;  // loss: the last step's mean loss
  std::vector<int> handles;  // every buffer and command it made, for gpu::release
  std::vector<gpu::Cmd> step_cmds;                       // forward, backward, then p.adam_cmds
};

// "" when every layer of `net` runs on the GPU; else which one does not.
std::string convnet_gpu_unsupported(const ConvNet& net);
// Uploads net's weights and opt's state (its moments and step count: a run moved to the GPU
// mid-way goes on as it was) and makes the commands for batches of B images, stepped with opt's
// settings.
ConvNetGpu convnet_gpu_make(ConvNet& net, int B, const eng::Adam& opt);
// One step on x (B,1,28,28) and labels y (B): queued, not waited for. Returns gpu::run's ticket.
int convnet_gpu_step(ConvNetGpu& g, const float* x, const int* y);

}  // namespace models
