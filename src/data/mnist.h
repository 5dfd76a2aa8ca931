// MNIST as data/mnist.py writes it (build/data/mnist-train.bin, mnist-test.bin): labels and
// 28 x 28 grey images, one byte per pixel. Read through src/data/files.h.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "data/files.h"

namespace data {

constexpr int kPixels = 28 * 28;

// Points into the file's bytes (which stay valid, src/data/files.h): 47 MB are not copied.
struct Mnist {
  int n = 0;
  const uint8_t* labels = nullptr;  // (n), 0-9
  const uint8_t* pixels = nullptr;  // (n, 28, 28) row-major; 0 = background, 255 = ink
  const uint8_t* image(int i) const { return pixels + size_t(i) * kPixels; }
};

// Parses the bytes of data file `name` (the result points into them). Throws std::runtime_error naming the
// file and what is wrong (not an MNIST file, truncated, or damaged: the CRC does not match), so a bad
// download gives a message and a retry rather than a lab trained on garbage.
Mnist parse_mnist(const std::string& name, const std::string& bytes);

// The parsed file, through request_file (cheap to call every frame): null while it loads or when
// it failed; `answer` says which and why. A file that arrives damaged is rejected (reject_file),
// so a retry fetches it again.
const Mnist* request_mnist(const std::string& name, FileAnswer& answer);

// Both files, as the digit labs read them (mnist-train.bin, mnist-test.bin): true once both have
// arrived and parsed. Until then `wait` says which failed and why, or nothing while they load.
bool request_mnist_pair(const Mnist*& train, const Mnist*& test, FileWait& wait);

uint32_t crc32(const uint8_t* p, size_t n);  // zlib's CRC-32

}  // namespace data
