// A generative adversarial network on the plane: the GAN chapter's model.
//
// Legend (B a batch; the lesson's symbols)
//   z ~ p_z                 noise                                          (B, noise_dim)
//   G(z) = tanh(MLP_G(z))   the generator: a point of the plane [-1, 1]^2   (B, 2)
//   a(x) = MLP_D(x)         the discriminator's logit                       (B, 1)
//   D(x) = sigmoid(a(x))    the probability D gives x of being real
//   V(D, G) = E_x[log D(x)] + E_z[log(1 - D(G(z)))]      v_real + v_fake on a batch
// Losses (each player minimises its own):
//   D, minimax and non-saturating:  L_D = -V = -(mean log D(x) + mean log(1 - D(G(z))))
//   G, minimax (saturating):        L_G = mean log(1 - D(G(z)))        (G minimises V)
//   G, non-saturating:              L_G = -mean log D(G(z))
//   least squares, on the logit a (Mao et al. 2017):
//                                   L_D = 1/2 mean (a(x) - 1)^2 + 1/2 mean a(G(z))^2
//                                   L_G = 1/2 mean (a(G(z)) - 1)^2
// log D = -softplus(-a) and log(1 - D) = -softplus(a) come from bce_with_logits, which is stable
// where D saturates (the saturating loss's whole point is that its gradient vanishes there).
#pragma once
#include <vector>

#include "engine/engine.h"
#include "models/mlp.h"

namespace models {

enum class GanLoss { Minimax, NonSaturating, LeastSquares };

struct GanSpec {
  int noise_dim = 2;
  int g_layers = 2, g_width = 8, d_layers = 2, d_width = 8;  // hidden layers and their width
  Act g_act = Act::ReLU, d_act = Act::ReLU;
};

struct Gan {
  GanSpec spec;
  MLP G, D;
  Gan() = default;
  Gan(const GanSpec& s, eng::Rng& rng);
  eng::ParamList g_params() { return G.params(); }
  eng::ParamList d_params() { return D.params(); }
};

eng::Var generate(eng::Tape& t, Gan& gan, eng::Var z);      // (B, noise_dim) -> (B, 2)
eng::Var discriminate(eng::Tape& t, Gan& gan, eng::Var x);  // (B, 2) -> logits (B, 1)

// What one update saw, on its batch. v_real = mean log D(x), v_fake = mean log(1 - D(G(z))),
// d_real / d_fake = mean D on real / generated points. A D update fills d_loss and all four; a G
// update fills g_loss, v_fake and d_fake.
struct GanTerms {
  float d_loss = 0, g_loss = 0, v_real = 0, v_fake = 0, d_real = 0, d_fake = 0;
};

// One D update's loss on real points x (B, 2) and noise z (B', noise_dim): clears the tape, zeroes
// D's gradients and fills them (G's are left alone). Returns L_D.
float d_step_loss(eng::Tape& t, Gan& gan, const eng::Tensor& x, const eng::Tensor& z, GanLoss loss,
                  GanTerms* terms);
// One G update's loss on noise z: zeroes G's gradients and fills them; D's gradients are zeroed
// after, so nothing of this step reaches D. Returns L_G.
float g_step_loss(eng::Tape& t, Gan& gan, const eng::Tensor& z, GanLoss loss, GanTerms* terms);

// -dL_G/dx at n generated points xy (2n floats): the direction G's update moves each point
// (the arrows of the lab). Writes 2n floats to `dir`.
void generator_pull(eng::Tape& t, Gan& gan, const float* xy, int n, GanLoss loss, float* dir);

// Noise: uniform in [-1, 1) or standard normal, (B, noise_dim).
eng::Tensor sample_noise(int batch, int noise_dim, bool gaussian, eng::Rng& rng);

}  // namespace models
