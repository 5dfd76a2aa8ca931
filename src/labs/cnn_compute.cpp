// The cnn lab's compute: where run 0 trains, on the CPU's SIMD kernels or on WebGPU
// (src/models/convnet_gpu.h), switchable mid-run both ways without losing a step.
//
// On the GPU a step is queued, not waited for: at most gpu::kStepsInFlight steps are in the GPU's
// queue, and while it is full the frame's time goes to measuring instead. Each step's loss and
// logits are read back as soon as the GPU has them (a frame or more later); run 0's weights every
// gpu::kReadEveryMs, into its CPU copy (gpu::sync), which the test passes and the view read (so
// they show the weights of step weights_step, a little behind). Going back to the CPU reads the
// weights and Adam's moments first, then goes on from the step the GPU reached.
//
// WebGPU is reachable only from the page's thread, so a lab that wants it trains in the frame
// (Lab::on_main_thread), never on the training thread.
#include "gpu/params.h"
#include "labs/cnn_lab.h"
#include "ui/compute_switch.h"
#include "ui/plot.h"
#include "ui/strings.h"

namespace cnn {

using ui::tr;

namespace {

std::string format(const char* fmt, const std::string& a) {
  char out[512];
  std::snprintf(out, sizeof out, fmt, a.c_str());
  return out;
}

}  // namespace

// Starts, stops and feeds the GPU run; called before each piece of training.
void CnnLab::gpu_update() {
  if (!ready || runs.empty()) return;
  const bool want = compute_pref == "webgpu";
  // The device was lost (a GPU reset, a driver crash): the CPU goes on from the weights last read
  // back, and the note below says why.
  if (gpu.on && !gpu::available()) gpu_stop();
  if (!gpu.on) {
    compute_note.clear();
    if (!want) return;
    const std::string layer = models::convnet_gpu_unsupported(runs[0].net);
    if (mode != "digits") {
      compute_note = tr("cnn.gpu_mode");
    } else if (!layer.empty()) {
      compute_note = format(tr("cnn.gpu_layer"), layer);
    } else if (!gpu::available()) {
      compute_note = ui::gpu_wait_note();
    } else {
      work = StepWork{};  // a CPU step under way is dropped (only its gradients are lost)
      gpu = GpuRun{};
      runs[0].adam.lr = float(lr);
      const int B = int(std::min<long>(batch, long(order.size())));
      gpu.net = models::convnet_gpu_make(runs[0].net, B, runs[0].adam);
      gpu.on = true;
      weights_step = steps;
    }
    return;
  }
  // On the GPU: the losses that have arrived, in step order.
  Run& r = runs[0];
  while (!gpu.pending.empty()) {
    GpuRun::StepRead& p = gpu.pending.front();
    const int B = int(p.y.size());
    if (p.logits_in.empty()) {
      std::vector<float> z(size_t(B) * 10);
      if (!gpu::take(p.logits, z.data(), int(z.size()))) break;
      p.logits_in = std::move(z);
    }
    float L = 0;
    if (!gpu::take(p.loss, &L, 1)) break;
    int right = 0;
    for (int b = 0; b < B; ++b) {
      const float* row = p.logits_in.data() + size_t(b) * 10;
      right += int(std::max_element(row, row + 10) - row) == p.y[size_t(b)];
    }
    const double acc = double(right) / double(std::max(1, B));
    const bool first = r.loss_curve.v.empty() && r.loss_curve.acc_n == 0;
    train_acc = first ? acc : 0.98 * train_acc + 0.02 * acc;
    r.loss = L;
    r.loss_avg = first ? L : 0.98 * r.loss_avg + 0.02 * L;
    r.loss_curve.push(L);
    gpu.pending.erase(gpu.pending.begin());
    check_finite({{"L", L}});
  }
  // Run 0's CPU copy: the weights (and, when leaving, Adam's moments) after the last step. A new
  // batch size goes through the CPU and back.
  const bool batch_changed = gpu.net.B != int(std::min<long>(batch, long(order.size())));
  if (!want || batch_changed) gpu.mirror.leaving = true;
  const gpu::Synced synced =
      gpu::sync(gpu.mirror, gpu.net.p, steps, !gpu.pending.empty(), r.net.params(), &r.adam);
  if (synced != gpu::Synced::nothing) {
    weights_step = gpu.mirror.step;
    read_step = -1;  // the view reads the new weights
  }
  if (synced == gpu::Synced::all) gpu_stop();
}

// One step of run 0 on the GPU, if the GPU's queue has room; false when it has not (or the run is
// on its way back to the CPU).
bool CnnLab::gpu_step() {
  if (!gpu.on || gpu.mirror.leaving || gpu.ticket - gpu::completed() >= gpu::kStepsInFlight) return false;
  const int B = gpu.net.B;
  make_batch(B, work.x, work.y, label_offset());
  gpu.net.p.adam.lr = float(lr);
  gpu.ticket = models::convnet_gpu_step(gpu.net, work.x.data(), work.y.data());
  gpu.pending.push_back({gpu::read(gpu.net.loss, 1), gpu::read(gpu.net.logits, B * 10), work.y, {}});
  ++steps;
  for (Run& r : runs) r.test_curve.push(float(r.test_acc));
  return true;
}

void CnnLab::gpu_stop() {
  if (gpu.on) gpu::release(gpu.net.handles);
  gpu = GpuRun{};
}

json CnnLab::compute() const { return ui::compute_status(gpu.on, compute_note); }

// The compute switch and what it says: where run 0 trains, and why not on the GPU if it was asked.
void CnnLab::draw_compute() {
  const long behind = gpu.on && steps > weights_step ? weights_step : -1;
  const std::string chosen =
      ui::compute_switch({compute_pref, gpu.on, tr("cnn.gpu_lag"), behind, compute_note});
  if (!chosen.empty()) configure(json{{"compute", chosen}});
  draw_timing();
}

}  // namespace cnn
