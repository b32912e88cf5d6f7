#include "creditdata/schema.h"

#include <algorithm>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "creditdata/records.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "validate/static_fields.h"

namespace creditdata {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

std::vector<std::string> SplitTabs(const std::string& line) {
  std::vector<std::string> cells;
  std::stringstream ss(line);
  std::string cell;
  while (std::getline(ss, cell, '\t')) cells.push_back(cell);
  while (!cells.empty() && NormalizeHeader(cells.back()).empty()) {
    cells.pop_back();
  }
  return cells;
}

// The annex of the seed policy: a table title line, then its header row of
// tab-separated cells (with the annex's stray spaces).
std::vector<std::pair<std::string, std::vector<std::string>>> AnnexHeaders() {
  std::ifstream in(std::string(CREDITDATA_SPEC_DIR) +
                   "/jiangyin-credit-data-policy-2021.zh.md");
  std::vector<std::pair<std::string, std::vector<std::string>>> tables;
  std::string line;
  bool in_annex = false;
  std::string title;
  while (std::getline(in, line)) {
    if (line == "附件") in_annex = true;
    if (!in_annex || line.empty()) continue;
    if (line.find('\t') == std::string::npos) {
      title = line.starts_with("## ") ? line.substr(3) : line;
      continue;
    }
    tables.emplace_back(title, SplitTabs(line));
  }
  return tables;
}

std::vector<std::string_view> Views(const std::vector<std::string>& cells) {
  return {cells.begin(), cells.end()};
}

std::vector<std::string> TemplateHeaders(const TableInfo& table) {
  std::vector<std::string> headers;
  for (const ColumnInfo& c : table.columns) headers.emplace_back(c.header);
  return headers;
}

TEST(SchemaTest, NineTablesWithTheAnnexColumnCounts) {
  std::vector<size_t> counts;
  for (const TableInfo& table : Tables())
    counts.push_back(table.columns.size());
  EXPECT_THAT(counts, ElementsAre(19, 20, 18, 17, 19, 17, 16, 20, 16));
}

TEST(SchemaTest, TemplatesEqualTheAnnexHeadersOfTheSeedPolicy) {
  auto annex = AnnexHeaders();
  ASSERT_EQ(annex.size(), 9u);
  for (size_t t = 0; t < annex.size(); ++t) {
    const TableInfo& table = Tables()[t];
    SCOPED_TRACE(table.name);
    EXPECT_EQ(NormalizeHeader(annex[t].first), NormalizeHeader(table.zh_name));
    std::vector<std::string> expected;
    for (const std::string& cell : annex[t].second) {
      expected.push_back(NormalizeHeader(cell));
    }
    std::vector<std::string> ours;
    for (const std::string& h : TemplateHeaders(table)) {
      ours.push_back(NormalizeHeader(h));
      // Our spelling is the annex's, minus its stray spaces.
      EXPECT_EQ(h.find(' '), std::string::npos) << h;
    }
    EXPECT_EQ(ours, expected);
  }
}

TEST(SchemaTest, AnnexHeaderAsPrintedMatchesEveryColumn) {
  auto annex = AnnexHeaders();
  ASSERT_EQ(annex.size(), 9u);
  for (size_t t = 0; t < annex.size(); ++t) {
    const TableInfo& table = Tables()[t];
    SCOPED_TRACE(table.name);
    auto cells = Views(annex[t].second);
    HeaderMapping m = MatchHeader(table, cells);
    EXPECT_TRUE(m.ok()) << m.MissingMessage();
    EXPECT_TRUE(m.unknown_cells.empty());
    EXPECT_TRUE(m.duplicate_cells.empty());
    for (size_t i = 0; i < cells.size(); ++i) {
      EXPECT_EQ(m.column_of_cell[i], static_cast<int>(i)) << cells[i];
    }
    TableDetection d = DetectTable(cells);
    EXPECT_EQ(d.outcome, TableDetection::Outcome::kDetected) << d.message;
    EXPECT_EQ(d.table, &table) << d.message;
  }
}

TEST(SchemaTest, NormalizationHandlesSpacesFullWidthAndCase) {
  EXPECT_EQ(NormalizeHeader("缴存 年 月 起"), NormalizeHeader("缴存年月起"));
  EXPECT_EQ(NormalizeHeader("欠费金额（元）"), "欠费金额(元)");
  EXPECT_EQ(NormalizeHeader("\xEF\xBB\xBF姓名\xE3\x80\x80"), "姓名");
  EXPECT_EQ(NormalizeHeader("ＩＤ＿ＮＵＭＢＥＲ"), "id_number");
  EXPECT_EQ(NormalizeHeader(" Id_Number "), "id_number");
}

TEST(SchemaTest, FullWidthParenthesesAndEnglishIdsMatch) {
  const TableInfo& table = GetTable(TableId::kNaturalPersonArrears);
  std::vector<std::string> cells = TemplateHeaders(table);
  cells[10] = "欠费金额（元）";
  cells[0] = "name";
  cells[2] = "ID_NUMBER";
  HeaderMapping m = MatchHeader(table, Views(cells));
  EXPECT_TRUE(m.ok()) << m.MissingMessage();
  EXPECT_EQ(m.column_of_cell[10], 10);
  EXPECT_EQ(m.column_of_cell[0], 0);
  EXPECT_EQ(m.column_of_cell[2], 2);
}

TEST(SchemaTest, ShuffledColumnsMapByName) {
  for (const TableInfo& table : Tables()) {
    SCOPED_TRACE(table.name);
    std::vector<std::string> cells = TemplateHeaders(table);
    std::vector<int> order(cells.size());
    for (size_t i = 0; i < order.size(); ++i) order[i] = static_cast<int>(i);
    std::mt19937 rng(static_cast<unsigned>(table.columns.size()));
    std::shuffle(order.begin(), order.end(), rng);
    std::vector<std::string> shuffled;
    for (int i : order) shuffled.push_back(cells[i]);
    HeaderMapping m = MatchHeader(table, Views(shuffled));
    ASSERT_TRUE(m.ok()) << m.MissingMessage();
    for (size_t i = 0; i < shuffled.size(); ++i) {
      int column = m.column_of_cell[i];
      ASSERT_GE(column, 0);
      // Repeated names may swap with their twin; the field must agree.
      EXPECT_EQ(table.columns[column].field, table.columns[order[i]].field);
    }
    EXPECT_EQ(DetectTable(Views(shuffled)).table, &table);
  }
}

TEST(SchemaTest, MissingRequiredColumnIsNamed) {
  const TableInfo& table = GetTable(TableId::kNaturalPersonArrears);
  std::vector<std::string> cells = TemplateHeaders(table);
  cells.erase(cells.begin() + 2);  // 证件号码
  HeaderMapping m = MatchHeader(table, Views(cells));
  EXPECT_FALSE(m.ok());
  EXPECT_THAT(m.MissingMessage(), HasSubstr("证件号码 (id_number)"));
}

TEST(SchemaTest, MissingSubjectCodeGroupIsNamedOnce) {
  const TableInfo& table = GetTable(TableId::kLegalPersonArrears);
  std::vector<std::string> cells = TemplateHeaders(table);
  cells.erase(cells.begin() + 1, cells.begin() + 4);
  HeaderMapping m = MatchHeader(table, Views(cells));
  EXPECT_FALSE(m.ok());
  EXPECT_EQ(m.missing_fields.size(), 3u);
  EXPECT_THAT(
      m.MissingMessage(),
      HasSubstr("one of 统一社会信用代码 (uscc) / 组织机构代码 (org_code)"));
  // One of the three is enough.
  cells = TemplateHeaders(table);
  cells.erase(cells.begin() + 1, cells.begin() + 3);
  EXPECT_TRUE(MatchHeader(table, Views(cells)).ok());
}

TEST(SchemaTest, UnknownAndDuplicateCellsAreReported) {
  const TableInfo& table = GetTable(TableId::kNaturalPersonArrears);
  std::vector<std::string> cells = TemplateHeaders(table);
  cells.push_back("备注");
  cells.push_back("姓名");
  HeaderMapping m = MatchHeader(table, Views(cells));
  EXPECT_TRUE(m.ok());
  EXPECT_THAT(m.unknown_cells, ElementsAre(17));
  EXPECT_THAT(m.duplicate_cells, ElementsAre(18));
}

TEST(SchemaTest, RepeatedColumnsOfTable8MapToOneField) {
  const TableInfo& table = GetTable(TableId::kNaturalPersonSocialInsurance);
  int field = table.FieldIndex("employer_uscc");
  ASSERT_GE(field, 0);
  std::vector<int> columns;
  for (size_t c = 0; c < table.columns.size(); ++c) {
    if (table.columns[c].field == field) columns.push_back(static_cast<int>(c));
  }
  EXPECT_THAT(columns, ElementsAre(9, 10, 12, 13));
  HeaderMapping m = MatchHeader(table, Views(TemplateHeaders(table)));
  EXPECT_THAT(m.cells_of_field[field], ElementsAre(9, 10, 12, 13));
  EXPECT_EQ(table.fields.size(), 17u);  // 20 columns, 3 of them repeats
}

TEST(SchemaTest, RepeatedColumnOfTable9MapsToHolderUscc) {
  const TableInfo& table = GetTable(TableId::kLogisticsLicense);
  int field = table.FieldIndex("holder_uscc");
  HeaderMapping m = MatchHeader(table, Views(TemplateHeaders(table)));
  EXPECT_THAT(m.cells_of_field[field], ElementsAre(6, 15));
  // A file with only the short name still provides the required field.
  std::vector<std::string> cells = TemplateHeaders(table);
  cells.erase(cells.begin() + 6);
  EXPECT_TRUE(MatchHeader(table, Views(cells)).ok());
}

TEST(SchemaTest, DetectionSaysUnknownHonestly) {
  std::vector<std::string> cells = {"foo", "bar"};
  TableDetection d = DetectTable(Views(cells));
  EXPECT_EQ(d.outcome, TableDetection::Outcome::kUnknown);
  EXPECT_EQ(d.table, nullptr);
  EXPECT_THAT(d.message, HasSubstr("unknown"));

  cells = {"姓名", "证件类型", "证件号码"};
  d = DetectTable(Views(cells));
  EXPECT_EQ(d.outcome, TableDetection::Outcome::kUnknown);
  EXPECT_THAT(d.message, HasSubstr("closest"));
}

TEST(SchemaTest, DetectionSaysAmbiguousHonestly) {
  // Tables 4 and 6 both have 17 columns; a header naming every field of
  // both fills each completely, so neither is the better fit.
  const TableInfo& a = GetTable(TableId::kNaturalPersonArrears);
  const TableInfo& b = GetTable(TableId::kNaturalPersonUtilityPayment);
  std::vector<std::string> cells;
  for (const TableInfo* t : {&a, &b}) {
    for (const FieldInfo& f : t->fields) {
      if (std::find(cells.begin(), cells.end(), f.id) == cells.end()) {
        cells.emplace_back(f.id);
      }
    }
  }
  TableDetection d = DetectTable(Views(cells));
  EXPECT_EQ(d.outcome, TableDetection::Outcome::kAmbiguous) << d.message;
  EXPECT_THAT(d.message, HasSubstr("ambiguous"));
  EXPECT_EQ(d.candidates.size(), 2u);
}

TEST(SchemaTest, FindTableByIdOrChineseName) {
  EXPECT_EQ(FindTable("natural_person_social_insurance"),
            &GetTable(TableId::kNaturalPersonSocialInsurance));
  EXPECT_EQ(FindTable("自然人社保缴费信息"),
            &GetTable(TableId::kNaturalPersonSocialInsurance));
  EXPECT_EQ(FindTable("no_such_table"), nullptr);
}

TEST(SchemaTest, FieldMetadataFollowsTablesMd) {
  const TableInfo& t = GetTable(TableId::kNaturalPersonHousingFund);
  const FieldInfo& balance = t.fields[t.FieldIndex("balance")];
  EXPECT_EQ(balance.type, ValueType::kMoney);
  EXPECT_EQ(balance.disclosure, Disclosure::kHidden);
  EXPECT_EQ(balance.requirement, Requirement::kOptional);
  const FieldInfo& name = t.fields[t.FieldIndex("name")];
  EXPECT_EQ(name.max_length, 50);
  EXPECT_EQ(name.disclosure, Disclosure::kMasked);
  EXPECT_EQ(t.fields[t.FieldIndex("id_number")].key, KeyRole::kNaturalKey);
  const TableInfo& l = GetTable(TableId::kLegalPersonArrears);
  EXPECT_EQ(l.fields[l.FieldIndex("uscc")].key, KeyRole::kSubjectKey);
  EXPECT_EQ(l.fields[l.FieldIndex("arrears_amount")].type,
            ValueType::kPositiveMoney);
  // Every table ends with the provenance block (logistics has no scope).
  for (const TableInfo& table : Tables()) {
    EXPECT_GE(table.FieldIndex("source_department"), 0) << table.name;
    EXPECT_GE(table.FieldIndex("provided_date"), 0) << table.name;
    EXPECT_EQ(table.FieldIndex("usage_scope") >= 0,
              table.id != TableId::kLogisticsLicense);
  }
}

// The structs and the metadata come from one declaration: field counts and
// member order agree.
TEST(SchemaTest, StructsAgreeWithMetadata) {
  for (const TableInfo& table : Tables()) {
    VisitTable(table.id, [&](auto tag) {
      typename decltype(tag)::type record{};
      int count = 0;
      ForEachField(record, [&](int index, auto&) {
        EXPECT_EQ(index, count);
        ++count;
      });
      EXPECT_EQ(count, static_cast<int>(table.fields.size())) << table.name;
    });
  }
  NaturalPersonArrears r;
  r.arrears_amount = Money{12345};
  r.name = "张三";
  EXPECT_EQ(r.arrears_amount->fen, 12345);
  static_assert(
      std::is_same_v<decltype(r.arrears_start_date), std::optional<Date>>);
  static_assert(std::is_same_v<decltype(r.id_number), std::string>);
}

template <typename Record>
void ExpectStaticFieldsMatch() {
  const TableInfo& table = GetTable(Record::kTableId);
  const auto& fields = internal::StaticFields<Record>::kFields;
  ASSERT_EQ(std::size(fields), table.fields.size()) << table.name;
  Record record{};
  int visited = 0;
  internal::ForEachFieldStatic(record, [&](auto index, auto& member) {
    constexpr int f = decltype(index)::value;
    const FieldInfo& info = table.fields[f];
    EXPECT_EQ(fields[f].id, info.id);
    EXPECT_EQ(fields[f].type, info.type) << info.id;
    EXPECT_EQ(fields[f].max_length, info.max_length) << info.id;
    EXPECT_EQ(fields[f].requirement, info.requirement) << info.id;
    EXPECT_EQ(fields[f].key, info.key) << info.id;
    // The member handed over is the field's own: the one ForEachField
    // hands over at the same index.
    const void* expected = nullptr;
    ForEachField(record, [&](int g, auto& m) {
      if (g == f) expected = &m;
    });
    EXPECT_EQ(static_cast<const void*>(&member), expected) << info.id;
    ++visited;
  });
  EXPECT_EQ(visited, static_cast<int>(table.fields.size()));
}

TEST(SchemaTest, CompileTimeFieldsAreTheRunTimeSchema) {
#define CD_TABLE(Struct, id, zh) ExpectStaticFieldsMatch<Struct>();
#include "creditdata/tables.def"
}

}  // namespace
}  // namespace creditdata
