// models::ConvNet (src/models/convnet.h): its default network is the bench's CNN, number for
// number; every layer kind's gradients (conv with stride and padding, both poolings, residual
// blocks with and without the skip, dense) against finite differences; shapes that do not fit are
// refused with the layer and the shapes named; the transfer split into base and top.
#include <catch2/catch.hpp>
#include <cmath>

#include "engine/engine.h"
#include "models/cnn.h"
#include "models/convnet.h"

using namespace eng;
using namespace models;

namespace {

LayerSpec conv(int filters, int kernel, int stride, int pad) {
  LayerSpec s;
  s.filters = filters;
  s.kernel = kernel;
  s.stride = stride;
  s.pad = pad;
  return s;
}
LayerSpec pool(int size, bool avg) {
  LayerSpec s;
  s.kind = LayerKind::pool;
  s.size = size;
  s.avg = avg;
  return s;
}
LayerSpec res(int kernel) {
  LayerSpec s;
  s.kind = LayerKind::res;
  s.kernel = kernel;
  return s;
}
LayerSpec dense(int units) {
  LayerSpec s;
  s.kind = LayerKind::dense;
  s.units = units;
  return s;
}

Tensor random_images(int B, Rng& rng) {
  Tensor x(Shape{B, 1, 28, 28});
  for (float& v : x.v) v = rng.uniform(0.0f, 1.0f);
  return x;
}

// L = sum of logits times fixed random weights, in double: a scalar every parameter reaches.
double loss_of(ConvNet& m, const Tensor& x, const std::vector<float>& r) {
  Tape t;
  NoGrad ng(t);
  Var z = convnet_forward(t, m, t.input(x), nullptr);
  double L = 0;
  for (int i = 0; i < z.shape().size(); ++i) L += double(z.value()[i]) * r[size_t(i)];
  return L;
}

// The largest relative gap between backprop and central differences over (a sample of) every
// parameter of m.
double worst_gradient_gap(ConvNet& m, const Tensor& x, Rng& rng) {
  Tape t;
  Var z = convnet_forward(t, m, t.input(x), nullptr);
  std::vector<float> r(size_t(z.shape().size()));
  for (float& v : r) v = rng.uniform(-1.0f, 1.0f);
  Var L = sum(mul(z, t.input(z.shape(), r.data())));
  ParamList ps = m.params();
  zero_grad(ps);
  t.backward(L);
  double worst = 0;
  const float h = 2e-4f;  // small, so that hardly any ReLU input crosses its kink
  for (Param* p : ps) {
    const int n = p->value.size(), every = std::max(1, n / 40);
    for (int i = 0; i < n; i += every) {
      float& w = p->value.v[size_t(i)];
      const float keep = w;
      w = keep + h;
      const double up = loss_of(m, x, r);
      w = keep - h;
      const double down = loss_of(m, x, r);
      w = keep;
      const double numeric = (up - down) / (2.0 * h), analytic = p->grad.v[size_t(i)];
      worst = std::max(worst, std::fabs(numeric - analytic) / std::max(1.0, std::fabs(numeric)));
    }
  }
  return worst;
}

}  // namespace

TEST_CASE("convnet: the default network is the bench's CNN, logit for logit", "[convnet]") {
  Rng rng(5);
  ConvNet net(default_layers(), 10, rng);
  CNN ref(rng);
  REQUIRE(net.layers.size() == 4);
  ref.w1.value = net.layers[0].W.value;
  ref.b1.value = net.layers[0].b.value;
  ref.w2.value = net.layers[2].W.value;
  ref.b2.value = net.layers[2].b.value;
  ref.fc.W.value = net.head.W.value;
  ref.fc.b.value = net.head.b.value;
  for (float& v : ref.b1.value.v) v = rng.uniform(-0.1f, 0.1f);
  net.layers[0].b.value = ref.b1.value;
  const Tensor x = random_images(3, rng);
  Tape t;
  Var a = convnet_forward(t, net, t.input(x), nullptr);
  Var b = cnn_forward(t, ref, t.input(x));
  REQUIRE(a.shape() == b.shape());
  for (int i = 0; i < a.shape().size(); ++i) CHECK(a.value()[i] == Approx(b.value()[i]).margin(1e-5));
  CHECK(count_values(net.params()) == 8 * 25 + 8 + 16 * 8 * 25 + 16 + 784 * 10 + 10);  // 11,274
}

TEST_CASE("convnet: every layer kind's gradients match finite differences", "[convnet][grad]") {
  Rng rng(7);
  const Tensor x = random_images(2, rng);
  // conv with stride 2 and padding, a residual block, average pooling, a dense layer
  std::vector<LayerSpec> a = {conv(3, 3, 2, 1), res(3), pool(2, true), dense(5)};
  // conv without padding, max pooling, a residual block without its skip (the plain network)
  std::vector<LayerSpec> b = {conv(2, 5, 1, 0), pool(3, false), res(3)};
  for (bool skips : {true, false}) {
    ConvNet m1(a, 4, rng, skips), m2(b, 3, rng, skips);
    for (ConvNet* m : {&m1, &m2})
      for (Param* p : m->params())  // non-zero biases, so that they matter
        for (float& v : p->value.v) v += rng.uniform(-0.05f, 0.05f);
    INFO("skips " << skips);
    CHECK(worst_gradient_gap(m1, x, rng) < 2e-2);
    CHECK(worst_gradient_gap(m2, x, rng) < 2e-2);
  }
}

TEST_CASE("convnet: shapes that do not fit are refused, naming the layer and the shapes", "[convnet]") {
  std::vector<MapShape> shapes;
  CHECK(layer_shapes(default_layers(), shapes).empty());
  REQUIRE(shapes.size() == 4);
  CHECK(shapes[0].str() == "8x28x28");
  CHECK(shapes[3].str() == "16x7x7");
  // three poolings bring 28 down to 3; a 5x5 filter without padding does not fit on 3x3
  std::vector<LayerSpec> s = {conv(8, 5, 1, 2), pool(2, false), pool(2, false), pool(2, false),
                              conv(4, 5, 1, 0)};
  const std::string why = layer_shapes(s, shapes);
  CHECK_THAT(why, Catch::Contains("layer 5 (conv 5x5)"));
  CHECK_THAT(why, Catch::Contains("8x3x3"));
  CHECK_THAT(layer_shapes({dense(10), conv(4, 3, 1, 1)}, shapes), Catch::Contains("layer 2"));
  CHECK_THAT(layer_shapes({dense(10), conv(4, 3, 1, 1)}, shapes), Catch::Contains("flat"));
  Rng rng(1);
  CHECK_THROWS_WITH(ConvNet(s, 10, rng), Catch::Contains("layer 5"));
}

TEST_CASE("convnet: transfer trains the top and keeps the base", "[convnet]") {
  Rng rng(2);
  ConvNet m({conv(4, 3, 1, 1), pool(2, false), dense(16)}, 5, rng);
  CHECK(m.base_params().size() == 2);  // the conv's W and b
  CHECK(m.top_params().size() == 4);   // the dense layer's and the head's
  CHECK(m.params().size() == 6);
  const Tensor base_w = m.layers[0].W.value;
  new_top(m, 3, rng);
  CHECK(m.classes == 3);
  CHECK(m.head.W.value.shape == Shape{16, 3});
  CHECK(m.layers[0].W.value.v == base_w.v);
}
