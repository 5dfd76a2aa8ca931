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
// The model and its training (features, losses, regularisation, one step of one run) are
// src/models/playground.h; the drawing is mlp_view.cpp. This file: the lab's words, its
// configuration, its runs in lockstep, its state, and its registration.
#include <algorithm>
#include <cstdio>
#include <memory>

#include "data/utf8.h"
#include "engine/weights_json.h"
#include "labs/mlp_lab.h"
#include "ui/strings.h"

using ui::tr;

namespace mlp_lab {

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

// The position of `name` among `names` (read_choice has refused any other name).
int index_of(const std::vector<std::string>& names, const std::string& name) {
  return int(std::find(names.begin(), names.end(), name) - names.begin());
}

// A run's setup: the fields of `p` that are given, the others from `cur`.
playground::Setup read_setup(const json& p, const playground::Setup& cur, std::vector<std::string>& n) {
  playground::Setup s;
  s.lr = read_number(p, "lr", cur.lr, 1e-5, 10.0, n);
  s.batch = read_int(p, "batch", cur.batch, 1, kPoints, n);
  const std::string o = read_choice(p, "optimizer", kOptimizers[size_t(cur.optimizer)], kOptimizers);
  s.optimizer = playground::Optimizer(index_of(kOptimizers, o));
  const std::string r = read_choice(p, "reg", kRegs[size_t(cur.reg)], kRegs);
  s.reg = playground::Reg(index_of(kRegs, r));
  s.reg_rate = read_number(p, "reg_rate", cur.reg_rate, 0.0, 1.0, n);
  return s;
}

std::vector<json> read_compare(const json& preset, const playground::Setup& base,
                               std::vector<std::string>& n) {
  if (!preset.contains("compare")) return {};
  const json& v = preset["compare"];
  if (!v.is_array())
    throw LabError("compare: expected an array of runs like [{\"batch\": 200}, {\"batch\": 1}], got " +
                   v.dump());
  if (v.size() > size_t(kMaxCompare))
    throw LabError("compare: at most 3 runs beside the main one, got " + std::to_string(v.size()));
  std::vector<json> out;
  for (const auto& o : v) {
    if (!o.is_object()) throw LabError("compare: each run is an object like {\"lr\": 0.3}, got " + o.dump());
    check_fields(o, {"lr", "batch", "optimizer", "reg", "reg_rate"});
    read_setup(o, base, n);  // validates; out-of-range values are clamped when the run starts
    out.push_back(o);
  }
  return out;
}

}  // namespace

MlpLab::MlpLab() {
  speed = 30;
  reset();
}

std::vector<int> MlpLab::sizes() const {
  std::vector<int> s = {int(features.size())};
  s.insert(s.end(), hidden.begin(), hidden.end());
  s.push_back(outputs());
  return s;
}

// Configuration ------------------------------------------------------------------------------
void MlpLab::configure(const json& preset) {
  check_fields(preset, {"dataset", "classes", "noise", "train_ratio", "batch", "features", "layers",
                        "activation", "optimizer", "lr", "reg", "reg_rate", "seed", "compare", "points",
                        "csv", "model"});
  std::vector<std::string> n;
  std::vector<std::string> datasets = data::playground_names();
  datasets.push_back("custom");
  auto d = read_choice(preset, "dataset", dataset, datasets);
  auto act = read_choice(preset, "activation", kActivations[size_t(activation)], kActivations);
  auto a = models::Act(index_of(kActivations, act));
  playground::Setup s = read_setup(preset, base, n);
  double no = read_number(preset, "noise", noise, 0.0, 1.0, n);
  double tr_ = read_number(preset, "train_ratio", train_ratio, 0.1, 0.9, n);
  long sd = read_int(preset, "seed", seed, 0, 1000000000, n);
  long c = read_int(preset, "classes", classes, 2, kMaxClasses, n);
  if (d == "xor" && c != 2)
    throw LabError("classes: the xor dataset has 2 classes, got " + std::to_string(c));
  auto h = read_layers(preset, n);
  auto f = read_features(preset);
  auto cmp = read_compare(preset, s, n);
  auto pts = read_points(preset, d, n);
  if (d == "custom" && pts.empty())
    throw LabError("dataset custom: give your points as points [[x1, x2, label], ...] or csv");
  if (d == "custom") {
    long top = 0;
    for (const auto& p : pts) top = std::max(top, long(p.y));
    c = std::max(2L, top + 1);
  }
  if (preset.contains("model")) {  // check the weights against the new shape before changing anything
    std::vector<int> sz = {int(f.size())};
    sz.insert(sz.end(), h.begin(), h.end());
    sz.push_back(playground::Problem{data::is_regression(d), int(c)}.outputs());
    eng::Rng r(1);
    models::MLP probe(sz, a, r);
    try {
      eng::weights_from_json(preset["model"], probe.params());
    } catch (const std::exception& e) {
      throw LabError(std::string("model: ") + e.what());
    }
  }
  dataset = d;
  activation = a;
  base = s;
  noise = no;
  train_ratio = tr_;
  seed = sd;
  classes = c;
  hidden = h;
  features = f;
  compare = cmp;
  custom = pts;
  notes = n;
  reset();
  if (preset.contains("model")) {
    eng::weights_from_json(preset["model"], runs[0]->run.ps);
    for (size_t i = 1; i < runs.size(); ++i) {
      playground::Run& r = runs[i]->run;
      r.net = runs[0]->run.net;
      r.ps = r.net.params();
    }
    evaluate_all();
  }
}

