// The charlm lab's compute: the Transformer trains on the CPU's SIMD kernels or on WebGPU
// (src/models/charlm_gpu.h), switchable mid-run both ways without losing a step.
//
// On the GPU a step is queued, not waited for: at most kInFlight steps are in the GPU's queue.
// Each step's loss is read back as soon as the GPU has it (a frame or more later) and goes into
// the curves as a CPU step's would; the weights are read back every kReadEveryMs into the lab's
// CPU copy, which validation, the samples and the attention maps use (they show the weights of
// step weights_step, a little behind). Going back to the CPU reads the weights and Adam's moments
// first, then goes on from the step the GPU reached.
//
// WebGPU is reachable only from the page's thread, so while it is wanted the lab trains in the
// frame (Lab::on_main_thread), never on the training thread.
#include <chrono>
#include <cstdio>

#include "labs/charlm_lab.h"
#include "ui/compute_switch.h"

using ui::tr;

namespace charlm_lab {

namespace {

constexpr int kInFlight = 2;
constexpr double kReadEveryMs = 300;

double now_ms() {
  using namespace std::chrono;
  return duration<double, std::milli>(steady_clock::now().time_since_epoch()).count();
}

}  // namespace

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
  // The CPU copy: read the weights (and, when leaving, Adam's moments) after the last step.
  if (gpu.reads.empty()) {
    if (!want) gpu.leaving = true;
    if (!gpu.leaving && now_ms() - gpu.reads_at < kReadEveryMs) return;
    gpu.reads = gpu::read_back(gpu.lm.p, gpu.leaving);
    gpu.reads_step = steps;
    gpu.reads_at = now_ms();
    return;
  }
  if (!gpu::arrived(gpu.reads)) return;
  if (gpu.reads.moments && !gpu.pending.empty()) return;  // back to the CPU once every step's loss is in
  gpu::apply(gpu.reads, model.params(), &adam);
  weights_step = gpu.reads_step;
  if (gpu.reads.moments)
    gpu_stop();
  else
    gpu.reads = {};
}

// One step on the GPU, if its queue has room; false when it has not (or the run is on its way
// back to the CPU).
bool CharlmLab::gpu_step() {
  if (!gpu.on || gpu.leaving || gpu.ticket - gpu::completed() >= kInFlight) return false;
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

json CharlmLab::compute() const {
  return {{"on", gpu.on ? "webgpu" : "cpu"},
          {"adapter", gpu.on ? gpu::adapter_name() : ""},
          {"note", compute_note}};
}

// The compute switch: where the model trains, and why not on the GPU if it was asked.
void CharlmLab::draw_compute() {
  std::string lag;
  if (gpu.on && steps > weights_step) {
    char text[256];
    std::snprintf(text, sizeof text, tr("charlm.gpu_lag"), weights_step);
    lag = text;
  }
  const std::string chosen = ui::compute_switch({compute_pref, gpu.on, lag, compute_note});
  if (!chosen.empty()) configure(json{{"compute", chosen}});
}

}  // namespace charlm_lab
