// The cnn lab (src/labs/cnn_lab.cpp) and MNIST's files (src/data/mnist.h): the files as the
// converter wrote them (counts, first labels, checksum), damaged files refused with a reason and
// fetched again on retry; configure's refusals (the layer and the shapes named) leaving the lab as
// it was, and its clamps; view fields that do not restart training; honest test passes (a
// snapshot's step, every digit counted once); the convolution sum against the engine's conv; the
// drawing pad.
#include <catch2/catch.hpp>
#include <numeric>

#include "data/files.h"
#include "data/mnist.h"
#include "labs/cnn_lab.h"

using Catch::Contains;

namespace {

json run_lab(cnn::CnnLab& lab, long steps) {
  for (long i = 0; i < steps; ++i) lab.step();
  return lab.state();
}

}  // namespace

TEST_CASE("mnist: the converted files hold the real MNIST", "[labs][cnn][data]") {
  data::FileAnswer a;
  const data::Mnist* train = data::request_mnist("mnist-train.bin", a);
  const data::Mnist* test = data::request_mnist("mnist-test.bin", a);
  REQUIRE(train);
  REQUIRE(test);
  CHECK(train->n == 60000);
  CHECK(test->n == 10000);
  const std::vector<int> first_train(train->labels, train->labels + 5),
      first_test(test->labels, test->labels + 5);
  CHECK(first_train == std::vector<int>{5, 0, 4, 1, 9});
  CHECK(first_test == std::vector<int>{7, 2, 1, 0, 4});
  long ink = std::accumulate(test->image(0), test->image(0) + data::kPixels, 0L);
  CHECK(ink > 10000);  // a 7 has ink; the corners of the image have none
  CHECK(test->image(0)[0] == 0);
}

TEST_CASE("mnist: a damaged, truncated or foreign file is refused with a reason", "[labs][cnn][data]") {
  data::FileAnswer a;
  const data::Mnist* test = data::request_mnist("mnist-test.bin", a);
  REQUIRE(test);
  const std::string good = *a.bytes;
  std::string flipped = good;
  flipped[20000] = char(flipped[20000] ^ 0x40);
  CHECK_THROWS_WITH(data::parse_mnist("x.bin", flipped), Contains("x.bin") && Contains("checksum"));
  CHECK_THROWS_WITH(data::parse_mnist("x.bin", good.substr(0, 5000)), Contains("truncated"));
  CHECK_THROWS_WITH(data::parse_mnist("x.bin", "{\"json\": true}"), Contains("not an MNIST file"));
  CHECK_NOTHROW(data::parse_mnist("x.bin", good));
  // A damaged copy put in place of the file (as a bad download would be) is rejected, and the
  // retry reads the good file again.
  data::put_file("mnist-test.bin", flipped);
  CHECK(data::request_mnist("mnist-test.bin", a) == nullptr);
  CHECK(a.status == data::FileStatus::failed);
  CHECK_THAT(a.error, Contains("checksum"));
  data::retry_file("mnist-test.bin");
  CHECK(data::request_mnist("mnist-test.bin", a) != nullptr);
}

