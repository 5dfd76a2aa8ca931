#include "workloads.h"

#include "engine/optim.h"
#include "engine/weights_json.h"
#include "kernels/gemm.h"
#include "models/char_lstm.h"
#include "models/cnn.h"
#include "models/mlp.h"

namespace bench {

using namespace eng;
using namespace models;
using nlohmann::json;

namespace {

Tensor random_tensor(Shape s, Rng& rng) {
  Tensor x(s);
  for (float& v : x.v) v = rng.uniform(-1.0f, 1.0f);
  return x;
}

std::vector<int> random_ids(int n, int below, Rng& rng) {
  std::vector<int> ids(size_t(n), 0);
  for (int& c : ids) c = rng.below(below);
  return ids;
}

json tensor_json(const Tensor& x) { return {{"shape", x.shape.dims()}, {"values", x.v}}; }

// 2-8-8-1 tanh, batch 10, MSE, SGD: the TensorFlow Playground's size.
struct Mlp2 : Workload {
  Rng rng;
  MLP m;
  Tensor X, Y;
  SGD opt;
  Tape t;
  ParamList ps;
  explicit Mlp2(unsigned seed) : rng(seed), m({2, 8, 8, 1}, Act::Tanh, rng) {
    X = random_tensor(Shape{10, 2}, rng);
    Y = random_tensor(Shape{10, 1}, rng);
    opt.lr = 0.05f;
    ps = m.params();
  }
  ParamList params() override { return ps; }
  float step() override {
    t.clear();
    Var L = mse(mlp_forward(t, m, t.input(X)), t.input(Y));
    zero_grad(ps);
    t.backward(L);
    opt.step(ps);
    return L.item();
  }
  json data_json() const override { return {{"X", tensor_json(X)}, {"Y", tensor_json(Y)}}; }
};

// A classifier on (B, ...) inputs with integer targets, trained with Adam: the 784-128-10 MLP and
// the CNN differ only in their forward.
template <class Model, Var (*Forward)(Tape&, Model&, Var)>
struct Classifier : Workload {
  Rng rng;
  Model m;
  Tensor X;
  std::vector<int> y;
  Adam opt;
  Tape t;
  ParamList ps;
  template <class Make>
  Classifier(unsigned seed, Make make, Shape x_shape) : rng(seed), m(make(rng)) {
    X = random_tensor(x_shape, rng);
    y = random_ids(x_shape[0], 10, rng);
    ps = m.params();
  }
  ParamList params() override { return ps; }
  float step() override {
    t.clear();
    Var L = cross_entropy(Forward(t, m, t.input(X)), y);
    zero_grad(ps);
    t.backward(L);
    opt.step(ps);
    return L.item();
  }
  json data_json() const override { return {{"X", tensor_json(X)}, {"y", y}}; }
};

Var mlp_fwd(Tape& t, MLP& m, Var x) { return mlp_forward(t, m, x); }
Var cnn_fwd(Tape& t, CNN& m, Var x) { return cnn_forward(t, m, x); }

// Character LSTM: V 65, E 32, H 128, T 32, batch 16, Adam lr 2e-3.
struct Lstm : Workload {
  static constexpr int V = 65, E = 32, H = 128, T = 32, B = 16;
  Rng rng;
  CharLSTM m;
  std::vector<int> ids;
  Adam opt;
  Tape t;
  ParamList ps;
  explicit Lstm(unsigned seed) : rng(seed), m(V, E, H, rng) {
    ids = random_ids(B * (T + 1), V, rng);
    opt.lr = 2e-3f;
    ps = m.params();
  }
  ParamList params() override { return ps; }
  float step() override {
    t.clear();
    Var L = char_lstm_loss(t, m, ids, B, T);
    zero_grad(ps);
    t.backward(L);
    opt.step(ps);
    return L.item();
  }
  json data_json() const override {
    return {{"ids", ids}, {"B", B}, {"T", T}, {"V", V}, {"E", E}, {"H", H}};
  }
};

}  // namespace

const std::vector<std::string>& workload_names() {
  static const std::vector<std::string> names{"mlp2", "mlp784", "cnn", "lstm"};
  return names;
}

std::unique_ptr<Workload> make_workload(const std::string& name, unsigned seed) {
  if (name == "mlp2") return std::make_unique<Mlp2>(seed);
  if (name == "mlp784")
    return std::make_unique<Classifier<MLP, mlp_fwd>>(
        seed, [](Rng& r) { return MLP({784, 128, 10}, Act::ReLU, r); }, Shape{64, 784});
  if (name == "cnn")
    return std::make_unique<Classifier<CNN, cnn_fwd>>(
        seed, [](Rng& r) { return CNN(r); }, Shape{32, 1, 28, 28});
  if (name == "lstm") return std::make_unique<Lstm>(seed);
  return nullptr;
}

Gemm::Gemm(int n_, unsigned seed) : n(n_), A(size_t(n_) * n_), B(size_t(n_) * n_), C(size_t(n_) * n_) {
  Rng rng(seed);
  for (float& v : A) v = rng.uniform(-1.0f, 1.0f);
  for (float& v : B) v = rng.uniform(-1.0f, 1.0f);
}

void Gemm::run(int reps) {
  for (int r = 0; r < reps; ++r)
    kern::gemm(false, false, n, n, n, 1.0f, A.data(), n, B.data(), n, 0.0f, C.data(), n);
}

}  // namespace bench
