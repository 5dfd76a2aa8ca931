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
//
// This file: the formulas, then one table with a row per node (kNodes: everything the lab shows of
// it), the Lab (configure, preset, reset, step, state), then its drawing.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "engine/engine.h"
#include "labs/lab.h"
#include "ui/plot.h"
#include "ui/strings.h"

using ui::tr;

const std::vector<ui::Text>& backprop_texts();  // backprop_texts.cpp

namespace {

// The named quantities: leaves (inputs, target, parameters), then the computed nodes.
enum Q { X1, X2, Y, W1, W2, W3, W4, W5, W6, B1, B2, B3, Z1, Z2, H1, H2, Z3, YHAT, L, kQ };
enum class Kind { Data, Param, Computed };  // x1 x2 y; w1..b3; z1..L
constexpr int kParams = 9;                  // W1..B3, in that order

// Where the walk stands; state "phase" names it.
enum class Phase { Forward, Backward, Update };
const char* phase_name(Phase phase) {
  switch (phase) {
    case Phase::Forward: return "forward";
    case Phase::Backward: return "backward";
    default: return "update";
  }
}
constexpr int kForwardNodes = 7;    // z1 z2 h1 h2 z3 ŷ L
constexpr int kBackwardNodes = 16;  // those and the nine parameters
constexpr int kWalk = kForwardNodes + kBackwardNodes + 1;  // + the update

// The loss; preset "loss" names it.
enum class Loss { CrossEntropy, Mse };
const std::vector<std::string> kLosses = {"cross-entropy", "mse"};  // in the order of Loss
const std::string& loss_name(Loss loss) { return kLosses[size_t(loss)]; }

constexpr double kXMax = 5, kWMax = 5, kLrMax = 10;

// Formulas ---------------------------------------------------------------------------------------
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
std::string paren(double v) {
  const std::string s = num(v);
  return s.rfind("\xe2\x88\x92", 0) == 0 ? "(" + s + ")" : s;
}

// What a formula reads: the loss, the target as configured (the tape holds it as a float), and
// every named quantity's value and gradient ∂L/∂· as the tape holds them (0 where there is none).
struct Numbers {
  Loss loss;
  double y;
  double val[kQ], grad[kQ];
};
// A node's formula, symbols first, then the tape's numbers substituted.
using Formula = std::string (*)(const Numbers&);

const char* symbol(int q);  // as drawn (the table's column, below)

// Forward.
std::string fwd_sum(const Numbers& n, Q z, Q wa, Q xa, Q wb, Q xb, Q b) {  // z = wa·xa + wb·xb + b
  const char* dot = "\xc2\xb7";
  return std::string(symbol(z)) + " = " + symbol(wa) + dot + symbol(xa) + " + " + symbol(wb) + dot +
         symbol(xb) + " + " + symbol(b) + " = " + paren(n.val[wa]) + dot + paren(n.val[xa]) + " + " +
         paren(n.val[wb]) + dot + paren(n.val[xb]) + " + " + paren(n.val[b]) + " = " + num(n.val[z]);
}
std::string fwd_sigmoid(const Numbers& n, Q h, Q z) {  // h = σ(z)
  return std::string(symbol(h)) + " = \xcf\x83(" + symbol(z) + ") = 1 / (1 + e^(\xe2\x88\x92" + symbol(z) +
         ")) = \xcf\x83(" + num(n.val[z]) + ") = " + num(n.val[h]);
}
std::string fwd_loss(const Numbers& n) {
  if (n.loss == Loss::Mse)
    return "L = \xc2\xbd(\xc5\xb7 \xe2\x88\x92 y)\xc2\xb2 = \xc2\xbd(" + num(n.val[YHAT]) + " \xe2\x88\x92 " +
           num(n.y) + ")\xc2\xb2 = " + num(n.val[L]);
  return "L = \xe2\x88\x92[y log \xc5\xb7 + (1 \xe2\x88\x92 y) log(1 \xe2\x88\x92 \xc5\xb7)] = "
         "\xe2\x88\x92[" + num(n.y) + "\xc2\xb7log " + num(n.val[YHAT]) + " + " + num(1 - n.y) +
         "\xc2\xb7log " + num(1 - n.val[YHAT]) + "] = " + num(n.val[L]);
}

// Backward.
const std::string kDL = "\xe2\x88\x82L/\xe2\x88\x82";  // ∂L/∂
std::string bwd_loss(const Numbers&) { return kDL + "L = 1"; }
std::string bwd_output(const Numbers& n) {  // ∂L/∂ŷ
  if (n.loss == Loss::Mse)
    return kDL + "\xc5\xb7 = \xc5\xb7 \xe2\x88\x92 y = " + num(n.val[YHAT]) + " \xe2\x88\x92 " + num(n.y) +
           " = " + num(n.grad[YHAT]);
  return kDL + "\xc5\xb7 = \xe2\x88\x92y/\xc5\xb7 + (1 \xe2\x88\x92 y)/(1 \xe2\x88\x92 \xc5\xb7) = "
         "\xe2\x88\x92" + num(n.y) + "/" + num(n.val[YHAT]) + " + " + num(1 - n.y) + "/" +
         num(1 - n.val[YHAT]) + " = " + num(n.grad[YHAT]);
}
std::string bwd_sigmoid(const Numbers& n, Q z, Q h) {  // ∂L/∂z = ∂L/∂h · σ'(z) = ∂L/∂h · h(1 − h)
  const std::string H = symbol(h);
  return kDL + symbol(z) + " = " + kDL + H + " \xc2\xb7 \xcf\x83\xe2\x80\xb2(" + symbol(z) + ") = " + kDL +
         H + " \xc2\xb7 " + H + "(1 \xe2\x88\x92 " + H + ") = " + num(n.grad[h]) + " \xc2\xb7 " +
         num(n.val[h]) + "\xc2\xb7(1 \xe2\x88\x92 " + num(n.val[h]) + ") = " + num(n.grad[z]);
}
std::string bwd_z3(const Numbers& n) {  // with cross-entropy, σ's slope cancels: ŷ − y
  if (n.loss == Loss::Mse) return bwd_sigmoid(n, Z3, YHAT);
  return kDL + "z3 = " + kDL + "\xc5\xb7 \xc2\xb7 \xc5\xb7(1 \xe2\x88\x92 \xc5\xb7) = "
         "\xc5\xb7 \xe2\x88\x92 y = " + num(n.val[YHAT]) + " \xe2\x88\x92 " + num(n.y) + " = " +
         num(n.grad[Z3]);
}
std::string bwd_hidden(const Numbers& n, Q h, Q w) {  // ∂L/∂h = ∂L/∂z3 · w
  return kDL + symbol(h) + " = " + kDL + "z3 \xc2\xb7 " + symbol(w) + " = " + num(n.grad[Z3]) + " \xc2\xb7 " +
         paren(n.val[w]) + " = " + num(n.grad[h]);
}
std::string bwd_weight(const Numbers& n, Q w, Q z, Q x) {  // ∂L/∂w = ∂L/∂z · x
  return kDL + symbol(w) + " = " + kDL + symbol(z) + " \xc2\xb7 " + symbol(x) + " = " + num(n.grad[z]) +
         " \xc2\xb7 " + paren(n.val[x]) + " = " + num(n.grad[w]);
}
std::string bwd_bias(const Numbers& n, Q b, Q z) {  // ∂L/∂b = ∂L/∂z · 1
  return kDL + symbol(b) + " = " + kDL + symbol(z) + " \xc2\xb7 1 = " + num(n.grad[b]);
}

// The nodes -------------------------------------------------------------------------------------
struct Place { float col, row; };  // column 0 (inputs) .. 7 (L); row in [0, 1], top to bottom
struct Edge { Q from, to; };       // drawn as an arrow from → to
bool operator==(Edge a, Edge b) { return a.from == b.from && a.to == b.to; }

// A text key, or a list of nodes, for each loss.
template <class T>
struct PerLoss {
  T ce, mse;
  const T& operator[](Loss loss) const { return loss == Loss::Mse ? mse : ce; }
};
PerLoss<const char*> both(const char* key) { return {key, key}; }
PerLoss<std::vector<Q>> both(std::vector<Q> nodes) { return {nodes, nodes}; }

// Everything the lab shows of one node. The forward part is for computed nodes, the backward part
// for the nodes backward() gives a gradient (all but x1, x2, y); a part a node lacks is {} and
// nullptr.
struct Node {
  Q q;
  const char* name;    // its state key and node_name (L's value is state "loss")
  const char* symbol;  // as drawn: ŷ is U+0177, which the UI font lacks; draw_math() draws y, hat
  Kind kind;
  Place place;
  // Forward: what it is computed from (outlined while it is shown), the edges lit (what flows in),
  // its formula, and the text key of why the formula is so.
  std::vector<Q> from;
  std::vector<Edge> lit;
  Formula formula;
  PerLoss<const char*> why;
  // Backward, the same for ∂L/∂(node): what the formula reads, the path the gradient arrives along.
  PerLoss<std::vector<Q>> grad_from;
  std::vector<Edge> grad_lit;
  Formula grad_formula;
  PerLoss<const char*> grad_why;
};

// One row per node, in the order of Q (kNodes[q] is q's row):
//   node, name, symbol, kind, place
//   forward:  computed from, edges lit, formula, why
//   backward: what its gradient reads, edges lit, formula, why
// Where the losses differ, a pair reads {cross-entropy, mse}.
const Node kNodes[kQ] = {
    {X1, "x1", "x1", Kind::Data, {0, 0.25f},
     {}, {}, nullptr, {},
     {}, {}, nullptr, {}},
    {X2, "x2", "x2", Kind::Data, {0, 0.75f},
     {}, {}, nullptr, {},
     {}, {}, nullptr, {}},
    {Y, "y", "y", Kind::Data, {6, 0.85f},
     {}, {}, nullptr, {},
     {}, {}, nullptr, {}},
    {W1, "w1", "w1", Kind::Param, {1, 0.2f},
     {}, {}, nullptr, {},
     both({Z1, X1}), {{W1, Z1}}, [](const Numbers& n) { return bwd_weight(n, W1, Z1, X1); },
     both("backprop.why.bwd_weight")},
    {W2, "w2", "w2", Kind::Param, {1, 0.4f},
     {}, {}, nullptr, {},
     both({Z1, X2}), {{W2, Z1}}, [](const Numbers& n) { return bwd_weight(n, W2, Z1, X2); },
     both("backprop.why.bwd_weight")},
    {W3, "w3", "w3", Kind::Param, {1, 0.6f},
     {}, {}, nullptr, {},
     both({Z2, X1}), {{W3, Z2}}, [](const Numbers& n) { return bwd_weight(n, W3, Z2, X1); },
     both("backprop.why.bwd_weight")},
    {W4, "w4", "w4", Kind::Param, {1, 0.8f},
     {}, {}, nullptr, {},
     both({Z2, X2}), {{W4, Z2}}, [](const Numbers& n) { return bwd_weight(n, W4, Z2, X2); },
     both("backprop.why.bwd_weight")},
    {W5, "w5", "w5", Kind::Param, {4, 0.25f},
     {}, {}, nullptr, {},
     both({Z3, H1}), {{W5, Z3}}, [](const Numbers& n) { return bwd_weight(n, W5, Z3, H1); },
     both("backprop.why.bwd_weight")},
    {W6, "w6", "w6", Kind::Param, {4, 0.75f},
     {}, {}, nullptr, {},
     both({Z3, H2}), {{W6, Z3}}, [](const Numbers& n) { return bwd_weight(n, W6, Z3, H2); },
     both("backprop.why.bwd_weight")},
    {B1, "b1", "b1", Kind::Param, {1, 0.0f},
     {}, {}, nullptr, {},
     both({Z1}), {{B1, Z1}}, [](const Numbers& n) { return bwd_bias(n, B1, Z1); },
     both("backprop.why.bwd_bias")},
    {B2, "b2", "b2", Kind::Param, {1, 1.0f},
     {}, {}, nullptr, {},
     both({Z2}), {{B2, Z2}}, [](const Numbers& n) { return bwd_bias(n, B2, Z2); },
     both("backprop.why.bwd_bias")},
    {B3, "b3", "b3", Kind::Param, {4, 0.5f},
     {}, {}, nullptr, {},
     both({Z3}), {{B3, Z3}}, [](const Numbers& n) { return bwd_bias(n, B3, Z3); },
     both("backprop.why.bwd_bias")},
    // Forward, the edges lit are those into the node and, for a sum, x → w for its weights.
    {Z1, "z1", "z1", Kind::Computed, {2, 0.25f},
     {W1, X1, W2, X2, B1}, {{X1, W1}, {X2, W2}, {W1, Z1}, {W2, Z1}, {B1, Z1}},
     [](const Numbers& n) { return fwd_sum(n, Z1, W1, X1, W2, X2, B1); },
     both("backprop.why.fwd_sum1"),
     both({H1}), {{Z1, H1}}, [](const Numbers& n) { return bwd_sigmoid(n, Z1, H1); },
     both("backprop.why.bwd_sigmoid")},
    {Z2, "z2", "z2", Kind::Computed, {2, 0.75f},
     {W3, X1, W4, X2, B2}, {{X1, W3}, {X2, W4}, {W3, Z2}, {W4, Z2}, {B2, Z2}},
     [](const Numbers& n) { return fwd_sum(n, Z2, W3, X1, W4, X2, B2); },
     both("backprop.why.fwd_sum1"),
     both({H2}), {{Z2, H2}}, [](const Numbers& n) { return bwd_sigmoid(n, Z2, H2); },
     both("backprop.why.bwd_sigmoid")},
    {H1, "h1", "h1", Kind::Computed, {3, 0.25f},
     {Z1}, {{Z1, H1}}, [](const Numbers& n) { return fwd_sigmoid(n, H1, Z1); },
     both("backprop.why.fwd_sigmoid"),
     both({Z3, W5}), {{H1, W5}, {W5, Z3}}, [](const Numbers& n) { return bwd_hidden(n, H1, W5); },
     both("backprop.why.bwd_hidden")},
    {H2, "h2", "h2", Kind::Computed, {3, 0.75f},
     {Z2}, {{Z2, H2}}, [](const Numbers& n) { return fwd_sigmoid(n, H2, Z2); },
     both("backprop.why.fwd_sigmoid"),
     both({Z3, W6}), {{H2, W6}, {W6, Z3}}, [](const Numbers& n) { return bwd_hidden(n, H2, W6); },
     both("backprop.why.bwd_hidden")},
    {Z3, "z3", "z3", Kind::Computed, {5, 0.5f},
     {W5, H1, W6, H2, B3}, {{H1, W5}, {H2, W6}, {W5, Z3}, {W6, Z3}, {B3, Z3}},
     [](const Numbers& n) { return fwd_sum(n, Z3, W5, H1, W6, H2, B3); },
     both("backprop.why.fwd_sum2"),
     {{YHAT, Y}, {YHAT}}, {{Z3, YHAT}}, bwd_z3,
     {"backprop.why.bwd_z3_ce", "backprop.why.bwd_z3_mse"}},
    {YHAT, "yhat", "\xc5\xb7", Kind::Computed, {6, 0.5f},
     {Z3}, {{Z3, YHAT}}, [](const Numbers& n) { return fwd_sigmoid(n, YHAT, Z3); },
     both("backprop.why.fwd_output"),
     both({Y}), {{YHAT, L}}, bwd_output,
     {"backprop.why.bwd_yhat_ce", "backprop.why.bwd_yhat_mse"}},
    {L, "L", "L", Kind::Computed, {7, 0.5f},
     {YHAT, Y}, {{YHAT, L}, {Y, L}}, fwd_loss,
     {"backprop.why.fwd_ce", "backprop.why.fwd_mse"},
     {}, {}, bwd_loss,
     both("backprop.why.bwd_loss")},
};
const Node& node(int q) { return kNodes[q]; }
const char* symbol(int q) { return kNodes[q].symbol; }

// The rows above in the order of Q, and as many forward and backward parts as the walk has.
bool nodes_consistent() {
  int forward = 0, backward = 0;
  for (int q = 0; q < kQ; ++q) {
    if (kNodes[q].q != q) return false;
    if (kNodes[q].formula) ++forward;
    if (kNodes[q].grad_formula) ++backward;
  }
  return forward == kForwardNodes && backward == kBackwardNodes;
}

// The drawn edges: x → w → z reads "x times w, into z".
const std::vector<Edge> kEdges = {
    {X1, W1}, {X2, W2}, {X1, W3}, {X2, W4}, {W1, Z1}, {W2, Z1}, {B1, Z1}, {W3, Z2}, {W4, Z2}, {B2, Z2},
    {Z1, H1}, {Z2, H2}, {H1, W5}, {H2, W6}, {W5, Z3}, {W6, Z3}, {B3, Z3}, {Z3, YHAT}, {YHAT, L}, {Y, L}};

// Maths text (for the drawing at the end) ---------------------------------------------------------
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
  for (size_t j; (j = s.find(" = ", i)) != std::string::npos; i = j + 3)
    parts.push_back(s.substr(i, j - i));
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

// The lab ---------------------------------------------------------------------------------------
struct BackpropLab : Lab {
  // Configuration (what a preset sets).
  double x1 = 2, x2 = -1, y = 1, lr = 0.5;
  Loss loss = Loss::CrossEntropy;
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
    if (!nodes_consistent()) throw std::logic_error("backprop: kNodes is not one row per node, in order");
    for (int i = 0; i < kParams; ++i) p[i] = eng::Param(node(W1 + i).name, eng::Shape{1});
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
    Var out;
    if (loss == Loss::Mse) {  // ½ (ŷ − y)²
      Var e = yhat - vy;
      out = 0.5f * eng::square(e);
    } else {  // −[y log ŷ + (1 − y) log(1 − ŷ)]
      Var a = vy * eng::log(yhat);
      Var one_minus_y = 1.0f - vy;
      Var b = one_minus_y * eng::log(1.0f - yhat);
      out = -(a + b);
    }
    named(L, out);
    tape.backward(out);
    // The walk is read off the tape: forward, the computed nodes by increasing id; backward, every
    // node with a gradient by decreasing id, the order in which backward() finishes them.
    fwd.clear();
    bwd.clear();
    for (const Node& n : kNodes) {
      if (n.formula) fwd.push_back(n.q);
      if (n.grad_formula) bwd.push_back(n.q);
    }
    std::sort(fwd.begin(), fwd.end(), [&](int a, int b) { return id[a] < id[b]; });
    std::sort(bwd.begin(), bwd.end(), [&](int a, int b) { return id[a] > id[b]; });
  }

