// The validator's fast paths must never disagree with the full parsers:
// whenever a fast path accepts a cell, the full parser accepts it too, with
// no finding, nothing normalised, and the same value.

#include "validate/fast_parse.h"

#include <cstdio>
#include <cstring>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "creditdata/records.h"
#include "creditdata/schema.h"
#include "gtest/gtest.h"
#include "values/check_characters.h"
#include "values/identifier_fast.h"

namespace creditdata::internal {
namespace {

std::vector<std::string> Candidates() {
  std::vector<std::string> out = {
      // Dates and validity.
      "2024-01-10", "1899-12-31", "1900-01-01", "1900-02-29", "2000-02-29",
      "2100-12-31", "2100-02-29", "2101-01-01", "2024-02-29", "2023-02-29",
      "2024-13-01", "2024-00-10", "2024-01-00", "2024-01-32", "2024-1-01",
      "0000-00-00", "2024/01/10", "20240110", "2024-01-10 ", " 2024-01-10",
      "２０２４-01-10", "长期", "2024-01-10至2025-01-09", "2024-01", "P2Y",
      "P1M", "P30D", "P0Y", "P01Y", "P2", "PY", "P2Y ", "P2y", "2Y",
      "P999999999D", "P1000000000D", "P1.5Y", "P-1Y", "P+1Y", "2年", "P2W",
      // Numbers.
      "0", "00", "01", "0.00", "0.0", "0.5", "1.5", "1.50", "12.30", "12.3",
      "1.2345", "1.23456", "-1.00", "-1", "+1", "1,234.00", "1e3", ".5", "5.",
      "123456789012345", "1234567890123456", "123456789012345.00",
      "999999999999999.99", "1234567890123456.00", "12345678901234567.00",
      "99999999999999.9999", "999999999999999.9999", "100", "100.00", "１００",
      "1.0000", "NULL", "无", "/", "-", "9", "10.1", "0.01", "2147483648",
      // Text.
      "张三", "阿卜杜·热合曼", " 张三", "张三 ", "\u3000张三", "张三\u3000",
      "a\tb", "a\x7f", "a\u0085b", "江阴市自来水有限公司", "A001", "'0123",
      "=\"0123\"", "x", "2024-01至2024-05", "中国电信股份有限公司江阴分公司",
      "\u00a0x", "x\u00a0", "\xef\xbb\xbfx", "a\"b", "a,b", "a\r\nb",
      // Code lists.
      "身份证", "户口簿", "护照", "居民身份证", "其他-军官证", "其他",
      "政务共享", "社会公开", "授权查询", "共享", "一般", "较重", "严重",
      "轻微", "是", "否", "Y", "N", "1"};
  // Long texts around the limits of text(N) fields.
  for (int n : {49, 50, 51, 99, 100, 101, 199, 200, 201, 255, 256, 257}) {
    std::string ascii(n, 'a');
    std::string cjk;
    for (int i = 0; i < n; ++i) cjk += "江";
    out.push_back(ascii);
    out.push_back(cjk);
  }
  // A control character, DEL or a C1 control at every position of texts
  // of 1 to 40 bytes (the scans work in blocks of 8 and 16).
  for (size_t n = 1; n <= 40; ++n) {
    for (size_t at = 0; at < n; ++at) {
      for (std::string_view bad : {"\x01", "\x7f", "\u0085"}) {
        std::string text(n, 'x');
        text.replace(at, 1, bad);
        out.push_back(text);
      }
    }
  }
  // Random dates and fixed-point numbers.
  std::mt19937_64 rng(5);
  for (int i = 0; i < 3000; ++i) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02d",
                  static_cast<int>(1890 + rng() % 230),
                  static_cast<int>(rng() % 14), static_cast<int>(rng() % 33));
    out.push_back(buffer);
    std::string number = std::to_string(rng() % 100000);
    if (rng() % 2) {
      number += ".";
      int digits = static_cast<int>(rng() % 6);
      for (int d = 0; d < digits; ++d) number += char('0' + rng() % 10);
    }
    out.push_back(number);
  }
  return out;
}

template <typename Member>
bool SameMember(const Member& a, const Member& b) {
  return a == b;
}

