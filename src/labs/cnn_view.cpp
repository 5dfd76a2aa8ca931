// What the cnn lab draws (src/labs/cnn_lab.h), top to bottom: the experiment's status; the
// training loss and the test accuracy; the architecture with each layer's shape and parameters,
// editable; what the network sees of one test digit (its filters and every layer's feature maps)
// beside the convolution sum of one output pixel; the drawing pad with its probabilities; the
// confusion matrix and the most confidently wrong digits; the training controls.
#include <algorithm>
#include <cmath>
#include <cstdio>

#include "data/digit_pad.h"
#include "labs/cnn_lab.h"
#include "ui/digits.h"
#include "ui/file_wait.h"
#include "ui/strings.h"

using ui::tr;

namespace cnn {

using ui::grey_image;

namespace {

// A filter's weights: blue positive, orange negative.
void signed_image(const float* v, int w, int h, float cell) {
  float scale = 1e-6f;
  for (int i = 0; i < w * h; ++i) scale = std::max(scale, std::fabs(v[i]));
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const ImVec2 o = ImGui::GetCursorScreenPos();
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; ++x)
      dl->AddRectFilled(ImVec2(o.x + x * cell, o.y + y * cell),
                        ImVec2(o.x + (x + 1) * cell, o.y + (y + 1) * cell),
                        ui::signed_color(v[y * w + x], scale));
  dl->AddRect(o, ImVec2(o.x + w * cell, o.y + h * cell), ui::kGrid);
  ImGui::Dummy(ImVec2(w * cell, h * cell));
}

// Class k is digit k + offset (transfer's second stage reads digits 5-9 as classes 0-4).
void probability_bars(const std::vector<float>& p, int offset, float width) {
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const float u = ui::u(), row = ImGui::GetTextLineHeightWithSpacing();
  const ImVec2 o = ImGui::GetCursorScreenPos();
  const int best = int(std::max_element(p.begin(), p.end()) - p.begin());
  for (size_t k = 0; k < p.size(); ++k) {
    const float y = o.y + float(k) * row;
    char buf[32];
    std::snprintf(buf, sizeof buf, "%d", int(k) + offset);
    dl->AddText(ImVec2(o.x, y), ui::kInk, buf);
    const float x0 = o.x + 14 * u;
    dl->AddRectFilled(ImVec2(x0, y + 2), ImVec2(x0 + (width - 60 * u) * p[k], y + row - 3),
                      int(k) == best ? ui::kBlue : ui::tint(ui::kBlue, 0.35f));
    std::snprintf(buf, sizeof buf, "%.0f%%", 100 * p[k]);
    dl->AddText(ImVec2(x0 + width - 55 * u, y), ui::kInk, buf);
  }
  ImGui::Dummy(ImVec2(width, row * float(p.size())));
}

const char* layer_label(const models::LayerSpec& s) {
  switch (s.kind) {
    case models::LayerKind::conv:
      return "conv";
    case models::LayerKind::pool:
      return "pool";
    case models::LayerKind::dense:
      return "dense";
    case models::LayerKind::dropout:
      return "dropout";
    case models::LayerKind::res:
      return "res";
  }
  return "";
}

int layer_params(const models::ConvLayer& l) {
  int n = l.W.value.size() + l.b.value.size();
  if (l.spec.kind == models::LayerKind::res) n += l.W2.value.size() + l.b2.value.size();
  return n;
}

// A refused list of layers in the learner's words: which layer, the shape it receives, and what it
// needs. layer_shapes stops at the first layer that does not fit, so `shapes` holds those before it.
std::string refusal(const std::vector<models::LayerSpec>& specs, const std::string& english) {
  std::vector<models::MapShape> shapes;
  char buf[400];
  if (models::layer_shapes(specs, shapes).empty()) {
    const bool big = english.find("multiply-adds") != std::string::npos;
    return big ? tr("cnn.too_big") : english;
  }
  const size_t i = shapes.size();
  const models::MapShape in = i == 0 ? models::MapShape{} : shapes.back();
  const models::LayerSpec& s = specs[i];
  char need[160];
  if (in.flat) {
    std::snprintf(need, sizeof need, "%s", tr("cnn.need_image"));
  } else if (s.kind == models::LayerKind::pool) {
    std::snprintf(need, sizeof need, tr("cnn.need_pool"), s.size, s.size, s.size, s.size);
  } else {
    const int least = std::max(1, s.kernel - 2 * s.pad);
    std::snprintf(need, sizeof need, tr("cnn.need_conv"), s.kernel, s.kernel, s.pad, least, least);
  }
  std::snprintf(buf, sizeof buf, tr("cnn.refused"), int(i + 1), layer_label(s), in.str().c_str(), need);
  return buf;
}

}  // namespace

