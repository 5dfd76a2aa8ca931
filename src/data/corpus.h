// A text data set as data/fortunes.py writes it (build/data/NAME.json): entries with their text
// and, where the source has them, a title and an author. Read through src/data/files.h.
#pragma once
#include <string>
#include <vector>

namespace data {

struct TextEntry {
  std::string text, title, author;
};

struct Corpus {
  std::string source;              // where it came from ("Debian fortunes-zh, tang300 (唐诗三百首)")
  std::vector<TextEntry> entries;  // in the file's order
};

// Parses the bytes of data file `name`. Throws std::runtime_error naming the file and what is
// wrong, so a damaged file gives a message rather than an empty lab.
Corpus parse_corpus(const std::string& name, const std::string& bytes);

}  // namespace data
