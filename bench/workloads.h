// The benchmark workloads, shared by the browser module (web_bench.cpp) and the native runner
// (engine_bench.cpp, kernels_bench.cpp), so every side trains exactly the same thing.
//
// A workload is a model from src/models, its data (drawn from the engine's seeded Rng) and its
// optimiser. TensorFlow.js gets the same initial weights (the engine's weights JSON) and the same
// data (data_json()), and runs the same number of steps; the losses must then agree.
//
//   mlp2     2-8-8-1 tanh MLP, batch 10, MSE, SGD lr 0.05         X (10,2), Y (10,1) in [-1,1)
//   mlp784   784-128-10 ReLU MLP, batch 64, cross-entropy, Adam lr 1e-3    X (64,784), y (64)
//   cnn      conv5x5x8-pool-conv5x5x16-pool-dense10, batch 32, cross-entropy, Adam lr 1e-3
//            X (32,1,28,28), y (32)
//   cnn_mnist  the cnn lab's default network (models::ConvNet, the same layers as cnn), batch 32,
//            cross-entropy, Adam lr 0.002, on real digits: the first 16 batches of mnist-train.bin
//            in file order, pixels / 255, one a step (a fresh workload starts at the first)
//   lstm     char LSTM V 65, E 32, H 128, T 32, batch 16, cross-entropy, Adam lr 2e-3
//            ids (16,33); no gradient clipping (TF.js has no global-norm clip to match)
//   gru      char GRU (the charlm lab's "gru"): embedding (65,128), GRUCell 128 -> 128, Linear (128,65)
//            on every step; T 32, batch 16, cross-entropy, Adam lr 2e-3               ids (16,33)
//   transformer  char Transformer (the charlm lab's "transformer"): token (65,64) + position (32,64)
//            embeddings, 2 pre-norm causal blocks of 4 heads, final LayerNorm, Linear (64,65);
//            T 32, batch 16, cross-entropy, Adam lr 1e-3                           ids (16,33)
//   gan      one iteration of GAN Lab at its own defaults (SPEC13, models/gan.h): G 2 -> 8 ReLU ->
//            8 ReLU -> 2 tanh, D 2 -> 8 ReLU -> 8 ReLU -> 1 logit, batch 150, SGD lr 0.1 for both,
//            non-saturating G loss; one D update, then one G update. Real points from the ring of 8
//            (data::gan2d("ring")), noise uniform in [-1,1): 16 fixed batches (x, z for D, z for G),
//            one a step, in turn. step() returns L_D; losses() has L_D and L_G of the last step
//   vae      one training step of chapter 5's VAE (SPEC14, models/vae.h at latent 2): encoder 784 ->
//            256 ReLU -> 4 (mu, log sigma^2), decoder 2 -> 256 ReLU -> 784 logits, Bernoulli
//            likelihood, beta 1, Adam lr 1e-3, batch 100; the first 8 batches of mnist-train.bin in
//            file order (pixels / 255), each with its own fixed eps (100,2), one a step in turn.
//            step() returns recon + beta kl; losses() has loss, recon and kl of the last step
#pragma once
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/tape.h"

namespace bench {

struct Workload {
  virtual ~Workload() = default;
  virtual float step() = 0;                     // one training step; returns the loss before it
  virtual eng::ParamList params() = 0;
  virtual nlohmann::json data_json() const = 0;  // the inputs and targets, for TensorFlow.js
  // Every loss of the last step by name, for workloads with more than one (gan: d_loss, g_loss;
  // vae: loss, recon, kl);
  // null for the others, whose one loss is step()'s.
  virtual nlohmann::json losses() const { return nullptr; }
  // Trains `steps` steps and returns the loss of the last one.
  float train(int steps) {
    float loss = 0.0f;
    for (int i = 0; i < steps; ++i) loss = step();
    return loss;
  }
};

const std::vector<std::string>& workload_names();  // mlp2 mlp784 cnn cnn_mnist lstm gru transformer gan vae
// nullptr for an unknown name. The same seed gives the same weights and data everywhere. Throws
// std::runtime_error when a workload's data file cannot be read (cnn_mnist, vae: mnist-train.bin).
std::unique_ptr<Workload> make_workload(const std::string& name, unsigned seed);

// Square GEMM C = A B with the engine's fast kernel (kern::gemm), inputs from the engine's Rng.
struct Gemm {
  int n = 0;
  std::vector<float> A, B, C;
  explicit Gemm(int n, unsigned seed = 1);
  void run(int reps);
  double flops() const { return 2.0 * n * n * n; }
};

}  // namespace bench
