// The lenient value parsers (src/values/parse.cc): the vector tables of
// STANDARDS.md read from the file itself, Excel serial reference points,
// round trips, one input per finding code, and random bytes.

#include <algorithm>
#include <cstdint>
#include <fstream>
#include <functional>
#include <map>
#include <optional>
#include <random>
#include <sstream>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "creditdata/check.h"
#include "creditdata/findings.h"
#include "creditdata/values.h"
#include "gtest/gtest.h"

namespace creditdata {
namespace {

bool Has(const ValueCheck& check, FindingCode code) {
  auto f = check.findings();
  return std::find(f.begin(), f.end(), code) != f.end();
}

std::string Describe(const ValueCheck& check) {
  std::string out = "[";
  for (FindingCode code : check.findings()) {
    out += std::string(FindingCodeName(code)) + " ";
  }
  out += check.normalised() ? "normalised " : "";
  out += check.empty() ? "empty" : "";
  return out + "]";
}

// ---- The vector tables of STANDARDS.md. ----

std::string ReadSpec(const std::string& name) {
  std::ifstream in(std::string(CREDITDATA_SPEC_DIR) + "/" + name);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

std::string Trim(std::string s) {
  size_t b = s.find_first_not_of(' ');
  size_t e = s.find_last_not_of(' ');
  return b == std::string::npos ? "" : s.substr(b, e - b + 1);
}

// The data rows of the markdown table between `<!-- vectors:NAME -->` and
// `<!-- /vectors -->`, each split into trimmed cells.
std::vector<std::vector<std::string>> ReadVectors(const std::string& name) {
  std::string doc = ReadSpec("STANDARDS.md");
  std::string open = "<!-- vectors:" + name + " -->";
  size_t begin = doc.find(open);
  size_t end = doc.find("<!-- /vectors -->", begin);
  std::vector<std::vector<std::string>> rows;
  if (begin == std::string::npos || end == std::string::npos) return rows;
  std::istringstream lines(doc.substr(begin, end - begin));
  std::string line;
  bool header_seen = false;
  while (std::getline(lines, line)) {
    if (line.empty() || line[0] != '|') continue;
    if (line.starts_with("|---")) continue;
    if (!header_seen) {  // the column names
      header_seen = true;
      continue;
    }
    std::vector<std::string> cells;
    size_t pos = 1;
    for (size_t bar; (bar = line.find('|', pos)) != std::string::npos;
         pos = bar + 1) {
      cells.push_back(Trim(line.substr(pos, bar - pos)));
    }
    rows.push_back(cells);
  }
  return rows;
}

// The `code spans` of a cell; the word "empty" stands for the empty input.
std::vector<std::string> CodeSpans(const std::string& cell) {
  std::vector<std::string> spans;
  for (size_t open = cell.find('`'); open != std::string::npos;) {
    size_t close = cell.find('`', open + 1);
    if (close == std::string::npos) break;
    spans.push_back(cell.substr(open + 1, close - open - 1));
    open = cell.find('`', close + 1);
  }
  if (spans.empty() && cell == "empty") spans.push_back("");
  return spans;
}

// What a table row expects, in ValueCheck terms.
struct Expectation {
  bool empty = false;
  bool valid = true;
  std::string canonical;
  bool warning = false;
  bool normalise_marked = false;  // the row says NORMALISE
  std::optional<FindingCode> code;
};

// Reads the Result (and Note) cells: MISSING → empty; ERROR → an error
// whose code the row's words name; else the canonical value, WARN →
// warning with the named code, NORMALISE → normalised. A row whose words
// name no code in `keywords` fails the test, so a changed table shows up.
Expectation Interpret(const std::string& result, const std::string& note,
                      const std::map<std::string, FindingCode>& keywords) {
  Expectation e;
  std::string words = result + " " + note;
  for (const auto& [word, code] : keywords) {
    if (words.find(word) != std::string::npos) {
      EXPECT_FALSE(e.code.has_value()) << "two codes for: " << words;
      e.code = code;
    }
  }
  if (result.starts_with("MISSING")) {
    e.empty = true;
    return e;
  }
  if (result.starts_with("ERROR")) {
    e.valid = false;
    EXPECT_TRUE(e.code.has_value()) << "no code named by: " << words;
    return e;
  }
  auto spans = CodeSpans(result);
  EXPECT_EQ(spans.size(), 1u) << result;
  if (!spans.empty()) e.canonical = spans[0];
  e.warning = words.find("WARN") != std::string::npos;
  e.normalise_marked = words.find("NORMALISE") != std::string::npos;
  if (e.warning) {
    EXPECT_TRUE(e.code.has_value()) << "no code named by: " << words;
  }
  return e;
}

void ExpectRow(ValueType type, const std::string& input, const Expectation& e,
               bool check_normalise_mark) {
  std::string canonical;
  ValueCheck check = CheckValue(type, input, &canonical);
  SCOPED_TRACE("input '" + input + "' " + Describe(check));
  if (e.empty) {
    EXPECT_TRUE(check.empty());
    EXPECT_TRUE(check.valid());
    return;
  }
  EXPECT_FALSE(check.empty());
  if (!e.valid) {
    EXPECT_FALSE(check.valid());
    ASSERT_TRUE(e.code.has_value());
    EXPECT_EQ(check.code(), *e.code);
    return;
  }
  ASSERT_TRUE(check.valid());
  EXPECT_EQ(canonical, e.canonical);
  // normalised() means exactly "the input is not the canonical text".
  EXPECT_EQ(check.normalised(), input != e.canonical);
  if (check_normalise_mark && e.normalise_marked) {
    EXPECT_TRUE(check.normalised());
  }
  if (e.warning) {
    EXPECT_EQ(check.severity(), Severity::kWarning);
    EXPECT_EQ(check.code(), *e.code);
  } else {
    EXPECT_EQ(check.severity(), Severity::kInfo);
  }
}

TEST(ParseVectorsTest, DateTableOfStandards) {
  auto rows = ReadVectors("date");
  ASSERT_EQ(rows.size(), 11u);  // a parse bug must not pass zero rows
  const std::map<std::string, FindingCode> keywords = {
      {"Excel serial", FindingCode::kDateExcelSerial},
      {"invalid date", FindingCode::kDateInvalid},
      {"2-digit year", FindingCode::kDateTwoDigitYear},
  };
  for (const auto& row : rows) {
    ASSERT_EQ(row.size(), 3u);
    Expectation e = Interpret(row[1], row[2], keywords);
    auto inputs = CodeSpans(row[0]);
    ASSERT_EQ(inputs.size(), 1u) << row[0];
    ExpectRow(ValueType::kDate, inputs[0], e, true);
  }
}

// STANDARDS.md writes months as YYYYMM; TABLES.md governs the canonical
// form, YYYY-MM. So the expected canonical text is translated, and its
// NORMALISE marks (relative to YYYYMM) are replaced by our rule "the input
// differs from the canonical text". `2021-3-1` is "ERROR as YYYYMM … see
// the day-01 fallback", which the fallback turns into a warning.
TEST(ParseVectorsTest, YearMonthTableOfStandards) {
  auto rows = ReadVectors("yyyymm");
  ASSERT_EQ(rows.size(), 8u);
  const std::map<std::string, FindingCode> keywords = {
      {"month 13", FindingCode::kMonthInvalid},
      {"ambiguous", FindingCode::kMonthFormat},
      {"day-01 fallback", FindingCode::kMonthFromDate},
  };
  int fallbacks = 0;
  for (const auto& row : rows) {
    ASSERT_EQ(row.size(), 2u);
    auto inputs = CodeSpans(row[0]);
    ASSERT_EQ(inputs.size(), 1u) << row[0];
    Expectation e = Interpret(row[1], "", keywords);
    if (e.valid) {
      ASSERT_EQ(e.canonical.size(), 6u) << row[1];
      e.canonical = e.canonical.substr(0, 4) + "-" + e.canonical.substr(4);
    }
    if (e.code == FindingCode::kMonthFromDate) {
      ++fallbacks;
      e.valid = true;
      e.warning = true;
      auto d = Date::FromYmd(std::stoi(inputs[0].substr(0, 4)),
                             std::stoi(inputs[0].substr(5)), 1);
      ASSERT_TRUE(d.has_value());
      e.canonical = Month::Of(*d).Format();
    }
    ExpectRow(ValueType::kMonth, inputs[0], e, false);
  }
  EXPECT_EQ(fallbacks, 1);
}

TEST(ParseVectorsTest, MoneyTableOfStandards) {
  auto rows = ReadVectors("money");
  ASSERT_EQ(rows.size(), 10u);
  const std::map<std::string, FindingCode> keywords = {
      {"grouping", FindingCode::kMoneyGrouping},
      {"3 decimals", FindingCode::kMoneyPrecision},
      {"scientific", FindingCode::kMoneyScientific},
      {"refunds", FindingCode::kMoneyNegative},
  };
  size_t inputs_seen = 0;
  for (const auto& row : rows) {
    ASSERT_EQ(row.size(), 2u);
    Expectation e = Interpret(row[1], "", keywords);
    auto inputs = CodeSpans(row[0]);
    ASSERT_FALSE(inputs.empty()) << row[0];
    for (const std::string& input : inputs) {
      ExpectRow(ValueType::kMoney, input, e, true);
      ++inputs_seen;
    }
  }
  EXPECT_EQ(inputs_seen, 11u);  // `¥88.00` / `88元` is two inputs
}

// ---- Dates. ----

Date Ymd(int y, int m, int d) { return *Date::FromYmd(y, m, d); }

TEST(ParseDateTest, AcceptedForms) {
  const Date want = Ymd(2021, 3, 26);
  for (std::string input : {"2021-03-26",
                            "2021-3-26",
                            "2021/03/26",
                            "2021/3/26",
                            "2021.3.26",
                            "20210326",
                            "2021年3月26日",
                            "2021年03月26日",
                            "2021-03-26 00:00:00",
                            "2021/3/26 0:00",
                            "2021-03-26T00:00:00",
                            "2021-03-26 00:00:00.000",
                            "20210326 00:00:00",
                            "２０２１－０３－２６",
                            "２０２１年３月２６日",
                            "\u30002021-03-26\u3000",
                            " 2021-03-26",
                            "'2021-03-26",
                            "=\"2021-03-26\"",
                            "2021\u201403\u201426"}) {
    Date d;
    ValueCheck check = ParseDate(input, &d);
    EXPECT_TRUE(check.valid()) << input << Describe(check);
    EXPECT_EQ(check.severity(), Severity::kInfo) << input << Describe(check);
    EXPECT_EQ(d, want) << input;
    EXPECT_EQ(check.normalised(), input != "2021-03-26") << input;
  }
}

TEST(ParseDateTest, Rejections) {
  const std::vector<std::pair<std::string, FindingCode>> cases = {
      {"2021-02-29", FindingCode::kDateInvalid},
      {"2021-04-31", FindingCode::kDateInvalid},
      {"2021-00-10", FindingCode::kDateInvalid},
      {"20211326", FindingCode::kDateInvalid},
      {"0000-01-01", FindingCode::kDateInvalid},
      {"21-3-26", FindingCode::kDateTwoDigitYear},
      {"21/03/26", FindingCode::kDateTwoDigitYear},
      {"21年3月26日", FindingCode::kDateTwoDigitYear},
      {"26.03.2021", FindingCode::kDateFormat},
      {"3/26/2021", FindingCode::kDateFormat},
      {"2021-03-26 08:30:00", FindingCode::kDateTime},
      {"2021/3/26 0:01", FindingCode::kDateTime},
      {"2021-03-26 00:00:00.5", FindingCode::kDateTime},
      {"2021-03-26 00:00:0", FindingCode::kDateFormat},
      {"2021-03-26 junk", FindingCode::kDateFormat},
      {"2021-03/26", FindingCode::kDateFormat},
      {"2021-03", FindingCode::kDateFormat},
      {"202103", FindingCode::kDateFormat},
      {"2021326", FindingCode::kDateFormat},
      {"2021-003-26", FindingCode::kDateFormat},
      {"2021年3月26", FindingCode::kDateFormat},
      {"12345", FindingCode::kDateFormat},    // 1933: outside serial window
      {"54790", FindingCode::kDateFormat},    // 2050-01-02
      {"44281.0", FindingCode::kDateFormat},  // only DateFromExcelSerial
      {"abc", FindingCode::kDateFormat},
      {std::string("2021-03-26\0", 11), FindingCode::kDateFormat},
      {"2021-03-26\xff", FindingCode::kEncodingInvalid},
      {std::string(200, '1'), FindingCode::kDateFormat},
  };
  for (const auto& [input, code] : cases) {
    Date d;
    ValueCheck check = ParseDate(input, &d);
    EXPECT_FALSE(check.valid()) << input;
    EXPECT_EQ(check.code(), code) << input << Describe(check);
  }
}

TEST(ParseDateTest, YearRangeAndSerialsWarn) {
  Date d;
  ValueCheck check = ParseDate("1899-12-31", &d);
  EXPECT_TRUE(check.valid());
  EXPECT_EQ(check.code(), FindingCode::kDateYearRange);
  EXPECT_EQ(d, Ymd(1899, 12, 31));
  check = ParseDate("2101-01-01", &d);
  EXPECT_EQ(check.code(), FindingCode::kDateYearRange);
  EXPECT_EQ(ParseDate("1900-01-01", &d).severity(), Severity::kInfo);
  EXPECT_EQ(ParseDate("2100-12-31", &d).severity(), Severity::kInfo);

  check = ParseDate("44281", &d);
  EXPECT_TRUE(check.valid());
  EXPECT_EQ(check.code(), FindingCode::kDateExcelSerial);
  EXPECT_TRUE(check.normalised());
  EXPECT_EQ(d, Ymd(2021, 3, 26));
  EXPECT_EQ(ParseDate("36526", &d).code(), FindingCode::kDateExcelSerial);
  EXPECT_EQ(d, Ymd(2000, 1, 1));
  EXPECT_EQ(ParseDate("54789", &d).code(), FindingCode::kDateExcelSerial);
  EXPECT_EQ(d, Ymd(2050, 1, 1));
  CheckOptions mac;
  mac.excel_1904 = true;
  EXPECT_EQ(ParseDate("42819", &d, mac).code(), FindingCode::kDateExcelSerial);
  EXPECT_EQ(d, Ymd(2021, 3, 26));
}

TEST(ParseDateTest, EmptyAndPlaceholders) {
  for (std::string input : {"", "   ", "\u3000", "\t\r\n", "'", "=\"\""}) {
    Date d;
    ValueCheck check = ParseDate(input, &d);
    EXPECT_TRUE(check.valid()) << input;
    EXPECT_TRUE(check.empty()) << input;
    EXPECT_EQ(check.code(), FindingCode::kOk) << input;
    EXPECT_FALSE(check.normalised()) << input;
  }
  for (std::string input :
       {"无", "/", "-", "—", "NULL", "null", "N/A", "0000-00-00", "00000000",
        "0000-00-00 00:00:00", "0000/00/00"}) {
    Date d;
    ValueCheck check = ParseDate(input, &d);
    EXPECT_TRUE(check.valid()) << input;
    EXPECT_TRUE(check.empty()) << input;
    EXPECT_EQ(check.code(), FindingCode::kPlaceholder) << input;
  }
}

// STANDARDS.md §7.3 reference points.
TEST(ParseExcelSerialTest, ReferencePoints1900) {
  const std::vector<std::pair<std::string, Date>> points = {
      {"36526", Ymd(2000, 1, 1)},       {"44197", Ymd(2021, 1, 1)},
      {"44281", Ymd(2021, 3, 26)},      {"45292", Ymd(2024, 1, 1)},
      {"45658", Ymd(2025, 1, 1)},       {"46022", Ymd(2025, 12, 31)},
      {"1", Ymd(1900, 1, 1)},           {"59", Ymd(1900, 2, 28)},
      {"61", Ymd(1900, 3, 1)},          {"2958465", Ymd(9999, 12, 31)},
      {"44281.0", Ymd(2021, 3, 26)},    {"44281.000", Ymd(2021, 3, 26)},
      {"４４２８１", Ymd(2021, 3, 26)}, {" 44281 ", Ymd(2021, 3, 26)},
  };
  for (const auto& [serial, want] : points) {
    Date d;
    ValueCheck check = DateFromExcelSerial(serial, &d);
    EXPECT_TRUE(check.valid()) << serial << Describe(check);
    EXPECT_TRUE(Has(check, FindingCode::kDateExcelSerial)) << serial;
    EXPECT_TRUE(check.normalised()) << serial;
    EXPECT_EQ(d, want) << serial << " gave " << d.Format();
  }
  Date d;
  EXPECT_TRUE(
      Has(DateFromExcelSerial("2958465", &d), FindingCode::kDateYearRange));
}

TEST(ParseExcelSerialTest, Rejections) {
  const std::vector<std::pair<std::string, FindingCode>> cases = {
      {"60", FindingCode::kDateInvalid},  // the phantom 1900-02-29
      {"0", FindingCode::kDateInvalid},   // "1900-01-00"
      {"2958466", FindingCode::kDateInvalid},
      {"99999999999999999999", FindingCode::kDateInvalid},
      {"44281.5", FindingCode::kDateTime},
      {"-1", FindingCode::kDateFormat},
      {"4.4281E+4", FindingCode::kDateFormat},
      {"2021-03-26", FindingCode::kDateFormat},
      {"44281x", FindingCode::kDateFormat},
  };
  for (const auto& [serial, code] : cases) {
    Date d;
    ValueCheck check = DateFromExcelSerial(serial, &d);
    EXPECT_FALSE(check.valid()) << serial;
    EXPECT_EQ(check.code(), code) << serial << Describe(check);
  }
  Date d;
  EXPECT_TRUE(DateFromExcelSerial("", &d).empty());
}

TEST(ParseExcelSerialTest, System1904) {
  CheckOptions mac;
  mac.excel_1904 = true;
  Date d;
  EXPECT_TRUE(DateFromExcelSerial("0", &d, mac).valid());
  EXPECT_EQ(d, Ymd(1904, 1, 1));
  EXPECT_TRUE(DateFromExcelSerial("2957003", &d, mac).valid());
  EXPECT_EQ(d, Ymd(9999, 12, 31));
  EXPECT_FALSE(DateFromExcelSerial("2957004", &d, mac).valid());
  // The same day is 1462 lower than in the 1900 system.
  std::mt19937 rng(1904);
  for (int i = 0; i < 2000; ++i) {
    int n = std::uniform_int_distribution<int>(1462 + 61, 2958465)(rng);
    Date a, b;
    ASSERT_TRUE(DateFromExcelSerial(std::to_string(n), &a).valid());
    ASSERT_TRUE(DateFromExcelSerial(std::to_string(n - 1462), &b, mac).valid());
    ASSERT_EQ(a, b) << n;
  }
}

TEST(ParseExcelSerialTest, ConsecutiveSerialsAreConsecutiveDays) {
  Date previous;
  ASSERT_TRUE(DateFromExcelSerial("61", &previous).valid());
  for (int n = 62; n <= 60000; ++n) {
    Date d;
    ASSERT_TRUE(DateFromExcelSerial(std::to_string(n), &d).valid());
    ASSERT_EQ(d.days_since_epoch(), previous.days_since_epoch() + 1);
    previous = d;
  }
}

// ---- Months. ----

TEST(ParseMonthTest, FormsFallbackAndErrors) {
  const Month want = *Month::FromYm(2021, 3);
  for (std::string input :
       {"2021-03", "2021-3", "2021/03", "2021/3", "2021.3", "202103",
        "2021年3月", "2021年03月", "２０２１０３", " 2021-03 "}) {
    Month m;
    ValueCheck check = ParseMonth(input, &m);
    EXPECT_TRUE(check.valid()) << input << Describe(check);
    EXPECT_EQ(check.severity(), Severity::kInfo) << input;
    EXPECT_EQ(m, want) << input;
    EXPECT_EQ(check.normalised(), input != "2021-03") << input;
  }
  for (std::string input :
       {"2021-03-01", "2021-3-1", "20210301", "2021/3/1 00:00:00",
        "2021年3月1日", "44256"}) {  // 44256 = 2021-03-01
    Month m;
    ValueCheck check = ParseMonth(input, &m);
    EXPECT_TRUE(check.valid()) << input << Describe(check);
    EXPECT_TRUE(Has(check, FindingCode::kMonthFromDate)) << input;
    EXPECT_EQ(m, want) << input;
    EXPECT_TRUE(check.normalised());
  }
  const std::vector<std::pair<std::string, FindingCode>> cases = {
      {"202113", FindingCode::kMonthInvalid},
      {"2021-00", FindingCode::kMonthInvalid},
      {"000001", FindingCode::kMonthInvalid},
      {"20213", FindingCode::kMonthFormat},
      {"2021", FindingCode::kMonthFormat},
      {"2021-03-15", FindingCode::kMonthFullDate},
      {"44270", FindingCode::kMonthFullDate},  // 2021-03-15
      {"2021-02-30", FindingCode::kDateInvalid},
      {"21-03", FindingCode::kDateTwoDigitYear},
      {"2021-03-01 12:00", FindingCode::kDateTime},
      {"March 2021", FindingCode::kMonthFormat},
  };
  for (const auto& [input, code] : cases) {
    Month m;
    ValueCheck check = ParseMonth(input, &m);
    EXPECT_FALSE(check.valid()) << input;
    EXPECT_EQ(check.code(), code) << input << Describe(check);
  }
  Month m;
  EXPECT_EQ(ParseMonth("1899-12", &m).code(), FindingCode::kDateYearRange);
  EXPECT_EQ(ParseMonth("000000", &m).code(), FindingCode::kPlaceholder);
}

TEST(ParseMonthOrDayTest, DispatchesOnShape) {
  MonthOrDay v;
  ValueCheck check = ParseMonthOrDay("202103", &v);
  EXPECT_TRUE(check.valid());
  EXPECT_EQ(v.kind, MonthOrDay::Kind::kMonth);
  EXPECT_EQ(v.Format(), "2021-03");
  check = ParseMonthOrDay("20210315", &v);
  EXPECT_TRUE(check.valid());
  EXPECT_EQ(v.kind, MonthOrDay::Kind::kDay);
  EXPECT_EQ(v.Format(), "2021-03-15");
  check = ParseMonthOrDay("2021-03-01", &v);
  EXPECT_EQ(v.kind, MonthOrDay::Kind::kDay);
  EXPECT_FALSE(check.normalised());
  check = ParseMonthOrDay("2021年3月", &v);
  EXPECT_EQ(v.kind, MonthOrDay::Kind::kMonth);
  EXPECT_TRUE(check.normalised());
  check = ParseMonthOrDay("44281", &v);
  EXPECT_EQ(check.code(), FindingCode::kDateExcelSerial);
  EXPECT_EQ(v.Format(), "2021-03-26");
  EXPECT_EQ(ParseMonthOrDay("202113", &v).code(), FindingCode::kMonthInvalid);
  EXPECT_EQ(ParseMonthOrDay("20210230", &v).code(), FindingCode::kDateInvalid);
  EXPECT_EQ(ParseMonthOrDay("2021", &v).code(), FindingCode::kDateFormat);
  EXPECT_TRUE(ParseMonthOrDay(" ", &v).empty());
}

// ---- Validity. ----

TEST(ParseValidityTest, EndDatesRangesDurationsAndIndefinite) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"2025-12-31", "2025-12-31"},
      {"2025/12/31", "2025-12-31"},
      {"2025年12月31日", "2025-12-31"},
      {"2021-01-01至2025-12-31", "2021-01-01/2025-12-31"},
      {"2021年1月1日至2025年12月31日", "2021-01-01/2025-12-31"},
      {"2021-01-01 至 2025-12-31", "2021-01-01/2025-12-31"},
      {"2021-01-01~2025-12-31", "2021-01-01/2025-12-31"},
      {"2021-01-01～2025-12-31", "2021-01-01/2025-12-31"},
      {"2021-01-01—2025-12-31", "2021-01-01/2025-12-31"},
      {"2021-01-01-2025-12-31", "2021-01-01/2025-12-31"},
      {"2021-1-1-2025-12-31", "2021-01-01/2025-12-31"},
      {"20210101-20251231", "2021-01-01/2025-12-31"},
      {"2021/1/1-2025/12/31", "2021-01-01/2025-12-31"},
      {"2021/1/1/2025/12/31", "2021-01-01/2025-12-31"},
      {"2021-01-01/2025-12-31", "2021-01-01/2025-12-31"},
      {"2021-01-01到2025-12-31", "2021-01-01/2025-12-31"},
      {"2021-01-01至2099-12-31", "2021-01-01/2099-12-31"},
      {"2021-01-01至2021-01-01", "2021-01-01/2021-01-01"},
      {"3年", "P3Y"},
      {"６个月", "P6M"},
      {"30天", "P30D"},
      {"3 年", "P3Y"},
      {"P3Y", "P3Y"},
      {"P6M", "P6M"},
      {"P30D", "P30D"},
      {"长期", "长期"},
      {"永久", "长期"},
      {"长期有效", "长期"},
      {"2099-12-31", "长期"},
      {"2099/12/31", "长期"},
  };
  for (const auto& [input, want] : cases) {
    std::string canonical;
    ValueCheck check = CheckValue(ValueType::kValidity, input, &canonical);
    EXPECT_TRUE(check.valid()) << input << Describe(check);
    EXPECT_EQ(check.severity(), Severity::kInfo) << input << Describe(check);
    EXPECT_EQ(canonical, want) << input;
    EXPECT_EQ(check.normalised(), input != want) << input;
  }
  Validity v;
  ASSERT_TRUE(ParseValidity("2021-01-01至2025-12-31", &v).valid());
  EXPECT_EQ(v.kind, Validity::Kind::kRange);
  EXPECT_EQ(v.start, Ymd(2021, 1, 1));
  EXPECT_EQ(v.end, Ymd(2025, 12, 31));
  ASSERT_TRUE(ParseValidity("6个月", &v).valid());
  EXPECT_EQ(v.kind, Validity::Kind::kDuration);
  EXPECT_EQ(v.unit, Validity::Unit::kMonths);
  EXPECT_EQ(v.amount, 6);
  ASSERT_TRUE(ParseValidity("永久", &v).valid());
  EXPECT_EQ(v.kind, Validity::Kind::kIndefinite);
}

