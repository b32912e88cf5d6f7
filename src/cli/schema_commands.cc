// tables, schema and template: the schema as the user sees it.

#include <cstdio>
#include <string>

#include "cli/commands.h"
#include "creditdata/schema.h"
#include "text/encoding.h"

namespace creditdata::cli {
namespace {

void Write(std::string_view s) { std::fwrite(s.data(), 1, s.size(), stdout); }

const TableInfo* TableArgument(Args args, std::string_view command) {
  if (args.empty()) {
    UsageError(std::string(command) +
               ": name a table (see 'creditdata tables')");
    return nullptr;
  }
  const TableInfo* table = FindTable(args[0]);
  if (table == nullptr) {
    UsageError("unknown table '" + std::string(args[0]) +
               "' (see 'creditdata tables')");
  }
  return table;
}

std::string_view RequirementName(Requirement r) {
  switch (r) {
    case Requirement::kRequired:
      return "required";
    case Requirement::kOneOfSubject:
      return "one-of-subject";
    case Requirement::kOptional:
      return "optional";
  }
  return "";
}

std::string_view DisclosureName(Disclosure d) {
  switch (d) {
    case Disclosure::kPublic:
      return "public";
    case Disclosure::kMasked:
      return "masked";
    case Disclosure::kHidden:
      return "hidden";
  }
  return "";
}

}  // namespace

int RunTables(Args args) {
  if (!args.empty()) return UsageError("tables takes no arguments");
  Write("id\tname\tcolumns\n");
  for (const TableInfo& table : Tables()) {
    std::string line = std::string(table.name) + "\t" +
                       std::string(table.zh_name) + "\t" +
                       std::to_string(table.columns.size()) + "\n";
    Write(line);
  }
  return kExitOk;
}

int RunSchema(Args args) {
  const TableInfo* table = TableArgument(args, "schema");
  if (table == nullptr) return kExitUsage;
  if (args.size() > 1) return UsageError("schema takes one table");
  Write("position\tname\tid\ttype\trequired\tdisclosure\n");
  for (size_t c = 0; c < table->columns.size(); ++c) {
    const ColumnInfo& column = table->columns[c];
    const FieldInfo& field = table->fields[column.field];
    std::string type(ValueTypeName(field.type));
    if (field.type == ValueType::kPositiveMoney) type += "(>0)";
    if (field.max_length > 0)
      type += "(" + std::to_string(field.max_length) + ")";
    std::string line = std::to_string(c + 1) + "\t" +
                       std::string(column.header) + "\t" +
                       std::string(field.id) + "\t" + type + "\t" +
                       std::string(RequirementName(field.requirement)) + "\t" +
                       std::string(DisclosureName(field.disclosure)) + "\n";
    Write(line);
  }
  return kExitOk;
}

int RunTemplate(Args args) {
  const TableInfo* table = TableArgument(args, "template");
  if (table == nullptr) return kExitUsage;
  std::string_view encoding = "utf-8";
  for (size_t i = 1; i < args.size(); ++i) {
    if (args[i] == "--encoding" && i + 1 < args.size()) {
      encoding = args[++i];
    } else if (args[i].starts_with("--encoding=")) {
      encoding = args[i].substr(11);
    } else {
      return UsageError("template: unexpected argument '" +
                        std::string(args[i]) + "'");
    }
  }
  // Files for Excel get CRLF line ends; plain UTF-8 is for terminals and
  // scripts.
  std::string row;
  for (size_t c = 0; c < table->columns.size(); ++c) {
    if (c > 0) row += ',';
    row += table->columns[c].header;
  }
  if (encoding == "utf-8") {
    Write(row + "\n");
  } else if (encoding == "utf-8-bom") {
    Write("\xEF\xBB\xBF" + row + "\r\n");
  } else if (encoding == "gb18030") {
    auto converted = text::Utf8ToGb18030(row + "\r\n");
    if (!converted.ok()) {
      return UsageError(std::string(converted.status().message()));
    }
    Write(*converted);
  } else {
    return UsageError(
        "template: --encoding must be utf-8, utf-8-bom or gb18030");
  }
  return kExitOk;
}

}  // namespace creditdata::cli
