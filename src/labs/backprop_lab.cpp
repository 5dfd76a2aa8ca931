// Lab "backprop": backprop, step by step. A 2-2-1 network with sigmoid units sees one sample; its
// forward pass is recorded on the engine's autograd tape, tape.backward() fills in every gradient,
// and the lab walks that real tape node by node, forward and then backward, showing each node's
// value and gradient with the formula that produced it. After the last backward node comes one
// gradient-descent update, then a new walk.
//
//   z1 = w1 x1 + w2 x2 + b1     h1 = σ(z1)
//   z2 = w3 x1 + w4 x2 + b2     h2 = σ(z2)
//   z3 = w5 h1 + w6 h2 + b3     ŷ  = σ(z3)
//   L  = −[y log ŷ + (1 − y) log(1 − ŷ)]   (loss "cross-entropy")   or   ½ (ŷ − y)²   ("mse")
//
// Preset fields (SPEC section 4; lessons rely on these names)
//   x1, x2 (−5..5), y (0..1), lr (0..10), loss ("cross-entropy" | "mse"), seed (initial weights,
//   uniform in [−1, 1]), w ([w1..w6], each −5..5) and b ([b1, b2, b3], each −5..5) to start from
//   given weights instead. Defaults: x1 2, x2 −1, y 1, lr 0.5, cross-entropy, seed 1.
// State keys
//   step (updates done), node (position in the walk, below), node_name ("z1", "w5", ...),
//   tape_node (the shown node's id on the tape; −1 at the update),
//   phase ("forward" | "backward" | "update"), loss, loss_before (the loss before the last update),
//   x1, x2, y, z1, z2, h1, h2, z3, yhat, w1..w6, b1..b3, lr, and grad: {w1..w6, b1..b3, z1, z2, z3,
//   h1, h2, yhat} (∂L/∂· at the current weights, always present; read as grad.w5).
//
// The walk: one step() moves one node. 24 positions per walk:
//   node 0..6    forward   z1 z2 h1 h2 z3 yhat L          (the tape's order)
//   node 7..22   backward  L yhat z3 b3 w6 w5 h2 h1 z2 b2 w4 w3 z1 b1 w2 w1
//                          (the tape in reverse, as backward() runs it: when the loop reaches a
//                          node, every node that uses it is done, so its gradient is final)
//   node 23      update    w := w − lr ∂L/∂w for all nine parameters, applied on arriving here
// Both orders are read off the tape (ids), not written here; z = w·x + w·x + b records the first
// product, the second, their sum, then the bias, so the bias comes first on the way back.
// After reset the walk stands at node 0, so the first update is the 23rd step() and every further
// one comes 24 step() calls later. Lab::steps counts step() calls (the toolbar's "step n");
// state "step" counts updates.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <optional>
#include <string>

#include "engine/engine.h"
#include "labs/lab.h"
#include "ui/plot.h"
#include "ui/strings.h"

using ui::tr;

const std::vector<ui::Text>& backprop_texts();  // backprop_texts.cpp

namespace {

// The named quantities: leaves (inputs, target, parameters), then the computed nodes.
enum Q { X1, X2, Y, W1, W2, W3, W4, W5, W6, B1, B2, B3, Z1, Z2, H1, H2, Z3, YHAT, L, kQ };
const char* const kName[kQ] = {"x1", "x2", "y",  "w1", "w2", "w3", "w4", "w5", "w6", "b1",
                               "b2", "b3", "z1", "z2", "h1", "h2", "z3", "yhat", "L"};
// As drawn: ŷ is U+0177, which the UI font lacks; draw_math() draws it as y with a hat.
const char* const kSymbol[kQ] = {"x1", "x2", "y",  "w1", "w2", "w3", "w4", "w5", "w6", "b1",
                                 "b2", "b3", "z1", "z2", "h1", "h2", "z3", "\xc5\xb7", "L"};
constexpr int kParams = 9;  // W1..B3, in that order
bool is_param(int q) { return q >= W1 && q <= B3; }

constexpr int kForwardNodes = 7;    // z1 z2 h1 h2 z3 ŷ L
constexpr int kBackwardNodes = 16;  // those and the nine parameters
constexpr int kWalk = kForwardNodes + kBackwardNodes + 1;  // + the update
const std::vector<std::string> kLosses = {"cross-entropy", "mse"};

constexpr double kXMax = 5, kWMax = 5, kLrMax = 10;

// Numbers in formulas: 3 decimals, a real minus sign, negative operands in brackets where a
// product would otherwise read "0.5·−0.2".
std::string num(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3f", v);
  if (std::strcmp(buf, "-0.000") == 0) return "0.000";
  std::string s = buf;
  if (s[0] == '-') s = "\xe2\x88\x92" + s.substr(1);
  return s;
}
std::string paren(double v) { return num(v).rfind("\xe2\x88\x92", 0) == 0 ? "(" + num(v) + ")" : num(v); }

// Text with ŷ drawn as "y" and a hat (the glyph is not in the font), at `scale` times the font
// size (the formula panel writes larger). Returns the width.
const char* const kYhat = "\xc5\xb7";
float math_width(const std::string& s, float scale = 1) {
  ImFont* font = ImGui::GetFont();
  const float fs = ImGui::GetFontSize() * scale;
  float w = 0;
  size_t i = 0;
  while (i < s.size()) {
    size_t j = s.find(kYhat, i);
    size_t end = j == std::string::npos ? s.size() : j;
    w += font->CalcTextSizeA(fs, FLT_MAX, 0, s.data() + i, s.data() + end).x;
    if (j == std::string::npos) break;
    w += font->CalcTextSizeA(fs, FLT_MAX, 0, "y").x;
    i = j + 2;
  }
  return w;
}
void draw_math(ImDrawList* dl, ImVec2 p, const std::string& s, ImU32 col, float scale = 1) {
  ImFont* font = ImGui::GetFont();
  const float fs = ImGui::GetFontSize() * scale;
  size_t i = 0;
  while (i < s.size()) {
    size_t j = s.find(kYhat, i);
    size_t end = j == std::string::npos ? s.size() : j;
    dl->AddText(font, fs, p, col, s.data() + i, s.data() + end);
    p.x += font->CalcTextSizeA(fs, FLT_MAX, 0, s.data() + i, s.data() + end).x;
    if (j == std::string::npos) break;
    dl->AddText(font, fs, p, col, "y");
    const float w = font->CalcTextSizeA(fs, FLT_MAX, 0, "y").x;
    const float base = p.y + 0.30f * fs, apex = p.y + 0.09f * fs, th = std::max(1.0f, fs / 14);
    dl->AddLine(ImVec2(p.x + 0.18f * w, base), ImVec2(p.x + 0.52f * w, apex), col, th);
    dl->AddLine(ImVec2(p.x + 0.52f * w, apex), ImVec2(p.x + 0.86f * w, base), col, th);
    p.x += w;
    i = j + 2;
  }
}
// "a = b = c = d" broken before an " = " where a line would be wider than `width`.
std::vector<std::string> wrap_math(const std::string& s, float width, float scale) {
  std::vector<std::string> parts, lines;
  size_t i = 0;
  for (size_t j; (j = s.find(" = ", i)) != std::string::npos; i = j + 3) parts.push_back(s.substr(i, j - i));
  parts.push_back(s.substr(i));
  std::string line = parts[0];
  for (size_t k = 1; k < parts.size(); ++k) {
    std::string next = line + " = " + parts[k];
    if (math_width(next, scale) > width) {
      lines.push_back(line);
      line = "      = " + parts[k];
    } else {
      line = next;
    }
  }
  lines.push_back(line);
  return lines;
}
// One line of maths as an ImGui item.
void math_line(const std::string& s, ImU32 col = ui::kInk, float scale = 1) {
  ImVec2 p = ImGui::GetCursorScreenPos();
  draw_math(ImGui::GetWindowDrawList(), p, s, col, scale);
  ImGui::Dummy(ImVec2(math_width(s, scale), ImGui::GetTextLineHeight() * scale));
}
constexpr float kFormulaScale = 1.2f;  // the formula panel's text, relative to the UI font

struct BackpropLab : Lab {
  // Configuration (what a preset sets).
  double x1 = 2, x2 = -1, y = 1, lr = 0.5;
  std::string loss_name = "cross-entropy";
  long seed = 1;
  std::optional<std::vector<float>> w_init, b_init;