TEST(ParseValidityTest, Rejections) {
  const std::vector<std::pair<std::string, FindingCode>> cases = {
      {"2025-12-31至2021-01-01", FindingCode::kValidityRange},
      {"2021-02-30至2025-12-31", FindingCode::kDateInvalid},
      {"2025-02-29", FindingCode::kDateInvalid},
      {"0年", FindingCode::kValidityFormat},
      {"P0Y", FindingCode::kValidityFormat},
      {"3月", FindingCode::kValidityFormat},
      {"3年半", FindingCode::kValidityFormat},
      {"2025-12", FindingCode::kValidityFormat},
      {"2021-01至2025-12", FindingCode::kValidityFormat},
      {"短期", FindingCode::kValidityFormat},
      {"21-12-31", FindingCode::kDateTwoDigitYear},
      {"2025-12-31 08:00:00", FindingCode::kDateTime},
      {"12345", FindingCode::kDateFormat},
  };
  for (const auto& [input, code] : cases) {
    Validity v;
    ValueCheck check = ParseValidity(input, &v);
    EXPECT_FALSE(check.valid()) << input;
    EXPECT_EQ(check.code(), code) << input << Describe(check);
  }
  Validity v;
  EXPECT_EQ(ParseValidity("1800-01-01至2025-12-31", &v).code(),
            FindingCode::kDateYearRange);
  EXPECT_EQ(ParseValidity("无", &v).code(), FindingCode::kPlaceholder);
  EXPECT_EQ(ParseValidity("46022", &v).code(), FindingCode::kDateExcelSerial);
}

