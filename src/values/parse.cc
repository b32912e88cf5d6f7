// The lenient value parsers of check.h: dates, months, validity periods,
// money, quantities, rates, counts, the closed code lists and free text.
//
// Every parser reads the cell through internal::Fold() (STANDARDS.md §8.3:
// trim incl. U+3000, full width to half width, dashes to '-', spreadsheet
// wrappers) and then scans the folded bytes by hand: no allocation, no
// exceptions, no floating point and no regular expressions. A cell longer
// than Folded::kCapacity bytes after folding is rejected with the type's
// format code; bytes that are not UTF-8 give encoding.invalid.
//
// "Normalised", precisely: a valid, non-empty value is normalised when the
// input text differs, byte for byte, from the canonical text of the parsed
// value (TABLES.md, column "canonical"). So `2021-03-26` is not normalised
// but `2021-3-26`, `2021/3/26`, `20210326`, ` 2021-03-26`, `２０２１-03-26`
// are; so are money `1234.5` (canonical `1234.50`), rate `12` (`12%`),
// yes/no `Y` (`是`) and month `202103` (`2021-03`). An empty value is
// never normalised. The rule is simple to state and to test: feeding the
// canonical output back in gives the same value and normalised() == false.
// (Dates, months and numbers decide it from the layout they scanned, which
// is equivalent and saves writing the canonical text; the other types
// compare against the canonical text. The tests check the equivalence on
// random input.) Date, month, money and rate first try the type's own
// ParseCanonical: text that already is canonical costs little more than
// that strict parse.
//
// Decisions where the spec leaves room (tests in tests/parse_test.cc):
// - Placeholders. In date, month, month_or_day, validity, money, quantity,
//   rate and count cells, `无`, `/`, `-`, `--`, `NULL` and `N/A` (and in the
//   date-like cells an all-zero date such as `0000-00-00` or `00000000`)
//   are field.placeholder warnings and count as empty. A `-` in a money
//   cell is how accounting formats show zero; it is still not read as 0.
// - Excel serials. DateFromExcelSerial rejects serial 0 ("1900-01-00") and
//   60 (the phantom 1900-02-29) as date.invalid rather than guessing. In a
//   text cell of a date-like column a bare 5-digit number is read as a
//   serial (with date.excel_serial) only when it falls in 2000-01-01 ..
//   2050-01-01 (STANDARDS.md §7.3 heuristic); otherwise it is a format
//   error. ParseDate honours options.excel_1904; the other parsers take no
//   options and assume the 1900 system.
// - Months. A full date whose day is 01 (also as a serial) is that month
//   with month.from_date; any other full date is month.full_date. The
//   vector `2021-3-1` of STANDARDS.md §7.2 therefore ends up valid with the
//   warning, as the "day-01 fallback" it refers to says.
// - Validity. `长期`, `永久`, `长期有效`, `永久有效` are kIndefinite; so is a
//   bare end date 2099-12-31, the long-term sentinel of the national
//   templates (normalised, no warning). Inside a range 2099-12-31 stays a
//   date. Ranges are `date SEP date` with SEP one of 至 到 ~ / - (full-width
//   and dash forms fold to ~ and -). Durations `N年`, `N个月`, `N天` and the
//   canonical `PnY`, `PnM`, `PnD` need N >= 1.
// - Numbers. Digits beyond the allowed decimals are accepted when they are
//   all zero (`1234.5000`, a DECIMAL(18,4) export, is exactly 1234.50);
//   a non-zero one is the precision error. Thousands separators must be
//   well formed (`1,234,567.8`; `1,23` is a format error); they warn only
//   for money. Spaces inside a number, accounting parentheses `(15.00)` and
//   any unit other than 元 are not read. `-0` is zero, not negative.
// - Rate. `12%` is a percentage; a bare number below 1 is a fraction
//   (`0.12` = 12%), a bare number of 1 or more a percentage, so `1` is 1%
//   (TABLES.md and the brief; STANDARDS.md §6.9 says "≤ 1", which would
//   make `1` mean 100%).
// - Text. Control characters (C0, DEL, C1) are text.control_char, except
//   TAB, CR and LF inside the text: STANDARDS.md §8.2 expects line breaks
//   in quoted cells (许可内容, 欠缴账期), and TABLES.md's "no control
//   characters" is read as "nothing invisible that is not white space".
//   U+FFFD passes: the reader reports the undecodable bytes it replaced,
//   with their position, and a second finding here would repeat it.

#include <simdjson.h>

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

#include "creditdata/check.h"
#include "text/utf8.h"
#include "values/normalize.h"
#include "values/text_check.h"

namespace creditdata {
namespace {

using internal::Fold;
using internal::Folded;

constexpr std::string_view kNian = "年";
constexpr std::string_view kYue = "月";
constexpr std::string_view kRi = "日";

// Days since 1970-01-01 of the dates the serial arithmetic needs.
// 1900 system: serial n is 1899-12-31 + n below 60, 1899-12-30 + n above.
constexpr int32_t kDay18991230 = -25569;
constexpr int32_t kDay18991231 = -25568;
constexpr int32_t kDay19040101 = -24107;     // 1904 system: serial 0
constexpr int64_t kMaxSerial1900 = 2958465;  // 9999-12-31
constexpr int64_t kMaxSerial1904 = 2957003;  // 9999-12-31
// The window in which a bare 5-digit number in a date cell is a serial.
constexpr int32_t kSerialWindowFirst = 10957;  // 2000-01-01
constexpr int32_t kSerialWindowLast = 29220;   // 2050-01-01
// 2099-12-31, the "long-term" sentinel of the national templates.
constexpr int32_t kLongTermSentinel = 47481;

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

bool EqualsIgnoreAsciiCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    char x = a[i];
    char y = b[i];
    if (x >= 'a' && x <= 'z') x = static_cast<char>(x - 'a' + 'A');
    if (y >= 'a' && y <= 'z') y = static_cast<char>(y - 'a' + 'A');
    if (x != y) return false;
  }
  return true;
}

