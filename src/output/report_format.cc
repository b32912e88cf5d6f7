// The report as JSON (for programs) and as text (for clerks).

#include <string>

#include "creditdata/report.h"
#include "creditdata/writer.h"

namespace creditdata {
namespace {

void Key(std::string_view key, std::string* out) {
  AppendJsonString(key, out);
  out->push_back(':');
}

void Field(std::string_view key, std::string_view value, std::string* out) {
  Key(key, out);
  AppendJsonString(value, out);
  out->push_back(',');
}

void Field(std::string_view key, int64_t value, std::string* out) {
  Key(key, out);
  out->append(std::to_string(value));
  out->push_back(',');
}

}  // namespace

std::string ReportToJson(const Report& r) {
  std::string out = "{";
  Field("file", r.file, &out);
  Field("table", r.table, &out);
  Field("encoding", r.encoding, &out);
  Field("format", r.format, &out);
  Field("rows", r.rows, &out);
  Field("valid_rows", r.valid_rows, &out);
  Field("rejected_rows", r.rows - r.valid_rows, &out);
  Field("blank_lines", r.blank_lines, &out);
  Field("errors", r.errors, &out);
  Field("warnings", r.warnings, &out);
  Field("normalised", r.normalised, &out);
  Key("truncated", &out);
  out.append(r.truncated ? "true," : "false,");
  Key("findings", &out);
  out.push_back('[');
  for (size_t i = 0; i < r.findings.size(); ++i) {
    const Finding& f = r.findings[i];
    out.append(i == 0 ? "\n{" : ",\n{");
    Field("row", f.row, &out);
    Field("column", f.column, &out);
    Field("header", f.header, &out);
    Field("field", f.field, &out);
    Field("code", FindingCodeName(f.code), &out);
    Field("severity", SeverityName(f.severity), &out);
    Field("value", f.value, &out);
    Field("message", f.message, &out);
    Key("message_zh", &out);
    AppendJsonString(FindingMessage(f.code, Language::kChinese), &out);
    out.push_back('}');
  }
  out.append(r.findings.empty() ? "]}\n" : "\n]}\n");
  return out;
}

std::string ReportToText(const Report& r) {
  std::string out;
  out += r.file.empty() ? std::string("input") : r.file;
  out += ": table " + (r.table.empty() ? std::string("(none)") : r.table);
  out += ", " + r.format + ", " + r.encoding + "\n";
  out += std::to_string(r.rows) + " rows, " + std::to_string(r.valid_rows) +
         " valid, " + std::to_string(r.rows - r.valid_rows) + " rejected; " +
         std::to_string(r.errors) + " errors, " + std::to_string(r.warnings) +
         " warnings, " + std::to_string(r.normalised) + " values normalised";
  if (r.blank_lines > 0) {
    out += ", " + std::to_string(r.blank_lines) + " blank lines skipped";
  }
  out += "\n";
  for (const Finding& f : r.findings) {
    out += f.row > 0 ? "row " + std::to_string(f.row) : std::string("file");
    if (f.column > 0) out += ", column " + std::to_string(f.column);
    if (!f.header.empty() || !f.field.empty()) {
      out += " (" + f.header;
      if (!f.field.empty() && f.field != f.header) {
        out += f.header.empty() ? f.field : " / " + f.field;
      }
      out += ")";
    }
    out += ": ";
    out += SeverityName(f.severity);
    out += " ";
    out += FindingCodeName(f.code);
    out += ": " + f.message;
    if (!f.value.empty()) out += " [" + f.value + "]";
    out += "\n";
  }
  if (r.truncated) {
    out +=
        "(more findings were counted but not listed; raise "
        "--max-findings)\n";
  }
  return out;
}

}  // namespace creditdata
