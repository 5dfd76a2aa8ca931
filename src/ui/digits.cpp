#include "ui/digits.h"

#include <algorithm>
#include <cmath>

#include "data/digit_pad.h"
#include "ui/image_atlas.h"

namespace ui {

namespace {

// v (w x h values) over the square cells from o, `cell` pixels each: t = (v - lo) / (hi - lo)
// clamped to [0, 1] is ink (black at 1); below `paper` it is paper. One textured quad from the
// frame's atlas where there is one, else a rectangle for each inked value.
void paint(const float* v, int w, int h, ImVec2 o, float cell, float lo, float hi, float paper) {
  const float range = hi - lo > 1e-6f ? hi - lo : 1.0f;
  auto colour = [&](int i) {
    const float t = std::clamp((v[i] - lo) / range, 0.0f, 1.0f);
    const int g = int(255 * (1 - t));
    return t < paper ? kPaper : IM_COL32(g, g, g, 255);
  };
  const ImVec2 end(o.x + w * cell, o.y + h * cell);
  int stride = 0;
  if (uint32_t* px = atlas_image(w, h, o, end, stride)) {
    for (int y = 0; y < h; ++y)
      for (int x = 0; x < w; ++x) px[y * stride + x] = colour(y * w + x);
    return;
  }
  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->AddRectFilled(o, end, kPaper);
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; ++x) {
      const ImU32 c = colour(y * w + x);
      const ImVec2 a(o.x + x * cell, o.y + y * cell);
      if (c != kPaper) dl->AddRectFilled(a, ImVec2(a.x + cell, a.y + cell), c);
    }
}

}  // namespace

ImVec2 grey_image(const float* v, int w, int h, float cell, float lo, float hi) {
  const ImVec2 o = ImGui::GetCursorScreenPos();
  paint(v, w, h, o, cell, lo, hi, 0.08f);  // paper: most of a digit
  ImGui::GetWindowDrawList()->AddRect(o, ImVec2(o.x + w * cell, o.y + h * cell), kGrid);
  ImGui::Dummy(ImVec2(w * cell, h * cell));
  return o;
}

void digit(const float* img28, float side) { grey_image(img28, 28, 28, side / 28, 0, 1); }

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
  if (pad.size() >= size_t(data::kPad * data::kPad))
    paint(pad.data(), data::kPad, data::kPad, o, side / float(data::kPad), 0, 1, 0.05f);
  else
    dl->AddRectFilled(o, ImVec2(o.x + side, o.y + side), kPaper);
  dl->AddRect(o, ImVec2(o.x + side, o.y + side), kInk);
  return changed;
}

}  // namespace ui
