// What the vae lab draws, top to bottom: the status (data, judge); the controls; both terms of the
// bound and their sum as curves, on training batches and held-out digits; the latent maps of the
// VAE and the plain autoencoder side by side; the decoder over a grid of z; held-out digits above
// both reconstructions; samples from the prior through both decoders; interpolation; one digit's
// mu, sigma, eps and z; and the pad to draw a digit on. Everything here reads the lab's state; the
// controls change it only through configure() and the functions of vae_lab.cpp.
#include <algorithm>
#include <cmath>
#include <cstdio>

#include "labs/vae_lab.h"
#include "ui/file_wait.h"

using ui::tr;

namespace vae_lab {

namespace {

// One colour per digit, 0-9 (Okabe-Ito's eight and two more), so the classes read apart.
constexpr ImU32 kDigit[10] = {IM_COL32(0, 114, 178, 255),   IM_COL32(230, 159, 0, 255),
                              IM_COL32(0, 158, 115, 255),   IM_COL32(213, 94, 0, 255),
                              IM_COL32(204, 121, 167, 255), IM_COL32(86, 180, 233, 255),
                              IM_COL32(120, 120, 120, 255), IM_COL32(240, 228, 66, 255),
                              IM_COL32(0, 0, 0, 255),       IM_COL32(140, 86, 75, 255)};

void set(VaeLab& lab, const json& j) {
  try {
    lab.configure(j);
  } catch (const LabError& e) {
    lab.draw_note = e.what();
  }
}

// A row of digits (n, 784) at `cell` pixels per pixel.
void image_row(const float* imgs, int n, float cell) {
  for (int i = 0; i < n; ++i) {
    if (i > 0) ImGui::SameLine(0, 2);
    ui::digit(imgs + size_t(i) * models::kImage, 28 * cell);
  }
}

}  // namespace

// The decoded images the view shows, refreshed when the weights have moved enough.
void VaeLab::update_view() const {
  const bool stale = view_at < 0 || (running ? steps - view_at >= 20 : view_at != steps);
  if (!ready || !stale) return;
  view_at = steps;
  auto* self = const_cast<VaeLab*>(this);  // the tape is scratch space
  const int k = cfg.spec.latent, M = kManifold;
  // The manifold: a grid over dims show_x and show_y (one row for a 1-D latent), the rest at 0.
  const int rows = k == 1 ? 1 : M;
  eng::Tensor z({rows * M, k});
  for (int r = 0; r < rows; ++r)
    for (int c = 0; c < M; ++c) {
      z.at(r * M + c, int(show_x)) = -3.0f + 6.0f * float(c) / float(M - 1);
      if (k > 1) z.at(r * M + c, int(show_y)) = 3.0f - 6.0f * float(r) / float(M - 1);
    }
  manifold = models::vae_decode(self->tape, self->vae.m, z).v;
  // The drawing's mu, and the interpolation from mu(A) to mu(B) (B: the drawing, when chosen).
  eng::Tensor mu_d, lv;
  if (use_drawn) {
    eng::Tensor x({1, models::kImage});
    std::copy(drawn.begin(), drawn.end(), x.v.begin());
    models::vae_encode(self->tape, self->vae.m, x, mu_d, lv);
    drawn_mu = {mu_d[0], k > 1 ? mu_d[1] : 0.0f};
  }
  interp.clear();
  for (const Net* n : {&vae, &ae}) {
    if ((n == &ae && !cfg.autoencoder) || n->mu.size() < kTestN * k) break;
    eng::Tensor zi({kInterp, k});
    eng::Tensor mb = mu_d;
    if (n == &ae && use_drawn) {
      eng::Tensor x({1, models::kImage});
      std::copy(drawn.begin(), drawn.end(), x.v.begin());
      models::vae_encode(self->tape, self->ae.m, x, mb, lv);
    }
    for (int i = 0; i < kInterp; ++i) {
      const float t = float(i) / float(kInterp - 1);
      for (int j = 0; j < k; ++j) {
        const float a = n->mu.at(int(pick_a), j), b = use_drawn ? mb[j] : n->mu.at(int(pick_b), j);
        zi.at(i, j) = (1 - t) * a + t * b;
      }
    }
    const eng::Tensor out = models::vae_decode(self->tape, const_cast<Net*>(n)->m, zi);
    interp.insert(interp.end(), out.v.begin(), out.v.end());
  }
  eng::Tensor zp({1, k});
  zp[0] = picked_z[0];
  if (k > 1) zp[1] = picked_z[1];
  picked_img = models::vae_decode(self->tape, self->vae.m, zp).v;
}

void VaeLab::draw_waiting() {
  ui::file_wait(wait, tr("vae.loading"), tr("vae.failed"), tr("vae.retry"));
}

// The controls ----------------------------------------------------------------------------------
void VaeLab::draw_controls() {
  const float u = ui::u();
  ImGui::SetNextItemWidth(260 * u);
  if (ImGui::BeginCombo("##presets", tr("vae.presets"))) {
    for (const LabPreset& p : kPresets)
      if (ImGui::Selectable(tr(p.key))) set(*this, json::parse(p.json));
    ImGui::EndCombo();
  }
  ImGui::SameLine();
  if (ImGui::SmallButton(tr("vae.new_seed"))) set(*this, {{"seed", (cfg.seed * 48271 + 11) % 1000000000}});
  if (!draw_note.empty()) ImGui::TextColored(ImVec4(0.75f, 0.2f, 0.0f, 1.0f), "%s", draw_note.c_str());
  // Sliders apply when released: each change restarts training, which is not free.
  int latent = cfg.spec.latent;
  ImGui::SetNextItemWidth(120 * u);
  ImGui::SliderInt(tr("vae.latent"), &latent, 1, 16);
  if (ImGui::IsItemDeactivatedAfterEdit()) {
    json j = preset();  // the same experiment in another dimension (a preset naming latent starts afresh)
    j["latent"] = latent;
    j["show_x"] = 0;
    j["show_y"] = 1;
    set(*this, j);
  }
  ui::beside(tr("vae.beta"), 140 * u);
  float beta = float(cfg.beta);
  ImGui::SetNextItemWidth(140 * u);
  ImGui::SliderFloat(tr("vae.beta"), &beta, 0.0f, 20.0f, "%.2f");
  if (ImGui::IsItemDeactivatedAfterEdit()) set(*this, {{"beta", double(beta)}});
  // The rest of the model, folded: the curves and maps come first.
  if (!ImGui::CollapsingHeader(tr("vae.model"))) return;
  int lk = int(cfg.spec.likelihood);
  const std::vector<std::string> shown = {tr("vae.likelihood.bernoulli"), tr("vae.likelihood.gaussian")};
  ImGui::SetNextItemWidth(200 * u);
  if (ui::pick(tr("vae.likelihood"), lk, shown)) set(*this, {{"likelihood", kLikelihoods[size_t(lk)]}});
  if (cfg.spec.likelihood == models::Likelihood::Gaussian) {
    ui::beside(tr("vae.sigma_x"), 120 * u);
    float sx = cfg.spec.sigma_x;
    ImGui::SetNextItemWidth(120 * u);
    ImGui::SliderFloat(tr("vae.sigma_x"), &sx, 0.01f, 1.0f, "%.3f", ImGuiSliderFlags_Logarithmic);
    if (ImGui::IsItemDeactivatedAfterEdit()) set(*this, {{"sigma_x", double(sx)}});
  }
  int hidden = cfg.spec.hidden, layers = cfg.spec.layers;
  ImGui::SetNextItemWidth(120 * u);
  ImGui::SliderInt(tr("vae.hidden"), &hidden, 16, 1024);
  if (ImGui::IsItemDeactivatedAfterEdit()) set(*this, {{"hidden", hidden}});
  ui::beside(tr("vae.layers"), 90 * u);
  ImGui::SetNextItemWidth(90 * u);
  ImGui::SliderInt(tr("vae.layers"), &layers, 1, 3);
  if (ImGui::IsItemDeactivatedAfterEdit()) set(*this, {{"layers", layers}});
  float lr_f = float(cfg.lr);
  ImGui::SetNextItemWidth(120 * u);
  ImGui::SliderFloat(tr("vae.lr"), &lr_f, 1e-5f, 0.1f, "%.5f", ImGuiSliderFlags_Logarithmic);
  if (ImGui::IsItemDeactivatedAfterEdit()) set(*this, {{"lr", double(lr_f)}});
  int b = int(cfg.batch);
  ui::beside(tr("vae.batch"), 120 * u);
  ImGui::SetNextItemWidth(120 * u);
  ImGui::SliderInt(tr("vae.batch"), &b, 8, 512);
  if (ImGui::IsItemDeactivatedAfterEdit()) set(*this, {{"batch", b}});
  bool ae_on = cfg.autoencoder;
  if (ImGui::Checkbox(tr("vae.autoencoder"), &ae_on)) set(*this, {{"autoencoder", ae_on}});
  if (cfg.judge_steps == 0) {
    ui::beside(tr("vae.train_judge"), 0);
    // 600 steps read 97% of the held-out digits, as 1,500 do, in half the wait.
    if (ImGui::SmallButton(tr("vae.train_judge"))) set(*this, {{"judge", 600}});
  }
}

// The curves and the bound's numbers -------------------------------------------------------------
void VaeLab::draw_curves(float width) {
  const float u = ui::u();
  ImGui::TextUnformatted(tr("vae.curves"));
  std::vector<ui::Series> s = {{&vae.recon_curve, tr("vae.c_recon"), ui::kBlue},
                               {&vae.kl_curve, tr("vae.c_kl"), ui::kOrange},
                               {&vae.nelbo_curve, tr("vae.c_nelbo"), ui::kInk},
                               {&vae.test_recon_curve, tr("vae.c_test_recon"), ui::tint(ui::kBlue, 0.5f)},
                               {&vae.test_kl_curve, tr("vae.c_test_kl"), ui::tint(ui::kOrange, 0.5f)},
                               {&vae.test_nelbo_curve, tr("vae.c_test"), ui::kGreen}};
  if (cfg.autoencoder) s.push_back({&ae.recon_curve, tr("vae.c_ae"), ui::kVermillion});
  ui::plot_curves("##vae_curves", s, ImVec2(width, 150 * u), true);
  if (measured_at < 0)
    ImGui::TextDisabled("%s", tr("vae.not_measured"));
  else
    ImGui::Text(tr("vae.terms"), measured_at, vae.test.recon, vae.test.kl, vae.test.recon + vae.test.kl,
                -(vae.test.recon + vae.test.kl));
  ImGui::Text(tr("vae.active_line"), active, cfg.spec.latent);
}

// The latent maps: mu of the held-out digits, the VAE's and the autoencoder's ----------------------
void VaeLab::draw_maps(float side) {
  const float u = ui::u();
  ImGui::TextUnformatted(tr("vae.map"));
  ui::help_marker(tr("vae.map_help"));
  const int k = cfg.spec.latent;
  if (k == 1)
    ImGui::TextDisabled("%s", tr("vae.map_1d"));
  else if (k > 2)
    ImGui::TextDisabled(tr("vae.map_dims"), show_x + 1, show_y + 1, k);
  const int nets = cfg.autoencoder ? 2 : 1;
  const float each = nets == 2 ? std::max(120 * u, side / 2 - 4 * u) : side;
  for (int which = 0; which < nets; ++which) {
    const Net& n = which == 0 ? vae : ae;
    if (which == 1) ImGui::SameLine();
    ImGui::BeginGroup();
    ImGui::TextUnformatted(tr(which == 0 ? "vae.map_vae" : "vae.map_ae"));
    // The VAE's map is drawn at least over [-3, 3] (the prior's bulk); the autoencoder's wherever
    // its codes went, which is the point: nothing holds them near 0.
    float ext = which == 0 ? 3.0f : 1e-3f;
    for (int i = 0; i < kTestN && n.mu.size() >= kTestN * k; ++i) {
      ext = std::max(ext, std::fabs(n.mu.at(i, int(show_x))));
      if (k > 1) ext = std::max(ext, std::fabs(n.mu.at(i, int(show_y))));
    }
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec2 o = ImGui::GetCursorScreenPos();
    ImGui::InvisibleButton(which == 0 ? "##map_vae" : "##map_ae", ImVec2(each, each));
    const bool clicked = which == 0 && ImGui::IsItemActive();
    dl->AddRectFilled(o, ImVec2(o.x + each, o.y + each), ui::kPaper);
    dl->AddRect(o, ImVec2(o.x + each, o.y + each), ui::kGrid);
    auto to_px = [&](float a, float b) {
      return ImVec2(o.x + (a / ext + 1) * 0.5f * each, o.y + (1 - (b / ext + 1) * 0.5f) * each);
    };
    dl->AddLine(to_px(-ext, 0), to_px(ext, 0), ui::kGrid);
    dl->AddLine(to_px(0, -ext), to_px(0, ext), ui::kGrid);
    for (int i = 0; i < kTestN && n.mu.size() >= kTestN * k; ++i) {
      const float a = n.mu.at(i, int(show_x));
      const float b = k > 1 ? n.mu.at(i, int(show_y)) : ext * (float(test_y[size_t(i)]) - 4.5f) / 5.0f;
      // A square dot: 4 vertices against a circle's 12, for 1,000 codes on each map.
      const ImVec2 c = to_px(a, b);
      dl->AddRectFilled(ImVec2(c.x - 1.6f * u, c.y - 1.6f * u), ImVec2(c.x + 1.6f * u, c.y + 1.6f * u),
                        kDigit[test_y[size_t(i)]]);
    }
    char range[32];
    std::snprintf(range, sizeof range, "%.1f", double(ext));
    ui::label(dl, ImVec2(o.x + each - 30 * u, o.y + each * 0.5f + 2), range, ui::kInk);
    if (which == 0) {
      if (clicked) {
        const ImVec2 mp = ImGui::GetIO().MousePos;
        picked_z = {((mp.x - o.x) / each * 2 - 1) * ext, (1 - (mp.y - o.y) / each * 2) * ext};
        view_at = -1;
      }
      dl->AddCircle(to_px(picked_z[0], picked_z[1]), 5 * u, ui::kVermillion, 12, 2);
      if (use_drawn) {
        const ImVec2 c = to_px(drawn_mu[0], drawn_mu[1]);
        dl->AddText(ImVec2(c.x - 4 * u, c.y - 8 * u), ui::kVermillion, "*");
      }
    }
    ImGui::EndGroup();
  }
  // The colour legend: 0-9.
  for (int d = 0; d < 10; ++d) {
    if (d > 0) ImGui::SameLine(0, 6 * u);
    ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(kDigit[d]), "%d", d);
  }
  if (!picked_img.empty()) {
    ImGui::SameLine(0, 16 * u);
    ImGui::Text("z = (%+.2f, %+.2f) ->", double(picked_z[0]), double(picked_z[1]));
    ImGui::SameLine();
    ui::grey_image(picked_img.data(), 28, 28, 1.5f * u, 0, 1);
  }
}