void CnnLab::draw() {
  if (!ready) {  // the files may have arrived since the last frame
    ready = load_data();
    if (ready) start_training();
  }
  if (!ready) {
    draw_waiting();
    draw_controls();
    return;
  }
  read_view();
  if (mode == "transfer") {
    if (stage == 0)
      ImGui::Text(tr("cnn.stage0"), steps, pretrain_steps);
    else
      ImGui::TextWrapped(tr("cnn.stage1"), labels);
    if (stage == 1) ImGui::TextDisabled(tr("cnn.pretrained"), 100 * pretrain_acc);
  }
  if (runs.size() > 1) {
    const bool tl = mode == "transfer";
    ImGui::Text(tr("cnn.versus"), tr(tl ? "cnn.transfer" : "cnn.residual"), 100 * runs[0].test_acc,
                tr(tl ? "cnn.scratch" : "cnn.plain"), 100 * runs[1].test_acc);
  }
  draw_compute();
  draw_curves();
  ImGui::Separator();
  draw_architecture();
  ImGui::Separator();
  draw_maps();
  ImGui::Separator();
  draw_conv_detail();
  ImGui::Separator();
  draw_pad();
  if (mode == "digits") {
    ImGui::Separator();
    draw_errors();
  }
  draw_controls();
}

// MNIST has not arrived (the browser is fetching it), or it failed: say so, offer Retry.
void CnnLab::draw_waiting() {
  ui::file_wait(wait, tr("cnn.loading"), tr("cnn.failed"), tr("cnn.retry"));
}

void CnnLab::draw_curves() {
  const float u = ui::u();
  ImGui::TextUnformatted(tr("cnn.curves"));
  const float w = std::max(200 * u, ImGui::GetContentRegionAvail().x * 0.5f - 8 * u);
  std::vector<ui::Series> loss, acc;
  const ImU32 colours[2] = {ui::kBlue, ui::kOrange};
  const char* names[2] = {tr("cnn.train_loss"), ""};
  if (runs.size() > 1) {
    const bool tl = mode == "transfer";
    names[0] = tr(tl ? "cnn.transfer" : "cnn.residual");
    names[1] = tr(tl ? "cnn.scratch" : "cnn.plain");
  }
  for (size_t i = 0; i < runs.size() && i < 2; ++i) {
    loss.push_back({&runs[i].loss_curve, names[i], colours[i]});
    acc.push_back({&runs[i].test_curve, runs.size() > 1 ? names[i] : tr("cnn.test_acc_l"), colours[i]});
  }
  ui::plot_curves("##cnn_loss", loss, ImVec2(w, 130 * u), true);
  ui::beside("##cnn_acc", w);
  ui::plot_curves("##cnn_acc", acc, ImVec2(w, 130 * u), false);
  const Run& r = runs[0];
  if (r.test_step < 0)
    ImGui::TextDisabled("%s", tr("cnn.not_measured"));
  else
    ImGui::Text(tr("cnn.measured"), 100 * r.test_acc, int(test_images().size()), r.test_step);
  if (shifted_test) ImGui::Text(tr("cnn.shifted_acc"), 100 * shifted_acc);
}