  double val(int q) const { return tape.node(id[q]).value()[0]; }
  double grad(int q) const {
    const float* g = tape.node(id[q]).grad();
    return g ? g[0] : 0.0;
  }
  Numbers numbers() const {  // what the formulas read
    Numbers n{loss, y, {}, {}};
    for (int q = 0; q < kQ; ++q) {
      n.val[q] = val(q);
      n.grad[q] = grad(q);
    }
    return n;
  }

  // Where the walk stands.
  Phase phase() const {
    if (walk < kForwardNodes) return Phase::Forward;
    return walk < kWalk - 1 ? Phase::Backward : Phase::Update;
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
    if (node(q).kind != Kind::Computed) return true;
    if (phase() == Phase::Update) return false;  // the new walk has not started
    return walk >= forward_index(q);
  }
  bool grad_known(int q) const {
    int b = backward_index(q);
    if (b < 0) return false;
    if (phase() == Phase::Update) return node(q).kind == Kind::Param;  // the gradients it used
    return walk >= b;
  }

  // Node q as shown forward or backward (kNodes): its formula, why, what it reads, the edges lit.
  std::string formula(int q, bool backward) const {
    const Node& n = node(q);
    return (backward ? n.grad_formula : n.formula)(numbers());
  }
  const char* why(int q, bool backward) const {
    const Node& n = node(q);
    return tr((backward ? n.grad_why : n.why)[loss]);
  }
  const std::vector<Q>& reads(int q, bool backward) const {
    return backward ? node(q).grad_from[loss] : node(q).from;
  }
  static bool lit(Edge e, int q, bool backward) {  // q: the node shown, -1 at the update
    if (q < 0) return false;
    const std::vector<Edge>& on = backward ? node(q).grad_lit : node(q).lit;
    return std::find(on.begin(), on.end(), e) != on.end();
  }

