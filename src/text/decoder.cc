#include "text/decoder.h"

#include <iconv.h>

#include <algorithm>
#include <bit>
#include <cerrno>
#include <cstring>
#include <utility>

#include "absl/strings/str_cat.h"
#include "simdjson.h"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace creditdata::text {
namespace {

using Byte = unsigned char;

// ---------------------------------------------------------------------------
// Names.

char LowerAscii(char c) {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

// ---------------------------------------------------------------------------
// Output: kernels write through raw pointers into a buffer that the driver
// keeps at least kSlack bytes larger than `limit`, so one step of a kernel
// (at most 160 bytes written, by a 64-byte GB18030 block) never needs a
// bounds check of its own.

constexpr size_t kSlack = 256;

struct Sink {
  char* dst;
  char* limit;           // a step may start while dst <= limit
  char* end;             // the real end of the buffer
  char* begin;           // dst when the sink was made
  uint64_t out_base;     // absolute output offset of `begin`
  const Byte* in_begin;  // the kernel's input
  uint64_t in_base;      // absolute input offset of `in_begin`
  std::vector<DecodeError>* errors;
  bool full = false;  // stopped for lack of room

  void Put3(uint32_t a, uint32_t b, uint32_t c) {
    dst[0] = static_cast<char>(a);
    dst[1] = static_cast<char>(b);
    dst[2] = static_cast<char>(c);
    dst += 3;
  }

  void PutCodePoint(uint32_t c) {
    if (c < 0x80) {
      *dst++ = static_cast<char>(c);
    } else if (c < 0x800) {
      dst[0] = static_cast<char>(0xC0 | (c >> 6));
      dst[1] = static_cast<char>(0x80 | (c & 0x3F));
      dst += 2;
    } else if (c < 0x10000) {
      Put3(0xE0 | (c >> 12), 0x80 | ((c >> 6) & 0x3F), 0x80 | (c & 0x3F));
    } else {
      dst[0] = static_cast<char>(0xF0 | (c >> 18));
      dst[1] = static_cast<char>(0x80 | ((c >> 12) & 0x3F));
      dst[2] = static_cast<char>(0x80 | ((c >> 6) & 0x3F));
      dst[3] = static_cast<char>(0x80 | (c & 0x3F));
      dst += 4;
    }
  }

  // Records `length` bytes at `p` as undecodable and writes U+FFFD.
  void Error(const Byte* p, size_t length) {
    DecodeError e;
    e.input_offset = in_base + static_cast<uint64_t>(p - in_begin);
    e.output_offset = out_base + static_cast<uint64_t>(dst - begin);
    e.length = static_cast<uint32_t>(length);
    std::memcpy(e.bytes, p, length);
    errors->push_back(e);
    Put3(0xEF, 0xBF, 0xBD);
  }
};

// ---------------------------------------------------------------------------
// UTF-8.

// Examines the sequence at p (avail >= 1 bytes). Returns the length of a
// valid sequence (> 0); 0 when the available bytes are a valid but
// incomplete prefix; or minus the length of the maximal subpart of an
// ill-formed sequence (Unicode's "maximal subpart" rule, as WHATWG).
int Utf8Sequence(const Byte* p, size_t avail) {
  Byte b0 = p[0];
  if (b0 < 0x80) return 1;
  int need;
  Byte lo = 0x80, hi = 0xBF;  // range of the second byte
  if (b0 >= 0xC2 && b0 <= 0xDF) {
    need = 2;
  } else if (b0 >= 0xE0 && b0 <= 0xEF) {
    need = 3;
    if (b0 == 0xE0) lo = 0xA0;
    if (b0 == 0xED) hi = 0x9F;
  } else if (b0 >= 0xF0 && b0 <= 0xF4) {
    need = 4;
    if (b0 == 0xF0) lo = 0x90;
    if (b0 == 0xF4) hi = 0x8F;
  } else {
    return -1;
  }
  for (int i = 1; i < need; ++i) {
    if (static_cast<size_t>(i) >= avail) return 0;
    Byte b = p[i];
    if (b < lo || b > hi) return -i;
    lo = 0x80;
    hi = 0xBF;
  }
  return need;
}

uint32_t Utf8CodePoint(const Byte* p, int length) {
  switch (length) {
    case 1:
      return p[0];
    case 2:
      return ((p[0] & 0x1Fu) << 6) | (p[1] & 0x3Fu);
    case 3:
      return ((p[0] & 0x0Fu) << 12) | ((p[1] & 0x3Fu) << 6) | (p[2] & 0x3Fu);
    default:
      return ((p[0] & 0x07u) << 18) | ((p[1] & 0x3Fu) << 12) |
             ((p[2] & 0x3Fu) << 6) | (p[3] & 0x3Fu);
  }
}

// The length of `p[0, n)` without a trailing multi-byte sequence that the
// bytes end inside of (judged by its lead byte only).
size_t CutAtBoundary(const Byte* p, size_t n) {
  for (size_t i = 1; i <= 3 && i <= n; ++i) {
    Byte b = p[n - i];
    if (b < 0x80) return n;
    if (b >= 0xC0) {
      size_t need = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : 2;
      return need > i ? n - i : n;
    }
  }
  return n;
}

bool FastValidUtf8(const Byte* p, size_t n) {
  return simdjson::validate_utf8(reinterpret_cast<const char*>(p), n);
}

// True when p[0, n) (n < 4) is a valid but incomplete UTF-8 prefix.
bool IsIncompleteUtf8(const Byte* p, size_t n) {
  return n > 0 && Utf8Sequence(p, n) == 0;
}

// Scalar UTF-8 decoding with error location. Processes sequences while fewer
// than `at_least` bytes were consumed (then stops at a convenient place), or
// to the end. Returns the bytes consumed.
size_t Utf8Scalar(const Byte* in, size_t n, bool final, size_t at_least,
                  Sink& s) {
  size_t p = 0;
  while (p < n && p < at_least) {
    if (s.dst > s.limit) {
      s.full = true;
      break;
    }
    Byte b = in[p];
    if (b < 0x80) {
      *s.dst++ = static_cast<char>(b);
      ++p;
      continue;
    }
    int r = Utf8Sequence(in + p, n - p);
    if (r > 0) {
      std::memcpy(s.dst, in + p, static_cast<size_t>(r));
      s.dst += r;
      p += static_cast<size_t>(r);
    } else if (r < 0) {
      s.Error(in + p, static_cast<size_t>(-r));
      p += static_cast<size_t>(-r);
    } else if (!final) {
      break;  // incomplete at the end: carried over
    } else {
      size_t rest = n - p;  // a truncated prefix: one error
      s.Error(in + p, rest);
      p = n;
    }
  }
  return p;
}

size_t DecodeUtf8Kernel(const Byte* in, size_t n, bool final, Sink& s) {
  constexpr size_t kBlock = 64 * 1024;
  constexpr size_t kSmallBlock = 1024;
  size_t p = 0;
  size_t small_until = 0;  // after an invalid block: smaller blocks up to here
  while (p < n) {
    if (s.dst > s.limit) {
      s.full = true;
      break;
    }
    size_t block = std::min(n - p, p < small_until ? kSmallBlock : kBlock);
    block = std::min(block, static_cast<size_t>(s.end - s.dst));
    bool to_end = p + block == n;
    size_t cut = (to_end && final) ? block : CutAtBoundary(in + p, block);
    if (cut > 0) {
      if (FastValidUtf8(in + p, cut)) {
        std::memcpy(s.dst, in + p, cut);
        s.dst += cut;
        p += cut;
        continue;
      }
      if (cut > kSmallBlock) {  // locate the error with smaller blocks
        small_until = p + cut;
        continue;
      }
    }
    size_t k = Utf8Scalar(in + p, n - p, final, std::max<size_t>(cut, 1), s);
    p += k;
    if (k == 0) break;  // incomplete at the end, or full
  }
  return p;
}

// ---------------------------------------------------------------------------
// UTF-16.

template <bool kBigEndian>
uint32_t Unit(const Byte* p) {
  return kBigEndian ? (uint32_t{p[0]} << 8) | p[1]
                    : (uint32_t{p[1]} << 8) | p[0];
}

// One code unit that is not ASCII, with at least 4 bytes available or
// `final`/`n` deciding. Returns the bytes consumed, 0 for an incomplete pair.
template <bool kBigEndian>
size_t Utf16Unit(const Byte* p, size_t avail, bool final, Sink& s) {
  uint32_t u = Unit<kBigEndian>(p);
  if (u < 0xD800 || u > 0xDFFF) {
    s.PutCodePoint(u);
    return 2;
  }
  if (u >= 0xDC00) {
    s.Error(p, 2);  // a low surrogate alone
    return 2;
  }
  if (avail < 4) {
    if (!final) return 0;  // the low surrogate may follow
    s.Error(p, 2);
    return 2;
  }
  uint32_t low = Unit<kBigEndian>(p + 2);
  if (low >= 0xDC00 && low <= 0xDFFF) {
    s.PutCodePoint(0x10000 + ((u - 0xD800) << 10) + (low - 0xDC00));
    return 4;
  }
  s.Error(p, 2);  // a high surrogate alone
  return 2;
}

#if defined(__SSE2__)
template <bool kBigEndian>
inline __m128i LoadUnits(const Byte* p) {
  __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
  if (kBigEndian) v = _mm_or_si128(_mm_slli_epi16(v, 8), _mm_srli_epi16(v, 8));
  return v;
}

// Eight code units at p (ASCII, or what follows is overwritten) as 8 bytes.
template <bool kBigEndian>
inline void CopyAsciiUnits(char* dst, const Byte* p) {
  __m128i v = LoadUnits<kBigEndian>(p);
  _mm_storel_epi64(reinterpret_cast<__m128i*>(dst), _mm_packus_epi16(v, v));
}

// Decodes the 64-byte block (32 code units) at p when it holds no
// surrogates; false otherwise. Reads up to p + 80, writes up to dst + 112.
// Like Gb18030Block: the non-ASCII units come from a bit mask, the ASCII
// between them is packed and copied eight units at a time.
template <bool kBigEndian>
inline bool Utf16Block(const Byte*& p, char*& dst) {
  __m128i v0 = LoadUnits<kBigEndian>(p);
  __m128i v1 = LoadUnits<kBigEndian>(p + 16);
  __m128i v2 = LoadUnits<kBigEndian>(p + 32);
  __m128i v3 = LoadUnits<kBigEndian>(p + 48);
  const __m128i zero = _mm_setzero_si128();
  const __m128i high = _mm_set1_epi16(static_cast<short>(0xFF80));
  auto ascii = [&](__m128i v) {
    return _mm_cmpeq_epi16(_mm_and_si128(v, high), zero);
  };
  uint32_t ascii_mask =
      static_cast<uint32_t>(
          _mm_movemask_epi8(_mm_packs_epi16(ascii(v0), ascii(v1)))) |
      static_cast<uint32_t>(
          _mm_movemask_epi8(_mm_packs_epi16(ascii(v2), ascii(v3))))
          << 16;
  if (ascii_mask == 0xFFFFFFFFu) {
    _mm_storeu_si128(reinterpret_cast<__m128i*>(dst), _mm_packus_epi16(v0, v1));
    _mm_storeu_si128(reinterpret_cast<__m128i*>(dst + 16),
                     _mm_packus_epi16(v2, v3));
    p += 64;
    dst += 32;
    return true;
  }
  const __m128i surrogate_bits = _mm_set1_epi16(static_cast<short>(0xF800));
  const __m128i surrogate = _mm_set1_epi16(static_cast<short>(0xD800));
  auto is_surrogate = [&](__m128i v) {
    return _mm_cmpeq_epi16(_mm_and_si128(v, surrogate_bits), surrogate);
  };
  __m128i any = _mm_or_si128(_mm_or_si128(is_surrogate(v0), is_surrogate(v1)),
                             _mm_or_si128(is_surrogate(v2), is_surrogate(v3)));
  if (_mm_movemask_epi8(any) != 0) return false;
  uint32_t others = ~ascii_mask;
  char* d = dst;
  size_t last = 0;  // in code units
  while (others != 0) {
    size_t i = static_cast<unsigned>(std::countr_zero(others));
    others &= others - 1;
    size_t gap = i - last;
    CopyAsciiUnits<kBigEndian>(d, p + 2 * last);
    if (gap > 8) {
      for (size_t k = 8; k < gap; k += 8) {
        CopyAsciiUnits<kBigEndian>(d + k, p + 2 * (last + k));
      }
    }
    d += gap;
    uint32_t u = Unit<kBigEndian>(p + 2 * i);
    uint32_t two = (0xC0 | (u >> 6)) | ((0x80 | (u & 0x3F)) << 8);
    uint32_t three = (0xE0 | (u >> 12)) | ((0x80 | ((u >> 6) & 0x3F)) << 8) |
                     ((0x80 | (u & 0x3F)) << 16);
    uint32_t bytes = u >= 0x800 ? three : two;  // in memory order (LE host)
    std::memcpy(d, &bytes, 4);
    d += 2 + (u >= 0x800);
    last = i + 1;
  }
  for (size_t k = last; k < 32; k += 8) {
    CopyAsciiUnits<kBigEndian>(d + (k - last), p + 2 * k);
  }
  d += 32 - last;
  p += 64;
  dst = d;
  return true;
}
#endif

template <bool kBigEndian>
size_t DecodeUtf16Kernel(const Byte* in, size_t n, bool final, Sink& s) {
  const Byte* p = in;
  const Byte* const end = in + n;
  while (true) {
    if (end - p < 2) {
      if (p < end && final) {
        s.Error(p, 1);  // an odd byte at the end
        ++p;
      }
      break;
    }
    if (s.dst > s.limit) {
      s.full = true;
      break;
    }
#if defined(__SSE2__)
    if (std::endian::native == std::endian::little && end - p >= 80) {
      if (Utf16Block<kBigEndian>(p, s.dst)) continue;
      // Surrogates in this block: unit by unit through it. (At least 16
      // bytes follow, so no pair is incomplete.)
      const Byte* block_end = p + 64;
      while (p < block_end && s.dst <= s.limit) {
        size_t k =
            Utf16Unit<kBigEndian>(p, static_cast<size_t>(end - p), final, s);
        if (k == 0) break;
        p += k;
      }
      continue;
    }
#endif
    size_t k = Utf16Unit<kBigEndian>(p, static_cast<size_t>(end - p), final, s);
    if (k == 0) break;
    p += k;
  }
  return static_cast<size_t>(p - in);
}

// ---------------------------------------------------------------------------
// GB18030 tables, built once from glibc's iconv.

// Four-byte codes 81 30 81 30 .. 84 31 A4 39 cover the rest of the BMP.
constexpr uint32_t kFourByteBmpCount = 39420;
// 90 30 81 30 is U+10000; supplementary planes follow linearly.
constexpr uint32_t kFourByteSupplementaryBase = 189000;

uint32_t FourByteLinear(const Byte* p) {
  return ((uint32_t{p[0]} - 0x81) * 10 + (uint32_t{p[1]} - 0x30)) * 1260 +
         (uint32_t{p[2]} - 0x81) * 10 + (uint32_t{p[3]} - 0x30);
}

// A two-byte table entry: the UTF-8 bytes of a BMP code point above U+007F
// (two or three) in memory order, and their count in the fourth byte. The
// kernel stores all four bytes and advances by the count: the fourth is
// overwritten by what follows.
uint32_t MakeEntry(uint32_t c) {
  Byte bytes[4] = {0, 0, 0, 0};
  if (c < 0x800) {
    bytes[0] = static_cast<Byte>(0xC0 | (c >> 6));
    bytes[1] = static_cast<Byte>(0x80 | (c & 0x3F));
    bytes[3] = 2;
  } else {
    bytes[0] = static_cast<Byte>(0xE0 | (c >> 12));
    bytes[1] = static_cast<Byte>(0x80 | ((c >> 6) & 0x3F));
    bytes[2] = static_cast<Byte>(0x80 | (c & 0x3F));
    bytes[3] = 3;
  }
  uint32_t entry;
  std::memcpy(&entry, bytes, 4);
  return entry;
}

inline size_t EntryLength(uint32_t entry) {
  return std::endian::native == std::endian::little ? entry >> 24
                                                    : entry & 0xFF;
}

// The two bytes at p as one 16-bit load (in memory order, so the table
// below works on either byte order): one instruction in the hot loop.
inline size_t TwoByteIndex(const Byte* p) {
  uint16_t pair;
  std::memcpy(&pair, p, 2);
  return pair;
}

inline size_t TwoByteIndex(Byte lead, Byte trail) {
  const Byte pair[2] = {lead, trail};
  return TwoByteIndex(pair);
}

struct Gb18030Tables {
  bool ok = false;
  // Indexed by TwoByteIndex: MakeEntry of the code point, 0 when the pair
  // is not a two-byte code mapped into the BMP (four-byte starts and bad
  // trails included).
  uint32_t two[256 * 256] = {};
  // The few two-byte codes glibc maps outside the BMP (FE51 → U+20087...):
  // TwoByteIndex and code point.
  std::vector<std::pair<uint32_t, uint32_t>> two_supplementary;
  // By four-byte linear index: the code point, 0 when unmapped.
  uint32_t four[kFourByteBmpCount] = {};

  Gb18030Tables() {
    iconv_t cd = iconv_open("UTF-32BE", "GB18030");
    if (cd == reinterpret_cast<iconv_t>(-1)) return;
    std::vector<char> codes;
    std::vector<uint32_t> points;
    for (uint32_t lead = 0x81; lead <= 0xFE; ++lead) {
      codes.clear();
      for (uint32_t trail = 0x40; trail <= 0xFE; ++trail) {
        if (trail == 0x7F) continue;
        codes.push_back(static_cast<char>(lead));
        codes.push_back(static_cast<char>(trail));
      }
      Convert(cd, codes, 2, &points);
      size_t i = 0;
      for (uint32_t trail = 0x40; trail <= 0xFE; ++trail) {
        if (trail == 0x7F) continue;
        uint32_t c = points[i++];
        size_t index =
            TwoByteIndex(static_cast<Byte>(lead), static_cast<Byte>(trail));
        if (c >= 0x10000 && c <= 0x10FFFF) {
          two_supplementary.emplace_back(static_cast<uint32_t>(index), c);
        } else if (c >= 0x80 && c < 0x10000) {
          two[index] = MakeEntry(c);
        }
      }
    }
    for (uint32_t group = 0; group * 1260 < kFourByteBmpCount; ++group) {
      codes.clear();
      uint32_t count =
          std::min<uint32_t>(1260, kFourByteBmpCount - group * 1260);
      for (uint32_t k = 0; k < count; ++k) {
        uint32_t linear = group * 1260 + k;
        codes.push_back(static_cast<char>(0x81 + linear / 12600));
        codes.push_back(static_cast<char>(0x30 + linear / 1260 % 10));
        codes.push_back(static_cast<char>(0x81 + linear / 10 % 126));
        codes.push_back(static_cast<char>(0x30 + linear % 10));
      }
      Convert(cd, codes, 4, &points);
      for (uint32_t k = 0; k < count; ++k) four[group * 1260 + k] = points[k];
    }
    iconv_close(cd);
    ok = true;
  }

  // Converts fixed-width codes; (*points)[i] is the code point of code i or
  // 0 when iconv rejects it (or maps it to more than one code point).
  static void Convert(iconv_t cd, std::vector<char>& codes, size_t width,
                      std::vector<uint32_t>* points) {
    size_t count = codes.size() / width;
    points->assign(count, 0);
    std::vector<char> out(count * 8 + 16);
    size_t i = 0;
    while (i < count) {
      iconv(cd, nullptr, nullptr, nullptr, nullptr);
      char* src = codes.data() + i * width;
      size_t src_left = (count - i) * width;
      char* dst = out.data();
      size_t dst_left = out.size();
      size_t r = iconv(cd, &src, &src_left, &dst, &dst_left);
      size_t done = (count - i) - src_left / width;
      size_t produced = (out.size() - dst_left) / 4;
      if (produced == done) {
        for (size_t k = 0; k < done; ++k) {
          const auto* o = reinterpret_cast<const Byte*>(out.data() + 4 * k);
          (*points)[i + k] = (uint32_t{o[0]} << 24) | (uint32_t{o[1]} << 16) |
                             (uint32_t{o[2]} << 8) | o[3];
        }
      } else {
        // Some code gave several code points: convert these one by one.
        for (size_t k = 0; k < done; ++k) {
          iconv(cd, nullptr, nullptr, nullptr, nullptr);
          char* one = codes.data() + (i + k) * width;
          size_t one_left = width;
          char buffer[16];
          char* d = buffer;
          size_t d_left = sizeof buffer;
          size_t rr = iconv(cd, &one, &one_left, &d, &d_left);
          if (rr != static_cast<size_t>(-1) && sizeof buffer - d_left == 4) {
            const auto* o = reinterpret_cast<const Byte*>(buffer);
            (*points)[i + k] = (uint32_t{o[0]} << 24) | (uint32_t{o[1]} << 16) |
                               (uint32_t{o[2]} << 8) | o[3];
          }
        }
      }
      i += done;
      if (r == static_cast<size_t>(-1) && i < count) ++i;  // code i rejected
      if (r != static_cast<size_t>(-1)) break;
    }
  }
};

const Gb18030Tables& Tables() {
  static const Gb18030Tables* const tables = new Gb18030Tables();  // 400 KB
  return *tables;
}

// ---------------------------------------------------------------------------
// GB18030 decoding.

// One sequence the fast loop did not take: a four-byte code, an error, or
// an incomplete sequence at the end. Returns the bytes consumed (0: an
// incomplete sequence to carry over).
size_t Gb18030Slow(const Gb18030Tables& t, const Byte* p, const Byte* end,
                   bool final, Sink& s) {
  size_t avail = static_cast<size_t>(end - p);
  Byte b0 = p[0];
  if (b0 < 0x80) {
    *s.dst++ = static_cast<char>(b0);
    return 1;
  }
  if (b0 == 0x80 || b0 == 0xFF) {
    s.Error(p, 1);
    return 1;
  }
  if (avail < 2) {
    if (!final) return 0;
    s.Error(p, 1);
    return 1;
  }
  Byte b1 = p[1];
  if (b1 >= 0x30 && b1 <= 0x39) {
    if (avail < 3) {
      if (!final) return 0;
      s.Error(p, 1);
      return 1;
    }
    Byte b2 = p[2];
    if (b2 < 0x81 || b2 == 0xFF) {
      s.Error(p, 1);
      return 1;
    }
    if (avail < 4) {
      if (!final) return 0;
      s.Error(p, 1);
      return 1;
    }
    Byte b3 = p[3];
    if (b3 < 0x30 || b3 > 0x39) {
      s.Error(p, 1);
      return 1;
    }
    uint32_t linear = FourByteLinear(p);
    uint32_t c = 0;
    if (linear < kFourByteBmpCount) {
      c = t.four[linear];
    } else if (linear >= kFourByteSupplementaryBase &&
               linear - kFourByteSupplementaryBase <= 0xFFFFF) {
      c = t.ok ? 0x10000 + (linear - kFourByteSupplementaryBase) : 0;
    }
    if (c == 0) {
      s.Error(p, 4);
    } else {
      s.PutCodePoint(c);
    }
    return 4;
  }
  size_t index = TwoByteIndex(b0, b1);
  uint32_t entry = t.two[index];
  if (entry != 0) {
    std::memcpy(s.dst, &entry, 4);
    s.dst += EntryLength(entry);
    return 2;
  }
  for (const auto& [at, c] : t.two_supplementary) {
    if (at == index) {
      s.PutCodePoint(c);
      return 2;
    }
  }
  // Not a mapped two-byte code; an ASCII second byte is not swallowed.
  size_t length = (b1 >= 0x80 && b1 != 0xFF) ? 2 : 1;
  s.Error(p, length);
  return length;
}

#if defined(__SSE2__)
inline void Copy16(char* dst, const Byte* src) {
  _mm_storeu_si128(reinterpret_cast<__m128i*>(dst),
                   _mm_loadu_si128(reinterpret_cast<const __m128i*>(src)));
}

// Decodes the 64-byte block at p when all it holds is ASCII and two-byte
// codes mapped into the BMP (the common case); returns false, having written
// nothing that counts, otherwise. Reads up to p + 80, writes up to dst + 160.
//
// Where the codes start comes from bit masks, not from a byte-by-byte walk:
// in every run of non-ASCII bytes, codes start at the run's first byte and
// every other byte after it (a run of odd length ends with a code whose
// second byte is ASCII, 0x40-0x7E). Each code is then one table lookup; the
// ASCII between codes is copied 16 bytes at a time. No branch depends on
// where runs of Chinese text begin or end, and no dependency chain runs
// through the data.
inline bool Gb18030Block(const Gb18030Tables& t, const Byte*& p, char*& dst) {
  __m128i v0 = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
  __m128i v1 = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + 16));
  __m128i v2 = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + 32));
  __m128i v3 = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + 48));
  uint64_t m =
      static_cast<uint64_t>(static_cast<uint32_t>(_mm_movemask_epi8(v0))) |
      static_cast<uint64_t>(static_cast<uint32_t>(_mm_movemask_epi8(v1)))
          << 16 |
      static_cast<uint64_t>(static_cast<uint32_t>(_mm_movemask_epi8(v2)))
          << 32 |
      static_cast<uint64_t>(static_cast<uint32_t>(_mm_movemask_epi8(v3))) << 48;
  if (m == 0) {
    _mm_storeu_si128(reinterpret_cast<__m128i*>(dst), v0);
    _mm_storeu_si128(reinterpret_cast<__m128i*>(dst + 16), v1);
    _mm_storeu_si128(reinterpret_cast<__m128i*>(dst + 32), v2);
    _mm_storeu_si128(reinterpret_cast<__m128i*>(dst + 48), v3);
    p += 64;
    dst += 64;
    return true;
  }
  constexpr uint64_t kEven = 0x5555555555555555ull;
  uint64_t starts = m & ~(m << 1);
  // Adding a run's start bit clears the run: what is left of m are the runs
  // that start at odd positions.
  uint64_t odd_runs = (m + (starts & kEven)) & m;
  uint64_t leads = ((m & ~odd_runs) & kEven) | (odd_runs & ~kEven);
  size_t block = 64;
  if (leads >> 63) {  // a code cut by the block end: leave it to the next
    leads &= ~(uint64_t{1} << 63);
    block = 63;
  }
  char* d = dst;
  size_t last = 0;
  while (leads != 0) {
    size_t i = static_cast<unsigned>(std::countr_zero(leads));
    leads &= leads - 1;
    size_t gap = i - last;
    Copy16(d, p + last);  // most gaps are short: one copy, no branch
    if (gap > 16) {
      for (size_t k = 16; k < gap; k += 16) Copy16(d + k, p + last + k);
    }
    d += gap;
    uint32_t entry = t.two[TwoByteIndex(p + i)];
    if (entry == 0) return false;
    std::memcpy(d, &entry, 4);
    d += EntryLength(entry);
    last = i + 2;
  }
  if (last < block) {
    size_t gap = block - last;
    Copy16(d, p + last);  // most gaps are short: one copy, no branch
    if (gap > 16) {
      for (size_t k = 16; k < gap; k += 16) Copy16(d + k, p + last + k);
    }
    d += gap;
  }
  p += block;
  dst = d;
  return true;
}
#endif

