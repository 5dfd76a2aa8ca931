// The gan lab's own behaviour (src/labs/gan_lab.cpp): a diverging step pauses with the reason and
// puts the weights back; slow motion shows D's half and G's half in turn; view fields do not reset
// training; a drawing with too few points is refused in the learner's language and changes nothing;
// a drawing with enough points becomes the data, its clusters the modes.
#include <catch2/catch.hpp>
#include <cmath>

#include "labs/gan_lab.h"

using namespace gan_lab;

TEST_CASE("gan lab: a step that produces NaN pauses with the reason and puts the weights back", "[gan]") {
  GanLab lab;
  lab.running = true;
  for (int i = 0; i < 5; ++i) lab.step();
  // Poison one of D's weights: the next D loss is NaN.
  lab.gan.D.layers[0].W.value[0] = std::nanf("");
  const models::Gan keep = lab.gan;
  lab.step();
  CHECK_FALSE(lab.running);
  CHECK(!lab.alert.empty());
  CHECK(lab.steps == 5);
  CHECK(std::isnan(lab.gan.D.layers[0].W.value[0]));  // restored to what it was before the step
  CHECK(lab.gan.G.layers[0].W.value.v == keep.G.layers[0].W.value.v);
}

TEST_CASE("gan lab: slow motion alternates D's half and G's half of an iteration", "[gan]") {
  GanLab lab;
  lab.configure({{"slow", true}});
  CHECK(lab.speed > 0);
  lab.step();
  CHECK(lab.phase == 1);
  CHECK(lab.d_updates == 1);
  CHECK(lab.g_updates == 0);
  CHECK(lab.state()["step"] == 0);
  lab.step();
  CHECK(lab.phase == 2);
  CHECK(lab.g_updates == 1);
  CHECK(lab.state()["step"] == 1);
}

TEST_CASE("gan lab: k_d and k_g updates per iteration; train d freezes G", "[gan]") {
  GanLab lab;
  lab.configure({{"k_d", 3}, {"k_g", 2}});
  lab.step();
  CHECK(lab.d_updates == 3);
  CHECK(lab.g_updates == 2);
  lab.configure({{"train", "d"}});
  const auto g0 = lab.gan.G.layers[0].W.value.v;
  for (int i = 0; i < 4; ++i) lab.step();
  CHECK(lab.gan.G.layers[0].W.value.v == g0);
  CHECK(lab.g_updates == 0);
}

TEST_CASE("gan lab: view fields alone keep the run; others reset it", "[gan]") {
  GanLab lab;
  for (int i = 0; i < 7; ++i) lab.step();
  lab.configure({{"show_manifold", true}, {"show_heat", false}});
  CHECK(lab.steps == 7);
  CHECK(lab.show_manifold);
  lab.configure({{"batch", 64}});
  CHECK(lab.steps == 0);
}

TEST_CASE("gan lab: a drawing with too few points is refused in the learner's language", "[gan]") {
  GanLab lab;
  ui::set_lang("zh");
  CHECK_FALSE(lab.use_drawing({{0.0f, 0.0f}, {0.1f, 0.1f}}));
  ui::set_lang("en");
  CHECK_THAT(lab.draw_note, Catch::Contains("至少"));
  CHECK(lab.dataset == "ring");
  CHECK_THROWS_AS(lab.configure({{"dataset", "custom"}, {"points", json::array({{0, 0}})}}), LabError);
  CHECK(lab.dataset == "ring");

  // Two strokes far apart: two modes.
  std::vector<std::array<float, 2>> pts;
  for (int i = 0; i < 15; ++i) pts.push_back({-0.6f + 0.02f * i, 0.5f});
  for (int i = 0; i < 15; ++i) pts.push_back({0.4f + 0.02f * i, -0.5f});
  CHECK(lab.use_drawing(pts));
  CHECK(lab.dataset == "custom");
  CHECK(lab.state()["modes_total"] == 2);
  CHECK(lab.state()["points"] == 30);
}

TEST_CASE("gan lab: every preset of the lab's list is accepted", "[gan]") {
  for (const LabPreset& p : kPresets) {
    INFO(p.key);
    GanLab lab;
    CHECK_NOTHROW(lab.configure(json::parse(p.json)));
    CHECK(lab.notes.empty());
    CHECK(ui::tr(p.key)[0] != '[');
  }
}

TEST_CASE(
    "gan lab: a preset naming its data starts from the defaults; one without it changes only its fields",
    "[gan]") {
  GanLab lab;
  lab.configure({{"k_d", 5}, {"lr_g", 0.01}, {"show_manifold", true}});
  lab.configure({{"dataset", "grid"}, {"batch", 64}});
  CHECK(lab.k_d == 1);  // back to the default: an earlier run block does not leak in
  CHECK(lab.lr_g == Approx(0.004));
  CHECK(lab.batch == 64);
  CHECK(lab.show_manifold);  // the view is the learner's
  lab.configure({{"k_g", 3}});
  CHECK(lab.dataset == "grid");
  CHECK(lab.batch == 64);
  CHECK(lab.k_g == 3);
}
