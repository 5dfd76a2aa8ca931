// The template lab (src/labs/template_lab.cpp) and its model (src/models/line.h): the gradient
// against central finite differences, the trained line against the least-squares solution in
// closed form, and a divergence that pauses. A new lab's tests go in a file like this one.
#include <catch2/catch.hpp>

#include <cmath>

#include "engine/engine.h"
#include "labs/lab.h"
#include "models/line.h"

using namespace models;

// L = (1/N) Σ (w x + b − y)², in double, written out: the reference the tape is checked against.
static double loss_of(const LineData& d, double w, double b) {
  double L = 0;
  for (size_t k = 0; k < d.x.size(); ++k) L += std::pow(w * d.x[k] + b - d.y[k], 2);
  return L / double(d.x.size());
}

TEST_CASE("template: the tape's dL/dw and dL/db equal central finite differences", "[labs][template]") {
  eng::Rng rng(3);
  const LineData d = line_data(9, 1.5f, -0.5f, 0.3f, rng);
  Line m;
  m.w.value.v[0] = 0.7f;
  m.b.value.v[0] = 0.2f;
  eng::Tape t;
  eng::Var L = line_loss(t, m, d);
  t.backward(L);
  CHECK(L.item() == Approx(loss_of(d, 0.7, 0.2)).epsilon(1e-5));
  const double h = 1e-4;
  const double dw = (loss_of(d, 0.7 + h, 0.2) - loss_of(d, 0.7 - h, 0.2)) / (2 * h);
  const double db = (loss_of(d, 0.7, 0.2 + h) - loss_of(d, 0.7, 0.2 - h)) / (2 * h);
  CHECK(m.w.grad.v[0] == Approx(dw).epsilon(1e-4));
  CHECK(m.b.grad.v[0] == Approx(db).epsilon(1e-4));
}

TEST_CASE("template: gradient descent reaches the least-squares line", "[labs][template][learning]") {
  auto lab = make_lab("template");
  lab->apply({{"points", 40}, {"noise", 0.3}, {"slope", 1.5}, {"intercept", -0.5}, {"lr", 0.3}, {"seed", 1}});
  for (int i = 0; i < 600; ++i) lab->step();
  // The same points (same seed, drawn first), and the line that minimises L, in closed form:
  // w = cov(x, y) / var(x), b = mean(y) − w mean(x).
  eng::Rng rng(1);
  const LineData d = line_data(40, 1.5f, -0.5f, 0.3f, rng);
  double mx = 0, my = 0, sxy = 0, sxx = 0;
  for (size_t k = 0; k < d.x.size(); ++k) {
    mx += d.x[k] / 40.0;
    my += d.y[k] / 40.0;
  }
  for (size_t k = 0; k < d.x.size(); ++k) {
    sxy += (d.x[k] - mx) * (d.y[k] - my);
    sxx += (d.x[k] - mx) * (d.x[k] - mx);
  }
  const double w = sxy / sxx, b = my - w * mx;
  const json s = lab->state();
  CHECK(s["w"].get<double>() == Approx(w).margin(1e-3));
  CHECK(s["b"].get<double>() == Approx(b).margin(1e-3));
  CHECK(s["loss"].get<double>() == Approx(loss_of(d, w, b)).epsilon(1e-3));
  CHECK(s["loss"].get<double>() < 0.15);  // about noise², 0.09
}

TEST_CASE("template: too large a learning rate diverges and pauses with an explanation", "[labs][template]") {
  auto lab = make_lab("template");
  lab->apply({{"lr", 1.4}});
  lab->running = true;
  for (int i = 0; i < 300 && lab->running; ++i) lab->step();
  CHECK(!lab->running);
  CHECK_THAT(lab->alert, Catch::Contains("lower the learning rate"));
  lab->apply({{"lr", 5.0}});
  CHECK_THAT(lab->notes[0], Catch::Contains("lr = 5 is outside [0, 1.5]; using 1.5"));
}