// The layers as a table: what each is, the shape it gives, its parameters. Each row can be edited
// or removed; a change that does not fit is refused with the layer and the shapes named.
void CnnLab::draw_architecture() {
  const float u = ui::u();
  ImGui::TextUnformatted(tr("cnn.arch"));
  ImGui::SameLine();
  ImGui::TextDisabled(tr("cnn.params_n"), n_params);
  const models::ConvNet& net = runs[0].net;
  std::vector<models::LayerSpec> edit = specs;
  bool changed = false;
  int remove = -1;
  ImGui::TextDisabled("%s", tr("cnn.input"));
  for (size_t i = 0; i < edit.size() && i < net.layers.size(); ++i) {
    ImGui::PushID(int(i));
    models::LayerSpec& s = edit[i];
    ImGui::Text("%zu %-7s", i + 1, layer_label(s));
    ImGui::SameLine(90 * u);
    ImGui::PushItemWidth(70 * u);
    if (s.kind == models::LayerKind::conv) {
      changed |= ImGui::SliderInt("##f", &s.filters, 1, 32, tr("cnn.fmt_filters"));
      ImGui::SameLine();
      changed |= ImGui::SliderInt("##k", &s.kernel, 1, 7, tr("cnn.fmt_kernel"));
      ImGui::SameLine();
      changed |= ImGui::SliderInt("##s", &s.stride, 1, 3, tr("cnn.fmt_stride"));
      ImGui::SameLine();
      changed |= ImGui::SliderInt("##p", &s.pad, 0, 3, tr("cnn.fmt_pad"));
    } else if (s.kind == models::LayerKind::pool) {
      changed |= ImGui::SliderInt("##z", &s.size, 2, 4, tr("cnn.fmt_size"));
      ImGui::SameLine();
      changed |= ImGui::Checkbox(tr("cnn.avg"), &s.avg);
    } else if (s.kind == models::LayerKind::dense) {
      changed |= ImGui::SliderInt("##u", &s.units, 4, 256, tr("cnn.fmt_units"));
    } else if (s.kind == models::LayerKind::dropout) {
      changed |= ImGui::SliderFloat("##d", &s.p, 0.0f, 0.8f, tr("cnn.fmt_p"));
    }
    ImGui::PopItemWidth();
    ImGui::SameLine();
    ImGui::TextDisabled("-> %s", net.layers[i].out.str().c_str());
    ImGui::SameLine();
    ImGui::TextDisabled(tr("cnn.layer_params"), layer_params(net.layers[i]));
    ImGui::SameLine();
    if (ImGui::SmallButton(tr("cnn.remove")) && edit.size() > 1) remove = int(i);
    ImGui::PopID();
  }
  ImGui::TextDisabled(tr("cnn.output"), net.classes);
  static int add_type = 0;
  ImGui::SetNextItemWidth(90 * u);
  ui::pick("##add_type", add_type, {"conv", "pool", "dense", "dropout", "res"});
  ImGui::SameLine();
  if (ImGui::Button(tr("cnn.add"))) {
    models::LayerSpec s;
    s.kind = models::LayerKind(add_type);
    if (s.kind == models::LayerKind::res) s.kernel = 3;
    edit.push_back(s);
    changed = true;
  }
  if (remove >= 0) {
    edit.erase(edit.begin() + remove);
    changed = true;
  }
  if (changed && !ImGui::IsMouseDown(0)) {  // sliders apply when released
    try {
      configure(json{{"layers", layers_json(edit)}});
      arch_note.clear();
    } catch (const LabError& e) {
      arch_note = refusal(edit, e.what());
    }
  }
  if (!arch_note.empty()) {
    ImGui::PushStyleColor(ImGuiCol_Text, ui::kVermillion);
    ImGui::TextWrapped("%s", arch_note.c_str());
    ImGui::PopStyleColor();
  }
}

