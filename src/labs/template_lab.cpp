// Lab "template": the lab to copy when you add one. It fits a line y = w x + b to noisy points by
// gradient descent on the engine's tape, and draws the points, the line and the loss as it learns.
//
// To add a lab: copy this file to src/labs/NAME_lab.cpp and rename "template" (the lab's name and
// its words' keys); its model goes in src/models/ (this one's is src/models/line.h), its tests in
// tests/unit/test_NAME_lab.cpp (see test_template_lab.cpp). That is all: the lab registers itself
// (the end of this file), its words in both languages are here, and the shell, the CLI, the lesson
// validator, the browser walks and the fuzzers find it by its registration. Nothing outside its
// own files names a lab.
//
// Legend (the code's names are the lesson's symbols; the model's legend is in line.h)
//   x, y       N points, y = slope x + intercept + noise ε                        (N), (N)
//   w, b       the line's parameters                                              (1), (1)
//   ŷ = w x + b,   L = (1/N) Σ (ŷ − y)²,   w := w − lr ∂L/∂w,   b := b − lr ∂L/∂b
//
// Preset fields (lessons, the URL and run blocks use these names; configure() checks them)
//   points 2..500, noise 0..2, slope −3..3, intercept −3..3 (the data), lr 0..1.5, seed
// State keys (\live{...} in a lesson, exercise checks, the status line)
//   step, loss, w, b, dw, db, lr
//
// The file, top to bottom: [1] words, [2] the lab: configure, preset, reset, step, state,
// [3] drawing, [4] registration.
#include <algorithm>
#include <cmath>
#include <cstdio>

#include "engine/engine.h"
#include "labs/lab.h"
#include "models/line.h"
#include "ui/plot.h"
#include "ui/strings.h"

using ui::tr;

namespace {

// [1] Words -------------------------------------------------------------------------------------
// Every word the lab draws, in both languages, keyed "template.*". "template.title" names the lab
// in the shell; "template.key.K" names state key K in exercise reasons and the status line.
const std::vector<ui::Text> kTexts = {
    {"template.title", "Template: a line fitted by gradient descent", "模板：用梯度下降拟合一条直线"},
    {"template.key.loss", "loss", "损失"},
    {"template.key.w", "slope w", "斜率 w"},
    {"template.key.b", "intercept b", "截距 b"},
    {"template.plot", "The points and the line y = w x + b", "数据点与直线 y = w x + b"},
    {"template.plot_help",
     "Dots are the points; the blue line is the model now. Each step moves w and b against the "
     "gradient of the mean squared error, so the line turns and shifts towards the points.",
     "点是数据；蓝线是模型现在的样子。每一步都让 w 和 b 沿均方误差梯度的反方向移动，"
     "直线随之转动、平移，靠向这些点。"},
    {"template.loss", "Loss L over training steps", "损失 L 随训练步数的变化"},
    {"template.lr", "learning rate", "学习率"},
    {"template.lr_help",
     "lr in w := w - lr dL/dw. Above 1 the steps overshoot and grow: the run diverges.",
     "即 w := w - lr dL/dw 中的 lr。大于 1 时每一步都冲过头并越来越大：训练发散。"},
    {"template.noise", "noise", "噪声"},
    {"template.points", "points", "点数"},
    {"template.seed", "seed", "随机种子"},
    {"template.seed_help", "The points and the starting line come from this seed.",
     "数据点和初始直线都由这个种子生成。"},
};

// [2] The lab -----------------------------------------------------------------------------------
struct TemplateLab : Lab {
  // Configuration: what a preset sets.
  long points = 40, seed = 1;
  double noise = 0.3, slope = 1.5, intercept = -0.5, lr = 0.1;

  // Training state.
  models::LineData data;
  models::Line line;
  eng::Tape tape;
  eng::SGD sgd;
  float loss = 0, dw = 0, db = 0;  // at the current w, b: what the next update will use
  ui::Curve curve;                 // L per step

  TemplateLab() {
    speed = 20;  // steps per second: slow enough to watch the line move
    reset();
  }

  // Validates everything before changing anything: a refused preset (LabError) leaves the lab as
  // it was; a value out of range is clamped and noted.
  void configure(const json& preset) override {
    check_fields(preset, {"points", "noise", "slope", "intercept", "lr", "seed"});
    std::vector<std::string> n;
    const long p = read_int(preset, "points", points, 2, 500, n);
    const double no = read_number(preset, "noise", noise, 0, 2, n);
    const double s = read_number(preset, "slope", slope, -3, 3, n);
    const double i = read_number(preset, "intercept", intercept, -3, 3, n);
    const double r = read_number(preset, "lr", lr, 0, 1.5, n);
    const long sd = read_int(preset, "seed", seed, 0, 1000000000, n);
    points = p;
    noise = no;
    slope = s;
    intercept = i;
    lr = r;
    seed = sd;
    notes = n;
    reset();
  }

  json preset() const override {
    return {{"points", points}, {"noise", noise}, {"slope", slope},
            {"intercept", intercept}, {"lr", lr}, {"seed", seed}};
  }

  // Step 0 from the seed: the same seed replays the same run.
  void reset() override {
    eng::Rng rng{uint64_t(seed)};
    data = models::line_data(int(points), float(slope), float(intercept), float(noise), rng);
    line.w.value.v[0] = rng.uniform(-1.0f, 1.0f);
    line.b.value.v[0] = 0.0f;
    sgd = eng::SGD{};
    gradient();
    steps = 0;
    curve.clear();
    alert.clear();
    running = false;
  }

