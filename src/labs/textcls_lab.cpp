// Lab "textcls": text classification. The article's example first (four sentences, an LSTM that
// memorises them and then cannot say anything about a new one), then honest tasks with thousands
// of texts: topics of English fortunes, Tang poem or Song ci, and which of three poets wrote a poem.
// The learner sees held-out accuracy against the majority class, a confusion matrix, and which
// tokens drove one prediction.
//
// Legend (the model's is src/models/text_classifier.h; tokens, vocabulary and split textcls_data.h)
//   a text -> tokens -> ids (<unk> = 0) -> embedding -> LSTM's last state | mean -> z -> softmax p
//   L = mean cross-entropy over a batch of texts;  Adam with learning rate lr, gradient norm <= 5
//   occlusion of token i: p_k(text) - p_k(text with token i replaced by <unk>), k the predicted class
//
// Preset fields (SPEC11)
//   task      article | topics | tang_song | poets;   model  lstm | bag (without it, a new task
//             takes its own: lstm for the article, bag for the others)
//   width 8..128 (C), lr 1e-4..0.1, batch 1..64 (at most the training set), seed
//   sentence  the learner's text to classify, 1..500 characters with at least one token (its first
//             64 tokens are read). A preset with only `sentence` does not restart training; any
//             other preset does (same seed: the same run).
// State keys
//   step, loss (the last batch), train_acc, test_acc (on a sample of at most 500 training texts and
//   on every held-out text, measured kEvalChunk texts per step: the numbers are those of the last
//   full pass), majority_acc, classes, n_train, n_test, vocab, params, lr, data_ready (0/1),
//   sentence_p, sentence_class (-1 while there is no model); added: sentence_probs (K), sentence_unk
//   (how many of its tokens the training texts never had), confusion (K x K, row = true class)
//
// The file, top to bottom: words, configuration, data, training and measurement, reading one
// text, state, registration. The drawing is textcls_view.cpp.
#include <algorithm>
#include <cmath>
#include <numeric>

#include "data/files.h"
#include "data/utf8.h"
#include "labs/textcls_lab.h"
#include "ui/strings.h"

