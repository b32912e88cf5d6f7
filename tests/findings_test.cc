#include "creditdata/findings.h"

#include <set>
#include <string>

#include "gtest/gtest.h"

namespace creditdata {
namespace {

// Enum, names, severities and messages come from one table; this keeps them
// in step: every code has a unique well-formed name that maps back to it
// and a message in both languages.
TEST(FindingsTest, EveryCodeHasAUniqueNameAndBothMessages) {
  std::set<std::string_view> names;
  for (int i = 0; i < kFindingCodeCount; ++i) {
    auto code = static_cast<FindingCode>(i);
    std::string_view name = FindingCodeName(code);
    EXPECT_TRUE(names.insert(name).second) << name;
    EXPECT_EQ(FindingCodeFromName(name), code) << name;
    if (code != FindingCode::kOk) {
      EXPECT_NE(name.find('.'), std::string_view::npos) << name;
      EXPECT_NE(DefaultSeverity(code), Severity::kInfo) << name;
    }
    for (char c : name) {
      EXPECT_TRUE((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                  c == '_' || c == '.')
          << name;
    }
    EXPECT_FALSE(FindingMessage(code, Language::kChinese).empty()) << name;
    EXPECT_FALSE(FindingMessage(code, Language::kEnglish).empty()) << name;
  }
  EXPECT_FALSE(FindingCodeFromName("no.such_code").has_value());
}

// Numeric values are frozen: a reordering of findings.def would move these.
TEST(FindingsTest, NumericValuesAreFrozen) {
  EXPECT_EQ(static_cast<int>(FindingCode::kOk), 0);
  EXPECT_EQ(FindingCodeName(static_cast<FindingCode>(1)), "field.missing");
  EXPECT_EQ(FindingCodeName(FindingCode::kUsccChecksum), "uscc.checksum");
  EXPECT_EQ(SeverityName(DefaultSeverity(FindingCode::kUsccEmbeddedOrgCode)),
            "warning");
}

}  // namespace
}  // namespace creditdata
