// Lab "mlp": TensorFlow Playground, rebuilt on the course's engine, and then some. A multi-layer
// perceptron learns a 2-D dataset live; the learner sees the decision boundary, every neuron's
// response over the plane, the weights, the losses and the gradient per layer.
//
// Preset fields (SPEC: lessons rely on these names)
//   dataset      circle | xor | gauss | spiral | plane | multigauss (regression) | custom
//   classes      2..5 (circle, gauss, spiral; custom data: 1 + its largest label)
//   noise 0..1, train_ratio 0.1..0.9, batch 1..400 (>= the training set: full-batch descent)
//   features     from x1 x2 x1sq x2sq x1x2 sinx1 sinx2
//   layers       hidden sizes, up to 8 layers of up to 64 units
//   activation   tanh | relu | sigmoid | linear;   optimizer sgd | momentum | adam (mid-run)
//   lr, reg none | l1 | l2, reg_rate, seed
//   compare      up to 3 more runs in lockstep, same data and initial weights, each overriding
//                lr / batch / optimizer / reg / reg_rate: [{"batch": 200}, {"batch": 1}]
//   points       [[x1, x2, label], ...] or csv "x1,x2,label" lines (bad rows skipped, by line)
//   model        weights from an export (Lab::model())
// State keys: step, train_loss, test_loss, train_acc, test_acc, lr, batch, layers, grad_norms,
//   problem, classes, n_train, n_test, reg_rate, weight_norm, compare_loss, compare_diverged.
//
// The output and its loss follow the problem: one logit and binary cross-entropy for 2 classes,
// C logits and softmax cross-entropy for C >= 3, one linear output and squared error for
// regression. Regularisation adds (lambda/2) sum w^2 (L2) or lambda sum |w| (L1) over the weights
// (not the biases) to the cost: its gradient, lambda w or lambda sign(w), is added after backward.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <memory>
#include <numeric>

#include "data/playground.h"
#include "engine/engine.h"
#include "engine/weights_json.h"
#include "labs/lab.h"
#include "models/mlp.h"
#include "ui/plot.h"
#include "ui/strings.h"

using ui::tr;

namespace {

// Every word the lab draws, and the words for its state keys, in both languages.
const std::vector<ui::Text> kTexts = {
    {"mlp.title", "Playground: a multi-layer perceptron", "游乐场：多层感知机"},
    {"mlp.key.train_loss", "training loss", "训练损失"},
    {"mlp.key.test_loss", "test loss", "测试损失"},
    {"mlp.key.train_acc", "training accuracy", "训练准确率"},
    {"mlp.key.test_acc", "test accuracy", "测试准确率"},
    {"mlp.key.batch", "batch size", "批大小"},
    {"mlp.key.reg_rate", "regularisation rate", "正则化强度"},
    {"mlp.key.weight_norm", "sum of squared weights", "权重平方和"},
    {"mlp.key.n_train", "number of training points", "训练点数"},
    {"mlp.key.n_test", "number of test points", "测试点数"},
    {"mlp.key.classes", "number of classes", "类别数"},
    // "Your data" under the lab (the shell's text box, see info() below).
    {"mlp.data.label",
     "Paste points, one per line: x1, x2, label. x1 and x2 lie between −6 and 6; the label is a "
     "class number 0, 1, …",
     "粘贴数据点，每行一个：x1, x2, 类别。x1 和 x2 在 −6 到 6 之间；类别是编号 0, 1, …"},
    {"mlp.data.summary", "{n_train} points for training, {n_test} for testing.",
     "{n_train} 个点用于训练，{n_test} 个用于测试。"},
    {"mlp.dataset", "data", "数据"},
    {"mlp.activation", "activation", "激活函数"},
    {"mlp.noise", "noise", "噪声"},
    {"mlp.train_ratio", "train share", "训练集比例"},
    {"mlp.lr", "learning rate", "学习率"},
    {"mlp.batch", "batch size", "批大小"},
    {"mlp.layers", "hidden layers", "隐藏层"},
    {"mlp.metrics", "loss: train %.3f  test %.3f   accuracy: train %.0f%%  test %.0f%%",
     "损失：训练 %.3f  测试 %.3f   准确率：训练 %.0f%%  测试 %.0f%%"},
    {"mlp.train", "train", "训练"},
    {"mlp.optimizer", "optimizer", "优化器"},
    {"mlp.grad_norms", "Gradient size per layer, |dL/dW|", "每层梯度大小 |dL/dW|"},
    {"mlp.grad_norms_help",
     "How large each weight layer's gradient is, W1 nearest the input. With sigmoid and many "
     "layers the lines near the input sink far below the others: the gradient vanishes on its "
     "way back, and those layers barely learn.",
     "每一层权重的梯度有多大，W1 离输入最近。用 sigmoid 且层数多时，靠近输入的曲线会远低于其他"
     "曲线：梯度在反向传播途中消失了，这些层几乎学不动。"},
    {"mlp.test", "test", "测试"},
    {"mlp.classes", "classes", "类别数"},
    {"mlp.reg", "regularisation", "正则化"},
    {"mlp.reg_rate", "reg. rate", "正则化强度"},
    {"mlp.reg_help",
     "L2 adds (lambda/2) times the sum of squared weights to the cost, L1 lambda times the sum of "
     "their sizes. Both pull weights toward zero; L1 pushes many of them to exactly zero. "
     "lambda is the rate.",
     "L2 在代价上加上 (lambda/2) 乘以权重平方和，L1 加上 lambda 乘以权重绝对值之和。两者都把"
     "权重拉向 0；L1 会让许多权重恰好变成 0。lambda 就是正则化强度。"},
    {"mlp.features", "inputs", "输入特征"},
    {"mlp.new_seed", "new seed", "换个种子"},
    {"mlp.seed_help",
     "Reset (R) starts again from the same initial weights and data. A new seed draws new ones.",
     "重置（R 键）会从相同的初始权重和数据重新开始。换个种子则会重新随机生成它们。"},
    {"mlp.add_points", "click to add points:", "点击添加数据点："},
    {"mlp.off", "off", "关"},
    {"mlp.click_to_add", "click: add a point of class %d", "点击：添加一个类别 %d 的点"},
    {"mlp.unit_tip", "layer %d, unit %d: its output over the plane",
     "第 %d 层第 %d 个神经元：它在整个平面上的输出"},
    {"mlp.weight_tip", "layer %d weight from unit %d to unit %d: %.3f\nclick to edit",
     "第 %d 层权重，从神经元 %d 到神经元 %d：%.3f\n点击可修改"},
    {"mlp.weight_edit", "weight W%d, unit %d to %d (drag)", "权重 W%d，神经元 %d 到 %d（拖动修改）"},
    {"mlp.metrics_reg", "loss: train %.4f  test %.4f", "损失：训练 %.4f  测试 %.4f"},
    {"mlp.diverged", "diverged", "已发散"},
    {"mlp.stop_compare", "stop comparing", "停止对比"},
    {"mlp.row_skipped", "skipped", "已跳过"},
    {"mlp.rows_more", "... and %d more bad rows", "……还有 %d 行有问题"},
};

const char* const kExampleCsv =
    "x1, x2, label\n-3, -2.5, 0\n-2, -3.5, 0\n-3.5, -1, 0\n-1.5, -2, 0\n-2.5, -4, 0\n-4, -3, 0\n"
    "3, 2.5, 1\n2, 3.5, 1\n3.5, 1, 1\n1.5, 2, 1\n2.5, 4, 1\n4, 3, 1\n";

const std::vector<std::string> kActivations = {"tanh", "relu", "sigmoid", "linear"};
const std::vector<std::string> kOptimizers = {"sgd", "momentum", "adam"};
const std::vector<std::string> kRegs = {"none", "l1", "l2"};
const std::vector<std::string> kFeatures = {"x1", "x2", "x1sq", "x2sq", "x1x2", "sinx1", "sinx2"};
const char* const kFeatureLabels[] = {"x1", "x2", "x1\xc2\xb2", "x2\xc2\xb2", "x1x2", "sin x1", "sin x2"};
constexpr int kPoints = 400;      // as in Playground: half train, half test by default
constexpr int kGrid = 48;         // decision-boundary cells per side
constexpr int kNeuronGrid = 16;   // cells per side of the small heatmap inside each neuron
constexpr int kMaxLayers = 8, kMaxWidth = 64, kMaxClasses = 5, kMaxCompare = 3, kMaxPoints = 2000;
constexpr float kExtent = data::kPlane;
const ImU32 kClassColors[kMaxClasses] = {ui::kOrange, ui::kBlue, ui::kGreen, ui::kVermillion, IM_COL32(204, 121, 167, 255)};

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

models::Act to_act(const std::string& a) {
  return a == "relu" ? models::Act::ReLU : a == "sigmoid" ? models::Act::Sigmoid : a == "linear" ? models::Act::Linear : models::Act::Tanh;
}

struct Metrics {
  float loss = 0, acc = 0;
};

// What each run of a comparison may set differently.
struct Setup {
  double lr = 0.03, reg_rate = 0;
  long batch = 10;
  std::string optimizer = "sgd", reg = "none";
};

// One training run: its own network, optimiser state and order of the data.
struct Run {
  Setup s;
  json overrides = json::object();  // for a compare run: what differs from the main run
  models::MLP net;
  eng::ParamList ps;
  eng::SGD sgd;
  eng::Adam adam;
  eng::Rng rng{1};
  std::vector<int> order;
  size_t cursor = 0;
  Metrics train_m, test_m;
  ui::Curve train_curve, test_curve;
  std::vector<ui::Curve> norms;  // |dJ/dW| per weight layer
  bool diverged = false;
};

// The data as the network sees it: one row of features per point.
struct Table {
  std::vector<float> X, y;  // (N, F) and (N)
  std::vector<int> cls;     // class index per row (classification)
  int n = 0;
};

struct MlpLab : Lab {
  // Configuration: the main run's setup plus what every run shares.
  Setup base;
  std::string dataset = "circle", activation = "tanh";
  long classes = 2, seed = 1;
  double noise = 0.0, train_ratio = 0.5;
  std::vector<int> hidden = {4, 2}, features = {0, 1};
  std::vector<json> compare;
  std::vector<data::Point> custom;  // the learner's own points (dataset "custom")

