// A model's parameters on the GPU (gpu.h): each one's values w, gradient dw and Adam's moments
// m, v, in the model's ParamList order, with one Adam command per parameter. A GPU model
// (models/convnet_gpu.h, models/charlm_gpu.h) uploads its CPU weights here, ends its step's
// command list with adam_cmds, and calls next_step() before each run.
//
// Reading back, without waiting: a lab keeps its CPU copy (what its tests and views read) a few
// times a second, and, when it moves back to the CPU, Adam's moments too:
//   Readback r = read_back(p, with_moments);    starts the copies
//   if (arrived(r)) apply(r, ps, &opt);          a frame or more later; then r is spent
// A lab calls sync() each frame, which does both on a Mirror.
#pragma once
#include <vector>

#include "engine/optim.h"
#include "gpu/gpu.h"

namespace gpu {

struct Params {
  std::vector<Buf> w, dw, m, v;
  std::vector<int> sizes;
  AdamConfig adam;
  int t = 0;  // Adam's steps so far
  std::vector<Cmd> adam_cmds;
};

// Uploads ps's values and opt's state (its moments and step count, so that a run moved to the GPU
// mid-way goes on as it was) and makes the Adam commands, stepped with opt's settings.
Params upload(const eng::ParamList& ps, const eng::Adam& opt);
// The next step's Adam: step t + 1 (at adam.lr, which the lab may have changed).
void next_step(Params& p);

struct Readback {
  std::vector<int> tickets;  // w for every parameter, then m, v for every parameter (moments)
  std::vector<std::vector<float>> got;
  std::vector<int> sizes;
  bool moments = false;
  int t = 0;  // Adam's step count when it was read
  bool empty() const { return tickets.empty(); }
};

Readback read_back(const Params& p, bool moments);
// True once every copy has arrived (takes what has, each call).
bool arrived(Readback& r);
// The values into ps; with moments, Adam's state into opt too (its t, m, v).
void apply(const Readback& r, const eng::ParamList& ps, eng::Adam* opt);

// A lab's CPU copy of a model that trains on the GPU, kept by sync().
struct Mirror {
  bool leaving = false;    // set by the lab: back to the CPU, so read Adam's moments too, at once
  long step = 0;           // the step of the weights the CPU copy holds (after sync says so)
  Readback reads;          // on their way
  long reads_step = 0;     // the step the weights on their way are of
  double reads_at = -1e9;  // when the last readback started (ms)
};
enum class Synced {
  nothing,  // no readback arrived this call
  weights,  // ps holds the weights of step m.step
  all,      // and opt holds Adam's state: the run can leave the GPU
};
constexpr double kReadEveryMs = 300;
constexpr int kStepsInFlight = 2;  // a lab queues at most this many steps ahead of the GPU
// Starts a readback of p after step `step` when one is due (every kReadEveryMs, or at once when
// leaving) and applies one that has arrived. When leaving it waits until no step's loss is
// pending, so that the CPU goes on from the last step whose loss the lab has counted.
Synced sync(Mirror& m, const Params& p, long step, bool losses_pending, const eng::ParamList& ps,
            eng::Adam* opt);

}  // namespace gpu