// ---- Money. ----

TEST(ParseMoneyTest, FormsAndFindings) {
  const std::vector<std::tuple<std::string, int64_t, std::vector<FindingCode>>>
      ok = {
          {"1234.50", 123450, {}},
          {"0.00", 0, {}},
          {"0", 0, {}},
          {"-0", 0, {}},
          {"+15", 1500, {}},
          {".5", 50, {}},
          {"5.", 500, {}},
          {"007.10", 710, {}},
          {"1234.5000", 123450, {}},
          {"¥88.00", 8800, {}},
          {"￥88", 8800, {}},
          {"¥ 88", 8800, {}},
          {"88元", 8800, {}},
          {"88 元", 8800, {}},
          {"88元整", 8800, {}},
          {"人民币88元", 8800, {}},
          {"RMB 88.00", 8800, {}},
          {"-¥15.00", -1500, {FindingCode::kMoneyNegative}},
          {"¥-15.00", -1500, {FindingCode::kMoneyNegative}},
          {"－15", -1500, {FindingCode::kMoneyNegative}},
          {"1,234,567.89", 123456789, {FindingCode::kMoneyGrouping}},
          {"１，２３４．５", 123450, {FindingCode::kMoneyGrouping}},
          {"-1,234",
           -123400,
           {FindingCode::kMoneyNegative, FindingCode::kMoneyGrouping}},
          {"92233720368547758.07", INT64_MAX, {}},
          {"-92233720368547758.07", -INT64_MAX, {FindingCode::kMoneyNegative}},
      };
  for (const auto& [input, fen, codes] : ok) {
    Money m;
    ValueCheck check = ParseMoney(input, &m);
    EXPECT_TRUE(check.valid()) << input << Describe(check);
    EXPECT_EQ(m.fen, fen) << input;
    EXPECT_EQ(check.findings().size(), codes.size())
        << input << Describe(check);
    for (FindingCode code : codes) EXPECT_TRUE(Has(check, code)) << input;
    EXPECT_EQ(check.normalised(), input != m.Format()) << input;
  }
  const std::vector<std::pair<std::string, FindingCode>> bad = {
      {"12.345", FindingCode::kMoneyPrecision},
      {"12.3401", FindingCode::kMoneyPrecision},
      {"1.2E+3", FindingCode::kMoneyScientific},
      {"1e5", FindingCode::kMoneyScientific},
      {"-3.5E-2", FindingCode::kMoneyScientific},
      {"92233720368547758.08", FindingCode::kMoneyOverflow},
      {"99999999999999999999999", FindingCode::kMoneyOverflow},
      {"1,23", FindingCode::kMoneyFormat},
      {"1234,567", FindingCode::kMoneyFormat},
      {",123", FindingCode::kMoneyFormat},
      {"1,,234", FindingCode::kMoneyFormat},
      {"1,234.5,6", FindingCode::kMoneyFormat},
      {"1 234", FindingCode::kMoneyFormat},
      {"(15.00)", FindingCode::kMoneyFormat},
      {"--15", FindingCode::kMoneyFormat},
      {"-¥-15", FindingCode::kMoneyFormat},
      {".", FindingCode::kMoneyFormat},
      {"元", FindingCode::kMoneyFormat},
      {"abc", FindingCode::kMoneyFormat},
      {"$88", FindingCode::kMoneyFormat},
      {"1.2E", FindingCode::kMoneyFormat},
      {"1.5万", FindingCode::kMoneyUnit},
      {"1.5万元", FindingCode::kMoneyUnit},
      {"100美元", FindingCode::kMoneyUnit},
      {"3亿", FindingCode::kMoneyUnit},
      {"88\xff", FindingCode::kEncodingInvalid},
  };
  for (const auto& [input, code] : bad) {
    Money m;
    ValueCheck check = ParseMoney(input, &m);
    EXPECT_FALSE(check.valid()) << input;
    EXPECT_EQ(check.code(), code) << input << Describe(check);
  }
  Money m;
  EXPECT_EQ(ParseMoney("-", &m).code(), FindingCode::kPlaceholder);
  EXPECT_TRUE(ParseMoney("-", &m).empty());
  std::string canonical;
  EXPECT_EQ(CheckValue(ValueType::kPositiveMoney, "0", &canonical).code(),
            FindingCode::kMoneyNotPositive);
  EXPECT_TRUE(
      CheckValue(ValueType::kPositiveMoney, "0.01", &canonical).valid());
}

