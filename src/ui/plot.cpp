#include "ui/plot.h"
#include "ui/strings.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace ui {

void Curve::push(float x) {
  acc += x;
  if (++acc_n < stride) return;
  v.push_back(float(acc / double(acc_n)));
  acc = 0;
  acc_n = 0;
  if (v.size() >= capacity) {  // halve: average neighbours, double the stride
    for (size_t i = 0; i < v.size() / 2; ++i) v[i] = 0.5f * (v[2 * i] + v[2 * i + 1]);
    v.resize(v.size() / 2);
    stride *= 2;
  }
}

static float to_axis(float x, bool log_y) {
  return log_y ? std::log10(std::max(x, 1e-8f)) : x;
}

void plot_curves(const char* id, const std::vector<Series>& series, ImVec2 size, bool log_y) {
  ImGui::PushID(id);
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const ImVec2 p0 = ImGui::GetCursorScreenPos();
  ImGui::InvisibleButton("plot", size);  // size may be -1 ("fill"): read back the real size
  size = ImGui::GetItemRectSize();
  const float left = 52 * u(), bottom = 20 * u(), top = 6 * u(), right = 8 * u();
  const ImVec2 a(p0.x + left, p0.y + top), b(p0.x + size.x - right, p0.y + size.y - bottom);
  dl->AddRectFilled(a, b, IM_COL32(255, 255, 255, 255));
  dl->AddRect(a, b, IM_COL32(0, 0, 0, 60));

  float lo = INFINITY, hi = -INFINITY;
  size_t n = 0;
  long stride = 1;
  for (const auto& s : series)
    for (float x : s.curve->v)
      if (std::isfinite(x)) {
        lo = std::min(lo, to_axis(x, log_y));
        hi = std::max(hi, to_axis(x, log_y));
      }
  for (const auto& s : series)
    if (s.curve->v.size() > n) { n = s.curve->v.size(); stride = s.curve->stride; }
  if (n < 2 || !(lo <= hi)) {
    const char* msg = tr("plot.empty");
    dl->AddText(ImVec2(a.x + 8, a.y + 8), IM_COL32(0, 0, 0, 120), msg);
    ImGui::PopID();
    return;
  }
  if (hi - lo < 1e-6f) { hi += 0.5f; lo -= 0.5f; }
  const float pad = 0.05f * (hi - lo);
  lo -= pad;
  hi += pad;
  auto X = [&](size_t i) { return a.x + (b.x - a.x) * float(i) / float(n - 1); };
  auto Y = [&](float v) { return b.y - (b.y - a.y) * (to_axis(v, log_y) - lo) / (hi - lo); };

  // Grid: three labelled values on the y axis.
  char buf[32];
  for (int g = 0; g <= 2; ++g) {
    float t = lo + (hi - lo) * float(g) / 2.0f;
    float y = b.y - (b.y - a.y) * float(g) / 2.0f;
    dl->AddLine(ImVec2(a.x, y), ImVec2(b.x, y), kGrid);
    float shown = log_y ? std::pow(10.0f, t) : t;
    std::snprintf(buf, sizeof buf, "%.3g", shown);
    dl->AddText(ImVec2(p0.x + 2, y - 7 * u()), IM_COL32(0, 0, 0, 150), buf);
  }
  std::snprintf(buf, sizeof buf, tr("plot.step_n"), long(n) * stride);
  ImVec2 ts = ImGui::CalcTextSize(buf);
  dl->AddText(ImVec2(b.x - ts.x, b.y + 3), IM_COL32(0, 0, 0, 150), buf);
  dl->AddText(ImVec2(a.x, b.y + 3), IM_COL32(0, 0, 0, 150), "0");

  dl->PushClipRect(a, b, true);
  // One polyline per finite run of a series: its joins share vertices (half of what separate
  // segments cost, which a software GPU feels with several curves of 500 points).
  std::vector<ImVec2> run;
  for (const auto& s : series) {
    const auto& v = s.curve->v;
    for (size_t i = 0; i <= v.size(); ++i) {
      if (i < v.size() && std::isfinite(v[i])) {
        run.push_back(ImVec2(X(i), Y(v[i])));
        continue;
      }
      if (run.size() >= 2)
        dl->AddPolyline(run.data(), int(run.size()), s.color, ImDrawFlags_None, 2.0f * u());
      run.clear();
    }
  }
  dl->PopClipRect();

  // Legend, top right; when it is wider than the plot (a phone), in rows from the top left.
  const float gap = 16 * u();
  float total = -gap;
  for (const auto& s : series) total += ImGui::CalcTextSize(s.label).x + gap;
  float lx = total <= b.x - a.x - 16 ? b.x - 8 - total : a.x + 8, ly = a.y + 4;
  for (const auto& s : series) {
    const float w = ImGui::CalcTextSize(s.label).x;
    if (lx > a.x + 8 && lx + w > b.x - 8) {
      lx = a.x + 8;
      ly += ImGui::GetTextLineHeight();
    }
    dl->AddText(ImVec2(lx, ly), s.color, s.label);
    lx += w + gap;
  }
  if (ImGui::IsItemHovered()) {
    float fx = (ImGui::GetIO().MousePos.x - a.x) / (b.x - a.x);
    size_t i = size_t(std::clamp(fx, 0.0f, 1.0f) * float(n - 1) + 0.5f);
    dl->AddLine(ImVec2(X(i), a.y), ImVec2(X(i), b.y), IM_COL32(0, 0, 0, 80));
    ImGui::BeginTooltip();
    ImGui::Text(tr("plot.step_n"), long(i) * stride);
    for (const auto& s : series)
      if (i < s.curve->v.size()) ImGui::TextColored(ImColor(s.color), "%s %.5g", s.label, s.curve->v[i]);
    ImGui::EndTooltip();
  }
  ImGui::PopID();
}

