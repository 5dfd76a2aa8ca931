// Small 2-D datasets for the first chapters and the learning tests.
//   xor:    the four corners of the unit square, label = x1 XOR x2
//   spiral: K interleaved arms (cs231n's classic), n points per class, with Gaussian noise
#pragma once
#include <vector>

#include "engine/rng.h"
#include "engine/tensor.h"

namespace data {

struct Points2D {
  eng::Tensor X;       // (N,2)
  std::vector<int> y;  // (N) class labels in [0,K)
};

Points2D xor_points();
Points2D spiral(int n_per_class, int K, float noise, eng::Rng& rng);

}  // namespace data
