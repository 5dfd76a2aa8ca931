// The labs' words in both languages, one lookup. The host's words are in strings.cpp; every lab
// carries its own rows in its own file and adds them when it registers (src/labs/lab.h). The shell
// tells the module which language the learner chose; the CLI and tests stay in English.
// A key missing in one language, or a format string whose % conversions differ between the two,
// fails tests/unit/test_strings.cpp; the CJK font subset is cut from the sources at build time.
#pragma once
#include <string>
#include <vector>

namespace ui {

struct Text {
  const char* key;
  const char* en;
  const char* zh;
};

const std::vector<Text>& all_texts();      // the host's rows, then every registered lab's
void add_texts(const std::vector<Text>& rows);  // a lab's rows (at registration, before main)

void set_lang(const std::string& lang);  // "en" or "zh"; anything else keeps the current one
const std::string& lang();

// The current language's text for `key` (printf format strings keep their % conversions).
// An unknown key comes back as the key itself in brackets, so a gap is visible, never a crash.
const char* tr(const char* key);
const char* tr_in(const std::string& lang, const char* key);  // the same in a given language

}  // namespace ui
