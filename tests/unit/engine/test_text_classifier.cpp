// The text classifier (src/models/text_classifier.h): its gradients against central finite
// differences for both encoders, on a batch of texts of different lengths, and the padding is
// honest: a text's logits are the same alone and in a batch beside longer texts.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>

#include "engine/engine.h"
#include "models/text_classifier.h"

using namespace eng;
using namespace models;

namespace {

const std::vector<std::vector<int>> kTexts = {{1, 4, 2}, {3}, {5, 0, 2, 6, 1}, {2, 2}};
const std::vector<int> kLabels = {0, 2, 1, 2};

std::vector<const std::vector<int>*> all_texts() {
  std::vector<const std::vector<int>*> p;
  for (const auto& t : kTexts) p.push_back(&t);
  return p;
}

// L in double from the float logits, forward only.
double loss_of(TextClassifier& m) {
  Tape t;
  NoGrad ng(t);
  Var z = text_logits(t, m, make_text_batch(all_texts()));
  const int K = m.K;
  double L = 0;
  for (int b = 0; b < int(kTexts.size()); ++b) {
    const float* row = z.value() + b * K;
    double mx = *std::max_element(row, row + K), s = 0;
    for (int k = 0; k < K; ++k) s += std::exp(double(row[k]) - mx);
    L += mx + std::log(s) - double(row[kLabels[size_t(b)]]);
  }
  return L / double(kTexts.size());
}

// The first mismatch between the tape's gradient and central differences, or "".
std::string check_gradients(TextClassifier& m) {
  Tape t;
  ParamList ps = m.params();
  zero_grad(ps);
  Var L = cross_entropy(text_logits(t, m, make_text_batch(all_texts())), kLabels);
  t.backward(L);
  const float h = 1e-2f;
  for (Param* p : ps)
    for (int j = 0; j < p->value.size(); ++j) {
      const float saved = p->value[j];
      p->value[j] = saved + h;
      const double Lp = loss_of(m);
      p->value[j] = saved - h;
      const double Lm = loss_of(m);
      p->value[j] = saved;
      const double num = (Lp - Lm) / (2.0 * h), ana = p->grad[j];
      if (std::fabs(num - ana) > 2e-3 * std::max({1.0, std::fabs(num), std::fabs(ana)})) {
        char buf[160];
        std::snprintf(buf, sizeof buf, "%s[%d]: analytic %.6g numeric %.6g", p->name.c_str(), j, ana, num);
        return buf;
      }
    }
  return "";
}

std::vector<float> logits_of(TextClassifier& m, const std::vector<const std::vector<int>*>& texts) {
  Tape t;
  NoGrad ng(t);
  Var z = text_logits(t, m, make_text_batch(texts));
  return std::vector<float>(z.value(), z.value() + z.shape().size());
}

}  // namespace

TEST_CASE("text classifier: gradients match finite differences (lstm and bag)", "[grad][models][textcls]") {
  for (TextEncoder enc : {TextEncoder::lstm, TextEncoder::bag}) {
    Rng rng(5);
    TextClassifier m(enc, 7, 4, 3, rng);
    for (Param* p : m.params())  // non-zero biases so their gradients are exercised
      for (float& v : p->value.v) v += rng.uniform(-0.3f, 0.3f);
    INFO((enc == TextEncoder::lstm ? "lstm" : "bag"));
    CHECK(check_gradients(m) == "");
  }
}

TEST_CASE("text classifier: padding changes nothing; each text is read to its own end", "[models][textcls]") {
  for (TextEncoder enc : {TextEncoder::lstm, TextEncoder::bag}) {
    INFO((enc == TextEncoder::lstm ? "lstm" : "bag"));
    Rng rng(2);
    TextClassifier m(enc, 7, 5, 3, rng);
    const std::vector<float> together = logits_of(m, all_texts());
    for (size_t b = 0; b < kTexts.size(); ++b) {
      const std::vector<float> alone = logits_of(m, {&kTexts[b]});
      for (int k = 0; k < 3; ++k) CHECK(together[b * 3 + size_t(k)] == Approx(alone[size_t(k)]).margin(1e-6));
    }
    // ...and the tokens after a text's end would change it: the check above can fail.
    const std::vector<int> longer = {1, 4, 2, 6};
    const std::vector<float> a = logits_of(m, {&kTexts[0]}), b = logits_of(m, {&longer});
    CHECK(std::fabs(a[0] - b[0]) + std::fabs(a[1] - b[1]) > 1e-4);
  }
}

TEST_CASE("text classifier: bag is the mean of the embeddings, then the linear layer", "[models][textcls]") {
  Rng rng(4);
  TextClassifier m(TextEncoder::bag, 7, 3, 2, rng);
  const std::vector<int> text = {2, 5, 5};
  const std::vector<float> z = logits_of(m, {&text});
  for (int k = 0; k < 2; ++k) {
    double want = m.out.b.value[k];
    for (int c = 0; c < 3; ++c) {
      const double h = (m.E.value.at(2, c) + 2.0 * m.E.value.at(5, c)) / 3.0;
      want += h * m.out.W.value.at(c, k);
    }
    CHECK(z[size_t(k)] == Approx(want).margin(1e-5));
  }
  std::vector<int> empty;
  CHECK_THROWS_AS(make_text_batch({&empty}), ShapeError);
}
