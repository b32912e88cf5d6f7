// Canonical forms of the value types: exact parse and format, nothing
// lenient (that is check.cc's job).

#include "creditdata/values.h"

#include <array>
#include <charconv>
#include <chrono>
#include <cstdint>

#include "values/text_check.h"

namespace creditdata {
namespace {

namespace chr = std::chrono;

chr::year_month_day Civil(Date d) {
  return chr::year_month_day(chr::sys_days(chr::days(d.days_since_epoch())));
}

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// Parses exactly `n` ASCII digits at the start of `s`.
bool FixedDigits(std::string_view s, size_t n, int64_t* out) {
  if (s.size() < n) return false;
  int64_t v = 0;
  for (size_t i = 0; i < n; ++i) {
    if (!IsDigit(s[i])) return false;
    v = v * 10 + (s[i] - '0');
  }
  *out = v;
  return true;
}

// Parses a non-empty run of digits without leading '+'/'-'.
bool AllDigits(std::string_view s, int64_t* out) {
  if (s.empty() || s.size() > 18) return false;
  return FixedDigits(s, s.size(), out);
}

char* PutDigits(char* out, int64_t v, int width) {
  for (int i = width - 1; i >= 0; --i) {
    out[i] = static_cast<char>('0' + v % 10);
    v /= 10;
  }
  return out + width;
}

// Writes integer `whole` and `scale`-digit fraction `frac`, dropping trailing
// fraction zeros when `trim` is set.
std::string FixedPoint(int64_t value, int scale, bool trim) {
  std::string out;
  uint64_t magnitude = value < 0 ? 0 - static_cast<uint64_t>(value)
                                 : static_cast<uint64_t>(value);
  if (value < 0) out.push_back('-');
  uint64_t divisor = 1;
  for (int i = 0; i < scale; ++i) divisor *= 10;
  out += std::to_string(magnitude / divisor);
  uint64_t frac = magnitude % divisor;
  if (scale == 0) return out;
  std::string digits(static_cast<size_t>(scale), '0');
  for (int i = scale - 1; i >= 0; --i) {
    digits[static_cast<size_t>(i)] = static_cast<char>('0' + frac % 10);
    frac /= 10;
  }
  if (trim) {
    while (!digits.empty() && digits.back() == '0') digits.pop_back();
  }
  if (!digits.empty()) out.append(".").append(digits);
  return out;
}

// Parses "[-]digits[.digits]" with at most `scale` fraction digits into an
// integer scaled by 10^scale; `require_scale` demands exactly that many.
bool ParseFixedPoint(std::string_view s, int scale, bool allow_negative,
                     bool require_scale, int64_t* out) {
  bool negative = false;
  if (!s.empty() && s.front() == '-') {
    if (!allow_negative) return false;
    negative = true;
    s.remove_prefix(1);
  }
  size_t dot = s.find('.');
  std::string_view whole = s.substr(0, dot);
  std::string_view frac =
      dot == std::string_view::npos ? std::string_view() : s.substr(dot + 1);
  if (dot != std::string_view::npos && frac.empty()) return false;
  if (static_cast<int>(frac.size()) > scale) return false;
  if (require_scale && static_cast<int>(frac.size()) != scale) return false;
  if (whole.size() > 1 && whole.front() == '0') return false;  // not canonical
  int64_t w = 0;
  int64_t f = 0;
  if (!AllDigits(whole, &w)) return false;
  if (!frac.empty() && !AllDigits(frac, &f)) return false;
  if (!require_scale && !frac.empty() && frac.back() == '0') return false;
  for (size_t i = frac.size(); i < static_cast<size_t>(scale); ++i) f *= 10;
  int64_t multiplier = 1;
  for (int i = 0; i < scale; ++i) multiplier *= 10;
  if (w > (INT64_MAX - f) / multiplier) return false;
  int64_t v = w * multiplier + f;
  *out = negative ? -v : v;
  return !(negative && v == 0);
}

}  // namespace

bool IsLeapYear(int year) {
  return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

int DaysInMonth(int year, int month) {
  static constexpr std::array<int, 12> kDays = {31, 28, 31, 30, 31, 30,
                                                31, 31, 30, 31, 30, 31};
  if (month < 1 || month > 12) return 0;
  return month == 2 && IsLeapYear(year) ? 29 : kDays[month - 1];
}

std::optional<Date> Date::FromYmd(int year, int month, int day) {
  if (year < 1 || year > 9999 || month < 1 || month > 12 || day < 1 ||
      day > DaysInMonth(year, month)) {
    return std::nullopt;
  }
  chr::sys_days days{chr::year{year} /
                     chr::month{static_cast<unsigned>(month)} /
                     chr::day{static_cast<unsigned>(day)}};
  return FromDays(static_cast<int32_t>(days.time_since_epoch().count()));
}

std::optional<Date> Date::ParseCanonical(std::string_view text) {
  // The hot path of every date cell: digits checked and read without
  // loops, the day count by the days-from-civil arithmetic (proleptic
  // Gregorian, years shifted to start in March so that the leap day ends
  // the year). std::chrono agrees on every day (tested).
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') {
    return std::nullopt;
  }
  const auto* p = reinterpret_cast<const unsigned char*>(text.data());
  unsigned d[8] = {p[0] - 48u, p[1] - 48u, p[2] - 48u, p[3] - 48u,
                   p[5] - 48u, p[6] - 48u, p[8] - 48u, p[9] - 48u};
  unsigned any_bad = 0;
  for (unsigned v : d) any_bad |= v > 9;
  if (any_bad != 0) return std::nullopt;
  int year = static_cast<int>(d[0] * 1000 + d[1] * 100 + d[2] * 10 + d[3]);
  int month = static_cast<int>(d[4] * 10 + d[5]);
  int day = static_cast<int>(d[6] * 10 + d[7]);
  if (year < 1 || month < 1 || month > 12 || day < 1 ||
      day > DaysInMonth(year, month)) {
    return std::nullopt;
  }
  int y = year - (month <= 2);
  int era = y / 400;  // y >= 0
  int year_of_era = y - era * 400;
  int day_of_year =
      (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
  int day_of_era =
      year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
  return FromDays(era * 146097 + day_of_era - 719468);
}

int Date::year() const { return static_cast<int>(Civil(*this).year()); }
int Date::month() const {
  return static_cast<int>(static_cast<unsigned>(Civil(*this).month()));
}
int Date::day() const {
  return static_cast<int>(static_cast<unsigned>(Civil(*this).day()));
}

char* Date::Format(char* out) const {
  chr::year_month_day ymd = Civil(*this);
  out = PutDigits(out, static_cast<int>(ymd.year()), 4);
  *out++ = '-';
  out = PutDigits(out, static_cast<unsigned>(ymd.month()), 2);
  *out++ = '-';
  return PutDigits(out, static_cast<unsigned>(ymd.day()), 2);
}

std::string Date::Format() const {
  char buffer[10];
  return std::string(buffer, Format(buffer));
}

std::optional<Month> Month::FromYm(int year, int month) {
  if (year < 1 || year > 9999 || month < 1 || month > 12) return std::nullopt;
  Month m;
  m.index_ = year * 12 + (month - 1);
  return m;
}

Month Month::Of(Date date) {
  chr::year_month_day ymd = Civil(date);
  return *FromYm(static_cast<int>(ymd.year()),
                 static_cast<int>(static_cast<unsigned>(ymd.month())));
}

std::optional<Month> Month::ParseCanonical(std::string_view text) {
  int64_t y, m;
  if (text.size() != 7 || text[4] != '-' || !FixedDigits(text, 4, &y) ||
      !FixedDigits(text.substr(5), 2, &m)) {
    return std::nullopt;
  }
  return FromYm(static_cast<int>(y), static_cast<int>(m));
}

Date Month::FirstDay() const { return *Date::FromYmd(year(), month(), 1); }
Date Month::LastDay() const {
  return *Date::FromYmd(year(), month(), DaysInMonth(year(), month()));
}

char* Month::Format(char* out) const {
  out = PutDigits(out, year(), 4);
  *out++ = '-';
  return PutDigits(out, month(), 2);
}

std::string Month::Format() const {
  char buffer[7];
  return std::string(buffer, Format(buffer));
}

std::optional<MonthOrDay> MonthOrDay::ParseCanonical(std::string_view text) {
  if (auto d = Date::ParseCanonical(text)) return OfDay(*d);
  if (auto m = Month::ParseCanonical(text)) return OfMonth(*m);
  return std::nullopt;
}

std::string MonthOrDay::Format() const {
  return kind == Kind::kDay ? day.Format() : month.Format();
}

int Compare(const MonthOrDay& a, const MonthOrDay& b) {
  if (a.kind == MonthOrDay::Kind::kDay && b.kind == MonthOrDay::Kind::kDay) {
    return a.day < b.day ? -1 : (b.day < a.day ? 1 : 0);
  }
  return a.month < b.month ? -1 : (b.month < a.month ? 1 : 0);
}

namespace {
constexpr std::string_view kIndefinite = "长期";
}

std::optional<Validity> Validity::ParseCanonical(std::string_view text) {
  Validity v;
  if (text == kIndefinite) {
    v.kind = Kind::kIndefinite;
    return v;
  }
  if (text.size() >= 3 && text.front() == 'P') {
    int64_t amount;
    char unit = text.back();
    if (!AllDigits(text.substr(1, text.size() - 2), &amount) ||
        amount > INT32_MAX || amount == 0 || text[1] == '0') {
      return std::nullopt;
    }
    v.kind = Kind::kDuration;
    v.amount = static_cast<int32_t>(amount);
    if (unit == 'Y') {
      v.unit = Unit::kYears;
    } else if (unit == 'M') {
      v.unit = Unit::kMonths;
    } else if (unit == 'D') {
      v.unit = Unit::kDays;
    } else {
      return std::nullopt;
    }
    return v;
  }
  if (text.size() == 21 && text[10] == '/') {
    auto start = Date::ParseCanonical(text.substr(0, 10));
    auto end = Date::ParseCanonical(text.substr(11));
    if (!start || !end) return std::nullopt;
    v.kind = Kind::kRange;
    v.start = *start;
    v.end = *end;
    return v;
  }
  auto end = Date::ParseCanonical(text);
  if (!end) return std::nullopt;
  v.kind = Kind::kEndDate;
  v.end = *end;
  return v;
}

std::string Validity::Format() const {
  switch (kind) {
    case Kind::kEndDate:
      return end.Format();
    case Kind::kRange: {
      char buffer[21];
      char* p = start.Format(buffer);
      *p++ = '/';
      return std::string(buffer, end.Format(p));
    }
    case Kind::kDuration: {
      std::string out = "P";
      out += std::to_string(amount);
      out += unit == Unit::kYears ? 'Y' : unit == Unit::kMonths ? 'M' : 'D';
      return out;
    }
    case Kind::kIndefinite:
      return std::string(kIndefinite);
  }
  return "";
}

std::optional<Money> Money::ParseCanonical(std::string_view text) {
  int64_t fen;
  if (!ParseFixedPoint(text, 2, /*allow_negative=*/true,
                       /*require_scale=*/true, &fen)) {
    return std::nullopt;
  }
  return Money{fen};
}

std::string Money::Format() const { return FixedPoint(fen, 2, false); }

std::optional<Quantity> Quantity::ParseCanonical(std::string_view text) {
  int64_t units;
  if (!ParseFixedPoint(text, 4, /*allow_negative=*/false,
                       /*require_scale=*/false, &units)) {
    return std::nullopt;
  }
  return Quantity{units};
}

std::string Quantity::Format() const { return FixedPoint(units, 4, true); }

std::optional<Rate> Rate::ParseCanonical(std::string_view text) {
  if (text.empty() || text.back() != '%') return std::nullopt;
  int64_t bp;
  if (!ParseFixedPoint(text.substr(0, text.size() - 1), 2,
                       /*allow_negative=*/false, /*require_scale=*/false,
                       &bp) ||
      bp > INT32_MAX) {
    return std::nullopt;
  }
  return Rate{static_cast<int32_t>(bp)};
}

std::string Rate::Format() const {
  return FixedPoint(basis_points, 2, true) + "%";
}

std::optional<Count> Count::ParseCanonical(std::string_view text) {
  int64_t v;
  if (!AllDigits(text, &v) || (text.size() > 1 && text.front() == '0')) {
    return std::nullopt;
  }
  return Count{v};
}

std::string Count::Format() const { return std::to_string(value); }

namespace {

constexpr std::array<std::string_view, 8> kIdTypeNames = {
    "身份证",
    "户口簿",
    "港澳台居民居住证",
    "外国人永久居留身份证",
    "护照",
    "港澳居民来往内地通行证",
    "台湾居民来往大陆通行证",
    "其他"};
constexpr std::string_view kOtherPrefix = "其他-";

template <typename Enum, size_t N>
std::optional<Enum> FindName(const std::array<std::string_view, N>& names,
                             std::string_view text) {
  for (size_t i = 0; i < N; ++i) {
    if (internal::SameBytes(names[i], text)) {
      return static_cast<Enum>(i);
    }
  }
  return std::nullopt;
}

constexpr std::array<std::string_view, 2> kYesNoNames = {"否", "是"};
constexpr std::array<std::string_view, 3> kUsageScopeNames = {
    "社会公开", "政务共享", "授权查询"};
constexpr std::array<std::string_view, 3> kLevelNames = {"一般", "较重",
                                                         "严重"};

}  // namespace

std::optional<IdTypeValue> IdTypeValue::ParseCanonical(std::string_view text) {
  if (text.starts_with(kOtherPrefix) && text.size() > kOtherPrefix.size()) {
    return IdTypeValue{IdType::kOther,
                       std::string(text.substr(kOtherPrefix.size()))};
  }
  auto type = FindName<IdType>(kIdTypeNames, text);
  if (!type || *type == IdType::kOther) return std::nullopt;
  return IdTypeValue{*type, ""};
}

std::string IdTypeValue::Format() const {
  if (type == IdType::kOther) return std::string(kOtherPrefix) + detail;
  return std::string(CanonicalName(type));
}

std::string_view CanonicalName(IdType value) {
  return kIdTypeNames[static_cast<size_t>(value)];
}
std::string_view CanonicalName(YesNo value) {
  return kYesNoNames[static_cast<size_t>(value)];
}
std::string_view CanonicalName(UsageScope value) {
  return kUsageScopeNames[static_cast<size_t>(value)];
}
std::string_view CanonicalName(DishonestyLevel value) {
  return kLevelNames[static_cast<size_t>(value)];
}
std::optional<YesNo> ParseCanonicalYesNo(std::string_view text) {
  return FindName<YesNo>(kYesNoNames, text);
}
std::optional<UsageScope> ParseCanonicalUsageScope(std::string_view text) {
  return FindName<UsageScope>(kUsageScopeNames, text);
}
std::optional<DishonestyLevel> ParseCanonicalDishonestyLevel(
    std::string_view text) {
  return FindName<DishonestyLevel>(kLevelNames, text);
}

}  // namespace creditdata
