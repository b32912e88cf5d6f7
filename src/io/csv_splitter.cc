#include "io/csv_splitter.h"

#include <cstring>

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#define CREDITDATA_HAVE_AVX2_KERNEL 1
#include <immintrin.h>
#else
#define CREDITDATA_HAVE_AVX2_KERNEL 0
#endif
#if defined(__SSE2__)
#include <emmintrin.h>
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

// A byte that keeps a record from being plain (RecordView::plain) unless it
// is the delimiter: a control byte (below 0x20, or 0x7F), or 0xC2.
inline bool NotPlainByte(char c) {
  const uint8_t u = static_cast<uint8_t>(c);
  return u < 0x20 || u == 0x7F || u == 0xC2;
}

// How the AVX2 kernel finds separators (CR, LF, the delimiter) and leaves
// the delimiter out of the bytes that are not plain:
//  - kSepLookup: one table lookup by low nibble finds all three (the
//    delimiter is below 0x80 and its low nibble is not CR's or LF's), and
//    the delimiter is a plain byte (e.g. ',' or ';');
//  - kSepLookupExclude: the same lookup, but the delimiter is a byte that is
//    otherwise not plain (e.g. '\t'), so it is masked out of those;
//  - kSepGeneric: anything else (three compares, delimiter masked out).
enum SepMode : uint8_t { kSepLookup, kSepLookupExclude, kSepGeneric };

constexpr uint64_t kOnes = 0x0101010101010101;
constexpr uint64_t kHighBits = kOnes * 0x80;

// Non-zero in some top bit (kHighBits) when some byte of `x` is not plain
// (NotPlainByte): exact as a test of the whole word, though bits above the
// lowest hit may be set spuriously, and bits below the top ones anyhow.
inline uint64_t NotPlainWord(uint64_t x) {
  const uint64_t del = x ^ (kOnes * 0x7F);
  const uint64_t c2 = x ^ (kOnes * 0xC2);
  return ((x - kOnes * 0x20) & ~x) | ((del - kOnes) & ~del) |
         ((c2 - kOnes) & ~c2);
}

// Whether no byte of [p, p + n) is NotPlainByte, the delimiter aside. Eight
// bytes at a time.
bool PlainBytesSwar(const char* p, size_t n, char delimiter) {
  const bool swap = NotPlainByte(delimiter);
  const uint64_t pattern = kOnes * static_cast<uint8_t>(delimiter);
  // Turns the delimiter's bytes into 'A' (exactly: no carries cross bytes).
  const uint64_t to_a =
      static_cast<uint8_t>(delimiter) ^ static_cast<uint64_t>('A');
  auto test = [&](uint64_t x) {
    if (swap) {
      const uint64_t t = x ^ pattern;
      const uint64_t low7 = kOnes * 0x7F;
      const uint64_t zero = ~(((t & low7) + low7) | t) & kHighBits;
      x ^= (zero >> 7) * to_a;
    }
    return NotPlainWord(x);
  };
  uint64_t bad = 0;
  size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    uint64_t x;
    std::memcpy(&x, p + i, 8);
    bad |= test(x);
  }
  if (i < n) {
    uint64_t x = kOnes * 'A';
    std::memcpy(&x, p + i, n - i);
    bad |= test(x);
  }
  return (bad & kHighBits) == 0;
}

#if defined(__SSE2__)
// PlainBytesSwar() 16 bytes at a time, for n >= 16 (the last 16 bytes
// overlap the ones before).
bool PlainBytesSse2(const char* p, size_t n, char delimiter) {
  const __m128i below = _mm_set1_epi8(static_cast<char>(0x9F));
  const __m128i del = _mm_set1_epi8(0x7F);
  const __m128i c2 = _mm_set1_epi8(static_cast<char>(0xC2));
  const __m128i delim = _mm_set1_epi8(delimiter);
  const bool swap = NotPlainByte(delimiter);
  __m128i bad = _mm_setzero_si128();
  auto test = [&](const char* at) {
    __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(at));
    if (swap) v = _mm_or_si128(v, _mm_cmpeq_epi8(v, delim));
    // Top bit set where v < 0x20, all set where v is 0x7F or 0xC2.
    bad = _mm_or_si128(bad, _mm_subs_epu8(below, v));
    bad = _mm_or_si128(
        bad, _mm_or_si128(_mm_cmpeq_epi8(v, del), _mm_cmpeq_epi8(v, c2)));
  };
  size_t i = 0;
  for (; i + 16 <= n; i += 16) test(p + i);
  if (i < n) test(p + n - 16);
  return _mm_movemask_epi8(bad) == 0;
}
#endif

