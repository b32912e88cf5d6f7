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

#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>

#include "creditdata/check.h"
#include "creditdata/records.h"
#include "validate/member_parse.h"

namespace creditdata::internal::fast {

inline constexpr uint64_t kOnes = 0x0101010101010101u;
inline constexpr uint64_t kHigh = 0x8080808080808080u;

inline uint64_t Load8(const char* p) {
  uint64_t w;
  std::memcpy(&w, p, 8);
  return w;
}

// Whether a byte of `w` is below 0x20, 0x7F or 0xC2 (the lead byte of the
// C1 controls and of NBSP).
inline bool MaybeControl(uint64_t w) {
  auto has_zero = [](uint64_t v) { return (v - kOnes) & ~v & kHigh; };
  uint64_t below_space = (w - kOnes * 0x20) & ~w & kHigh;
  return (below_space | has_zero(w ^ (kOnes * 0x7F)) |
          has_zero(w ^ (kOnes * 0xC2))) != 0;
}

// Continuation bytes (10xxxxxx) in `w`.
inline size_t Continuations(uint64_t w) {
  uint64_t flags = ((w & ~(w << 1)) & kHigh) >> 7;
  return static_cast<size_t>((flags * kOnes) >> 56);
}

// Text that needs no trimming, has no control character and fits: the
// first byte is a visible ASCII character or the lead byte of a CJK
// character (E4-E9), the last is a visible ASCII character or ends a CJK
// character; white space (incl. U+3000, NBSP, BOM) never qualifies.
inline bool Text(std::string_view raw, size_t max_length, std::string* out) {
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
  size_t continuations = 0;
  size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    uint64_t w = Load8(raw.data() + i);
    if (MaybeControl(w)) return false;
    continuations += Continuations(w);
  }
  if (i < n) {
    uint64_t w;
    size_t fresh = n - i;
    if (n >= 8) {
      // One load ending at the end; the lanes already seen become 'A's.
      w = Load8(raw.data() + n - 8) >> (8 * (8 - fresh));
    } else {
      w = 0;
      for (size_t k = 0; k < n; ++k) {
        w |= uint64_t{static_cast<unsigned char>(raw[k])} << (8 * k);
      }
    }
    w |= (kOnes * 'A') << (8 * fresh);
    if (MaybeControl(w)) return false;
    continuations += Continuations(w);
  }
  if (max_length != 0 && n - continuations > max_length) return false;
  out->assign(raw);
  return true;
}

// d = the digit of c, true when c is a digit.
inline bool Digit(char c, unsigned* d) {
  *d = static_cast<unsigned char>(c) - 48u;
  return *d <= 9;
}