size_t DecodeGb18030Kernel(const Byte* in, size_t n, bool final, Sink& s) {
  const Gb18030Tables& t = Tables();
  const Byte* p = in;
  const Byte* const end = in + n;
  char* dst = s.dst;
  char* const limit = s.limit;
  // One sequence byte by byte; false for an incomplete one at the end.
  auto step = [&]() -> bool {
    Byte b0 = *p;
    if (b0 < 0x80) {
      *dst++ = static_cast<char>(b0);
      ++p;
      return true;
    }
    if (end - p >= 2) {
      uint32_t entry = t.two[TwoByteIndex(p)];
      if (entry != 0) {
        std::memcpy(dst, &entry, 4);
        dst += EntryLength(entry);
        p += 2;
        return true;
      }
    }
    s.dst = dst;
    size_t k = Gb18030Slow(t, p, end, final, s);
    dst = s.dst;
    p += k;
    return k != 0;
  };
  while (p < end) {
    if (dst > limit) {
      s.full = true;
      break;
    }
#if defined(__SSE2__)
    if (end - p >= 80) {
      if (Gb18030Block(t, p, dst)) continue;
      // Something else in this block: byte by byte through it. (At least
      // 16 bytes follow the block, so nothing here is incomplete.)
      const Byte* block_end = p + 64;
      while (p < block_end && dst <= limit && step()) {
      }
      continue;
    }
#endif
    if (!step()) break;  // incomplete at the end
  }
  s.dst = dst;
  return static_cast<size_t>(p - in);
}

