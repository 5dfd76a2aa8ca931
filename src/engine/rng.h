// One seeded random generator for the whole engine: PCG32 (O'Neill, pcg-random.org), with our own
// uniform and normal draws. Never std:: distributions: their output differs between standard
// libraries, and a run must replay exactly, natively and in wasm.
#pragma once
#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

namespace eng {

struct Rng {
  uint64_t state = 0, inc = 0;

  explicit Rng(uint64_t seed = 42, uint64_t stream = 54) { reseed(seed, stream); }
  void reseed(uint64_t seed, uint64_t stream = 54) {
    state = 0;
    inc = (stream << 1u) | 1u;
    next_u32();
    state += seed;
    next_u32();
  }
  uint32_t next_u32() {
    uint64_t old = state;
    state = old * 6364136223846793005ULL + inc;
    uint32_t xorshifted = uint32_t(((old >> 18u) ^ old) >> 27u);
    uint32_t rot = uint32_t(old >> 59u);
    return (xorshifted >> rot) | (xorshifted << ((-rot) & 31));
  }
  float uniform() { return float(next_u32() >> 8) * (1.0f / 16777216.0f); }  // [0, 1), 24 bits
  float uniform(float lo, float hi) { return lo + (hi - lo) * uniform(); }
  int below(int n) { return int(uint64_t(next_u32()) * uint64_t(n) >> 32); }  // [0, n)
  float normal();  // N(0,1), Box-Muller
};

// Fisher-Yates with the engine's generator, so a run replays exactly (std::shuffle's draws differ
// between standard libraries).
template <class T>
void shuffle(std::vector<T>& v, Rng& rng) {
  for (size_t i = v.size(); i > 1; --i) std::swap(v[i - 1], v[size_t(rng.below(int(i)))]);
}

}  // namespace eng