// Writes `fen` as yuan, optionally with grouping, in full width, with ¥ or
// 元, with a short or padded fraction.
std::string MoneyText(int64_t fen, bool group, bool full_width, int currency,
                      int fraction_style) {
  uint64_t magnitude =
      fen < 0 ? 0 - static_cast<uint64_t>(fen) : static_cast<uint64_t>(fen);
  std::string whole = std::to_string(magnitude / 100);
  if (group) {
    std::string grouped;
    for (size_t i = 0; i < whole.size(); ++i) {
      if (i > 0 && (whole.size() - i) % 3 == 0) grouped += ',';
      grouped += whole[i];
    }
    whole = grouped;
  }
  int cents = static_cast<int>(magnitude % 100);
  std::string fraction =
      "." + std::to_string(cents / 10) + std::to_string(cents % 10);
  if (fraction_style == 1 && cents % 10 == 0) fraction.pop_back();  // ".5"
  if (fraction_style == 1 && cents == 0) fraction.clear();          // "12"
  if (fraction_style == 2) fraction += "00";  // DECIMAL(18,4) export
  std::string body = (fen < 0 ? "-" : "") + whole + fraction;
  if (full_width) {
    std::string wide;
    for (char c : body) {
      char32_t w = static_cast<char32_t>(c) + 0xFEE0;  // U+FF01..FF5E
      wide += static_cast<char>(0xE0 | (w >> 12));
      wide += static_cast<char>(0x80 | ((w >> 6) & 0x3F));
      wide += static_cast<char>(0x80 | (w & 0x3F));
    }
    body = wide;
  }
  if (currency == 1) body = "¥" + body;
  if (currency == 2) body += "元";
  if (currency == 3) body = "\u3000" + body + " ";
  return body;
}

