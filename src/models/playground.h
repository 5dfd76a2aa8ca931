// The Playground's model and its training: a multi-layer perceptron (models/mlp.h) learns 2-D
// points (data/playground.h) from chosen input features. Several runs may train side by side from
// the same start (the mlp lab's comparisons); each is one Run.
//
// Legend: N rows, F input features, C outputs, B batch size, W_l the weights of layer l.
//   X (N, F)     X[n][f] = feature(f, x1, x2): x1, x2, x1^2, x2^2, x1 x2, sin x1, sin x2
//   y (N)        the target (regression) or the class as a number;  cls (N) the class index
//   z = mlp(X)   (N, C): C = 1 for regression and for 2 classes, C = classes from 3 up
//   J            regression:  mean (z - y)^2
//                2 classes:   binary cross-entropy of sigmoid(z) against y      (one logit)
//                C classes:   cross-entropy of softmax(z) against cls            (C logits)
//   J_reg = J + (lambda/2) sum_l sum W_l^2 (L2)  or  J + lambda sum_l sum |W_l| (L1); the biases
//                are not regularised. dJ_reg/dW = dJ/dW + lambda W (L2) or + lambda sign(W) (L1),
//                added after backward.
//   one step     the next B rows of a shuffled order (a new order every epoch), backward,
//                regularise, then SGD, momentum (0.9) or Adam; then J on the train and test rows.
#pragma once
#include <cstdint>
#include <vector>

#include "data/playground.h"
#include "engine/engine.h"
#include "models/mlp.h"

namespace playground {

constexpr int kFeatures = 7;  // x1, x2, x1^2, x2^2, x1 x2, sin x1, sin x2: f = 0 .. 6
float feature(int f, float x1, float x2);

// The data as the network sees it: one row of features per point.
struct Table {
  std::vector<float> X, y;  // (N, F) and (N)
  std::vector<int> cls;     // class index per row (classification)
  int n = 0;                // N
  int f = 0;                // F
};
Table make_table(const std::vector<data::Point>& pts, const std::vector<int>& features);

// What the network's output means: a target (regression), or one class of `classes`.
struct Problem {
  bool regression = false;
  int classes = 2;
  int outputs() const { return regression || classes == 2 ? 1 : classes; }  // C
};

enum class Optimizer { SGD, Momentum, Adam };
enum class Reg { None, L1, L2 };

// What each run of a comparison may set differently.
struct Setup {
  double lr = 0.03, reg_rate = 0;
  long batch = 10;
  Optimizer optimizer = Optimizer::SGD;
  Reg reg = Reg::None;
};

struct Metrics {
  float loss = 0, acc = 0;  // J, and the share of rows classified right (0 for regression)
};

// One training run: its own network, optimiser state and order of the data.
struct Run {
  Setup s;
  models::MLP net;
  eng::ParamList ps;  // points into net, so a Run is never copied
  eng::SGD sgd;       // the optimiser may change mid-run: each keeps its own state
  eng::Adam adam;
  eng::Rng rng{1};    // draws the order of the rows, epoch after epoch
  std::vector<int> order;
  size_t cursor = 0;  // the next row of `order`
  Metrics train_m, test_m;
  bool diverged = false;
  eng::Tape tape;              // the step's graph, reused from step to step
  std::vector<float> xb, yb;   // the mini-batch: (B, F) and (B)
  std::vector<int> cb;         // (B)

  Run() = default;
  Run(const Run&) = delete;
  Run& operator=(const Run&) = delete;
};

// Makes r (a fresh Run) start from the weights `net` (copied), with n_train training rows taken in
// an order drawn from order_seed.
void start(Run& r, const models::MLP& net, const Setup& s, size_t n_train, uint64_t order_seed);

// J of a network's output `out` (N, C) against N targets y or classes cls.
eng::Var loss_of(eng::Tape& t, const Problem& p, eng::Var out, const float* y, const int* cls, int N);

// J and accuracy of `net` over every row of `rows`, on `t` without gradients.
Metrics measure(eng::Tape& t, models::MLP& net, const Table& rows, const Problem& p);

// r.train_m and r.test_m from the network as it is now.
void evaluate(Run& r, eng::Tape& t, const Table& train, const Table& test, const Problem& p);

// Adds the regulariser's gradient to the weights' (never the biases').
void regularise(Run& r);

// |dJ/dW_l|: the size of weight layer l's gradient.
float layer_grad_norm(const Run& r, size_t l);

// One mini-batch step of r, then evaluate() on `eval`. When norms is given it receives
// layer_grad_norm() of every layer (after the regulariser, before the update). False when a loss
// is not finite (the run diverged).
bool train_step(Run& r, const Table& train, const Table& test, const Problem& p, eng::Tape& eval,
                std::vector<float>* norms);

}  // namespace playground
