// UTF-8 decoding and encoding helpers used across the library.

#ifndef CREDITDATA_SRC_TEXT_UTF8_H_
#define CREDITDATA_SRC_TEXT_UTF8_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace creditdata::text {

inline constexpr char32_t kInvalidCodePoint = 0xFFFFFFFF;

// Decodes one code point at the start of `in` (strict UTF-8: no overlongs,
// no surrogates, nothing above U+10FFFF). Returns kInvalidCodePoint and a
// length of 1 for a byte that does not start a valid sequence.
// Inline: it sits in every per-character loop of the library.
inline char32_t DecodeUtf8(std::string_view in, size_t* length) {
  *length = 1;
  if (in.empty()) return kInvalidCodePoint;
  const auto* p = reinterpret_cast<const unsigned char*>(in.data());
  unsigned char b0 = p[0];
  if (b0 < 0x80) return b0;
  size_t need;
  char32_t c;
  char32_t min;
  if (b0 >= 0xC2 && b0 <= 0xDF) {
    need = 1, c = b0 & 0x1F, min = 0x80;
  } else if (b0 >= 0xE0 && b0 <= 0xEF) {
    need = 2, c = b0 & 0x0F, min = 0x800;
  } else if (b0 >= 0xF0 && b0 <= 0xF4) {
    need = 3, c = b0 & 0x07, min = 0x10000;
  } else {
    return kInvalidCodePoint;
  }
  if (in.size() < need + 1) return kInvalidCodePoint;
  for (size_t i = 1; i <= need; ++i) {
    if ((p[i] & 0xC0) != 0x80) return kInvalidCodePoint;
    c = (c << 6) | (p[i] & 0x3F);
  }
  if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) {
    return kInvalidCodePoint;
  }
  *length = need + 1;
  return c;
}

// Walks a string code point by code point.
class Utf8Cursor {
 public:
  explicit Utf8Cursor(std::string_view text) : rest_(text) {}
  bool done() const { return rest_.empty(); }
  // The next code point; `raw` (optional) receives its bytes.
  char32_t Next(std::string_view* raw = nullptr) {
    size_t length = 0;
    char32_t c = DecodeUtf8(rest_, &length);
    if (raw != nullptr) *raw = rest_.substr(0, length);
    rest_.remove_prefix(length);
    return c;
  }

 private:
  std::string_view rest_;
};

void AppendUtf8(char32_t c, std::string* out);

// True when `in` is entirely valid UTF-8.
bool IsValidUtf8(std::string_view in);

// Number of code points; invalid bytes count one each.
size_t CountCodePoints(std::string_view in);

}  // namespace creditdata::text

#endif  // CREDITDATA_SRC_TEXT_UTF8_H_
