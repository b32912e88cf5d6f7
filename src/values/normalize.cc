#include "values/normalize.h"

#include "text/utf8.h"

namespace creditdata::internal {
namespace {

bool IsSpace(char32_t c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' ||
         c == '\f' || c == 0x00A0 || (c >= 0x2000 && c <= 0x200A) ||
         c == 0x3000;
}

bool IsInvisible(char32_t c) { return c == 0x200B || c == 0xFEFF; }

// Length of the white-space or invisible code point at the start of `s`,
// or 0.
size_t LeadingSpace(std::string_view s) {
  size_t length;
  char32_t c = text::DecodeUtf8(s, &length);
  return (IsSpace(c) || IsInvisible(c)) ? length : 0;
}

// Length of the white-space code point ending `s`, or 0.
size_t TrailingSpace(std::string_view s) {
  if (s.empty()) return 0;
  if (static_cast<unsigned char>(s.back()) < 0x80) {
    return IsSpace(static_cast<unsigned char>(s.back())) ? 1 : 0;
  }
  for (size_t n = 2; n <= 4 && n <= s.size(); ++n) {
    size_t length;
    char32_t c = text::DecodeUtf8(s.substr(s.size() - n), &length);
    if (length == n) return (IsSpace(c) || IsInvisible(c)) ? n : 0;
  }
  return 0;
}

}  // namespace

namespace {
// Whether a byte can begin, or end, a white-space code point: ASCII space
// and controls, NBSP (C2 A0), U+2000-U+200B (E2 80 80-8B), U+3000
// (E3 80 80) and the BOM (EF BB BF).
bool MaybeSpaceStart(unsigned char c) {
  return c <= ' ' || c == 0xC2 || c == 0xE2 || c == 0xE3 || c == 0xEF;
}
bool MaybeSpaceEnd(unsigned char c) {
  return c <= ' ' || c == 0xA0 || (c >= 0x80 && c <= 0x8B) || c == 0xBF;
}
}  // namespace

std::string_view TrimSpace(std::string_view in) {
  // Most cells start and end with a visible character.
  if (!in.empty() && !MaybeSpaceStart(static_cast<unsigned char>(in.front())) &&
      !MaybeSpaceEnd(static_cast<unsigned char>(in.back()))) {
    return in;
  }
  while (size_t n = LeadingSpace(in)) in.remove_prefix(n);
  while (size_t n = TrailingSpace(in)) in.remove_suffix(n);
  return in;
}

Folded Fold(std::string_view in, uint8_t flags) {
  Folded out;
  in = TrimSpace(in);
  // Spreadsheet wrappers that force a cell to stay text, however often an
  // export applied them (so that folding the result again changes nothing).
  for (;;) {
    if (in.size() >= 3 && in.starts_with("=\"") && in.ends_with("\"")) {
      in = TrimSpace(in.substr(2, in.size() - 3));
    } else if (!in.empty() && in.front() == '\'') {
      in = TrimSpace(in.substr(1));
    } else {
      break;
    }
    out.changed_ = true;
  }
  auto put = [&out](char c) {
    if (out.size_ == Folded::kCapacity) {
      out.overflow_ = true;
      return;
    }
    out.buffer_[out.size_++] = c;
  };
  size_t i = 0;
  while (i < in.size()) {
    unsigned char b = static_cast<unsigned char>(in[i]);
    char32_t c;
    size_t length = 1;
    if (b < 0x80) {
      c = b;
    } else {
      c = text::DecodeUtf8(in.substr(i), &length);
      if (c == text::kInvalidCodePoint) {
        out.had_invalid_utf8_ = true;
        put(static_cast<char>(b));
        ++i;
        continue;
      }
    }
    i += length;
    bool mapped = false;
    if (c >= 0xFF01 && c <= 0xFF5E) {
      c -= 0xFEE0;
      mapped = true;
    } else if (IsSpace(c) && c != ' ') {
      c = ' ';
      mapped = true;
    } else if ((c >= 0x2010 && c <= 0x2015) || c == 0x2212) {
      c = '-';
      mapped = true;
    } else if (c == 0x2169) {
      c = 'X';
      mapped = true;
    } else if (IsInvisible(c)) {
      out.changed_ = true;
      continue;
    }
    if (mapped) out.changed_ = true;
    if (c == ' ' && (flags & kFoldDropSpaces)) {
      out.changed_ = true;
      continue;
    }
    if (c == '-' && (flags & kFoldDropHyphens)) {
      out.changed_ = true;
      continue;
    }
    if (c >= 'a' && c <= 'z' && (flags & kFoldUpperCase)) {
      c -= 'a' - 'A';
      out.had_lower_case_ = true;
      out.changed_ = true;
    }
    if (c < 0x80) {
      put(static_cast<char>(c));
    } else {
      // Keep the original bytes of code points with no ASCII reading.
      for (size_t k = i - length; k < i; ++k) put(in[k]);
    }
  }
  return out;
}

}  // namespace creditdata::internal
