// Lab "neuron": one sigmoid unit with 3 inputs, trained by batch gradient descent on the article's
// 4 samples. The maths is in src/models/neuron.{h,cpp}; this file is configuration and drawing.
//
// Preset fields: target ("x1" | "or" | "and" | "xor"), loss ("cross-entropy" | "squared-error"),
//                lr (learning rate), seed (initial weights), w ([w1, w2, w3]) and b to start
//                from given weights instead of random ones.
// State keys:    step, loss, lr, w, b, dw, db, z, a, y, accuracy
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <optional>

#include "engine/rng.h"
#include "labs/lab.h"
#include "models/neuron.h"
#include "ui/plot.h"
#include "ui/strings.h"

using ui::tr;

namespace {

// Every word the lab draws, and the words for its state keys, in both languages.
const std::vector<ui::Text> kTexts = {
    {"neuron.title", "One sigmoid unit", "单个 sigmoid 单元"},
    {"neuron.key.loss", "cost", "代价"},
    {"neuron.key.accuracy", "accuracy", "准确率"},
    {"neuron.target.x1", "y = x1 (the article's data)", "y = x1（原文的数据）"},
    {"neuron.target.or", "y = x1 OR x2", "y = x1 或 x2"},
    {"neuron.target.and", "y = x1 AND x2", "y = x1 且 x2"},
    {"neuron.target.xor", "y = x1 XOR x2 (not separable)", "y = x1 异或 x2（线性不可分）"},
    {"neuron.cost_curve", "Cost J over training steps", "代价 J 随训练步数的变化"},
    {"neuron.cost_curve_help",
     "Each point is the cost on all 4 samples after one gradient-descent step. The y axis is "
     "logarithmic: a straight falling line means J shrinks by a constant factor per step.",
     "每个点是一步梯度下降之后、在全部 4 个样本上的代价。纵轴是对数坐标：一条下降的直线表示 J "
     "每一步都按相同的比例缩小。"},
    {"neuron.sample_n", "sample %d", "样本 %d"},
    {"neuron.sample_shown", "sample shown", "显示的样本"},
    {"neuron.sample_help",
     "The diagram shows one sample going through the unit: each input times its weight, summed "
     "with b into z, then squashed by the sigmoid into a.",
     "图中是一个样本流过这个单元的过程：每个输入乘以它的权重，与 b 相加得到 z，再经 sigmoid "
     "压缩成 a。"},
    {"neuron.samples", "The 4 samples", "4 个样本"},
    {"neuron.samples_help",
     "a is the unit's output for each sample; the bar shows it between 0 and 1, the tick marks "
     "the target y. Training pulls every a toward its y.",
     "a 是单元对每个样本的输出；横条表示它在 0 到 1 之间的位置，竖线标出目标 y。训练会把每个 a "
     "拉向它的 y。"},
    {"neuron.a_vs_y", "a vs y", "a 与 y"},
    {"neuron.target", "target y", "目标 y"},
    {"neuron.target_help",
     "Which truth table the unit must learn. XOR cannot be separated by one line, so a single "
     "unit never fits it: watch J stop falling.",
     "单元要学习的真值表。XOR 无法用一条直线分开，单个单元永远拟合不了它：注意 J 会停止下降。"},
    {"neuron.cost", "cost", "代价函数"},
    {"neuron.cost.ce", "cross-entropy", "交叉熵"},
    {"neuron.cost.se", "squared error", "平方误差"},
    {"neuron.cost_help",
     "Cross-entropy gives the output error delta = a - y. Squared error multiplies it by "
     "sigma'(z) = a(1 - a), which is tiny when the unit is confidently wrong.",
     "交叉熵给出的输出误差是 delta = a - y。平方误差还要再乘以 sigma'(z) = a(1 - a)，当单元"
     "很有把握地答错时，这一项几乎为 0。"},
    {"neuron.lr", "learning rate", "学习率"},
    {"neuron.lr_help", "alpha in w := w - alpha dJ/dw. Changing it does not reset training.",
     "即 w := w - alpha dJ/dw 中的 alpha。修改它不会重置训练。"},
    {"neuron.seed", "seed", "随机种子"},
    {"neuron.seed_help",
     "The initial weights are drawn from this seed: the same seed replays the same run.",
     "初始权重由这个种子生成：同一个种子会重现同一次训练。"},
    {"neuron.weights", "Weights (drag to edit):", "权重（拖动可修改）："},
};

const std::vector<std::string> kTargets = {"x1", "or", "and", "xor"};
const std::vector<std::string> kLosses = {"cross-entropy", "squared-error"};

// The article's 4 samples: x3 is always 1, a constant input (so w3 acts like a second bias).
neuron::Data make_data(const std::string& target) {
  neuron::Data d;
  d.X.resize(4, 3);
  d.X << 0, 0, 1,
         0, 1, 1,
         1, 0, 1,
         1, 1, 1;
  d.y.resize(4);
  for (int i = 0; i < 4; ++i) {
    bool x1 = d.X(i, 0) > 0.5f, x2 = d.X(i, 1) > 0.5f;
    bool y = target == "x1" ? x1 : target == "or" ? (x1 || x2) : target == "and" ? (x1 && x2) : (x1 != x2);
    d.y[i] = y ? 1.0f : 0.0f;
  }
  return d;
}

json to_json(const Eigen::VectorXf& v) {
  json a = json::array();
  for (int i = 0; i < v.size(); ++i) a.push_back(v[i]);
  return a;
}

struct NeuronLab : Lab {
  // Configuration (what a preset sets).
  std::string target = "x1";
  neuron::Loss loss = neuron::Loss::CrossEntropy;
  double lr = 0.5;
  long seed = 1;
  std::optional<std::vector<float>> w_init;  // explicit starting weights, else random from seed
  std::optional<float> b_init;

