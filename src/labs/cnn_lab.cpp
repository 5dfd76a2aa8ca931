// Lab "cnn": a convolutional network trained live on all of MNIST (60,000 training digits, 10,000
// test digits). The learner builds the network layer by layer, watches its filters and feature
// maps, reads the convolution sum of one output pixel, draws digits for it, sees where it fails,
// and runs the chapter's two experiments: transfer learning with few labels, and a deep plain
// network against the same depth with skip connections.
//
// Legend (the network's is src/models/convnet.h)
//   x (B,1,28,28) = pixels / 255;  z = net(x) (B,K);  L = mean cross-entropy;  Adam, rate lr
//   test_acc: the share of test digits whose largest logit is the true class, measured on a copy of
//   the weights of step test_step over all test_limit digits (kEvalChunk per step; in the browser
//   by time, CnnLab::train)
//
// Preset fields (SPEC12): mode digits | transfer | residual; layers [{type conv|pool|dense|dropout|
//   res, ...}]; batch 1..256, lr 1e-4..0.1, seed; augment {shift, rotate, scale, noise};
//   shifted_test, redraw_check; test_limit 100..10000; pretrain_steps, labels (transfer); the view:
//   digit, pick_layer, pick_channel, pick_y, pick_x, strokes (a preset with only view fields does
//   not restart training).
// State keys: see CnnLab::state() and SPEC12.
//
// The file, top to bottom: words, layers, configuration, data, training, measurement, reading one
// image, state, registration. The drawing is cnn_view.cpp.
#include "labs/cnn_lab.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <numeric>

#include "data/digit_pad.h"
#include "data/files.h"
#include "data/image_warp.h"
#include "gpu/gpu.h"

