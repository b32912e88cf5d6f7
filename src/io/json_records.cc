#include "io/json_records.h"

#include <algorithm>
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

// Finds where strings end in s[0, n), 64 bytes at a time: bit k of
// `quotes` marks a '"' at block + k, of `bad` a backslash or a control
// byte (which simdjson rejects inside a string).
class QuoteScanner {
 public:
  QuoteScanner(const char* s, size_t n) : s_(s), n_(n) {}

  // The first '"' at or after i, or npos when a bad byte comes first or
  // the buffer ends.
  size_t StringEnd(size_t i) {
    for (;;) {
      if (i < block_ || i >= block_ + 64) {
        if (i >= n_) return std::string_view::npos;
        Load(i);
      }
      size_t shift = i - block_;
      uint64_t quotes = quotes_ >> shift;
      uint64_t bad = bad_ >> shift;
      if (quotes != 0) {
        // Bad bytes before the quote?
        if ((bad & ((quotes & -quotes) - 1)) != 0) {
          return std::string_view::npos;
        }
        return i + static_cast<size_t>(__builtin_ctzll(quotes));
      }
      if (bad != 0) return std::string_view::npos;
      i = block_ + 64;
    }
  }

 private:
  void Load(size_t i) {
    block_ = i;
    quotes_ = 0;
    bad_ = 0;
#if defined(__SSE2__)
    if (i + 64 <= n_) {
      const __m128i quote = _mm_set1_epi8('"');
      const __m128i backslash = _mm_set1_epi8('\\');
      const __m128i control_max = _mm_set1_epi8(0x1F);
      for (int k = 0; k < 4; ++k) {
        __m128i v =
            _mm_loadu_si128(reinterpret_cast<const __m128i*>(s_ + i + 16 * k));
        uint64_t q =
            static_cast<uint16_t>(_mm_movemask_epi8(_mm_cmpeq_epi8(v, quote)));
        uint64_t b = static_cast<uint16_t>(_mm_movemask_epi8(_mm_or_si128(
            _mm_cmpeq_epi8(v, backslash),
            _mm_cmpeq_epi8(_mm_max_epu8(v, control_max), control_max))));
        quotes_ |= q << (16 * k);
        bad_ |= b << (16 * k);
      }
      return;
    }
#endif
    size_t end = std::min(n_, i + 64);
    for (size_t j = i; j < end; ++j) {
      unsigned char c = static_cast<unsigned char>(s_[j]);
      if (c == '"') quotes_ |= uint64_t{1} << (j - i);
      if (c == '\\' || c < 0x20) bad_ |= uint64_t{1} << (j - i);
    }
  }

  const char* s_;
  size_t n_;
  size_t block_ = std::string_view::npos / 2;  // none loaded
  uint64_t quotes_ = 0;
  uint64_t bad_ = 0;
};

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// The end of the number (strict JSON grammar) starting at s[i], or npos.
size_t NumberEnd(const char* s, size_t i, size_t n) {
  if (i < n && s[i] == '-') ++i;
  if (i >= n) return std::string_view::npos;
  if (s[i] == '0') {
    ++i;
  } else if (s[i] >= '1' && s[i] <= '9') {
    while (i < n && IsDigit(s[i])) ++i;
  } else {
    return std::string_view::npos;
  }
  if (i < n && s[i] == '.') {
    size_t digits = ++i;
    while (i < n && IsDigit(s[i])) ++i;
    if (i == digits) return std::string_view::npos;
  }
  if (i < n && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < n && (s[i] == '+' || s[i] == '-')) ++i;
    size_t digits = i;
    while (i < n && IsDigit(s[i])) ++i;
    if (i == digits) return std::string_view::npos;
  }
  return i;
}
}  // namespace

size_t JsonRecordSplitter::FlatObjectEnd(size_t begin) {
  constexpr size_t kNo = std::string_view::npos;
  const char* s = buffer_.data();
  const size_t n = buffer_.size();
  // NDJSON: a line break inside a record is left to ValueEnd (it ends the
  // record there).
  const bool lines = mode_ == Mode::kLines;
  auto skip_space = [&](size_t i) {
    while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r' ||
                     (s[i] == '\n' && !lines))) {
      ++i;
    }
    return i;
  };
  QuoteScanner scanner(s, n);
  flat_size_ = 0;
  size_t i = skip_space(begin + 1);
  for (;;) {
    // i: the key's opening quote.
    if (i >= n || s[i] != '"') return kNo;
    size_t key_end = scanner.StringEnd(i + 1);
    if (key_end == kNo) return kNo;
    if (flat_size_ == flat_.size()) flat_.emplace_back();
    FlatMember& m = flat_[flat_size_++];
    m.key = std::string_view(s + i + 1, key_end - i - 1);
    i = key_end + 1;
    if (i < n && s[i] != ':') i = skip_space(i);
    if (i >= n || s[i] != ':') return kNo;
    ++i;
    if (i < n && s[i] != '"') i = skip_space(i);
    if (i >= n) return kNo;
    char c = s[i];
    if (c == '"') {
      size_t end = scanner.StringEnd(i + 1);
      if (end == kNo) return kNo;
      m.value = std::string_view(s + i + 1, end - i - 1);
      m.kind = FlatMember::Kind::kString;
      i = end + 1;
    } else if (c == 'n') {
      if (n - i < 4 || std::memcmp(s + i, "null", 4) != 0) return kNo;
      m.value = std::string_view();
      m.kind = FlatMember::Kind::kNull;
      i += 4;
    } else {
      size_t end = NumberEnd(s, i, n);
      if (end == kNo) return kNo;
      m.value = std::string_view(s + i, end - i);
      m.kind = FlatMember::Kind::kNumber;
      i = end;
    }
    if (i < n && s[i] != ',' && s[i] != '}') i = skip_space(i);
    if (i >= n) return kNo;
    if (s[i] == '}') return i + 1;
    if (s[i] != ',') return kNo;
    ++i;
    if (i < n && s[i] != '"') i = skip_space(i);
  }
}

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
  flat_ok_ = false;
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
    size_t end = std::string_view::npos;
    if (read_flat_ && c == '{') {
      end = FlatObjectEnd(pos_);
      flat_ok_ = end != std::string_view::npos;
    }
    if (!flat_ok_) end = ValueEnd(pos_);
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
