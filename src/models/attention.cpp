#include "models/attention.h"

#include <cmath>

namespace models {

using namespace eng;

Var attention(Var Q, Var K, Var V, bool causal) {
  float D = float(Q.shape().last());
  Var scores = matmul(Q, K, false, true) * (1.0f / std::sqrt(D));  // (..., T, T)
  if (causal) scores = causal_mask(scores);
  Var att = softmax(scores);                                         // rows sum to 1
  return matmul(att, V);                                             // (..., T, D)
}

MultiHeadAttention::MultiHeadAttention(const std::string& name, int C, int nh, Rng& rng)
    : q(name + "_q", C, C, rng), k(name + "_k", C, C, rng), v(name + "_v", C, C, rng),
      o(name + "_o", C, C, rng), n_head(nh) {
  if (C % nh) shape_fail("multi_head_attention", std::to_string(C) + " channels do not split into " +
                                                     std::to_string(nh) + " heads");
}

ParamList MultiHeadAttention::params() {
  return {&q.W, &q.b, &k.W, &k.b, &v.W, &v.b, &o.W, &o.b};
}

// (B,T,C) -> (B,nh,T,D) and back
static Var split_heads(Var x, int nh) {
  Shape s = x.shape();
  return transpose(reshape(x, Shape{s[0], s[1], nh, s[2] / nh}), 1, 2);
}
static Var merge_heads(Var x) {
  Var y = transpose(x, 1, 2);  // (B,T,nh,D)
  Shape s = y.shape();
  return reshape(y, Shape{s[0], s[1], s[2] * s[3]});
}

Var multi_head_attention(Tape& t, MultiHeadAttention& m, Var x, bool causal) {
  if (x.shape().rank != 3) shape_fail("multi_head_attention", x.shape().str() + ": x must be (B,T,C)");
  Var q = split_heads(linear(t, m.q, x), m.n_head);
  Var k = split_heads(linear(t, m.k, x), m.n_head);
  Var v = split_heads(linear(t, m.v, x), m.n_head);
  Var y = merge_heads(attention(q, k, v, causal));  // (B,T,C)
  return linear(t, m.o, y);
}

}  // namespace models