TEST(ParseMoneyTest, RandomAmountsInEveryWritingParseExactly) {
  std::mt19937_64 rng(20210326);
  for (int i = 0; i < 100000; ++i) {
    int digits = std::uniform_int_distribution<int>(1, 18)(rng);
    uint64_t limit = 1;
    for (int k = 0; k < digits; ++k) limit *= 10;
    int64_t fen = static_cast<int64_t>(
        std::uniform_int_distribution<uint64_t>(0, limit - 1)(rng));
    if (rng() % 4 == 0) fen = -fen;
    bool group = rng() % 2;
    bool wide = rng() % 3 == 0;
    int currency = static_cast<int>(rng() % 4);
    int fraction_style = static_cast<int>(rng() % 3);
    std::string text = MoneyText(fen, group, wide, currency, fraction_style);
    Money m;
    ValueCheck check = ParseMoney(text, &m);
    ASSERT_TRUE(check.valid()) << text << Describe(check);
    ASSERT_EQ(m.fen, fen) << text;
    ASSERT_EQ(Has(check, FindingCode::kMoneyGrouping),
              group && (fen >= 100000 || fen <= -100000))
        << text;
    ASSERT_EQ(Has(check, FindingCode::kMoneyNegative), fen < 0) << text;
    ASSERT_EQ(check.normalised(), text != Money{fen}.Format()) << text;
    // The canonical text reads back unchanged.
    Money again;
    ValueCheck canonical = ParseMoney(Money{fen}.Format(), &again);
    ASSERT_EQ(again, m);
    ASSERT_FALSE(canonical.normalised());
  }
}

// ---- Quantity, rate, count. ----

TEST(ParseQuantityTest, FormsAndFindings) {
  const std::vector<std::pair<std::string, int64_t>> ok = {
      {"12.5", 125000},
      {"3", 30000},
      {"0", 0},
      {"0.0001", 1},
      {"1,234.5", 12345000},
      {"１２．５", 125000},
      {"12.50000", 125000},
      {"-0", 0},
  };
  for (const auto& [input, units] : ok) {
    Quantity q;
    ValueCheck check = ParseQuantity(input, &q);
    EXPECT_TRUE(check.valid()) << input << Describe(check);
    EXPECT_EQ(check.severity(), Severity::kInfo) << input;
    EXPECT_EQ(q.units, units) << input;
    EXPECT_EQ(check.normalised(), input != q.Format()) << input;
  }
  const std::vector<std::pair<std::string, FindingCode>> bad = {
      {"0.00001", FindingCode::kQuantityPrecision},
      {"-1", FindingCode::kQuantityNegative},
      {"1e3", FindingCode::kQuantityFormat},
      {"12吨", FindingCode::kQuantityFormat},
      {"99999999999999999", FindingCode::kQuantityFormat},
      {"x", FindingCode::kQuantityFormat},
  };
  for (const auto& [input, code] : bad) {
    Quantity q;
    ValueCheck check = ParseQuantity(input, &q);
    EXPECT_FALSE(check.valid()) << input;
    EXPECT_EQ(check.code(), code) << input << Describe(check);
  }
}

TEST(ParseRateTest, PercentagesAndFractions) {
  const std::vector<std::pair<std::string, int32_t>> ok = {
      {"12%", 1200},    {"12", 1200},     {"0.12", 1200},   {"12.5%", 1250},
      {"7.25%", 725},   {"0.0725", 725},  {"1", 100},       {"1%", 100},
      {"1.0", 100},     {"0.5", 5000},    {"100%", 10000},  {"100", 10000},
      {"0.01%", 1},     {"0.0001", 1},    {"12 %", 1200},   {"１２％", 1200},
      {"0.9999", 9999}, {"12.00%", 1200}, {"12.000", 1200},
  };
  for (const auto& [input, bp] : ok) {
    Rate r;
    ValueCheck check = ParseRate(input, &r);
    EXPECT_TRUE(check.valid()) << input << Describe(check);
    EXPECT_EQ(check.severity(), Severity::kInfo) << input;
    EXPECT_EQ(r.basis_points, bp) << input;
    EXPECT_EQ(check.normalised(), input != r.Format()) << input;
  }
  const std::vector<std::pair<std::string, FindingCode>> bad = {
      {"0", FindingCode::kRateRange},
      {"0%", FindingCode::kRateRange},
      {"-5%", FindingCode::kRateRange},
      {"101%", FindingCode::kRateRange},
      {"101", FindingCode::kRateRange},
      {"1e30", FindingCode::kRateFormat},
      {"12.345%", FindingCode::kRatePrecision},
      {"12.345", FindingCode::kRatePrecision},
      {"0.12345", FindingCode::kRatePrecision},
      {"1,000%", FindingCode::kRateFormat},
      {"%", FindingCode::kRateFormat},
      {"12%%", FindingCode::kRateFormat},
      {"99999999999999999999%", FindingCode::kRateRange},
  };
  for (const auto& [input, code] : bad) {
    Rate r;
    ValueCheck check = ParseRate(input, &r);
    EXPECT_FALSE(check.valid()) << input;
    EXPECT_EQ(check.code(), code) << input << Describe(check);
  }
}