// The shown test digit, the first layer's filters, and each layer's output channels (at most 16).
void CnnLab::draw_maps() {
  const float u = ui::u();
  ImGui::TextUnformatted(tr("cnn.maps"));
  ui::help_marker(tr("cnn.maps_help"));
  int d = int(digit);
  ImGui::SetNextItemWidth(120 * u);
  if (ImGui::InputInt(tr("cnn.digit"), &d)) {
    digit = std::clamp(d, 0, test_set->n - 1);
    read_step = -1;
    read_view();
  }
  ImGui::SameLine();
  if (ImGui::Button(tr("cnn.next"))) {
    digit = (digit + 1) % test_set->n;
    read_step = -1;
    read_view();
  }
  if (drawn_ok) {
    ImGui::SameLine();
    ImGui::Checkbox(tr("cnn.maps_of_drawing"), &maps_of_drawing);
  }
  const bool drawing = maps_of_drawing && drawn_ok;
  const Reading& reading = drawing ? draw_reading : digit_reading;
  std::vector<float> img(data::kPixels);
  image(int(digit), PassKind::test, img.data());
  grey_image(drawing ? drawn.data() : img.data(), 28, 28, 3 * u, 0, 1);
  ImGui::SameLine();
  ImGui::BeginGroup();
  if (drawing && reading.cls >= 0)
    ImGui::Text(tr("cnn.drawing_pred"), reading.cls + label_offset(), 100 * reading.p[size_t(reading.cls)]);
  else if (reading.cls >= 0)
    ImGui::Text(tr("cnn.label_pred"), int(test_set->labels[digit]), reading.cls + label_offset(),
                100 * reading.p[size_t(reading.cls)]);
  const models::ConvNet& net = runs[0].net;
  if (!net.layers.empty() && net.layers[0].spec.kind == models::LayerKind::conv) {
    ImGui::TextDisabled("%s", tr("cnn.filters"));
    const models::ConvLayer& l = net.layers[0];
    const int K = l.W.value.shape[0], R = l.spec.kernel;
    for (int k = 0; k < K && k < 16; ++k) {
      if (k > 0) ImGui::SameLine();
      signed_image(l.W.value.data() + k * R * R, R, R, std::max(2.0f, 28 * u / float(R)));
    }
  }
  ImGui::EndGroup();
  for (size_t li = 0; li < reading.maps.size(); ++li) {
    const eng::Tensor& m = reading.maps[li];
    const models::ConvLayer& l = net.layers[li];
    ImGui::TextDisabled("%zu %s %s", li + 1, layer_label(l.spec), l.out.str().c_str());
    if (l.out.flat) {
      const int D = std::min(l.out.c, 64);
      float hi = 1e-6f;
      for (int i = 0; i < D; ++i) hi = std::max(hi, m.v[size_t(i)]);
      grey_image(m.v.data(), D, 1, 6 * u, 0, hi);
      continue;
    }
    const int C = std::min(l.out.c, 16), H = l.out.h, W = l.out.w;
    const float cell = std::max(1.0f, std::min(3 * u, 42 * u / float(std::max(H, W))));
    for (int c = 0; c < C; ++c) {
      const float* v = m.v.data() + size_t(c * H * W);
      const float hi = std::max(1e-6f, *std::max_element(v, v + H * W));
      if (c > 0) ui::beside("##map", W * cell);
      const ImVec2 o = grey_image(v, W, H, cell, 0, hi);
      if (ImGui::IsItemClicked()) {  // this pixel's sum is shown below
        const ImVec2 mp = ImGui::GetIO().MousePos;
        pick_layer = long(li + 1);
        pick_channel = c;
        pick_x = std::clamp(int((mp.x - o.x) / cell), 0, W - 1);
        pick_y = std::clamp(int((mp.y - o.y) / cell), 0, H - 1);
        read_step = -1;
      }
      if (long(li + 1) == pick_layer && c == pick_channel) {
        ImDrawList* dl = ImGui::GetWindowDrawList();
        const ImVec2 a(o.x + float(pick_x) * cell, o.y + float(pick_y) * cell);
        dl->AddRect(a, ImVec2(a.x + cell, a.y + cell), ui::kVermillion, 0, 0, 2);
      }
    }
  }
}

