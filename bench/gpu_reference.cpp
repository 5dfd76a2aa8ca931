// The CPU references the WebGPU kernels (shaders/, run by src/gpu/webgpu.js) are checked against,
// in the bench module so that the page that times a kernel can also check it
// (tests/e2e/webgpu.test.js). Every pointer is into the module's heap, row-major float32.
//
//   gpu_ref_gemm           kern::gemm_ref: C = alpha op(A) op(B) + beta C
//   gpu_ref_conv_forward   kern::conv2d_forward_ref (b may be 0)
//   gpu_ref_conv_backward  kern::conv2d_backward_ref, into zeroed dx, dw, db
//   the others run the engine's op on a tape (the CPU path the labs train with): y = op(x), and
//   with an upstream gradient dy, dx = the backward pass of sum(y * dy)
//   gpu_ref_relu           y = relu(x), dx
//   gpu_ref_max_pool       y = max_pool2d(x (1, NC, H, W)), dx
//   gpu_ref_bias           y = x + b (J) over x (O, J, I), db
//   gpu_ref_softmax        y = softmax(x) along rows
//   gpu_ref_cross_entropy  the mean loss of logits z and targets; dz
//   gpu_ref_adam           `steps` Adam steps of w with the gradients g[s * n ...]; m, v after them
//   gpu_ref_swap           y = transpose(x (O, A, B, I), 1, 2)
//   gpu_ref_attention_softmax  y = softmax(causal_mask(x scale)) over rows of (rows / T, T, T)
//                          scores (causal 0: no mask), dx
//   gpu_ref_layer_norm     y = layer_norm(x (R, C), gamma, beta), dx, dgamma, dbeta
//   gpu_ref_embedding      h = E[ids] + P[r % T] as the CharLM adds them (two embeddings), dE, dP
#include <emscripten/emscripten.h>

#include <vector>

#include "engine/engine.h"
#include "kernels/conv.h"
#include "kernels/gemm.h"

namespace {

kern::ConvShape conv_shape(int N, int C, int H, int W, int K, int R, int S, int stride, int pad) {
  kern::ConvShape s{N, C, H, W, K, R, S};
  s.stride = stride;
  s.pad = pad;
  return s;
}

void copy_out(const float* from, int n, float* to) { std::copy(from, from + n, to); }

// dx of y = op(x) for the upstream gradient dy: the backward pass of sum(y * dy).
void backward_through(eng::Tape& t, eng::Var y, const float* dy) {
  t.backward(eng::sum(y * t.input(y.shape(), dy)));
}

}  // namespace