TEST(ParseCountTest, WholeNumbers) {
  const std::vector<std::pair<std::string, int64_t>> ok = {
      {"0", 0},
      {"12", 12},
      {"012", 12},
      {"1,234", 1234},
      {"12.0", 12},
      {"１２", 12},
      {"9223372036854775807", INT64_MAX},
  };
  for (const auto& [input, value] : ok) {
    Count c;
    ValueCheck check = ParseCount(input, &c);
    EXPECT_TRUE(check.valid()) << input << Describe(check);
    EXPECT_EQ(c.value, value) << input;
    EXPECT_EQ(check.normalised(), input != c.Format()) << input;
  }
  for (std::string input :
       {"-1", "1.5", "1e3", "9223372036854775808", "x", "1,23", "12人"}) {
    Count c;
    ValueCheck check = ParseCount(input, &c);
    EXPECT_FALSE(check.valid()) << input;
    EXPECT_EQ(check.code(), FindingCode::kCountFormat) << input;
  }
}

TEST(ParseRoundTripTest, FormatThenParseGivesTheSameValue) {
  std::mt19937_64 rng(7);
  auto uniform = [&rng](int64_t lo, int64_t hi) {
    return std::uniform_int_distribution<int64_t>(lo, hi)(rng);
  };
  const int32_t first = Ymd(1900, 1, 1).days_since_epoch();
  const int32_t last = Ymd(2100, 12, 31).days_since_epoch();
  for (int i = 0; i < 20000; ++i) {
    Date date = Date::FromDays(static_cast<int32_t>(uniform(first, last)));
    int y = date.year(), m = date.month(), d = date.day();
    std::string ys = std::to_string(y), ms = std::to_string(m),
                ds = std::to_string(d);
    for (const std::string& text :
         {date.Format(), ys + "/" + ms + "/" + ds, ys + "." + ms + "." + ds,
          date.Format().substr(0, 4) + date.Format().substr(5, 2) +
              date.Format().substr(8, 2),
          ys + "年" + ms + "月" + ds + "日", date.Format() + " 00:00:00"}) {
      Date parsed;
      ValueCheck check = ParseDate(text, &parsed);
      ASSERT_TRUE(check.valid()) << text;
      ASSERT_EQ(parsed, date) << text;
      ASSERT_EQ(check.normalised(), text != date.Format()) << text;
    }
    Month month = Month::Of(date);
    for (const std::string& text :
         {month.Format(), ys + "/" + ms, ys + "年" + ms + "月",
          month.Format().substr(0, 4) + month.Format().substr(5)}) {
      Month parsed;
      ValueCheck check = ParseMonth(text, &parsed);
      ASSERT_TRUE(check.valid()) << text;
      ASSERT_EQ(parsed, month) << text;
      ASSERT_EQ(check.normalised(), text != month.Format()) << text;
    }
    Validity validity;
    switch (i % 4) {
      case 0:
        validity.kind = Validity::Kind::kEndDate;
        validity.end = date;
        if (validity.end == Ymd(2099, 12, 31)) continue;
        break;
      case 1:
        validity.kind = Validity::Kind::kRange;
        validity.start = date;
        validity.end = Date::FromDays(date.days_since_epoch() +
                                      static_cast<int32_t>(uniform(0, 4000)));
        if (validity.end.year() > 2100) continue;
        break;
      case 2:
        validity.kind = Validity::Kind::kDuration;
        validity.amount = static_cast<int32_t>(uniform(1, 999999999));
        validity.unit = static_cast<Validity::Unit>(uniform(0, 2));
        break;
      default:
        validity.kind = Validity::Kind::kIndefinite;
    }
    Validity parsed;
    ValueCheck check = ParseValidity(validity.Format(), &parsed);
    ASSERT_TRUE(check.valid()) << validity.Format() << Describe(check);
    ASSERT_EQ(parsed, validity) << validity.Format();
    ASSERT_FALSE(check.normalised()) << validity.Format();
  }
  for (int i = 0; i < 20000; ++i) {
    Quantity q{uniform(0, INT64_MAX)};
    if (i % 2) q.units = uniform(0, 10'000'000);
    Quantity qp;
    ValueCheck check = ParseQuantity(q.Format(), &qp);
    ASSERT_TRUE(check.valid()) << q.Format();
    ASSERT_EQ(qp, q);
    ASSERT_FALSE(check.normalised());
    Rate r{static_cast<int32_t>(uniform(1, 10000))};
    Rate rp;
    check = ParseRate(r.Format(), &rp);
    ASSERT_TRUE(check.valid()) << r.Format();
    ASSERT_EQ(rp, r);
    ASSERT_FALSE(check.normalised());
    Count c{uniform(0, INT64_MAX)};
    Count cp;
    check = ParseCount(c.Format(), &cp);
    ASSERT_TRUE(check.valid()) << c.Format();
    ASSERT_EQ(cp, c);
    ASSERT_FALSE(check.normalised());
  }
}

// ---- Code lists and text. ----

TEST(ParseCodeListTest, YesNo) {
  for (std::string input :
       {"是", "Y", "y", "yes", "YES", "1", "true", "TRUE", "Ｙ", " 是 "}) {
    YesNo v;
    ValueCheck check = ParseYesNo(input, &v);
    EXPECT_TRUE(check.valid()) << input;
    EXPECT_EQ(check.severity(), Severity::kInfo) << input;
    EXPECT_EQ(v, YesNo::kYes) << input;
    EXPECT_EQ(check.normalised(), input != "是") << input;
  }
  for (std::string input : {"否", "N", "no", "0", "false", "FALSE"}) {
    YesNo v;
    ValueCheck check = ParseYesNo(input, &v);
    EXPECT_TRUE(check.valid()) << input;
    EXPECT_EQ(v, YesNo::kNo) << input;
    EXPECT_EQ(check.normalised(), input != "否") << input;
  }
  for (std::string input : {"有", "2", "yess", "是否", "无"}) {
    YesNo v;
    EXPECT_EQ(ParseYesNo(input, &v).code(), FindingCode::kYesNoUnknown)
        << input;
  }
}

TEST(ParseCodeListTest, UsageScope) {
  const std::vector<std::tuple<std::string, UsageScope, bool>> ok = {
      {"社会公开", UsageScope::kPublic, false},
      {"政务共享", UsageScope::kGovernmentSharing, false},
      {"授权查询", UsageScope::kAuthorizedQuery, false},
      {" 社会 公开 ", UsageScope::kPublic, false},
      {"公开", UsageScope::kPublic, true},
      {"向社会公开", UsageScope::kPublic, true},
      {"共享", UsageScope::kGovernmentSharing, true},
      {"依申请查询", UsageScope::kAuthorizedQuery, true},
  };
  for (const auto& [input, want, synonym] : ok) {
    UsageScope v;
    ValueCheck check = ParseUsageScope(input, &v);
    EXPECT_TRUE(check.valid()) << input;
    EXPECT_EQ(v, want) << input;
    EXPECT_EQ(Has(check, FindingCode::kUsageScopeSynonym), synonym) << input;
    EXPECT_EQ(check.normalised(), input != CanonicalName(want)) << input;
  }
  UsageScope v;
  EXPECT_EQ(ParseUsageScope("内部", &v).code(),
            FindingCode::kUsageScopeUnknown);
}

