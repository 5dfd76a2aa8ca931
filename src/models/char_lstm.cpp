#include "models/char_lstm.h"

namespace models {

using namespace eng;

CharLSTM::CharLSTM(int V_, int E_, int H_, Rng& rng)
    : E("E", Shape{V_, E_}), cell(E_, H_, rng), out("y", H_, V_, rng), V(V_), Emb(E_), H(H_) {
  normal_fill(E.value, 0.0f, 0.3f, rng);
}

Var char_lstm_loss(Tape& t, CharLSTM& m, const std::vector<int>& ids, int B, int T) {
  if (int(ids.size()) != B * (T + 1))
    shape_fail("char_lstm", std::to_string(ids.size()) + " ids for (B,T+1) = (" + std::to_string(B) + "," +
                                std::to_string(T + 1) + ")");
  Var table = t.param(m.E);
  LSTMState s{t.constant(Shape{B, m.H}, 0.0f), t.constant(Shape{B, m.H}, 0.0f)};
  std::vector<Var> hs;
  std::vector<int> x_ids(B), targets;
  targets.reserve(size_t(B * T));
  for (int step = 0; step < T; ++step) {
    for (int b = 0; b < B; ++b) {
      x_ids[size_t(b)] = ids[size_t(b * (T + 1) + step)];
      targets.push_back(ids[size_t(b * (T + 1) + step + 1)]);
    }
    Var x = embedding(table, x_ids, Shape{B});  // (B,E)
    s = lstm_cell(t, m.cell, x, s);
    hs.push_back(s.h);
  }
  Var logits = linear(t, m.out, concat(hs, 0));  // (T*B, V), row t*B + b
  return cross_entropy(logits, targets);
}

}  // namespace models
