// Text from outside (lesson files, presets, pasted data) quoted in messages. The bridge speaks
// JSON, and nlohmann::json refuses to write a string that is not UTF-8: so text is checked, and
// cut only on a character boundary.
#pragma once
#include <cstddef>
#include <string>

namespace data {

// The first byte of `s` that does not start a well-formed UTF-8 sequence (no overlong forms, no
// surrogates, nothing above U+10FFFF), or npos; `chars` counts the characters before it.
size_t invalid_utf8(const std::string& s, size_t& chars);

// `s` with every byte that is not part of a well-formed sequence replaced by U+FFFD.
std::string utf8_clean(const std::string& s);

// At most `max_bytes` of `s` (cleaned), cut on a character boundary, with "…" when cut.
std::string utf8_prefix(const std::string& s, size_t max_bytes);

}  // namespace data
