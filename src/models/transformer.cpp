#include "models/transformer.h"

namespace models {

using namespace eng;

TransformerBlock::TransformerBlock(int C, int n_head, Rng& rng)
    : ln1_gamma("ln1_gamma", Shape{C}), ln1_beta("ln1_beta", Shape{C}), ln2_gamma("ln2_gamma", Shape{C}),
      ln2_beta("ln2_beta", Shape{C}), attn("attn", C, n_head, rng), fc1("fc1", C, 4 * C, rng, true),
      fc2("fc2", 4 * C, C, rng) {
  std::fill(ln1_gamma.value.v.begin(), ln1_gamma.value.v.end(), 1.0f);
  std::fill(ln2_gamma.value.v.begin(), ln2_gamma.value.v.end(), 1.0f);
}

ParamList TransformerBlock::params() {
  ParamList ps = {&ln1_gamma, &ln1_beta, &ln2_gamma, &ln2_beta};
  for (Param* p : attn.params()) ps.push_back(p);
  ps.insert(ps.end(), {&fc1.W, &fc1.b, &fc2.W, &fc2.b});
  return ps;
}

Var transformer_block(Tape& t, TransformerBlock& m, Var x, bool causal) {
  Var a = layer_norm(x, t.param(m.ln1_gamma), t.param(m.ln1_beta));
  x = x + multi_head_attention(t, m.attn, a, causal);
  Var u = layer_norm(x, t.param(m.ln2_gamma), t.param(m.ln2_beta));
  x = x + linear(t, m.fc2, relu(linear(t, m.fc1, u)));
  return x;
}

}  // namespace models