void VaeLab::draw_manifold(float side) {
  ImGui::TextUnformatted(tr("vae.manifold"));
  if (cfg.spec.latent > 2) ImGui::TextDisabled("%s", tr("vae.manifold_nd"));
  const float each = side / float(kManifold);
  const int rows = cfg.spec.latent == 1 ? 1 : kManifold;
  if (manifold.size() < size_t(rows * kManifold * models::kImage)) return;
  ImGui::PushStyleVar(ImGuiStyleVar_ItemSpacing, ImVec2(0, 0));
  for (int r = 0; r < rows; ++r)
    for (int c = 0; c < kManifold; ++c) {
      if (c > 0) ImGui::SameLine();
      ui::digit(manifold.data() + size_t(r * kManifold + c) * models::kImage, each);
    }
  ImGui::PopStyleVar();
}

// Reconstructions and samples, the VAE's above the autoencoder's ------------------------------------
void VaeLab::draw_images() {
  const float u = ui::u();
  const float cell =
      std::max(1.0f, std::min(2.0f * u, (ImGui::GetContentRegionAvail().x - 30) / (kShownRecon * 30.0f)));
  ImGui::TextUnformatted(tr("vae.recons"));
  if (vae.recon_img.size() >= size_t(kShownRecon * models::kImage)) {
    image_row(test_x.v.data(), kShownRecon, cell);
    image_row(vae.recon_img.data(), kShownRecon, cell);
    if (cfg.autoencoder && ae.recon_img.size() >= size_t(kShownRecon * models::kImage))
      image_row(ae.recon_img.data(), kShownRecon, cell);
  }
  ImGui::TextUnformatted(tr("vae.samples"));
  ui::help_marker(tr("vae.samples_help"));
  const int shown = kShownRecon;
  if (vae.prior_img.size() >= size_t(shown * models::kImage)) {
    image_row(vae.prior_img.data(), shown, cell);
    if (cfg.autoencoder && ae.prior_img.size() >= size_t(shown * models::kImage))
      image_row(ae.prior_img.data(), shown, cell);
  }
  if (judge_trained > 0 && !judging())
    ImGui::Text(tr("vae.conf"), 100 * vae.sample_conf, 100 * ae.sample_conf);
}

