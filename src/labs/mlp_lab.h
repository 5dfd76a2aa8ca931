// The mlp lab, shared by its two files: mlp_lab.cpp (its words, configuration, training runs,
// state and registration) and mlp_view.cpp (everything draw() shows). The model and its training
// are src/models/playground.h.
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "data/playground.h"
#include "engine/engine.h"
#include "labs/lab.h"
#include "models/mlp.h"
#include "models/playground.h"
#include "ui/plot.h"

namespace mlp_lab {

// The names presets use, in the order of models::Act, playground::Optimizer and playground::Reg,
// and of the features (playground::feature).
inline const std::vector<std::string> kActivations = {"tanh", "relu", "sigmoid", "linear"};
inline const std::vector<std::string> kOptimizers = {"sgd", "momentum", "adam"};
inline const std::vector<std::string> kRegs = {"none", "l1", "l2"};
inline const std::vector<std::string> kFeatures = {"x1", "x2", "x1sq", "x2sq", "x1x2", "sinx1", "sinx2"};

constexpr int kPoints = 400;  // as in Playground: half train, half test by default
constexpr int kMaxLayers = 8;
constexpr int kMaxWidth = 64;
constexpr int kMaxClasses = 5;
constexpr int kMaxCompare = 3;
constexpr int kMaxPoints = 2000;

// One run of the model and its history for the plots (ui::Curve is ImGui's side, not the model's).
struct LabRun {
  playground::Run run;
  ui::Curve train_curve, test_curve;
  std::vector<ui::Curve> norms;  // |dJ/dW| per weight layer
};

struct MlpLab : Lab {
  // Configuration: the main run's setup plus what every run shares.
  playground::Setup base;
  std::string dataset = "circle";
  models::Act activation = models::Act::Tanh;
  long classes = 2, seed = 1;
  double noise = 0.0, train_ratio = 0.5;
  std::vector<int> hidden = {4, 2}, features = {0, 1};
  std::vector<json> compare;        // per compare run: what differs from the main run
  std::vector<data::Point> custom;  // the learner's own points (dataset "custom")

  // Training state.
  std::vector<data::Point> train_set, test_set;
  playground::Table train_t, test_t;
  std::vector<std::unique_ptr<LabRun>> runs;  // runs[0] is the main run, then one per compare
  eng::Tape eval_tape;                         // measuring, and the view's sweep over the plane

  // Drawing state (mlp_view.cpp).
  playground::Table grid_t;                     // the boundary's cells as rows
  std::vector<float> grid;                      // the network's output per cell (see update_grid)
  std::vector<std::vector<float>> neuron_maps;  // per hidden unit, its activation per heatmap cell
  models::MLP sweep_net;                        // a copy of the network being drawn
  std::vector<float> back;                      // the sweep under way fills these, then they are shown
  std::vector<std::vector<float>> back_maps;
  long grid_step = -1, sweep_step = 0;  // the step the boundary shows; the step being swept
  int grid_row = 0;                     // next row of the sweep (the grid's size: no sweep under way)
  double grid_time = -1;
  int add_class = -1;                   // clicking the plane adds a point of this class (-1: off)
  int edit_l = -1, edit_i = 0, edit_j = 0;  // the weight being edited

  MlpLab();

  bool regression() const { return data::is_regression(dataset); }
  playground::Problem problem() const { return {regression(), int(classes)}; }
  int outputs() const { return problem().outputs(); }
  std::vector<int> sizes() const;  // the network's layer sizes, inputs to outputs

  // Configuration (mlp_lab.cpp).
  void configure(const json& preset) override;
  json preset() const override;
  json model() const override;
  std::vector<int> read_layers(const json& preset, std::vector<std::string>& n) const;
  std::vector<int> read_features(const json& preset) const;
  std::vector<data::Point> read_points(const json& preset, std::string& d, std::vector<std::string>& n) const;

  // Data and runs (mlp_lab.cpp).
  void reset() override;
  void step() override;
  json state() const override;
  void evaluate_all();
  bool train_run(LabRun& r, bool record_norms);  // false when it diverged
  void add_point(float x1, float x2, int cls);   // the learner's click on the plane

  // Drawing (mlp_view.cpp).
  void reset_view();
  void draw() override;
  void update_grid();
  ImU32 cell_color(size_t cell) const;
  ImU32 point_color(const data::Point& p) const;
  void draw_controls();
  void draw_boundary(float side);
  void draw_seed_and_points();
  void draw_network(ImVec2 size);
  void draw_losses(float width, float side);
  void draw_grad_norms(float width, float side);
  std::string run_label(size_t i) const;
};

}  // namespace mlp_lab