template <typename Record>
void CheckTable(const std::vector<std::string>& candidates, int* accepted) {
  const TableInfo& table = GetTable(Record::kTableId);
  CheckOptions options;
  options.reference_date = Date::FromYmd(2025, 1, 10);
  Record fast_record{};
  Record full_record{};
  ForEachField(fast_record, [&](int f, auto& fast_member) {
    const FieldInfo& field = table.fields[f];
    MemberContext context{&field, &options, IdType::kResidentId};
    int i = 0;
    ForEachField(full_record, [&](int g, auto& full_member) {
      if constexpr (std::is_same_v<decltype(fast_member),
                                   decltype(full_member)>) {
        if (g != f) return;
        for (const std::string& raw : candidates) {
          ++i;
          if (!fast::Member(raw, &fast_member, context)) continue;
          ++*accepted;
          ValueCheck check = ParseMember(raw, &full_member, context);
          EXPECT_TRUE(check.valid() && check.findings().empty() &&
                      !check.normalised() && !check.empty())
              << table.name << "." << field.id << " '" << raw << "' "
              << (check.findings().empty()
                      ? std::string("normalised or empty")
                      : std::string(FindingCodeName(check.code())));
          EXPECT_TRUE(SameMember(fast_member, full_member))
              << table.name << "." << field.id << " '" << raw << "'";
        }
      }
    });
  });
}

TEST(FastParseTest, AgreesWithTheFullParserOnEveryFieldOfEveryTable) {
  std::vector<std::string> candidates = Candidates();
  int accepted = 0;
#define CD_TABLE(Struct, id, zh) CheckTable<Struct>(candidates, &accepted);
#include "creditdata/tables.def"
  // The fast paths do take the common cells.
  EXPECT_GT(accepted, 10000);
}

// A record the splitter calls plain (io::RecordView::plain) lets text cells
// skip their scan: that must change no verdict. The splitter's definition,
// restated byte by byte, must also be what the scan looks for.
TEST(FastParseTest, PlainRecordsNeedNoScanOfTheirText) {
  int plain_cells = 0;
  for (const std::string& raw : Candidates()) {
    bool plain = true;
    for (char c : raw) {
      auto b = static_cast<unsigned char>(c);
      if (b < 0x20 || b == 0x7F || b == 0xC2) plain = false;
    }
    if (!raw.empty()) {
      EXPECT_EQ(fast::MaybeControlIn(raw.data(), raw.size()), !plain) << raw;
    }
    if (!plain) continue;
    ++plain_cells;
    for (size_t limit : {0, 2, 50, 100, 200}) {
      EXPECT_EQ(fast::TextCanonical(raw, limit, /*plain=*/true),
                fast::TextCanonical(raw, limit, /*plain=*/false))
          << raw << " limit " << limit;
    }
  }
  EXPECT_GT(plain_cells, 1000);
}

TEST(FastParseTest, TakesTheUsualCanonicalCells) {
  CheckOptions options;
  FieldInfo field{};
  field.type = ValueType::kText;
  field.max_length = 50;
  MemberContext context{&field, &options, std::nullopt};
  std::string text;
  EXPECT_TRUE(fast::Member("江阴市自来水有限公司", &text, context));
  EXPECT_FALSE(fast::Member(" 江阴", &text, context));
  EXPECT_FALSE(fast::Member("江阴\u3000", &text, context));
  std::optional<Date> date;
  EXPECT_TRUE(fast::Member("2024-02-29", &date, context));
  EXPECT_EQ(date, Date::FromYmd(2024, 2, 29));
  EXPECT_FALSE(fast::Member("2023-02-29", &date, context));
  std::optional<Money> money;
  field.type = ValueType::kPositiveMoney;
  EXPECT_TRUE(fast::Member("213.50", &money, context));
  EXPECT_EQ(money->fen, 21350);
  EXPECT_FALSE(fast::Member("0.00", &money, context));
  EXPECT_FALSE(fast::Member("213.5", &money, context));
  std::optional<Validity> validity;
  EXPECT_TRUE(fast::Member("P2Y", &validity, context));
  EXPECT_EQ(validity->kind, Validity::Kind::kDuration);
  EXPECT_EQ(validity->amount, 2);
  EXPECT_EQ(validity->unit, Validity::Unit::kYears);
  EXPECT_TRUE(fast::Member("P30D", &validity, context));
  EXPECT_EQ(validity->unit, Validity::Unit::kDays);
  EXPECT_FALSE(fast::Member("P0Y", &validity, context));
  EXPECT_FALSE(fast::Member("P01Y", &validity, context));
}

