#include "ui/digits.h"

#include <algorithm>
#include <cmath>

#include "data/digit_pad.h"

namespace ui {

ImVec2 grey_image(const float* v, int w, int h, float cell, float lo, float hi) {
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const ImVec2 o = ImGui::GetCursorScreenPos();
  const float range = hi - lo > 1e-6f ? hi - lo : 1.0f;
  dl->AddRectFilled(o, ImVec2(o.x + w * cell, o.y + h * cell), kPaper);
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; ++x) {
      const float t = std::clamp((v[y * w + x] - lo) / range, 0.0f, 1.0f);
      if (t < 0.08f) continue;  // paper: most of a digit, and not worth a rectangle
      const int g = int(255 * (1 - t));
      dl->AddRectFilled(ImVec2(o.x + x * cell, o.y + y * cell),
                        ImVec2(o.x + (x + 1) * cell, o.y + (y + 1) * cell), IM_COL32(g, g, g, 255));
    }
  dl->AddRect(o, ImVec2(o.x + w * cell, o.y + h * cell), kGrid);
  ImGui::Dummy(ImVec2(w * cell, h * cell));
  return o;
}

void digit(const float* img28, float side) {
  if (side / 28 >= 2.5f) {
    grey_image(img28, 28, 28, side / 28, 0, 1);
    return;
  }
  float half[14 * 14];
  for (int y = 0; y < 14; ++y)
    for (int x = 0; x < 14; ++x) {
      const float* p = img28 + 2 * y * 28 + 2 * x;
      half[y * 14 + x] = 0.25f * (p[0] + p[1] + p[28] + p[29]);
    }
  grey_image(half, 14, 14, side / 14, 0, 1);
}

bool stroke_pad(const char* id, const std::vector<float>& pad, float side, std::vector<Stroke>& strokes,
                bool& stroking) {
  const ImVec2 o = ImGui::GetCursorScreenPos();
  ImGui::InvisibleButton(id, ImVec2(side, side));
  const bool active = ImGui::IsItemActive();
  bool changed = false;
  if (active) {
    const ImVec2 mp = ImGui::GetIO().MousePos;
    const std::array<float, 2> pt = {std::clamp((mp.x - o.x) / side, 0.0f, 1.0f),
                                     std::clamp((mp.y - o.y) / side, 0.0f, 1.0f)};
    std::vector<Stroke> s = strokes;
    if (!stroking || s.empty()) s.push_back({});
    if (s.back().empty() || std::hypot(s.back().back()[0] - pt[0], s.back().back()[1] - pt[1]) > 0.01f)
      s.back().push_back(pt);
    if (s.size() <= 100) {
      strokes = s;
      changed = true;
    }
  }
  stroking = active;
  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->AddRectFilled(o, ImVec2(o.x + side, o.y + side), kPaper);
  const float c = side / float(data::kPad);
  for (int yy = 0; yy < data::kPad && size_t(yy * data::kPad) < pad.size(); ++yy)
    for (int xx = 0; xx < data::kPad; ++xx) {
      const float v = pad[size_t(yy * data::kPad + xx)];
      if (v < 0.05f) continue;
      const int g = int(255 * (1 - v));
      dl->AddRectFilled(ImVec2(o.x + xx * c, o.y + yy * c), ImVec2(o.x + (xx + 1) * c, o.y + (yy + 1) * c),
                        IM_COL32(g, g, g, 255));
    }
  dl->AddRect(o, ImVec2(o.x + side, o.y + side), kInk);
  return changed;
}

}  // namespace ui
