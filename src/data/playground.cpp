#include "data/playground.h"

#include <cmath>

namespace data {

const std::vector<std::string>& playground_names() {
  static const std::vector<std::string> names = {"circle", "xor", "gauss", "spiral"};
  return names;
}

static std::vector<Point> circle(int n, float noise, eng::Rng& rng) {
  std::vector<Point> pts;
  for (int i = 0; i < n; ++i) {
    bool inside = i < n / 2;
    float r = inside ? rng.uniform(0.0f, 2.5f) : rng.uniform(3.5f, 5.0f);
    float a = rng.uniform(0.0f, 6.2831853f);
    float x1 = r * std::sin(a) + noise * 5.0f * rng.uniform(-1.0f, 1.0f) * 0.5f;
    float x2 = r * std::cos(a) + noise * 5.0f * rng.uniform(-1.0f, 1.0f) * 0.5f;
    pts.push_back({x1, x2, inside ? 1 : 0});  // the label is the ring it was drawn from
  }
  return pts;
}

static std::vector<Point> xor_quadrants(int n, float noise, eng::Rng& rng) {
  std::vector<Point> pts;
  for (int i = 0; i < n; ++i) {
    float x1 = rng.uniform(-5.0f, 5.0f), x2 = rng.uniform(-5.0f, 5.0f);
    x1 += x1 > 0 ? 0.3f : -0.3f;  // a small gap along the axes
    x2 += x2 > 0 ? 0.3f : -0.3f;
    int label = x1 * x2 > 0 ? 1 : 0;
    pts.push_back({x1 + noise * 3.0f * rng.normal(), x2 + noise * 3.0f * rng.normal(), label});
  }
  return pts;
}

static std::vector<Point> gauss(int n, float noise, eng::Rng& rng) {
  std::vector<Point> pts;
  const float spread = 0.5f + 3.5f * noise;
  for (int i = 0; i < n; ++i) {
    int label = i < n / 2 ? 1 : 0;
    float c = label ? 2.0f : -2.0f;
    pts.push_back({c + spread * 0.5f * rng.normal(), c + spread * 0.5f * rng.normal(), label});
  }
  return pts;
}

static std::vector<Point> spiral2(int n, float noise, eng::Rng& rng) {
  std::vector<Point> pts;
  for (int i = 0; i < n; ++i) {
    int label = i < n / 2 ? 1 : 0;
    float t = float(i % (n / 2)) / float(n / 2);
    float r = 5.0f * t;
    float a = 1.75f * t * 6.2831853f + (label ? 0.0f : 3.1415927f);
    pts.push_back({r * std::sin(a) + noise * rng.uniform(-1.0f, 1.0f),
                   r * std::cos(a) + noise * rng.uniform(-1.0f, 1.0f), label});
  }
  return pts;
}

std::vector<Point> playground(const std::string& name, int n, float noise, eng::Rng& rng) {
  if (name == "circle") return circle(n, noise, rng);
  if (name == "xor") return xor_quadrants(n, noise, rng);
  if (name == "gauss") return gauss(n, noise, rng);
  return spiral2(n, noise, rng);
}

}  // namespace data