// YYYY-MM-DD with a year of 1900-2100 (others warn).
inline bool DateValue(std::string_view raw, Date* out) {
  if (raw.size() != 10 || raw[4] != '-' || raw[7] != '-') return false;
  const char* p = raw.data();
  unsigned y0, y1, y2, y3, m0, m1, d0, d1;
  if (!(Digit(p[0], &y0) & Digit(p[1], &y1) & Digit(p[2], &y2) &
        Digit(p[3], &y3) & Digit(p[5], &m0) & Digit(p[6], &m1) &
        Digit(p[8], &d0) & Digit(p[9], &d1))) {
    return false;
  }
  int year = static_cast<int>(y0 * 1000 + y1 * 100 + y2 * 10 + y3);
  int month = static_cast<int>(m0 * 10 + m1);
  int day = static_cast<int>(d0 * 10 + d1);
  if (year < 1900 || year > 2100 || month < 1 || month > 12 || day < 1) {
    return false;
  }
  static constexpr uint8_t kDays[12] = {31, 28, 31, 30, 31, 30,
                                        31, 31, 30, 31, 30, 31};
  // 1900-2100: a year divisible by 4 is a leap year but for 1900 and 2100.
  bool leap = year % 4 == 0 && year != 1900 && year != 2100;
  if (day > kDays[month - 1] + (month == 2 && leap)) return false;
  // Days from civil, with years starting in March.
  int y = year - (month <= 2);
  int era = y / 400;
  int year_of_era = y - era * 400;
  int day_of_year =
      (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
  int day_of_era =
      year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
  *out = Date::FromDays(era * 146097 + day_of_era - 719468);
  return true;
}

// Digits without a superfluous leading zero; at most `max_digits` (<= 18)
// of them, so that nothing overflows.
inline bool WholeNumber(std::string_view s, int64_t* out,
                        size_t max_digits = 15) {
  if (s.empty() || s.size() > max_digits || (s.size() > 1 && s[0] == '0')) {
    return false;
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

// Non-negative fixed point with `scale` fraction digits: exactly that many
// when `exact_scale` (money: "12.30"), else the shortest form (quantity:
// "12.3", "12").
inline bool FixedPoint(std::string_view s, int scale, bool exact_scale,
                       int64_t* out) {
  size_t dot = s.find('.');
  int64_t whole, frac = 0;
  // The scaled value stays below 10^18.
  const size_t max_whole = 18 - static_cast<size_t>(scale);
  if (dot == std::string_view::npos) {
    if (exact_scale) return false;
    if (!WholeNumber(s, &whole, max_whole)) return false;
  } else {
    std::string_view f = s.substr(dot + 1);
    if (!WholeNumber(s.substr(0, dot), &whole, max_whole) || f.empty() ||
        f.size() > static_cast<size_t>(scale) ||
        (exact_scale && f.size() != static_cast<size_t>(scale)) ||
        (!exact_scale && f.back() == '0')) {
      return false;
    }
    for (char c : f) {
      unsigned d;
      if (!Digit(c, &d)) return false;
      frac = frac * 10 + d;
    }
    for (size_t k = f.size(); k < static_cast<size_t>(scale); ++k) frac *= 10;
  }
  int64_t multiplier = 1;
  for (int k = 0; k < scale; ++k) multiplier *= 10;
  *out = whole * multiplier + frac;
  return true;
}

// ---- One overload per member type, as ParseMember. ----

inline bool Member(std::string_view raw, std::string* out,
                   const MemberContext& c) {
  switch (c.field->type) {
    case ValueType::kUscc:
    case ValueType::kOrgCode:
    case ValueType::kRegNo:
    case ValueType::kEntityCode:
    case ValueType::kIdNumber: {
      // The identifier checks have fast paths of their own.
      ValueCheck check = ParseMember(raw, out, c);
      return check.findings().empty() && !check.normalised() && !check.empty();
    }
    default:
      return Text(raw, c.field->max_length, out);
  }
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
  if (!DateValue(raw, &v.end)) return false;  // an end date, the usual form
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

inline bool Member(std::string_view raw, std::optional<UsageScope>* out,
                   const MemberContext&) {
  std::optional<UsageScope> v = ParseCanonicalUsageScope(raw);
  if (!v) return false;
  *out = v;
  return true;
}

inline bool Member(std::string_view raw, std::optional<DishonestyLevel>* out,
                   const MemberContext&) {
  std::optional<DishonestyLevel> v = ParseCanonicalDishonestyLevel(raw);
  if (!v) return false;
  *out = v;
  return true;
}

inline bool Member(std::string_view raw, std::optional<YesNo>* out,
                   const MemberContext&) {
  std::optional<YesNo> v = ParseCanonicalYesNo(raw);
  if (!v) return false;
  *out = v;
  return true;
}

inline bool Member(std::string_view raw, std::optional<IdTypeValue>* out,
                   const MemberContext&) {
  // "其他-…" carries text of its own: left to the full parser.
  for (IdType t :
       {IdType::kResidentId, IdType::kHouseholdRegister, IdType::kPassport}) {
    if (raw == CanonicalName(t)) {
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
