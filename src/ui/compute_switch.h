// The compute switch of a lab that can train on WebGPU (src/gpu), at the top of its panel:
//   compute: (o) CPU (SIMD)  ( ) WebGPU        The model trains on WebGPU: <adapter>.
// then, greyed, how far behind the lab's CPU copy of the weights is, and in vermillion why the
// GPU does not train when it was asked to.
#pragma once
#include <string>

namespace ui {

struct Compute {
  std::string pref;     // what the learner chose: "cpu" | "webgpu"
  bool on_gpu = false;  // where the model trains now
  std::string lag;      // the lab's words for what its CPU copy is behind by; "" for none
  std::string note;     // why not on the GPU; "" for none
};

// Draws it; returns the choice clicked ("cpu", "webgpu"), or "".
std::string compute_switch(const Compute& c);

// The note while the GPU is wanted but not available: asks the page to open it (gpu::request)
// and says "opening", or why there is none.
std::string gpu_wait_note();

}  // namespace ui