// ---------------------------------------------------------------------------
// Detection helpers.

constexpr size_t kNulSampleBytes = 512;
constexpr size_t kEvidenceBytes = 64 * 1024;  // at most held back to decide
constexpr size_t kEvidenceNonAscii = 32;      // non-ASCII bytes that suffice

std::optional<Encoding> NulPattern(std::string_view sample) {
  size_t n = std::min(sample.size(), kNulSampleBytes) & ~size_t{1};
  size_t pairs = n / 2;
  if (pairs < 2) return std::nullopt;
  size_t zero_even = 0, zero_odd = 0;
  for (size_t i = 0; i < n; i += 2) {
    zero_even += sample[i] == 0;
    zero_odd += sample[i + 1] == 0;
  }
  if (zero_odd * 4 >= pairs && zero_even * 4 <= zero_odd) {
    return Encoding::kUtf16Le;
  }
  if (zero_even * 4 >= pairs && zero_odd * 4 <= zero_even) {
    return Encoding::kUtf16Be;
  }
  return std::nullopt;
}

// Detection from the first bytes alone: BOM, NUL pattern or the spec. nullopt
// when (spec auto) the content decides.
std::optional<Detection> DetectFromHead(std::string_view head,
                                        EncodingSpec spec) {
  std::optional<Bom> bom = SniffBom(head);
  auto forced = [&](Encoding e) {
    Detection d{e, 0, DetectionMethod::kForced};
    if (bom && bom->encoding == e) d.bom_length = bom->length;
    return d;
  };
  switch (spec) {
    case EncodingSpec::kUtf8:
      return forced(Encoding::kUtf8);
    case EncodingSpec::kUtf16Le:
      return forced(Encoding::kUtf16Le);
    case EncodingSpec::kUtf16Be:
      return forced(Encoding::kUtf16Be);
    case EncodingSpec::kGb18030:
      return forced(Encoding::kGb18030);
    case EncodingSpec::kUtf16:
      if (bom && (bom->encoding == Encoding::kUtf16Le ||
                  bom->encoding == Encoding::kUtf16Be)) {
        return Detection{bom->encoding, bom->length, DetectionMethod::kBom};
      }
      if (auto e = NulPattern(head)) {
        return Detection{*e, 0, DetectionMethod::kNulPattern};
      }
      return Detection{Encoding::kUtf16Le, 0, DetectionMethod::kUtf16Default};
    case EncodingSpec::kAuto:
      break;
  }
  if (bom) return Detection{bom->encoding, bom->length, DetectionMethod::kBom};
  if (auto e = NulPattern(head)) {
    return Detection{*e, 0, DetectionMethod::kNulPattern};
  }
  return std::nullopt;
}

