// A pre-norm Transformer block (as in GPT-2).
//
// Legend: B batch, T time, C channels, nh heads; x is (B,T,C).
//   x = x + MultiHeadAttention(LayerNorm_1(x))          (causal for a language model)
//   x = x + MLP(LayerNorm_2(x)),   MLP(u) = relu(u W_1 + b_1) W_2 + b_2,   W_1 is (C,4C)
#pragma once
#include "models/attention.h"

namespace models {

struct TransformerBlock {
  eng::Param ln1_gamma, ln1_beta, ln2_gamma, ln2_beta;  // (C) each
  MultiHeadAttention attn;
  Linear fc1, fc2;  // (C,4C), (4C,C)
  TransformerBlock() = default;
  TransformerBlock(int C, int n_head, eng::Rng& rng);
  eng::ParamList params();
};

eng::Var transformer_block(eng::Tape& t, TransformerBlock& m, eng::Var x, bool causal);  // (B,T,C)

}  // namespace models
