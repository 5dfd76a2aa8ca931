// The GAN lab's 2-D distributions (src/data/gan2d.h): the layouts, the density's total mass, what
// sample draws, how coverage counts modes, and the modes of the learner's drawn points.
#include <algorithm>
#include <array>
#include <catch2/catch.hpp>
#include <cmath>
#include <stdexcept>
#include <string>
#include <vector>

#include "data/gan2d.h"

namespace {

constexpr double kPi = 3.141592653589793;
constexpr int kSamples = 40000;

const std::vector<std::string> kNamed = {"ring", "grid", "line", "moons", "blobs"};

std::vector<float> draw(const data::Mixture& m, int n, uint64_t seed) {
  eng::Rng rng(seed);
  std::vector<float> xy(size_t(2 * n));
  data::sample(m, n, rng, xy.data());
  return xy;
}

// Index of the nearest of the given centres, written here again so the tests do not trust coverage.
int nearest(const std::vector<std::array<float, 2>>& centres, float x, float y) {
  int best = 0;
  for (size_t k = 1; k < centres.size(); ++k) {
    if (std::hypot(x - centres[k][0], y - centres[k][1]) <
        std::hypot(x - centres[best][0], y - centres[best][1]))
      best = int(k);
  }
  return best;
}

// The share of the samples per class, for a classifier of points.
template <class F>
std::vector<double> shares(const std::vector<float>& xy, int classes, F classify) {
  std::vector<double> s(size_t(classes), 0.0);
  const int n = int(xy.size() / 2);
  for (int i = 0; i < n; ++i) s[size_t(classify(xy[2 * i], xy[2 * i + 1]))] += 1.0 / n;
  return s;
}

void mean(const std::vector<float>& xy, double& mx, double& my) {
  mx = 0;
  my = 0;
  const int n = int(xy.size() / 2);
  for (int i = 0; i < n; ++i) {
    mx += xy[2 * i] / double(n);
    my += xy[2 * i + 1] / double(n);
  }
}

}  // namespace

TEST_CASE("gan2d: the names, and errors for custom and unknown names", "[gan2d]") {
  const std::vector<std::string> names = {"ring", "grid", "line", "moons", "blobs", "custom"};
  CHECK(data::gan2d_names() == names);
  CHECK_THROWS_AS(data::gan2d("custom"), std::invalid_argument);
  CHECK_THROWS_AS(data::gan2d("spiral"), std::invalid_argument);
  CHECK_THROWS_WITH(data::gan2d("spiral"), Catch::Contains("spiral"));
}

TEST_CASE("gan2d: every named layout lies in the square with 3 sigma margins, every mode used", "[gan2d]") {
  const std::vector<int> modes = {8, 25, 3, 2, 3};
  for (size_t d = 0; d < kNamed.size(); ++d) {
    const data::Mixture m = data::gan2d(kNamed[d]);
    INFO(kNamed[d]);
    CHECK(m.name == kNamed[d]);
    CHECK(m.modes == modes[d]);
    std::vector<int> parts_of_mode(size_t(m.modes), 0);
    for (const data::Component& c : m.parts) {
      CHECK(c.sigma > 0.0f);
      CHECK(std::abs(c.x) + 3 * c.sigma <= 1.0f);
      CHECK(std::abs(c.y) + 3 * c.sigma <= 1.0f);
      REQUIRE(c.mode >= 0);
      REQUIRE(c.mode < m.modes);
      ++parts_of_mode[size_t(c.mode)];
    }
    for (int count : parts_of_mode) CHECK(count > 0);
  }
}

