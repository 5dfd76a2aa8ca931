// What the gan lab draws: the controls, the plane (D's surface, real and generated points, G's
// arrows and manifold, the learner's drawing), the value function with its live terms, and the
// loss curves. Everything here reads the lab's state; the buttons and controls change it only
// through configure() and the update functions of gan_lab.cpp.
#include <algorithm>
#include <cmath>
#include <cstdio>

#include "labs/gan_lab.h"

using ui::tr;

namespace gan_lab {

namespace {

constexpr ImU32 kReal = IM_COL32(0, 136, 55, 200);    // green, as GAN Lab
constexpr ImU32 kFake = IM_COL32(123, 50, 148, 200);  // purple
constexpr ImU32 kArrow = IM_COL32(196, 20, 219, 150);
constexpr ImU32 kManifold = IM_COL32(90, 90, 90, 110);

// D(x) as a colour: purple (generated) through white to green (real).
ImU32 heat_color(float d) {
  const float t = std::clamp(d, 0.0f, 1.0f);
  const float g = t > 0.5f ? (t - 0.5f) * 2 : 0, p = t < 0.5f ? (0.5f - t) * 2 : 0;
  const int r = int(255 - 120 * g - 60 * p), gr = int(255 - 70 * g - 150 * p),
            b = int(255 - 160 * g - 40 * p);
  return IM_COL32(r, gr, b, 255);
}

// Applies one control's change; a refusal (it cannot happen from these controls) is shown.
void set(GanLab& lab, const json& j) {
  try {
    lab.configure(j);
  } catch (const LabError& e) {
    lab.draw_note = e.what();
  }
}

bool choice(const char* label, const std::string& key, const std::string& prefix,
            const std::vector<std::string>& names, const std::string& now, GanLab& lab) {
  int i = int(std::find(names.begin(), names.end(), now) - names.begin());
  std::vector<std::string> shown;
  for (const auto& n : names) shown.push_back(prefix.empty() ? n : tr((prefix + n).c_str()));
  ImGui::SetNextItemWidth(175 * ui::u());
  if (!ui::pick(label, i, shown)) return false;
  set(lab, {{key, names[size_t(i)]}});
  return true;
}

}  // namespace

void GanLab::update_heat() {
  const long at = d_updates;
  if (at == heat_at && heat.size() == size_t(kHeat * kHeat)) return;
  heat_at = at;
  const float e = data::kGanExtent, cell = 2 * e / kHeat;
  eng::Tensor x({kHeat * kHeat, 2});
  for (int r = 0; r < kHeat; ++r)
    for (int c = 0; c < kHeat; ++c) {
      x.at(r * kHeat + c, 0) = -e + (c + 0.5f) * cell;
      x.at(r * kHeat + c, 1) = e - (r + 0.5f) * cell;  // row 0 at the top
    }
  eng::NoGrad ng(tape);
  tape.clear();
  eng::Var a = models::discriminate(tape, gan, tape.input(x));
  heat.resize(size_t(kHeat * kHeat));
  for (int i = 0; i < kHeat * kHeat; ++i) {
    const float l = a.value()[i];
    heat[size_t(i)] = loss() == models::GanLoss::LeastSquares ? l : 1.0f / (1.0f + std::exp(-l));
  }
  // The manifold: G over a grid of z in the first two dimensions (the rest held at 0).
  const int M = spec.noise_dim == 1 ? 60 : 16;
  const float span = noise == "gaussian" ? 2.0f : 1.0f;
  eng::Tensor z({spec.noise_dim == 1 ? M : M * M, spec.noise_dim});
  for (int i = 0; i < z.shape.rows(); ++i) {
    z.at(i, 0) = -span + 2 * span * float(i % M) / float(M - 1);
    if (spec.noise_dim > 1) z.at(i, 1) = -span + 2 * span * float(i / M) / float(M - 1);
  }
  tape.clear();
  eng::Var g = models::generate(tape, gan, tape.input(z));
  manifold.assign(g.value(), g.value() + 2 * z.shape.rows());
}

// The controls --------------------------------------------------------------------------------
void GanLab::draw_controls() {
  ImGui::TextUnformatted(tr("gan.data"));
  const float radio = ImGui::GetFrameHeight();
  for (const std::string& d : data::gan2d_names()) {
    if (d == "custom" && drawn.empty()) continue;
    const std::string key = "gan.dataset." + d;
    ui::beside(tr(key.c_str()), radio);
    if (ImGui::RadioButton(tr(key.c_str()), dataset == d)) {
      json j = preset();  // the same experiment on other data (a preset naming data starts afresh)
      j["dataset"] = d;
      set(*this, j);
    }
  }
  ui::beside(tr("gan.draw"), 0);
  if (!drawing && ImGui::SmallButton(tr("gan.draw"))) {
    drawing = true;
    running = false;
    sketch.clear();
    draw_note.clear();
  }
  if (drawing) {
    ImGui::TextWrapped("%s", tr("gan.draw_help"));
    ImGui::Text(tr("gan.draw_count"), int(sketch.size()));
    ImGui::SameLine();
    if (ImGui::SmallButton(tr("gan.draw_use")) && use_drawing(sketch)) drawing = false;
    ImGui::SameLine();
    if (ImGui::SmallButton(tr("gan.draw_clear"))) sketch.clear();
    ImGui::SameLine();
    if (ImGui::SmallButton(tr("gan.draw_cancel"))) {
      drawing = false;
      draw_note.clear();
    }
  }
  if (!draw_note.empty()) ImGui::TextColored(ImVec4(0.75f, 0.2f, 0.0f, 1.0f), "%s", draw_note.c_str());

  ImGui::SetNextItemWidth(260 * ui::u());
  if (ImGui::BeginCombo("##presets", tr("gan.presets"))) {
    for (const LabPreset& p : kPresets)
      if (ImGui::Selectable(tr(p.key))) set(*this, json::parse(p.json));  // each names its data
    ImGui::EndCombo();
  }

  // The steps: D alone, G alone, a whole iteration (the host's Play/Pause/Reset are above the lab).
  if (ImGui::Button(tr("gan.step_d")) && update_d()) measure();
  ui::beside(tr("gan.step_g"), ImGui::GetStyle().FramePadding.x * 2);
  if (ImGui::Button(tr("gan.step_g")) && update_g()) measure();
  ui::beside(tr("gan.step_both"), ImGui::GetStyle().FramePadding.x * 2);
  if (ImGui::Button(tr("gan.step_both"))) {
    const std::string keep = train_what;
    const bool keep_slow = slow;
    train_what = "both";
    slow = false;
    step();
    slow = keep_slow;
    train_what = keep;
    measure();
  }
  ImGui::SameLine();
  ui::help_marker(tr("gan.step_help"));
  ui::beside(tr("gan.slow"), radio + ImGui::CalcTextSize("(?)").x);
  bool s = slow;
  if (ImGui::Checkbox(tr("gan.slow"), &s)) {
    slow = s;
    speed = slow ? 2 : 0;
    phase = 0;
  }
  ImGui::SameLine();
  ui::help_marker(tr("gan.slow_help"));
  ui::beside(tr("gan.loss"), 175 * ui::u());
  choice(tr("gan.loss"), "loss", "gan.loss.", kLosses, kLosses[size_t(loss_i)], *this);
  ui::beside(tr("gan.train"), 175 * ui::u());
  choice(tr("gan.train"), "train", "gan.train.", kTrain, train_what, *this);
}

// G's and D's settings, side by side where there is room.
void GanLab::draw_networks() {
  struct Net {
    const char* title;
    const char* p;  // preset prefix: "g_" or "d_"
    int layers, width;
    models::Act act;
    bool adam;
    double lr;
    long k;
  };
  const Net nets[2] = {
      {tr("gan.generator"), "g_", spec.g_layers, spec.g_width, spec.g_act, adam_g, lr_g, k_g},
      {tr("gan.discriminator"), "d_", spec.d_layers, spec.d_width, spec.d_act, adam_d, lr_d, k_d}};
  for (int i = 0; i < 2; ++i) {
    const Net& n = nets[i];
    const std::string p = n.p, tag = i == 0 ? "g" : "d";
    ImGui::PushID(i);
    ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(i == 0 ? kFake : ui::kBlue), "%s", n.title);
    int layers = n.layers, width = n.width;
    ImGui::SetNextItemWidth(90 * ui::u());
    if (ImGui::SliderInt(tr("gan.layers"), &layers, 0, 6)) set(*this, {{p + "layers", layers}});
    ui::beside(tr("gan.width"), 90 * ui::u());
    ImGui::SetNextItemWidth(90 * ui::u());
    if (ImGui::SliderInt(tr("gan.width"), &width, 1, 128)) set(*this, {{p + "width", width}});
    choice(tr("gan.act"), p + "act", "", kActs, kActs[size_t(n.act)], *this);
    ui::beside(tr("gan.opt"), 175 * ui::u());
    choice(tr("gan.opt"), "opt_" + tag, "", kOptimizers, n.adam ? "adam" : "sgd", *this);
    float lr = float(n.lr);
    ImGui::SetNextItemWidth(120 * ui::u());
    if (ImGui::SliderFloat(tr("gan.lr"), &lr, 1e-5f, 1.0f, "%.5f", ImGuiSliderFlags_Logarithmic))
      set(*this, {{"lr_" + tag, double(lr)}});
    int k = int(n.k);
    ui::beside(tr("gan.steps"), 90 * ui::u());
    ImGui::SetNextItemWidth(90 * ui::u());
    if (ImGui::SliderInt(tr("gan.steps"), &k, 1, 10)) set(*this, {{"k_" + tag, k}});
    ImGui::PopID();
  }
  int nd = spec.noise_dim;
  ImGui::TextUnformatted(tr("gan.noise"));
  ImGui::SameLine();
  choice("##noise", "noise", "", kNoises, noise, *this);
  ImGui::SameLine();
  ImGui::SetNextItemWidth(90 * ui::u());
  if (ImGui::SliderInt(tr("gan.noise_dim"), &nd, 1, 8)) set(*this, {{"noise_dim", nd}});
  int b = int(batch);
  ImGui::SetNextItemWidth(120 * ui::u());
  if (ImGui::SliderInt(tr("gan.batch"), &b, 8, 1024)) set(*this, {{"batch", b}});
  ImGui::SameLine();
  if (ImGui::SmallButton(tr("gan.new_seed"))) set(*this, {{"seed", (seed * 48271 + 11) % 1000000000}});
}