  // The network and its tape.
  eng::Param p[kParams];
  eng::Tape tape;
  int id[kQ];                 // the tape node of each named quantity
  std::vector<int> fwd, bwd;  // the walk's nodes, in the order of their ids on the tape (build())
  int walk = 0;               // position in the walk, 0 .. kWalk-1
  long updates = 0;
  // The last update, for its panel and for "previous" across it.
  bool have_before = false;
  float before_w[kParams] = {}, before_g[kParams] = {};
  double loss_before = 0;
  ui::Curve curve;            // L after each update

  BackpropLab() {
    for (int i = 0; i < kParams; ++i) p[i] = eng::Param(kName[W1 + i], eng::Shape{1});
    speed = 1.5;  // nodes per second: slow enough to read each formula
    reset();
  }

  eng::ParamList params() {
    eng::ParamList ps;
    for (auto& x : p) ps.push_back(&x);
    return ps;
  }
  eng::Param& P(int q) { return p[q - W1]; }
  const eng::Param& P(int q) const { return p[q - W1]; }

  // The forward pass on the tape, then backward: every value and gradient shown comes from here.
  void build() {
    tape.clear();
    eng::zero_grad(params());
    using eng::Var;
    auto in = [&](int q, double v) {
      float f = float(v);
      Var x = tape.input(eng::Shape{1}, &f);
      id[q] = x.id;
      return x;
    };
    auto par = [&](int q) {
      Var v = tape.param(P(q));
      id[q] = v.id;
      return v;
    };
    auto named = [&](int q, Var v) {
      id[q] = v.id;
      return v;
    };
    // One statement per node, so the tape's order is the reading order on every compiler (the
    // operands of + are evaluated in an unspecified order).
    auto weighted_sum = [&](int wa, Var xa, int wb, Var xb, int b) {  // wa·xa + wb·xb + b
      Var pa = par(wa) * xa;
      Var pb = par(wb) * xb;
      Var s = pa + pb;
      return s + par(b);
    };
    Var vx1 = in(X1, x1);
    Var vx2 = in(X2, x2);
    Var vy = in(Y, y);
    Var z1 = named(Z1, weighted_sum(W1, vx1, W2, vx2, B1));
    Var z2 = named(Z2, weighted_sum(W3, vx1, W4, vx2, B2));
    Var h1 = named(H1, eng::sigmoid(z1));
    Var h2 = named(H2, eng::sigmoid(z2));
    Var z3 = named(Z3, weighted_sum(W5, h1, W6, h2, B3));
    Var yhat = named(YHAT, eng::sigmoid(z3));
    Var loss;
    if (loss_name == "mse") {  // ½ (ŷ − y)²
      Var e = yhat - vy;
      loss = 0.5f * eng::square(e);
    } else {  // −[y log ŷ + (1 − y) log(1 − ŷ)]
      Var a = vy * eng::log(yhat);
      Var one_minus_y = 1.0f - vy;
      Var b = one_minus_y * eng::log(1.0f - yhat);
      loss = -(a + b);
    }
    named(L, loss);
    tape.backward(loss);
    // The walk is read off the tape: forward, the computed nodes by increasing id; backward, every
    // node with a gradient by decreasing id, the order in which backward() finishes them.
    fwd = {Z1, Z2, H1, H2, Z3, YHAT, L};
    bwd = {W1, W2, W3, W4, W5, W6, B1, B2, B3, Z1, Z2, H1, H2, Z3, YHAT, L};
    std::sort(fwd.begin(), fwd.end(), [&](int a, int b) { return id[a] < id[b]; });
    std::sort(bwd.begin(), bwd.end(), [&](int a, int b) { return id[a] > id[b]; });
  }

  double val(int q) const { return tape.node(id[q]).value()[0]; }
  double grad(int q) const {
    const float* g = tape.node(id[q]).grad();
    return g ? g[0] : 0.0;
  }

