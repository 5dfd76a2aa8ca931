// The labs' words in both languages: one table (strings.cpp), one lookup. The shell tells the
// module which language the learner chose; the CLI and tests stay in English.
// A key missing in one language, or a format string whose % conversions differ between the two,
// fails tests/unit/test_strings.cpp; the CJK font subset is made from this table at build time.
#pragma once
#include <string>
#include <vector>

namespace ui {

struct Text {
  const char* key;
  const char* en;
  const char* zh;
};

const std::vector<Text>& all_texts();

void set_lang(const std::string& lang);  // "en" or "zh"; anything else keeps the current one
const std::string& lang();

// The current language's text for `key` (printf format strings keep their % conversions).
// An unknown key comes back as the key itself in brackets, so a gap is visible, never a crash.
const char* tr(const char* key);

}  // namespace ui
