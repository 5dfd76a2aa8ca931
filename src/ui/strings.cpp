// Every word a lab draws, in English and Chinese, side by side. Keys are "area.thing".
#include "ui/strings.h"

#include <cstring>
#include <unordered_map>

namespace ui {

// Tables kept in their own files (one per lab that has many words), merged here.
const std::vector<Text>& backprop_texts();  // strings_backprop.cpp

static const std::vector<Text>& core_texts() {
  static const std::vector<Text> texts = {
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
      {"plot.empty", "the curve appears when training starts", "开始训练后这里会画出曲线"},
      {"plot.step_n", "step %ld", "第 %ld 步"},
      // The neuron lab (src/labs/neuron_lab.cpp).
      {"neuron.target.x1", "y = x1 (the article's data)", "y = x1（原文的数据）"},
      {"neuron.target.or", "y = x1 OR x2", "y = x1 或 x2"},
      {"neuron.target.and", "y = x1 AND x2", "y = x1 且 x2"},
      {"neuron.target.xor", "y = x1 XOR x2 (not separable)", "y = x1 异或 x2（线性不可分）"},
      {"neuron.cost_curve", "Cost J over training steps", "代价 J 随训练步数的变化"},
      {"neuron.cost_curve_help",
       "Each point is the cost on all 4 samples after one gradient-descent step. The y axis is "
       "logarithmic: a straight falling line means J shrinks by a constant factor per step.",
       "每个点是一步梯度下降之后、在全部 4 个样本上的代价。纵轴是对数坐标：一条下降的直线表示 J "
       "每一步都按相同的比例缩小。"},
      {"neuron.sample_n", "sample %d", "样本 %d"},
      {"neuron.sample_shown", "sample shown", "显示的样本"},
      {"neuron.sample_help",
       "The diagram shows one sample going through the unit: each input times its weight, summed "
       "with b into z, then squashed by the sigmoid into a.",
       "图中是一个样本流过这个单元的过程：每个输入乘以它的权重，与 b 相加得到 z，再经 sigmoid "
       "压缩成 a。"},
      {"neuron.samples", "The 4 samples", "4 个样本"},
      {"neuron.samples_help",
       "a is the unit's output for each sample; the bar shows it between 0 and 1, the tick marks "
       "the target y. Training pulls every a toward its y.",
       "a 是单元对每个样本的输出；横条表示它在 0 到 1 之间的位置，竖线标出目标 y。训练会把每个 a "
       "拉向它的 y。"},
      {"neuron.a_vs_y", "a vs y", "a 与 y"},
      {"neuron.target", "target y", "目标 y"},
      {"neuron.target_help",
       "Which truth table the unit must learn. XOR cannot be separated by one line, so a single "
       "unit never fits it: watch J stop falling.",
       "单元要学习的真值表。XOR 无法用一条直线分开，单个单元永远拟合不了它：注意 J 会停止下降。"},
      {"neuron.cost", "cost", "代价函数"},
      {"neuron.cost.ce", "cross-entropy", "交叉熵"},
      {"neuron.cost.se", "squared error", "平方误差"},
      {"neuron.cost_help",
       "Cross-entropy gives the output error delta = a - y. Squared error multiplies it by "
       "sigma'(z) = a(1 - a), which is tiny when the unit is confidently wrong.",
       "交叉熵给出的输出误差是 delta = a - y。平方误差还要再乘以 sigma'(z) = a(1 - a)，当单元"
       "很有把握地答错时，这一项几乎为 0。"},
      {"neuron.lr", "learning rate", "学习率"},
      {"neuron.lr_help", "alpha in w := w - alpha dJ/dw. Changing it does not reset training.",
       "即 w := w - alpha dJ/dw 中的 alpha。修改它不会重置训练。"},
      {"neuron.seed", "seed", "随机种子"},
      {"neuron.seed_help",
       "The initial weights are drawn from this seed: the same seed replays the same run.",
       "初始权重由这个种子生成：同一个种子会重现同一次训练。"},
      {"neuron.weights", "Weights (drag to edit):", "权重（拖动可修改）："},
      // The mlp lab (src/labs/mlp_lab.cpp).
      {"mlp.dataset", "data", "数据"},
      {"mlp.activation", "activation", "激活函数"},
      {"mlp.noise", "noise", "噪声"},
      {"mlp.train_ratio", "train share", "训练集比例"},
      {"mlp.lr", "learning rate", "学习率"},
      {"mlp.batch", "batch size", "批大小"},
      {"mlp.layers", "hidden layers", "隐藏层"},
      {"mlp.metrics", "loss: train %.3f  test %.3f   accuracy: train %.0f%%  test %.0f%%",
       "损失：训练 %.3f  测试 %.3f   准确率：训练 %.0f%%  测试 %.0f%%"},
      {"mlp.train", "train", "训练"},
      {"mlp.optimizer", "optimizer", "优化器"},
      {"mlp.grad_norms", "Gradient size per layer, |dL/dW|", "每层梯度大小 |dL/dW|"},
      {"mlp.grad_norms_help",
       "How large each weight layer's gradient is, W1 nearest the input. With sigmoid and many "
       "layers the lines near the input sink far below the others: the gradient vanishes on its "
       "way back, and those layers barely learn.",
       "每一层权重的梯度有多大，W1 离输入最近。用 sigmoid 且层数多时，靠近输入的曲线会远低于其他"
       "曲线：梯度在反向传播途中消失了，这些层几乎学不动。"},
      {"mlp.test", "test", "测试"},
      {"mlp.classes", "classes", "类别数"},
      {"mlp.reg", "regularisation", "正则化"},
      {"mlp.reg_rate", "reg. rate", "正则化强度"},
      {"mlp.reg_help",
       "L2 adds (lambda/2) times the sum of squared weights to the cost, L1 lambda times the sum of "
       "their sizes. Both pull weights toward zero; L1 pushes many of them to exactly zero. "
       "lambda is the rate.",
       "L2 在代价上加上 (lambda/2) 乘以权重平方和，L1 加上 lambda 乘以权重绝对值之和。两者都把"
       "权重拉向 0；L1 会让许多权重恰好变成 0。lambda 就是正则化强度。"},
      {"mlp.features", "inputs", "输入特征"},
      {"mlp.new_seed", "new seed", "换个种子"},
      {"mlp.seed_help",
       "Reset (R) starts again from the same initial weights and data. A new seed draws new ones.",
       "重置（R 键）会从相同的初始权重和数据重新开始。换个种子则会重新随机生成它们。"},
      {"mlp.add_points", "click to add points:", "点击添加数据点："},
      {"mlp.off", "off", "关"},
      {"mlp.click_to_add", "click: add a point of class %d", "点击：添加一个类别 %d 的点"},
      {"mlp.unit_tip", "layer %d, unit %d: its output over the plane",
       "第 %d 层第 %d 个神经元：它在整个平面上的输出"},
      {"mlp.weight_tip", "layer %d weight from unit %d to unit %d: %.3f\nclick to edit",
       "第 %d 层权重，从神经元 %d 到神经元 %d：%.3f\n点击可修改"},
      {"mlp.weight_edit", "weight W%d, unit %d to %d (drag)", "权重 W%d，神经元 %d 到 %d（拖动修改）"},
      {"mlp.metrics_reg", "loss: train %.4f  test %.4f", "损失：训练 %.4f  测试 %.4f"},
      {"mlp.diverged", "diverged", "已发散"},
      {"mlp.stop_compare", "stop comparing", "停止对比"},
      {"mlp.row_skipped", "skipped", "已跳过"},
      {"mlp.rows_more", "... and %d more bad rows", "……还有 %d 行有问题"},
  };
  return texts;
}

const std::vector<Text>& all_texts() {
  static const std::vector<Text> texts = [] {
    std::vector<Text> all = core_texts();
    for (const auto* more : {&backprop_texts()}) all.insert(all.end(), more->begin(), more->end());
    return all;
  }();
  return texts;
}

static std::string current = "en";

void set_lang(const std::string& l) {
  if (l == "en" || l == "zh") current = l;
}

const std::string& lang() { return current; }

const char* tr(const char* key) {
  static const auto index = [] {
    std::unordered_map<std::string, const Text*> m;
    for (const auto& t : all_texts()) m[t.key] = &t;
    return m;
  }();
  auto it = index.find(key);
  if (it == index.end()) {
    static thread_local std::string missing;
    missing = std::string("[") + key + "]";
    return missing.c_str();
  }
  return current == "zh" ? it->second->zh : it->second->en;
}

}  // namespace ui
