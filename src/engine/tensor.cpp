#include "engine/tensor.h"

namespace eng {

Shape::Shape(std::initializer_list<int> dims) {
  if (dims.size() > 4) shape_fail("shape", "at most 4 axes, got " + std::to_string(dims.size()));
  for (int x : dims) {
    if (x < 0) shape_fail("shape", "negative size " + std::to_string(x));
    d[rank++] = x;
  }
}

Shape Shape::of(const std::vector<int>& dims) {
  if (dims.size() > 4) shape_fail("shape", "at most 4 axes, got " + std::to_string(dims.size()));
  Shape s;
  for (int x : dims) {
    if (x < 0) shape_fail("shape", "negative size " + std::to_string(x));
    s.d[s.rank++] = x;
  }
  return s;
}

std::string Shape::str() const {
  std::string s = "(";
  for (int i = 0; i < rank; ++i) s += (i ? "," : "") + std::to_string(d[i]);
  return s + ")";
}

bool Shape::operator==(const Shape& o) const {
  if (rank != o.rank) return false;
  for (int i = 0; i < rank; ++i)
    if (d[i] != o.d[i]) return false;
  return true;
}

Tensor::Tensor(Shape s, std::vector<float> values) : shape(s), v(std::move(values)) {
  if (int(v.size()) != s.size())
    shape_fail("tensor", s.str() + " needs " + std::to_string(s.size()) + " values, got " +
                             std::to_string(v.size()));
}

void shape_fail(const char* op, const std::string& msg) {
  throw ShapeError(std::string(op) + ": " + msg);
}

}  // namespace eng
