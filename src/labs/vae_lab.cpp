// Lab "vae": a variational autoencoder learns MNIST, with the plain autoencoder beside it on the
// same batches. The lab shows both terms of the evidence lower bound and their sum, on training
// batches and on held-out digits; the latent map of held-out digits; the decoder run over a grid
// of z; reconstructions; samples from the prior; interpolation; and the numbers mu, sigma, eps
// and z of one digit. Chapter 3's CNN, trained first when the preset asks for a judge, says
// whether the decoded digits are recognisable.
//
// Legend (the lesson's symbols; the model's are in src/models/vae.h)
//   recon, kl, nelbo  -log p(x|z), KL(q(z|x) || N(0, I)), and recon + kl: per digit, in nats; the
//                     training batch's running mean (about 50 batches) and on the held-out digits
//   loss              recon + beta kl, what training minimises; elbo = -nelbo <= log p(x)
//   held-out          the first kTestN test digits, measured every kMeasureEvery steps and at steps
//                     10, 25 and 50 (with a fixed eps, so the curve moves only when the weights do)
//   active            latent dims whose mean KL over the held-out digits exceeds 0.01 nats; the
//                     others carry nothing about x (posterior collapse)
//   mean_acc          a nearest-class-mean classifier on mu: the means from held-out digits
//                     0..499, the accuracy on 500..999 (chance is 0.1)
//   judge_acc, recon_acc   the judge on the held-out digits, and on them decoded from mu
//   sample_conf, ae_sample_conf   the judge's mean top probability on kPriorDraws decoded draws
//                     of z ~ N(0, I), for the VAE and the plain autoencoder
//
// Preset fields: latent 1..16, beta 0..20, likelihood (bernoulli gaussian), sigma_x 0.01..1,
//   hidden 16..1024, layers 1..3, lr 1e-5..0.1 (Adam), batch 8..512, seed, train_n 100..60000,
//   autoencoder, judge 0..5000 (CNN steps), and the view: digit, pick_a, pick_b (test indices),
//   show_x, show_y (the latent dims the map shows); these alone do not restart training.
// State keys: step, lr, beta, latent, loss, recon, kl, nelbo, elbo, test_recon, test_kl,
//   test_nelbo, test_at, active, mean_acc, ae_recon, ae_test_recon, mu0, mu1, sigma0, sigma1,
//   eps0, eps1, z0, z1, digit_kl, digit_recon, judge, judge_acc, recon_acc, sample_conf,
//   ae_sample_conf, params.
//
// The file, top to bottom: words, configuration, data, the judge, training, measuring, state,
// registration. The drawing is vae_view.cpp.
#include "labs/vae_lab.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <map>
#include <numeric>

#include "data/digit_pad.h"
#include "labs/trainer.h"

using ui::tr;

