// Record assembly and validation: the cells of one row, mapped by the
// header, become a typed record of the table; every value is checked by its
// type's parser and the record by the rules across fields (TABLES.md). All
// of it is generic over the tables through ForEachField, the metadata and
// its compile-time twin (static_fields.h); nothing here is written per
// table.

#ifndef CREDITDATA_SRC_VALIDATE_RECORD_VALIDATOR_H_
#define CREDITDATA_SRC_VALIDATE_RECORD_VALIDATOR_H_

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "creditdata/check.h"
#include "creditdata/records.h"
#include "creditdata/report.h"
#include "creditdata/schema.h"
#include "validate/key_index.h"

namespace creditdata::internal {

// Collects the findings of one row, all of them, and counts the values
// that needed normalising. The reader commits them to the report in row
// order once the row is complete (see CommitFinding).
class FindingSink {
 public:
  explicit FindingSink(std::vector<Finding>* findings = nullptr)
      : findings_(findings) {}

  // The message defaults to the code's English message; `detail` is
  // appended.
  void Add(int64_t row, int32_t column, std::string_view header,
           std::string_view field, FindingCode code, Severity severity,
           std::string_view value, std::string_view detail = {});
  void CountNormalised() { ++normalised_; }
  int64_t normalised() const { return normalised_; }

 private:
  std::vector<Finding>* findings_;
  int64_t normalised_ = 0;
};

// Counts `finding` in `report` and stores it unless `max_findings` are
// stored already (then the report says it was truncated).
void CommitFinding(const Finding& finding, size_t max_findings, Report* report);

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

  // Validates one row but for the uniqueness of its natural key. `cells`
  // are the row's cells in input order (a short row simply has fewer).
  // Writes the typed record to `out`, its key digest to `key`, and reports
  // findings to `sink`. Returns true when the row has no error.
  //
  // With `deferred`, text members whose cell is already canonical are not
  // copied: bit f of *deferred says field f still holds a stale value and
  // its text is the cell's, to be copied by FillDeferred only when the
  // record is asked for (most are only validated). The cells must outlive
  // that.
  // `plain` promises that no cell holds a byte below 0x20, 0x7F or 0xC2
  // (io::RecordView::plain): text cells are then not scanned for them.
  // Thread-safe: a validator is read, not changed, by ValidateRow.
  bool ValidateRow(int64_t row, std::span<const std::string_view> cells,
                   FindingSink* sink, AnyRecord* out, KeyDigest* key,
                   uint64_t* deferred = nullptr, bool plain = false) const;
  // Copies the deferred text members of `record` from `cells`.
  void FillDeferred(std::span<const std::string_view> cells, uint64_t deferred,
                    AnyRecord* record) const;

  // The natural-key check, done separately so that a batch of rows can
  // prefetch its index slots first; rows must come in input order. Returns
  // false (and reports to `sink`) when an earlier row had the same key.
  // Sizes the key index for about `rows` rows up front.
  void ReserveKeys(size_t rows) { keys_.Reserve(rows); }
  void PrefetchKey(const KeyDigest& key) const {
    if (key.present) keys_.Prefetch(key);
  }
  bool CheckKey(int64_t row, const KeyDigest& key,
                std::span<const std::string_view> cells, FindingSink* sink);
  // CheckKey's usual case, inline (it is done once per row): records the
  // key of `row` and returns true when the key is absent or new. False when
  // an earlier row had it: nothing is recorded nor reported then, and
  // CheckKey, called next, reports it.
  bool CheckKeyIsNew(int64_t row, const KeyDigest& key) {
    return !key.present || keys_.Insert(key, row) < 0;
  }

  const TableInfo& table() const { return *table_; }
  const HeaderMapping& mapping() const { return mapping_; }

 private:
  // What the fields of one row share while they are validated.
  struct RowState {
    int64_t row;
    std::span<const std::string_view> cells;
    FindingSink* sink;
    const CheckOptions* options;
    std::optional<IdType> row_id_type;  // the certificate type, once read
    bool id_type_inferred = false;
    int id_type_field = -1;
    bool ok = true;
  };
  // The full validation of one field: every cell, every finding.
  template <typename Member>
  void ValidateField(int f, Member& member, RowState& state) const;
  // What one field needs on the fast path, packed together.
  struct FieldPlan {
    const FieldInfo* info;
    int cell;       // its first input cell, or -1
    bool fast;      // a lone cell: may try the fast path (fast_parse.h)
    bool required;  // Requirement::kRequired
    KeyRole key;
  };
  template <typename Record>
  bool ValidateTyped(int64_t row, std::span<const std::string_view> cells,
                     FindingSink* sink, Record* record, KeyDigest* key,
                     uint64_t* deferred, bool plain) const;
  // `after_provided`, when given, has bit f set for the date fields found
  // after the provided date already (rule 3).
  template <typename Record>
  bool CheckRules(int64_t row, std::span<const std::string_view> cells,
                  FindingSink* sink, const Record& record,
                  const uint64_t* after_provided) const;

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
  int first_key_field_;
  // Per field: its first input cell (or -1), and whether more cells repeat
  // it (the annex's repeated columns).
  std::vector<int> first_cell_;
  std::vector<uint8_t> repeated_;
  std::vector<FieldPlan> plan_;
  size_t cells_needed_ = 0;  // 1 + the last cell any field reads
  KeyIndex keys_;
};

}  // namespace creditdata::internal

#endif  // CREDITDATA_SRC_VALIDATE_RECORD_VALIDATOR_H_