  // Training state.
  neuron::Data data;
  neuron::Params p;
  neuron::Step g;      // gradient at the current parameters (what the next update will use)
  ui::Curve curve;     // J per step
  int sample = 0;      // which sample the network diagram shows

  NeuronLab() {
    speed = 60;  // one step per frame: slow enough to watch every update
    reset();
  }

  std::string loss_name() const { return kLosses[loss == neuron::Loss::CrossEntropy ? 0 : 1]; }

  void configure(const json& preset) override {
    check_fields(preset, {"target", "loss", "lr", "seed", "w", "b"});
    std::vector<std::string> n;  // notes; committed only if everything validates
    auto t = read_choice(preset, "target", target, kTargets);
    auto l = read_choice(preset, "loss", loss_name(), kLosses);
    double r = read_number(preset, "lr", lr, 1e-4, 100.0, n);
    long s = read_int(preset, "seed", seed, 0, 1000000000, n);
    // A preset that names a seed and no weights wants the seed's weights, not the last explicit ones.
    auto w = preset.contains("seed") ? std::nullopt : w_init;
    if (preset.contains("w")) {
      const json& v = preset["w"];
      if (!v.is_array() || v.size() != 3)
        throw LabError("w: expected an array of 3 numbers [w1, w2, w3], got " + v.dump());
      std::vector<float> ws;
      for (size_t i = 0; i < 3; ++i) {
        std::string key = "w" + std::to_string(i + 1);
        ws.push_back(float(read_number(json{{key, v[i]}}, key.c_str(), 0, -50, 50, n)));
      }
      w = ws;
    }
    auto b = preset.contains("seed") ? std::nullopt : b_init;
    if (preset.contains("b")) b = float(read_number(preset, "b", 0, -50, 50, n));
    // Everything valid: commit.
    target = t;
    loss = l == "cross-entropy" ? neuron::Loss::CrossEntropy : neuron::Loss::SquaredError;
    lr = r;
    seed = s;
    w_init = w;
    b_init = b;
    notes = n;
    reset();
  }

  json preset() const override {
    json j = {{"target", target}, {"loss", loss_name()}, {"lr", lr}, {"seed", seed}};
    if (w_init) j["w"] = *w_init;
    if (b_init) j["b"] = *b_init;
    return j;
  }

  void reset() override {
    data = make_data(target);
    eng::Rng rng{uint64_t(seed)};  // the engine's one generator: native and wasm draw the same
    p.w.resize(3);
    for (int j = 0; j < 3; ++j) p.w[j] = w_init ? (*w_init)[j] : rng.uniform(-1.0f, 1.0f);
    p.b = b_init ? *b_init : 0.0f;
    g = neuron::gradient(data, p, loss);
    steps = 0;
    curve.clear();
    alert.clear();
    running = false;
  }

  void step() override {
    neuron::update(p, g, float(lr));        // w := w - lr dJ/dw with the gradient at the current w
    g = neuron::gradient(data, p, loss);  // J and gradient at the new w, for display and next step
    ++steps;
    curve.push(g.J);
    check_finite({{"J", g.J}, {"w1", p.w[0]}, {"w2", p.w[1]}, {"w3", p.w[2]}, {"b", p.b}});
  }

  json state() const override {
    int correct = 0;
    for (int i = 0; i < 4; ++i) correct += (g.a[i] > 0.5f) == (data.y[i] > 0.5f);
    return {{"step", steps},   {"loss", g.J},           {"lr", lr},
            {"w", to_json(p.w)}, {"b", p.b},            {"dw", to_json(g.dw)},
            {"db", g.db},      {"z", to_json(g.z)},     {"a", to_json(g.a)},
            {"y", to_json(data.y)}, {"accuracy", correct / 4.0}};
  }

