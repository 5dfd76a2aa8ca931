// What the mlp lab draws (src/labs/mlp_lab.h), top to bottom: the controls; on the left the plane
// with the decision boundary, the training points (filled) and test points (rings), and how to add
// points; on the right the network (a heatmap inside every unit, edges coloured and sized by
// weight; hover to read one, click to edit it), the losses, and the gradient size per layer.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <numeric>

#include "labs/mlp_lab.h"
#include "ui/strings.h"

using ui::tr;

namespace mlp_lab {

namespace {

constexpr int kGrid = 48;        // decision-boundary cells per side
constexpr int kNeuronGrid = 16;  // cells per side of the small heatmap inside each neuron
constexpr float kExtent = data::kPlane;
const ImU32 kClassColors[kMaxClasses] = {ui::kOrange, ui::kBlue, ui::kGreen, ui::kVermillion,
                                         IM_COL32(204, 121, 167, 255)};
const char* const kFeatureLabels[playground::kFeatures] = {"x1",   "x2",     "x1\xc2\xb2", "x2\xc2\xb2",
                                                           "x1x2", "sin x1", "sin x2"};
// Lines of the plots: the runs of a comparison, the gradient per layer.
const ImU32 kShades[] = {ui::kBlue,
                         ui::kOrange,
                         ui::kGreen,
                         ui::kVermillion,
                         ui::kInk,
                         IM_COL32(204, 121, 167, 255),
                         IM_COL32(86, 180, 233, 255),
                         IM_COL32(160, 140, 20, 255)};
const char* const kLayerNames[] = {"W1", "W2", "W3", "W4", "W5", "W6", "W7", "W8", "W9"};

// A small heatmap in a square: values centred on `mid`, scaled by their largest deviation.
void draw_map(ImDrawList* dl, ImVec2 a, float side, const std::vector<float>& map, int n, float mid) {
  float scale = 1e-6f;
  for (float v : map) scale = std::max(scale, std::fabs(v - mid));
  const float cell = side / float(n);
  for (int r = 0; r < n; ++r)
    for (int c = 0; c < n; ++c) {
      ImVec2 p(a.x + float(c) * cell, a.y + float(r) * cell);
      ImU32 colour = ui::signed_color(map[size_t(r * n + c)] - mid, scale);
      dl->AddRectFilled(p, ImVec2(p.x + cell + 0.5f, p.y + cell + 0.5f), colour);
    }
  dl->AddRect(a, ImVec2(a.x + side, a.y + side), ui::kInk);
}

// The centre of cell (r, c) of an n x n grid over the plane, row 0 at the top.
data::Point cell_centre(int r, int c, int n) {
  return {-kExtent + (float(c) + 0.5f) * 2 * kExtent / float(n),
          kExtent - (float(r) + 0.5f) * 2 * kExtent / float(n), 0};
}

// Input feature f over the plane, for the heatmap of an input unit.
std::vector<float> feature_map(int f) {
  std::vector<float> map;
  for (int r = 0; r < kNeuronGrid; ++r)
    for (int c = 0; c < kNeuronGrid; ++c) {
      const data::Point p = cell_centre(r, c, kNeuronGrid);
      map.push_back(playground::feature(f, p.x1, p.x2));
    }
  return map;
}

float segment_distance(ImVec2 p, ImVec2 a, ImVec2 b) {
  const float dx = b.x - a.x;
  const float dy = b.y - a.y;
  float t = ((p.x - a.x) * dx + (p.y - a.y) * dy) / std::max(1e-6f, dx * dx + dy * dy);
  t = std::clamp(t, 0.0f, 1.0f);
  const float ex = a.x + t * dx - p.x;
  const float ey = a.y + t * dy - p.y;
  return std::sqrt(ex * ex + ey * ey);
}

// v in [-1, 1]: blue positive, orange negative, pale enough for the points on top.
ImU32 signed_light(float v) {
  return ui::tint(v > 0 ? ui::kBlue : ui::kOrange, 0.08f + 0.5f * std::min(1.0f, std::fabs(v)));
}

}  // namespace

// Called by reset(): the boundary's cells for the new features, and no picture of the old network.
void MlpLab::reset_view() {
  std::vector<data::Point> cells;
  for (int r = 0; r < kGrid; ++r)
    for (int c = 0; c < kGrid; ++c) cells.push_back(cell_centre(r, c, kGrid));
  grid_t = playground::make_table(cells, features);
  grid_step = -1;
  grid_row = kGrid;  // abandon a sweep of the old network
  grid.clear();
  back.clear();
  neuron_maps.clear();
  back_maps.clear();
  edit_l = -1;
}

// Controls -------------------------------------------------------------------------------------
// Data, classes, activation and optimizer; noise, train share, learning rate, batch size and
// regularisation; the input features; the hidden layers. A change that alters the data or the
// network starts again; the learning rate, batch, optimizer and regularisation change mid-run.
void MlpLab::draw_controls() {
  const float u = ui::u();
  std::vector<std::string> datasets = data::playground_names();
  if (dataset == "custom") datasets.push_back("custom");
  int d = int(std::find(datasets.begin(), datasets.end(), dataset) - datasets.begin());
  if (ui::pick(tr("mlp.dataset"), d, datasets)) {
    dataset = datasets[size_t(d)];
    if (dataset == "xor") classes = 2;
    reset();
  }
  if (!regression() && dataset != "xor" && dataset != "custom") {
    ui::beside(tr("mlp.classes"), 80 * u);
    int c = int(classes);
    ImGui::SetNextItemWidth(80 * u);
    if (ImGui::SliderInt(tr("mlp.classes"), &c, 2, kMaxClasses)) {
      classes = c;
      reset();
    }
  }
  ui::beside(tr("mlp.activation"), 110 * u);
  int a = int(activation);
  if (ui::pick(tr("mlp.activation"), a, kActivations)) {
    activation = models::Act(a);
    reset();
  }
  ui::beside(tr("mlp.optimizer"), 110 * u);
  int o = int(base.optimizer);
  if (ui::pick(tr("mlp.optimizer"), o, kOptimizers)) base.optimizer = playground::Optimizer(o);  // mid-run

  float no = float(noise);
  float ratio = float(train_ratio);
  float lr = float(base.lr);
  float rr = float(base.reg_rate);
  int b = int(base.batch);
  ImGui::PushItemWidth(110 * u);
  if (ImGui::SliderFloat(tr("mlp.noise"), &no, 0.0f, 1.0f, "%.2f")) {
    noise = no;
    reset();
  }
  ui::beside(tr("mlp.train_ratio"), 110 * u);
  if (ImGui::SliderFloat(tr("mlp.train_ratio"), &ratio, 0.1f, 0.9f, "%.2f")) {
    train_ratio = ratio;
    reset();
  }
  ui::beside(tr("mlp.lr"), 110 * u);
  if (ImGui::SliderFloat(tr("mlp.lr"), &lr, 1e-4f, 3.0f, "%.4g", ImGuiSliderFlags_Logarithmic)) base.lr = lr;
  ui::beside(tr("mlp.batch"), 110 * u);
  if (ImGui::SliderInt(tr("mlp.batch"), &b, 1, kPoints)) base.batch = b;
  int reg = int(base.reg);
  if (ui::pick(tr("mlp.reg"), reg, kRegs)) base.reg = playground::Reg(reg);
  ui::beside(tr("mlp.reg_rate"), 110 * u);
  if (ImGui::SliderFloat(tr("mlp.reg_rate"), &rr, 1e-4f, 1.0f, "%.4g", ImGuiSliderFlags_Logarithmic))
    base.reg_rate = rr;
  ImGui::PopItemWidth();
  ImGui::SameLine();
  ui::help_marker(tr("mlp.reg_help"));

  ImGui::TextUnformatted(tr("mlp.features"));
  for (int f = 0; f < playground::kFeatures; ++f) {
    ui::beside(kFeatureLabels[f], ImGui::GetFrameHeight());
    bool on = std::find(features.begin(), features.end(), f) != features.end();
    if (!ImGui::Checkbox(kFeatureLabels[f], &on)) continue;
    if (!on && features.size() == 1) continue;  // the network keeps at least one input
    if (on)
      features.push_back(f);
    else
      features.erase(std::find(features.begin(), features.end(), f));
    std::sort(features.begin(), features.end());
    reset();
  }

  ImGui::TextUnformatted(tr("mlp.layers"));
  ImGui::SameLine();
  if (ImGui::SmallButton("+##layer") && int(hidden.size()) < kMaxLayers) {
    hidden.push_back(4);
    reset();
  }
  ImGui::SameLine();
  if (ImGui::SmallButton("-##layer") && !hidden.empty()) {
    hidden.pop_back();
    reset();
  }
  for (size_t l = 0; l < hidden.size(); ++l) {
    ImGui::SameLine();
    ImGui::PushID(int(l));
    ImGui::SetNextItemWidth(78 * u);
    int n = hidden[l];
    if (ImGui::InputInt("##n", &n)) {
      hidden[l] = std::clamp(n, 1, kMaxWidth);
      reset();
    }
    ImGui::PopID();
  }
}

// The plane ------------------------------------------------------------------------------------
// The main network over the plane: its output per cell (for the boundary) and every hidden
// unit's activation on a coarser grid (for the heatmaps inside the neurons). A sweep over the
// plane starts at most 20 times a second while training, and does at most ~4M multiply-adds
// per frame: a small net sweeps in one frame, an 8x64 net over a few (from a copy of the
// network, so the picture is of one network), and neither drops a frame.
void MlpLab::update_grid() {
  const double now = ImGui::GetTime();
  const int C = outputs();
  if (back.size() != size_t(grid_t.n * C)) {
    back.assign(size_t(grid_t.n * C), 0.0f);
    grid_row = kGrid;
  }
  if (grid_row >= kGrid) {  // the last sweep is complete: start another?
    if (grid_step == steps && grid_step >= 0) return;
    if (running && now - grid_time < 0.05) return;
    grid_time = now;
    sweep_step = steps;
    sweep_net = runs[0]->run.net;  // one network for the whole picture, while training goes on
    grid_row = 0;
    const size_t units = size_t(std::accumulate(hidden.begin(), hidden.end(), 0));
    if (back_maps.size() != units)
      back_maps.assign(units, std::vector<float>(kNeuronGrid * kNeuronGrid, 0.0f));
  }
  const std::vector<int> sz = sizes();
  double macs = 0;
  for (size_t l = 1; l < sz.size(); ++l) macs += double(sz[l - 1]) * sz[l];
  const int rows = std::clamp(int(4e6 / (macs * kGrid)), 1, kGrid - grid_row);
  const int F = grid_t.f;
  const int first = grid_row * kGrid;
  const int n = rows * kGrid;
  eng::NoGrad ng(eval_tape);
  eval_tape.clear();
  std::vector<eng::Var> hs;
  eng::Var x = eval_tape.input(eng::Shape{n, F}, &grid_t.X[size_t(first * F)]);
  eng::Var z = models::mlp_forward(eval_tape, sweep_net, x, &hs);
  std::copy_n(z.value(), n * C, &back[size_t(first * C)]);
  // The heatmaps take the cell at the centre of each block of every x every cells.
  const int every = kGrid / kNeuronGrid;
  for (int r = grid_row; r < grid_row + rows; ++r) {
    if (r % every != every / 2) continue;
    for (int c = every / 2; c < kGrid; c += every) {
      const size_t cell = size_t((r - grid_row) * kGrid + c);
      const size_t at = size_t((r / every) * kNeuronGrid + c / every);
      size_t k = 0;
      for (size_t l = 0; l < hs.size(); ++l)
        for (int j = 0; j < hidden[l]; ++j)
          back_maps[k++][at] = hs[l].value()[cell * size_t(hidden[l]) + size_t(j)];
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
ImU32 MlpLab::cell_color(size_t cell) const {
  if (regression()) return signed_light(grid[cell]);
  if (classes == 2) return signed_light(2.0f / (1.0f + std::exp(-grid[cell])) - 1.0f);
  const int C = int(classes);
  const float* z = &grid[cell * size_t(C)];
  const int best = int(std::max_element(z, z + C) - z);
  double sum = 0;
  for (int k = 0; k < C; ++k) sum += std::exp(double(z[k] - z[best]));
  const float p = float(1.0 / sum);
  const float conf = (p - 1.0f / float(C)) / (1.0f - 1.0f / float(C));
  return ui::tint(kClassColors[best], 0.08f + 0.45f * conf);
}

ImU32 MlpLab::point_color(const data::Point& p) const {
  if (regression())
    return ui::tint(p.y > 0 ? ui::kBlue : ui::kOrange, 0.2f + 0.8f * std::min(1.0f, std::fabs(p.y)));
  if (classes == 2) return p.y > 0.5f ? ui::kBlue : ui::kOrange;
  return kClassColors[int(p.y) % kMaxClasses];
}

void MlpLab::draw_boundary(float side) {
  update_grid();
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const ImVec2 o = ImGui::GetCursorScreenPos();
  ImGui::InvisibleButton("boundary", ImVec2(side, side));
  const bool hovered = ImGui::IsItemHovered();
  if (ImGui::IsItemClicked() && add_class >= 0) {
    ImVec2 m = ImGui::GetIO().MousePos;
    const float x1 = -kExtent + (m.x - o.x) / side * 2 * kExtent;
    const float x2 = kExtent - (m.y - o.y) / side * 2 * kExtent;
    add_point(x1, x2, add_class);
  }
  const float cell = side / kGrid;
  // Nothing to show yet while a large network's first sweep is under way.
  const bool drawn = grid.size() == size_t(grid_t.n * outputs());
  for (int r = 0; r < kGrid && drawn; ++r)
    for (int c = 0; c < kGrid; ++c) {
      ImVec2 a(o.x + c * cell, o.y + r * cell);
      // Each cell overlaps the next by half a pixel: no seams.
      dl->AddRectFilled(a, ImVec2(a.x + cell + 0.5f, a.y + cell + 0.5f), cell_color(size_t(r * kGrid + c)));
    }
  auto to_screen = [&](const data::Point& p) {
    return ImVec2(o.x + (p.x1 + kExtent) / (2 * kExtent) * side,
                  o.y + (kExtent - p.x2) / (2 * kExtent) * side);
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
    ImVec2 at(std::min(x, o.x + side - 12 * ui::u()), o.y + side - ImGui::GetFontSize());
    dl->AddText(at, IM_COL32(0, 0, 0, 120), buf);
  }
  if (hovered && add_class >= 0) ImGui::SetTooltip(tr("mlp.click_to_add"), add_class);
}

// Under the plane: a new seed, and the class a click on the plane adds (or off).
void MlpLab::draw_seed_and_points() {
  if (ImGui::SmallButton(tr("mlp.new_seed"))) {
    seed = (seed * 48271 + 11) % 1000000000;
    reset();
  }
  ImGui::SameLine();
  ui::help_marker(tr("mlp.seed_help"));
  if (regression()) return;
  ImGui::TextUnformatted(tr("mlp.add_points"));
  const int C = dataset == "custom" ? kMaxClasses : int(classes);
  for (int k = -1; k < C; ++k) {
    ImGui::SameLine();
    char label[48];
    if (k < 0)
      std::snprintf(label, sizeof label, "%s##off", tr("mlp.off"));
    else
      std::snprintf(label, sizeof label, "%d##class", k);
    if (k >= 0) ImGui::PushStyleColor(ImGuiCol_Text, kClassColors[k]);
    if (ImGui::RadioButton(label, add_class == k)) add_class = k;
    if (k >= 0) ImGui::PopStyleColor();
  }
}

// The network ----------------------------------------------------------------------------------
// Inputs, hidden units (each with its heatmap over the plane) and outputs; edges coloured and
// sized by weight. Hover an edge to read its weight, click it to edit; hover a unit to enlarge.
void MlpLab::draw_network(ImVec2 size) {
  models::MLP& net = runs[0]->run.net;
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const ImVec2 o = ImGui::GetCursorScreenPos();
  ImGui::InvisibleButton("network", size);
  const bool hovered = ImGui::IsItemHovered();
  const bool clicked = ImGui::IsItemClicked();
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
  const float mid = activation == models::Act::Sigmoid ? 0.5f : 0.0f;  // a hidden unit's neutral output
  float scale = 0.5f;
  for (auto& layer : net.layers)
    for (float w : layer.W.value.v) scale = std::max(scale, std::fabs(w));

  // Edges. Many: draw only the strongest 3000 so a 8x64 net still draws in a few milliseconds.
  size_t edges = 0;
  for (int l = 0; l + 1 < L; ++l) edges += size_t(sz[size_t(l)] * sz[size_t(l + 1)]);
  float cut = 0;
  if (edges > 3000) {
    std::vector<float> mags;
    for (auto& layer : net.layers)
      for (float w : layer.W.value.v) mags.push_back(std::fabs(w));
    std::nth_element(mags.begin(), mags.begin() + long(mags.size() - 3000), mags.end());
    cut = mags[mags.size() - 3000];
  }
  float best = 5.0f * ui::u();
  int hl = -1, hi = 0, hj = 0;  // the edge under the mouse: layer, from, to
  for (int l = 0; l + 1 < L; ++l) {
    const auto& W = net.layers[size_t(l)].W.value;  // (in, out)
    for (int i = 0; i < sz[size_t(l)]; ++i)
      for (int j = 0; j < sz[size_t(l + 1)]; ++j) {
        float w = W.v[size_t(i * sz[size_t(l + 1)] + j)];
        if (std::fabs(w) < cut) continue;
        ImVec2 a = pos(l, i), b = pos(l + 1, j);
        dl->AddLine(a, b, ui::signed_color(w, scale), (0.5f + 3.0f * std::fabs(w) / scale) * ui::u());
        if (!hovered || edges > 3000) continue;
        float d = segment_distance(mouse, ImVec2(a.x + box * 0.6f, a.y), ImVec2(b.x - box * 0.6f, b.y));
        if (d < best) {
          best = d;
          hl = l;
          hi = i;
          hj = j;
        }
      }
  }

  // Units: the input features, the hidden units with their heatmaps, the outputs.
  int unit = 0, hover_unit = -1, hover_l = 0, hover_j = 0;
  for (int l = 0; l < L; ++l)
    for (int j = 0; j < sz[size_t(l)]; ++j) {
      ImVec2 c = pos(l, j), a(c.x - box / 2, c.y - box / 2), b(a.x + box, a.y + box);
      bool inside = hovered && std::fabs(mouse.x - c.x) < box / 2 && std::fabs(mouse.y - c.y) < box / 2;
      if (l == 0) {
        draw_map(dl, a, box, feature_map(features[size_t(j)]), kNeuronGrid, 0.0f);
        const char* label = kFeatureLabels[features[size_t(j)]];
        dl->AddText(ImVec2(o.x, c.y - ImGui::GetFontSize() / 2), ui::kInk, label);
      } else if (l + 1 < L) {
        if (box >= 8 * ui::u() && size_t(unit) < neuron_maps.size()) {
          draw_map(dl, a, box, neuron_maps[size_t(unit)], kNeuronGrid, mid);
        } else {
          dl->AddRectFilled(a, b, IM_COL32(255, 255, 255, 255));
          dl->AddRect(a, b, ui::kInk);
        }
        if (inside) {
          hover_unit = unit;
          hover_l = l;
          hover_j = j;
        }
        ++unit;
      } else {
        dl->AddRectFilled(a, b, outputs() > 1 ? kClassColors[j] : IM_COL32(255, 255, 255, 255));
        dl->AddRect(a, b, ui::kInk);
      }
    }

  // A unit under the mouse shows its heatmap large; an edge shows its weight, and a click edits it.
  if (hover_unit >= 0) {
    ImGui::BeginTooltip();
    ImGui::Text(tr("mlp.unit_tip"), hover_l, hover_j + 1);
    const float big = 120 * ui::u();
    ImVec2 a = ImGui::GetCursorScreenPos();
    draw_map(ImGui::GetWindowDrawList(), a, big, neuron_maps[size_t(hover_unit)], kNeuronGrid, mid);
    ImGui::Dummy(ImVec2(big, big));
    ImGui::EndTooltip();
  } else if (hl >= 0) {
    float w = net.layers[size_t(hl)].W.value.v[size_t(hi * sz[size_t(hl + 1)] + hj)];
    ImGui::SetTooltip(tr("mlp.weight_tip"), hl + 1, hi + 1, hj + 1, w);
    if (clicked) {
      edit_l = hl;
      edit_i = hi;
      edit_j = hj;
      ImGui::OpenPopup("edit weight");
    }
  }
  if (ImGui::BeginPopup("edit weight")) {
    if (edit_l >= 0 && edit_l < int(net.layers.size())) {
      float& w = net.layers[size_t(edit_l)].W.value.v[size_t(edit_i * sz[size_t(edit_l + 1)] + edit_j)];
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

// The plots ------------------------------------------------------------------------------------
// A run's name in the loss plot: what it sets differently ("batch 200"); the main run shows its
// own values of those settings.
std::string MlpLab::run_label(size_t i) const {
  if (runs.size() == 1) return tr("mlp.train");
  json mine = {{"lr", base.lr},
               {"batch", base.batch},
               {"optimizer", kOptimizers[size_t(base.optimizer)]},
               {"reg", kRegs[size_t(base.reg)]},
               {"reg_rate", base.reg_rate}};
  std::string s;
  for (auto it = mine.begin(); it != mine.end(); ++it) {
    bool varies = false;
    for (const auto& c : compare) varies |= c.contains(it.key());
    if (!varies) continue;
    const json& v = i ? compare[i - 1].value(it.key(), *it) : *it;
    char num[32];
    std::snprintf(num, sizeof num, "%g", v.is_number() ? v.get<double>() : 0.0);
    s += (s.empty() ? "" : ", ") + it.key() + " " + (v.is_string() ? v.get<std::string>() : std::string(num));
  }
  if (s.empty()) s = i ? "run " + std::to_string(i + 1) : tr("mlp.train");
  if (runs[i]->run.diverged) s += std::string(" (") + tr("mlp.diverged") + ")";
  return s;
}

// The main run's losses and accuracies, and the loss curves (train and test, or one per run of a
// comparison).
void MlpLab::draw_losses(float width, float side) {
  const LabRun& m = *runs[0];
  if (regression())
    ImGui::TextWrapped(tr("mlp.metrics_reg"), m.run.train_m.loss, m.run.test_m.loss);
  else
    ImGui::TextWrapped(tr("mlp.metrics"), m.run.train_m.loss, m.run.test_m.loss, 100 * m.run.train_m.acc,
                       100 * m.run.test_m.acc);
  std::vector<std::string> labels;
  for (size_t i = 0; i < runs.size(); ++i) labels.push_back(run_label(i));
  std::vector<ui::Series> loss = {{&m.train_curve, labels[0].c_str(), ui::kInk}};
  if (runs.size() == 1) loss.push_back({&m.test_curve, tr("mlp.test"), ui::kVermillion});
  for (size_t i = 1; i < runs.size(); ++i)
    loss.push_back({&runs[i]->train_curve, labels[i].c_str(), kShades[(i + 1) % 8]});
  ui::plot_curves("loss", loss, ImVec2(width, std::max(80 * ui::u(), side * 0.27f)), true);
  if (!compare.empty() && ImGui::SmallButton(tr("mlp.stop_compare"))) {
    compare.clear();
    reset();
  }
}

void MlpLab::draw_grad_norms(float width, float side) {
  ImGui::TextUnformatted(tr("mlp.grad_norms"));
  ui::help_marker(tr("mlp.grad_norms_help"));
  const std::vector<ui::Curve>& norms = runs[0]->norms;
  std::vector<ui::Series> series;
  for (size_t l = 0; l < norms.size() && l < 9; ++l)
    series.push_back({&norms[l], kLayerNames[l], kShades[l % 8]});
  ui::plot_curves("norms", series, ImVec2(width, std::max(70 * ui::u(), side * 0.2f)), true);
}

// The whole lab ------------------------------------------------------------------------------
void MlpLab::draw() {
  const float w = ImGui::GetContentRegionAvail().x;
  draw_controls();

  // The plane on the left and the network with its plots on the right; on a narrow panel (a phone)
  // one above the other, and the panel scrolls.
  const bool narrow = w < 560 * ui::u();
  const float below = ImGui::GetContentRegionAvail().y - 64 * ui::u();
  const float side = narrow ? std::min(w, std::max(200 * ui::u(), below))
                            : std::max(140 * ui::u(), std::min(w * 0.46f, below));
  ImGui::BeginGroup();
  draw_boundary(side);
  draw_seed_and_points();
  ImGui::EndGroup();

  if (!narrow) ImGui::SameLine();
  ImGui::BeginGroup();
  // Never zero wide: the plane's row of buttons can take all the room beside it.
  const float right = std::max(narrow ? w : ImGui::GetContentRegionAvail().x, 80 * ui::u());
  draw_network(ImVec2(right, std::max(side * 0.5f, 60 * ui::u())));
  draw_losses(right, side);
  draw_grad_norms(right, side);
  ImGui::EndGroup();
}

}  // namespace mlp_lab
