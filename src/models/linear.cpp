#include "models/linear.h"

namespace models {

using namespace eng;

Linear::Linear(const std::string& name, int in, int out, Rng& rng, bool he)
    : W("W_" + name, Shape{in, out}), b("b_" + name, Shape{out}) {
  if (he) he_normal(W.value, rng);
  else xavier_uniform(W.value, rng);
}

Var linear(Tape& t, Linear& l, Var x) { return matmul(x, t.param(l.W)) + t.param(l.b); }

}  // namespace models
