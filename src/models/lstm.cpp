#include "models/lstm.h"

namespace models {

using namespace eng;

LSTMCell::LSTMCell(int I, int H_, Rng& rng)
    : W_x("W_x", Shape{I, 4 * H_}), W_h("W_h", Shape{H_, 4 * H_}), b("b", Shape{4 * H_}), H(H_) {
  xavier_uniform(W_x.value, rng);
  xavier_uniform(W_h.value, rng);
  for (int j = H; j < 2 * H; ++j) b.value[j] = 1.0f;  // forget-gate bias
}

LSTMState lstm_cell(Tape& t, LSTMCell& m, Var x, LSTMState s) {
  int H = m.H;
  Var z = matmul(x, t.param(m.W_x)) + matmul(s.h, t.param(m.W_h)) + t.param(m.b);
  Var i = sigmoid(slice(z, -1, 0, H));
  Var f = sigmoid(slice(z, -1, H, 2 * H));
  Var g = eng::tanh(slice(z, -1, 2 * H, 3 * H));
  Var o = sigmoid(slice(z, -1, 3 * H, 4 * H));
  Var c = f * s.c + i * g;
  Var h = o * eng::tanh(c);
  return {h, c};
}

}  // namespace models
