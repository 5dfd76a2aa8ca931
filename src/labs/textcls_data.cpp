// The textcls lab's tokenizer, vocabulary and tasks (see textcls_data.h).
#include "labs/textcls_data.h"

#include <algorithm>
#include <map>
#include <stdexcept>

#include "data/utf8.h"

namespace textcls {

namespace {

// The code point starting at s[i] (well-formed UTF-8: the caller cleaned it), and its length.
uint32_t decode_at(const std::string& s, size_t i, size_t& n) {
  const auto b = [&](size_t k) { return uint32_t(uint8_t(s[i + k])); };
  const uint32_t c = b(0);
  if (c < 0x80) {
    n = 1;
    return c;
  }
  if (c < 0xE0) {
    n = 2;
    return (c & 0x1F) << 6 | (b(1) & 0x3F);
  }
  if (c < 0xF0) {
    n = 3;
    return (c & 0x0F) << 12 | (b(1) & 0x3F) << 6 | (b(2) & 0x3F);
  }
  n = 4;
  return (c & 0x07) << 18 | (b(1) & 0x3F) << 12 | (b(2) & 0x3F) << 6 | (b(3) & 0x3F);
}

bool is_han(uint32_t c) {
  return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF) || (c >= 0xF900 && c <= 0xFAFF) ||
         (c >= 0x20000 && c <= 0x2FA1F);
}

// Letters of a word: ASCII letters and digits, and the Latin letters of U+00C0..U+024F (not × ÷).
bool is_word_char(uint32_t c) {
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return true;
  return c >= 0xC0 && c <= 0x24F && c != 0xD7 && c != 0xF7;
}

bool is_apostrophe(uint32_t c) { return c == '\'' || c == 0x2019; }

// A word without the apostrophes at its ends ('tis -> tis, dogs' -> dogs), if anything is left.
void push_word(std::string& word, std::vector<std::string>& out) {
  const size_t a = word.find_first_not_of('\'');
  if (a != std::string::npos) out.push_back(word.substr(a, word.find_last_not_of('\'') - a + 1));
  word.clear();
}

const std::vector<std::pair<std::string, int>> kArticleTrain = {
    {"I love machine learning", 1},
    {"Machine learning is fun", 1},
    {"I hate machine learning", 0},
    {"Machine learning is hard", 0},
};
// New sentences, labelled as a person would read them: the held-out set of the article task.
const std::vector<std::pair<std::string, int>> kArticleTest = {
    {"I love deep learning", 1},       {"Deep learning is fun", 1},       {"I like machine learning", 1},
    {"I hate deep learning", 0},       {"Machine learning is not fun", 0}, {"Deep learning is boring", 0},
};

Example example(const std::string& text, int label, size_t entry) {
  return {text, tokenize(text), label, entry};
}

// Adds entry i of a file as class `label`, to the held-out set or the training set.
void add_entry(TaskData& d, const data::TextEntry& e, size_t i, int label) {
  Example x = example(e.text, label, i);
  if (x.tokens.empty()) return;
  (is_held_out(i) ? d.test : d.train).push_back(std::move(x));
}

}  // namespace

std::vector<std::string> tokenize(const std::string& text) {
  const std::string s = data::utf8_clean(text);
  std::vector<std::string> out;
  std::string word;
  for (size_t i = 0, n = 0; i < s.size(); i += n) {
    const uint32_t c = decode_at(s, i, n);
    if (is_word_char(c)) {
      if (c >= 'A' && c <= 'Z') {
        word += char(c - 'A' + 'a');
      } else if (c >= 0xC0 && c <= 0xDE) {  // Latin-1 capitals: À..Þ -> à..þ, two bytes each
        word += char(0xC3);
        word += char(0x80 | ((c + 0x20) & 0x3F));
      } else {
        word += s.substr(i, n);
      }
    } else if (is_apostrophe(c) && !word.empty()) {
      word += '\'';
    } else {
      push_word(word, out);
      if (is_han(c)) out.push_back(s.substr(i, n));
    }
  }
  push_word(word, out);
  return out;
}

