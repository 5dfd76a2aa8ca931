// The host's words (the toolbar, messages every lab shares), in English and Chinese, side by side,
// and the lookup over them and every lab's own rows. Keys are "area.thing".
#include "ui/strings.h"

#include <unordered_map>

namespace ui {

// The host's rows first; add_texts() appends each lab's as it registers.
static std::vector<Text>& table() {
  static std::vector<Text> texts = {
      // The toolbar every lab shares (src/app/gui.cpp) and the host's messages.
      {"host.train", "\xe2\x96\xb6 Train", "\xe2\x96\xb6 训练"},
      {"host.pause", "\xe2\x9d\x9a\xe2\x9d\x9a Pause", "\xe2\x9d\x9a\xe2\x9d\x9a 暂停"},
      {"host.step", "Step", "单步"},
      {"host.reset", "Reset", "重置"},
      {"host.step_n", "step %ld", "第 %ld 步"},
      {"host.max_speed", "max speed", "最快速度"},
      {"host.steps_per_s", "%.0f steps/s", "每秒 %.0f 步"},
      {"host.speed_help",
       "How many training steps per second. Slow it down to watch each update; drag to the right "
       "end to train as fast as this computer can.\n\nKeys (click the lab first): Space trains or "
       "pauses, Right arrow takes one step, R resets.",
       "每秒训练多少步。调慢可以看清每一次更新；拖到最右端则以这台电脑的最快速度训练。\n\n"
       "快捷键（先点一下实验区）：空格键开始或暂停训练，右方向键走一步，R 键重置。"},
      {"host.mode_thread", "trains on its own thread \xc2\xb7 %d cores", "在独立线程上训练 \xc2\xb7 %d 核"},
      {"host.mode_frame", "trains between frames \xc2\xb7 1 thread", "在两帧之间训练 \xc2\xb7 单线程"},
      {"host.mode_thread_help",
       "The lab trains on a thread of its own while the page draws, so the picture stays smooth and "
       "training gets a whole core. Large matrix products are split across %d cores.",
       "实验在独立的线程上训练，页面同时绘图：画面保持流畅，训练独占一个核心。"
       "较大的矩阵乘法会分给 %d 个核心一起算。"},
      {"host.mode_frame_help",
       "This page runs on one thread: each frame trains for a few milliseconds, then draws, so "
       "training gets about half of one core. Browsers allow threads only on a page that is "
       "cross-origin isolated: served by ./course serve, or reloaded once the course's service "
       "worker is installed (it is, after the first visit).",
       "这个页面只有一个线程：每一帧先训练几毫秒再绘图，训练大约只得到半个核心。"
       "浏览器只在“跨源隔离”的页面上允许多线程：用 ./course serve 打开，"
       "或在课程的 Service Worker 安装之后（第一次访问之后）重新加载。"},
      {"host.adjusted", "Adjusted: %s", "已调整：%s"},
      {"host.no_lab", "No lab is open.", "没有打开的实验。"},
      {"host.choose_lab", "choose a lab", "选择实验"},
      {"host.diverged_reset", "training is paused because it diverged: reset first",
       "训练因发散而暂停：请先重置"},
      // Messages from every lab (src/labs/lab.cpp).
      {"lab.diverged",
       "Training paused at step %ld: %s became %s. The updates grew without bound (diverged): "
       "lower the learning rate and reset.",
       "训练在第 %ld 步暂停：%s 变成了 %s。更新越来越大，训练发散了：请降低学习率后重置。"},
      {"lab.clamped", "%s = %s is outside [%s, %s]; using %s", "%s = %s 超出范围 [%s, %s]，已改用 %s"},
      {"compute.label", "compute:", "计算："},
      {"compute.cpu", "CPU (SIMD)", "CPU（SIMD）"},
      {"compute.gpu", "WebGPU", "WebGPU"},
      {"compute.on_cpu", "The model trains on the CPU's SIMD kernels.", "模型在 CPU 的 SIMD 内核上训练。"},
      {"compute.on_gpu", "The model trains on WebGPU: %s.", "模型在 WebGPU 上训练：%s。"},
      {"compute.software", " (software: this adapter runs on the CPU)",
       "（软件实现：这个适配器其实在 CPU 上运行）"},
      {"compute.opening", "Opening WebGPU...", "正在打开 WebGPU……"},
      {"compute.none", "No WebGPU here (%s): the CPU trains.", "这里没有 WebGPU（%s）：由 CPU 训练。"},
      {"plot.empty", "the curve appears when training starts", "开始训练后这里会画出曲线"},
      {"plot.step_n", "step %ld", "第 %ld 步"},
      // Words for state keys every lab shares (a lab's own "LAB.key.*" rows may reword them).
      {"key.step", "step count", "步数"},
      {"key.lr", "learning rate", "学习率"},
  };
  return texts;
}

const std::vector<Text>& all_texts() { return table(); }

void add_texts(const std::vector<Text>& rows) {
  table().insert(table().end(), rows.begin(), rows.end());
}

static std::string current = "en";

void set_lang(const std::string& l) {
  if (l == "en" || l == "zh") current = l;
}

const std::string& lang() { return current; }

// The index is rebuilt when rows were added since it was made (in practice: once, at the first
// lookup, as every lab registers before main).
const char* tr_in(const std::string& lang, const char* key) {
  static std::unordered_map<std::string, const Text*> index;
  static size_t indexed = 0;
  if (indexed != all_texts().size()) {
    index.clear();
    for (const auto& t : all_texts()) index[t.key] = &t;
    indexed = all_texts().size();
  }
  auto it = index.find(key);
  if (it == index.end()) {
    static thread_local std::string missing;
    missing = std::string("[") + key + "]";
    return missing.c_str();
  }
  return lang == "zh" ? it->second->zh : it->second->en;
}

const char* tr(const char* key) { return tr_in(current, key); }

}  // namespace ui
