// Affine warp and pixel noise of 28 x 28 images (see image_warp.h).
#include "data/image_warp.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

namespace data {

namespace {

float pixel(const float* img, int x, int y) {
  if (x < 0 || y < 0 || x >= kSide || y >= kSide) return 0.0f;
  return img[y * kSide + x];
}

}  // namespace

float bilinear(const float* img, float x, float y) {
  if (!(x > -1.0f && y > -1.0f && x < float(kSide) && y < float(kSide))) return 0.0f;  // and NaN
  const float fx = std::floor(x);
  const float fy = std::floor(y);
  const int x0 = int(fx);
  const int y0 = int(fy);
  const float tx = x - fx;
  const float ty = y - fy;
  const float top = (1 - tx) * pixel(img, x0, y0) + tx * pixel(img, x0 + 1, y0);
  const float bottom = (1 - tx) * pixel(img, x0, y0 + 1) + tx * pixel(img, x0 + 1, y0 + 1);
  return (1 - ty) * top + ty * bottom;
}

// Forward map: p' = c + scale * R (p - c) + d, with R turning counter-clockwise on screen:
// x' = cos x + sin y, y' = -sin x + cos y (y down). Each output pixel samples the input at the
// inverse image p = c + R^-1 (p' - c - d) / scale, so no output pixel is left without a value.
void warp(const float* in, float* out, float dx, float dy, float degrees, float scale) {
  if (!(scale > 0.0f) || !std::isfinite(scale))
    throw std::invalid_argument("warp: scale must be a number > 0, not " + std::to_string(scale));
  const float c = 0.5f * float(kSide - 1);
  const float a = degrees * 3.14159265358979f / 180.0f;
  const float cs = std::cos(a) / scale;
  const float sn = std::sin(a) / scale;
  for (int y = 0; y < kSide; ++y)
    for (int x = 0; x < kSide; ++x) {
      const float u = float(x) - c - dx;
      const float v = float(y) - c - dy;
      out[y * kSide + x] = bilinear(in, c + cs * u - sn * v, c + sn * u + cs * v);
    }
}

void add_noise(float* img, float sigma, eng::Rng& rng) {
  if (!(sigma > 0.0f)) return;
  for (int i = 0; i < kSide * kSide; ++i) img[i] = std::clamp(img[i] + sigma * rng.normal(), 0.0f, 1.0f);
}

}  // namespace data
