// Lab "charlm": a character language model trained live, on Tang poems, English verse, the
// learner's own text, or two synthetic probes (closing brackets opened far back; copying a
// string). The model is switchable: bigram, RNN, LSTM, GRU, Transformer (src/models/charlm.h).
//
// Preset fields (SPEC11: lessons rely on these names)
//   corpus      tang | verse | custom (the pasted `text`) | brackets | copy
//   text        the learner's text for corpus custom (300 characters .. 200 KB)
//   model       bigram | rnn | lstm | gru | transformer
//   layers 1..4, heads 1..8 (transformer; width must split into heads), width 8..256,
//   context 4..128, batch 1..64, lr (Adam) 1e-4..0.1, seed
//   temperature 0.1..2, top_k 0 (all) ..V, prompt, layer, head, position (-1: the last)
//   compute     cpu | webgpu (the Transformer only; switching keeps the run: charlm_compute.cpp)
// State keys: step, loss, val_loss, train_ppl, val_ppl, bigram_loss, bigram_ppl, vocab, params,
//   data_ready, lr, context, layers, heads (0 unless a Transformer), temperature, top_k, verse_share,
//   close_acc, copy_att, p_top1, val_step, gpu (1 on WebGPU), weights_step (the CPU copy's step)
//
// Data: the split is by entry (every 10th poem, or synthetic sequence, is held out; pasted text:
// its last tenth), never by the seed. Validation runs every kEvalEvery steps on a fixed subset of
// kValWindows windows, and the bigram baseline (counted on the training text, interpolated with
// the add-one unigram) is measured on the same targets.
//
// This file: [1] message formatting (the words are in charlm_view.cpp), [2] the verse metric, [3] data, [4]
// configure / preset, [5] training and measuring, [6] state, [7] registration. The drawing is
// charlm_view.cpp.
#include "labs/charlm_lab.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>

#include "data/corpus.h"
#include "data/files.h"
#include "data/utf8.h"
#include "ui/strings.h"

using ui::tr;

namespace charlm_lab {

namespace {

// [1] A message from a format string of the lab's words: "%s" first, then up to two numbers.
std::string format(const char* fmt, const std::string& a, long b = 0, long c = 0) {
  char buf[512];
  std::snprintf(buf, sizeof buf, fmt, a.c_str(), b, c);
  return buf;
}

// [2] The verse metric ----------------------------------------------------------------------------
bool is_han(char32_t c) {
  return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF) || (c >= 0xF900 && c <= 0xFAFF) ||
         (c >= 0x20000 && c <= 0x2FA1F);
}

bool is_phrase_end(char32_t c) { return c == U'，' || c == U'。' || c == U'？' || c == U'！' || c == U'；'; }

}  // namespace

bool verse_shaped(const std::string& line) {
  int han = 0, phrases = 0;
  for (char32_t c : data::code_points(line)) {
    if (is_han(c)) {
      ++han;
    } else if (is_phrase_end(c)) {
      if (han != 5 && han != 7) return false;
      ++phrases;
      han = 0;
    } else {
      return false;
    }
  }
  return phrases > 0 && han == 0;
}

double verse_share(const std::string& text, int* lines) {
  int counted = 0, good = 0;
  size_t begin = 0;
  for (size_t end = text.find('\n'); end != std::string::npos; end = text.find('\n', begin)) {
    const std::string line = text.substr(begin, end - begin);
    begin = end + 1;
    if (line.empty()) continue;
    ++counted;
    if (verse_shaped(line)) ++good;
  }
  if (lines) *lines = counted;
  return counted ? double(good) / counted : 0.0;
}