TEST(FastParseTest, CleanIdNumbersAreWhatCheckIdNumberAccepts) {
  // Bodies around the edges of the birth-date window and the division
  // table, with the right check character, a wrong one, or mangled.
  std::mt19937_64 rng(11);
  const std::vector<std::string> divisions = {"320281", "110101", "320200",
                                              "999999", "000000", "320299"};
  const std::vector<std::string> births = {
      "19900101", "19000101", "18991231", "19040229", "19050229",
      "20000229", "20250110", "20250111", "20240110", "19040110",
      "19040111", "19040109", "19031231", "20991231", "19901301"};
  const Date reference = *Date::FromYmd(2025, 1, 10);
  CheckOptions options;
  options.reference_date = reference;
  int clean = 0;
  for (const std::string& division : divisions) {
    for (const std::string& birth : births) {
      for (int k = 0; k < 20; ++k) {
        std::string body = division + birth + std::to_string(100 + rng() % 900);
        std::string id = body + ResidentIdCheckCharacter(body);
        std::vector<std::string> inputs = {
            id,         body + "0",       body + "X",
            body + "x", id.substr(0, 17), " " + id.substr(1)};
        for (const std::string& input : inputs) {
          for (IdType type :
               {IdType::kResidentId, IdType::kHouseholdRegister}) {
            if (!IdNumberIsClean(input, 20250110)) continue;
            ++clean;
            std::string canonical;
            ValueCheck check = CheckIdNumber(input, type, &canonical, options);
            EXPECT_TRUE(check.findings().empty() && !check.normalised() &&
                        !check.empty())
                << input;
            EXPECT_EQ(canonical, input);
          }
        }
      }
    }
  }
  EXPECT_GT(clean, 400);
  EXPECT_FALSE(IdNumberIsClean("32028119900101123", 20250110));
}

// ---- The SWAR fast paths against plain scalar references. ----

// A copy of a cell in a buffer of exactly its size, as a cell of the read
// buffer: a read past its end is a heap overflow (under ASan or Valgrind).
class ExactCopy {
 public:
  explicit ExactCopy(std::string_view s)
      : bytes_(new char[s.empty() ? 1 : s.size()]), size_(s.size()) {
    if (!s.empty()) std::memcpy(bytes_.get(), s.data(), s.size());
  }
  std::string_view view() const { return {bytes_.get(), size_}; }

 private:
  std::unique_ptr<char[]> bytes_;
  size_t size_;
};

bool ReferenceLeap(int year) {
  return year % 4 == 0 && year != 1900 && year != 2100;
}
int ReferenceMonthLength(int year, int month) {
  static constexpr int kLength[12] = {31, 28, 31, 30, 31, 30,
                                      31, 31, 30, 31, 30, 31};
  return kLength[month - 1] + (month == 2 && ReferenceLeap(year));
}

struct ReferenceDateValue {
  int32_t days;  // since 1970-01-01
  int32_t ymd;
};

// "YYYY-MM-DD" of 1900-2100, counted day by day.
std::optional<ReferenceDateValue> ReferenceDate(std::string_view s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return std::nullopt;
  int digits[10] = {};
  for (int i : {0, 1, 2, 3, 5, 6, 8, 9}) {
    if (s[i] < '0' || s[i] > '9') return std::nullopt;
    digits[i] = s[i] - '0';
  }
  int year = digits[0] * 1000 + digits[1] * 100 + digits[2] * 10 + digits[3];
  int month = digits[5] * 10 + digits[6];
  int day = digits[8] * 10 + digits[9];
  if (year < 1900 || year > 2100 || month < 1 || month > 12 || day < 1 ||
      day > ReferenceMonthLength(year, month)) {
    return std::nullopt;
  }
  int32_t days = -25567;  // 1900-01-01
  for (int y = 1900; y < year; ++y) days += ReferenceLeap(y) ? 366 : 365;
  for (int m = 1; m < month; ++m) days += ReferenceMonthLength(year, m);
  days += day - 1;
  return ReferenceDateValue{days, year * 10000 + month * 100 + day};
}

// Compares fast::DateValue with the reference; true when accepted.
bool CheckDate(std::string_view text) {
  ExactCopy copy(text);
  Date date;
  int32_t ymd = -1;
  bool fast_ok = fast::DateValue(copy.view(), &date, &ymd);
  Date date_only;
  bool fast_ok_without_ymd = fast::DateValue(copy.view(), &date_only);
  std::optional<ReferenceDateValue> reference = ReferenceDate(text);
  EXPECT_EQ(fast_ok, reference.has_value()) << text;
  EXPECT_EQ(fast_ok_without_ymd, fast_ok) << text;
  if (fast_ok && reference) {
    EXPECT_EQ(date.days_since_epoch(), reference->days) << text;
    EXPECT_EQ(date_only, date) << text;
    EXPECT_EQ(ymd, reference->ymd) << text;
  }
  return fast_ok;
}