  // Training state.
  std::vector<data::Point> train_set, test_set;
  Table train_t, test_t, grid_t;
  std::vector<std::unique_ptr<Run>> runs;  // runs[0] is the main run; Runs hold pointers into themselves
  eng::Tape tape, eval_tape;
  std::vector<float> xb, yb;
  std::vector<int> cb;

  // Drawing state.
  std::vector<float> grid;                 // kGrid^2 output colours' inputs (see update_grid)
  std::vector<std::vector<float>> neuron_maps;  // per hidden unit, kNeuronGrid^2 activations
  models::MLP sweep_net;                   // a copy of the network being drawn
  std::vector<float> back;                 // the sweep under way fills these, then they are shown
  std::vector<std::vector<float>> back_maps;
  long grid_step = -1, sweep_step = 0;  // the step the boundary shows; the step being swept
  int grid_row = kGrid;                  // next row of the sweep (kGrid: no sweep under way)
  double grid_time = -1;
  int add_class = -1;                      // clicking the plane adds a point of this class (-1: off)
  int edit_l = -1, edit_i = 0, edit_j = 0; // the weight being edited

  MlpLab() {
    speed = 30;
    reset();
  }

  bool regression() const { return data::is_regression(dataset); }
  int outputs() const { return regression() || classes == 2 ? 1 : int(classes); }
  std::vector<int> sizes() const {
    std::vector<int> s = {int(features.size())};
    s.insert(s.end(), hidden.begin(), hidden.end());
    s.push_back(outputs());
    return s;
  }

  // Configuration ------------------------------------------------------------------------------
  static Setup read_setup(const json& p, const Setup& cur, std::vector<std::string>& n) {
    Setup s;
    s.lr = read_number(p, "lr", cur.lr, 1e-5, 10.0, n);
    s.batch = read_int(p, "batch", cur.batch, 1, kPoints, n);
    s.optimizer = read_choice(p, "optimizer", cur.optimizer, kOptimizers);
    s.reg = read_choice(p, "reg", cur.reg, kRegs);
    s.reg_rate = read_number(p, "reg_rate", cur.reg_rate, 0.0, 1.0, n);
    return s;
  }