TEST_CASE("gan2d: ring, grid, line, moons and blobs have the layouts of the legend", "[gan2d]") {
  const data::Mixture ring = data::gan2d("ring");
  REQUIRE(ring.parts.size() == 8);
  for (const data::Component& c : ring.parts) {
    CHECK(std::hypot(c.x, c.y) == Approx(0.75).margin(1e-5));
    CHECK(c.sigma == Approx(0.05f));
    const double angle = std::atan2(c.y, c.x);  // mode k at 45 k degrees
    CHECK(std::remainder(angle - c.mode * kPi / 4, 2 * kPi) == Approx(0.0).margin(1e-5));
  }

  const data::Mixture grid = data::gan2d("grid");
  REQUIRE(grid.parts.size() == 25);
  std::vector<int> seen(25, 0);
  for (const data::Component& c : grid.parts) {
    const int col = int(std::lround((c.x + 0.8f) / 0.4f));
    const int row = int(std::lround((c.y + 0.8f) / 0.4f));
    REQUIRE(col >= 0);
    REQUIRE(col < 5);
    REQUIRE(row >= 0);
    REQUIRE(row < 5);
    CHECK(c.x == Approx(-0.8 + 0.4 * col).margin(1e-5));
    CHECK(c.y == Approx(-0.8 + 0.4 * row).margin(1e-5));
    CHECK(c.sigma == Approx(0.04f));
    ++seen[size_t(row * 5 + col)];
  }
  for (int s : seen) CHECK(s == 1);

  // Line: on the segment, in order, about 0.05 apart, the thirds being modes 0, 1, 2.
  const data::Mixture line = data::gan2d("line");
  REQUIRE(line.parts.size() >= 30);
  for (size_t i = 0; i < line.parts.size(); ++i) {
    const data::Component& c = line.parts[i];
    const double t = (c.x + 0.8) / 1.6;
    CHECK(c.y == Approx(-0.5 + t).margin(1e-5));
    CHECK(t > 0.0);
    CHECK(t < 1.0);
    CHECK(c.mode == int(t * 3));
    CHECK(c.sigma == Approx(0.03f));
    if (i == 0) continue;
    const double gap = std::hypot(c.x - line.parts[i - 1].x, c.y - line.parts[i - 1].y);
    CHECK(gap > 0.04);
    CHECK(gap < 0.06);
  }

  // Moons: two arcs of components of sigma 0.04, every component more than 6 sigma from the other arc.
  const data::Mixture moons = data::gan2d("moons");
  for (int arc = 0; arc < 2; ++arc) {
    int count = 0;
    for (const data::Component& c : moons.parts) count += c.mode == arc;
    REQUIRE(count >= 20);
    for (const data::Component& c : moons.parts) {
      if (c.mode == arc) CHECK(c.sigma == Approx(0.04f));
      if (c.mode != arc) continue;
      for (const data::Component& o : moons.parts)
        if (o.mode != arc) CHECK(std::hypot(c.x - o.x, c.y - o.y) > 6 * 0.04);
    }
  }

  // Blobs: three sizes, disjoint 3 sigma discs.
  const data::Mixture blobs = data::gan2d("blobs");
  for (const data::Component& a : blobs.parts)
    for (const data::Component& b : blobs.parts) {
      if (a.mode == b.mode) continue;
      CHECK(a.sigma != b.sigma);
      CHECK(std::hypot(a.x - b.x, a.y - b.y) > 3 * (a.sigma + b.sigma));
    }
}

TEST_CASE("gan2d: the density integrates to 1 for every distribution", "[gan2d]") {
  std::vector<data::Mixture> all;
  for (const std::string& name : kNamed) all.push_back(data::gan2d(name));
  all.push_back(data::mixture_from_points({{-0.5f, 0.2f}, {-0.45f, 0.25f}, {0.6f, -0.7f}}));
  constexpr double kH = 0.005;  // midpoint rule over [-1.5, 1.5]^2
  constexpr int kCells = 600;
  for (const data::Mixture& m : all) {
    double mass = 0;
    for (int i = 0; i < kCells; ++i)
      for (int j = 0; j < kCells; ++j) {
        const float x = float(-1.5 + (i + 0.5) * kH);
        const float y = float(-1.5 + (j + 0.5) * kH);
        mass += data::density(m, x, y) * kH * kH;
      }
    INFO(m.name);
    CHECK(mass == Approx(1.0).margin(1e-3));
  }
}

TEST_CASE("gan2d: the density's value at a ring mode and far away", "[gan2d]") {
  const data::Mixture ring = data::gan2d("ring");
  // At a centre the other modes (0.57 apart, 11 sigma) add nothing: 1/8 of a Gaussian's peak.
  const double peak = 1.0 / (2 * kPi * 0.05 * 0.05) / 8;
  CHECK(data::density(ring, 0.75f, 0.0f) == Approx(peak).epsilon(1e-4));
  CHECK(data::density(ring, 0.0f, 0.0f) < 1e-6f);
  CHECK(data::density(data::Mixture{}, 0.0f, 0.0f) == 0.0f);
}

