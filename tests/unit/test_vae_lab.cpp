// The vae lab's own behaviour (src/labs/vae_lab.cpp): out-of-range values clamped with a note; a
// preset naming the latent dimension starts from the defaults (an earlier beta does not leak) while
// view fields alone keep the run; an empty drawing refused in the learner's language; a step that
// produces NaN pauses with the reason and changes nothing; the terms it reports add up; the one
// digit's z is mu + sigma eps; the judge is trained once and kept; Step while it trains takes a
// piece of it.
#include <catch2/catch.hpp>
#include <chrono>
#include <cmath>

#include "labs/vae_lab.h"
#include "ui/strings.h"

using namespace vae_lab;

TEST_CASE("vae lab: latent and beta out of range are clamped with a note", "[vae]") {
  VaeLab lab;
  lab.configure({{"latent", 40}, {"beta", -2}});
  CHECK(lab.cfg.spec.latent == 16);
  CHECK(lab.cfg.beta == 0);
  REQUIRE(lab.notes.size() == 2);
  CHECK(lab.notes[0].find("latent") != std::string::npos);
  CHECK(lab.notes[1].find("beta") != std::string::npos);
  CHECK_THROWS_AS(lab.configure({{"likelihood", "poisson"}}), LabError);
  CHECK(lab.cfg.spec.latent == 16);  // a refusal changes nothing
}

TEST_CASE("vae lab: a preset naming latent starts from the defaults; view fields keep the run", "[vae]") {
  VaeLab lab;
  lab.configure({{"beta", 5}, {"hidden", 32}});
  for (int i = 0; i < 3; ++i) lab.step();
  lab.configure({{"digit", 7}, {"pick_a", 1}});
  CHECK(lab.steps == 3);
  CHECK(lab.digit == 7);
  lab.configure({{"latent", 3}});
  CHECK(lab.steps == 0);
  CHECK(lab.cfg.beta == 1);
  CHECK(lab.cfg.spec.hidden == 128);
  CHECK(lab.digit == 7);  // the view is kept
}

TEST_CASE("vae lab: the reported terms add up, and z = mu + sigma eps for the shown digit", "[vae]") {
  VaeLab lab;
  lab.configure({{"latent", 2}, {"beta", 2}, {"hidden", 32}});
  for (int i = 0; i < 5; ++i) lab.step();
  const json s = lab.state();
  CHECK(s["nelbo"].get<double>() == Approx(s["recon"].get<double>() + s["kl"].get<double>()));
  CHECK(s["loss"].get<double>() == Approx(s["recon"].get<double>() + 2 * s["kl"].get<double>()));
  CHECK(s["elbo"].get<double>() == Approx(-s["nelbo"].get<double>()));
  CHECK(s["test_nelbo"].get<double>() == Approx(s["test_recon"].get<double>() + s["test_kl"].get<double>()));
  for (const char* j : {"0", "1"}) {
    const double mu = s[std::string("mu") + j], sd = s[std::string("sigma") + j],
                 eps = s[std::string("eps") + j];
    CHECK(s[std::string("z") + j].get<double>() == Approx(mu + sd * eps));
    CHECK(sd > 0);
  }
  const double kl = 0.5 * (std::pow(s["mu0"].get<double>(), 2) + std::pow(s["sigma0"].get<double>(), 2) - 1 -
                           2 * std::log(s["sigma0"].get<double>())) +
                    0.5 * (std::pow(s["mu1"].get<double>(), 2) + std::pow(s["sigma1"].get<double>(), 2) - 1 -
                           2 * std::log(s["sigma1"].get<double>()));
  CHECK(s["digit_kl"].get<double>() == Approx(kl).epsilon(1e-4));
  CHECK(s["test_at"] == 5);  // a paused lab measures the weights it has
}

TEST_CASE("vae lab: an empty drawing is refused in the learner's language", "[vae]") {
  VaeLab lab;
  ui::set_lang("zh");
  lab.set_strokes({});
  CHECK_FALSE(lab.encode_drawing());
  CHECK(lab.draw_note.find("画板是空的") != std::string::npos);
  CHECK_FALSE(lab.use_drawn);
  ui::set_lang("en");
  lab.set_strokes({{{0.5f, 0.2f}, {0.5f, 0.8f}}});  // a 1
  CHECK(lab.encode_drawing());
  CHECK(lab.draw_note.empty());
  CHECK(lab.use_drawn);
}

TEST_CASE("vae lab: a step that produces NaN pauses with the reason and changes nothing", "[vae]") {
  VaeLab lab;
  lab.configure({{"latent", 2}, {"hidden", 32}});
  lab.running = true;
  for (int i = 0; i < 3; ++i) lab.step();
  lab.vae.m.dec.layers.back().b.value[0] = std::nanf("");  // a NaN logit: recon is NaN
  const auto enc = lab.vae.m.enc.layers[0].W.value.v;
  lab.step();
  CHECK_FALSE(lab.running);
  CHECK(lab.alert.find("recon") != std::string::npos);
  CHECK(lab.steps == 3);
  CHECK(lab.vae.m.enc.layers[0].W.value.v == enc);  // Adam did not step on NaN gradients
}

TEST_CASE("vae lab: the judge is trained before the VAE, once, and kept across presets", "[vae]") {
  VaeLab lab;
  lab.configure({{"latent", 2}, {"hidden", 32}, {"judge", 40}});
  CHECK(lab.judging());
  lab.step();  // the judge's 40 steps, then the VAE's first
  CHECK_FALSE(lab.judging());
  CHECK(lab.steps == 1);
  const json s = lab.state();
  CHECK(s["judge"] == 40);
  CHECK(s["judge_acc"].get<double>() > 0.3);  // 40 steps of chapter 3's CNN: well above chance
  CHECK(s["recon_acc"].get<double>() >= 0);
  lab.configure({{"latent", 3}, {"judge", 40}});
  CHECK_FALSE(lab.judging());  // kept: not trained again
  VaeLab other;
  other.configure({{"latent", 2}, {"judge", 40}});
  CHECK_FALSE(other.judging());  // a new lab finds the finished judge
}

TEST_CASE("vae lab: Step while the judge trains takes a piece of the judge, not all of it", "[vae]") {
  VaeLab lab;
  lab.configure({{"latent", 2}, {"hidden", 32}, {"judge", 4000}});
  REQUIRE(lab.judging());
  REQUIRE(lab.ensure_ready());  // the data read first: not part of the time
  const auto t0 = std::chrono::steady_clock::now();
  lab.user_step();  // the toolbar's Step
  const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
  const json s = lab.state();
  CHECK(s["judge"].get<long>() > 0);  // the judge moved on
  CHECK(lab.judging());
  CHECK(lab.steps == 0);  // the VAE has not stepped: its judge is not ready
  CHECK(ms < 20 * kJudgeFrameMs);  // all 4000 CNN steps would take tens of seconds
}