  void configure(const json& preset) override {
    check_fields(preset, {"dataset", "classes", "noise", "train_ratio", "batch", "features", "layers", "activation",
                          "optimizer", "lr", "reg", "reg_rate", "seed", "compare", "points", "csv", "model"});
    std::vector<std::string> n;
    std::vector<std::string> datasets = data::playground_names();
    datasets.push_back("custom");
    auto d = read_choice(preset, "dataset", dataset, datasets);
    auto a = read_choice(preset, "activation", activation, kActivations);
    Setup s = read_setup(preset, base, n);
    double no = read_number(preset, "noise", noise, 0.0, 1.0, n);
    double tr_ = read_number(preset, "train_ratio", train_ratio, 0.1, 0.9, n);
    long sd = read_int(preset, "seed", seed, 0, 1000000000, n);
    long c = read_int(preset, "classes", classes, 2, kMaxClasses, n);
    if (d == "xor" && c != 2) throw LabError("classes: the xor dataset has 2 classes, got " + std::to_string(c));
    auto h = read_layers(preset, n);
    auto f = read_features(preset);
    auto cmp = read_compare(preset, s, n);
    auto pts = read_points(preset, d, n);
    if (d == "custom" && pts.empty()) throw LabError("dataset custom: give your points as points [[x1, x2, label], ...] or csv");
    if (d == "custom") {
      long top = 0;
      for (const auto& p : pts) top = std::max(top, long(p.y));
      c = std::max(2L, top + 1);
    }
    if (preset.contains("model")) {  // check the weights against the new shape before changing anything
      std::vector<int> sz = {int(f.size())};
      sz.insert(sz.end(), h.begin(), h.end());
      sz.push_back(data::is_regression(d) || c == 2 ? 1 : int(c));
      eng::Rng r(1);
      models::MLP probe(sz, to_act(a), r);
      try {
        eng::weights_from_json(preset["model"], probe.params());
      } catch (const std::exception& e) {
        throw LabError(std::string("model: ") + e.what());
      }
    }
    dataset = d, activation = a, base = s, noise = no, train_ratio = tr_, seed = sd, classes = c, hidden = h;
    features = f, compare = cmp, custom = pts;
    notes = n;
    reset();
    if (preset.contains("model")) {
      eng::weights_from_json(preset["model"], runs[0]->ps);
      for (size_t i = 1; i < runs.size(); ++i) runs[i]->net = runs[0]->net, runs[i]->ps = runs[i]->net.params();
      evaluate_all();
    }
  }

  std::vector<int> read_layers(const json& preset, std::vector<std::string>& n) const {
    if (!preset.contains("layers")) return hidden;
    const json& v = preset["layers"];
    if (!v.is_array()) throw LabError("layers: expected an array of hidden-layer sizes like [4, 2], got " + v.dump());
    if (v.size() > size_t(kMaxLayers))
      throw LabError("layers: at most " + std::to_string(kMaxLayers) + " hidden layers, got " + std::to_string(v.size()));
    std::vector<int> h;
    for (size_t i = 0; i < v.size(); ++i) {
      std::string key = "layers." + std::to_string(i);
      h.push_back(int(read_int(json{{key, v[i]}}, key.c_str(), 1, 1, kMaxWidth, n)));
    }
    return h;
  }

  std::vector<int> read_features(const json& preset) const {
    if (!preset.contains("features")) return features;
    const json& v = preset["features"];
    if (!v.is_array() || v.empty()) throw LabError("features: expected a non-empty array like [\"x1\", \"x2\"], got " + v.dump());
    std::vector<int> f;
    for (const auto& e : v) {
      auto it = e.is_string() ? std::find(kFeatures.begin(), kFeatures.end(), e.get<std::string>()) : kFeatures.end();
      if (it == kFeatures.end()) throw LabError("features: " + e.dump() + " is not one of x1, x2, x1sq, x2sq, x1x2, sinx1, sinx2");
      int i = int(it - kFeatures.begin());
      if (std::find(f.begin(), f.end(), i) == f.end()) f.push_back(i);
    }
    std::sort(f.begin(), f.end());
    return f;
  }

  static std::vector<json> read_compare(const json& preset, const Setup& base, std::vector<std::string>& n) {
    if (!preset.contains("compare")) return {};
    const json& v = preset["compare"];
    if (!v.is_array()) throw LabError("compare: expected an array of runs like [{\"batch\": 200}, {\"batch\": 1}], got " + v.dump());
    if (v.size() > size_t(kMaxCompare)) throw LabError("compare: at most 3 runs beside the main one, got " + std::to_string(v.size()));
    std::vector<json> out;
    for (const auto& o : v) {
      if (!o.is_object()) throw LabError("compare: each run is an object like {\"lr\": 0.3}, got " + o.dump());
      check_fields(o, {"lr", "batch", "optimizer", "reg", "reg_rate"});
      read_setup(o, base, n);  // validates; out-of-range values are clamped when the run starts
      out.push_back(o);
    }
    return out;
  }

  std::vector<data::Point> read_points(const json& preset, std::string& d, std::vector<std::string>& n) const {
    if (!preset.contains("points") && !preset.contains("csv")) return d == "custom" ? custom : std::vector<data::Point>{};
    std::vector<data::Point> pts;
    std::vector<std::string> problems;
    if (preset.contains("csv")) {
      if (!preset["csv"].is_string()) throw LabError("csv: expected text with one x1,x2,label per line");
      pts = data::parse_points_csv(preset["csv"].get<std::string>(), kMaxClasses, problems);
    }
    if (preset.contains("points")) {
      const json& v = preset["points"];
      if (!v.is_array()) throw LabError("points: expected [[x1, x2, label], ...], got " + v.dump().substr(0, 80));
      std::string csv;
      for (const auto& p : v) csv += (p.is_array() ? p.dump().substr(1, p.dump().size() - 2) : p.dump()) + "\n";
      pts = data::parse_points_csv(csv, kMaxClasses, problems);
    }
    const size_t shown = 6;
    for (size_t i = 0; i < problems.size() && i < shown; ++i) n.push_back(tr("mlp.row_skipped") + std::string(" ") + problems[i]);
    if (problems.size() > shown) {
      char buf[96];
      std::snprintf(buf, sizeof buf, tr("mlp.rows_more"), int(problems.size() - shown));
      n.push_back(buf);
    }
    if (pts.empty()) throw LabError("points: no usable rows" + (problems.empty() ? std::string() : " (" + problems[0] + ")"));
    if (pts.size() > size_t(kMaxPoints)) pts.resize(size_t(kMaxPoints)), n.push_back("points: only the first 2000 are used");
    d = "custom";
    return pts;
  }

  json preset() const override {
    std::vector<std::string> f;
    for (int i : features) f.push_back(kFeatures[size_t(i)]);
    json p = {{"dataset", dataset}, {"classes", classes}, {"noise", noise},      {"train_ratio", train_ratio},
              {"batch", base.batch}, {"features", f},     {"layers", hidden},    {"activation", activation},
              {"optimizer", base.optimizer}, {"lr", base.lr}, {"reg", base.reg}, {"reg_rate", base.reg_rate},
              {"seed", seed}};
    if (!compare.empty()) p["compare"] = compare;
    if (dataset == "custom") {
      json pts = json::array();
      for (const auto& q : custom) pts.push_back({q.x1, q.x2, int(q.y)});
      p["points"] = pts;
    }
    return p;
  }

  json model() const override { return eng::weights_to_json(runs[0]->ps); }