size_t AsciiPrefix(std::string_view s) {
  const Byte* p = reinterpret_cast<const Byte*>(s.data());
  size_t n = s.size(), i = 0;
  for (; i + 8 <= n; i += 8) {
    uint64_t w;
    std::memcpy(&w, p + i, 8);
    if (w & 0x8080808080808080ull) break;
  }
  while (i < n && p[i] < 0x80) ++i;
  return i;
}

enum class Judgement { kUtf8, kMostlyUtf8, kGb18030, kNeedMore };

// Valid UTF-8 sequences of more than one byte per error that make a sample
// "UTF-8 with a few bad bytes" rather than GB18030 (in GB18030 text, valid
// UTF-8 sequences are rare accidents and errors are everywhere).
constexpr size_t kMostlyUtf8Ratio = 16;

// Judges evidence that starts at the first non-ASCII byte. `complete`: the
// stream ends with the sample; `enough_anyway`: the sample is the whole
// evidence window (kEvidenceBytes). The verdict depends on the bytes alone,
// never on how the stream was chunked: an early "UTF-8" looks only at the
// prefix that holds the first kEvidenceNonAscii non-ASCII bytes, and every
// other verdict waits for the whole window or the end of the stream.
Judgement JudgeContent(std::string_view sample, bool complete,
                       bool enough_anyway) {
  const Byte* p = reinterpret_cast<const Byte*>(sample.data());
  size_t n = sample.size();
  size_t non_ascii = 0;
  size_t prefix = n;
  for (size_t i = 0; i < n; ++i) {
    if (p[i] >= 0x80 && ++non_ascii == kEvidenceNonAscii) {
      prefix = i + 1;
      break;
    }
  }
  if (non_ascii >= kEvidenceNonAscii) {
    size_t cut = CutAtBoundary(p, prefix);
    if (FastValidUtf8(p, cut) &&
        (cut == prefix || IsIncompleteUtf8(p + cut, prefix - cut))) {
      return Judgement::kUtf8;
    }
  }
  if (!complete && !enough_anyway) return Judgement::kNeedMore;
  size_t cut = complete ? n : CutAtBoundary(p, n);
  bool valid =
      FastValidUtf8(p, cut) && (cut == n || IsIncompleteUtf8(p + cut, n - cut));
  if (valid) return Judgement::kUtf8;
  size_t multibyte = 0, errors = 0, i = 0;
  while (i < n) {
    int r = Utf8Sequence(p + i, n - i);
    if (r == 0) break;  // an incomplete tail
    if (r < 0) {
      ++errors;
      i += static_cast<size_t>(-r);
    } else {
      multibyte += r > 1;
      i += static_cast<size_t>(r);
    }
  }
  if (i < n && complete) ++errors;
  return multibyte >= kMostlyUtf8Ratio * errors ? Judgement::kMostlyUtf8
                                                : Judgement::kGb18030;
}

