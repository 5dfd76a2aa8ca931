// The kernels' thread pool (pool.h). One job at a time: the caller publishes it (fn, n, seats),
// wakes the workers, takes tasks itself from a shared counter, then closes the job (no seats left)
// and waits for the workers that sat down. A worker that wakes after that finds no seat and
// sleeps again, so a job never waits for a thread that was slow to wake.
#include "kernels/pool.h"

#include <algorithm>
#include <atomic>
#include <cstdlib>

#if !defined(__EMSCRIPTEN__) || defined(__EMSCRIPTEN_PTHREADS__)
#define KERN_POOL_HAS_THREADS 1
#include <condition_variable>
#include <mutex>
#include <thread>
#include <vector>
#endif

namespace kern {
namespace {

int clamp_threads(int n) { return std::max(1, std::min(kMaxPoolThreads, n)); }

std::atomic<int> wanted{0};  // 0: not chosen yet
std::atomic<long> jobs{0};   // parallel_for calls that used the pool

int default_threads() {
  if (const char* env = std::getenv("COURSE_THREADS"))
    if (std::atoi(env) >= 1) return clamp_threads(std::atoi(env));
#ifdef KERN_POOL_HAS_THREADS
  return clamp_threads(int(std::thread::hardware_concurrency()));
#else
  return 1;
#endif
}

#ifdef KERN_POOL_HAS_THREADS
struct Pool {
  std::mutex job_lock;  // held by the thread whose job runs
  std::mutex m;         // guards everything below but `next`
  std::condition_variable wake, finished;
  std::vector<std::thread> workers;
  const std::function<void(int)>* fn = nullptr;
  int n = 0;
  std::atomic<int> next{0};  // the next task to take
  int seats = 0;             // workers that may still join the job
  int busy = 0;              // workers in the job
  long generation = 0;       // counts jobs, so a worker knows a new one from the one it did
  bool stop = false;

  ~Pool() {
    {
      std::lock_guard<std::mutex> l(m);
      stop = true;
    }
    wake.notify_all();
    for (auto& t : workers) t.join();
  }
};

Pool& pool() {
  static Pool p;
  return p;
}

thread_local bool in_task = false;  // a parallel_for inside a task runs serially

void run_tasks(Pool& p) {
  in_task = true;
  for (int i = p.next.fetch_add(1); i < p.n; i = p.next.fetch_add(1)) (*p.fn)(i);
  in_task = false;
}

void worker(Pool& p) {
  long done = 0;
  std::unique_lock<std::mutex> l(p.m);
  for (;;) {
    p.wake.wait(l, [&] { return p.stop || p.generation != done; });
    if (p.stop) return;
    done = p.generation;
    if (p.seats == 0) continue;  // too late, or not needed for this job
    --p.seats;
    ++p.busy;
    l.unlock();
    run_tasks(p);
    l.lock();
    if (--p.busy == 0) p.finished.notify_all();
  }
}
#endif

}  // namespace

int pool_threads() {
  int n = wanted.load();
  if (n == 0) {
    n = default_threads();
    wanted.store(n);
  }
#ifdef KERN_POOL_HAS_THREADS
  return n;
#else
  return 1;
#endif
}

void set_pool_threads(int n) { wanted.store(clamp_threads(n)); }

long pool_jobs() { return jobs.load(); }

void parallel_for(int n, const std::function<void(int)>& fn) {
  const int threads = std::min(pool_threads(), n);
#ifdef KERN_POOL_HAS_THREADS
  Pool& p = pool();
  std::unique_lock<std::mutex> job(p.job_lock, std::defer_lock);
  if (threads > 1 && !in_task && job.try_lock()) {
    {
      std::lock_guard<std::mutex> l(p.m);
      while (int(p.workers.size()) < threads - 1) p.workers.emplace_back(worker, std::ref(p));
      p.fn = &fn;
      p.n = n;
      p.next.store(0);
      p.seats = threads - 1;
      ++p.generation;
    }
    p.wake.notify_all();
    ++jobs;
    run_tasks(p);
    std::unique_lock<std::mutex> l(p.m);
    p.seats = 0;
    p.finished.wait(l, [&] { return p.busy == 0; });
    return;
  }
#endif
  (void)threads;
  for (int i = 0; i < n; ++i) fn(i);
}

}  // namespace kern