std::string_view TrimAsciiSpaces(std::string_view s) {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  return s;
}

// A cursor over folded text.
class Scanner {
 public:
  explicit Scanner(std::string_view s) : s_(s) {}
  bool done() const { return pos_ >= s_.size(); }
  std::string_view rest() const { return s_.substr(pos_); }
  bool Peek(char c) const { return pos_ < s_.size() && s_[pos_] == c; }
  bool Eat(char c) {
    if (!Peek(c)) return false;
    ++pos_;
    return true;
  }
  bool Eat(std::string_view token) {
    if (!rest().starts_with(token)) return false;
    pos_ += token.size();
    return true;
  }
  size_t SkipSpaces() {
    size_t start = pos_;
    while (Peek(' ')) ++pos_;
    return pos_ - start;
  }
  // Reads a run of ASCII digits and returns its length; `value` receives
  // the number made of its first 18 digits.
  size_t Digits(int64_t* value) {
    size_t start = pos_;
    int64_t v = 0;
    while (pos_ < s_.size() && IsDigit(s_[pos_])) {
      if (pos_ - start < 18) v = v * 10 + (s_[pos_] - '0');
      ++pos_;
    }
    *value = v;
    return pos_ - start;
  }

 private:
  std::string_view s_;
  size_t pos_ = 0;
};

// ---- Common start and end of every parser. ----

enum class Blanks : uint8_t { kNone, kNumber, kCalendar };

// `无`, `/`, `-`, `--`, `NULL`, `N/A`: a cell that says "nothing here".
bool IsNullWord(std::string_view s) {
  return s == "无" || s == "/" || s == "-" || s == "--" ||
         EqualsIgnoreAsciiCase(s, "NULL") || EqualsIgnoreAsciiCase(s, "N/A");
}

// An all-zero date or month such as `0000-00-00`, `00000000 00:00:00`.
bool IsZeroDate(std::string_view s) {
  int zeros = 0;
  for (char c : s) {
    if (c == '0') {
      ++zeros;
    } else if (c != '-' && c != '/' && c != '.' && c != ':' && c != ' ') {
      return false;
    }
  }
  return zeros >= 6 && s.front() == '0';
}

// Printable ASCII without a space at either end and without a spreadsheet
// wrapper: text that Fold(…, kFoldNone) would return unchanged.
bool IsPlainAscii(std::string_view s) {
  if (s.empty() || s.size() > Folded::kCapacity || s.front() == ' ' ||
      s.back() == ' ' || s.front() == '\'' || s.front() == '=') {
    return false;
  }
  for (char c : s) {
    if (c < 0x20 || c > 0x7E) return false;
  }
  return true;
}

// A Folded left unset (default-initialised: `Folded()` would zero its
// buffer, which costs as much as short parses).
Folded Unfolded() {
  Folded unset;
  return unset;
}

// The folded text of a cell. Folding copies into a buffer, so the common
// case of plain ASCII that folding would not change is used in place.
class Cell {
 public:
  Cell(std::string_view input, uint8_t flags)
      : in_place_(flags == internal::kFoldNone && IsPlainAscii(input)),
        folded_(in_place_ ? Unfolded() : Fold(input, flags)),
        text_(in_place_ ? input : folded_.view()),
        invalid_utf8_(!in_place_ && folded_.had_invalid_utf8()),
        overflow_(!in_place_ && folded_.overflow()) {}
  Cell(const Cell&) = delete;
  Cell& operator=(const Cell&) = delete;

  std::string_view text() const { return text_; }
  // text() is the input itself: folding had nothing to change.
  bool in_place() const { return in_place_; }
  bool invalid_utf8() const { return invalid_utf8_; }
  bool overflow() const { return overflow_; }

 private:
  bool in_place_;
  Folded folded_;  // built in place (no copy) only when needed
  std::string_view text_;
  bool invalid_utf8_;
  bool overflow_;
};

// Shared first steps: encoding, emptiness, length, placeholders. Returns
// false when `check` already holds the answer.
bool Start(const Cell& cell, FindingCode format_code, Blanks blanks,
           ValueCheck* check) {
  if (cell.invalid_utf8()) {
    check->Add(FindingCode::kEncodingInvalid);
    return false;
  }
  std::string_view s = cell.text();
  if (s.empty()) {
    check->set_empty();
    return false;
  }
  if (cell.overflow()) {
    check->Add(format_code);
    return false;
  }
  if (blanks != Blanks::kNone &&
      (IsNullWord(s) || (blanks == Blanks::kCalendar && IsZeroDate(s)))) {
    check->Add(FindingCode::kPlaceholder);
    check->set_empty();
    return false;
  }
  return true;
}

void MarkNormalised(std::string_view input, std::string_view canonical,
                    ValueCheck* check) {
  if (input != canonical) check->set_normalised();
}

// Writes magnitude / 10^scale with `scale` fraction digits (the shortest
// exact form when `trim`) exactly like the types' Format(); returns the
// length. `out` needs 24 bytes.
size_t FormatFixed(bool negative, uint64_t magnitude, int scale, bool trim,
                   char* out) {
  char digits[24];  // least significant first
  int n = 0;
  do {
    digits[n++] = static_cast<char>('0' + magnitude % 10);
    magnitude /= 10;
  } while (magnitude != 0 || n <= scale);
  size_t length = 0;
  if (negative) out[length++] = '-';
  for (int i = n - 1; i >= scale; --i) out[length++] = digits[i];
  int drop = 0;
  if (trim) {
    while (drop < scale && digits[drop] == '0') ++drop;
  }
  if (drop < scale) {
    out[length++] = '.';
    for (int i = scale - 1; i >= drop; --i) out[length++] = digits[i];
  }
  return length;
}