namespace textcls {

namespace {

const std::vector<ui::Text> kTexts = {
    {"textcls.title", "Text classification: what a classifier learns from words",
     "文本分类：分类器从词里学到了什么"},
    {"textcls.key.loss", "training loss", "训练损失"},
    {"textcls.key.train_acc", "training accuracy", "训练准确率"},
    {"textcls.key.test_acc", "held-out accuracy", "留出集准确率"},
    {"textcls.key.majority_acc", "majority-class share", "多数类占比"},
    {"textcls.key.classes", "number of classes", "类别数"},
    {"textcls.key.n_train", "training texts", "训练文本数"},
    {"textcls.key.n_test", "held-out texts", "留出文本数"},
    {"textcls.key.vocab", "vocabulary size", "词表大小"},
    {"textcls.key.params", "parameters", "参数个数"},
    {"textcls.key.data_ready", "data loaded", "数据已加载"},
    {"textcls.key.sentence_p", "probability of the predicted class", "预测类别的概率"},
    {"textcls.key.sentence_class", "predicted class of your sentence", "你的句子被判成的类别"},
    {"textcls.data.label", "Type a sentence for the classifier (at most 500 characters).",
     "输入一句话让分类器判断（最多 500 个字符）。"},
    {"textcls.data.summary", "Class {sentence_class}, with probability {sentence_p}.",
     "类别 {sentence_class}，概率 {sentence_p}。"},
    {"textcls.class.negative", "negative", "负面"},
    {"textcls.class.positive", "positive", "正面"},
    {"textcls.class.computers", "computers", "计算机"},
    {"textcls.class.politics", "politics", "政治"},
    {"textcls.class.science", "science", "科学"},
    {"textcls.class.songs-poems", "songs and poems", "歌与诗"},
    {"textcls.class.tang", "Tang poem", "唐诗"},
    {"textcls.class.song", "Song poem", "宋诗"},
    {"textcls.class.du_fu", "Du Fu", "杜甫"},
    {"textcls.class.li_bai", "Li Bai", "李白"},
    {"textcls.class.wang_wei", "Wang Wei", "王维"},
    {"textcls.loading", "Loading the texts for this task…", "正在加载这个任务的文本…"},
    {"textcls.failed", "Could not load %s:", "无法加载 %s："},
    {"textcls.retry", "Retry", "重试"},
    {"textcls.article_source", "The article's 4 sentences for training; 6 new sentences held out",
     "文章里的 4 句话用于训练；另有 6 句新句子留出"},
    {"textcls.article_note",
     "Four sentences are not a data set. The LSTM can memorise them (training accuracy 1), but it has "
     "nothing to generalise from: a word it never saw becomes <unk>, whose embedding was never trained, "
     "and \"not\" means nothing to it. Its answers on new sentences are guesses.",
     "四句话不是数据集。LSTM 能把它们背下来（训练准确率为 1），却没有任何可以推广的东西："
     "没见过的词都变成 <unk>，它的嵌入从未训练过；\"not\" 对它毫无意义。它对新句子的回答只是猜测。"},
    {"textcls.summary", "%d training texts, %d held out, %d classes, vocabulary %d tokens (+ <unk>)",
     "%d 条训练文本，%d 条留出，%d 个类别，词表 %d 个词元（另加 <unk>）"},
    {"textcls.loss_plot", "Training loss (cross-entropy, per batch)", "训练损失（交叉熵，每批）"},
    {"textcls.acc_plot", "Accuracy", "准确率"},
    {"textcls.acc_help",
     "Training accuracy on up to 500 training texts, held-out accuracy on texts the model never trains "
     "on. The grey line is the share of the largest class among the held-out texts: always answering "
     "that class scores this much, so a classifier is only worth something above it. Both are measured "
     "a few dozen texts per step; the numbers are those of the last full pass.",
     "训练准确率在最多 500 条训练文本上测量，留出集准确率在模型从未训练过的文本上测量。"
     "灰线是留出集中最大类别的占比：永远回答这个类别就能得到这么多，所以分类器只有高于它才有价值。"
     "每一步测几十条文本；显示的是最近一次完整测量的结果。"},
    {"textcls.train", "training", "训练"},
    {"textcls.test", "held-out", "留出"},
    {"textcls.majority", "majority class", "多数类"},
    {"textcls.confusion", "Confusion matrix on the held-out texts", "留出集上的混淆矩阵"},
    {"textcls.confusion_help",
     "Row: the true class; column: the class the model chose. The diagonal counts the right answers; a "
     "darker cell holds a larger share of its row.",
     "行：真实类别；列：模型选的类别。对角线上是答对的个数；颜色越深，这一格占它所在行的比例越大。"},
    {"textcls.true_pred", "true \\ predicted", "真实 \\ 预测"},
    {"textcls.one_text", "One held-out text", "一条留出文本"},
    {"textcls.your_sentence", "Your sentence", "你的句子"},
    {"textcls.text_n", "text", "文本"},
    {"textcls.next", "Next", "下一条"},
    {"textcls.label_is", "true class: %s", "真实类别：%s"},
    {"textcls.tokens_help",
     "Each token is coloured by how much it drove the prediction: the drop in the predicted class's "
     "probability when that token alone is replaced by <unk>. Blue: the token argued for the predicted "
     "class; orange: against it; pale: it hardly mattered. Grey tokens were never seen in training "
     "(<unk>). Hover a token for its number.",
     "每个词元的颜色表示它对这次预测的影响：只把这个词元换成 <unk> 时，预测类别的概率下降了多少。"
     "蓝色：它支持预测的类别；橙色：它反对；很淡：几乎没有影响。灰色词元在训练中从未出现（<unk>）。"
     "把鼠标停在词元上可以看到数值。"},
    {"textcls.drop", "%s: drop %+.3f", "%s：下降 %+.3f"},
    {"textcls.unseen", "%s: never seen in training (<unk>)", "%s：训练中从未出现（<unk>）"},
    {"textcls.cut", "(only the first 64 tokens are read)", "（只读前 64 个词元）"},
    {"textcls.probs", "Class probabilities p = softmax(z)", "各类别的概率 p = softmax(z)"},
    {"textcls.box", "sentence", "句子"},
    {"textcls.classify", "Classify", "判断"},
    {"textcls.task", "task", "任务"},
    {"textcls.model", "model", "模型"},
    {"textcls.model_help",
     "lstm: an LSTM reads the tokens in order; its last hidden state is classified. bag: the mean of "
     "the token embeddings, so word order is lost; it is fast and often as good for topics.",
     "lstm：LSTM 按顺序读词元，用它最后的隐藏状态分类。bag：词元嵌入的平均值，丢掉了词序；"
     "它很快，对主题分类往往一样好。"},
    {"textcls.width", "width C", "宽度 C"},
    {"textcls.lr", "learning rate", "学习率"},
    {"textcls.batch", "batch", "批大小"},
    {"textcls.seed", "seed", "随机种子"},
    {"textcls.seed_help", "The starting weights and the order of the batches come from the seed; the "
     "split into training and held-out texts does not (every 5th text of a file is held out).",
     "初始权重和批次的顺序由种子决定；训练集和留出集的划分与种子无关（每个文件中每第 5 条留出）。"},
};

// The sentence a task starts with.
const std::vector<std::pair<std::string, std::string>> kDefaultSentences = {
    {"article", "I love deep learning"},
    {"topics", "The computer lost my files again"},
    {"tang_song", "明月几时有，把酒问青天。"},
    {"poets", "举头望明月，低头思故乡。"},
};

}  // namespace

std::string default_sentence(const std::string& task) {
  for (const auto& [t, s] : kDefaultSentences)
    if (t == task) return s;
  return kDefaultSentences[0].second;
}

std::vector<std::string> check_sentence(const json& v, std::vector<std::string>& notes) {
  if (!v.is_string()) throw LabError("sentence: expected a string, got " + v.dump());
  const std::string s = v.get<std::string>();
  size_t chars = 0;
  if (data::invalid_utf8(s, chars) != std::string::npos) throw LabError("sentence: not valid UTF-8");
  if (s.find_first_not_of(" \t\r\n") == std::string::npos)
    throw LabError("sentence: empty; type a sentence to classify");
  if (chars > size_t(kMaxSentence))
    throw LabError("sentence: " + std::to_string(chars) + " characters; at most " +
                   std::to_string(kMaxSentence));
  std::vector<std::string> tokens = tokenize(s);
  if (tokens.empty()) throw LabError("sentence: no words or Chinese characters in it");
  if (tokens.size() > size_t(kMaxTokens))
    notes.push_back("sentence: " + std::to_string(tokens.size()) + " tokens; the model reads the first " +
                    std::to_string(kMaxTokens));
  return tokens;
}

std::string default_model(const std::string& task) { return task == "article" ? "lstm" : "bag"; }

TextclsLab::TextclsLab() {
  sentence = default_sentence(task);
  reset();
}

// Configuration ---------------------------------------------------------------------------------
void TextclsLab::configure(const json& preset) {
  check_fields(preset, {"task", "model", "width", "lr", "batch", "seed", "sentence"});
  std::vector<std::string> n;
  const std::string t = read_choice(preset, "task", task, kTasks);
  // A new task without a model starts with its own: the article's LSTM, a bag for the others (as
  // good on these texts, and ten times faster).
  const std::string m = read_choice(preset, "model", t != task ? default_model(t) : model_name, kModels);
  const long w = read_int(preset, "width", width, 8, 128, n);
  const double r = read_number(preset, "lr", lr, 1e-4, 0.1, n);
  const long b = read_int(preset, "batch", batch, 1, 64, n);
  const long sd = read_int(preset, "seed", seed, 0, 1000000000, n);
  // A new task without a sentence of the learner's starts from that task's example.
  const json sv = preset.contains("sentence") ? preset["sentence"]
                                              : json(t != task ? default_sentence(t) : sentence);
  check_sentence(sv, n);
  const std::string s = sv.get<std::string>();
  const bool only_sentence = preset.size() == 1 && preset.contains("sentence");
  task = t;
  model_name = m;
  width = w;
  lr = r;
  batch = b;
  seed = sd;
  sentence = s;
  notes = n;
  std::snprintf(sentence_box, sizeof sentence_box, "%s", sentence.c_str());
  box_note.clear();
  if (only_sentence && ready) {
    sentence_reading = read(tokenize(sentence));
    shown_for = -2;  // read the shown text again
    return;
  }
  reset();
}

json TextclsLab::preset() const {
  return {{"task", task}, {"model", model_name}, {"width", width}, {"lr", lr},
          {"batch", batch}, {"seed", seed},      {"sentence", sentence}};
}

// Data ------------------------------------------------------------------------------------------
// Asks for all the task's files (the browser fetches them side by side); when all are there,
// builds the texts, the vocabulary and the ids.
bool TextclsLab::load_data() {
  if (loaded_task == task) return true;
  const std::vector<std::string> files = task_files(task);
  std::vector<data::FileAnswer> answers;
  for (const std::string& f : files) answers.push_back(data::request_file(f));
  wait = {};
  bool all = true;
  for (size_t i = 0; i < files.size(); ++i) all = data::note_answer(wait, files[i], answers[i]) && all;
  if (!all) return false;
  std::vector<data::Corpus> corpora;
  for (size_t i = 0; i < files.size(); ++i) {
    try {
      corpora.push_back(data::parse_corpus(files[i], *answers[i].bytes));
    } catch (const std::runtime_error& e) {
      wait = {files[i], e.what()};
      return false;
    }
  }
  task_data = make_task(task, corpora);
  std::vector<std::vector<std::string>> train_tokens;
  for (const Example& x : task_data.train) train_tokens.push_back(x.tokens);
  vocab = build_vocab(train_tokens);
  train_ids.clear();
  test_ids.clear();
  for (const Example& x : task_data.train) train_ids.push_back(vocab.encode(x.tokens));
  for (const Example& x : task_data.test) test_ids.push_back(vocab.encode(x.tokens));
  std::vector<int> count(size_t(classes()), 0);
  for (const Example& x : task_data.test) ++count[size_t(x.label)];
  majority = double(*std::max_element(count.begin(), count.end())) / double(task_data.test.size());
  // A pass measures every held-out text and an evenly spaced sample of the training texts, in
  // order of length, so each chunk's texts are about as long (little padding).
  const int n_test = int(test_ids.size());
  eval_list.resize(test_ids.size());
  std::iota(eval_list.begin(), eval_list.end(), 0);
  const size_t every = std::max<size_t>(1, (train_ids.size() + kTrainSample - 1) / kTrainSample);
  for (size_t j = 0; j < train_ids.size(); j += every) eval_list.push_back(n_test + int(j));
  auto ids_of = [&](int e) -> const std::vector<int>& {
    return e < n_test ? test_ids[size_t(e)] : train_ids[size_t(e - n_test)];
  };
  std::stable_sort(eval_list.begin(), eval_list.end(),
                   [&](int a, int b) { return ids_of(a).size() < ids_of(b).size(); });
  loaded_task = task;
  return true;
}

// Training and measurement ----------------------------------------------------------------------
void TextclsLab::reset() {
  steps = 0;
  alert.clear();
  running = false;
  loss_curve.clear();
  train_curve.clear();
  test_curve.clear();
  majority_curve.clear();
  loss = 0;
  train_acc = 0;
  test_acc = 0;
  confusion.clear();
  sentence_reading = Reading{};
  shown_for = -2;  // read the shown text again
  ready = load_data();
  if (ready) start_training();
}

void TextclsLab::start_training() {
  rng = eng::Rng{uint64_t(seed)};
  const auto enc = model_name == "bag" ? models::TextEncoder::bag : models::TextEncoder::lstm;
  net = models::TextClassifier(enc, vocab.size(), int(width), classes(), rng);
  n_params = eng::count_values(net.params());
  adam = eng::Adam{};
  new_epoch();
  shown = std::clamp(shown, 0, std::max(0, int(test_ids.size()) - 1));
  eval_at = 0;
  pass_test_ok = 0;
  pass_train_ok = 0;
  pass_train_n = 0;
  pass_confusion.assign(size_t(classes() * classes()), 0);
  measure(eval_list.size());  // the whole pass at step 0
  sentence_reading = read(tokenize(sentence));
}

// A new order of the training texts, in batches of about equal length (less padding, so a step
// costs what its texts need): shuffled, sorted by length within windows of 16 batches, cut into
// batches, and the batches shuffled.
void TextclsLab::new_epoch() {
  const size_t n = train_ids.size();
  const size_t B = std::max<size_t>(1, std::min(size_t(batch), n));
  std::vector<int> shuffled(n);
  std::iota(shuffled.begin(), shuffled.end(), 0);
  eng::shuffle(shuffled, rng);
  const auto shorter = [&](int a, int b) {
    return train_ids[size_t(a)].size() < train_ids[size_t(b)].size();
  };
  for (size_t at = 0; at < n; at += 16 * B)
    std::stable_sort(shuffled.begin() + long(at), shuffled.begin() + long(std::min(n, at + 16 * B)), shorter);
  std::vector<size_t> starts;
  for (size_t at = 0; at < n; at += B) starts.push_back(at);
  eng::shuffle(starts, rng);
  order.clear();
  for (size_t at : starts)
    order.insert(order.end(), shuffled.begin() + long(at), shuffled.begin() + long(std::min(n, at + B)));
  cursor = 0;
}

// One step: the next batch of the shuffled training texts (a new order every epoch).
void TextclsLab::step() {
  if (!ready) {
    ready = load_data();
    if (!ready) return;
    start_training();
  }
  const size_t B = std::min(size_t(batch), order.size());
  std::vector<const std::vector<int>*> texts;
  std::vector<int> labels;
  for (size_t i = 0; i < B; ++i) {
    if (cursor == order.size()) new_epoch();
    const int k = order[cursor++];
    texts.push_back(&train_ids[size_t(k)]);
    labels.push_back(task_data.train[size_t(k)].label);
  }
  const eng::ParamList ps = net.params();
  tape.clear();
  eng::Var L = eng::cross_entropy(models::text_logits(tape, net, models::make_text_batch(texts)), labels);
  eng::zero_grad(ps);
  tape.backward(L);
  eng::clip_grad_norm(ps, 5.0f);
  adam.lr = float(lr);
  adam.step(ps);
  loss = L.item();
  ++steps;
  measure(kEvalChunk);
  sentence_reading = read(tokenize(sentence));
  loss_curve.push(loss);
  train_curve.push(float(train_acc));
  test_curve.push(float(test_acc));
  majority_curve.push(float(majority));
  check_finite({{"L", loss}, {"p", sentence_reading.p.empty() ? 0.0 : sentence_reading.p[0]}});
}

// The class probabilities of some texts (K per text, in order), without gradients.
std::vector<float> TextclsLab::probabilities(const std::vector<std::vector<int>>& texts) {
  std::vector<float> p;
  eng::NoGrad ng(tape);
  for (size_t at = 0; at < texts.size(); at += kEvalChunk) {
    std::vector<const std::vector<int>*> chunk;
    for (size_t i = at; i < texts.size() && i < at + kEvalChunk; ++i) chunk.push_back(&texts[i]);
    tape.clear();
    eng::Var probs = eng::softmax(models::text_logits(tape, net, models::make_text_batch(chunk)));
    p.insert(p.end(), probs.value(), probs.value() + probs.shape().size());
  }
  return p;
}

void TextclsLab::measure(size_t n) {
  const int K = classes();
  const int n_test = int(test_ids.size());
  std::vector<std::vector<int>> texts;
  std::vector<int> which;
  for (; n > 0 && eval_at < eval_list.size(); --n) {
    const int e = eval_list[eval_at++];
    which.push_back(e);
    texts.push_back(e < n_test ? test_ids[size_t(e)] : train_ids[size_t(e - n_test)]);
  }
  const std::vector<float> p = probabilities(texts);
  for (size_t i = 0; i < which.size(); ++i) {
    const float* row = p.data() + i * size_t(K);
    const int guess = int(std::max_element(row, row + K) - row);
    const int e = which[i];
    if (e < n_test) {
      const int truth = task_data.test[size_t(e)].label;
      pass_test_ok += guess == truth;
      ++pass_confusion[size_t(truth * K + guess)];
    } else {
      pass_train_ok += guess == task_data.train[size_t(e - n_test)].label;
      ++pass_train_n;
    }
  }
  if (eval_at < eval_list.size()) return;
  test_acc = double(pass_test_ok) / double(std::max(1, n_test));
  train_acc = double(pass_train_ok) / double(std::max(1, pass_train_n));
  confusion = pass_confusion;
  eval_at = 0;
  pass_test_ok = 0;
  pass_train_ok = 0;
  pass_train_n = 0;
  std::fill(pass_confusion.begin(), pass_confusion.end(), 0);
}

// Reading one text ------------------------------------------------------------------------------
// Its probabilities, and per token the drop of the predicted class's probability when that token
// is replaced by <unk>: the text and its variants go through the model as one batch.
Reading TextclsLab::read(const std::vector<std::string>& tokens) {
  Reading r;
  const std::vector<int> ids = vocab.encode(tokens);
  if (ids.empty() || !ready) return r;
  r.cut = tokens.size() > ids.size();
  r.tokens.assign(tokens.begin(), tokens.begin() + long(ids.size()));
  std::vector<std::vector<int>> texts = {ids};
  for (size_t i = 0; i < ids.size(); ++i) {
    texts.push_back(ids);
    texts.back()[i] = 0;
  }
  const int K = classes();
  const std::vector<float> p = probabilities(texts);
  r.p.assign(p.begin(), p.begin() + K);
  r.cls = int(std::max_element(r.p.begin(), r.p.end()) - r.p.begin());
  for (size_t i = 0; i < ids.size(); ++i) r.drop.push_back(r.p[size_t(r.cls)] - p[(i + 1) * K + r.cls]);
  return r;
}

json TextclsLab::state() const {
  const bool has = !sentence_reading.p.empty();
  int unseen = 0;
  for (const std::string& t : sentence_reading.tokens) unseen += vocab.id(t) == 0;
  return {{"step", steps},
          {"loss", loss},
          {"train_acc", train_acc},
          {"test_acc", test_acc},
          {"majority_acc", ready ? majority : 0.0},
          {"classes", ready ? classes() : 0},
          {"n_train", ready ? train_ids.size() : 0},
          {"n_test", ready ? test_ids.size() : 0},
          {"vocab", ready ? vocab.size() : 0},
          {"params", ready ? n_params : 0},
          {"lr", lr},
          {"data_ready", ready ? 1 : 0},
          {"sentence_p", has ? sentence_reading.p[size_t(sentence_reading.cls)] : 0.0f},
          {"sentence_class", has ? sentence_reading.cls : -1},
          {"sentence_probs", sentence_reading.p},
          {"sentence_unk", unseen},
          {"confusion", confusion}};
}

// Registration ----------------------------------------------------------------------------------
namespace {

LabInfo info() {
  LabInfo i;
  i.name = "textcls";
  i.title = "textcls.title";
  i.make = [] { return std::make_unique<TextclsLab>(); };
  i.texts = kTexts;
  i.headline = {"loss", "test_acc"};
  DataTool d;
  d.field = "sentence";
  d.label = "textcls.data.label";
  d.example = "I love deep learning";
  d.summary = "textcls.data.summary";
  i.data = d;
  return i;
}

[[maybe_unused]] const bool registered = register_lab(info());

}  // namespace

}  // namespace textcls