  // Where the walk stands.
  const char* phase() const {
    return walk < kForwardNodes ? "forward" : walk < kWalk - 1 ? "backward" : "update";
  }
  int current() const {  // the quantity shown; -1 at the update
    if (walk < kForwardNodes) return fwd[size_t(walk)];
    if (walk < kWalk - 1) return bwd[size_t(walk - kForwardNodes)];
    return -1;
  }
  int forward_index(int q) const {
    for (size_t i = 0; i < fwd.size(); ++i)
      if (fwd[i] == q) return int(i);
    return -1;
  }
  int backward_index(int q) const {
    for (size_t i = 0; i < bwd.size(); ++i)
      if (bwd[i] == q) return kForwardNodes + int(i);
    return -1;
  }
  bool value_known(int q) const {  // leaves always; computed nodes once the forward walk passed them
    if (q < Z1) return true;
    if (walk >= kWalk - 1) return false;  // at the update: the new walk has not started
    return walk >= forward_index(q);
  }
  bool grad_known(int q) const {
    int b = backward_index(q);
    if (b < 0) return false;
    if (walk == kWalk - 1) return is_param(q);  // the update shows the gradients it used
    return walk >= b;
  }

  // Lab interface --------------------------------------------------------------------------------
  void configure(const json& preset) override {
    check_fields(preset, {"x1", "x2", "y", "lr", "loss", "seed", "w", "b"});
    std::vector<std::string> n;  // notes; committed only if everything validates
    double nx1 = read_number(preset, "x1", x1, -kXMax, kXMax, n);
    double nx2 = read_number(preset, "x2", x2, -kXMax, kXMax, n);
    double ny = read_number(preset, "y", y, 0, 1, n);
    double nlr = read_number(preset, "lr", lr, 0, kLrMax, n);
    std::string nl = read_choice(preset, "loss", loss_name, kLosses);
    long ns = read_int(preset, "seed", seed, 0, 1000000000, n);
    auto array = [&](const char* field, const char* prefix, size_t count, const char* names,
                     std::optional<std::vector<float>> cur) {
      if (!preset.contains(field)) return cur;
      const json& v = preset[field];
      if (!v.is_array() || v.size() != count)
        throw LabError(std::string(field) + ": expected an array of " + std::to_string(count) + " numbers " +
                       names + ", got " + v.dump());
      std::vector<float> out;
      for (size_t i = 0; i < count; ++i) {
        std::string key = prefix + std::to_string(i + 1);
        out.push_back(float(read_number(json{{key, v[i]}}, key.c_str(), 0, -kWMax, kWMax, n)));
      }
      return std::optional<std::vector<float>>(out);
    };
    auto nw = array("w", "w", 6, "[w1, w2, w3, w4, w5, w6]", w_init);
    auto nb = array("b", "b", 3, "[b1, b2, b3]", b_init);
    // A new seed without new weights means: weights from that seed.
    if (preset.contains("seed") && !preset.contains("w")) nw.reset();
    if (preset.contains("seed") && !preset.contains("b")) nb.reset();
    // Everything valid: commit.
    x1 = nx1, x2 = nx2, y = ny, lr = nlr, loss_name = nl, seed = ns, w_init = nw, b_init = nb;
    notes = n;
    reset();
  }

  json preset() const override {
    json j = {{"x1", x1}, {"x2", x2}, {"y", y}, {"lr", lr}, {"loss", loss_name}, {"seed", seed}};
    if (w_init) j["w"] = *w_init;
    if (b_init) j["b"] = *b_init;
    return j;
  }

  void reset() override {
    eng::Rng rng{uint64_t(seed)};  // the engine's one generator: native and wasm draw the same
    for (int i = 0; i < 6; ++i) {
      float r = rng.uniform(-1.0f, 1.0f);
      p[i].value.v[0] = w_init ? (*w_init)[size_t(i)] : r;
    }
    for (int i = 0; i < 3; ++i) {
      float r = rng.uniform(-1.0f, 1.0f);
      p[6 + i].value.v[0] = b_init ? (*b_init)[size_t(i)] : r;
    }
    build();
    walk = 0;
    updates = 0;
    have_before = false;
    loss_before = val(L);
    steps = 0;
    curve.clear();
    curve.push(float(val(L)));
    alert.clear();
    running = false;
  }

  void step() override {
    ++steps;
    if (walk + 1 < kWalk - 1) {
      ++walk;
      return;
    }
    if (walk == kWalk - 1) {  // from the update to a new walk
      walk = 0;
      return;
    }
    // The last backward node: update, w := w − lr ∂L/∂w (the engine's SGD), on to the update's stop.
    for (int i = 0; i < kParams; ++i) before_w[i] = p[i].value.v[0], before_g[i] = p[i].grad.v[0];
    loss_before = val(L);
    have_before = true;
    eng::SGD sgd;
    sgd.lr = float(lr);
    sgd.step(params());
    build();  // values and gradients at the new weights (state's grad.* are always current)
    ++updates;
    walk = kWalk - 1;
    curve.push(float(val(L)));
    std::vector<std::pair<std::string, double>> check = {{"L", val(L)}};
    for (int q = W1; q <= B3; ++q) check.push_back({kName[q], val(q)});
    check_finite(check);
  }

  // One node back (presentation only; across an update, the update is undone).
  void previous() {
    if (walk == kWalk - 1 && have_before) {
      for (int i = 0; i < kParams; ++i) p[i].value.v[0] = before_w[i];
      build();
      --updates;
      have_before = false;
      walk = kWalk - 2;
      if (curve.stride == 1 && !curve.v.empty()) curve.v.pop_back();
      alert.clear();
    } else if (walk == 0 && have_before) {
      walk = kWalk - 1;
    } else if (walk > 0 && walk < kWalk - 1) {
      --walk;
    }
  }
  bool can_go_back() const { return (walk > 0 && walk < kWalk - 1) || have_before; }

  json state() const override {
    json s = {{"step", updates}, {"node", walk}, {"phase", phase()},
              {"node_name", current() >= 0 ? kName[current()] : "update"},
              {"tape_node", current() >= 0 ? id[current()] : -1},
              {"loss", val(L)}, {"loss_before", updates > 0 && have_before ? loss_before : val(L)},
              {"lr", lr}};
    for (int q : {X1, X2, Y, Z1, Z2, H1, H2, Z3, YHAT, W1, W2, W3, W4, W5, W6, B1, B2, B3}) s[kName[q]] = val(q);
    json g = json::object();
    for (int q : {W1, W2, W3, W4, W5, W6, B1, B2, B3, Z1, Z2, Z3, H1, H2, YHAT}) g[kName[q]] = grad(q);
    s["grad"] = g;
    return s;
  }

