// Image operations (src/data/image_warp.h) and the drawing pad (src/data/digit_pad.h): the warp's
// geometry, noise, strokes, MNIST's preprocessing, and a digit redrawn elsewhere on the pad.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <vector>

#include "data/digit_pad.h"
#include "data/image_warp.h"

namespace {

using Image = std::vector<float>;
constexpr int kN = data::kSide * data::kSide;

Image one_pixel(int x, int y) {
  Image img(kN, 0.0f);
  img[y * data::kSide + x] = 1.0f;
  return img;
}

float at(const Image& img, int x, int y) { return img[y * data::kSide + x]; }

// Centre of mass in pixel indices, written here again so the tests do not trust the code's own.
void com(const Image& img, double& cx, double& cy) {
  double sum = 0;
  cx = 0;
  cy = 0;
  for (int y = 0; y < data::kSide; ++y)
    for (int x = 0; x < data::kSide; ++x) {
      sum += at(img, x, y);
      cx += at(img, x, y) * x;
      cy += at(img, x, y) * y;
    }
  cx /= sum;
  cy /= sum;
}

// Rows (or columns) that hold a pixel above 0.1, from first to last.
int ink_extent(const Image& img, bool rows) {
  int lo = data::kSide;
  int hi = -1;
  for (int y = 0; y < data::kSide; ++y)
    for (int x = 0; x < data::kSide; ++x) {
      if (at(img, x, y) <= 0.1f) continue;
      lo = std::min(lo, rows ? y : x);
      hi = std::max(hi, rows ? y : x);
    }
  return hi - lo + 1;
}

// A "0" as MNIST has them: a ring whose pixels above 0.1 span columns and rows 4..23 (20 pixels),
// thicker towards the lower right by `a` pixels, so that its centre of mass can be put at (14, 14).
Image ring(double a) {
  Image img(kN, 0.0f);
  for (int y = 0; y < data::kSide; ++y)
    for (int x = 0; x < data::kSide; ++x) {
      const double dx = x - 13.5;
      const double dy = y - 13.5;
      const double d = std::hypot(dx, dy);
      const double inner = 6.0 - a * std::cos(std::atan2(dy, dx) - 0.7853981633974483);
      const double v = std::min(9.5 - d, d - inner) + 0.5;
      img[y * data::kSide + x] = float(std::clamp(v, 0.0, 1.0));
    }
  return img;
}

// The ring with its centre of mass at (14, 14), by bisection on its thickness.
Image centred_ring() {
  double lo = 0.0;
  double hi = 5.0;
  for (int i = 0; i < 40; ++i) {
    double cx = 0;
    double cy = 0;
    com(ring(0.5 * (lo + hi)), cx, cy);
    if (cx < 14.0) lo = 0.5 * (lo + hi);
    else hi = 0.5 * (lo + hi);
  }
  return ring(0.5 * (lo + hi));
}

}  // namespace

TEST_CASE("warp: the identity leaves an image as it is", "[digit_pad][warp]") {
  eng::Rng rng(7);
  Image in(kN);
  for (float& v : in) v = rng.uniform();
  Image out(kN, -1.0f);
  data::warp(in.data(), out.data(), 0, 0, 0, 1);
  for (int i = 0; i < kN; ++i) CHECK(out[i] == Approx(in[i]).margin(1e-6));
}

TEST_CASE("warp: a shift moves a pixel right, a rotation turns it counter-clockwise", "[digit_pad][warp]") {
  Image out(kN);
  data::warp(one_pixel(10, 10).data(), out.data(), 3, 0, 0, 1);
  CHECK(at(out, 13, 10) == Approx(1.0f).margin(1e-5));
  CHECK(at(out, 10, 10) == 0.0f);
  // (14, 4) is 9.5 above the centre (13.5, 13.5) and 0.5 right of it: 90 degrees puts it 9.5 to
  // the left and 0.5 above, at (4, 13); -90 degrees 9.5 to the right and 0.5 below, at (23, 14).
  data::warp(one_pixel(14, 4).data(), out.data(), 0, 0, 90, 1);
  CHECK(at(out, 4, 13) == Approx(1.0f).margin(1e-4));
  data::warp(one_pixel(14, 4).data(), out.data(), 0, 0, -90, 1);
  CHECK(at(out, 23, 14) == Approx(1.0f).margin(1e-4));
  CHECK(at(out, 4, 13) == Approx(0.0f).margin(1e-4));
  CHECK_THROWS_WITH(data::warp(out.data(), out.data(), 0, 0, 0, 0), Catch::Contains("scale"));
}