TEST(FastParseTest, DateValueAgreesWithAReferenceOnEveryDate) {
  // Every canonical YYYY-MM-DD of 1899-12 to 2101-01, with the days 0-32
  // of the months 0-13 (all of them formatted, valid or not).
  int accepted = 0;
  char text[32];
  for (int year = 1899; year <= 2101; ++year) {
    for (int month = 0; month <= 13; ++month) {
      for (int day = 0; day <= 32; ++day) {
        std::snprintf(text, sizeof text, "%04d-%02d-%02d", year, month, day);
        if (!CheckDate(text)) continue;
        ++accepted;
        std::optional<Date> expected = Date::FromYmd(year, month, day);
        Date date;
        ASSERT_TRUE(expected.has_value()) << text;
        ASSERT_TRUE(fast::DateValue(text, &date));
        EXPECT_EQ(date, *expected) << text;
      }
    }
  }
  // 1900-01-01 to 2100-12-31, every day once.
  EXPECT_EQ(accepted, Date::FromYmd(2101, 1, 1)->days_since_epoch() -
                          Date::FromYmd(1900, 1, 1)->days_since_epoch());
  // Years far out of range, month and day numbers up to 99.
  for (int year : {0, 1000, 1800, 1889, 1999, 2024, 2200, 9999}) {
    for (int month = 0; month <= 99; ++month) {
      for (int day : {0, 1, 28, 29, 30, 31, 32, 99}) {
        std::snprintf(text, sizeof text, "%04d-%02d-%02d", year, month, day);
        CheckDate(text);
      }
    }
  }
}

TEST(FastParseTest, DateValueRefusesMalformedDates) {
  const std::vector<std::string> dates = {
      "1900-01-01", "1900-02-28", "1904-02-29", "1999-12-31", "2000-02-29",
      "2024-01-10", "2024-02-29", "2024-11-30", "2099-09-09", "2100-12-31"};
  for (const std::string& date : dates) {
    ASSERT_TRUE(CheckDate(date)) << date;
    // Every byte value at every position: bad digits, wrong separators.
    for (size_t at = 0; at < date.size(); ++at) {
      for (int byte = 0; byte < 256; ++byte) {
        std::string text = date;
        text[at] = static_cast<char>(byte);
        CheckDate(text);
      }
    }
    // Wrong lengths.
    for (size_t n = 0; n < date.size(); ++n) {
      EXPECT_FALSE(CheckDate(date.substr(0, n))) << date;
    }
    EXPECT_FALSE(CheckDate(date + "0"));
    EXPECT_FALSE(CheckDate(" " + date));
    EXPECT_FALSE(CheckDate(date + " "));
  }
  for (const char* text :
       {"2024-01-00", "2024-01-32", "2024-04-31",  "2023-02-29", "1900-02-29",
        "2100-02-29", "2024-00-10", "2024-13-10",  "2024-15-10", "2024-16-01",
        "1899-12-31", "2101-01-01", "2024/01/10",  "2024-01/10", "2024_01-10",
        "2024-1-010", "20240-1-10", "2024-01-1a",  "2o24-01-10", "2024-0１-1",
        "2024.01.10", "+024-01-10", "2024-01-10\n"}) {
    EXPECT_FALSE(CheckDate(text)) << text;
  }
}

