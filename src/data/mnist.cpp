// Reads the MNIST files of data/mnist.py: "MNST", n, CRC-32, 784, then n labels and n images.
#include "data/mnist.h"

#include <map>
#include <stdexcept>

namespace data {

uint32_t crc32(const uint8_t* p, size_t n) {
  static uint32_t table[256];
  static bool made = false;
  if (!made) {
    for (uint32_t i = 0; i < 256; ++i) {
      uint32_t c = i;
      for (int k = 0; k < 8; ++k) c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
      table[i] = c;
    }
    made = true;
  }
  uint32_t c = 0xFFFFFFFFu;
  for (size_t i = 0; i < n; ++i) c = table[(c ^ p[i]) & 0xFF] ^ (c >> 8);
  return c ^ 0xFFFFFFFFu;
}

static uint32_t u32(const std::string& b, size_t at) {
  uint32_t v = 0;
  for (int k = 3; k >= 0; --k) v = (v << 8) | uint8_t(b[at + size_t(k)]);
  return v;
}

Mnist parse_mnist(const std::string& name, const std::string& bytes) {
  auto fail = [&](const std::string& why) { throw std::runtime_error(name + ": " + why); };
  if (bytes.size() < 16 || bytes.compare(0, 4, "MNST") != 0) fail("not an MNIST file of the course");
  uint32_t n = u32(bytes, 4), crc = u32(bytes, 8), side = u32(bytes, 12);
  if (side != uint32_t(kPixels) || n == 0 || n > 1000000) fail("unexpected header");
  size_t want = 16 + size_t(n) * (1 + kPixels);
  if (bytes.size() != want)
    fail("truncated or padded: " + std::to_string(bytes.size()) + " bytes, expected " + std::to_string(want));
  const auto* payload = reinterpret_cast<const uint8_t*>(bytes.data()) + 16;
  if (crc32(payload, want - 16) != crc) fail("damaged (its checksum does not match)");
  Mnist m;
  m.n = int(n);
  m.labels = payload;
  m.pixels = payload + n;
  for (uint32_t i = 0; i < n; ++i)
    if (m.labels[i] > 9) fail("a label is not a digit");
  return m;
}

const Mnist* request_mnist(const std::string& name, FileAnswer& answer) {
  struct Parsed {
    const std::string* bytes = nullptr;  // the bytes it was parsed from (a retry brings new ones)
    Mnist m;
  };
  static std::map<std::string, Parsed> parsed;
  answer = request_file(name);
  if (answer.status != FileStatus::ready) return nullptr;
  Parsed& p = parsed[name];
  if (p.bytes == answer.bytes) return &p.m;
  try {
    p.m = parse_mnist(name, *answer.bytes);
    p.bytes = answer.bytes;
    return &p.m;
  } catch (const std::runtime_error& e) {
    reject_file(name, e.what());
    p = Parsed{};
    answer = request_file(name);
    return nullptr;
  }
}

bool request_mnist_pair(const Mnist*& train, const Mnist*& test, FileWait& wait) {
  FileAnswer a, b;
  const Mnist* tr = request_mnist("mnist-train.bin", a);
  const Mnist* te = request_mnist("mnist-test.bin", b);
  wait = {};
  note_answer(wait, "mnist-train.bin", a);
  note_answer(wait, "mnist-test.bin", b);
  if (!tr || !te) return false;
  train = tr;
  test = te;
  return true;
}

}  // namespace data
