#include "text/utf8.h"

namespace creditdata::text {

char32_t DecodeUtf8(std::string_view in, size_t* length) {
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

void AppendUtf8(char32_t c, std::string* out) {
  if (c < 0x80) {
    out->push_back(static_cast<char>(c));
  } else if (c < 0x800) {
    out->push_back(static_cast<char>(0xC0 | (c >> 6)));
    out->push_back(static_cast<char>(0x80 | (c & 0x3F)));
  } else if (c < 0x10000) {
    out->push_back(static_cast<char>(0xE0 | (c >> 12)));
    out->push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (c & 0x3F)));
  } else {
    out->push_back(static_cast<char>(0xF0 | (c >> 18)));
    out->push_back(static_cast<char>(0x80 | ((c >> 12) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (c & 0x3F)));
  }
}

bool IsValidUtf8(std::string_view in) {
  size_t i = 0;
  while (i < in.size()) {
    if (static_cast<unsigned char>(in[i]) < 0x80) {
      ++i;
      continue;
    }
    size_t length;
    if (DecodeUtf8(in.substr(i), &length) == kInvalidCodePoint) return false;
    i += length;
  }
  return true;
}

size_t CountCodePoints(std::string_view in) {
  size_t count = 0;
  for (Utf8Cursor cursor(in); !cursor.done(); cursor.Next()) ++count;
  return count;
}

}  // namespace creditdata::text
