#include "models/gru.h"

namespace models {

using namespace eng;

GRUCell::GRUCell(int I, int H_, Rng& rng)
    : W_x("W_x", Shape{I, 3 * H_}), W_h("W_h", Shape{H_, 3 * H_}), b_x("b_x", Shape{3 * H_}),
      b_h("b_h", Shape{3 * H_}), H(H_) {
  xavier_uniform(W_x.value, rng);
  xavier_uniform(W_h.value, rng);
}

Var gru_cell(Tape& t, GRUCell& m, Var x, Var h) {
  int H = m.H;
  Var a = matmul(x, t.param(m.W_x)) + t.param(m.b_x);
  Var u = matmul(h, t.param(m.W_h)) + t.param(m.b_h);
  Var r = sigmoid(slice(a, -1, 0, H) + slice(u, -1, 0, H));
  Var z = sigmoid(slice(a, -1, H, 2 * H) + slice(u, -1, H, 2 * H));
  Var n = eng::tanh(slice(a, -1, 2 * H, 3 * H) + r * slice(u, -1, 2 * H, 3 * H));
  return (1.0f - z) * n + z * h;
}

}  // namespace models
