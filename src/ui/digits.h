// Drawing digits: a grey image (ink on paper, as MNIST's digits are shown) and the drawing pad that
// a learner writes a digit on (src/data/digit_pad.h), shared by the labs that read or make digits.
#pragma once
#include <array>
#include <vector>

#include "ui/plot.h"

namespace ui {

using Stroke = std::vector<std::array<float, 2>>;

constexpr ImU32 kPaper = IM_COL32(255, 255, 255, 255);

// A grey image, w x h values scaled so that `lo` is white and `hi` black, at `cell` pixels per
// value. Returns its rectangle's top-left.
ImVec2 grey_image(const float* v, int w, int h, float cell, float lo, float hi);

// A 28 x 28 digit (values in [0, 1]) as a square of `side` pixels (one quad of the frame's
// texture atlas, ui/image_atlas.h).
void digit(const float* img28, float side);

// The pad (data::kPad^2 values) as a square of `side` pixels that takes strokes from the mouse or a
// finger. `stroking` is the widget's memory between frames (true while a stroke is under way).
// Returns true when `strokes` changed this frame (the caller redraws the pad from them).
bool stroke_pad(const char* id, const std::vector<float>& pad, float side, std::vector<Stroke>& strokes,
                bool& stroking);

}  // namespace ui
