// The engine in one include, and the shape of every training step in the course:
//
//   eng::Rng rng(seed);                                  // the only source of randomness
//   models::MLP m({2, 8, 8, 1}, models::Act::Tanh, rng); // parameters live in the model (Param)
//   eng::ParamList ps = m.params();
//   eng::Adam opt;                                       // or SGD{lr, momentum, weight_decay}
//   eng::Tape t;                                         // reused for every step
//   for (...) {
//     t.clear();                                         // keeps all buffers: no allocation
//     eng::Var L = eng::mse(models::mlp_forward(t, m, t.input(X)), t.input(Y));
//     eng::zero_grad(ps);                                // gradients accumulate otherwise
//     t.backward(L);
//     eng::clip_grad_norm(ps, 5.0f);                     // optional
//     opt.step(ps);
//     auto bad = eng::find_non_finite(ps, &t);           // the NaN/Inf guard, for the lab
//   }
//   { eng::NoGrad ng(t); t.clear(); ... }                // evaluation: values only
//
// Files: tensor.h (Shape, Tensor, ShapeError), tape.h (Param, Node, Var, Tape, NoGrad), ops.h (every
// op; forward and backward side by side in ops_*.cpp), optim.h, rng.h, init.h, weights_json.h,
// guard.h, inspect.h (the tape as JSON), fastmath.h (exp/tanh shared by native and wasm).
#pragma once
#include "engine/guard.h"
#include "engine/init.h"
#include "engine/inspect.h"
#include "engine/ops.h"
#include "engine/optim.h"
#include "engine/rng.h"
#include "engine/tape.h"
#include "engine/tensor.h"
#include "engine/weights_json.h"