std::vector<int> MlpLab::read_layers(const json& preset, std::vector<std::string>& n) const {
  if (!preset.contains("layers")) return hidden;
  const json& v = preset["layers"];
  if (!v.is_array())
    throw LabError("layers: expected an array of hidden-layer sizes like [4, 2], got " + v.dump());
  if (v.size() > size_t(kMaxLayers))
    throw LabError("layers: at most " + std::to_string(kMaxLayers) + " hidden layers, got " +
                   std::to_string(v.size()));
  std::vector<int> h;
  for (size_t i = 0; i < v.size(); ++i) {
    std::string key = "layers." + std::to_string(i);
    h.push_back(int(read_int(json{{key, v[i]}}, key.c_str(), 1, 1, kMaxWidth, n)));
  }
  return h;
}

std::vector<int> MlpLab::read_features(const json& preset) const {
  if (!preset.contains("features")) return features;
  const json& v = preset["features"];
  if (!v.is_array() || v.empty())
    throw LabError("features: expected a non-empty array like [\"x1\", \"x2\"], got " + v.dump());
  std::vector<int> f;
  for (const auto& e : v) {
    auto it = kFeatures.end();
    if (e.is_string()) it = std::find(kFeatures.begin(), kFeatures.end(), e.get<std::string>());
    if (it == kFeatures.end())
      throw LabError("features: " + e.dump() + " is not one of x1, x2, x1sq, x2sq, x1x2, sinx1, sinx2");
    int i = int(it - kFeatures.begin());
    if (std::find(f.begin(), f.end(), i) == f.end()) f.push_back(i);
  }
  std::sort(f.begin(), f.end());
  return f;
}

std::vector<data::Point> MlpLab::read_points(const json& preset, std::string& d,
                                             std::vector<std::string>& n) const {
  if (!preset.contains("points") && !preset.contains("csv"))
    return d == "custom" ? custom : std::vector<data::Point>{};
  std::vector<data::Point> pts;
  std::vector<std::string> problems;
  if (preset.contains("csv")) {
    if (!preset["csv"].is_string()) throw LabError("csv: expected text with one x1,x2,label per line");
    pts = data::parse_points_csv(preset["csv"].get<std::string>(), kMaxClasses, problems);
  }
  if (preset.contains("points")) {
    const json& v = preset["points"];
    if (!v.is_array())
      throw LabError("points: expected [[x1, x2, label], ...], got " + data::utf8_prefix(v.dump(), 80));
    std::string csv;
    for (const auto& p : v) csv += (p.is_array() ? p.dump().substr(1, p.dump().size() - 2) : p.dump()) + "\n";
    pts = data::parse_points_csv(csv, kMaxClasses, problems);
  }
  const size_t shown = 6;
  for (size_t i = 0; i < problems.size() && i < shown; ++i)
    n.push_back(tr("mlp.row_skipped") + std::string(" ") + problems[i]);
  if (problems.size() > shown) {
    char buf[96];
    std::snprintf(buf, sizeof buf, tr("mlp.rows_more"), int(problems.size() - shown));
    n.push_back(buf);
  }
  if (pts.empty())
    throw LabError("points: no usable rows" + (problems.empty() ? std::string() : " (" + problems[0] + ")"));
  if (pts.size() > size_t(kMaxPoints)) {
    pts.resize(size_t(kMaxPoints));
    n.push_back("points: only the first 2000 are used");
  }
  d = "custom";
  return pts;
}

json MlpLab::preset() const {
  std::vector<std::string> f;
  for (int i : features) f.push_back(kFeatures[size_t(i)]);
  json p = {{"dataset", dataset},
            {"classes", classes},
            {"noise", noise},
            {"train_ratio", train_ratio},
            {"batch", base.batch},
            {"features", f},
            {"layers", hidden},
            {"activation", kActivations[size_t(activation)]},
            {"optimizer", kOptimizers[size_t(base.optimizer)]},
            {"lr", base.lr},
            {"reg", kRegs[size_t(base.reg)]},
            {"reg_rate", base.reg_rate},
            {"seed", seed}};
  if (!compare.empty()) p["compare"] = compare;
  if (dataset == "custom") {
    json pts = json::array();
    for (const auto& q : custom) pts.push_back({q.x1, q.x2, int(q.y)});
    p["points"] = pts;
  }
  return p;
}

