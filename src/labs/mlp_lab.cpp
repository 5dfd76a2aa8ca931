// Lab "mlp": a multi-layer perceptron on TensorFlow Playground's 2-D datasets, trained live by
// mini-batch gradient descent on the engine (src/engine, src/models/mlp.cpp). This is the first
// cut of issue 4's playground: datasets, noise, train/test split, batch size, hidden layers,
// activation, learning rate, the decision boundary with train and test points, the network with
// its weights, and train/test loss curves.
//
// Preset fields: dataset ("circle" | "xor" | "gauss" | "spiral"), noise (0..1), train_ratio
//                (0.1..0.9), batch (1..200), layers ([4, 2]: hidden sizes, up to 8 layers of 64),
//                activation ("tanh" | "relu" | "sigmoid"), optimizer ("sgd" | "momentum" | "adam",
//                switchable mid-run), lr, seed
// State keys:    step, train_loss, test_loss, train_acc, test_acc, lr, layers, grad_norms (one
//                per weight layer, input side first: vanishing gradients show up here)
#include <algorithm>
#include <cmath>
#include <cstdio>

#include "data/playground.h"
#include "engine/engine.h"
#include "labs/lab.h"
#include "models/mlp.h"
#include "ui/plot.h"
#include "ui/strings.h"

using ui::tr;

namespace {

const std::vector<std::string> kActivations = {"tanh", "relu", "sigmoid"};
const std::vector<std::string> kOptimizers = {"sgd", "momentum", "adam"};
constexpr int kPoints = 400;         // as in Playground: half train, half test by default
constexpr int kGrid = 48;            // decision-boundary cells per side
constexpr float kExtent = 6.0f;      // the plane shown is [-6, 6]^2
constexpr int kMaxLayers = 8, kMaxWidth = 64;

models::Act to_act(const std::string& a) {
  return a == "relu" ? models::Act::ReLU : a == "sigmoid" ? models::Act::Sigmoid : models::Act::Tanh;
}

// Fisher-Yates with the lab's seeded generator, so a run replays exactly.
template <class T>
void shuffle(std::vector<T>& v, eng::Rng& rng) {
  for (size_t i = v.size(); i > 1; --i) std::swap(v[i - 1], v[size_t(rng.below(int(i)))]);
}

struct Metrics {
  float loss = 0, acc = 0;
};

struct MlpLab : Lab {
  // Configuration.
  std::string dataset = "circle", activation = "tanh", optimizer = "sgd";
  double noise = 0.0, train_ratio = 0.5, lr = 0.03;
  long batch = 10, seed = 1;
  std::vector<int> hidden = {4, 2};

  // Training state.
  std::vector<data::Point> train_set, test_set;
  models::MLP net;
  eng::ParamList ps;
  eng::SGD sgd;               // plain (momentum 0) or with momentum 0.9
  eng::Adam adam;
  std::vector<ui::Curve> norm_curves;  // |dL/dW| per weight layer
  eng::Tape tape, eval_tape;
  eng::Rng rng{1};
  std::vector<int> order;   // the training set, shuffled once per epoch
  size_t cursor = 0;
  std::vector<float> xb, yb;
  Metrics train_m, test_m;
  ui::Curve train_curve, test_curve;
  std::vector<float> grid;  // network output probability per cell
  long grid_step = -1;

  MlpLab() {
    speed = 30;
    reset();
  }

  void configure(const json& preset) override {
    check_fields(preset, {"dataset", "noise", "train_ratio", "batch", "layers", "activation", "optimizer", "lr", "seed"});
    std::vector<std::string> n;
    auto d = read_choice(preset, "dataset", dataset, data::playground_names());
    auto a = read_choice(preset, "activation", activation, kActivations);
    auto op = read_choice(preset, "optimizer", optimizer, kOptimizers);
    double no = read_number(preset, "noise", noise, 0.0, 1.0, n);
    double tr_ = read_number(preset, "train_ratio", train_ratio, 0.1, 0.9, n);
    long b = read_int(preset, "batch", batch, 1, 200, n);
    double r = read_number(preset, "lr", lr, 1e-5, 10.0, n);
    long s = read_int(preset, "seed", seed, 0, 1000000000, n);
    auto h = hidden;
    if (preset.contains("layers")) {
      const json& v = preset["layers"];
      if (!v.is_array()) throw LabError("layers: expected an array of hidden-layer sizes like [4, 2], got " + v.dump());
      if (v.size() > size_t(kMaxLayers))
        throw LabError("layers: at most " + std::to_string(kMaxLayers) + " hidden layers, got " + std::to_string(v.size()));
      h.clear();
      for (size_t i = 0; i < v.size(); ++i) {
        std::string key = "layers." + std::to_string(i);
        h.push_back(int(read_int(json{{key, v[i]}}, key.c_str(), 1, 1, kMaxWidth, n)));
      }
    }
    dataset = d, activation = a, optimizer = op, noise = no, train_ratio = tr_, batch = b, lr = r, seed = s, hidden = h;
    notes = n;
    reset();
  }

