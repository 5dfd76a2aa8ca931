// What the charlm lab draws, top to bottom: the loss and perplexity curves with the bigram
// baseline, a live sample, the next-character distribution after the prompt with the softmax's
// numbers, the model's inside (attention per layer and head, or gates and cell along the
// prompt), a 2-D map of the character embeddings, then the controls. And the lab's words.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>

#include "data/utf8.h"
#include "labs/charlm_lab.h"
#include "ui/file_wait.h"
#include "ui/glyphs.h"
#include "ui/strings.h"

using ui::tr;

namespace charlm_lab {

// Every word the lab draws, and the words for its state keys, in both languages.
const std::vector<ui::Text>& charlm_texts() {
  static const std::vector<ui::Text> rows = {
      {"charlm.title", "Character language model: learning to write", "字符语言模型：学着写字"},
      {"charlm.key.loss", "training loss", "训练损失"},
      {"charlm.key.val_loss", "validation loss", "验证损失"},
      {"charlm.key.train_ppl", "training perplexity", "训练困惑度"},
      {"charlm.key.val_ppl", "validation perplexity", "验证困惑度"},
      {"charlm.key.bigram_loss", "bigram baseline loss", "二元模型基线损失"},
      {"charlm.key.bigram_ppl", "bigram baseline perplexity", "二元模型基线困惑度"},
      {"charlm.key.vocab", "vocabulary size", "词表大小"},
      {"charlm.key.params", "number of parameters", "参数个数"},
      {"charlm.key.data_ready", "data loaded", "数据已加载"},
      {"charlm.key.context", "context length", "上下文长度"},
      {"charlm.key.layers", "number of layers", "层数"},
      {"charlm.key.heads", "attention heads (0: not a Transformer)", "注意力头数（0：不是 Transformer）"},
      {"charlm.key.temperature", "temperature", "温度"},
      {"charlm.key.top_k", "top-k", "top-k"},
      {"charlm.key.verse_share", "share of verse-shaped lines", "合乎诗句格式的行的比例"},
      {"charlm.key.close_acc", "closing-bracket accuracy", "闭合括号准确率"},
      {"charlm.key.copy_att", "attention on the copied position", "对被复制位置的注意力"},
      {"charlm.key.p_top1", "probability of the likeliest next character", "最可能的下一个字符的概率"},
      {"charlm.key.gpu", "trains on WebGPU (1) or on the CPU (0)", "在 WebGPU 上训练（1）或在 CPU 上（0）"},
      {"charlm.key.weights_step", "the step of the weights the views use", "视图所用权重的步数"},
      {"charlm.data.label",
       "Paste a text to learn from (at least 300 characters, at most 200 KB). Its last tenth is held "
       "out for validation.",
       "粘贴一段用来学习的文本（至少 300 个字符，最多 200 KB）。最后十分之一留作验证。"},
      {"charlm.data.summary", "{vocab} different characters; validation loss {val_loss}.",
       "共 {vocab} 个不同的字符；验证损失 {val_loss}。"},
      {"charlm.err_empty", "%s: the pasted text is empty; paste at least %ld characters.",
       "%s：粘贴的文本是空的；请至少粘贴 %ld 个字符。"},
      {"charlm.err_short", "%s: %ld characters are too few to train on; paste at least %ld.",
       "%s：%ld 个字符太少，无法训练；请至少粘贴 %ld 个。"},
      {"charlm.err_huge", "%s: %ld KB is too large; at most %ld KB.", "%s：%ld KB 太大了；最多 %ld KB。"},
      {"charlm.err_heads", "%s: a width of %ld does not split into %ld heads.",
       "%s：宽度 %ld 不能平均分给 %ld 个头。"},
      {"charlm.note_batch",
       "%s: %ld is cut to %ld, so that a step stays short with this context, width and vocabulary.",
       "%s：%ld 被减为 %ld；在这样的上下文长度、宽度和词表下，每一步才不会太慢。"},
      {"charlm.note_prompt_long", "%s: %ld characters; the model reads only the last %ld (the context).",
       "%s：共 %ld 个字符；模型只读最后 %ld 个（上下文长度）。"},
      {"charlm.note_unknown", "prompt: not in this text's vocabulary, left out: %s",
       "prompt：这些字符不在本文本的词表里，已略去：%s"},
      {"charlm.loading", "Loading %s…", "正在加载 %s…"},
      {"charlm.failed", "The text could not be loaded:", "文本加载失败："},
      {"charlm.retry", "Retry", "重试"},
      {"charlm.curves", "Loss per character (nats)", "每个字符的损失（奈特）"},
      {"charlm.ppl", "Perplexity exp(loss)", "困惑度 exp(损失)"},
      {"charlm.curves_help",
       "Cross-entropy L = −mean log p(next character). The grey line is a counted bigram model: "
       "it only looks at the previous character. A model that learns more than pairs goes below it. "
       "Perplexity exp(L) is the number of equally likely characters the model is choosing among.",
       "交叉熵 L = −平均 log p(下一个字符)。灰线是计数得到的二元模型：它只看前一个字符。"
       "学到了比字对更多东西的模型会降到它下面。困惑度 exp(L) 相当于模型在多少个等可能的字符里挑。"},
      {"charlm.train", "train", "训练"},
      {"charlm.val", "validation", "验证"},
      {"charlm.bigram", "bigram", "二元模型"},
      {"charlm.numbers", "step %ld   loss %.3f   validation %.3f (perplexity %.1f)   bigram %.3f (%.1f)",
       "第 %ld 步   损失 %.3f   验证 %.3f（困惑度 %.1f）   二元模型 %.3f（%.1f）"},
      {"charlm.measure_verse", "verse-shaped lines in a sample at τ = 0.8: %.0f%%",
       "τ = 0.8 时生成的诗行中合乎格式的：%.0f%%"},
      {"charlm.measure_close", "closing brackets right: %.0f%%", "闭合括号正确：%.0f%%"},
      {"charlm.measure_copy", "attention on the position being copied: %.2f (uniform: about %.2f)",
       "对被复制位置的注意力：%.2f（均匀分配约为 %.2f）"},
      {"charlm.sample", "A sample, generated now", "现在生成的一段样本"},
      {"charlm.sample_help",
       "Each character is drawn from the model's distribution after the text so far, then fed back "
       "in. Low temperature: safe and repetitive; high: adventurous and garbled.",
       "每个字符都从模型在已有文本之后给出的分布中抽取，再送回模型。温度低：稳妥而重复；温度高：大胆而混乱"
       "。"},
      {"charlm.temperature", "temperature τ", "温度 τ"},
      {"charlm.top_k", "top-k (0: all)", "top-k（0：全部）"},
      {"charlm.prompt", "prompt", "提示"},
      {"charlm.dist", "The next character after the prompt (bars scaled to the likeliest)",
       "提示之后的下一个字符（柱高以最可能的字符为准）"},
      {"charlm.dist_empty", "(empty prompt: the start of a line)", "（提示为空：一行的开头）"},
      {"charlm.formula", "p_i = exp(z_i/τ) / Σ_j exp(z_j/τ),  Σ_j exp(z_j/τ) = %.4g (shifted by max z)",
       "p_i = exp(z_i/τ) / Σ_j exp(z_j/τ)，Σ_j exp(z_j/τ) = %.4g（已减去最大的 z）"},
      {"charlm.formula_row", "'%s':  z = %.2f   exp(%.2f/%.2f) / %.4g = %.3f",
       "'%s'：z = %.2f   exp(%.2f/%.2f) / %.4g = %.3f"},
      {"charlm.attention", "Attention of position %d ('%s'), every layer and head",
       "位置 %d（'%s'）的注意力：每一层、每个头"},
      {"charlm.attention_help",
       "Each row is one head: how much the chosen position takes from each earlier character "
       "(darker = more; a row sums to 1). Below, the whole map of the chosen head: row = query, "
       "column = key; nothing above the diagonal, the future is masked.",
       "每一行是一个头：所选位置从前面每个字符取了多少（越深越多；一行之和为 "
       "1）。下面是所选头的完整注意力图："
       "行是查询，列是键；对角线上方为空：未来被遮住了。"},
      {"charlm.attention_map", "layer %d, head %d", "第 %d 层，第 %d 个头"},
      {"charlm.gates", "Gates and cell along the prompt, layer %d (first %d units)",
       "沿着提示的门和细胞状态，第 %d 层（前 %d 个单元）"},
      {"charlm.gates_help",
       "One column per character of the prompt, one row per unit. Gates are between 0 (white) and 1 "
       "(blue); the cell c and the state h are signed (blue +, orange −).",
       "提示的每个字符一列，每个单元一行。门的取值在 0（白）和 1（蓝）之间；细胞 c 和状态 h "
       "有正负（蓝为正，橙为负）。"},
      {"charlm.gpu_model", "WebGPU trains the Transformer only: the CPU trains the %s.",
     "WebGPU 只训练 Transformer：%s 由 CPU 训练。"},
    {"charlm.gpu_lag",
     "Validation, the sample and the attention use the weights of step %ld, read back from the GPU.",
     "验证、生成样本和注意力图用的是第 %ld 步的权重，从 GPU 读回。"},
    {"charlm.no_views", "A bigram model has no inside to show: its table W[x] is the logits.",
       "二元模型没有内部可看：它的表 W[x] 就是 logits。"},
      {"charlm.embedding", "Character embeddings E, the two main directions (PCA)",
       "字符嵌入 E 的两个主方向（PCA）"},
      {"charlm.embedding_help",
       "Each character's row of E, projected on the two directions along which the rows differ most. "
       "Characters the model uses alike drift together. The most frequent ones are drawn.",
       "每个字符在 E "
       "中的那一行，投影到各行差别最大的两个方向上。模型用法相似的字符会靠在一起。图中只画出最常见的字符。"},
      {"charlm.position", "position (-1: last)", "位置（-1：最后）"},
      {"charlm.layer", "layer", "层"},
      {"charlm.head", "head", "头"},
      {"charlm.corpus", "text", "文本"},
      {"charlm.corpus_tang", "Tang poems", "唐诗"},
      {"charlm.corpus_verse", "English verse", "英文诗歌"},
      {"charlm.corpus_custom", "your text", "你的文本"},
      {"charlm.corpus_brackets", "brackets (memory probe)", "括号（记忆测试）"},
      {"charlm.corpus_copy", "copy task", "复制任务"},
      {"charlm.model", "model", "模型"},
      {"charlm.layers", "layers", "层数"},
      {"charlm.heads", "heads", "头数"},
      {"charlm.width", "width C", "宽度 C"},
      {"charlm.context", "context T", "上下文 T"},
      {"charlm.batch", "batch", "批大小"},
      {"charlm.lr", "learning rate", "学习率"},
      {"charlm.seed", "seed", "随机种子"},
      {"charlm.custom_hint", "Paste your text in the \"Your data\" box below the lab.",
       "请在实验下方的“你的数据”框里粘贴文本。"},
  };
  return rows;
}

namespace {

constexpr int kBars = 10;        // characters in the distribution's bars
constexpr int kFormulaRows = 3;  // with the softmax's numbers
constexpr int kGateUnits = 16;   // units shown per gate
constexpr int kEmbedLabels = 160;

// The character of id as a label: newline and space drawn visibly.
std::string shown(const data::CharVocab& v, int id) {
  const std::string s = v.piece(id);
  if (s == "\n") return "\\n";
  if (s == " ") return "·";
  return s;
}

// Ids sorted by descending probability, the first n.
std::vector<int> top_ids(const std::vector<float>& p, int n) {
  std::vector<int> ids(p.size());
  for (size_t i = 0; i < ids.size(); ++i) ids[i] = int(i);
  n = std::min(n, int(ids.size()));
  std::partial_sort(ids.begin(), ids.begin() + n, ids.end(),
                    [&](int a, int b) { return p[size_t(a)] > p[size_t(b)]; });
  ids.resize(size_t(n));
  return ids;
}

// A cell of a heatmap: value in [0,1] as blue over white, or signed.
ImU32 cell_color(float v, bool signed_values) {
  return signed_values ? ui::signed_color(v, 1.0f) : ui::tint(ui::kBlue, std::clamp(v, 0.0f, 1.0f));
}

// Two principal directions of the rows of E (V,C), by power iteration on the covariance, and the
// projections of the rows.
std::vector<std::pair<float, float>> pca2(const eng::Tensor& E) {
  const int V = E.shape[0], C = E.shape[1];
  std::vector<double> mean(size_t(C), 0.0);
  for (int i = 0; i < V; ++i)
    for (int j = 0; j < C; ++j) mean[size_t(j)] += E.at(i, j) / V;
  std::vector<std::vector<double>> dirs;
  for (int k = 0; k < 2; ++k) {
    std::vector<double> w(static_cast<size_t>(C));
    for (int j = 0; j < C; ++j) w[size_t(j)] = 1.0 + 0.1 * j * (k + 1);
    for (int it = 0; it < 40; ++it) {
      std::vector<double> next(size_t(C), 0.0);
      for (int i = 0; i < V; ++i) {  // next = Σ_i (e_i − mean) ((e_i − mean) · w)
        double dot = 0;
        for (int j = 0; j < C; ++j) dot += (E.at(i, j) - mean[size_t(j)]) * w[size_t(j)];
        for (int j = 0; j < C; ++j) next[size_t(j)] += (E.at(i, j) - mean[size_t(j)]) * dot;
      }
      for (const auto& d : dirs) {  // stay orthogonal to the directions found
        double dot = 0;
        for (int j = 0; j < C; ++j) dot += next[size_t(j)] * d[size_t(j)];
        for (int j = 0; j < C; ++j) next[size_t(j)] -= dot * d[size_t(j)];
      }
      double norm = 0;
      for (double x : next) norm += x * x;
      norm = std::sqrt(norm) + 1e-12;
      for (int j = 0; j < C; ++j) w[size_t(j)] = next[size_t(j)] / norm;
    }
    dirs.push_back(w);
  }
  std::vector<std::pair<float, float>> xy(static_cast<size_t>(V));
  for (int i = 0; i < V; ++i) {
    double a = 0, b = 0;
    for (int j = 0; j < C; ++j) {
      a += (E.at(i, j) - mean[size_t(j)]) * dirs[0][size_t(j)];
      b += (E.at(i, j) - mean[size_t(j)]) * dirs[1][size_t(j)];
    }
    xy[size_t(i)] = {float(a), float(b)};
  }
  return xy;
}

}  // namespace

void CharlmLab::draw() {
  if (!ensure_data()) {
    draw_waiting();
    return;
  }
  if (!running && shown_step != steps) refresh_prompt();  // paused after single steps: catch up
  // The poems' characters (and most of a pasted Chinese text's) beyond the lab's own words.
  if (corpus == "tang" || corpus == "custom") ui::want_glyphs("zh-poems.ttf");
  draw_compute();
  draw_curves();
  draw_sample();
  draw_distribution();
  if (arch == "transformer")
    draw_attention();
  else if (arch != "bigram")
    draw_gates();
  else
    ImGui::TextDisabled("%s", tr("charlm.no_views"));
  if (arch != "bigram") draw_embedding();
  draw_controls();
}

// The corpus file has not arrived (the browser is fetching it), or it failed: say so, offer Retry.
void CharlmLab::draw_waiting() {
  if (corpus == "custom") ImGui::TextWrapped("%s", tr("charlm.custom_hint"));
  if (file_name()) {
    char loading[160];
    std::snprintf(loading, sizeof loading, tr("charlm.loading"),
                  tr(corpus == "tang" ? "charlm.corpus_tang" : "charlm.corpus_verse"));
    ui::file_wait(wait, loading, tr("charlm.failed"), tr("charlm.retry"));
  }
  draw_controls();
}

void CharlmLab::draw_curves() {
  const float u = ui::u();
  ImGui::TextUnformatted(tr("charlm.curves"));
  ui::help_marker(tr("charlm.curves_help"));
  const float w = ImGui::GetContentRegionAvail().x, h = 150 * u;
  const float half = (w - ImGui::GetStyle().ItemSpacing.x) / 2;
  ui::plot_curves("loss",
                  {{&train_curve, tr("charlm.train"), ui::kBlue},
                   {&val_curve, tr("charlm.val"), ui::kOrange},
                   {&bigram_curve, tr("charlm.bigram"), IM_COL32(120, 120, 120, 255)}},
                  ImVec2(half, h), false);
  ImGui::SameLine();
  ui::plot_curves("ppl",
                  {{&train_ppl_curve, tr("charlm.train"), ui::kBlue},
                   {&val_ppl_curve, tr("charlm.val"), ui::kOrange},
                   {&bigram_ppl_curve, tr("charlm.bigram"), IM_COL32(120, 120, 120, 255)}},
                  ImVec2(half, h), true);
  ImGui::Text(tr("charlm.numbers"), steps, loss, val_loss, std::exp(std::min(val_loss, 30.0f)), bigram_loss,
              std::exp(bigram_loss));
  if (corpus == "tang") ImGui::Text(tr("charlm.measure_verse"), 100 * share);
  if (corpus == "brackets") ImGui::Text(tr("charlm.measure_close"), 100 * close_acc);
  if (corpus == "copy" && arch == "transformer")
    ImGui::Text(tr("charlm.measure_copy"), copy_att, 2.0 / double(context));
}

void CharlmLab::draw_sample() {
  const float u = ui::u();
  ImGui::Separator();
  ImGui::TextUnformatted(tr("charlm.sample"));
  ui::help_marker(tr("charlm.sample_help"));
  ImGui::BeginChild("sample", ImVec2(-1, 90 * u), true);
  // The prompt as the model read it (characters outside the vocabulary left out), then its sequel.
  ImGui::TextWrapped("%s%s", d.vocab->decode(prompt_ids).c_str(), sample.c_str());
  ImGui::EndChild();
  ImGui::PushItemWidth(160 * u);
  float tau = float(temperature);
  if (ImGui::SliderFloat(tr("charlm.temperature"), &tau, 0.1f, 2.0f, "%.2f")) {
    temperature = tau;  // no reset: sampling only
    refresh_prompt();
  }
  int k = int(top_k);
  ui::beside(tr("charlm.top_k"), 160 * u);
  if (ImGui::SliderInt(tr("charlm.top_k"), &k, 0, std::min(d.vocab->size(), 100))) {
    top_k = k;
    refresh_prompt();
  }
  char buf[256];
  std::snprintf(buf, sizeof buf, "%s", prompt.c_str());
  if (ImGui::InputText(tr("charlm.prompt"), buf, sizeof buf)) {
    prompt = data::utf8_clean(buf);
    refresh_prompt();
  }
  ImGui::PopItemWidth();
  if (!prompt_note.empty()) ImGui::TextColored(ImVec4(0.8f, 0.3f, 0.0f, 1), "%s", prompt_note.c_str());
}

// The ten likeliest next characters as bars, and the softmax written out for the first three.
void CharlmLab::draw_distribution() {
  const float u = ui::u();
  const data::CharVocab& v = *d.vocab;
  ImGui::Separator();
  ImGui::TextUnformatted(tr("charlm.dist"));
  if (prompt_ids.empty()) {
    ImGui::SameLine();
    ImGui::TextDisabled("%s", tr("charlm.dist_empty"));
  }
  const std::vector<int> top = top_ids(probs, kBars);
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const float bar_w = 34 * u, bar_h = 70 * u;
  const ImVec2 o = ImGui::GetCursorScreenPos();
  ImGui::Dummy(ImVec2(bar_w * kBars, bar_h + 36 * u));
  const float p_max = top.empty() ? 1.0f : std::max(probs[size_t(top[0])], 1e-6f);  // the tallest bar
  for (size_t i = 0; i < top.size(); ++i) {
    const float p = probs[size_t(top[i])], x = o.x + float(i) * bar_w;
    dl->AddRectFilled(ImVec2(x + 3 * u, o.y + bar_h * (1 - p / p_max)),
                      ImVec2(x + bar_w - 3 * u, o.y + bar_h), ui::kBlue);
    char pct[16];
    std::snprintf(pct, sizeof pct, "%.2f", p);
    dl->AddText(ImVec2(x + 4 * u, o.y + bar_h + 2 * u), ui::kInk, shown(v, top[i]).c_str());
    dl->AddText(ImVec2(x + 2 * u, o.y + bar_h + 18 * u), IM_COL32(90, 90, 90, 255), pct);
  }
  const float zmax = logits.empty() ? 0 : *std::max_element(logits.begin(), logits.end());
  double total = 0;
  for (size_t i = 0; i < logits.size(); ++i)
    if (probs[i] > 0) total += std::exp((logits[i] - zmax) / temperature);
  ImGui::Text(tr("charlm.formula"), total);
  for (size_t i = 0; i < top.size() && i < size_t(kFormulaRows); ++i) {
    const float z = logits[size_t(top[i])];
    ImGui::Text(tr("charlm.formula_row"), shown(v, top[i]).c_str(), z, z - zmax, temperature, total,
                probs[size_t(top[i])]);
  }
}

// For the chosen position: its attention over the prompt in every layer and head; then the chosen
// head's whole map.
void CharlmLab::draw_attention() {
  const float u = ui::u();
  const data::CharVocab& v = *d.vocab;
  const std::vector<int> ctx = context_ids();
  const int W = trace.T;
  if (W == 0 || trace.attention.empty()) return;
  const std::vector<int> seen(ctx.end() - W, ctx.end());
  const int q = position < 0 || position >= W ? W - 1 : int(position);
  ImGui::Separator();
  ImGui::Text(tr("charlm.attention"), q, shown(v, seen[size_t(q)]).c_str());
  ui::help_marker(tr("charlm.attention_help"));
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const float cw = std::min(22 * u, (ImGui::GetContentRegionAvail().x - 60 * u) / float(W)), ch = 20 * u;
  for (size_t l = 0; l < trace.attention.size(); ++l)
    for (size_t h = 0; h < trace.attention[l].size(); ++h) {
      const ImVec2 o = ImGui::GetCursorScreenPos();
      ImGui::Text("L%d H%d", int(l), int(h));
      for (int k = 0; k < W; ++k) {
        const float a = trace.attention[l][h][size_t(q * W + k)];
        const ImVec2 p(o.x + 60 * u + float(k) * cw, o.y);
        dl->AddRectFilled(p, ImVec2(p.x + cw - 1, p.y + ch - 2), cell_color(a, false));
        dl->AddText(ImVec2(p.x + 3 * u, p.y + 2 * u), a > 0.5f ? IM_COL32(255, 255, 255, 255) : ui::kInk,
                    shown(v, seen[size_t(k)]).c_str());
      }
    }
  const int L = int(trace.attention.size()), H = int(trace.attention[0].size());
  const int lc = std::min(int(layer), L - 1), hc = std::min(int(head), H - 1);
  ImGui::Text(tr("charlm.attention_map"), lc, hc);
  const float m = std::min(14 * u, (ImGui::GetContentRegionAvail().x - 30 * u) / float(W));
  const ImVec2 o = ImGui::GetCursorScreenPos();
  ImGui::Dummy(ImVec2(m * W + 20 * u, m * W + 20 * u));
  const auto& a = trace.attention[size_t(lc)][size_t(hc)];
  for (int r = 0; r < W; ++r)
    for (int k = 0; k <= r; ++k) {
      const ImVec2 p(o.x + 18 * u + float(k) * m, o.y + float(r) * m);
      dl->AddRectFilled(p, ImVec2(p.x + m - 1, p.y + m - 1), cell_color(a[size_t(r * W + k)], false));
    }
  if (m >= 12 * u)
    for (int k = 0; k < W; ++k) {
      dl->AddText(ImVec2(o.x + 18 * u + float(k) * m, o.y + float(W) * m + 2 * u), ui::kInk,
                  shown(v, seen[size_t(k)]).c_str());
      dl->AddText(ImVec2(o.x, o.y + float(k) * m - 2 * u), ui::kInk, shown(v, seen[size_t(k)]).c_str());
    }
  dl->AddRect(ImVec2(o.x + 18 * u, o.y + float(q) * m),
              ImVec2(o.x + 18 * u + float(W) * m, o.y + float(q + 1) * m), ui::kVermillion);
}

// Gates (0..1) and the cell or state (signed) of the chosen layer, unit by unit along the prompt.
void CharlmLab::draw_gates() {
  const float u = ui::u();
  const data::CharVocab& v = *d.vocab;
  const int W = trace.T;
  if (W == 0 || trace.gates.empty()) return;
  const std::vector<int> ctx = context_ids();
  const std::vector<int> seen(ctx.end() - W, ctx.end());
  const int lc = std::min(int(layer), int(trace.gates.size()) - 1);
  const int units = std::min(kGateUnits, int(width));
  ImGui::Separator();
  ImGui::Text(tr("charlm.gates"), lc, units);
  ui::help_marker(tr("charlm.gates_help"));
  static const char* lstm_names[] = {"i", "f", "o", "c"};
  static const char* gru_names[] = {"r", "z", "h"};
  const auto& gates = trace.gates[size_t(lc)];
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const float cw = std::min(20 * u, (ImGui::GetContentRegionAvail().x - 24 * u) / float(W)), rh = 4 * u;
  for (size_t g = 0; g < gates.size(); ++g) {
    const char* name = arch == "lstm" ? lstm_names[g] : arch == "gru" ? gru_names[g] : "h";
    const bool signed_values = g + 1 == gates.size();  // the last is c (lstm) or h
    const ImVec2 o = ImGui::GetCursorScreenPos();
    ImGui::Dummy(ImVec2(cw * W + 24 * u, rh * units + 4 * u));
    dl->AddText(ImVec2(o.x, o.y + rh * units / 2 - 8 * u), ui::kInk, name);
    for (int t = 0; t < W; ++t)
      for (int j = 0; j < units; ++j) {
        const float x = gates[g][size_t(t * int(width) + j)];
        const ImVec2 p(o.x + 24 * u + float(t) * cw, o.y + float(j) * rh);
        dl->AddRectFilled(p, ImVec2(p.x + cw - 1, p.y + rh), cell_color(x, signed_values));
      }
  }
  const ImVec2 o = ImGui::GetCursorScreenPos();
  ImGui::Dummy(ImVec2(cw * W + 24 * u, 18 * u));
  if (cw >= 12 * u)
    for (int t = 0; t < W; ++t)
      dl->AddText(ImVec2(o.x + 24 * u + float(t) * cw + 2 * u, o.y), ui::kInk,
                  shown(v, seen[size_t(t)]).c_str());
}

// The rows of E on their two principal directions; the most frequent characters as labels.
void CharlmLab::draw_embedding() {
  const float u = ui::u();
  const data::CharVocab& v = *d.vocab;
  ImGui::Separator();
  ImGui::TextUnformatted(tr("charlm.embedding"));
  ui::help_marker(tr("charlm.embedding_help"));
  if (emb_step != shown_step || emb_xy.size() != size_t(v.size())) {  // with the other views
    emb_xy = pca2(model.E.value);
    std::vector<float> count(size_t(v.size()), 0.0f);
    for (int id : d.train) count[size_t(id)] += 1;
    emb_ids = top_ids(count, kEmbedLabels);
    emb_step = shown_step;
  }
  const auto& xy = emb_xy;
  const auto& frequent = emb_ids;
  float lo_x = INFINITY, hi_x = -INFINITY, lo_y = INFINITY, hi_y = -INFINITY;
  for (int id : frequent) {
    lo_x = std::min(lo_x, xy[size_t(id)].first);
    hi_x = std::max(hi_x, xy[size_t(id)].first);
    lo_y = std::min(lo_y, xy[size_t(id)].second);
    hi_y = std::max(hi_y, xy[size_t(id)].second);
  }
  const float w = ImGui::GetContentRegionAvail().x, h = 220 * u;
  const ImVec2 o = ImGui::GetCursorScreenPos();
  ImGui::Dummy(ImVec2(w, h));
  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->AddRectFilled(o, ImVec2(o.x + w, o.y + h), IM_COL32(255, 255, 255, 255));
  dl->AddRect(o, ImVec2(o.x + w, o.y + h), IM_COL32(0, 0, 0, 60));
  const float sx = (w - 30 * u) / std::max(1e-6f, hi_x - lo_x),
              sy = (h - 24 * u) / std::max(1e-6f, hi_y - lo_y);
  for (int id : frequent) {
    const ImVec2 p(o.x + 8 * u + (xy[size_t(id)].first - lo_x) * sx,
                   o.y + 4 * u + (hi_y - xy[size_t(id)].second) * sy);
    dl->AddText(p, ui::kInk, shown(v, id).c_str());
  }
}

// Controls: what changes the model or the data starts again (reset); the learning rate does not.
void CharlmLab::draw_controls() {
  const float u = ui::u();
  ImGui::Separator();
  ImGui::PushItemWidth(160 * u);
  int c = int(std::find(kCorpora.begin(), kCorpora.end(), corpus) - kCorpora.begin());
  const std::string corpus_keys[] = {"charlm.corpus_tang", "charlm.corpus_verse", "charlm.corpus_custom",
                                     "charlm.corpus_brackets", "charlm.corpus_copy"};
  if (ImGui::BeginCombo(tr("charlm.corpus"), tr(corpus_keys[c].c_str()))) {
    for (int i = 0; i < int(kCorpora.size()); ++i) {
      const bool usable = kCorpora[size_t(i)] != "custom" || !text.empty();
      if (ImGui::Selectable(tr(corpus_keys[i].c_str()), i == c, usable ? 0 : ImGuiSelectableFlags_Disabled)) {
        corpus = kCorpora[size_t(i)];
        reset();
      }
    }
    ImGui::EndCombo();
  }
  int m = int(std::find(kModels.begin(), kModels.end(), arch) - kModels.begin());
  ui::beside(tr("charlm.model"), 160 * u);
  if (ImGui::BeginCombo(tr("charlm.model"), kModels[size_t(m)].c_str())) {
    for (int i = 0; i < int(kModels.size()); ++i)
      if (ImGui::Selectable(kModels[size_t(i)].c_str(), i == m)) {
        arch = kModels[size_t(i)];
        if (arch == "transformer" && width % heads != 0) heads = 1;
        reset();
      }
    ImGui::EndCombo();
  }
  int la = int(layers);
  if (ImGui::SliderInt(tr("charlm.layers"), &la, 1, 4)) {
    layers = la;
    reset();
  }
  if (arch == "transformer") {
    int he = int(heads);
    ui::beside(tr("charlm.heads"), 160 * u);
    if (ImGui::SliderInt(tr("charlm.heads"), &he, 1, 8) && width % he == 0) {
      heads = he;
      reset();
    }
  }
  int wi = int(width);
  if (ImGui::SliderInt(tr("charlm.width"), &wi, 8, 256)) {
    width = wi;
    if (width % heads != 0) heads = 1;
    reset();
  }
  int cx = int(context);
  ui::beside(tr("charlm.context"), 160 * u);
  if (ImGui::SliderInt(tr("charlm.context"), &cx, 4, 128)) {
    context = cx;
    reset();
  }
  int ba = int(batch);
  if (ImGui::SliderInt(tr("charlm.batch"), &ba, 1, 64)) {
    batch = ba;  // no reset: the next batches are simply larger or smaller
  }
  float r = float(lr);
  ui::beside(tr("charlm.lr"), 160 * u);
  if (ImGui::SliderFloat(tr("charlm.lr"), &r, 1e-4f, 0.1f, "%.4f", ImGuiSliderFlags_Logarithmic)) lr = r;
  if (arch == "transformer") {
    int ly = int(layer), hd = int(head), po = int(position);
    if (ImGui::SliderInt(tr("charlm.layer"), &ly, 0, int(layers) - 1)) layer = ly;
    ui::beside(tr("charlm.head"), 160 * u);
    if (ImGui::SliderInt(tr("charlm.head"), &hd, 0, int(heads) - 1)) head = hd;
    ui::beside(tr("charlm.position"), 160 * u);
    if (ImGui::SliderInt(tr("charlm.position"), &po, -1, int(context) - 1)) position = po;
  } else if (arch != "bigram") {
    int ly = int(layer);
    if (ImGui::SliderInt(tr("charlm.layer"), &ly, 0, int(layers) - 1)) layer = ly;
  }
  int s = int(seed);
  ui::beside(tr("charlm.seed"), 160 * u);
  if (ImGui::InputInt(tr("charlm.seed"), &s)) {
    seed = std::clamp(s, 0, 1000000000);
    reset();
  }
  ImGui::PopItemWidth();
}

}  // namespace charlm_lab
