// Lab "gan": GAN Lab's playground on our engine. A generator G maps noise z to points of the plane;
// a discriminator D learns to tell them from points of a chosen distribution; the two are trained
// in turn, and the lab shows the game as it is played: D's surface, the real and generated points,
// where G's update pulls each point, the plane of z folded by G, the losses and the value V(D, G)
// with its two terms.
//
// Legend (the lesson's symbols; the model's are in src/models/gan.h)
//   x ~ p_data        real points: a mixture of Gaussians (src/data/gan2d.h)          (B, 2)
//   z ~ p_z           noise, uniform in [-1, 1) or standard normal                     (B, noise_dim)
//   one iteration     k_d updates of D (each on a fresh real batch and fresh noise), then k_g of G
//   v_real, v_fake    mean log D(x) and mean log(1 - D(G(z))) on D's last batch; v = v_real + v_fake
//   modes, quality    of kEvalPoints points from fixed noise: modes with at least a fifth of their
//                     fair share of points within 3 sigma, and the share of points near some mode
//   jsd, v_grid, v_star (train "d": G is frozen and only D learns) JSD(p_data || p_g) on a
//                     kJsdGrid^2 grid, p_g from a histogram of kJsdSamples of G's points; V of the
//                     current D on the same grid; and -log 4 + 2 jsd, what V reaches at D*
//
// Preset fields: dataset (ring grid line moons blobs custom), points ([[x, y], ...], custom),
//   noise (uniform gaussian), noise_dim 1..8, g_layers d_layers 0..6, g_width d_width 1..128,
//   g_act d_act (tanh relu sigmoid linear), opt_g opt_d (sgd adam), lr_g lr_d 1e-5..1,
//   k_d k_g 1..10, loss (minimax nonsat lsgan), batch 8..1024, seed, train (both d g), warmup 0..5000
//   (iterations of the whole game before train d or g takes over), slow, and
//   the view: show_heat show_arrows show_manifold show_real show_fake (these alone do not reset).
// State keys: step (iterations), d_loss, g_loss, v, v_real, v_fake, d_real, d_fake, modes,
//   modes_total, quality, grad_g, lr_g, lr_d, k_d, k_g, batch, points, phase, d_updates,
//   g_updates, params_g, params_d, lr (= lr_g); with train "d": jsd, v_grid, v_star (else 0).
//
// The file, top to bottom: words, the optimiser, configuration, training, measuring, state,
// registration. The drawing is gan_view.cpp.
#include "labs/gan_lab.h"

#include <algorithm>
#include <cmath>
#include <numeric>

using ui::tr;

