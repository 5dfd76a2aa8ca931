// The charlm lab's compute: the Transformer trains on the CPU's SIMD kernels or on WebGPU
// (src/models/charlm_gpu.h), switchable mid-run both ways without losing a step.
//
// On the GPU a step is queued, not waited for: at most gpu::kStepsInFlight steps are in the GPU's
// queue. Each step's loss is read back as soon as the GPU has it (a frame or more later) and goes
// into the curves as a CPU step's would; the weights are read back every gpu::kReadEveryMs into
// the lab's CPU copy (gpu::sync), which validation, the samples and the attention maps use (they
// show the weights of step weights_step, a little behind). Going back to the CPU reads the
// weights and Adam's moments first, then goes on from the step the GPU reached.
//
// WebGPU is reachable only from the page's thread, so while it is wanted the lab trains in the
// frame (Lab::on_main_thread), never on the training thread.
#include <cstdio>

#include "labs/charlm_lab.h"
#include "ui/compute_switch.h"

using ui::tr;

namespace charlm_lab {

// Starts, stops and feeds the GPU run; called before each piece of training.
void CharlmLab::gpu_update() {
  if (!data_ready) return;
  const bool want = compute_pref == "webgpu";
  // The device was lost (a GPU reset, a driver crash): the CPU goes on from the weights last read
  // back, and the note below says why.
  if (gpu.on && !gpu::available()) gpu_stop();
  if (!gpu.on) {
    compute_note.clear();
    if (!want) return;
    if (!models::charlm_gpu_unsupported(model).empty()) {
      const char* name = arch == "bigram" ? "bigram"
                         : arch == "rnn"  ? "RNN"
                         : arch == "lstm" ? "LSTM"
                                          : "GRU";
      char note[256];
      std::snprintf(note, sizeof note, tr("charlm.gpu_model"), name);
      compute_note = note;
    } else if (!gpu::available()) {
      compute_note = ui::gpu_wait_note();
    } else {
      adam.lr = float(lr);
      gpu = GpuRun{};
      gpu.lm = models::charlm_gpu_make(model, int(batch), int(context), adam);
      gpu.on = true;
      weights_step = steps;
    }
    return;
  }
  // On the GPU: the losses that have arrived, in step order, as CPU steps would have left them.
  while (!gpu.pending.empty()) {
    float L = 0;
    if (!gpu::take(gpu.pending.front(), &L, 1)) break;
    gpu.pending.erase(gpu.pending.begin());
    loss = L;
    after_step(steps - long(gpu.pending.size()));  // the step this loss is of
    if (!alert.empty()) return;                    // it diverged: paused with the reason
  }
  // The CPU copy: the weights (and, when leaving, Adam's moments) after the last step.
  if (!want) gpu.mirror.leaving = true;
  const gpu::Synced synced =
      gpu::sync(gpu.mirror, gpu.lm.p, steps, !gpu.pending.empty(), model.params(), &adam);
  if (synced != gpu::Synced::nothing) weights_step = gpu.mirror.step;
  if (synced == gpu::Synced::all) gpu_stop();
}

// One step on the GPU, if its queue has room; false when it has not (or the run is on its way
// back to the CPU).
bool CharlmLab::gpu_step() {
  if (!gpu.on || gpu.mirror.leaving || gpu.ticket - gpu::completed() >= gpu::kStepsInFlight) return false;
  next_batch();
  gpu.lm.p.adam.lr = float(lr);
  gpu.ticket = models::charlm_gpu_step(gpu.lm, batch_ids);
  gpu.pending.push_back(gpu::read(gpu.lm.loss, 1));
  ++steps;
  return true;
}

void CharlmLab::gpu_stop() {
  if (gpu.on) gpu::release(gpu.lm.handles);
  gpu = GpuRun{};
}

json CharlmLab::compute() const { return ui::compute_status(gpu.on, compute_note); }

// The compute switch: where the model trains, and why not on the GPU if it was asked.
void CharlmLab::draw_compute() {
  const long behind = gpu.on && steps > weights_step ? weights_step : -1;
  const std::string chosen =
      ui::compute_switch({compute_pref, gpu.on, tr("charlm.gpu_lag"), behind, compute_note});
  if (!chosen.empty()) configure(json{{"compute", chosen}});
}

}  // namespace charlm_lab