DetectionMethod MethodOf(Judgement j) {
  return j == Judgement::kUtf8         ? DetectionMethod::kValidUtf8
         : j == Judgement::kMostlyUtf8 ? DetectionMethod::kMostlyUtf8
                                       : DetectionMethod::kInvalidUtf8;
}

}  // namespace

// ---------------------------------------------------------------------------
// Public helpers.

std::string_view EncodingName(Encoding encoding) {
  switch (encoding) {
    case Encoding::kUtf8:
      return "utf-8";
    case Encoding::kUtf16Le:
      return "utf-16le";
    case Encoding::kUtf16Be:
      return "utf-16be";
    case Encoding::kGb18030:
      return "gb18030";
  }
  return "utf-8";
}

std::string_view EncodingSpecName(EncodingSpec spec) {
  switch (spec) {
    case EncodingSpec::kAuto:
      return "auto";
    case EncodingSpec::kUtf8:
      return "utf-8";
    case EncodingSpec::kUtf16:
      return "utf-16";
    case EncodingSpec::kUtf16Le:
      return "utf-16le";
    case EncodingSpec::kUtf16Be:
      return "utf-16be";
    case EncodingSpec::kGb18030:
      return "gb18030";
  }
  return "auto";
}

std::optional<EncodingSpec> ParseEncodingSpec(std::string_view name) {
  std::string key;
  for (char c : name) {
    if (c == '-' || c == '_' || c == ' ') continue;
    key.push_back(LowerAscii(c));
  }
  static constexpr std::pair<std::string_view, EncodingSpec> kNames[] = {
      {"auto", EncodingSpec::kAuto},
      {"utf8", EncodingSpec::kUtf8},
      {"utf8sig", EncodingSpec::kUtf8},
      {"utf8bom", EncodingSpec::kUtf8},
      {"utf16", EncodingSpec::kUtf16},
      {"ucs2", EncodingSpec::kUtf16},
      {"unicode", EncodingSpec::kUtf16},
      {"utf16le", EncodingSpec::kUtf16Le},
      {"ucs2le", EncodingSpec::kUtf16Le},
      {"unicodele", EncodingSpec::kUtf16Le},
      {"utf16be", EncodingSpec::kUtf16Be},
      {"ucs2be", EncodingSpec::kUtf16Be},
      {"unicodebe", EncodingSpec::kUtf16Be},
      {"gb18030", EncodingSpec::kGb18030},
      {"gbk", EncodingSpec::kGb18030},
      {"cp936", EncodingSpec::kGb18030},
      {"ms936", EncodingSpec::kGb18030},
      {"windows936", EncodingSpec::kGb18030},
      {"936", EncodingSpec::kGb18030},
      {"gb2312", EncodingSpec::kGb18030},
      {"euccn", EncodingSpec::kGb18030},
  };
  for (const auto& [spelling, spec] : kNames) {
    if (key == spelling) return spec;
  }
  return std::nullopt;
}

