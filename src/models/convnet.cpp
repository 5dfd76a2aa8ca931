#include "models/convnet.h"

#include <stdexcept>

namespace models {

using namespace eng;

std::string MapShape::str() const {
  if (flat) return std::to_string(c);
  return std::to_string(c) + "x" + std::to_string(h) + "x" + std::to_string(w);
}

static std::string layer_name(const LayerSpec& s) {
  std::string k = std::to_string(s.kernel) + "x" + std::to_string(s.kernel);
  switch (s.kind) {
    case LayerKind::conv:
      return "conv " + k;
    case LayerKind::pool:
      return std::string(s.avg ? "avg" : "max") + " pool " + std::to_string(s.size);
    case LayerKind::dense:
      return "dense " + std::to_string(s.units);
    case LayerKind::dropout:
      return "dropout";
    case LayerKind::res:
      return "residual block " + k;
  }
  return "";
}

// The shape after one layer, or a reason it does not fit ("" when it does).
static std::string next_shape(const LayerSpec& s, const MapShape& in, MapShape& out) {
  out = in;
  bool spatial = s.kind == LayerKind::conv || s.kind == LayerKind::pool || s.kind == LayerKind::res;
  if (spatial && in.flat)
    return "input " + in.str() + " is flat (after a dense layer): no image to slide over";
  switch (s.kind) {
    case LayerKind::conv: {
      int H = in.h + 2 * s.pad, W = in.w + 2 * s.pad;
      if (H < s.kernel || W < s.kernel)
        return "input " + in.str() + " (padded " + std::to_string(H) + "x" + std::to_string(W) +
               ") is smaller than the filter";
      out.c = s.filters;
      out.h = (H - s.kernel) / s.stride + 1;
      out.w = (W - s.kernel) / s.stride + 1;
      return "";
    }
    case LayerKind::pool:
      if (in.h < s.size || in.w < s.size) return "input " + in.str() + " is smaller than the window";
      out.h = in.h / s.size;
      out.w = in.w / s.size;
      return "";
    case LayerKind::res:
      if (s.kernel % 2 == 0) return "the kernel must be odd, so that the block keeps the shape";
      return "";
    case LayerKind::dense:
      out = MapShape{s.units, 1, 1, true};
      return "";
    case LayerKind::dropout:
      return "";
  }
  return "";
}

std::string layer_shapes(const std::vector<LayerSpec>& specs, std::vector<MapShape>& out) {
  out.clear();
  MapShape cur;
  for (size_t i = 0; i < specs.size(); ++i) {
    MapShape nxt;
    std::string why = next_shape(specs[i], cur, nxt);
    if (!why.empty()) return "layer " + std::to_string(i + 1) + " (" + layer_name(specs[i]) + "): " + why;
    if (nxt.h < 1 || nxt.w < 1)
      return "layer " + std::to_string(i + 1) + " (" + layer_name(specs[i]) + "): input " + cur.str() +
             " gives an empty output " + nxt.str();
    out.push_back(nxt);
    cur = nxt;
  }
  return "";
}

static Param he_param(const std::string& name, Shape s, Rng& rng) {
  Param p(name, s);
  he_normal(p.value, rng);
  return p;
}

ConvNet::ConvNet(const std::vector<LayerSpec>& specs, int n_classes, Rng& rng, bool with_skips)
    : classes(n_classes), skips(with_skips) {
  std::vector<MapShape> shapes;
  std::string why = layer_shapes(specs, shapes);
  if (!why.empty()) throw std::invalid_argument(why);
  MapShape in;
  for (size_t i = 0; i < specs.size(); ++i) {
    ConvLayer l;
    l.spec = specs[i];
    l.in = in;
    l.out = shapes[i];
    std::string n = "l" + std::to_string(i + 1) + "_";
    int k = l.spec.kernel;
    if (l.spec.kind == LayerKind::conv) {
      l.W = he_param(n + "W", Shape{l.out.c, in.c, k, k}, rng);
      l.b = Param(n + "b", Shape{l.out.c});
    } else if (l.spec.kind == LayerKind::res) {
      l.W = he_param(n + "W", Shape{in.c, in.c, k, k}, rng);
      l.b = Param(n + "b", Shape{in.c});
      l.W2 = he_param(n + "W2", Shape{in.c, in.c, k, k}, rng);
      if (skips)
        for (float& w : l.W2.value.v) w *= 0.1f;
      l.b2 = Param(n + "b2", Shape{in.c});
    } else if (l.spec.kind == LayerKind::dense) {
      l.W = he_param(n + "W", Shape{in.size(), l.out.c}, rng);
      l.b = Param(n + "b", Shape{l.out.c});
    }
    layers.push_back(std::move(l));
    in = shapes[i];
  }
  head = Linear("head", in.size(), classes, rng, true);
}

static bool has_weights(const ConvLayer& l) {
  return l.spec.kind == LayerKind::conv || l.spec.kind == LayerKind::dense || l.spec.kind == LayerKind::res;
}

static void add_layer_params(ConvLayer& l, ParamList& ps) {
  if (!has_weights(l)) return;
  ps.push_back(&l.W);
  ps.push_back(&l.b);
  if (l.spec.kind == LayerKind::res) {
    ps.push_back(&l.W2);
    ps.push_back(&l.b2);
  }
}

static size_t first_dense(const ConvNet& m) {
  for (size_t i = 0; i < m.layers.size(); ++i)
    if (m.layers[i].spec.kind == LayerKind::dense) return i;
  return m.layers.size();
}

ParamList ConvNet::params() {
  ParamList ps = base_params();
  for (Param* p : top_params()) ps.push_back(p);
  return ps;
}

ParamList ConvNet::base_params() {
  ParamList ps;
  for (size_t i = 0; i < first_dense(*this); ++i) add_layer_params(layers[i], ps);
  return ps;
}

ParamList ConvNet::top_params() {
  ParamList ps;
  for (size_t i = first_dense(*this); i < layers.size(); ++i) add_layer_params(layers[i], ps);
  ps.push_back(&head.W);
  ps.push_back(&head.b);
  return ps;
}

void new_top(ConvNet& m, int classes, Rng& rng) {
  for (size_t i = first_dense(m); i < m.layers.size(); ++i) {
    ConvLayer& l = m.layers[i];
    if (l.spec.kind != LayerKind::dense) continue;
    he_normal(l.W.value, rng);
    std::fill(l.b.value.v.begin(), l.b.value.v.end(), 0.0f);
  }
  int in = m.layers.empty() ? 784 : m.layers.back().out.size();
  m.head = Linear("head", in, classes, rng, true);
  m.classes = classes;
}

static Var flatten(Var a) {
  const Shape& s = a.shape();
  return s.rank == 2 ? a : reshape(a, Shape{s[0], s.size() / s[0]});
}

static Var layer_forward(Tape& t, ConvLayer& l, Var a, bool skips, Rng* rng) {
  const LayerSpec& s = l.spec;
  switch (s.kind) {
    case LayerKind::conv:
      return relu(conv2d(a, t.param(l.W), t.param(l.b), s.stride, s.pad));
    case LayerKind::pool:
      return s.avg ? avg_pool2d(a, s.size, s.size) : max_pool2d(a, s.size, s.size);
    case LayerKind::dense:
      return relu(matmul(flatten(a), t.param(l.W)) + t.param(l.b));
    case LayerKind::dropout:
      return rng ? dropout(a, s.p, *rng) : a;
    case LayerKind::res: {
      int pad = s.kernel / 2;
      Var h = relu(conv2d(a, t.param(l.W), t.param(l.b), 1, pad));
      Var f = conv2d(h, t.param(l.W2), t.param(l.b2), 1, pad);
      return relu(skips ? add(a, f) : f);
    }
  }
  return a;
}

Var convnet_forward(Tape& t, ConvNet& m, Var x, Rng* rng, std::vector<Var>* acts) {
  Var a = x;
  if (acts) acts->clear();
  for (ConvLayer& l : m.layers) {
    a = layer_forward(t, l, a, m.skips, rng);
    if (acts) acts->push_back(a);
  }
  return linear(t, m.head, flatten(a));
}

std::vector<LayerSpec> default_layers() {
  LayerSpec c1, p, c2;
  c1.filters = 8;
  c2.filters = 16;
  p.kind = LayerKind::pool;
  return {c1, p, c2, p};
}

}  // namespace models
