#include "io/json_records.h"

#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace creditdata::internal {
namespace {
bool IsJsonSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

// The first '"' or '\\' in s[i, n), or n. Strings are most of a record's
// bytes, and only these two bytes end or escape within them.
size_t NextQuoteOrBackslash(const char* s, size_t i, size_t n) {
#if defined(__SSE2__)
  const __m128i quote = _mm_set1_epi8('"');
  const __m128i backslash = _mm_set1_epi8('\\');
  for (; i + 16 <= n; i += 16) {
    __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s + i));
    int mask = _mm_movemask_epi8(
        _mm_or_si128(_mm_cmpeq_epi8(v, quote), _mm_cmpeq_epi8(v, backslash)));
    if (mask != 0) return i + static_cast<size_t>(__builtin_ctz(mask));
  }
#endif
  for (; i < n; ++i) {
    if (s[i] == '"' || s[i] == '\\') return i;
  }
  return n;
}
}  // namespace

void JsonRecordSplitter::Reset(std::string_view buffer, bool last_chunk) {
  base_ += pos_;
  buffer_ = buffer;
  pos_ = 0;
  last_ = last_chunk;
}

void JsonRecordSplitter::SkipSpace() {
  while (pos_ < buffer_.size() && IsJsonSpace(buffer_[pos_])) ++pos_;
}

size_t JsonRecordSplitter::ValueEnd(size_t begin) const {
  char first = buffer_[begin];
  if (first == '{' || first == '[') {
    int depth = 0;
    bool in_string = false;
    for (size_t i = begin; i < buffer_.size(); ++i) {
      if (in_string) {
        i = NextQuoteOrBackslash(buffer_.data(), i, buffer_.size());
        if (i >= buffer_.size()) break;
        if (buffer_[i] == '\\') {
          ++i;
        } else {
          in_string = false;
        }
        continue;
      }
      char c = buffer_[i];
      if (c == '"') {
        in_string = true;
      } else if (c == '{' || c == '[') {
        ++depth;
      } else if (c == '}' || c == ']') {
        if (--depth == 0) return i + 1;
      } else if (c == '\n' && mode_ == Mode::kLines) {
        // NDJSON: a record never spans lines; an unclosed one ends here.
        return i;
      }
    }
    return std::string_view::npos;
  }
  if (first == '"') {
    for (size_t i = begin + 1; i < buffer_.size(); ++i) {
      if (buffer_[i] == '\\') {
        ++i;
      } else if (buffer_[i] == '"') {
        return i + 1;
      }
    }
    return std::string_view::npos;
  }
  // A scalar: up to the next separator.
  for (size_t i = begin; i < buffer_.size(); ++i) {
    char c = buffer_[i];
    if (IsJsonSpace(c) || c == ',' || c == ']') return i;
  }
  return std::string_view::npos;
}

JsonRecordSplitter::Result JsonRecordSplitter::Next(std::string_view* record,
                                                    uint64_t* offset) {
  for (;;) {
    if (in_trailing_line_) {
      while (pos_ < buffer_.size() && buffer_[pos_] != '\n') ++pos_;
      if (pos_ >= buffer_.size()) {
        return last_ ? Result::kEnd : Result::kNeedMore;
      }
      in_trailing_line_ = false;
    }
    SkipSpace();
    if (pos_ >= buffer_.size()) return last_ ? Result::kEnd : Result::kNeedMore;
    char c = buffer_[pos_];
    if (mode_ == Mode::kUnknown) {
      if (c == '[') {
        mode_ = Mode::kArray;
        ++pos_;
        continue;
      }
      mode_ = Mode::kLines;
    }
    if (mode_ == Mode::kArray && (c == ',' || c == ']')) {
      ++pos_;
      if (c == ']') mode_ = Mode::kClosed;
      continue;
    }
    if (mode_ == Mode::kClosed) {
      // Anything after the closing bracket is garbage: one error per line.
      *offset = base_ + pos_;
      in_trailing_line_ = true;
      return Result::kError;
    }
    size_t end = ValueEnd(pos_);
    if (end == std::string_view::npos) {
      if (!last_) return Result::kNeedMore;
      end = buffer_.size();  // truncated: the parser will say so
    }
    if (end == pos_) {  // a stray separator
      *offset = base_ + pos_;
      ++pos_;
      return Result::kError;
    }
    *record = buffer_.substr(pos_, end - pos_);
    *offset = base_ + pos_;
    pos_ = end;
    return Result::kRecord;
  }
}

}  // namespace creditdata::internal
