// Record assembly and validation: the cells of one row, mapped by the
// header, become a typed record of the table; every value is checked by its
// type's parser and the record by the rules across fields (TABLES.md). All
// of it is generic over the tables through ForEachField and the metadata;
// nothing here is written per table.

#ifndef CREDITDATA_SRC_VALIDATE_RECORD_VALIDATOR_H_
#define CREDITDATA_SRC_VALIDATE_RECORD_VALIDATOR_H_

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "creditdata/check.h"
#include "creditdata/records.h"
#include "creditdata/report.h"
#include "creditdata/schema.h"

namespace creditdata::internal {

// Collects findings into a Report: counts every one, stores up to a limit.
class FindingSink {
 public:
  FindingSink(Report* report, size_t max_findings)
      : report_(report), max_findings_(max_findings) {}

  // Counts the finding and stores it unless the limit is reached. The
  // message defaults to the code's English message; `detail` is appended.
  void Add(int64_t row, int32_t column, std::string_view header,
           std::string_view field, FindingCode code, Severity severity,
           std::string_view value, std::string_view detail = {});
  void CountNormalised() { ++report_->normalised; }
  Report* report() { return report_; }
  // Also keeps every finding of the current row in `row_findings` (all of
  // them, whatever the limit), until the next set_row_findings.
  void set_row_findings(std::vector<Finding>* row_findings) {
    row_findings_ = row_findings;
  }

 private:
  Report* report_;
  size_t max_findings_;
  std::vector<Finding>* row_findings_ = nullptr;
};

struct ValidateOptions {
  CheckOptions check;
  size_t max_findings = 1000;
};

class RecordValidator {
 public:
  // `header_cells` are the input's header texts (for findings); `mapping`
  // must belong to `table`.
  RecordValidator(const TableInfo& table, HeaderMapping mapping,
                  std::vector<std::string> header_cells,
                  const ValidateOptions& options);

  // Validates one row. `cells` are the row's cells in input order (a short
  // row simply has fewer). Writes the typed record to `out` and reports
  // findings to `sink`. Returns true when the row has no error.
  bool ValidateRow(int64_t row, std::span<const std::string_view> cells,
                   FindingSink* sink, AnyRecord* out);

  const TableInfo& table() const { return *table_; }
  const HeaderMapping& mapping() const { return mapping_; }

 private:
  template <typename Record>
  bool ValidateTyped(int64_t row, std::span<const std::string_view> cells,
                     FindingSink* sink, Record* record);
  template <typename Record>
  bool CheckRules(int64_t row, std::span<const std::string_view> cells,
                  FindingSink* sink, const Record& record);
  template <typename Record>
  bool CheckNaturalKey(int64_t row, std::span<const std::string_view> cells,
                       FindingSink* sink, const Record& record);

  // The first input cell of field `f` (or -1) and its text in this row.
  int FirstCell(int f) const;
  std::string_view CellText(std::span<const std::string_view> cells,
                            int cell) const;
  // Reports `code` against field `f` of this row.
  void Report(FindingSink* sink, int64_t row,
              std::span<const std::string_view> cells, int f, FindingCode code,
              std::string_view detail = {}) const;

  const TableInfo* table_;
  HeaderMapping mapping_;
  std::vector<std::string> header_cells_;
  ValidateOptions options_;
  int provided_date_field_;
  // Natural key digest -> first row with that key.
  absl::flat_hash_map<std::pair<uint64_t, uint64_t>, int64_t> keys_;
  std::string key_scratch_;
};

}  // namespace creditdata::internal

#endif  // CREDITDATA_SRC_VALIDATE_RECORD_VALIDATOR_H_