TEST_CASE("gan2d: ring samples share the 8 modes evenly around radius 0.75", "[gan2d]") {
  const std::vector<float> xy = draw(data::gan2d("ring"), kSamples, 3);
  const std::vector<double> s = shares(xy, 8, [](float x, float y) {
    const double a = std::atan2(y, x) + kPi / 8;  // sector k is centred on 45 k degrees
    return int(std::floor((a < 0 ? a + 2 * kPi : a) / (kPi / 4))) % 8;
  });
  for (double share : s) CHECK(share == Approx(1.0 / 8).margin(0.02));
  double mx = 0;
  double my = 0;
  mean(xy, mx, my);
  CHECK(mx == Approx(0.0).margin(0.01));
  CHECK(my == Approx(0.0).margin(0.01));
  double radius = 0;
  for (int i = 0; i < kSamples; ++i) radius += std::hypot(xy[2 * i], xy[2 * i + 1]) / kSamples;
  CHECK(radius == Approx(0.75).margin(0.01));
}

TEST_CASE("gan2d: grid, line, moons and blobs samples fall on their modes in the right shares", "[gan2d]") {
  std::vector<std::array<float, 2>> lattice;
  for (int row = 0; row < 5; ++row)
    for (int col = 0; col < 5; ++col) lattice.push_back({-0.8f + 0.4f * col, -0.8f + 0.4f * row});
  const std::vector<float> grid = draw(data::gan2d("grid"), kSamples, 4);
  for (double share : shares(grid, 25, [&](float x, float y) { return nearest(lattice, x, y); }))
    CHECK(share == Approx(1.0 / 25).margin(0.01));

  // Line: thirds of the projection onto the segment.
  const std::vector<float> line = draw(data::gan2d("line"), kSamples, 5);
  const std::vector<double> thirds = shares(line, 3, [](float x, float y) {
    const double t = ((x + 0.8) * 1.6 + (y + 0.5) * 1.0) / (1.6 * 1.6 + 1.0);
    return std::min(2, std::max(0, int(std::floor(t * 3))));
  });
  for (double share : thirds) CHECK(share == Approx(1.0 / 3).margin(0.02));
  double mx = 0;
  double my = 0;
  mean(line, mx, my);
  CHECK(mx == Approx(0.0).margin(0.01));
  CHECK(my == Approx(0.0).margin(0.01));

  // Moons: the two arcs have the same length and the same number of components.
  const data::Mixture moons = data::gan2d("moons");
  const data::Coverage halves = data::coverage(moons, draw(moons, kSamples, 6).data(), kSamples);
  CHECK(halves.per_mode[0] == Approx(kSamples / 2).margin(0.02 * kSamples));
  CHECK(halves.per_mode[1] == Approx(kSamples / 2).margin(0.02 * kSamples));

  // Blobs: weights 1/2, 1/3, 1/6 (the legend), told apart by the nearest centre.
  const std::vector<std::array<float, 2>> centres = {{-0.45f, 0.35f}, {0.5f, 0.45f}, {0.2f, -0.55f}};
  const std::vector<float> blobs = draw(data::gan2d("blobs"), kSamples, 7);
  const std::vector<double> w = shares(blobs, 3, [&](float x, float y) { return nearest(centres, x, y); });
  CHECK(w[0] == Approx(1.0 / 2).margin(0.02));
  CHECK(w[1] == Approx(1.0 / 3).margin(0.02));
  CHECK(w[2] == Approx(1.0 / 6).margin(0.02));
}

TEST_CASE("gan2d: real samples are near their modes and cover all of them", "[gan2d]") {
  for (const std::string& name : kNamed) {
    const data::Mixture m = data::gan2d(name);
    const std::vector<float> xy = draw(m, kSamples, 11);
    const data::Coverage cov = data::coverage(m, xy.data(), kSamples);
    INFO(name);
    CHECK(cov.modes == m.modes);
    CHECK(cov.covered == m.modes);
    CHECK(cov.quality >= 0.98f);
    CHECK(cov.quality <= 1.0f);
    int near = 0;
    for (int count : cov.per_mode) near += count;
    CHECK(near == Approx(cov.quality * kSamples).margin(1));
  }
}

