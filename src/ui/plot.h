// ImGui drawing helpers shared by the labs: a decimating curve history, line plots,
// a colour-blind-safe diverging colour map for weights, and a help marker.
#pragma once
#include <string>
#include <vector>

#include "imgui.h"

namespace ui {

// A training curve that keeps at most `capacity` points: when full, neighbours are averaged and
// the stride doubles, so a long run still fits and the plot stays cheap.
struct Curve {
  std::vector<float> v;   // one point per `stride` steps
  long stride = 1;        // steps per point
  size_t capacity = 512;
  double acc = 0;         // running sum of the point being built
  long acc_n = 0;
  void push(float x);
  void clear() { *this = Curve{{}, 1, capacity}; }
};

struct Series {
  const Curve* curve;
  const char* label;
  ImU32 color;
};

// A line plot of one or more curves against the step number, with axes, a few grid values and a
// legend. log_y plots log10 of the values (losses are best seen that way).
void plot_curves(const char* id, const std::vector<Series>& series, ImVec2 size, bool log_y);

// Diverging colours, colour-blind safe (blue = positive, orange = negative), with alpha by
// magnitude relative to `scale`.
ImU32 signed_color(float v, float scale, float alpha = 1.0f);

// `colour` at strength t over white: t = 0 is white, 1 the colour itself (pale fills behind points
// and text).
ImU32 tint(ImU32 colour, float t);

// Text on a translucent paper-coloured box, readable on top of lines.
void label(ImDrawList* dl, ImVec2 pos, const char* text, ImU32 color);

// SameLine() when the next control (a widget item_w wide, then its label) still fits on this row;
// otherwise it starts a new one, so a narrow lab panel wraps its controls instead of cutting them.
void beside(const char* label, float item_w);

// A dimmed "(?)" that shows `text` as a tooltip: the intuition behind a control.
void help_marker(const char* text);

// A combo of `choices`; true when the learner picked another one, which is then `value`.
bool pick(const char* label, int& value, const std::vector<std::string>& choices);

// Colours used across labs.
constexpr ImU32 kBlue = IM_COL32(0, 114, 178, 255);     // Okabe-Ito blue
constexpr ImU32 kOrange = IM_COL32(230, 159, 0, 255);   // Okabe-Ito orange
constexpr ImU32 kGreen = IM_COL32(0, 158, 115, 255);    // Okabe-Ito bluish green
constexpr ImU32 kVermillion = IM_COL32(213, 94, 0, 255);
constexpr ImU32 kInk = IM_COL32(40, 44, 52, 255);
constexpr ImU32 kGrid = IM_COL32(0, 0, 0, 30);

// The light theme that matches the page; sizes in CSS pixels, times `scale` (presenter mode).
void apply_theme(float scale = 1.0f);

// One "pixel" of a lab's layout at the current UI scale: labs write sizes as u() * 250, so
// presenter mode's larger fonts get a larger layout too.
inline float u() { return ImGui::GetFontSize() / 15.0f; }

}  // namespace ui