// [3] Data --------------------------------------------------------------------------------------
namespace {

// Entries become one text each; every 10th is held out for validation.
struct Split {
  std::string train, val;
  std::vector<size_t> val_entry_starts;  // byte offsets in val of each entry's leading "\n"
};

void add_entry(Split& s, size_t index, const std::string& entry) {
  std::string& out = index % 10 == 9 ? s.val : s.train;
  if (index % 10 == 9) s.val_entry_starts.push_back(out.size());
  out += "\n" + entry;
}

// Brackets: an opener, T/2 .. 3T/4 random letters a-d, its closer (short enough that a training
// window of T+1 often holds a whole sequence, long enough that the opener is far back). Copy: a
// string of K = min(8, (T-2)/2) letters a-j, "|", the string again. Both from the seed.
Split synthetic(const std::string& corpus, int T, uint64_t seed) {
  eng::Rng rng(seed, 7);
  Split s;
  const std::string open = "([{<", close = ")]}>";
  const int K = std::max(1, std::min(8, (T - 2) / 2));
  for (size_t i = 0; i < 3000; ++i) {
    std::string e;
    if (corpus == "brackets") {
      const int which = rng.below(4);
      const int lo = std::max(1, T / 2), fill = lo + rng.below(std::max(1, T / 4 + 1));
      e += open[size_t(which)];
      for (int k = 0; k < fill; ++k) e += char('a' + rng.below(4));
      e += close[size_t(which)];
    } else {
      std::string str;
      for (int k = 0; k < K; ++k) str += char('a' + rng.below(10));
      e = str + "|" + str;
    }
    add_entry(s, i, e);
  }
  s.train += "\n";
  s.val += "\n";
  return s;
}

Split from_corpus(const data::Corpus& c) {
  Split s;
  for (size_t i = 0; i < c.entries.size(); ++i) add_entry(s, i, c.entries[i].text + "\n");
  return s;
}

// Pasted text: the first nine tenths train, the last tenth validates (cut between characters).
Split from_text(const std::string& text) {
  const std::vector<char32_t> cps = data::code_points(text);
  Split s;
  const size_t cut = cps.size() - cps.size() / 10;
  for (size_t i = 0; i < cps.size(); ++i) (i < cut ? s.train : s.val) += data::utf8_of(cps[i]);
  return s;
}

Prepared prepare(const Split& s, int T, bool synthetic_seqs) {
  Prepared p;
  p.vocab = std::make_unique<data::CharVocab>(s.train + s.val + "\n");
  p.train = p.vocab->encode(s.train);
  p.val = p.vocab->encode(s.val);
  p.val_T = std::max(1, std::min(T, int(p.val.size()) - 1));
  const int last = int(p.val.size()) - p.val_T - 1;  // the last start of a whole window
  if (synthetic_seqs) {
    // The byte offsets are code-point offsets here: synthetic text is ASCII.
    for (size_t k = 0; k < s.val_entry_starts.size(); ++k) {
      const int start = int(s.val_entry_starts[k]);
      const int end =
          k + 1 < s.val_entry_starts.size() ? int(s.val_entry_starts[k + 1]) : int(p.val.size()) - 1;
      p.seq_starts.push_back(start);
      p.seq_lengths.push_back(end - start - 1);
      if (start <= last && int(p.val_starts.size()) < kValWindows) p.val_starts.push_back(start);
    }
  } else {
    const int n = std::max(1, std::min(kValWindows, last + 1));
    for (int i = 0; i < n; ++i) p.val_starts.push_back(n > 1 ? int(long(i) * last / (n - 1)) : 0);
  }
  return p;
}

// −log p(y | x) of the counted bigram, on the targets of the validation windows:
//   p(b | a) = (c(a,b) + β u(b)) / (c(a) + β),   u(b) = (c(b) + 1) / (N + V),   β = 1.
float bigram_baseline(const Prepared& p) {
  const int V = p.vocab->size();
  std::map<std::pair<int, int>, int> pair_count;
  std::vector<double> first(size_t(V), 0), uni(size_t(V), 0);
  for (size_t i = 0; i + 1 < p.train.size(); ++i) {
    ++pair_count[{p.train[i], p.train[i + 1]}];
    first[size_t(p.train[i])] += 1;
  }
  for (int id : p.train) uni[size_t(id)] += 1;
  const double N = double(p.train.size()), beta = 1.0;
  double total = 0;
  long n = 0;
  for (int start : p.val_starts)
    for (int k = 0; k < p.val_T; ++k) {
      const int a = p.val[size_t(start + k)], b = p.val[size_t(start + k + 1)];
      auto it = pair_count.find({a, b});
      const double c_ab = it == pair_count.end() ? 0.0 : it->second;
      const double u = (uni[size_t(b)] + 1) / (N + V);
      total -= std::log((c_ab + beta * u) / (first[size_t(a)] + beta));
      ++n;
    }
  return n ? float(total / double(n)) : 0.0f;
}

// verse_share of a fixed-seed sample at τ = 0.8: kVerseLines / 2 poems are begun in lockstep (one
// batch per character), each until it has finished two lines or has 48 characters.
double sample_verse_share(eng::Tape& t, models::CharLM& m, const data::CharVocab& v) {
  constexpr int kStreams = kVerseLines / 2, kMaxChars = 48;
  eng::Rng rng(20260101);
  const int nl = v.id(U'\n');
  std::vector<std::vector<int>> ctx(size_t(kStreams), std::vector<int>{nl, nl});
  std::vector<std::string> made(static_cast<size_t>(kStreams));
  std::vector<int> lines(size_t(kStreams), 0);
  for (int i = 0; i < kMaxChars && *std::min_element(lines.begin(), lines.end()) < 2; ++i) {
    const std::vector<std::vector<float>> z = models::next_logits(t, m, ctx);
    for (size_t s = 0; s < ctx.size(); ++s) {
      const int id = models::draw_from(models::softmax_temperature(z[s], 0.8f, 0), rng);
      if (lines[s] < 2) made[s] += v.piece(id);
      if (lines[s] < 2 && id == nl && made[s].size() > 1 && made[s][made[s].size() - 2] != '\n') ++lines[s];
      ctx[s].push_back(id);
      if (int(ctx[s].size()) > m.cfg.T) ctx[s].erase(ctx[s].begin());
    }
  }
  std::string all;
  for (const std::string& s : made) all += s.substr(0, s.rfind('\n') + 1);  // complete lines only
  return verse_share(all);
}

models::CharArch arch_of(const std::string& name) {
  return models::CharArch(std::find(kModels.begin(), kModels.end(), name) - kModels.begin());
}

}  // namespace

