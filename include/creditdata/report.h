// The validation report: what was read, and every finding with the row,
// column and field it belongs to.
//
// Rows are spreadsheet rows: the header is row 1, the first record row 2
// (for JSON input, the record's 1-based position). Column numbers are
// 1-based positions in the input; 0 means the finding is about the whole
// row or file. The accounting always holds: rows == valid_rows + rejected
// rows.
//
// Thread safety: plain values.

#ifndef CREDITDATA_REPORT_H_
#define CREDITDATA_REPORT_H_

#include <cstdint>
#include <string>
#include <vector>

#include "creditdata/findings.h"

namespace creditdata {

struct Finding {
  int64_t row = 0;     // 1 = header; 0 = the file as a whole
  int32_t column = 0;  // 1-based input column; 0 = whole row/file
  std::string header;  // the input's header text of that column
  std::string field;   // the field id, when the finding is about a field
  FindingCode code = FindingCode::kOk;
  Severity severity = Severity::kError;
  std::string value;    // the raw value as read (UTF-8)
  std::string message;  // English; Chinese via FindingMessage(code, ...)
};

struct Report {
  std::string file;      // path, or "" for a buffer
  std::string table;     // table id; "" when none could be determined
  std::string encoding;  // "utf-8", "utf-8-bom", "gb18030", "utf-16le", …
  std::string format;    // "csv", "tsv", "json", "ndjson"
  int64_t rows = 0;      // data records read (not the header, not blanks)
  int64_t valid_rows = 0;
  int64_t blank_lines = 0;  // skipped, and counted here
  int64_t errors = 0;       // error findings, stored or not
  int64_t warnings = 0;     // warning findings, stored or not
  int64_t normalised = 0;   // values that needed normalising to be read
  bool truncated = false;   // findings beyond the limit were counted only
  std::vector<Finding> findings;
};

// The report as one JSON object: {"file", "table", "encoding", "format",
// "rows", "valid_rows", "rejected_rows", "blank_lines", "errors",
// "warnings", "normalised", "truncated", "findings": [{"row", "column",
// "header", "field", "code", "severity", "value", "message",
// "message_zh"}]}, followed by a newline.
std::string ReportToJson(const Report& report);
// The report for people: a summary line, then one line per finding.
std::string ReportToText(const Report& report);

}  // namespace creditdata

#endif  // CREDITDATA_REPORT_H_
