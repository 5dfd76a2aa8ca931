// The one interface every lab implements, and the registry that finds labs by name.
// The same Lab object is driven by three front ends: the browser (src/app/web_main.cpp), the
// desktop window (desktop_main.cpp) and the headless CLI (cli_main.cpp). No lab logic lives in
// JavaScript.
#pragma once
#include <functional>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

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
  virtual void draw() = 0;                     // ImGui panels; never trains
  virtual json state() const = 0;              // live values for the text: flat keys, numbers/arrays
  // The trained model (weights) as JSON, for export; a lab whose configure() accepts it back under
  // the "model" field can be imported. null: this lab has nothing to export.
  virtual json model() const { return nullptr; }

  // Train for about budget_ms (the browser calls this once per frame, then draw()), at most
  // `speed` steps per second of wall time (0: as many as fit). Stops early when a step diverged
  // (running becomes false and alert says why).
  virtual void train(double budget_ms);

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
using LabFactory = std::function<std::unique_ptr<Lab>()>;

struct LabInfo {
  std::string name;     // "neuron", "mlp", ...
  std::string title;    // short English title for menus
  LabFactory make;
};

const std::vector<LabInfo>& all_labs();
std::unique_ptr<Lab> make_lab(const std::string& name);  // nullptr when unknown
std::string lab_names();                                  // "mlp, neuron" (for messages)

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