namespace cnn {

using models::LayerKind;
using models::LayerSpec;

namespace {

const std::vector<ui::Text> kTexts = {
    {"cnn.title", "Convolutional network: MNIST digits, live", "卷积网络：实时训练 MNIST 手写数字"},
    {"cnn.key.loss", "training loss", "训练损失"},
    {"cnn.key.train_acc", "training accuracy (recent batches)", "训练准确率（最近的批次）"},
    {"cnn.key.test_acc", "test accuracy", "测试准确率"},
    {"cnn.key.test_loss", "test loss", "测试损失"},
    {"cnn.key.test_step", "step of the measured weights", "被测权重所在的步数"},
    {"cnn.key.test_n", "test digits per measurement", "每次测量的测试数字数"},
    {"cnn.key.passes", "finished test passes", "完成的测试轮数"},
    {"cnn.key.data_ready", "data loaded", "数据已加载"},
    {"cnn.key.params", "parameters", "参数个数"},
    {"cnn.key.batch", "batch size", "批大小"},
    {"cnn.key.layers", "layers with weights (conv, dense and the classifier)",
     "带权重的层数（卷积、全连接和分类层）"},
    {"cnn.key.shifted_acc", "accuracy on the shifted test digits", "平移后测试数字的准确率"},
    {"cnn.key.redraw_acc", "share of redrawn digits that keep their class", "重画后类别不变的比例"},
    {"cnn.key.stage", "transfer stage", "迁移阶段"},
    {"cnn.key.pretrain_acc", "pretrained accuracy on digits 0-4", "预训练在 0-4 上的准确率"},
    {"cnn.key.transfer_acc", "transfer accuracy on digits 5-9", "迁移后在 5-9 上的准确率"},
    {"cnn.key.scratch_acc", "from-scratch accuracy on digits 5-9", "从零训练在 5-9 上的准确率"},
    {"cnn.key.labels", "labelled digits for the new task", "新任务的带标签数字数"},
    {"cnn.key.plain_loss", "loss of the plain network", "普通网络的损失"},
    {"cnn.key.res_loss", "loss of the residual network", "残差网络的损失"},
    {"cnn.key.plain_acc", "test accuracy of the plain network", "普通网络的测试准确率"},
    {"cnn.key.res_acc", "test accuracy of the residual network", "残差网络的测试准确率"},
    {"cnn.key.pick_sum", "the convolution sum at the chosen pixel", "所选像素处的卷积和"},
    {"cnn.key.pick_out", "that pixel after ReLU", "该像素经过 ReLU 之后"},
    {"cnn.key.pick_bias", "the filter's bias", "该滤波器的偏置"},
    {"cnn.key.pick_terms", "products in the sum", "求和中的乘积个数"},
    {"cnn.key.worst", "the most confidently wrong test digit", "最自信的错误测试数字"},
    {"cnn.key.draw_empty", "the pad is empty", "画板是空的"},
    {"cnn.key.draw_class", "the class of your drawing", "你画的数字被判成的类别"},
    {"cnn.key.draw_p", "the probability of that class", "该类别的概率"},
    {"cnn.loading", "Loading MNIST (60,000 training and 10,000 test digits)...",
     "正在加载 MNIST（60,000 个训练数字和 10,000 个测试数字）……"},
    {"cnn.failed", "A data file could not be used (%s):", "数据文件 %s 无法使用："},
    {"cnn.retry", "Retry", "重试"},
    {"cnn.arch", "Architecture", "网络结构"},
    {"cnn.input", "input 1x28x28", "输入 1x28x28"},
    {"cnn.output", "output %d classes", "输出 %d 个类别"},
    {"cnn.params_n", "%d parameters", "%d 个参数"},
    {"cnn.layer_params", "%d params", "%d 个参数"},
    {"cnn.add", "+ layer", "+ 层"},
    {"cnn.remove", "remove", "删除"},
    {"cnn.fmt_filters", "%d filters", "%d 个滤波器"},
    {"cnn.fmt_kernel", "kernel %d", "核 %d"},
    {"cnn.fmt_stride", "stride %d", "步幅 %d"},
    {"cnn.fmt_pad", "pad %d", "填充 %d"},
    {"cnn.fmt_size", "window %d", "窗口 %d"},
    {"cnn.fmt_units", "%d units", "%d 个单元"},
    {"cnn.fmt_p", "p %.2f", "p %.2f"},
    {"cnn.avg", "average", "平均"},
    {"cnn.refused", "Not applied: layer %d (%s) receives %s, but %s.",
     "没有应用：第 %d 层（%s）收到的是 %s，但%s。"},
    {"cnn.need_conv", "a %dx%d filter with padding %d needs at least %dx%d",
     "%dx%d 的滤波器在填充 %d 时至少需要 %dx%d"},
    {"cnn.need_pool", "a %dx%d window needs at least %dx%d", "%dx%d 的池化窗口至少需要 %dx%d"},
    {"cnn.need_image",
     "after a dense layer the values are a flat list: there is no image left to slide a window over",
     "全连接层之后的值是一个扁平的列表：已经没有可以滑动窗口的图像了"},
    {"cnn.too_big",
     "Not applied: this network needs more than 30 million multiply-adds per digit, too many "
     "to train in the page.",
     "没有应用：这个网络每个数字需要超过 3000 万次乘加，在网页里训练不动。"},
    {"cnn.apply", "Apply", "应用"},
    {"cnn.curves", "Loss and accuracy", "损失与准确率"},
    {"cnn.train_loss", "training loss", "训练损失"},
    {"cnn.test_acc_l", "test accuracy", "测试准确率"},
    {"cnn.measured", "Test accuracy %.2f%% on %d digits, with the weights of step %ld.",
     "测试准确率 %.2f%%（%d 个数字，第 %ld 步的权重）。"},
    {"cnn.not_measured", "The first test pass is running...", "第一轮测试正在进行……"},
    {"cnn.maps", "What the network sees", "网络看到了什么"},
    {"cnn.maps_help",
     "Each small square is one channel of a layer's output for this digit: bright = large. The first "
     "row of filters shows what the first layer looks for.",
     "每个小方块是该层输出的一个通道：越亮值越大。第一行滤波器显示第一层在找什么。"},
    {"cnn.filters", "first-layer filters", "第一层滤波器"},
    {"cnn.digit", "test digit", "测试数字"},
    {"cnn.maps_of_drawing", "show my drawing", "显示我画的数字"},
    {"cnn.drawing_pred", "your drawing: predicted %d (%.0f%%)", "你画的数字：预测为 %d（%.0f%%）"},
    {"cnn.next", "Next", "下一个"},
    {"cnn.label_pred", "true %d, predicted %d (%.0f%%)", "真实 %d，预测 %d（%.0f%%）"},
    {"cnn.detail", "One output pixel, as a sum", "一个输出像素，就是一个求和"},
    {"cnn.detail_help",
     "The chosen output pixel is the bias plus the sum, over the input channels and the window, of "
     "input times filter weight. Click a pixel of the map to choose it.",
     "所选输出像素 = 偏置 + 对输入通道和窗口求和（输入 × 滤波器权重）。点击特征图上的像素来选择。"},
    {"cnn.detail_sum", "sum %.3f + bias %.3f = %.3f; ReLU gives %.3f (%d products)",
     "求和 %.3f + 偏置 %.3f = %.3f；ReLU 后为 %.3f（%d 个乘积）"},
    {"cnn.no_conv", "This layer is not a convolution.", "这一层不是卷积层。"},
    {"cnn.layer_n", "layer", "层"},
    {"cnn.channel", "channel", "通道"},
    {"cnn.pad", "Draw a digit", "画一个数字"},
    {"cnn.pad_help",
     "Draw with the mouse or a finger. The drawing is prepared as MNIST's digits were: its box is "
     "scaled to 20x20 and its centre of mass put at the centre of 28x28 (right).",
     "用鼠标或手指画。画好的图像按 MNIST 的做法处理：外框缩放到 20x20，质心放到 28x28 的中心（右图）。"},
    {"cnn.pad_empty", "The pad is empty: draw a digit.", "画板是空的：请画一个数字。"},
    {"cnn.clear", "Clear", "清除"},
    {"cnn.errors", "Where it fails", "哪里出错"},
    {"cnn.confusion_help", "Rows: true digit; columns: predicted. Off the diagonal are the mistakes.",
     "行：真实数字；列：预测数字。对角线以外是错误。"},
    {"cnn.wrong", "The most confidently wrong test digits", "最自信的错误"},
    {"cnn.mode", "experiment", "实验"},
    {"cnn.gpu_lag", "Test accuracy and the maps use the weights of step %ld, read back from the GPU.",
     "测试准确率和特征图用的是第 %ld 步的权重，从 GPU 读回。"},
    {"cnn.gpu_mode", "WebGPU trains the digits experiment only (one network): the CPU trains this one.",
     "WebGPU 只训练“数字”实验（单个网络）：这个实验由 CPU 训练。"},
    {"cnn.gpu_layer", "The CPU trains this network: %s.", "这个网络由 CPU 训练：%s。"},
    {"cnn.key.gpu", "trains on WebGPU (1) or on the CPU (0)", "在 WebGPU 上训练（1）或在 CPU 上（0）"},
    {"cnn.time_button", "Time one convolution: CPU and WebGPU", "给一个卷积层计时：CPU 与 WebGPU"},
    {"cnn.time_help",
     "Times the second layer of the default network (8 to 16 channels, 5x5 filters, 14x14 maps), "
     "forward and backward as in a training step, at each batch size, on the CPU's SIMD kernels and "
     "on your GPU. Training waits while it runs.",
     "给默认网络的第二层（8 到 16 个通道，5x5 滤波器，14x14 特征图）计时：像训练一步那样做前向和反向，"
     "在每个批大小下分别用 CPU 的 SIMD 内核和你的 GPU。计时期间训练暂停。"},
    {"cnn.time_running", "timing batch %d...", "正在给批大小 %d 计时……"},
    {"cnn.time_batch", "batch", "批大小"},
    {"cnn.time_cpu", "CPU (SIMD)", "CPU（SIMD）"},
    {"cnn.time_gpu", "WebGPU", "WebGPU"},
    {"cnn.time_faster", "faster", "更快的"},
    {"cnn.time_ratio", "%s, %.1fx", "%s，%.1f 倍"},
    {"cnn.time_no_gpu", "No WebGPU here (%s): only the CPU was timed.",
     "这里没有 WebGPU（%s）：只给 CPU 计了时。"},
    {"cnn.key.time_done", "the timing has finished", "计时已完成"},
    {"cnn.key.time_crossover", "the batch size from which the GPU is faster (-1: never)",
     "从这个批大小起 GPU 更快（-1：从不）"},
    {"cnn.key.time_cpu", "the CPU's time per batch (ms)", "CPU 每批的时间（毫秒）"},
    {"cnn.key.time_gpu", "the GPU's time per batch (ms; -1: not timed)",
     "GPU 每批的时间（毫秒；-1：未计时）"},
    {"cnn.key.time_batches", "the batch sizes timed", "计时的批大小"},
    {"cnn.key.time_n", "batch sizes timed so far", "已经计时的批大小个数"},
    {"cnn.lr", "learning rate", "学习率"},
    {"cnn.batch", "batch", "批大小"},
    {"cnn.seed", "seed", "随机种子"},
    {"cnn.augment", "augmentation", "数据增强"},
    {"cnn.shift", "shift (px)", "平移（像素）"},
    {"cnn.rotate", "rotate (degrees)", "旋转（度）"},
    {"cnn.scale", "scale", "缩放"},
    {"cnn.noise", "noise", "噪声"},
    {"cnn.shifted", "also measure the test set shifted by 3 px", "也测量平移 3 像素后的测试集"},
    {"cnn.shifted_acc", "shifted test digits: %.2f%%", "平移后的测试数字：%.2f%%"},
    {"cnn.stage0", "Stage 1: pretraining on digits 0-4 (%ld of %ld steps)",
     "第 1 阶段：在数字 0-4 上预训练（%ld / %ld 步）"},
    {"cnn.stage1", "Stage 2: the base is frozen; a new head learns digits 5-9 from %ld labelled digits",
     "第 2 阶段：冻结卷积基座，新的输出头只用 %ld 个带标签的数字学习 5-9"},
    {"cnn.pretrained", "When it was frozen, the base read %.1f%% of the test digits 0-4.",
     "冻结时，卷积基座在测试数字 0-4 上的准确率是 %.1f%%。"},
    {"cnn.transfer", "transfer", "迁移"},
    {"cnn.scratch", "from scratch", "从零训练"},
    {"cnn.residual", "with skips", "带跳跃连接"},
    {"cnn.plain", "plain", "普通"},
    {"cnn.versus", "%s %.1f%% against %s %.1f%%", "%s %.1f%%，%s %.1f%%"},
};

const std::vector<std::string> kLayerTypes = {"conv", "pool", "dense", "dropout", "res"};

// The residual experiment's network: two convolutions down to 8x7x7, then sixteen residual blocks
// (32 more convolutions: 34 in all, as in ResNet-34), all at 7x7 so that both networks stay quick.
std::vector<LayerSpec> residual_layers() {
  LayerSpec c, p, r;
  c.filters = 8;
  c.kernel = 3;
  c.pad = 1;
  p.kind = LayerKind::pool;
  r.kind = LayerKind::res;
  r.kernel = 3;
  std::vector<LayerSpec> s = {c, p, c, p};
  for (int i = 0; i < 16; ++i) s.push_back(r);
  return s;
}

std::vector<LayerSpec> mode_layers(const std::string& mode) {
  return mode == "residual" ? residual_layers() : models::default_layers();
}

// Multiply-adds of one image's forward pass: refused above a size the browser cannot train.
double forward_cost(const std::vector<LayerSpec>& specs, const std::vector<models::MapShape>& shapes) {
  double cost = 0;
  models::MapShape in;
  for (size_t i = 0; i < specs.size(); ++i) {
    const LayerSpec& s = specs[i];
    const models::MapShape& out = shapes[i];
    if (s.kind == LayerKind::conv) cost += double(out.size()) * in.c * s.kernel * s.kernel;
    if (s.kind == LayerKind::res) cost += 2.0 * out.size() * in.c * s.kernel * s.kernel;
    if (s.kind == LayerKind::dense) cost += double(in.size()) * out.c;
    in = out;
  }
  return cost;
}
constexpr double kMaxCost = 30e6;

double clamp01(double v) { return std::min(1.0, std::max(0.0, v)); }

}  // namespace

// Layers ----------------------------------------------------------------------------------------
std::vector<LayerSpec> parse_layers(const json& v, std::vector<std::string>& notes) {
  if (!v.is_array() || v.empty())
    throw LabError("layers: expected a list of layers, e.g. [{\"type\": \"conv\", \"filters\": 8}]");
  if (v.size() > size_t(kMaxLayers))
    throw LabError("layers: " + std::to_string(v.size()) + " layers; at most " + std::to_string(kMaxLayers));
  std::vector<LayerSpec> specs;
  for (size_t i = 0; i < v.size(); ++i) {
    const std::string at = "layers: layer " + std::to_string(i + 1) + ": ";
    const json& o = v[i];
    if (!o.is_object() || !o.contains("type") || !o["type"].is_string())
      throw LabError(at + "expected an object with a \"type\" (conv, pool, dense, dropout, res)");
    LayerSpec s;
    std::vector<std::string> n;
    try {
      const std::string type = read_choice(o, "type", "conv", kLayerTypes);
      if (type == "conv") {
        check_fields(o, {"type", "filters", "kernel", "stride", "pad"});
        s.filters = int(read_int(o, "filters", 8, 1, 64, n));
        s.kernel = int(read_int(o, "kernel", 5, 1, 9, n));
        s.stride = int(read_int(o, "stride", 1, 1, 4, n));
        s.pad = int(read_int(o, "pad", s.kernel / 2, 0, 4, n));
      } else if (type == "pool") {
        check_fields(o, {"type", "size", "kind"});
        s.kind = LayerKind::pool;
        s.size = int(read_int(o, "size", 2, 2, 4, n));
        s.avg = read_choice(o, "kind", "max", {"max", "avg"}) == "avg";
      } else if (type == "dense") {
        check_fields(o, {"type", "units"});
        s.kind = LayerKind::dense;
        s.units = int(read_int(o, "units", 64, 1, 512, n));
      } else if (type == "dropout") {
        check_fields(o, {"type", "p"});
        s.kind = LayerKind::dropout;
        s.p = float(read_number(o, "p", 0.25, 0.0, 0.9, n));
      } else {
        check_fields(o, {"type", "kernel"});
        s.kind = LayerKind::res;
        s.kernel = int(read_int(o, "kernel", 3, 1, 7, n));
        if (s.kernel % 2 == 0) throw LabError("kernel: a residual block needs an odd kernel (1, 3, 5, 7)");
      }
    } catch (const LabError& e) {
      throw LabError(at + e.what());
    }
    for (const std::string& note : n) notes.push_back(at + note);
    specs.push_back(s);
  }
  std::vector<models::MapShape> shapes;
  const std::string why = models::layer_shapes(specs, shapes);
  if (!why.empty()) throw LabError("layers: " + why);
  const double cost = forward_cost(specs, shapes);
  if (cost > kMaxCost)
    throw LabError("layers: this network needs " + std::to_string(int(cost / 1e6)) +
                   " million multiply-adds per image; at most " + std::to_string(int(kMaxCost / 1e6)) +
                   " can be trained in the page");
  return specs;
}

json layers_json(const std::vector<LayerSpec>& specs) {
  json out = json::array();
  for (const LayerSpec& s : specs) {
    switch (s.kind) {
      case LayerKind::conv:
        out.push_back({{"type", "conv"},
                       {"filters", s.filters},
                       {"kernel", s.kernel},
                       {"stride", s.stride},
                       {"pad", s.pad}});
        break;
      case LayerKind::pool:
        out.push_back({{"type", "pool"}, {"size", s.size}, {"kind", s.avg ? "avg" : "max"}});
        break;
      case LayerKind::dense:
        out.push_back({{"type", "dense"}, {"units", s.units}});
        break;
      case LayerKind::dropout:
        out.push_back({{"type", "dropout"}, {"p", s.p}});
        break;
      case LayerKind::res:
        out.push_back({{"type", "res"}, {"kernel", s.kernel}});
        break;
    }
  }
  return out;
}

static Augment parse_augment(const json& v, const Augment& cur, std::vector<std::string>& n) {
  if (!v.is_object()) throw LabError("augment: expected {\"shift\", \"rotate\", \"scale\", \"noise\"}");
  check_fields(v, {"shift", "rotate", "scale", "noise"});
  Augment a;
  a.shift = read_number(v, "shift", cur.shift, 0, 6, n);
  a.rotate = read_number(v, "rotate", cur.rotate, 0, 45, n);
  a.scale = read_number(v, "scale", cur.scale, 0, 0.4, n);
  a.noise = read_number(v, "noise", cur.noise, 0, 0.5, n);
  return a;
}

// "time_batches": 1 to 8 batch sizes, each 1..256, in increasing order.
static std::vector<int> parse_batches(const json& v) {
  const std::string what = "time_batches: expected 1 to 8 batch sizes from 1 to 256, in increasing order";
  if (!v.is_array() || v.empty() || v.size() > 8) throw LabError(what);
  std::vector<int> out;
  for (const json& b : v) {
    if (!b.is_number_integer() || b.get<int>() < 1 || b.get<int>() > 256) throw LabError(what);
    if (!out.empty() && b.get<int>() <= out.back()) throw LabError(what);
    out.push_back(b.get<int>());
  }
  return out;
}

static std::vector<Stroke> parse_strokes(const json& v) {
  const std::string what = "strokes: expected a list of strokes, each a list of [x, y] points in 0..1";
  if (!v.is_array() || v.size() > 100) throw LabError(what + " (at most 100 strokes)");
  std::vector<Stroke> out;
  size_t points = 0;
  for (const json& s : v) {
    if (!s.is_array()) throw LabError(what);
    Stroke st;
    for (const json& p : s) {
      if (!p.is_array() || p.size() != 2 || !p[0].is_number() || !p[1].is_number()) throw LabError(what);
      st.push_back({float(clamp01(p[0].get<double>())), float(clamp01(p[1].get<double>()))});
    }
    points += st.size();
    if (!st.empty()) out.push_back(st);
  }
  if (points > 5000) throw LabError("strokes: " + std::to_string(points) + " points; at most 5000");
  return out;
}

// Configuration ---------------------------------------------------------------------------------
CnnLab::CnnLab() { reset(); }

void CnnLab::configure(const json& preset) {
  // the view, and where it trains (a switch mid-run): none of these restarts training
  const std::vector<std::string> view = {"digit",   "pick_layer", "pick_channel", "pick_y",      "pick_x",
                                         "strokes", "compute",    "time_conv",    "time_batches"};
  std::vector<std::string> known = {"mode",       "layers",         "batch",        "lr",
                                    "seed",       "augment",        "shifted_test", "redraw_check",
                                    "test_limit", "pretrain_steps", "labels"};
  known.insert(known.end(), view.begin(), view.end());
  check_fields(preset, known);
  std::vector<std::string> n;
  const std::string m = read_choice(preset, "mode", mode, kModes);
  std::vector<LayerSpec> sp =
      preset.contains("layers") ? parse_layers(preset["layers"], n) : (m != mode ? mode_layers(m) : specs);
  const long b = read_int(preset, "batch", batch, 1, 256, n);
  const double r = read_number(preset, "lr", lr, 1e-4, 0.1, n);
  const long sd = read_int(preset, "seed", seed, 0, 1000000000, n);
  // A preset that names the mode or the layers is a new experiment (a lesson's run block): the
  // experiment's settings it does not give start from their defaults, not from the last run's.
  const bool fresh = preset.contains("mode") || preset.contains("layers");  // defaults: cnn_lab.h
  const Augment a0 = fresh ? Augment{} : augment;
  const Augment a = preset.contains("augment") ? parse_augment(preset["augment"], a0, n) : a0;
  const bool sh = read_bool(preset, "shifted_test", fresh ? false : shifted_test);
  const bool rd = read_bool(preset, "redraw_check", fresh ? false : redraw_check);
  const long tl = read_int(preset, "test_limit", fresh ? 10000 : test_limit, 100, 10000, n);
  const long ps = read_int(preset, "pretrain_steps", fresh ? 400 : pretrain_steps, 10, 20000, n);
  const long lb = read_int(preset, "labels", fresh ? 100 : labels, 10, 5000, n);
  const long dg = read_int(preset, "digit", digit, 0, 9999, n);
  const long pl = read_int(preset, "pick_layer", pick_layer, 1, kMaxLayers, n);
  const long pc = read_int(preset, "pick_channel", pick_channel, 0, 511, n);
  const long py = read_int(preset, "pick_y", pick_y, 0, 27, n);
  const long px = read_int(preset, "pick_x", pick_x, 0, 27, n);
  const std::vector<Stroke> st = preset.contains("strokes") ? parse_strokes(preset["strokes"]) : strokes;
  const std::string cp = read_choice(preset, "compute", compute_pref, {"cpu", "webgpu"});
  const bool time_it = read_bool(preset, "time_conv", false);
  const std::vector<int> tb =
      preset.contains("time_batches") ? parse_batches(preset["time_batches"]) : timing.batches;
  bool only_view = true;
  for (const auto& item : preset.items())
    only_view = only_view && std::find(view.begin(), view.end(), item.key()) != view.end();
  notes = n;
  digit = dg;
  pick_layer = pl;
  pick_channel = pc;
  pick_y = py;
  pick_x = px;
  compute_pref = cp;
  set_strokes(st);
  read_step = -1;
  timing.batches = tb;
  if (time_it) start_timing(tb);
  if (only_view && !preset.empty()) return;
  mode = m;
  specs = sp;
  batch = b;
  lr = r;
  seed = sd;
  augment = a;
  shifted_test = sh;
  redraw_check = rd;
  test_limit = tl;
  pretrain_steps = ps;
  labels = lb;
  reset();
}

json CnnLab::preset() const {
  json st = json::array();
  for (const Stroke& s : strokes) {
    json pts = json::array();
    for (const auto& p : s) pts.push_back({p[0], p[1]});
    st.push_back(pts);
  }
  return {{"mode", mode},
          {"layers", layers_json(specs)},
          {"batch", batch},
          {"lr", lr},
          {"seed", seed},
          {"augment",
           {{"shift", augment.shift},
            {"rotate", augment.rotate},
            {"scale", augment.scale},
            {"noise", augment.noise}}},
          {"shifted_test", shifted_test},
          {"redraw_check", redraw_check},
          {"test_limit", test_limit},
          {"pretrain_steps", pretrain_steps},
          {"labels", labels},
          {"digit", digit},
          {"pick_layer", pick_layer},
          {"pick_channel", pick_channel},
          {"pick_y", pick_y},
          {"pick_x", pick_x},
          {"strokes", st},
          {"compute", compute_pref}};
}

void CnnLab::set_strokes(const std::vector<Stroke>& s) {
  strokes = s;
  pad.assign(size_t(data::kPad * data::kPad), 0.0f);
  data::draw_strokes(pad, strokes);
  drawn.assign(size_t(data::kPixels), 0.0f);
  drawn_ok = data::mnist_like(pad, drawn.data());
  read_step = -1;
}

// Data ------------------------------------------------------------------------------------------
bool CnnLab::load_data() {
  return (train_set && test_set) || data::request_mnist_pair(train_set, test_set, wait);
}

// One image as the network reads it: pixels / 255; the shifted copy moves test digit i by
// kShiftedBy pixels right, down, left or up (by i mod 4).
void CnnLab::image(int index, PassKind kind, float* out) const {
  const uint8_t* px = test_set->image(index);
  float img[data::kPixels];
  for (int i = 0; i < data::kPixels; ++i) img[i] = float(px[i]) / 255.0f;
  if (kind == PassKind::test) {
    std::copy(img, img + data::kPixels, out);
    return;
  }
  if (kind == PassKind::shifted) {
    const int dir = index % 4;
    const float dx = dir == 0 ? kShiftedBy : dir == 2 ? -kShiftedBy : 0.0f;
    const float dy = dir == 1 ? kShiftedBy : dir == 3 ? -kShiftedBy : 0.0f;
    data::warp(img, out, dx, dy, 0.0f, 1.0f);
    return;
  }
  // redraw: drawn on the pad at a size and place fixed per index, then prepared as MNIST was
  std::vector<float> p(size_t(data::kPad * data::kPad), 0.0f);
  const float size = 0.45f + 0.05f * float(index % 9);
  const float x0 = (1.0f - size) * float(index % 5) / 4.0f, y0 = (1.0f - size) * float(index % 7) / 6.0f;
  data::to_pad(img, p, size, x0, y0);
  if (!data::mnist_like(p, out)) std::fill(out, out + data::kPixels, 0.0f);
}

// Training --------------------------------------------------------------------------------------
void CnnLab::reset() {
  if (timing.active) {  // a timing under way stops (its results so far stay)
    gpu::release(timing.handles);
    timing.handles.clear();
    timing.cmds.clear();
    timing.active = false;
  }
  gpu_stop();
  weights_step = 0;
  steps = 0;
  work = StepWork{};
  train_ms = 0;
  measure_ms = 0;
  alert.clear();
  running = false;
  runs.clear();
  passes.clear();
  passes_done = 0;
  train_acc = 0;
  shifted_acc = 0;
  redraw_acc = 0;
  pretrain_acc = 0;
  confusion.assign(100, 0);
  wrong.clear();
  stage = 0;
  read_step = -1;
  rng = eng::Rng{uint64_t(seed)};
  models::ConvNet probe(specs, 10, rng);  // the parameter count is known before the data
  n_params = eng::count_values(probe.params());
  ready = load_data();
  if (ready) start_training();
}

void CnnLab::start_training() {
  rng = eng::Rng{uint64_t(seed)};
  aug_rng = eng::Rng{uint64_t(seed) + 7919};
  const int classes = mode == "transfer" ? 5 : 10;
  eng::Rng same = rng;  // the plain network draws the very same random numbers
  Run r;
  r.net = models::ConvNet(specs, classes, rng);
  n_params = eng::count_values(r.net.params());
  runs.push_back(std::move(r));
  if (mode == "residual") {
    Run plain;
    plain.net = models::ConvNet(specs, classes, same, false);
    runs.push_back(std::move(plain));
  }
  pool.clear();
  for (int i = 0; i < train_set->n; ++i)
    if (mode != "transfer" || train_set->labels[i] < 5) pool.push_back(i);
  new_epoch();
  for (int k = 0; k < int(runs.size()); ++k) start_pass(k, PassKind::test);
  if (shifted_test) start_pass(0, PassKind::shifted);
  if (redraw_check) start_pass(0, PassKind::redraw);
}

// Transfer's second stage: the base trained on 0-4 is frozen, a new head learns 5-9 from the first
// `labels` training digits 5-9, beside a network of the same shape trained from scratch on them.
void CnnLab::start_stage_two() {
  Pass full;  // the pretrained network, measured on every test digit 0-4 before the switch
  full.snap = runs[0].net;
  full.images = test_images();
  measure(full, full.images.size());
  pretrain_acc = double(full.ok) / double(std::max<size_t>(1, full.images.size()));
  stage = 1;
  models::new_top(runs[0].net, 5, rng);
  runs[0].adam = eng::Adam{};
  runs[0].top_only = true;
  runs[0].test_curve.clear();
  runs[0].test_acc = 0;
  runs[0].test_step = -1;
  Run scratch;
  scratch.net = models::ConvNet(specs, 5, rng);
  runs.push_back(std::move(scratch));
  pool.clear();
  for (int i = 0; i < train_set->n && long(pool.size()) < labels; ++i)
    if (train_set->labels[i] >= 5) pool.push_back(i);
  new_epoch();
  passes.clear();
  start_pass(0, PassKind::test);
  start_pass(1, PassKind::test);
}

void CnnLab::new_epoch() {
  order = pool;
  eng::shuffle(order, rng);
  cursor = 0;
}

// The next B images of the epoch, augmented when asked: x (B,1,28,28), y the class (label - offset).
void CnnLab::make_batch(int B, std::vector<float>& x, std::vector<int>& y, int offset) {
  x.resize(size_t(B) * data::kPixels);
  y.resize(size_t(B));
  float img[data::kPixels];
  for (int b = 0; b < B; ++b) {
    if (cursor == order.size()) new_epoch();
    const int k = order[cursor++];
    y[size_t(b)] = train_set->labels[k] - offset;
    const uint8_t* px = train_set->image(k);
    float* out = x.data() + size_t(b) * data::kPixels;
    for (int i = 0; i < data::kPixels; ++i) img[i] = float(px[i]) / 255.0f;
    if (!augment.any()) {
      std::copy(img, img + data::kPixels, out);
      continue;
    }
    const float dx = float(augment.shift) * aug_rng.uniform(-1.0f, 1.0f);
    const float dy = float(augment.shift) * aug_rng.uniform(-1.0f, 1.0f);
    const float deg = float(augment.rotate) * aug_rng.uniform(-1.0f, 1.0f);
    const float sc = 1.0f + float(augment.scale) * aug_rng.uniform(-1.0f, 1.0f);
    data::warp(img, out, dx, dy, deg, sc);
    if (augment.noise > 0) data::add_noise(out, float(augment.noise), aug_rng);
  }
}

// One slice of a run's batch: images [at, at + n) of B. The slice's loss is weighted by n / B, so
// the gradients the slices accumulate are those of the whole batch's mean loss; Adam steps after
// the last slice.
void CnnLab::train_slice(Run& r, int at, int n) {
  const int B = int(work.y.size());
  const std::vector<int> y(work.y.begin() + at, work.y.begin() + at + n);
  tape.clear();
  const float* x = work.x.data() + size_t(at) * data::kPixels;
  eng::Var logits = models::convnet_forward(tape, r.net, tape.input(eng::Shape{n, 1, 28, 28}, x), &rng);
  eng::Var L = eng::cross_entropy(logits, y) * (float(n) / float(B));
  const eng::ParamList all = r.net.params();
  if (at == 0) {
    eng::zero_grad(all);
    r.loss = 0;
  }
  tape.backward(L);
  r.loss += L.item();
  if (&r == &runs[0]) {
    const int K = r.net.classes;
    for (int b = 0; b < n; ++b) {
      const float* row = logits.value() + size_t(b) * size_t(K);
      work.right += int(std::max_element(row, row + K) - row) == y[size_t(b)];
    }
  }
  if (at + n < B) return;
  r.adam.lr = float(lr);
  r.adam.step(r.top_only ? r.net.top_params() : all);
  r.loss_avg = steps == 0 ? r.loss : 0.98 * r.loss_avg + 0.02 * r.loss;
  r.loss_curve.push(r.loss);
}

void CnnLab::step() {
  if (!ready) {
    ready = load_data();
    if (!ready) return;
    start_training();
  }
  gpu_update();
  if (gpu.on) {
    gpu_step();
    return;
  }
  work.timed = false;  // a whole step measures its kEvalChunk digits
  while (!step_piece()) {
  }
}

// The browser's frame: pieces of steps until the budget is spent (a step may end in a later
// frame), so that a large network does not stall the page. Measurement is not tied to steps here:
// it gets kMeasureShare of the time, so a pass over 10,000 digits takes seconds, not hundreds of
// steps (its results still name the step whose weights they measured). At a set speed, whole
// steps, as every lab.
void CnnLab::train(double budget_ms) {
  if (timing.active) {  // training waits for the timing
    timing_piece();
    return;
  }
  if (speed > 0 || !ready) {
    Lab::train(budget_ms);
    return;
  }
  using clock = std::chrono::steady_clock;
  const auto start = clock::now();
  double spent = 0;
  gpu_update();
  while (gpu.on && running && spent < budget_ms) {  // steps while the GPU's queue has room, then measure
    if (!gpu_step()) {
      if (passes.empty()) break;
      measure_piece();
    }
    spent = std::chrono::duration<double, std::milli>(clock::now() - start).count();
  }
  while (!gpu.on && running && spent < budget_ms) {
    const bool measuring = !passes.empty() && measure_ms < kMeasureShare * (train_ms + measure_ms);
    const auto t0 = clock::now();
    if (measuring) {
      measure_piece();
    } else {
      work.timed = true;
      step_piece();
    }
    const double ms = std::chrono::duration<double, std::milli>(clock::now() - t0).count();
    (measuring ? measure_ms : train_ms) += ms;
    spent = std::chrono::duration<double, std::milli>(clock::now() - start).count();
  }
}

// One piece of the current step (started if none is open): a slice of the measurement (whole
// steps only), or a slice of one run's batch. Returns true when the piece ended the step.
bool CnnLab::step_piece() {
  if (!work.open) {
    if (mode == "transfer" && stage == 0 && steps >= pretrain_steps) start_stage_two();
    const int B = int(std::min<long>(batch, long(order.size())));
    make_batch(B, work.x, work.y, label_offset());
    work.open = true;
    work.run = 0;
    work.at = 0;
    work.right = 0;
    work.measured = work.timed ? kEvalChunk : 0;
  }
  if (work.measured < kEvalChunk) {  // first, so that it reads the weights of finished steps
    measure_piece();
    work.measured += kEvalSlice;
    return false;
  }
  const int B = int(work.y.size());
  const int n = std::min(kSlice, B - work.at);
  train_slice(runs[size_t(work.run)], work.at, n);
  work.at += n;
  if (work.at == B) {
    ++work.run;
    work.at = 0;
  }
  if (work.run < int(runs.size())) return false;
  finish_step();
  return true;
}

void CnnLab::finish_step() {
  work.open = false;
  const double acc = double(work.right) / double(std::max<size_t>(1, work.y.size()));
  train_acc = steps == 0 ? acc : 0.98 * train_acc + 0.02 * acc;
  ++steps;
  for (Run& r : runs) r.test_curve.push(float(r.test_acc));
  std::vector<std::pair<std::string, double>> values;
  for (const Run& r : runs) values.push_back({"L", r.loss});
  check_finite(values);
}

// Measurement -----------------------------------------------------------------------------------
// kEvalSlice more digits of every pass. A pass that has measured its last digit is published, and
// a new one starts on the weights of the last finished step.
void CnnLab::measure_piece() {
  std::vector<std::pair<int, PassKind>> again;
  for (Pass& p : passes) {
    measure(p, size_t(kEvalSlice));
    if (p.at < p.images.size()) continue;
    publish(p);
    again.push_back({p.run, p.kind});
  }
  passes.erase(
      std::remove_if(passes.begin(), passes.end(), [](const Pass& p) { return p.at >= p.images.size(); }),
      passes.end());
  for (const auto& [run, kind] : again) start_pass(run, kind);
}

// The test digits a run is measured on: the first test_limit (transfer: those of its stage's
// digits among them).
std::vector<int> CnnLab::test_images() const {
  std::vector<int> out;
  const int n = std::min(test_set->n, int(test_limit));
  for (int i = 0; i < n; ++i) {
    const int label = test_set->labels[i];
    if (mode == "transfer" && (stage == 0 ? label >= 5 : label < 5)) continue;
    out.push_back(i);
  }
  return out;
}

void CnnLab::start_pass(int run, PassKind kind) {
  Pass p;
  p.run = run;
  p.kind = kind;
  p.snap = runs[size_t(run)].net;
  // In the middle of a step whose Adam update this run has already made, its weights are the next
  // step's.
  p.step = gpu.on && run == 0 ? weights_step : work.open && work.run > run ? steps + 1 : steps;
  p.images = test_images();
  if (kind == PassKind::redraw && p.images.size() > size_t(kRedrawN)) p.images.resize(size_t(kRedrawN));
  p.confusion.assign(100, 0);
  passes.push_back(std::move(p));
}

// n more images of the pass, through its snapshot, without gradients. A redraw pass compares the
// class of the redrawn digit with the class the same weights give the original.
void CnnLab::measure(Pass& p, size_t n) {
  const int offset = label_offset();
  const int K = p.snap.classes;
  while (n > 0 && p.at < p.images.size()) {
    const size_t take = std::min(n, p.images.size() - p.at);
    std::vector<float> x(take * data::kPixels), orig;
    for (size_t i = 0; i < take; ++i) image(p.images[p.at + i], p.kind, x.data() + i * data::kPixels);
    if (p.kind == PassKind::redraw) {
      orig.resize(take * data::kPixels);
      for (size_t i = 0; i < take; ++i)
        image(p.images[p.at + i], PassKind::test, orig.data() + i * data::kPixels);
      x.insert(x.end(), orig.begin(), orig.end());
    }
    const int rows = int(x.size() / data::kPixels);
    eng::NoGrad ng(tape);
    tape.clear();
    eng::Var probs = eng::softmax(
        models::convnet_forward(tape, p.snap, tape.input(eng::Shape{rows, 1, 28, 28}, x.data()), nullptr));
    const float* pr = probs.value();
    for (size_t i = 0; i < take; ++i) {
      const float* row = pr + i * size_t(K);
      const int guess = int(std::max_element(row, row + K) - row);
      const int index = p.images[p.at + i];
      int truth = test_set->labels[index] - offset;
      if (p.kind == PassKind::redraw) {
        const float* o = pr + (take + i) * size_t(K);
        truth = int(std::max_element(o, o + K) - o);
      }
      p.ok += guess == truth;
      p.loss -= std::log(std::max(row[truth], 1e-12f));
      if (p.kind != PassKind::test || p.run != 0 || K != 10) continue;
      ++p.confusion[size_t(truth * 10 + guess)];
      if (guess != truth) p.wrong.push_back({row[guess], index});
    }
    p.at += take;
    n -= take;
  }
}

void CnnLab::publish(const Pass& p) {
  const double n = double(std::max<size_t>(1, p.images.size()));
  const double acc = double(p.ok) / n;
  if (p.kind == PassKind::shifted) {
    shifted_acc = acc;
    return;
  }
  if (p.kind == PassKind::redraw) {
    redraw_acc = acc;
    return;
  }
  Run& r = runs[size_t(p.run)];
  r.test_acc = acc;
  r.test_loss = p.loss / n;
  r.test_step = p.step;
  if (p.run != 0) return;
  ++passes_done;
  if (r.net.classes != 10) return;
  confusion = p.confusion;
  wrong = p.wrong;
  std::sort(wrong.begin(), wrong.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
  if (wrong.size() > size_t(kWrongKept)) wrong.resize(size_t(kWrongKept));
}

// Reading one image -----------------------------------------------------------------------------
Reading CnnLab::read(const models::ConvNet& net_in, const float* img) const {
  Reading out;
  models::ConvNet& net = const_cast<models::ConvNet&>(net_in);  // the forward only reads it
  eng::Tape t;
  eng::NoGrad ng(t);
  std::vector<eng::Var> acts;
  eng::Var probs =
      eng::softmax(models::convnet_forward(t, net, t.input(eng::Shape{1, 1, 28, 28}, img), nullptr, &acts));
  for (const eng::Var& a : acts) out.maps.push_back(a.tensor());
  out.p.assign(probs.value(), probs.value() + probs.shape().size());
  out.cls = int(std::max_element(out.p.begin(), out.p.end()) - out.p.begin());
  return out;
}

// The readings of the shown test digit and of the drawing, and the convolution sum at the chosen
// pixel, for the current weights (done again only when the step or the view changed).
void CnnLab::read_view() const {
  if (!ready || runs.empty() || read_step == steps) return;
  read_step = steps;
  const models::ConvNet& net = runs[0].net;
  std::vector<float> img(data::kPixels);
  image(int(std::min<long>(digit, test_set->n - 1)), PassKind::test, img.data());
  digit_reading = read(net, img.data());
  draw_reading = drawn_ok ? read(net, drawn.data()) : Reading{};
  pick_sum = 0;
  pick_out = 0;
  pick_bias = 0;
  pick_terms = 0;
  const size_t li = size_t(std::min<long>(pick_layer, long(net.layers.size()))) - 1;
  if (net.layers.empty()) return;
  const models::ConvLayer& l = net.layers[li];
  if (l.spec.kind != LayerKind::conv && l.spec.kind != LayerKind::res) return;
  const int stride = l.spec.kind == LayerKind::conv ? l.spec.stride : 1;
  const int pad_px = l.spec.kind == LayerKind::conv ? l.spec.pad : l.spec.kernel / 2;
  const int R = l.spec.kernel, C = l.in.c;
  const int k = int(std::min<long>(pick_channel, l.W.value.shape[0] - 1));
  const int y = int(std::min<long>(pick_y, l.out.h - 1)), x = int(std::min<long>(pick_x, l.out.w - 1));
  const eng::Tensor* in = li == 0 ? nullptr : &digit_reading.maps[li - 1];
  double sum = 0;
  for (int c = 0; c < C; ++c)
    for (int r = 0; r < R; ++r)
      for (int s = 0; s < R; ++s) {
        const int iy = y * stride + r - pad_px, ix = x * stride + s - pad_px;
        float v = 0;
        if (iy >= 0 && ix >= 0 && iy < l.in.h && ix < l.in.w)
          v = in ? in->v[size_t((c * l.in.h + iy) * l.in.w + ix)] : img[size_t(iy * 28 + ix)];
        sum += double(v) * l.W.value.v[size_t(((k * C + c) * R + r) * R + s)];
        ++pick_terms;
      }
  pick_bias = l.b.value.v[size_t(k)];
  pick_sum = sum + pick_bias;
  pick_out = std::max(0.0, pick_sum);
}

// State -----------------------------------------------------------------------------------------
json CnnLab::state() const {
  read_view();
  int weighted = 1;  // the classifier
  for (const LayerSpec& s : specs) weighted += s.kind == LayerKind::conv || s.kind == LayerKind::dense;
  const bool has = !runs.empty();
  const Run* r0 = has ? &runs[0] : nullptr;
  const Run* r1 = runs.size() > 1 ? &runs[1] : nullptr;
  json st = {{"step", steps},
             {"loss", has ? r0->loss : 0.0f},
             {"train_acc", train_acc},
             {"test_acc", has ? r0->test_acc : 0.0},
             {"test_loss", has ? r0->test_loss : 0.0},
             {"test_step", has ? r0->test_step : -1},
             {"test_n", ready ? long(test_images().size()) : 0L},
             {"passes", passes_done},
             {"data_ready", ready ? 1 : 0},
             {"params", n_params},
             {"lr", lr},
             {"batch", batch},
             {"layers", weighted},
             {"shifted_acc", shifted_acc},
             {"redraw_acc", redraw_acc},
             {"stage", stage},
             {"pretrain_acc", pretrain_acc},
             {"transfer_acc", mode == "transfer" && stage == 1 && has ? r0->test_acc : 0.0},
             {"scratch_acc", r1 && mode == "transfer" ? r1->test_acc : 0.0},
             {"labels", labels},
             {"plain_loss", r1 && mode == "residual" ? r1->loss_avg : 0.0},
             {"res_loss", has && mode == "residual" ? r0->loss_avg : 0.0},
             {"plain_acc", r1 && mode == "residual" ? r1->test_acc : 0.0},
             {"res_acc", has && mode == "residual" ? r0->test_acc : 0.0},
             {"pick_sum", pick_sum},
             {"pick_out", pick_out},
             {"pick_bias", pick_bias},
             {"pick_terms", pick_terms},
             {"draw_empty", drawn_ok ? 0 : 1},
             {"draw_class", drawn_ok ? draw_reading.cls : -1},
             {"draw_p", drawn_ok && draw_reading.cls >= 0 ? draw_reading.p[size_t(draw_reading.cls)] : 0.0f},
             {"confusion", confusion},
             {"gpu", gpu.on ? 1 : 0},
             {"time_done", !timing.active && !timing.cpu_ms.empty() ? 1 : 0},
             {"time_crossover", timing_crossover()},
             {"time_n", long(std::count_if(timing.cpu_ms.begin(), timing.cpu_ms.end(),
                                           [](double ms) { return ms >= 0; }))},
             {"time_cpu", timing.cpu_ms},
             {"time_gpu", timing.gpu_ms},
             {"time_batches", timing.batches}};
  json w = json::array(), wp = json::array();
  for (const auto& [p, i] : wrong) {
    w.push_back(i);
    wp.push_back(p);
  }
  st["worst"] = wrong.empty() ? -1 : wrong[0].second;  // the most confidently wrong test digit
  st["wrong"] = w;
  st["wrong_p"] = wp;
  return st;
}

// Registration ----------------------------------------------------------------------------------
namespace {

LabInfo info() {
  LabInfo i;
  i.name = "cnn";
  i.title = "cnn.title";
  i.make = [] { return std::make_unique<CnnLab>(); };
  i.texts = kTexts;
  i.headline = {"loss", "test_acc"};
  return i;
}

[[maybe_unused]] const bool registered = register_lab(info());

}  // namespace

}  // namespace cnn