// The corpus is loaded by the first configure(), step() or draw(), not here: a lab is made, then
// configured, and loading twice would cost a validation and a sample for nothing.
CharlmLab::CharlmLab() {}

const char* CharlmLab::file_name() const {
  if (corpus == "tang") return "tang300.json";
  if (corpus == "verse") return "songs-poems.json";
  return nullptr;
}

bool CharlmLab::ensure_data() {
  if (data_ready) return true;
  Split s;
  if (const char* name = file_name()) {
    wait = {};
    const data::FileAnswer a = data::request_file(name);
    if (!data::note_answer(wait, name, a)) return false;
    try {
      s = from_corpus(data::parse_corpus(name, *a.bytes));
    } catch (const std::exception& e) {
      wait = {name, e.what()};
      return false;
    }
  } else if (corpus == "custom") {
    s = from_text(text);
  } else {
    s = synthetic(corpus, int(context), uint64_t(seed));
  }
  d = prepare(s, int(context), file_name() == nullptr && corpus != "custom");
  wait = {};
  data_ready = true;
  build();
  return true;
}

// [4] Configuration -------------------------------------------------------------------------------
namespace {

std::string read_string(const json& preset, const char* key, const std::string& current) {
  if (!preset.contains(key)) return current;
  const json& v = preset[key];
  if (!v.is_string()) throw LabError(std::string(key) + ": expected a string, got " + v.dump().substr(0, 40));
  return data::utf8_clean(v.get<std::string>());
}

// Pasted text must be long enough to train on and small enough to hold (LabError otherwise).
void check_text(const std::string& text) {
  const long chars = long(data::code_points(text).size());
  if (text.find_first_not_of(" \t\r\n") == std::string::npos)
    throw LabError(format(tr("charlm.err_empty"), "text", kMinText));
  if (chars < kMinText) throw LabError(format(tr("charlm.err_short"), "text", chars, kMinText));
  if (text.size() > size_t(kMaxTextKB) * 1024)
    throw LabError(format(tr("charlm.err_huge"), "text", long(text.size() / 1024), kMaxTextKB));
}

}  // namespace

