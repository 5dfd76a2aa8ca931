#include "data/toy2d.h"

#include <cmath>

namespace data {

Points2D xor_points() {
  return {eng::Tensor(eng::Shape{4, 2}, {0, 0, 0, 1, 1, 0, 1, 1}), {0, 1, 1, 0}};
}

// Arm k: radius r from 0 to 1, angle theta = 4r + 2 pi k / K (plus noise): x = r (sin, cos).
Points2D spiral(int n, int K, float noise, eng::Rng& rng) {
  Points2D d{eng::Tensor(eng::Shape{n * K, 2}), {}};
  for (int k = 0; k < K; ++k)
    for (int i = 0; i < n; ++i) {
      float r = float(i) / float(n > 1 ? n - 1 : 1);
      float theta = 4.0f * r + 6.2831853f * float(k) / float(K) + noise * rng.normal();
      int row = k * n + i;
      d.X.at(row, 0) = r * std::sin(theta);
      d.X.at(row, 1) = r * std::cos(theta);
      d.y.push_back(k);
    }
  return d;
}

}  // namespace data
