// The Transformer character model (charlm.h, arch transformer) trained on WebGPU: one training
// step (forward, backward, Adam) as one list of GPU commands, made once and run every step, as
// convnet_gpu.h does for the ConvNet. Weights, gradients, activations and Adam's moments stay on
// the GPU; the CPU version (charlm_loss on the tape, eng::Adam) is the reference it is tested
// against.
//
// Legend (charlm.h's): B batch, T context, V vocabulary, C width, nh heads, D = C / nh, R = B T
// rows (token r is position r % T); (B,T,C) is R x C row-major.
//   h0 = E[x] + P[t]                                               embedding.wgsl
//   per block:  a = LN1(h)                                         layernorm.wgsl
//               q, k, v = a W_q + b_q, ...        (R,C) -> heads (B,nh,T,D)   gemm, bias, layout
//               S = q k^T / sqrt(D), A = softmax(causal(S))       (B nh) batched (T,T)
//               h1 = h + merge(A v) W_o + b_o
//               u = LN2(h1),  f = relu(u W_1 + b_1),  h' = h1 + f W_2 + b_2
//   logits = LN_f(h_L) W_out + b_out  (R,V),  L = mean cross-entropy over the R rows
// The backward pass walks it in reverse, each line the chain rule of its forward line; dh is the
// residual stream's gradient, which each branch adds its part into:
//   dW_out = hf^T dz, db_out = sum dz, dhf = dz W_out^T;  dh = LN_f'(dhf)
//   MLP     dW_2 = f^T dh, df = dh W_2^T, dg = df [f > 0], dW_1 = u^T dg, du = dg W_1^T;  dh += LN2'(du)
//   attn    dW_o = y^T dh, dy = dh W_o^T (to heads), dA = dy v^T, dv = A^T dy,
//           dS = A (dA - rowsum(dA A)) / sqrt(D), dq = dS k, dk = dS^T q (merged),
//           dW_q = a^T dq ..., da = dq W_q^T + dk W_k^T + dv W_v^T;  dh += LN1'(da)
//   dE[v] = sum of dh over the rows of token v,  dP = sum_b dh
// Then Adam steps every parameter. Only the transformer body has a GPU version:
// charlm_gpu_unsupported() names the others.
#pragma once
#include <string>
#include <vector>

#include "engine/optim.h"
#include "gpu/params.h"
#include "models/charlm.h"

namespace models {

struct CharLMGpu {
  int B = 0, T = 0, V = 0;
  gpu::Params p;                                             // in CharLM::params() order
  gpu::Buf ids = -1, targets = -1, order = -1, starts = -1;  // the batch (u32), written each step
  gpu::Buf logits = -1, loss = -1;                           // loss: the last step's mean loss
  std::vector<int> handles;         // every buffer and command it made, for gpu::release
  std::vector<gpu::Cmd> step_cmds;  // forward, backward, then p.adam_cmds
};

// "" when the model runs on the GPU; else why it does not.
std::string charlm_gpu_unsupported(const CharLM& m);
// Uploads m's weights and opt's state (its moments and step count: a run moved to the GPU mid-way
// goes on as it was) and makes the commands for batches of B windows of T + 1 ids (T <= m.cfg.T).
CharLMGpu charlm_gpu_make(CharLM& m, int B, int T, const eng::Adam& opt);
// One step on the (B, T+1) windows `ids`, row-major, as charlm_loss takes them: queued, not waited
// for. Returns gpu::run's ticket.
int charlm_gpu_step(CharLMGpu& g, const std::vector<int>& ids);

}  // namespace models
