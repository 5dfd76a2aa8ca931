// The vae lab, shared by its two files: vae_lab.cpp (its words, configuration, data, training,
// measuring, state and registration) and vae_view.cpp (everything draw() shows). The model is
// src/models/vae.h; the digits are MNIST (src/data/mnist.h), loaded as chapter 3 loads them; the
// judge of the reconstructions is chapter 3's default CNN (src/models/convnet.h).
#pragma once
#include <array>
#include <string>
#include <vector>

#include "data/mnist.h"
#include "engine/engine.h"
#include "labs/lab.h"
#include "models/convnet.h"
#include "models/vae.h"
#include "ui/digits.h"
#include "ui/plot.h"

namespace vae_lab {

inline const std::vector<std::string> kLikelihoods = {"bernoulli", "gaussian"};  // models::Likelihood

constexpr int kTestN = 1000;        // held-out digits: the curves, the latent map, the judge
constexpr int kMeasureEvery = 100;  // training steps between measurements of the held-out digits
constexpr int kPriorDraws = 100;    // z ~ N(0, I) decoded for the judge's confidence
constexpr int kShownDraws = 16;     // of those, drawn in the view
constexpr int kManifold = 10;       // the decoded manifold: kManifold^2 images over [-3, 3]^2
constexpr int kInterp = 9;          // interpolation: images from A to B, both ends included
constexpr int kShownRecon = 10;     // held-out digits shown beside their reconstructions
constexpr double kJudgeFrameMs = 60;  // training time per browser frame while the judge trains

// Presets an instructor reaches for. Each names its latent dimension, so it starts from the
// lab's defaults and means the same whatever was set before.
struct LabPreset {
  const char* key;
  const char* json;
};
inline const LabPreset kPresets[] = {
    {"vae.preset.default", R"({"latent": 2})"},
    {"vae.preset.beside", R"({"latent": 2, "autoencoder": true})"},
    {"vae.preset.judged", R"({"latent": 16, "autoencoder": true, "judge": 600})"},
    {"vae.preset.beta_high", R"({"latent": 2, "beta": 10})"},
    {"vae.preset.beta_zero", R"({"latent": 2, "beta": 0})"},
    {"vae.preset.latent16", R"({"latent": 16})"},
    {"vae.preset.gaussian", R"({"latent": 2, "likelihood": "gaussian", "sigma_x": 0.1})"},
};

// One network in training (the VAE, or the plain autoencoder beside it) and what was measured.
struct Net {
  models::Vae m;
  eng::Adam adam;
  models::VaeTerms last;                         // the last batch
  double recon_avg = 0, kl_avg = 0;              // running means over about the last 50 batches
  ui::Curve recon_curve, kl_curve, nelbo_curve;  // training batches
  ui::Curve test_recon_curve, test_kl_curve, test_nelbo_curve;  // held-out digits
  models::VaeTerms test;                                        // the held-out digits
  eng::Tensor mu, logvar;                                       // (kTestN, k) of the held-out digits
  std::vector<float> kl_dims;    // mean KL per latent dim over the held-out digits
  std::vector<float> recon_img;  // (kShownRecon, 784) decoded from mu
  std::vector<float> prior_img;  // (kShownDraws, 784) decoded from z ~ N(0, I)
  double sample_conf = 0;        // the judge's mean top probability on prior draws
  int sample_classes = 0;        // digits it reads in at least a third of their share
  double spread = 0;             // root mean square of the codes mu
};

// The lab's network: hidden width 128 (the model's default is 256). It reaches the same held-out
// bound within 2 nats over the first thousand steps at half the cost, so the page trains twice the
// steps a second.
inline models::VaeSpec lab_spec() {
  models::VaeSpec s;
  s.hidden = 128;
  return s;
}

// What a preset sets (see vae_lab.cpp's legend); a preset that names `latent` starts from these.
struct Config {
  models::VaeSpec spec = lab_spec();
  double beta = 1, lr = 0.001;
  long batch = 100, seed = 1, train_n = 60000, judge_steps = 0;
  bool autoencoder = false;  // off by default: it halves the steps a second; presets turn it on
};

struct VaeLab : Lab {
  Config cfg;
  // The view (a preset of only these does not restart training).
  long digit = 0, pick_a = 3, pick_b = 2, show_x = 0, show_y = 1;
  std::vector<ui::Stroke> strokes;

  // Data.
  const data::Mnist* train_set = nullptr;
  const data::Mnist* test_set = nullptr;
  data::FileWait wait;  // why MNIST has not arrived, for ui::file_wait
  bool ready = false;
  eng::Tensor test_x;  // (kTestN, 784) the held-out digits, pixels / 255
  std::vector<int> test_y;

  // Training.
  Net vae, ae;  // ae is trained only when `autoencoder`
  eng::Rng rng{1};
  eng::Tape tape;
  std::vector<int> order;
  size_t cursor = 0;
  eng::Tensor test_eps, prior_z;  // fixed noise: the held-out curves' eps and the prior draws
  std::vector<float> digit_eps;   // the shown digit's eps, drawn anew every step
  long measured_at = -1;
  double mean_acc = 0, judge_acc = 0, recon_acc = 0;
  int active = 0;

  // The judge: chapter 3's default CNN, trained on MNIST before the VAE (kept across resets).
  models::ConvNet judge;
  long judge_target = 0;   // the judge_steps it is being trained for
  long judge_trained = 0;  // its steps so far; the VAE trains once it reaches judge_steps
  eng::Adam judge_adam;
  eng::Rng judge_rng{1};

  // The view (vae_view.cpp).
  std::vector<float> pad, drawn;  // the pad and its MNIST-like image
  bool drawn_ok = false, stroking = false, use_drawn = false;
  std::string draw_note;                   // why the drawing was not encoded (translated)
  std::array<float, 2> picked_z = {0, 0};  // a point of the latent map, decoded
  mutable long view_at = -1;
  mutable std::vector<float> manifold, interp, picked_img;
  mutable std::array<float, 2> drawn_mu = {0, 0};

  VaeLab();
  bool judging() const { return judge_trained < cfg.judge_steps; }

  // vae_lab.cpp
  void configure(const json& preset) override;
  json preset() const override;
  void reset() override;
  void step() override;
  void user_step() override;
  void train(double budget_ms) override;
  json state() const override;
  bool load_data();
  bool ensure_ready();
  void start();
  void judge_step();
  void judge_for(double ms);
  bool train_net(Net& n, const eng::Tensor& x, const eng::Tensor& eps);
  void measure();
  void measure_net(Net& n);
  double judge_conf(const eng::Tensor& images, const std::vector<int>* labels, double* acc, int* classes);
  bool encode_drawing();  // false (and draw_note) when the pad is empty
  void set_strokes(const std::vector<ui::Stroke>& s);
  // Test digit `digit` through q(z|x), all k dims: mu, log sigma^2, its KL, and -log p(x|z) at
  // this step's eps. Zeros before the data arrive.
  struct DigitReading {
    std::vector<float> mu, logvar;
    double kl = 0, recon = 0;
  };
  DigitReading read_digit() const;

  // vae_view.cpp
  void draw() override;
  void draw_waiting();
  void draw_controls();
  void draw_curves(float width);
  void draw_maps(float side);
  void draw_manifold(float side);
  void draw_images();
  void draw_digit();
  void draw_interpolation();
  void update_view() const;
};

}  // namespace vae_lab