  // Formulas ---------------------------------------------------------------------------------------
  // The current node's formula, symbols first, then the tape's numbers substituted.
  std::string forward_formula(int q) const {
    const bool ce = loss_name != "mse";
    auto sum = [&](int z, int wa, int xa, int wb, int xb, int b) {
      return std::string(kSymbol[z]) + " = " + kSymbol[wa] + "\xc2\xb7" + kSymbol[xa] + " + " + kSymbol[wb] +
             "\xc2\xb7" + kSymbol[xb] + " + " + kSymbol[b] + " = " + paren(val(wa)) + "\xc2\xb7" + paren(val(xa)) +
             " + " + paren(val(wb)) + "\xc2\xb7" + paren(val(xb)) + " + " + paren(val(b)) + " = " + num(val(z));
    };
    auto sig = [&](int h, int z) {
      return std::string(kSymbol[h]) + " = \xcf\x83(" + kSymbol[z] + ") = 1 / (1 + e^(\xe2\x88\x92" + kSymbol[z] +
             ")) = \xcf\x83(" + num(val(z)) + ") = " + num(val(h));
    };
    switch (q) {
      case Z1: return sum(Z1, W1, X1, W2, X2, B1);
      case Z2: return sum(Z2, W3, X1, W4, X2, B2);
      case H1: return sig(H1, Z1);
      case H2: return sig(H2, Z2);
      case Z3: return sum(Z3, W5, H1, W6, H2, B3);
      case YHAT: return sig(YHAT, Z3);
      default:
        if (ce)
          return "L = \xe2\x88\x92[y log \xc5\xb7 + (1 \xe2\x88\x92 y) log(1 \xe2\x88\x92 \xc5\xb7)] = \xe2\x88\x92[" +
                 num(y) + "\xc2\xb7log " + num(val(YHAT)) + " + " + num(1 - y) + "\xc2\xb7log " + num(1 - val(YHAT)) +
                 "] = " + num(val(L));
        return "L = \xc2\xbd(\xc5\xb7 \xe2\x88\x92 y)\xc2\xb2 = \xc2\xbd(" + num(val(YHAT)) + " \xe2\x88\x92 " + num(y) +
               ")\xc2\xb2 = " + num(val(L));
    }
  }

  std::string backward_formula(int q) const {
    const std::string d = "\xe2\x88\x82L/\xe2\x88\x82";  // ∂L/∂
    const bool ce = loss_name != "mse";
    auto dsig = [&](int z, int h) {  // ∂L/∂z = ∂L/∂h · σ'(z) = ∂L/∂h · h(1 − h)
      std::string H = kSymbol[h];
      return d + kSymbol[z] + " = " + d + H + " \xc2\xb7 \xcf\x83\xe2\x80\xb2(" + kSymbol[z] + ") = " + d + H + " \xc2\xb7 " +
             H + "(1 \xe2\x88\x92 " + H + ") = " + num(grad(h)) + " \xc2\xb7 " + num(val(h)) + "\xc2\xb7(1 \xe2\x88\x92 " +
             num(val(h)) + ") = " + num(grad(z));
    };
    auto weight = [&](int w, int z, int x) {  // ∂L/∂w = ∂L/∂z · x
      return d + kSymbol[w] + " = " + d + kSymbol[z] + " \xc2\xb7 " + kSymbol[x] + " = " + num(grad(z)) + " \xc2\xb7 " +
             paren(val(x)) + " = " + num(grad(w));
    };
    auto bias = [&](int b, int z) {
      return d + kSymbol[b] + " = " + d + kSymbol[z] + " \xc2\xb7 1 = " + num(grad(b));
    };
    auto hidden = [&](int h, int w) {  // ∂L/∂h = ∂L/∂z3 · w
      return d + kSymbol[h] + " = " + d + "z3 \xc2\xb7 " + kSymbol[w] + " = " + num(grad(Z3)) + " \xc2\xb7 " +
             paren(val(w)) + " = " + num(grad(h));
    };
    switch (q) {
      case L: return d + "L = 1";
      case YHAT:
        if (ce)
          return d + "\xc5\xb7 = \xe2\x88\x92y/\xc5\xb7 + (1 \xe2\x88\x92 y)/(1 \xe2\x88\x92 \xc5\xb7) = \xe2\x88\x92" + num(y) +
                 "/" + num(val(YHAT)) + " + " + num(1 - y) + "/" + num(1 - val(YHAT)) + " = " + num(grad(YHAT));
        return d + "\xc5\xb7 = \xc5\xb7 \xe2\x88\x92 y = " + num(val(YHAT)) + " \xe2\x88\x92 " + num(y) + " = " +
               num(grad(YHAT));
      case Z3:
        if (ce)
          return d + "z3 = " + d + "\xc5\xb7 \xc2\xb7 \xc5\xb7(1 \xe2\x88\x92 \xc5\xb7) = \xc5\xb7 \xe2\x88\x92 y = " +
                 num(val(YHAT)) + " \xe2\x88\x92 " + num(y) + " = " + num(grad(Z3));
        return dsig(Z3, YHAT);
      case W5: return weight(W5, Z3, H1);
      case W6: return weight(W6, Z3, H2);
      case B3: return bias(B3, Z3);
      case H1: return hidden(H1, W5);
      case H2: return hidden(H2, W6);
      case Z1: return dsig(Z1, H1);
      case Z2: return dsig(Z2, H2);
      case W1: return weight(W1, Z1, X1);
      case W2: return weight(W2, Z1, X2);
      case W3: return weight(W3, Z2, X1);
      case W4: return weight(W4, Z2, X2);
      case B1: return bias(B1, Z1);
      default: return bias(B2, Z2);
    }
  }

  const char* explanation(int q, bool backward) const {
    if (!backward) {
      if (q == Z1 || q == Z2) return tr("backprop.why.fwd_sum1");
      if (q == Z3) return tr("backprop.why.fwd_sum2");
      if (q == H1 || q == H2) return tr("backprop.why.fwd_sigmoid");
      if (q == YHAT) return tr("backprop.why.fwd_output");
      return loss_name == "mse" ? tr("backprop.why.fwd_mse") : tr("backprop.why.fwd_ce");
    }
    switch (q) {
      case L: return tr("backprop.why.bwd_loss");
      case YHAT: return loss_name == "mse" ? tr("backprop.why.bwd_yhat_mse") : tr("backprop.why.bwd_yhat_ce");
      case Z3: return loss_name == "mse" ? tr("backprop.why.bwd_z3_mse") : tr("backprop.why.bwd_z3_ce");
      case H1: case H2: return tr("backprop.why.bwd_hidden");
      case Z1: case Z2: return tr("backprop.why.bwd_sigmoid");
      case B1: case B2: case B3: return tr("backprop.why.bwd_bias");
      default: return tr("backprop.why.bwd_weight");
    }
  }

