#include "data/gan2d.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <stdexcept>

namespace data {

constexpr float kPi = 3.14159265f;

const std::vector<std::string>& gan2d_names() {
  static const std::vector<std::string> names = {"ring", "grid", "line", "moons", "blobs", "custom"};
  return names;
}

static Mixture ring() {
  Mixture m{"ring", {}, 8};
  for (int k = 0; k < 8; ++k) {
    const float a = 2 * kPi * float(k) / 8;
    m.parts.push_back({0.75f * std::cos(a), 0.75f * std::sin(a), 0.05f, k});
  }
  return m;
}

static Mixture grid() {
  Mixture m{"grid", {}, 25};
  for (int row = 0; row < 5; ++row)
    for (int col = 0; col < 5; ++col)
      m.parts.push_back({-0.8f + 0.4f * float(col), -0.8f + 0.4f * float(row), 0.04f, row * 5 + col});
  return m;
}

// 39 components at the centres of 39 equal pieces, so that the density is even along the segment.
static Mixture line() {
  constexpr int kPerThird = 13;
  constexpr int kCount = 3 * kPerThird;
  Mixture m{"line", {}, 3};
  for (int i = 0; i < kCount; ++i) {
    const float t = (float(i) + 0.5f) / float(kCount);
    m.parts.push_back({-0.8f + 1.6f * t, -0.5f + 1.0f * t, 0.03f, i / kPerThird});
  }
  return m;
}

// sklearn's make_moons (upper arc about (0, 0), lower arc about (1, 0.5), radius 1), centred on the
// origin and scaled by 0.55, so that the arcs and their 3 sigma margins fit in [-1, 1]^2.
static Mixture moons() {
  constexpr int kPerArc = 35;
  constexpr float kScale = 0.55f;
  Mixture m{"moons", {}, 2};
  for (int arc = 0; arc < 2; ++arc) {
    const float cx = kScale * (arc == 0 ? -0.5f : 0.5f);
    const float cy = kScale * (arc == 0 ? -0.25f : 0.25f);
    for (int i = 0; i < kPerArc; ++i) {
      const float a = kPi * float(i) / float(kPerArc - 1) + (arc == 0 ? 0.0f : kPi);
      m.parts.push_back({cx + kScale * std::cos(a), cy + kScale * std::sin(a), 0.04f, arc});
    }
  }
  return m;
}

// Weights 1/2, 1/3, 1/6 as 3, 2 and 1 identical components (components are equally likely).
static Mixture blobs() {
  Mixture m{"blobs", {}, 3};
  for (int i = 0; i < 3; ++i) m.parts.push_back({-0.45f, 0.35f, 0.12f, 0});
  for (int i = 0; i < 2; ++i) m.parts.push_back({0.5f, 0.45f, 0.07f, 1});
  m.parts.push_back({0.2f, -0.55f, 0.05f, 2});
  return m;
}

Mixture gan2d(const std::string& name) {
  if (name == "ring") return ring();
  if (name == "grid") return grid();
  if (name == "line") return line();
  if (name == "moons") return moons();
  if (name == "blobs") return blobs();
  if (name == "custom")
    throw std::invalid_argument("gan2d: \"custom\" is built from drawn points (mixture_from_points)");
  throw std::invalid_argument("gan2d: unknown distribution \"" + name +
                              "\" (ring, grid, line, moons, blobs, custom)");
}

static float dist2(const std::array<float, 2>& a, const std::array<float, 2>& b) {
  const float dx = a[0] - b[0];
  const float dy = a[1] - b[1];
  return dx * dx + dy * dy;
}

// Union-find root with path halving.
static int root(std::vector<int>& parent, int i) {
  while (parent[i] != i) {
    parent[i] = parent[parent[i]];
    i = parent[i];
  }
  return i;
}

Mixture mixture_from_points(const std::vector<std::array<float, 2>>& pts, float sigma) {
  const int n = int(pts.size());
  const float link2 = 36 * sigma * sigma;  // closer than 6 sigma: one mode
  std::vector<int> parent(n);
  std::iota(parent.begin(), parent.end(), 0);
  for (int i = 0; i < n; ++i)
    for (int j = i + 1; j < n; ++j)
      if (dist2(pts[i], pts[j]) < link2) parent[root(parent, j)] = root(parent, i);

  // Clusters numbered in the order of their first point, so the result does not depend on the roots.
  std::vector<int> cluster(n, -1);
  std::vector<int> first_of_root(n, -1);
  std::vector<int> size;
  for (int i = 0; i < n; ++i) {
    const int r = root(parent, i);
    if (first_of_root[r] < 0) {
      first_of_root[r] = int(size.size());
      size.push_back(0);
    }
    cluster[i] = first_of_root[r];
    ++size[cluster[i]];
  }

  // Keep the kMaxModes largest clusters (ties: the earlier one); the others join the nearest kept.
  const int clusters = int(size.size());
  std::vector<int> order(clusters);
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](int a, int b) { return size[a] > size[b]; });
  std::vector<bool> kept(clusters, false);
  for (int r = 0; r < std::min(clusters, kMaxModes); ++r) kept[order[r]] = true;
  std::vector<int> target(clusters);
  for (int c = 0; c < clusters; ++c) {
    target[c] = c;
    if (kept[c]) continue;
    float best = INFINITY;
    for (int i = 0; i < n; ++i) {
      if (cluster[i] != c) continue;
      for (int j = 0; j < n; ++j) {
        if (!kept[cluster[j]]) continue;
        const float d2 = dist2(pts[i], pts[j]);
        if (d2 < best) {
          best = d2;
          target[c] = cluster[j];
        }
      }
    }
  }

  // Kept clusters become modes 0 .. modes-1, in order of their first point.
  std::vector<int> mode_of(clusters, -1);
  Mixture m{"custom", {}, 0};
  for (int c = 0; c < clusters; ++c)
    if (kept[c]) mode_of[c] = m.modes++;
  for (int i = 0; i < n; ++i) m.parts.push_back({pts[i][0], pts[i][1], sigma, mode_of[target[cluster[i]]]});
  return m;
}