TEST_CASE("cnn: layers that do not fit are refused with the layer and shapes, the lab unchanged",
          "[labs][cnn]") {
  cnn::CnnLab lab;
  run_lab(lab, 3);
  const json before = lab.preset();
  const json bad = json::parse(R"([{"type": "conv", "filters": 8, "kernel": 5, "pad": 2},
    {"type": "pool"}, {"type": "pool"}, {"type": "pool"}, {"type": "conv", "kernel": 5, "pad": 0}])");
  CHECK_THROWS_WITH(lab.configure({{"layers", bad}}), Contains("layer 5") && Contains("8x3x3"));
  CHECK_THROWS_WITH(lab.configure({{"layers", json::array()}}), Contains("layers"));
  CHECK_THROWS_WITH(lab.configure({{"layers", {{{"type", "deconv"}}}}}), Contains("layer 1"));
  CHECK_THROWS_WITH(lab.configure({{"layers", {{{"type", "conv"}, {"filter", 3}}}}}), Contains("filter"));
  CHECK_THROWS_WITH(lab.configure({{"mode", "gan"}}), Contains("mode"));
  CHECK_THROWS_WITH(lab.configure({{"strokes", {{{0.5, "x"}}}}}), Contains("strokes"));
  const json huge = json::parse(R"([{"type": "conv", "filters": 64, "kernel": 9},
    {"type": "conv", "filters": 64, "kernel": 9}])");
  CHECK_THROWS_WITH(lab.configure({{"layers", huge}}), Contains("million multiply-adds"));
  CHECK(lab.preset() == before);
  CHECK(lab.steps == 3);
  lab.configure({{"batch", 1000}, {"lr", 5.0}});
  CHECK(lab.batch == 256);
  CHECK(lab.lr == Approx(0.1));
  CHECK(lab.notes.size() == 2);
}

TEST_CASE("cnn: the view's fields do not restart training; the others do", "[labs][cnn]") {
  cnn::CnnLab lab;
  lab.configure({{"test_limit", 200}});
  run_lab(lab, 4);
  lab.configure({{"digit", 7}, {"pick_layer", 1}, {"pick_x", 3}, {"strokes", json::array()}});
  CHECK(lab.steps == 4);
  CHECK(lab.digit == 7);
  lab.configure({{"seed", 2}});
  CHECK(lab.steps == 0);
  CHECK(lab.test_limit == 200);  // a control's change keeps the rest of the experiment
  lab.configure({{"mode", "digits"}, {"lr", 0.003}});
  CHECK(lab.test_limit == 10000);  // a new experiment (a run block) starts from the defaults
}

// Natively there is no WebGPU (src/gpu/gpu.cpp): asked for it, the lab says why, trains on the
// CPU all the same, and the switch does not restart training. (The GPU side is tests/e2e/webgpu*.)
TEST_CASE("cnn: compute webgpu without a device says why and trains on the CPU", "[labs][cnn][gpu]") {
  cnn::CnnLab lab;
  lab.configure({{"test_limit", 200}});
  run_lab(lab, 2);
  CHECK(lab.compute()["on"] == "cpu");
  CHECK(lab.compute()["note"] == "");
  CHECK_FALSE(lab.on_main_thread());
  lab.configure({{"compute", "webgpu"}});
  CHECK(lab.steps == 2);
  CHECK(lab.on_main_thread());  // a lab that wants the GPU trains on the page's thread
  const json s = run_lab(lab, 3);
  CHECK(lab.steps == 5);
  CHECK(s["gpu"] == 0);
  CHECK(lab.compute()["on"] == "cpu");
  CHECK_THAT(lab.compute()["note"].get<std::string>(), Contains("No WebGPU here"));
  CHECK(lab.full_preset()["compute"] == "webgpu");
  CHECK_THROWS_WITH(lab.configure({{"compute", "tpu"}}), Contains("compute"));
  lab.configure({{"compute", "cpu"}});
  run_lab(lab, 1);
  CHECK(lab.compute()["note"] == "");
}

