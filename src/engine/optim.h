// Optimisers: plain data with a step() that reads each parameter's gradient and updates its value.
// State (velocities, moments) is kept per parameter, in the order of the list given to step(), so
// always pass the same list. None of them zeroes gradients: call zero_grad(params) before backward.
//
//   SGD (momentum mu, weight decay wd):  g = dL/dw + wd w;  v = mu v + g;  w -= lr v   (mu = 0: w -= lr g)
//   Adam:  m = b1 m + (1-b1) g;  v = b2 v + (1-b2) g^2;  w -= lr m_hat / (sqrt(v_hat) + eps)
//          with bias corrections m_hat = m / (1 - b1^t), v_hat = v / (1 - b2^t); weight decay as in SGD
//          (added to g, "L2"), or decoupled (AdamW: w -= lr wd w) when decoupled = true.
#pragma once
#include <vector>

#include "engine/tape.h"

namespace eng {

struct SGD {
  float lr = 0.1f, momentum = 0.0f, weight_decay = 0.0f;
  std::vector<std::vector<float>> v;  // velocity per parameter
  void step(const ParamList& ps);
};

struct Adam {
  float lr = 1e-3f, beta1 = 0.9f, beta2 = 0.999f, eps = 1e-8f, weight_decay = 0.0f;
  bool decoupled = false;
  int t = 0;  // steps taken
  std::vector<std::vector<float>> m, v;
  void step(const ParamList& ps);
};

// Scales all gradients together so their global L2 norm is at most max_norm. Returns the norm
// before clipping (a lab can plot it).
float clip_grad_norm(const ParamList& ps, float max_norm);
float grad_norm(const ParamList& ps);

}  // namespace eng
