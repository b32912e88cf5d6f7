// Reading and validating submissions: CSV/TSV (UTF-8, UTF-8 with BOM,
// UTF-16 with BOM, GB18030) and JSON (an array of objects, or NDJSON).
//
// A RecordReader streams one input through a reused buffer, so memory stays
// bounded whatever the file size (the natural-key check keeps one 16-byte
// digest per record). Each call to Next() yields the next row as a typed
// record with its findings; the Report accumulates counts and findings of
// the whole input.
//
//   creditdata::ReadOptions options;
//   auto reader = creditdata::RecordReader::OpenFile("arrears.csv", options);
//   if (!reader.ok()) return reader.status();      // I/O error
//   while ((*reader)->Next()) {
//     const auto& r = std::get<creditdata::NaturalPersonArrears>(
//         (*reader)->record());
//     ...
//   }
//   const creditdata::Report& report = (*reader)->report();
//
// Bad data never fails a call: it becomes findings. absl::Status reports
// what stops reading altogether: a missing file (NotFound) or an I/O error
// (Internal). An input without a usable header (empty, unknown or ambiguous
// table) opens fine, yields no records, and says why in a file-level
// finding (see IsUnreadable()).
//
// Thread safety: one reader per thread; readers are independent.

#ifndef CREDITDATA_READER_H_
#define CREDITDATA_READER_H_

#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "creditdata/check.h"
#include "creditdata/records.h"
#include "creditdata/report.h"
#include "creditdata/schema.h"

namespace creditdata {

enum class InputFormat : uint8_t { kAuto, kCsv, kTsv, kJson, kNdjson };
enum class InputEncoding : uint8_t { kAuto, kUtf8, kGb18030, kUtf16 };

std::optional<InputEncoding> InputEncodingFromName(std::string_view name);
std::optional<InputFormat> InputFormatFromName(std::string_view name);

struct ReadOptions {
  // The table; detected from the header (or the first JSON object's keys)
  // when unset.
  std::optional<TableId> table;
  InputEncoding encoding = InputEncoding::kAuto;
  // kAuto: JSON when the first non-blank byte is '[' or '{', else CSV/TSV
  // by the header's delimiter.
  InputFormat format = InputFormat::kAuto;
  // Findings stored in the report; the rest are only counted.
  size_t max_findings = 1000;
  CheckOptions check;
  // Bytes read per chunk.
  size_t buffer_size = size_t{1} << 20;
  // A CSV record longer than this (an unterminated quote, as a rule) is cut
  // at its first line end and reported as malformed; reading resumes there.
  // Without the cap (0) one stray quote swallows the rest of the input.
  size_t max_record_bytes = size_t{16} << 20;
  // Threads validating rows in parallel: the calling thread, which also
  // splits the input and hands rows out in order, and threads - 1
  // workers. Used while the input is read in place (valid UTF-8 in memory
  // or in a regular file); the records, findings and report are the same
  // whatever the number.
  int threads = 1;
  // Called after each chunk with the input bytes read so far and the rows
  // seen so far (for progress displays); may be empty.
  std::function<void(uint64_t bytes, int64_t rows)> progress;
};

class RecordReader {
 public:
  virtual ~RecordReader() = default;

  // Opens a file for streaming.
  static absl::StatusOr<std::unique_ptr<RecordReader>> OpenFile(
      const std::string& path, const ReadOptions& options = {});
  // Reads from memory; `data` is borrowed and must outlive the reader.
  static absl::StatusOr<std::unique_ptr<RecordReader>> OpenBuffer(
      std::string_view data, const ReadOptions& options = {});

  // Advances to the next row; false at the end of the input, or when an
  // I/O error stops reading (then status() says so).
  virtual bool Next() = 0;

  // The current row as a typed record; fields that failed are empty.
  virtual const AnyRecord& record() const = 0;
  // Spreadsheet row (header = 1), or 1-based position for JSON.
  virtual int64_t row() const = 0;
  // True when the current row has no error.
  virtual bool row_valid() const = 0;
  // Findings of the current row (all of them, whatever max_findings says).
  virtual std::span<const Finding> row_findings() const = 0;
  // The current row as it came in (decoded to UTF-8): the CSV record
  // without its line end, or the JSON object text.
  virtual std::string_view raw_row() const = 0;
  // The cells of the current row, as read (CSV), or the values keyed in
  // the order of `header_cells()` (JSON).
  virtual std::span<const std::string_view> cells() const = 0;

  // nullptr until a header was matched.
  virtual const TableInfo* table() const = 0;
  // The header as read (CSV), or the table's field ids (JSON).
  virtual std::span<const std::string> header_cells() const = 0;
  // "csv", "tsv", "json" or "ndjson", once known.
  virtual std::string_view format() const = 0;
  // The input's encoding once known: "utf-8", "utf-8-bom", "gb18030",
  // "utf-16le", "utf-16be".
  virtual std::string_view encoding() const = 0;
  // Input bytes read so far, and the input's size when known (else 0).
  virtual uint64_t bytes_read() const = 0;
  virtual uint64_t total_bytes() const = 0;
  // Counts and findings so far; complete once Next() returned false.
  virtual const Report& report() const = 0;
  virtual absl::Status status() const = 0;
};

// Reads a whole input and returns its report.
absl::StatusOr<Report> ValidateFile(const std::string& path,
                                    const ReadOptions& options = {});
absl::StatusOr<Report> ValidateBuffer(std::string_view data,
                                      const ReadOptions& options = {});

// True when the report says the input could not be read as a table at all
// (no header, unknown or ambiguous table).
bool IsUnreadable(const Report& report);

}  // namespace creditdata

#endif  // CREDITDATA_READER_H_
