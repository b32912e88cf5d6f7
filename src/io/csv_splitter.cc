#include "io/csv_splitter.h"

#include <cstring>

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#define CREDITDATA_HAVE_AVX2_KERNEL 1
#include <immintrin.h>
#else
#define CREDITDATA_HAVE_AVX2_KERNEL 0
#endif

namespace creditdata::io {
namespace {

// Byte classes of the scalar loop.
enum : uint8_t {
  kOther = 0,
  kDelim = 1,
  kCr = 2,
  kLf = 3,
  kQuote = 4,
};

inline bool IsSeparatorClass(uint8_t c) { return c >= kDelim && c <= kLf; }

// The first byte at or after `i` whose class is not kOther, or `n`. A byte
// loop, unrolled so the bounds check is paid once per four bytes.
inline size_t ScanOther(const char* b, size_t i, size_t n, const uint8_t* cls) {
  auto k = [b, cls](size_t at) { return cls[static_cast<uint8_t>(b[at])]; };
  while (i + 4 <= n) {
    if (k(i) != kOther) return i;
    if (k(i + 1) != kOther) return i + 1;
    if (k(i + 2) != kOther) return i + 2;
    if (k(i + 3) != kOther) return i + 3;
    i += 4;
  }
  while (i < n && k(i) == kOther) ++i;
  return i;
}

inline bool ValidDelimiter(char c) {
  return c != '"' && c != '\r' && c != '\n';
}

// Copies `in` to `out`, turning each `""` into `"`.
void AppendUnescaped(std::string_view in, std::string* out) {
  size_t i = 0;
  while (i < in.size()) {
    const void* hit = std::memchr(in.data() + i, '"', in.size() - i);
    if (hit == nullptr) {
      out->append(in.data() + i, in.size() - i);
      return;
    }
    size_t q = static_cast<size_t>(static_cast<const char*>(hit) - in.data());
    out->append(in.data() + i, q + 1 - i);  // up to and including the quote
    i = q + 1;
    if (i < in.size() && in[i] == '"') ++i;  // drop the second of a pair
  }
}

}  // namespace

bool Avx2KernelAvailable() {
#if CREDITDATA_HAVE_AVX2_KERNEL
  static const bool available = [] {
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("pclmul");
  }();
  return available;
#else
  return false;
#endif
}

namespace {
// Walks the first line of `head` outside quotes, counting delimiters; the
// position of its line end, or npos.
size_t ScanHeaderLine(std::string_view head, size_t* commas, size_t* tabs) {
  bool quoted = false;
  for (size_t i = 0; i < head.size(); ++i) {
    char c = head[i];
    if (c == '"') {
      quoted = !quoted;
    } else if (!quoted) {
      if (c == ',') {
        ++*commas;
      } else if (c == '\t') {
        ++*tabs;
      } else if (c == '\n' || c == '\r') {
        return i;
      }
    }
  }
  return std::string_view::npos;
}
}  // namespace

char DetectDelimiter(std::string_view head) {
  if (head.substr(0, 3) == "\xEF\xBB\xBF") head.remove_prefix(3);
  size_t commas = 0;
  size_t tabs = 0;
  ScanHeaderLine(head, &commas, &tabs);
  return tabs > commas ? '\t' : ',';
}

size_t HeaderLineEnd(std::string_view head) {
  size_t commas = 0;
  size_t tabs = 0;
  return ScanHeaderLine(head, &commas, &tabs);
}

CsvSplitter::CsvSplitter(char delimiter, SplitKernel kernel) {
  set_delimiter(delimiter);
  if (kernel == SplitKernel::kScalar || !Avx2KernelAvailable()) {
    kernel_ = SplitKernel::kScalar;
  } else {
    kernel_ = SplitKernel::kAvx2;
  }
  fields_.resize(32);
}

void CsvSplitter::set_delimiter(char delimiter) {
  delimiter_ = ValidDelimiter(delimiter) ? delimiter : ',';
  BuildClassTable();
  block_valid_ = false;
}

void CsvSplitter::BuildClassTable() {
  class_.fill(kOther);
  class_[static_cast<uint8_t>('\r')] = kCr;
  class_[static_cast<uint8_t>('\n')] = kLf;
  class_[static_cast<uint8_t>('"')] = kQuote;
  class_[static_cast<uint8_t>(delimiter_)] = kDelim;
}

void CsvSplitter::Reset(std::string_view buffer, bool last_chunk) {
  base_ += pos_;
  buffer_ = buffer;
  last_ = last_chunk;
  pos_ = 0;
  block_valid_ = false;
}

void CsvSplitter::Restart() {
  buffer_ = {};
  last_ = false;
  pos_ = 0;
  base_ = 0;
  next_row_ = 1;
  records_ = 0;
  blank_lines_ = 0;
  block_valid_ = false;
}

void CsvSplitter::GrowFields() { fields_.resize(fields_.size() * 2); }

void CsvSplitter::Flag(uint32_t issue, size_t pos) {
  // The offset reported is the first malformed quote's, else the first
  // bare quote's.
  const bool first_malformed = (issue & kMalformedQuoteMask) != 0 &&
                               (issues_ & kMalformedQuoteMask) == 0;
  if (issues_ == 0 || first_malformed) issue_offset_ = base_ + pos;
  issues_ |= issue;
}

void CsvSplitter::AddQuotedField(size_t begin, size_t end, bool escaped) {
  AddField(buffer_.substr(begin, end - begin));
  if (escaped) escaped_.push_back(static_cast<uint32_t>(field_count_ - 1));
}

void CsvSplitter::SkipBlank(size_t next) {
  ++blank_lines_;
  ++next_row_;
  pos_ = next;
}

void CsvSplitter::Emit(RecordView* out, size_t start, size_t end, size_t next) {
  if (!escaped_.empty()) {
    // Unescaped text is never longer than the record, so reserving the
    // record's length up front keeps earlier views valid while appending.
    arena_.clear();
    arena_.reserve(end - start);
    for (uint32_t index : escaped_) {
      size_t at = arena_.size();
      AppendUnescaped(fields_[index], &arena_);
      fields_[index] = std::string_view(arena_.data() + at, arena_.size() - at);
    }
  }
  out->fields = std::span<const std::string_view>(fields_.data(), field_count_);
  out->raw = buffer_.substr(start, end - start);
  out->line_end = buffer_.substr(end, next - end);
  out->offset = base_ + start;
  out->row = next_row_++;
  out->unescaped = !escaped_.empty();
  out->quote_issues = issues_;
  out->issue_offset = issue_offset_;
  ++records_;
  pos_ = next;
}

bool CsvSplitter::NextScalar(RecordView* out) {
  const char* b = buffer_.data();
  const size_t n = buffer_.size();
  const uint8_t* cls = class_.data();
  auto klass = [b, cls](size_t i) { return cls[static_cast<uint8_t>(b[i])]; };
  for (;;) {
    const size_t start = pos_;
    if (start >= n) return false;
    field_count_ = 0;
    escaped_.clear();
    issues_ = 0;
    issue_offset_ = 0;
    size_t p = start;
    size_t end = 0;
    size_t next = 0;
    for (;;) {
      if (p < n && b[p] == '"') {
        // A quoted field: find the closing quote, stepping over `""`, no
        // further than the record may reach.
        size_t limit = n;
        if (max_record_bytes_ != 0 && n - start > max_record_bytes_) {
          limit = start + max_record_bytes_;
        }
        size_t q = p + 1;
        bool escaped = false;
        bool closed = false;
        while (q < limit) {
          const void* hit = std::memchr(b + q, '"', limit - q);
          if (hit == nullptr) break;
          q = static_cast<size_t>(static_cast<const char*>(hit) - b) + 1;
          if (q < n && b[q] == '"') {
            escaped = true;
            ++q;
            continue;
          }
          if (q == n && !last_) return false;  // `"` or `""`: need more
          closed = true;
          break;
        }
        if (!closed && limit < n) {
          // Too long to be a record: the quote was never closed. The field
          // ends at its first line end, where the next record begins.
          Flag(kUnterminatedQuote, p);
          size_t e = p + 1;
          while (e < n && b[e] != '\n' && b[e] != '\r') ++e;
          AddField(buffer_.substr(p + 1, e - p - 1));
          p = e;
        } else if (!closed) {
          if (!last_) return false;
          Flag(kUnterminatedQuote, p);
          AddQuotedField(p + 1, n, escaped);
          p = n;
        } else if (q == n || klass(q) != kOther) {
          // Closed, and followed by a delimiter, a line end or the end.
          AddQuotedField(p + 1, q - 1, escaped);
          p = q;
        } else {
          // Junk after the closing quote: keep the field's raw bytes.
          Flag(kJunkAfterQuote, q);
          size_t e = q;
          while (e < n && !IsSeparatorClass(klass(e))) ++e;
          AddField(buffer_.substr(p, e - p));
          p = e;
        }
      } else {
        size_t e = ScanOther(b, p, n, cls);
        if (e < n && klass(e) == kQuote) {
          Flag(kBareQuote, e);
          while (e < n && !IsSeparatorClass(klass(e))) ++e;
        }
        AddField(buffer_.substr(p, e - p));
        p = e;
      }
      if (p >= n) {
        if (!last_) return false;
        end = next = n;
        break;
      }
      uint8_t k = klass(p);
      if (k == kDelim) {
        ++p;
        continue;
      }
      end = p;
      if (k == kCr) {
        if (p + 1 >= n) {
          if (!last_) return false;  // an LF may follow in the next chunk
          next = n;
        } else {
          next = p + (b[p + 1] == '\n' ? 2 : 1);
        }
      } else {
        next = p + 1;
      }
      break;
    }
    if (end == start) {  // nothing before the line end: a blank line
      SkipBlank(next);
      continue;
    }
    Emit(out, start, end, next);
    return true;
  }
}

#if CREDITDATA_HAVE_AVX2_KERNEL

#define CREDITDATA_AVX2 __attribute__((target("avx2,pclmul")))

namespace internal {

// The bitmask kernel. For each 64-byte block it computes masks of quotes,
// delimiters and line ends, turns the quote mask into an "inside quotes" mask
// with a carry-less multiply (prefix XOR), and walks the separators outside
// quotes.
//
// Parity of quotes is RFC 4180 quoting exactly when every quote that opens
// (parity 0 -> 1) follows a separator, the start of the record or a quote,
// and every quote that closes (1 -> 0) is followed by a separator, the end of
// the input or a quote. Quotes breaking this (a bare quote in an unquoted
// field, bytes after a closing quote) are "irregular": separators before the
// first one are right, and the record that holds it is handed to the scalar
// loop, after which the blocks restart at the next record.
struct SplitKernels {
  struct Block {
    size_t base;
    uint64_t seps;
    uint64_t newlines;  // the line ends among `seps`
    uint64_t irregular;
    uint64_t carry;
  };

