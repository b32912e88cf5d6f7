#include <simdjson.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>

#include "cli_test.h"
#include "creditdata/schema.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace creditdata {
namespace {

using ::creditdata::testing::RunCli;
using ::testing::HasSubstr;

constexpr char kValidRow[] =
    "张三,身份证,320281199001011233,6222001,水费,2024-01-01,2024-03-31,,90,"
    "12.5,345.60,一般,2027-12-31,江阴市自来水有限公司,江阴市自来水有限公司,"
    "政务共享,2025-01-10\n";
constexpr char kBadRow[] =
    "李四,身份证,320281199001011234,6222002,水费,2024-01-01,2024-03-31,,,,"
    "12.345,一般,,江阴市自来水有限公司,江阴市自来水有限公司,政务共享,"
    "2025-01-10\n";

std::string Header() {
  std::string h;
  for (const ColumnInfo& c : GetTable(TableId::kNaturalPersonArrears).columns) {
    if (!h.empty()) h += ',';
    h += c.header;
  }
  return h + "\n";
}

class CliValidateTest : public ::testing::Test {
 protected:
  std::string Write(const std::string& name, const std::string& content) {
    std::string path = ::testing::TempDir() + "/cd_cli_" +
                       std::to_string(getpid()) + "_" + name;
    std::ofstream(path, std::ios::binary) << content;
    return path;
  }
  static std::string Read(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
  }
};

TEST_F(CliValidateTest, JsonReportParsesAndCarriesTheDocumentedKeys) {
  std::string path = Write("mixed.csv", Header() + kValidRow + kBadRow);
  auto r = RunCli("validate --format json " + path);
  EXPECT_EQ(r.status, 1);
  simdjson::padded_string json(r.out);
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  ASSERT_EQ(parser.parse(json).get(doc), simdjson::SUCCESS) << r.out;
  for (const char* key : {"file", "table", "encoding", "rows", "valid_rows",
                          "errors", "warnings", "truncated", "findings"}) {
    EXPECT_EQ(doc[key].error(), simdjson::SUCCESS) << key;
  }
  EXPECT_EQ(std::string_view(doc["table"]), "natural_person_arrears");
  EXPECT_EQ(int64_t(doc["rows"]), 2);
  EXPECT_EQ(int64_t(doc["valid_rows"]), 1);
  EXPECT_EQ(bool(doc["truncated"]), false);
  simdjson::dom::array findings = doc["findings"];
  ASSERT_GE(findings.size(), 2u);
  for (simdjson::dom::element f : findings) {
    for (const char* key : {"row", "column", "header", "field", "code",
                            "severity", "value", "message"}) {
      EXPECT_EQ(f[key].error(), simdjson::SUCCESS) << key;
    }
    EXPECT_EQ(int64_t(f["row"]), 3);
  }
}

TEST_F(CliValidateTest, ExitStatusFollowsTheRule) {
  EXPECT_EQ(RunCli("validate " + Write("ok.csv", Header() + kValidRow)).status,
            0);
  EXPECT_EQ(RunCli("validate " + Write("bad.csv", Header() + kBadRow)).status,
            1);
  EXPECT_EQ(RunCli("validate /no/such/file.csv").status, 2);
  EXPECT_EQ(RunCli("validate " + Write("empty.csv", "")).status, 2);
  EXPECT_EQ(RunCli("validate " + Write("junk.csv", "a,b\n1,2\n")).status, 2);
  EXPECT_EQ(
      RunCli("validate --table nope " + Write("ok2.csv", Header() + kValidRow))
          .status,
      2);
  // Warnings alone do not fail: a 15-digit legacy ID is a warning.
  std::string warn = kValidRow;
  warn.replace(warn.find("320281199001011233"), 18, "320281900101123");
  auto w =
      RunCli("validate --format json " + Write("warn.csv", Header() + warn));
  EXPECT_EQ(w.status, 0) << w.out;
  EXPECT_THAT(w.out, HasSubstr("id_number.legacy_15"));
}

TEST_F(CliValidateTest, TextReportNamesRowColumnAndField) {
  auto r =
      RunCli("validate " + Write("bad2.csv", Header() + kValidRow + kBadRow));
  EXPECT_THAT(r.out, HasSubstr("row 3, column 3 (证件号码 / id_number): "
                               "error id_number.checksum"));
  EXPECT_THAT(r.out, HasSubstr("2 rows, 1 valid, 1 rejected"));
}

TEST_F(CliValidateTest, SplitKeepsRejectedRowsAsTheyCame) {
  std::string in = Write("split.csv", Header() + kValidRow + kBadRow);
  std::string valid = ::testing::TempDir() + "/cd_split_valid.csv";
  std::string rejected = ::testing::TempDir() + "/cd_split_rejected.csv";
  auto r = RunCli("split " + in + " " + valid + " " + rejected);
  EXPECT_EQ(r.status, 1);
  std::string v = Read(valid);
  std::string x = Read(rejected);
  EXPECT_THAT(v, HasSubstr("320281199001011233"));
  EXPECT_EQ(v.find("320281199001011234"), std::string::npos);
  EXPECT_THAT(x, HasSubstr("李四,身份证,320281199001011234"));
  EXPECT_THAT(x, HasSubstr("id_number.checksum"));
  EXPECT_THAT(x, HasSubstr("money.precision"));
  EXPECT_EQ(x.find("张三"), std::string::npos);
  // The valid file validates clean.
  EXPECT_EQ(RunCli("validate " + valid).status, 0);
}

TEST_F(CliValidateTest, ConvertRoundTrips) {
  std::string in = Write("conv.csv", Header() + kValidRow);
  for (std::string to : {"csv", "csv-bom", "gb18030", "json", "ndjson"}) {
    std::string out = ::testing::TempDir() + "/cd_conv." + to;
    EXPECT_EQ(RunCli("convert --to " + to + " " + in + " " + out).status, 0)
        << to;
    std::string back = ::testing::TempDir() + "/cd_conv_back_" + to + ".csv";
    EXPECT_EQ(RunCli("convert --to csv " + out + " " + back).status, 0) << to;
    EXPECT_EQ(Read(back), Header() + kValidRow) << to;
  }
  // Rejected rows are not converted, and the exit status says so.
  std::string bad = Write("conv_bad.csv", Header() + kBadRow);
  EXPECT_EQ(RunCli("convert --to json " + bad + " " + ::testing::TempDir() +
                   "/cd_conv_bad.json")
                .status,
            1);
}

}  // namespace
}  // namespace creditdata
