// The single sigmoid unit, line by line as in the lesson (see neuron.h for the legend).
#include "models/neuron.h"

#include <cmath>

namespace neuron {

float sigmoid(float z) { return 1.0f / (1.0f + std::exp(-z)); }

static Eigen::VectorXf pre_activation(const Data& d, const Params& p) {
  return (d.X * p.w).array() + p.b;  // z = X w + b
}

Eigen::VectorXf forward(const Data& d, const Params& p) {
  return pre_activation(d, p).unaryExpr([](float z) { return sigmoid(z); });
}

// Cross-entropy from z rather than from a: log(sigma(z)) = -softplus(-z) stays finite when a
// rounds to 0 or 1 in float, so a confident wrong answer costs a large number, not infinity.
static float softplus(float x) { return std::max(x, 0.0f) + std::log1p(std::exp(-std::fabs(x))); }

static float cost_from(const Eigen::VectorXf& z, const Eigen::VectorXf& a, const Eigen::VectorXf& y,
                       Loss loss) {
  const float m = float(y.size());
  double J = 0.0;
  for (int i = 0; i < y.size(); ++i) {
    if (loss == Loss::CrossEntropy)  // -[y log a + (1-y) log(1-a)] = softplus(z) - y z
      J += softplus(z[i]) - y[i] * z[i];
    else
      J += 0.5 * double(a[i] - y[i]) * double(a[i] - y[i]);
  }
  return float(J / m);
}

float cost(const Data& d, const Params& p, Loss loss) {
  Eigen::VectorXf z = pre_activation(d, p);
  Eigen::VectorXf a = z.unaryExpr([](float v) { return sigmoid(v); });
  return cost_from(z, a, d.y, loss);
}

Step gradient(const Data& d, const Params& p, Loss loss) {
  const float m = float(d.y.size());
  Step g;
  g.z = pre_activation(d, p);
  g.a = g.z.unaryExpr([](float v) { return sigmoid(v); });
  g.J = cost_from(g.z, g.a, d.y, loss);
  // Output delta. With cross-entropy the sigma'(z) of the chain rule cancels: delta = a - y.
  // (The article multiplied by sigma'(z) again; that is the squared-error delta, not this one.)
  g.delta = g.a - d.y;
  if (loss == Loss::SquaredError)
    g.delta = g.delta.array() * g.a.array() * (1.0f - g.a.array());  // (a - y) sigma'(z)
  g.dw = d.X.transpose() * g.delta / m;  // dJ/dw_j = (1/m) sum_i delta_i x_ij
  g.db = g.delta.sum() / m;              // dJ/db   = (1/m) sum_i delta_i
  return g;
}

void update(Params& p, const Step& g, float lr) {
  p.w -= lr * g.dw;  // w := w - alpha dJ/dw
  p.b -= lr * g.db;  // b := b - alpha dJ/db
}

}  // namespace neuron
