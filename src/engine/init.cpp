#include "engine/init.h"

#include <cmath>

namespace eng {

void fan_in_out(const Shape& s, int& fan_in, int& fan_out) {
  if (s.rank == 4) {  // conv filter (K,C,R,S)
    int field = s.d[2] * s.d[3];
    fan_in = s.d[1] * field;
    fan_out = s.d[0] * field;
  } else if (s.rank >= 2) {  // W (in,out)
    fan_in = s.d[s.rank - 2];
    fan_out = s.d[s.rank - 1];
  } else {
    fan_in = fan_out = s.size();
  }
}

void uniform_fill(Tensor& w, float lo, float hi, Rng& rng) {
  for (float& x : w.v) x = rng.uniform(lo, hi);
}

void normal_fill(Tensor& w, float mean, float std, Rng& rng) {
  for (float& x : w.v) x = mean + std * rng.normal();
}

void xavier_uniform(Tensor& w, Rng& rng) {
  int fi, fo;
  fan_in_out(w.shape, fi, fo);
  float a = std::sqrt(6.0f / float(fi + fo));
  uniform_fill(w, -a, a, rng);
}

void he_normal(Tensor& w, Rng& rng) {
  int fi, fo;
  fan_in_out(w.shape, fi, fo);
  normal_fill(w, 0.0f, std::sqrt(2.0f / float(fi)), rng);
}

}  // namespace eng