// The plane -------------------------------------------------------------------------------------
void GanLab::draw_plane(float side) {
  measure();
  update_heat();
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const ImVec2 o = ImGui::GetCursorScreenPos();
  ImGui::InvisibleButton("plane", ImVec2(side, side));
  const float e = data::kGanExtent;
  auto to_screen = [&](float x, float y) {
    return ImVec2(o.x + (x + e) / (2 * e) * side, o.y + (e - y) / (2 * e) * side);
  };
  if (drawing && ImGui::IsItemActive() && int(sketch.size()) < kMaxDrawn) {
    const ImVec2 m = ImGui::GetIO().MousePos;
    const float x = -e + (m.x - o.x) / side * 2 * e, y = e - (m.y - o.y) / side * 2 * e;
    const bool far = sketch.empty() || std::hypot(sketch.back()[0] - x, sketch.back()[1] - y) > 0.02f;
    if (far && std::fabs(x) <= 1 && std::fabs(y) <= 1) sketch.push_back({x, y});
  }
  const bool live = alert.empty() || !fake_xy.empty();
  if (show_heat && !drawing && live) {
    const float cell = side / kHeat;
    for (int r = 0; r < kHeat; ++r)
      for (int c = 0; c < kHeat; ++c) {
        ImVec2 a(o.x + c * cell, o.y + r * cell);
        dl->AddRectFilled(a, ImVec2(a.x + cell + 0.5f, a.y + cell + 0.5f),
                          heat_color(heat[size_t(r * kHeat + c)]));
      }
  } else {
    dl->AddRectFilled(o, ImVec2(o.x + side, o.y + side), IM_COL32(250, 250, 250, 255));
  }
  // The square G can reach (tanh): [-1, 1]^2.
  dl->AddRect(to_screen(-1, 1), to_screen(1, -1), ui::kGrid);
  const float rad = 2.2f * ui::u();
  if (drawing) {
    for (const auto& q : sketch) dl->AddCircleFilled(to_screen(q[0], q[1]), rad * 1.3f, kReal);
  } else {
    if (show_manifold && !manifold.empty()) {
      const int M = spec.noise_dim == 1 ? 60 : 16, rows = spec.noise_dim == 1 ? 1 : M;
      auto node = [&](int r, int c) {
        const size_t i = size_t(r * M + c);
        return to_screen(manifold[2 * i], manifold[2 * i + 1]);
      };
      for (int r = 0; r < rows; ++r)
        for (int c = 0; c + 1 < M; ++c) dl->AddLine(node(r, c), node(r, c + 1), kManifold);
      for (int r = 0; r + 1 < rows; ++r)
        for (int c = 0; c < M; ++c) dl->AddLine(node(r, c), node(r + 1, c), kManifold);
    }
    if (show_real)
      for (int i = 0; i < kRealShown; ++i)
        dl->AddCircleFilled(to_screen(real_xy[size_t(2 * i)], real_xy[size_t(2 * i + 1)]), rad, kReal);
    if (show_fake)
      for (int i = 0; i < kEvalPoints / 2; ++i)
        dl->AddCircleFilled(to_screen(fake_xy[size_t(2 * i)], fake_xy[size_t(2 * i + 1)]), rad, kFake);
    if (show_arrows) {
      // Arrows for every fifth point: the mean pull is 6% of the plane, none longer than 10%, so
      // the direction reads everywhere and the length still compares (the numbers: grad_g).
      const float scale = 0.12f * e / std::max(grad_g, 1e-6f), cap = 0.2f * e;
      for (int i = 0; i < kEvalPoints / 2; i += 5) {
        const float x = fake_xy[size_t(2 * i)], y = fake_xy[size_t(2 * i + 1)];
        float dx = pull[size_t(2 * i)] * scale, dy = pull[size_t(2 * i + 1)] * scale;
        const float len = std::hypot(dx, dy);
        if (len > cap) {
          dx *= cap / len;
          dy *= cap / len;
        }
        const ImVec2 a = to_screen(x, y), b = to_screen(x + dx, y + dy);
        dl->AddLine(a, b, kArrow, 1.2f * ui::u());
        dl->AddCircleFilled(b, 1.6f * ui::u(), kArrow);
      }
    }
  }
  dl->AddRect(o, ImVec2(o.x + side, o.y + side), IM_COL32(0, 0, 0, 80));
  if (slow && phase > 0)
    ui::label(dl, ImVec2(o.x + 6 * ui::u(), o.y + 4 * ui::u()),
              tr(phase == 1 ? "gan.phase_d" : "gan.phase_g"), ui::kInk);
  char buf[160];
  std::snprintf(buf, sizeof buf, tr("gan.coverage"), cov.covered, mix.modes, 100.0 * cov.quality);
  ImGui::TextWrapped("%s", buf);
  if (show_manifold && spec.noise_dim != 2)
    ImGui::TextDisabled("%s", tr(spec.noise_dim == 1 ? "gan.manifold_1d" : "gan.manifold_nd"));
  ImGui::Checkbox(tr("gan.show_heat"), &show_heat);
  ImGui::SameLine();
  ImGui::Checkbox(tr("gan.show_arrows"), &show_arrows);
  ImGui::SameLine();
  ImGui::Checkbox(tr("gan.show_manifold"), &show_manifold);
  ImGui::Checkbox(tr("gan.show_real"), &show_real);
  ImGui::SameLine();
  ImGui::Checkbox(tr("gan.show_fake"), &show_fake);
}

