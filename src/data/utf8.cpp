// UTF-8 checks and cuts, as in utf8.h.
#include "data/utf8.h"

namespace data {

// The length of the well-formed sequence at s[i], or 0.
static size_t sequence_at(const std::string& s, size_t i) {
  const auto c = [&](size_t k) { return k < s.size() ? static_cast<unsigned char>(s[k]) : 0u; };
  const auto cont = [&](size_t k) { return (c(k) & 0xC0u) == 0x80u; };
  const unsigned b = c(i);
  if (b < 0x80) return 1;
  if (b >= 0xC2 && b <= 0xDF) return cont(i + 1) ? 2 : 0;
  if (b >= 0xE0 && b <= 0xEF) {
    const unsigned lo = b == 0xE0 ? 0xA0 : 0x80, hi = b == 0xED ? 0x9F : 0xBF;  // overlong, surrogates
    return c(i + 1) >= lo && c(i + 1) <= hi && cont(i + 2) ? 3 : 0;
  }
  if (b >= 0xF0 && b <= 0xF4) {
    const unsigned lo = b == 0xF0 ? 0x90 : 0x80, hi = b == 0xF4 ? 0x8F : 0xBF;  // overlong, > U+10FFFF
    return c(i + 1) >= lo && c(i + 1) <= hi && cont(i + 2) && cont(i + 3) ? 4 : 0;
  }
  return 0;
}

size_t invalid_utf8(const std::string& s, size_t& chars) {
  chars = 0;
  for (size_t i = 0; i < s.size(); ++chars) {
    const size_t n = sequence_at(s, i);
    if (n == 0) return i;
    i += n;
  }
  return std::string::npos;
}

std::string utf8_clean(const std::string& s) {
  std::string out;
  for (size_t i = 0; i < s.size();) {
    const size_t n = sequence_at(s, i);
    if (n == 0) {
      out += "\xEF\xBF\xBD";  // U+FFFD, the replacement character
      ++i;
    } else {
      out.append(s, i, n);
      i += n;
    }
  }
  return out;
}

std::string utf8_prefix(const std::string& s, size_t max_bytes) {
  const std::string clean = utf8_clean(s);
  if (clean.size() <= max_bytes) return clean;
  size_t end = max_bytes;
  while (end > 0 && (static_cast<unsigned char>(clean[end]) & 0xC0u) == 0x80u) --end;  // not mid-character
  return clean.substr(0, end) + "\xE2\x80\xA6";  // …
}

}  // namespace data