TEST(ParseCodeListTest, DishonestyLevel) {
  const std::vector<std::tuple<std::string, DishonestyLevel, bool>> ok = {
      {"一般", DishonestyLevel::kGeneral, false},
      {"较重", DishonestyLevel::kSerious, false},
      {"严重", DishonestyLevel::kSevere, false},
      {"严重失信", DishonestyLevel::kSevere, false},
      {"较重失信行为", DishonestyLevel::kSerious, false},
      {"一般 失信", DishonestyLevel::kGeneral, false},
      {"轻微", DishonestyLevel::kGeneral, true},
      {"轻微失信", DishonestyLevel::kGeneral, true},
  };
  for (const auto& [input, want, mild] : ok) {
    DishonestyLevel v;
    ValueCheck check = ParseDishonestyLevel(input, &v);
    EXPECT_TRUE(check.valid()) << input;
    EXPECT_EQ(v, want) << input;
    EXPECT_EQ(Has(check, FindingCode::kSeverityMild), mild) << input;
    EXPECT_EQ(check.normalised(), input != CanonicalName(want)) << input;
  }
  for (std::string input : {"失信", "特别严重", "失信行为", "严重失信失信"}) {
    DishonestyLevel v;
    EXPECT_EQ(ParseDishonestyLevel(input, &v).code(),
              FindingCode::kSeverityUnknown)
        << input;
  }
}

TEST(ParseTextTest, TrimLengthControlAndEncoding) {
  std::string canonical;
  ValueCheck check = CheckText("\u3000江阴市自来水公司 ", 8, &canonical);
  EXPECT_TRUE(check.valid());
  EXPECT_TRUE(check.normalised());
  EXPECT_EQ(canonical, "江阴市自来水公司");
  check = CheckText("江阴市自来水公司", 8, &canonical);
  EXPECT_TRUE(check.valid());
  EXPECT_FALSE(check.normalised());
  EXPECT_EQ(CheckText("江阴市自来水公司", 7, &canonical).code(),
            FindingCode::kTextTooLong);
  EXPECT_TRUE(CheckText("江阴", 0, &canonical).valid());
  // Line breaks and tabs inside quoted cells are white space, not control.
  check = CheckText("2024年1月,\"2月\"\r\n及3月\tx", 0, &canonical);
  EXPECT_TRUE(check.valid()) << Describe(check);
  EXPECT_EQ(canonical, "2024年1月,\"2月\"\r\n及3月\tx");
  EXPECT_EQ(CheckText("a\x1b[31m", 0, &canonical).code(),
            FindingCode::kTextControlChar);
  EXPECT_EQ(CheckText(std::string("a\0b", 3), 0, &canonical).code(),
            FindingCode::kTextControlChar);
  EXPECT_EQ(CheckText("a\u0085b", 0, &canonical).code(),
            FindingCode::kTextControlChar);
  EXPECT_EQ(CheckText("a\x7f", 0, &canonical).code(),
            FindingCode::kTextControlChar);
  EXPECT_EQ(CheckText("\xe6\xb1", 0, &canonical).code(),
            FindingCode::kEncodingInvalid);
  // U+FFFD is valid UTF-8; the reader reports the bytes it replaced.
  EXPECT_TRUE(CheckText("a\uFFFDb", 0, &canonical).valid());
  check = CheckText(" \u3000 ", 10, &canonical);
  EXPECT_TRUE(check.empty());
  EXPECT_TRUE(canonical.empty());
}

// The word-at-a-time scan agrees with a plain code point walk on random
// text of every length, with controls, C1 controls (C2 80-9F), their
// harmless neighbours (C2 A0-BF) and multi-byte characters anywhere.
TEST(ParseTextTest, WordScanAgreesWithAPlainWalk) {
  static const std::vector<std::string> kPieces = {
      "a",      "7",      "-",  "江",   "阴",   "\u00b7",
      "\u0085", "\u009f", "\t", "\x01", "\x7f", "\xf0\x9f\x98\x80",
      "~",      "\u00a0"};
  std::mt19937_64 rng(11);
  std::string canonical;
  for (int trial = 0; trial < 20000; ++trial) {
    std::string text = "x";  // keeps the pieces from being trimmed
    size_t pieces = rng() % 24;
    for (size_t i = 0; i < pieces; ++i) {
      // Mostly harmless pieces, so that whole words stay clean.
      size_t k = rng() % 100 < 85 ? rng() % 5 : rng() % kPieces.size();
      text += kPieces[k];
    }
    text += "z";
    size_t code_points = 0;
    bool control = false;
    for (size_t i = 0; i < text.size(); ++i) {
      unsigned char b = static_cast<unsigned char>(text[i]);
      if ((b & 0xC0) != 0x80) ++code_points;
      if ((b < 0x20 && b != '\t') || b == 0x7F ||
          (b == 0xC2 && static_cast<unsigned char>(text[i + 1]) <= 0x9F)) {
        control = true;
      }
    }
    size_t limit = rng() % 30;
    ValueCheck check = CheckText(text, limit, &canonical);
    bool too_long = limit != 0 && code_points > limit;
    EXPECT_EQ(check.valid(), !control && !too_long) << text;
    bool reported_control = false, reported_long = false;
    for (FindingCode c : check.findings()) {
      reported_control |= c == FindingCode::kTextControlChar;
      reported_long |= c == FindingCode::kTextTooLong;
    }
    EXPECT_EQ(reported_control, control) << text;
    EXPECT_EQ(reported_long, too_long) << text << " limit " << limit;
  }
}

// ---- Every finding code of the value sections has an input. ----

