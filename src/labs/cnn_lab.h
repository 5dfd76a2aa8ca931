// The cnn lab, shared by its files: cnn_lab.cpp (words, configuration, data, training,
// measurement, state, registration) and cnn_view.cpp (what draw() shows). The network is
// src/models/convnet.h; the images are MNIST (src/data/mnist.h), warped for augmentation
// (src/data/image_warp.h); the drawing pad is src/data/digit_pad.h.
#pragma once
#include <array>
#include <string>
#include <vector>

#include "data/mnist.h"
#include "engine/engine.h"
#include "labs/lab.h"
#include "models/convnet.h"
#include "models/convnet_gpu.h"
#include "ui/plot.h"

namespace cnn {

inline const std::vector<std::string> kModes = {"digits", "transfer", "residual"};

constexpr int kEvalChunk = 40;             // test images each pass measures per training step (step())
constexpr int kSlice = 8;                  // training images per piece of a step (see CnnLab::train)
constexpr int kEvalSlice = 20;             // test images per piece of measurement
constexpr double kMeasureShare = 1.0 / 3;  // of the browser's training time, spent measuring
constexpr int kWrongKept = 12;             // the most confidently wrong test digits kept
constexpr int kRedrawN = 500;              // test digits redrawn on the pad for redraw_acc
constexpr int kMaxLayers = 24;
constexpr int kShiftedBy = 3;  // pixels the shifted copy of the test set is moved

using Stroke = std::vector<std::array<float, 2>>;

struct Augment {
  double shift = 0, rotate = 0, scale = 0, noise = 0;
  bool any() const { return shift > 0 || rotate > 0 || scale > 0 || noise > 0; }
};

// One network being trained, with its optimiser and its measurements. Mode digits has one; transfer
// has the pretrained one and the one from scratch; residual the residual one and the plain one.
struct Run {
  models::ConvNet net;
  eng::Adam adam;
  bool top_only = false;  // transfer's second stage: the base is frozen
  float loss = 0;         // the last batch
  double loss_avg = 0;    // running mean (about the last 50 batches)
  ui::Curve loss_curve, test_curve;
  double test_acc = 0, test_loss = 0;
  long test_step = -1;
};

// A measurement pass: a snapshot of one run's weights, measured over a list of test images a chunk
// per training step, published when the list is done. The snapshot makes it honest: every image
// of a pass is read by the same weights, those of step `step`.
enum class PassKind { test, shifted, redraw };
struct Pass {
  int run = 0;
  PassKind kind = PassKind::test;
  models::ConvNet snap;
  long step = 0;
  std::vector<int> images;  // test indices
  size_t at = 0;
  int ok = 0;
  double loss = 0;
  std::vector<int> confusion;                // 10 x 10 (test passes of run 0)
  std::vector<std::pair<float, int>> wrong;  // (confidence, test index), the most confident first
};

// The step under way: its batch, and which piece comes next (CnnLab::step_piece).
struct StepWork {
  bool open = false;
  std::vector<float> x;  // (B,1,28,28)
  std::vector<int> y;
  int run = 0, at = 0;  // the next slice: this run's images [at, at + kSlice)
  int right = 0;        // run 0's right answers on the batch
  int measured = 0;     // test images each pass has measured in this step
  bool timed = false;   // opened by the browser's train(): measurement has its own time there
};

// Run 0 on WebGPU (cnn_compute.cpp). Its weights live on the GPU; the run's CPU copy, which the
// measurement and the view read, is refreshed by a readback a few times a second (of the weights
// after step weights_step), and its losses arrive a frame or so after their step.
struct GpuRun {
  bool on = false;  // run 0 trains on the GPU
  models::ConvNetGpu net;
  int ticket = 0;  // gpu::run's, of the last step submitted
  struct StepRead {
    int loss, logits;  // read tickets
    std::vector<int> y;
    std::vector<float> logits_in;  // once they have arrived
  };
  std::vector<StepRead> pending;  // the steps whose loss has not arrived, oldest first
  gpu::Mirror mirror;             // the CPU copy of the weights, and how it is kept (gpu/params.h)
};

// Timing one convolution on the CPU and on WebGPU (cnn_timing.cpp): the default network's second
// layer (8 -> 16 channels, 5x5, pad 2, on 14x14 maps), forward and both backward products, at each
// batch size of `batches`. Training waits while it runs.
struct ConvTiming {
  bool active = false;
  std::vector<int> batches = {1, 4, 16, 64, 256};
  size_t at = 0;  // the batch being timed
  enum Phase { cpu, gpu_start, gpu_wait } phase = cpu;
  int reps = 1, ticket = 0;
  double t0 = 0;
  bool warm = false;         // the GPU ran this batch once, untimed
  std::vector<int> handles;  // this batch's GPU buffers and commands
  std::vector<gpu::Cmd> cmds;
  std::vector<double> cpu_ms, gpu_ms;  // ms per batch; -1: not measured
  std::string note;                    // why the GPU column is empty
};

// What the view shows of one image: each layer's output and the class probabilities.
struct Reading {
  std::vector<eng::Tensor> maps;  // per layer, (1,C,H,W) or (1,D)
  std::vector<float> p;
  int cls = -1;
};

struct CnnLab : Lab {
  // Configuration: what a preset sets.
  std::string mode = "digits";
  std::vector<models::LayerSpec> specs = models::default_layers();
  long batch = 32, seed = 1, test_limit = 10000, pretrain_steps = 400, labels = 100;
  double lr = 0.002;
  Augment augment;
  bool shifted_test = false, redraw_check = false;
  // The view (a preset with only these does not restart training).
  long digit = 0, pick_layer = 1, pick_channel = 0, pick_y = 14, pick_x = 14;
  std::vector<Stroke> strokes;

