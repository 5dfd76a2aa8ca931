// Every op of the engine. Each takes Vars on one tape and returns the output Var; its backward
// sits next to its forward in the ops_*.cpp file of its family:
//   ops_elementwise.cpp  add sub mul div (with broadcasting), scalars, sigmoid tanh relu ... exp log
//   ops_matmul.cpp       matmul (transposes, batches)
//   ops_shape.cpp        reshape transpose concat slice embedding
//   ops_reduce.cpp       sum mean (all, along an axis), softmax log_softmax, causal_mask
//   ops_loss.cpp         mse, binary and categorical cross-entropy from logits
//   ops_conv.cpp         conv2d, max and average pooling (NCHW)
//   ops_random.cpp       dropout, the reparameterisation sample mu + sigma * eps
//   ops_norm.cpp         layer norm
// Broadcasting (add/sub/mul/div): one operand may be smaller if its shape is a trailing part of
// the other's, e.g. a bias row (C) or (1,C) against (B,C) or (B,T,C), or a single value.
#pragma once
#include <vector>

#include "engine/rng.h"
#include "engine/tape.h"

namespace eng {

// elementwise
Var add(Var a, Var b);
Var sub(Var a, Var b);
Var mul(Var a, Var b);
Var div(Var a, Var b);
Var add_scalar(Var x, float c);   // x + c
Var mul_scalar(Var x, float c);   // c * x
Var rsub_scalar(float c, Var x);  // c - x
Var sigmoid(Var x);
Var tanh(Var x);
Var relu(Var x);
Var leaky_relu(Var x, float slope = 0.01f);
Var exp(Var x);
Var log(Var x);
Var square(Var x);
Var sqrt(Var x);

inline Var operator+(Var a, Var b) { return add(a, b); }
inline Var operator-(Var a, Var b) { return sub(a, b); }
inline Var operator*(Var a, Var b) { return mul(a, b); }
inline Var operator/(Var a, Var b) { return div(a, b); }
inline Var operator+(Var x, float c) { return add_scalar(x, c); }
inline Var operator+(float c, Var x) { return add_scalar(x, c); }
inline Var operator-(Var x, float c) { return add_scalar(x, -c); }
inline Var operator-(float c, Var x) { return rsub_scalar(c, x); }
inline Var operator*(Var x, float c) { return mul_scalar(x, c); }
inline Var operator*(float c, Var x) { return mul_scalar(x, c); }
inline Var operator-(Var x) { return mul_scalar(x, -1.0f); }

// matmul: op(A) op(B) where op transposes the last two axes when asked.
//   A (M,K) x B (K,N)              -> (M,N)
//   A (...,M,K) x B (K,N)          -> (...,M,N)   a linear layer on (B,T,C)
//   A (...,M,K) x B (...,K,N)      -> (...,M,N)   batched, same leading axes (attention)
Var matmul(Var A, Var B, bool trans_a = false, bool trans_b = false);

// shape
Var reshape(Var x, Shape s);                       // same number of values
Var transpose(Var x, int axis0 = -2, int axis1 = -1);
Var concat(const std::vector<Var>& xs, int axis);  // the other axes must agree
Var slice(Var x, int axis, int begin, int end);    // [begin, end) along axis
// Rows of W (V,C) picked by integer ids; out is (ids_shape..., C). Ids are checked against V.
Var embedding(Var W, const std::vector<int>& ids, Shape ids_shape);

// reductions and softmax (along the last axis)
Var sum(Var x);
Var mean(Var x);
Var sum(Var x, int axis);   // removes the axis
Var mean(Var x, int axis);
Var softmax(Var x);
Var log_softmax(Var x);
// Attention scores (...,T,T): entries above the diagonal (key after query) become -1e30, so a
// following softmax gives them weight 0 and no future token leaks into the past.
Var causal_mask(Var scores);

// losses: each returns a scalar, the mean over samples
Var mse(Var y_hat, Var y);                                  // mean (y_hat - y)^2
Var bce_with_logits(Var z, Var y);                          // y in [0,1], z the logit
Var cross_entropy(Var logits, const std::vector<int>& targets);  // logits (N,C), targets in [0,C)

// convolution and pooling, NCHW
Var conv2d(Var x, Var w, Var b, int stride = 1, int pad = 0);   // b (K) or Var{} for none
Var max_pool2d(Var x, int size, int stride);
Var avg_pool2d(Var x, int size, int stride);

// randomness and normalisation
Var dropout(Var x, float p, Rng& rng);          // zeroes with probability p, scales by 1/(1-p)
Var sample_normal(Var mu, Var sigma, Rng& rng); // mu + sigma * eps, eps ~ N(0,1), same shapes
Var layer_norm(Var x, Var gamma, Var beta, float eps = 1e-5f);  // over the last axis C; gamma, beta (C)

}  // namespace eng
