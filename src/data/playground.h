// The 2-D datasets of TensorFlow Playground, for the mlp lab: points in [-6, 6]^2.
// Classification (y is the class index 0 .. classes-1):
//   circle:  class 0 at the centre, then rings outward (2 classes: inside radius 2.5, ring 3.5-5)
//   xor:     class 1 where x1 x2 > 0 (two opposite quadrants); 2 classes only
//   gauss:   one Gaussian cluster per class (2 classes: around (2, 2) and (-2, -2))
//   spiral:  one spiral arm per class
// Regression (y is a target in [-1, 1]):
//   plane:       y = (x1 + x2) / 12, a tilted plane
//   multigauss:  a sum of signed Gaussian bumps
// noise in [0, 1] scales how far points stray; everything is drawn from the caller's Rng.
#pragma once
#include <string>
#include <vector>

#include "engine/rng.h"

namespace data {

constexpr float kPlane = 6.0f;  // the plane shown is [-kPlane, kPlane]^2

struct Point {
  float x1, x2;
  float y;  // class index (classification) or target (regression)
};

const std::vector<std::string>& playground_names();  // circle, xor, gauss, spiral, plane, multigauss
bool is_regression(const std::string& name);
std::vector<Point> playground(const std::string& name, int n, float noise, int classes, eng::Rng& rng);

// The learner's own data as CSV text, one point per line: x1, x2, label. A header line and blank
// or '#' lines are allowed. Bad rows are skipped, each reported as "line N: what" in `problems`.
std::vector<Point> parse_points_csv(const std::string& text, int max_classes,
                                    std::vector<std::string>& problems);

}  // namespace data