  // Data and runs ------------------------------------------------------------------------------
  Table make_table(const std::vector<data::Point>& pts) const {
    Table t;
    t.n = int(pts.size());
    for (const auto& p : pts) {
      for (int f : features) t.X.push_back(feature(f, p.x1, p.x2));
      t.y.push_back(p.y);
      t.cls.push_back(int(p.y));
    }
    return t;
  }

  void reset() override {
    eng::Rng rng{uint64_t(seed)};
    std::vector<data::Point> pts = dataset == "custom" ? custom : data::playground(dataset, kPoints, float(noise), int(classes), rng);
    eng::shuffle(pts, rng);
    size_t n_train = std::max<size_t>(1, size_t(double(pts.size()) * train_ratio + 0.5));
    n_train = std::min(n_train, pts.size());
    train_set.assign(pts.begin(), pts.begin() + long(n_train));
    test_set.assign(pts.begin() + long(n_train), pts.end());
    train_t = make_table(train_set);
    test_t = make_table(test_set);
    std::vector<data::Point> cells;
    for (int r = 0; r < kGrid; ++r)
      for (int c = 0; c < kGrid; ++c)
        cells.push_back({-kExtent + (float(c) + 0.5f) * 2 * kExtent / kGrid, kExtent - (float(r) + 0.5f) * 2 * kExtent / kGrid, 0});
    grid_t = make_table(cells);

    models::MLP net(sizes(), to_act(activation), rng);
    runs.clear();
    for (size_t i = 0; i <= compare.size(); ++i) {
      auto r = std::make_unique<Run>();
      std::vector<std::string> ignored;
      r->overrides = i ? compare[i - 1] : json::object();
      r->s = i ? read_setup(r->overrides, base, ignored) : base;
      r->net = net;  // every run starts from the same weights...
      r->ps = r->net.params();
      r->rng = eng::Rng(uint64_t(seed) * 7919u + 1u);  // ...and sees the data in the same order
      r->order.resize(train_set.size());
      for (size_t k = 0; k < r->order.size(); ++k) r->order[k] = int(k);
      r->cursor = r->order.size();  // shuffle at the first step
      r->norms.assign(r->net.layers.size(), ui::Curve{});
      runs.push_back(std::move(r));
    }
    steps = 0;
    alert.clear();
    running = false;
    grid_step = -1;
    grid_row = kGrid;  // abandon a sweep of the old network
    grid.clear(), back.clear();
    neuron_maps.clear(), back_maps.clear();
    edit_l = -1;
    evaluate_all();
  }

  // The loss of a network's output against rows of a table (all rows, or those in `rows`).
  eng::Var loss_of(eng::Tape& t, eng::Var out, const float* y, const int* cls, int N) const {
    if (regression()) return eng::mse(out, t.input(eng::Shape{N, 1}, y));
    if (classes == 2) return eng::bce_with_logits(out, t.input(eng::Shape{N, 1}, y));
    return eng::cross_entropy(out, std::vector<int>(cls, cls + N));
  }

  Metrics measure(Run& r, const Table& t) {
    if (t.n == 0) return {};
    eng::NoGrad ng(eval_tape);
    eval_tape.clear();
    eng::Var z = models::mlp_forward(eval_tape, r.net, eval_tape.input(eng::Shape{t.n, int(features.size())}, t.X.data()));
    eng::Var L = loss_of(eval_tape, z, t.y.data(), t.cls.data(), t.n);
    if (regression()) return {L.item(), 0.0f};
    int right = 0;
    const float* v = z.value();
    for (int i = 0; i < t.n; ++i) {
      int guess = 0;
      if (classes == 2) {
        guess = v[i] > 0;
      } else {
        for (int k = 1; k < classes; ++k)
          if (v[i * classes + k] > v[i * classes + guess]) guess = k;
      }
      right += guess == t.cls[size_t(i)];
    }
    return {L.item(), float(right) / float(t.n)};
  }

  void evaluate(Run& r) {
    r.train_m = measure(r, train_t);
    r.test_m = measure(r, test_t);
  }

  void evaluate_all() {
    for (auto& r : runs) evaluate(*r);
  }

  // Adds the regulariser's gradient to the weights' (never the biases').
  static void regularise(Run& r) {
    if (r.s.reg == "none" || r.s.reg_rate <= 0) return;
    const float lambda = float(r.s.reg_rate);
    for (auto& layer : r.net.layers)
      for (size_t k = 0; k < layer.W.value.v.size(); ++k) {
        float w = layer.W.value.v[k];
        layer.W.grad.v[k] += r.s.reg == "l2" ? lambda * w : lambda * float((w > 0) - (w < 0));
      }
  }

  // One mini-batch step of one run; false when it diverged.
  bool train_run(Run& r, bool record_norms) {
    const int F = int(features.size());
    const size_t B = size_t(std::min<long>(r.s.batch, long(train_set.size())));
    xb.resize(B * size_t(F));
    yb.resize(B);
    cb.resize(B);
    for (size_t i = 0; i < B; ++i) {
      if (r.cursor >= r.order.size()) {  // a new epoch: a new order
        eng::shuffle(r.order, r.rng);
        r.cursor = 0;
      }
      size_t row = size_t(r.order[r.cursor++]);
      std::copy_n(&train_t.X[row * size_t(F)], F, &xb[i * size_t(F)]);
      yb[i] = train_t.y[row];
      cb[i] = train_t.cls[row];
    }
    tape.clear();
    eng::Var x = tape.input(eng::Shape{int(B), F}, xb.data());
    eng::Var L = loss_of(tape, models::mlp_forward(tape, r.net, x), yb.data(), cb.data(), int(B));
    eng::zero_grad(r.ps);
    tape.backward(L);
    regularise(r);
    if (record_norms)
      for (size_t l = 0; l < r.net.layers.size(); ++l) r.norms[l].push(layer_grad_norm(r, l));
    // The optimiser may change mid-run; each keeps its own state (velocities, moments).
    if (r.s.optimizer == "adam") {
      r.adam.lr = float(r.s.lr);
      r.adam.step(r.ps);
    } else {
      r.sgd.lr = float(r.s.lr);
      r.sgd.momentum = r.s.optimizer == "momentum" ? 0.9f : 0.0f;
      r.sgd.step(r.ps);
    }
    evaluate(r);
    r.train_curve.push(r.train_m.loss);
    r.test_curve.push(r.test_m.loss);
    return std::isfinite(r.train_m.loss) && std::isfinite(r.test_m.loss);
  }