bool PlainBytes(const char* p, size_t n, char delimiter) {
#if defined(__SSE2__)
  if (n >= 16) return PlainBytesSse2(p, n, delimiter);
#endif
  return PlainBytesSwar(p, n, delimiter);
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
    return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("pclmul") &&
           __builtin_cpu_supports("bmi");
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
  ChooseNext();
  // Room for a 64-byte block of fields beyond a typical record's: the AVX2
  // kernel makes room for 65 more fields at a time.
  fields_.resize(128);
}

void CsvSplitter::set_delimiter(char delimiter) {
  delimiter_ = ValidDelimiter(delimiter) ? delimiter : ',';
  BuildClassTable();
  ChooseNext();
  block_valid_ = false;
}

void CsvSplitter::BuildClassTable() {
  class_.fill(kOther);
  class_[static_cast<uint8_t>('\r')] = kCr;
  class_[static_cast<uint8_t>('\n')] = kLf;
  class_[static_cast<uint8_t>('"')] = kQuote;
  class_[static_cast<uint8_t>(delimiter_)] = kDelim;
  // The AVX2 kernel's separator table: entry i is the separator whose low
  // nibble is i, else 0x80, which no byte it is compared with can equal
  // (the lookup gives 0 for bytes from 0x80 on).
  const uint8_t d = static_cast<uint8_t>(delimiter_);
  const uint8_t nibble = d & 0x0F;
  if (d >= 0x80 || nibble == ('\r' & 0x0F) || nibble == ('\n' & 0x0F)) {
    sep_mode_ = kSepGeneric;
  } else {
    sep_mode_ = NotPlainByte(delimiter_) ? kSepLookupExclude : kSepLookup;
  }
  std::array<uint8_t, 16> lane;
  lane.fill(0x80);
  lane['\r' & 0x0F] = '\r';
  lane['\n' & 0x0F] = '\n';
  if (sep_mode_ != kSepGeneric) lane[nibble] = d;
  std::memcpy(sep_table_.data(), lane.data(), 16);
  std::memcpy(sep_table_.data() + 16, lane.data(), 16);
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

void CsvSplitter::UnescapeFields(size_t start, size_t end) {
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

void CsvSplitter::Emit(RecordView* out, size_t start, size_t end, size_t next) {
  if (!escaped_.empty()) UnescapeFields(start, end);
  out->fields = std::span<const std::string_view>(fields_.data(), field_count_);
  out->raw = buffer_.substr(start, end - start);
  out->line_end = buffer_.substr(end, next - end);
  out->offset = base_ + start;
  out->row = next_row_++;
  out->unescaped = !escaped_.empty();
  out->plain = mark_plain_ &&
               PlainBytes(buffer_.data() + start, end - start, delimiter_);
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

#define CREDITDATA_AVX2 __attribute__((target("avx2,pclmul,bmi")))

namespace internal {

// The bitmask kernel. For each 64-byte block it computes masks of quotes,
// delimiters and line ends, turns the quote mask into an "inside quotes" mask
// with a carry-less multiply (prefix XOR), and walks the separators outside
// quotes. A mask of the bytes that are not plain (RecordView::plain) comes
// along; a record is plain when none of its bits lies in the record.
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
    // The separators among `seps` that end a quoted field: those right after
    // a quote. (Before the first irregular quote, a field starts with `"`
    // exactly when the byte before the separator ending it is a `"`.)
    uint64_t quoted;
    // The bytes that make a record holding them not plain: control bytes
    // (the delimiter aside) and 0xC2, but not the line ends among `newlines`
    // (CR and LF inside quotes are here).
    uint64_t ctrl;
  };

  // The bytes every block is compared with, broadcast once per call.
  struct Needles {
    __m256i quote;
    __m256i cr;
    __m256i lf;
    __m256i delim;
    __m256i table;  // CsvSplitter::sep_table_
    __m256i below;  // subs(0x9F, b) has its top bit set when b < 0x20
    __m256i del;
    __m256i c2;
  };

  // Broadcast bytes, loaded rather than built: the quote, CR, LF, 0x9F,
  // 0x7F and 0xC2.
  struct alignas(32) Constants {
    uint8_t bytes[6][32];
  };
  static constexpr Constants kConstants = [] {
    Constants c{};
    const uint8_t values[6] = {'"', '\r', '\n', 0x9F, 0x7F, 0xC2};
    for (int i = 0; i < 6; ++i) {
      for (int j = 0; j < 32; ++j) c.bytes[i][j] = values[i];
    }
    return c;
  }();

  CREDITDATA_AVX2 static inline __m256i Load32(const uint8_t* p) {
    return _mm256_load_si256(reinterpret_cast<const __m256i*>(p));
  }

  // The needles are loaded from memory the compiler cannot see into (else
  // it rebuilds each broadcast from an immediate, and at every use in the
  // block loop when registers run short).
  CREDITDATA_AVX2 static inline Needles MakeNeedles(const CsvSplitter& s) {
    const Constants* c = &kConstants;
    __asm__("" : "+r"(c));
    return {Load32(c->bytes[0]),         Load32(c->bytes[1]),
            Load32(c->bytes[2]),         _mm256_set1_epi8(s.delimiter_),
            Load32(s.sep_table_.data()), Load32(c->bytes[3]),
            Load32(c->bytes[4]),         Load32(c->bytes[5])};
  }

  // Top bit set in the bytes of `v` that are not plain.
  CREDITDATA_AVX2 static inline __m256i NotPlain(__m256i v, const Needles& k) {
    return _mm256_or_si256(_mm256_or_si256(_mm256_subs_epu8(k.below, v),
                                           _mm256_cmpeq_epi8(v, k.del)),
                           _mm256_cmpeq_epi8(v, k.c2));
  }

  // The separators (CR, LF, the delimiter) of the 32 bytes `v`, all ones
  // where found; `plain_view` gets `v` with the delimiter made a plain byte.
  template <SepMode kMode>
  CREDITDATA_AVX2 static inline __m256i Separators(__m256i v, const Needles& k,
                                                   __m256i* plain_view) {
    *plain_view = v;
    if constexpr (kMode == kSepGeneric) {
      const __m256i delim = _mm256_cmpeq_epi8(v, k.delim);
      *plain_view = _mm256_or_si256(v, delim);
      return _mm256_or_si256(_mm256_or_si256(_mm256_cmpeq_epi8(v, k.cr),
                                             _mm256_cmpeq_epi8(v, k.lf)),
                             delim);
    } else {
      if constexpr (kMode == kSepLookupExclude) {
        *plain_view = _mm256_or_si256(v, _mm256_cmpeq_epi8(v, k.delim));
      }
      // Bytes from 0x80 on look up 0, and no such byte is 0.
      return _mm256_cmpeq_epi8(v, _mm256_shuffle_epi8(k.table, v));
    }
  }

  CREDITDATA_AVX2 static inline uint64_t Bits(__m256i lo, __m256i hi) {
    const uint64_t l = static_cast<uint32_t>(_mm256_movemask_epi8(lo));
    const uint64_t h = static_cast<uint32_t>(_mm256_movemask_epi8(hi));
    return l | (h << 32);
  }

  CREDITDATA_AVX2 static inline uint64_t PrefixXor(uint64_t bits) {
    const __m128i v = _mm_set_epi64x(0, static_cast<long long>(bits));
    const __m128i ones = _mm_set1_epi8(static_cast<char>(0xFF));
    return static_cast<uint64_t>(
        _mm_cvtsi128_si64(_mm_clmulepi64_si128(v, ones, 0)));
  }

  // The block at `base` (< n). kFresh: `base` starts a record, outside
  // quotes; otherwise the block follows the one that left `carry`. `cls` is
  // the splitter's byte class table (non-zero: a separator or a quote).
  template <bool kFresh, SepMode kMode>
  CREDITDATA_AVX2 static inline Block Load(const char* b, size_t n, size_t base,
                                           uint64_t carry, const uint8_t* cls,
                                           const Needles& k) {
    if (__builtin_expect(n - base < 64, 0)) {
      // The tail: copied out so nothing past the buffer is read. The
      // padding is line ends, which also makes "followed by the end of the
      // input" count as followed by a separator.
      alignas(32) char pad[64];
      std::memset(pad, '\n', sizeof pad);
      std::memcpy(pad, b + base, n - base);
      return Classify<kFresh, kMode, true>(b, n, base, pad, carry, cls, k);
    }
    return Classify<kFresh, kMode, false>(b, n, base, b + base, carry, cls, k);
  }

  // Load() on the 64 bytes at `p`: those of the block at `base`, or (kTail)
  // a padded copy of the n - base < 64 there.
  template <bool kFresh, SepMode kMode, bool kTail>
  CREDITDATA_AVX2 static inline Block Classify(const char* b, size_t n,
                                               size_t base, const char* p,
                                               uint64_t carry,
                                               const uint8_t* cls,
                                               const Needles& k) {
    const size_t avail = n - base;
    const uint64_t valid = kTail ? (uint64_t{1} << avail) - 1 : ~uint64_t{0};
    const __m256i lo = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p));
    const __m256i hi =
        _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p + 32));
    const uint64_t quotes =
        Bits(_mm256_cmpeq_epi8(lo, k.quote), _mm256_cmpeq_epi8(hi, k.quote));
    __m256i plain_lo;
    __m256i plain_hi;
    const __m256i sep_lo = Separators<kMode>(lo, k, &plain_lo);
    const __m256i sep_hi = Separators<kMode>(hi, k, &plain_hi);
    const uint64_t seps = Bits(sep_lo, sep_hi);
    // The delimiter is not among these; CR and LF are.
    const uint64_t ctrl = Bits(NotPlain(plain_lo, k), NotPlain(plain_hi, k));
    const uint64_t newlines = seps & ctrl;
    // A block without quotes that starts outside quotes: every separator
    // counts, and none is irregular; `quoted` marks the quoted fields.
    auto quote_free = [&](uint64_t quoted) {
      Block block;
      block.base = base;
      block.seps = seps & valid;
      block.newlines = newlines & valid;
      block.irregular = 0;
      block.carry = 0;
      block.quoted = block.seps & quoted;
      block.ctrl = ctrl ^ newlines;
      return block;
    };
    // Whether the byte before the block is a separator or quote (the start
    // of a record counts as a separator), and whether it is a quote.
    uint64_t prev_sq = 1;
    uint64_t prev_quote = 0;
    if constexpr (!kFresh) {
      if (__builtin_expect((quotes | carry) == 0, 1)) {
        return quote_free(b[base - 1] == '"' ? 1 : 0);
      }
      const uint8_t c = cls[static_cast<uint8_t>(b[base - 1])];
      prev_sq = c != kOther ? 1 : 0;
      prev_quote = c == kQuote ? 1 : 0;
    } else {
      carry = 0;
      if (__builtin_expect(quotes == 0, 1)) return quote_free(0);
    }
    const uint64_t inside = PrefixXor(quotes) ^ carry;
    const uint64_t sq = seps | quotes;
    const uint64_t next_bit =
        avail > 64 ? (cls[static_cast<uint8_t>(b[base + 64])] != kOther ? 1 : 0)
                   : 1;
    const uint64_t prev_sqs = (sq << 1) | prev_sq;
    const uint64_t next_sqs = (sq >> 1) | (next_bit << 63);
    const uint64_t openers = quotes & inside;
    const uint64_t closers = quotes & ~inside;
    Block block;
    block.base = base;
    block.irregular = ((openers & ~prev_sqs) | (closers & ~next_sqs)) & valid;
    // Separators from the first irregular quote on cannot be trusted; the
    // walk stops there and hands the record to the scalar loop.
    const uint64_t trusted =
        block.irregular == 0 ? ~uint64_t{0}
                             : (block.irregular & (~block.irregular + 1)) - 1;
    block.seps = seps & ~inside & valid & trusted;
    block.newlines = newlines & block.seps;
    block.carry = static_cast<uint64_t>(static_cast<int64_t>(inside) >> 63);
    block.quoted = block.seps & ((quotes << 1) | prev_quote);
    block.ctrl = ctrl ^ block.newlines;
    return block;
  }

  // Stores the quoted field [begin, end) (quotes included) of a record the
  // masks have vouched for: `"` ... `"` right before the separator.
  CREDITDATA_AVX2 static inline void StoreQuoted(CsvSplitter& s,
                                                 const char* begin,
                                                 const char* end,
                                                 std::string_view* first,
                                                 std::string_view*& out) {
    const size_t length = static_cast<size_t>(end - begin) - 2;
    if (length > 0 && std::memchr(begin + 1, '"', length) != nullptr) {
      s.escaped_.push_back(static_cast<uint32_t>(out - first));
    }
    *out++ = std::string_view(begin + 1, length);
  }

  // Stores the fields ending at the separators `m` (bits over the block at
  // `block`), the first starting at `begin`; none of them is quoted, and
  // there is room for them at `out`. Returns where the next field starts.
  CREDITDATA_AVX2 __attribute__((always_inline)) static inline const char*
  StorePlainFields(const char* block, uint64_t m, const char* begin,
                   std::string_view*& out) {
    while (m != 0) {
      const char* at = block + _tzcnt_u64(m);
      *out++ = std::string_view(begin, static_cast<size_t>(at - begin));
      begin = at + 1;
      m = _blsr_u64(m);
    }
    return begin;
  }

  // Makes room for 65 more fields at `out` (and returns the new limit).
  static std::string_view* Grow(CsvSplitter& s, std::string_view*& first,
                                std::string_view*& out) {
    const size_t count = static_cast<size_t>(out - first);
    do {
      s.GrowFields();
    } while (s.fields_.size() - count < 65);
    first = s.fields_.data();
    out = first + count;
    return first + s.fields_.size() - 65;
  }

  template <SepMode kMode>
  CREDITDATA_AVX2 static bool Next(CsvSplitter& s, RecordView* out) {
    const char* b = s.buffer_.data();
    const size_t n = s.buffer_.size();
    size_t start = s.pos_;
    if (start >= n) return false;
    const uint8_t* cls = s.class_.data();
    const Needles needles = MakeNeedles(s);

    Block block;
    if (s.block_valid_) {
      block = {s.block_base_,      s.block_seps_,  s.block_newlines_,
               s.block_irregular_, s.block_carry_, s.block_quoted_,
               s.block_ctrl_};
    } else {
      block = Load<true, kMode>(b, n, start, 0, cls, needles);
    }
    // The bits of block.ctrl before `start` are clear (the kernel clears
    // those up to each line end it hands out; line ends have none). Those of
    // the blocks the record has left behind gather in `left_ctrl`.
    uint64_t left_ctrl = 0;
    // Locals, not members: stores of field views must not force reloads.
    // There is room for 65 fields from `cur` up to `limit`.
    std::string_view* first = s.fields_.data();
    std::string_view* cur = first;
    std::string_view* limit = first + s.fields_.size() - 65;
    s.escaped_.clear();
    const char* field_start = b + start;
    // Blocks from `stop` on need a closer look: the end of the buffer, or
    // past the record cap.
    auto stop_for = [&s, n](size_t record_start) {
      const size_t cap = s.max_record_bytes_;
      if (cap == 0 || cap >= n - record_start) return n;
      return record_start + cap + 1;
    };
    size_t stop = stop_for(start);

    for (;;) {
      while (block.seps == 0) {
        // Quotes the masks cannot model lie in the record being built.
        if (block.irregular != 0) {
          s.block_valid_ = false;
          return s.NextScalar(out);
        }
        const size_t next_base = block.base + 64;
        if (__builtin_expect(next_base >= stop, 0)) {
          s.block_valid_ = false;
          if (s.max_record_bytes_ != 0 &&
              next_base - start > s.max_record_bytes_) {
            return s.NextScalar(out);  // it applies the cap
          }
          // Otherwise next_base >= n.
          if (!s.last_) return false;
          return s.NextScalar(out);  // the final record, without a line end
        }
        left_ctrl |= block.ctrl;
        block = Load<false, kMode>(b, n, next_base, block.carry, cls, needles);
      }
      // The separators before the block's first line end (all of them when
      // it has none) end fields of the record being built.
      const char* const base = b + block.base;
      const uint64_t line_end = _blsi_u64(block.newlines);
      const uint64_t field_ends = block.seps & (line_end - 1);
      if (field_ends != 0) {
        block.seps ^= field_ends;
        if (__builtin_expect(cur > limit, 0)) limit = Grow(s, first, cur);
        uint64_t quoted = field_ends & block.quoted;
        if (__builtin_expect(quoted == 0, 1)) {
          field_start = StorePlainFields(base, field_ends, field_start, cur);
        } else {
          uint64_t rest = field_ends;
          do {
            const uint64_t low = _blsi_u64(quoted);
            field_start =
                StorePlainFields(base, rest & (low - 1), field_start, cur);
            const char* at = base + _tzcnt_u64(low);
            StoreQuoted(s, field_start, at, first, cur);
            field_start = at + 1;
            rest &= ~(low | (low - 1));
            quoted ^= low;
          } while (quoted != 0);
          field_start = StorePlainFields(base, rest, field_start, cur);
        }
      }
      if (line_end == 0) continue;  // the record goes on in the next block

      const size_t at = block.base + _tzcnt_u64(line_end);
      block.seps ^= line_end;
      block.newlines ^= line_end;
      if (b + at < field_start) continue;  // the LF of a CRLF consumed
      size_t next = at + 1;
      if (b[at] == '\r') {
        if (at + 1 >= n) {
          if (!s.last_) {
            s.block_valid_ = false;
            return false;  // an LF may follow in the next chunk
          }
        } else if (b[at + 1] == '\n') {
          next = at + 2;
          // The LF goes with its CR (when it lies in this block).
          block.seps &= ~(line_end << 1);
          block.newlines &= ~(line_end << 1);
        }
      }
      if (at == start) {  // a blank line
        s.SkipBlank(next);
        start = next;
        field_start = b + next;
        if (start >= n) {
          s.block_valid_ = false;
          return false;
        }
        stop = stop_for(start);
        continue;
      }
      if (__builtin_expect(cur > limit, 0)) limit = Grow(s, first, cur);
      if (__builtin_expect((block.quoted & line_end) != 0, 0)) {
        StoreQuoted(s, field_start, b + at, first, cur);
      } else {
        *cur++ = std::string_view(field_start,
                                  static_cast<size_t>(b + at - field_start));
      }
      // Ordinary data has no bytes that are not plain anywhere. (A blank
      // line leaves left_ctrl 0: a bit there would be a byte of its own.)
      bool plain = true;
      if (__builtin_expect((left_ctrl | block.ctrl) != 0, 0)) {
        const uint64_t through = _blsmsk_u64(line_end);
        plain = (left_ctrl | (block.ctrl & through)) == 0;
        block.ctrl &= ~through;
      }
      s.block_valid_ = true;
      s.block_base_ = block.base;
      s.block_seps_ = block.seps;
      s.block_newlines_ = block.newlines;
      s.block_irregular_ = block.irregular;
      s.block_carry_ = block.carry;
      s.block_quoted_ = block.quoted;
      s.block_ctrl_ = block.ctrl;
      const size_t count = static_cast<size_t>(cur - first);
      s.field_count_ = count;
      const bool unescaped = !s.escaped_.empty();
      if (__builtin_expect(unescaped, 0)) s.UnescapeFields(start, at);
      out->fields = std::span<const std::string_view>(first, count);
      out->raw = std::string_view(b + start, at - start);
      out->line_end = std::string_view(b + at, next - at);
      out->offset = s.base_ + start;
      out->row = s.next_row_++;
      out->quote_issues = kQuoteOk;
      out->issue_offset = 0;
      out->unescaped = unescaped;
      out->plain = plain && s.mark_plain_;
      ++s.records_;
      s.pos_ = next;
      return true;
    }
  }
};

}  // namespace internal

void CsvSplitter::ChooseNext() {
  next_ = &NextScalarOf;
  if (kernel_ != SplitKernel::kAvx2) return;
  switch (sep_mode_) {
    case kSepLookup:
      next_ = &internal::SplitKernels::Next<kSepLookup>;
      break;
    case kSepLookupExclude:
      next_ = &internal::SplitKernels::Next<kSepLookupExclude>;
      break;
    default:
      next_ = &internal::SplitKernels::Next<kSepGeneric>;
      break;
  }
}

#else  // !CREDITDATA_HAVE_AVX2_KERNEL

void CsvSplitter::ChooseNext() { next_ = &NextScalarOf; }

#endif

}  // namespace creditdata::io
