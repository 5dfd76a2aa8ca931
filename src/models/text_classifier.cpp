#include "models/text_classifier.h"

#include <algorithm>

namespace models {

using namespace eng;

TextClassifier::TextClassifier(TextEncoder enc, int V_, int C_, int K_, Rng& rng)
    : encoder(enc), V(V_), C(C_), K(K_), E("E", Shape{V_, C_}), out("z", C_, K_, rng) {
  normal_fill(E.value, 0.0f, 0.3f, rng);
  if (encoder == TextEncoder::lstm) cell = LSTMCell(C_, C_, rng);
}

ParamList TextClassifier::params() {
  if (encoder == TextEncoder::bag) return {&E, &out.W, &out.b};
  return {&E, &cell.W_x, &cell.W_h, &cell.b, &out.W, &out.b};
}

TextBatch make_text_batch(const std::vector<const std::vector<int>*>& texts) {
  TextBatch b;
  b.B = int(texts.size());
  for (const auto* x : texts) {
    if (x->empty()) shape_fail("text_classifier", "a text with no tokens");
    b.T = std::max(b.T, int(x->size()));
  }
  b.ids.assign(size_t(b.B * b.T), 0);
  for (int i = 0; i < b.B; ++i) {
    const std::vector<int>& x = *texts[size_t(i)];
    std::copy(x.begin(), x.end(), b.ids.begin() + i * b.T);
    b.len.push_back(int(x.size()));
  }
  return b;
}

// h = (1/len_b) sum_{t < len_b} x_t: every embedding weighted by m_t / len_b, summed over t.
static Var bag_encode(Tape& t, Var table, const TextBatch& b, int C) {
  Var x = embedding(table, b.ids, Shape{b.B, b.T});  // (B,T,C)
  std::vector<float> w(size_t(b.B * b.T * C), 0.0f);
  for (int i = 0; i < b.B; ++i)
    for (int s = 0; s < b.len[size_t(i)]; ++s)
      std::fill_n(w.begin() + (i * b.T + s) * C, C, 1.0f / float(b.len[size_t(i)]));
  return sum(x * t.input(Shape{b.B, b.T, C}, w.data()), 1);  // (B,C)
}

// The LSTM over each text; a text that has ended keeps its last state (the m_t update). The cell
// is models/lstm.h's, except that x_t W_x + b is one product for all steps (a faster matmul).
static Var lstm_encode(Tape& t, TextClassifier& m, Var table, const TextBatch& b) {
  const int C = m.C;
  std::vector<int> time_major(b.ids.size());  // row s*B + i is token s of text i
  for (int i = 0; i < b.B; ++i)
    for (int s = 0; s < b.T; ++s) time_major[size_t(s * b.B + i)] = b.ids[size_t(i * b.T + s)];
  Var xw = matmul(embedding(table, time_major, Shape{b.T * b.B}), t.param(m.cell.W_x)) + t.param(m.cell.b);
  Var W_h = t.param(m.cell.W_h);
  LSTMState s{t.constant(Shape{b.B, C}, 0.0f), t.constant(Shape{b.B, C}, 0.0f)};
  std::vector<float> mask(size_t(b.B * C));
  for (int step = 0; step < b.T; ++step) {
    bool all_running = true;
    for (int i = 0; i < b.B; ++i) {
      const bool running = step < b.len[size_t(i)];
      all_running = all_running && running;
      std::fill_n(mask.begin() + i * C, C, running ? 1.0f : 0.0f);
    }
    Var z = slice(xw, 0, step * b.B, (step + 1) * b.B) + matmul(s.h, W_h);  // (B,4C)
    Var ig = sigmoid(slice(z, -1, 0, C));
    Var fg = sigmoid(slice(z, -1, C, 2 * C));
    Var g = eng::tanh(slice(z, -1, 2 * C, 3 * C));
    Var og = sigmoid(slice(z, -1, 3 * C, 4 * C));
    LSTMState next;
    next.c = fg * s.c + ig * g;
    next.h = og * eng::tanh(next.c);
    if (!all_running) {  // h_t = h_{t-1} + m_t (h'_t - h_{t-1}), the same for c
      Var mt = t.input(Shape{b.B, C}, mask.data());
      next.h = s.h + mt * (next.h - s.h);
      next.c = s.c + mt * (next.c - s.c);
    }
    s = next;
  }
  return s.h;
}

Var text_logits(Tape& t, TextClassifier& m, const TextBatch& b) {
  if (int(b.ids.size()) != b.B * b.T || int(b.len.size()) != b.B || b.B == 0)
    shape_fail("text_classifier", "a batch whose ids and lengths disagree");
  Var table = t.param(m.E);
  Var h = m.encoder == TextEncoder::bag ? bag_encode(t, table, b, m.C) : lstm_encode(t, m, table, b);
  return linear(t, m.out, h);
}

}  // namespace models