  json preset() const override {
    return {{"dataset", dataset}, {"noise", noise}, {"train_ratio", train_ratio}, {"batch", batch},
            {"layers", hidden},   {"activation", activation}, {"optimizer", optimizer}, {"lr", lr},
            {"seed", seed}};
  }

  void reset() override {
    rng = eng::Rng(uint64_t(seed));
    auto pts = data::playground(dataset, kPoints, float(noise), rng);
    shuffle(pts, rng);
    size_t n_train = size_t(double(pts.size()) * train_ratio);
    train_set.assign(pts.begin(), pts.begin() + long(n_train));
    test_set.assign(pts.begin() + long(n_train), pts.end());
    std::vector<int> sizes = {2};
    sizes.insert(sizes.end(), hidden.begin(), hidden.end());
    sizes.push_back(1);
    net = models::MLP(sizes, to_act(activation), rng);
    ps = net.params();  // after net has its final address: params point into it
    sgd = eng::SGD();
    adam = eng::Adam();
    norm_curves.assign(net.layers.size(), ui::Curve{});
    order.resize(train_set.size());
    for (size_t i = 0; i < order.size(); ++i) order[i] = int(i);
    cursor = order.size();  // shuffle at the first step
    steps = 0;
    train_curve.clear();
    test_curve.clear();
    alert.clear();
    running = false;
    evaluate();
  }

  // Loss and accuracy on a set, without gradients.
  Metrics measure(const std::vector<data::Point>& set) {
    if (set.empty()) return {};
    const int N = int(set.size());
    std::vector<float> x(set.size() * 2), y(set.size());
    for (size_t i = 0; i < set.size(); ++i) x[2 * i] = set[i].x1, x[2 * i + 1] = set[i].x2, y[i] = float(set[i].label);
    eng::NoGrad ng(eval_tape);
    eval_tape.clear();
    eng::Var z = models::mlp_forward(eval_tape, net, eval_tape.input(eng::Shape{N, 2}, x.data()));
    eng::Var L = eng::bce_with_logits(z, eval_tape.input(eng::Shape{N, 1}, y.data()));
    int right = 0;
    for (int i = 0; i < N; ++i) right += (z.value()[i] > 0) == (y[size_t(i)] > 0.5f);
    return {L.item(), float(right) / float(N)};
  }

  void evaluate() {
    train_m = measure(train_set);
    test_m = measure(test_set);
  }

  void step() override {
    if (train_set.empty()) return;
    const size_t B = size_t(std::min<long>(batch, long(train_set.size())));
    xb.resize(B * 2);
    yb.resize(B);
    for (size_t i = 0; i < B; ++i) {
      if (cursor >= order.size()) {  // a new epoch: a new order
        shuffle(order, rng);
        cursor = 0;
      }
      const data::Point& p = train_set[size_t(order[cursor++])];
      xb[2 * i] = p.x1, xb[2 * i + 1] = p.x2, yb[i] = float(p.label);
    }
    tape.clear();
    eng::Var x = tape.input(eng::Shape{int(B), 2}, xb.data());
    eng::Var y = tape.input(eng::Shape{int(B), 1}, yb.data());
    eng::Var L = eng::bce_with_logits(models::mlp_forward(tape, net, x), y);
    eng::zero_grad(ps);
    tape.backward(L);
    for (size_t l = 0; l < net.layers.size(); ++l) norm_curves[l].push(layer_grad_norm(l));
    // The optimiser may change mid-run; each keeps its own state (velocities, moments).
    if (optimizer == "adam") {
      adam.lr = float(lr);
      adam.step(ps);
    } else {
      sgd.lr = float(lr);
      sgd.momentum = optimizer == "momentum" ? 0.9f : 0.0f;
      sgd.step(ps);
    }
    ++steps;
    evaluate();
    train_curve.push(train_m.loss);
    test_curve.push(test_m.loss);
    if (check_finite({{"train loss", train_m.loss}})) {
      auto bad = eng::find_non_finite(ps, &tape);
      if (bad.found) check_finite({{bad.where, bad.x}});
    }
  }

