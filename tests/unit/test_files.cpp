// Data files (src/data/files.h, src/data/corpus.h): read at once natively, handed over by the shell
// in the browser, refused with a message when the name, the fetch or the content is bad.
#include <catch2/catch.hpp>

#include "data/corpus.h"
#include "data/files.h"

TEST_CASE("data files: read natively from the data folder that ./course build fills", "[files]") {
  data::set_async(false);
  const data::FileAnswer a = data::request_file("tang300.json");
  REQUIRE(a.status == data::FileStatus::ready);
  const data::Corpus tang = data::parse_corpus("tang300.json", *a.bytes);
  CHECK(tang.entries.size() == 313);
  CHECK(tang.entries[0].author == "张九龄");
  CHECK(tang.entries[0].text.rfind("兰叶春葳蕤，桂华秋皎洁。\n", 0) == 0);  // no ANSI codes, no title
  const data::FileAnswer missing = data::request_file("no-such-set.json");
  CHECK(missing.status == data::FileStatus::failed);
  CHECK_THAT(missing.error, Catch::Contains("no-such-set.json"));
}

TEST_CASE("data files: a name that could leave the data folder is refused", "[files]") {
  for (const char* name : {"../secret", "a/b.json", ".hidden", "", "x y.json"}) {
    const data::FileAnswer a = data::request_file(name);
    CHECK(a.status == data::FileStatus::failed);
    CHECK_THAT(a.error, Catch::Contains("not a data file name"));
  }
}

TEST_CASE("data files in the browser: wanted, fetched by the shell, failed, retried", "[files]") {
  data::set_async(true);
  CHECK(data::request_file("async-test.json").status == data::FileStatus::loading);
  CHECK(data::wanted_files() == std::vector<std::string>{"async-test.json"});
  data::fail_file("async-test.json", "HTTP 404");
  data::FileAnswer a = data::request_file("async-test.json");
  CHECK(a.status == data::FileStatus::failed);
  CHECK(a.error == "HTTP 404");
  CHECK(data::wanted_files().empty());
  data::retry_file("async-test.json");
  CHECK(data::request_file("async-test.json").status == data::FileStatus::loading);
  CHECK(data::wanted_files() == std::vector<std::string>{"async-test.json"});
  data::put_file("async-test.json", "{\"entries\": [{\"text\": \"a\"}]}");
  a = data::request_file("async-test.json");
  REQUIRE(a.status == data::FileStatus::ready);
  CHECK(data::parse_corpus("async-test.json", *a.bytes).entries[0].text == "a");
  CHECK(data::wanted_files().empty());
  data::set_async(false);
}

TEST_CASE("a damaged data set is refused by name", "[files]") {
  CHECK_THROWS_WITH(data::parse_corpus("x.json", "{\"entries\": 3}"),
                    Catch::Contains("x.json: not a data set"));
  CHECK_THROWS_WITH(data::parse_corpus("x.json", "not json"), Catch::Contains("x.json"));
  CHECK_THROWS_WITH(data::parse_corpus("x.json", "{\"entries\": [{\"title\": \"t\"}]}"),
                    Catch::Contains("entry 0 has no text"));
  CHECK_THROWS_WITH(data::parse_corpus("x.json", "{\"entries\": []}"), Catch::Contains("no entries"));
}
