#include "creditdata/reader.h"

#include <sys/stat.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include "creditdata/writer.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "text/encoding.h"

namespace creditdata {
namespace {

using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::Field;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

// A valid natural_person_arrears row, by field id.
std::map<std::string, std::string> ArrearsValues() {
  return {{"name", "张三"},
          {"id_type", "身份证"},
          {"id_number", "320281199001011233"},
          {"account_no", "6222001"},
          {"arrears_type", "水费"},
          {"arrears_start_date", "2024-01-01"},
          {"arrears_end_date", "2024-03-31"},
          {"arrears_periods", "2024年1-3月"},
          {"overdue_days", "90"},
          {"arrears_quantity", "12.5"},
          {"arrears_amount", "345.60"},
          {"severity", "一般"},
          {"validity", "2027-12-31"},
          {"source_department", "江阴市自来水有限公司"},
          {"provider", "江阴市自来水有限公司"},
          {"usage_scope", "政务共享"},
          {"provided_date", "2025-01-10"}};
}

const TableInfo& Arrears() { return GetTable(TableId::kNaturalPersonArrears); }

std::string HeaderLine(const TableInfo& table, char delimiter = ',') {
  std::string line;
  for (size_t c = 0; c < table.columns.size(); ++c) {
    if (c > 0) line += delimiter;
    line += table.columns[c].header;
  }
  return line;
}

std::string Row(std::map<std::string, std::string> values,
                char delimiter = ',') {
  const TableInfo& t = Arrears();
  std::string line;
  for (size_t c = 0; c < t.columns.size(); ++c) {
    if (c > 0) line += delimiter;
    AppendCsvField(values[std::string(t.fields[t.columns[c].field].id)],
                   delimiter, &line);
  }
  return line;
}

std::string Csv(const std::vector<std::string>& rows,
                std::string_view eol = "\n") {
  std::string out = HeaderLine(Arrears());
  out += eol;
  for (const std::string& r : rows) {
    out += r;
    out += eol;
  }
  return out;
}

Report Validate(std::string_view data, ReadOptions options = {}) {
  auto report = ValidateBuffer(data, options);
  EXPECT_TRUE(report.ok()) << report.status();
  return report.ok() ? *report : Report{};
}

std::vector<std::string> Codes(const Report& r) {
  std::vector<std::string> codes;
  for (const Finding& f : r.findings) {
    codes.emplace_back(FindingCodeName(f.code));
  }
  return codes;
}

TEST(ReaderTest, ValidRowsAreValid) {
  Report r = Validate(Csv({Row(ArrearsValues())}));
  EXPECT_EQ(r.table, "natural_person_arrears");
  EXPECT_EQ(r.rows, 1);
  EXPECT_EQ(r.valid_rows, 1);
  EXPECT_EQ(r.errors, 0) << ReportToText(r);
  EXPECT_EQ(r.format, "csv");
  EXPECT_EQ(r.encoding, "utf-8");
}

TEST(ReaderTest, TypedRecordsCarryValues) {
  std::string data = Csv({Row(ArrearsValues())});
  auto reader = RecordReader::OpenBuffer(data);
  ASSERT_TRUE(reader.ok());
  ASSERT_TRUE((*reader)->Next());
  const auto& rec = std::get<NaturalPersonArrears>((*reader)->record());
  EXPECT_EQ(rec.name, "张三");
  EXPECT_EQ(rec.id_number, "320281199001011233");
  EXPECT_EQ(rec.arrears_amount->fen, 34560);
  EXPECT_EQ(rec.arrears_start_date->Format(), "2024-01-01");
  EXPECT_EQ(rec.severity, DishonestyLevel::kGeneral);
  EXPECT_EQ(rec.usage_scope, UsageScope::kGovernmentSharing);
  EXPECT_EQ((*reader)->row(), 2);
  EXPECT_TRUE((*reader)->row_valid());
  EXPECT_FALSE((*reader)->Next());
}

// Blank lines and rows of empty cells anywhere, trailing ones included,
// are skipped and counted.
TEST(ReaderTest, BlankLinesAndEmptyRowsAreCounted) {
  auto other = ArrearsValues();
  other["account_no"] = "6222999";
  std::string empty_cells(Arrears().columns.size() - 1, ',');
  std::string data = Csv({"", Row(ArrearsValues()), empty_cells, "", Row(other),
                          empty_cells, "", ""});
  for (size_t buffer_size : {size_t{1} << 20, size_t{16}}) {
    ReadOptions options;
    options.buffer_size = buffer_size;
    Report r = Validate(data, options);
    EXPECT_EQ(r.rows, 2);
    EXPECT_EQ(r.valid_rows, 2);
    EXPECT_EQ(r.blank_lines, 6) << buffer_size;
  }
}

TEST(ReaderTest, RowNumbersAreSpreadsheetRows) {
  auto bad = ArrearsValues();
  bad["arrears_amount"] = "12.345";
  Report r =
      Validate(Csv({Row(ArrearsValues()), Row(ArrearsValues()), "", Row(bad)}));
  // Rows 2 and 3 are duplicates of each other; row 4 is blank; row 5 bad.
  ASSERT_FALSE(r.findings.empty());
  EXPECT_EQ(r.blank_lines, 1);
  EXPECT_EQ(r.rows, 3);
  bool found = false;
  for (const Finding& f : r.findings) {
    if (f.code == FindingCode::kMoneyPrecision) {
      found = true;
      EXPECT_EQ(f.row, 5);
      EXPECT_EQ(f.column, 11);
      EXPECT_EQ(f.header, "欠费金额(元)");
      EXPECT_EQ(f.field, "arrears_amount");
      EXPECT_EQ(f.value, "12.345");
      EXPECT_EQ(f.severity, Severity::kError);
    }
  }
  EXPECT_TRUE(found) << ReportToText(r);
}

TEST(ReaderTest, QuotingEdgesAndCrlfInsideQuotes) {
  auto v = ArrearsValues();
  v["arrears_periods"] = "2024年1月,\"2月\"\r\n及3月";
  v["name"] = "张三";
  std::string data = Csv({Row(v)}, "\r\n");
  auto reader = RecordReader::OpenBuffer(data);
  ASSERT_TRUE(reader.ok());
  ASSERT_TRUE((*reader)->Next());
  const auto& rec = std::get<NaturalPersonArrears>((*reader)->record());
  EXPECT_EQ(rec.arrears_periods, "2024年1月,\"2月\"\r\n及3月")
      << ReportToText((*reader)->report());
  EXPECT_FALSE((*reader)->Next());
  EXPECT_EQ((*reader)->report().rows, 1);
}

TEST(ReaderTest, TabSeparatedIsDetected) {
  std::string data =
      HeaderLine(Arrears(), '\t') + "\n" + Row(ArrearsValues(), '\t') + "\n";
  Report r = Validate(data);
  EXPECT_EQ(r.format, "tsv");
  EXPECT_EQ(r.valid_rows, 1) << ReportToText(r);
}

TEST(ReaderTest, AnnexHeaderWithOddSpacingAndFullWidthParentheses) {
  std::string header =
      "姓名,证件类型,证件号码,账号,欠缴类型名称,欠缴 开始 日期,欠缴截止日期,"
      "欠缴账期,拖欠天数,欠费量,欠费金额（元）,失信严重程度,失信行为有效期,"
      "信息来源 部门全称,提供单位 全称,信息使 用 范 围,提供 日 期\n";
  Report r = Validate(header + Row(ArrearsValues()) + "\n");
  EXPECT_EQ(r.table, "natural_person_arrears");
  EXPECT_EQ(r.valid_rows, 1) << ReportToText(r);
}

TEST(ReaderTest, EncodingsUtf8BomUtf16AndGb18030) {
  std::string utf8 = Csv({Row(ArrearsValues())}, "\r\n");
  {
    Report r = Validate("\xEF\xBB\xBF" + utf8);
    EXPECT_EQ(r.encoding, "utf-8-bom");
    EXPECT_EQ(r.valid_rows, 1) << ReportToText(r);
  }
  {
    auto gb = text::Utf8ToGb18030(utf8);
    ASSERT_TRUE(gb.ok());
    Report r = Validate(*gb);
    EXPECT_EQ(r.encoding, "gb18030");
    EXPECT_EQ(r.valid_rows, 1) << ReportToText(r);
    EXPECT_EQ(r.errors, 0);
  }
  // UTF-16 with BOM, both byte orders (Excel's "Unicode text" is LE + tabs).
  std::string tsv = HeaderLine(Arrears(), '\t') + "\r\n" +
                    Row(ArrearsValues(), '\t') + "\r\n";
  for (bool little : {true, false}) {
    std::string utf16 = little ? "\xFF\xFE" : "\xFE\xFF";
    std::u32string code_points;
    for (size_t i = 0; i < tsv.size();) {
      unsigned char c = static_cast<unsigned char>(tsv[i]);
      char32_t cp;
      int n = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
      cp = n == 1 ? c : n == 2 ? c & 0x1F : n == 3 ? c & 0x0F : c & 0x07;
      for (int k = 1; k < n; ++k) cp = (cp << 6) | (tsv[i + k] & 0x3F);
      i += n;
      code_points.push_back(cp);
    }
    for (char32_t cp : code_points) {
      ASSERT_LT(cp, 0x10000u);
      char hi = static_cast<char>(cp >> 8), lo = static_cast<char>(cp & 0xFF);
      utf16 += little ? std::string{lo, hi} : std::string{hi, lo};
    }
    Report r = Validate(utf16);
    EXPECT_EQ(r.encoding, little ? "utf-16le" : "utf-16be");
    EXPECT_EQ(r.format, "tsv");
    EXPECT_EQ(r.valid_rows, 1) << ReportToText(r);
  }
}

TEST(ReaderTest, UndecodableByteIsAFindingOnItsCell) {
  // GB18030 is forced; 0xFF cannot start a GB18030 sequence.
  auto gb = text::Utf8ToGb18030(Csv({Row(ArrearsValues())}));
  ASSERT_TRUE(gb.ok());
  std::string data = *gb;
  size_t name = data.find('\n') + 1;  // the name cell of row 2
  data.insert(name + 2, "\xFF");
  ReadOptions options;
  options.encoding = InputEncoding::kGb18030;
  Report r = Validate(data, options);
  ASSERT_THAT(Codes(r), Contains("encoding.invalid")) << ReportToText(r);
  for (const Finding& f : r.findings) {
    if (f.code != FindingCode::kEncodingInvalid) continue;
    EXPECT_EQ(f.row, 2);
    EXPECT_EQ(f.column, 1);
    EXPECT_EQ(f.field, "name");
    EXPECT_THAT(f.message, HasSubstr("FF"));
  }
  EXPECT_EQ(r.valid_rows, 0);
}

TEST(ReaderTest, ShortAndLongRowsAreFindingsNotSkipped) {
  std::string short_row = "王五,身份证,320281199001011233";
  std::string long_row = Row(ArrearsValues()) + ",extra";
  auto v = ArrearsValues();
  v["account_no"] = "other";
  Report r = Validate(Csv({short_row, Row(v) + ",extra"}));
  EXPECT_EQ(r.rows, 2);
  EXPECT_EQ(r.valid_rows, 0);
  EXPECT_THAT(Codes(r), Contains("row.too_few_cells"));
  EXPECT_THAT(Codes(r), Contains("row.too_many_cells"));
  // Trailing empty cells are harmless.
  Report ok = Validate(Csv({Row(ArrearsValues()) + ",,"}));
  EXPECT_EQ(ok.valid_rows, 1) << ReportToText(ok);
}

TEST(ReaderTest, EmptyAndHeaderOnlyFiles) {
  Report empty = Validate("");
  EXPECT_TRUE(IsUnreadable(empty));
  EXPECT_THAT(Codes(empty), Contains("file.no_header"));
  Report header_only = Validate(HeaderLine(Arrears()) + "\n");
  EXPECT_FALSE(IsUnreadable(header_only));
  EXPECT_EQ(header_only.rows, 0);
  EXPECT_EQ(header_only.errors, 0);
  EXPECT_EQ(header_only.table, "natural_person_arrears");
}

TEST(ReaderTest, UnknownTableAndMissingColumns) {
  Report unknown = Validate("a,b,c\n1,2,3\n");
  EXPECT_TRUE(IsUnreadable(unknown));
  EXPECT_THAT(Codes(unknown), Contains("file.unknown_table"));
  // With the table named, a missing required column is a file finding.
  std::string header = HeaderLine(Arrears());
  header.erase(header.find("证件号码,"), std::string("证件号码,").size());
  ReadOptions options;
  options.table = TableId::kNaturalPersonArrears;
  Report missing = Validate(header + "\n", options);
  EXPECT_THAT(Codes(missing), Contains("header.missing_column"));
  EXPECT_FALSE(IsUnreadable(missing));
  // An extra column is a warning.
  Report extra = Validate(HeaderLine(Arrears()) + ",备注\n" +
                          Row(ArrearsValues()) + ",x\n");
  EXPECT_THAT(Codes(extra), Contains("header.unknown_column"));
  EXPECT_EQ(extra.valid_rows, 1) << ReportToText(extra);
}

TEST(ReaderTest, FindingsBeyondTheLimitAreCountedNotStored) {
  std::vector<std::string> rows;
  for (int i = 0; i < 50; ++i) {
    auto v = ArrearsValues();
    v["account_no"] = "a" + std::to_string(i);
    v["arrears_amount"] = "1.001";
    rows.push_back(Row(v));
  }
  ReadOptions options;
  options.max_findings = 10;
  Report r = Validate(Csv(rows), options);
  EXPECT_EQ(r.findings.size(), 10u);
  EXPECT_EQ(r.errors, 50);
  EXPECT_TRUE(r.truncated);
  EXPECT_EQ(r.rows, 50);
  EXPECT_EQ(r.valid_rows, 0);
}

// ---- Rules across fields: one row that breaks each, one that keeps it. ----

struct RuleCase {
  const char* name;
  std::map<std::string, std::string> breaks;
  const char* code;
};

TEST(ReaderRulesTest, EachRuleHasABreakingAndAKeepingRow) {
  std::vector<RuleCase> cases = {
      {"range", {{"arrears_end_date", "2023-12-31"}}, "record.range_order"},
      {"after provided",
       {{"arrears_end_date", "2025-02-01"}},
       "record.after_provided_date"},
      // The provided date not in canonical form: judged the long way.
      {"after provided, written 2025/1/10",
       {{"arrears_end_date", "2025-02-01"}, {"provided_date", "2025/1/10"}},
       "record.after_provided_date"},
      {"birth after provided",
       {{"id_number", "320281202501200014"}, {"provided_date", "2025-01-10"}},
       "id_number.birth_date"},
      {"overdue days", {{"overdue_days", "400"}}, "record.overdue_days"},
      {"positive money", {{"arrears_amount", "0.00"}}, "money.not_positive"},
  };
  for (const RuleCase& c : cases) {
    SCOPED_TRACE(c.name);
    auto v = ArrearsValues();
    for (const auto& [k, val] : c.breaks) v[k] = val;
    Report broken = Validate(Csv({Row(v)}));
    EXPECT_THAT(Codes(broken), Contains(c.code)) << ReportToText(broken);
    Report kept = Validate(Csv({Row(ArrearsValues())}));
    EXPECT_THAT(Codes(kept), IsEmpty()) << ReportToText(kept);
  }
}

TEST(ReaderRulesTest, NaturalKeyDuplicateNamesTheFirstRow) {
  auto other = ArrearsValues();
  other["account_no"] = "6222999";
  Report r =
      Validate(Csv({Row(ArrearsValues()), Row(other), Row(ArrearsValues())}));
  ASSERT_THAT(Codes(r), ElementsAre("record.duplicate_key"));
  EXPECT_EQ(r.findings[0].row, 4);
  EXPECT_THAT(r.findings[0].message, HasSubstr("row 2"));
  EXPECT_EQ(r.valid_rows, 2);
}

std::string LegalArrearsCsv(const std::string& uscc,
                            const std::string& org_code,
                            const std::string& reg_no) {
  const TableInfo& t = GetTable(TableId::kLegalPersonArrears);
  std::map<std::string, std::string> v = {
      {"org_name", "江阴市某某有限公司"},
      {"uscc", uscc},
      {"org_code", org_code},
      {"reg_no", reg_no},
      {"account_no", "A001"},
      {"arrears_type", "电费"},
      {"arrears_start_date", "2024-01-01"},
      {"arrears_end_date", "2024-06-30"},
      {"arrears_amount", "1000.00"},
      {"severity", "较重"},
      {"source_department", "国网江苏省电力有限公司江阴市供电分公司"},
      {"provider", "国网江苏省电力有限公司江阴市供电分公司"},
      {"usage_scope", "政务共享"},
      {"provided_date", "2025-01-10"}};
  std::string out = HeaderLine(t) + "\n";
  for (size_t c = 0; c < t.columns.size(); ++c) {
    if (c > 0) out += ",";
    out += v[std::string(t.fields[t.columns[c].field].id)];
  }
  return out + "\n";
}

TEST(ReaderRulesTest, SubjectCodesPresentAndConsistent) {
  Report ok = Validate(LegalArrearsCsv("91320281MA1N2P3Q06", "MA1N2P3Q0", ""));
  EXPECT_THAT(Codes(ok), IsEmpty()) << ReportToText(ok);
  Report only_reg = Validate(LegalArrearsCsv("", "", "320281000000011"));
  EXPECT_THAT(Codes(only_reg), IsEmpty()) << ReportToText(only_reg);
  Report none = Validate(LegalArrearsCsv("", "", ""));
  EXPECT_THAT(Codes(none), Contains("record.subject_missing"));
  Report mismatch =
      Validate(LegalArrearsCsv("91320281MA1N2P3Q06", "MA1MRHG20", ""));
  EXPECT_THAT(Codes(mismatch), Contains("record.org_code_mismatch"));
}

TEST(ReaderRulesTest, RepeatedColumnsMustAgree) {
  const TableInfo& t = GetTable(TableId::kNaturalPersonSocialInsurance);
  std::map<std::string, std::string> v = {
      {"name", "李四"},
      {"id_type", "身份证"},
      {"id_number", "32028119880808106X"},
      {"contribution_month", "2024-06"},
      {"insurance_type", "养老"},
      {"personal_amount", "320.00"},
      {"source_department", "江阴市社会保险基金管理中心"},
      {"provider", "江阴市社会保险基金管理中心"},
      {"usage_scope", "政务共享"},
      {"provided_date", "2025-01-10"}};
  auto csv = [&](const std::vector<std::string>& uscc_cells) {
    std::string out = HeaderLine(t) + "\n";
    int repeat = 0;
    for (size_t c = 0; c < t.columns.size(); ++c) {
      if (c > 0) out += ",";
      std::string id(t.fields[t.columns[c].field].id);
      out += id == "employer_uscc" ? uscc_cells[repeat++] : v[id];
    }
    return out + "\n";
  };
  Report agree = Validate(csv(
      {"91320281MA1N2P3Q06", "91320281MA1N2P3Q06", "", "91320281MA1N2P3Q06"}));
  EXPECT_THAT(Codes(agree), IsEmpty()) << ReportToText(agree);
  Report disagree =
      Validate(csv({"91320281MA1N2P3Q06", "91320621MA1MRHG205", "", ""}));
  EXPECT_THAT(Codes(disagree), Contains("record.repeat_disagree"));
  EXPECT_EQ(disagree.valid_rows, 0);
}

TEST(ReaderRulesTest, HousingFundAmountWarning) {
  const TableInfo& t = GetTable(TableId::kNaturalPersonHousingFund);
  auto csv = [&](const std::string& personal) {
    std::map<std::string, std::string> v = {
        {"name", "王五"},
        {"id_type", "身份证"},
        {"id_number", "320281199001011233"},
        {"fund_account_no", "F001"},
        {"paid_through_month", "2024-12"},
        {"contribution_base", "8000.00"},
        {"contribution_rate", "12%"},
        {"personal_amount", personal},
        {"source_department", "无锡市住房公积金管理中心江阴分中心"},
        {"provider", "无锡市住房公积金管理中心江阴分中心"},
        {"usage_scope", "政务共享"},
        {"provided_date", "2025-01-10"}};
    std::string out = HeaderLine(t) + "\n";
    for (size_t c = 0; c < t.columns.size(); ++c) {
      if (c > 0) out += ",";
      out += v[std::string(t.fields[t.columns[c].field].id)];
    }
    return out + "\n";
  };
  EXPECT_THAT(Codes(Validate(csv("960.00"))), IsEmpty());
  EXPECT_THAT(Codes(Validate(csv("960.80"))), IsEmpty());
  Report off = Validate(csv("990.00"));
  EXPECT_THAT(Codes(off), ElementsAre("record.fund_amount"));
  EXPECT_EQ(off.valid_rows, 1);  // a warning never rejects a row
}

// ---- JSON ----

TEST(ReaderJsonTest, ArrayAndNdjsonWithIdsOrChineseKeys) {
  auto v = ArrearsValues();
  std::string object = "{";
  bool first = true;
  for (const auto& [k, val] : v) {
    if (!first) object += ",";
    first = false;
    AppendJsonString(k == "name" ? "姓名" : k, &object);
    object += ":";
    AppendJsonString(val, &object);
  }
  object += "}";
  Report array = Validate("[" + object + "]");
  EXPECT_EQ(array.format, "json");
  EXPECT_EQ(array.valid_rows, 1) << ReportToText(array);
  std::string other = object;
  other.replace(other.find("6222001"), 7, "6222002");
  Report nd = Validate(object + "\n" + other + "\n");
  EXPECT_EQ(nd.format, "ndjson");
  EXPECT_EQ(nd.rows, 2);
  EXPECT_EQ(nd.valid_rows, 2) << ReportToText(nd);
}

TEST(ReaderJsonTest, NumbersForIdentifiersAreFindings) {
  std::string object =
      R"({"name":"张三","id_type":"身份证","id_number":320281199001011233,)"
      R"("account_no":"1","arrears_type":"水费","arrears_start_date":"2024-01-01",)"
      R"("arrears_end_date":"2024-03-31","arrears_amount":345.6,"severity":"一般",)"
      R"("source_department":"x","provider":"y","usage_scope":"政务共享",)"
      R"("provided_date":"2025-01-10","extra":1})";
  Report r = Validate(object + "\n");
  EXPECT_THAT(Codes(r), Contains("json.number_identifier"));
  EXPECT_THAT(Codes(r), Contains("json.unknown_key"));
  EXPECT_EQ(r.valid_rows, 0);
  // With the table named, a record that is not an object is a finding on
  // its row, and the rows after it are still read.
  ReadOptions options;
  options.table = TableId::kNaturalPersonArrears;
  Report bad = Validate(
      "{\"name\":\"张三\"}\n{not json}\n[1]\n" + object + "\n", options);
  EXPECT_EQ(bad.rows, 4);
  EXPECT_THAT(Codes(bad), Contains("json.not_object"));
  EXPECT_THAT(Codes(bad), Contains("field.missing"));
  // Without a table, a first record whose keys name no table is fatal.
  EXPECT_TRUE(IsUnreadable(Validate("{\"x\":1}\n")));
}

// NDJSON records of natural_person_arrears that take both ways through
// the JSON reader: its own for flat records, simdjson for the rest
// (escapes, some of them at the ends of 64-row batches, values of other
// types, spacing), with numbers, nulls, key orders that change between
// rows, unknown keys and repeated keys.
std::vector<std::string> MixedJsonRecords(int count) {
  std::vector<std::string> out;
  for (int i = 0; i < count; ++i) {
    auto v = ArrearsValues();
    v["account_no"] = "A" + std::to_string(i % 270);  // keys repeat
    std::vector<std::pair<std::string, std::string>> members;
    for (const auto& [k, val] : v) {
      std::string json;
      AppendJsonString(val, &json);
      members.emplace_back(k, json);
    }
    auto set = [&](const std::string& key, const std::string& json) {
      for (auto& m : members) {
        if (m.first == key) m.second = json;
      }
    };
    if (i % 64 == 63 || i % 64 == 0 || i % 17 == 3) {
      set("arrears_periods",
          "\"第\\\"" + std::to_string(i) + "\\\"期\\u6b20\"");  // 第"i"期欠
    }
    if (i % 11 == 4) set("arrears_amount", "345.6");
    if (i % 13 == 5) set("arrears_quantity", "null");
    if (i % 31 == 9) set("id_number", "320281199001011233");
    if (i % 41 == 11) set("validity", "true");
    if (i % 7 == 2) std::reverse(members.begin(), members.end());
    if (i % 5 == 1)
      std::rotate(members.begin(), members.begin() + 3, members.end());
    if (i % 19 == 6) members.emplace_back("extra", "1");
    if (i % 23 == 7) members.emplace_back("name", "\"李四\"");
    if (i % 29 == 8) members.emplace_back("name", "\"张三\"");
    if (i % 43 == 12) members.emplace_back("姓名", "\"张三\"");
    const char* colon = i % 37 == 10 ? " : " : ":";
    const char* comma = i % 37 == 10 ? " ,\t" : ",";
    std::string object = "{";
    for (size_t m = 0; m < members.size(); ++m) {
      if (m > 0) object += comma;
      AppendJsonString(members[m].first, &object);
      object += colon;
      object += members[m].second;
    }
    object += i % 37 == 10 ? " }" : "}";
    out.push_back(object);
  }
  return out;
}

std::string Join(const std::vector<std::string>& parts, std::string_view sep) {
  std::string out;
  for (size_t i = 0; i < parts.size(); ++i) {
    if (i > 0) out += sep;
    out += parts[i];
  }
  return out;
}

// JSON rows are read and validated in batches too, on worker threads when
// asked, and strings without escapes are views into the input: neither
// may change a finding, a count, a cell or a record, wherever the chunk
// and batch boundaries fall, and whichever records are asked for.
TEST(ReaderJsonTest, BatchesChunksAndThreadsDoNotChangeTheResult) {
  std::vector<std::string> records = MixedJsonRecords(300);
  std::string ndjson = Join(records, "\n") + "\n";
  std::string array = "[\n" + Join(records, ",\n") + "\n]\n";
  std::string crlf = Join(records, "\r\n");  // and no line end at the end
  std::string bom = "\xEF\xBB\xBF" + ndjson;
  std::string gb18030 = text::Utf8ToGb18030(ndjson).value();
  struct Seen {
    int64_t row;
    bool valid;
    std::string raw;
    std::vector<std::string> cells;
    std::vector<FindingCode> codes;
    NaturalPersonArrears record;  // empty unless asked for
  };
  for (const std::string* input : {&ndjson, &array, &crlf, &bom, &gb18030}) {
    std::string expected;
    std::vector<Seen> expected_rows;
    struct Config {
      size_t buffer_size;
      int threads;
      int ask_every;  // record() for every n-th row only
    };
    for (Config config :
         {Config{size_t{1} << 20, 1, 1}, Config{4096, 1, 1}, Config{37, 1, 1},
          Config{size_t{1} << 20, 2, 1}, Config{4096, 3, 1}, Config{37, 2, 1},
          Config{size_t{1} << 20, 1, 5}, Config{700, 2, 3}}) {
      ReadOptions options;
      options.buffer_size = config.buffer_size;
      options.threads = config.threads;
      auto reader = RecordReader::OpenBuffer(*input, options);
      ASSERT_TRUE(reader.ok());
      std::vector<Seen> rows;
      while ((*reader)->Next()) {
        Seen seen;
        seen.row = (*reader)->row();
        seen.valid = (*reader)->row_valid();
        seen.raw = std::string((*reader)->raw_row());
        for (std::string_view c : (*reader)->cells())
          seen.cells.emplace_back(c);
        for (const Finding& f : (*reader)->row_findings()) {
          seen.codes.push_back(f.code);
        }
        if (rows.size() % config.ask_every == 0) {
          seen.record = std::get<NaturalPersonArrears>((*reader)->record());
          // The cells as read, still valid after the record was filled.
          ASSERT_EQ((*reader)->cells()[7], seen.record.arrears_periods);
        }
        rows.push_back(std::move(seen));
      }
      std::string json = ReportToJson((*reader)->report());
      std::string what = "buffer size " + std::to_string(config.buffer_size) +
                         ", threads " + std::to_string(config.threads) +
                         ", every " + std::to_string(config.ask_every);
      if (expected.empty()) {
        expected = json;
        expected_rows = std::move(rows);
        ASSERT_EQ(expected_rows.size(), 300u);
        EXPECT_EQ((*reader)->report().rows, 300);
        continue;
      }
      EXPECT_EQ(json, expected) << what;
      ASSERT_EQ(rows.size(), expected_rows.size()) << what;
      for (size_t i = 0; i < rows.size(); ++i) {
        const Seen& a = rows[i];
        const Seen& b = expected_rows[i];
        EXPECT_EQ(a.row, b.row) << what << ", row " << i;
        EXPECT_EQ(a.valid, b.valid) << what << ", row " << i;
        EXPECT_EQ(a.raw, b.raw) << what << ", row " << i;
        EXPECT_EQ(a.cells, b.cells) << what << ", row " << i;
        EXPECT_EQ(a.codes, b.codes) << what << ", row " << i;
        if (i % config.ask_every == 0) {
          EXPECT_EQ(a.record, b.record) << what << ", row " << i;
        }
      }
    }
    // Escaped strings (at batch ends too) are unescaped; the others come
    // from the input as they are.
    EXPECT_EQ(expected_rows[63].record.arrears_periods, "第\"63\"期欠");
    EXPECT_EQ(expected_rows[64].record.arrears_periods, "第\"64\"期欠");
    EXPECT_EQ(expected_rows[1].record.arrears_periods, "2024年1-3月");
    EXPECT_EQ(expected_rows[2].record.name, "张三");  // keys reversed
    EXPECT_EQ(expected_rows[2].record.account_no, "A2");
    EXPECT_THAT(expected_rows[7].codes,
                Contains(FindingCode::kRecordRepeatDisagree));
    EXPECT_THAT(expected_rows[6].codes, Contains(FindingCode::kJsonUnknownKey));
    EXPECT_THAT(expected_rows[9].codes,
                Contains(FindingCode::kJsonNumberIdentifier));
    EXPECT_THAT(expected_rows[11].codes, Contains(FindingCode::kJsonValueType));
    EXPECT_TRUE(expected_rows[10].valid);  // spaced out
    EXPECT_TRUE(expected_rows[5].valid);   // a null quantity
    EXPECT_THAT(expected_rows[270].codes,
                Contains(FindingCode::kRecordDuplicateKey));
  }
}

// Most rows repeat the key order of the row before; any may change it.
TEST(ReaderJsonTest, KeyOrderMayChangeBetweenRows) {
  auto v = ArrearsValues();
  auto object = [&](bool reversed, const std::string& account) {
    std::vector<std::string> members;
    for (const auto& [k, val] : v) {
      std::string m;
      AppendJsonString(k, &m);
      m += ":";
      AppendJsonString(k == "account_no" ? account : val, &m);
      members.push_back(m);
    }
    if (reversed) std::reverse(members.begin(), members.end());
    return "{" + Join(members, ",") + "}";
  };
  std::string data = object(false, "1") + "\n" + object(true, "2") + "\n" +
                     object(false, "3") + "\n" + object(true, "4") + "\n";
  auto reader = RecordReader::OpenBuffer(data);
  ASSERT_TRUE(reader.ok());
  int n = 0;
  while ((*reader)->Next()) {
    ++n;
    EXPECT_TRUE((*reader)->row_valid()) << n;
    const auto& r = std::get<NaturalPersonArrears>((*reader)->record());
    EXPECT_EQ(r.account_no, std::to_string(n));
    EXPECT_EQ(r.name, "张三");
    EXPECT_EQ(r.provided_date, Date::FromYmd(2025, 1, 10)) << n;
  }
  EXPECT_EQ(n, 4);
  EXPECT_EQ((*reader)->report().valid_rows, 4);
}

// ---- Write → read round trip ----

TEST(WriterTest, RoundTripEveryFormat) {
  std::vector<std::string> rows;
  for (int i = 0; i < 20; ++i) {
    auto v = ArrearsValues();
    v["account_no"] = "acct," + std::to_string(i);
    v["arrears_periods"] = i % 2 ? "含\"引号\"" : "";
    rows.push_back(Row(v));
  }
  std::string data = Csv(rows);
  std::vector<AnyRecord> original;
  {
    auto reader = RecordReader::OpenBuffer(data);
    ASSERT_TRUE(reader.ok());
    while ((*reader)->Next()) {
      ASSERT_TRUE((*reader)->row_valid());
      original.push_back((*reader)->record());
    }
  }
  ASSERT_EQ(original.size(), 20u);
  for (OutputFormat format :
       {OutputFormat::kCsv, OutputFormat::kCsvBom, OutputFormat::kCsvGb18030,
        OutputFormat::kJson, OutputFormat::kNdjson}) {
    for (HeaderStyle style : {HeaderStyle::kTemplate, HeaderStyle::kFieldIds}) {
      SCOPED_TRACE(std::string(OutputFormatName(format)));
      RecordWriter writer(Arrears(), format, style);
      std::string out;
      writer.Begin(&out);
      for (const AnyRecord& rec : original) writer.Write(rec, &out);
      writer.End(&out);
      std::vector<AnyRecord> back;
      auto reader = RecordReader::OpenBuffer(out);
      ASSERT_TRUE(reader.ok());
      while ((*reader)->Next()) back.push_back((*reader)->record());
      EXPECT_EQ((*reader)->report().errors, 0)
          << ReportToText((*reader)->report());
      EXPECT_EQ(back, original);
    }
  }
}

namespace creditdata {
namespace {

// The reader's and the rules' codes not produced by the tests above.
TEST(ReaderCodesTest, RemainingCodesHaveInputsThatProduceThem) {
  auto arrears = [](const std::string& extra_header, const std::string& row) {
    return HeaderLine(Arrears()) + extra_header + "\n" + row + "\n";
  };
  // A quote left open.
  auto v = ArrearsValues();
  std::string open_quote = Row(v);
  open_quote.replace(open_quote.find("6222001"), 7, "\"6222001");
  EXPECT_THAT(Codes(Validate(arrears("", open_quote))),
              Contains("row.malformed_quote"));
  // A column named twice beyond what the annex repeats.
  EXPECT_THAT(Codes(Validate(arrears(",姓名", Row(v) + ",张三"))),
              Contains("header.duplicate_column"));
  // A header that fits two tables equally.
  std::string both;
  for (const TableInfo* t :
       {&GetTable(TableId::kNaturalPersonArrears),
        &GetTable(TableId::kNaturalPersonUtilityPayment)}) {
    for (const FieldInfo& f : t->fields) {
      if (("," + both).find("," + std::string(f.id) + ",") ==
          std::string::npos) {
        both += std::string(f.id) + ",";
      }
    }
  }
  EXPECT_THAT(Codes(Validate(both + "\n")), Contains("file.ambiguous_table"));
  // JSON: a value of the wrong kind, and broken syntax inside an object.
  ReadOptions options;
  options.table = TableId::kNaturalPersonArrears;
  EXPECT_THAT(Codes(Validate("{\"name\":[\"张三\"]}\n", options)),
              Contains("json.value_type"));
  EXPECT_THAT(Codes(Validate("{\"name\":\"张三\",}\n", options)),
              Contains("json.syntax"));
  // Social insurance: an unusual insurance type; legal person: an 18-char
  // registration number that is not the credit code.
  const TableInfo& si = GetTable(TableId::kLegalPersonSocialInsurance);
  std::map<std::string, std::string> s = {{"org_name", "江阴市某某有限公司"},
                                          {"uscc", "91320281MA1N2P3Q06"},
                                          {"reg_no", "91320621MA1MRHG205"},
                                          {"contribution_month", "2024-06"},
                                          {"insurance_type", "意外险"},
                                          {"amount_due", "100.00"},
                                          {"amount_paid", "100.00"},
                                          {"source_department", "x"},
                                          {"provider", "y"},
                                          {"usage_scope", "政务共享"},
                                          {"provided_date", "2025-01-10"}};
  std::string csv = HeaderLine(si) + "\n";
  for (size_t c = 0; c < si.columns.size(); ++c) {
    if (c > 0) csv += ",";
    csv += s[std::string(si.fields[si.columns[c].field].id)];
  }
  Report r = Validate(csv + "\n");
  EXPECT_THAT(Codes(r), Contains("insurance_type.unusual"));
  EXPECT_THAT(Codes(r), Contains("record.reg_no_mismatch"));
}

}  // namespace
}  // namespace creditdata

namespace creditdata {
namespace {

TEST(ReaderJsonTest, UnreadableRecordIsEmptyNotThePreviousOne) {
  ReadOptions options;
  options.table = TableId::kNaturalPersonArrears;
  std::string data = "{\"name\":\"张三\"}\n[1]\n";
  auto reader = RecordReader::OpenBuffer(data, options);
  ASSERT_TRUE(reader.ok());
  ASSERT_TRUE((*reader)->Next());
  EXPECT_EQ(std::get<NaturalPersonArrears>((*reader)->record()).name, "张三");
  ASSERT_TRUE((*reader)->Next());
  EXPECT_FALSE((*reader)->row_valid());
  EXPECT_EQ(std::get<NaturalPersonArrears>((*reader)->record()),
            NaturalPersonArrears{});
}

}  // namespace
}  // namespace creditdata

// Rows are validated in batches, and an in-memory UTF-8 input is read in
// place: neither may change a finding, a count or a cell, wherever the
// chunk and batch boundaries fall.
TEST(ReaderBatchTest, ChunkSizesAndBatchesDoNotChangeTheResult) {
  std::vector<std::string> rows;
  for (int i = 0; i < 500; ++i) {
    auto v = ArrearsValues();
    v["account_no"] = "A" + std::to_string(i % 450);  // keys repeat from 450
    v["arrears_periods"] = "第\"" + std::to_string(i) + "\"期, 欠";  // quoted
    if (i % 97 == 5) v["arrears_amount"] = "abc";
    rows.push_back(Row(v));
  }
  std::string clean = Csv(rows);
  std::string bom = "\xEF\xBB\xBF" + clean;
  std::string late_bad_byte = clean;
  late_bad_byte[late_bad_byte.size() - 40] = '\xFF';
  // Decoded chunk by chunk into buffers of the reader's own.
  std::string gb18030 = text::Utf8ToGb18030(clean).value();

  for (const std::string* input : {&clean, &bom, &late_bad_byte, &gb18030}) {
    std::string expected;
    std::vector<std::string> expected_periods;
    for (auto [buffer_size, threads] :
         {std::pair{size_t{1} << 20, 1}, std::pair{size_t{4096}, 1},
          std::pair{size_t{37}, 1}, std::pair{size_t{1} << 20, 2},
          std::pair{size_t{4096}, 3}, std::pair{size_t{37}, 2}}) {
      ReadOptions options;
      options.buffer_size = buffer_size;
      options.threads = threads;
      auto reader = RecordReader::OpenBuffer(*input, options);
      ASSERT_TRUE(reader.ok());
      std::vector<std::string> periods;
      int64_t duplicates = 0;
      while ((*reader)->Next()) {
        const auto& r = std::get<NaturalPersonArrears>((*reader)->record());
        periods.push_back(r.arrears_periods);
        // The cell as read: unescaped, and still valid after later rows
        // of its batch were split.
        ASSERT_EQ((*reader)->cells()[7], r.arrears_periods);
        for (const Finding& f : (*reader)->row_findings()) {
          duplicates += f.code == FindingCode::kRecordDuplicateKey;
        }
      }
      EXPECT_EQ(duplicates, 50);
      std::string json = ReportToJson((*reader)->report());
      if (expected.empty()) {
        expected = json;
        expected_periods = periods;
        EXPECT_EQ((*reader)->report().rows, 500);
      } else {
        EXPECT_EQ(json, expected)
            << "buffer size " << buffer_size << ", threads " << threads;
        EXPECT_EQ(periods, expected_periods);
      }
    }
    EXPECT_EQ(expected_periods[123], "第\"123\"期, 欠");
  }
}

// A regular file is mapped and read in place; a pipe is read chunk by
// chunk. Both give the report a buffer gives.
TEST(ReaderBatchTest, TextIsTheRowsOwnWhicheverRecordsAreAskedFor) {
  // Canonical text is copied into the record only when it is asked for:
  // a record asked for after others were skipped still has its own text,
  // and text that needed normalising has its canonical form.
  std::vector<std::string> rows;
  for (int i = 0; i < 300; ++i) {
    auto v = ArrearsValues();
    v["name"] = (i % 3 == 0 ? " 姓名" : "姓名") + std::to_string(i);
    v["account_no"] = "K" + std::to_string(i);
    v["arrears_periods"] = i % 5 == 0 ? "" : "账期" + std::to_string(i);
    rows.push_back(Row(v));
  }
  std::string data = Csv(rows);
  for (int threads : {1, 2}) {
    ReadOptions options;
    options.threads = threads;
    auto reader = RecordReader::OpenBuffer(data, options);
    ASSERT_TRUE(reader.ok());
    int i = 0;
    for (; (*reader)->Next(); ++i) {
      if (i % 7 == 3) continue;  // this record is never asked for
      const auto& r = std::get<NaturalPersonArrears>((*reader)->record());
      EXPECT_EQ(r.name, "姓名" + std::to_string(i));
      EXPECT_EQ(r.account_no, "K" + std::to_string(i));
      EXPECT_EQ(r.arrears_periods,
                i % 5 == 0 ? "" : "账期" + std::to_string(i));
      // Asking again gives the same.
      EXPECT_EQ(&r, &std::get<NaturalPersonArrears>((*reader)->record()));
      EXPECT_EQ(r.name, "姓名" + std::to_string(i));
    }
    EXPECT_EQ(i, 300);
    EXPECT_EQ((*reader)->report().valid_rows, 300);
    EXPECT_EQ((*reader)->report().normalised, 100);
  }
}

TEST(ReaderBatchTest, FilesAndPipesReadLikeBuffers) {
  std::vector<std::string> rows;
  for (int i = 0; i < 3000; ++i) {
    auto v = ArrearsValues();
    v["account_no"] = "P" + std::to_string(i % 2900);
    rows.push_back(Row(v));
  }
  std::string data = Csv(rows);
  data[data.size() / 2] = '\xFF';  // past the first chunk: decoded, reported
  std::string expected = ReportToJson(Validate(data));

  std::string dir = ::testing::TempDir();
  std::string file = dir + "/creditdata_reader_file.csv";
  std::string fifo = dir + "/creditdata_reader_fifo.csv";
  {
    std::ofstream out(file, std::ios::binary);
    out << data;
  }
  for (int threads : {1, 2, 4}) {
    ReadOptions options;
    options.threads = threads;
    auto from_file = ValidateFile(file, options);
    ASSERT_TRUE(from_file.ok());
    from_file->file.clear();
    EXPECT_EQ(ReportToJson(*from_file), expected) << threads << " threads";
  }

  std::remove(fifo.c_str());
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  std::thread writer([&] {
    std::ofstream out(fifo, std::ios::binary);
    out << data;
  });
  ReadOptions two_threads;
  two_threads.threads = 2;  // a pipe is decoded in chunks: one at a time
  auto from_pipe = ValidateFile(fifo, two_threads);
  writer.join();
  ASSERT_TRUE(from_pipe.ok());
  from_pipe->file.clear();
  EXPECT_EQ(ReportToJson(*from_pipe), expected);
  EXPECT_EQ(from_pipe->rows, 3000);
  EXPECT_THAT(Codes(*from_pipe), Contains("encoding.invalid"));
  EXPECT_EQ(
      std::count_if(from_pipe->findings.begin(), from_pipe->findings.end(),
                    [](const Finding& f) {
                      return f.code == FindingCode::kRecordDuplicateKey;
                    }),
      100);
  std::remove(fifo.c_str());
  std::remove(file.c_str());
}

// An unterminated quote would make the rest of the input one record (and
// reading it quadratic, chunk after chunk); past max_record_bytes the
// record ends at its first line end and reading resumes on the next line.
TEST(ReaderBatchTest, OversizedRecordIsCutAtItsFirstLineEnd) {
  std::vector<std::string> rows;
  for (int i = 0; i < 300; ++i) {
    auto v = ArrearsValues();
    v["account_no"] = "Q" + std::to_string(i);
    rows.push_back(Row(v));
  }
  rows[1].replace(rows[1].find("6222001") == std::string::npos
                      ? rows[1].find(",Q1,") + 1
                      : rows[1].find("6222001"),
                  0, "\"");  // row 3 opens a quote that never closes
  std::string data = Csv(rows);
  for (size_t buffer_size : {size_t{64}, size_t{1} << 20}) {
    ReadOptions options;
    options.buffer_size = buffer_size;
    options.max_record_bytes = 2000;
    Report r = Validate(data, options);
    EXPECT_EQ(r.rows, 300) << buffer_size;
    EXPECT_EQ(r.valid_rows, 299) << buffer_size;
    ASSERT_FALSE(r.findings.empty());
    EXPECT_EQ(r.findings[0].row, 3);
    EXPECT_THAT(Codes(r), Contains("row.malformed_quote"));
  }
  // Within the limit the quote runs to the end of the input, as RFC 4180
  // reads it: one malformed record.
  Report whole = Validate(data);
  EXPECT_EQ(whole.rows, 2);
  EXPECT_EQ(whole.valid_rows, 1);
}

// STANDARDS 8.2 step 4: a header that matches nothing in the encoding read
// is decoded the other way (UTF-8 <-> GB18030) before the input is given
// up; a pipe cannot start over, so it is reported as it reads.
TEST(ReaderTest, MojibakeHeaderIsRetriedInTheOtherEncoding) {
  std::vector<std::string> rows;
  for (int i = 0; i < 20; ++i) {
    auto v = ArrearsValues();
    v["account_no"] = "M" + std::to_string(i);
    rows.push_back(Row(v));
  }
  std::string utf8 = Csv(rows);
  std::string gb = text::Utf8ToGb18030(utf8).value();
  struct Case {
    const std::string* data;
    InputEncoding forced;
    const char* read_as;
  };
  for (const Case& c : {Case{&gb, InputEncoding::kUtf8, "gb18030"},
                        Case{&utf8, InputEncoding::kGb18030, "utf-8"}}) {
    ReadOptions options;
    options.encoding = c.forced;
    Report r = Validate(*c.data, options);
    EXPECT_EQ(r.encoding, c.read_as);
    EXPECT_EQ(r.rows, 20);
    EXPECT_EQ(r.valid_rows, 20);
    EXPECT_THAT(Codes(r), ElementsAre("encoding.retried"));
  }

  std::string fifo = ::testing::TempDir() + "/creditdata_mojibake_fifo.csv";
  std::remove(fifo.c_str());
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  std::thread writer([&] {
    std::ofstream out(fifo, std::ios::binary);
    out << gb;
  });
  ReadOptions utf8_only;
  utf8_only.encoding = InputEncoding::kUtf8;
  auto from_pipe = ValidateFile(fifo, utf8_only);
  writer.join();
  std::remove(fifo.c_str());
  ASSERT_TRUE(from_pipe.ok());
  EXPECT_TRUE(IsUnreadable(*from_pipe));
  EXPECT_THAT(Codes(*from_pipe), Contains("file.unknown_table"));
}

// Text after a JSON array's closing bracket is one error per line, however
// the input is chunked.
TEST(ReaderJsonTest, TrailingTextIsOneErrorPerLine) {
  std::string data = "[{\"name\":\"张三\"}]  trailing text\nmore\n";
  ReadOptions options;
  options.table = TableId::kNaturalPersonArrears;
  std::string expected;
  for (size_t buffer_size : {size_t{1} << 20, size_t{16}, size_t{5}}) {
    options.buffer_size = buffer_size;
    Report r = Validate(data, options);
    EXPECT_EQ(r.rows, 3) << buffer_size;  // the record and two bad lines
    std::string json = ReportToJson(r);
    if (expected.empty()) expected = json;
    EXPECT_EQ(json, expected) << buffer_size;
  }
}

}  // namespace
}  // namespace creditdata
