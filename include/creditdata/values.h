// Value types of the annex tables: calendar dates and months, money in fen,
// fixed-point quantities and rates, counts and the closed code lists.
//
// Each type stores its value exactly (no floating point anywhere) and has a
// canonical text form, written by Format() and read back by ParseCanonical().
// ParseCanonical accepts only the canonical form; the lenient parsers that
// accept what departments actually send live in check.h.
//
// All types are small, trivially copyable (except those holding text) and
// immutable once built. Thread safety: no shared state.

#ifndef CREDITDATA_VALUES_H_
#define CREDITDATA_VALUES_H_

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace creditdata {

// A civil (proleptic Gregorian) calendar day, stored as days since
// 1970-01-01. Years 0001-9999 are representable.
class Date {
 public:
  constexpr Date() = default;
  static constexpr Date FromDays(int32_t days_since_epoch) {
    Date d;
    d.days_ = days_since_epoch;
    return d;
  }
  // nullopt unless year/month/day name a real day in years 1..9999.
  static std::optional<Date> FromYmd(int year, int month, int day);
  // Accepts exactly "YYYY-MM-DD".
  static std::optional<Date> ParseCanonical(std::string_view text);

  constexpr int32_t days_since_epoch() const { return days_; }
  int year() const;
  int month() const;  // 1..12
  int day() const;    // 1..31
  // "YYYY-MM-DD"; Format(char*) writes exactly 10 bytes and returns the end.
  std::string Format() const;
  char* Format(char* out) const;

  friend constexpr auto operator<=>(Date, Date) = default;

 private:
  int32_t days_ = 0;
};

bool IsLeapYear(int year);
int DaysInMonth(int year, int month);

// A calendar month, stored as year * 12 + (month - 1).
class Month {
 public:
  constexpr Month() = default;
  static std::optional<Month> FromYm(int year, int month);
  static Month Of(Date date);
  // Accepts exactly "YYYY-MM".
  static std::optional<Month> ParseCanonical(std::string_view text);

  constexpr int32_t index() const { return index_; }
  int year() const { return index_ / 12; }
  int month() const { return index_ % 12 + 1; }
  Date FirstDay() const;
  Date LastDay() const;
  std::string Format() const;     // "YYYY-MM"
  char* Format(char* out) const;  // writes 7 bytes

  friend constexpr auto operator<=>(Month, Month) = default;

 private:
  int32_t index_ = 0;
};

// A column that holds either a month or a day (计量开始月或日). Ordering is at
// the coarser granularity when the kinds differ, so 2021-03 and 2021-03-15
// compare equal.
struct MonthOrDay {
  enum class Kind : uint8_t { kMonth, kDay };
  Kind kind = Kind::kMonth;
  Month month;  // Always set: the month of `day` when kind == kDay.
  Date day;     // Meaningful only when kind == kDay.

  static MonthOrDay OfMonth(Month m) { return {Kind::kMonth, m, m.FirstDay()}; }
  static MonthOrDay OfDay(Date d) { return {Kind::kDay, Month::Of(d), d}; }
  static std::optional<MonthOrDay> ParseCanonical(std::string_view text);
  std::string Format() const;
  // <0, 0, >0 like strcmp, at the coarser granularity of the two.
  friend int Compare(const MonthOrDay& a, const MonthOrDay& b);
  friend bool operator==(const MonthOrDay& a, const MonthOrDay& b) {
    return a.kind == b.kind && a.month == b.month &&
           (a.kind == Kind::kMonth || a.day == b.day);
  }
};

// 失信行为有效期 / 有效期限: an end date, a range, a duration or open-ended.
struct Validity {
  enum class Kind : uint8_t { kEndDate, kRange, kDuration, kIndefinite };
  enum class Unit : uint8_t { kYears, kMonths, kDays };
  Kind kind = Kind::kEndDate;
  Date start;          // kRange only
  Date end;            // kEndDate and kRange
  int32_t amount = 0;  // kDuration only
  Unit unit = Unit::kYears;

  // "YYYY-MM-DD", "YYYY-MM-DD/YYYY-MM-DD", "P<n>Y|M|D" or "长期".
  static std::optional<Validity> ParseCanonical(std::string_view text);
  std::string Format() const;
  friend bool operator==(const Validity&, const Validity&) = default;
};

// An amount of yuan held as integer fen. Canonical "1234.50", "-15.00".
struct Money {
  int64_t fen = 0;
  static std::optional<Money> ParseCanonical(std::string_view text);
  std::string Format() const;
  friend constexpr auto operator<=>(Money, Money) = default;
};

// A non-negative quantity with 4 decimal places, held as ten-thousandths.
// Canonical form is the shortest exact decimal: "12.5", "3".
struct Quantity {
  static constexpr int64_t kScale = 10000;
  int64_t units = 0;
  static std::optional<Quantity> ParseCanonical(std::string_view text);
  std::string Format() const;
  friend constexpr auto operator<=>(Quantity, Quantity) = default;
};

// A percentage held in hundredths of a percent (basis points): 12% == 1200.
// Canonical "12%", "12.5%", "7.25%".
struct Rate {
  int32_t basis_points = 0;
  static std::optional<Rate> ParseCanonical(std::string_view text);
  std::string Format() const;
  friend constexpr auto operator<=>(Rate, Rate) = default;
};

// A non-negative whole number.
struct Count {
  int64_t value = 0;
  static std::optional<Count> ParseCanonical(std::string_view text);
  std::string Format() const;
  friend constexpr auto operator<=>(Count, Count) = default;
};

enum class YesNo : uint8_t { kNo = 0, kYes = 1 };

// 证件类型. kOther keeps the concrete type in IdTypeValue::detail.
enum class IdType : uint8_t {
  kResidentId,                // 身份证 (GB 11643)
  kHouseholdRegister,         // 户口簿, numbered like the resident ID
  kResidencePermit,           // 港澳台居民居住证 (81/82/83 prefix)
  kForeignPermanentResident,  // 外国人永久居留身份证
  kPassport,                  // 护照
  kHkMacaoTravelPermit,       // 港澳居民来往内地通行证
  kTaiwanTravelPermit,        // 台湾居民来往大陆通行证
  kOther,                     // 其他-…
};

struct IdTypeValue {
  IdType type = IdType::kResidentId;
  std::string detail;  // Only for kOther: the text after "其他-".
  // The list's canonical name, e.g. "身份证", or "其他-军官证".
  static std::optional<IdTypeValue> ParseCanonical(std::string_view text);
  std::string Format() const;
  friend bool operator==(const IdTypeValue&, const IdTypeValue&) = default;
};

// 信息使用范围.
enum class UsageScope : uint8_t {
  kPublic,
  kGovernmentSharing,
  kAuthorizedQuery
};
// 失信严重程度.
enum class DishonestyLevel : uint8_t { kGeneral, kSerious, kSevere };

// Canonical names of the code lists ("是", "社会公开", "一般", "身份证").
std::string_view CanonicalName(YesNo value);
std::string_view CanonicalName(UsageScope value);
std::string_view CanonicalName(DishonestyLevel value);
std::string_view CanonicalName(IdType value);
// Exact canonical names only; synonyms are the lenient parsers' business.
std::optional<YesNo> ParseCanonicalYesNo(std::string_view text);
std::optional<UsageScope> ParseCanonicalUsageScope(std::string_view text);
std::optional<DishonestyLevel> ParseCanonicalDishonestyLevel(
    std::string_view text);

}  // namespace creditdata

#endif  // CREDITDATA_VALUES_H_