namespace gan_lab {

namespace {

const std::vector<ui::Text> kTexts = {
    {"gan.title", "GANs: a generator and a discriminator play on the plane",
     "生成对抗网络：生成器与判别器在平面上博弈"},
    {"gan.key.d_loss", "D's loss", "D 的损失"},
    {"gan.key.g_loss", "G's loss", "G 的损失"},
    {"gan.key.v", "V(D, G)", "V(D, G)"},
    {"gan.key.v_real", "E log D(x)", "E log D(x)"},
    {"gan.key.v_fake", "E log(1 - D(G(z)))", "E log(1 - D(G(z)))"},
    {"gan.key.d_real", "mean D on real points", "D 在真实点上的均值"},
    {"gan.key.d_fake", "mean D on generated points", "D 在生成点上的均值"},
    {"gan.key.modes", "modes covered", "覆盖的模式数"},
    {"gan.key.modes_total", "modes", "模式总数"},
    {"gan.key.quality", "share of points near a mode", "靠近某个模式的点的比例"},
    {"gan.key.grad_g", "mean pull on a generated point", "生成点所受拉力的平均大小"},
    {"gan.key.lr", "G's learning rate", "G 的学习率"},
    {"gan.key.lr_g", "G's learning rate", "G 的学习率"},
    {"gan.key.lr_d", "D's learning rate", "D 的学习率"},
    {"gan.key.k_d", "D steps per iteration", "每次迭代 D 的步数"},
    {"gan.key.k_g", "G steps per iteration", "每次迭代 G 的步数"},
    {"gan.key.batch", "batch size", "批大小"},
    {"gan.key.points", "drawn points", "绘制的点数"},
    {"gan.key.phase", "slow-motion phase", "慢动作阶段"},
    {"gan.key.d_updates", "D updates", "D 的更新次数"},
    {"gan.key.g_updates", "G updates", "G 的更新次数"},
    {"gan.key.params_g", "G's parameters", "G 的参数个数"},
    {"gan.key.params_d", "D's parameters", "D 的参数个数"},
    {"gan.key.jsd", "Jensen-Shannon divergence", "JS 散度"},
    {"gan.key.v_grid", "V of this D on the grid", "当前 D 在网格上的 V"},
    {"gan.key.v_star", "-log 4 + 2 JSD", "-log 4 + 2 JSD"},
    // The view (gan_view.cpp).
    {"gan.data", "Data", "数据"},
    {"gan.dataset.ring", "ring of 8", "8 个高斯组成的环"},
    {"gan.dataset.grid", "5x5 grid", "5x5 网格"},
    {"gan.dataset.line", "line", "直线"},
    {"gan.dataset.moons", "two moons", "两个月牙"},
    {"gan.dataset.blobs", "disjoint blobs", "分离的团块"},
    {"gan.dataset.custom", "your drawing", "你画的分布"},
    {"gan.draw", "Draw a distribution", "画一个分布"},
    {"gan.draw_help", "Press and drag on the plane to paint points, then press Use it. At least 20 points.",
     "在平面上按住拖动来画点，然后按“使用”。至少 20 个点。"},
    {"gan.draw_use", "Use it", "使用"},
    {"gan.draw_clear", "Clear", "清除"},
    {"gan.draw_cancel", "Cancel", "取消"},
    {"gan.draw_count", "%d points drawn", "已画 %d 个点"},
    {"gan.too_few", "Only %d points: draw at least %d, so that the data has a shape to learn.",
     "只有 %d 个点：至少画 %d 个，数据才有可学的形状。"},
    {"gan.presets", "Presets", "预设"},
    {"gan.preset.default", "Balanced: covers the ring", "均衡：覆盖整个环"},
    {"gan.preset.ganlab", "GAN Lab's defaults (SGD 0.1): collapses", "GAN Lab 的默认设置（SGD 0.1）：坍缩"},
    {"gan.preset.fast_g", "G ten times faster than D: collapses", "G 比 D 快十倍：坍缩"},
    {"gan.preset.saturating", "Saturating loss, strong D", "饱和损失，强判别器"},
    {"gan.preset.grid", "5x5 grid, wider networks", "5x5 网格，更宽的网络"},
    {"gan.preset.optimal_d", "G frozen: D learns D*", "G 冻结：D 学习 D*"},
    {"gan.generator", "Generator G", "生成器 G"},
    {"gan.discriminator", "Discriminator D", "判别器 D"},
    {"gan.layers", "hidden layers", "隐藏层数"},
    {"gan.width", "width", "宽度"},
    {"gan.act", "activation", "激活函数"},
    {"gan.opt", "optimiser", "优化器"},
    {"gan.lr", "learning rate", "学习率"},
    {"gan.steps", "steps per iteration", "每次迭代的步数"},
    {"gan.noise", "noise z", "噪声 z"},
    {"gan.noise_dim", "noise dimension", "噪声维数"},
    {"gan.loss", "loss", "损失函数"},
    {"gan.loss.minimax", "minimax (saturating)", "极小极大（饱和）"},
    {"gan.loss.nonsat", "non-saturating", "非饱和"},
    {"gan.loss.lsgan", "least squares", "最小二乘"},
    {"gan.batch", "batch", "批大小"},
    {"gan.seed", "seed", "随机种子"},
    {"gan.new_seed", "New seed", "换种子"},
    {"gan.step_d", "Step D", "D 走一步"},
    {"gan.step_g", "Step G", "G 走一步"},
    {"gan.step_both", "One iteration", "一次迭代"},
    {"gan.step_help",
     "Step D: k_d updates of the discriminator only. Step G: k_g updates of the generator only. "
     "One iteration: both, D first.",
     "D 走一步：只更新判别器 k_d 次。G 走一步：只更新生成器 k_g 次。一次迭代：两者都做，先 D 后 G。"},
    {"gan.slow", "slow motion", "慢动作"},
    {"gan.slow_help",
     "One half-iteration a second: first D's update (its surface changes), then G's (the points "
     "move along the arrows).",
     "每秒半次迭代：先是 D 的更新（它的曲面变化），再是 G 的更新（点沿箭头移动）。"},
    {"gan.phase_d", "D just updated: its surface moved; the points wait.",
     "D 刚更新：它的曲面变了，点还没动。"},
    {"gan.phase_g", "G just updated: the points moved along the arrows.", "G 刚更新：点沿着箭头移动了。"},
    {"gan.train", "train", "训练"},
    {"gan.train.both", "both", "两者"},
    {"gan.train.d", "D only (G frozen)", "只训练 D（G 冻结）"},
    {"gan.train.g", "G only (D frozen)", "只训练 G（D 冻结）"},
    {"gan.show", "Show", "显示"},
    {"gan.show_heat", "D's surface", "D 的曲面"},
    {"gan.show_arrows", "G's gradients", "G 的梯度"},
    {"gan.show_manifold", "G's manifold", "G 的流形"},
    {"gan.show_real", "real", "真实点"},
    {"gan.show_fake", "generated", "生成点"},
    {"gan.plane", "The plane: real points (green), generated (purple), D(x) behind",
     "平面：真实点（绿）、生成点（紫），背景是 D(x)"},
    {"gan.plane_help",
     "Behind the points, D's probability that a point is real: green where D says real, purple "
     "where it says generated. The arrows show where G's next update moves each generated point: "
     "up D's surface. The manifold is a grid of noise values mapped through G: the plane of z, "
     "stretched and folded.",
     "点的背后是 D 认为一个点为真的概率：绿色处 D 判为真，紫色处判为生成。箭头表示 G 的下一次更新"
     "会把每个生成点往哪里移：沿 D 的曲面向上。流形是一张噪声取值的网格经过 G 的映射：z "
     "的平面被拉伸、折叠。"},
    {"gan.value", "The value function, on D's last batch", "价值函数（D 的最近一批）"},
    {"gan.curves", "Losses per iteration", "每次迭代的损失"},
    {"gan.balance",
     "Where D can no longer tell (D = 1/2): D's loss is log 4 = 1.386; G's is log 2 = 0.693 "
     "(minimax: -0.693).",
     "当 D 再也分不清（D = 1/2）时：D 的损失为 log 4 = 1.386；G 的为 log 2 = 0.693（极小极大：-0.693）。"},
    {"gan.balance_ls", "Where D can no longer tell (a = 1/2): D's loss 0.25, G's 0.125.",
     "当 D 再也分不清（a = 1/2）时：D 的损失为 0.25，G 的为 0.125。"},
    {"gan.coverage", "%d of %d modes covered; %.0f%% of generated points near a mode",
     "覆盖了 %d / %d 个模式；%.0f%% 的生成点靠近某个模式"},
    {"gan.jsd_line", "JSD %.3f: at D*, V = -log 4 + 2 JSD = %.3f; this D reaches V = %.3f",
     "JSD %.3f：在 D* 处，V = -log 4 + 2 JSD = %.3f；当前 D 达到 V = %.3f"},
    {"gan.manifold_1d", "(1-D noise: the manifold is a curve)", "（一维噪声：流形是一条曲线）"},
    {"gan.manifold_nd", "(z beyond the first two held at 0)", "（前两维之外的 z 取 0）"},
    {"gan.iteration", "iteration %ld", "第 %ld 次迭代"},
};

models::Act act_of(const std::string& s) {
  return models::Act(std::find(kActs.begin(), kActs.end(), s) - kActs.begin());
}

}  // namespace

// The optimiser ---------------------------------------------------------------------------------
void Optimizer::reset(bool use_adam, double lr) {
  adam = use_adam;
  sgd = eng::SGD{};
  sgd.lr = float(lr);
  adam_state = eng::Adam{};
  adam_state.lr = float(lr);
  adam_state.beta1 = 0.5f;  // the usual choice for GANs (Radford et al. 2015): less momentum in a moving game
}

void Optimizer::step(const eng::ParamList& ps) {
  if (adam)
    adam_state.step(ps);
  else
    sgd.step(ps);
}

// Configuration ---------------------------------------------------------------------------------
GanLab::GanLab() {
  spec.g_width = 32;
  spec.d_width = 32;
  reset();
}

void GanLab::configure(const json& p) {
  const std::vector<std::string> view = {"show_heat", "show_arrows", "show_manifold", "show_real",
                                         "show_fake"};
  std::vector<std::string> known = {"dataset", "points",   "noise",   "noise_dim", "g_layers", "g_width",
                                    "g_act",   "d_layers", "d_width", "d_act",     "opt_g",    "opt_d",
                                    "lr_g",    "lr_d",     "k_d",     "k_g",       "loss",     "batch",
                                    "seed",    "train",    "slow",    "warmup"};
  known.insert(known.end(), view.begin(), view.end());
  check_fields(p, known);
  std::vector<std::string> n;
  // Validate into a copy; commit only when every field is accepted. A preset that names the data
  // set describes a whole experiment (a lesson's run block, an exercise's solution): it starts from
  // the lab's defaults, so what an earlier run block set (k_d 5, say) does not leak into it. The
  // learner's drawing and the view are kept.
  GanLab c;
  if (!p.contains("dataset")) {
    c = *this;
  } else {
    c.drawn = drawn;
    c.show_heat = show_heat;
    c.show_arrows = show_arrows;
    c.show_manifold = show_manifold;
    c.show_real = show_real;
    c.show_fake = show_fake;
  }
  c.dataset = read_choice(p, "dataset", c.dataset, data::gan2d_names());
  if (p.contains("points")) {
    const json& pts = p["points"];
    if (!pts.is_array()) throw LabError("points: expected [[x, y], ...]");
    c.drawn.clear();
    for (size_t i = 0; i < pts.size() && c.drawn.size() < size_t(kMaxDrawn); ++i) {
      const json& q = pts[i];
      if (!q.is_array() || q.size() != 2 || !q[0].is_number() || !q[1].is_number())
        throw LabError("points[" + std::to_string(i) + "]: expected [x, y], got " + q.dump());
      c.drawn.push_back(
          {std::clamp(q[0].get<float>(), -1.0f, 1.0f), std::clamp(q[1].get<float>(), -1.0f, 1.0f)});
    }
  }
  if (c.dataset == "custom" && int(c.drawn.size()) < data::kMinDrawnPoints)
    throw LabError("points: " + std::to_string(c.drawn.size()) +
                   " points; a drawn distribution needs at least " + std::to_string(data::kMinDrawnPoints));
  c.noise = read_choice(p, "noise", c.noise, kNoises);
  c.spec.noise_dim = int(read_int(p, "noise_dim", c.spec.noise_dim, 1, 8, n));
  c.spec.g_layers = int(read_int(p, "g_layers", c.spec.g_layers, 0, 6, n));
  c.spec.d_layers = int(read_int(p, "d_layers", c.spec.d_layers, 0, 6, n));
  c.spec.g_width = int(read_int(p, "g_width", c.spec.g_width, 1, 128, n));
  c.spec.d_width = int(read_int(p, "d_width", c.spec.d_width, 1, 128, n));
  c.spec.g_act = act_of(read_choice(p, "g_act", kActs[size_t(c.spec.g_act)], kActs));
  c.spec.d_act = act_of(read_choice(p, "d_act", kActs[size_t(c.spec.d_act)], kActs));
  c.adam_g = read_choice(p, "opt_g", c.adam_g ? "adam" : "sgd", kOptimizers) == "adam";
  c.adam_d = read_choice(p, "opt_d", c.adam_d ? "adam" : "sgd", kOptimizers) == "adam";
  c.lr_g = read_number(p, "lr_g", c.lr_g, 1e-5, 1.0, n);
  c.lr_d = read_number(p, "lr_d", c.lr_d, 1e-5, 1.0, n);
  c.k_d = read_int(p, "k_d", c.k_d, 1, 10, n);
  c.k_g = read_int(p, "k_g", c.k_g, 1, 10, n);
  const std::string l = read_choice(p, "loss", kLosses[size_t(c.loss_i)], kLosses);
  c.loss_i = int(std::find(kLosses.begin(), kLosses.end(), l) - kLosses.begin());
  c.batch = read_int(p, "batch", c.batch, 8, 1024, n);
  c.seed = read_int(p, "seed", c.seed, 0, 2147483647, n);
  c.train_what = read_choice(p, "train", c.train_what, kTrain);
  c.slow = read_bool(p, "slow", c.slow);
  c.warmup = read_int(p, "warmup", c.warmup, 0, 5000, n);
  c.show_heat = read_bool(p, "show_heat", c.show_heat);
  c.show_arrows = read_bool(p, "show_arrows", c.show_arrows);
  c.show_manifold = read_bool(p, "show_manifold", c.show_manifold);
  c.show_real = read_bool(p, "show_real", c.show_real);
  c.show_fake = read_bool(p, "show_fake", c.show_fake);

  bool only_view = !p.empty();
  for (const auto& item : p.items())
    only_view = only_view && std::find(view.begin(), view.end(), item.key()) != view.end();
  dataset = c.dataset;
  drawn = c.drawn;
  noise = c.noise;
  spec = c.spec;
  adam_g = c.adam_g;
  adam_d = c.adam_d;
  lr_g = c.lr_g;
  lr_d = c.lr_d;
  k_d = c.k_d;
  k_g = c.k_g;
  loss_i = c.loss_i;
  batch = c.batch;
  seed = c.seed;
  train_what = c.train_what;
  if (c.slow != slow) speed = c.slow ? 2 : 0;  // slow motion: two half-iterations a second
  slow = c.slow;
  warmup = c.warmup;
  show_heat = c.show_heat;
  show_arrows = c.show_arrows;
  show_manifold = c.show_manifold;
  show_real = c.show_real;
  show_fake = c.show_fake;
  notes.insert(notes.end(), n.begin(), n.end());
  if (!only_view) reset();
}

json GanLab::preset() const {
  json pts = json::array();
  for (const auto& q : drawn) pts.push_back({q[0], q[1]});
  return {{"dataset", dataset},
          {"points", pts},
          {"noise", noise},
          {"noise_dim", spec.noise_dim},
          {"g_layers", spec.g_layers},
          {"g_width", spec.g_width},
          {"g_act", kActs[size_t(spec.g_act)]},
          {"d_layers", spec.d_layers},
          {"d_width", spec.d_width},
          {"d_act", kActs[size_t(spec.d_act)]},
          {"opt_g", adam_g ? "adam" : "sgd"},
          {"opt_d", adam_d ? "adam" : "sgd"},
          {"lr_g", lr_g},
          {"lr_d", lr_d},
          {"k_d", k_d},
          {"k_g", k_g},
          {"loss", kLosses[size_t(loss_i)]},
          {"batch", batch},
          {"seed", seed},
          {"train", train_what},
          {"slow", slow},
          {"warmup", warmup},
          {"show_heat", show_heat},
          {"show_arrows", show_arrows},
          {"show_manifold", show_manifold},
          {"show_real", show_real},
          {"show_fake", show_fake}};
}

// The learner's drawing becomes the data, or is refused with a note in their language.
bool GanLab::use_drawing(std::vector<std::array<float, 2>> pts) {
  if (int(pts.size()) < data::kMinDrawnPoints) {
    char buf[256];
    std::snprintf(buf, sizeof buf, tr("gan.too_few"), int(pts.size()), data::kMinDrawnPoints);
    draw_note = buf;
    return false;
  }
  json j = preset();  // the same experiment, on the drawing
  j["dataset"] = "custom";
  j["points"] = json::array();
  for (const auto& q : pts) j["points"].push_back({q[0], q[1]});
  configure(j);
  draw_note.clear();
  return true;
}

// Training --------------------------------------------------------------------------------------
void GanLab::reset() {
  rng.reseed(uint64_t(seed));
  mix = dataset == "custom" ? data::mixture_from_points(drawn) : data::gan2d(dataset);
  gan = models::Gan(spec, rng);
  opt_g.reset(adam_g, lr_g);
  opt_d.reset(adam_d, lr_d);
  terms = {};
  steps = 0;
  iterations = 0;
  d_updates = 0;
  g_updates = 0;
  phase = 0;
  alert.clear();
  d_curve.clear();
  g_curve.clear();
  eng::Rng eval_rng(uint64_t(seed) + 1000);
  eval_z = models::sample_noise(kEvalPoints, spec.noise_dim, noise == "gaussian", eval_rng);
  real_xy.resize(2 * kRealShown);
  data::sample(mix, kRealShown, eval_rng, real_xy.data());
  measured_at = -1;
  heat_at = -1;
  p_cells.clear();
  q_cells.clear();
  jsd = 0;
  v_grid = 0;
  // Warm-up: the whole game for `warmup` iterations before only one player trains, so the frozen
  // G of train "d" overlaps the data (the optimal-D check is dull when p_g and p_data are apart).
  if (train_what != "both")
    for (long i = 0; i < warmup && alert.empty(); ++i) {
      update_d();
      update_g();
    }
  d_updates = 0;
  g_updates = 0;
  if (train_what == "d") fit_grid();
  measure();
}

bool GanLab::update_d() {
  eng::Tensor x({int(batch), 2});
  data::sample(mix, int(batch), rng, x.data());
  eng::Tensor z = models::sample_noise(int(batch), spec.noise_dim, noise == "gaussian", rng);
  models::d_step_loss(tape, gan, x, z, loss(), &terms);
  if (!check_finite({{"d_loss", terms.d_loss}})) return false;
  opt_d.step(gan.d_params());
  ++d_updates;
  return true;
}

bool GanLab::update_g() {
  eng::Tensor z = models::sample_noise(int(batch), spec.noise_dim, noise == "gaussian", rng);
  models::GanTerms t;
  models::g_step_loss(tape, gan, z, loss(), &t);
  terms.g_loss = t.g_loss;
  if (!check_finite({{"g_loss", t.g_loss}})) return false;
  opt_g.step(gan.g_params());
  ++g_updates;
  return true;
}

// One iteration: k_d updates of D, then k_g of G (train "d" or "g": only that player). In slow
// motion a step is half an iteration, D's half and G's half in turn, so the view can show each.
// A step that diverges puts the weights back as they were before it, so nothing is drawn from NaN.
void GanLab::step() {
  models::Gan before = gan;
  bool ok = true;
  const bool do_d = train_what != "g" && (!slow || phase != 1);
  const bool do_g = train_what != "d" && (!slow || phase == 1 || train_what == "g");
  for (long i = 0; i < k_d && do_d && ok; ++i) ok = update_d();
  if (slow && do_d) phase = 1;
  for (long i = 0; i < k_g && do_g && ok; ++i) ok = update_g();
  if (slow && do_g) phase = 2;
  // A NaN can hide from the losses (a ReLU passes 0 for it) and still poison the gradients: the
  // weights themselves are checked too (a few thousand numbers).
  if (ok) {
    double sum = 0;
    for (eng::Param* q : gan.g_params()) sum = std::accumulate(q->value.v.begin(), q->value.v.end(), sum);
    for (eng::Param* q : gan.d_params()) sum = std::accumulate(q->value.v.begin(), q->value.v.end(), sum);
    ok = check_finite({{"weights", sum}});
  }
  if (!ok) {
    gan = before;
    return;
  }
  ++steps;
  if (!slow || phase == 2 || train_what == "d") {
    ++iterations;
    d_curve.push(terms.d_loss);
    g_curve.push(terms.g_loss);
  }
  // Nothing is measured here: measuring 1000 points costs as much as several updates, and the
  // view and state() measure the weights they show (once a frame at most).
}

// Measuring -------------------------------------------------------------------------------------
void GanLab::measure() {
  const long at = d_updates + g_updates;
  if (at == measured_at) return;
  measured_at = at;
  {
    eng::NoGrad ng(tape);
    tape.clear();
    eng::Var x = models::generate(tape, gan, tape.input(eval_z));
    fake_xy.assign(x.value(), x.value() + 2 * kEvalPoints);
  }
  cov = data::coverage(mix, fake_xy.data(), kEvalPoints);
  pull.resize(fake_xy.size());
  models::generator_pull(tape, gan, fake_xy.data(), kEvalPoints, loss(), pull.data());
  double s = 0;
  for (int i = 0; i < kEvalPoints; ++i) s += std::hypot(pull[size_t(2 * i)], pull[size_t(2 * i + 1)]);
  grad_g = float(s / kEvalPoints);
}

// A 3 x 3 binomial blur of an N x N grid of probabilities (edges renormalised, total kept).
static void blur(std::vector<double>& g, int N) {
  std::vector<double> out(g.size(), 0.0);
  const double w[3] = {1, 2, 1};
  for (int r = 0; r < N; ++r)
    for (int c = 0; c < N; ++c) {
      double s = 0, ws = 0;
      for (int i = -1; i <= 1; ++i)
        for (int j = -1; j <= 1; ++j) {
          if (r + i < 0 || r + i >= N || c + j < 0 || c + j >= N) continue;
          s += w[i + 1] * w[j + 1] * g[size_t((r + i) * N + c + j)];
          ws += w[i + 1] * w[j + 1];
        }
      out[size_t(r * N + c)] = s / ws;
    }
  double total = 0;
  for (double v : out) total += v;
  for (double& v : out) v /= total;
  g = out;
}

// p_data and p_g as probabilities per cell of the grid. p_g is a histogram of G's points (G is
// frozen in this mode, so once per reset); p_data integrates the mixture's density over each cell
// (a 3 x 3 midpoint rule).
void GanLab::fit_grid() {
  const int N = kJsdGrid;
  const float e = data::kGanExtent, cell = 2 * e / N;
  p_cells.assign(size_t(N * N), 0.0);
  q_cells.assign(size_t(N * N), 0.0);
  double total = 0;
  for (int r = 0; r < N; ++r)
    for (int c = 0; c < N; ++c) {
      double s = 0;
      for (int i = 0; i < 3; ++i)
        for (int j = 0; j < 3; ++j)
          s += data::density(mix, -e + (c + (j + 0.5f) / 3) * cell, -e + (r + (i + 0.5f) / 3) * cell);
      p_cells[size_t(r * N + c)] = s / 9 * cell * cell;
      total += p_cells[size_t(r * N + c)];
    }
  for (double& p : p_cells) p /= total;
  eng::Rng g_rng(uint64_t(seed) + 2000);
  const int chunk = 4000;
  int inside = 0;
  for (int done = 0; done < kJsdSamples; done += chunk) {
    eng::Tensor z = models::sample_noise(chunk, spec.noise_dim, noise == "gaussian", g_rng);
    eng::NoGrad ng(tape);
    tape.clear();
    eng::Var x = models::generate(tape, gan, tape.input(z));
    for (int i = 0; i < chunk; ++i) {
      int c = int((x.value()[2 * i] + e) / cell), r = int((x.value()[2 * i + 1] + e) / cell);
      if (c < 0 || r < 0 || c >= N || r >= N) continue;
      q_cells[size_t(r * N + c)] += 1;
      ++inside;
    }
  }
  for (double& q : q_cells) q /= std::max(inside, 1);
  // A histogram of finitely many points is rougher than p_g; its noise alone would raise the JSD.
  // Both grids are smoothed the same way (3 x 3, weights 1 2 1), so they stay comparable.
  blur(p_cells, N);
  blur(q_cells, N);
  double j = 0;
  for (size_t i = 0; i < p_cells.size(); ++i) {
    const double p = p_cells[i], q = q_cells[i], m = 0.5 * (p + q);
    if (p > 0) j += 0.5 * p * std::log(p / m);
    if (q > 0) j += 0.5 * q * std::log(q / m);
  }
  jsd = j;
  grid_at = -1;
  grid_values();
}

// V of the current D on the grid: sum over cells of p log D + q log(1 - D) at the cell's centre.
void GanLab::grid_values() {
  // 10,000 evaluations of D: while training runs, at most once per 25 of D's updates.
  const bool stale = d_updates != grid_at && (!running || d_updates - grid_at >= 25 || grid_at < 0);
  if (p_cells.empty() || !stale) return;
  grid_at = d_updates;
  const int N = kJsdGrid;
  const float e = data::kGanExtent, cell = 2 * e / N;
  eng::Tensor x({N * N, 2});
  for (int r = 0; r < N; ++r)
    for (int c = 0; c < N; ++c) {
      x.at(r * N + c, 0) = -e + (c + 0.5f) * cell;
      x.at(r * N + c, 1) = -e + (r + 0.5f) * cell;
    }
  eng::NoGrad ng(tape);
  tape.clear();
  eng::Var a = models::discriminate(tape, gan, tape.input(x));
  double v = 0;
  for (int i = 0; i < N * N; ++i) {
    const double l = a.value()[i];
    const double log_d = -(l > 0 ? std::log1p(std::exp(-l)) : -l + std::log1p(std::exp(l)));
    const double log_1md = log_d - l;  // log(1 - sigmoid(l)) = log sigmoid(l) - l
    if (p_cells[size_t(i)] > 0) v += p_cells[size_t(i)] * log_d;
    if (q_cells[size_t(i)] > 0) v += q_cells[size_t(i)] * log_1md;
  }
  v_grid = v;
}

// State -----------------------------------------------------------------------------------------
json GanLab::state() const {
  auto* self = const_cast<GanLab*>(this);  // measuring is a cache of the weights' consequences
  self->measure();
  json s = {{"step", iterations},
            {"d_loss", terms.d_loss},
            {"g_loss", terms.g_loss},
            {"v", terms.v_real + terms.v_fake},
            {"v_real", terms.v_real},
            {"v_fake", terms.v_fake},
            {"d_real", terms.d_real},
            {"d_fake", terms.d_fake},
            {"modes", cov.covered},
            {"modes_total", mix.modes},
            {"quality", cov.quality},
            {"grad_g", grad_g},
            {"lr_g", lr_g},
            {"lr_d", lr_d},
            {"k_d", k_d},
            {"k_g", k_g},
            {"batch", batch},
            {"points", dataset == "custom" ? long(drawn.size()) : 0L},
            {"phase", phase},
            {"d_updates", d_updates},
            {"g_updates", g_updates},
            {"params_g", eng::count_values(self->gan.g_params())},
            {"params_d", eng::count_values(self->gan.d_params())}};
  // The optimal-D check is measured only while G is frozen (train "d"); 0 otherwise.
  if (train_what == "d") self->grid_values();
  s["jsd"] = jsd;
  s["v_grid"] = v_grid;
  s["v_star"] = train_what == "d" ? -std::log(4.0) + 2 * jsd : 0.0;
  s["lr"] = lr_g;
  return s;
}

// Registration ----------------------------------------------------------------------------------
namespace {

LabInfo info() {
  LabInfo i;
  i.name = "gan";
  i.title = "gan.title";
  i.make = [] { return std::make_unique<GanLab>(); };
  i.texts = kTexts;
  i.headline = {"d_loss", "g_loss", "modes"};
  return i;
}

[[maybe_unused]] const bool registered = register_lab(info());

}  // namespace

}  // namespace gan_lab
