// The line and its loss, as in line.h.
#include "models/line.h"

#include "engine/ops.h"

namespace models {

LineData line_data(int N, float slope, float intercept, float noise, eng::Rng& rng) {
  LineData d;
  for (int k = 0; k < N; ++k) {
    const float x = rng.uniform(-1.0f, 1.0f);
    d.x.push_back(x);
    d.y.push_back(slope * x + intercept + noise * rng.normal());
  }
  return d;
}

eng::Var line_forward(eng::Tape& t, Line& m, eng::Var x) { return t.param(m.w) * x + t.param(m.b); }

eng::Var line_loss(eng::Tape& t, Line& m, const LineData& d) {
  const int N = int(d.x.size());
  eng::Var y_hat = line_forward(t, m, t.input(eng::Shape{N}, d.x.data()));
  return eng::mse(y_hat, t.input(eng::Shape{N}, d.y.data()));
}

}  // namespace models