  void step() override {
    if (train_set.empty()) return;
    Run& m = *runs[0];
    m.s = base;  // the controls change the main run mid-run
    bool ok = train_run(m, true);
    for (size_t i = 1; i < runs.size(); ++i)
      if (!runs[i]->diverged) runs[i]->diverged = !train_run(*runs[i], false);
    ++steps;
    if (!ok || !check_finite({{"train loss", m.train_m.loss}})) {
      check_finite({{"train loss", m.train_m.loss}, {"test loss", m.test_m.loss}});
      return;
    }
    auto bad = eng::find_non_finite(m.ps, nullptr);
    if (bad.found) check_finite({{bad.where, bad.x}});
  }

  static float layer_grad_norm(const Run& r, size_t l) {
    double s = 0;
    for (float g : r.net.layers[l].W.grad.v) s += double(g) * g;
    return float(std::sqrt(s));
  }

  json state() const override {
    const Run& m = *runs[0];
    json norms = json::array(), cl = json::array(), cd = json::array();
    for (const auto& c : m.norms) norms.push_back(c.v.empty() ? 0.0f : c.v.back());
    for (size_t i = 1; i < runs.size(); ++i) {
      cl.push_back(runs[i]->train_m.loss);
      cd.push_back(runs[i]->diverged ? 1 : 0);
    }
    double wn = 0;
    for (const auto& layer : m.net.layers)
      for (float w : layer.W.value.v) wn += double(w) * w;
    return {{"step", steps},
            {"train_loss", m.train_m.loss},
            {"test_loss", m.test_m.loss},
            {"train_acc", m.train_m.acc},
            {"test_acc", m.test_m.acc},
            {"lr", base.lr},
            {"batch", base.batch},
            {"layers", hidden},
            {"grad_norms", norms},
            {"problem", regression() ? "regression" : "classification"},
            {"classes", regression() ? 0 : classes},
            {"n_train", train_set.size()},
            {"n_test", test_set.size()},
            {"reg_rate", base.reg == "none" ? 0.0 : base.reg_rate},
            {"weight_norm", wn},
            {"compare_loss", cl},
            {"compare_diverged", cd}};
  }

  // Drawing ------------------------------------------------------------------------------------
  // The main network over the plane: its output per cell (for the boundary) and every hidden
  // unit's activation on a coarser grid (for the heatmaps inside the neurons). A sweep over the
  // plane starts at most 20 times a second while training, and does at most ~4M multiply-adds
  // per frame: a small net sweeps in one frame, an 8x64 net over a few (from a copy of the
  // network, so the picture is of one network), and neither drops a frame.
  void update_grid() {
    const double now = ImGui::GetTime();
    const int C = outputs();
    if (back.size() != size_t(grid_t.n * C)) back.assign(size_t(grid_t.n * C), 0.0f), grid_row = kGrid;
    if (grid_row >= kGrid) {  // the last sweep is complete: start another?
      if (grid_step == steps && grid_step >= 0) return;
      if (running && now - grid_time < 0.05) return;
      grid_time = now;
      sweep_step = steps;
      sweep_net = runs[0]->net;  // one network for the whole picture, while training goes on
      grid_row = 0;
      const size_t units = size_t(std::accumulate(hidden.begin(), hidden.end(), 0));
      if (back_maps.size() != units) back_maps.assign(units, std::vector<float>(kNeuronGrid * kNeuronGrid, 0.0f));
    }
    const std::vector<int> sz = sizes();
    double macs = 0;
    for (size_t l = 1; l < sz.size(); ++l) macs += double(sz[l - 1]) * sz[l];
    const int rows = std::clamp(int(4e6 / (macs * kGrid)), 1, kGrid - grid_row);
    const int F = int(features.size()), first = grid_row * kGrid, n = rows * kGrid;
    eng::NoGrad ng(eval_tape);
    eval_tape.clear();
    std::vector<eng::Var> hs;
    eng::Var z = models::mlp_forward(eval_tape, sweep_net, eval_tape.input(eng::Shape{n, F}, &grid_t.X[size_t(first * F)]), &hs);
    std::copy_n(z.value(), n * C, &back[size_t(first * C)]);
    const int every = kGrid / kNeuronGrid;
    for (int r = grid_row; r < grid_row + rows; ++r) {
      if (r % every != every / 2) continue;
      for (int c = every / 2; c < kGrid; c += every) {
        size_t cell = size_t((r - grid_row) * kGrid + c), k = 0, at = size_t((r / every) * kNeuronGrid + c / every);
        for (size_t l = 0; l < hs.size(); ++l)
          for (int j = 0; j < hidden[l]; ++j) back_maps[k++][at] = hs[l].value()[cell * size_t(hidden[l]) + size_t(j)];
      }
    }
    grid_row += rows;
    if (grid_row >= kGrid) {  // a complete picture of one network: show it
      grid_step = sweep_step;
      grid = back;
      neuron_maps = back_maps;
    }
  }

  // The colour of one boundary cell from the network's output there.
  ImU32 cell_color(size_t cell) const {
    auto signed_light = [](float v) {  // v in [-1, 1]: blue positive, orange negative, pale enough for the points
      return ui::tint(v > 0 ? ui::kBlue : ui::kOrange, 0.08f + 0.5f * std::min(1.0f, std::fabs(v)));
    };
    if (regression()) return signed_light(grid[cell]);
    if (classes == 2) return signed_light(2.0f / (1.0f + std::exp(-grid[cell])) - 1.0f);
    const float* z = &grid[cell * size_t(classes)];
    int best = int(std::max_element(z, z + classes) - z);
    double sum = 0;
    for (int k = 0; k < classes; ++k) sum += std::exp(double(z[k] - z[best]));
    float p = float(1.0 / sum), conf = (p - 1.0f / float(classes)) / (1.0f - 1.0f / float(classes));
    return ui::tint(kClassColors[best], 0.08f + 0.45f * conf);
  }

  ImU32 point_color(const data::Point& p) const {
    if (regression()) return ui::tint(p.y > 0 ? ui::kBlue : ui::kOrange, 0.2f + 0.8f * std::min(1.0f, std::fabs(p.y)));
    if (classes == 2) return p.y > 0.5f ? ui::kBlue : ui::kOrange;
    return kClassColors[int(p.y) % kMaxClasses];
  }

