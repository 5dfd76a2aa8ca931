// The charlm lab through the Lab interface: refusals that name the field and leave the lab as it
// was, clamps with a note, presets that round-trip, the prompt's notes, the verse-shape metric,
// and the synthetic corpora's measurements.
#include <catch2/catch.hpp>
#include <string>

#include "labs/charlm_lab.h"

using Catch::Contains;

namespace {

std::string repeat(const std::string& s, int n) {
  std::string out;
  for (int i = 0; i < n; ++i) out += s;
  return out;
}

const json kSmall = {{"corpus", "copy"}, {"model", "gru"}, {"width", 16}, {"context", 12}, {"batch", 4}};

}  // namespace

TEST_CASE("charlm: pasted text that is empty, too short or too large is refused, naming the field",
          "[labs][charlm]") {
  auto lab = make_lab("charlm");
  lab->apply(kSmall);
  for (int i = 0; i < 3; ++i) lab->step();
  const json before = lab->state();
  CHECK_THROWS_WITH(lab->apply({{"corpus", "custom"}}), Contains("text: ") && Contains("empty"));
  CHECK_THROWS_WITH(lab->apply({{"corpus", "custom"}, {"text", "   \n"}}),
                    Contains("text: ") && Contains("300"));
  CHECK_THROWS_WITH(lab->apply({{"corpus", "custom"}, {"text", repeat("short ", 10)}}),
                    Contains("text: 60 characters") && Contains("at least 300"));
  CHECK_THROWS_WITH(lab->apply({{"corpus", "custom"}, {"text", repeat("0123456789", 30000)}}),
                    Contains("text: 292 KB") && Contains("at most 200 KB"));
  CHECK_THROWS_WITH(lab->apply({{"text", 42}}), Contains("text: expected a string"));
  CHECK(lab->state() == before);
  CHECK(lab->steps == 3);
  CHECK(lab->full_preset()["corpus"] == "copy");
}

TEST_CASE("charlm: other refusals and clamps", "[labs][charlm]") {
  auto lab = make_lab("charlm");
  CHECK_THROWS_WITH(lab->apply({{"model", "lstm2"}}), Contains("model: \"lstm2\" is not one of"));
  CHECK_THROWS_WITH(lab->apply({{"model", "transformer"}, {"width", 30}, {"heads", 4}}),
                    Contains("heads: a width of 30 does not split into 4 heads"));
  CHECK_THROWS_WITH(lab->apply({{"corpus", "poems"}}), Contains("corpus: "));
  CHECK_THROWS_WITH(lab->apply({{"colour", 1}}), Contains("colour"));
  json p = kSmall;
  p["context"] = 500;
  p["lr"] = 3.0;
  lab->apply(p);
  CHECK(lab->state()["context"] == 128);
  CHECK(lab->state()["lr"] == Approx(0.1));
  CHECK(lab->notes.size() >= 2);
}

TEST_CASE("charlm: a prompt with unknown characters gets a note naming them; a long one is cut",
          "[labs][charlm]") {
  auto lab = make_lab("charlm");
  json p = kSmall;
  p["prompt"] = "ab€c|Z";
  lab->apply(p);
  bool named = false;
  for (const auto& n : lab->notes)
    named = named || (n.find("€") != std::string::npos && n.find("Z") != std::string::npos);
  CHECK(named);
  const double p1 = lab->state()["p_top1"];
  CHECK(p1 > 0.0);
  CHECK(p1 <= 1.0);
  p["prompt"] = repeat("abc", 10);  // 30 characters, context 12
  lab->apply(p);
  bool cut = false;
  for (const auto& n : lab->notes) cut = cut || n.find("prompt: 30 characters") != std::string::npos;
  CHECK(cut);
}

TEST_CASE("charlm: presets round-trip, and a run replays exactly", "[labs][charlm]") {
  auto a = make_lab("charlm");
  json p = {{"corpus", "custom"},
            {"text", repeat("the cat sat on the mat. ", 20)},
            {"model", "transformer"},
            {"layers", 1},
            {"heads", 2},
            {"width", 16},
            {"context", 8},
            {"batch", 4},
            {"prompt", "the "},
            {"temperature", 0.5},
            {"top_k", 3},
            {"seed", 5}};
  a->apply(p);
  auto b = make_lab("charlm");
  b->apply(a->full_preset());
  CHECK(b->full_preset() == a->full_preset());
  for (int i = 0; i < 50; ++i) {
    a->step();
    b->step();
  }
  CHECK(a->state() == b->state());
  CHECK(a->state()["data_ready"] == 1);
  CHECK(a->state()["val_step"] == 50);
}

TEST_CASE("charlm: the verse shape: phrases of 5 or 7 Han characters, each closed by punctuation",
          "[charlm]") {
  using charlm_lab::verse_shaped;
  CHECK(verse_shaped("床前明月光，疑是地上霜。"));
  CHECK(verse_shaped("朝辞白帝彩云间，千里江陵一日还。"));
  CHECK(verse_shaped("何求美人折？"));
  CHECK_FALSE(verse_shaped("床前明月光疑"));          // six characters, no punctuation
  CHECK_FALSE(verse_shaped("床前明月光疑，"));        // a 6-character phrase
  CHECK_FALSE(verse_shaped("床前明月光，疑是地上"));  // the last phrase unfinished
  CHECK_FALSE(verse_shaped(""));
  CHECK_FALSE(verse_shaped("hello，"));
  int lines = 0;
  // Two complete lines (one verse-shaped), a blank line, and an unfinished last line not counted.
  CHECK(charlm_lab::verse_share("床前明月光，疑是地上霜。\n春眠不觉晓\n\n处处闻啼鸟，", &lines) ==
        Approx(0.5));
  CHECK(lines == 2);
}

// Natively and under Node there is no WebGPU: asked for it, the lab says why, trains on the CPU,
// and the switch neither restarts the run nor takes a step; a body with no GPU version is named.
TEST_CASE("charlm: compute webgpu without a device says why and trains on the CPU", "[labs][charlm][gpu]") {
  auto lab = make_lab("charlm");
  json p = kSmall;
  p["model"] = "transformer";
  p["heads"] = 2;
  lab->apply(p);
  for (int i = 0; i < 2; ++i) lab->step();
  CHECK(lab->compute()["on"] == "cpu");
  CHECK(lab->compute()["note"] == "");
  CHECK_FALSE(lab->on_main_thread());
  lab->apply({{"compute", "webgpu"}});
  CHECK(lab->steps == 2);
  CHECK(lab->on_main_thread());  // a lab that wants the GPU trains on the page's thread
  for (int i = 0; i < 3; ++i) lab->step();
  CHECK(lab->steps == 5);
  CHECK(lab->state()["gpu"] == 0);
  CHECK(lab->state()["weights_step"] == 5);
  // the reason: natively "WebGPU runs in the browser only"; as wasm under Node "no WebGPU layer"
  CHECK_THAT(lab->compute()["note"].get<std::string>(),
             Contains("No WebGPU here (") && Contains("): the CPU"));
  CHECK(lab->full_preset()["compute"] == "webgpu");
  CHECK_THROWS_WITH(lab->apply({{"compute", "tpu"}}), Contains("compute"));
  lab->apply({{"model", "gru"}});  // a new model: the run restarts, still asking for the GPU
  lab->step();
  CHECK_THAT(lab->compute()["note"].get<std::string>(), Contains("Transformer only") && Contains("GRU"));
  lab->apply({{"compute", "cpu"}});
  lab->step();
  CHECK(lab->compute()["note"] == "");
}
