// Training off the front end's thread: a thread that trains the host's open lab in short slices
// while it runs, and the lock that keeps those slices apart from everything else that touches the
// host (a frame's events and drawing, the shell's calls). No two of a lab's functions ever run at
// once, so lab code stays plain single-threaded code.
//
//   trainer_start(host());   once; from then on a frame draws and never trains
//   { HostLock lock; ... }   the front end, around each use of the host
//   trainer_pause(true);     while the lab is out of sight
//   trainer_stop();          before the front end exits (joins the thread)
//
// Where the build has no threads (wasm without -pthread), trainer_start returns false and HostLock
// does nothing: the front end trains in its frame, as before.
#pragma once
#include "labs/host.h"

// Starts the training thread for `h` (a second call does nothing); false when the build has none.
bool trainer_start(Host& h);
void trainer_stop();
bool trainer_running();
// While paused (the page shows its home, not the lab) the thread trains nothing.
void trainer_pause(bool paused);
// Milliseconds the thread has spent training, in all (the bench compares it with the wall time).
double trainer_busy_ms();

// Holds the host for the front end. While a front end waits for it, the trainer does not start its
// next slice, so a frame waits at most one slice (kTrainSliceMs, or one step where a step takes
// longer). Short, as the page's shell takes the lock several times a second besides the frame; the
// lock costs well under a microsecond, so even a tiny network's steps are not slowed by it.
constexpr double kTrainSliceMs = 2.0;
class HostLock {
 public:
  HostLock();
  // For a frame, which must not wait for a long step (a char model's, 30 ms and more): holds the
  // host if the trainer lets it go within `wait_ms`; else held() is false and the frame draws
  // nothing new (the canvas keeps its last picture). The request stays up, so after its step the
  // trainer waits a while (8 ms at most) for the next frame to take the host.
  explicit HostLock(double wait_ms);
  ~HostLock();
  HostLock(const HostLock&) = delete;
  HostLock& operator=(const HostLock&) = delete;
  bool held() const { return held_; }

 private:
  bool locked_ = false;
  bool held_ = true;  // no trainer: nothing to hold, the host is the caller's
};
