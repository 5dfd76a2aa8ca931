#include "engine/guard.h"

#include <cmath>

namespace eng {

static int first_bad(const float* x, int n) {
  if (!x) return -1;
  for (int i = 0; i < n; ++i)
    if (!std::isfinite(x[i])) return i;
  return -1;
}

static std::string show(float x) { return std::isnan(x) ? "nan" : (x > 0 ? "inf" : "-inf"); }

std::string NonFinite::message() const {
  return found ? "non-finite value " + show(x) + " in " + where : "";
}

NonFinite find_non_finite(const ParamList& ps, const Tape* tape) {
  NonFinite r;
  auto hit = [&](const float* x, int n, const std::string& where, const char* what, int node) {
    int i = first_bad(x, n);
    if (i < 0) return false;
    r = {true, where + " " + what + "[" + std::to_string(i) + "]", what, node, i, x[i]};
    return true;
  };
  if (tape) {
    for (int id = 0; id < tape->size(); ++id) {  // forward order: the first bad value is the origin
      const Node& n = tape->node(id);
      if (hit(n.value(), n.size(), "tape node " + std::to_string(id) + " (" + n.op + ")", "value", id))
        return r;
    }
    for (int id = tape->size() - 1; id >= 0; --id) {  // gradients flow backwards
      const Node& n = tape->node(id);
      if (n.needs_grad && !n.param && id <= tape->backward_from &&
          hit(n.grd.data(), n.size(), "tape node " + std::to_string(id) + " (" + n.op + ")", "grad", id))
        return r;
    }
  }
  for (const Param* p : ps)
    if (hit(p->grad.data(), p->grad.size(), "param " + p->name, "grad", -1)) return r;
  for (const Param* p : ps)
    if (hit(p->value.data(), p->value.size(), "param " + p->name, "value", -1)) return r;
  return r;
}

}  // namespace eng
