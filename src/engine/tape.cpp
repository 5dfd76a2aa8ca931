#include "engine/tape.h"

#include <algorithm>
#include <cstring>

namespace eng {

float Var::item() const {
  if (shape().size() != 1) shape_fail("item", shape().str() + " has more than one element");
  return value()[0];
}

Tensor Var::tensor() const {
  Tensor x(shape());
  std::memcpy(x.data(), value(), sizeof(float) * size_t(x.size()));
  return x;
}

static Node& next_node(Tape& t) {
  if (t.count == int(t.nodes.size())) t.nodes.emplace_back();
  Node& y = t.nodes[size_t(t.count++)];
  y.param = nullptr;
  y.needs_grad = false;
  y.backward = nullptr;
  y.in.clear();
  return y;
}

template <class Ids>
static Node& push_node(Tape& t, const char* op, Shape s, const Ids& inputs, BackwardFn bw) {
  Node& y = next_node(t);
  y.op = op;
  y.shape = s;
  y.backward = bw;
  bool ng = false;
  for (int i : inputs) {
    y.in.push_back(i);
    ng = ng || t.nodes[size_t(i)].needs_grad;
  }
  y.needs_grad = ng && t.grad_enabled && bw;
  y.val.resize(size_t(s.size()));
  return y;
}

Node& Tape::push(const char* op, Shape s, std::initializer_list<int> inputs, BackwardFn bw) {
  return push_node(*this, op, s, inputs, bw);
}
Node& Tape::push(const char* op, Shape s, const std::vector<int>& inputs, BackwardFn bw) {
  return push_node(*this, op, s, inputs, bw);
}

Var Tape::param(Param& p) {
  if (p.grad.shape != p.value.shape) p.grad = Tensor(p.value.shape);
  Node& y = next_node(*this);
  y.op = "param";
  y.shape = p.value.shape;
  y.param = &p;
  y.needs_grad = grad_enabled;
  return {this, count - 1};
}

Var Tape::input(Shape s, const float* x) {
  Node& y = next_node(*this);
  y.op = "input";
  y.shape = s;
  y.val.assign(x, x + s.size());
  return {this, count - 1};
}

Var Tape::input(const Tensor& x) { return input(x.shape, x.data()); }

Var Tape::constant(Shape s, float fill) {
  Node& y = next_node(*this);
  y.op = "constant";
  y.shape = s;
  y.val.assign(size_t(s.size()), fill);
  return {this, count - 1};
}

void Tape::backward(Var loss) {
  Node& L = node(loss.id);
  if (L.size() != 1) shape_fail("backward", "loss must have one element, got " + L.shape.str());
  if (!L.needs_grad) return;  // nothing upstream is trainable (or grad mode was off)
  for (int i = 0; i <= loss.id; ++i) {
    Node& n = nodes[size_t(i)];
    if (n.needs_grad && !n.param) n.grd.assign(size_t(n.size()), 0.0f);
  }
  L.grad()[0] += 1.0f;
  backward_from = loss.id;
  for (int i = loss.id; i >= 0; --i) {
    Node& n = nodes[size_t(i)];
    if (n.needs_grad && n.backward) n.backward(*this, n);
  }
}

void zero_grad(const ParamList& ps) {
  for (Param* p : ps) p->zero_grad();
}

int count_values(const ParamList& ps) {
  int n = 0;
  for (const Param* p : ps) n += p->value.size();
  return n;
}

}  // namespace eng