// ---- Dates and months. ----

// The shape of a date-like cell, before any calendar check.
struct Calendar {
  enum class Kind : uint8_t { kError, kMonth, kDay, kSerial };
  Kind kind = Kind::kError;
  FindingCode error = FindingCode::kDateFormat;  // when kind == kError
  int64_t year = 0;  // or the serial number when kind == kSerial
  int64_t month = 0;
  int64_t day = 0;
  // Laid out exactly like the canonical text: YYYY-MM-DD or YYYY-MM.
  bool canonical_layout = false;
};

// Reads a time of day "H:MM[:SS[.fff]]": kOk when it is midnight,
// kDateTime when it is another time, kDateFormat when it is not a time.
FindingCode ScanTime(Scanner* sc) {
  int64_t v;
  bool nonzero = false;
  size_t n = sc->Digits(&v);
  if (n < 1 || n > 2) return FindingCode::kDateFormat;
  nonzero |= v != 0;
  if (!sc->Eat(':') || sc->Digits(&v) != 2) return FindingCode::kDateFormat;
  nonzero |= v != 0;
  if (sc->Eat(':')) {
    if (sc->Digits(&v) != 2) return FindingCode::kDateFormat;
    nonzero |= v != 0;
    if (sc->Eat('.')) {
      n = sc->Digits(&v);
      if (n < 1 || n > 9) return FindingCode::kDateFormat;
      nonzero |= v != 0;
    }
  }
  if (!sc->done()) return FindingCode::kDateFormat;
  return nonzero ? FindingCode::kDateTime : FindingCode::kOk;
}

// Recognises YYYYMMDD, YYYYMM, a 5-digit serial, Y-M-D, Y/M/D, Y.M.D,
// Y年M月D日 (month and day of 1 or 2 digits), Y-M, Y/M, Y.M, Y年M月, and a
// full date followed by a time of day.
Calendar ScanCalendar(std::string_view s) {
  using Kind = Calendar::Kind;
  Calendar r;
  Scanner sc(s);
  int64_t a;
  size_t na = sc.Digits(&a);
  if (na == 0) return r;
  if (sc.done()) {
    if (na == 8) {
      r.kind = Kind::kDay;
      r.year = a / 10000;
      r.month = a / 100 % 100;
      r.day = a % 100;
    } else if (na == 6) {
      r.kind = Kind::kMonth;
      r.year = a / 100;
      r.month = a % 100;
    } else if (na == 5) {
      r.kind = Kind::kSerial;
      r.year = a;
    }
    return r;
  }
  Kind kind = Kind::kError;
  int64_t m = 0;
  int64_t d = 0;
  if (na == 8 && (sc.Peek(' ') || sc.Peek('T'))) {
    kind = Kind::kDay;  // compact date with a time of day
    m = a / 100 % 100;
    d = a % 100;
    a /= 10000;
    na = 4;
  } else {
    bool cjk = false;
    char separator = 0;
    if (sc.Eat(kNian)) {
      cjk = true;
    } else if (sc.Eat('-')) {
      separator = '-';
    } else if (sc.Eat('/')) {
      separator = '/';
    } else if (sc.Eat('.')) {
      separator = '.';
    } else {
      return r;
    }
    size_t nm = sc.Digits(&m);
    if (nm < 1 || nm > 2) return r;
    if (cjk && !sc.Eat(kYue)) return r;
    if (sc.done()) {
      kind = Kind::kMonth;
      r.canonical_layout = separator == '-' && nm == 2;
    } else {
      if (!cjk && !sc.Eat(separator)) return r;
      size_t nd = sc.Digits(&d);
      if (nd < 1 || nd > 2) return r;
      if (cjk && !sc.Eat(kRi)) return r;
      kind = Kind::kDay;
      r.canonical_layout = separator == '-' && nm == 2 && nd == 2;
    }
  }
  if (!sc.done()) {
    if (kind != Kind::kDay) return r;
    r.canonical_layout = false;
    if (sc.SkipSpaces() == 0 && !sc.Eat('T')) return r;
    FindingCode time = ScanTime(&sc);
    if (time != FindingCode::kOk) {
      r.error = time;
      return r;
    }
  }
  if (na != 4) {
    if (na == 2) r.error = FindingCode::kDateTwoDigitYear;
    return r;
  }
  r.kind = kind;
  r.year = a;
  r.month = m;
  r.day = d;
  return r;
}

std::optional<Date> DayOf(const Calendar& c) {
  return Date::FromYmd(static_cast<int>(c.year), static_cast<int>(c.month),
                       static_cast<int>(c.day));
}

bool SerialToDate(int64_t n, bool excel_1904, Date* out) {
  if (excel_1904) {
    if (n < 0 || n > kMaxSerial1904) return false;
    *out = Date::FromDays(kDay19040101 + static_cast<int32_t>(n));
    return true;
  }
  if (n < 1 || n == 60 || n > kMaxSerial1900) return false;
  *out = Date::FromDays(static_cast<int32_t>(n) +
                        (n < 60 ? kDay18991231 : kDay18991230));
  return true;
}

// A bare 5-digit number read as a serial, only inside the plausible window.
bool WindowedSerial(int64_t n, bool excel_1904, Date* out) {
  return SerialToDate(n, excel_1904, out) &&
         out->days_since_epoch() >= kSerialWindowFirst &&
         out->days_since_epoch() <= kSerialWindowLast;
}

void CheckYear(int year, ValueCheck* check) {
  if (year < 1900 || year > 2100) check->Add(FindingCode::kDateYearRange);
}

