#include "workloads.h"

#include <stdexcept>

#include "data/mnist.h"
#include "engine/optim.h"
#include "engine/weights_json.h"
#include "data/gan2d.h"
#include "kernels/gemm.h"
#include "models/char_lstm.h"
#include "models/cnn.h"
#include "models/convnet.h"
#include "models/gan.h"
#include "models/gru.h"
#include "models/mlp.h"
#include "models/transformer.h"
#include "models/vae.h"

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

// The cnn lab's default network (models::ConvNet of default_layers(), He-normal weights) on real
// digits: the first kBatches batches of 32 of mnist-train.bin in file order, pixels / 255, one
// batch per step (then round again), Adam lr 0.002: the lab's defaults, without its shuffling.
struct MnistCnn : Workload {
  static constexpr int B = 32, kBatches = 16;
  Rng rng;
  ConvNet m;
  std::vector<uint8_t> pixels;          // (kBatches * B, 28, 28): for TensorFlow.js
  std::vector<float> X;                 // the same / 255
  std::vector<std::vector<int>> y;      // per batch
  Adam opt;
  Tape t;
  ParamList ps;
  long done = 0;
  MnistCnn(unsigned seed, const data::Mnist& d) : rng(seed), m(default_layers(), 10, rng) {
    const int n = B * kBatches;
    pixels.assign(d.pixels, d.pixels + size_t(n) * data::kPixels);
    X.resize(pixels.size());
    for (size_t i = 0; i < pixels.size(); ++i) X[i] = float(pixels[i]) / 255.0f;
    for (int k = 0; k < kBatches; ++k) y.emplace_back(d.labels + k * B, d.labels + (k + 1) * B);
    opt.lr = 0.002f;
    ps = m.params();
  }
  ParamList params() override { return ps; }
  float step() override {
    const int k = int(done % kBatches);
    ++done;
    t.clear();
    Var x = t.input(Shape{B, 1, 28, 28}, X.data() + size_t(k) * B * data::kPixels);
    Var L = cross_entropy(convnet_forward(t, m, x, nullptr), y[size_t(k)]);
    zero_grad(ps);
    t.backward(L);
    opt.step(ps);
    return L.item();
  }
  json data_json() const override {
    std::vector<int> labels;
    for (const std::vector<int>& b : y) labels.insert(labels.end(), b.begin(), b.end());
    return {{"pixels", pixels}, {"y", labels}, {"B", B}, {"batches", kBatches}};
  }
};

// mnist-train.bin through src/data/files.h (natively from the data folder; the bench page puts
// the file first, bench_put_file). Throws, naming the file, when it is missing or damaged.
const data::Mnist& mnist_train() {
  data::FileAnswer a;
  const data::Mnist* d = data::request_mnist("mnist-train.bin", a);
  if (!d) throw std::runtime_error("the MNIST rows need mnist-train.bin: " + a.error);
  return *d;
}

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

// The next-character task of the char models: ids (B, T+1) row-major; step t reads column t and
// predicts column t+1.
std::vector<int> column(const std::vector<int>& ids, int B, int T, int t) {
  std::vector<int> c(size_t(B), 0);
  for (int b = 0; b < B; ++b) c[size_t(b)] = ids[size_t(b * (T + 1) + t)];
  return c;
}

// Character GRU: embedding E (V,C), one GRUCell C -> C, read-out Linear (C,V) on every step.
// V 65, C 128, T 32, batch 16, Adam lr 2e-3.
struct Gru : Workload {
  static constexpr int V = 65, C = 128, T = 32, B = 16;
  Rng rng;
  Param E;
  GRUCell cell;
  Linear out;
  std::vector<int> ids;
  Adam opt;
  Tape t;
  ParamList ps;
  explicit Gru(unsigned seed) : rng(seed), E("E", Shape{V, C}), cell(C, C, rng), out("y", C, V, rng) {
    normal_fill(E.value, 0.0f, 0.3f, rng);
    ids = random_ids(B * (T + 1), V, rng);
    opt.lr = 2e-3f;
    ps = {&E, &cell.W_x, &cell.W_h, &cell.b_x, &cell.b_h, &out.W, &out.b};
  }
  ParamList params() override { return ps; }
  Var loss() {
    Var table = t.param(E);
    Var h = t.constant(Shape{B, C}, 0.0f);
    std::vector<Var> hs;
    std::vector<int> targets;
    for (int step = 0; step < T; ++step) {
      h = gru_cell(t, cell, embedding(table, column(ids, B, T, step), Shape{B}), h);
      hs.push_back(h);
      std::vector<int> next = column(ids, B, T, step + 1);
      targets.insert(targets.end(), next.begin(), next.end());
    }
    return cross_entropy(linear(t, out, concat(hs, 0)), targets);  // logits (T*B,V), row t*B + b
  }
  float step() override {
    t.clear();
    Var L = loss();
    zero_grad(ps);
    t.backward(L);
    opt.step(ps);
    return L.item();
  }
  json data_json() const override { return {{"ids", ids}, {"B", B}, {"T", T}, {"V", V}, {"C", C}}; }
};