TEST(ParseFindingsTest, EveryValueCodeHasAnInputThatProducesIt) {
  auto value = [](ValueType type, std::string input) {
    return [type, input] {
      std::string canonical;
      return CheckValue(type, input, &canonical);
    };
  };
  const std::vector<std::pair<FindingCode, std::function<ValueCheck()>>> table =
      {
          {FindingCode::kPlaceholder, value(ValueType::kDate, "无")},
          {FindingCode::kTextTooLong,
           [] {
             std::string c;
             return CheckText("abcd", 3, &c);
           }},
          {FindingCode::kTextControlChar, value(ValueType::kText, "a\x01")},
          {FindingCode::kEncodingInvalid, value(ValueType::kText, "\xc3")},
          {FindingCode::kDateFormat, value(ValueType::kDate, "2021-03")},
          {FindingCode::kDateInvalid, value(ValueType::kDate, "2021-02-29")},
          {FindingCode::kDateYearRange, value(ValueType::kDate, "1899-01-01")},
          {FindingCode::kDateTime,
           value(ValueType::kDate, "2021-03-26 12:00:00")},
          {FindingCode::kDateExcelSerial, value(ValueType::kDate, "44281")},
          {FindingCode::kDateTwoDigitYear, value(ValueType::kDate, "21-3-26")},
          {FindingCode::kMonthFormat, value(ValueType::kMonth, "20213")},
          {FindingCode::kMonthInvalid, value(ValueType::kMonth, "202113")},
          {FindingCode::kMonthFromDate, value(ValueType::kMonth, "2021-03-01")},
          {FindingCode::kMonthFullDate, value(ValueType::kMonth, "2021-03-15")},
          {FindingCode::kValidityFormat, value(ValueType::kValidity, "短期")},
          {FindingCode::kValidityRange,
           value(ValueType::kValidity, "2025-01-01至2021-01-01")},
          {FindingCode::kMoneyFormat, value(ValueType::kMoney, "1,23")},
          {FindingCode::kMoneyPrecision, value(ValueType::kMoney, "12.345")},
          {FindingCode::kMoneyScientific, value(ValueType::kMoney, "1.2E+3")},
          {FindingCode::kMoneyGrouping, value(ValueType::kMoney, "1,234.50")},
          {FindingCode::kMoneyNegative, value(ValueType::kMoney, "-15.00")},
          {FindingCode::kMoneyNotPositive,
           value(ValueType::kPositiveMoney, "0.00")},
          {FindingCode::kMoneyOverflow,
           value(ValueType::kMoney, "100000000000000000000")},
          {FindingCode::kMoneyUnit, value(ValueType::kMoney, "1.5万元")},
          {FindingCode::kQuantityFormat, value(ValueType::kQuantity, "1e3")},
          {FindingCode::kQuantityPrecision,
           value(ValueType::kQuantity, "0.12345")},
          {FindingCode::kQuantityNegative, value(ValueType::kQuantity, "-1")},
          {FindingCode::kRateFormat, value(ValueType::kRate, "12%%")},
          {FindingCode::kRateRange, value(ValueType::kRate, "120%")},
          {FindingCode::kRatePrecision, value(ValueType::kRate, "12.345%")},
          {FindingCode::kCountFormat, value(ValueType::kCount, "1.5")},
          {FindingCode::kYesNoUnknown, value(ValueType::kYesNo, "有")},
          {FindingCode::kUsageScopeUnknown,
           value(ValueType::kUsageScope, "内部")},
          {FindingCode::kUsageScopeSynonym,
           value(ValueType::kUsageScope, "公开")},
          {FindingCode::kSeverityUnknown, value(ValueType::kSeverity, "失信")},
          {FindingCode::kSeverityMild, value(ValueType::kSeverity, "轻微")},
      };
  for (const auto& [code, run] : table) {
    ValueCheck check = run();
    EXPECT_TRUE(Has(check, code))
        << FindingCodeName(code) << " not produced: " << Describe(check);
    EXPECT_EQ(check.severity(), DefaultSeverity(code)) << FindingCodeName(code);
  }
  // Every code of the sections the value parsers own appears above.
  // field.missing is the record's business (only it knows what is required),
  // encoding.retried the reader's.
  const std::vector<std::string_view> prefixes = {"field.placeholder",
                                                  "text.",
                                                  "encoding.invalid",
                                                  "date.",
                                                  "month.",
                                                  "validity.",
                                                  "money.",
                                                  "quantity.",
                                                  "rate.",
                                                  "count.",
                                                  "yes_no.",
                                                  "usage_scope.",
                                                  "severity."};
  int owned = 0;
  for (int i = 0; i < kFindingCodeCount; ++i) {
    auto code = static_cast<FindingCode>(i);
    std::string_view name = FindingCodeName(code);
    bool mine =
        std::any_of(prefixes.begin(), prefixes.end(),
                    [&](std::string_view p) { return name.starts_with(p); });
    if (!mine) continue;
    ++owned;
    bool listed = std::any_of(table.begin(), table.end(), [&](const auto& row) {
      return row.first == code;
    });
    EXPECT_TRUE(listed) << name << " has no input in the table";
  }
  EXPECT_EQ(owned, static_cast<int>(table.size()));
}

// ---- Robustness: random bytes never crash, and whatever is accepted has a
// canonical text that reads back as itself, unchanged. ----

TEST(ParseRobustnessTest, RandomBytesAndCanonicalFixedPoint) {
  const std::vector<std::string> pieces = {
      "0",        "1",    "2",    "3",        "9",      "20",
      "21",       "2021", "12",   "31",       "44281",  "-",
      "/",        ".",    ",",    ":",        " ",      "%",
      "+",        "E",    "e",    "P",        "Y",      "M",
      "D",        "年",   "月",   "日",       "至",     "~",
      "—",        "元",   "万",   "¥",        "个月",   "天",
      "长期",     "失信", "一般", "公开",     "是",     "T",
      "00:00:00", "０",   "１",   "２",       "\u3000", std::string(1, '\0'),
      "\xff",     "\xe5", "\x80", "\xc3\x28", "'",      "=\"",
      "\"",       "\t",   "\n",   "无",       "NULL",
  };
  const std::vector<ValueType> types = {
      ValueType::kText,          ValueType::kDate,     ValueType::kMonth,
      ValueType::kMonthOrDay,    ValueType::kValidity, ValueType::kMoney,
      ValueType::kPositiveMoney, ValueType::kQuantity, ValueType::kRate,
      ValueType::kCount,         ValueType::kYesNo,    ValueType::kUsageScope,
      ValueType::kSeverity};
  std::mt19937 rng(3);
  std::string canonical, again;
  int accepted = 0;  // so that the property is not vacuous
  for (int i = 0; i < 60000; ++i) {
    std::string input;
    int n = std::uniform_int_distribution<int>(0, 12)(rng);
    for (int k = 0; k < n; ++k) {
      if (rng() % 8 == 0) {
        input += static_cast<char>(rng() & 0xFF);
      } else {
        input += pieces[rng() % pieces.size()];
      }
    }
    for (ValueType type : types) {
      ValueCheck check = CheckValue(type, input, &canonical);
      if (!check.valid() || check.empty()) continue;
      if (type != ValueType::kText) ++accepted;
      ValueCheck back = CheckValue(type, canonical, &again);
      ASSERT_TRUE(back.valid()) << ValueTypeName(type) << " '" << input
                                << "' -> '" << canonical << "'";
      ASSERT_EQ(again, canonical) << ValueTypeName(type) << " '" << input;
      ASSERT_FALSE(back.normalised()) << ValueTypeName(type) << " '" << input;
      ASSERT_EQ(check.normalised(), input != canonical)
          << ValueTypeName(type) << " '" << input;
    }
    Date d;
    DateFromExcelSerial(input, &d);
  }
  EXPECT_GT(accepted, 1000);
  // Huge and NUL-filled inputs.
  for (const std::string& big :
       {std::string(1 << 20, '1'), std::string(1 << 20, '\0'),
        std::string(1 << 20, ' ') + "2021-03-26",
        "2021-03-26" + std::string(1 << 20, ' ')}) {
    for (ValueType type : types) {
      ValueCheck check = CheckValue(type, big, &canonical);
      (void)check;
    }
    Date d;
    EXPECT_FALSE(DateFromExcelSerial(big, &d).valid());
  }
}

// Every string of up to 6 characters over a small alphabet: whatever the
// number and date parsers accept, normalised() is exactly "the input is not
// the canonical text", and the canonical text reads back unchanged.
TEST(ParseRobustnessTest, ShortStringsExhaustively) {
  const std::string alphabet = "0150.-+%, /";
  const std::vector<ValueType> types = {ValueType::kMoney, ValueType::kQuantity,
                                        ValueType::kRate,  ValueType::kCount,
                                        ValueType::kDate,  ValueType::kMonth};
  std::string canonical, again;
  int accepted = 0;
  std::vector<size_t> digits;
  for (size_t length = 1; length <= 6; ++length) {
    digits.assign(length, 0);
    while (true) {
      std::string input;
      for (size_t d : digits) input += alphabet[d];
      for (ValueType type : types) {
        ValueCheck check = CheckValue(type, input, &canonical);
        if (!check.valid() || check.empty()) continue;
        ++accepted;
        ASSERT_EQ(check.normalised(), input != canonical)
            << ValueTypeName(type) << " '" << input << "' -> " << canonical;
        ValueCheck back = CheckValue(type, canonical, &again);
        ASSERT_TRUE(back.valid() && !back.normalised() && again == canonical)
            << ValueTypeName(type) << " '" << input << "' -> " << canonical;
      }
      size_t k = 0;
      while (k < length && ++digits[k] == alphabet.size()) digits[k++] = 0;
      if (k == length) break;
    }
  }
  EXPECT_GT(accepted, 10000);
}

}  // namespace
}  // namespace creditdata