  // |dL/dW| of one weight layer after backward.
  float layer_grad_norm(size_t l) const {
    double s = 0;
    for (float g : net.layers[l].W.grad.v) s += double(g) * g;
    return float(std::sqrt(s));
  }

  json state() const override {
    json norms = json::array();
    for (const auto& c : norm_curves) norms.push_back(c.v.empty() ? 0.0f : c.v.back());
    return {{"step", steps}, {"train_loss", train_m.loss}, {"test_loss", test_m.loss},
            {"train_acc", train_m.acc}, {"test_acc", test_m.acc}, {"lr", lr}, {"layers", hidden}, {"grad_norms", norms}};
  }

  // Drawing ------------------------------------------------------------------------------------
  void update_grid() {
    if (grid_step == steps && !grid.empty()) return;
    std::vector<float> x(size_t(kGrid * kGrid) * 2);
    for (int r = 0; r < kGrid; ++r)
      for (int c = 0; c < kGrid; ++c) {
        size_t i = size_t(r * kGrid + c);
        x[2 * i] = -kExtent + (float(c) + 0.5f) * 2 * kExtent / kGrid;
        x[2 * i + 1] = kExtent - (float(r) + 0.5f) * 2 * kExtent / kGrid;
      }
    eng::NoGrad ng(eval_tape);
    eval_tape.clear();
    eng::Var z = models::mlp_forward(eval_tape, net, eval_tape.input(eng::Shape{kGrid * kGrid, 2}, x.data()));
    grid.assign(z.value(), z.value() + kGrid * kGrid);
    for (float& v : grid) v = 1.0f / (1.0f + std::exp(-v));  // the probability of class 1
    grid_step = steps;
  }

  void draw_boundary(float side) {
    update_grid();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec2 o = ImGui::GetCursorScreenPos();
    ImGui::InvisibleButton("boundary", ImVec2(side, side));
    const float cell = side / kGrid;
    for (int r = 0; r < kGrid; ++r)
      for (int c = 0; c < kGrid; ++c) {
        float p = grid[size_t(r * kGrid + c)];
        ImVec2 a(o.x + c * cell, o.y + r * cell);
        dl->AddRectFilled(a, ImVec2(a.x + cell + 0.5f, a.y + cell + 0.5f), ui::signed_color(p - 0.5f, 0.5f));  // opaque: no seams
      }
    auto to_screen = [&](const data::Point& p) {
      return ImVec2(o.x + (p.x1 + kExtent) / (2 * kExtent) * side, o.y + (kExtent - p.x2) / (2 * kExtent) * side);
    };
    const float rad = 3.2f * ui::u();
    for (const auto& p : train_set) {
      dl->AddCircleFilled(to_screen(p), rad, p.label ? ui::kBlue : ui::kOrange);
      dl->AddCircle(to_screen(p), rad, IM_COL32(255, 255, 255, 220));
    }
    for (const auto& p : test_set) dl->AddCircle(to_screen(p), rad, p.label ? ui::kBlue : ui::kOrange, 0, 1.8f * ui::u());
    dl->AddRect(o, ImVec2(o.x + side, o.y + side), IM_COL32(0, 0, 0, 80));
  }

  void draw_network(ImVec2 size) {
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec2 o = ImGui::GetCursorScreenPos();
    ImGui::InvisibleButton("network", size);
    std::vector<int> sizes = {2};
    sizes.insert(sizes.end(), hidden.begin(), hidden.end());
    sizes.push_back(1);
    const int L = int(sizes.size());
    auto pos = [&](int l, int j) {
      float x = o.x + 14 * ui::u() + (size.x - 28 * ui::u()) * float(l) / float(L - 1);
      float y = o.y + size.y * (float(j) + 0.5f) / float(sizes[size_t(l)]);
      return ImVec2(x, y);
    };
    float scale = 0.5f;
    for (auto& layer : net.layers)
      for (float w : layer.W.value.v) scale = std::max(scale, std::fabs(w));
    for (int l = 0; l + 1 < L; ++l) {
      const auto& W = net.layers[size_t(l)].W.value;  // (in, out)
      for (int i = 0; i < sizes[size_t(l)]; ++i)
        for (int j = 0; j < sizes[size_t(l + 1)]; ++j) {
          float w = W.v[size_t(i * sizes[size_t(l + 1)] + j)];
          dl->AddLine(pos(l, i), pos(l + 1, j), ui::signed_color(w, scale), (0.5f + 3.0f * std::fabs(w) / scale) * ui::u());
        }
    }
    const float r = std::min(9.0f * ui::u(), size.y / (2.5f * float(*std::max_element(sizes.begin(), sizes.end()))));
    for (int l = 0; l < L; ++l)
      for (int j = 0; j < sizes[size_t(l)]; ++j) {
        dl->AddCircleFilled(pos(l, j), r, IM_COL32(255, 255, 255, 255));
        dl->AddCircle(pos(l, j), r, ui::kInk);
      }
  }

