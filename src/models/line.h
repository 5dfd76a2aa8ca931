// A straight line fitted by least squares: the template lab's model (src/labs/template_lab.cpp),
// as small as a model gets, written the way every model of the course is.
//
// Legend: N points.  x, y are (N); w, b are (1).
//   data:  x ~ U(−1, 1),  y = slope x + intercept + noise ε,  ε ~ N(0, 1)
//   ŷ = w x + b
//   L = (1/N) Σ (ŷ − y)²          (the engine's mse; tape.backward(L) gives ∂L/∂w and ∂L/∂b)
#pragma once
#include <vector>

#include "engine/rng.h"
#include "engine/tape.h"

namespace models {

struct LineData {
  std::vector<float> x, y;  // (N), (N)
};
LineData line_data(int N, float slope, float intercept, float noise, eng::Rng& rng);

struct Line {
  eng::Param w{"w", eng::Shape{1}}, b{"b", eng::Shape{1}};
  eng::ParamList params() { return {&w, &b}; }
};

eng::Var line_forward(eng::Tape& t, Line& m, eng::Var x);      // ŷ = w x + b, (N)
eng::Var line_loss(eng::Tape& t, Line& m, const LineData& d);  // L, a scalar

}  // namespace models