TEST_CASE("warp: scale 2 doubles a spot's distance from the centre", "[digit_pad][warp]") {
  Image in(kN, 0.0f);
  for (int y : {13, 14})
    for (int x : {16, 17}) in[y * data::kSide + x] = 1.0f;  // centred at (16.5, 13.5): 3 right
  Image out(kN);
  data::warp(in.data(), out.data(), 0, 0, 0, 2);
  double cx = 0;
  double cy = 0;
  com(out, cx, cy);
  CHECK(cx - 13.5 == Approx(6.0).margin(0.02));
  CHECK(cy == Approx(13.5).margin(0.02));
}

TEST_CASE("add_noise: values stay in [0,1]; sigma 0 changes nothing", "[digit_pad][noise]") {
  Image img(kN);
  for (int i = 0; i < kN; ++i) img[i] = float(i % 3) * 0.5f;  // 0, 0.5, 1: both bounds are hit
  const Image before = img;
  eng::Rng rng(3);
  data::add_noise(img.data(), 0.0f, rng);
  CHECK(img == before);
  data::add_noise(img.data(), 0.3f, rng);
  double change = 0;
  for (int i = 0; i < kN; ++i) {
    CHECK(img[i] >= 0.0f);
    CHECK(img[i] <= 1.0f);
    change += std::abs(img[i] - before[i]);
  }
  CHECK(change / kN > 0.1);  // about 0.17 for sigma 0.3 with the clamps
}

TEST_CASE("draw_strokes: ink along a stroke and none far from it; a point is a dot", "[digit_pad]") {
  std::vector<float> pad;
  data::draw_strokes(pad, {{{0.2f, 0.5f}, {0.8f, 0.5f}}});
  REQUIRE(pad.size() == size_t(data::kPad) * data::kPad);
  const int row = data::kPad / 2;  // y = 0.5 is the edge between rows 55 and 56
  for (int x = 30; x < 80; ++x) CHECK(pad[row * data::kPad + x] == 1.0f);
  for (int x = 0; x < data::kPad; ++x) CHECK(pad[20 * data::kPad + x] == 0.0f);
  for (int y = 0; y < data::kPad; ++y) CHECK(pad[y * data::kPad + 5] == 0.0f);
  std::vector<float> dot(10, 0.0f);  // the wrong size: made a pad
  data::draw_strokes(dot, {{{0.5f, 0.5f}}});
  REQUIRE(dot.size() == pad.size());
  CHECK(dot[56 * data::kPad + 56] == 1.0f);
  CHECK(dot[56 * data::kPad + 59] == 1.0f);  // 3 cells off, inside the brush's radius of 5
  CHECK(dot[56 * data::kPad + 64] == 0.0f);  // 8 cells off
}

TEST_CASE("mnist_like: an empty pad is refused; a '1' is 20 pixels tall, centred", "[digit_pad]") {
  std::vector<float> pad(size_t(data::kPad) * data::kPad, 0.0f);
  Image out(kN, 7.0f);
  CHECK_FALSE(data::mnist_like(pad, out.data()));
  CHECK(out == Image(kN, 7.0f));  // untouched
  data::draw_strokes(pad, {{{0.45f, 0.2f}, {0.5f, 0.8f}}});
  REQUIRE(data::mnist_like(pad, out.data()));
  CHECK(std::abs(ink_extent(out, true) - 20) <= 1);
  CHECK(ink_extent(out, false) < 8);  // thin: the aspect is kept
  double cx = 0;
  double cy = 0;
  com(out, cx, cy);
  CHECK(cx == Approx(14.0).margin(0.05));
  CHECK(cy == Approx(14.0).margin(0.05));
  CHECK_THROWS_WITH(data::mnist_like(std::vector<float>(5), out.data()), Catch::Contains("cells"));
}

TEST_CASE("a digit drawn at half size elsewhere on the pad comes back as it was", "[digit_pad]") {
  const Image digit = centred_ring();
  double cx = 0;
  double cy = 0;
  com(digit, cx, cy);
  REQUIRE(cx == Approx(14.0).margin(0.01));
  REQUIRE(cy == Approx(14.0).margin(0.01));
  REQUIRE(ink_extent(digit, true) == 20);
  REQUIRE(ink_extent(digit, false) == 20);
  // Half the pad's side, left of centre and low; and most of the pad, near its top left corner.
  const float placements[2][3] = {{0.5f, 0.1f, 0.3f}, {0.8f, 0.1f, 0.15f}};
  for (const auto& place : placements) {
    std::vector<float> pad;
    data::to_pad(digit.data(), pad, place[0], place[1], place[2]);
    Image back(kN);
    REQUIRE(data::mnist_like(pad, back.data()));
    double error = 0;
    for (int i = 0; i < kN; ++i) error += std::abs(back[i] - digit[i]);
    error /= kN;
    INFO("size " << place[0] << ": mean absolute difference " << error);
    // Measured 0.0326 (size 0.5) and 0.0276 (size 0.8): the blur of two resamplings, and the ink's
    // box found to a pad cell (half a pixel at size 0.5), which sets the scale to about 2%.
    CHECK(error < 0.045);
  }
}
