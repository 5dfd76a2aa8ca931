// The gan lab, shared by its two files: gan_lab.cpp (its words, configuration, training, state
// and registration) and gan_view.cpp (everything draw() shows). The model is src/models/gan.h, the
// distributions src/data/gan2d.h.
#pragma once
#include <array>
#include <string>
#include <vector>

#include "data/gan2d.h"
#include "engine/engine.h"
#include "labs/lab.h"
#include "models/gan.h"
#include "ui/plot.h"

namespace gan_lab {

inline const std::vector<std::string> kActs = {"tanh", "relu", "sigmoid", "linear"};  // models::Act
inline const std::vector<std::string> kLosses = {"minimax", "nonsat", "lsgan"};       // models::GanLoss
inline const std::vector<std::string> kOptimizers = {"sgd", "adam"};
inline const std::vector<std::string> kNoises = {"uniform", "gaussian"};
inline const std::vector<std::string> kTrain = {"both", "d", "g"};

constexpr int kEvalPoints = 1000;  // generated points drawn and measured, from fixed noise
constexpr int kRealShown = 600;    // real points drawn
constexpr int kHeat = 48;          // D's surface: kHeat x kHeat cells over the drawn square
constexpr int kJsdGrid = 100;      // the optimal-D check's grid over the drawn square
constexpr int kJsdSamples = 1000000;
constexpr int kMaxDrawn = 2000;

// The presets an instructor reaches for: ones that collapse, and their fixes. Each names its data
// set, so it starts from the lab's defaults and means the same whatever was set before.
struct LabPreset {
  const char* key;
  const char* json;
};
inline const LabPreset kPresets[] = {
    {"gan.preset.default", R"({"dataset": "ring"})"},
    {"gan.preset.ganlab", R"({"dataset": "ring", "g_width": 8, "d_width": 8, "opt_g": "sgd", "opt_d": "sgd",
                             "lr_g": 0.1, "lr_d": 0.1, "batch": 150})"},
    {"gan.preset.fast_g", R"({"dataset": "ring", "lr_g": 0.01, "lr_d": 0.001})"},
    {"gan.preset.saturating", R"({"dataset": "ring", "loss": "minimax", "k_d": 5})"},
    {"gan.preset.grid", R"({"dataset": "grid", "g_width": 64, "d_width": 64, "g_layers": 3, "d_layers": 3})"},
    {"gan.preset.optimal_d",
     R"({"dataset": "blobs", "train": "d", "warmup": 200, "d_width": 64, "d_layers": 3,
                                "batch": 256, "lr_d": 0.003})"},
};

// One network's optimiser, as the preset chose it.
struct Optimizer {
  bool adam = true;
  eng::SGD sgd;
  eng::Adam adam_state;
  void reset(bool use_adam, double lr);
  void step(const eng::ParamList& ps);
};

struct GanLab : Lab {
  // Configuration (a preset sets these; see gan_lab.cpp's legend).
  std::string dataset = "ring", noise = "uniform", train_what = "both";
  std::vector<std::array<float, 2>> drawn;  // the learner's points (dataset "custom")
  models::GanSpec spec;
  int loss_i = 1;  // index in kLosses
  bool adam_g = true, adam_d = true, slow = false;
  double lr_g = 0.004, lr_d = 0.004;
  long k_d = 1, k_g = 1, batch = 128, seed = 1, warmup = 0;
  // The view (no reset).
  bool show_heat = true, show_arrows = true, show_manifold = false, show_real = true, show_fake = true;

  // Training state.
  data::Mixture mix;
  models::Gan gan;
  eng::Rng rng{1};
  eng::Tape tape;
  Optimizer opt_g, opt_d;
  models::GanTerms terms;  // the last D update's and G update's numbers
  long iterations = 0, d_updates = 0, g_updates = 0;
  int phase = 0;  // slow motion: 1 after a D phase, 2 after a G phase
  ui::Curve d_curve, g_curve;
  eng::Tensor eval_z;                         // fixed noise: the points drawn and measured
  std::vector<float> fake_xy, real_xy, pull;  // generated points, real points, -dL_G/dx
  data::Coverage cov;
  float grad_g = 0;
  long measured_at = -1;  // the update count fake_xy/cov were computed at
  // The optimal-D check (train "d"): p_data and p_g per cell of a kJsdGrid^2 grid.
  std::vector<double> p_cells, q_cells;
  double jsd = 0, v_grid = 0;
  long grid_at = -1;  // D's update count v_grid was measured at

  // Drawing state (gan_view.cpp).
  std::vector<float> heat;      // D(x) per heat cell
  std::vector<float> manifold;  // G over a grid in z, 2 floats per node
  long heat_at = -1;
  bool drawing = false;  // the plane takes the learner's points
  std::vector<std::array<float, 2>> sketch;
  std::string draw_note;  // why the drawing was not used (translated)
  long advance = 0;       // buttons pressed this frame: D step, G step, iteration

  GanLab();
  models::GanLoss loss() const { return models::GanLoss(loss_i); }

  // gan_lab.cpp
  void configure(const json& preset) override;
  json preset() const override;
  void reset() override;
  void step() override;
  json state() const override;
  bool update_d();  // one D update (k_d of them make D's phase); false when it diverged
  bool update_g();
  void measure();   // fake points, coverage and arrows for the current weights
  void fit_grid();  // p_g's histogram for the optimal-D check (G is fixed while train is "d")
  void grid_values();
  bool use_drawing(std::vector<std::array<float, 2>> pts);  // false (and draw_note) when refused

  // gan_view.cpp
  void draw() override;
  void draw_controls();
  void draw_networks();
  void draw_plane(float side);
  void draw_value(float width);
  void draw_curves(float width);
  void update_heat();
};

}  // namespace gan_lab