json MlpLab::model() const { return eng::weights_to_json(runs[0]->run.ps); }

// Data and runs ------------------------------------------------------------------------------
void MlpLab::reset() {
  eng::Rng rng{uint64_t(seed)};
  std::vector<data::Point> pts =
      dataset == "custom" ? custom : data::playground(dataset, kPoints, float(noise), int(classes), rng);
  eng::shuffle(pts, rng);
  size_t n_train = std::max<size_t>(1, size_t(double(pts.size()) * train_ratio + 0.5));
  n_train = std::min(n_train, pts.size());
  train_set.assign(pts.begin(), pts.begin() + long(n_train));
  test_set.assign(pts.begin() + long(n_train), pts.end());
  train_t = playground::make_table(train_set, features);
  test_t = playground::make_table(test_set, features);

  models::MLP net(sizes(), activation, rng);
  runs.clear();
  for (size_t i = 0; i <= compare.size(); ++i) {
    auto r = std::make_unique<LabRun>();
    std::vector<std::string> ignored;
    const playground::Setup s = i ? read_setup(compare[i - 1], base, ignored) : base;
    // Every run starts from the same weights and sees the data in the same order.
    playground::start(r->run, net, s, train_set.size(), uint64_t(seed) * 7919u + 1u);
    r->norms.assign(r->run.net.layers.size(), ui::Curve{});
    runs.push_back(std::move(r));
  }
  steps = 0;
  alert.clear();
  running = false;
  reset_view();
  evaluate_all();
}

void MlpLab::evaluate_all() {
  for (auto& r : runs) playground::evaluate(r->run, eval_tape, train_t, test_t, problem());
}

bool MlpLab::train_run(LabRun& r, bool record_norms) {
  std::vector<float> norms;
  const bool ok =
      playground::train_step(r.run, train_t, test_t, problem(), eval_tape, record_norms ? &norms : nullptr);
  for (size_t l = 0; l < norms.size(); ++l) r.norms[l].push(norms[l]);
  r.train_curve.push(r.run.train_m.loss);
  r.test_curve.push(r.run.test_m.loss);
  return ok;
}

// The main run, then every comparison that has not diverged, one mini-batch each.
void MlpLab::step() {
  if (train_set.empty()) return;
  playground::Run& m = runs[0]->run;
  m.s = base;  // the controls change the main run mid-run
  bool ok = train_run(*runs[0], true);
  for (size_t i = 1; i < runs.size(); ++i) {
    playground::Run& r = runs[i]->run;
    if (!r.diverged) r.diverged = !train_run(*runs[i], false);
  }
  ++steps;
  if (!ok || !check_finite({{"train loss", m.train_m.loss}})) {
    check_finite({{"train loss", m.train_m.loss}, {"test loss", m.test_m.loss}});
    return;
  }
  auto bad = eng::find_non_finite(m.ps, nullptr);
  if (bad.found) check_finite({{bad.where, bad.x}});
}

// A point the learner clicked: the data become the learner's own, and the point joins training.
void MlpLab::add_point(float x1, float x2, int cls) {
  if (regression()) return;
  if (dataset != "custom") {  // keep the points on screen and make them the learner's own
    custom = train_set;
    custom.insert(custom.end(), test_set.begin(), test_set.end());
    dataset = "custom";
  }
  if (custom.size() >= size_t(kMaxPoints)) return;
  const float e = data::kPlane;
  data::Point p{std::clamp(x1, -e, e), std::clamp(x2, -e, e), float(cls)};
  custom.push_back(p);
  if (p.y >= float(classes)) {  // a new class: the output layer grows, so training starts again
    classes = long(p.y) + 1;
    reset();
    return;
  }
  train_set.push_back(p);  // straight into training, without a reset
  train_t = playground::make_table(train_set, features);
  for (auto& r : runs) r->run.order.push_back(int(train_set.size() - 1));
  evaluate_all();
}

json MlpLab::state() const {
  const playground::Run& m = runs[0]->run;
  json norms = json::array(), cl = json::array(), cd = json::array();
  for (const auto& c : runs[0]->norms) norms.push_back(c.v.empty() ? 0.0f : c.v.back());
  for (size_t i = 1; i < runs.size(); ++i) {
    cl.push_back(runs[i]->run.train_m.loss);
    cd.push_back(runs[i]->run.diverged ? 1 : 0);
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
          {"reg_rate", base.reg == playground::Reg::None ? 0.0 : base.reg_rate},
          {"weight_norm", wn},
          {"compare_loss", cl},
          {"compare_diverged", cd}};
}

// Registration ---------------------------------------------------------------------------------
namespace {

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

}  // namespace mlp_lab