// The year of canonical date text, "YYYY-…".
int YearOf(std::string_view canonical) {
  return (canonical[0] - '0') * 1000 + (canonical[1] - '0') * 100 +
         (canonical[2] - '0') * 10 + (canonical[3] - '0');
}

// A parsed date with its civil fields, and whether the text it came from
// was laid out as YYYY-MM-DD (then, the date being valid, that text is the
// canonical text, and not normalised if it is the input itself).
struct Day {
  Date date;
  int year = 0;
  int month = 0;
  int day = 0;
  bool canonical_layout = false;
};

// `in_place`: the scanned text is the input itself, not a folded copy.
void FinishDate(bool in_place, const Day& day, Date* out, ValueCheck* check) {
  CheckYear(day.year, check);
  *out = day.date;
  if (!(in_place && day.canonical_layout)) check->set_normalised();
}

void FinishMonth(bool in_place, const Calendar& cal, Month month, Month* out,
                 ValueCheck* check) {
  CheckYear(month.year(), check);
  *out = month;
  if (!(in_place && cal.kind == Calendar::Kind::kMonth &&
        cal.canonical_layout)) {
    check->set_normalised();
  }
}

// Reads a date cell (any Calendar kind except kMonth) into `day`.
bool CalendarToDay(const Calendar& cal, bool excel_1904, Day* day,
                   ValueCheck* check) {
  Date date;
  switch (cal.kind) {
    case Calendar::Kind::kError:
      check->Add(cal.error);
      return false;
    case Calendar::Kind::kMonth:
      check->Add(FindingCode::kDateFormat);
      return false;
    case Calendar::Kind::kSerial:
      if (!WindowedSerial(cal.year, excel_1904, &date)) {
        check->Add(FindingCode::kDateFormat);
        return false;
      }
      check->Add(FindingCode::kDateExcelSerial);
      *day = {date, date.year(), date.month(), date.day(), false};
      return true;
    case Calendar::Kind::kDay:
      if (auto d = DayOf(cal)) {
        *day = {*d, static_cast<int>(cal.year), static_cast<int>(cal.month),
                static_cast<int>(cal.day), cal.canonical_layout};
        return true;
      }
      check->Add(FindingCode::kDateInvalid);
      return false;
  }
  return false;
}

}  // namespace

ValueCheck ParseDate(std::string_view input, Date* out,
                     const CheckOptions& options) {
  ValueCheck check;
  // Fast path: text that already is canonical (the types' own parser).
  if (input.size() == 10 && input[4] == '-') {
    if (auto d = Date::ParseCanonical(input)) {
      CheckYear(YearOf(input), &check);
      *out = *d;
      return check;
    }
  }
  Cell cell(input, internal::kFoldNone);
  if (!Start(cell, FindingCode::kDateFormat, Blanks::kCalendar, &check)) {
    return check;
  }
  Day day;
  if (CalendarToDay(ScanCalendar(cell.text()), options.excel_1904, &day,
                    &check)) {
    FinishDate(cell.in_place(), day, out, &check);
  }
  return check;
}

ValueCheck DateFromExcelSerial(std::string_view serial, Date* out,
                               const CheckOptions& options) {
  ValueCheck check;
  Cell cell(serial, internal::kFoldNone);
  if (!Start(cell, FindingCode::kDateFormat, Blanks::kNone, &check)) {
    return check;
  }
  Scanner sc(cell.text());
  int64_t n;
  size_t digits = sc.Digits(&n);
  if (digits == 0) {
    check.Add(FindingCode::kDateFormat);
    return check;
  }
  if (sc.Eat('.')) {
    // The fraction is a time of day: only midnight may be dropped.
    bool nonzero = false;
    while (!sc.done() && IsDigit(sc.rest().front())) {
      nonzero |= sc.rest().front() != '0';
      sc.Eat(sc.rest().front());
    }
    if (sc.done() && nonzero) {
      check.Add(FindingCode::kDateTime);
      return check;
    }
  }
  if (!sc.done()) {
    check.Add(FindingCode::kDateFormat);
    return check;
  }
  Date date;
  if (digits > 9 || !SerialToDate(n, options.excel_1904, &date)) {
    check.Add(FindingCode::kDateInvalid);
    return check;
  }
  check.Add(FindingCode::kDateExcelSerial);
  FinishDate(false, {date, date.year(), 0, 0, false}, out, &check);
  return check;
}

ValueCheck ParseMonth(std::string_view input, Month* out) {
  ValueCheck check;
  if (input.size() == 7 && input[4] == '-') {  // fast path, as ParseDate
    if (auto m = Month::ParseCanonical(input)) {
      CheckYear(m->year(), &check);
      *out = *m;
      return check;
    }
  }
  Cell cell(input, internal::kFoldNone);
  if (!Start(cell, FindingCode::kMonthFormat, Blanks::kCalendar, &check)) {
    return check;
  }
  Calendar cal = ScanCalendar(cell.text());
  switch (cal.kind) {
    case Calendar::Kind::kError:
      check.Add(cal.error == FindingCode::kDateFormat
                    ? FindingCode::kMonthFormat
                    : cal.error);
      return check;
    case Calendar::Kind::kMonth:
      if (auto m = Month::FromYm(static_cast<int>(cal.year),
                                 static_cast<int>(cal.month))) {
        FinishMonth(cell.in_place(), cal, *m, out, &check);
      } else {
        check.Add(FindingCode::kMonthInvalid);
      }
      return check;
    case Calendar::Kind::kSerial:
    case Calendar::Kind::kDay:
      break;
  }
  Day day;
  if (!CalendarToDay(cal, false, &day, &check)) {
    if (cal.kind == Calendar::Kind::kSerial) {
      check = ValueCheck();
      check.Add(FindingCode::kMonthFormat);
    }
    return check;
  }
  // The day-01 fallback (STANDARDS.md §7.2).
  if (day.day != 1) {
    check.Add(FindingCode::kMonthFullDate);
    return check;
  }
  check.Add(FindingCode::kMonthFromDate);
  FinishMonth(false, cal, *Month::FromYm(day.year, day.month), out, &check);
  return check;
}