  // Lab interface --------------------------------------------------------------------------------
  void configure(const json& preset) override {
    check_fields(preset, {"x1", "x2", "y", "lr", "loss", "seed", "w", "b"});
    std::vector<std::string> n;  // notes; committed only if everything validates
    double nx1 = read_number(preset, "x1", x1, -kXMax, kXMax, n);
    double nx2 = read_number(preset, "x2", x2, -kXMax, kXMax, n);
    double ny = read_number(preset, "y", y, 0, 1, n);
    double nlr = read_number(preset, "lr", lr, 0, kLrMax, n);
    std::string nl = read_choice(preset, "loss", loss_name(loss), kLosses);
    long ns = read_int(preset, "seed", seed, 0, 1000000000, n);
    auto array = [&](const char* field, const char* prefix, size_t count, const char* names,
                     std::optional<std::vector<float>> cur) {
      if (!preset.contains(field)) return cur;
      const json& v = preset[field];
      if (!v.is_array() || v.size() != count)
        throw LabError(std::string(field) + ": expected an array of " + std::to_string(count) +
                       " numbers " + names + ", got " + v.dump());
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
    x1 = nx1;
    x2 = nx2;
    y = ny;
    lr = nlr;
    loss = nl == loss_name(Loss::Mse) ? Loss::Mse : Loss::CrossEntropy;
    seed = ns;
    w_init = nw;
    b_init = nb;
    notes = n;
    reset();
  }

  json preset() const override {
    json j = {{"x1", x1}, {"x2", x2}, {"y", y}, {"lr", lr}, {"loss", loss_name(loss)}, {"seed", seed}};
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
    for (int i = 0; i < kParams; ++i) {
      before_w[i] = p[i].value.v[0];
      before_g[i] = p[i].grad.v[0];
    }
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
    for (int q = W1; q <= B3; ++q) check.push_back({node(q).name, val(q)});
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
    const int q = current();
    json s = {{"step", updates}, {"node", walk}, {"phase", phase_name(phase())},
              {"node_name", q >= 0 ? node(q).name : "update"},
              {"tape_node", q >= 0 ? id[q] : -1},
              {"loss", val(L)}, {"loss_before", updates > 0 && have_before ? loss_before : val(L)},
              {"lr", lr}};
    // Every node's value under its name (L's is "loss", above) and every gradient in grad.
    json g = json::object();
    for (const Node& n : kNodes) {
      if (n.q == L) continue;
      s[n.name] = val(n.q);
      if (n.grad_formula) g[n.name] = grad(n.q);
    }
    s["grad"] = g;
    return s;
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
    const float graph_h = std::clamp(avail_h - panel_h - controls_h - tape_h - spacing,
                                     graph_min_height(avail_w), 560 * u);
    ImGui::BeginChild("graph", ImVec2(0, graph_h), false, ImGuiWindowFlags_NoScrollbar);
    draw_graph();
    ImGui::EndChild();
    draw_panel(panel_h);
    draw_controls();
    draw_tape();
  }

  // Box sizes: a leaf is "w1 0.214" on one line when it fits, else name and value on two; a
  // computed node has its name above its value. A gradient adds a line (parameters and computed
  // nodes always keep room for it, so boxes do not jump).
  float box_width(float avail_w) const {
    return std::min((avail_w - 12 * ui::u()) / 8.0f * 0.8f, 96 * ui::u());
  }
  bool leaf_one_line(float bw) const { return math_width("w2 \xe2\x88\x92" "0.000") <= bw - 8 * ui::u(); }
  int box_lines(int q, float bw) const {
    if (node(q).kind == Kind::Computed) return 3;
    int name_value = leaf_one_line(bw) ? 1 : 2;
    return name_value + (node(q).kind == Kind::Param ? 1 : 0);
  }
  float box_height(int q, float bw) const {
    return float(box_lines(q, bw)) * ImGui::GetTextLineHeight() + 6 * ui::u();
  }
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
    const bool backward = phase() == Phase::Backward, update = phase() == Phase::Update;
    const int cur = current();
    const ImU32 accent = update ? ui::kGreen : backward ? ui::kVermillion : ui::kBlue;

    // Heading: which pass, which node; and what the numbers in a box are.
    char head[160];
    if (update)
      std::snprintf(head, sizeof head, tr("backprop.head.update"), updates);
    else if (backward)
      std::snprintf(head, sizeof head, tr("backprop.head.backward"), walk - kForwardNodes + 1,
                    kBackwardNodes);
    else
      std::snprintf(head, sizeof head, tr("backprop.head.forward"), walk + 1, kForwardNodes);
    dl->AddRectFilled(ImVec2(o.x + padx, o.y + 1 * u), ImVec2(o.x + padx + 5 * u, o.y + line + 1 * u),
                      accent);
    dl->AddText(ImVec2(o.x + padx + 11 * u, o.y + 1 * u), ui::kInk, head);
    const char* key = tr("backprop.key");
    const float kw = ImGui::CalcTextSize(key).x;
    if (ImGui::CalcTextSize(head).x + kw + 40 * u < size.x)
      dl->AddText(ImVec2(o.x + size.x - padx - kw, o.y + 1 * u), IM_COL32(0, 0, 0, 130), key);

    // Rows: the first weight column spans the height; everything else is placed in that span.
    const float span_top = o.y + top + box_height(B1, bw) / 2;
    const float span = size.y - top - box_height(B1, bw) - 4 * u;
    auto centre = [&](int q) {
      const Place pl = node(q).place;
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
      for (const auto& [from, to] : kEdges) {
        const bool on = lit({from, to}, cur, backward);
        if (on != (pass == 1)) continue;
        ImVec2 a = centre(from), b = centre(to);
        a.x += half(from).x;
        b.x -= half(to).x;
        if (from == Y) {  // y comes up into L from below
          a = ImVec2(centre(Y).x + half(Y).x, centre(Y).y);
          b = ImVec2(centre(L).x, centre(L).y + half(L).y);
        }
        const ImU32 col = on ? accent : IM_COL32(0, 0, 0, 60);
        const float th = on ? 3.0f * u : 1.3f * u;
        // Arrowhead: forward at the consumer; backward (the gradient) at the producer.
        ImVec2 tip = on && backward ? a : b, tail = on && backward ? b : a;
        float dx = tip.x - tail.x, dy = tip.y - tail.y, len = std::sqrt(dx * dx + dy * dy);
        if (len < 1) continue;
        dx /= len;
        dy /= len;
        const float ah = (on ? 10.0f : 6.0f) * u, aw = (on ? 5.5f : 3.5f) * u;
        dl->AddLine(tail, ImVec2(tip.x - dx * ah * 0.8f, tip.y - dy * ah * 0.8f), col, th);
        dl->AddTriangleFilled(tip, ImVec2(tip.x - dx * ah - dy * aw, tip.y - dy * ah + dx * aw),
                              ImVec2(tip.x - dx * ah + dy * aw, tip.y - dy * ah - dx * aw), col);
      }

    // Boxes.
    const std::vector<Q> ops = update ? std::vector<Q>{} : reads(cur, backward);
    const bool one_line = leaf_one_line(bw);
    for (int q = 0; q < kQ; ++q) {
      const ImVec2 c = centre(q), h = half(q);
      const ImVec2 a(c.x - h.x, c.y - h.y), b(c.x + h.x, c.y + h.y);
      const Kind kind = node(q).kind;
      const bool is_cur = q == cur || (update && kind == Kind::Param);
      const bool is_op = std::find(ops.begin(), ops.end(), q) != ops.end();
      const bool known = value_known(q), gknown = grad_known(q);
      ImU32 fill = IM_COL32(255, 255, 255, 255), border = IM_COL32(0, 0, 0, known ? 110 : 60);
      if (kind == Kind::Data) fill = IM_COL32(240, 240, 236, 255);         // x1, x2, y
      else if (kind == Kind::Param) fill = IM_COL32(252, 247, 232, 255);  // parameters
      if (is_cur) {
        fill = ui::tint(accent, 0.16f);
        border = accent;
      } else if (is_op) {
        border = ui::tint(accent, 0.7f);
      }
      const float rounding = (kind == Kind::Computed ? 10.0f : 3.0f) * u;
      dl->AddRectFilled(a, b, fill, rounding);
      dl->AddRect(a, b, border, rounding, 0, is_cur ? 3.0f * u : is_op ? 2.2f * u : 1.2f * u);
      // Name, value, gradient.
      float ty = a.y + 3 * u;
      const std::string name = symbol(q), v = known ? num(val(q)) : "?";
      const ImU32 ink = known ? ui::kInk : IM_COL32(0, 0, 0, 110);
      const ImU32 name_ink = kind == Kind::Computed && is_cur ? accent : IM_COL32(0, 0, 0, 150);
      if (kind != Kind::Computed && one_line) {
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
        const double g = update && kind == Kind::Param ? before_g[q - W1] : grad(q);
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
    auto X = [&](size_t i) {
      return v.size() < 2 ? a.x : a.x + (b.x - a.x) * float(i) / float(v.size() - 1);
    };
    auto Y = [&](float x) { return b.y - (b.y - a.y - 4 * u) * (x - lo) / (hi - lo); };
    for (size_t i = 1; i < v.size(); ++i)
      dl->AddLine(ImVec2(X(i - 1), Y(v[i - 1])), ImVec2(X(i), Y(v[i])), ui::kVermillion, 2 * u);
    dl->AddCircleFilled(ImVec2(X(v.size() - 1), Y(v.back())), 3.5f * u, ui::kVermillion);
    std::snprintf(buf, sizeof buf, "%s", num(hi).c_str());
    dl->AddText(ImVec2(b.x - ImGui::CalcTextSize(buf).x - 3 * u, a.y + 1), IM_COL32(0, 0, 0, 120), buf);
  }

  // The formula panel: the current node's formula (wrapped at " = "), then why it is so.
  std::vector<std::string> formula_lines(float width) const {
    const int q = current();
    return wrap_math(formula(q, phase() == Phase::Backward), width, kFormulaScale);
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
      const float formula_line = line * kFormulaScale + st.ItemSpacing.y;
      h += float(formula_lines(inner).size()) * formula_line + 2 * st.ItemSpacing.y;
      h += ImGui::CalcTextSize(why(q, phase() == Phase::Backward), nullptr, false, inner).y;
    }
    return h;
  }

  void draw_panel(float height) {
    const bool update = phase() == Phase::Update, backward = phase() == Phase::Backward;
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
          std::string s = std::string(node(W1 + i).name) + " := " + num(before_w[i]) + " \xe2\x88\x92 " +
                          num(lr) +
                          "\xc2\xb7" + paren(before_g[i]) + " = " + num(p[i].value.v[0]);
          math_line(s, ui::kInk);
        }
        ImGui::EndTable();
      }
      std::snprintf(buf, sizeof buf, tr("backprop.loss_change"), num(loss_before).c_str(),
                    num(val(L)).c_str());
      math_line(buf, val(L) <= loss_before ? ui::kGreen : ui::kVermillion);
      ImGui::PushTextWrapPos(0);
      ImGui::TextDisabled("%s", tr("backprop.why.update"));
      ImGui::PopTextWrapPos();
    } else {
      for (const auto& l : formula_lines(width)) math_line(l, ui::kInk, kFormulaScale);
      ImGui::Spacing();
      ImGui::PushTextWrapPos(0);
      ImGui::TextDisabled("%s", why(current(), backward));
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
    const float settings_h = 4.3f * ImGui::GetFrameHeightWithSpacing();
    ImGui::BeginChild("settings", ImVec2(wide ? w * 0.55f : w, settings_h), false);
    ImGui::PushItemWidth(std::min(200 * u, ImGui::GetContentRegionAvail().x * 0.5f));
    bool changed = false;
    float fx1 = float(x1), fx2 = float(x2), fy = float(y);
    if (ImGui::SliderFloat("x1", &fx1, -float(kXMax), float(kXMax), "%.2f")) {
      x1 = fx1;
      changed = true;
    }
    ui::help_marker(tr("backprop.x_help"));
    if (ImGui::SliderFloat("x2", &fx2, -float(kXMax), float(kXMax), "%.2f")) {
      x2 = fx2;
      changed = true;
    }
    if (ImGui::SliderFloat(tr("backprop.target"), &fy, 0.0f, 1.0f, "%.2f")) {
      y = fy;
      changed = true;
    }
    ui::help_marker(tr("backprop.target_help"));
    const char* losses[] = {tr("backprop.loss.ce"), tr("backprop.loss.mse")};
    int l = int(loss);
    if (ImGui::Combo(tr("backprop.loss"), &l, losses, 2)) {
      loss = Loss(l);
      changed = true;
    }
    ui::help_marker(tr("backprop.loss_help"));
    if (changed) build();  // same weights, same place in the walk: the numbers follow the sample
    ImGui::PopItemWidth();
    ImGui::EndChild();
    if (wide) ImGui::SameLine();
    ImGui::BeginChild("training", ImVec2(0, 4.3f * ImGui::GetFrameHeightWithSpacing()), false);
    ImGui::PushItemWidth(std::min(160 * u, ImGui::GetContentRegionAvail().x * 0.5f));
    float r = float(lr);
    if (ImGui::SliderFloat(tr("backprop.lr"), &r, 0.0f, float(kLrMax), "%.3g", ImGuiSliderFlags_Logarithmic))
      lr = r;
    ui::help_marker(tr("backprop.lr_help"));
    int s = int(seed);
    if (ImGui::InputInt(tr("backprop.seed"), &s)) {
      seed = std::clamp(s, 0, 1000000000);
      w_init.reset();
      b_init.reset();
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
    const ImGuiTableFlags flags =
        ImGuiTableFlags_Borders | ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingFixedFit;
    if (ImGui::BeginTable("tape", 6, flags)) {
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
        if (named >= 0 && named == cur)
          ImGui::TableSetBgColor(ImGuiTableBgTarget_RowBg0, ui::tint(ui::kOrange, 0.25f));
        ImGui::TableNextColumn();
        ImGui::Text("%d", i);
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(n["op"].get<std::string>().c_str());
        ImGui::TableNextColumn();
        std::string ins;
        for (const auto& k : n["inputs"]) ins += (ins.empty() ? "" : ", ") + std::to_string(k.get<int>());
        ImGui::TextUnformatted(ins.c_str());
        ImGui::TableNextColumn();
        if (named >= 0) math_line(symbol(named), ui::kBlue);
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
