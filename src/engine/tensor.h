// Tensor: float32, row-major, contiguous, up to 4-D. Plain data: a Shape and a std::vector.
// Shape errors throw ShapeError whose message names the op and the shapes involved, e.g.
//   "matmul: (2,3) x (4,5): inner sizes 3 and 4 differ"
// so a lab can show it to the learner instead of corrupting memory.
#pragma once
#include <initializer_list>
#include <stdexcept>
#include <string>
#include <vector>

namespace eng {

struct ShapeError : std::invalid_argument {
  using std::invalid_argument::invalid_argument;
};

struct Shape {
  int rank = 0;             // 0 is a scalar (one element)
  int d[4] = {1, 1, 1, 1};  // d[i] for i < rank; the rest stay 1

  Shape() = default;
  Shape(std::initializer_list<int> dims);
  static Shape of(const std::vector<int>& dims);

  int size() const { int n = 1; for (int i = 0; i < rank; ++i) n *= d[i]; return n; }
  int operator[](int i) const { return d[i]; }
  int last() const { return rank ? d[rank - 1] : 1; }
  int rows() const { return rank ? size() / last() : 1; }  // everything before the last axis
  std::vector<int> dims() const { return std::vector<int>(d, d + rank); }
  std::string str() const;  // "(2,3)"; a scalar is "()"
  bool operator==(const Shape& o) const;
  bool operator!=(const Shape& o) const { return !(*this == o); }
};

struct Tensor {
  Shape shape;
  std::vector<float> v;

  Tensor() = default;
  explicit Tensor(Shape s, float fill = 0.0f) : shape(s), v(size_t(s.size()), fill) {}
  Tensor(Shape s, std::vector<float> values);  // throws if the sizes differ

  int size() const { return int(v.size()); }
  float* data() { return v.data(); }
  const float* data() const { return v.data(); }
  float& operator[](int i) { return v[size_t(i)]; }
  float operator[](int i) const { return v[size_t(i)]; }
  float& at(int i, int j) { return v[size_t(i) * shape.last() + j]; }  // 2-D access
  float at(int i, int j) const { return v[size_t(i) * shape.last() + j]; }
};

// Throws ShapeError("op: message") unless cond holds. The message is only built on failure.
[[noreturn]] void shape_fail(const char* op, const std::string& msg);
inline void shape_check(bool cond, const char* op, const char* msg) { if (!cond) shape_fail(op, msg); }

}  // namespace eng