namespace vae_lab {

namespace {

const std::vector<ui::Text> kTexts = {
    {"vae.title", "VAEs: an encoder, a decoder and the evidence lower bound on MNIST",
     "变分自编码器：MNIST 上的编码器、解码器与证据下界"},
    {"vae.key.beta", "beta", "beta"},
    {"vae.key.latent", "latent dimension", "隐变量维数"},
    {"vae.key.loss", "training loss (recon + beta KL)", "训练损失（重构 + beta·KL）"},
    {"vae.key.recon", "reconstruction term -log p(x|z)", "重构项 -log p(x|z)"},
    {"vae.key.kl", "KL term", "KL 项"},
    {"vae.key.nelbo", "negative ELBO (recon + KL)", "负 ELBO（重构 + KL）"},
    {"vae.key.elbo", "ELBO", "ELBO"},
    {"vae.key.test_recon", "held-out reconstruction term", "留出集重构项"},
    {"vae.key.test_kl", "held-out KL term", "留出集 KL 项"},
    {"vae.key.test_nelbo", "held-out negative ELBO", "留出集负 ELBO"},
    {"vae.key.test_at", "step of the held-out measurement", "留出集测量时的步数"},
    {"vae.key.active", "active latent dimensions", "活跃的隐变量维数"},
    {"vae.key.mean_acc", "nearest-class-mean accuracy on mu", "基于 mu 的最近类均值准确率"},
    {"vae.key.ae_recon", "autoencoder's reconstruction term", "普通自编码器的重构项"},
    {"vae.key.ae_test_recon", "autoencoder's held-out reconstruction term", "普通自编码器的留出集重构项"},
    {"vae.key.mu0", "mu_1 of the digit", "该数字的 mu_1"},
    {"vae.key.mu1", "mu_2 of the digit", "该数字的 mu_2"},
    {"vae.key.sigma0", "sigma_1 of the digit", "该数字的 sigma_1"},
    {"vae.key.sigma1", "sigma_2 of the digit", "该数字的 sigma_2"},
    {"vae.key.eps0", "eps_1", "eps_1"},
    {"vae.key.eps1", "eps_2", "eps_2"},
    {"vae.key.z0", "z_1 = mu_1 + sigma_1 eps_1", "z_1 = mu_1 + sigma_1 eps_1"},
    {"vae.key.z1", "z_2 = mu_2 + sigma_2 eps_2", "z_2 = mu_2 + sigma_2 eps_2"},
    {"vae.key.digit_kl", "the digit's KL", "该数字的 KL"},
    {"vae.key.digit_recon", "the digit's reconstruction term", "该数字的重构项"},
    {"vae.key.judge", "judge's training steps", "评判（CNN）的训练步数"},
    {"vae.key.judge_acc", "judge's accuracy on real digits", "评判（CNN）在真实数字上的准确率"},
    {"vae.key.recon_acc", "judge's accuracy on reconstructions", "评判（CNN）在重构图上的准确率"},
    {"vae.key.sample_conf", "judge's confidence on VAE samples", "评判（CNN）对 VAE 样本的置信度"},
    {"vae.key.ae_sample_conf", "judge's confidence on autoencoder samples",
     "评判（CNN）对自编码器样本的置信度"},
    {"vae.key.sample_classes", "digits the judge reads in VAE samples", "评判在 VAE 样本中认出的数字种类"},
    {"vae.key.ae_sample_classes", "digits the judge reads in autoencoder samples",
     "评判在自编码器样本中认出的数字种类"},
    {"vae.key.spread", "RMS of the VAE's codes mu", "VAE 编码 mu 的均方根"},
    {"vae.key.ae_spread", "RMS of the autoencoder's codes", "自编码器编码的均方根"},
    {"vae.key.params", "parameters", "参数个数"},
    // The view (vae_view.cpp).
    {"vae.loading", "Loading MNIST (about 11 MB)...", "正在加载 MNIST（约 11 MB）……"},
    {"vae.failed", "Could not load the digits (%s):", "无法加载数字数据（%s）："},
    {"vae.retry", "Retry", "重试"},
    {"vae.judging", "Training the judge (chapter 3's CNN) first: step %ld of %ld",
     "先训练判别用的 CNN（第 3 章）：第 %ld / %ld 步"},
    {"vae.judge_ready", "Judge: chapter 3's CNN, %.1f%% on real held-out digits",
     "评判：第 3 章的 CNN，在真实留出数字上 %.1f%%"},
    {"vae.presets", "Presets", "预设"},
    {"vae.preset.default", "Default: 2-D latent, beta 1", "默认：二维隐空间，beta 1"},
    {"vae.preset.beside", "Beside a plain autoencoder", "与普通自编码器并排"},
    {"vae.preset.judged", "16-D, beside an autoencoder, with a judge (the CNN reads the samples)",
     "十六维，与自编码器并排，带评判（CNN 识别样本）"},
    {"vae.preset.beta_high", "beta 10: posterior collapse", "beta 10：后验坍缩"},
    {"vae.preset.beta_zero", "beta 0: an autoencoder with noise", "beta 0：带噪声的自编码器"},
    {"vae.preset.latent16", "16-D latent", "十六维隐空间"},
    {"vae.preset.gaussian", "Gaussian likelihood, sigma_x 0.1", "高斯似然，sigma_x 0.1"},
    {"vae.model", "Model", "模型"},
    {"vae.latent", "latent dimension k", "隐变量维数 k"},
    {"vae.beta", "beta (weight of KL)", "beta（KL 的权重）"},
    {"vae.likelihood", "likelihood p(x|z)", "似然 p(x|z)"},
    {"vae.likelihood.bernoulli", "Bernoulli (per pixel)", "伯努利（逐像素）"},
    {"vae.likelihood.gaussian", "Gaussian, fixed sigma_x", "高斯，固定 sigma_x"},
    {"vae.sigma_x", "sigma_x", "sigma_x"},
    {"vae.hidden", "hidden width", "隐藏层宽度"},
    {"vae.layers", "hidden layers", "隐藏层数"},
    {"vae.lr", "learning rate (Adam)", "学习率（Adam）"},
    {"vae.batch", "batch", "批大小"},
    {"vae.seed", "seed", "随机种子"},
    {"vae.new_seed", "New seed", "换种子"},
    {"vae.autoencoder", "train a plain autoencoder beside it", "同时训练一个普通自编码器"},
    {"vae.train_judge", "Train a judge (600 CNN steps)", "训练评判（CNN 600 步）"},
    {"vae.curves", "Per digit, in nats: training batches (lines) and held-out digits",
     "每个数字的值（单位 nat）：训练批次（曲线）与留出数字"},
    {"vae.c_recon", "recon", "重构"},
    {"vae.c_kl", "KL", "KL"},
    {"vae.c_nelbo", "recon + KL", "重构 + KL"},
    {"vae.c_test", "held-out recon + KL", "留出集 重构 + KL"},
    {"vae.c_test_recon", "held-out recon", "留出集 重构"},
    {"vae.c_test_kl", "held-out KL", "留出集 KL"},
    {"vae.c_ae", "autoencoder recon", "自编码器 重构"},
    {"vae.terms", "held-out at step %ld: recon %.1f + KL %.2f = %.1f nats (ELBO %.1f)",
     "第 %ld 步的留出集：重构 %.1f + KL %.2f = %.1f nat（ELBO %.1f）"},
    {"vae.not_measured", "The held-out digits are measured once training starts (then every 100 steps).",
     "训练开始后测量留出数字（之后每 100 步一次）。"},
    {"vae.active_line", "%d of %d latent dims active (KL above 0.01 nats)",
     "%d / %d 个隐变量维度活跃（KL 高于 0.01 nat）"},
    {"vae.map", "Latent map: mu of 1000 held-out digits, coloured by label",
     "隐空间图：1000 个留出数字的 mu，按标签着色"},
    {"vae.map_help",
     "Each dot is one held-out digit placed at its mean mu. The VAE's map is pulled towards N(0, I) "
     "by the KL term, so the prior's draws land among digits; the autoencoder's map has no such pull: "
     "it spreads and leaves holes. Click the VAE's map to decode that point.",
     "每个点是一个留出数字，放在它的均值 mu 处。KL 项把 VAE 的图拉向 N(0, I)，所以从先验抽的点落在"
     "数字之间；自编码器没有这种拉力：它的图四散开来，留下空洞。点击 VAE 的图可以解码那个点。"},
    {"vae.map_vae", "VAE", "VAE"},
    {"vae.map_ae", "plain autoencoder", "普通自编码器"},
    {"vae.map_dims", "(dims %ld and %ld of %d)", "（第 %ld、%ld 维，共 %d 维）"},
    {"vae.map_1d", "(1-D latent: mu along x, label along y)", "（一维隐空间：mu 在横轴，标签在纵轴）"},
    {"vae.manifold", "The decoder over a grid of z in [-3, 3]^2", "解码器在 z ∈ [-3, 3]² 网格上的输出"},
    {"vae.manifold_nd", "(the other dims of z held at 0)", "（z 的其余维度取 0）"},
    {"vae.recons", "Held-out digits (top), the VAE's reconstructions from mu, the autoencoder's",
     "留出数字（上）、VAE 由 mu 重构的图、自编码器的重构"},
    {"vae.samples", "Samples: z ~ N(0, I) through each decoder", "采样：z ~ N(0, I) 经过各自的解码器"},
    {"vae.samples_help",
     "The same draws of z go through both decoders. The VAE was trained so that q(z|x) stays near "
     "N(0, I): its samples look like digits. The autoencoder never saw z from the prior.",
     "同一批 z 送进两个解码器。VAE 训练时 q(z|x) 被约束在 N(0, I) 附近，所以它的样本像数字；"
     "自编码器从没见过来自先验的 z。"},
    {"vae.conf", "judge's confidence: VAE %.0f%%, autoencoder %.0f%%",
     "评判置信度：VAE %.0f%%，自编码器 %.0f%%"},
    {"vae.interp", "Interpolation: mu(A) to mu(B), decoded", "插值：从 mu(A) 到 mu(B)，解码"},
    {"vae.pick_a", "digit A", "数字 A"},
    {"vae.pick_b", "digit B", "数字 B"},
    {"vae.use_drawn", "B is my drawing", "B 用我画的数字"},
    {"vae.digit", "One digit: its q(z|x) and a draw of z", "一个数字：它的 q(z|x) 和一次 z 的抽样"},
    {"vae.digit_index", "held-out digit", "留出数字编号"},
    {"vae.digit_line", "dim %d: mu %+.3f  sigma %.3f  eps %+.3f  z = mu + sigma eps = %+.3f",
     "第 %d 维：mu %+.3f  sigma %.3f  eps %+.3f  z = mu + sigma eps = %+.3f"},
    {"vae.digit_kl", "KL(q(z|x) || N(0, I)) = %.3f nats;  -log p(x|z) = %.1f nats",
     "KL(q(z|x) || N(0, I)) = %.3f nat；-log p(x|z) = %.1f nat"},
    {"vae.pad", "Draw a digit to encode", "画一个数字来编码"},
    {"vae.encode", "Encode", "编码"},
    {"vae.clear", "Clear", "清除"},
    {"vae.empty_drawing", "The pad is empty: draw a digit first, then press Encode.",
     "画板是空的：先画一个数字，再按“编码”。"},
    {"vae.drawn_at", "your digit: mu = (%+.2f, %+.2f), the star on the map",
     "你的数字：mu = (%+.2f, %+.2f)，图上的星号"},
};

// A process-wide store of finished judges, by their step count: the judge is chapter 3's network
// and does not depend on the VAE, so a new preset or a new lab does not train it again.
std::map<long, models::ConvNet>& finished_judges() {
  static std::map<long, models::ConvNet> judges;
  return judges;
}

}  // namespace

// Configuration ---------------------------------------------------------------------------------
VaeLab::VaeLab() { reset(); }

void VaeLab::configure(const json& p) {
  const std::vector<std::string> view = {"digit", "pick_a", "pick_b", "show_x", "show_y"};
  std::vector<std::string> known = {"latent", "beta",  "likelihood", "sigma_x", "hidden",      "layers",
                                    "lr",     "batch", "seed",       "train_n", "autoencoder", "judge"};
  known.insert(known.end(), view.begin(), view.end());
  check_fields(p, known);
  std::vector<std::string> n;
  // A preset that names the latent dimension describes a whole experiment (a lesson's run block,
  // an exercise's solution): it starts from the defaults, so an earlier block's beta does not leak.
  Config c = p.contains("latent") ? Config{} : cfg;
  c.spec.latent = int(read_int(p, "latent", c.spec.latent, 1, 16, n));
  c.beta = read_number(p, "beta", c.beta, 0.0, 20.0, n);
  const std::string lk = read_choice(p, "likelihood", kLikelihoods[size_t(c.spec.likelihood)], kLikelihoods);
  c.spec.likelihood = lk == "gaussian" ? models::Likelihood::Gaussian : models::Likelihood::Bernoulli;
  c.spec.sigma_x = float(read_number(p, "sigma_x", c.spec.sigma_x, 0.01, 1.0, n));
  c.spec.hidden = int(read_int(p, "hidden", c.spec.hidden, 16, 1024, n));
  c.spec.layers = int(read_int(p, "layers", c.spec.layers, 1, 3, n));
  c.lr = read_number(p, "lr", c.lr, 1e-5, 0.1, n);
  c.batch = read_int(p, "batch", c.batch, 8, 512, n);
  c.seed = read_int(p, "seed", c.seed, 0, 2147483647, n);
  c.train_n = read_int(p, "train_n", c.train_n, 100, 60000, n);
  c.autoencoder = read_bool(p, "autoencoder", c.autoencoder);
  c.judge_steps = read_int(p, "judge", c.judge_steps, 0, 5000, n);
  const long d = read_int(p, "digit", digit, 0, kTestN - 1, n);
  const long a = read_int(p, "pick_a", pick_a, 0, kTestN - 1, n);
  const long b = read_int(p, "pick_b", pick_b, 0, kTestN - 1, n);
  const long sx = read_int(p, "show_x", show_x, 0, c.spec.latent - 1, n);
  const long sy = read_int(p, "show_y", show_y, 0, std::max(0, c.spec.latent - 1), n);

  bool only_view = !p.empty();
  for (const auto& item : p.items())
    only_view = only_view && std::find(view.begin(), view.end(), item.key()) != view.end();
  cfg = c;
  digit = d;
  pick_a = a;
  pick_b = b;
  show_x = sx;
  show_y = sy;
  if (cfg.spec.latent > 1 && show_y == show_x) show_y = (show_x + 1) % cfg.spec.latent;
  if (show_x >= cfg.spec.latent) show_x = 0;
  if (show_y >= cfg.spec.latent) show_y = std::min(1, cfg.spec.latent - 1);
  notes.insert(notes.end(), n.begin(), n.end());
  view_at = -1;
  if (!only_view) reset();
}

json VaeLab::preset() const {
  return {{"latent", cfg.spec.latent},
          {"beta", cfg.beta},
          {"likelihood", kLikelihoods[size_t(cfg.spec.likelihood)]},
          {"sigma_x", cfg.spec.sigma_x},
          {"hidden", cfg.spec.hidden},
          {"layers", cfg.spec.layers},
          {"lr", cfg.lr},
          {"batch", cfg.batch},
          {"seed", cfg.seed},
          {"train_n", cfg.train_n},
          {"autoencoder", cfg.autoencoder},
          {"judge", cfg.judge_steps},
          {"digit", digit},
          {"pick_a", pick_a},
          {"pick_b", pick_b},
          {"show_x", show_x},
          {"show_y", show_y}};
}

// Data ------------------------------------------------------------------------------------------
bool VaeLab::load_data() {
  if (train_set && test_set) return true;
  if (!data::request_mnist_pair(train_set, test_set, wait)) return false;
  test_x = eng::Tensor({kTestN, models::kImage});
  test_y.resize(kTestN);
  for (int i = 0; i < kTestN; ++i) {
    const uint8_t* px = test_set->image(i);
    for (int j = 0; j < models::kImage; ++j) test_x.at(i, j) = float(px[j]) / 255.0f;
    test_y[size_t(i)] = test_set->labels[i];
  }
  return true;
}

// Training --------------------------------------------------------------------------------------
void VaeLab::reset() {
  steps = 0;
  alert.clear();
  measured_at = -1;
  view_at = -1;
  mean_acc = 0;
  recon_acc = 0;
  active = 0;
  rng.reseed(uint64_t(cfg.seed));
  models::VaeSpec plain = cfg.spec;
  plain.plain = true;
  eng::Rng same = rng;  // the autoencoder starts from the same random numbers as the VAE
  vae = Net{};
  ae = Net{};
  vae.m = models::Vae(cfg.spec, rng);
  ae.m = models::Vae(plain, same);
  for (Net* n : {&vae, &ae}) n->adam.lr = float(cfg.lr);
  eng::Rng fixed(uint64_t(cfg.seed) + 1000);
  test_eps = models::sample_eps(kTestN, cfg.spec.latent, fixed);
  prior_z = models::sample_eps(kPriorDraws, cfg.spec.latent, fixed);
  digit_eps.assign(size_t(cfg.spec.latent), 0.0f);
  if (judge_target != cfg.judge_steps) {
    judge_target = cfg.judge_steps;
    judge_trained = 0;
    judge_acc = 0;
    judge_rng.reseed(12345);  // one judge for every VAE: it does not depend on the VAE's seed
    judge = models::ConvNet(models::default_layers(), 10, judge_rng);
    judge_adam = eng::Adam{};
    judge_adam.lr = 0.002f;
    auto it = finished_judges().find(judge_target);
    if (it != finished_judges().end()) {
      judge = it->second;
      judge_trained = judge_target;
    }
  }
  ready = false;  // a new run starts again (its order, its first measurement) once the data are here
  ensure_ready();
}

// True once the data are here; the first time, starts (the epoch's order, the first measurement).
bool VaeLab::ensure_ready() {
  if (!ready && load_data()) {
    ready = true;
    start();
  }
  return ready;
}

// The data are here: the epoch's order, and the first measurement (step 0).
void VaeLab::start() {
  order.resize(size_t(std::min<long>(cfg.train_n, train_set->n)));
  std::iota(order.begin(), order.end(), 0);
  eng::shuffle(order, rng);
  cursor = 0;
  if (judging()) return;  // measured when the judge is ready
  if (judge_target > 0 && judge_acc == 0) judge_conf(test_x, &test_y, &judge_acc, nullptr);
  measure();
}

// One step of the judge: chapter 3's training, batch 32, Adam 0.002, no augmentation.
void VaeLab::judge_step() {
  const int B = 32;
  eng::Tensor x({B, 1, 28, 28});
  std::vector<int> y(B);
  for (int i = 0; i < B; ++i) {
    const int k = judge_rng.below(train_set->n);
    const uint8_t* px = train_set->image(k);
    for (int j = 0; j < models::kImage; ++j) x.v[size_t(i * models::kImage + j)] = float(px[j]) / 255.0f;
    y[size_t(i)] = train_set->labels[k];
  }
  tape.clear();
  eng::Var L = eng::cross_entropy(models::convnet_forward(tape, judge, tape.input(x), nullptr), y);
  eng::ParamList ps = judge.params();
  eng::zero_grad(ps);
  tape.backward(L);
  judge_adam.step(ps);
  if (++judge_trained < judge_target) return;
  finished_judges()[judge_target] = judge;
  judge_conf(test_x, &test_y, &judge_acc, nullptr);
  measure();
}

// One Adam step of a network on the batch; false (its weights unchanged, training paused with the
// reason) when the loss or a gradient is not finite. A NaN can hide from the loss behind a ReLU
// and still reach the gradients, so they are summed too; Adam moves no weight by more than about lr,
// so finite gradients keep the weights finite.
bool VaeLab::train_net(Net& n, const eng::Tensor& x, const eng::Tensor& eps) {
  models::VaeTerms t;
  models::vae_step_loss(tape, n.m, x, eps, float(cfg.beta), &t);
  double g = 0;
  for (eng::Param* q : n.m.params()) g = std::accumulate(q->grad.v.begin(), q->grad.v.end(), g);
  if (!check_finite({{"recon", t.recon}, {"kl", t.kl}, {"gradient", g}})) return false;
  n.adam.step(n.m.params());
  n.last = t;
  const double w = steps == 0 ? 1.0 : 0.02;  // about the last 50 batches
  n.recon_avg += w * (t.recon - n.recon_avg);
  n.kl_avg += w * (t.kl - n.kl_avg);
  n.recon_curve.push(t.recon);
  n.kl_curve.push(t.kl);
  n.nelbo_curve.push(t.recon + t.kl);
  // The held-out curves hold the last measurement at every step, so they share the step axis.
  n.test_recon_curve.push(n.test.recon);
  n.test_kl_curve.push(n.test.kl);
  n.test_nelbo_curve.push(n.test.recon + n.test.kl);
  return true;
}

// One step: a batch of training digits, one Adam step of the VAE (and of the autoencoder, on the
// same digits). A step that diverges changes no weight, so nothing is drawn from NaN.
void VaeLab::step() {
  if (!ensure_ready()) return;
  while (judging()) judge_step();  // the CLI and the tests: the judge first, all of it
  const int B = int(cfg.batch), k = cfg.spec.latent;
  eng::Tensor x({B, models::kImage});
  for (int i = 0; i < B; ++i) {
    if (cursor >= order.size()) {
      eng::shuffle(order, rng);
      cursor = 0;
    }
    const uint8_t* px = train_set->image(order[cursor++]);
    for (int j = 0; j < models::kImage; ++j) x.at(i, j) = float(px[j]) / 255.0f;
  }
  eng::Tensor eps = models::sample_eps(B, k, rng);
  if (!train_net(vae, x, eps)) return;
  if (cfg.autoencoder && !train_net(ae, x, eps)) return;
  for (float& e : digit_eps) e = rng.normal();
  ++steps;
  // The held-out digits every kMeasureEvery steps, and early on more often: the start moves fast.
  if (steps % kMeasureEvery == 0 || steps == 10 || steps == 25 || steps == 50) measure();
}

// The browser's frame: while the judge trains, its steps fill the budget (the VAE waits).
void VaeLab::train(double budget_ms) {
  if (!ensure_ready()) return;  // not Lab::train's step(): that would train all of the judge at once
  if (!judging()) {
    Lab::train(budget_ms);
    return;
  }
  // Nothing on the page moves but the judge's count, so in a frame it may take most of the frame:
  // at least kJudgeFrameMs (about 12 frames a second are left for the count and the controls). On
  // the training thread (labs/trainer.h) it trains all the time anyway: a slice stays a slice.
  judge_for(trainer_running() ? budget_ms : std::max(budget_ms, kJudgeFrameMs));
}

void VaeLab::judge_for(double ms) {
  using clock = std::chrono::steady_clock;
  const auto start_t = clock::now();
  while (judging() && std::chrono::duration<double, std::milli>(clock::now() - start_t).count() < ms)
    judge_step();
}

// Step while the judge trains: a frame's piece of the judge, not all of it (that takes seconds,
// and the page would hang meanwhile).
void VaeLab::user_step() {
  if (!ensure_ready()) return;
  if (judging()) judge_for(kJudgeFrameMs);
  else step();
}

// Measuring -------------------------------------------------------------------------------------
// The judge on images (N, 784): mean top probability; with labels, the accuracy into *acc.
double VaeLab::judge_conf(const eng::Tensor& images, const std::vector<int>* labels, double* acc,
                          int* classes) {
  const int N = images.shape.rows(), chunk = 100;
  std::vector<int> per_class(10, 0);
  double conf = 0;
  int right = 0;
  for (int s = 0; s < N; s += chunk) {
    const int b = std::min(chunk, N - s);
    eng::Tensor x({b, 1, 28, 28});
    std::copy(images.v.begin() + long(s) * models::kImage, images.v.begin() + long(s + b) * models::kImage,
              x.v.begin());
    eng::NoGrad ng(tape);
    tape.clear();
    eng::Var p = eng::softmax(models::convnet_forward(tape, judge, tape.input(x), nullptr));
    for (int i = 0; i < b; ++i) {
      const float* row = p.value() + i * 10;
      const int top = int(std::max_element(row, row + 10) - row);
      conf += row[top];
      ++per_class[size_t(top)];
      if (labels && top == (*labels)[size_t(s + i)]) ++right;
    }
  }
  if (acc) *acc = double(right) / N;
  // Classes the judge reads in at least a third of their fair share (N / 30) of the images.
  if (classes)
    *classes = int(std::count_if(per_class.begin(), per_class.end(), [&](int c) { return 30 * c >= N; }));
  return conf / N;
}

void VaeLab::measure_net(Net& n) {
  const int k = cfg.spec.latent;
  models::vae_encode(tape, n.m, test_x, n.mu, n.logvar);
  n.test = models::vae_evaluate(tape, n.m, test_x, n.m.spec.plain ? nullptr : &test_eps, float(cfg.beta));
  n.kl_dims.assign(size_t(k), 0.0f);
  for (int i = 0; i < kTestN && !n.m.spec.plain; ++i)
    for (int j = 0; j < k; ++j)
      n.kl_dims[size_t(j)] += float(models::kl_term(n.mu.at(i, j), n.logvar.at(i, j)) / kTestN);
  eng::Tensor first({kShownRecon, k});
  std::copy(n.mu.v.begin(), n.mu.v.begin() + kShownRecon * k, first.v.begin());
  n.recon_img = models::vae_decode(tape, n.m, first).v;
  eng::Tensor drawn_prior = models::vae_decode(tape, n.m, prior_z);
  n.prior_img.assign(drawn_prior.v.begin(), drawn_prior.v.begin() + kShownDraws * models::kImage);
  if (judge_trained > 0 && !judging())
    n.sample_conf = judge_conf(drawn_prior, nullptr, nullptr, &n.sample_classes);
  double spread = 0;  // the codes' root mean square: how far from N(0, I)'s scale they went
  for (float v : n.mu.v) spread += double(v) * v;
  n.spread = std::sqrt(spread / std::max<size_t>(1, n.mu.v.size()));
}

// The held-out digits through both networks, the latent map, and the judge's verdicts.
void VaeLab::measure() {
  if (!ready || judging() || measured_at == steps) return;
  measured_at = steps;
  measure_net(vae);
  if (cfg.autoencoder) measure_net(ae);
  const int k = cfg.spec.latent, half = kTestN / 2;
  active = 0;
  for (float v : vae.kl_dims) active += v > 0.01f ? 1 : 0;
  // Nearest class mean on mu: the means from the first half, the accuracy on the second.
  std::vector<double> means(size_t(10 * k), 0.0);
  std::vector<int> count(10, 0);
  for (int i = 0; i < half; ++i) {
    ++count[size_t(test_y[size_t(i)])];
    for (int j = 0; j < k; ++j) means[size_t(test_y[size_t(i)] * k + j)] += vae.mu.at(i, j);
  }
  for (int c = 0; c < 10; ++c)
    for (int j = 0; j < k; ++j) means[size_t(c * k + j)] /= std::max(1, count[size_t(c)]);
  int right = 0;
  for (int i = half; i < kTestN; ++i) {
    int best = 0;
    double best_d = 1e300;
    for (int c = 0; c < 10; ++c) {
      double d = 0;
      for (int j = 0; j < k; ++j) d += std::pow(vae.mu.at(i, j) - means[size_t(c * k + j)], 2);
      if (count[size_t(c)] > 0 && d < best_d) {
        best_d = d;
        best = c;
      }
    }
    right += best == test_y[size_t(i)] ? 1 : 0;
  }
  mean_acc = double(right) / (kTestN - half);
  if (judge_trained > 0 && !judging())
    judge_conf(models::vae_decode(tape, vae.m, vae.mu), &test_y, &recon_acc, nullptr);
}

// mu and log sigma^2 of test digit `digit` (all k dims).
VaeLab::DigitReading VaeLab::read_digit() const {
  const int k = cfg.spec.latent;
  DigitReading r{std::vector<float>(size_t(k), 0.0f), std::vector<float>(size_t(k), 0.0f)};
  if (!ready) return r;
  auto* self = const_cast<VaeLab*>(this);  // the tape is scratch space
  eng::Tensor x({1, models::kImage}), e({1, k});
  std::copy(test_x.v.begin() + digit * models::kImage, test_x.v.begin() + (digit + 1) * models::kImage,
            x.v.begin());
  std::copy(digit_eps.begin(), digit_eps.end(), e.v.begin());
  eng::Tensor m, lv;
  models::vae_encode(self->tape, self->vae.m, x, m, lv);
  r.mu = m.v;
  r.logvar = lv.v;
  r.kl = models::gaussian_kl(r.mu.data(), r.logvar.data(), k);
  r.recon = models::vae_evaluate(self->tape, self->vae.m, x, &e, 1.0f).recon;
  return r;
}

// The learner's drawing, encoded (the star on the map and B of the interpolation), or refused.
bool VaeLab::encode_drawing() {
  if (!drawn_ok) {
    draw_note = tr("vae.empty_drawing");
    use_drawn = false;
    return false;
  }
  draw_note.clear();
  use_drawn = true;
  view_at = -1;
  return true;
}

void VaeLab::set_strokes(const std::vector<ui::Stroke>& s) {
  strokes = s;
  pad.assign(size_t(data::kPad * data::kPad), 0.0f);
  data::draw_strokes(pad, strokes);
  drawn.assign(size_t(models::kImage), 0.0f);
  drawn_ok = data::mnist_like(pad, drawn.data());
  if (!drawn_ok) use_drawn = false;
  view_at = -1;
}

// State -----------------------------------------------------------------------------------------
json VaeLab::state() const {
  auto* self = const_cast<VaeLab*>(this);  // measuring is a cache of the weights' consequences
  if (measured_at < 0 || (!running && measured_at != steps)) self->measure();
  const int k = cfg.spec.latent;
  const DigitReading d = read_digit();
  const std::vector<float>&mu = d.mu, &lv = d.logvar;
  auto dim = [&](const std::vector<float>& v, int j) { return j < k ? double(v[size_t(j)]) : 0.0; };
  auto sigma = [&](int j) { return j < k ? std::exp(0.5 * lv[size_t(j)]) : 0.0; };
  auto z = [&](int j) { return j < k ? mu[size_t(j)] + sigma(j) * digit_eps[size_t(j)] : 0.0; };
  const double nelbo = vae.recon_avg + vae.kl_avg;
  return {{"step", steps},
          {"lr", cfg.lr},
          {"beta", cfg.beta},
          {"latent", k},
          {"loss", vae.recon_avg + cfg.beta * vae.kl_avg},
          {"recon", vae.recon_avg},
          {"kl", vae.kl_avg},
          {"nelbo", nelbo},
          {"elbo", -nelbo},
          {"test_recon", vae.test.recon},
          {"test_kl", vae.test.kl},
          {"test_nelbo", vae.test.recon + vae.test.kl},
          {"test_at", measured_at},
          {"active", active},
          {"mean_acc", mean_acc},
          {"ae_recon", ae.recon_avg},
          {"ae_test_recon", ae.test.recon},
          {"mu0", dim(mu, 0)},
          {"mu1", dim(mu, 1)},
          {"sigma0", sigma(0)},
          {"sigma1", sigma(1)},
          {"eps0", dim(digit_eps, 0)},
          {"eps1", dim(digit_eps, 1)},
          {"z0", z(0)},
          {"z1", z(1)},
          {"digit_kl", d.kl},
          {"digit_recon", d.recon},
          {"judge", judge_trained},
          {"judge_acc", judge_acc},
          {"recon_acc", recon_acc},
          {"sample_conf", vae.sample_conf},
          {"ae_sample_conf", ae.sample_conf},
          {"sample_classes", vae.sample_classes},
          {"ae_sample_classes", ae.sample_classes},
          {"spread", vae.spread},
          {"ae_spread", ae.spread},
          {"params", eng::count_values(self->vae.m.params())}};
}

// Registration ----------------------------------------------------------------------------------
namespace {

LabInfo info() {
  LabInfo i;
  i.name = "vae";
  i.title = "vae.title";
  i.make = [] { return std::make_unique<VaeLab>(); };
  i.texts = kTexts;
  i.headline = {"nelbo", "kl", "test_nelbo"};
  return i;
}

[[maybe_unused]] const bool registered = register_lab(info());

}  // namespace

}  // namespace vae_lab