// Character Transformer: token embedding (V,C) + learned position embedding (T,C), L pre-norm
// causal TransformerBlocks, a final LayerNorm, read-out Linear (C,V).
// V 65, C 64, 2 layers, 4 heads, T 32, batch 16, Adam lr 1e-3.
struct CharTransformer : Workload {
  static constexpr int V = 65, C = 64, L = 2, NH = 4, T = 32, B = 16;
  Rng rng;
  Param E_tok, E_pos, lnf_gamma, lnf_beta;
  std::vector<TransformerBlock> blocks;
  Linear out;
  std::vector<int> ids, inputs, targets;  // inputs and targets (B,T), row b*T + t
  Adam opt;
  Tape t;
  ParamList ps;
  explicit CharTransformer(unsigned seed)
      : rng(seed), E_tok("E_tok", Shape{V, C}), E_pos("E_pos", Shape{T, C}), lnf_gamma("lnf_gamma", Shape{C}),
        lnf_beta("lnf_beta", Shape{C}) {
    normal_fill(E_tok.value, 0.0f, 0.3f, rng);
    normal_fill(E_pos.value, 0.0f, 0.3f, rng);
    std::fill(lnf_gamma.value.v.begin(), lnf_gamma.value.v.end(), 1.0f);
    ps = {&E_tok, &E_pos};
    blocks.reserve(L);  // ps points into the blocks: no reallocation after this
    for (int l = 0; l < L; ++l) {
      blocks.emplace_back(C, NH, rng);
      // every block names its parameters alike: prefix them so the weights JSON keeps them apart
      for (Param* p : blocks.back().params()) {
        p->name = "h" + std::to_string(l) + "_" + p->name;
        ps.push_back(p);
      }
    }
    out = Linear("y", C, V, rng);
    ps.insert(ps.end(), {&lnf_gamma, &lnf_beta, &out.W, &out.b});
    ids = random_ids(B * (T + 1), V, rng);
    for (int b = 0; b < B; ++b)
      for (int i = 0; i < T; ++i) {
        inputs.push_back(ids[size_t(b * (T + 1) + i)]);
        targets.push_back(ids[size_t(b * (T + 1) + i + 1)]);
      }
    opt.lr = 1e-3f;
  }
  ParamList params() override { return ps; }
  Var loss() {
    Var x = embedding(t.param(E_tok), inputs, Shape{B, T}) + t.param(E_pos);  // (B,T,C)
    for (TransformerBlock& block : blocks) x = transformer_block(t, block, x, true);
    x = layer_norm(x, t.param(lnf_gamma), t.param(lnf_beta));
    return cross_entropy(reshape(linear(t, out, x), Shape{B * T, V}), targets);
  }
  float step() override {
    t.clear();
    Var Lv = loss();
    zero_grad(ps);
    t.backward(Lv);
    opt.step(ps);
    return Lv.item();
  }
  json data_json() const override {
    return {{"ids", ids}, {"B", B}, {"T", T}, {"V", V}, {"C", C}, {"layers", L}, {"heads", NH}};
  }
};