bool is_held_out(size_t entry_index) { return entry_index % kTestEvery == kTestEvery - 1; }

int Vocab::id(const std::string& token) const {
  auto it = ids.find(token);
  return it == ids.end() ? 0 : it->second;
}

std::vector<int> Vocab::encode(const std::vector<std::string>& toks) const {
  std::vector<int> out;
  for (size_t i = 0; i < toks.size() && i < size_t(kMaxTokens); ++i) out.push_back(id(toks[i]));
  return out;
}

Vocab build_vocab(const std::vector<std::vector<std::string>>& texts, int cap) {
  std::map<std::string, int> counts;  // ordered: ties are broken by the token, the same everywhere
  for (const auto& t : texts)
    for (size_t i = 0; i < t.size() && i < size_t(kMaxTokens); ++i) ++counts[t[i]];
  std::vector<std::pair<std::string, int>> order(counts.begin(), counts.end());
  std::stable_sort(order.begin(), order.end(),
                   [](const auto& a, const auto& b) { return a.second > b.second; });
  Vocab v;
  v.tokens.push_back("<unk>");
  for (size_t i = 0; i < order.size() && int(i) < cap; ++i) {
    v.ids[order[i].first] = int(v.tokens.size());
    v.tokens.push_back(order[i].first);
  }
  return v;
}

std::vector<std::string> task_files(const std::string& task) {
  if (task == "topics") return {"computers.json", "politics.json", "science.json", "songs-poems.json"};
  if (task == "tang_song") return {"tang300.json", "song100.json"};
  if (task == "poets") return {"tang300.json"};
  return {};
}

TaskData make_task(const std::string& task, const std::vector<data::Corpus>& corpora) {
  if (corpora.size() != task_files(task).size())
    throw std::invalid_argument("textcls: task " + task + " reads " +
                                std::to_string(task_files(task).size()) + " files");
  TaskData d;
  if (task == "article") {
    d.classes = {"negative", "positive"};
    d.source = "the article's 4 sentences; 6 new ones held out";
    for (size_t i = 0; i < kArticleTrain.size(); ++i)
      d.train.push_back(example(kArticleTrain[i].first, kArticleTrain[i].second, i));
    for (size_t i = 0; i < kArticleTest.size(); ++i)
      d.test.push_back(example(kArticleTest[i].first, kArticleTest[i].second, i));
  } else if (task == "topics") {
    d.classes = {"computers", "politics", "science", "songs-poems"};
    for (size_t f = 0; f < corpora.size(); ++f)
      for (size_t i = 0; i < corpora[f].entries.size(); ++i) add_entry(d, corpora[f].entries[i], i, int(f));
    d.source = "Debian fortunes: computers, politics, science, songs-poems";
  } else if (task == "tang_song") {
    // song100 ("宋词一百首") holds mostly regular shi of 5 or 7 characters a line, as Tang poems are:
    // the classes differ in words and subjects, not in form.
    d.classes = {"tang", "song"};
    for (size_t f = 0; f < corpora.size(); ++f)
      for (size_t i = 0; i < corpora[f].entries.size(); ++i) add_entry(d, corpora[f].entries[i], i, int(f));
    d.source = corpora[0].source + "; " + corpora[1].source;
  } else if (task == "poets") {
    const std::vector<std::string> poets = {"杜甫", "李白", "王维"};
    d.classes = {"du_fu", "li_bai", "wang_wei"};
    for (size_t i = 0; i < corpora[0].entries.size(); ++i) {
      const data::TextEntry& e = corpora[0].entries[i];
      auto it = std::find(poets.begin(), poets.end(), e.author);
      if (it != poets.end()) add_entry(d, e, i, int(it - poets.begin()));
    }
    d.source = corpora[0].source + ": the poems of 杜甫, 李白 and 王维";
  } else {
    throw std::invalid_argument("textcls: unknown task " + task);
  }
  return d;
}

}  // namespace textcls
