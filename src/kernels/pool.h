// A fixed pool of worker threads for the kernels that split their work: GEMM's row blocks of C.
//
//   parallel_for(n, fn)   runs fn(0) ... fn(n - 1), each exactly once, on the calling thread and
//                         the pool's workers, and returns when all have run.
//
// The threads start once, at the first parallel_for that can use them, and stay: nothing is
// spawned per call. A task must not depend on which thread runs it or in what order; then the
// result is the same whatever the number of threads (GEMM's tasks write disjoint blocks of C with
// the same arithmetic, so its result is bit for bit the same).
//
// A parallel_for inside a task, or while another thread's parallel_for holds the pool, runs its
// tasks serially on the caller: one job at a time, never a deadlock.
// Where the build has no threads (wasm without -pthread) every parallel_for is serial.
#pragma once
#include <functional>

namespace kern {

// Threads a parallel_for uses, the caller included: 1 means no pool.
int pool_threads();

// The default is the machine's cores (at most kMaxPoolThreads), or COURSE_THREADS from the
// environment. n is clamped to [1, kMaxPoolThreads]; it takes effect at the next parallel_for.
constexpr int kMaxPoolThreads = 16;
void set_pool_threads(int n);

void parallel_for(int n, const std::function<void(int)>& fn);

// Jobs that ran on the pool (more than one thread) since the start: tests and the lab's status
// show that the products were split.
long pool_jobs();

}  // namespace kern