ValueCheck ParseMonthOrDay(std::string_view input, MonthOrDay* out) {
  ValueCheck check;
  Cell cell(input, internal::kFoldNone);
  if (!Start(cell, FindingCode::kDateFormat, Blanks::kCalendar, &check)) {
    return check;
  }
  Calendar cal = ScanCalendar(cell.text());
  if (cal.kind == Calendar::Kind::kMonth) {
    Month month;
    if (auto m = Month::FromYm(static_cast<int>(cal.year),
                               static_cast<int>(cal.month))) {
      FinishMonth(cell.in_place(), cal, *m, &month, &check);
      *out = MonthOrDay::OfMonth(month);
    } else {
      check.Add(FindingCode::kMonthInvalid);
    }
    return check;
  }
  Day day;
  if (CalendarToDay(cal, false, &day, &check)) {
    Date date;
    FinishDate(cell.in_place(), day, &date, &check);
    *out = MonthOrDay::OfDay(date);
  }
  return check;
}

// ---- Validity. ----

namespace {

// "3年", "6个月", "30天" or the canonical "P3Y", "P6M", "P30D". Returns
// false when `s` is not shaped like a duration; a zero amount is
// validity.format.
bool ScanDuration(std::string_view s, Validity* v, ValueCheck* check) {
  Scanner sc(s);
  bool iso = sc.Eat('P');
  int64_t amount;
  size_t digits = sc.Digits(&amount);
  if (digits == 0) return false;
  sc.SkipSpaces();
  Validity::Unit unit;
  if (iso ? sc.Eat('Y') : sc.Eat(std::string_view("年"))) {
    unit = Validity::Unit::kYears;
  } else if (iso ? sc.Eat('M') : sc.Eat(std::string_view("个月"))) {
    unit = Validity::Unit::kMonths;
  } else if (iso ? sc.Eat('D') : sc.Eat(std::string_view("天"))) {
    unit = Validity::Unit::kDays;
  } else {
    return false;
  }
  if (!sc.done()) return false;
  if (digits > 9 || amount == 0) {
    check->Add(FindingCode::kValidityFormat);
    return true;
  }
  v->kind = Validity::Kind::kDuration;
  v->amount = static_cast<int32_t>(amount);
  v->unit = unit;
  return true;
}

// `date SEP date`. Returns false when no separator splits `s` into two
// full dates; otherwise fills `v` or adds the error to `check`.
bool ScanRange(std::string_view s, Validity* v, ValueCheck* check) {
  static constexpr std::string_view kSeparators[] = {"至", "到", "~", "/", "-"};
  for (std::string_view separator : kSeparators) {
    for (size_t pos = s.find(separator); pos != std::string_view::npos;
         pos = s.find(separator, pos + separator.size())) {
      Calendar start = ScanCalendar(TrimAsciiSpaces(s.substr(0, pos)));
      if (start.kind != Calendar::Kind::kDay) continue;
      Calendar end =
          ScanCalendar(TrimAsciiSpaces(s.substr(pos + separator.size())));
      if (end.kind != Calendar::Kind::kDay) continue;
      auto start_day = DayOf(start);
      auto end_day = DayOf(end);
      if (!start_day || !end_day) {
        check->Add(FindingCode::kDateInvalid);
      } else if (*end_day < *start_day) {
        check->Add(FindingCode::kValidityRange);
      } else {
        CheckYear(start_day->year(), check);
        CheckYear(end_day->year(), check);
        v->kind = Validity::Kind::kRange;
        v->start = *start_day;
        v->end = *end_day;
      }
      return true;
    }
  }
  return false;
}

bool IsIndefiniteWord(std::string_view s) {
  return s == "长期" || s == "永久" || s == "长期有效" || s == "永久有效";
}

}  // namespace

ValueCheck ParseValidity(std::string_view input, Validity* out) {
  ValueCheck check;
  Cell cell(input, internal::kFoldNone);
  if (!Start(cell, FindingCode::kValidityFormat, Blanks::kCalendar, &check)) {
    return check;
  }
  std::string_view s = cell.text();
  Validity v;
  if (IsIndefiniteWord(s)) {
    v.kind = Validity::Kind::kIndefinite;
  } else if (ScanDuration(s, &v, &check)) {
    if (!check.valid()) return check;
  } else {
    Calendar cal = ScanCalendar(s);
    if (cal.kind == Calendar::Kind::kDay ||
        cal.kind == Calendar::Kind::kSerial) {
      Day end;
      if (!CalendarToDay(cal, false, &end, &check)) return check;
      if (end.date == Date::FromDays(kLongTermSentinel)) {
        v.kind = Validity::Kind::kIndefinite;
      } else {
        CheckYear(end.year, &check);
        v.kind = Validity::Kind::kEndDate;
        v.end = end.date;
      }
    } else if (!ScanRange(s, &v, &check)) {
      check.Add(cal.kind == Calendar::Kind::kError &&
                        cal.error != FindingCode::kDateFormat
                    ? cal.error
                    : FindingCode::kValidityFormat);
      return check;
    } else if (!check.valid()) {
      return check;
    }
  }
  *out = v;
  // The canonical text, formatted without allocating.
  char buffer[32];
  size_t length = 0;
  switch (v.kind) {
    case Validity::Kind::kEndDate:
      length = static_cast<size_t>(v.end.Format(buffer) - buffer);
      break;
    case Validity::Kind::kRange: {
      char* p = v.start.Format(buffer);
      *p++ = '/';
      length = static_cast<size_t>(v.end.Format(p) - buffer);
      break;
    }
    case Validity::Kind::kDuration:
      buffer[0] = 'P';
      length = 1 + FormatFixed(false, static_cast<uint64_t>(v.amount), 0, false,
                               buffer + 1);
      buffer[length++] = v.unit == Validity::Unit::kYears    ? 'Y'
                         : v.unit == Validity::Unit::kMonths ? 'M'
                                                             : 'D';
      break;
    case Validity::Kind::kIndefinite:
      MarkNormalised(input, "长期", &check);
      return check;
  }
  MarkNormalised(input, std::string_view(buffer, length), &check);
  return check;
}

