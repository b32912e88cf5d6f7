#include <unistd.h>

#include <fstream>
#include <string>

#include "cli_test.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace creditdata {
namespace {

using ::creditdata::testing::RunCli;
using ::testing::HasSubstr;

std::string Input(const std::string& name, const std::string& lines) {
  std::string path = ::testing::TempDir() + "/cd_check_" +
                     std::to_string(getpid()) + "_" + name;
  std::ofstream(path, std::ios::binary) << lines;
  return path;
}

TEST(CliCheckTest, OneVerdictLinePerValue) {
  auto r =
      RunCli("check uscc", Input("uscc",
                                 "91350100M000100Y43\n"
                                 "91350100M000100Y4Z\n"
                                 "９１３２０２８１ＭＡ１Ｎ２Ｐ３Ｑ０６\n"));
  EXPECT_EQ(r.status, 1);
  EXPECT_EQ(r.out,
            "91350100M000100Y43\tvalid\tok\t91350100M000100Y43\n"
            "91350100M000100Y4Z\tinvalid\tuscc.lookalike\t\n"
            "９１３２０２８１ＭＡ１Ｎ２Ｐ３Ｑ０６\tvalid\tok\t"
            "91320281MA1N2P3Q06\n");
}

TEST(CliCheckTest, ExitZeroWhenNothingIsInvalid) {
  auto r = RunCli("check date", Input("date", "2021/3/26\n44281\r\n"));
  EXPECT_THAT(r.out, HasSubstr("2021/3/26\tvalid\tok\t2021-03-26\n"));
  auto money = RunCli("check money", Input("money", "1,234.50\n"));
  EXPECT_EQ(money.status, 0);
  EXPECT_EQ(money.out, "1,234.50\twarning\tmoney.grouping\t1234.50\n");
}

TEST(CliCheckTest, IdNumberByIdType) {
  auto legacy = RunCli("check id_number --id-type 身份证",
                       Input("id15", "320281880808123\n"));
  EXPECT_EQ(legacy.status, 0);
  EXPECT_EQ(legacy.out,
            "320281880808123\twarning\tid_number.legacy_15\t"
            "320281198808081238\n");
  auto inferred =
      RunCli("check id_number", Input("id", "320281199001011233\n"));
  EXPECT_THAT(inferred.out, HasSubstr("\twarning\tid_type.inferred\t"));
  auto mangled =
      RunCli("check id_number --id-type 身份证", Input("sci", "3.20281E+17\n"));
  EXPECT_EQ(mangled.status, 1);
  EXPECT_THAT(mangled.out,
              HasSubstr("\tinvalid\tid_number.spreadsheet_mangled"));
}

TEST(CliCheckTest, EveryTypeOfTablesMdIsAccepted) {
  for (std::string type :
       {"text", "text(5)", "uscc", "org_code", "reg_no", "entity_code",
        "id_type", "id_number", "date", "month", "month_or_day", "validity",
        "money", "quantity", "rate", "count", "yes_no", "usage_scope",
        "severity"}) {
    auto r = RunCli("check '" + type + "'", Input("any", "x\n"));
    EXPECT_NE(r.status, 2) << type;
    EXPECT_THAT(r.out, HasSubstr("x\t")) << type;
  }
  EXPECT_EQ(RunCli("check nonsense", Input("n", "x\n")).status, 2);
  EXPECT_EQ(RunCli("check 'text(5)'", Input("t", "一二三四五六\n")).out,
            "一二三四五六\tinvalid\ttext.too_long\t\n");
}

}  // namespace
}  // namespace creditdata
