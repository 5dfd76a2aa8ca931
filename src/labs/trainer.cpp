// The training thread (trainer.h). It holds the host's mutex for one slice of training at a time;
// between slices it lets a waiting front end in first (std::mutex is not fair: without the
// `waiting` count the trainer could take the lock straight back, slice after slice, and starve
// the frame).
#include "labs/trainer.h"

#if !defined(__EMSCRIPTEN__) || defined(__EMSCRIPTEN_PTHREADS__)
#define TRAINER_HAS_THREADS 1
#include <atomic>
#include <chrono>
#include <mutex>
#include <thread>
#endif

#ifdef TRAINER_HAS_THREADS
namespace {

std::mutex host_mutex;
std::atomic<int> waiting{0};  // front-end threads waiting for host_mutex
std::atomic<bool> running{false}, stopping{false}, paused{false};
std::thread worker;
std::atomic<long long> busy_us{0};  // time spent in slices of training, since the start

// Between slices: sleeps while there is nothing to train, and for a millisecond after a slice that
// did next to nothing (a lab at a set speed whose next step is not due yet, or one waiting for its
// data), so a slow lab does not spin a core.
void train_loop(Host& h) {
  while (!stopping.load()) {
    int idle_ms = 4;  // nothing to train
    {
      std::lock_guard<std::mutex> l(host_mutex);
      // a lab on WebGPU trains in the frame instead (Lab::on_main_thread)
      if (h.lab && h.lab->running && !paused.load() && !h.lab->on_main_thread()) {
        const auto t0 = std::chrono::steady_clock::now();
        h.lab->train(kTrainSliceMs);
        const auto took =
            std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - t0);
        idle_ms = took.count() < 100 ? 1 : 0;
        busy_us += took.count();
      }
    }
    if (idle_ms > 0) std::this_thread::sleep_for(std::chrono::milliseconds(idle_ms));
    // A front end wants the host: let it in first. A frame that gave up comes back at the next
    // frame, up to 16 ms later: wait for it (asleep) for half of that at most, then train on, so a
    // slow lab loses at most that much per frame it draws.
    const auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(8);
    while (waiting.load() > 0 && !stopping.load() && std::chrono::steady_clock::now() < until)
      std::this_thread::sleep_for(std::chrono::microseconds(50));
  }
}

}  // namespace

bool trainer_start(Host& h) {
  if (running.load()) return true;
  stopping.store(false);
  worker = std::thread(train_loop, std::ref(h));
  running.store(true);
  return true;
}

void trainer_stop() {
  if (!running.load()) return;
  stopping.store(true);
  worker.join();
  running.store(false);
}

bool trainer_running() { return running.load(); }

void trainer_pause(bool p) { paused.store(p); }

double trainer_busy_ms() { return double(busy_us.load()) / 1000.0; }

HostLock::HostLock() {
  if (!running.load()) return;
  ++waiting;
  host_mutex.lock();
  --waiting;
  locked_ = true;
}

// The frame's request is left up when it gives up (frame_waiting), and taken down when a frame
// gets the host: the trainer, between slices, waits a while for it.
HostLock::HostLock(double wait_ms) {
  if (!running.load()) return;
  static bool frame_waiting = false;  // only the front end's frames use this constructor
  if (!frame_waiting) {
    ++waiting;
    frame_waiting = true;
  }
  const auto until = std::chrono::steady_clock::now() + std::chrono::microseconds(long(wait_ms * 1000));
  locked_ = host_mutex.try_lock();
  while (!locked_ && std::chrono::steady_clock::now() < until) {
    std::this_thread::yield();
    locked_ = host_mutex.try_lock();
  }
  held_ = locked_;
  if (locked_) {
    --waiting;
    frame_waiting = false;
  }
}

HostLock::~HostLock() {
  if (locked_) host_mutex.unlock();
}

#else  // no threads: the frame trains

bool trainer_start(Host&) { return false; }
void trainer_stop() {}
bool trainer_running() { return false; }
void trainer_pause(bool) {}
double trainer_busy_ms() { return 0; }
HostLock::HostLock() { (void)locked_; }  // never locked: nothing to hold
HostLock::HostLock(double) {}
HostLock::~HostLock() {}

#endif
