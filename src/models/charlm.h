// A character language model with five interchangeable bodies, trained on (B, T+1) windows of ids.
//
// Legend: B batch, T context (time steps), V vocabulary (code points), C width, L layers, nh heads.
//   ids (B, T+1): inputs x = ids[:, 0:T], targets y = ids[:, 1:T+1]
//   bigram       logits_t = W[x_t]                                         W (V,V)
//   rnn/lstm/gru e_t = E[x_t]                                              E (V,C)
//                h^1_t = cell_1(e_t, h^1_{t-1}), h^l_t = cell_l(h^{l-1}_t, h^l_{t-1}), h_0 = 0
//                logits_t = h^L_t W_o + b_o                                W_o (C,V)
//   transformer  h^0_t = E[x_t] + P[t]                                     P (T,C): learned positions
//                h^l = TransformerBlock_l(h^{l-1})   (pre-norm, causal: t sees 0..t only)
//                logits_t = LayerNorm(h^L_t) W_o + b_o
//   loss         L = mean over b, t of −log softmax(logits_{b,t})[y_{b,t}]  (cross-entropy)
//   sampling     p_i = exp(z_i/τ) / Σ_j exp(z_j/τ), over the k largest z only when top_k = k > 0
//
// The cells are src/models/rnn.h, lstm.h, gru.h; the block is transformer.h. A trace (batch 1)
// keeps what the lab draws: each layer's attention per head, each cell's gates along the sequence.
#pragma once
#include <string>
#include <vector>

#include "engine/rng.h"
#include "models/gru.h"
#include "models/lstm.h"
#include "models/rnn.h"
#include "models/transformer.h"

namespace models {

enum class CharArch { bigram, rnn, lstm, gru, transformer };

struct CharLMConfig {
  CharArch arch = CharArch::gru;
  int V = 2, C = 64, layers = 1, heads = 4;
  int T = 32;  // the context; the transformer's number of positions
};

struct CharLM {
  CharLMConfig cfg;
  eng::Param W;              // bigram table (V,V)
  eng::Param E;              // token embedding (V,C)
  eng::Param P;              // position embedding (T,C), transformer only
  std::vector<RNNCell> rnn;  // one per layer, C -> C
  std::vector<LSTMCell> lstm;
  std::vector<GRUCell> gru;
  std::vector<TransformerBlock> blocks;
  eng::Param lnf_gamma, lnf_beta;  // the final LayerNorm (C), transformer only
  Linear out;                      // read-out (C,V)
  CharLM() = default;
  CharLM(const CharLMConfig& cfg, eng::Rng& rng);
  eng::ParamList params();
};

// What one inference pass with batch 1 leaves for drawing, T' <= T positions:
//   attention[l][h]   (T',T') row-major, row = query position, column = key position
//   gates[l][g]       (T',C) row-major; lstm g = i, f, o, c (the cell); gru g = r, z, h; rnn g = h
struct CharTrace {
  int T = 0;
  std::vector<std::vector<std::vector<float>>> attention;
  std::vector<std::vector<std::vector<float>>> gates;
};

// The mean next-character cross-entropy over the (B, T+1) window ids, row-major.
eng::Var charlm_loss(eng::Tape& t, CharLM& m, const std::vector<int>& ids, int B, int T);

// Logits (B*T, V), row b*T + t, for inputs x (B,T). A trace is filled when given (B must be 1).
eng::Var charlm_logits(eng::Tape& t, CharLM& m, const std::vector<int>& x, int B, int T,
                       CharTrace* trace = nullptr);

// The next character's logits z (V) after `context` (its last T ids are used; at least one id).
std::vector<float> next_logits(eng::Tape& t, CharLM& m, const std::vector<int>& context,
                               CharTrace* trace = nullptr);

// The same for several contexts of one length at once: one row of logits per context.
std::vector<std::vector<float>> next_logits(eng::Tape& t, CharLM& m,
                                            const std::vector<std::vector<int>>& contexts);

// p_i = exp(z_i/τ) / Σ_j exp(z_j/τ), keeping only the top_k largest z (top_k 0: all).
std::vector<float> softmax_temperature(const std::vector<float>& z, float tau, int top_k);

// An id drawn from probabilities p.
int draw_from(const std::vector<float>& p, eng::Rng& rng);

// n more ids after `context`, each drawn from softmax_temperature(next_logits(...)).
std::vector<int> generate(eng::Tape& t, CharLM& m, std::vector<int> context, int n, float tau, int top_k,
                          eng::Rng& rng);

}  // namespace models
