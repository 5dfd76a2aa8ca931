// The 2-D datasets of TensorFlow Playground, for the mlp lab: points in [-6, 6]^2 with label 0/1.
//   circle:  label 1 inside radius 2.5, 0 in a ring from 3.5 to 5
//   xor:     label 1 where x1 x2 > 0 (two opposite quadrants)
//   gauss:   two Gaussian clusters around (2, 2) and (-2, -2)
//   spiral:  two interleaved spiral arms
// noise in [0, 1] scales how far points stray; everything is drawn from the caller's Rng.
#pragma once
#include <string>
#include <vector>

#include "engine/rng.h"

namespace data {

struct Point {
  float x1, x2;
  int label;  // 0 or 1
};

const std::vector<std::string>& playground_names();  // circle, xor, gauss, spiral
std::vector<Point> playground(const std::string& name, int n, float noise, eng::Rng& rng);

}  // namespace data