void CharlmLab::configure(const json& preset) {
  check_fields(preset, {"corpus", "text", "model", "layers", "heads", "width", "context", "batch", "lr",
                        "seed", "temperature", "top_k", "prompt", "layer", "head", "position", "compute"});
  // where it trains (a switch mid-run) keeps the run; every other field restarts it
  const std::string cp = read_choice(preset, "compute", compute_pref, {"cpu", "webgpu"});
  if (preset.size() == 1 && preset.contains("compute")) {
    compute_pref = cp;
    return;
  }
  std::vector<std::string> n;
  const std::string co = read_choice(preset, "corpus", corpus, kCorpora);
  const std::string mo = read_choice(preset, "model", arch, kModels);
  const std::string te = read_string(preset, "text", text);
  // A prompt belongs to its corpus: another corpus without a prompt of its own starts with none
  // (the Tang prompt of one run block would otherwise be refused by the next block's English).
  const bool same_corpus = co == corpus;
  const std::string pr = read_string(preset, "prompt", same_corpus ? prompt : std::string());
  const long la = read_int(preset, "layers", layers, 1, 4, n);
  const long he = read_int(preset, "heads", heads, 1, 8, n);
  const long wi = read_int(preset, "width", width, 8, 256, n);
  const long cx = read_int(preset, "context", context, 4, 128, n);
  const long ba = read_int(preset, "batch", batch, 1, 64, n);
  const double r = read_number(preset, "lr", lr, 1e-4, 0.1, n);
  const long sd = read_int(preset, "seed", seed, 0, 1000000000, n);
  const double tau = read_number(preset, "temperature", temperature, 0.1, 2.0, n);
  const long tk = read_int(preset, "top_k", top_k, 0, 100000, n);
  const long ly = read_int(preset, "layer", layer, 0, 3, n);
  const long hd = read_int(preset, "head", head, 0, 7, n);
  const long po = read_int(preset, "position", position, -1, 127, n);
  if (preset.contains("text") || co == "custom") {
    if (co == "custom" || !te.empty()) check_text(te);
  }
  if (mo == "transformer" && wi % he != 0) throw LabError(format(tr("charlm.err_heads"), "heads", wi, he));
  const long prompt_chars = long(data::code_points(pr).size());
  if (prompt_chars > cx) n.push_back(format(tr("charlm.note_prompt_long"), "prompt", prompt_chars, cx));
  corpus = co;
  arch = mo;
  text = te;
  prompt = pr;
  layers = la;
  heads = he;
  width = wi;
  context = cx;
  batch = ba;
  lr = r;
  seed = sd;
  temperature = tau;
  top_k = tk;
  layer = ly;
  head = hd;
  position = po;
  compute_pref = cp;
  notes = n;
  reset();
  if (!prompt_note.empty()) notes.push_back(prompt_note);
}

json CharlmLab::preset() const {
  json p = {{"corpus", corpus},    {"model", arch},
            {"layers", layers},    {"heads", heads},
            {"width", width},      {"context", context},
            {"batch", batch},      {"lr", lr},
            {"seed", seed},        {"temperature", temperature},
            {"top_k", top_k},      {"prompt", prompt},
            {"layer", layer},      {"head", head},
            {"position", position},    {"compute", compute_pref}};
  if (!text.empty()) p["text"] = text;
  return p;
}

// [5] Training and measuring ----------------------------------------------------------------------
void CharlmLab::reset() {
  gpu_stop();
  steps = 0;
  weights_step = 0;
  alert.clear();
  running = false;
  data_ready = false;
  loss = 0;
  val_loss = 0;
  bigram_loss = 0;
  share = 0;
  close_acc = 0;
  copy_att = 0;
  val_step = -1;
  for (ui::Curve* c :
       {&train_curve, &val_curve, &bigram_curve, &train_ppl_curve, &val_ppl_curve, &bigram_ppl_curve})
    c->clear();
  prompt_ids.clear();
  prompt_note.clear();
  logits.clear();
  probs.clear();
  trace = models::CharTrace{};
  sample.clear();
  ensure_data();
}

void CharlmLab::build() {
  // A step must fit a frame or two: the read-out alone costs B T C V multiply-adds (and three times
  // that with its gradients), so a large batch on a large vocabulary is cut down, with a note.
  const double readout = double(context) * double(width) * double(d.vocab->size());
  const long fit = std::max(1L, long(kMaxReadoutWork / readout));
  if (batch > fit) {
    notes.push_back(format(tr("charlm.note_batch"), "batch", batch, fit));
    batch = fit;
  }
  eng::Rng rng{uint64_t(seed)};
  models::CharLMConfig cfg;
  cfg.arch = arch_of(arch);
  cfg.V = d.vocab->size();
  cfg.C = int(width);
  cfg.layers = int(layers);
  cfg.heads = int(heads);
  cfg.T = int(context);
  model = models::CharLM(cfg, rng);
  n_params = eng::count_values(model.params());
  adam = eng::Adam{};
  batch_rng = eng::Rng(uint64_t(seed), 11);
  bigram_loss = bigram_baseline(d);
  // Step 0: the validation loss, not the samples (verse_share, the live sample): an untrained model
  // writes noise, and generating it character by character is the slow part. draw() asks for the
  // live sample when it shows the lab; verse_share is measured from the first validation on.
  evaluate(false);
  refresh_prompt(false);
  shown_step = -1;
}

