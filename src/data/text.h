// A tiny built-in English text (a few KB, written for this course) for the character-level
// language model, and a character vocabulary over Unicode code points (one id per character, so
// a Chinese character is one token, not three bytes). Ids follow code-point order, which for ASCII
// text is byte order.
#pragma once
#include <string>
#include <vector>

namespace data {

const std::string& tiny_text();

// The code points of UTF-8 text; a byte that is not part of a well-formed sequence becomes
// U+FFFD. And one code point back as UTF-8.
std::vector<char32_t> code_points(const std::string& utf8);
std::string utf8_of(char32_t c);

struct CharVocab {
  std::vector<char32_t> chars;  // sorted distinct code points; id = position
  explicit CharVocab(const std::string& text);
  int size() const { return int(chars.size()); }
  int id(char32_t c) const;                              // -1 when c is not in the vocabulary
  std::vector<int> encode(const std::string& s) const;  // throws naming an unknown character
  std::string decode(const std::vector<int>& ids) const;
  std::string piece(int id) const { return utf8_of(chars.at(size_t(id))); }  // one character
};

}  // namespace data
