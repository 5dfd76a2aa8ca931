// The compute switch of a lab that can train on WebGPU (src/gpu), at the top of its panel:
//   compute: (o) CPU (SIMD)  ( ) WebGPU        The model trains on WebGPU: <adapter>.
// then, greyed, how far behind the lab's CPU copy of the weights is, and in vermillion why the
// GPU does not train when it was asked to.
#pragma once
#include <nlohmann/json.hpp>
#include <string>

namespace ui {

struct Compute {
  std::string pref;      // what the learner chose: "cpu" | "webgpu"
  bool on_gpu = false;   // where the model trains now
  const char* lag = "";  // the lab's words (a format of one %ld) for the step its CPU copy holds
  long lag_step = -1;    // that step while it is behind the run's; -1 for none
  std::string note;      // why not on the GPU; "" for none
};

// Draws it; returns the choice clicked ("cpu", "webgpu"), or "".
std::string compute_switch(const Compute& c);

// What course_status().compute says: {on: "cpu" | "webgpu", adapter, note}.
nlohmann::json compute_status(bool on_gpu, const std::string& note);

// The note while the GPU is wanted but not available: asks the page to open it (gpu::request)
// and says "opening", or why there is none.
std::string gpu_wait_note();

}  // namespace ui