  void draw() override {
    const float u = ui::u(), w = ImGui::GetContentRegionAvail().x;
    ImGui::PushItemWidth(150 * u);
    auto pick = [&](const char* label, std::string& value, const std::vector<std::string>& choices) {
      if (ImGui::BeginCombo(label, value.c_str())) {
        for (const auto& c : choices)
          if (ImGui::Selectable(c.c_str(), c == value)) { value = c; reset(); }
        ImGui::EndCombo();
      }
    };
    pick(tr("mlp.dataset"), dataset, data::playground_names());
    ImGui::SameLine();
    pick(tr("mlp.activation"), activation, kActivations);
    ImGui::SameLine();
    if (ImGui::BeginCombo(tr("mlp.optimizer"), optimizer.c_str())) {  // no reset: switch mid-run
      for (const auto& c : kOptimizers)
        if (ImGui::Selectable(c.c_str(), c == optimizer)) optimizer = c;
      ImGui::EndCombo();
    }
    float no = float(noise), ratio = float(train_ratio), r = float(lr);
    int b = int(batch);
    if (ImGui::SliderFloat(tr("mlp.noise"), &no, 0.0f, 1.0f, "%.2f")) { noise = no; reset(); }
    ImGui::SameLine();
    if (ImGui::SliderFloat(tr("mlp.train_ratio"), &ratio, 0.1f, 0.9f, "%.2f")) { train_ratio = ratio; reset(); }
    if (ImGui::SliderFloat(tr("mlp.lr"), &r, 1e-4f, 3.0f, "%.4g", ImGuiSliderFlags_Logarithmic)) lr = r;
    ImGui::SameLine();
    if (ImGui::SliderInt(tr("mlp.batch"), &b, 1, 200)) batch = b;
    ImGui::PopItemWidth();

    ImGui::TextUnformatted(tr("mlp.layers"));
    ImGui::SameLine();
    if (ImGui::SmallButton("+##layer") && int(hidden.size()) < kMaxLayers) { hidden.push_back(4); reset(); }
    ImGui::SameLine();
    if (ImGui::SmallButton("-##layer") && !hidden.empty()) { hidden.pop_back(); reset(); }
    for (size_t l = 0; l < hidden.size(); ++l) {
      ImGui::SameLine();
      ImGui::PushID(int(l));
      ImGui::SetNextItemWidth(95 * u);
      int n = hidden[l];
      if (ImGui::InputInt("##n", &n)) { hidden[l] = std::clamp(n, 1, kMaxWidth); reset(); }
      ImGui::PopID();
    }

    const float side = std::min(w * 0.5f, ImGui::GetContentRegionAvail().y - 10 * u);
    draw_boundary(std::max(side, 120 * u));
    ImGui::SameLine();
    ImGui::BeginGroup();
    const float right = ImGui::GetContentRegionAvail().x;
    draw_network(ImVec2(right, side * 0.4f));
    ImGui::Text(tr("mlp.metrics"), train_m.loss, test_m.loss, 100 * train_m.acc, 100 * test_m.acc);
    ui::plot_curves("loss", {{&train_curve, tr("mlp.train"), ui::kInk}, {&test_curve, tr("mlp.test"), ui::kVermillion}},
                    ImVec2(right, std::max(80 * u, side * 0.27f)), true);
    ImGui::TextUnformatted(tr("mlp.grad_norms"));
    ui::help_marker(tr("mlp.grad_norms_help"));
    static const ImU32 shades[] = {ui::kBlue, ui::kOrange, ui::kGreen, ui::kVermillion, ui::kInk,
                                   IM_COL32(204, 121, 167, 255), IM_COL32(86, 180, 233, 255), IM_COL32(240, 228, 66, 255)};
    static const char* names[] = {"W1", "W2", "W3", "W4", "W5", "W6", "W7", "W8", "W9"};
    std::vector<ui::Series> series;
    for (size_t l = 0; l < norm_curves.size() && l < 9; ++l) series.push_back({&norm_curves[l], names[l], shades[l % 8]});
    ui::plot_curves("norms", series, ImVec2(right, std::max(70 * u, side * 0.2f)), true);
    ImGui::EndGroup();
  }
};

}  // namespace

std::unique_ptr<Lab> make_mlp_lab() { return std::make_unique<MlpLab>(); }
