// The drawing pad of chapter 3: a learner draws a digit with the mouse as strokes on a kPad x kPad
// grid of cells, and mnist_like turns the drawing into a 28 x 28 image the way MNIST's own digits
// were made, so a network trained on MNIST sees a drawing as it saw its training data.
// Pad units: [0,1] x [0,1], x right, y down; cell (i, j) (column i, row j) is the square
// [i, i+1] x [j, j+1] / kPad, values in [0,1] (1 = ink), row-major.
#pragma once
#include <array>
#include <vector>

#include "data/image_warp.h"

namespace data {

// The drawing pad: kPad x kPad cells, values in [0,1] (1 = ink).
constexpr int kPad = 112;
// Strokes: each a polyline of points in pad units [0,1] x [0,1] (x right, y down). A round brush of
// radius kBrush * kPad cells, soft edge.
constexpr float kBrush = 0.045f;

// Adds the strokes to the pad (resized to kPad*kPad cells if it is not that size): the brush is
// swept along each segment, ink combines by maximum, a stroke of one point is a dot.
void draw_strokes(std::vector<float>& pad, const std::vector<std::vector<std::array<float, 2>>>& strokes);

// MNIST's own preprocessing (LeCun et al.): the ink's bounding box is scaled (aspect kept,
// area-averaged, anti-aliased) so its longer side is 20 pixels, then placed in 28 x 28 so that its
// centre of mass is the image centre (14, 14). Returns false (and leaves out untouched) when the
// pad has no ink (sum < a small threshold): an empty drawing.
// The centre of mass is in pixel indices (column, row), as MNIST's digits have it: their mean is
// (14.0, 14.0). A pad that is not kPad*kPad cells is refused (std::invalid_argument).
bool mnist_like(const std::vector<float>& pad, float* out28);

// The reverse, for tests and the "redraw" check: renders a 28x28 image onto the pad at a
// different size and place (scale factor, offset in pad units), as a learner would draw it.
// The image's square covers [x0, x0 + size] x [y0, y0 + size] of the pad (size 0.6 = 60% of the
// pad's side); bilinear. The pad is resized to kPad*kPad and overwritten (0 outside the square).
// Size must be > 0 (std::invalid_argument otherwise).
void to_pad(const float* img28, std::vector<float>& pad, float size, float x0, float y0);

}  // namespace data
