// The character language model (src/models/charlm.h): for every body, the loss's gradient with
// respect to every parameter against central finite differences on a tiny configuration; then the
// inference helpers (temperature, top-k, traces).
#include <catch2/catch.hpp>
#include <cmath>
#include <string>
#include <vector>

#include "models/charlm.h"

using namespace eng;
using namespace models;

namespace {

const char* arch_name(CharArch a) {
  const char* names[] = {"bigram", "rnn", "lstm", "gru", "transformer"};
  return names[int(a)];
}

double loss_at(CharLM& m, const std::vector<int>& ids, int B, int T) {
  Tape t;
  NoGrad ng(t);
  return charlm_loss(t, m, ids, B, T).item();
}

}  // namespace

TEST_CASE("charlm: every body's loss gradient matches finite differences", "[charlm][grad]") {
  const int V = 5, B = 2, T = 4;
  Rng data_rng(7);
  std::vector<int> ids(size_t(B * (T + 1)));
  for (int& id : ids) id = data_rng.below(V);
  for (CharArch arch :
       {CharArch::bigram, CharArch::rnn, CharArch::lstm, CharArch::gru, CharArch::transformer}) {
    INFO(arch_name(arch));
    Rng rng(3);
    CharLM m({arch, V, 4, 2, 2, T}, rng);
    for (Param* p : m.params())  // non-zero biases, gains and table entries, so all are exercised
      for (float& v : p->value.v) v += rng.uniform(-0.3f, 0.3f);
    Tape t;
    zero_grad(m.params());
    t.backward(charlm_loss(t, m, ids, B, T));
    // The loss is a float, so the numeric estimate is good to about 1e-7 / h; the tolerance is
    // 1e-3 plus 1% of the gradient. h = 1e-3, but 3e-4 for the transformer: its MLP's ReLU has a
    // kink at 0, and on this tiny model a step of 1e-3 in E moves some pre-activation across it.
    const float h = arch == CharArch::transformer ? 3e-4f : 1e-3f;
    int checked = 0;
    for (Param* p : m.params()) {
      INFO(p->name);
      for (int j = 0; j < p->value.size(); ++j) {
        const float saved = p->value[j];
        p->value[j] = saved + h;
        const double Lp = loss_at(m, ids, B, T);
        p->value[j] = saved - h;
        const double Lm = loss_at(m, ids, B, T);
        p->value[j] = saved;
        const double numeric = (Lp - Lm) / (2.0 * h), analytic = p->grad[j];
        INFO("index " << j << ": analytic " << analytic << ", numeric " << numeric);
        REQUIRE(std::abs(analytic - numeric) <= 1e-3 + 0.01 * std::abs(numeric));
        ++checked;
      }
    }
    CHECK(checked == count_values(m.params()));
  }
}

TEST_CASE("charlm: a wrong gradient would be caught (the check above can fail)", "[charlm][grad]") {
  const int V = 5, B = 1, T = 3;
  Rng rng(3);
  CharLM m({CharArch::gru, V, 4, 1, 1, T}, rng);
  const std::vector<int> ids = {1, 2, 3, 4};
  Tape t;
  zero_grad(m.params());
  t.backward(charlm_loss(t, m, ids, B, T));
  const float h = 1e-3f, saved = m.out.W.value[0];
  m.out.W.value[0] = saved + h;
  const double Lp = loss_at(m, ids, B, T);
  m.out.W.value[0] = saved - h;
  const double Lm = loss_at(m, ids, B, T);
  const double numeric = (Lp - Lm) / (2.0 * h);
  CHECK(std::abs(numeric) > 1e-3);  // the read-out's gradient is large enough to be checked
  CHECK(std::abs(2.0 * m.out.W.grad[0] - numeric) > 1e-3 + 0.01 * std::abs(numeric));
}

TEST_CASE("charlm: temperature and top-k shape the next-character distribution", "[charlm]") {
  const std::vector<float> z = {2.0f, 1.0f, 0.0f, -1.0f};
  const std::vector<float> p = softmax_temperature(z, 1.0f, 0);
  double total = 0, expected0 = std::exp(2.0) / (std::exp(2.0) + std::exp(1.0) + 1 + std::exp(-1.0));
  for (float v : p) total += v;
  CHECK(total == Approx(1.0));
  CHECK(p[0] == Approx(expected0));
  const std::vector<float> cold = softmax_temperature(z, 0.1f, 0);
  CHECK(cold[0] > 0.99f);
  const std::vector<float> top2 = softmax_temperature(z, 1.0f, 2);
  CHECK(top2[2] == 0.0f);
  CHECK(top2[3] == 0.0f);
  CHECK(top2[0] == Approx(std::exp(1.0) / (std::exp(1.0) + 1.0)));
}

TEST_CASE("charlm: traces hold attention rows that sum to 1 and gates in (0,1)", "[charlm]") {
  Rng rng(5);
  CharLM tf({CharArch::transformer, 6, 8, 2, 2, 5}, rng);
  Tape t;
  CharTrace trace;
  next_logits(t, tf, {1, 2, 3}, &trace);
  REQUIRE(trace.attention.size() == 2);
  REQUIRE(trace.attention[1].size() == 2);
  const auto& a = trace.attention[1][1];
  REQUIRE(a.size() == 9);
  for (int q = 0; q < 3; ++q) {
    CHECK(a[size_t(q * 3)] + a[size_t(q * 3 + 1)] + a[size_t(q * 3 + 2)] == Approx(1.0f));
    for (int k = q + 1; k < 3; ++k) CHECK(a[size_t(q * 3 + k)] == 0.0f);  // causal
  }
  CharLM lstm({CharArch::lstm, 6, 8, 2, 1, 5}, rng);
  CharTrace g;
  next_logits(t, lstm, {1, 2, 3, 4, 5, 0, 1}, &g);  // longer than T = 5: the last 5 are used
  CHECK(g.T == 5);
  REQUIRE(g.gates.size() == 2);
  REQUIRE(g.gates[0].size() == 4);
  for (int k = 0; k < 3; ++k) {
    REQUIRE(g.gates[1][size_t(k)].size() == 40);
    for (float v : g.gates[1][size_t(k)]) CHECK((v > 0.0f && v < 1.0f));
  }
}
