// Multi-layer perceptron: the deep-learning chapter's network.
//
// Legend: B batch, sizes[0] inputs, sizes[L] outputs.  x is (B, sizes[0]).
//   h_0 = x
//   h_l = act(h_{l-1} W_l + b_l)     for the hidden layers l = 1 .. L-1
//   y_hat = h_{L-1} W_L + b_L        (logits: the loss applies sigmoid/softmax stably)
#pragma once
#include <string>
#include <vector>

#include "models/linear.h"

namespace models {

enum class Act { Tanh, ReLU, Sigmoid, Linear };

struct MLP {
  std::vector<Linear> layers;
  Act act = Act::Tanh;
  MLP() = default;
  MLP(const std::vector<int>& sizes, Act act, eng::Rng& rng);  // He init for ReLU, Xavier otherwise
  eng::ParamList params();
};

// Names every parameter "<prefix><name>" ("enc.W1"), so two networks of one model read apart in
// an export and in a gradient check.
void prefix_names(MLP& m, const std::string& prefix);

eng::Var activate(Act act, eng::Var x);
// y_hat (B, sizes[L]); `hidden`, when given, receives every hidden layer's h_l (for drawing).
eng::Var mlp_forward(eng::Tape& t, MLP& m, eng::Var x, std::vector<eng::Var>* hidden = nullptr);

}  // namespace models
