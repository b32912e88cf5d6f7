// Fast paths of the record validator: cells already in their canonical
// form, which is what system exports send row after row. Each function
// returns true only when the full parser (member_parse.h) would accept the
// cell as it is, with no finding and nothing normalised, and then stores the
// same value; on false the caller runs the full parser, which decides and
// reports. tests/fast_parse_test.cc holds each fast path to its full parser.
//
// Everything here is inline and allocation-free (beyond growing a text
// member), without ValueCheck bookkeeping: the point is to cost a few
// instructions per byte and nothing per field.

#ifndef CREDITDATA_SRC_VALIDATE_FAST_PARSE_H_
#define CREDITDATA_SRC_VALIDATE_FAST_PARSE_H_

#include <array>
#include <bit>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "creditdata/check.h"
#include "creditdata/records.h"
#include "validate/member_parse.h"
#include "values/text_check.h"

namespace creditdata::internal::fast {

// The 1-7 bytes at `p` in one word, each of them at least once (overlapping
// loads), the other bytes from `filler`.
inline uint64_t LoadShort(const char* p, size_t n, uint64_t filler) {
  if (n >= 4) return uint64_t{Load4(p)} | uint64_t{Load4(p + n - 4)} << 32;
  return (filler & ~uint64_t{0xFFFFFF}) | uint64_t{uint8_t(p[0])} |
         uint64_t{uint8_t(p[n / 2])} << 8 | uint64_t{uint8_t(p[n - 1])} << 16;
}

#if defined(__SSE2__)
// Whether a byte of the 16 at `p` is below 0x20, 0x7F or 0xC2.
inline bool MaybeControl16(const char* p) {
  __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
  __m128i low = _mm_cmpeq_epi8(_mm_min_epu8(v, _mm_set1_epi8(0x1F)), v);
  __m128i del = _mm_cmpeq_epi8(v, _mm_set1_epi8(0x7F));
  __m128i c2 = _mm_cmpeq_epi8(v, _mm_set1_epi8(static_cast<char>(0xC2)));
  return _mm_movemask_epi8(_mm_or_si128(low, _mm_or_si128(del, c2))) != 0;
}
#endif

// Whether one of the n >= 1 bytes at `p` is below 0x20, 0x7F or 0xC2.
inline bool MaybeControlIn(const char* p, size_t n) {
#if defined(__SSE2__)
  if (n >= 16) {
    // Blocks of 16, the last one overlapping the one before.
    for (size_t i = 0; i + 16 < n; i += 16) {
      if (MaybeControl16(p + i)) return true;
    }
    return MaybeControl16(p + n - 16);
  }
#endif
  if (n >= 8) return MaybeControl(Load8(p)) || MaybeControl(Load8(p + n - 8));
  return MaybeControl(LoadShort(p, n, kEveryByte * 'A'));
}

// Code points of valid UTF-8: the bytes that are not continuation bytes.
inline size_t CodePoints(std::string_view s) {
  size_t continuations = 0;
  size_t i = 0;
  for (; i + 8 <= s.size(); i += 8)
    continuations += Continuations(Load8(&s[i]));
  for (; i < s.size(); ++i) {
    continuations += (static_cast<unsigned char>(s[i]) & 0xC0) == 0x80;
  }
  return s.size() - continuations;
}

// Whether text is canonical as it is: no white space at its edges, no
// control character, at most `max_length` code points (0: no limit).
// `plain`: the splitter found no control byte in the whole record (its
// RecordView::plain), so only the edges and the length are left to check.
[[gnu::always_inline]] inline bool TextCanonical(std::string_view raw,
                                                 size_t max_length,
                                                 bool plain = false) {
  const size_t n = raw.size();
  if (n == 0) return false;
  auto visible_ascii = [](unsigned char c) { return c > 0x20 && c < 0x7F; };
  auto front = static_cast<unsigned char>(raw.front());
  auto back = static_cast<unsigned char>(raw.back());
  if (!visible_ascii(front) && !(front >= 0xE4 && front <= 0xE9)) return false;
  if (!visible_ascii(back)) {
    if (n < 3) return false;
    auto lead = static_cast<unsigned char>(raw[n - 3]);
    if (lead < 0xE4 || lead > 0xE9) return false;
  }
  if (!plain && MaybeControlIn(raw.data(), n)) return false;
  // Fewer bytes than the limit means fewer code points too.
  return max_length == 0 || n <= max_length || CodePoints(raw) <= max_length;
}

[[gnu::always_inline]] inline bool Text(std::string_view raw, size_t max_length,
                                        std::string* out, bool plain = false) {
  if (!TextCanonical(raw, max_length, plain)) return false;
  out->assign(raw);
  return true;
}

// d = the digit of c, true when c is a digit.
inline bool Digit(char c, unsigned* d) {
  *d = static_cast<unsigned char>(c) - 48u;
  return *d <= 9;
}

inline uint32_t Load2(const char* p) {
  uint16_t w;
  std::memcpy(&w, p, 2);
  return w;
}

// The n (1-8) bytes at `p` XOR '0', at the top of the word: byte 8 - n + i
// holds byte i, the bytes below are 0 (leading zero digits). Reads only
// [p, p + n), by overlapping loads.
inline uint64_t DigitBytes(const char* p, size_t n) {
  const unsigned shift = static_cast<unsigned>(64 - 8 * n);
  const auto first = static_cast<uint8_t>(p[0] ^ '0');
  if (n >= 4) {
    return uint64_t{Load4(p + n - 4) ^ 0x30303030u} << 32 |
           uint64_t{Load4(p) ^ 0x30303030u} << shift;
  }
  // The last two bytes (one: with a '0' before it) and the first.
  const uint32_t last = n >= 2 ? Load2(p + n - 2) ^ 0x3030u : first << 8u;
  return uint64_t{last} << 48 | uint64_t{first} << shift;
}

// As DigitBytes, for n of 1-4 in 32 bits.
inline uint32_t DigitBytes4(const char* p, size_t n) {
  if (n == 4) return Load4(p) ^ 0x30303030u;
  const auto first = static_cast<uint32_t>(static_cast<uint8_t>(p[0] ^ '0'));
  const uint32_t last = n >= 2 ? Load2(p + n - 2) ^ 0x3030u : first << 8u;
  return last << 16u | first << static_cast<unsigned>(32 - 8 * n);
}
inline bool AllDigits4(uint32_t x) {
  return (((x + 0x76767676u) | x) & 0x80808080u) == 0;
}
inline uint32_t DigitsValue4(uint32_t x) {
  x = x * 10 + (x >> 8);  // two-digit numbers in bytes 0 and 2
  return (x & 0xFF) * 100 + ((x >> 16) & 0xFF);
}

// Whether every byte of x (bytes XOR '0') was a digit: a byte is 0-9
// exactly for a digit, and adding 0x76 sets its top bit for anything above
// 9 (a carry into the next byte can only flag that byte too, never unflag
// it).
inline bool AllDigits(uint64_t x) {
  return (((x + kEveryByte * 0x76) | x) & kEveryTopBit) == 0;
}

// The number of the eight digits in x (digit values, byte 0 the most
// significant): pairs, then two multiplications for the rest.
inline uint64_t DigitsValue(uint64_t x) {
  x = x * 10 + (x >> 8);  // two-digit numbers in bytes 0, 2, 4 and 6
  constexpr uint64_t kLanes = 0x000000FF000000FFu;
  return ((x & kLanes) * (100 + (uint64_t{1000000} << 32)) +
          ((x >> 16) & kLanes) * (1 + (uint64_t{10000} << 32))) >>
         32;
}

inline constexpr int64_t kPow10[5] = {1, 10, 100, 1000, 10000};

// For 1900 + y and month m (index y * 16 + m): the days from 1970-01-01 to
// the month's first day, times 256, plus the month's length; 0 for the
// months 0 and 13-15. 1900-2100: a year divisible by 4 is a leap year but
// for 1900 and 2100.
inline constexpr int kFirstYear = 1900;
inline constexpr int kYears = 201;  // 1900-2100
inline constexpr auto kMonths = [] {
  std::array<int32_t, kYears * 16> months{};
  int32_t days = -25567;  // 1900-01-01
  for (int y = 0; y < kYears; ++y) {
    const int year = kFirstYear + y;
    const bool leap = year % 4 == 0 && year != 1900 && year != 2100;
    for (int m = 1; m <= 12; ++m) {
      const int length = m == 2                                  ? 28 + leap
                         : m == 4 || m == 6 || m == 9 || m == 11 ? 30
                                                                 : 31;
      months[y * 16 + m] = days * 256 + length;
      days += length;
    }
  }
  return months;
}();
static_assert(kMonths[(1970 - kFirstYear) * 16 + 1] == 31);
static_assert(kMonths[(2000 - kFirstYear) * 16 + 3] == 11017 * 256 + 31);
static_assert(kMonths[(2100 - kFirstYear) * 16 + 2] >> 8 == 47513);
static_assert((kMonths[(2100 - kFirstYear) * 16 + 2] & 0xFF) == 28);

// YYYY-MM-DD with a year of 1900-2100 (others warn). The words at bytes 0
// and 2 hold every byte: the eight digits and the two dashes are checked at
// once, each byte XOR its expected character (so a dash becomes 0) and
// plus 0x76 (digit) or 0x7F (dash), as AllDigits.
// `ymd`, when given, receives the date as the number YYYYMMDD.
inline bool DateValue(std::string_view raw, Date* out, int32_t* ymd = nullptr) {
  if (raw.size() != 10) return false;
  const uint64_t lo = Load8(raw.data()) ^ (kEveryByte * '0');  // YY of YYYY
  const uint64_t hi = Load8(raw.data() + 2) ^ 0x30302D30302D3030u;  // YY-MM-DD
  if (((((hi + 0x76767F76767F7676u) | hi) & kEveryTopBit) |
       (((lo + 0x7676u) | lo) & 0x8080u)) != 0) {
    return false;
  }
  // Each byte times ten plus the next: the two-digit numbers YY, MM and DD
  // land in bytes 0, 3 and 6 at once (at most 99 each: no carries).
  const uint64_t pairs = hi * 10 + (hi >> 8);
  const unsigned century = static_cast<unsigned>((lo * 10 + (lo >> 8)) & 0xFF);
  const unsigned y = century * 100 + static_cast<unsigned>(pairs & 0xFF) -
                     static_cast<unsigned>(kFirstYear);
  const unsigned month = static_cast<unsigned>((pairs >> 24) & 0xFF);
  const unsigned day = static_cast<unsigned>((pairs >> 48) & 0xFF);
  if (y >= static_cast<unsigned>(kYears) || month > 15) return false;
  const int32_t entry = kMonths[y * 16 + month];
  if (day - 1 >= static_cast<unsigned>(entry & 0xFF)) return false;
  *out = Date::FromDays((entry >> 8) + static_cast<int32_t>(day) - 1);
  if (ymd != nullptr) {
    *ymd = static_cast<int32_t>((y + kFirstYear) * 10000 + month * 100 + day);
  }
  return true;
}

// Digits without a superfluous leading zero; at most `max_digits` (<= 18)
// of them, so that nothing overflows.
inline bool WholeNumber(std::string_view s, int64_t* out,
                        size_t max_digits = 15) {
  const size_t n = s.size();
  if (n == 0 || n > max_digits || (n > 1 && s[0] == '0')) return false;
  if (n <= 4) [[likely]] {
    const uint32_t x = DigitBytes4(s.data(), n);
    if (!AllDigits4(x)) return false;
    *out = DigitsValue4(x);
    return true;
  }
  if (n <= 8) {
    const uint64_t x = DigitBytes(s.data(), n);
    if (!AllDigits(x)) return false;
    *out = static_cast<int64_t>(DigitsValue(x));
    return true;
  }
  if (n <= 16) {
    const uint64_t high = DigitBytes(s.data(), n - 8);
    const uint64_t low = Load8(s.data() + n - 8) ^ (kEveryByte * '0');
    if (!AllDigits(high) || !AllDigits(low)) return false;
    *out =
        static_cast<int64_t>(DigitsValue(high) * 100000000 + DigitsValue(low));
    return true;
  }
  int64_t v = 0;
  for (char c : s) {
    unsigned d;
    if (!Digit(c, &d)) return false;
    v = v * 10 + d;
  }
  *out = v;
  return true;
}

// Non-negative fixed point with `scale` (<= 4) fraction digits: exactly
// that many when `exact_scale` (money: "12.30"), else the shortest form
// (quantity: "12.3", "12"). The digit counts keep the scaled value below
// 10^18.
[[gnu::always_inline]] inline bool FixedPoint(std::string_view s, int scale,
                                              bool exact_scale, int64_t* out) {
  const size_t n = s.size();
  const size_t frac_max = static_cast<size_t>(scale);
  if (n - 1 < 8) [[likely]] {
    // 1-8 bytes in one word (at most 7 whole digits: below the limit of
    // 18 - scale).
    uint64_t x = DigitBytes(s.data(), n);
    if (exact_scale) {
      // The '.' can only be the byte before the last `scale` ones: byte
      // 7 - scale of x; any other '.' fails the digit check.
      const int at = 7 - scale;
      const size_t whole = n - 1 - frac_max;
      if (frac_max == 0 || n < frac_max + 2 ||
          ((x >> (8 * at)) & 0xFF) != 0x1E || (whole > 1 && s[0] == '0')) {
        return false;
      }
      const uint64_t below = (uint64_t{1} << (8 * at)) - 1;
      x = (x & ~below & ~(uint64_t{0xFF} << (8 * at))) | (x & below) << 8;
      if (!AllDigits(x)) return false;
      *out = static_cast<int64_t>(DigitsValue(x));
      return true;
    }
    // The shortest form. The first '.' (XOR '0': 0x1E) is the lowest zero
    // byte of x ^ 0x1E..; higher flags may be false, the lowest is not.
    const uint64_t y = x ^ (kEveryByte * 0x1E);
    const uint64_t dots = (y - kEveryByte) & ~y & kEveryTopBit;
    if (dots == 0) {
      if (!AllDigits(x) || (n > 1 && s[0] == '0')) {
        return false;
      }
      *out = static_cast<int64_t>(DigitsValue(x)) * kPow10[frac_max];
      return true;
    }
    const int at = std::countr_zero(dots) >> 3;  // the byte of the '.'
    const size_t frac = static_cast<size_t>(7 - at);
    const size_t whole = n - 1 - frac;
    if (whole == 0 || (whole > 1 && s[0] == '0') || frac - 1 >= frac_max ||
        s[n - 1] == '0') {
      return false;
    }
    // Without the '.': the whole digits move up a byte, over it.
    const uint64_t below = (uint64_t{1} << (8 * at)) - 1;
    x = (x & ~below & ~(uint64_t{0xFF} << (8 * at))) | (x & below) << 8;
    if (!AllDigits(x)) return false;
    *out = static_cast<int64_t>(DigitsValue(x)) * kPow10[frac_max - frac];
    return true;
  }
  uint64_t v = 0;  // wraps harmlessly on a long run of digits, refused below
  size_t i = 0;
  unsigned d;
  for (; i < n && Digit(s[i], &d); ++i) v = v * 10 + d;
  const size_t whole = i;
  if (whole == 0 || whole > 18 - frac_max || (whole > 1 && s[0] == '0')) {
    return false;
  }
  size_t frac = 0;
  if (i < n) {
    if (s[i] != '.') return false;
    frac = n - i - 1;
    if (frac == 0 || frac > frac_max || (exact_scale && frac != frac_max) ||
        (!exact_scale && s[n - 1] == '0')) {
      return false;
    }
    for (++i; i < n; ++i) {
      if (!Digit(s[i], &d)) return false;
      v = v * 10 + d;
    }
  } else if (exact_scale) {
    return false;
  }
  for (; frac < frac_max; ++frac) v *= 10;
  *out = static_cast<int64_t>(v);
  return true;
}

// ---- One overload per member type, as ParseMember. ----

// The identifier checks have fast paths of their own.
[[gnu::noinline]] inline bool Identifier(std::string_view raw, std::string* out,
                                         const MemberContext& c) {
  ValueCheck check = ParseMember(raw, out, c);
  return check.findings().empty() && !check.normalised() && !check.empty();
}

inline bool Member(std::string_view raw, std::string* out,
                   const MemberContext& c) {
  // Text members hold text or an identifier.
  if (c.field->type != ValueType::kText) [[unlikely]] {
    return Identifier(raw, out, c);
  }
  return Text(raw, c.field->max_length, out);
}

inline bool Member(std::string_view raw, std::optional<Date>* out,
                   const MemberContext&) {
  Date d;
  if (!DateValue(raw, &d)) return false;
  *out = d;
  return true;
}

inline bool Member(std::string_view raw, std::optional<Validity>* out,
                   const MemberContext&) {
  Validity v;
  if (DateValue(raw, &v.end)) {  // an end date, the usual form
    *out = v;
    return true;
  }
  // "P<n>Y|M|D": 1-9 digits without a leading zero.
  const size_t n = raw.size();
  if (n < 3 || n > 11 || raw[0] != 'P' || raw[1] == '0') return false;
  int64_t amount;
  if (!WholeNumber(raw.substr(1, n - 2), &amount, 9)) return false;
  switch (raw[n - 1]) {
    case 'Y':
      v.unit = Validity::Unit::kYears;
      break;
    case 'M':
      v.unit = Validity::Unit::kMonths;
      break;
    case 'D':
      v.unit = Validity::Unit::kDays;
      break;
    default:
      return false;
  }
  v.kind = Validity::Kind::kDuration;
  v.amount = static_cast<int32_t>(amount);
  *out = v;
  return true;
}

inline bool Member(std::string_view raw, std::optional<Money>* out,
                   const MemberContext& c) {
  int64_t fen;
  if (!FixedPoint(raw, 2, true, &fen)) return false;
  if (fen == 0 && c.field->type == ValueType::kPositiveMoney) return false;
  *out = Money{fen};
  return true;
}

inline bool Member(std::string_view raw, std::optional<Quantity>* out,
                   const MemberContext&) {
  int64_t units;
  if (!FixedPoint(raw, 4, false, &units)) return false;
  *out = Quantity{units};
  return true;
}

inline bool Member(std::string_view raw, std::optional<Count>* out,
                   const MemberContext&) {
  int64_t v;
  if (!WholeNumber(raw, &v)) return false;
  *out = Count{v};
  return true;
}

// Code lists: the canonical name only.
template <typename T>
inline bool CodeListName(std::optional<T> (*parse)(std::string_view),
                         std::string_view raw, std::optional<T>* out) {
  std::optional<T> v = parse(raw);
  if (!v) return false;
  *out = v;
  return true;
}
inline bool Member(std::string_view raw, std::optional<UsageScope>* out,
                   const MemberContext&) {
  return CodeListName(&ParseCanonicalUsageScope, raw, out);
}
inline bool Member(std::string_view raw, std::optional<DishonestyLevel>* out,
                   const MemberContext&) {
  return CodeListName(&ParseCanonicalDishonestyLevel, raw, out);
}
inline bool Member(std::string_view raw, std::optional<YesNo>* out,
                   const MemberContext&) {
  return CodeListName(&ParseCanonicalYesNo, raw, out);
}

inline bool Member(std::string_view raw, std::optional<IdTypeValue>* out,
                   const MemberContext&) {
  // "其他-…" carries text of its own: left to the full parser.
  for (IdType t :
       {IdType::kResidentId, IdType::kHouseholdRegister, IdType::kPassport}) {
    if (SameBytes(raw, CanonicalName(t))) {
      if (!*out) out->emplace();
      (*out)->type = t;
      (*out)->detail.clear();
      return true;
    }
  }
  return false;
}

// The remaining types (months, rates, …) always take the full parser.
template <typename T>
bool Member(std::string_view, std::optional<T>*, const MemberContext&) {
  return false;
}

}  // namespace creditdata::internal::fast

#endif  // CREDITDATA_SRC_VALIDATE_FAST_PARSE_H_
