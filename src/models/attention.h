// Scaled dot-product attention (Vaswani et al. 2017) and its multi-head layer.
//
// Legend: B batch, T time (tokens), C channels, nh heads, D = C / nh head size.
//   attention(Q, K, V) = softmax(Q K^T / sqrt(D)) V       Q, K, V are (..., T, D)
//   causal: scores of keys after the query are masked, so token t sees tokens 0..t only.
//   Multi-head: q = x W_q, k = x W_k, v = x W_v (B,T,C), split into heads (B,nh,T,D), attend per
//   head, merge back to (B,T,C), then y = merged W_o + b_o.
#pragma once
#include "models/linear.h"

namespace models {

eng::Var attention(eng::Var Q, eng::Var K, eng::Var V, bool causal);  // (..., T, D)

struct MultiHeadAttention {
  Linear q, k, v, o;  // each (C, C)
  int n_head = 1;
  MultiHeadAttention() = default;
  MultiHeadAttention(const std::string& name, int C, int n_head, eng::Rng& rng);
  eng::ParamList params();
};

eng::Var multi_head_attention(eng::Tape& t, MultiHeadAttention& m, eng::Var x, bool causal);  // (B,T,C)

}  // namespace models
