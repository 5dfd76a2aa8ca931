// A single sigmoid unit trained by batch gradient descent: the article's first example, corrected.
//
// Legend: m samples, n inputs.  X is (m, n), y is (m), w is (n), b is a scalar.
//   z = X w + b                  (m)   pre-activation
//   a = sigma(z)                 (m)   prediction, sigma(z) = 1 / (1 + e^-z)
//   cross-entropy  J = -(1/m) sum_i [ y_i log a_i + (1 - y_i) log(1 - a_i) ],  delta = a - y
//   squared error  J =  (1/2m) sum_i (a_i - y_i)^2,          delta = (a - y) * a * (1 - a)
//   dJ/dw_j = (1/m) sum_i delta_i x_ij,   dJ/db = (1/m) sum_i delta_i
//   w := w - lr * dJ/dw,   b := b - lr * dJ/db
#pragma once
#include <Eigen/Dense>

namespace neuron {

enum class Loss { CrossEntropy, SquaredError };

struct Data {
  Eigen::MatrixXf X;  // (m, n)
  Eigen::VectorXf y;  // (m)
};

struct Params {
  Eigen::VectorXf w;  // (n)
  float b = 0.0f;
};

struct Step {            // everything one gradient-descent step computed, for display
  Eigen::VectorXf z, a;  // (m)
  Eigen::VectorXf delta; // (m)  dJ/dz_i * m
  float J = 0.0f;        // cost before the update
  Eigen::VectorXf dw;    // (n)
  float db = 0.0f;
};

float sigmoid(float z);
Eigen::VectorXf forward(const Data& d, const Params& p);                  // a
float cost(const Data& d, const Params& p, Loss loss);                     // J
Step gradient(const Data& d, const Params& p, Loss loss);                  // J, dJ/dw, dJ/db
void update(Params& p, const Step& g, float lr);                           // the update rule

}  // namespace neuron