// ---- Numbers. ----

namespace {

// A decimal number scaled to an integer of 10^-scale units.
struct Number {
  enum class Status : uint8_t {
    kOk,
    kFormat,
    kPrecision,
    kScientific,
    kOverflow
  };
  Status status = Status::kFormat;
  bool negative = false;
  bool grouped = false;  // had well-formed thousands separators
  uint64_t magnitude = 0;
  // The text is exactly what FormatFixed(negative && magnitude != 0,
  // magnitude, scale, trim) writes back: with trim == false
  // (`canonical_fixed`) or trim == true (`canonical_trimmed`).
  bool canonical_fixed = false;
  bool canonical_trimmed = false;
};

// Reads `[+-]digits[,ddd…][.digits][E[+-]digits]` (all of `s`) into a
// number of 10^-scale units not above `limit`. Fraction digits beyond
// `scale` must be zeros.
Number ScanNumber(std::string_view s, int scale, uint64_t limit) {
  Number n;
  size_t i = 0;
  bool plus = false;
  if (i < s.size() && (s[i] == '-' || s[i] == '+')) {
    n.negative = s[i] == '-';
    plus = s[i] == '+';
    ++i;
  }
  const bool leading_zero = i < s.size() && s[i] == '0';
  uint64_t v = 0;
  bool overflow = false;
  auto push = [&](int digit) {
    if (overflow) return;
    if (v > (limit - static_cast<uint64_t>(digit)) / 10) {
      overflow = true;
    } else {
      v = v * 10 + static_cast<uint64_t>(digit);
    }
  };
  size_t whole_digits = 0;
  size_t group = 0;  // digits since the last separator
  bool grouped = false;
  for (; i < s.size(); ++i) {
    if (IsDigit(s[i])) {
      ++whole_digits;
      ++group;
      push(s[i] - '0');
    } else if (s[i] == ',') {
      // The first group has 1-3 digits, every later one exactly 3.
      if (group == 0 || group > 3 || (grouped && group != 3)) return n;
      grouped = true;
      group = 0;
    } else {
      break;
    }
  }
  if (grouped && group != 3) return n;
  size_t fraction_digits = 0;
  bool precision = false;
  const bool dot = i < s.size() && s[i] == '.';
  if (dot) {
    for (++i; i < s.size() && IsDigit(s[i]); ++i) {
      if (static_cast<int>(++fraction_digits) <= scale) {
        push(s[i] - '0');
      } else if (s[i] != '0') {
        precision = true;
      }
    }
  }
  if (whole_digits + fraction_digits == 0) return n;
  for (size_t k = fraction_digits; static_cast<int>(k) < scale; ++k) push(0);
  if (i < s.size() && (s[i] == 'E' || s[i] == 'e')) {
    ++i;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
    size_t exponent_digits = 0;
    while (i < s.size() && IsDigit(s[i])) ++i, ++exponent_digits;
    if (exponent_digits > 0 && i == s.size()) {
      n.status = Number::Status::kScientific;
    }
    return n;
  }
  if (i != s.size()) return n;
  n.grouped = grouped;
  n.magnitude = v;
  const bool plain = !plus && !grouped && whole_digits >= 1 &&
                     (whole_digits == 1 || !leading_zero) &&
                     !(n.negative && v == 0);
  n.canonical_fixed =
      plain &&
      (scale == 0 ? !dot : fraction_digits == static_cast<size_t>(scale));
  n.canonical_trimmed =
      plain &&
      (fraction_digits == 0
           ? !dot
           : fraction_digits <= static_cast<size_t>(scale) && s[i - 1] != '0');
  n.status = overflow    ? Number::Status::kOverflow
             : precision ? Number::Status::kPrecision
                         : Number::Status::kOk;
  return n;
}

constexpr uint64_t kInt64Max = static_cast<uint64_t>(INT64_MAX);

bool IsNumberByte(char c) {
  return IsDigit(c) || c == ',' || c == '.' || c == '+' || c == '-' ||
         c == 'E' || c == 'e';
}

}  // namespace