void CharlmLab::next_batch() {
  const int B = int(batch), T = int(context);
  batch_ids.resize(size_t(B * (T + 1)));
  const int starts = int(d.train.size()) - T;  // windows of T+1 ids
  for (int b = 0; b < B; ++b) {
    const int s = batch_rng.below(starts);
    std::copy(d.train.begin() + s, d.train.begin() + s + T + 1, batch_ids.begin() + b * (T + 1));
  }
}

void CharlmLab::step() {
  if (!ensure_data()) return;
  gpu_update();
  if (gpu.on) {
    gpu_step();
    return;
  }
  next_batch();
  tape.clear();
  eng::Var L = models::charlm_loss(tape, model, batch_ids, int(batch), int(context));
  const eng::ParamList ps = model.params();
  eng::zero_grad(ps);
  tape.backward(L);
  adam.lr = float(lr);
  adam.step(ps);
  loss = L.item();
  ++steps;
  weights_step = steps;
  after_step(steps);
}

// The browser's frame: on the GPU, steps while its queue has room, then the frame is the page's.
void CharlmLab::train(double budget_ms) {
  if (!ensure_data()) return;
  gpu_update();
  if (!gpu.on || speed > 0) {
    Lab::train(budget_ms);
    return;
  }
  while (running && gpu_step()) {
  }
}

void CharlmLab::after_step(long step) {
  if (step % kEvalEvery == 0) {
    evaluate();
    refresh_prompt();
  }
  train_curve.push(loss);
  val_curve.push(val_loss);
  bigram_curve.push(bigram_loss);
  train_ppl_curve.push(std::exp(std::min(loss, 30.0f)));
  val_ppl_curve.push(std::exp(std::min(val_loss, 30.0f)));
  bigram_ppl_curve.push(std::exp(bigram_loss));
  check_finite({{"loss", loss}, {"val_loss", val_loss}});
}

void CharlmLab::evaluate(bool samples) {
  val_step = weights_step;  // on WebGPU the CPU copy is a little behind the step count
  const int n = int(d.val_starts.size()), T = d.val_T;
  std::vector<int> ids;
  for (int s : d.val_starts) ids.insert(ids.end(), d.val.begin() + s, d.val.begin() + s + T + 1);
  {
    eng::NoGrad ng(eval_tape);
    eval_tape.clear();
    val_loss = models::charlm_loss(eval_tape, model, ids, n, T).item();
  }
  const data::CharVocab& v = *d.vocab;
  share = corpus == "tang" && samples ? sample_verse_share(eval_tape, model, v) : 0.0;
  if (corpus == "brackets") {  // does the model close with the opener's match?
    const std::string closers = ")]}>", openers = "([{<";
    int right = 0, total = 0;
    for (size_t k = 0; k < d.seq_starts.size() && total < 64; ++k) {
      const int s = d.seq_starts[k], len = d.seq_lengths[k];
      const std::vector<int> ctx(d.val.begin() + s, d.val.begin() + s + len);  // "\n", opener, fill
      const std::vector<float> z = models::next_logits(eval_tape, model, ctx);
      const size_t want = openers.find(v.piece(d.val[size_t(s + 1)])[0]);
      const auto z_of = [&](size_t c) {  // a closer the text never uses has no logit
        const int id = v.id(char32_t(closers[c]));
        return id < 0 ? -INFINITY : z[size_t(id)];
      };
      size_t best = 0;
      for (size_t c = 1; c < 4; ++c)
        if (z_of(c) > z_of(best)) best = c;
      right += best == want;
      ++total;
    }
    close_acc = total ? double(right) / total : 0.0;
  }
  if (corpus == "copy" && arch == "transformer") {  // attention from the copy onto its source
    const int K = (d.seq_lengths.at(0) - 1) / 2;
    std::vector<double> sum(size_t(layers * heads), 0.0);
    int total = 0;
    for (size_t k = 0; k < d.seq_starts.size() && k < 32; ++k) {
      const int s = d.seq_starts[k];
      const std::vector<int> ctx(d.val.begin() + s, d.val.begin() + s + 2 * K + 1);  // "\n" s | s[0..K-1)
      models::CharTrace tr_;
      models::next_logits(eval_tape, model, ctx, &tr_);
      const int W = tr_.T;
      for (int j = 0; j < K; ++j) {  // query K+1+j predicts s[j], which sits at 1+j
        for (int l = 0; l < int(layers); ++l)
          for (int h = 0; h < int(heads); ++h)
            sum[size_t(l * heads + h)] +=
                tr_.attention[size_t(l)][size_t(h)][size_t((K + 1 + j) * W + 1 + j)];
        ++total;
      }
    }
    copy_att = total ? *std::max_element(sum.begin(), sum.end()) / total : 0.0;
  }
}