  // Drawing --------------------------------------------------------------------------------------
  // Top to bottom: the graph, the current node's formula, the controls, the tape (folded).
  void draw() override {
    const float u = ui::u();
    const float avail_w = ImGui::GetContentRegionAvail().x, avail_h = ImGui::GetContentRegionAvail().y;
    const float panel_h = panel_height(avail_w);
    const float controls_h = controls_height(avail_w);
    const float tape_h = ImGui::GetFrameHeightWithSpacing() + ImGui::GetStyle().ItemSpacing.y;
    const float spacing = 3 * ImGui::GetStyle().ItemSpacing.y;
    const float graph_h = std::clamp(avail_h - panel_h - controls_h - tape_h - spacing, graph_min_height(avail_w), 560 * u);
    ImGui::BeginChild("graph", ImVec2(0, graph_h), false, ImGuiWindowFlags_NoScrollbar);
    draw_graph();
    ImGui::EndChild();
    draw_panel(panel_h);
    draw_controls();
    draw_tape();
  }

  // Layout: columns left to right (inputs, first-layer weights, z, h, second-layer weights, z3, ŷ,
  // L) and a row position in [0, 1] for each quantity.
  struct Place { float col, row; };
  static Place place(int q) {
    switch (q) {
      case X1: return {0, 0.25f};  case X2: return {0, 0.75f};
      case B1: return {1, 0.0f};   case W1: return {1, 0.2f};   case W2: return {1, 0.4f};
      case W3: return {1, 0.6f};   case W4: return {1, 0.8f};   case B2: return {1, 1.0f};
      case Z1: return {2, 0.25f};  case Z2: return {2, 0.75f};
      case H1: return {3, 0.25f};  case H2: return {3, 0.75f};
      case W5: return {4, 0.25f};  case B3: return {4, 0.5f};   case W6: return {4, 0.75f};
      case Z3: return {5, 0.5f};   case YHAT: return {6, 0.5f};
      case L: return {7, 0.5f};    default: return {6, 0.85f};  // Y
    }
  }
  // The drawn edges (from, to): x → w → z reads "x times w, into z".
  static const std::vector<std::pair<int, int>>& edges() {
    static const std::vector<std::pair<int, int>> e = {
        {X1, W1}, {X2, W2}, {X1, W3}, {X2, W4}, {W1, Z1}, {W2, Z1}, {B1, Z1}, {W3, Z2}, {W4, Z2}, {B2, Z2},
        {Z1, H1}, {Z2, H2}, {H1, W5}, {H2, W6}, {W5, Z3}, {W6, Z3}, {B3, Z3}, {Z3, YHAT}, {YHAT, L}, {Y, L}};
    return e;
  }
  // Edges lit for the current node: forward, what it is computed from; backward, the path its
  // gradient arrives along.
  static bool lit(int from, int to, int q, bool backward) {
    if (q < 0) return false;
    if (!backward) {
      if (to == q) return true;
      // the products inside a sum: x → w for the weights of this node
      return (q == Z1 && (to == W1 || to == W2)) || (q == Z2 && (to == W3 || to == W4)) ||
             (q == Z3 && (to == W5 || to == W6));
    }
    if (from == q)  // the gradient flows from `to` back into `from`
      return (q == YHAT && to == L) || (q == Z3 && to == YHAT) || (q == Z1 && to == H1) || (q == Z2 && to == H2) ||
             (q == H1 && to == W5) || (q == H2 && to == W6) || (is_param(q) && to >= Z1);
    return (q == H1 && from == W5 && to == Z3) || (q == H2 && from == W6 && to == Z3);
  }
  // The nodes whose numbers appear in the current formula (outlined in the graph).
  std::vector<int> operands(int q, bool backward) const {
    if (!backward) {
      switch (q) {
        case Z1: return {W1, X1, W2, X2, B1};
        case Z2: return {W3, X1, W4, X2, B2};
        case H1: return {Z1};
        case H2: return {Z2};
        case Z3: return {W5, H1, W6, H2, B3};
        case YHAT: return {Z3};
        case L: return {YHAT, Y};
        default: return {};
      }
    }
    switch (q) {
      case YHAT: return {Y};
      case Z3: return loss_name == "mse" ? std::vector<int>{YHAT} : std::vector<int>{YHAT, Y};
      case W5: return {Z3, H1};
      case W6: return {Z3, H2};
      case B3: return {Z3};
      case H1: return {Z3, W5};
      case H2: return {Z3, W6};
      case Z1: return {H1};
      case Z2: return {H2};
      case W1: return {Z1, X1};
      case W2: return {Z1, X2};
      case W3: return {Z2, X1};
      case W4: return {Z2, X2};
      case B1: return {Z1};
      case B2: return {Z2};
      default: return {};
    }
  }

  // Box sizes: a leaf is "w1 0.214" on one line when it fits, else name and value on two; a
  // computed node has its name above its value. A gradient adds a line (parameters and computed
  // nodes always keep room for it, so boxes do not jump).
  float box_width(float avail_w) const { return std::min((avail_w - 12 * ui::u()) / 8.0f * 0.8f, 96 * ui::u()); }
  bool leaf_one_line(float bw) const { return math_width("w2 \xe2\x88\x92" "0.000") <= bw - 8 * ui::u(); }
  int box_lines(int q, float bw) const {
    if (q >= Z1) return 3;
    int name_value = leaf_one_line(bw) ? 1 : 2;
    return name_value + (is_param(q) ? 1 : 0);
  }
  float box_height(int q, float bw) const { return float(box_lines(q, bw)) * ImGui::GetTextLineHeight() + 6 * ui::u(); }
  float graph_min_height(float avail_w) const {
    const float bw = box_width(avail_w), line = ImGui::GetTextLineHeight();
    return line + 12 * ui::u() + 6 * box_height(W1, bw) + 5 * 6 * ui::u();  // the first weight column
  }

