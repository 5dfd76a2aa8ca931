// The training thread (src/labs/trainer.h) under stress: while it trains the open lab, this thread
// reads the status, reconfigures, resets, steps, exports and switches labs hundreds of times, each
// under HostLock as a front end does. The state always parses, a lab's step count only grows
// between its resets, and the thread really trains. (Natively; where the build has no threads,
// trainer_start says so and the frame trains.)
#include <catch2/catch.hpp>

#include <chrono>
#include <map>
#include <string>
#include <thread>

#include "engine/rng.h"
#include "labs/host.h"
#include "labs/trainer.h"

#if !defined(__EMSCRIPTEN__) || defined(__EMSCRIPTEN_PTHREADS__)
TEST_CASE("the training thread trains while the host is read, changed and switched", "[trainer]") {
  Host h;
  const json fast = {{"speed", 0}};  // as fast as it can (the labs' defaults are slow to watch)
  REQUIRE(host_open(h, "mlp", fast) == "");
  REQUIRE(host_command(h, "play") == "");
  REQUIRE(trainer_start(h));
  REQUIRE(trainer_running());
  const char* labs[] = {"mlp", "neuron", "backprop"};
  std::map<std::string, long> last;  // each lab's step count when last seen
  long trained = 0;
  eng::Rng rng(5);
  for (int i = 0; i < 400; ++i) {
    {
      HostLock lock;
      const json status = json::parse(host_status(h).dump());  // the shell parses what it gets
      REQUIRE(status["state"].is_object());
      const std::string name = status["lab"].get<std::string>();
      const long steps = status["steps"].get<long>();
      INFO("iteration " << i << ", lab " << name);
      CHECK(steps >= last[name]);
      trained += steps - last[name];
      last[name] = steps;
      const float r = rng.uniform(0.0f, 1.0f);
      if (r < 0.1f) {
        CHECK(host_command(h, "reset") == "");
        last[name] = 0;
      } else if (r < 0.2f) {
        CHECK(host_configure(h, {{"speed", 0}, {"lr", 0.01 + 0.1 * rng.uniform(0.0f, 1.0f)}}) == "");
        last[name] = 0;  // a preset resets training
        CHECK(host_command(h, "play") == "");
      } else if (r < 0.3f) {
        json file;
        if (host_export(h, file) == "") CHECK_FALSE(file["model"].is_null());
      } else if (r < 0.35f) {
        CHECK(host_command(h, "step") == "");
        CHECK(host_command(h, "play") == "");
      } else if (r < 0.45f) {
        const char* to = labs[int(rng.uniform(0.0f, 2.999f))];
        const bool fresh = rng.uniform(0.0f, 1.0f) < 0.5f;  // with a preset (a reset), or as it was
        CHECK(host_open(h, to, fresh ? fast : json::object()) == "");
        if (fresh) last[to] = 0;
        CHECK(host_command(h, "play") == "");
      }
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  trainer_stop();
  CHECK_FALSE(trainer_running());
  CHECK(trained > 400);  // it trained between the front end's visits, not only in "step"
}
#else
TEST_CASE("without threads the trainer does not start, and the frame trains", "[trainer]") {
  Host h;
  CHECK_FALSE(trainer_start(h));
  CHECK_FALSE(trainer_running());
  HostLock lock;  // does nothing, and must not block
}
#endif