std::vector<int> CharlmLab::context_ids() const {
  std::vector<int> ids = prompt_ids;
  if (ids.empty()) ids.push_back(d.vocab->id(U'\n'));
  return ids;
}

void CharlmLab::refresh_prompt(bool with_sample) {
  if (!data_ready) return;
  const data::CharVocab& v = *d.vocab;
  prompt_ids.clear();
  std::string unknown;
  for (char32_t c : data::code_points(prompt)) {
    const int id = v.id(c);
    if (id >= 0)
      prompt_ids.push_back(id);
    else if (unknown.find(data::utf8_of(c)) == std::string::npos)
      unknown += data::utf8_of(c);
  }
  prompt_note = unknown.empty() ? "" : format(tr("charlm.note_unknown"), unknown);
  if (int(prompt_ids.size()) > context) prompt_ids.erase(prompt_ids.begin(), prompt_ids.end() - context);
  const std::vector<int> ctx = context_ids();
  logits = models::next_logits(eval_tape, model, ctx, &trace);
  const int k = int(std::min<long>(top_k, v.size()));
  probs = models::softmax_temperature(logits, float(temperature), k);
  if (!with_sample) {
    sample.clear();
    return;
  }
  eng::Rng rng(uint64_t(seed) * 7919 + uint64_t(steps));
  sample = v.decode(models::generate(eval_tape, model, ctx, kSampleChars, float(temperature), k, rng));
  shown_step = steps;
}

// [6] State ---------------------------------------------------------------------------------------
json CharlmLab::state() const {
  const double p_top1 = probs.empty() ? 0.0 : *std::max_element(probs.begin(), probs.end());
  return {{"step", steps},
          {"loss", loss},
          {"val_loss", val_loss},
          {"train_ppl", std::exp(std::min(double(loss), 30.0))},
          {"val_ppl", std::exp(std::min(double(val_loss), 30.0))},
          {"bigram_loss", bigram_loss},
          {"bigram_ppl", std::exp(double(bigram_loss))},
          {"vocab", data_ready ? d.vocab->size() : 0},
          {"params", data_ready ? n_params : 0},
          {"data_ready", data_ready ? 1 : 0},
          {"lr", lr},
          {"context", context},
          {"layers", arch == "bigram" ? 0 : layers},
          {"heads", arch == "transformer" ? heads : 0},  // 0: not a Transformer (exercises ask)
          {"temperature", temperature},
          {"top_k", top_k},
          {"verse_share", share},
          {"close_acc", close_acc},
          {"copy_att", copy_att},
          {"p_top1", p_top1},
          {"val_step", val_step},
          {"gpu", gpu.on ? 1 : 0},
          {"weights_step", weights_step}};
}

// [7] Registration --------------------------------------------------------------------------------
namespace {

const char* const kExample =
    "It was the best of times, it was the worst of times, it was the age of wisdom, it was the age "
    "of foolishness, it was the epoch of belief, it was the epoch of incredulity, it was the season "
    "of Light, it was the season of Darkness, it was the spring of hope, it was the winter of "
    "despair, we had everything before us, we had nothing before us, we were all going direct to "
    "Heaven, we were all going direct the other way.\n";

LabInfo info() {
  LabInfo i;
  i.name = "charlm";
  i.title = "charlm.title";
  i.make = [] { return std::make_unique<CharlmLab>(); };
  i.texts = charlm_texts();
  i.headline = {"val_loss", "bigram_loss"};
  DataTool t;
  t.field = "text";
  t.preset = {{"corpus", "custom"}};
  t.label = "charlm.data.label";
  t.example = kExample;
  t.summary = "charlm.data.summary";
  i.data = t;
  return i;
}

[[maybe_unused]] const bool registered = register_lab(info());

}  // namespace

}  // namespace charlm_lab