EncodingSpec SpecFor(Encoding encoding) {
  switch (encoding) {
    case Encoding::kUtf8:
      return EncodingSpec::kUtf8;
    case Encoding::kUtf16Le:
      return EncodingSpec::kUtf16Le;
    case Encoding::kUtf16Be:
      return EncodingSpec::kUtf16Be;
    case Encoding::kGb18030:
      return EncodingSpec::kGb18030;
  }
  return EncodingSpec::kUtf8;
}

std::optional<Bom> SniffBom(std::string_view prefix) {
  if (prefix.starts_with("\xEF\xBB\xBF")) return Bom{Encoding::kUtf8, 3};
  if (prefix.starts_with("\xFF\xFE")) return Bom{Encoding::kUtf16Le, 2};
  if (prefix.starts_with("\xFE\xFF")) return Bom{Encoding::kUtf16Be, 2};
  if (prefix.starts_with("\x84\x31\x95\x33")) {
    return Bom{Encoding::kGb18030, 4};
  }
  return std::nullopt;
}

std::string_view DetectionMethodName(DetectionMethod method) {
  switch (method) {
    case DetectionMethod::kForced:
      return "forced";
    case DetectionMethod::kBom:
      return "bom";
    case DetectionMethod::kNulPattern:
      return "nul-pattern";
    case DetectionMethod::kAscii:
      return "ascii";
    case DetectionMethod::kValidUtf8:
      return "valid-utf-8";
    case DetectionMethod::kMostlyUtf8:
      return "mostly-utf-8";
    case DetectionMethod::kInvalidUtf8:
      return "invalid-utf-8";
    case DetectionMethod::kUtf16Default:
      return "utf-16-default";
  }
  return "ascii";
}

Detection DetectEncoding(std::string_view sample, bool sample_is_whole_stream,
                         EncodingSpec spec) {
  if (auto d = DetectFromHead(sample, spec)) return *d;
  std::string_view rest = sample.substr(AsciiPrefix(sample));
  if (rest.empty())
    return Detection{Encoding::kUtf8, 0, DetectionMethod::kAscii};
  Judgement j = JudgeContent(rest, sample_is_whole_stream, true);
  return Detection{
      j == Judgement::kGb18030 ? Encoding::kGb18030 : Encoding::kUtf8, 0,
      MethodOf(j)};
}

bool Gb18030Available() { return Tables().ok; }

// ---------------------------------------------------------------------------
// Decoder.

// The caller's string during one call: grown ahead of the kernels (they
// need kSlack bytes beyond their limit), trimmed at the end.
class Decoder::Output {
 public:
  Output(std::string* s, std::vector<DecodeError>* errors, uint64_t base)
      : s_(s),
        errors_(errors),
        start_(s->size()),
        used_(s->size()),
        base_(base) {}

  void Reserve(size_t n) {
    if (s_->size() - used_ < n + kSlack) s_->resize(used_ + n + kSlack);
  }
  void Append(const char* p, size_t n) {
    if (n == 0) return;
    Reserve(n);
    std::memcpy(s_->data() + used_, p, n);
    used_ += n;
  }
  uint64_t produced() const { return base_ + (used_ - start_); }
  Sink MakeSink(const Byte* in, uint64_t in_offset) {
    char* data = s_->data();
    char* end = data + s_->size();
    return Sink{data + used_, end - kSlack, end,       data + used_,
                produced(),   in,           in_offset, errors_};
  }
  void Commit(const Sink& sink) {
    used_ = static_cast<size_t>(sink.dst - s_->data());
  }
  void Close() { s_->resize(used_); }

 private:
  std::string* s_;
  std::vector<DecodeError>* errors_;
  size_t start_;
  size_t used_;
  uint64_t base_;
};

Decoder::Decoder(EncodingSpec spec) : spec_(spec) { Reset(); }

void Decoder::Reset() {
  state_ = State::kHead;
  encoding_ = spec_ == EncodingSpec::kAuto      ? Encoding::kUtf8
              : spec_ == EncodingSpec::kUtf16   ? Encoding::kUtf16Le
              : spec_ == EncodingSpec::kUtf16Le ? Encoding::kUtf16Le
              : spec_ == EncodingSpec::kUtf16Be ? Encoding::kUtf16Be
              : spec_ == EncodingSpec::kGb18030 ? Encoding::kGb18030
                                                : Encoding::kUtf8;
  method_ = spec_ == EncodingSpec::kAuto ? DetectionMethod::kAscii
                                         : DetectionMethod::kForced;
  bom_length_ = 0;
  input_taken_ = 0;
  input_decoded_ = 0;
  output_produced_ = 0;
  carry_length_ = 0;
  held_.clear();
}

