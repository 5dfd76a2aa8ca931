#include "models/charlm_gpu.h"

#include <cmath>
#include <map>

namespace models {

using namespace gpu;

std::string charlm_gpu_unsupported(const CharLM& m) {
  if (m.cfg.arch == CharArch::transformer) return "";
  const char* name = m.cfg.arch == CharArch::bigram ? "bigram"
                     : m.cfg.arch == CharArch::rnn  ? "RNN"
                     : m.cfg.arch == CharArch::lstm ? "LSTM"
                                                    : "GRU";
  return std::string("the ") + name + " has no GPU version yet (the Transformer has)";
}

namespace {

// The shapes of one step, and each parameter's buffers by the parameter.
struct Step {
  int B, T, C, V, nh, D, R;
  std::map<const eng::Param*, int> index;  // into Params' vectors
  const Params* p;
  Buf w(const eng::Param& x) const { return p->w[size_t(index.at(&x))]; }
  Buf dw(const eng::Param& x) const { return p->dw[size_t(index.at(&x))]; }
};

// y (R, out) = x (R, in) W + b, and its backward: dW = x^T dy, db = sum dy, dx (+)= dy W^T.
void linear_forward(std::vector<Cmd>& cmds, const Step& s, const Linear& l, Buf x, Buf y, int in, int out) {
  cmds.push_back(gemm({x, s.w(l.W), y, s.R, out, in}));
  cmds.push_back(add_bias(s.R, out, 1, s.w(l.b), y));
}
void linear_backward(std::vector<Cmd>& cmds, const Step& s, const Linear& l, Buf x, Buf dy, Buf dx, int in,
                     int out, bool accumulate_dx) {
  cmds.push_back(gemm({x, dy, s.dw(l.W), in, out, s.R, true, false}));
  cmds.push_back(bias_grad(s.R, out, 1, dy, s.dw(l.b)));
  cmds.push_back(gemm({dy, s.w(l.W), dx, s.R, in, out, false, true, accumulate_dx ? 1.0f : 0.0f}));
}

// (B, T, nh, D) <-> (B, nh, T, D)
Cmd split_heads(const Step& s, Buf x, Buf y) { return swap01(s.B, s.T, s.nh, s.D, x, y); }
Cmd merge_heads(const Step& s, Buf x, Buf y) { return swap01(s.B, s.nh, s.T, s.D, x, y); }

// The attention products, batched over the B nh heads: a head's q, k, v and their gradients are
// T x D, its scores and weights T x T.
//   scores_gemm  C (T,T) = alpha A B^T      (S = q k^T / sqrt(D),  dA = dy v^T)
//   values_gemm  C (T,D) = op(A) B           (y = A v,  dv = A^T dy,  dq = dS k,  dk = dS^T q)
Cmd scores_gemm(const Step& s, Buf A, Buf B, Buf C, float alpha) {
  Gemm g{A, B, C, s.T, s.T, s.D, false, true};
  g.alpha = alpha;
  g.batch = s.B * s.nh;
  g.sa = g.sb = s.T * s.D;
  g.sc = s.T * s.T;
  return gemm(g);
}
Cmd values_gemm(const Step& s, Buf A, Buf B, Buf C, bool trans_a) {
  Gemm g{A, B, C, s.T, s.D, s.T, trans_a, false};
  g.batch = s.B * s.nh;
  g.sa = s.T * s.T;
  g.sb = g.sc = s.T * s.D;
  return gemm(g);
}

// What the backward pass needs of one block's forward pass.
struct BlockFwd {
  Buf h_in, a, stats1, qh, kh, vh, att, y, h1, u, stats2, f, h_out;  // (R,C) or heads (B,nh,T,D)
};

BlockFwd block_forward(std::vector<Cmd>& cmds, const Step& s, const TransformerBlock& m, Buf h) {
  const int R = s.R, C = s.C, F = 4 * C, BH = s.B * s.nh;
  BlockFwd f{};
  f.h_in = h;
  f.a = buffer(R * C);
  f.stats1 = buffer(2 * R);
  cmds.push_back(layer_norm(R, C, 1e-5f, h, s.w(m.ln1_gamma), s.w(m.ln1_beta), f.a, f.stats1));
  const Buf tmp = buffer(R * C);  // q, k, v before their heads are split, then the merged output
  Buf* heads[3] = {&f.qh, &f.kh, &f.vh};
  const Linear* proj[3] = {&m.attn.q, &m.attn.k, &m.attn.v};
  for (int i = 0; i < 3; ++i) {
    *heads[i] = buffer(R * C);
    linear_forward(cmds, s, *proj[i], f.a, tmp, C, C);
    cmds.push_back(split_heads(s, tmp, *heads[i]));
  }
  const Buf scores = buffer(BH * s.T * s.T), yh = buffer(R * C);
  f.att = buffer(BH * s.T * s.T);
  cmds.push_back(scores_gemm(s, f.qh, f.kh, scores, 1.0f / std::sqrt(float(s.D))));
  cmds.push_back(softmax(BH * s.T, s.T, true, scores, f.att));
  cmds.push_back(values_gemm(s, f.att, f.vh, yh, false));
  f.y = buffer(R * C);
  cmds.push_back(merge_heads(s, yh, f.y));
  linear_forward(cmds, s, m.attn.o, f.y, tmp, C, C);
  f.h1 = buffer(R * C);
  cmds.push_back(add(R * C, h, tmp, f.h1));
  f.u = buffer(R * C);
  f.stats2 = buffer(2 * R);
  cmds.push_back(layer_norm(R, C, 1e-5f, f.h1, s.w(m.ln2_gamma), s.w(m.ln2_beta), f.u, f.stats2));
  const Buf z = buffer(R * F);
  f.f = buffer(R * F);
  linear_forward(cmds, s, m.fc1, f.u, z, C, F);
  cmds.push_back(relu(R * F, z, f.f));
  linear_forward(cmds, s, m.fc2, f.f, tmp, F, C);
  f.h_out = buffer(R * C);
  cmds.push_back(add(R * C, f.h1, tmp, f.h_out));
  return f;
}

// Scratch the backward pass of every block shares (each block's runs after the last one's).
struct BlockGrads {
  Buf du, dz, df, dy, dyh, datt, dscores, dqh, dkh, dvh, dq, dk, dv, da;
};

BlockGrads block_grads(const Step& s) {
  const int RC = s.R * s.C, RF = s.R * 4 * s.C, TT = s.B * s.nh * s.T * s.T;
  return {buffer(RC), buffer(RF), buffer(RF), buffer(RC), buffer(RC), buffer(TT), buffer(TT),
          buffer(RC), buffer(RC), buffer(RC), buffer(RC), buffer(RC), buffer(RC), buffer(RC)};
}

// dh: the gradient of the block's output on the way in, of its input on the way out.
void block_backward(std::vector<Cmd>& cmds, const Step& s, const TransformerBlock& m, const BlockFwd& f,
                    const BlockGrads& g, Buf dh) {
  const int R = s.R, C = s.C, F = 4 * C, BH = s.B * s.nh;
  // MLP: h' = h1 + relu(u W_1 + b_1) W_2 + b_2, u = LN2(h1)
  linear_backward(cmds, s, m.fc2, f.f, dh, g.df, F, C, false);
  cmds.push_back(relu_backward(R * F, f.f, g.df, g.dz));
  linear_backward(cmds, s, m.fc1, f.u, g.dz, g.du, C, F, false);
  cmds.push_back(layer_norm_backward(R, C, f.h1, s.w(m.ln2_gamma), f.stats2, g.du, dh, s.dw(m.ln2_gamma),
                                     s.dw(m.ln2_beta), true));
  // Attention: h1 = h + merge(A v) W_o + b_o, A = softmax(causal(q k^T / sqrt(D))), q k v of a = LN1(h)
  linear_backward(cmds, s, m.attn.o, f.y, dh, g.dy, C, C, false);
  cmds.push_back(split_heads(s, g.dy, g.dyh));
  cmds.push_back(scores_gemm(s, g.dyh, f.vh, g.datt, 1.0f));  // dA = dy v^T
  cmds.push_back(values_gemm(s, f.att, g.dyh, g.dvh, true));  // dv = A^T dy
  cmds.push_back(softmax_backward(BH * s.T, s.T, 1.0f / std::sqrt(float(s.D)), f.att, g.datt, g.dscores));
  cmds.push_back(values_gemm(s, g.dscores, f.kh, g.dqh, false));  // dq = dS k
  cmds.push_back(values_gemm(s, g.dscores, f.qh, g.dkh, true));   // dk = dS^T q
  const Buf* dheads[3] = {&g.dqh, &g.dkh, &g.dvh};
  const Buf* dproj[3] = {&g.dq, &g.dk, &g.dv};
  const Linear* proj[3] = {&m.attn.q, &m.attn.k, &m.attn.v};
  for (int i = 0; i < 3; ++i) {
    cmds.push_back(merge_heads(s, *dheads[i], *dproj[i]));
    linear_backward(cmds, s, *proj[i], f.a, *dproj[i], g.da, C, C, i > 0);  // da sums the three
  }
  cmds.push_back(layer_norm_backward(R, C, f.h_in, s.w(m.ln1_gamma), f.stats1, g.da, dh, s.dw(m.ln1_gamma),
                                     s.dw(m.ln1_beta), true));
}

}  // namespace

CharLMGpu charlm_gpu_make(CharLM& m, int B, int T, const eng::Adam& opt) {
  const CharLMConfig& c = m.cfg;
  CharLMGpu g;
  const int first = next_handle();
  g.B = B;
  g.T = T;
  g.V = c.V;
  const eng::ParamList ps = m.params();
  g.p = upload(ps, opt);
  Step s{B, T, c.C, c.V, c.heads, c.C / c.heads, B * T, {}, &g.p};
  for (size_t i = 0; i < ps.size(); ++i) s.index[ps[i]] = int(i);
  const int R = s.R, C = s.C, V = s.V;
  std::vector<Cmd>& cmds = g.step_cmds;
  g.ids = buffer(R);
  g.targets = buffer(R);
  g.order = buffer(R);
  g.starts = buffer(V + 1);
  g.loss = buffer(1);

  // Forward.
  Buf h = buffer(R * C);
  cmds.push_back(embed(R, C, T, V, g.ids, s.w(m.E), s.w(m.P), h));
  std::vector<BlockFwd> fwd;
  for (const TransformerBlock& block : m.blocks) {
    fwd.push_back(block_forward(cmds, s, block, h));
    h = fwd.back().h_out;
  }
  const Buf hf = buffer(R * C), stats = buffer(2 * R);
  cmds.push_back(layer_norm(R, C, 1e-5f, h, s.w(m.lnf_gamma), s.w(m.lnf_beta), hf, stats));
  g.logits = buffer(R * V);
  const Buf loss_rows = buffer(R), dlogits = buffer(R * V);
  cmds.push_back(gemm({hf, s.w(m.out.W), g.logits, R, V, C}));
  cmds.push_back(add_bias(R, V, 1, s.w(m.out.b), g.logits));
  cmds.push_back(cross_entropy(R, V, g.logits, g.targets, loss_rows, dlogits));
  cmds.push_back(sum(R, loss_rows, g.loss, 1.0f / float(R)));

  // Backward.
  const Buf dhf = buffer(R * C), dh = buffer(R * C);
  linear_backward(cmds, s, m.out, hf, dlogits, dhf, C, V, false);
  cmds.push_back(layer_norm_backward(R, C, h, s.w(m.lnf_gamma), stats, dhf, dh, s.dw(m.lnf_gamma),
                                     s.dw(m.lnf_beta), false));
  const BlockGrads grads = block_grads(s);
  for (size_t l = m.blocks.size(); l-- > 0;) block_backward(cmds, s, m.blocks[l], fwd[l], grads, dh);
  cmds.push_back(embed_backward(R, C, T, V, g.order, g.starts, dh, s.dw(m.E)));
  cmds.push_back(bias_grad(B, T * C, 1, dh, s.dw(m.P)));                // dP = sum over b of dh (B, T C)
  cmds.insert(cmds.end(), g.p.adam_cmds.begin(), g.p.adam_cmds.end());  // the step ends with Adam
  g.handles = handles_since(first);
  return g;
}

int charlm_gpu_step(CharLMGpu& g, const std::vector<int>& ids) {
  const int B = g.B, T = g.T, R = B * T;
  std::vector<int> x(static_cast<size_t>(R)), y(static_cast<size_t>(R));
  for (int b = 0; b < B; ++b)
    for (int t = 0; t < T; ++t) {
      x[size_t(b * T + t)] = ids[size_t(b * (T + 1) + t)];
      y[size_t(b * T + t)] = ids[size_t(b * (T + 1) + t + 1)];
    }
  // The rows sorted by token, stably, and where each token's run starts: the embedding gradient's
  // gather (embedding.wgsl) adds each token's rows in the order the CPU does.
  std::vector<int> starts(static_cast<size_t>(g.V + 1), 0), order(static_cast<size_t>(R));
  for (int id : x) ++starts[size_t(id + 1)];
  for (int v = 0; v < g.V; ++v) starts[size_t(v + 1)] += starts[size_t(v)];
  std::vector<int> next(starts.begin(), starts.end() - 1);
  for (int r = 0; r < R; ++r) order[size_t(next[size_t(x[size_t(r)])]++)] = r;
  write_u32(g.ids, x.data(), R);
  write_u32(g.targets, y.data(), R);
  write_u32(g.order, order.data(), R);
  write_u32(g.starts, starts.data(), g.V + 1);
  next_step(g.p);
  return run(g.step_cmds);
}

}  // namespace models
