// Fuzz target for RecordReader: any bytes, under options picked by the
// first two input bytes (the layout is in fuzz/README.md), must read to the
// end without a crash and keep the reader's documented promises. A broken
// promise traps, so libFuzzer and the replay driver both stop on it.

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "creditdata/findings.h"
#include "creditdata/reader.h"
#include "creditdata/records.h"
#include "creditdata/report.h"
#include "creditdata/schema.h"
#include "creditdata/writer.h"

namespace {

using creditdata::AnyRecord;
using creditdata::Finding;
using creditdata::InputEncoding;
using creditdata::InputFormat;
using creditdata::ReadOptions;
using creditdata::RecordReader;
using creditdata::Report;
using creditdata::Severity;

// Prints which promise broke before trapping: a bare trap in a fuzz log
// says nothing about the cause.
#define FUZZ_CHECK(cond)                                                   \
  do {                                                                     \
    if (!(cond)) {                                                         \
      std::fprintf(stderr, "reader_fuzz: invariant failed at %s:%d: %s\n", \
                   __FILE__, __LINE__, #cond);                             \
      __builtin_trap();                                                    \
    }                                                                      \
  } while (0)

// Small buffers put chunk boundaries inside quotes, multi-byte characters,
// BOMs and line ends, where streaming readers tend to break. 0 keeps the
// default.
constexpr size_t kBufferSizes[8] = {0, 7, 16, 64, 256, 1024, 4096, 13};
constexpr size_t kMaxFindings[4] = {1000, 0, 1, 5};
constexpr size_t kSmallRecordBytes = 64;

ReadOptions OptionsFromSelector(uint8_t a, uint8_t b) {
  ReadOptions options;
  constexpr InputEncoding kEncodings[4] = {
      InputEncoding::kAuto, InputEncoding::kUtf8, InputEncoding::kGb18030,
      InputEncoding::kUtf16};
  options.encoding = kEncodings[a & 3];
  constexpr InputFormat kFormats[8] = {
      InputFormat::kAuto, InputFormat::kCsv,    InputFormat::kTsv,
      InputFormat::kJson, InputFormat::kNdjson, InputFormat::kAuto,
      InputFormat::kAuto, InputFormat::kAuto};
  options.format = kFormats[(a >> 2) & 7];
  if (const size_t size = kBufferSizes[(a >> 5) & 7]; size != 0) {
    options.buffer_size = size;
  }

  const int table = b & 15;
  if (table >= 1 && table <= creditdata::kTableCount) {
    options.table = static_cast<creditdata::TableId>(table - 1);
  }
  options.threads = (b & 0x10) != 0 ? 2 : 1;
  if ((b & 0x20) != 0) options.max_record_bytes = kSmallRecordBytes;
  options.max_findings = kMaxFindings[(b >> 6) & 3];
  return options;
}

void CheckFinding(const Finding& finding) {
  FUZZ_CHECK(!creditdata::FindingCodeName(finding.code).empty());
  FUZZ_CHECK(finding.severity == Severity::kError ||
             finding.severity == Severity::kWarning ||
             finding.severity == Severity::kInfo);
}

void CheckReport(const Report& report, const ReadOptions& options) {
  FUZZ_CHECK(report.rows >= 0);
  FUZZ_CHECK(report.valid_rows >= 0);
  FUZZ_CHECK(report.valid_rows <= report.rows);
  FUZZ_CHECK(report.findings.size() <= options.max_findings);
  int64_t errors = 0;
  int64_t warnings = 0;
  for (const Finding& finding : report.findings) {
    CheckFinding(finding);
    if (finding.severity == Severity::kError) ++errors;
    if (finding.severity == Severity::kWarning) ++warnings;
  }
  // Findings past the limit are still counted, so the counts bound the
  // stored findings, and equal them when nothing was dropped.
  FUZZ_CHECK(report.errors >= errors);
  FUZZ_CHECK(report.warnings >= warnings);
  if (!report.truncated) {
    FUZZ_CHECK(report.errors == errors);
    FUZZ_CHECK(report.warnings == warnings);
  }
}

struct ReadResult {
  std::string report_json;
  const creditdata::TableInfo* table = nullptr;
  int64_t rows = 0;
  int64_t valid_rows = 0;
  std::vector<AnyRecord> records;  // only when asked to keep them
};

ReadResult ReadAll(std::string_view input, const ReadOptions& options,
                   bool keep_records) {
  ReadResult result;
  auto reader = RecordReader::OpenBuffer(input, options);
  // A buffer has no I/O to fail: bad bytes must become findings.
  FUZZ_CHECK(reader.ok());
  RecordReader& r = **reader;

  int64_t next_calls = 0;
  int64_t valid_calls = 0;
  int64_t last_row = 0;
  int64_t row_errors = 0;
  while (r.Next()) {
    ++next_calls;
    FUZZ_CHECK(r.table() != nullptr);
    FUZZ_CHECK(r.row() > last_row);
    last_row = r.row();

    bool has_error = false;
    for (const Finding& finding : r.row_findings()) {
      CheckFinding(finding);
      FUZZ_CHECK(finding.row == r.row());
      if (finding.severity == Severity::kError) {
        has_error = true;
        ++row_errors;
      }
    }
    // A row may also be rejected for the file's sake (a required column
    // missing from the header): then the error is the header's, counted
    // in the report, not one of the row's own.
    const bool consistent = r.row_valid()
                                ? !has_error
                                : has_error || r.report().errors > row_errors;
    if (!consistent) {
      std::fprintf(stderr, "reader_fuzz: row %lld row_valid %d, findings:\n",
                   static_cast<long long>(r.row()), r.row_valid());
      for (const Finding& finding : r.row_findings()) {
        std::fprintf(
            stderr, "  %s %s column %d\n",
            std::string(creditdata::FindingCodeName(finding.code)).c_str(),
            std::string(creditdata::SeverityName(finding.severity)).c_str(),
            finding.column);
      }
    }
    FUZZ_CHECK(consistent);
    if (r.row_valid()) ++valid_calls;
    FUZZ_CHECK(!std::holds_alternative<std::monostate>(r.record()));
    FUZZ_CHECK(static_cast<size_t>(r.record().index()) ==
               static_cast<size_t>(r.table()->id));
    if (keep_records) result.records.push_back(r.record());
  }
  FUZZ_CHECK(r.status().ok());

  const Report& report = r.report();
  CheckReport(report, options);
  FUZZ_CHECK(report.rows == next_calls);
  FUZZ_CHECK(report.valid_rows == valid_calls);
  FUZZ_CHECK(report.errors >= row_errors);
  if (options.table.has_value() && r.table() != nullptr) {
    FUZZ_CHECK(r.table()->id == *options.table);
  }

  result.report_json = creditdata::ReportToJson(report);
  result.table = r.table();
  result.rows = report.rows;
  result.valid_rows = report.valid_rows;
  return result;
}

// Canonical values written as CSV must read back as the same number of
// valid rows: the writer promises that reading what it wrote gives back the
// same records.
void CheckRoundTrip(const ReadResult& first) {
  creditdata::RecordWriter writer(*first.table, creditdata::OutputFormat::kCsv);
  std::string csv;
  writer.Begin(&csv);
  for (const AnyRecord& record : first.records) writer.Write(record, &csv);
  writer.End(&csv);

  ReadOptions options;
  options.table = first.table->id;
  const ReadResult second = ReadAll(csv, options, /*keep_records=*/false);
  if (second.rows != first.rows || second.valid_rows != second.rows) {
    std::fprintf(stderr, "reader_fuzz: round trip of %lld rows gave %s%s\n",
                 static_cast<long long>(first.rows), second.report_json.c_str(),
                 csv.c_str());
  }
  FUZZ_CHECK(second.table == first.table);
  FUZZ_CHECK(second.rows == first.rows);
  FUZZ_CHECK(second.valid_rows == second.rows);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const uint8_t a = size > 0 ? data[0] : 0;
  const uint8_t b = size > 1 ? data[1] : 0;
  const size_t skip = size < 2 ? size : 2;
  const std::string_view input(reinterpret_cast<const char*>(data) + skip,
                               size - skip);

  const ReadOptions options = OptionsFromSelector(a, b);
  const ReadResult first = ReadAll(input, options, /*keep_records=*/true);

  // Chunking and worker threads are implementation details: a different
  // buffer size and thread count must give the very same report.
  ReadOptions other = options;
  other.buffer_size = options.buffer_size == ReadOptions().buffer_size
                          ? kBufferSizes[1 + (a % 7)]
                          : ReadOptions().buffer_size;
  other.threads = options.threads == 1 ? 2 : 1;
  const ReadResult second = ReadAll(input, other, /*keep_records=*/false);
  if (first.report_json != second.report_json) {
    std::fprintf(stderr,
                 "reader_fuzz: buffer_size %zu threads %d:\n%s"
                 "buffer_size %zu threads %d:\n%s",
                 options.buffer_size, options.threads,
                 first.report_json.c_str(), other.buffer_size, other.threads,
                 second.report_json.c_str());
  }
  FUZZ_CHECK(first.report_json == second.report_json);

  if (first.table != nullptr && first.rows > 0 &&
      first.valid_rows == first.rows) {
    CheckRoundTrip(first);
  }
  return 0;
}
