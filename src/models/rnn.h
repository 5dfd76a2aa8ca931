// The plain (Elman) recurrent cell.
//
// Legend: B batch, I input size, H hidden size.  x_t is (B,I), h is (B,H).
//   h_t = tanh(x_t W_xh + h_{t-1} W_hh + b_h)
#pragma once
#include "models/linear.h"

namespace models {

struct RNNCell {
  eng::Param W_xh, W_hh, b_h;  // (I,H), (H,H), (H)
  RNNCell() = default;
  RNNCell(int I, int H, eng::Rng& rng);
  eng::ParamList params() { return {&W_xh, &W_hh, &b_h}; }
};

eng::Var rnn_cell(eng::Tape& t, RNNCell& m, eng::Var x, eng::Var h);  // h_t (B,H)

}  // namespace models