  void draw_graph() {
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec2 o = ImGui::GetCursorScreenPos();
    const ImVec2 size = ImGui::GetContentRegionAvail();
    const float u = ui::u(), line = ImGui::GetTextLineHeight();
    const float padx = 6 * u, top = line + 8 * u;
    const float colw = (size.x - 2 * padx) / 8.0f;
    const float bw = box_width(size.x);
    const bool backward = std::strcmp(phase(), "backward") == 0, update = walk == kWalk - 1;
    const int cur = current();
    const ImU32 accent = update ? ui::kGreen : backward ? ui::kVermillion : ui::kBlue;

    // Heading: which pass, which node; and what the numbers in a box are.
    char head[160];
    if (update)
      std::snprintf(head, sizeof head, tr("backprop.head.update"), updates);
    else if (backward)
      std::snprintf(head, sizeof head, tr("backprop.head.backward"), walk - kForwardNodes + 1, kBackwardNodes);
    else
      std::snprintf(head, sizeof head, tr("backprop.head.forward"), walk + 1, kForwardNodes);
    dl->AddRectFilled(ImVec2(o.x + padx, o.y + 1 * u), ImVec2(o.x + padx + 5 * u, o.y + line + 1 * u), accent);
    dl->AddText(ImVec2(o.x + padx + 11 * u, o.y + 1 * u), ui::kInk, head);
    const char* key = tr("backprop.key");
    const float kw = ImGui::CalcTextSize(key).x;
    if (ImGui::CalcTextSize(head).x + kw + 40 * u < size.x)
      dl->AddText(ImVec2(o.x + size.x - padx - kw, o.y + 1 * u), IM_COL32(0, 0, 0, 130), key);

    // Rows: the first weight column spans the height; everything else is placed in that span.
    const float span_top = o.y + top + box_height(B1, bw) / 2;
    const float span = size.y - top - box_height(B1, bw) - 4 * u;
    auto centre = [&](int q) {
      Place pl = place(q);
      return ImVec2(o.x + padx + colw * (pl.col + 0.5f), span_top + span * pl.row);
    };
    auto half = [&](int q) { return ImVec2(bw * 0.5f, box_height(q, bw) * 0.5f); };

    // The loss after each update, in the empty corner above z3, ŷ and L.
    {
      const float x0 = o.x + padx + colw * 5 + 4 * u, y0 = o.y + top + 2 * u;
      const float y1 = std::min(centre(Z3).y - half(Z3).y - 16 * u, y0 + 150 * u);
      if (y1 - y0 > 60 * u) draw_loss_history(dl, ImVec2(x0, y0), ImVec2(o.x + size.x - padx, y1));
    }

    // Edges first, under the boxes; the lit ones last.
    for (int pass = 0; pass < 2; ++pass)
      for (const auto& [from, to] : edges()) {
        const bool on = lit(from, to, cur, backward);
        if (on != (pass == 1)) continue;
        ImVec2 a = centre(from), b = centre(to);
        a.x += half(from).x, b.x -= half(to).x;
        if (from == Y) a = ImVec2(centre(Y).x + half(Y).x, centre(Y).y), b = ImVec2(centre(L).x, centre(L).y + half(L).y);
        const ImU32 col = on ? accent : IM_COL32(0, 0, 0, 60);
        const float th = on ? 3.0f * u : 1.3f * u;
        // Arrowhead: forward at the consumer; backward (the gradient) at the producer.
        ImVec2 tip = on && backward ? a : b, tail = on && backward ? b : a;
        float dx = tip.x - tail.x, dy = tip.y - tail.y, len = std::sqrt(dx * dx + dy * dy);
        if (len < 1) continue;
        dx /= len, dy /= len;
        const float ah = (on ? 10.0f : 6.0f) * u, aw = (on ? 5.5f : 3.5f) * u;
        dl->AddLine(tail, ImVec2(tip.x - dx * ah * 0.8f, tip.y - dy * ah * 0.8f), col, th);
        dl->AddTriangleFilled(tip, ImVec2(tip.x - dx * ah - dy * aw, tip.y - dy * ah + dx * aw),
                              ImVec2(tip.x - dx * ah + dy * aw, tip.y - dy * ah - dx * aw), col);
      }

    // Boxes.
    const std::vector<int> ops = update ? std::vector<int>{} : operands(cur, backward);
    const bool one_line = leaf_one_line(bw);
    for (int q = 0; q < kQ; ++q) {
      const ImVec2 c = centre(q), h = half(q);
      const ImVec2 a(c.x - h.x, c.y - h.y), b(c.x + h.x, c.y + h.y);
      const bool is_cur = q == cur || (update && is_param(q));
      const bool is_op = std::find(ops.begin(), ops.end(), q) != ops.end();
      const bool known = value_known(q), gknown = grad_known(q);
      ImU32 fill = IM_COL32(255, 255, 255, 255), border = IM_COL32(0, 0, 0, known ? 110 : 60);
      if (q < W1) fill = IM_COL32(240, 240, 236, 255);            // data: x1, x2, y
      else if (is_param(q)) fill = IM_COL32(252, 247, 232, 255);  // parameters
      if (is_cur) fill = ui::tint(accent, 0.16f), border = accent;
      else if (is_op) border = ui::tint(accent, 0.7f);
      const float rounding = (q >= Z1 ? 10.0f : 3.0f) * u;
      dl->AddRectFilled(a, b, fill, rounding);
      dl->AddRect(a, b, border, rounding, 0, is_cur ? 3.0f * u : is_op ? 2.2f * u : 1.2f * u);
      // Name, value, gradient.
      float ty = a.y + 3 * u;
      const std::string name = kSymbol[q], v = known ? num(val(q)) : "?";
      const ImU32 ink = known ? ui::kInk : IM_COL32(0, 0, 0, 110);
      const ImU32 name_ink = q >= Z1 ? (is_cur ? accent : IM_COL32(0, 0, 0, 150)) : IM_COL32(0, 0, 0, 150);
      if (q < Z1 && one_line) {
        const float nw = math_width(name + " "), w = nw + math_width(v);
        draw_math(dl, ImVec2(c.x - w / 2, ty), name, name_ink);
        draw_math(dl, ImVec2(c.x - w / 2 + nw, ty), v, ink);
      } else {
        draw_math(dl, ImVec2(c.x - math_width(name) / 2, ty), name, name_ink);
        ty += line;
        draw_math(dl, ImVec2(c.x - math_width(v) / 2, ty), v, ink);
      }
      ty += line;
      if (gknown) {
        const double g = update && is_param(q) ? before_g[q - W1] : grad(q);
        const std::string gs = "\xe2\x88\x82 " + num(g);
        draw_math(dl, ImVec2(c.x - math_width(gs) / 2, ty), gs, ui::kVermillion);
      }
    }
    ImGui::Dummy(size);
  }

