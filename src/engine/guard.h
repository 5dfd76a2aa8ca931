// NaN/Inf guard: call after a training step. It reports the FIRST non-finite value, searching
// where trouble starts: the tape's values in execution order, then its gradients in backward
// order, then parameter gradients, then parameter values. So the report names the op where the
// trouble began, not the parameter it ended in, e.g.
//   "non-finite value -inf in tape node 7 (log) value[3]"
#pragma once
#include <string>

#include "engine/tape.h"

namespace eng {

struct NonFinite {
  bool found = false;
  std::string where;   // "param W1 value[5]", "tape node 7 (log) grad[3]"
  std::string what;    // "value" or "grad"
  int node = -1;       // tape node id, or -1 for a parameter
  int index = -1;      // flat index inside the tensor
  float x = 0.0f;      // the offending value
  std::string message() const;  // a sentence for the lab, empty if nothing was found
};

NonFinite find_non_finite(const ParamList& ps, const Tape* tape = nullptr);

}  // namespace eng