void VaeLab::draw_interpolation() {
  const float u = ui::u();
  ImGui::TextUnformatted(tr("vae.interp"));
  int a = int(pick_a), b = int(pick_b);
  ImGui::SetNextItemWidth(100 * u);
  if (ImGui::InputInt(tr("vae.pick_a"), &a)) set(*this, {{"pick_a", std::clamp(a, 0, kTestN - 1)}});
  ui::beside(tr("vae.pick_b"), 100 * u);
  ImGui::SetNextItemWidth(100 * u);
  if (ImGui::InputInt(tr("vae.pick_b"), &b)) set(*this, {{"pick_b", std::clamp(b, 0, kTestN - 1)}});
  if (drawn_ok) {
    ui::beside(tr("vae.use_drawn"), ImGui::GetFrameHeight());
    bool d = use_drawn;
    if (ImGui::Checkbox(tr("vae.use_drawn"), &d)) {
      use_drawn = d;
      view_at = -1;
    }
  }
  const float cell =
      std::max(1.0f, std::min(2.0f * u, (ImGui::GetContentRegionAvail().x - 30) / (kInterp * 30.0f)));
  for (size_t r = 0; r + 1 <= interp.size() / size_t(kInterp * models::kImage); ++r)
    image_row(interp.data() + r * kInterp * models::kImage, kInterp, cell);
}