// The value function, each term with its number now ------------------------------------------
void GanLab::draw_value(float width) {
  ImGui::TextUnformatted(tr("gan.value"));
  ImGui::SameLine();
  ui::help_marker(tr("gan.plane_help"));
  const float v = terms.v_real + terms.v_fake;
  ImGui::Text("V(D,G) = E[log D(x)] + E[log(1 - D(G(z)))]");
  ImGui::Text("%8.4f = %8.4f + %8.4f", v, terms.v_real, terms.v_fake);
  ImGui::Text("D(x) %.3f   D(G(z)) %.3f   -log 4 = %.4f", terms.d_real, terms.d_fake, -std::log(4.0));
  if (train_what == "d" && !p_cells.empty()) {
    ImGui::TextWrapped(tr("gan.jsd_line"), jsd, -std::log(4.0) + 2 * jsd, v_grid);
  }
  (void)width;
}

void GanLab::draw_curves(float width) {
  ImGui::TextUnformatted(tr("gan.curves"));
  std::vector<ui::Series> s = {{&d_curve, tr("gan.key.d_loss"), ui::kBlue},
                               {&g_curve, tr("gan.key.g_loss"), kFake}};
  ui::plot_curves("gan_losses", s, ImVec2(width, 120 * ui::u()), false);
  ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
  ImGui::TextWrapped("%s", tr(loss() == models::GanLoss::LeastSquares ? "gan.balance_ls" : "gan.balance"));
  ImGui::PopStyleColor();
}

void GanLab::draw() {
  const float w = ImGui::GetContentRegionAvail().x;
  draw_controls();
  const bool narrow = w < 560 * ui::u();
  const float below = ImGui::GetContentRegionAvail().y - 80 * ui::u();
  // On a phone the plane takes the panel's width, and the panel scrolls.
  const float side = narrow ? w : std::max(200 * ui::u(), std::min(w * 0.5f, below));
  ImGui::BeginGroup();
  draw_plane(side);
  ImGui::EndGroup();
  if (!narrow) ImGui::SameLine();
  ImGui::BeginGroup();
  const float right = std::max(narrow ? w : ImGui::GetContentRegionAvail().x, 120 * ui::u());
  draw_value(right);
  draw_curves(right);
  draw_networks();
  ImGui::EndGroup();
}

}  // namespace gan_lab