  CREDITDATA_AVX2 static inline uint64_t Match(__m256i lo, __m256i hi, char c) {
    const __m256i v = _mm256_set1_epi8(c);
    const uint64_t l =
        static_cast<uint32_t>(_mm256_movemask_epi8(_mm256_cmpeq_epi8(lo, v)));
    const uint64_t h =
        static_cast<uint32_t>(_mm256_movemask_epi8(_mm256_cmpeq_epi8(hi, v)));
    return l | (h << 32);
  }

  CREDITDATA_AVX2 static inline uint64_t PrefixXor(uint64_t bits) {
    const __m128i v = _mm_set_epi64x(0, static_cast<long long>(bits));
    const __m128i ones = _mm_set1_epi8(static_cast<char>(0xFF));
    return static_cast<uint64_t>(
        _mm_cvtsi128_si64(_mm_clmulepi64_si128(v, ones, 0)));
  }

  static inline uint64_t IsSeparatorOrQuote(char c, char delim) {
    return (c == delim || c == '\r' || c == '\n' || c == '"') ? 1 : 0;
  }

  // The block at `base` (< n). `fresh`: `base` starts a record, outside
  // quotes; otherwise the block follows the one that left `carry`.
  CREDITDATA_AVX2 static inline Block Load(const char* b, size_t n, size_t base,
                                           bool fresh, uint64_t carry,
                                           char delim) {
    const size_t avail = n - base;
    const char* p = b + base;
    alignas(32) char pad[64];
    uint64_t valid = ~uint64_t{0};
    if (avail < 64) {
      // The tail: copy it out so nothing past the buffer is read. The
      // padding is line ends, which also makes "followed by the end of
      // the input" count as followed by a separator.
      std::memset(pad, '\n', sizeof pad);
      std::memcpy(pad, p, avail);
      p = pad;
      valid = (uint64_t{1} << avail) - 1;
    }
    const __m256i lo = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p));
    const __m256i hi =
        _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p + 32));
    const uint64_t quotes = Match(lo, hi, '"');
    const uint64_t newlines = Match(lo, hi, '\r') | Match(lo, hi, '\n');
    const uint64_t seps = Match(lo, hi, delim) | newlines;
    const uint64_t inside = PrefixXor(quotes) ^ (fresh ? 0 : carry);
    const uint64_t sq = seps | quotes;
    const uint64_t prev_bit =
        fresh ? 1 : IsSeparatorOrQuote(b[base - 1], delim);
    const uint64_t next_bit =
        avail > 64 ? IsSeparatorOrQuote(b[base + 64], delim) : 1;
    const uint64_t prev_sq = (sq << 1) | prev_bit;
    const uint64_t next_sq = (sq >> 1) | (next_bit << 63);
    const uint64_t openers = quotes & inside;
    const uint64_t closers = quotes & ~inside;
    Block block;
    block.base = base;
    block.irregular = ((openers & ~prev_sq) | (closers & ~next_sq)) & valid;
    // Separators from the first irregular quote on cannot be trusted; the
    // walk stops there and hands the record to the scalar loop.
    const uint64_t trusted =
        block.irregular == 0 ? ~uint64_t{0}
                             : (block.irregular & (~block.irregular + 1)) - 1;
    block.seps = seps & ~inside & valid & trusted;
    block.newlines = newlines & block.seps;
    block.carry = static_cast<uint64_t>(static_cast<int64_t>(inside) >> 63);
    return block;
  }

  // Appends the field [begin, end) of a record the masks have vouched for.
  CREDITDATA_AVX2 __attribute__((always_inline)) static inline void AddField(
      CsvSplitter& s, const char* b, size_t begin, size_t end,
      std::string_view*& fields, size_t& capacity, size_t& count) {
    if (__builtin_expect(count == capacity, 0)) {
      s.field_count_ = count;
      s.GrowFields();
      fields = s.fields_.data();
      capacity = s.fields_.size();
    }
    if (__builtin_expect(b[begin] == '"', 0)) {
      // A regular quoted field: `"` ... `"` right before the separator.
      const size_t length = end - begin - 2;
      if (length > 0 && std::memchr(b + begin + 1, '"', length) != nullptr) {
        s.escaped_.push_back(static_cast<uint32_t>(count));
      }
      fields[count++] = std::string_view(b + begin + 1, length);
    } else {
      fields[count++] = std::string_view(b + begin, end - begin);
    }
  }

  CREDITDATA_AVX2 static bool Next(CsvSplitter& s, RecordView* out) {
    const char* b = s.buffer_.data();
    const size_t n = s.buffer_.size();
    const char delim = s.delimiter_;
    size_t start = s.pos_;
    if (start >= n) return false;

    Block block;
    if (s.block_valid_) {
      block = {s.block_base_, s.block_seps_, s.block_newlines_,
               s.block_irregular_, s.block_carry_};
    } else {
      block = Load(b, n, start, /*fresh=*/true, 0, delim);
    }
    // Locals, not members: stores of field views must not force reloads.
    std::string_view* fields = s.fields_.data();
    size_t capacity = s.fields_.size();
    size_t count = 0;
    s.escaped_.clear();
    size_t field_start = start;

    for (;;) {
      while (block.seps == 0) {
        // Quotes the masks cannot model lie in the record being built.
        if (block.irregular != 0) {
          s.block_valid_ = false;
          return s.NextScalar(out);
        }
        const size_t next_base = block.base + 64;
        if (s.max_record_bytes_ != 0 &&
            next_base - start > s.max_record_bytes_) {
          s.block_valid_ = false;
          return s.NextScalar(out);  // it applies the cap
        }
        if (next_base >= n) {
          s.block_valid_ = false;
          if (!s.last_) return false;
          return s.NextScalar(out);  // the final record, without a line end
        }
        block = Load(b, n, next_base, /*fresh=*/false, block.carry, delim);
      }
      const uint64_t low = block.seps & (~block.seps + 1);
      const size_t at =
          block.base + static_cast<size_t>(__builtin_ctzll(block.seps));
      block.seps ^= low;
      if (__builtin_expect((block.newlines & low) == 0, 1)) {
        AddField(s, b, field_start, at, fields, capacity, count);
        field_start = at + 1;
        continue;
      }
      if (at < field_start) continue;  // the LF of a CRLF already consumed
      size_t next = at + 1;
      if (b[at] == '\r') {
        if (at + 1 >= n) {
          if (!s.last_) {
            s.block_valid_ = false;
            return false;  // an LF may follow in the next chunk
          }
        } else if (b[at + 1] == '\n') {
          next = at + 2;
        }
      }
      if (at == start) {  // a blank line
        s.SkipBlank(next);
        start = field_start = next;
        if (start >= n) {
          s.block_valid_ = false;
          return false;
        }
        continue;
      }
      AddField(s, b, field_start, at, fields, capacity, count);
      s.block_valid_ = true;
      s.block_base_ = block.base;
      s.block_seps_ = block.seps;
      s.block_newlines_ = block.newlines;
      s.block_irregular_ = block.irregular;
      s.block_carry_ = block.carry;
      s.field_count_ = count;
      s.issues_ = 0;
      s.issue_offset_ = 0;
      s.Emit(out, start, at, next);
      return true;
    }
  }
};

}  // namespace internal

bool CsvSplitter::Next(RecordView* out) {
  if (kernel_ == SplitKernel::kAvx2) {
    return internal::SplitKernels::Next(*this, out);
  }
  return NextScalar(out);
}

#else  // !CREDITDATA_HAVE_AVX2_KERNEL

bool CsvSplitter::Next(RecordView* out) { return NextScalar(out); }

#endif

}  // namespace creditdata::io
