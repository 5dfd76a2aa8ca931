// Long short-term memory cell (Hochreiter & Schmidhuber 1997, with a forget gate).
//
// Legend: B batch, I input size, H hidden size.  x_t is (B,I); h, c are (B,H).
//   z   = x_t W_x + h_{t-1} W_h + b          (B,4H): the four gates' pre-activations side by side
//   i   = sigmoid(z[:, 0:H])                 input gate
//   f   = sigmoid(z[:, H:2H])                forget gate (b starts at 1 here: remember by default)
//   g   = tanh(z[:, 2H:3H])                  candidate
//   o   = sigmoid(z[:, 3H:4H])               output gate
//   c_t = f * c_{t-1} + i * g
//   h_t = o * tanh(c_t)
#pragma once
#include "models/linear.h"

namespace models {

struct LSTMCell {
  eng::Param W_x, W_h, b;  // (I,4H), (H,4H), (4H)
  int H = 0;
  LSTMCell() = default;
  LSTMCell(int I, int H, eng::Rng& rng);
  eng::ParamList params() { return {&W_x, &W_h, &b}; }
};

struct LSTMState {
  eng::Var h, c;  // (B,H) each
};

LSTMState lstm_cell(eng::Tape& t, LSTMCell& m, eng::Var x, LSTMState s);

}  // namespace models