  // A small plot of L after each update (point 0: the starting weights).
  void draw_loss_history(ImDrawList* dl, ImVec2 a, ImVec2 b) const {
    const float u = ui::u(), line = ImGui::GetTextLineHeight();
    dl->AddText(a, IM_COL32(0, 0, 0, 150), tr("backprop.loss_history"));
    a.y += line + 2 * u;
    b.y -= line;
    const auto& v = curve.v;
    dl->AddRectFilled(a, b, IM_COL32(255, 255, 255, 255));
    dl->AddRect(a, b, IM_COL32(0, 0, 0, 50));
    char buf[48];
    std::snprintf(buf, sizeof buf, tr("backprop.updates_n"), updates);
    dl->AddText(ImVec2(b.x - ImGui::CalcTextSize(buf).x, b.y + 1), IM_COL32(0, 0, 0, 150), buf);
    dl->AddText(ImVec2(a.x, b.y + 1), IM_COL32(0, 0, 0, 150), "0");
    if (v.size() < 2) {
      const char* empty = tr("backprop.loss_history_empty");
      dl->PushClipRect(a, b, true);
      dl->AddText(ImVec2(a.x + 6 * u, a.y + 6 * u), IM_COL32(0, 0, 0, 120), empty);
      dl->PopClipRect();
      return;
    }
    float lo = 0, hi = 0;
    for (float x : v) hi = std::max(hi, std::isfinite(x) ? x : hi);
    if (hi <= lo) hi = lo + 1;
    auto X = [&](size_t i) { return v.size() < 2 ? a.x : a.x + (b.x - a.x) * float(i) / float(v.size() - 1); };
    auto Y = [&](float x) { return b.y - (b.y - a.y - 4 * u) * (x - lo) / (hi - lo); };
    for (size_t i = 1; i < v.size(); ++i) dl->AddLine(ImVec2(X(i - 1), Y(v[i - 1])), ImVec2(X(i), Y(v[i])), ui::kVermillion, 2 * u);
    dl->AddCircleFilled(ImVec2(X(v.size() - 1), Y(v.back())), 3.5f * u, ui::kVermillion);
    std::snprintf(buf, sizeof buf, "%s", num(hi).c_str());
    dl->AddText(ImVec2(b.x - ImGui::CalcTextSize(buf).x - 3 * u, a.y + 1), IM_COL32(0, 0, 0, 120), buf);
  }

  // The formula panel: the current node's formula (wrapped at " = "), then why it is so.
  std::vector<std::string> formula_lines(float width) const {
    const int q = current();
    const bool backward = std::strcmp(phase(), "backward") == 0;
    return wrap_math(backward ? backward_formula(q) : forward_formula(q), width, kFormulaScale);
  }
  int update_columns(float width) const { return width > 640 * ui::u() ? 3 : width > 420 * ui::u() ? 2 : 1; }
  float panel_height(float avail_w) const {
    const ImGuiStyle& st = ImGui::GetStyle();
    const float inner = avail_w - 2 * st.WindowPadding.x, line = ImGui::GetTextLineHeight();
    float h = 2 * st.WindowPadding.y;
    if (walk == kWalk - 1) {
      const int rows = (kParams + update_columns(inner) - 1) / update_columns(inner);
      h += (2 + rows) * ImGui::GetTextLineHeightWithSpacing() + st.ItemSpacing.y;
      h += ImGui::CalcTextSize(tr("backprop.why.update"), nullptr, false, inner).y;
    } else {
      const int q = current();
      h += float(formula_lines(inner).size()) * (line * kFormulaScale + st.ItemSpacing.y) + 2 * st.ItemSpacing.y;
      h += ImGui::CalcTextSize(explanation(q, std::strcmp(phase(), "backward") == 0), nullptr, false, inner).y;
    }
    return h;
  }

  void draw_panel(float height) {
    const bool update = walk == kWalk - 1, backward = std::strcmp(phase(), "backward") == 0;
    const ImU32 accent = update ? ui::kGreen : backward ? ui::kVermillion : ui::kBlue;
    ImGui::PushStyleColor(ImGuiCol_ChildBg, ui::tint(accent, 0.07f));
    ImGui::PushStyleColor(ImGuiCol_Border, ui::tint(accent, 0.6f));
    ImGui::BeginChild("formula", ImVec2(0, height), true, ImGuiWindowFlags_NoScrollbar);
    const float width = ImGui::GetContentRegionAvail().x;
    if (update) {
      char buf[160];
      std::snprintf(buf, sizeof buf, tr("backprop.update_rule"), num(lr).c_str());
      math_line(buf, ui::kInk);
      // Nine parameters: old − lr·gradient = new.
      if (ImGui::BeginTable("updates", update_columns(width))) {
        for (int i = 0; i < kParams; ++i) {
          ImGui::TableNextColumn();
          std::string s = std::string(kName[W1 + i]) + " := " + num(before_w[i]) + " \xe2\x88\x92 " + num(lr) +
                          "\xc2\xb7" + paren(before_g[i]) + " = " + num(p[i].value.v[0]);
          math_line(s, ui::kInk);
        }
        ImGui::EndTable();
      }
      std::snprintf(buf, sizeof buf, tr("backprop.loss_change"), num(loss_before).c_str(), num(val(L)).c_str());
      math_line(buf, val(L) <= loss_before ? ui::kGreen : ui::kVermillion);
      ImGui::PushTextWrapPos(0);
      ImGui::TextDisabled("%s", tr("backprop.why.update"));
      ImGui::PopTextWrapPos();
    } else {
      for (const auto& l : formula_lines(width)) math_line(l, ui::kInk, kFormulaScale);
      ImGui::Spacing();
      ImGui::PushTextWrapPos(0);
      ImGui::TextDisabled("%s", explanation(current(), backward));
      ImGui::PopTextWrapPos();
    }
    ImGui::EndChild();
    ImGui::PopStyleColor(2);
  }

