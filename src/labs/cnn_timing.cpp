// The cnn lab's timing of one convolution, on the CPU's SIMD kernels and on WebGPU, across batch
// sizes: where the GPU wins. The layer is the default network's second one,
//   y = conv(x, w) + b,   x (B,8,14,14), w (16,8,5,5), pad 2  ->  y (B,16,14,14)
// timed forward plus both backward products (dx and dw, db), as a training step runs it:
// 3 x 2 B 14 14 16 8 5 5 = 3.76 B million multiply-adds.
//
// Each time is per batch, the mean of `reps` runs, with reps doubled until they take 100 ms (a
// GPU's time is read at the frame its work completes, so a short run would measure the frame).
// The GPU runs each batch once untimed first (its pipelines, buffers). One piece of the timing
// per train() call: the CPU side in one go, the GPU side submitted and then waited for over frames.
#include <chrono>
#include <cmath>

#include "gpu/gpu.h"
#include "kernels/conv.h"
#include "labs/cnn_lab.h"
#include "ui/plot.h"
#include "ui/strings.h"

namespace cnn {

using ui::tr;

namespace {

constexpr double kTimedMs = 100;
constexpr int kMaxReps = 1 << 12;

double now_ms() {
  using namespace std::chrono;
  return duration<double, std::milli>(steady_clock::now().time_since_epoch()).count();
}

kern::ConvShape layer(int B) {
  kern::ConvShape s{B, 8, 14, 14, 16, 5, 5};
  s.pad = 2;
  return s;
}

std::vector<float> noise(size_t n, eng::Rng& rng) {
  std::vector<float> v(n);
  for (float& x : v) x = rng.uniform(-1.0f, 1.0f);
  return v;
}

// The CPU's time for one forward and backward pass at batch B, in ms.
double cpu_time(int B) {
  const kern::ConvShape s = layer(B);
  eng::Rng rng(1);
  const size_t nx = size_t(B) * 8 * 196, ny = size_t(B) * 16 * 196, nw = 16 * 8 * 25;
  const std::vector<float> x = noise(nx, rng), w = noise(nw, rng), b = noise(16, rng), dy = noise(ny, rng);
  std::vector<float> y(ny), dx(nx), dw(nw), db(16);
  auto pass = [&] {
    kern::conv2d_forward(s, x.data(), w.data(), b.data(), y.data());
    kern::conv2d_backward(s, x.data(), w.data(), dy.data(), dx.data(), dw.data(), db.data());
  };
  pass();  // warm: caches, the kernels' pool
  for (int reps = 1;; reps *= 2) {
    const double t0 = now_ms();
    for (int i = 0; i < reps; ++i) pass();
    const double ms = now_ms() - t0;
    if (ms >= kTimedMs || reps >= kMaxReps) return ms / reps;
  }
}

}  // namespace

void CnnLab::start_timing(const std::vector<int>& batches) {
  if (!timing.handles.empty()) gpu::release(timing.handles);
  timing = ConvTiming{};
  timing.batches = batches;
  timing.active = true;
  timing.cpu_ms.assign(batches.size(), -1);
  timing.gpu_ms.assign(batches.size(), -1);
  gpu::request();
  running = true;  // train() runs the timing, then training goes on
}

// One piece: the CPU's time of the current batch, or a step of its GPU timing.
void CnnLab::timing_piece() {
  ConvTiming& t = timing;
  if (t.at >= t.batches.size()) {
    t.active = false;
    return;
  }
  const int B = t.batches[t.at];
  if (t.phase == ConvTiming::cpu) {
    t.cpu_ms[t.at] = cpu_time(B);
    t.phase = ConvTiming::gpu_start;
    return;
  }
  if (!gpu::available()) {
    const std::string why = gpu::unavailable_reason();
    if (why.empty()) return;  // opening: ask again next frame
    char note[512];
    std::snprintf(note, sizeof note, tr("cnn.time_no_gpu"), why.c_str());
    t.note = note;
    t.phase = ConvTiming::cpu;
    ++t.at;
    return;
  }
  if (t.phase == ConvTiming::gpu_start) {
    if (t.cmds.empty()) {  // this batch's buffers and commands
      const gpu::ConvShape s{B, 8, 14, 14, 16, 5, 5, 1, 2};
      eng::Rng rng(1);
      auto filled = [&](int n) {
        const gpu::Buf b = gpu::buffer(n);
        const std::vector<float> v = noise(size_t(n), rng);
        gpu::write(b, v.data(), n);
        t.handles.push_back(b);
        return b;
      };
      const gpu::Buf x = filled(B * 8 * 196), w = filled(16 * 8 * 25), b = filled(16),
                     dy = filled(B * 16 * 196);
      const gpu::Buf y = filled(B * 16 * 196), dx = filled(B * 8 * 196), dw = filled(16 * 8 * 25),
                     db = filled(16);
      const gpu::Buf dcols = filled(8 * 25 * B * 196);
      const gpu::ConvScratch sc = gpu::conv_scratch(s);
      t.handles.insert(t.handles.end(), {sc.cols, sc.kn});
      t.cmds = {gpu::conv2d_forward(s, x, w, b, y, sc),
                gpu::conv2d_backward(s, w, dy, dx, dw, db, sc, dcols)};
      t.handles.insert(t.handles.end(), t.cmds.begin(), t.cmds.end());
      t.reps = 1;
      t.warm = false;
    }
    t.t0 = now_ms();
    for (int i = 0; i < (t.warm ? t.reps : 1); ++i) t.ticket = gpu::run(t.cmds);
    t.phase = ConvTiming::gpu_wait;
    return;
  }
  if (gpu::completed() < t.ticket) return;  // not done yet: the next frame asks again
  const double ms = now_ms() - t.t0;
  if (!t.warm) {
    t.warm = true;
  } else if (ms < kTimedMs && t.reps < kMaxReps) {
    t.reps *= 2;
  } else {
    t.gpu_ms[t.at] = ms / t.reps;
    gpu::release(t.handles);
    t.handles.clear();
    t.cmds.clear();
    t.phase = ConvTiming::cpu;
    ++t.at;
    return;
  }
  t.phase = ConvTiming::gpu_start;
}

// The smallest batch from which the GPU is faster at every larger batch timed; -1 if it never is.
int CnnLab::timing_crossover() const {
  int from = -1;
  for (size_t i = timing.cpu_ms.size(); i-- > 0;) {  // cpu_ms and gpu_ms: one per batch, once started
    const double c = timing.cpu_ms[i], g = timing.gpu_ms[i];
    if (c < 0 || g < 0 || g >= c) break;
    from = timing.batches[i];
  }
  return from;
}

// The timing's button and its table: per batch, each side's ms and which is faster.
void CnnLab::draw_timing() {
  if (ImGui::Button(tr("cnn.time_button"))) start_timing(timing.batches);
  ui::help_marker(tr("cnn.time_help"));
  if (timing.cpu_ms.empty()) return;
  if (timing.active) {
    ImGui::SameLine();
    ImGui::TextDisabled(tr("cnn.time_running"),
                        timing.batches[std::min(timing.at, timing.batches.size() - 1)]);
  }
  if (ImGui::BeginTable("##timing", 4, ImGuiTableFlags_Borders | ImGuiTableFlags_SizingFixedFit)) {
    ImGui::TableSetupColumn(tr("cnn.time_batch"));
    ImGui::TableSetupColumn(tr("cnn.time_cpu"));
    ImGui::TableSetupColumn(tr("cnn.time_gpu"));
    ImGui::TableSetupColumn(tr("cnn.time_faster"));
    ImGui::TableHeadersRow();
    for (size_t i = 0; i < timing.batches.size(); ++i) {
      const double c = timing.cpu_ms[i], g = timing.gpu_ms[i];
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      ImGui::Text("%d", timing.batches[i]);
      ImGui::TableNextColumn();
      if (c >= 0)
        ImGui::Text("%.2f ms", c);
      else
        ImGui::TextDisabled("-");
      ImGui::TableNextColumn();
      if (g >= 0)
        ImGui::Text("%.2f ms", g);
      else
        ImGui::TextDisabled("-");
      ImGui::TableNextColumn();
      if (c >= 0 && g >= 0)
        ImGui::Text(tr("cnn.time_ratio"), g < c ? "WebGPU" : "CPU", g < c ? c / g : g / c);
    }
    ImGui::EndTable();
  }
  if (!timing.note.empty()) ImGui::TextWrapped("%s", timing.note.c_str());
}

}  // namespace cnn