  // Drawing ------------------------------------------------------------------------------------
  void draw() override {
    const float w = ImGui::GetContentRegionAvail().x, u = ui::u();
    const bool wide = w > 520 * u;
    ImGui::BeginChild("network", ImVec2(wide ? w * 0.55f : w, 250 * u), false);
    draw_network();
    ImGui::EndChild();
    if (wide) ImGui::SameLine();
    ImGui::BeginChild("samples", ImVec2(0, 250 * u), false);
    draw_samples();
    ImGui::EndChild();

    ImGui::TextUnformatted(tr("neuron.cost_curve"));
    ui::help_marker(tr("neuron.cost_curve_help"));
    const float controls_h = 5.5f * ImGui::GetFrameHeightWithSpacing();
    const float plot_h = std::max(150.0f * ui::u(), ImGui::GetContentRegionAvail().y - controls_h);
    ui::plot_curves("loss", {{&curve, "J", ui::kBlue}}, ImVec2(-1, plot_h), true);
    draw_controls();
  }

  void draw_network() {
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec2 o = ImGui::GetCursorScreenPos();
    const ImVec2 size = ImGui::GetContentRegionAvail();
    const float u = ui::u();
    ImGui::SetNextItemWidth(150 * u);
    char name[32];
    std::snprintf(name, sizeof name, tr("neuron.sample_n"), sample + 1);
    if (ImGui::BeginCombo(tr("neuron.sample_shown"), name)) {
      for (int i = 0; i < 4; ++i) {
        std::snprintf(name, sizeof name, tr("neuron.sample_n"), i + 1);
        if (ImGui::Selectable(name, i == sample)) sample = i;
      }
      ImGui::EndCombo();
    }
    ui::help_marker(tr("neuron.sample_help"));

    const float top = o.y + 40 * u, h = size.y - 50 * u;
    const ImVec2 out(o.x + size.x * 0.72f, top + h * 0.45f);
    const float r = 22 * u;
    float scale = 0.5f;
    for (int j = 0; j < 3; ++j) scale = std::max(scale, std::fabs(p.w[j]));
    char buf[64];
    for (int j = 0; j < 3; ++j) {
      ImVec2 in(o.x + 40 * u, top + h * (0.12f + 0.33f * float(j)));
      float wj = p.w[j];
      dl->AddLine(in, out, ui::signed_color(wj, scale), (1.5f + 6.0f * std::fabs(wj) / scale) * u);
      dl->AddCircleFilled(in, r, IM_COL32(255, 255, 255, 255));
      dl->AddCircle(in, r, ui::kInk, 0, 1.5f);
      std::snprintf(buf, sizeof buf, "x%d=%g", j + 1, data.X(sample, j));
      ImVec2 ts = ImGui::CalcTextSize(buf);
      dl->AddText(ImVec2(in.x - ts.x / 2, in.y - ts.y / 2), ui::kInk, buf);
      // Weight label near the middle of the edge, with its gradient.
      ImVec2 mid((in.x * 0.55f + out.x * 0.45f), (in.y * 0.55f + out.y * 0.45f) - 16 * u);
      std::snprintf(buf, sizeof buf, "w%d = %.3f", j + 1, wj);
      ui::label(dl, mid, buf, ui::kInk);
      std::snprintf(buf, sizeof buf, "dJ/dw%d = %.3f", j + 1, g.dw[j]);
      ui::label(dl, ImVec2(mid.x, mid.y + 16 * u), buf, IM_COL32(0, 0, 0, 150));
    }
    // Output unit.
    float a = g.a[sample];
    const float line = ImGui::GetTextLineHeight();
    dl->AddCircleFilled(out, r + 8 * u, ui::signed_color(a - 0.5f, 0.5f));
    dl->AddCircle(out, r + 8 * u, ui::kInk, 0, 2.0f * u);
    ImVec2 ts = ImGui::CalcTextSize("\xcf\x83");
    dl->AddText(ImVec2(out.x - ts.x / 2, out.y - ts.y / 2), ui::kInk, "\xcf\x83");  // sigma
    std::snprintf(buf, sizeof buf, "b=%.3f", p.b);
    dl->AddText(ImVec2(out.x - r, out.y + r + 12 * u), ui::kInk, buf);
    const float tx = out.x + r + 14 * u;
    std::snprintf(buf, sizeof buf, "z=%.3f", g.z[sample]);
    dl->AddText(ImVec2(tx, out.y - 1.5f * line), ui::kInk, buf);
    std::snprintf(buf, sizeof buf, "a=%.3f", a);
    dl->AddText(ImVec2(tx, out.y - 0.5f * line), ui::kInk, buf);
    std::snprintf(buf, sizeof buf, "y=%g", data.y[sample]);
    dl->AddText(ImVec2(tx, out.y + 0.5f * line), IM_COL32(0, 0, 0, 150), buf);
  }