// CNN Explainer's detail view on the live model: the window under the chosen output pixel, the
// filter, and the sum they give.
void CnnLab::draw_conv_detail() {
  const float u = ui::u();
  read_view();
  ImGui::TextUnformatted(tr("cnn.detail"));
  ui::help_marker(tr("cnn.detail_help"));
  const models::ConvNet& net = runs[0].net;
  int L = int(pick_layer), k = int(pick_channel);
  ImGui::PushItemWidth(100 * u);
  if (ImGui::SliderInt(tr("cnn.layer_n"), &L, 1, int(net.layers.size()))) {
    pick_layer = L;
    read_step = -1;
  }
  const models::ConvLayer& l = net.layers[size_t(std::min<long>(pick_layer, long(net.layers.size())) - 1)];
  const bool conv = l.spec.kind == models::LayerKind::conv || l.spec.kind == models::LayerKind::res;
  if (conv) {
    ui::beside(tr("cnn.channel"), 100 * u);
    if (ImGui::SliderInt(tr("cnn.channel"), &k, 0, l.W.value.shape[0] - 1)) {
      pick_channel = k;
      read_step = -1;
    }
  }
  ImGui::PopItemWidth();
  if (!conv) {
    ImGui::TextDisabled("%s", tr("cnn.no_conv"));
    return;
  }
  read_view();
  const int R = l.spec.kernel, kk = int(std::min<long>(pick_channel, l.W.value.shape[0] - 1));
  // The window of input channel 0 and the matching filter slice, side by side.
  const int stride = l.spec.kind == models::LayerKind::conv ? l.spec.stride : 1;
  const int pad_px = l.spec.kind == models::LayerKind::conv ? l.spec.pad : R / 2;
  const size_t li = size_t(std::min<long>(pick_layer, long(net.layers.size()))) - 1;
  std::vector<float> img(data::kPixels);
  image(int(digit), PassKind::test, img.data());
  const float* in = li == 0 ? img.data() : digit_reading.maps[li - 1].v.data();
  std::vector<float> window(size_t(R * R), 0.0f);
  const int y = int(std::min<long>(pick_y, l.out.h - 1)), x = int(std::min<long>(pick_x, l.out.w - 1));
  for (int r = 0; r < R; ++r)
    for (int s = 0; s < R; ++s) {
      const int iy = y * stride + r - pad_px, ix = x * stride + s - pad_px;
      if (iy >= 0 && ix >= 0 && iy < l.in.h && ix < l.in.w) window[size_t(r * R + s)] = in[iy * l.in.w + ix];
    }
  const float cell = std::min(16 * u, 90 * u / float(R));
  float hi = 1e-6f;
  for (float v : window) hi = std::max(hi, v);
  grey_image(window.data(), R, R, cell, 0, hi);
  ImGui::SameLine();
  ImGui::TextUnformatted("x");
  ImGui::SameLine();
  signed_image(l.W.value.data() + size_t(kk) * size_t(l.in.c * R * R), R, R, cell);
  ImGui::SameLine();
  ImGui::BeginGroup();
  ImGui::Text("y[%d, %d, %d]", kk, y, x);
  ImGui::TextWrapped(tr("cnn.detail_sum"), pick_sum - pick_bias, pick_bias, pick_sum, pick_out, pick_terms);
  ImGui::EndGroup();
}

// The pad: strokes in, the MNIST-like 28x28 image and the class probabilities out.
void CnnLab::draw_pad() {
  const float u = ui::u();
  ImGui::TextUnformatted(tr("cnn.pad"));
  ui::help_marker(tr("cnn.pad_help"));
  std::vector<Stroke> s = strokes;
  if (ui::stroke_pad("##pad", pad, 168 * u, s, stroking)) set_strokes(s);
  ImGui::SameLine();
  ImGui::BeginGroup();
  if (ImGui::Button(tr("cnn.clear"))) set_strokes({});
  read_view();
  if (!drawn_ok) {
    ImGui::TextDisabled("%s", tr("cnn.pad_empty"));
  } else {
    grey_image(drawn.data(), 28, 28, 2 * u, 0, 1);
    probability_bars(draw_reading.p, label_offset(), 160 * u);
  }
  ImGui::EndGroup();
}

