// A tiny built-in English text (a few KB, written for this course) for the character-level
// language model, and a character vocabulary.
#pragma once
#include <string>
#include <vector>

namespace data {

const std::string& tiny_text();

struct CharVocab {
  std::string chars;  // sorted distinct characters; id = position
  explicit CharVocab(const std::string& text);
  int size() const { return int(chars.size()); }
  std::vector<int> encode(const std::string& s) const;  // throws on an unknown character
  std::string decode(const std::vector<int>& ids) const;
};

}  // namespace data