  // L, ∂L/∂w and ∂L/∂b at the current line, on the tape.
  void gradient() {
    tape.clear();
    eng::Var L = models::line_loss(tape, line, data);
    eng::zero_grad(line.params());
    tape.backward(L);
    loss = L.item();
    dw = line.w.grad.v[0];
    db = line.b.grad.v[0];
  }

  // One update with the gradient at the current line, then the gradient at the new one. A value
  // that is no longer finite pauses training with an explanation (check_finite).
  void step() override {
    sgd.lr = float(lr);
    sgd.step(line.params());  // w := w − lr ∂L/∂w, b := b − lr ∂L/∂b
    gradient();
    ++steps;
    curve.push(loss);
    check_finite({{"L", loss}, {"w", line.w.value.v[0]}, {"b", line.b.value.v[0]}});
  }

  json state() const override {
    return {{"step", steps}, {"loss", loss}, {"w", line.w.value.v[0]}, {"b", line.b.value.v[0]},
            {"dw", dw},      {"db", db},     {"lr", lr}};
  }

  // [3] Drawing ---------------------------------------------------------------------------------
  // Top to bottom: the points and the line, the loss curve, the controls. Sizes are u() units, so
  // presenter mode draws everything larger.
  void draw() override {
    const float u = ui::u();
    ImGui::TextUnformatted(tr("template.plot"));
    ui::help_marker(tr("template.plot_help"));
    const float controls_h = 3.5f * ImGui::GetFrameHeightWithSpacing();
    const float avail = ImGui::GetContentRegionAvail().y - controls_h;
    const float plot_h = std::max(120 * u, avail * 0.6f);
    draw_points(ImVec2(ImGui::GetContentRegionAvail().x, plot_h));
    ImGui::Text("L = %.4f   w = %.3f   b = %.3f   dL/dw = %.3f   dL/db = %.3f", loss, line.w.value.v[0],
                line.b.value.v[0], dw, db);
    ImGui::TextUnformatted(tr("template.loss"));
    const float loss_h = std::max(80 * u, ImGui::GetContentRegionAvail().y - controls_h);
    ui::plot_curves("loss", {{&curve, "L", ui::kBlue}}, ImVec2(-1, loss_h), true);
    draw_controls();
  }

  // The plane, x in [−1.25, 1.25] (the points' x lie in [−1, 1]) and y in [−4, 4], with the points
  // and the current line.
  void draw_points(ImVec2 size) {
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec2 o = ImGui::GetCursorScreenPos(), end(o.x + size.x, o.y + size.y);
    ImGui::Dummy(size);
    const float xe = 1.25f, ye = 4.0f;
    auto to_screen = [&](float px, float py) {
      return ImVec2(o.x + (px + xe) / (2 * xe) * size.x, o.y + (ye - py) / (2 * ye) * size.y);
    };
    dl->AddRectFilled(o, end, IM_COL32(255, 255, 255, 255));
    dl->AddLine(to_screen(-xe, 0), to_screen(xe, 0), ui::kGrid);
    dl->AddLine(to_screen(0, -ye), to_screen(0, ye), ui::kGrid);
    dl->PushClipRect(o, end, true);
    for (size_t k = 0; k < data.x.size(); ++k)
      dl->AddCircleFilled(to_screen(data.x[k], data.y[k]), 3.5f * ui::u(), ui::kOrange);
    const float wv = line.w.value.v[0], bv = line.b.value.v[0];
    dl->AddLine(to_screen(-xe, bv - wv * xe), to_screen(xe, bv + wv * xe), ui::kBlue, 2.5f * ui::u());
    dl->PopClipRect();
    dl->AddRect(o, end, IM_COL32(0, 0, 0, 80));
  }

  // Controls change the configuration; those that change the data start again (reset).
  void draw_controls() {
    const float u = ui::u();
    ImGui::Separator();
    ImGui::PushItemWidth(160 * u);
    float r = float(lr);
    if (ImGui::SliderFloat(tr("template.lr"), &r, 0.001f, 1.5f, "%.3f", ImGuiSliderFlags_Logarithmic))
      lr = r;  // no reset: the learning rate may change mid-run
    ui::help_marker(tr("template.lr_help"));
    float no = float(noise);
    ui::beside(tr("template.noise"), 160 * u);
    if (ImGui::SliderFloat(tr("template.noise"), &no, 0.0f, 2.0f, "%.2f")) {
      noise = no;
      reset();
    }
    int p = int(points);
    if (ImGui::SliderInt(tr("template.points"), &p, 2, 500)) {
      points = p;
      reset();
    }
    int s = int(seed);
    ui::beside(tr("template.seed"), 160 * u);
    if (ImGui::InputInt(tr("template.seed"), &s)) {
      seed = std::clamp(s, 0, 1000000000);
      reset();
    }
    ui::help_marker(tr("template.seed_help"));
    ImGui::PopItemWidth();
  }
};

// [4] Registration ------------------------------------------------------------------------------
// What the shell needs: the lab's name (lessons use it: `lab: template`), its title and words, and
// the state keys its status line shows. A lab that takes pasted data also fills info.data (see
// DataTool in lab.h and mlp_lab.cpp).
LabInfo info() {
  LabInfo i;
  i.name = "template";
  i.title = "template.title";
  i.make = [] { return std::make_unique<TemplateLab>(); };
  i.texts = kTexts;
  i.headline = {"loss", "w", "b"};
  return i;
}

[[maybe_unused]] const bool registered = register_lab(info());

}  // namespace
