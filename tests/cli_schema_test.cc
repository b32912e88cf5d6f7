#include <string>

#include "cli_test.h"
#include "creditdata/schema.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "text/encoding.h"

namespace creditdata {
namespace {

using ::creditdata::testing::RunCli;
using ::testing::HasSubstr;
using ::testing::StartsWith;

std::string TemplateRow(const TableInfo& table) {
  std::string row;
  for (const ColumnInfo& c : table.columns) {
    if (!row.empty()) row += ',';
    row += c.header;
  }
  return row;
}

TEST(CliSchemaTest, TemplateOfSocialInsurancePrintsTwentyAnnexColumns) {
  auto r = RunCli("template natural_person_social_insurance");
  EXPECT_EQ(r.status, 0);
  EXPECT_EQ(r.out,
            "姓名,证件类型,证件号码,缴费年月,类别,缴费基数,"
            "本月个人缴费金额合计(元),本月单位缴费金额合计(元),缴纳单位名称,"
            "缴纳单位统一社会信用代码,缴纳单位统一社会信用代码,注册号,"
            "统一社会信用代码,统一社会信用代码,缴纳日期,经办机构全称,"
            "信息源部门全称,提供单位全称,信息使用范围,提供日期\n");
}

TEST(CliSchemaTest, TemplateOfEveryTableByIdAndByChineseName) {
  for (const TableInfo& table : Tables()) {
    auto by_id = RunCli("template " + std::string(table.name));
    EXPECT_EQ(by_id.status, 0);
    EXPECT_EQ(by_id.out, TemplateRow(table) + "\n");
    auto by_zh = RunCli("template " + std::string(table.zh_name));
    EXPECT_EQ(by_zh.out, by_id.out);
  }
}

TEST(CliSchemaTest, TemplateEncodings) {
  const TableInfo& table = GetTable(TableId::kNaturalPersonArrears);
  auto bom = RunCli("template natural_person_arrears --encoding utf-8-bom");
  EXPECT_EQ(bom.out, "\xEF\xBB\xBF" + TemplateRow(table) + "\r\n");
  auto gb = RunCli("template natural_person_arrears --encoding gb18030");
  EXPECT_EQ(gb.status, 0);
  EXPECT_NE(gb.out, TemplateRow(table) + "\r\n");
  auto decoded = text::Gb18030ToUtf8(gb.out);
  ASSERT_TRUE(decoded.ok());
  EXPECT_EQ(*decoded, TemplateRow(table) + "\r\n");
  // 姓名 in GB18030 (= GBK) is D0 D5 C3 FB.
  EXPECT_THAT(gb.out, StartsWith("\xD0\xD5\xC3\xFB"));
  EXPECT_EQ(RunCli("template natural_person_arrears --encoding latin1").status,
            2);
}

TEST(CliSchemaTest, TablesListsNineWithColumnCounts) {
  auto r = RunCli("tables");
  EXPECT_EQ(r.status, 0);
  EXPECT_THAT(r.out, HasSubstr("natural_person_social_insurance\t"
                               "自然人社保缴费信息\t20\n"));
  EXPECT_THAT(r.out, HasSubstr("logistics_license\t物流货运信息\t16\n"));
  int lines = 0;
  for (char c : r.out) lines += c == '\n';
  EXPECT_EQ(lines, 10);  // header + nine tables
}

TEST(CliSchemaTest, SchemaListsColumnsWithTypes) {
  auto r = RunCli("schema 自然人欠缴费用信息");
  EXPECT_EQ(r.status, 0);
  EXPECT_THAT(r.out, HasSubstr("3\t证件号码\tid_number\tid_number\trequired\t"
                               "masked\n"));
  EXPECT_THAT(r.out, HasSubstr("11\t欠费金额(元)\tarrears_amount\tmoney(>0)\t"
                               "required\tpublic\n"));
}

TEST(CliSchemaTest, UnknownTableOrCommandExitsTwo) {
  EXPECT_EQ(RunCli("template no_such_table").status, 2);
  EXPECT_EQ(RunCli("schema").status, 2);
  EXPECT_EQ(RunCli("frobnicate").status, 2);
  EXPECT_EQ(RunCli("version").status, 0);
}

}  // namespace
}  // namespace creditdata
