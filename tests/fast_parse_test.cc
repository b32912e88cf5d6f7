// The validator's fast paths must never disagree with the full parsers:
// whenever a fast path accepts a cell, the full parser accepts it too, with
// no finding, nothing normalised, and the same value.

#include "validate/fast_parse.h"

#include <random>
#include <string>
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

}  // namespace
}  // namespace creditdata::internal
