#include "models/rnn.h"

namespace models {

using namespace eng;

RNNCell::RNNCell(int I, int H, Rng& rng)
    : W_xh("W_xh", Shape{I, H}), W_hh("W_hh", Shape{H, H}), b_h("b_h", Shape{H}) {
  xavier_uniform(W_xh.value, rng);
  xavier_uniform(W_hh.value, rng);
}

Var rnn_cell(Tape& t, RNNCell& m, Var x, Var h) {
  return eng::tanh(matmul(x, t.param(m.W_xh)) + matmul(h, t.param(m.W_hh)) + t.param(m.b_h));
}

}  // namespace models