TEST_CASE("gan2d: sample replays with the same seed and refuses an empty mixture", "[gan2d]") {
  const data::Mixture ring = data::gan2d("ring");
  CHECK(draw(ring, 100, 9) == draw(ring, 100, 9));
  CHECK(draw(ring, 100, 9) != draw(ring, 100, 10));
  eng::Rng rng(1);
  float xy[2] = {0, 0};
  CHECK_THROWS_AS(data::sample(data::Mixture{}, 1, rng, xy), std::invalid_argument);
}

TEST_CASE("gan2d: coverage of one mode, of uniform points, of nothing, and its threshold", "[gan2d]") {
  const data::Mixture ring = data::gan2d("ring");
  std::vector<float> one;
  for (int i = 0; i < 500; ++i) {
    one.push_back(0.75f + 0.01f * std::sin(float(i)));
    one.push_back(0.01f * std::cos(float(i)));
  }
  const data::Coverage collapsed = data::coverage(ring, one.data(), 500);
  CHECK(collapsed.covered == 1);
  CHECK(collapsed.modes == 8);
  CHECK(collapsed.quality == 1.0f);
  CHECK(collapsed.per_mode[0] == 500);

  // Uniform over the square: the ring's 3 sigma discs hold 8 pi 0.15^2 / 4 = 14% of it, the grid's 28%.
  eng::Rng rng(2);
  std::vector<float> uniform(4000);
  for (float& v : uniform) v = rng.uniform(-1.0f, 1.0f);
  const data::Coverage spread = data::coverage(ring, uniform.data(), 2000);
  CHECK(spread.quality > 0.09f);
  CHECK(spread.quality < 0.2f);
  const data::Coverage grid_spread = data::coverage(data::gan2d("grid"), uniform.data(), 2000);
  CHECK(grid_spread.quality > 0.2f);
  CHECK(grid_spread.quality < 0.36f);

  const data::Coverage none = data::coverage(ring, nullptr, 0);
  CHECK(none.covered == 0);
  CHECK(none.modes == 8);
  CHECK(none.quality == 0.0f);
  CHECK(none.per_mode == std::vector<int>(8, 0));

  // With 80 points a mode needs max(1, 0.2 * 80 / 8) = 2 of them; a point far from all counts nowhere.
  std::vector<float> pts;
  for (int i = 0; i < 78; ++i) {
    pts.push_back(0.75f);
    pts.push_back(0.0f);
  }
  pts.push_back(0.0f);  // mode 2, at 90 degrees
  pts.push_back(0.75f);
  pts.push_back(0.0f);  // the centre: far from every mode
  pts.push_back(0.0f);
  data::Coverage cov = data::coverage(ring, pts.data(), 80);
  CHECK(cov.covered == 1);
  CHECK(cov.per_mode[2] == 1);
  CHECK(cov.quality == Approx(79.0 / 80));
  pts[2 * 79] = 0.0f;  // the last point to mode 2 as well
  pts[2 * 79 + 1] = 0.75f;
  cov = data::coverage(ring, pts.data(), 80);
  CHECK(cov.covered == 2);
  CHECK(cov.quality == 1.0f);
}

TEST_CASE("gan2d: coverage's 3 sigma edge", "[gan2d]") {
  const data::Mixture ring = data::gan2d("ring");
  const float inside[2] = {0.75f + 2.9f * 0.05f, 0.0f};
  const float outside[2] = {0.75f + 3.1f * 0.05f, 0.0f};
  CHECK(data::coverage(ring, inside, 1).quality == 1.0f);
  CHECK(data::coverage(ring, outside, 1).quality == 0.0f);
}

