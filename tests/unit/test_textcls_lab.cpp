// The textcls lab (src/labs/textcls_lab.cpp): its tokenizer in English and Chinese, its vocabulary,
// the held-out split (deterministic, disjoint, by entry index), configure's refusals and clamps,
// a sentence that does not restart training, the article's four sentences memorised, occlusion.
#include <catch2/catch.hpp>

#include <algorithm>
#include <set>
#include <string>

#include "labs/lab.h"
#include "labs/textcls_data.h"
#include "labs/textcls_lab.h"

using Catch::Contains;
using namespace textcls;

using Tokens = std::vector<std::string>;

TEST_CASE("textcls: English becomes lowercase words; punctuation only separates", "[labs][textcls]") {
  CHECK(tokenize("I love Machine-Learning!") == Tokens{"i", "love", "machine", "learning"});
  CHECK(tokenize("Don't panic, it's 42.") == Tokens{"don't", "panic", "it's", "42"});
  CHECK(tokenize("'Quoted' dogs' O\xe2\x80\x99" "Brien") == Tokens{"quoted", "dogs", "o'brien"});
  CHECK(tokenize("CAF\xc3\x89 na\xc3\xafve") == Tokens{"caf\xc3\xa9", "na\xc3\xafve"});
  CHECK(tokenize("  ...  !!! \n").empty());
}

TEST_CASE("textcls: Chinese becomes one token per Han character", "[labs][textcls]") {
  CHECK(tokenize("床前明月光，疑是地上霜。") ==
        Tokens{"床", "前", "明", "月", "光", "疑", "是", "地", "上", "霜"});
  CHECK(tokenize("AI很好\n李白") == Tokens{"ai", "很", "好", "李", "白"});
  CHECK(tokenize("\xff\xfe").empty());  // invalid bytes are no tokens
}

TEST_CASE("textcls: the vocabulary comes from training texts; <unk> is 0; a cap and a length",
          "[labs][textcls]") {
  const Vocab v = build_vocab({{"b", "a", "b"}, {"c", "b", "a"}}, 2);
  REQUIRE(v.size() == 3);
  CHECK(v.tokens[0] == "<unk>");
  CHECK(v.tokens[1] == "b");  // 3 times
  CHECK(v.tokens[2] == "a");  // 2 times; "c" (once) is over the cap
  CHECK(v.encode({"a", "c", "b", "zzz"}) == std::vector<int>{2, 0, 1, 0});
  CHECK(v.encode(Tokens(100, "a")).size() == size_t(kMaxTokens));
}

TEST_CASE("textcls: the split is by entry index, the same every time, and disjoint", "[labs][textcls]") {
  std::vector<data::Corpus> files(4);
  for (size_t f = 0; f < files.size(); ++f)
    for (int i = 0; i < 23; ++i)
      files[f].entries.push_back({"text " + std::to_string(f) + " number " + std::to_string(i), "", ""});
  const TaskData a = make_task("topics", files);
  const TaskData b = make_task("topics", files);
  REQUIRE(a.test.size() == 4 * 4);  // entries 4, 9, 14, 19 of each file
  REQUIRE(a.train.size() == 4 * 19);
  std::set<std::string> train, test;
  for (const Example& x : a.train) {
    CHECK(!is_held_out(x.entry));
    train.insert(x.text);
  }
  for (const Example& x : a.test) {
    CHECK(x.entry % 5 == 4);
    test.insert(x.text);
  }
  for (const std::string& t : test) CHECK(train.count(t) == 0);
  REQUIRE(b.test.size() == a.test.size());
  for (size_t i = 0; i < a.test.size(); ++i) CHECK(a.test[i].text == b.test[i].text);
  CHECK(make_task("article", {}).train.size() == 4);
  CHECK_THROWS(make_task("topics", {}));
}