void Decoder::Decode(std::string_view in, std::string* out,
                     std::vector<DecodeError>* errors) {
  Output o(out, errors, output_produced_);
  Run(in, false, o);
  o.Close();
  output_produced_ = o.produced();
}

void Decoder::Finish(std::string* out, std::vector<DecodeError>* errors) {
  Output o(out, errors, output_produced_);
  Run({}, true, o);
  o.Close();
  output_produced_ = o.produced();
}

std::string_view Decoder::DecodeView(std::string_view in, std::string* scratch,
                                     std::vector<DecodeError>* errors) {
  if (state_ == State::kDecided && encoding_ == Encoding::kUtf8 &&
      carry_length_ == 0) {
    const Byte* p = reinterpret_cast<const Byte*>(in.data());
    size_t cut = CutAtBoundary(p, in.size());
    if (FastValidUtf8(p, cut) &&
        (cut == in.size() || IsIncompleteUtf8(p + cut, in.size() - cut))) {
      std::memcpy(carry_, p + cut, in.size() - cut);
      carry_length_ = in.size() - cut;
      input_taken_ += in.size();
      input_decoded_ += cut;
      output_produced_ += cut;
      return in.substr(0, cut);
    }
  }
  scratch->clear();
  Decode(in, scratch, errors);
  return *scratch;
}

bool Decoder::PassThrough(size_t n) {
  if (state_ != State::kDecided || encoding_ != Encoding::kUtf8 ||
      carry_length_ != 0 || !held_.empty() || input_decoded_ != input_taken_) {
    return false;
  }
  input_taken_ += n;
  input_decoded_ += n;
  output_produced_ += n;
  return true;
}

void Decoder::Decide(Encoding encoding, DetectionMethod method) {
  encoding_ = encoding;
  method_ = method;
  state_ = State::kDecided;
}

void Decoder::Run(std::string_view in, bool final, Output& out) {
  input_taken_ += in.size();
  if (state_ == State::kHead) {
    // The sniffing sample is exactly the stream's first kNulSampleBytes
    // (or all of a shorter stream), whatever the chunks.
    size_t need =
        (spec_ == EncodingSpec::kAuto || spec_ == EncodingSpec::kUtf16)
            ? kNulSampleBytes
            : 4;
    if (held_.size() + in.size() < need && !final) {
      held_.append(in);
      return;
    }
    std::string joined;
    std::string_view head = in.substr(0, kNulSampleBytes);
    if (!held_.empty()) {
      joined = held_;
      joined.append(in.substr(
          0, kNulSampleBytes - std::min(kNulSampleBytes, held_.size())));
      head = joined;
    }
    std::optional<Detection> d = DetectFromHead(head, spec_);
    size_t skip = 0;
    if (d) {
      Decide(d->encoding, d->method);
      skip = bom_length_ = d->bom_length;
    } else {
      state_ = State::kUndecided;
    }
    input_decoded_ += skip;
    size_t from_held = std::min(skip, held_.size());
    std::string held = std::move(held_);
    held_.clear();
    held.erase(0, from_held);
    in.remove_prefix(skip - from_held);
    if (!held.empty()) {
      if (state_ == State::kDecided) {
        FeedDecided(held, false, out);
      } else {
        FeedUndecided(held, false, out);
      }
    }
  }
  if (state_ == State::kUndecided) {
    FeedUndecided(in, final, out);
  } else {
    FeedDecided(in, final, out);
  }
}

void Decoder::FeedUndecided(std::string_view in, bool final, Output& out) {
  if (held_.empty()) {
    size_t k = AsciiPrefix(in);
    out.Append(in.data(), k);
    input_decoded_ += k;
    in.remove_prefix(k);
    if (in.empty()) {
      if (final) Decide(Encoding::kUtf8, DetectionMethod::kAscii);
      return;
    }
  }
  // `in` (after what is held) starts with or continues non-ASCII evidence.
  Judgement j;
  if (held_.empty()) {
    std::string_view sample = in.substr(0, kEvidenceBytes);
    j = JudgeContent(sample, final && sample.size() == in.size(),
                     sample.size() >= kEvidenceBytes);
  } else {
    std::string sample = held_;
    sample.append(
        in.substr(0, kEvidenceBytes - std::min(kEvidenceBytes, held_.size())));
    bool complete = final && sample.size() == held_.size() + in.size();
    j = JudgeContent(sample, complete, sample.size() >= kEvidenceBytes);
  }
  if (j == Judgement::kNeedMore) {
    held_.append(in);
    return;
  }
  Decide(j == Judgement::kGb18030 ? Encoding::kGb18030 : Encoding::kUtf8,
         MethodOf(j));
  std::string held = std::move(held_);
  held_.clear();
  if (!held.empty()) FeedDecided(held, false, out);
  FeedDecided(in, final, out);
}

size_t Decoder::RunKernel(const unsigned char* in, size_t n, bool final,
                          uint64_t offset, Output& out, bool* full) {
  Sink s = out.MakeSink(in, offset);
  size_t k = 0;
  switch (encoding_) {
    case Encoding::kUtf8:
      k = DecodeUtf8Kernel(in, n, final, s);
      break;
    case Encoding::kUtf16Le:
      k = DecodeUtf16Kernel<false>(in, n, final, s);
      break;
    case Encoding::kUtf16Be:
      k = DecodeUtf16Kernel<true>(in, n, final, s);
      break;
    case Encoding::kGb18030:
      k = DecodeGb18030Kernel(in, n, final, s);
      break;
  }
  out.Commit(s);
  if (full != nullptr) *full = s.full;
  return k;
}

void Decoder::FeedDecided(std::string_view in, bool final, Output& out) {
  const Byte* p = reinterpret_cast<const Byte*>(in.data());
  size_t n = in.size();
  if (carry_length_ > 0) {
    // Complete the carried sequence with the first bytes of `in`.
    Byte joined[16];
    size_t take = std::min<size_t>(n, 8);
    std::memcpy(joined, carry_, carry_length_);
    if (take > 0) std::memcpy(joined + carry_length_, p, take);
    size_t total = carry_length_ + take;
    out.Reserve(3 * total);
    size_t k = RunKernel(joined, total, final && take == n, input_decoded_, out,
                         nullptr);
    input_decoded_ += k;
    if (k < carry_length_) {  // still incomplete: `in` was all taken
      std::memmove(carry_, joined + k, total - k);
      carry_length_ = total - k;
      return;
    }
    size_t skip = k - carry_length_;
    carry_length_ = 0;
    p += skip;
    n -= skip;
  }
  // Room for typical output; the kernels stop early when it runs out and
  // are run again with more.
  size_t factor_num = encoding_ == Encoding::kUtf8 ? 2 : 3;
  size_t done = 0;
  while (done < n) {
    size_t rest = n - done;
    out.Reserve(rest * factor_num / 2 + 64);
    bool full = false;
    size_t k = RunKernel(p + done, rest, final, input_decoded_, out, &full);
    done += k;
    input_decoded_ += k;
    if (!full) break;  // done, or an incomplete sequence is left
  }
  size_t left = n - done;
  if (left > 0) {
    std::memcpy(carry_, p + done, left);
    carry_length_ = left;
  }
}