  // Data.
  const data::Mnist* train_set = nullptr;
  const data::Mnist* test_set = nullptr;
  data::FileWait wait;  // why MNIST has not arrived, for ui::file_wait
  bool ready = false;

  // Training.
  std::vector<Run> runs;
  int stage = 0;  // transfer: 0 pretraining on 0-4, 1 the new head on few 5-9
  double pretrain_acc = 0;
  std::vector<int> pool;   // the training images this stage draws from
  std::vector<int> order;  // this epoch's order of pool
  size_t cursor = 0;
  eng::Rng rng{1}, aug_rng{1};
  eng::Tape tape;
  std::vector<Pass> passes;
  StepWork work;
  double train_ms = 0, measure_ms = 0;  // the browser's time in each since the last reset
  int n_params = 0, passes_done = 0;
  double train_acc = 0, shifted_acc = 0, redraw_acc = 0;
  std::vector<int> confusion;
  std::vector<std::pair<float, int>> wrong;

  // The view: readings for the shown digit and for the drawing, refreshed when the step changes.
  std::vector<float> pad, drawn;  // the pad (kPad^2) and its MNIST-like image (784)
  bool drawn_ok = false;
  mutable long read_step = -1;
  mutable Reading digit_reading, draw_reading;
  mutable double pick_sum = 0, pick_out = 0, pick_bias = 0;
  mutable int pick_terms = 0;
  // Drawing state (cnn_view.cpp).
  bool stroking = false;
  bool maps_of_drawing = false;  // the feature maps of the drawing instead of the test digit
  std::string arch_note;         // why the last edit of the layers was refused
  // Compute (cnn_compute.cpp): the preset's "compute", "cpu" (the SIMD kernels) or "webgpu",
  // which trains run 0 on the GPU when the page has a device and every layer has a GPU version;
  // else compute_note says why.
  std::string compute_pref = "cpu";
  std::string compute_note;
  GpuRun gpu;
  ConvTiming timing;
  long weights_step = 0;  // the step of run 0's CPU weights (behind `steps` while on the GPU)

  CnnLab();

  void configure(const json& preset) override;
  json preset() const override;
  void reset() override;
  void step() override;
  void train(double budget_ms) override;
  json state() const override;
  void draw() override;

  bool load_data();
  void start_training();
  void start_stage_two();
  std::vector<int> test_images() const;
  void new_epoch();
  void make_batch(int B, std::vector<float>& x, std::vector<int>& y, int offset);
  bool step_piece();
  void train_slice(Run& r, int at, int n);
  void finish_step();
  void measure_piece();
  void start_pass(int run, PassKind kind);
  void measure(Pass& p, size_t n);
  void publish(const Pass& p);
  void image(int index, PassKind kind, float* out) const;
  int label_offset() const { return mode == "transfer" && stage == 1 ? 5 : 0; }
  void read_view() const;
  Reading read(const models::ConvNet& net, const float* img) const;
  void set_strokes(const std::vector<Stroke>& s);
  bool on_main_thread() const override { return compute_pref == "webgpu" || gpu.on || timing.active; }
  json compute() const override;
  // Compute (cnn_compute.cpp).
  void gpu_update();
  bool gpu_step();
  void gpu_stop();
  void draw_compute();
  // Timing (cnn_timing.cpp).
  void start_timing(const std::vector<int>& batches);
  void timing_piece();
  void draw_timing();
  int timing_crossover() const;

  // Drawing (cnn_view.cpp).
  void draw_waiting();
  void draw_architecture();
  void draw_curves();
  void draw_maps();
  void draw_conv_detail();
  void draw_pad();
  void draw_errors();
  void draw_controls();
};

// Parses the "layers" field: throws LabError naming the field, the layer and what is wrong.
std::vector<models::LayerSpec> parse_layers(const json& v, std::vector<std::string>& notes);
json layers_json(const std::vector<models::LayerSpec>& specs);

}  // namespace cnn
