// The textcls lab, shared by its files: textcls_lab.cpp (its words, configuration, training,
// evaluation, state and registration), textcls_view.cpp (what draw() shows) and textcls_data.cpp
// (tokens, vocabulary, tasks). The model is src/models/text_classifier.h.
#pragma once
#include <string>
#include <vector>

#include "data/files.h"
#include "engine/engine.h"
#include "labs/lab.h"
#include "labs/textcls_data.h"
#include "models/text_classifier.h"
#include "ui/plot.h"

namespace textcls {

inline const std::vector<std::string> kModels = {"lstm", "bag"};

constexpr int kEvalChunk = 32;     // texts measured per training step (the pass is spread out)
constexpr int kTrainSample = 500;  // training texts measured for train_acc (all when fewer)

// What one text does to the classifier: its probabilities, and per token the drop in the
// predicted class's probability when that token is replaced by <unk> (occlusion).
struct Reading {
  std::vector<std::string> tokens;  // the tokens the model read (at most kMaxTokens)
  std::vector<float> p;             // (K) class probabilities
  std::vector<float> drop;          // per token
  int cls = -1;                     // the predicted class
  bool cut = false;                 // the text had more than kMaxTokens tokens
};

struct TextclsLab : Lab {
  // Configuration: what a preset sets.
  std::string task = "article", model_name = "lstm", sentence;
  long width = 32, batch = 32, seed = 1;
  double lr = 0.01;

  // Data: filled when the task's files are ready (at once natively, later in the browser).
  bool ready = false;
  std::string loaded_task;             // the task whose data is below ("" before any)
  data::FileWait wait;  // a file that could not be read, and why (ui::file_wait)
  TaskData task_data;
  Vocab vocab;
  std::vector<std::vector<int>> train_ids, test_ids;
  std::vector<int> eval_list;  // the texts a pass measures: test i as i, train j as n_test + j
  double majority = 0;         // share of the largest class among the held-out texts

  // Training state.
  models::TextClassifier net;
  int n_params = 0;
  eng::Adam adam;
  eng::Tape tape;
  eng::Rng rng{1};
  std::vector<int> order;  // this epoch's order of the training texts
  size_t cursor = 0;       // next position in order
  float loss = 0;

  // Measurement: a pass over eval_list, kEvalChunk texts per step; its results are published
  // when it ends.
  size_t eval_at = 0;
  int pass_test_ok = 0, pass_train_ok = 0, pass_train_n = 0;
  std::vector<int> pass_confusion;
  double train_acc = 0, test_acc = 0;
  std::vector<int> confusion;  // K x K on the held-out set: row = true class, column = predicted
  ui::Curve loss_curve, train_curve, test_curve, majority_curve;

  // The learner's sentence, read after every step.
  Reading sentence_reading;

  // Drawing state (textcls_view.cpp).
  int shown = 0;                  // the held-out text shown
  bool show_sentence = false;     // show the learner's sentence instead
  char sentence_box[kMaxSentence * 4 + 1] = {};
  std::string box_note;           // why the typed sentence was not taken
  Reading shown_reading;
  long shown_step = -1;           // the step shown_reading is for
  int shown_for = -2;             // the text it is for (-1: the sentence)
  double shown_time = -1;         // when it was read (ImGui's clock)

  TextclsLab();

  int classes() const { return int(task_data.classes.size()); }
  bool wants_data() const { return !task_files(task).empty(); }

  void configure(const json& preset) override;
  json preset() const override;
  void reset() override;
  void step() override;
  json state() const override;
  void draw() override;

  bool load_data();      // true when the task's data is ready (and taken)
  void start_training(); // step 0 on the loaded data, from the seed
  void new_epoch();
  void measure(size_t n);  // n more texts of the pass; publishes when the pass ends
  Reading read(const std::vector<std::string>& tokens);
  std::vector<float> probabilities(const std::vector<std::vector<int>>& texts);

  // Drawing (textcls_view.cpp).
  void draw_waiting();
  void draw_curves();
  void draw_confusion();
  void draw_reading();
  void draw_sentence_box();
  void draw_controls();
};

std::string default_sentence(const std::string& task);
std::string default_model(const std::string& task);
// The learner's sentence (a preset's value), checked: a LabError names the field (empty, too long,
// no token in it); a note when it has more tokens than the model reads. Returns its tokens.
std::vector<std::string> check_sentence(const json& v, std::vector<std::string>& notes);

}  // namespace textcls
