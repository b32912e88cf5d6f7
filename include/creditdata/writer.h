// Writing records: CSV for Excel (UTF-8 with BOM, or GB18030), plain UTF-8
// CSV, a JSON array and NDJSON. Values are written in canonical form;
// reading what was written gives back the same records.
//
// A RecordWriter appends bytes to a caller-owned string, so the caller
// decides when to flush (to a file, a socket, a C buffer). Call Begin once,
// Write per record, End once.
//
// Thread safety: one writer per thread.

#ifndef CREDITDATA_WRITER_H_
#define CREDITDATA_WRITER_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "creditdata/records.h"
#include "creditdata/schema.h"

namespace creditdata {

enum class OutputFormat : uint8_t {
  kCsv,         // UTF-8, no BOM, LF
  kCsvBom,      // UTF-8 with BOM, CRLF: Excel's "CSV UTF-8"
  kCsvGb18030,  // GB18030, CRLF: Excel's plain CSV on Chinese Windows
  kJson,        // one array of objects
  kNdjson,      // one object per line
};

// "csv", "csv-bom", "gb18030", "json", "ndjson".
std::string_view OutputFormatName(OutputFormat format);
std::optional<OutputFormat> OutputFormatFromName(std::string_view name);

enum class HeaderStyle : uint8_t {
  kTemplate,  // the annex template's Chinese headers, all its columns
  kFieldIds,  // one column per field, named by field id
};

class RecordWriter {
 public:
  // CSV formats use `header_style`; JSON formats always key by field id.
  RecordWriter(const TableInfo& table, OutputFormat format,
               HeaderStyle header_style = HeaderStyle::kTemplate);

  // Appends the BOM and header row, or the opening bracket.
  void Begin(std::string* out);
  // Appends one record; `record` must hold the writer's table.
  void Write(const AnyRecord& record, std::string* out);
  // Appends the closing bracket of a JSON array (nothing otherwise).
  void End(std::string* out);

  const TableInfo& table() const { return *table_; }

 private:
  template <typename Record>
  void WriteTyped(const Record& record, std::string* out);
  // Appends UTF-8 `text` to `out` in the output encoding.
  void Emit(std::string_view text, std::string* out);

  const TableInfo* table_;
  OutputFormat format_;
  HeaderStyle header_style_;
  bool first_record_ = true;
  char delimiter_ = ',';
  std::string_view line_end_ = "\n";
  std::string line_;                 // one row in UTF-8
  std::vector<std::string> values_;  // canonical text per field
  std::vector<bool> seen_scratch_;
};

// Appends `value` as one CSV field: quoted when it holds the delimiter, a
// quote, CR or LF, or leading/trailing space; quotes doubled.
void AppendCsvField(std::string_view value, char delimiter, std::string* out);
// Appends `value` as a JSON string literal (UTF-8 passed through; control
// characters, quote and backslash escaped).
void AppendJsonString(std::string_view value, std::string* out);

}  // namespace creditdata

#endif  // CREDITDATA_WRITER_H_
