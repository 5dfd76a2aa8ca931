// A small convolutional network for 28x28 images (MNIST-shaped).
//
// Legend: B batch; images x are (B,1,28,28); K1 = 8 and K2 = 16 filters of 5x5, padding 2.
//   a1 = maxpool2(relu(conv(x,  w1) + b1))     (B,8,14,14)
//   a2 = maxpool2(relu(conv(a1, w2) + b2))     (B,16,7,7)
//   y_hat = flatten(a2) W + b                  (B,10) logits
#pragma once
#include "models/linear.h"

namespace models {

struct CNN {
  eng::Param w1, b1, w2, b2;  // (8,1,5,5), (8), (16,8,5,5), (16)
  Linear fc;                  // (784, 10)
  CNN() = default;
  explicit CNN(eng::Rng& rng);
  eng::ParamList params() { return {&w1, &b1, &w2, &b2, &fc.W, &fc.b}; }
};

eng::Var cnn_forward(eng::Tape& t, CNN& m, eng::Var x);  // (B,10)

}  // namespace models