TEST_CASE("gan2d: modes of drawn points are clusters closer than 6 sigma", "[gan2d]") {
  // Two strokes of 20 points, 0.01 apart, far from each other: two modes.
  std::vector<std::array<float, 2>> two;
  for (int i = 0; i < 20; ++i) two.push_back({-0.6f + 0.01f * i, 0.1f});
  for (int i = 0; i < 20; ++i) two.push_back({0.4f, -0.5f + 0.01f * i});
  const data::Mixture m = data::mixture_from_points(two, 0.04f);
  CHECK(m.name == "custom");
  CHECK(m.modes == 2);
  REQUIRE(m.parts.size() == 40);
  for (int i = 0; i < 40; ++i) {
    CHECK(m.parts[size_t(i)].x == two[size_t(i)][0]);
    CHECK(m.parts[size_t(i)].y == two[size_t(i)][1]);
    CHECK(m.parts[size_t(i)].sigma == 0.04f);
    CHECK(m.parts[size_t(i)].mode == (i < 20 ? 0 : 1));
  }

  // One long stroke, points 0.05 apart (under 6 sigma = 0.24) from corner to corner: one mode.
  std::vector<std::array<float, 2>> stroke;
  for (int i = 0; i <= 40; ++i) stroke.push_back({-0.8f + 0.04f * i, -0.8f + 0.03f * i});
  CHECK(data::mixture_from_points(stroke).modes == 1);

  // The 6 sigma edge, with sigma 0.05: 0.29 apart is one mode, 0.31 two.
  CHECK(data::mixture_from_points({{0.0f, 0.0f}, {0.29f, 0.0f}}, 0.05f).modes == 1);
  CHECK(data::mixture_from_points({{0.0f, 0.0f}, {0.31f, 0.0f}}, 0.05f).modes == 2);

  const data::Mixture empty = data::mixture_from_points({});
  CHECK(empty.modes == 0);
  CHECK(empty.parts.empty());
}

TEST_CASE("gan2d: more than 32 clusters of drawn points are merged into at most 32 modes", "[gan2d]") {
  // 49 clusters on a 7x7 lattice 0.3 apart (over 6 sigma): the first 32 hold two points, the rest one.
  std::vector<std::array<float, 2>> pts;
  for (int k = 0; k < 49; ++k) {
    const float x = -0.9f + 0.3f * float(k % 7);
    const float y = -0.9f + 0.3f * float(k / 7);
    pts.push_back({x, y});
    if (k < 32) pts.push_back({x + 0.01f, y});
  }
  const data::Mixture m = data::mixture_from_points(pts, 0.04f);
  CHECK(m.modes == 32);
  REQUIRE(m.parts.size() == pts.size());
  std::vector<int> used(32, 0);
  for (const data::Component& c : m.parts) {
    REQUIRE(c.mode >= 0);
    REQUIRE(c.mode < 32);
    ++used[size_t(c.mode)];
  }
  for (int u : used) CHECK(u >= 2);  // every mode is one of the two-point clusters (maybe with others)
  // A one-point cluster joins the mode of the nearest two-point cluster (lattice row 4 is just above).
  for (size_t i = 64; i < pts.size(); ++i) {
    size_t best = 0;
    for (size_t j = 0; j < 64; ++j)
      if (std::hypot(pts[i][0] - pts[j][0], pts[i][1] - pts[j][1]) <
          std::hypot(pts[i][0] - pts[best][0], pts[i][1] - pts[best][1]))
        best = j;
    CHECK(m.parts[i].mode == m.parts[best].mode);
  }

  // 100 clusters of one point each: still at most 32 modes, each mode used.
  std::vector<std::array<float, 2>> many;
  for (int k = 0; k < 100; ++k) many.push_back({-0.9f + 0.2f * float(k % 10), -0.9f + 0.2f * float(k / 10)});
  const data::Mixture merged = data::mixture_from_points(many, 0.02f);
  CHECK(merged.modes == 32);
  for (const data::Component& c : merged.parts) CHECK(c.mode < 32);
}

TEST_CASE("gan2d: coverage of a custom mixture counts its clusters", "[gan2d]") {
  std::vector<std::array<float, 2>> two;
  for (int i = 0; i < 20; ++i) two.push_back({-0.6f + 0.01f * i, 0.1f});
  for (int i = 0; i < 20; ++i) two.push_back({0.4f, -0.5f + 0.01f * i});
  const data::Mixture m = data::mixture_from_points(two);
  const std::vector<float> xy = draw(m, 4000, 12);
  const data::Coverage cov = data::coverage(m, xy.data(), 4000);
  CHECK(cov.covered == 2);
  CHECK(cov.quality >= 0.98f);
  CHECK(cov.per_mode[0] == Approx(2000).margin(100));
}
