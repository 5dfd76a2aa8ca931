// The charlm lab, shared by its two files: charlm_lab.cpp (its words, configuration, data,
// training, measurements, state and registration) and charlm_view.cpp (everything draw() shows).
// The model is src/models/charlm.h.
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "data/files.h"
#include "data/text.h"
#include "engine/engine.h"
#include "labs/lab.h"
#include "gpu/params.h"
#include "models/charlm_gpu.h"
#include "ui/plot.h"

namespace charlm_lab {

inline const std::vector<std::string> kCorpora = {"tang", "verse", "custom", "brackets", "copy"};
inline const std::vector<std::string> kModels = {"bigram", "rnn", "lstm", "gru", "transformer"};
constexpr int kMinText = 300;      // characters of pasted text, at least
constexpr int kMaxTextKB = 200;    // and at most this many kilobytes
constexpr int kEvalEvery = 50;     // steps between validation (and samples, verse_share)
constexpr int kValWindows = 32;    // the fixed validation subset: this many windows
constexpr int kSampleChars = 100;  // the live sample's length
constexpr double kMaxReadoutWork = 2e8;  // B T C V at most: about 60 ms a step natively
constexpr int kVerseLines = 20;    // verse_share counts this many complete generated lines

const std::vector<ui::Text>& charlm_texts();  // the lab's words (charlm_view.cpp)

// A line between newlines is verse-shaped when it is one or more phrases, each exactly 5 or 7 Han
// characters followed by one of ，。？！；.
bool verse_shaped(const std::string& line);
// The share of verse-shaped lines among the complete (newline-ended), non-empty lines of `text`;
// the unfinished last line does not count. `lines` is how many were counted.
double verse_share(const std::string& text, int* lines = nullptr);

// The text the model learns from, as ids. Validation windows start at val_starts (fixed), each
// val_T + 1 ids long.
struct Prepared {
  std::unique_ptr<data::CharVocab> vocab;
  std::vector<int> train, val;
  std::vector<int> val_starts;
  int val_T = 0;
  // Synthetic corpora: where each validation sequence starts in `val` (at its "\n"), and its
  // length without the "\n" (brackets: opener, fill, closer; copy: s | s).
  std::vector<int> seq_starts, seq_lengths;
  std::string source;
};

// The Transformer on WebGPU (charlm_compute.cpp). Its weights live on the GPU; the lab's CPU copy
// (model), which validation, the samples and the attention maps read, is refreshed by a readback
// a few times a second, and each step's loss arrives a frame or so after the step.
struct GpuRun {
  bool on = false;           // the model trains on the GPU
  models::CharLMGpu lm;
  int ticket = 0;            // gpu::run's, of the last step submitted
  std::vector<int> pending;  // read tickets of the steps' losses not yet arrived, oldest first
  gpu::Mirror mirror;        // the CPU copy of the weights, and how it is kept (gpu/params.h)
};

struct CharlmLab : Lab {
  // Configuration: what a preset sets.
  std::string corpus = "tang", arch = "transformer", text, prompt;
  long layers = 2, heads = 4, width = 64, context = 32, batch = 8, seed = 1, top_k = 0;
  long layer = 0, head = 0, position = -1;
  double lr = 3e-3, temperature = 0.8;

  // Data (ready once the corpus file has arrived) and the model built on its vocabulary.
  bool data_ready = false;
  data::FileWait wait;  // the file failed or was damaged: shown with a Retry button (ui::file_wait)
  Prepared d;
  models::CharLM model;
  eng::Adam adam;
  eng::Tape tape, eval_tape;
  eng::Rng batch_rng;
  std::vector<int> batch_ids;

  // Compute (charlm_compute.cpp): the preset's "compute", "cpu" or "webgpu"; a switch mid-run
  // keeps the run. The Transformer trains on WebGPU when asked and available, else the CPU does
  // and compute_note says why.
  std::string compute_pref = "cpu", compute_note;
  GpuRun gpu;
  long weights_step = 0;  // the step whose weights the CPU copy holds

  // Measurements.
  float loss = 0, val_loss = 0, bigram_loss = 0;
  double share = 0, close_acc = 0, copy_att = 0;
  long val_step = -1, n_params = 0;
  ui::Curve train_curve, val_curve, bigram_curve, train_ppl_curve, val_ppl_curve, bigram_ppl_curve;

  // What the prompt shows: its ids, the next-character distribution, the trace, notes about it.
  std::vector<int> prompt_ids;
  std::string prompt_note;
  std::vector<float> logits, probs;
  models::CharTrace trace;
  std::string sample;
  long shown_step = -1;  // the step the prompt's views and the sample were computed at
  // The embedding map (charlm_view.cpp): rows of E on two principal directions, the labels drawn.
  std::vector<std::pair<float, float>> emb_xy;
  std::vector<int> emb_ids;
  long emb_step = -1;

  CharlmLab();
  const char* file_name() const;  // the corpus's data file, or nullptr for the others

  // Configuration and data (charlm_lab.cpp).
  void configure(const json& preset) override;
  json preset() const override;
  void reset() override;
  void step() override;
  void train(double budget_ms) override;
  json state() const override;
  void next_batch();                     // batch_ids: B random windows of the training text
  void after_step(long step);            // the curves, validation every kEvalEvery steps, divergence
  bool ensure_data();                    // picks the corpus up when it has arrived; true when ready
  void build();                          // the model, the optimiser and the baseline, on the prepared data
  // Validation loss, close_acc, copy_att and (with samples) verse_share.
  void evaluate(bool samples = true);
  // The prompt's ids, distribution and trace, and (with_sample) a new sample.
  void refresh_prompt(bool with_sample = true);
  std::vector<int> context_ids() const;  // what the model reads: the prompt, or "\n" when empty

  // Compute (charlm_compute.cpp).
  bool on_main_thread() const override { return compute_pref == "webgpu" || gpu.on; }
  json compute() const override;
  void gpu_update();
  bool gpu_step();
  void gpu_stop();
  void draw_compute();

  // Drawing (charlm_view.cpp).
  void draw() override;
  void draw_waiting();
  void draw_curves();
  void draw_sample();
  void draw_distribution();
  void draw_attention();
  void draw_gates();
  void draw_embedding();
  void draw_controls();
};

}  // namespace charlm_lab