TEST_CASE("textcls: configure refuses bad input, names the field, and changes nothing", "[labs][textcls]") {
  auto lab = make_lab("textcls");
  lab->apply({{"width", 16}, {"seed", 3}});
  for (int i = 0; i < 5; ++i) lab->step();
  const json before = lab->full_preset();
  CHECK_THROWS_WITH(lab->apply({{"task", "weather"}}),
                    Contains("task: \"weather\" is not one of article, topics, tang_song, poets"));
  CHECK_THROWS_WITH(lab->apply({{"model", "cnn"}}), Contains("model: \"cnn\" is not one of lstm, bag"));
  CHECK_THROWS_WITH(lab->apply({{"sentence", ""}}), Contains("sentence: empty"));
  CHECK_THROWS_WITH(lab->apply({{"sentence", "   \n"}}), Contains("sentence: empty"));
  CHECK_THROWS_WITH(lab->apply({{"sentence", "?!... ,"}}),
                    Contains("sentence: no words or Chinese characters"));
  CHECK_THROWS_WITH(lab->apply({{"sentence", std::string(501, 'a')}}),
                    Contains("sentence: 501 characters; at most 500"));
  CHECK_THROWS_WITH(lab->apply({{"sentence", 5}}), Contains("sentence: expected a string"));
  CHECK_THROWS_WITH(lab->apply({{"width", "wide"}}), Contains("width: expected a whole number"));
  CHECK_THROWS_WITH(lab->apply({{"colour", 1}}), Contains("unknown field \"colour\""));
  CHECK(lab->full_preset() == before);
  CHECK(lab->steps == 5);
}

TEST_CASE("textcls: out-of-range values are clamped with a note; a long sentence is cut", "[labs][textcls]") {
  auto lab = make_lab("textcls");
  lab->apply({{"width", 1000}, {"lr", 5}, {"batch", 0}});
  CHECK(lab->full_preset()["width"] == 128);
  CHECK(lab->full_preset()["lr"] == 0.1);
  CHECK(lab->full_preset()["batch"] == 1);
  CHECK(lab->notes.size() == 3);
  std::string words;
  for (int i = 0; i < 70; ++i) words += "fun ";
  lab->apply({{"sentence", words}});
  REQUIRE(lab->notes.size() == 1);
  CHECK_THAT(lab->notes[0], Contains("sentence: 70 tokens; the model reads the first 64"));
}

TEST_CASE("textcls: a sentence alone does not restart training; anything else does", "[labs][textcls]") {
  auto lab = make_lab("textcls");
  lab->apply(json::object());
  for (int i = 0; i < 30; ++i) lab->step();
  lab->apply({{"sentence", "I hate machine learning"}});
  CHECK(lab->steps == 30);
  CHECK(lab->state()["sentence_class"] == 0);
  lab->apply({{"sentence", "I love machine learning"}});
  CHECK(lab->state()["sentence_class"] == 1);
  lab->apply({{"seed", 2}});
  CHECK(lab->steps == 0);
  // A new task brings its own model and example sentence, unless the preset names them.
  CHECK(lab->full_preset()["model"] == "lstm");
  lab->apply({{"task", "topics"}});
  CHECK(lab->full_preset()["model"] == "bag");
  CHECK(lab->full_preset()["sentence"] != "I love machine learning");
  lab->apply({{"task", "article"}, {"model", "bag"}});
  CHECK(lab->full_preset()["model"] == "bag");
}

TEST_CASE("textcls: the article's LSTM memorises its four sentences", "[labs][textcls][learning]") {
  auto lab = make_lab("textcls");
  lab->apply({{"task", "article"}, {"seed", 1}});
  const json s0 = lab->state();
  CHECK(s0["n_train"] == 4);
  CHECK(s0["n_test"] == 6);
  CHECK(s0["majority_acc"] == 0.5);
  CHECK(s0["data_ready"] == 1);
  for (int i = 0; i < 150; ++i) lab->step();
  const json s = lab->state();
  CHECK(s["train_acc"] == 1.0);
  CHECK(s["loss"].get<double>() < 0.01);
  CHECK(lab->alert.empty());
}

// Occlusion on the memorised article: the word that tells the two sentences apart is the one that
// drives each prediction; a token the model never saw has nothing to take away.
TEST_CASE("textcls: occlusion finds the word that decides; <unk> drives nothing", "[labs][textcls]") {
  TextclsLab lab;
  lab.apply({{"task", "article"}, {"model", "bag"}, {"seed", 1}});
  for (int i = 0; i < 150; ++i) lab.step();
  const Reading love = lab.read(tokenize("I love machine learning"));
  REQUIRE(love.tokens == Tokens{"i", "love", "machine", "learning"});
  CHECK(love.cls == 1);
  CHECK(love.drop[1] > 0.1);
  CHECK(love.drop[1] == *std::max_element(love.drop.begin(), love.drop.end()));
  const Reading hate = lab.read(tokenize("I hate machine learning"));
  CHECK(hate.cls == 0);
  CHECK(hate.drop[1] == *std::max_element(hate.drop.begin(), hate.drop.end()));
  const Reading deep = lab.read(tokenize("I love deep learning"));
  CHECK(deep.drop[2] == 0.0f);  // "deep" is already <unk>
  lab.apply({{"sentence", "I love deep learning"}});
  CHECK(lab.state()["sentence_unk"] == 1);
}