extern "C" {

EMSCRIPTEN_KEEPALIVE void gpu_ref_gemm(int ta, int tb, int M, int N, int K, float alpha, const float* A,
                                       const float* B, float beta, float* C) {
  kern::gemm_ref(ta, tb, M, N, K, alpha, A, ta ? M : K, B, tb ? K : N, beta, C, N);
}

EMSCRIPTEN_KEEPALIVE void gpu_ref_conv_forward(int N, int C, int H, int W, int K, int R, int S, int stride,
                                               int pad, const float* x, const float* w, const float* b,
                                               float* y) {
  kern::conv2d_forward_ref(conv_shape(N, C, H, W, K, R, S, stride, pad), x, w, b, y);
}

EMSCRIPTEN_KEEPALIVE void gpu_ref_conv_backward(int N, int C, int H, int W, int K, int R, int S, int stride,
                                                int pad, const float* x, const float* w, const float* dy,
                                                float* dx, float* dw, float* db) {
  kern::conv2d_backward_ref(conv_shape(N, C, H, W, K, R, S, stride, pad), x, w, dy, dx, dw, db);
}

EMSCRIPTEN_KEEPALIVE void gpu_ref_relu(int n, const float* x, const float* dy, float* y, float* dx) {
  eng::Tape t;
  eng::Param p("x", eng::Shape{n});
  copy_out(x, n, p.value.data());
  eng::Var out = eng::relu(t.param(p));
  copy_out(out.value(), n, y);
  backward_through(t, out, dy);
  copy_out(p.grad.data(), n, dx);
}

EMSCRIPTEN_KEEPALIVE void gpu_ref_max_pool(int NC, int H, int W, int size, int stride, const float* x,
                                           const float* dy, float* y, float* dx) {
  eng::Tape t;
  eng::Param p("x", eng::Shape{1, NC, H, W});
  copy_out(x, NC * H * W, p.value.data());
  eng::Var out = eng::max_pool2d(t.param(p), size, stride);
  copy_out(out.value(), out.shape().size(), y);
  backward_through(t, out, dy);
  copy_out(p.grad.data(), NC * H * W, dx);
}

EMSCRIPTEN_KEEPALIVE void gpu_ref_bias(int O, int J, int I, const float* x, const float* b, const float* dy,
                                       float* y, float* db) {
  eng::Tape t;
  eng::Param pb("b", eng::Shape{J});
  copy_out(b, J, pb.value.data());
  // The engine's add broadcasts over leading axes: a dense layer's (O, J) + (J) as it is, a
  // conv's channel bias (O, J, I) through (O, I, J).
  eng::Var xs = t.input(eng::Shape{O, J, I}, x);
  eng::Var out = eng::transpose(eng::transpose(xs, 1, 2) + t.param(pb), 1, 2);
  copy_out(out.value(), O * J * I, y);
  backward_through(t, out, dy);
  copy_out(pb.grad.data(), J, db);
}

EMSCRIPTEN_KEEPALIVE void gpu_ref_softmax(int rows, int cols, const float* x, float* y) {
  eng::Tape t;
  eng::Var out = eng::softmax(t.input(eng::Shape{rows, cols}, x));
  copy_out(out.value(), rows * cols, y);
}

EMSCRIPTEN_KEEPALIVE float gpu_ref_cross_entropy(int rows, int cols, const float* z, const int* targets,
                                                 float* dz) {
  eng::Tape t;
  eng::Param p("z", eng::Shape{rows, cols});
  copy_out(z, rows * cols, p.value.data());
  eng::Var loss = eng::cross_entropy(t.param(p), std::vector<int>(targets, targets + rows));
  t.backward(loss);
  copy_out(p.grad.data(), rows * cols, dz);
  return loss.value()[0];
}

EMSCRIPTEN_KEEPALIVE void gpu_ref_adam(int n, int steps, float lr, float beta1, float beta2, float eps,
                                       float weight_decay, int decoupled, float* w, const float* g, float* m,
                                       float* v) {
  eng::Param p("w", eng::Shape{n});
  copy_out(w, n, p.value.data());
  eng::Adam opt;
  opt.lr = lr;
  opt.beta1 = beta1;
  opt.beta2 = beta2;
  opt.eps = eps;
  opt.weight_decay = weight_decay;
  opt.decoupled = decoupled != 0;
  for (int s = 0; s < steps; ++s) {
    copy_out(g + size_t(s) * size_t(n), n, p.grad.data());
    opt.step({&p});
  }
  copy_out(p.value.data(), n, w);
  copy_out(opt.m[0].data(), n, m);
  copy_out(opt.v[0].data(), n, v);
}

EMSCRIPTEN_KEEPALIVE void gpu_ref_swap(int O, int A, int B, int I, const float* x, float* y) {
  eng::Tape t;
  eng::Var out = eng::transpose(t.input(eng::Shape{O, A, B, I}, x), 1, 2);
  copy_out(out.value(), O * A * B * I, y);
}

EMSCRIPTEN_KEEPALIVE void gpu_ref_attention_softmax(int rows, int T, int causal, float scale, const float* x,
                                                    const float* dy, float* y, float* dx) {
  eng::Tape t;
  eng::Param p("x", eng::Shape{rows / T, T, T});
  copy_out(x, rows * T, p.value.data());
  eng::Var s = t.param(p) * scale;
  eng::Var out = eng::softmax(causal ? eng::causal_mask(s) : s);
  copy_out(out.value(), rows * T, y);
  backward_through(t, out, dy);
  copy_out(p.grad.data(), rows * T, dx);
}

EMSCRIPTEN_KEEPALIVE void gpu_ref_layer_norm(int R, int C, const float* x, const float* gamma,
                                             const float* beta, const float* dy, float* y, float* dx,
                                             float* dgamma, float* dbeta) {
  eng::Tape t;
  eng::Param px("x", eng::Shape{R, C}), pg("gamma", eng::Shape{C}), pb("beta", eng::Shape{C});
  copy_out(x, R * C, px.value.data());
  copy_out(gamma, C, pg.value.data());
  copy_out(beta, C, pb.value.data());
  eng::Var out = eng::layer_norm(t.param(px), t.param(pg), t.param(pb));
  copy_out(out.value(), R * C, y);
  backward_through(t, out, dy);
  copy_out(px.grad.data(), R * C, dx);
  copy_out(pg.grad.data(), C, dgamma);
  copy_out(pb.grad.data(), C, dbeta);
}

EMSCRIPTEN_KEEPALIVE void gpu_ref_embedding(int V, int C, int T, int B, const int* ids, const float* E,
                                            const float* P, const float* dy, float* h, float* dE, float* dP) {
  eng::Tape t;
  eng::Param pe("E", eng::Shape{V, C}), pp("P", eng::Shape{T, C});
  copy_out(E, V * C, pe.value.data());
  copy_out(P, T * C, pp.value.data());
  std::vector<int> pos(size_t(B * T));
  for (int i = 0; i < B * T; ++i) pos[size_t(i)] = i % T;
  const eng::Shape bt{B, T};
  eng::Var out = eng::embedding(t.param(pe), std::vector<int>(ids, ids + B * T), bt) +
                 eng::embedding(t.param(pp), pos, bt);
  copy_out(out.value(), B * T * C, h);
  backward_through(t, out, dy);
  copy_out(pe.grad.data(), V * C, dE);
  copy_out(pp.grad.data(), T * C, dP);
}

}  // extern "C"
