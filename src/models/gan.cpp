#include "models/gan.h"

#include <cmath>

namespace models {

using namespace eng;

Gan::Gan(const GanSpec& s, Rng& rng) : spec(s) {
  std::vector<int> g = {s.noise_dim}, d = {2};
  for (int l = 0; l < s.g_layers; ++l) g.push_back(s.g_width);
  for (int l = 0; l < s.d_layers; ++l) d.push_back(s.d_width);
  g.push_back(2);
  d.push_back(1);
  G = MLP(g, s.g_act, rng);
  D = MLP(d, s.d_act, rng);
  prefix_names(G, "G.");
  prefix_names(D, "D.");
}

Var generate(Tape& t, Gan& gan, Var z) { return eng::tanh(mlp_forward(t, gan.G, z)); }
Var discriminate(Tape& t, Gan& gan, Var x) { return mlp_forward(t, gan.D, x); }

namespace {

// Mean of sigmoid(a) over a logit node: the share D gives of being real.
float mean_d(Var a) {
  const float* v = a.value();
  double s = 0;
  for (int i = 0, n = a.node().size(); i < n; ++i) s += 1.0 / (1.0 + std::exp(-double(v[i])));
  return float(s / a.node().size());
}

// mean log(1 - D) over a logit node, and mean log D: without the tape, for the terms of V.
double mean_log_d(Var a, bool one_minus) {
  const float* v = a.value();
  double s = 0;
  for (int i = 0, n = a.node().size(); i < n; ++i) {
    double x = one_minus ? v[i] : -v[i];  // log(1 - sigmoid(a)) = -softplus(a)
    s -= x > 0 ? x + std::log1p(std::exp(-x)) : std::log1p(std::exp(x));
  }
  return s / a.node().size();
}

}  // namespace

float d_step_loss(Tape& t, Gan& gan, const Tensor& x, const Tensor& z, GanLoss loss, GanTerms* out) {
  t.clear();
  Var fake;
  {
    NoGrad ng(t);  // D's update does not differentiate through G
    fake = generate(t, gan, t.input(z));
  }
  Var a_real = discriminate(t, gan, t.input(x));
  Var a_fake = discriminate(t, gan, t.input(fake.tensor()));
  int B = x.shape.rows(), Bf = z.shape.rows();
  Var L;
  if (loss == GanLoss::LeastSquares) {
    L = 0.5f * mse(a_real, t.constant({B, 1}, 1.0f)) + 0.5f * mse(a_fake, t.constant({Bf, 1}, 0.0f));
  } else {
    L = bce_with_logits(a_real, t.constant({B, 1}, 1.0f)) +
        bce_with_logits(a_fake, t.constant({Bf, 1}, 0.0f));
  }
  ParamList ps = gan.d_params();
  zero_grad(ps);
  t.backward(L);
  if (out) {
    out->d_loss = L.item();
    out->v_real = float(mean_log_d(a_real, false));
    out->v_fake = float(mean_log_d(a_fake, true));
    out->d_real = mean_d(a_real);
    out->d_fake = mean_d(a_fake);
  }
  return L.item();
}

// L_G on the logits of generated points.
static Var g_loss_of(Tape& t, Var a_fake, GanLoss loss) {
  Shape s = a_fake.shape();
  switch (loss) {
    case GanLoss::Minimax:
      return -bce_with_logits(a_fake, t.constant(s, 0.0f));
    case GanLoss::NonSaturating:
      return bce_with_logits(a_fake, t.constant(s, 1.0f));
    case GanLoss::LeastSquares:
      return 0.5f * mse(a_fake, t.constant(s, 1.0f));
  }
  return a_fake;
}

float g_step_loss(Tape& t, Gan& gan, const Tensor& z, GanLoss loss, GanTerms* out) {
  t.clear();
  Var a_fake = discriminate(t, gan, generate(t, gan, t.input(z)));
  Var L = g_loss_of(t, a_fake, loss);
  ParamList g = gan.g_params(), d = gan.d_params();
  zero_grad(g);
  t.backward(L);
  zero_grad(d);
  if (out) {
    out->g_loss = L.item();
    out->v_fake = float(mean_log_d(a_fake, true));
    out->d_fake = mean_d(a_fake);
  }
  return L.item();
}

void generator_pull(Tape& t, Gan& gan, const float* xy, int n, GanLoss loss, float* dir) {
  t.clear();
  Param p("x", {n, 2});
  std::copy(xy, xy + 2 * n, p.value.v.begin());
  Var L = g_loss_of(t, discriminate(t, gan, t.param(p)), loss);
  t.backward(L);
  zero_grad(gan.d_params());
  // L_G is a mean over n points: scale back to each point's own gradient.
  for (int i = 0; i < 2 * n; ++i) dir[i] = -p.grad.v[size_t(i)] * float(n);
}

Tensor sample_noise(int batch, int noise_dim, bool gaussian, Rng& rng) {
  Tensor z({batch, noise_dim});
  for (float& v : z.v) v = gaussian ? rng.normal() : rng.uniform(-1.0f, 1.0f);
  return z;
}

}  // namespace models
