// A variational autoencoder on MNIST: the VAE chapter's model, and the plain autoencoder beside it.
//
// Legend (B a batch, k the latent dimension, D = 784 pixels; the lesson's symbols)
//   x                         a digit, grey levels in [0, 1]                      (B, D)
//   [mu, log sigma^2] = E(x)  the encoder q_phi(z|x) = N(mu, diag sigma^2)         (B, k) each
//   eps ~ N(0, I)             the noise of the reparameterisation                  (B, k)
//   z = mu + sigma * eps      a draw from q_phi(z|x) that gradients flow through  (B, k)
//   l = Dec(z)                the decoder's logits; x_hat = sigmoid(l)             (B, D)
// Terms, per example in nats (summed over pixels or latent dims, then the batch mean):
//   recon = -log p_theta(x|z)
//     Bernoulli:  sum_i bce(l_i, x_i) = -sum_i [x_i log x_hat_i + (1 - x_i) log(1 - x_hat_i)]
//     Gaussian:   sum_i (x_i - x_hat_i)^2 / (2 sigma_x^2) + D/2 log(2 pi sigma_x^2)
//   kl = KL(N(mu, sigma^2) || N(0, I)) = 1/2 sum_j (mu_j^2 + sigma_j^2 - 1 - log sigma_j^2)
//   loss = recon + beta kl         the negative ELBO when beta = 1: log p(x) >= -(recon + kl)
// The plain autoencoder (plain = true) is the same network with z = mu: no sigma, no KL.
#pragma once
#include "engine/engine.h"
#include "models/mlp.h"

namespace models {

enum class Likelihood { Bernoulli, Gaussian };

struct VaeSpec {
  int latent = 2, hidden = 256, layers = 1;  // k; the hidden layers' width and count (each side)
  Likelihood likelihood = Likelihood::Bernoulli;
  float sigma_x = 0.1f;  // the Gaussian likelihood's fixed standard deviation
  bool plain = false;    // the plain autoencoder
};

constexpr int kImage = 784;

struct Vae {
  VaeSpec spec;
  MLP enc, dec;  // D -> hidden.. -> 2k (k for plain);  k -> hidden.. -> D
  Vae() = default;
  Vae(const VaeSpec& s, eng::Rng& rng);
  eng::ParamList params();
};

struct VaeTerms {
  float recon = 0, kl = 0, loss = 0;  // per-example means; loss = recon + beta kl
};

// One training step's loss on x (B, D) with noise eps (B, k) (ignored when plain): clears the tape,
// zeroes the gradients and fills them. Returns the loss.
float vae_step_loss(eng::Tape& t, Vae& m, const eng::Tensor& x, const eng::Tensor& eps, float beta,
                    VaeTerms* out);
// The same terms without gradients. eps null: z = mu.
VaeTerms vae_evaluate(eng::Tape& t, Vae& m, const eng::Tensor& x, const eng::Tensor* eps, float beta);
// mu and log sigma^2 (B, k) of x (for plain, logvar is all zeros and means nothing).
void vae_encode(eng::Tape& t, Vae& m, const eng::Tensor& x, eng::Tensor& mu, eng::Tensor& logvar);
eng::Tensor vae_decode(eng::Tape& t, Vae& m, const eng::Tensor& z);  // (B, k) -> images (B, D)
// Per-dimension KL terms of one example, closed form: 1/2 (mu^2 + sigma^2 - 1 - log sigma^2).
double kl_term(float mu, float logvar);
double gaussian_kl(const float* mu, const float* logvar, int k);  // their sum

// eps ~ N(0, I), (B, k).
eng::Tensor sample_eps(int batch, int k, eng::Rng& rng);

}  // namespace models
