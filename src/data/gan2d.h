// The 2-D data distributions of the GAN lab: mixtures of isotropic Gaussians in [-1, 1]^2 (x right,
// y up), every component at least 3 sigma inside the square. Each component belongs to a mode, a
// group that counts as one when we count the modes a generator covers.
//   ring:   8 modes, one component each, at radius 0.75 (angles 0, 45, ... 315 degrees), sigma 0.05
//   grid:   25 modes, one component each, 5x5 at -0.8 .. 0.8 step 0.4, sigma 0.04
//   line:   3 modes, the thirds of the segment (-0.8,-0.5) .. (0.8,0.5): 39 components at the
//           centres of 39 equal pieces (every 0.048), 13 per third, sigma 0.03
//   moons:  2 modes, two interleaved half circles of radius 0.55 (sklearn's make_moons, scaled by
//           0.55 and centred): upper arc about (-0.275, -0.1375), lower arc about (0.275, 0.1375),
//           35 components along each arc (every 0.051), sigma 0.04
//   blobs:  3 disjoint modes of different size and weight (weight = number of identical
//           components): (-0.45, 0.35) sigma 0.12 weight 1/2, (0.5, 0.45) sigma 0.07 weight 1/3,
//           (0.2, -0.55) sigma 0.05 weight 1/6
//   custom: the learner's drawn points, one component per point (mixture_from_points)
// Components are equally likely, so p(x) = 1/N sum_i N(x; c_i, sigma_i^2 I).
#pragma once
#include <array>
#include <string>
#include <vector>

#include "engine/rng.h"

namespace data {

constexpr float kGanExtent = 1.2f;   // the lab draws [-kGanExtent, kGanExtent]^2
constexpr int kMinDrawnPoints = 20;  // the least number of drawn points for "custom" (checked by the caller)
constexpr int kMaxModes = 32;        // mixture_from_points merges further clusters into the nearest

struct Component {
  float x, y, sigma;
  int mode;
};

struct Mixture {
  std::string name;
  std::vector<Component> parts;  // sampled uniformly: each component equally likely
  int modes = 0;                 // modes are 0 .. modes-1
};

const std::vector<std::string>& gan2d_names();  // {"ring","grid","line","moons","blobs","custom"}
// A named layout; throws std::invalid_argument for "custom" (see mixture_from_points) and unknown names.
Mixture gan2d(const std::string& name);

// The learner's drawn points (in [-1,1]^2): one component per point with the given sigma. Modes are
// clusters: points closer than 6 sigma (transitively) are one mode. At most kMaxModes modes: the
// largest clusters are kept, each smaller one is merged into the kept cluster nearest to it.
Mixture mixture_from_points(const std::vector<std::array<float, 2>>& pts, float sigma = 0.04f);

// n points into xy (xy[2i], xy[2i+1]). Throws std::invalid_argument for a mixture without components.
void sample(const Mixture& m, int n, eng::Rng& rng, float* xy);

float density(const Mixture& m, float x, float y);  // p_data(x, y), integrates to 1 over R^2

// A point is "near" mode k when it lies within 3 sigma of one of k's components (a point near
// several modes counts for the one whose component is nearest in units of sigma). quality = share
// of the n points near some mode; a mode is covered when at least max(1, 0.2 * n / modes) of the
// points are near it (a fifth of its fair share). An empty set has quality 0 and covers nothing.
struct Coverage {
  int covered = 0, modes = 0;
  float quality = 0;
  std::vector<int> per_mode;  // points near each mode
};
Coverage coverage(const Mixture& m, const float* xy, int n);

}  // namespace data