// One iteration of GAN Lab at its own defaults (poloclub/ganlab; SPEC13): G and D of models::Gan's
// default spec (2 -> 8 ReLU -> 8 ReLU -> 2 tanh, 2 -> 8 ReLU -> 8 ReLU -> 1 logit), batch 150, SGD lr
// 0.1 for both players, non-saturating G loss; one D update, then one G update, as the gan lab's
// step() with k_d = k_g = 1. The data are kBatches fixed batches drawn once (real points of the
// ring of 8, uniform noise for D's update and for G's), one a step in turn, so TF.js can get them.
struct GanIteration : Workload {
  static constexpr int B = 150, kBatches = 16;
  Rng rng;
  Gan gan;
  std::vector<Tensor> x, z_d, z_g;  // per batch: real points (B,2), D's noise (B,2), G's noise (B,2)
  SGD opt_d, opt_g;
  Tape t;
  ParamList ps, pd, pg;
  float d_loss = 0, g_loss = 0;
  long done = 0;
  explicit GanIteration(unsigned seed) : rng(seed), gan(GanSpec{}, rng) {
    const data::Mixture ring = data::gan2d("ring");
    for (int k = 0; k < kBatches; ++k) {
      x.emplace_back(Shape{B, 2});
      data::sample(ring, B, rng, x.back().data());
      z_d.push_back(sample_noise(B, 2, false, rng));
      z_g.push_back(sample_noise(B, 2, false, rng));
    }
    opt_d.lr = 0.1f;
    opt_g.lr = 0.1f;
    pd = gan.d_params();
    pg = gan.g_params();
    ps = pg;
    ps.insert(ps.end(), pd.begin(), pd.end());
  }
  ParamList params() override { return ps; }
  float step() override {
    const size_t k = size_t(done % kBatches);
    ++done;
    d_loss = d_step_loss(t, gan, x[k], z_d[k], GanLoss::NonSaturating, nullptr);
    opt_d.step(pd);
    g_loss = g_step_loss(t, gan, z_g[k], GanLoss::NonSaturating, nullptr);
    opt_g.step(pg);
    return d_loss;
  }
  json losses() const override { return {{"d_loss", d_loss}, {"g_loss", g_loss}}; }
  json data_json() const override {
    json xs = json::array(), zds = json::array(), zgs = json::array();
    for (int k = 0; k < kBatches; ++k) {
      xs.push_back(tensor_json(x[size_t(k)]));
      zds.push_back(tensor_json(z_d[size_t(k)]));
      zgs.push_back(tensor_json(z_g[size_t(k)]));
    }
    return {{"x", xs}, {"z_d", zds}, {"z_g", zgs}, {"B", B}, {"batches", kBatches}, {"lr", 0.1}};
  }
};


// One training step of chapter 5's VAE (models::Vae of SPEC14 at latent 2, hidden 256, one hidden
// layer each side: encoder 784 -> 256 ReLU -> 4 = [mu, log sigma^2], decoder 2 -> 256 ReLU -> 784
// logits), Bernoulli likelihood, beta 1, Adam lr 0.001, batch 100, on real digits: the first
// kBatches batches of mnist-train.bin in file order (pixels / 255), each with its own fixed eps
// (B,2) drawn once, one batch a step in turn. step() returns the loss recon + beta kl; losses()
// has the three terms of the last step.
struct VaeStep : Workload {
  static constexpr int B = 100, kBatches = 8;
  static constexpr float kBeta = 1.0f;
  Rng rng;
  Vae m;
  std::vector<uint8_t> pixels;    // (kBatches * B, 784): for TensorFlow.js
  std::vector<Tensor> x, eps;     // per batch: the digits / 255 (B,784) and the noise (B,2)
  Adam opt;
  Tape t;
  ParamList ps;
  VaeTerms last;
  long done = 0;
  VaeStep(unsigned seed, const data::Mnist& d) : rng(seed), m(VaeSpec{}, rng) {
    const int k = m.spec.latent;
    pixels.assign(d.pixels, d.pixels + size_t(B) * kBatches * data::kPixels);
    for (int b = 0; b < kBatches; ++b) {
      x.emplace_back(Shape{B, kImage});
      const uint8_t* px = pixels.data() + size_t(b) * B * data::kPixels;
      for (size_t i = 0; i < x.back().v.size(); ++i) x.back().v[i] = float(px[i]) / 255.0f;
      eps.push_back(sample_eps(B, k, rng));
    }
    opt.lr = 0.001f;
    ps = m.params();
  }
  ParamList params() override { return ps; }
  float step() override {
    const size_t k = size_t(done % kBatches);
    ++done;
    float loss = vae_step_loss(t, m, x[k], eps[k], kBeta, &last);
    opt.step(ps);
    return loss;
  }
  json losses() const override { return {{"loss", last.loss}, {"recon", last.recon}, {"kl", last.kl}}; }
  json data_json() const override {
    json es = json::array();
    for (const Tensor& e : eps) es.push_back(tensor_json(e));
    return {{"pixels", pixels}, {"eps", es}, {"B", B}, {"batches", kBatches}, {"latent", m.spec.latent},
            {"beta", kBeta}, {"lr", 0.001}};
  }
};

}  // namespace

const std::vector<std::string>& workload_names() {
  static const std::vector<std::string> names{"mlp2", "mlp784", "cnn", "cnn_mnist", "lstm", "gru",
                                              "transformer", "gan", "vae"};
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
  if (name == "cnn_mnist") return std::make_unique<MnistCnn>(seed, mnist_train());
  if (name == "lstm") return std::make_unique<Lstm>(seed);
  if (name == "gru") return std::make_unique<Gru>(seed);
  if (name == "transformer") return std::make_unique<CharTransformer>(seed);
  if (name == "gan") return std::make_unique<GanIteration>(seed);
  if (name == "vae") return std::make_unique<VaeStep>(seed, mnist_train());
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
