// A text classifier: token ids -> embedding -> an LSTM's last hidden state, or the mean of the
// embeddings (a "bag of words") -> a linear layer -> softmax over the classes.
//
// Legend: B texts in a batch, T tokens (the longest text of the batch), V vocabulary, C width (the
// embedding and the hidden size), K classes.  len_b is text b's own length, 1 <= len_b <= T.
//   ids        (B,T)  token ids of each text, padded after its end (the pads are never read)
//   m_t        (B,C)  1 for the texts still running at step t (t < len_b), 0 for those that ended
//   x_t = E[ids[:, t]]                                 (B,C)
//   lstm:  h'_t, c'_t = LSTM(x_t, h_{t-1}, c_{t-1})    (B,C) each, from h_{-1} = c_{-1} = 0
//          h_t = h_{t-1} + m_t (h'_t - h_{t-1})        an ended text keeps its state, so
//          c_t = c_{t-1} + m_t (c'_t - c_{t-1})        h = h_{T-1} holds each text's h_{len_b - 1}
//   bag:   h = (1/len_b) sum_{t < len_b} x_t           (B,C)
//   z = h W + b                                        (B,K)  the logits
//   p = softmax(z),   L = mean over b of -log p[b, y_b]  (cross-entropy)
// With K = 2 this is the article's sigmoid output: p[1] = sigmoid(z_1 - z_0).
#pragma once
#include <string>
#include <vector>

#include "models/lstm.h"

namespace models {

enum class TextEncoder { lstm, bag };

struct TextClassifier {
  TextEncoder encoder = TextEncoder::lstm;
  int V = 0, C = 0, K = 0;
  eng::Param E;   // (V,C)
  LSTMCell cell;  // C -> C (used by the lstm encoder only)
  Linear out;     // (C,K)
  TextClassifier() = default;
  TextClassifier(TextEncoder encoder, int V, int C, int K, eng::Rng& rng);
  eng::ParamList params();
};

// A batch of texts as the model reads it: ids (B,T) row-major, padded with 0, and the lengths.
struct TextBatch {
  int B = 0, T = 0;
  std::vector<int> ids, len;
};

// Packs the texts (each at least one token) into a batch of width T = the longest.
TextBatch make_text_batch(const std::vector<const std::vector<int>*>& texts);

// The logits z (B,K) of a batch, on tape t.
eng::Var text_logits(eng::Tape& t, TextClassifier& m, const TextBatch& batch);

}  // namespace models
