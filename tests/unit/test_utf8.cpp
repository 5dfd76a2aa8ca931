// Text from outside quoted in messages stays UTF-8 (src/data/utf8.h): the bridge writes JSON, which
// cannot hold anything else.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "data/utf8.h"
#include "labs/host.h"

TEST_CASE("utf8: the first bad byte, cleaning, and cutting on a character boundary", "[utf8]") {
  size_t chars = 0;
  CHECK(data::invalid_utf8("中文 ok", chars) == std::string::npos);
  CHECK(chars == 5);
  CHECK(data::invalid_utf8("ab\xE9z", chars) == 2);
  CHECK(chars == 2);
  CHECK(data::utf8_clean("a\xE9\xC0\xAF" "b") == "a\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD" "b");
  CHECK(data::utf8_prefix("数数数", 4) == "数…");      // not half of the second 数
  CHECK(data::utf8_prefix("数数数", 9) == "数数数");    // nothing to cut
  CHECK(data::utf8_prefix("abc", 0) == "…");
}

TEST_CASE("a preset that is not JSON is quoted in a message the bridge can write", "[utf8][host]") {
  for (const std::string& text : {std::string(199, 'x') + "é!", std::string("{\xFF\xFE")}) {
    json p;
    const std::string err = parse_preset(text, p);
    CHECK_THAT(err, Catch::Contains("not valid JSON"));
    size_t chars = 0;
    CHECK(data::invalid_utf8(err, chars) == std::string::npos);
    CHECK_NOTHROW(json{{"error", err}}.dump());
  }
}

TEST_CASE("pasted rows of Chinese text are named in notes the bridge can write", "[utf8][labs]") {
  // Two good rows and one of 20 数: the skipped row's note quotes its start.
  Host h;
  std::string csv = "1, 1, 0\n-1, -1, 1\n";
  for (int i = 0; i < 20; ++i) csv += "数";
  csv += "\n";
  REQUIRE(host_open(h, "mlp", {{"dataset", "custom"}, {"csv", csv}}) == "");
  const json status = host_status(h);
  CHECK_NOTHROW(status.dump());
  CHECK_THAT(status["notes"].dump(), Catch::Contains("line 3"));
}
