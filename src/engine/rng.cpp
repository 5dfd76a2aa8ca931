#include "engine/rng.h"

#include <cmath>

namespace eng {

// Box-Muller in double, one value per call (no cached second value: simpler to replay).
float Rng::normal() {
  double u1 = (double(next_u32()) + 1.0) * (1.0 / 4294967296.0);  // (0, 1]
  double u2 = double(next_u32()) * (1.0 / 4294967296.0);
  return float(std::sqrt(-2.0 * std::log(u1)) * std::cos(6.283185307179586 * u2));
}

}  // namespace eng
