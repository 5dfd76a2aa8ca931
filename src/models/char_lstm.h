// A character-level language model: embedding, one LSTM layer, a linear read-out.
//
// Legend: B batch, T time steps, V vocabulary, E embedding size, H hidden size.
//   ids is (B, T+1): inputs are ids[:, 0:T], targets ids[:, 1:T+1].
//   x_t   = E[ids[:, t]]                          (B,E)
//   h_t, c_t = LSTM(x_t, h_{t-1}, c_{t-1})        (B,H), starting from zeros
//   logits = [h_0; ...; h_{T-1}] W_y + b_y        (T*B, V), one matmul for all steps
//   loss = mean over t, b of cross-entropy(logits, next character)
#pragma once
#include <vector>

#include "models/lstm.h"

namespace models {

struct CharLSTM {
  eng::Param E;      // (V,E)
  LSTMCell cell;     // E -> H
  Linear out;        // (H,V)
  int V = 0, Emb = 0, H = 0;
  CharLSTM() = default;
  CharLSTM(int V, int E, int H, eng::Rng& rng);
  eng::ParamList params() { return {&E, &cell.W_x, &cell.W_h, &cell.b, &out.W, &out.b}; }
};

// Builds the whole unrolled graph on t and returns the mean loss. ids is row-major (B, T+1).
eng::Var char_lstm_loss(eng::Tape& t, CharLSTM& m, const std::vector<int>& ids, int B, int T);

}  // namespace models