ValueCheck ParseMoney(std::string_view input, Money* out) {
  ValueCheck check;
  if (auto m = Money::ParseCanonical(input)) {  // fast path, as ParseDate
    if (m->fen < 0) check.Add(FindingCode::kMoneyNegative);
    *out = *m;
    return check;
  }
  Cell cell(input, internal::kFoldNone);
  if (!Start(cell, FindingCode::kMoneyFormat, Blanks::kNumber, &check)) {
    return check;
  }
  Scanner sc(cell.text());
  // A sign may stand before the currency sign: "-¥15.00".
  bool outer_negative = false;
  bool outer_sign = false;
  std::string_view rest = sc.rest();
  if ((rest.starts_with('-') || rest.starts_with('+'))) {
    Scanner after(rest.substr(1));
    after.SkipSpaces();
    if (after.rest().starts_with("¥") || after.rest().starts_with("￥")) {
      outer_sign = true;
      outer_negative = rest.front() == '-';
      sc = after;
    }
  }
  if (sc.Eat(std::string_view("¥")) || sc.Eat(std::string_view("￥")) ||
      sc.Eat(std::string_view("人民币")) || sc.Eat(std::string_view("RMB")) ||
      sc.Eat(std::string_view("CNY"))) {
    sc.SkipSpaces();
  }
  std::string_view body = sc.rest();
  size_t k = 0;
  while (k < body.size() && IsNumberByte(body[k])) ++k;
  std::string_view number = TrimAsciiSpaces(body.substr(0, k));
  std::string_view unit = TrimAsciiSpaces(body.substr(k));
  if (!unit.empty() && unit != "元" && unit != "元整") {
    check.Add(!number.empty() && static_cast<unsigned char>(unit[0]) >= 0x80
                  ? FindingCode::kMoneyUnit
                  : FindingCode::kMoneyFormat);
    return check;
  }
  Number n = ScanNumber(number, 2, kInt64Max);
  if (outer_sign && (number.starts_with('-') || number.starts_with('+'))) {
    n.status = Number::Status::kFormat;
  }
  switch (n.status) {
    case Number::Status::kOk:
      break;
    case Number::Status::kFormat:
      check.Add(FindingCode::kMoneyFormat);
      return check;
    case Number::Status::kPrecision:
      check.Add(FindingCode::kMoneyPrecision);
      return check;
    case Number::Status::kScientific:
      check.Add(FindingCode::kMoneyScientific);
      return check;
    case Number::Status::kOverflow:
      check.Add(FindingCode::kMoneyOverflow);
      return check;
  }
  bool negative = (n.negative || outer_negative) && n.magnitude != 0;
  if (negative) check.Add(FindingCode::kMoneyNegative);
  if (n.grouped) check.Add(FindingCode::kMoneyGrouping);
  out->fen = negative ? -static_cast<int64_t>(n.magnitude)
                      : static_cast<int64_t>(n.magnitude);
  // Canonical: the input is the bare number written as Money::Format does.
  if (!(cell.in_place() && number.size() == cell.text().size() &&
        n.canonical_fixed)) {
    check.set_normalised();
  }
  return check;
}

ValueCheck ParseQuantity(std::string_view input, Quantity* out) {
  ValueCheck check;
  Cell cell(input, internal::kFoldNone);
  if (!Start(cell, FindingCode::kQuantityFormat, Blanks::kNumber, &check)) {
    return check;
  }
  Number n = ScanNumber(cell.text(), 4, kInt64Max);
  if (n.status == Number::Status::kPrecision) {
    check.Add(FindingCode::kQuantityPrecision);
  } else if (n.status != Number::Status::kOk) {
    check.Add(FindingCode::kQuantityFormat);
  } else if (n.negative && n.magnitude != 0) {
    check.Add(FindingCode::kQuantityNegative);
  }
  if (!check.valid()) return check;
  out->units = static_cast<int64_t>(n.magnitude);
  if (!(cell.in_place() && n.canonical_trimmed)) check.set_normalised();
  return check;
}

ValueCheck ParseRate(std::string_view input, Rate* out) {
  ValueCheck check;
  if (auto r = Rate::ParseCanonical(input)) {  // fast path, as ParseDate
    if (r->basis_points > 0 && r->basis_points <= 10000) {
      *out = *r;
      return check;
    }
  }
  Cell cell(input, internal::kFoldNone);
  if (!Start(cell, FindingCode::kRateFormat, Blanks::kNumber, &check)) {
    return check;
  }
  std::string_view s = cell.text();
  bool percent = s.ends_with('%');
  if (percent) s = TrimAsciiSpaces(s.substr(0, s.size() - 1));
  // In hundredths of a percent when `percent`, else ten-thousandths.
  Number n = ScanNumber(s, percent ? 2 : 4, 1'000'000'000'000);
  if (n.grouped) n.status = Number::Status::kFormat;
  uint64_t bp = n.magnitude;
  if (n.status == Number::Status::kOk && !percent && bp >= 10000) {
    // A bare number of 1 or more is a percentage.
    if (bp % 100 != 0) n.status = Number::Status::kPrecision;
    bp /= 100;
  }
  switch (n.status) {
    case Number::Status::kOk:
      break;
    case Number::Status::kFormat:
    case Number::Status::kScientific:
      check.Add(FindingCode::kRateFormat);
      return check;
    case Number::Status::kPrecision:
      check.Add(FindingCode::kRatePrecision);
      return check;
    case Number::Status::kOverflow:
      check.Add(FindingCode::kRateRange);
      return check;
  }
  if (n.negative || bp == 0 || bp > 10000) {
    check.Add(FindingCode::kRateRange);
    return check;
  }
  out->basis_points = static_cast<int32_t>(bp);
  // Canonical: "12.5%", the number written as Rate::Format does, no space.
  if (!(cell.in_place() && percent && s.size() + 1 == cell.text().size() &&
        n.canonical_trimmed)) {
    check.set_normalised();
  }
  return check;
}

ValueCheck ParseCount(std::string_view input, Count* out) {
  ValueCheck check;
  Cell cell(input, internal::kFoldNone);
  if (!Start(cell, FindingCode::kCountFormat, Blanks::kNumber, &check)) {
    return check;
  }
  Number n = ScanNumber(cell.text(), 0, kInt64Max);
  if (n.status != Number::Status::kOk || (n.negative && n.magnitude != 0)) {
    check.Add(FindingCode::kCountFormat);
    return check;
  }
  out->value = static_cast<int64_t>(n.magnitude);
  if (!(cell.in_place() && n.canonical_fixed)) check.set_normalised();
  return check;
}

// ---- Code lists. ----