  void draw_boundary(float side) {
    update_grid();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec2 o = ImGui::GetCursorScreenPos();
    ImGui::InvisibleButton("boundary", ImVec2(side, side));
    const bool hovered = ImGui::IsItemHovered();
    if (ImGui::IsItemClicked() && add_class >= 0) {
      ImVec2 m = ImGui::GetIO().MousePos;
      add_point(-kExtent + (m.x - o.x) / side * 2 * kExtent, kExtent - (m.y - o.y) / side * 2 * kExtent);
    }
    const float cell = side / kGrid;
    const bool drawn = grid.size() == size_t(grid_t.n * outputs());  // a large net's first sweep may be under way
    for (int r = 0; r < kGrid && drawn; ++r)
      for (int c = 0; c < kGrid; ++c) {
        ImVec2 a(o.x + c * cell, o.y + r * cell);
        dl->AddRectFilled(a, ImVec2(a.x + cell + 0.5f, a.y + cell + 0.5f), cell_color(size_t(r * kGrid + c)));  // overlap: no seams
      }
    auto to_screen = [&](const data::Point& p) {
      return ImVec2(o.x + (p.x1 + kExtent) / (2 * kExtent) * side, o.y + (kExtent - p.x2) / (2 * kExtent) * side);
    };
    const float rad = 3.2f * ui::u();
    for (const auto& p : train_set) {
      dl->AddCircleFilled(to_screen(p), rad, point_color(p));
      dl->AddCircle(to_screen(p), rad, IM_COL32(40, 44, 52, 170));
    }
    for (const auto& p : test_set) {  // test points: rings, so the two sets read apart
      dl->AddCircle(to_screen(p), rad + 0.6f * ui::u(), IM_COL32(40, 44, 52, 140), 0, 1.0f);
      dl->AddCircle(to_screen(p), rad - 0.4f * ui::u(), point_color(p), 0, 2.0f * ui::u());
    }
    dl->AddRect(o, ImVec2(o.x + side, o.y + side), IM_COL32(0, 0, 0, 80));
    char buf[16];
    for (int v : {-6, 0, 6}) {  // axis ticks
      std::snprintf(buf, sizeof buf, "%d", v);
      float x = o.x + (float(v) + kExtent) / (2 * kExtent) * side;
      dl->AddText(ImVec2(std::min(x, o.x + side - 12 * ui::u()), o.y + side - ImGui::GetFontSize()), IM_COL32(0, 0, 0, 120), buf);
    }
    if (hovered && add_class >= 0) ImGui::SetTooltip(tr("mlp.click_to_add"), add_class);
  }

  void add_point(float x1, float x2) {
    if (regression()) return;
    if (dataset != "custom") {  // keep the points on screen and make them the learner's own
      custom = train_set;
      custom.insert(custom.end(), test_set.begin(), test_set.end());
      dataset = "custom";
    }
    if (custom.size() >= size_t(kMaxPoints)) return;
    data::Point p{std::clamp(x1, -kExtent, kExtent), std::clamp(x2, -kExtent, kExtent), float(add_class)};
    custom.push_back(p);
    if (p.y >= float(classes)) {  // a new class: the output layer grows, so training starts again
      classes = long(p.y) + 1;
      reset();
      return;
    }
    train_set.push_back(p);  // straight into training, without a reset
    train_t = make_table(train_set);
    for (auto& r : runs) r->order.push_back(int(train_set.size() - 1));
    evaluate_all();
  }

  // A small heatmap in a square: values centred on `mid`, scaled by their largest deviation.
  static void draw_map(ImDrawList* dl, ImVec2 a, float side, const std::vector<float>& map, int n, float mid) {
    float scale = 1e-6f;
    for (float v : map) scale = std::max(scale, std::fabs(v - mid));
    const float cell = side / float(n);
    for (int r = 0; r < n; ++r)
      for (int c = 0; c < n; ++c) {
        ImVec2 p(a.x + float(c) * cell, a.y + float(r) * cell);
        dl->AddRectFilled(p, ImVec2(p.x + cell + 0.5f, p.y + cell + 0.5f), ui::signed_color(map[size_t(r * n + c)] - mid, scale));
      }
    dl->AddRect(a, ImVec2(a.x + side, a.y + side), ui::kInk);
  }

  std::vector<float> feature_map(int f) const {
    std::vector<float> map;
    for (int r = 0; r < kNeuronGrid; ++r)
      for (int c = 0; c < kNeuronGrid; ++c) {
        float x1 = -kExtent + (float(c) + 0.5f) * 2 * kExtent / kNeuronGrid, x2 = kExtent - (float(r) + 0.5f) * 2 * kExtent / kNeuronGrid;
        map.push_back(feature(f, x1, x2));
      }
    return map;
  }

  static float segment_distance(ImVec2 p, ImVec2 a, ImVec2 b) {
    float dx = b.x - a.x, dy = b.y - a.y, t = ((p.x - a.x) * dx + (p.y - a.y) * dy) / std::max(1e-6f, dx * dx + dy * dy);
    t = std::clamp(t, 0.0f, 1.0f);
    float ex = a.x + t * dx - p.x, ey = a.y + t * dy - p.y;
    return std::sqrt(ex * ex + ey * ey);
  }

