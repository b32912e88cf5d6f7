// The nine annex tables as data: tables, their fields and template columns,
// and the matching of a header row to a table.
//
// All metadata expands from tables.def and is static: the spans and views
// returned here live for the whole program. A field is a value of a record
// (a struct member in records.h); a column is a position of the annex
// template. They differ only where the annex repeats a column (tables 8 and
// 9): several columns then feed one field.
//
// Thread safety: everything here is immutable or returns fresh values.

#ifndef CREDITDATA_SCHEMA_H_
#define CREDITDATA_SCHEMA_H_

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace creditdata {

enum class ValueType : uint8_t {
  kText,
  kUscc,
  kOrgCode,
  kRegNo,
  kEntityCode,
  kIdType,
  kIdNumber,
  kDate,
  kMonth,
  kMonthOrDay,
  kValidity,
  kMoney,
  kPositiveMoney,  // money that must be > 0 (欠费金额)
  kQuantity,
  kRate,
  kCount,
  kYesNo,
  kUsageScope,
  kSeverity,  // 失信严重程度; the C++ value type is DishonestyLevel
};

// The type's name as TABLES.md writes it: "text", "uscc", "month_or_day", …
// kPositiveMoney is "money" (its constraint shows in FieldInfo::type).
std::string_view ValueTypeName(ValueType type);

enum class Requirement : uint8_t {
  kRequired,      // R: must be non-empty
  kOneOfSubject,  // R*: at least one of uscc, org_code, reg_no
  kOptional,
};

enum class Disclosure : uint8_t {
  kPublic,  // shown as is
  kMasked,  // shown masked in a public view
  kHidden,  // never shown publicly
};

enum class KeyRole : uint8_t {
  kNotKey,
  kNaturalKey,  // part of the table's natural key
  kSubjectKey,  // the first non-empty of uscc/org_code/reg_no is a key part
};

enum class TableId : uint8_t {
#define CD_TABLE(Struct, id, zh) k##Struct,
#include "creditdata/tables.def"
};

inline constexpr int kTableCount = 0
#define CD_TABLE(Struct, id, zh) +1
#include "creditdata/tables.def"
    ;

struct FieldInfo {
  std::string_view id;       // "id_number"
  std::string_view zh_name;  // the annex header of its first column
  std::string_view aliases;  // other accepted headers, '|'-separated
  ValueType type;
  uint16_t max_length;  // code points, for text; 0 otherwise
  Requirement requirement;
  Disclosure disclosure;
  KeyRole key;
};

struct ColumnInfo {
  uint8_t field;            // index into TableInfo::fields
  std::string_view header;  // the annex header text (normalised spelling)
};

struct TableInfo {
  TableId id;
  std::string_view name;     // "natural_person_arrears"
  std::string_view zh_name;  // "自然人欠缴费用信息"
  std::span<const FieldInfo> fields;
  std::span<const ColumnInfo> columns;  // template order

  // Index of the field with this English id, or -1.
  int FieldIndex(std::string_view field_id) const;
};

// All nine tables in annex order.
std::span<const TableInfo> Tables();
const TableInfo& GetTable(TableId id);
// By English id or Chinese name (header normalisation applies); nullptr when
// no table has that name.
const TableInfo* FindTable(std::string_view name);

// Header normalisation of TABLES.md: drop white space (ASCII, U+3000, NBSP,
// BOM), full-width ASCII to half-width (so （） become ()), ASCII lower-case.
std::string NormalizeHeader(std::string_view header);

// How the cells of one header row map onto a table's template columns.
struct HeaderMapping {
  const TableInfo* table = nullptr;
  // For each input cell: the template column it matched, or -1.
  std::vector<int> column_of_cell;
  // For each field: the input cells that feed it, in input order.
  std::vector<std::vector<int>> cells_of_field;
  // Input cells that matched no column (extra columns: a warning).
  std::vector<int> unknown_cells;
  // Input cells whose name matched a column already taken (a repeated
  // header beyond what the annex repeats).
  std::vector<int> duplicate_cells;
  // Required fields with no cell. For R* fields all three are listed when
  // none of them has a cell.
  std::vector<int> missing_fields;

  bool ok() const { return table != nullptr && missing_fields.empty(); }
  // "missing required column(s): 证件号码 (id_number), …" or "".
  std::string MissingMessage() const;
};

// Maps a header row onto `table`. Cells match a column by its annex header,
// an alias or the English field id, after NormalizeHeader. Repeated names
// fill the table's columns of that name in order.
HeaderMapping MatchHeader(const TableInfo& table,
                          std::span<const std::string_view> cells);

struct TableDetection {
  enum class Outcome : uint8_t { kDetected, kAmbiguous, kUnknown };
  Outcome outcome = Outcome::kUnknown;
  const TableInfo* table = nullptr;  // kDetected only
  // kAmbiguous: the tied tables; kUnknown: the closest tables, if any.
  std::vector<const TableInfo*> candidates;
  // A sentence for the user: which table, or why none could be chosen.
  std::string message;
};

// Picks the table a header row belongs to: the table whose required columns
// are all present and which explains the most cells. Says "ambiguous" when
// two tables fit equally well and "unknown" when none has its required
// columns.
TableDetection DetectTable(std::span<const std::string_view> cells);

}  // namespace creditdata

#endif  // CREDITDATA_SCHEMA_H_