ValueCheck ParseYesNo(std::string_view input, YesNo* out) {
  ValueCheck check;
  // Canonical input needs no folding.
  if (auto v = ParseCanonicalYesNo(input)) {
    *out = *v;
    return check;
  }
  Cell cell(input, internal::kFoldDropSpaces | internal::kFoldUpperCase);
  if (!Start(cell, FindingCode::kYesNoUnknown, Blanks::kNone, &check)) {
    return check;
  }
  std::string_view s = cell.text();
  if (s == "是" || s == "Y" || s == "YES" || s == "1" || s == "TRUE") {
    *out = YesNo::kYes;
  } else if (s == "否" || s == "N" || s == "NO" || s == "0" || s == "FALSE") {
    *out = YesNo::kNo;
  } else {
    check.Add(FindingCode::kYesNoUnknown);
    return check;
  }
  MarkNormalised(input, CanonicalName(*out), &check);
  return check;
}

ValueCheck ParseUsageScope(std::string_view input, UsageScope* out) {
  ValueCheck check;
  if (auto v = ParseCanonicalUsageScope(input)) {
    *out = *v;
    return check;
  }
  Cell cell(input, internal::kFoldDropSpaces);
  if (!Start(cell, FindingCode::kUsageScopeUnknown, Blanks::kNone, &check)) {
    return check;
  }
  std::string_view s = cell.text();
  if (auto scope = ParseCanonicalUsageScope(s)) {
    *out = *scope;
  } else if (s == "公开" || s == "向社会公开") {
    *out = UsageScope::kPublic;
    check.Add(FindingCode::kUsageScopeSynonym);
  } else if (s == "共享") {
    *out = UsageScope::kGovernmentSharing;
    check.Add(FindingCode::kUsageScopeSynonym);
  } else if (s == "依申请查询") {
    *out = UsageScope::kAuthorizedQuery;
    check.Add(FindingCode::kUsageScopeSynonym);
  } else {
    check.Add(FindingCode::kUsageScopeUnknown);
    return check;
  }
  MarkNormalised(input, CanonicalName(*out), &check);
  return check;
}

ValueCheck ParseDishonestyLevel(std::string_view input, DishonestyLevel* out) {
  ValueCheck check;
  if (auto v = ParseCanonicalDishonestyLevel(input)) {
    *out = *v;
    return check;
  }
  Cell cell(input, internal::kFoldDropSpaces);
  if (!Start(cell, FindingCode::kSeverityUnknown, Blanks::kNone, &check)) {
    return check;
  }
  std::string_view s = cell.text();
  // "严重失信", "严重失信行为" → "严重".
  for (std::string_view suffix :
       {std::string_view("失信行为"), std::string_view("失信")}) {
    if (s.size() > suffix.size() && s.ends_with(suffix)) {
      s.remove_suffix(suffix.size());
      break;
    }
  }
  if (auto level = ParseCanonicalDishonestyLevel(s)) {
    *out = *level;
  } else if (s == "轻微") {
    *out = DishonestyLevel::kGeneral;
    check.Add(FindingCode::kSeverityMild);
  } else {
    check.Add(FindingCode::kSeverityUnknown);
    return check;
  }
  MarkNormalised(input, CanonicalName(*out), &check);
  return check;
}

// ---- Text. ----

ValueCheck CheckText(std::string_view input, size_t max_length,
                     std::string* canonical) {
  if (!simdjson::validate_utf8(input.data(), input.size())) {
    canonical->clear();
    ValueCheck check;
    check.Add(FindingCode::kEncodingInvalid);
    return check;
  }
  return internal::CheckValidUtf8Text(input, max_length, canonical);
}

ValueCheck internal::CheckValidUtf8Text(std::string_view input,
                                        size_t max_length,
                                        std::string* canonical) {
  ValueCheck check;
  std::string_view trimmed = internal::TrimSpace(input);
  if (trimmed.empty()) {
    canonical->clear();
    check.set_empty();
    return check;
  }
  // The text is valid UTF-8, so bytes suffice: every byte that is not a
  // continuation byte starts a code point, and C1 controls are C2 80-9F.
  // Eight bytes at a time while no byte may be a control.
  const auto* p = reinterpret_cast<const unsigned char*>(trimmed.data());
  const size_t n = trimmed.size();
  size_t continuations = 0;
  size_t i = 0;
  bool exact = false;
  for (; i + 8 <= n; i += 8) {
    uint64_t w = internal::Load8(trimmed.data() + i);
    if (internal::MaybeControl(w)) {
      exact = true;
      break;
    }
    continuations += internal::Continuations(w);
  }
  if (!exact && i < n && n >= 8) {
    // The last bytes, by one load that ends at the end: the lanes already
    // counted are shifted out and replaced by 'A's.
    uint64_t w = internal::Load8(trimmed.data() + n - 8);
    int fresh = static_cast<int>(n - i);
    w >>= 8 * (8 - fresh);
    w |= (internal::kEveryByte * 'A') << (8 * fresh);
    if (internal::MaybeControl(w)) {
      exact = true;
    } else {
      continuations += internal::Continuations(w);
      i = n;
    }
  }
  bool control = false;
  for (; i < n; ++i) {
    unsigned char b = p[i];
    continuations += (b & 0xC0) == 0x80;
    if (b < 0x20) {
      control |= b != '\t' && b != '\n' && b != '\r';
    } else if (b == 0x7F) {
      control = true;
    } else if (b == 0xC2 && i + 1 < n && p[i + 1] <= 0x9F) {
      control = true;
    }
  }
  if (control) check.Add(FindingCode::kTextControlChar);
  if (max_length != 0 && n - continuations > max_length) {
    check.Add(FindingCode::kTextTooLong);
  }
  if (!check.valid()) return check;
  canonical->assign(trimmed);
  // Trimming is the only change text undergoes.
  if (trimmed.size() != input.size()) check.set_normalised();
  return check;
}

}  // namespace creditdata