  // Inputs, hidden units (each with its heatmap over the plane) and outputs; edges coloured and
  // sized by weight. Hover an edge to read its weight, click it to edit; hover a unit to enlarge.
  void draw_network(ImVec2 size) {
    Run& m = *runs[0];
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec2 o = ImGui::GetCursorScreenPos();
    ImGui::InvisibleButton("network", size);
    const bool hovered = ImGui::IsItemHovered(), clicked = ImGui::IsItemClicked();
    const ImVec2 mouse = ImGui::GetIO().MousePos;
    const std::vector<int> sz = sizes();
    const int L = int(sz.size());
    const int widest = *std::max_element(sz.begin(), sz.end());
    const float box = std::clamp(size.y / (1.35f * float(widest)), 4.0f * ui::u(), 26.0f * ui::u());
    auto pos = [&](int l, int j) {
      float x = o.x + 40 * ui::u() + (size.x - 56 * ui::u()) * float(l) / float(L - 1);
      float y = o.y + size.y * (float(j) + 0.5f) / float(sz[size_t(l)]);
      return ImVec2(x, y);
    };
    float scale = 0.5f;
    for (auto& layer : m.net.layers)
      for (float w : layer.W.value.v) scale = std::max(scale, std::fabs(w));
    // Many edges: draw only the strongest 3000 so a 8x64 net still draws in a few milliseconds.
    size_t edges = 0;
    for (int l = 0; l + 1 < L; ++l) edges += size_t(sz[size_t(l)] * sz[size_t(l + 1)]);
    float cut = 0;
    if (edges > 3000) {
      std::vector<float> mags;
      for (auto& layer : m.net.layers)
        for (float w : layer.W.value.v) mags.push_back(std::fabs(w));
      std::nth_element(mags.begin(), mags.begin() + long(mags.size() - 3000), mags.end());
      cut = mags[mags.size() - 3000];
    }
    float best = 5.0f * ui::u();
    int hl = -1, hi = 0, hj = 0;
    for (int l = 0; l + 1 < L; ++l) {
      const auto& W = m.net.layers[size_t(l)].W.value;  // (in, out)
      for (int i = 0; i < sz[size_t(l)]; ++i)
        for (int j = 0; j < sz[size_t(l + 1)]; ++j) {
          float w = W.v[size_t(i * sz[size_t(l + 1)] + j)];
          if (std::fabs(w) < cut) continue;
          ImVec2 a = pos(l, i), b = pos(l + 1, j);
          dl->AddLine(a, b, ui::signed_color(w, scale), (0.5f + 3.0f * std::fabs(w) / scale) * ui::u());
          if (hovered && edges <= 3000) {
            float d = segment_distance(mouse, ImVec2(a.x + box * 0.6f, a.y), ImVec2(b.x - box * 0.6f, b.y));
            if (d < best) best = d, hl = l, hi = i, hj = j;
          }
        }
    }
    // Units: the input features, the hidden units with their heatmaps, the outputs.
    int unit = 0, hover_unit = -1, hover_l = 0, hover_j = 0;
    for (int l = 0; l < L; ++l)
      for (int j = 0; j < sz[size_t(l)]; ++j) {
        ImVec2 c = pos(l, j), a(c.x - box / 2, c.y - box / 2);
        bool inside = hovered && std::fabs(mouse.x - c.x) < box / 2 && std::fabs(mouse.y - c.y) < box / 2;
        if (l == 0) {
          draw_map(dl, a, box, feature_map(features[size_t(j)]), kNeuronGrid, 0.0f);
          dl->AddText(ImVec2(o.x, c.y - ImGui::GetFontSize() / 2), ui::kInk, kFeatureLabels[features[size_t(j)]]);
        } else if (l + 1 < L) {
          if (box >= 8 * ui::u() && size_t(unit) < neuron_maps.size())
            draw_map(dl, a, box, neuron_maps[size_t(unit)], kNeuronGrid, activation == "sigmoid" ? 0.5f : 0.0f);
          else
            dl->AddRectFilled(a, ImVec2(a.x + box, a.y + box), IM_COL32(255, 255, 255, 255)), dl->AddRect(a, ImVec2(a.x + box, a.y + box), ui::kInk);
          if (inside) hover_unit = unit, hover_l = l, hover_j = j;
          ++unit;
        } else {
          dl->AddRectFilled(a, ImVec2(a.x + box, a.y + box), outputs() > 1 ? kClassColors[j] : IM_COL32(255, 255, 255, 255));
          dl->AddRect(a, ImVec2(a.x + box, a.y + box), ui::kInk);
        }
      }
    if (hover_unit >= 0) {
      ImGui::BeginTooltip();
      ImGui::Text(tr("mlp.unit_tip"), hover_l, hover_j + 1);
      const float big = 120 * ui::u();
      ImVec2 a = ImGui::GetCursorScreenPos();
      draw_map(ImGui::GetWindowDrawList(), a, big, neuron_maps[size_t(hover_unit)], kNeuronGrid, activation == "sigmoid" ? 0.5f : 0.0f);
      ImGui::Dummy(ImVec2(big, big));
      ImGui::EndTooltip();
    } else if (hl >= 0) {
      float w = m.net.layers[size_t(hl)].W.value.v[size_t(hi * sz[size_t(hl + 1)] + hj)];
      ImGui::SetTooltip(tr("mlp.weight_tip"), hl + 1, hi + 1, hj + 1, w);
      if (clicked) {
        edit_l = hl, edit_i = hi, edit_j = hj;
        ImGui::OpenPopup("edit weight");
      }
    }
    if (ImGui::BeginPopup("edit weight")) {
      if (edit_l >= 0 && edit_l < int(m.net.layers.size())) {
        float& w = m.net.layers[size_t(edit_l)].W.value.v[size_t(edit_i * sz[size_t(edit_l + 1)] + edit_j)];
        ImGui::Text(tr("mlp.weight_edit"), edit_l + 1, edit_i + 1, edit_j + 1);
        ImGui::SetNextItemWidth(180 * ui::u());
        if (ImGui::DragFloat("##w", &w, 0.01f, -10.0f, 10.0f, "%.3f")) {
          evaluate_all();
          grid_step = -1;
        }
      }
      ImGui::EndPopup();
    }
  }

  // A run's name in the loss plot: what it sets differently ("batch 200"); the main run shows its
  // own values of those settings.
  std::string run_label(size_t i) const {
    if (runs.size() == 1) return tr("mlp.train");
    json mine = {{"lr", base.lr}, {"batch", base.batch}, {"optimizer", base.optimizer}, {"reg", base.reg}, {"reg_rate", base.reg_rate}};
    std::string s;
    for (auto it = mine.begin(); it != mine.end(); ++it) {
      bool varies = false;
      for (const auto& c : compare) varies |= c.contains(it.key());
      if (!varies) continue;
      const json& v = i ? runs[i]->overrides.value(it.key(), *it) : *it;
      char num[32];
      std::snprintf(num, sizeof num, "%g", v.is_number() ? v.get<double>() : 0.0);
      s += (s.empty() ? "" : ", ") + it.key() + " " + (v.is_string() ? v.get<std::string>() : std::string(num));
    }
    if (s.empty()) s = i ? "run " + std::to_string(i + 1) : tr("mlp.train");
    if (runs[i]->diverged) s += std::string(" (") + tr("mlp.diverged") + ")";
    return s;
  }

