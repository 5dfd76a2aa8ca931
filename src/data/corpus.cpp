#include "data/corpus.h"

#include <stdexcept>

#include <nlohmann/json.hpp>

namespace data {

Corpus parse_corpus(const std::string& name, const std::string& bytes) {
  const nlohmann::json doc = nlohmann::json::parse(bytes, nullptr, false);
  if (doc.is_discarded() || !doc.is_object() || !doc.contains("entries") || !doc["entries"].is_array())
    throw std::runtime_error(name + ": not a data set (expected JSON with an \"entries\" list)");
  Corpus c;
  if (doc.contains("source") && doc["source"].is_string()) c.source = doc["source"].get<std::string>();
  size_t index = 0;
  for (const auto& e : doc["entries"]) {
    if (!e.is_object() || !e.contains("text") || !e["text"].is_string())
      throw std::runtime_error(name + ": entry " + std::to_string(index) + " has no text");
    TextEntry t;
    t.text = e["text"].get<std::string>();
    if (e.contains("title") && e["title"].is_string()) t.title = e["title"].get<std::string>();
    if (e.contains("author") && e["author"].is_string()) t.author = e["author"].get<std::string>();
    c.entries.push_back(std::move(t));
    ++index;
  }
  if (c.entries.empty()) throw std::runtime_error(name + ": the data set has no entries");
  return c;
}

}  // namespace data
