#include "models/cnn.h"

namespace models {

using namespace eng;

CNN::CNN(Rng& rng)
    : w1("w1", Shape{8, 1, 5, 5}), b1("b1", Shape{8}), w2("w2", Shape{16, 8, 5, 5}), b2("b2", Shape{16}),
      fc("fc", 16 * 7 * 7, 10, rng) {
  he_normal(w1.value, rng);
  he_normal(w2.value, rng);
}

Var cnn_forward(Tape& t, CNN& m, Var x) {
  Var a1 = max_pool2d(relu(conv2d(x, t.param(m.w1), t.param(m.b1), 1, 2)), 2, 2);
  Var a2 = max_pool2d(relu(conv2d(a1, t.param(m.w2), t.param(m.b2), 1, 2)), 2, 2);
  int B = x.shape()[0];
  return linear(t, m.fc, reshape(a2, Shape{B, 16 * 7 * 7}));
}

}  // namespace models
