// Gated recurrent unit (Cho et al. 2014), as in PyTorch's GRUCell.
//
// Legend: B batch, I input size, H hidden size.  x_t is (B,I), h is (B,H).
//   a   = x_t W_x + b_x                      (B,3H)   input parts of the r, z, n gates
//   u   = h_{t-1} W_h + b_h                  (B,3H)   hidden parts
//   r   = sigmoid(a_r + u_r)                 reset gate
//   z   = sigmoid(a_z + u_z)                 update gate
//   n   = tanh(a_n + r * u_n)                candidate (the reset gate scales the old state's part)
//   h_t = (1 - z) * n + z * h_{t-1}
#pragma once
#include "models/linear.h"

namespace models {

struct GRUCell {
  eng::Param W_x, W_h, b_x, b_h;  // (I,3H), (H,3H), (3H), (3H)
  int H = 0;
  GRUCell() = default;
  GRUCell(int I, int H, eng::Rng& rng);
  eng::ParamList params() { return {&W_x, &W_h, &b_x, &b_h}; }
};

eng::Var gru_cell(eng::Tape& t, GRUCell& m, eng::Var x, eng::Var h);  // h_t (B,H)

}  // namespace models
