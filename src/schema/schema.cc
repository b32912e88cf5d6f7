// Table metadata expanded from tables.def, and header matching.

#include "creditdata/schema.h"

#include <algorithm>
#include <array>
#include <string>

#include "text/utf8.h"

namespace creditdata {
namespace {

// Field indices per table, so that CD_REPEAT can name its field.
namespace field_index {
#define CD_TABLE(Struct, id, zh) \
  struct Struct {                \
    enum : uint8_t {
#define CD_FIELD(field, type, max_len, required, disclosure, key, zh, aliases) \
  field,
#define CD_END_TABLE(Struct) \
  }                          \
  ;                          \
  }                          \
  ;
#include "creditdata/tables.def"
}  // namespace field_index

#define CD_TABLE(Struct, id, zh) constexpr FieldInfo k##Struct##Fields[] = {
#define CD_FIELD(field, type, max_len, required, disclosure, key, zh, aliases) \
  {#field,                                                                     \
   zh,                                                                         \
   aliases,                                                                    \
   ValueType::k##type,                                                         \
   max_len,                                                                    \
   Requirement::k##required,                                                   \
   Disclosure::k##disclosure,                                                  \
   KeyRole::k##key},
#define CD_END_TABLE(Struct) \
  }                          \
  ;
#include "creditdata/tables.def"

// Inside each struct the table's field names resolve to their indices.
#define CD_TABLE(Struct, id, zh)                 \
  struct Struct##Columns : field_index::Struct { \
    static constexpr ColumnInfo kColumns[] = {
#define CD_FIELD(field, type, max_len, required, disclosure, key, zh, aliases) \
  {field, zh},
#define CD_REPEAT(field, zh) {field, zh},
#define CD_END_TABLE(Struct) \
  }                          \
  ;                          \
  }                          \
  ;
#include "creditdata/tables.def"

constexpr TableInfo kTables[] = {
#define CD_TABLE(Struct, id, zh) \
  {TableId::k##Struct, id, zh, k##Struct##Fields, Struct##Columns::kColumns},
#include "creditdata/tables.def"
};
static_assert(std::size(kTables) == kTableCount);

bool IsHeaderSpace(char32_t c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' ||
         c == '\f' || c == 0x00A0 || c == 0x3000 || c == 0xFEFF ||
         (c >= 0x2000 && c <= 0x200B);
}

// Splits a '|'-separated alias list.
template <typename F>
void ForEachAlias(std::string_view aliases, F&& f) {
  while (!aliases.empty()) {
    size_t bar = aliases.find('|');
    f(aliases.substr(0, bar));
    if (bar == std::string_view::npos) break;
    aliases.remove_prefix(bar + 1);
  }
}

}  // namespace

std::string_view ValueTypeName(ValueType type) {
  static constexpr std::array<std::string_view, 19> kNames = {
      "text",     "uscc",      "org_code",    "reg_no",   "entity_code",
      "id_type",  "id_number", "date",        "month",    "month_or_day",
      "validity", "money",     "money",       "quantity", "rate",
      "count",    "yes_no",    "usage_scope", "severity"};
  return kNames[static_cast<size_t>(type)];
}

int TableInfo::FieldIndex(std::string_view field_id) const {
  for (size_t i = 0; i < fields.size(); ++i) {
    if (fields[i].id == field_id) return static_cast<int>(i);
  }
  return -1;
}

std::span<const TableInfo> Tables() { return kTables; }

const TableInfo& GetTable(TableId id) {
  return kTables[static_cast<size_t>(id)];
}

const TableInfo* FindTable(std::string_view name) {
  std::string wanted = NormalizeHeader(name);
  for (const TableInfo& table : kTables) {
    if (table.name == wanted || NormalizeHeader(table.zh_name) == wanted) {
      return &table;
    }
  }
  return nullptr;
}

std::string NormalizeHeader(std::string_view header) {
  std::string out;
  out.reserve(header.size());
  text::Utf8Cursor cursor(header);
  while (!cursor.done()) {
    std::string_view raw;
    char32_t c = cursor.Next(&raw);
    if (c == text::kInvalidCodePoint) {
      out.append(raw);  // keep undecodable bytes; they simply won't match
      continue;
    }
    if (IsHeaderSpace(c)) continue;
    if (c >= 0xFF01 && c <= 0xFF5E) c -= 0xFEE0;  // full-width ASCII
    if (c >= 'A' && c <= 'Z') c += 'a' - 'A';
    text::AppendUtf8(c, &out);
  }
  return out;
}

std::string HeaderMapping::MissingMessage() const {
  if (table == nullptr || missing_fields.empty()) return "";
  std::string message = "missing required column(s): ";
  bool subject_group = false;
  bool first = true;
  for (int f : missing_fields) {
    const FieldInfo& field = table->fields[f];
    if (field.requirement == Requirement::kOneOfSubject) {
      if (subject_group) continue;
      subject_group = true;
    }
    if (!first) message += ", ";
    first = false;
    if (field.requirement == Requirement::kOneOfSubject) {
      message += "one of ";
      bool first_member = true;
      for (int g : missing_fields) {
        const FieldInfo& member = table->fields[g];
        if (member.requirement != Requirement::kOneOfSubject) continue;
        if (!first_member) message += " / ";
        first_member = false;
        message.append(member.zh_name).append(" (").append(member.id) += ")";
      }
    } else {
      message.append(field.zh_name).append(" (").append(field.id) += ")";
    }
  }
  return message;
}

HeaderMapping MatchHeader(const TableInfo& table,
                          std::span<const std::string_view> cells) {
  HeaderMapping mapping;
  mapping.table = &table;
  mapping.column_of_cell.assign(cells.size(), -1);
  mapping.cells_of_field.resize(table.fields.size());
  std::vector<bool> taken(table.columns.size(), false);

  for (size_t i = 0; i < cells.size(); ++i) {
    std::string cell = NormalizeHeader(cells[i]);
    if (cell.empty()) continue;  // trailing blank header cells are common
    bool named = false;
    int column = -1;
    // 1. The annex header of a column: its first free column of that name.
    for (size_t c = 0; c < table.columns.size(); ++c) {
      if (NormalizeHeader(table.columns[c].header) != cell) continue;
      named = true;
      if (!taken[c]) {
        column = static_cast<int>(c);
        break;
      }
    }
    // 2. A field id or alias: the field's first free column.
    for (size_t f = 0; f < table.fields.size() && column < 0; ++f) {
      const FieldInfo& field = table.fields[f];
      bool hit = field.id == cell;
      ForEachAlias(field.aliases, [&](std::string_view alias) {
        hit = hit || NormalizeHeader(alias) == cell;
      });
      if (!hit) continue;
      named = true;
      for (size_t c = 0; c < table.columns.size(); ++c) {
        if (table.columns[c].field == f && !taken[c]) {
          column = static_cast<int>(c);
          break;
        }
      }
    }
    if (column < 0) {
      (named ? mapping.duplicate_cells : mapping.unknown_cells)
          .push_back(static_cast<int>(i));
      continue;
    }
    taken[column] = true;
    mapping.column_of_cell[i] = column;
    mapping.cells_of_field[table.columns[column].field].push_back(
        static_cast<int>(i));
  }

  bool any_subject = false;
  for (size_t f = 0; f < table.fields.size(); ++f) {
    if (table.fields[f].requirement == Requirement::kOneOfSubject &&
        !mapping.cells_of_field[f].empty()) {
      any_subject = true;
    }
  }
  for (size_t f = 0; f < table.fields.size(); ++f) {
    if (!mapping.cells_of_field[f].empty()) continue;
    Requirement r = table.fields[f].requirement;
    if (r == Requirement::kRequired ||
        (r == Requirement::kOneOfSubject && !any_subject)) {
      mapping.missing_fields.push_back(static_cast<int>(f));
    }
  }
  return mapping;
}

TableDetection DetectTable(std::span<const std::string_view> cells) {
  struct Fit {
    const TableInfo* table;
    int matched;
    int unfilled;  // template columns no cell fed
    bool ok;
  };
  std::vector<Fit> fits;
  for (const TableInfo& table : kTables) {
    HeaderMapping m = MatchHeader(table, cells);
    int matched = static_cast<int>(std::count_if(m.column_of_cell.begin(),
                                                 m.column_of_cell.end(),
                                                 [](int c) { return c >= 0; }));
    fits.push_back({&table, matched,
                    static_cast<int>(table.columns.size()) - matched, m.ok()});
  }
  // Best first: fits before misfits, then most cells explained, then the
  // fewest template columns left empty.
  std::stable_sort(fits.begin(), fits.end(), [](const Fit& a, const Fit& b) {
    if (a.ok != b.ok) return a.ok;
    if (a.matched != b.matched) return a.matched > b.matched;
    return a.unfilled < b.unfilled;
  });

  TableDetection result;
  const Fit& best = fits.front();
  if (!best.ok) {
    result.outcome = TableDetection::Outcome::kUnknown;
    if (best.matched > 0) {
      result.candidates.push_back(best.table);
      HeaderMapping m = MatchHeader(*best.table, cells);
      result.message =
          "unknown table: no table has all its required columns "
          "in this header; closest is " +
          std::string(best.table->name) + " (" + m.MissingMessage() + ")";
    } else {
      result.message =
          "unknown table: no header cell names a column of any annex table";
    }
    return result;
  }
  for (const Fit& fit : fits) {
    if (fit.ok && fit.matched == best.matched &&
        fit.unfilled == best.unfilled) {
      result.candidates.push_back(fit.table);
    }
  }
  if (result.candidates.size() > 1) {
    result.outcome = TableDetection::Outcome::kAmbiguous;
    result.message = "ambiguous table: the header fits";
    for (size_t i = 0; i < result.candidates.size(); ++i) {
      result.message += i == 0 ? " " : " and ";
      result.message += result.candidates[i]->name;
    }
    result.message += " equally well; name the table explicitly";
    return result;
  }
  result.outcome = TableDetection::Outcome::kDetected;
  result.table = best.table;
  result.message = "detected table " + std::string(best.table->name) + " (" +
                   std::string(best.table->zh_name) + ")";
  return result;
}

}  // namespace creditdata
