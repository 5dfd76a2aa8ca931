#include "engine/optim.h"

#include <cmath>

namespace eng {

static void size_state(std::vector<std::vector<float>>& s, const ParamList& ps) {
  if (s.size() != ps.size()) s.resize(ps.size());
  for (size_t i = 0; i < ps.size(); ++i)
    if (int(s[i].size()) != ps[i]->value.size()) s[i].assign(size_t(ps[i]->value.size()), 0.0f);
}

void SGD::step(const ParamList& ps) {
  if (momentum != 0.0f) size_state(v, ps);
  for (size_t i = 0; i < ps.size(); ++i) {
    float *w = ps[i]->value.data(), *dw = ps[i]->grad.data();
    int n = ps[i]->value.size();
    if (momentum == 0.0f) {
      for (int j = 0; j < n; ++j) w[j] -= lr * (dw[j] + weight_decay * w[j]);
    } else {
      float* vi = v[i].data();
      for (int j = 0; j < n; ++j) {
        vi[j] = momentum * vi[j] + dw[j] + weight_decay * w[j];
        w[j] -= lr * vi[j];
      }
    }
  }
}

void Adam::step(const ParamList& ps) {
  size_state(m, ps);
  size_state(v, ps);
  ++t;
  // m_hat / (sqrt(v_hat) + eps) with m_hat = m / c1, v_hat = v / c2, the divisions by c1 and c2
  // hoisted out of the loop (one sqrt and one division per weight remain).
  float c1 = 1.0f - std::pow(beta1, float(t)), c2 = 1.0f - std::pow(beta2, float(t));
  float lr_c1 = lr / c1, inv_sqrt_c2 = 1.0f / std::sqrt(c2);
  float l2 = decoupled ? 0.0f : weight_decay, decay = decoupled ? lr * weight_decay : 0.0f;
  for (size_t i = 0; i < ps.size(); ++i) {
    float *w = ps[i]->value.data(), *dw = ps[i]->grad.data(), *mi = m[i].data(), *vi = v[i].data();
    for (int j = 0, n = ps[i]->value.size(); j < n; ++j) {
      float g = dw[j] + l2 * w[j];
      mi[j] = beta1 * mi[j] + (1.0f - beta1) * g;
      vi[j] = beta2 * vi[j] + (1.0f - beta2) * g * g;
      w[j] -= lr_c1 * mi[j] / (std::sqrt(vi[j]) * inv_sqrt_c2 + eps) + decay * w[j];
    }
  }
}

float grad_norm(const ParamList& ps) {
  double s = 0.0;
  for (const Param* p : ps)
    for (float g : p->grad.v) s += double(g) * g;
  return float(std::sqrt(s));
}

float clip_grad_norm(const ParamList& ps, float max_norm) {
  float norm = grad_norm(ps);
  if (norm > max_norm && norm > 0.0f) {
    float scale = max_norm / norm;
    for (Param* p : ps)
      for (float& g : p->grad.v) g *= scale;
  }
  return norm;
}

}  // namespace eng