  void draw() override {
    const float u = ui::u(), w = ImGui::GetContentRegionAvail().x;
    auto pick = [&](const char* label, std::string& value, const std::vector<std::string>& choices, bool resets) {
      ImGui::SetNextItemWidth(110 * u);
      if (ImGui::BeginCombo(label, value.c_str())) {
        for (const auto& c : choices)
          if (ImGui::Selectable(c.c_str(), c == value) && c != value) {
            value = c;
            if (resets) reset();
          }
        ImGui::EndCombo();
      }
    };
    std::vector<std::string> datasets = data::playground_names();
    if (dataset == "custom") datasets.push_back("custom");
    std::string before = dataset;
    pick(tr("mlp.dataset"), dataset, datasets, false);
    if (dataset != before) {
      if (dataset == "xor") classes = 2;
      reset();
    }
    if (!regression() && dataset != "xor" && dataset != "custom") {
      ui::beside(tr("mlp.classes"), 80 * u);
      int c = int(classes);
      ImGui::SetNextItemWidth(80 * u);
      if (ImGui::SliderInt(tr("mlp.classes"), &c, 2, kMaxClasses)) classes = c, reset();
    }
    ui::beside(tr("mlp.activation"), 110 * u);
    pick(tr("mlp.activation"), activation, kActivations, true);
    ui::beside(tr("mlp.optimizer"), 110 * u);
    pick(tr("mlp.optimizer"), base.optimizer, kOptimizers, false);  // no reset: switch mid-run

    float no = float(noise), ratio = float(train_ratio), r = float(base.lr), rr = float(base.reg_rate);
    int b = int(base.batch);
    ImGui::PushItemWidth(110 * u);
    if (ImGui::SliderFloat(tr("mlp.noise"), &no, 0.0f, 1.0f, "%.2f")) noise = no, reset();
    ui::beside(tr("mlp.train_ratio"), 110 * u);
    if (ImGui::SliderFloat(tr("mlp.train_ratio"), &ratio, 0.1f, 0.9f, "%.2f")) train_ratio = ratio, reset();
    ui::beside(tr("mlp.lr"), 110 * u);
    if (ImGui::SliderFloat(tr("mlp.lr"), &r, 1e-4f, 3.0f, "%.4g", ImGuiSliderFlags_Logarithmic)) base.lr = r;
    ui::beside(tr("mlp.batch"), 110 * u);
    if (ImGui::SliderInt(tr("mlp.batch"), &b, 1, kPoints)) base.batch = b;
    pick(tr("mlp.reg"), base.reg, kRegs, false);
    ui::beside(tr("mlp.reg_rate"), 110 * u);
    if (ImGui::SliderFloat(tr("mlp.reg_rate"), &rr, 1e-4f, 1.0f, "%.4g", ImGuiSliderFlags_Logarithmic)) base.reg_rate = rr;
    ImGui::PopItemWidth();
    ImGui::SameLine();
    ui::help_marker(tr("mlp.reg_help"));

    ImGui::TextUnformatted(tr("mlp.features"));
    for (int f = 0; f < int(kFeatures.size()); ++f) {
      ui::beside(kFeatureLabels[f], ImGui::GetFrameHeight());
      bool on = std::find(features.begin(), features.end(), f) != features.end();
      if (ImGui::Checkbox(kFeatureLabels[f], &on) && !(on == false && features.size() == 1)) {
        if (on) features.push_back(f);
        else features.erase(std::find(features.begin(), features.end(), f));
        std::sort(features.begin(), features.end());
        reset();
      }
    }
    ImGui::TextUnformatted(tr("mlp.layers"));
    ImGui::SameLine();
    if (ImGui::SmallButton("+##layer") && int(hidden.size()) < kMaxLayers) hidden.push_back(4), reset();
    ImGui::SameLine();
    if (ImGui::SmallButton("-##layer") && !hidden.empty()) hidden.pop_back(), reset();
    for (size_t l = 0; l < hidden.size(); ++l) {
      ImGui::SameLine();
      ImGui::PushID(int(l));
      ImGui::SetNextItemWidth(78 * u);
      int n = hidden[l];
      if (ImGui::InputInt("##n", &n)) hidden[l] = std::clamp(n, 1, kMaxWidth), reset();
      ImGui::PopID();
    }

    const float side = std::max(140 * u, std::min(w * 0.46f, ImGui::GetContentRegionAvail().y - 64 * u));
    ImGui::BeginGroup();
    draw_boundary(side);
    if (ImGui::SmallButton(tr("mlp.new_seed"))) seed = (seed * 48271 + 11) % 1000000000, reset();
    ImGui::SameLine();
    ui::help_marker(tr("mlp.seed_help"));
    if (!regression()) {
      ImGui::TextUnformatted(tr("mlp.add_points"));
      const int C = dataset == "custom" ? kMaxClasses : int(classes);
      for (int k = -1; k < C; ++k) {
        ImGui::SameLine();
        char label[48];
        if (k < 0) std::snprintf(label, sizeof label, "%s##off", tr("mlp.off"));
        else std::snprintf(label, sizeof label, "%d##class", k);
        if (k >= 0) ImGui::PushStyleColor(ImGuiCol_Text, kClassColors[k]);
        if (ImGui::RadioButton(label, add_class == k)) add_class = k;
        if (k >= 0) ImGui::PopStyleColor();
      }
    }
    ImGui::EndGroup();
    ImGui::SameLine();
    ImGui::BeginGroup();
    const float right = ImGui::GetContentRegionAvail().x;
    draw_network(ImVec2(right, side * 0.5f));
    const Run& m = *runs[0];
    if (regression())
      ImGui::TextWrapped(tr("mlp.metrics_reg"), m.train_m.loss, m.test_m.loss);
    else
      ImGui::TextWrapped(tr("mlp.metrics"), m.train_m.loss, m.test_m.loss, 100 * m.train_m.acc, 100 * m.test_m.acc);
    static const ImU32 shades[] = {ui::kBlue, ui::kOrange, ui::kGreen, ui::kVermillion, ui::kInk,
                                   IM_COL32(204, 121, 167, 255), IM_COL32(86, 180, 233, 255), IM_COL32(160, 140, 20, 255)};
    std::vector<std::string> labels;
    for (size_t i = 0; i < runs.size(); ++i) labels.push_back(run_label(i));
    std::vector<ui::Series> loss = {{&m.train_curve, labels[0].c_str(), ui::kInk}};
    if (runs.size() == 1) loss.push_back({&m.test_curve, tr("mlp.test"), ui::kVermillion});
    for (size_t i = 1; i < runs.size(); ++i) loss.push_back({&runs[i]->train_curve, labels[i].c_str(), shades[(i + 1) % 8]});
    ui::plot_curves("loss", loss, ImVec2(right, std::max(80 * u, side * 0.27f)), true);
    if (!compare.empty() && ImGui::SmallButton(tr("mlp.stop_compare"))) compare.clear(), reset();
    ImGui::TextUnformatted(tr("mlp.grad_norms"));
    ui::help_marker(tr("mlp.grad_norms_help"));
    static const char* names[] = {"W1", "W2", "W3", "W4", "W5", "W6", "W7", "W8", "W9"};
    std::vector<ui::Series> series;
    for (size_t l = 0; l < m.norms.size() && l < 9; ++l) series.push_back({&m.norms[l], names[l], shades[l % 8]});
    ui::plot_curves("norms", series, ImVec2(right, std::max(70 * u, side * 0.2f)), true);
    ImGui::EndGroup();
  }
};

LabInfo info() {
  LabInfo i;
  i.name = "mlp";
  i.title = "mlp.title";
  i.make = [] { return std::make_unique<MlpLab>(); };
  i.texts = kTexts;
  i.headline = {"test_loss", "test_acc"};
  DataTool d;
  d.field = "csv";
  d.preset = {{"dataset", "custom"}};
  d.label = "mlp.data.label";
  d.example = kExampleCsv;
  d.summary = "mlp.data.summary";
  i.data = d;
  return i;
}

[[maybe_unused]] const bool registered = register_lab(info());

}  // namespace