// The confusion matrix of the last test pass, and the digits it was most sure of and got wrong.
void CnnLab::draw_errors() {
  const float u = ui::u();
  ImGui::TextUnformatted(tr("cnn.errors"));
  ui::help_marker(tr("cnn.confusion_help"));
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const float cell = 22 * u;
  const ImVec2 o = ImGui::GetCursorScreenPos();
  int row_max = 1;
  for (int t = 0; t < 10; ++t) {
    int sum = 0;
    for (int p = 0; p < 10; ++p) sum += confusion[size_t(t * 10 + p)];
    row_max = std::max(row_max, sum);
  }
  for (int t = 0; t < 10; ++t)
    for (int p = 0; p < 10; ++p) {
      const int n = confusion[size_t(t * 10 + p)];
      const ImVec2 a(o.x + (p + 1) * cell, o.y + (t + 1) * cell);
      const float share = std::min(1.0f, float(n) / float(std::max(1, row_max / 10)));
      dl->AddRectFilled(a, ImVec2(a.x + cell - 1, a.y + cell - 1),
                        ui::tint(t == p ? ui::kBlue : ui::kVermillion, t == p ? 0.6f : share));
      if (n == 0) continue;
      char buf[16];
      std::snprintf(buf, sizeof buf, "%d", n);
      dl->AddText(ImVec2(a.x + 2, a.y + 3), ui::kInk, buf);
    }
  for (int i = 0; i < 10; ++i) {
    char buf[4];
    std::snprintf(buf, sizeof buf, "%d", i);
    dl->AddText(ImVec2(o.x + (i + 1) * cell + 7 * u, o.y + 3), ui::kInk, buf);
    dl->AddText(ImVec2(o.x + 7 * u, o.y + (i + 1) * cell + 3), ui::kInk, buf);
  }
  ImGui::Dummy(ImVec2(11 * cell, 11 * cell));
  ImGui::SameLine();
  ImGui::BeginGroup();
  ImGui::TextUnformatted(tr("cnn.wrong"));
  std::vector<float> img(data::kPixels);
  for (size_t i = 0; i < wrong.size(); ++i) {
    const auto& [p, index] = wrong[i];
    if (i % 4 != 0) ImGui::SameLine();
    ImGui::BeginGroup();
    image(index, PassKind::test, img.data());
    grey_image(img.data(), 28, 28, 1.6f * u, 0, 1);
    ImGui::TextDisabled("%d: %.0f%%", test_set->labels[index], 100 * p);
    ImGui::EndGroup();
  }
  ImGui::EndGroup();
}

// Mode, seed and augmentation start again; the learning rate and the batch change mid-run.
void CnnLab::draw_controls() {
  const float u = ui::u();
  ImGui::Separator();
  int m = int(std::find(kModes.begin(), kModes.end(), mode) - kModes.begin());
  if (ui::pick(tr("cnn.mode"), m, kModes)) configure(json{{"mode", kModes[size_t(m)]}});
  ImGui::PushItemWidth(120 * u);
  float r = float(lr);
  ui::beside(tr("cnn.lr"), 120 * u);
  if (ImGui::SliderFloat(tr("cnn.lr"), &r, 1e-4f, 0.1f, "%.4f", ImGuiSliderFlags_Logarithmic)) lr = r;
  int b = int(batch);
  ui::beside(tr("cnn.batch"), 120 * u);
  if (ImGui::SliderInt(tr("cnn.batch"), &b, 1, 256)) batch = b;
  int s = int(seed);
  ui::beside(tr("cnn.seed"), 120 * u);
  if (ImGui::InputInt(tr("cnn.seed"), &s)) configure(json{{"seed", std::clamp(s, 0, 1000000000)}});
  ImGui::TextUnformatted(tr("cnn.augment"));
  Augment a = augment;
  bool changed = false;
  float v = float(a.shift);
  ui::beside(tr("cnn.shift"), 120 * u);
  if (ImGui::SliderFloat(tr("cnn.shift"), &v, 0, 6, "%.1f")) {
    a.shift = v;
    changed = true;
  }
  v = float(a.rotate);
  ui::beside(tr("cnn.rotate"), 120 * u);
  if (ImGui::SliderFloat(tr("cnn.rotate"), &v, 0, 45, "%.0f")) {
    a.rotate = v;
    changed = true;
  }
  v = float(a.scale);
  ui::beside(tr("cnn.scale"), 120 * u);
  if (ImGui::SliderFloat(tr("cnn.scale"), &v, 0, 0.4f, "%.2f")) {
    a.scale = v;
    changed = true;
  }
  v = float(a.noise);
  ui::beside(tr("cnn.noise"), 120 * u);
  if (ImGui::SliderFloat(tr("cnn.noise"), &v, 0, 0.5f, "%.2f")) {
    a.noise = v;
    changed = true;
  }
  ImGui::PopItemWidth();
  if (changed) augment = a;  // the next batches are augmented so; training goes on
  bool sh = shifted_test;
  if (ImGui::Checkbox(tr("cnn.shifted"), &sh)) configure(json{{"shifted_test", sh}});
}

}  // namespace cnn
