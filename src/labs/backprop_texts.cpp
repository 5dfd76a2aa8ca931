// The backprop lab's words (src/labs/backprop_lab.cpp), in English and Chinese, side by side: a
// file of their own, as there are many.
// Text drawn with ImGui's wrapping avoids ŷ (the font has no glyph for it; the lab's own formula
// renderer draws it as y with a hat).
#include "ui/strings.h"

#include <vector>

const std::vector<ui::Text>& backprop_texts() {
  static const std::vector<ui::Text> texts = {
      {"backprop.title", "Backprop, step by step", "反向传播，一步一步"},
      {"backprop.key.step", "number of updates", "更新次数"},
      {"backprop.key.loss", "loss", "损失"},
      {"backprop.key.node", "position in the walk", "走到的位置"},
      // The heading above the graph.
      {"backprop.head.forward", "Forward pass: node %d of %d", "前向传播：第 %d 个节点，共 %d 个"},
      {"backprop.head.backward", "Backward pass: node %d of %d", "反向传播：第 %d 个节点，共 %d 个"},
      {"backprop.head.update", "Update %ld: every weight steps against its gradient",
       "第 %ld 次更新：每个权重都沿梯度的反方向走一步"},
      {"backprop.key", "in a box: its value, then \xe2\x88\x82 = \xe2\x88\x82L/\xe2\x88\x82(box)",
       "方框里：它的值，以及 \xe2\x88\x82 = \xe2\x88\x82L/\xe2\x88\x82(方框)"},
      // Why each formula is what it is.
      {"backprop.why.fwd_sum1",
       "A weighted sum: each input times its weight, plus the bias.",
       "加权求和：每个输入乘以它的权重，再加上偏置。"},
      {"backprop.why.fwd_sum2",
       "The output unit's weighted sum: the hidden outputs h1 and h2 are its inputs.",
       "输出单元的加权求和：隐藏层的输出 h1 和 h2 就是它的输入。"},
      {"backprop.why.fwd_sigmoid",
       "The sigmoid squashes the sum into (0, 1).",
       "sigmoid 把加权和压缩到 (0, 1) 之间。"},
      {"backprop.why.fwd_output",
       "The network's prediction: the sigmoid of z3, a number between 0 and 1.",
       "网络的预测值：z3 的 sigmoid，一个 0 到 1 之间的数。"},
      {"backprop.why.fwd_ce",
       "Cross-entropy: small when the prediction is close to the target y, large when it is "
       "confidently wrong. This is the last node of the forward pass.",
       "交叉熵：预测接近目标 y 时很小，自信地猜错时很大。这是前向传播的最后一个节点。"},
      {"backprop.why.fwd_mse",
       "Squared error: half the square of the prediction's distance to the target y. This is the "
       "last node of the forward pass.",
       "平方误差：预测值与目标 y 之差的平方的一半。这是前向传播的最后一个节点。"},
      {"backprop.why.bwd_loss",
       "The walk back starts at the loss: how much L changes with L itself is 1. Every gradient "
       "below is this 1 multiplied by local slopes, one node at a time (the chain rule).",
       "反向的旅程从损失开始：L 对自身的导数是 1。下面每一个梯度，都是这个 1 逐个节点乘上局部斜率"
       "得到的（链式法则）。"},
      {"backprop.why.bwd_yhat_ce",
       "The slope of the cross-entropy with respect to the prediction.",
       "交叉熵对预测值的斜率。"},
      {"backprop.why.bwd_yhat_mse",
       "The slope of the squared error with respect to the prediction: just the error.",
       "平方误差对预测值的斜率：就是误差本身。"},
      {"backprop.why.bwd_z3_ce",
       "Chain rule through the output sigmoid. With cross-entropy the sigmoid's slope cancels and "
       "what is left is simply prediction minus target.",
       "经过输出层 sigmoid 的链式法则。用交叉熵时，sigmoid 的斜率恰好被约掉，剩下的就是预测值减去目标值。"},
      {"backprop.why.bwd_z3_mse",
       "Chain rule through the output sigmoid: the gradient from above times the sigmoid's slope "
       "\xcf\x83\xe2\x80\xb2 = \xcf\x83(1 \xe2\x88\x92 \xcf\x83). When the output saturates this slope is "
       "tiny, and so is the gradient.",
       "经过输出层 sigmoid 的链式法则：上游传来的梯度乘以 sigmoid 的斜率 "
       "\xcf\x83\xe2\x80\xb2 = \xcf\x83(1 \xe2\x88\x92 \xcf\x83)。输出饱和时这个斜率很小，梯度也随之变小。"},
      {"backprop.why.bwd_hidden",
       "A hidden output reaches the loss only through z3, carried by its weight: its gradient is "
       "z3's gradient times that weight.",
       "隐藏层的输出只经由 z3 影响损失，中间乘了一个权重：它的梯度等于 z3 的梯度乘以这个权重。"},
      {"backprop.why.bwd_sigmoid",
       "Chain rule through a hidden sigmoid: the gradient arriving at h times the local slope "
       "h(1 \xe2\x88\x92 h).",
       "经过隐藏层 sigmoid 的链式法则：传到 h 的梯度乘以局部斜率 h(1 \xe2\x88\x92 h)。"},
      {"backprop.why.bwd_weight",
       "A weight's gradient: the gradient of the sum it feeds, times the input it multiplies. A "
       "weight on a large input gets a large gradient.",
       "权重的梯度：它所参与的加权和的梯度，乘以它所乘的那个输入。输入越大，权重的梯度越大。"},
      {"backprop.why.bwd_bias",
       "A bias enters its sum with slope 1, so its gradient is the sum's gradient.",
       "偏置以斜率 1 进入加权和，所以它的梯度就是加权和的梯度。"},
      {"backprop.why.update",
       "Gradient descent: each parameter moves by lr times its gradient, against the gradient's "
       "sign. The next step starts a new walk with the new weights.",
       "梯度下降：每个参数沿梯度的反方向移动 lr 乘以梯度那么多。下一步将用新的权重开始新一轮。"},
      {"backprop.update_rule", "w := w \xe2\x88\x92 lr \xc2\xb7 \xe2\x88\x82L/\xe2\x88\x82w,   lr = %s",
       "w := w \xe2\x88\x92 lr \xc2\xb7 \xe2\x88\x82L/\xe2\x88\x82w，  lr = %s"},
      {"backprop.loss_change", "loss L: %s before the update, %s after it",
       "损失 L：更新前 %s，更新后 %s"},
      // Controls.
      {"backprop.prev", "\xe2\x97\x80 Previous node", "\xe2\x97\x80 上一个节点"},
      {"backprop.next", "Next node \xe2\x96\xb6", "下一个节点 \xe2\x96\xb6"},
      {"backprop.finish", "To the update \xe2\x87\xa5", "直接到更新 \xe2\x87\xa5"},
      {"backprop.speed", "walk speed", "行进速度"},
      {"backprop.speed_fmt", "%.2f nodes/s", "每秒 %.2f 个节点"},
      {"backprop.speed_help",
       "How many nodes the walk moves per second while it runs (Train). Slow enough to read each "
       "formula; faster to watch many updates.\n\nOne walk is 7 forward nodes, 16 backward nodes "
       "and the update: 24 steps.",
       "运行（训练）时每秒前进多少个节点。调慢可以读清每个公式，调快可以看很多次更新。\n\n"
       "一轮是 7 个前向节点、16 个反向节点和一次更新：共 24 步。"},
      {"backprop.x_help",
       "The one sample the network sees: inputs x1 and x2 and the target y. Changing them keeps "
       "the weights and the place in the walk; every number follows.",
       "网络看到的唯一样本：输入 x1、x2 和目标 y。改变它们不会改变权重和当前位置，所有数值随之更新。"},
      {"backprop.target", "target y", "目标 y"},
      {"backprop.target_help",
       "What the output should be, between 0 and 1.",
       "输出应当等于的值，在 0 到 1 之间。"},
      {"backprop.loss", "loss", "损失函数"},
      {"backprop.loss.ce", "cross-entropy", "交叉熵"},
      {"backprop.loss.mse", "squared error \xc2\xbd(error)\xc2\xb2", "平方误差 \xc2\xbd(误差)\xc2\xb2"},
      {"backprop.loss_help",
       "Cross-entropy and a sigmoid output give the gradient at z3 as simply prediction minus "
       "target. Squared error multiplies that by the sigmoid's slope, which vanishes when the "
       "output saturates: compare the two with a confident wrong answer.",
       "交叉熵配合 sigmoid 输出时，z3 处的梯度就是预测值减去目标值。平方误差还要再乘以 sigmoid "
       "的斜率，而输出饱和时这个斜率趋于零：在一个自信的错误答案上比较两者。"},
      {"backprop.lr", "learning rate", "学习率"},
      {"backprop.lr_help",
       "How far each update moves the weights: w := w \xe2\x88\x92 lr \xc2\xb7 \xe2\x88\x82L/\xe2\x88\x82w.",
       "每次更新让权重移动多远：w := w \xe2\x88\x92 lr \xc2\xb7 \xe2\x88\x82L/\xe2\x88\x82w。"},
      {"backprop.seed", "seed", "随机种子"},
      {"backprop.seed_help",
       "The starting weights are drawn at random from this seed (uniform in [\xe2\x88\x92" "1, 1]). "
       "The same seed gives the same numbers on every computer.",
       "初始权重由这个种子随机生成（在 [\xe2\x88\x92" "1, 1] 中均匀分布）。"
       "同一个种子在任何电脑上都给出同样的数。"},
      {"backprop.loss_history", "L after each update", "每次更新后的 L"},
      {"backprop.loss_history_empty", "drawn from the first update on", "第一次更新之后开始绘制"},
      {"backprop.updates_n", "%ld updates", "%ld 次更新"},
      {"backprop.loss_now", "after %ld updates: L = %s", "%ld 次更新后：L = %s"},
      // The tape table.
      {"backprop.tape", "The tape: %d nodes", "计算带（tape）：%d 个节点"},
      {"backprop.tape_help",
       "Every operation the forward pass recorded, in order; backward() runs them in reverse. The "
       "sums inside z are separate multiply and add nodes; the graph above shows the named ones.",
       "前向传播按顺序记录下的每一个运算；backward() 把它们倒过来执行一遍。z 里的求和其实是一个个单独的"
       "乘法和加法节点；上面的图只画出了有名字的节点。"},
      {"backprop.col.op", "operation", "运算"},
      {"backprop.col.inputs", "inputs", "输入"},
      {"backprop.col.name", "name", "名称"},
      {"backprop.col.value", "value", "值"},
  };
  return texts;
}