// One digit: q(z|x)'s numbers and this step's draw of z -------------------------------------------
void VaeLab::draw_digit() {
  const float u = ui::u();
  ImGui::TextUnformatted(tr("vae.digit"));
  int d = int(digit);
  ImGui::SetNextItemWidth(100 * u);
  if (ImGui::InputInt(tr("vae.digit_index"), &d)) set(*this, {{"digit", std::clamp(d, 0, kTestN - 1)}});
  ui::grey_image(test_x.v.data() + size_t(digit) * models::kImage, 28, 28, 2 * u, 0, 1);
  ImGui::SameLine();
  ImGui::BeginGroup();
  const int k = cfg.spec.latent;
  const DigitReading r = read_digit();
  for (int j = 0; j < std::min(k, 4); ++j) {
    const double s = std::exp(0.5 * r.logvar[size_t(j)]);
    const double mu = r.mu[size_t(j)], eps = digit_eps[size_t(j)];
    ImGui::Text(tr("vae.digit_line"), j + 1, mu, s, eps, mu + s * eps);
  }
  ImGui::Text(tr("vae.digit_kl"), r.kl, r.recon);
  ImGui::EndGroup();
  // The pad: a digit of the learner's own, encoded.
  ImGui::TextUnformatted(tr("vae.pad"));
  if (pad.empty()) set_strokes({});
  std::vector<ui::Stroke> s = strokes;
  if (ui::stroke_pad("##vae_pad", pad, 112 * u, s, stroking)) set_strokes(s);
  ImGui::SameLine();
  ImGui::BeginGroup();
  if (ImGui::Button(tr("vae.encode"))) encode_drawing();
  if (ImGui::Button(tr("vae.clear"))) {
    set_strokes({});
    draw_note.clear();
  }
  if (use_drawn) ImGui::Text(tr("vae.drawn_at"), double(drawn_mu[0]), double(drawn_mu[1]));
  ImGui::EndGroup();
}