  void draw_samples() {
    ImGui::TextUnformatted(tr("neuron.samples"));
    ui::help_marker(tr("neuron.samples_help"));
    if (ImGui::BeginTable("samples", 6, ImGuiTableFlags_Borders | ImGuiTableFlags_RowBg)) {
      for (const char* h : {"x1", "x2", "x3", "y", "a"}) ImGui::TableSetupColumn(h);
      ImGui::TableSetupColumn(tr("neuron.a_vs_y"), ImGuiTableColumnFlags_WidthStretch);
      ImGui::TableHeadersRow();
      for (int i = 0; i < 4; ++i) {
        ImGui::TableNextRow();
        for (int j = 0; j < 3; ++j) {
          ImGui::TableNextColumn();
          ImGui::Text("%g", data.X(i, j));
        }
        ImGui::TableNextColumn();
        ImGui::Text("%g", data.y[i]);
        ImGui::TableNextColumn();
        ImGui::Text("%.3f", g.a[i]);
        ImGui::TableNextColumn();
        ImDrawList* dl = ImGui::GetWindowDrawList();
        ImVec2 c = ImGui::GetCursorScreenPos();
        float bw = std::max(ImGui::GetContentRegionAvail().x, 40.0f * ui::u()),
              bh = ImGui::GetTextLineHeight();
        dl->AddRectFilled(c, ImVec2(c.x + bw, c.y + bh), IM_COL32(0, 0, 0, 20));
        dl->AddRectFilled(c, ImVec2(c.x + bw * g.a[i], c.y + bh),
                          (g.a[i] > 0.5f) == (data.y[i] > 0.5f) ? ui::kGreen : ui::kVermillion);
        float ty = c.x + bw * data.y[i];
        dl->AddLine(ImVec2(ty, c.y - 2), ImVec2(ty, c.y + bh + 2), ui::kInk, 3.0f);
        ImGui::Dummy(ImVec2(bw, bh));
      }
      ImGui::EndTable();
    }
    ImGui::Text("J = %.5f", g.J);
    ImGui::Text("dJ/db = %.4f", g.db);
  }

  void draw_controls() {
    ImGui::Separator();
    ImGui::PushItemWidth(220 * ui::u());
    if (ImGui::BeginCombo(tr("neuron.target"), tr(("neuron.target." + target).c_str()))) {
      for (const auto& t : kTargets)
        if (ImGui::Selectable(tr(("neuron.target." + t).c_str()), t == target)) { target = t; reset(); }
      ImGui::EndCombo();
    }
    ui::help_marker(tr("neuron.target_help"));
    const char* costs[] = {tr("neuron.cost.ce"), tr("neuron.cost.se")};
    int l = loss == neuron::Loss::CrossEntropy ? 0 : 1;
    if (ImGui::Combo(tr("neuron.cost"), &l, costs, 2)) {
      loss = l == 0 ? neuron::Loss::CrossEntropy : neuron::Loss::SquaredError;
      reset();
    }
    ui::help_marker(tr("neuron.cost_help"));
    float r = float(lr);
    if (ImGui::SliderFloat(tr("neuron.lr"), &r, 1e-3f, 20.0f, "%.3g", ImGuiSliderFlags_Logarithmic))
      lr = r;
    ui::help_marker(tr("neuron.lr_help"));
    int s = int(seed);
    if (ImGui::InputInt(tr("neuron.seed"), &s)) {
      seed = std::clamp(s, 0, 1000000000);
      w_init.reset();
      reset();
    }
    ui::help_marker(tr("neuron.seed_help"));
    ImGui::PopItemWidth();
    ImGui::TextUnformatted(tr("neuron.weights"));
    ImGui::PushItemWidth(90 * ui::u());
    for (int j = 0; j < 3; ++j) {
      char label[8];
      std::snprintf(label, sizeof label, "w%d", j + 1);
      ImGui::SameLine();
      if (ImGui::DragFloat(label, &p.w[j], 0.01f, -50, 50, "%.3f")) g = neuron::gradient(data, p, loss);
    }
    ImGui::SameLine();
    if (ImGui::DragFloat("b", &p.b, 0.01f, -50, 50, "%.3f")) g = neuron::gradient(data, p, loss);
    ImGui::PopItemWidth();
  }
};

LabInfo info() {
  LabInfo i;
  i.name = "neuron";
  i.title = "neuron.title";
  i.make = [] { return std::make_unique<NeuronLab>(); };
  i.texts = kTexts;
  i.headline = {"loss", "accuracy"};
  return i;
}

[[maybe_unused]] const bool registered = register_lab(info());

}  // namespace
