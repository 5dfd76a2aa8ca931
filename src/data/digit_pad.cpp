// The drawing pad: strokes to cells, cells to an MNIST-like 28 x 28 image and back (digit_pad.h).
#include "data/digit_pad.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

namespace data {

namespace {

using Point = std::array<float, 2>;

constexpr float kSoft = 2.0f;        // the brush's edge fades from full ink to none over 2 cells
constexpr float kInk = 0.2f;         // a cell above this is ink, for the bounding box
constexpr float kEmptySum = 1.0f;    // less ink than one full cell is an empty drawing
constexpr float kBoxSide = 20.0f;    // MNIST: the longer side of the ink's box is 20 pixels
constexpr float kCentre = 14.0f;     // ... and its centre of mass is at pixel (14, 14)

// Distance from the point p to the segment ab (all in cells).
float segment_distance(Point p, Point a, Point b) {
  const float ux = b[0] - a[0];
  const float uy = b[1] - a[1];
  const float len2 = ux * ux + uy * uy;
  float t = 0.0f;
  if (len2 > 0.0f) t = std::clamp(((p[0] - a[0]) * ux + (p[1] - a[1]) * uy) / len2, 0.0f, 1.0f);
  return std::hypot(p[0] - a[0] - t * ux, p[1] - a[1] - t * uy);
}

// The cells in [lo, hi] (cell indices), clamped to the pad.
int first_cell(float lo) { return int(std::clamp(std::floor(lo), 0.0f, float(kPad - 1))); }
int last_cell(float hi) { return int(std::clamp(std::ceil(hi), 0.0f, float(kPad - 1))); }

// Sweeps the brush from a to b (pad units); cell (i, j) is sampled at its centre (i + 0.5, j + 0.5).
void stamp_segment(std::vector<float>& pad, Point a, Point b) {
  if (!std::isfinite(a[0]) || !std::isfinite(a[1]) || !std::isfinite(b[0]) || !std::isfinite(b[1])) return;
  const float r = kBrush * float(kPad);
  const Point ca{a[0] * kPad - 0.5f, a[1] * kPad - 0.5f};  // in cell indices
  const Point cb{b[0] * kPad - 0.5f, b[1] * kPad - 0.5f};
  const float reach = r + 0.5f * kSoft;
  const int x0 = first_cell(std::min(ca[0], cb[0]) - reach);
  const int x1 = last_cell(std::max(ca[0], cb[0]) + reach);
  const int y0 = first_cell(std::min(ca[1], cb[1]) - reach);
  const int y1 = last_cell(std::max(ca[1], cb[1]) + reach);
  for (int y = y0; y <= y1; ++y)
    for (int x = x0; x <= x1; ++x) {
      const float d = segment_distance({float(x), float(y)}, ca, cb);
      const float ink = std::clamp((r - d) / kSoft + 0.5f, 0.0f, 1.0f);
      float& cell = pad[size_t(y) * kPad + size_t(x)];
      cell = std::max(cell, ink);
    }
}

// The ink's bounding box in cells (inclusive), or false when no cell is ink.
bool ink_box(const std::vector<float>& pad, int box[4]) {
  box[0] = kPad;
  box[1] = kPad;
  box[2] = -1;
  box[3] = -1;
  for (int y = 0; y < kPad; ++y)
    for (int x = 0; x < kPad; ++x) {
      if (!(pad[size_t(y) * kPad + size_t(x)] > kInk)) continue;
      box[0] = std::min(box[0], x);
      box[1] = std::min(box[1], y);
      box[2] = std::max(box[2], x);
      box[3] = std::max(box[3], y);
    }
  return box[2] >= 0;
}

// Centre of mass (pixel indices) of an n x n image, and its sum.
float centre_of_mass(const float* img, int n, float& cx, float& cy) {
  double sum = 0;
  double sx = 0;
  double sy = 0;
  for (int y = 0; y < n; ++y)
    for (int x = 0; x < n; ++x) {
      const double v = img[size_t(y) * size_t(n) + size_t(x)];
      sum += v;
      sx += v * x;
      sy += v * y;
    }
  cx = sum > 0 ? float(sx / sum) : 0.0f;
  cy = sum > 0 ? float(sy / sum) : 0.0f;
  return float(sum);
}

// Area-averaging weights along one axis: output pixel u (28) covers the cells from
// from + (u - 0.5 - to) / scale for 1 / scale cells, so that cell `from` lands on pixel `to`.
// w[u * kPad + c] is the share of that span that cell c covers (each cell spans [c - 0.5, c + 0.5]).
std::vector<float> area_weights(float from, float to, float scale) {
  std::vector<float> w(size_t(kSide) * kPad, 0.0f);
  for (int u = 0; u < kSide; ++u) {
    const float lo = from + (float(u) - 0.5f - to) / scale;
    const float hi = lo + 1.0f / scale;
    for (int c = first_cell(lo); c <= last_cell(hi); ++c) {
      const float overlap = std::min(hi, c + 0.5f) - std::max(lo, c - 0.5f);
      if (overlap > 0.0f) w[size_t(u) * kPad + size_t(c)] = overlap * scale;
    }
  }
  return w;
}

// out (28 x 28) = wy * pad * wx^T: the pad area-averaged onto the image.
void resample(const std::vector<float>& pad, const std::vector<float>& wx, const std::vector<float>& wy,
              float* out) {
  std::vector<float> rows(size_t(kSide) * kPad, 0.0f);  // pad rows averaged: 28 x kPad
  for (int v = 0; v < kSide; ++v)
    for (int r = 0; r < kPad; ++r) {
      const float w = wy[size_t(v) * kPad + size_t(r)];
      if (w == 0.0f) continue;
      float* row = &rows[size_t(v) * kPad];
      const float* cells = &pad[size_t(r) * kPad];
      for (int c = 0; c < kPad; ++c) row[c] += w * cells[c];
    }
  for (int v = 0; v < kSide; ++v)
    for (int u = 0; u < kSide; ++u) {
      const float* row = &rows[size_t(v) * kPad];
      const float* w = &wx[size_t(u) * kPad];
      float sum = 0.0f;
      for (int c = 0; c < kPad; ++c) sum += row[c] * w[c];
      out[v * kSide + u] = std::min(sum, 1.0f);
    }
}

}  // namespace

void draw_strokes(std::vector<float>& pad, const std::vector<std::vector<Point>>& strokes) {
  if (pad.size() != size_t(kPad) * kPad) pad.assign(size_t(kPad) * kPad, 0.0f);
  for (const std::vector<Point>& stroke : strokes) {
    if (stroke.size() == 1) stamp_segment(pad, stroke[0], stroke[0]);
    for (size_t i = 1; i < stroke.size(); ++i) stamp_segment(pad, stroke[i - 1], stroke[i]);
  }
}

// The box's longer side becomes 20 pixels; the ink's centre of mass is mapped to (14, 14). Area
// averaging can move the centre of mass a little (by a few hundredths of a pixel for drawn digits;
// more when ink is cut off at the image's edge), so the placement is corrected by what is measured
// until it is within 0.01 pixel.
bool mnist_like(const std::vector<float>& pad, float* out28) {
  if (pad.size() != size_t(kPad) * kPad)
    throw std::invalid_argument("mnist_like: the pad has " + std::to_string(pad.size()) +
                                " cells, not " + std::to_string(kPad * kPad));
  int box[4];
  float cx = 0.0f;
  float cy = 0.0f;
  if (!ink_box(pad, box) || centre_of_mass(pad.data(), kPad, cx, cy) < kEmptySum) return false;
  const int longer = std::max(box[2] - box[0] + 1, box[3] - box[1] + 1);
  const float scale = kBoxSide / float(longer);  // pixels per cell
  float tx = kCentre;
  float ty = kCentre;
  float img[kSide * kSide];
  for (int pass = 0; pass < 4; ++pass) {
    resample(pad, area_weights(cx, tx, scale), area_weights(cy, ty, scale), img);
    float mx = 0.0f;
    float my = 0.0f;
    centre_of_mass(img, kSide, mx, my);
    if (std::abs(mx - kCentre) < 0.01f && std::abs(my - kCentre) < 0.01f) break;
    tx += kCentre - mx;
    ty += kCentre - my;
  }
  std::copy(img, img + kSide * kSide, out28);
  return true;
}

// Cell (i, j)'s centre (i + 0.5, j + 0.5) / kPad in pad units is pixel ((p - x0) / size) * 28 - 0.5
// of the image (pixel x spans [x, x + 1] / 28 of the image's square).
void to_pad(const float* img28, std::vector<float>& pad, float size, float x0, float y0) {
  if (!(size > 0.0f) || !std::isfinite(size))
    throw std::invalid_argument("to_pad: size must be a number > 0, not " + std::to_string(size));
  pad.assign(size_t(kPad) * kPad, 0.0f);
  const float per_cell = float(kSide) / (size * float(kPad));  // image pixels per pad cell
  for (int y = 0; y < kPad; ++y)
    for (int x = 0; x < kPad; ++x) {
      const float ix = (float(x) + 0.5f - x0 * kPad) * per_cell - 0.5f;
      const float iy = (float(y) + 0.5f - y0 * kPad) * per_cell - 0.5f;
      pad[size_t(y) * kPad + size_t(x)] = bilinear(img28, ix, iy);
    }
}

}  // namespace data
