// CheckText for text already known to be valid UTF-8: the reader's decoder
// guarantees it for every cell, so validating again per cell is waste.

#ifndef CREDITDATA_SRC_VALUES_TEXT_CHECK_H_
#define CREDITDATA_SRC_VALUES_TEXT_CHECK_H_

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

#include "creditdata/check.h"

namespace creditdata::internal {

// Unaligned loads of 8 and 4 bytes.
inline uint64_t Load8(const char* p) {
  uint64_t w;
  std::memcpy(&w, p, 8);
  return w;
}
inline uint32_t Load4(const char* p) {
  uint32_t w;
  std::memcpy(&w, p, 4);
  return w;
}

// Eight bytes at a time (SWAR) over UTF-8 text.
inline constexpr uint64_t kEveryByte = 0x0101010101010101u;
inline constexpr uint64_t kEveryTopBit = 0x8080808080808080u;

// Whether a byte of `w` is below 0x20, 0x7F or 0xC2 (the lead byte of the
// C1 controls and of NBSP): what a text check must look at byte by byte.
inline bool MaybeControl(uint64_t w) {
  auto has_zero = [](uint64_t v) {
    return (v - kEveryByte) & ~v & kEveryTopBit;
  };
  uint64_t below_space = (w - kEveryByte * 0x20) & ~w & kEveryTopBit;
  return (below_space | has_zero(w ^ (kEveryByte * 0x7F)) |
          has_zero(w ^ (kEveryByte * 0xC2))) != 0;
}

// Continuation bytes (10xxxxxx) in `w`, summed by one multiplication
// (portable code has no POPCNT).
inline size_t Continuations(uint64_t w) {
  uint64_t flags = ((w & ~(w << 1)) & kEveryTopBit) >> 7;
  return static_cast<size_t>((flags * kEveryByte) >> 56);
}

// a == b a word at a time: for short strings (code-list names, JSON keys)
// cheaper than a call to memcmp.
inline bool SameBytes(std::string_view a, std::string_view b) {
  const size_t n = a.size();
  if (n != b.size()) return false;
  const char* p = a.data();
  const char* q = b.data();
  if (n >= 8) {
    if (n <= 16) {
      return Load8(p) == Load8(q) && Load8(p + n - 8) == Load8(q + n - 8);
    }
    for (size_t i = 0; i + 8 < n; i += 8) {
      if (Load8(p + i) != Load8(q + i)) return false;
    }
    return Load8(p + n - 8) == Load8(q + n - 8);
  }
  if (n >= 4) {
    return Load4(p) == Load4(q) && Load4(p + n - 4) == Load4(q + n - 4);
  }
  for (size_t i = 0; i < n; ++i) {
    if (p[i] != q[i]) return false;
  }
  return true;
}

// As CheckText; `input` must be valid UTF-8.
ValueCheck CheckValidUtf8Text(std::string_view input, size_t max_length,
                              std::string* canonical);

}  // namespace creditdata::internal

#endif  // CREDITDATA_SRC_VALUES_TEXT_CHECK_H_
