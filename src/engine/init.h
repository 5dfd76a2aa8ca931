// Weight initialisation, all from the caller's Rng. fan_in / fan_out: for W (in,out) they are the
// two sizes; for a conv filter (K,C,R,S) fan_in = C R S and fan_out = K R S.
//   Xavier/Glorot uniform:  U(-a, a), a = sqrt(6 / (fan_in + fan_out))   (tanh, sigmoid)
//   He/Kaiming normal:      N(0, 2 / fan_in)                              (ReLU)
#pragma once
#include "engine/rng.h"
#include "engine/tensor.h"

namespace eng {

void fan_in_out(const Shape& s, int& fan_in, int& fan_out);
void xavier_uniform(Tensor& w, Rng& rng);
void he_normal(Tensor& w, Rng& rng);
void uniform_fill(Tensor& w, float lo, float hi, Rng& rng);
void normal_fill(Tensor& w, float mean, float std, Rng& rng);

}  // namespace eng
