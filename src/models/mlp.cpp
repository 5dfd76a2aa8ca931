#include "models/mlp.h"

namespace models {

using namespace eng;

MLP::MLP(const std::vector<int>& sizes, Act a, Rng& rng) : act(a) {
  for (size_t l = 1; l < sizes.size(); ++l)
    layers.emplace_back(std::to_string(l), sizes[l - 1], sizes[l], rng, a == Act::ReLU);
}

void prefix_names(MLP& m, const std::string& prefix) {
  for (Linear& l : m.layers) {
    l.W.name = prefix + l.W.name;
    l.b.name = prefix + l.b.name;
  }
}

ParamList MLP::params() {
  ParamList ps;
  for (Linear& l : layers) ps.insert(ps.end(), {&l.W, &l.b});
  return ps;
}

Var activate(Act act, Var x) {
  switch (act) {
    case Act::Tanh: return eng::tanh(x);
    case Act::ReLU: return relu(x);
    case Act::Sigmoid: return sigmoid(x);
    case Act::Linear: return x;
  }
  return x;
}

Var mlp_forward(Tape& t, MLP& m, Var x, std::vector<Var>* hidden) {
  Var h = x;
  for (size_t l = 0; l < m.layers.size(); ++l) {
    h = linear(t, m.layers[l], h);
    if (l + 1 < m.layers.size()) {
      h = activate(m.act, h);
      if (hidden) hidden->push_back(h);
    }
  }
  return h;
}

}  // namespace models
