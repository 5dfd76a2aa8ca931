// A fully connected layer, the building block of every model here.
//   y = x W + b        x is (..., in), W is (in, out), b is (out), y is (..., out)
#pragma once
#include <string>

#include "engine/init.h"
#include "engine/ops.h"

namespace models {

struct Linear {
  eng::Param W, b;
  Linear() = default;
  // Xavier-uniform W (for tanh/sigmoid nets) or He-normal (he = true, for ReLU nets); b = 0.
  Linear(const std::string& name, int in, int out, eng::Rng& rng, bool he = false);
  eng::ParamList params() { return {&W, &b}; }
};

eng::Var linear(eng::Tape& t, Linear& l, eng::Var x);

}  // namespace models
