#include "models/playground.h"

#include <algorithm>
#include <cmath>

namespace playground {

float feature(int f, float x1, float x2) {
  switch (f) {
    case 0: return x1;
    case 1: return x2;
    case 2: return x1 * x1;
    case 3: return x2 * x2;
    case 4: return x1 * x2;
    case 5: return std::sin(x1);
    default: return std::sin(x2);
  }
}

Table make_table(const std::vector<data::Point>& pts, const std::vector<int>& features) {
  Table t;
  t.n = int(pts.size());
  t.f = int(features.size());
  for (const auto& p : pts) {
    for (int f : features) t.X.push_back(feature(f, p.x1, p.x2));
    t.y.push_back(p.y);
    t.cls.push_back(int(p.y));
  }
  return t;
}

void start(Run& r, const models::MLP& net, const Setup& s, size_t n_train, uint64_t order_seed) {
  r.s = s;
  r.net = net;
  r.ps = r.net.params();
  r.rng = eng::Rng(order_seed);
  r.order.resize(n_train);
  for (size_t k = 0; k < r.order.size(); ++k) r.order[k] = int(k);
  r.cursor = r.order.size();  // shuffle at the first step
}

eng::Var loss_of(eng::Tape& t, const Problem& p, eng::Var out, const float* y, const int* cls, int N) {
  if (p.regression) return eng::mse(out, t.input(eng::Shape{N, 1}, y));
  if (p.classes == 2) return eng::bce_with_logits(out, t.input(eng::Shape{N, 1}, y));
  return eng::cross_entropy(out, std::vector<int>(cls, cls + N));
}

// The class a row of logits says: 2 classes, z > 0 is class 1; C classes, the largest logit.
static int guess(const float* z, int classes) {
  if (classes == 2) return z[0] > 0;
  int best = 0;
  for (int k = 1; k < classes; ++k)
    if (z[k] > z[best]) best = k;
  return best;
}

Metrics measure(eng::Tape& t, models::MLP& net, const Table& rows, const Problem& p) {
  if (rows.n == 0) return {};
  eng::NoGrad ng(t);
  t.clear();
  eng::Var z = models::mlp_forward(t, net, t.input(eng::Shape{rows.n, rows.f}, rows.X.data()));
  eng::Var L = loss_of(t, p, z, rows.y.data(), rows.cls.data(), rows.n);
  if (p.regression) return {L.item(), 0.0f};
  const int C = p.outputs();
  int right = 0;
  for (int i = 0; i < rows.n; ++i)
    right += guess(z.value() + size_t(i * C), p.classes) == rows.cls[size_t(i)];
  return {L.item(), float(right) / float(rows.n)};
}

void evaluate(Run& r, eng::Tape& t, const Table& train, const Table& test, const Problem& p) {
  r.train_m = measure(t, r.net, train, p);
  r.test_m = measure(t, r.net, test, p);
}

void regularise(Run& r) {
  if (r.s.reg == Reg::None || r.s.reg_rate <= 0) return;
  const float lambda = float(r.s.reg_rate);
  const bool l2 = r.s.reg == Reg::L2;
  for (auto& layer : r.net.layers)
    for (size_t k = 0; k < layer.W.value.v.size(); ++k) {
      float w = layer.W.value.v[k];
      layer.W.grad.v[k] += l2 ? lambda * w : lambda * float((w > 0) - (w < 0));
    }
}

float layer_grad_norm(const Run& r, size_t l) {
  double s = 0;
  for (float g : r.net.layers[l].W.grad.v) s += double(g) * g;
  return float(std::sqrt(s));
}

// The next B rows of r's order into its mini-batch; a new order when an epoch is through.
static void next_batch(Run& r, const Table& train, size_t B) {
  const size_t F = size_t(train.f);
  r.xb.resize(B * F);
  r.yb.resize(B);
  r.cb.resize(B);
  for (size_t i = 0; i < B; ++i) {
    if (r.cursor >= r.order.size()) {
      eng::shuffle(r.order, r.rng);
      r.cursor = 0;
    }
    size_t row = size_t(r.order[r.cursor++]);
    std::copy_n(&train.X[row * F], F, &r.xb[i * F]);
    r.yb[i] = train.y[row];
    r.cb[i] = train.cls[row];
  }
}

bool train_step(Run& r, const Table& train, const Table& test, const Problem& p, eng::Tape& eval,
                std::vector<float>* norms) {
  const size_t B = size_t(std::min<long>(r.s.batch, long(train.n)));
  next_batch(r, train, B);
  r.tape.clear();
  eng::Var x = r.tape.input(eng::Shape{int(B), train.f}, r.xb.data());
  eng::Var L = loss_of(r.tape, p, models::mlp_forward(r.tape, r.net, x), r.yb.data(), r.cb.data(), int(B));
  eng::zero_grad(r.ps);
  r.tape.backward(L);
  regularise(r);
  if (norms)
    for (size_t l = 0; l < r.net.layers.size(); ++l) norms->push_back(layer_grad_norm(r, l));
  if (r.s.optimizer == Optimizer::Adam) {
    r.adam.lr = float(r.s.lr);
    r.adam.step(r.ps);
  } else {
    r.sgd.lr = float(r.s.lr);
    r.sgd.momentum = r.s.optimizer == Optimizer::Momentum ? 0.9f : 0.0f;
    r.sgd.step(r.ps);
  }
  evaluate(r, eval, train, test, p);
  return std::isfinite(r.train_m.loss) && std::isfinite(r.test_m.loss);
}

}  // namespace playground