  float controls_height(float avail_w) const {
    const float row = ImGui::GetFrameHeightWithSpacing();
    return row * (avail_w > 560 * ui::u() ? 5.3f : 10.6f);
  }

  void draw_controls() {
    const float u = ui::u();
    // Walking: back, on, to the update.
    ImGui::BeginDisabled(!can_go_back());
    if (ImGui::Button(tr("backprop.prev"))) { running = false; previous(); }
    ImGui::EndDisabled();
    ImGui::SameLine();
    if (ImGui::Button(tr("backprop.next")) && alert.empty()) { running = false; step(); }
    ImGui::SameLine();
    ImGui::BeginDisabled(walk == kWalk - 1 || !alert.empty());
    if (ImGui::Button(tr("backprop.finish"))) {
      running = false;
      while (walk != kWalk - 1) step();
    }
    ImGui::EndDisabled();
    ImGui::SameLine();
    ImGui::SetNextItemWidth(150 * u);
    float sp = speed > 0 ? float(speed) : 30.0f;
    const char* fmt = speed > 0 ? tr("backprop.speed_fmt") : tr("host.max_speed");  // 0: the toolbar's "max"
    if (ImGui::SliderFloat(tr("backprop.speed"), &sp, 0.25f, 30.0f, fmt, ImGuiSliderFlags_Logarithmic))
      speed = sp;
    ui::help_marker(tr("backprop.speed_help"));

    // The sample and the training settings, two columns when there is room.
    const float w = ImGui::GetContentRegionAvail().x;
    const bool wide = w > 560 * u;
    ImGui::BeginChild("settings", ImVec2(wide ? w * 0.55f : w, 4.3f * ImGui::GetFrameHeightWithSpacing()), false);
    ImGui::PushItemWidth(std::min(200 * u, ImGui::GetContentRegionAvail().x * 0.5f));
    bool changed = false;
    float fx1 = float(x1), fx2 = float(x2), fy = float(y);
    if (ImGui::SliderFloat("x1", &fx1, -float(kXMax), float(kXMax), "%.2f")) x1 = fx1, changed = true;
    ui::help_marker(tr("backprop.x_help"));
    if (ImGui::SliderFloat("x2", &fx2, -float(kXMax), float(kXMax), "%.2f")) x2 = fx2, changed = true;
    if (ImGui::SliderFloat(tr("backprop.target"), &fy, 0.0f, 1.0f, "%.2f")) y = fy, changed = true;
    ui::help_marker(tr("backprop.target_help"));
    const char* losses[] = {tr("backprop.loss.ce"), tr("backprop.loss.mse")};
    int l = loss_name == "mse" ? 1 : 0;
    if (ImGui::Combo(tr("backprop.loss"), &l, losses, 2)) loss_name = kLosses[size_t(l)], changed = true;
    ui::help_marker(tr("backprop.loss_help"));
    if (changed) build();  // same weights, same place in the walk: the numbers follow the sample
    ImGui::PopItemWidth();
    ImGui::EndChild();
    if (wide) ImGui::SameLine();
    ImGui::BeginChild("training", ImVec2(0, 4.3f * ImGui::GetFrameHeightWithSpacing()), false);
    ImGui::PushItemWidth(std::min(160 * u, ImGui::GetContentRegionAvail().x * 0.5f));
    float r = float(lr);
    if (ImGui::SliderFloat(tr("backprop.lr"), &r, 0.0f, float(kLrMax), "%.3g", ImGuiSliderFlags_Logarithmic)) lr = r;
    ui::help_marker(tr("backprop.lr_help"));
    int s = int(seed);
    if (ImGui::InputInt(tr("backprop.seed"), &s)) {
      seed = std::clamp(s, 0, 1000000000);
      w_init.reset(), b_init.reset();
      reset();
    }
    ui::help_marker(tr("backprop.seed_help"));
    ImGui::PopItemWidth();
    char buf[96];
    std::snprintf(buf, sizeof buf, tr("backprop.loss_now"), updates, num(val(L)).c_str());
    ImGui::TextUnformatted(buf);
    ImGui::EndChild();
  }

  // The tape itself: every node backward() walks, including the products and sums inside z.
  void draw_tape() {
    char head[96];
    std::snprintf(head, sizeof head, tr("backprop.tape"), tape.size());
    if (!ImGui::CollapsingHeader(head)) return;
    ImGui::TextDisabled("%s", tr("backprop.tape_help"));
    const json nodes = eng::tape_to_json(tape, 1);
    const int cur = current();
    if (ImGui::BeginTable("tape", 6, ImGuiTableFlags_Borders | ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingFixedFit)) {
      for (const char* h : {"id", tr("backprop.col.op"), tr("backprop.col.inputs"), tr("backprop.col.name"),
                            tr("backprop.col.value"), "\xe2\x88\x82L/\xe2\x88\x82\xc2\xb7"})
        ImGui::TableSetupColumn(h);
      ImGui::TableHeadersRow();
      for (const auto& n : nodes) {
        const int i = n["id"].get<int>();
        int named = -1;
        for (int q = 0; q < kQ; ++q)
          if (id[q] == i) named = q;
        ImGui::TableNextRow();
        if (named >= 0 && named == cur) ImGui::TableSetBgColor(ImGuiTableBgTarget_RowBg0, ui::tint(ui::kOrange, 0.25f));
        ImGui::TableNextColumn();
        ImGui::Text("%d", i);
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(n["op"].get<std::string>().c_str());
        ImGui::TableNextColumn();
        std::string ins;
        for (const auto& k : n["inputs"]) ins += (ins.empty() ? "" : ", ") + std::to_string(k.get<int>());
        ImGui::TextUnformatted(ins.c_str());
        ImGui::TableNextColumn();
        if (named >= 0) math_line(kSymbol[named], ui::kBlue);
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(num(n["value"][0].get<double>()).c_str());
        ImGui::TableNextColumn();
        if (n["grad"].is_array()) ImGui::TextUnformatted(num(n["grad"][0].get<double>()).c_str());
      }
      ImGui::EndTable();
    }
  }
};

LabInfo info() {
  LabInfo i;
  i.name = "backprop";
  i.title = "backprop.title";
  i.make = [] { return std::make_unique<BackpropLab>(); };
  i.texts = backprop_texts();
  i.headline = {"loss"};
  return i;
}

[[maybe_unused]] const bool registered = register_lab(info());

}  // namespace