void VaeLab::draw() {
  if (!ensure_ready()) {  // the files may have arrived since the last frame
    draw_waiting();
    draw_controls();
    return;
  }
  if (judging())
    ImGui::Text(tr("vae.judging"), judge_trained, cfg.judge_steps);
  else if (judge_trained > 0)
    ImGui::Text(tr("vae.judge_ready"), 100 * judge_acc);
  update_view();
  const float u = ui::u(), w = ImGui::GetContentRegionAvail().x;
  const bool narrow = w < 620 * u;
  draw_controls();
  draw_curves(w);
  ImGui::Separator();
  const float side = narrow ? w : std::min(w * 0.5f, 440 * u);
  ImGui::BeginGroup();
  draw_maps(side);
  ImGui::EndGroup();
  if (!narrow) ImGui::SameLine(0, 12 * u);
  ImGui::BeginGroup();
  draw_manifold(narrow ? w : std::min(ImGui::GetContentRegionAvail().x, side));
  ImGui::EndGroup();
  ImGui::Separator();
  ImGui::BeginGroup();
  draw_images();
  ImGui::EndGroup();
  if (!narrow) ImGui::SameLine(0, 12 * u);
  ImGui::BeginGroup();
  draw_interpolation();
  ImGui::EndGroup();
  ImGui::Separator();
  draw_digit();
}

}  // namespace vae_lab