bool ReferenceDigits(std::string_view s) {
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

std::optional<int64_t> ReferenceWholeNumber(std::string_view s,
                                            size_t max_digits) {
  if (s.empty() || s.size() > max_digits || !ReferenceDigits(s) ||
      (s.size() > 1 && s[0] == '0')) {
    return std::nullopt;
  }
  int64_t v = 0;
  for (char c : s) v = v * 10 + (c - '0');
  return v;
}

// The whole part up to the first '.', the fraction after it.
std::optional<int64_t> ReferenceFixedPoint(std::string_view s, size_t scale,
                                           bool exact_scale) {
  size_t dot = s.find('.');
  std::string_view whole = s.substr(0, dot);
  std::string_view fraction =
      dot == std::string_view::npos ? std::string_view() : s.substr(dot + 1);
  if (whole.empty() || !ReferenceDigits(whole) || whole.size() > 18 - scale ||
      (whole.size() > 1 && whole[0] == '0')) {
    return std::nullopt;
  }
  if (dot == std::string_view::npos) {
    if (exact_scale) return std::nullopt;
  } else if (fraction.empty() || !ReferenceDigits(fraction) ||
             fraction.size() > scale ||
             (exact_scale && fraction.size() != scale) ||
             (!exact_scale && fraction.back() == '0')) {
    return std::nullopt;
  }
  int64_t v = 0;
  for (char c : whole) v = v * 10 + (c - '0');
  for (char c : fraction) v = v * 10 + (c - '0');
  for (size_t i = fraction.size(); i < scale; ++i) v *= 10;
  return v;
}

// Compares the number fast paths with the references; counts acceptances.
void CheckNumber(std::string_view text, int* accepted) {
  ExactCopy copy(text);
  for (size_t max_digits : {9, 15, 18}) {
    int64_t v = -1;
    bool ok = fast::WholeNumber(copy.view(), &v, max_digits);
    std::optional<int64_t> reference = ReferenceWholeNumber(text, max_digits);
    EXPECT_EQ(ok, reference.has_value()) << text << " max " << max_digits;
    if (ok && reference) {
      EXPECT_EQ(v, *reference) << text;
    }
    *accepted += ok;
  }
  for (int scale : {2, 4}) {
    for (bool exact : {true, false}) {
      int64_t v = -1;
      bool ok = fast::FixedPoint(copy.view(), scale, exact, &v);
      std::optional<int64_t> reference =
          ReferenceFixedPoint(text, static_cast<size_t>(scale), exact);
      EXPECT_EQ(ok, reference.has_value())
          << text << " scale " << scale << (exact ? " exact" : " shortest");
      if (ok && reference) {
        EXPECT_EQ(v, *reference) << text;
      }
      *accepted += ok;
    }
  }
}

TEST(FastParseTest, NumbersAgreeWithAReferenceOnShortStrings) {
  constexpr std::string_view kAlphabet = "0123456789.";
  int accepted = 0;
  // Every string of 1-5 bytes over the alphabet.
  for (size_t n = 1; n <= 5; ++n) {
    std::vector<size_t> index(n, 0);
    std::string text(n, kAlphabet[0]);
    while (true) {
      for (size_t i = 0; i < n; ++i) text[i] = kAlphabet[index[i]];
      CheckNumber(text, &accepted);
      size_t i = 0;
      while (i < n && ++index[i] == kAlphabet.size()) index[i++] = 0;
      if (i == n) break;
    }
  }
  EXPECT_GT(accepted, 100000);
  // 200,000 random ones of 6-9 bytes, most of them digits.
  std::mt19937_64 rng(17);
  accepted = 0;
  for (int k = 0; k < 200000; ++k) {
    std::string text(6 + rng() % 4, '0');
    for (char& c : text) {
      c = kAlphabet[rng() % 4 == 0 ? rng() % kAlphabet.size() : rng() % 10];
    }
    CheckNumber(text, &accepted);
  }
  EXPECT_GT(accepted, 100000);
}

TEST(FastParseTest, NumbersAgreeWithAReferenceOnLongAndOddStrings) {
  constexpr std::string_view kAlphabet = "0123456789.";
  // Other bytes, next to the digits and far from them.
  constexpr std::string_view kOdd = "/:-+ ,eE\x1e\x7f\x80\xae\xb0\xff";
  std::mt19937_64 rng(23);
  int accepted = 0;
  for (int k = 0; k < 100000; ++k) {
    std::string text(1 + rng() % 20, '0');
    for (char& c : text) {
      c = kAlphabet[rng() % 8 == 0 ? rng() % kAlphabet.size() : rng() % 10];
    }
    if (rng() % 2 == 0) text[0] = static_cast<char>('1' + rng() % 9);
    if (rng() % 4 == 0) text[rng() % text.size()] = kOdd[rng() % kOdd.size()];
    CheckNumber(text, &accepted);
  }
  EXPECT_GT(accepted, 50000);
  for (const char* text : {"",
                           "0",
                           "00",
                           "01",
                           "0.5",
                           "0.50",
                           "0.05",
                           "00.5",
                           ".5",
                           "5.",
                           "5..",
                           "1.2.3",
                           "12345678",
                           "123456789",
                           "1234567.",
                           "1234567.8",
                           ".1234567",
                           "1234.5678",
                           "1234.56789",
                           "999999999999999",
                           "9999999999999999",
                           "99999999999999999",
                           "999999999999999999",
                           "9999999999999999999",
                           "99999999999999.9999",
                           "999999999999999.99",
                           "100000000",
                           "10000000"}) {
    CheckNumber(text, &accepted);
  }
}

}  // namespace
}  // namespace creditdata::internal