// The timing of one convolution natively: the CPU's column filled, the GPU's empty with the reason,
// training resumed after it and not restarted by it.
TEST_CASE("cnn: timing a convolution without a GPU times the CPU and says why", "[labs][cnn][gpu]") {
  cnn::CnnLab lab;
  lab.configure({{"test_limit", 200}});
  run_lab(lab, 1);
  CHECK_THROWS_WITH(lab.configure({{"time_batches", {4, 2}}}), Contains("increasing"));
  CHECK_THROWS_WITH(lab.configure({{"time_batches", {0}}}), Contains("1 to 256"));
  lab.configure({{"time_conv", true}, {"time_batches", {1, 8}}});
  CHECK(lab.steps == 1);
  CHECK(lab.running);
  CHECK(lab.on_main_thread());
  for (int i = 0; i < 20 && lab.state()["time_done"] == 0; ++i) lab.train(10);
  const json s = lab.state();
  REQUIRE(s["time_done"] == 1);
  CHECK(s["time_batches"] == json({1, 8}));
  CHECK(s["time_cpu"][0].get<double>() > 0);
  CHECK(s["time_cpu"][1].get<double>() > s["time_cpu"][0].get<double>());  // 8 images cost more than 1
  CHECK(s["time_gpu"] == json({-1, -1}));
  CHECK(s["time_crossover"] == -1);
  CHECK_THAT(lab.timing.note, Contains("No WebGPU here"));
  CHECK(lab.steps == 1);
  lab.train(50);  // then training goes on
  CHECK(lab.steps > 1);
}

TEST_CASE("cnn: a test pass reads every test digit once, with the weights of one step", "[labs][cnn]") {
  cnn::CnnLab lab;
  lab.configure({{"test_limit", 200}, {"lr", 0.004}});
  // 200 digits at kEvalChunk per step, measured at the start of each step: the first pass (the
  // weights of step 0) ends in the 5th step, the second (the weights after 4 steps) in the 10th.
  json s = run_lab(lab, 4);
  CHECK(s["passes"] == 0);
  s = run_lab(lab, 1);
  CHECK(s["passes"] == 1);
  CHECK(s["test_step"] == 0);
  s = run_lab(lab, 4);
  CHECK(s["passes"] == 1);
  s = run_lab(lab, 1);
  CHECK(s["passes"] == 2);
  CHECK(s["test_step"] == 4);
  CHECK(s["test_n"] == 200);
  int counted = 0, right = 0;
  for (int t = 0; t < 10; ++t)
    for (int p = 0; p < 10; ++p) {
      counted += s["confusion"][size_t(t * 10 + p)].get<int>();
      if (t == p) right += s["confusion"][size_t(t * 10 + p)].get<int>();
    }
  CHECK(counted == 200);
  CHECK(double(right) / 200 == Approx(s["test_acc"].get<double>()));
}

TEST_CASE("cnn: the convolution sum of one pixel is the engine's conv output there", "[labs][cnn]") {
  cnn::CnnLab lab;
  lab.configure({{"test_limit", 100}});
  run_lab(lab, 30);
  int checked = 0;
  for (int k = 0; k < 8; ++k)
    for (int y : {5, 13, 20}) {
      lab.configure({{"digit", 0}, {"pick_layer", 1}, {"pick_channel", k}, {"pick_y", y}, {"pick_x", 12}});
      const json s = lab.state();
      CHECK(s["pick_terms"] == 25);  // 1 channel x 5 x 5
      CHECK(s["pick_out"].get<double>() == Approx(std::max(0.0, s["pick_sum"].get<double>())));
      const eng::Tensor& map = lab.digit_reading.maps[0];  // relu(conv) from im2col + GEMM
      CHECK(map.v[size_t((k * 28 + y) * 28 + 12)] == Approx(s["pick_out"].get<double>()).margin(1e-5));
      checked += s["pick_sum"].get<double>() > 0;
    }
  CHECK(checked > 0);  // some sums were positive, so the comparison was not only of zeros
}

TEST_CASE("cnn: an empty pad says so; a drawing is read", "[labs][cnn]") {
  cnn::CnnLab lab;
  lab.configure({{"test_limit", 100}});
  json s = run_lab(lab, 2);
  CHECK(s["draw_empty"] == 1);
  CHECK(s["draw_class"] == -1);
  lab.configure({{"strokes", {{{0.5, 0.15}, {0.5, 0.85}}}}});
  s = lab.state();
  CHECK(s["draw_empty"] == 0);
  CHECK(s["draw_class"].get<int>() >= 0);
  CHECK(s["draw_p"].get<double>() > 0);
}
