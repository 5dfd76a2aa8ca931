// The textcls lab's data: its tokenizer, its vocabulary, and its four tasks as labelled texts split
// into training and held-out sets. The model is src/models/text_classifier.h.
//
// Tokens: English -> lowercase words (letters, digits and apostrophes inside a word); Chinese -> one
// token per Han character (a code point). Everything else (spaces, punctuation, line breaks) only
// separates tokens. A text keeps its first kMaxTokens tokens.
// Vocabulary: from the training texts only, their kMaxVocab most frequent tokens (ties by the
// token's bytes), plus id 0 = <unk> for every other token (unseen, or rare).
// Split: by entry index in its file, never by the seed: entry i is held out when i % kTestEvery
// is kTestEvery - 1 (every 5th). The article task has its 4 sentences for training and 6 new
// sentences, labelled as a person would, as its held-out set.
#pragma once
#include <string>
#include <unordered_map>
#include <vector>

#include "data/corpus.h"

namespace textcls {

constexpr int kMaxTokens = 64;    // tokens read per text (the rest is cut)
constexpr int kMaxVocab = 5000;   // the most frequent training tokens, then <unk>
constexpr int kTestEvery = 5;     // every 5th entry of a file is held out
constexpr int kMaxSentence = 500; // characters in the learner's sentence

inline const std::vector<std::string> kTasks = {"article", "topics", "tang_song", "poets"};

std::vector<std::string> tokenize(const std::string& text);
bool is_held_out(size_t entry_index);

struct Vocab {
  std::vector<std::string> tokens;           // id -> token; tokens[0] is "<unk>"
  std::unordered_map<std::string, int> ids;  // token -> id (not <unk>)
  int size() const { return int(tokens.size()); }
  int id(const std::string& token) const;    // 0 when not in the vocabulary
  std::vector<int> encode(const std::vector<std::string>& tokens) const;  // at most kMaxTokens
};
Vocab build_vocab(const std::vector<std::vector<std::string>>& texts, int cap = kMaxVocab);

struct Example {
  std::string text;
  std::vector<std::string> tokens;  // all of them; the model reads the first kMaxTokens
  int label = 0;
  size_t entry = 0;                 // its index in its file (the split's key)
};

struct TaskData {
  std::vector<std::string> classes;  // names; the lab's words "textcls.class.NAME" say them
  std::vector<Example> train, test;
  std::string source;  // where the texts come from
};

// The data files a task reads (none for the article), in the order make_task takes them.
std::vector<std::string> task_files(const std::string& task);
// The task's texts from its files' corpora (same order as task_files). Texts with no token are
// dropped.
TaskData make_task(const std::string& task, const std::vector<data::Corpus>& corpora);

}  // namespace textcls
