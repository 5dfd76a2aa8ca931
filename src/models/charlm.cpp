// The character language model of charlm.h: its bodies, its loss, and inference for the lab.
#include "models/charlm.h"

#include <algorithm>
#include <cmath>

namespace models {

using namespace eng;

CharLM::CharLM(const CharLMConfig& c, Rng& rng)
    : cfg(c),
      W("W_bigram", Shape{c.V, c.V}),
      E("E", Shape{c.V, c.C}),
      P("P", Shape{c.T, c.C}),
      lnf_gamma("lnf_gamma", Shape{c.C}),
      lnf_beta("lnf_beta", Shape{c.C}),
      out("out", c.C, c.V, rng) {
  normal_fill(E.value, 0.0f, c.arch == CharArch::transformer ? 0.1f : 0.3f, rng);
  normal_fill(P.value, 0.0f, 0.1f, rng);
  std::fill(lnf_gamma.value.v.begin(), lnf_gamma.value.v.end(), 1.0f);
  for (int l = 0; l < c.layers; ++l) {
    if (c.arch == CharArch::rnn) rnn.emplace_back(c.C, c.C, rng);
    if (c.arch == CharArch::lstm) lstm.emplace_back(c.C, c.C, rng);
    if (c.arch == CharArch::gru) gru.emplace_back(c.C, c.C, rng);
    if (c.arch == CharArch::transformer) blocks.emplace_back(c.C, c.heads, rng);
  }
}

ParamList CharLM::params() {
  if (cfg.arch == CharArch::bigram) return {&W};
  ParamList ps = {&E};
  for (auto& cell : rnn) ps.insert(ps.end(), {&cell.W_xh, &cell.W_hh, &cell.b_h});
  for (auto& cell : lstm) ps.insert(ps.end(), {&cell.W_x, &cell.W_h, &cell.b});
  for (auto& cell : gru) ps.insert(ps.end(), {&cell.W_x, &cell.W_h, &cell.b_x, &cell.b_h});
  if (cfg.arch == CharArch::transformer) {
    ps.push_back(&P);
    for (auto& block : blocks)
      for (Param* p : block.params()) ps.push_back(p);
    ps.insert(ps.end(), {&lnf_gamma, &lnf_beta});
  }
  ps.insert(ps.end(), {&out.W, &out.b});
  return ps;
}

// The values of the nodes named `op` among tape nodes [from, to), in order: what a trace reads
// out of a cell or a block (the gates are its sigmoids, the attention weights its softmax).
static std::vector<const Node*> nodes_named(const Tape& t, int from, int to, const std::string& op) {
  std::vector<const Node*> found;
  for (int i = from; i < to; ++i)
    if (op == t.node(i).op) found.push_back(&t.node(i));
  return found;
}

// Appends a (1,C) value as row t of gates[l][g].
static void keep_row(CharTrace* trace, int l, int g, const float* v, int C) {
  auto& rows = trace->gates[size_t(l)][size_t(g)];
  rows.insert(rows.end(), v, v + C);
}

// The recurrent bodies: the top layer's h_t for every t, as (B,T,C).
static Var recurrent_hidden(Tape& t, CharLM& m, const std::vector<int>& x, int B, int T, CharTrace* trace) {
  const int C = m.cfg.C, L = m.cfg.layers;
  const int n_gates = m.cfg.arch == CharArch::lstm ? 4 : m.cfg.arch == CharArch::gru ? 3 : 1;
  if (trace) trace->gates.assign(size_t(L), std::vector<std::vector<float>>(size_t(n_gates)));
  Var table = t.param(m.E);
  std::vector<Var> h(static_cast<size_t>(L)), c(static_cast<size_t>(L));
  for (int l = 0; l < L; ++l) {
    h[size_t(l)] = t.constant(Shape{B, C}, 0.0f);
    c[size_t(l)] = t.constant(Shape{B, C}, 0.0f);
  }
  std::vector<int> x_t(static_cast<size_t>(B));
  std::vector<Var> tops;
  for (int step = 0; step < T; ++step) {
    for (int b = 0; b < B; ++b) x_t[size_t(b)] = x[size_t(b * T + step)];
    Var in = embedding(table, x_t, Shape{B});  // e_t (B,C)
    for (int l = 0; l < L; ++l) {
      const size_t k = size_t(l);
      const int before = t.size();
      if (m.cfg.arch == CharArch::rnn) h[k] = rnn_cell(t, m.rnn[k], in, h[k]);
      if (m.cfg.arch == CharArch::gru) h[k] = gru_cell(t, m.gru[k], in, h[k]);
      if (m.cfg.arch == CharArch::lstm) {
        LSTMState s = lstm_cell(t, m.lstm[k], in, {h[k], c[k]});
        h[k] = s.h;
        c[k] = s.c;
      }
      if (trace) {  // lstm: sigmoids i, f, o, then c; gru: sigmoids r, z, then h; rnn: h
        auto sig = nodes_named(t, before, t.size(), "sigmoid");
        for (size_t g = 0; g < sig.size(); ++g) keep_row(trace, l, int(g), sig[g]->value(), C);
        Var last = m.cfg.arch == CharArch::lstm ? c[k] : h[k];
        keep_row(trace, l, n_gates - 1, last.value(), C);
      }
      in = h[k];
    }
    tops.push_back(reshape(in, Shape{B, 1, C}));
  }
  return concat(tops, 1);  // (B,T,C)
}

// The transformer body: LayerNorm of the last block's output, (B,T,C).
static Var transformer_hidden(Tape& t, CharLM& m, const std::vector<int>& x, int B, int T, CharTrace* trace) {
  std::vector<int> pos(static_cast<size_t>(B * T));
  for (int i = 0; i < B * T; ++i) pos[size_t(i)] = i % T;
  Var h = embedding(t.param(m.E), x, Shape{B, T}) + embedding(t.param(m.P), pos, Shape{B, T});
  if (trace) trace->attention.clear();
  for (auto& block : m.blocks) {
    const int before = t.size();
    h = transformer_block(t, block, h, true);
    if (trace) {  // the block's one softmax is its attention, (1, nh, T, T)
      const Node* att = nodes_named(t, before, t.size(), "softmax").at(0);
      std::vector<std::vector<float>> heads;
      for (int hd = 0; hd < m.cfg.heads; ++hd)
        heads.emplace_back(att->value() + size_t(hd * T * T), att->value() + size_t((hd + 1) * T * T));
      trace->attention.push_back(heads);
    }
  }
  return layer_norm(h, t.param(m.lnf_gamma), t.param(m.lnf_beta));
}

// The top hidden states (B,T,C), or for the bigram its logits W[x] (B,T,V).
static Var body(Tape& t, CharLM& m, const std::vector<int>& x, int B, int T, CharTrace* trace) {
  if (int(x.size()) != B * T)
    shape_fail("charlm", std::to_string(x.size()) + " ids for (B,T) = (" + std::to_string(B) + "," +
                             std::to_string(T) + ")");
  if (T > m.cfg.T) shape_fail("charlm", "context " + std::to_string(T) + " > " + std::to_string(m.cfg.T));
  if (trace) {
    if (B != 1) shape_fail("charlm", "a trace needs batch 1");
    trace->T = T;
  }
  if (m.cfg.arch == CharArch::bigram) return embedding(t.param(m.W), x, Shape{B, T});  // W[x_t]
  return m.cfg.arch == CharArch::transformer ? transformer_hidden(t, m, x, B, T, trace)
                                             : recurrent_hidden(t, m, x, B, T, trace);
}

Var charlm_logits(Tape& t, CharLM& m, const std::vector<int>& x, int B, int T, CharTrace* trace) {
  Var h = body(t, m, x, B, T, trace);
  if (m.cfg.arch == CharArch::bigram) return reshape(h, Shape{B * T, m.cfg.V});
  return linear(t, m.out, reshape(h, Shape{B * T, m.cfg.C}));
}

Var charlm_loss(Tape& t, CharLM& m, const std::vector<int>& ids, int B, int T) {
  if (int(ids.size()) != B * (T + 1))
    shape_fail("charlm", std::to_string(ids.size()) + " ids for (B,T+1) = (" + std::to_string(B) + "," +
                             std::to_string(T + 1) + ")");
  std::vector<int> x(static_cast<size_t>(B * T)), y(static_cast<size_t>(B * T));
  for (int b = 0; b < B; ++b)
    for (int s = 0; s < T; ++s) {
      x[size_t(b * T + s)] = ids[size_t(b * (T + 1) + s)];
      y[size_t(b * T + s)] = ids[size_t(b * (T + 1) + s + 1)];
    }
  return cross_entropy(charlm_logits(t, m, x, B, T), y);
}

std::vector<std::vector<float>> next_logits(Tape& t, CharLM& m,
                                            const std::vector<std::vector<int>>& contexts) {
  const int B = int(contexts.size());
  if (B == 0 || contexts[0].empty()) shape_fail("charlm", "next_logits needs at least one id of context");
  const int T = std::min(int(contexts[0].size()), m.cfg.T);
  std::vector<int> x;
  for (const auto& c : contexts) {
    if (c.size() != contexts[0].size()) shape_fail("charlm", "next_logits: contexts of different lengths");
    x.insert(x.end(), c.end() - T, c.end());
  }
  NoGrad ng(t);
  t.clear();
  Var h = slice(body(t, m, x, B, T, nullptr), 1, T - 1, T);  // the last position only, (B,1,·)
  Var z = m.cfg.arch == CharArch::bigram ? h : linear(t, m.out, reshape(h, Shape{B, m.cfg.C}));
  std::vector<std::vector<float>> rows;
  for (int b = 0; b < B; ++b)
    rows.emplace_back(z.value() + size_t(b * m.cfg.V), z.value() + size_t((b + 1) * m.cfg.V));
  return rows;
}

std::vector<float> next_logits(Tape& t, CharLM& m, const std::vector<int>& context, CharTrace* trace) {
  if (!trace) return next_logits(t, m, std::vector<std::vector<int>>{context})[0];
  if (context.empty()) shape_fail("charlm", "next_logits needs at least one id of context");
  const int T = std::min(int(context.size()), m.cfg.T);
  const std::vector<int> x(context.end() - T, context.end());
  NoGrad ng(t);
  t.clear();
  Var h = slice(body(t, m, x, 1, T, trace), 1, T - 1, T);  // the last position only
  Var z = m.cfg.arch == CharArch::bigram ? h : linear(t, m.out, reshape(h, Shape{1, m.cfg.C}));
  return std::vector<float>(z.value(), z.value() + m.cfg.V);
}

std::vector<float> softmax_temperature(const std::vector<float>& z, float tau, int top_k) {
  const int V = int(z.size());
  float cut = -INFINITY;  // logits below the k-th largest get probability 0
  if (top_k > 0 && top_k < V) {
    std::vector<float> sorted = z;
    std::nth_element(sorted.begin(), sorted.begin() + (top_k - 1), sorted.end(), std::greater<float>());
    cut = sorted[size_t(top_k - 1)];
  }
  const float zmax = *std::max_element(z.begin(), z.end());
  std::vector<float> p(z.size(), 0.0f);
  double total = 0;
  for (int i = 0; i < V; ++i)
    if (z[size_t(i)] >= cut) {
      p[size_t(i)] = std::exp((z[size_t(i)] - zmax) / tau);  // exp(z_i/τ), shifted for range
      total += p[size_t(i)];
    }
  for (float& v : p) v = float(v / total);
  return p;
}

int draw_from(const std::vector<float>& p, Rng& rng) {
  float u = rng.uniform();
  for (size_t i = 0; i < p.size(); ++i) {
    u -= p[i];
    if (u < 0) return int(i);
  }
  for (size_t i = p.size(); i > 0; --i)  // rounding left u >= 0: the last possible id
    if (p[i - 1] > 0) return int(i - 1);
  return 0;
}

std::vector<int> generate(Tape& t, CharLM& m, std::vector<int> context, int n, float tau, int top_k,
                          Rng& rng) {
  std::vector<int> made;
  for (int i = 0; i < n; ++i) {
    const int id = draw_from(softmax_temperature(next_logits(t, m, context, nullptr), tau, top_k), rng);
    made.push_back(id);
    context.push_back(id);
    if (int(context.size()) > m.cfg.T) context.erase(context.begin());
  }
  return made;
}

}  // namespace models
