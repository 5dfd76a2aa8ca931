// The one interface every lab implements, and the registry that finds labs by name.
// The same Lab object is driven by three front ends: the browser (src/app/web_main.cpp), the
// desktop window (desktop_main.cpp) and the headless CLI (cli_main.cpp). No lab logic lives in
// JavaScript.
#pragma once
#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "ui/strings.h"

using json = nlohmann::json;

// A refused configuration: names the field and says what is wrong. The lab is left unchanged.
struct LabError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

struct Lab {
  virtual ~Lab() = default;

  // Apply a preset (from a lesson's run block, the URL or a control). Validates everything first:
  // throws LabError naming the field and leaves the lab untouched; values out of range are clamped
  // and a note is added to `notes`. Applying a preset resets training (same seed => same run).
  virtual void configure(const json& preset) = 0;
  virtual json preset() const = 0;             // the current configuration (round-trips configure)
  virtual void reset() = 0;                    // back to step 0 with the same seed
  virtual void step() = 0;                     // one training step
  // One step as the toolbar's Step button and the Right arrow take it: step(), but for a lab whose
  // first step holds a long preparation (the VAE's judge), which takes a short piece of it instead.
  virtual void user_step() { step(); }
  virtual void draw() = 0;                     // ImGui panels; never trains
  virtual json state() const = 0;              // live values for the text: flat keys, numbers/arrays
  // The trained model (weights) as JSON, for export; a lab whose configure() accepts it back under
  // the "model" field can be imported. null: this lab has nothing to export.
  virtual json model() const { return nullptr; }

  // Train for about budget_ms (the browser calls this once per frame, then draw()), at most
  // `speed` steps per second of wall time (0: as many as fit). Stops early when a step diverged
  // (running becomes false and alert says why).
  virtual void train(double budget_ms);
  // True while the lab must train on the page's own thread: WebGPU (src/gpu) is reachable only
  // from there. The training thread (trainer.h) then leaves the lab to the frame, which trains it.
  virtual bool on_main_thread() const { return false; }
  // Where the model trains, for a lab that offers a choice (null otherwise):
  // {"on": "cpu" | "webgpu", "adapter": the GPU's name, "note": why not on the GPU it was asked for}.
  virtual json compute() const { return nullptr; }

  // What every front end calls: takes the fields every lab shares ("speed") out of the preset,
  // passes the rest to configure(), and commits the shared ones only if configure() accepted.
  void apply(const json& preset);
  json full_preset() const;            // preset() plus the shared fields

  // Host-visible status, plain data.
  bool running = false;                // train() is called only while running
  double speed = 0;                    // steps per second while running; 0 = as fast as possible
  long steps = 0;                      // training steps since the last reset
  std::string alert;                   // why training paused (divergence), shown until the next reset
  std::vector<std::string> notes;      // clamped values etc. from the last configure()

  // Call after a step with the numbers the step produced: pauses with an explanation when one is
  // not finite. Returns true when all are finite.
  bool check_finite(const std::vector<std::pair<std::string, double>>& values);

 private:
  double step_credit_ = 0;             // fractional steps owed at the current speed
  double last_train_s_ = -1;
};

// Registry ------------------------------------------------------------------------------------
// A lab registers itself from its own file (see src/labs/template_lab.cpp): its name, how to make
// one, its words in both languages, and what the shell needs to show it. Nothing outside the
// lab's own files names it. (The labs are linked as an object library, so the linker keeps every
// registration; see CMakeLists.txt.)
using LabFactory = std::function<std::unique_ptr<Lab>()>;

// "Your data" under the lab: a text box whose text the learner sends to configure(), as
// {field: text} merged into `preset`. The texts are keys of the lab's words.
struct DataTool {
  std::string field;                  // the preset field that receives the text ("csv")
  json preset = json::object();       // sent with it ({"dataset": "custom"})
  std::string label;                  // what to paste, shown above the box
  std::string example;                // "Fill in an example" puts this text in the box
  std::string summary;                // after use; {state_key} is replaced by the lab's value
};

struct LabInfo {
  std::string name;                   // "neuron", "mlp", ...: lessons and the URL use it
  std::string title;                  // key of its short title among its words ("neuron.title")
  LabFactory make;
  std::vector<ui::Text> texts;        // every word the lab draws; keys start with "name."
  // Words for state keys, shown in exercise reasons and the status line: the rows whose keys are
  // "name.key.STATEKEY" ("mlp.key.test_acc": "test accuracy" / "测试准确率"). Keys every lab
  // shares ("step", "lr") have words among the host's ("key.step").
  std::vector<std::string> headline;  // state keys the status line and screen-reader summary show
  std::optional<DataTool> data;       // a "Your data" box, if the lab takes pasted data
};

// Called once per lab, from a namespace-scope initialiser in the lab's own file:
//   [[maybe_unused]] const bool registered = register_lab(info());
bool register_lab(LabInfo info);

const std::vector<LabInfo>& all_labs();                   // sorted by name
const LabInfo* find_lab(const std::string& name);         // nullptr when unknown
std::unique_ptr<Lab> make_lab(const std::string& name);  // nullptr when unknown
std::string lab_names();                                  // "backprop, mlp, neuron" (messages)

// What the shell needs of every lab, in both languages (the bridge's course_labs):
//   [{"name", "title": {"en", "zh"}, "keys": {"loss": {"en", "zh"}, ...}, "headline": [...],
//     "data": {"field", "preset", "label": {"en", "zh"}, "example", "summary": {"en", "zh"}}?}]
json labs_for_shell();

// Helpers for configure(): read one field, refusing wrong types and clamping out-of-range values
// with a note. Unknown fields are refused by check_fields().
void check_fields(const json& preset, const std::vector<std::string>& known);
double read_number(const json& preset, const char* key, double current, double lo, double hi,
                   std::vector<std::string>& notes);
long read_int(const json& preset, const char* key, long current, long lo, long hi,
              std::vector<std::string>& notes);
std::string read_choice(const json& preset, const char* key, const std::string& current,
                        const std::vector<std::string>& choices);
bool read_bool(const json& preset, const char* key, bool current);
