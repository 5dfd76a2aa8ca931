// The labs' string table: both languages complete, format strings that agree, every key used in
// the source defined, and lookups that switch language.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include "ui/strings.h"

static std::vector<std::string> conversions(const std::string& s) {
  std::vector<std::string> out;
  static const std::regex re("%[-+ #0]*[0-9]*(\\.[0-9]+)?(l|ll|z)?[diouxXeEfgGcsp%]");
  for (auto it = std::sregex_iterator(s.begin(), s.end(), re); it != std::sregex_iterator(); ++it)
    out.push_back(it->str());
  return out;
}

TEST_CASE("every text exists in both languages, with the same format conversions", "[strings]") {
  std::set<std::string> keys;
  for (const auto& t : ui::all_texts()) {
    INFO(t.key);
    CHECK(keys.insert(t.key).second);  // unique
    REQUIRE(t.en != nullptr);
    REQUIRE(t.zh != nullptr);
    CHECK(std::string(t.en).size() > 0);
    CHECK(std::string(t.zh).size() > 0);
    CHECK(conversions(t.en) == conversions(t.zh));
  }
  CHECK(keys.size() > 30);
}

TEST_CASE("every tr(\"key\") in the source is in the table", "[strings]") {
  std::set<std::string> keys;
  for (const auto& t : ui::all_texts()) keys.insert(t.key);
  static const std::regex call("tr\\(\"([a-z0-9_.]+)\"\\)");
  int used = 0;
  for (const auto& e :
       std::filesystem::recursive_directory_iterator(std::filesystem::path(COURSE_SOURCE_DIR) / "src")) {
    if (e.path().extension() != ".cpp") continue;
    std::ifstream in(e.path());
    std::stringstream ss;
    ss << in.rdbuf();
    const std::string src = ss.str();
    for (auto it = std::sregex_iterator(src.begin(), src.end(), call); it != std::sregex_iterator();
         ++it, ++used) {
      INFO(e.path().string() << " uses " << (*it)[1]);
      CHECK(keys.count((*it)[1]) == 1);
    }
  }
  CHECK(used > 20);
}

TEST_CASE("tr follows the chosen language; unknown keys are visible, not fatal", "[strings]") {
  ui::set_lang("zh");
  CHECK(std::string(ui::tr("host.step")) == "单步");
  ui::set_lang("klingon");  // ignored
  CHECK(ui::lang() == "zh");
  ui::set_lang("en");
  CHECK(std::string(ui::tr("host.step")) == "Step");
  CHECK(std::string(ui::tr("no.such.key")) == "[no.such.key]");
}