ImU32 signed_color(float v, float scale, float alpha) {
  float t = scale > 0 ? std::min(std::fabs(v) / scale, 1.0f) : 0.0f;
  ImVec4 c = ImGui::ColorConvertU32ToFloat4(v >= 0 ? kBlue : kOrange);
  // Blend from light grey (zero) to the full colour (|v| >= scale).
  auto mix = [&](float from, float to) { return from + (to - from) * t; };
  return ImGui::GetColorU32(ImVec4(mix(0.82f, c.x), mix(0.82f, c.y), mix(0.82f, c.z), alpha));
}

ImU32 tint(ImU32 colour, float t) {
  auto channel = [&](int shift) { return int(255 + (float((colour >> shift) & 0xFF) - 255) * t); };
  return IM_COL32(channel(IM_COL32_R_SHIFT), channel(IM_COL32_G_SHIFT), channel(IM_COL32_B_SHIFT), 255);
}

void beside(const char* label, float item_w) {
  const ImGuiStyle& st = ImGui::GetStyle();
  const float need = item_w + st.ItemInnerSpacing.x + ImGui::CalcTextSize(label, nullptr, true).x;
  const float right = ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x;
  if (ImGui::GetItemRectMax().x + st.ItemSpacing.x + need <= right) ImGui::SameLine();
}

void label(ImDrawList* dl, ImVec2 pos, const char* text, ImU32 color) {
  ImVec2 sz = ImGui::CalcTextSize(text);
  dl->AddRectFilled(ImVec2(pos.x - 2, pos.y - 1), ImVec2(pos.x + sz.x + 2, pos.y + sz.y + 1),
                    IM_COL32(247, 247, 245, 220), 3.0f);
  dl->AddText(pos, color, text);
}

void help_marker(const char* text) {
  ImGui::SameLine();
  ImGui::TextDisabled("(?)");
  if (ImGui::IsItemHovered()) {
    ImGui::BeginTooltip();
    ImGui::PushTextWrapPos(ImGui::GetFontSize() * 28.0f);
    ImGui::TextUnformatted(text);
    ImGui::PopTextWrapPos();
    ImGui::EndTooltip();
  }
}

void apply_theme(float scale) {
  ImGuiStyle& s = ImGui::GetStyle();
  s = ImGuiStyle();
  ImGui::StyleColorsLight();
  s.WindowRounding = 0;
  s.FrameRounding = 4;
  s.GrabRounding = 4;
  s.FramePadding = ImVec2(8, 4);
  s.ItemSpacing = ImVec2(8, 6);
  s.WindowPadding = ImVec2(12, 10);
  s.Colors[ImGuiCol_WindowBg] = ImVec4(0.97f, 0.97f, 0.96f, 1.0f);
  s.Colors[ImGuiCol_Button] = ImVec4(0.0f, 0.45f, 0.70f, 0.15f);
  s.Colors[ImGuiCol_ButtonHovered] = ImVec4(0.0f, 0.45f, 0.70f, 0.35f);
  s.Colors[ImGuiCol_ButtonActive] = ImVec4(0.0f, 0.45f, 0.70f, 0.55f);
  s.ScaleAllSizes(scale);
}

bool pick(const char* label, int& value, const std::vector<std::string>& choices) {
  bool picked = false;
  ImGui::SetNextItemWidth(110 * u());
  if (ImGui::BeginCombo(label, choices[size_t(value)].c_str())) {
    for (int i = 0; i < int(choices.size()); ++i)
      if (ImGui::Selectable(choices[size_t(i)].c_str(), i == value) && i != value) {
        value = i;
        picked = true;
      }
    ImGui::EndCombo();
  }
  return picked;
}

}  // namespace ui