void sample(const Mixture& m, int n, eng::Rng& rng, float* xy) {
  if (m.parts.empty())
    throw std::invalid_argument("sample: the mixture \"" + m.name + "\" has no components");
  const int count = int(m.parts.size());
  for (int i = 0; i < n; ++i) {
    const Component& c = m.parts[size_t(rng.below(count))];
    xy[2 * i] = c.x + c.sigma * rng.normal();
    xy[2 * i + 1] = c.y + c.sigma * rng.normal();
  }
}

float density(const Mixture& m, float x, float y) {
  if (m.parts.empty()) return 0.0f;
  double p = 0;
  for (const Component& c : m.parts) {
    const double s2 = double(c.sigma) * c.sigma;
    const double dx = x - c.x;
    const double dy = y - c.y;
    p += std::exp(-(dx * dx + dy * dy) / (2 * s2)) / (2 * double(kPi) * s2);
  }
  return float(p / double(m.parts.size()));
}

Coverage coverage(const Mixture& m, const float* xy, int n) {
  Coverage cov;
  cov.modes = m.modes;
  cov.per_mode.assign(size_t(std::max(m.modes, 0)), 0);
  std::vector<float> inv_s2;
  for (const Component& c : m.parts) inv_s2.push_back(1.0f / (c.sigma * c.sigma));

  int near = 0;
  for (int i = 0; i < n; ++i) {
    const float x = xy[2 * i];
    const float y = xy[2 * i + 1];
    // The nearest component in units of its sigma, squared: no sqrt needed against 3^2.
    float best = 9.0f;
    int mode = -1;
    for (size_t k = 0; k < m.parts.size(); ++k) {
      const float dx = x - m.parts[k].x;
      const float dy = y - m.parts[k].y;
      const float d2 = (dx * dx + dy * dy) * inv_s2[k];
      if (d2 <= best) {
        best = d2;
        mode = m.parts[k].mode;
      }
    }
    if (mode < 0 || mode >= m.modes) continue;
    ++cov.per_mode[size_t(mode)];
    ++near;
  }

  if (n > 0) cov.quality = float(near) / float(n);
  const float need = m.modes > 0 ? std::max(1.0f, 0.2f * float(n) / float(m.modes)) : 1.0f;
  for (int count : cov.per_mode)
    if (float(count) >= need) ++cov.covered;
  return cov;
}

}  // namespace data
