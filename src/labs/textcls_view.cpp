// What the textcls lab draws (src/labs/textcls_lab.h), top to bottom: what the texts are (and, for
// the article's four sentences, why nothing can be learnt from them); the training loss and the
// accuracies against the majority class; the confusion matrix on the held-out texts beside one
// text (held out, or the learner's) with its tokens coloured by occlusion and its class
// probabilities; the learner's sentence box; the controls.
#include <algorithm>
#include <cmath>
#include <cstdio>

#include "labs/textcls_lab.h"
#include "ui/file_wait.h"
#include "ui/glyphs.h"
#include "ui/strings.h"

using ui::tr;

namespace textcls {

namespace {

constexpr ImU32 kGrey = IM_COL32(150, 150, 150, 255);

// A class in both languages: "politics 政治".
std::string class_name(const std::string& name) {
  const std::string key = "textcls.class." + name;
  return std::string(ui::tr_in("en", key.c_str())) + " " + ui::tr_in("zh", key.c_str());
}

// A Han character is drawn without a space before it, as Chinese is written.
bool is_han_token(const std::string& t) { return !t.empty() && uint8_t(t[0]) >= 0xE0; }

}  // namespace

void TextclsLab::draw() {
  if (!ready) {  // the files may have arrived since the last frame
    ready = load_data();
    if (ready) start_training();
  }
  if (!ready) {
    draw_waiting();
    draw_controls();
    return;
  }
  if (task == "tang_song" || task == "poets") ui::want_glyphs("zh-poems.ttf");  // the poems' characters
  ImGui::TextDisabled("%s", task == "article" ? tr("textcls.article_source") : task_data.source.c_str());
  ImGui::Text(tr("textcls.summary"), int(train_ids.size()), int(test_ids.size()), classes(),
              vocab.size() - 1);
  if (task == "article") {
    ImGui::PushStyleColor(ImGuiCol_Text, ui::kVermillion);
    ImGui::TextWrapped("%s", tr("textcls.article_note"));
    ImGui::PopStyleColor();
  }
  draw_curves();
  ImGui::Separator();
  draw_confusion();
  ImGui::SameLine(0, 20 * ui::u());
  draw_reading();
  draw_sentence_box();
  draw_controls();
}

// Loading the task's files, or why they could not be read (with a retry).
void TextclsLab::draw_waiting() {
  ui::file_wait(wait, tr("textcls.loading"), tr("textcls.failed"), tr("textcls.retry"));
}

// The loss, and beside it the accuracies with the majority-class share as a line.
void TextclsLab::draw_curves() {
  const float u = ui::u();
  const float w = std::max(150 * u, (ImGui::GetContentRegionAvail().x - 10 * u) * 0.5f);
  const float h = 120 * u;
  ImGui::BeginGroup();
  ImGui::Text("%s   L = %.4f", tr("textcls.loss_plot"), loss);
  ui::plot_curves("loss", {{&loss_curve, "L", ui::kBlue}}, ImVec2(w, h), true);
  ImGui::EndGroup();
  ImGui::SameLine();
  ImGui::BeginGroup();
  ImGui::Text("%s   %s %.3f   %s %.3f   %s %.3f", tr("textcls.acc_plot"), tr("textcls.train"), train_acc,
              tr("textcls.test"), test_acc, tr("textcls.majority"), majority);
  ui::help_marker(tr("textcls.acc_help"));
  ui::plot_curves("acc",
                  {{&train_curve, tr("textcls.train"), ui::kBlue},
                   {&test_curve, tr("textcls.test"), ui::kOrange},
                   {&majority_curve, tr("textcls.majority"), kGrey}},
                  ImVec2(w, h), false);
  ImGui::EndGroup();
}

// K x K cells: row the true class, column the predicted one; the colour is the cell's share of its
// row. Rows are named "k name 名称"; columns by the same number k.
void TextclsLab::draw_confusion() {
  const float u = ui::u();
  const int K = classes();
  const float cell = 34 * u;
  float name_w = ImGui::CalcTextSize(tr("textcls.true_pred")).x;
  for (const std::string& c : task_data.classes)
    name_w = std::max(name_w, ImGui::CalcTextSize(("0 " + class_name(c)).c_str()).x);
  name_w += 8 * u;
  ImGui::BeginGroup();
  ImGui::TextUnformatted(tr("textcls.confusion"));
  ui::help_marker(tr("textcls.confusion_help"));
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const ImVec2 o = ImGui::GetCursorScreenPos();
  const float line = ImGui::GetTextLineHeight();
  ImGui::Dummy(ImVec2(name_w + K * cell, line + 4 * u + K * cell));
  dl->AddText(o, ui::kInk, tr("textcls.true_pred"));
  char buf[32];
  for (int k = 0; k < K; ++k) {
    std::snprintf(buf, sizeof buf, "%d", k);
    const float tw = ImGui::CalcTextSize(buf).x;
    dl->AddText(ImVec2(o.x + name_w + k * cell + (cell - tw) / 2, o.y), ui::kInk, buf);
  }
  const float top = o.y + line + 4 * u;
  for (int r = 0; r < K; ++r) {
    const std::string name = std::to_string(r) + " " + class_name(task_data.classes[size_t(r)]);
    dl->AddText(ImVec2(o.x, top + r * cell + (cell - line) / 2), ui::kInk, name.c_str());
    int row = 0;
    for (int c = 0; c < K; ++c) row += confusion.empty() ? 0 : confusion[size_t(r * K + c)];
    for (int c = 0; c < K; ++c) {
      const int n = confusion.empty() ? 0 : confusion[size_t(r * K + c)];
      const ImVec2 a(o.x + name_w + c * cell, top + r * cell);
      const ImVec2 b(a.x + cell - 2 * u, a.y + cell - 2 * u);
      const float share = row ? float(n) / float(row) : 0.0f;
      dl->AddRectFilled(a, b, ui::tint(r == c ? ui::kBlue : ui::kVermillion, 0.08f + 0.8f * share));
      std::snprintf(buf, sizeof buf, "%d", n);
      const ImVec2 ts = ImGui::CalcTextSize(buf);
      const ImU32 ink = share > 0.55f ? IM_COL32(255, 255, 255, 255) : ui::kInk;
      dl->AddText(ImVec2(a.x + (cell - 2 * u - ts.x) / 2, a.y + (cell - 2 * u - ts.y) / 2), ink, buf);
    }
  }
  ImGui::EndGroup();
}

// One held-out text (a slider and Next choose it) or the learner's sentence: its tokens coloured by
// occlusion, and the class probabilities as bars.
void TextclsLab::draw_reading() {
  const float u = ui::u();
  ImGui::BeginGroup();
  if (ImGui::RadioButton(tr("textcls.one_text"), !show_sentence)) show_sentence = false;
  ImGui::SameLine();
  if (ImGui::RadioButton(tr("textcls.your_sentence"), show_sentence)) show_sentence = true;
  const int n_test = int(test_ids.size());
  if (!show_sentence) {
    ImGui::SetNextItemWidth(160 * u);
    ImGui::SliderInt(tr("textcls.text_n"), &shown, 0, n_test - 1);
    ImGui::SameLine();
    if (ImGui::Button(tr("textcls.next"))) shown = (shown + 1) % n_test;
    shown = std::clamp(shown, 0, n_test - 1);
  }
  const int want = show_sentence ? -1 : shown;
  // Occlusion costs a batch of (tokens + 1) texts: redone for a new text at once, for a new step
  // at most 4 times a second while training.
  const double now = ImGui::GetTime();
  const bool stale = shown_step != steps && (!running || now - shown_time > 0.25);
  if (stale || shown_for != want) {
    shown_reading = read(show_sentence ? tokenize(sentence) : task_data.test[size_t(shown)].tokens);
    shown_step = steps;
    shown_for = want;
    shown_time = now;
  }
  const Reading& r = shown_reading;
  if (!show_sentence)
    ImGui::Text(tr("textcls.label_is"),
                class_name(task_data.classes[size_t(task_data.test[size_t(shown)].label)]).c_str());
  ui::help_marker(tr("textcls.tokens_help"));

  // The tokens, wrapped to the panel's width; each on its colour.
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const ImVec2 o = ImGui::GetCursorScreenPos();
  const float right = o.x + std::max(200 * u, ImGui::GetContentRegionAvail().x);
  const float line = ImGui::GetTextLineHeight() + 4 * u;
  const float space = ImGui::CalcTextSize(" ").x;
  float scale = 0.05f;
  for (float d : r.drop) scale = std::max(scale, std::fabs(d));
  float x = o.x;
  float y = o.y;
  const ImVec2 mouse = ImGui::GetIO().MousePos;
  for (size_t i = 0; i < r.tokens.size(); ++i) {
    const std::string& t = r.tokens[i];
    const ImVec2 ts = ImGui::CalcTextSize(t.c_str());
    const float gap = (i == 0 || is_han_token(t)) ? 1 * u : space;
    if (x + gap + ts.x > right && x > o.x) {
      x = o.x;
      y += line;
    } else {
      x += gap;
    }
    const ImVec2 a(x - 1 * u, y);
    const ImVec2 b(x + ts.x + 1 * u, y + line - 2 * u);
    const bool unseen = vocab.id(t) == 0;
    const float d = r.drop[i];
    const ImU32 fill = unseen ? IM_COL32(210, 210, 210, 255)
                              : ui::tint(d >= 0 ? ui::kBlue : ui::kOrange, 0.75f * std::fabs(d) / scale);
    dl->AddRectFilled(a, b, fill, 2 * u);
    dl->AddText(ImVec2(x, y + 2 * u), unseen ? IM_COL32(90, 90, 90, 255) : ui::kInk, t.c_str());
    if (mouse.x >= a.x && mouse.x < b.x && mouse.y >= a.y && mouse.y < b.y) {
      if (unseen)
        ImGui::SetTooltip(tr("textcls.unseen"), t.c_str());
      else
        ImGui::SetTooltip(tr("textcls.drop"), t.c_str(), d);
    }
    x += ts.x;
  }
  ImGui::Dummy(ImVec2(right - o.x, y + line - o.y));
  if (r.cut) ImGui::TextDisabled("%s", tr("textcls.cut"));

  // p = softmax(z), one bar per class; the chosen class in blue.
  ImGui::TextUnformatted(tr("textcls.probs"));
  float name_w = 0;
  for (const std::string& c : task_data.classes)
    name_w = std::max(name_w, ImGui::CalcTextSize(class_name(c).c_str()).x + 8 * u);
  const float bar_w = std::max(80 * u, right - o.x - name_w - 50 * u);
  for (int k = 0; k < int(r.p.size()); ++k) {
    const ImVec2 a = ImGui::GetCursorScreenPos();
    const float h = ImGui::GetTextLineHeight();
    ImGui::Dummy(ImVec2(name_w + bar_w + 50 * u, h + 2 * u));
    const std::string name = class_name(task_data.classes[size_t(k)]);
    dl->AddText(a, ui::kInk, name.c_str());
    const ImVec2 b0(a.x + name_w, a.y + 1 * u);
    dl->AddRectFilled(b0, ImVec2(b0.x + bar_w, b0.y + h - 2 * u), IM_COL32(0, 0, 0, 18));
    dl->AddRectFilled(b0, ImVec2(b0.x + bar_w * r.p[size_t(k)], b0.y + h - 2 * u),
                      k == r.cls ? ui::kBlue : kGrey);
    char buf[16];
    std::snprintf(buf, sizeof buf, "%.3f", r.p[size_t(k)]);
    dl->AddText(ImVec2(b0.x + bar_w + 6 * u, a.y), ui::kInk, buf);
  }
  ImGui::EndGroup();
}

// The learner's sentence: typed here (or sent by the shell's box as the preset field `sentence`),
// checked as configure() checks it; a refused one leaves the last sentence in place.
void TextclsLab::draw_sentence_box() {
  const float u = ui::u();
  ImGui::Separator();
  ImGui::SetNextItemWidth(std::max(200 * u, ImGui::GetContentRegionAvail().x - 200 * u));
  const bool enter = ImGui::InputText(tr("textcls.box"), sentence_box, sizeof sentence_box,
                                      ImGuiInputTextFlags_EnterReturnsTrue);
  ImGui::SameLine();
  if (ImGui::Button(tr("textcls.classify")) || enter) {
    std::vector<std::string> n;
    try {
      check_sentence(json(std::string(sentence_box)), n);
      sentence = sentence_box;
      sentence_reading = read(tokenize(sentence));
      show_sentence = true;
      shown_for = -2;  // read the shown text again
      box_note = n.empty() ? "" : n[0];
    } catch (const LabError& e) {
      box_note = e.what();
    }
  }
  if (!box_note.empty()) ImGui::TextColored(ImColor(ui::kVermillion), "%s", box_note.c_str());
}

// Task, model, width and seed start again; the learning rate and the batch change mid-run.
void TextclsLab::draw_controls() {
  const float u = ui::u();
  ImGui::Separator();
  int t = int(std::find(kTasks.begin(), kTasks.end(), task) - kTasks.begin());
  if (ui::pick(tr("textcls.task"), t, kTasks)) configure(json{{"task", kTasks[size_t(t)]}});
  ui::beside(tr("textcls.model"), 110 * u);
  int m = int(std::find(kModels.begin(), kModels.end(), model_name) - kModels.begin());
  if (ui::pick(tr("textcls.model"), m, kModels)) {
    model_name = kModels[size_t(m)];
    reset();
  }
  ui::help_marker(tr("textcls.model_help"));
  ImGui::PushItemWidth(140 * u);
  int w = int(width);
  ui::beside(tr("textcls.width"), 140 * u);
  if (ImGui::SliderInt(tr("textcls.width"), &w, 8, 128)) {
    width = w;
    reset();
  }
  float r = float(lr);
  ui::beside(tr("textcls.lr"), 140 * u);
  if (ImGui::SliderFloat(tr("textcls.lr"), &r, 1e-4f, 0.1f, "%.4f", ImGuiSliderFlags_Logarithmic)) lr = r;
  int b = int(batch);
  ui::beside(tr("textcls.batch"), 140 * u);
  if (ImGui::SliderInt(tr("textcls.batch"), &b, 1, 64)) batch = b;
  int s = int(seed);
  ui::beside(tr("textcls.seed"), 140 * u);
  if (ImGui::InputInt(tr("textcls.seed"), &s)) {
    seed = std::clamp(s, 0, 1000000000);
    reset();
  }
  ui::help_marker(tr("textcls.seed_help"));
  ImGui::PopItemWidth();
}

}  // namespace textcls
