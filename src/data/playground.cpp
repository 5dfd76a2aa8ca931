#include "data/playground.h"

#include <cmath>
#include <cstdlib>
#include <sstream>

#include "data/utf8.h"

namespace data {

constexpr float kTau = 6.2831853f;

const std::vector<std::string>& playground_names() {
  static const std::vector<std::string> names = {"circle", "xor", "gauss", "spiral", "plane", "multigauss"};
  return names;
}

bool is_regression(const std::string& name) { return name == "plane" || name == "multigauss"; }

// Class k lives in a ring; with 2 classes these are Playground's disc (r < 2.5) and ring (3.5-5).
static std::vector<Point> circle(int n, float noise, int classes, eng::Rng& rng) {
  std::vector<Point> pts;
  const float width = 5.0f / (2 * classes - 1);  // rings and gaps of equal width
  for (int i = 0; i < n; ++i) {
    int k = i * classes / n;
    float r0 = k == 0 ? 0.0f : 2 * k * width, r1 = (2 * k + 1) * width;
    if (classes == 2) {
      r0 = k ? 3.5f : 0.0f;
      r1 = k ? 5.0f : 2.5f;
    }
    float r = rng.uniform(r0, r1), a = rng.uniform(0.0f, kTau);
    float x1 = r * std::sin(a) + noise * 2.5f * rng.uniform(-1.0f, 1.0f);
    float x2 = r * std::cos(a) + noise * 2.5f * rng.uniform(-1.0f, 1.0f);
    pts.push_back({x1, x2, float(classes == 2 ? 1 - k : k)});  // 2 classes: Playground's colours
  }
  return pts;
}

static std::vector<Point> xor_quadrants(int n, float noise, eng::Rng& rng) {
  std::vector<Point> pts;
  for (int i = 0; i < n; ++i) {
    float x1 = rng.uniform(-5.0f, 5.0f), x2 = rng.uniform(-5.0f, 5.0f);
    x1 += x1 > 0 ? 0.3f : -0.3f;  // a small gap along the axes
    x2 += x2 > 0 ? 0.3f : -0.3f;
    float label = x1 * x2 > 0 ? 1.0f : 0.0f;
    pts.push_back({x1 + noise * 3.0f * rng.normal(), x2 + noise * 3.0f * rng.normal(), label});
  }
  return pts;
}

// Cluster centres on a circle of radius 2.83 (2 classes: (2, 2) and (-2, -2), as in Playground).
static std::vector<Point> gauss(int n, float noise, int classes, eng::Rng& rng) {
  std::vector<Point> pts;
  const float spread = 0.5f + 3.5f * noise;
  for (int i = 0; i < n; ++i) {
    int k = i * classes / n;
    float a = 0.7853982f + kTau * float(k) / float(classes);
    float label = classes == 2 ? float(1 - k) : float(k);
    pts.push_back({2.828f * std::cos(a) + spread * 0.5f * rng.normal(),
                   2.828f * std::sin(a) + spread * 0.5f * rng.normal(), label});
  }
  return pts;
}

static std::vector<Point> spiral(int n, float noise, int classes, eng::Rng& rng) {
  std::vector<Point> pts;
  const int per = n / classes;
  for (int i = 0; i < per * classes; ++i) {
    int k = i / per;
    float t = float(i % per) / float(per);
    float r = 5.0f * t, a = 1.75f * t * kTau + kTau * float(k) / float(classes);
    float label = classes == 2 ? float(1 - k) : float(k);
    pts.push_back({r * std::sin(a) + noise * rng.uniform(-1.0f, 1.0f),
                   r * std::cos(a) + noise * rng.uniform(-1.0f, 1.0f), label});
  }
  return pts;
}

static std::vector<Point> regression(const std::string& name, int n, float noise, eng::Rng& rng) {
  std::vector<Point> pts;
  for (int i = 0; i < n; ++i) {
    float x1 = rng.uniform(-kPlane, kPlane), x2 = rng.uniform(-kPlane, kPlane), y;
    if (name == "plane") {
      y = (x1 + x2) / (2 * kPlane);
    } else {  // four bumps of alternating sign
      static const float c[4][3] = {{-3, 3, 1}, {3, 3, -1}, {-3, -3, -1}, {3, -3, 1}};
      y = 0;
      for (const auto& b : c)
        y += b[2] * std::exp(-((x1 - b[0]) * (x1 - b[0]) + (x2 - b[1]) * (x2 - b[1])) / 8.0f);
    }
    y += noise * 0.5f * rng.uniform(-1.0f, 1.0f);
    pts.push_back({x1, x2, std::fmax(-1.0f, std::fmin(1.0f, y))});
  }
  return pts;
}

std::vector<Point> playground(const std::string& name, int n, float noise, int classes, eng::Rng& rng) {
  if (is_regression(name)) return regression(name, n, noise, rng);
  if (name == "circle") return circle(n, noise, classes, rng);
  if (name == "xor") return xor_quadrants(n, noise, rng);
  if (name == "gauss") return gauss(n, noise, classes, rng);
  return spiral(n, noise, classes, rng);
}

// One number from a CSV field; false for anything but a complete finite number.
static bool read_float(const std::string& field, float& out) {
  size_t b = field.find_first_not_of(" \t\r"), e = field.find_last_not_of(" \t\r");
  if (b == std::string::npos) return false;
  std::string s = field.substr(b, e - b + 1);
  char* end = nullptr;
  double v = std::strtod(s.c_str(), &end);
  if (end != s.c_str() + s.size() || !std::isfinite(v)) return false;
  out = float(v);
  return std::isfinite(out);
}

std::vector<Point> parse_points_csv(const std::string& text, int max_classes,
                                    std::vector<std::string>& problems) {
  std::vector<Point> pts;
  std::istringstream in(text);
  std::string line;
  for (int no = 1; std::getline(in, line); ++no) {
    if (line.find_first_not_of(" \t\r") == std::string::npos || line[line.find_first_not_of(" \t")] == '#')
      continue;
    std::vector<std::string> f;
    std::stringstream ls(line);
    for (std::string cell; std::getline(ls, cell, line.find(';') != std::string::npos ? ';' : ',');)
      f.push_back(cell);
    auto bad = [&](const std::string& what) {
      problems.push_back("line " + std::to_string(no) + ": " + what);
    };
    float v[3];
    if (f.size() != 3) {
      bad("expected 3 values (x1, x2, label), got " + std::to_string(f.size()));
      continue;
    }
    bool numbers = read_float(f[0], v[0]) && read_float(f[1], v[1]) && read_float(f[2], v[2]);
    if (!numbers) {
      if (no == 1 && pts.empty() && problems.empty()) continue;  // a header line
      bad("'" + utf8_prefix(line, 40) + "' is not three finite numbers");
      continue;
    }
    if (std::fabs(v[0]) > kPlane || std::fabs(v[1]) > kPlane) {
      bad("the point (" + f[0] + "," + f[1] + ") is outside the plane [-6, 6]");
      continue;
    }
    if (v[2] != std::floor(v[2]) || v[2] < 0 || v[2] >= float(max_classes)) {
      bad("the label must be a class number 0 to " + std::to_string(max_classes - 1) + ", got " + f[2]);
      continue;
    }
    pts.push_back({v[0], v[1], v[2]});
  }
  return pts;
}

}  // namespace data
