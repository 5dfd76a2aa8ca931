// The autograd tape: reverse-mode differentiation, micrograd-style, but flat and reusable.
//
// Every op appends one Node (its output) to the tape and names a backward function that sits right
// beside its forward in ops_*.cpp. Nodes are created in execution order, so the tape is already a
// topological order: backward() is one reversed loop.
//
// Speed: a training step replays the same graph every time, so clear() only resets the node count
// and keeps each node's buffers; the next step's node i reuses node i's storage (no heap churn).
// Parameters live outside the tape (Param) and enter as leaves that point at their storage, so
// their gradients land straight in Param::grad and ACCUMULATE until the optimiser zeroes them.
//
// Inspection: tape.size() nodes; node(i) has op, inputs, shape, value(), grad() for drawing
// backprop node by node.
#pragma once
#include <string>
#include <vector>

#include "engine/tensor.h"

namespace eng {

struct Param {  // a trainable tensor and its gradient, named for JSON and error messages
  std::string name;
  Tensor value, grad;

  Param() = default;
  Param(std::string n, Shape s) : name(std::move(n)), value(s), grad(s) {}
  void zero_grad() { std::fill(grad.v.begin(), grad.v.end(), 0.0f); }
};
using ParamList = std::vector<Param*>;

struct Tape;
struct Node;
using BackwardFn = void (*)(Tape& t, Node& y);

struct Node {
  const char* op = "";       // "matmul", "tanh", "param", "input", ...
  std::vector<int> in;       // input node ids (capacity reused between steps)
  Shape shape;
  bool needs_grad = false;   // true if any parameter upstream (and grad mode is on)
  Param* param = nullptr;    // leaves that are parameters point at their storage
  BackwardFn backward = nullptr;

  std::vector<float> val, grd;  // own storage (unused by parameter leaves)
  std::vector<float> aux;       // saved for backward: probabilities, masks, eps, statistics
  std::vector<int> iaux;        // saved integers: targets, argmax positions, token ids
  float f[4] = {0, 0, 0, 0};    // small float arguments (slope, scale, eps)
  int k[8] = {0, 0, 0, 0, 0, 0, 0, 0};  // small int arguments (axis, stride, pad)

  int size() const { return shape.size(); }
  float* value() { return param ? param->value.data() : val.data(); }
  const float* value() const { return param ? param->value.data() : val.data(); }
  float* grad() { return needs_grad ? (param ? param->grad.data() : grd.data()) : nullptr; }
  const float* grad() const { return needs_grad ? (param ? param->grad.data() : grd.data()) : nullptr; }
};

struct Var {  // a handle on a node: cheap to copy, valid until tape.clear()
  Tape* t = nullptr;
  int id = -1;

  Node& node() const;
  const Shape& shape() const;
  float* value() const;
  float* grad() const;            // null if the node does not need a gradient
  float item() const;             // the value of a one-element node
  Tensor tensor() const;          // a copy of the value
};

struct Tape {
  std::vector<Node> nodes;  // nodes[0 .. count) are live; the rest keep their buffers for reuse
  int count = 0;
  bool grad_enabled = true;
  int backward_from = -1;   // the loss node of the last backward() since clear(); -1 if none

  void clear() {
    count = 0;
    backward_from = -1;
  }
  int size() const { return count; }
  Node& node(int i) { return nodes[size_t(i)]; }
  const Node& node(int i) const { return nodes[size_t(i)]; }

  Var param(Param& p);                                  // a parameter as a leaf
  Var input(const Tensor& x);                           // a constant (copied): data, targets
  Var input(Shape s, const float* x);
  Var constant(Shape s, float fill);

  // For op implementations: append a node with the given inputs; value storage is sized (not
  // zeroed). needs_grad follows the inputs and grad_enabled.
  Node& push(const char* op, Shape s, std::initializer_list<int> inputs, BackwardFn bw);
  Node& push(const char* op, Shape s, const std::vector<int>& inputs, BackwardFn bw);

  // Seeds d loss / d loss = 1 (loss must have one element) and runs every backward in reverse.
  // Intermediate gradients are zeroed first; parameter gradients accumulate.
  void backward(Var loss);
};

// Evaluation scope: ops record values but no gradients are tracked.
struct NoGrad {
  Tape& t;
  bool saved;
  explicit NoGrad(Tape& tape) : t(tape), saved(tape.grad_enabled) { t.grad_enabled = false; }
  ~NoGrad() { t.grad_enabled = saved; }
};

inline Node& Var::node() const { return t->nodes[size_t(id)]; }
inline const Shape& Var::shape() const { return node().shape; }
inline float* Var::value() const { return node().value(); }
inline float* Var::grad() const { return node().grad(); }

void zero_grad(const ParamList& ps);
int count_values(const ParamList& ps);

}  // namespace eng
