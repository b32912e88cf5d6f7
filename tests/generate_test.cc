// `creditdata generate`: deterministic sample data and seeded mistakes.

#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "cli_test.h"
#include "creditdata/check.h"
#include "creditdata/reader.h"
#include "creditdata/schema.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "text/encoding.h"
#include "text/utf8.h"

namespace creditdata {
namespace {

using ::creditdata::testing::RunCli;
using ::testing::HasSubstr;
using ::testing::StartsWith;

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// A file name in the test temp directory, unique to this test and process.
std::string TempPath(std::string_view name) {
  const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
  return ::testing::TempDir() + "generate_" + info->name() + "_" +
         std::to_string(getpid()) + "_" + std::string(name);
}

std::vector<std::string> Lines(std::string_view text) {
  std::vector<std::string> lines;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    lines.emplace_back(text.substr(start, end - start));
    start = end + 1;
  }
  return lines;
}

// Splits one CSV line (no line breaks inside fields) into its cells.
std::vector<std::string> SplitCsv(std::string_view line, char delimiter) {
  std::vector<std::string> cells(1);
  bool quoted = false;
  for (size_t i = 0; i < line.size(); ++i) {
    char c = line[i];
    if (quoted) {
      if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
        cells.back().push_back('"');
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        cells.back().push_back(c);
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == delimiter) {
      cells.emplace_back();
    } else {
      cells.back().push_back(c);
    }
  }
  return cells;
}

std::string TemplateRow(const TableInfo& table) {
  std::string row;
  for (const ColumnInfo& c : table.columns) {
    if (!row.empty()) row += ',';
    row += c.header;
  }
  return row;
}

std::string Utf16LeToUtf8(std::string_view in) {
  std::string out;
  for (size_t i = 0; i + 1 < in.size(); i += 2) {
    char32_t u = static_cast<unsigned char>(in[i]) |
                 static_cast<unsigned char>(in[i + 1]) << 8;
    if (u >= 0xD800 && u < 0xDC00 && i + 3 < in.size()) {
      char32_t low = static_cast<unsigned char>(in[i + 2]) |
                     static_cast<unsigned char>(in[i + 3]) << 8;
      u = 0x10000 + ((u - 0xD800) << 10) + (low - 0xDC00);
      i += 2;
    }
    text::AppendUtf8(u, &out);
  }
  return out;
}

std::string WithoutCr(std::string s) {
  std::erase(s, '\r');
  return s;
}

struct MistakeLine {
  int64_t row;
  int column;
  std::string field, header, kind, expected, value;
};

std::vector<MistakeLine> ReadMistakes(const std::string& path) {
  std::vector<MistakeLine> out;
  std::vector<std::string> lines = Lines(ReadFile(path));
  EXPECT_FALSE(lines.empty()) << path;
  if (lines.empty()) return out;
  EXPECT_EQ(lines[0], "row\tcolumn\tfield\theader\tkind\texpected\tvalue");
  for (size_t i = 1; i < lines.size(); ++i) {
    std::vector<std::string> c = SplitCsv(lines[i], '\t');
    EXPECT_EQ(c.size(), 7u) << lines[i];
    if (c.size() != 7) continue;
    out.push_back(
        {std::stoll(c[0]), std::stoi(c[1]), c[2], c[3], c[4], c[5], c[6]});
  }
  return out;
}

constexpr const char* kFormats[] = {"csv", "csv-bom", "gb18030", "utf-16",
                                    "tsv", "json",    "ndjson"};

TEST(GenerateTest, SameArgumentsGiveTheSameBytes) {
  for (const char* format : kFormats) {
    std::string args = std::string(
                           "generate natural_person_arrears --rows 200 "
                           "--seed 42 --errors 7 --format ") +
                       format;
    auto a = RunCli(args);
    auto b = RunCli(args);
    EXPECT_EQ(a.status, 0) << format;
    EXPECT_GT(a.out.size(), 1000u) << format;
    EXPECT_EQ(a.out, b.out) << format;
    auto other = RunCli(std::string("generate natural_person_arrears --rows "
                                    "200 --seed 43 --errors 7 --format ") +
                        format);
    EXPECT_NE(a.out, other.out) << format;
  }
}

TEST(GenerateTest, RowCountsInEveryFormat) {
  const int rows = 57;
  std::string base =
      "generate legal_person_utility_payment --rows 57 --format ";
  auto csv = RunCli(base + "csv");
  ASSERT_EQ(csv.status, 0);
  EXPECT_EQ(Lines(csv.out).size(), rows + 1u);
  EXPECT_EQ(csv.out.back(), '\n');
  EXPECT_EQ(csv.out.find('\r'), std::string::npos);

  auto bom = RunCli(base + "csv-bom");
  EXPECT_THAT(bom.out, StartsWith("\xEF\xBB\xBF"));
  EXPECT_EQ(bom.out.substr(3), [&] {
    std::string crlf;
    for (char c : csv.out) {
      if (c == '\n') crlf += '\r';
      crlf += c;
    }
    return crlf;
  }());

  auto tsv = RunCli(base + "tsv");
  EXPECT_EQ(Lines(tsv.out).size(), rows + 1u);
  EXPECT_EQ(SplitCsv(Lines(tsv.out)[0], '\t').size(),
            GetTable(TableId::kLegalPersonUtilityPayment).columns.size());

  auto ndjson = RunCli(base + "ndjson");
  std::vector<std::string> objects = Lines(ndjson.out);
  EXPECT_EQ(objects.size(), static_cast<size_t>(rows));
  for (const std::string& o : objects) {
    EXPECT_THAT(o, StartsWith("{\"org_name\":\""));
    EXPECT_EQ(o.back(), '}');
  }

  auto json = RunCli(base + "json");
  EXPECT_THAT(json.out, StartsWith("[\n{"));
  EXPECT_EQ(json.out.substr(json.out.size() - 4), "}\n]\n");
  EXPECT_EQ(Lines(json.out).size(), rows + 2u);

  auto none = RunCli("generate logistics_license --rows 0");
  EXPECT_EQ(none.out, TemplateRow(GetTable(TableId::kLogisticsLicense)) + "\n");
  EXPECT_EQ(RunCli("generate logistics_license --rows 0 --format json").out,
            "[\n]\n");
}

TEST(GenerateTest, EncodingsCarryTheSameText) {
  std::string base =
      "generate natural_person_housing_fund --rows 300 --seed 5 ";
  auto csv = RunCli(base + "--format csv");
  auto gb = RunCli(base + "--format gb18030");
  ASSERT_EQ(gb.status, 0);
  EXPECT_NE(gb.out, WithoutCr(gb.out));  // CRLF
  auto decoded = text::Gb18030ToUtf8(gb.out);
  ASSERT_TRUE(decoded.ok());
  EXPECT_EQ(WithoutCr(*decoded), csv.out);

  auto tsv = RunCli(base + "--format tsv");
  auto utf16 = RunCli(base + "--format utf-16");
  ASSERT_EQ(utf16.status, 0);
  EXPECT_THAT(utf16.out, StartsWith("\xFF\xFE"));
  EXPECT_EQ(utf16.out.size() % 2, 0u);
  std::string text = Utf16LeToUtf8(std::string_view(utf16.out).substr(2));
  EXPECT_THAT(text, HasSubstr("\r\n"));
  EXPECT_EQ(WithoutCr(text), tsv.out);
}

TEST(GenerateTest, HeaderIsTheTemplateOrTheFieldIds) {
  for (const TableInfo& table : Tables()) {
    auto r = RunCli("generate " + std::string(table.name) + " --rows 3");
    ASSERT_EQ(r.status, 0) << table.name;
    EXPECT_EQ(Lines(r.out)[0], TemplateRow(table)) << table.name;
    std::vector<std::string> cells = SplitCsv(Lines(r.out)[1], ',');
    EXPECT_EQ(cells.size(), table.columns.size()) << table.name;

    auto ids = RunCli("generate " + std::string(table.name) +
                      " --rows 3 --header ids --format tsv");
    std::string id_row;
    for (const FieldInfo& f : table.fields) {
      if (!id_row.empty()) id_row += '\t';
      id_row += f.id;
    }
    EXPECT_EQ(Lines(ids.out)[0], id_row) << table.name;
  }
  // Repeated annex columns carry the same value in every copy.
  auto social = RunCli("generate natural_person_social_insurance --rows 50");
  const TableInfo& table = GetTable(TableId::kNaturalPersonSocialInsurance);
  std::vector<std::string> lines = Lines(social.out);
  for (size_t i = 1; i < lines.size(); ++i) {
    std::vector<std::string> cells = SplitCsv(lines[i], ',');
    ASSERT_EQ(cells.size(), table.columns.size());
    std::map<int, std::string> value_of_field;
    for (size_t c = 0; c < cells.size(); ++c) {
      auto [it, inserted] =
          value_of_field.emplace(table.columns[c].field, cells[c]);
      EXPECT_EQ(it->second, cells[c]) << "row " << i + 1 << " column " << c;
    }
  }
}

// Every identifier the generator writes passes its check without a warning,
// and a credit code embeds the organization code given beside it.
TEST(GenerateTest, EveryIdentifierIsValid) {
  int checked = 0;
  for (const TableInfo& table : Tables()) {
    auto r = RunCli("generate " + std::string(table.name) +
                    " --rows 1200 --seed 11 --header ids");
    ASSERT_EQ(r.status, 0);
    std::vector<std::string> lines = Lines(r.out);
    ASSERT_EQ(lines.size(), 1201u);
    int uscc_field = table.FieldIndex("uscc");
    int org_field = table.FieldIndex("org_code");
    int id_type_field = table.FieldIndex("id_type");
    for (size_t i = 1; i < lines.size(); ++i) {
      std::vector<std::string> cells = SplitCsv(lines[i], ',');
      ASSERT_EQ(cells.size(), table.fields.size()) << lines[i];
      std::optional<IdType> id_type;
      if (id_type_field >= 0) {
        IdTypeValue v;
        ValueCheck c = ParseIdType(cells[id_type_field], &v);
        ASSERT_TRUE(c.valid() && !c.normalised()) << cells[id_type_field];
        id_type = v.type;
      }
      for (size_t f = 0; f < table.fields.size(); ++f) {
        const std::string& value = cells[f];
        if (value.empty()) continue;
        std::string canonical;
        ValueCheck check;
        switch (table.fields[f].type) {
          case ValueType::kUscc:
            check = CheckUscc(value, &canonical);
            break;
          case ValueType::kOrgCode:
            check = CheckOrgCode(value, &canonical);
            break;
          case ValueType::kRegNo:
            check = CheckRegNo(value, &canonical);
            break;
          case ValueType::kEntityCode:
            check = CheckEntityCode(value, &canonical);
            break;
          case ValueType::kIdNumber:
            check = CheckIdNumber(value, id_type, &canonical);
            break;
          default:
            continue;
        }
        ++checked;
        EXPECT_TRUE(check.findings().empty())
            << table.name << " row " << i + 1 << " " << table.fields[f].id
            << " " << value << ": " << FindingCodeName(check.code());
        EXPECT_EQ(canonical, value);
      }
      if (uscc_field >= 0 && org_field >= 0 && !cells[uscc_field].empty() &&
          !cells[org_field].empty()) {
        EXPECT_EQ(cells[uscc_field].substr(8, 9), cells[org_field]);
      }
    }
  }
  EXPECT_GT(checked, 20000);
}

TEST(GenerateTest, MistakesListHasOneEntryPerDistinctRow) {
  std::string out = TempPath("arrears.csv");
  auto r = RunCli(
      "generate natural_person_utility_payment --rows 500 --seed 9 "
      "--errors 25 -o " +
      out);
  ASSERT_EQ(r.status, 0);
  EXPECT_TRUE(r.out.empty());  // the data went to the file
  std::vector<MistakeLine> mistakes = ReadMistakes(out + ".mistakes.tsv");
  ASSERT_EQ(mistakes.size(), 25u);
  std::set<int64_t> rows;
  std::set<std::string> kinds;
  const TableInfo& table = GetTable(TableId::kNaturalPersonUtilityPayment);
  std::vector<std::string> lines = Lines(ReadFile(out));
  ASSERT_EQ(lines.size(), 501u);
  for (const MistakeLine& m : mistakes) {
    EXPECT_TRUE(rows.insert(m.row).second) << "row " << m.row << " twice";
    EXPECT_GE(m.row, 2);
    EXPECT_LE(m.row, 501);
    kinds.insert(m.kind);
    int f = table.FieldIndex(m.field);
    ASSERT_GE(f, 0) << m.field;
    ASSERT_GE(m.column, 1);
    EXPECT_EQ(table.columns[m.column - 1].field, f);
    EXPECT_EQ(table.columns[m.column - 1].header, m.header);
    // The listed value is what the file holds in that cell.
    std::vector<std::string> cells = SplitCsv(lines[m.row - 1], ',');
    if (m.kind != "duplicate_row") {
      EXPECT_EQ(cells[m.column - 1], m.value) << m.kind;
    } else {
      EXPECT_EQ(lines[m.row - 1], lines[m.row - 2]);
    }
  }
  // This table supports every kind, and 25 mistakes cycle through all ten.
  EXPECT_EQ(kinds.size(), 10u);
  EXPECT_TRUE(kinds.contains("fullwidth_digits"));
  std::remove(out.c_str());
  std::remove((out + ".mistakes.tsv").c_str());
}

TEST(GenerateTest, MistakesChangeOnlyTheirOwnRows) {
  std::string base = "generate legal_person_arrears --rows 400 --seed 3";
  auto clean = RunCli(base);
  std::string out = TempPath("arrears.csv");
  ASSERT_EQ(RunCli(base + " --errors 12 -o " + out).status, 0);
  std::vector<std::string> a = Lines(clean.out);
  std::vector<std::string> b = Lines(ReadFile(out));
  ASSERT_EQ(a.size(), b.size());
  std::set<int64_t> changed;
  for (size_t i = 0; i < a.size(); ++i) {
    if (a[i] != b[i]) changed.insert(static_cast<int64_t>(i) + 1);
  }
  std::set<int64_t> listed;
  for (const MistakeLine& m : ReadMistakes(out + ".mistakes.tsv")) {
    listed.insert(m.row);
  }
  EXPECT_EQ(listed.size(), 12u);
  EXPECT_EQ(changed, listed);
  std::remove(out.c_str());
  std::remove((out + ".mistakes.tsv").c_str());
}

TEST(GenerateTest, MistakesGoToStderrWithoutOutputFile) {
  std::string err = TempPath("stderr.tsv");
  // RunCli sends stderr to /dev/null after the arguments; end the command
  // before that so that this redirection holds.
  auto r = RunCli("generate natural_person_arrears --rows 50 --errors 3 2>" +
                  err + " && true");
  EXPECT_EQ(r.status, 0);
  EXPECT_EQ(Lines(r.out).size(), 51u);
  EXPECT_EQ(ReadMistakes(err).size(), 3u);
  std::remove(err.c_str());
}

// The generated files read back through the library's reader: clean output
// has no finding at all, and each seeded mistake is found where the list
// says, with the finding code it names.
TEST(GenerateTest, ReaderFindsEverySeededMistakeAndNothingElse) {
  for (const TableInfo& table : Tables()) {
    for (const char* format : kFormats) {
      std::string out = TempPath(std::string(table.name) + "." + format);
      std::string args = "generate " + std::string(table.name) +
                         " --rows 300 --seed 17 --format " + format;
      ASSERT_EQ(RunCli(args + " -o " + out).status, 0);
      ReadOptions options;
      options.max_findings = 100000;
      auto clean = ValidateFile(out, options);
      ASSERT_TRUE(clean.ok()) << clean.status();
      EXPECT_EQ(clean->rows, 300) << table.name << " " << format;
      EXPECT_EQ(clean->valid_rows, 300) << table.name << " " << format;
      EXPECT_EQ(clean->errors + clean->warnings + clean->normalised, 0)
          << table.name << " " << format << ": "
          << (clean->findings.empty() ? std::string()
                                      : clean->findings[0].message);

      ASSERT_EQ(RunCli(args + " --errors 10 -o " + out).status, 0);
      auto report = ValidateFile(out, options);
      ASSERT_TRUE(report.ok()) << report.status();
      std::vector<MistakeLine> mistakes = ReadMistakes(out + ".mistakes.tsv");
      ASSERT_EQ(mistakes.size(), 10u);
      std::set<int64_t> rows;
      int errors = 0;
      for (const MistakeLine& m : mistakes) {
        rows.insert(m.row);
        bool found = false;
        bool row_has_error = false;
        for (const Finding& f : report->findings) {
          if (f.row != m.row) continue;
          if (f.severity == Severity::kError) row_has_error = true;
          if (FindingCodeName(f.code) == m.expected && f.field == m.field &&
              f.column == m.column) {
            found = true;
          }
        }
        if (m.expected == "normalised") {
          EXPECT_FALSE(row_has_error) << table.name << " " << format;
        } else {
          ++errors;
          EXPECT_TRUE(found) << table.name << " " << format << " row " << m.row
                             << " " << m.kind;
        }
      }
      for (const Finding& f : report->findings) {
        EXPECT_TRUE(rows.contains(f.row))
            << table.name << " " << format << ": unseeded finding in row "
            << f.row << ": " << f.message;
      }
      EXPECT_EQ(report->valid_rows, 300 - errors)
          << table.name << " " << format;
      std::remove(out.c_str());
      std::remove((out + ".mistakes.tsv").c_str());
    }
  }
}

TEST(GenerateTest, UsageErrors) {
  EXPECT_EQ(RunCli("generate").status, 2);
  EXPECT_EQ(RunCli("generate no_such_table").status, 2);
  EXPECT_EQ(RunCli("generate logistics_license --format xlsx").status, 2);
  EXPECT_EQ(RunCli("generate logistics_license --rows -1").status, 2);
  EXPECT_EQ(RunCli("generate logistics_license --rows 5 --errors 6").status, 2);
  EXPECT_EQ(RunCli("generate logistics_license --header other").status, 2);
  // The Chinese table name works too.
  EXPECT_EQ(RunCli("generate 物流货运信息 --rows 2").out,
            RunCli("generate logistics_license --rows 2").out);
}

}  // namespace
}  // namespace creditdata