std::string DecodeToUtf8(std::string_view in, EncodingSpec spec,
                         std::vector<DecodeError>* errors, Encoding* detected) {
  Decoder decoder(spec);
  std::string out;
  out.reserve(in.size() + in.size() / 2 + 16);
  decoder.Decode(in, &out, errors);
  decoder.Finish(&out, errors);
  if (detected != nullptr) *detected = decoder.encoding();
  return out;
}

// ---------------------------------------------------------------------------
// Encoder.

namespace {

void AppendUtf16(uint32_t c, bool big_endian, std::string* out) {
  auto unit = [&](uint32_t u) {
    char hi = static_cast<char>(u >> 8), lo = static_cast<char>(u & 0xFF);
    if (big_endian) {
      out->push_back(hi);
      out->push_back(lo);
    } else {
      out->push_back(lo);
      out->push_back(hi);
    }
  };
  if (c < 0x10000) {
    unit(c);
  } else {
    c -= 0x10000;
    unit(0xD800 + (c >> 10));
    unit(0xDC00 + (c & 0x3FF));
  }
}

// Offset of the first invalid byte of p[0, n), or n.
size_t FirstInvalidUtf8(const Byte* p, size_t n) {
  size_t i = 0;
  while (i < n) {
    int r = Utf8Sequence(p + i, n - i);
    if (r <= 0) return i;
    i += static_cast<size_t>(r);
  }
  return n;
}

}  // namespace

Encoder::Encoder(Encoding target, bool bom)
    : target_(target), bom_pending_(bom) {
  if (target_ == Encoding::kGb18030) {
    iconv_t cd = iconv_open("GB18030", "UTF-8");
    if (cd != reinterpret_cast<iconv_t>(-1)) iconv_ = cd;
  }
}

Encoder::~Encoder() {
  if (iconv_ != nullptr) iconv_close(static_cast<iconv_t>(iconv_));
}

Encoder::Encoder(Encoder&& other) noexcept
    : target_(other.target_),
      bom_pending_(other.bom_pending_),
      iconv_(std::exchange(other.iconv_, nullptr)),
      offset_(other.offset_),
      tail_(std::move(other.tail_)) {}

Encoder& Encoder::operator=(Encoder&& other) noexcept {
  if (this != &other) {
    if (iconv_ != nullptr) iconv_close(static_cast<iconv_t>(iconv_));
    target_ = other.target_;
    bom_pending_ = other.bom_pending_;
    iconv_ = std::exchange(other.iconv_, nullptr);
    offset_ = other.offset_;
    tail_ = std::move(other.tail_);
  }
  return *this;
}

absl::Status Encoder::Encode(std::string_view utf8, std::string* out) {
  if (bom_pending_) {
    bom_pending_ = false;
    switch (target_) {
      case Encoding::kUtf8:
        out->append("\xEF\xBB\xBF");
        break;
      case Encoding::kUtf16Le:
        out->append("\xFF\xFE");
        break;
      case Encoding::kUtf16Be:
        out->append("\xFE\xFF");
        break;
      case Encoding::kGb18030:
        out->append("\x84\x31\x95\x33");
        break;
    }
  }
  if (!tail_.empty()) {
    Byte lead = static_cast<Byte>(tail_[0]);
    size_t need = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2;
    size_t take = std::min(need - tail_.size(), utf8.size());
    tail_.append(utf8.substr(0, take));
    utf8.remove_prefix(take);
    if (tail_.size() < need) return absl::OkStatus();
    std::string sequence = std::move(tail_);
    tail_.clear();
    absl::Status status = EncodeComplete(sequence, out);
    if (!status.ok()) return status;
  }
  const Byte* p = reinterpret_cast<const Byte*>(utf8.data());
  size_t cut = CutAtBoundary(p, utf8.size());
  if (cut < utf8.size() && IsIncompleteUtf8(p + cut, utf8.size() - cut)) {
    absl::Status status = EncodeComplete(utf8.substr(0, cut), out);
    if (!status.ok()) return status;
    tail_.assign(utf8.substr(cut));
    return absl::OkStatus();
  }
  return EncodeComplete(utf8, out);
}

absl::Status Encoder::Finish(std::string* out) {
  absl::Status status = Encode({}, out);
  if (!status.ok()) return status;
  if (!tail_.empty()) {
    uint64_t at = offset_;
    tail_.clear();
    return absl::InvalidArgumentError(
        absl::StrCat("the UTF-8 input ends inside a sequence at offset ", at));
  }
  return absl::OkStatus();
}

absl::Status Encoder::EncodeComplete(std::string_view utf8, std::string* out) {
  const Byte* p = reinterpret_cast<const Byte*>(utf8.data());
  size_t n = utf8.size();
  if (!FastValidUtf8(p, n)) {
    return absl::InvalidArgumentError(absl::StrCat(
        "invalid UTF-8 at offset ", offset_ + FirstInvalidUtf8(p, n)));
  }
  switch (target_) {
    case Encoding::kUtf8:
      out->append(utf8);
      break;
    case Encoding::kUtf16Le:
    case Encoding::kUtf16Be: {
      bool big = target_ == Encoding::kUtf16Be;
      out->reserve(out->size() + 2 * n);
      size_t i = 0;
      while (i < n) {
        int r = Utf8Sequence(p + i, n - i);  // > 0: validated above
        AppendUtf16(Utf8CodePoint(p + i, r), big, out);
        i += static_cast<size_t>(r);
      }
      break;
    }
    case Encoding::kGb18030: {
      if (iconv_ == nullptr) {
        return absl::UnavailableError("no converter from UTF-8 to GB18030");
      }
      auto cd = static_cast<iconv_t>(iconv_);
      size_t start = out->size();
      size_t used = start;
      out->resize(start + n * 2 + 16);
      char* src = const_cast<char*>(utf8.data());
      size_t src_left = n;
      while (src_left > 0) {
        char* dst = out->data() + used;
        size_t dst_left = out->size() - used;
        size_t r = iconv(cd, &src, &src_left, &dst, &dst_left);
        used = out->size() - dst_left;
        if (r != static_cast<size_t>(-1)) break;
        if (errno == E2BIG) {
          out->resize(out->size() * 2);
          continue;
        }
        out->resize(start);
        iconv(cd, nullptr, nullptr, nullptr, nullptr);
        return absl::InvalidArgumentError(
            absl::StrCat("the character at offset ", offset_ + (n - src_left),
                         " has no GB18030 code"));
      }
      out->resize(used);
      break;
    }
  }
  offset_ += n;
  return absl::OkStatus();
}

absl::StatusOr<std::string> EncodeUtf8(std::string_view utf8, Encoding target,
                                       bool bom) {
  Encoder encoder(target, bom);
  std::string out;
  absl::Status status = encoder.Encode(utf8, &out);
  if (status.ok()) status = encoder.Finish(&out);
  if (!status.ok()) return status;
  return out;
}

}  // namespace creditdata::text
