#include "validate/record_validator.h"

#include <algorithm>
#include <array>
#include <cstring>
#include <type_traits>

#include "validate/fast_parse.h"
#include "validate/key_hasher.h"
#include "validate/member_parse.h"
#include "validate/static_fields.h"
#include "values/identifier_fast.h"

namespace creditdata::internal {

void FindingSink::Add(int64_t row, int32_t column, std::string_view header,
                      std::string_view field, FindingCode code,
                      Severity severity, std::string_view value,
                      std::string_view detail) {
  Finding& f = findings_->emplace_back();
  f.row = row;
  f.column = column;
  f.header.assign(header);
  f.field.assign(field);
  f.code = code;
  f.severity = severity;
  f.value.assign(value);
  f.message.assign(FindingMessage(code, Language::kEnglish));
  if (!detail.empty()) f.message.append(": ").append(detail);
}

void CommitFinding(const Finding& finding, size_t max_findings,
                   Report* report) {
  if (finding.severity == Severity::kError) {
    ++report->errors;
  } else if (finding.severity == Severity::kWarning) {
    ++report->warnings;
  }
  if (report->findings.size() < max_findings) {
    report->findings.push_back(finding);
  } else {
    report->truncated = true;
  }
}

namespace {

bool Empty(const std::string& s) { return s.empty(); }
template <typename T>
bool Empty(const std::optional<T>& v) {
  return !v.has_value();
}

// Key parts: text as is, values by their bytes where those are their
// identity (no padding), else by their parts or canonical text. The
// helpers that are not inline take and give the hasher by value (in
// registers): its address is never taken, and it can stay in registers.
[[gnu::noinline]] KeyHasher WithBytes(KeyHasher h, std::string_view s) {
  h.Bytes(s.data(), s.size());
  return h;
}
[[gnu::noinline]] KeyHasher WithContent(KeyHasher h, std::string_view s) {
  h.Content(s.data(), s.size());
  return h;
}
[[gnu::always_inline]] inline void AddKeyPart(const std::string& m,
                                              KeyHasher* h) {
  *h = WithBytes(*h, m);
}
template <typename T>
[[gnu::noinline]] KeyHasher WithCanonical(KeyHasher h, const T& v) {
  std::string text;
  FormatMember(std::optional<T>(v), &text);
  h.Bytes(text.data(), text.size());
  return h;
}
template <typename T>
[[gnu::always_inline]] inline void AddKeyValue(const T& v, KeyHasher* h) {
  if constexpr (std::has_unique_object_representations_v<T>) {
    h->Bytes(reinterpret_cast<const char*>(&v), sizeof(T));
  } else {
    *h = WithCanonical(*h, v);
  }
}
// Whether a value lies after the provided date, at its own granularity.
bool After(const Date& d, Date provided) { return provided < d; }
bool After(const Month& m, Date provided) { return Month::Of(provided) < m; }
bool After(const MonthOrDay& v, Date provided) {
  return Compare(v, MonthOrDay::OfDay(provided)) > 0;
}

// Presence, type and the length of an "other" type's text in one word:
// a single word for all but "其他-…". Inline, so that the hasher can stay
// in registers.
[[gnu::always_inline]] inline void AddKeyPart(
    const std::optional<IdTypeValue>& m, KeyHasher* h) {
  if (!m) {
    h->Word(0);
    return;
  }
  h->Word(uint64_t{m->detail.size()} << 16 |
          uint64_t{static_cast<uint8_t>(m->type)} << 8 | 1);
  if (!m->detail.empty()) [[unlikely]] {
    *h = WithContent(*h, m->detail);
  }
}
template <typename T>
[[gnu::always_inline]] inline void AddKeyPart(const std::optional<T>& m,
                                              KeyHasher* h) {
  if constexpr (std::has_unique_object_representations_v<T> && sizeof(T) <= 4) {
    // Presence and value in one word (dates, counts of days).
    uint32_t bits = 0;
    if (m) std::memcpy(&bits, &*m, sizeof(T));
    h->Word(m ? uint64_t{bits} << 8 | 1 : 0);
  } else {
    h->Word(m.has_value() ? 1 : 0);
    if (m) AddKeyValue(*m, h);
  }
}

}  // namespace

RecordValidator::RecordValidator(const TableInfo& table, HeaderMapping mapping,
                                 std::vector<std::string> header_cells,
                                 const ValidateOptions& options)
    : table_(&table),
      mapping_(std::move(mapping)),
      header_cells_(std::move(header_cells)),
      options_(options),
      provided_date_field_(table.FieldIndex("provided_date")),
      first_key_field_(0) {
  for (const std::vector<int>& cells : mapping_.cells_of_field) {
    first_cell_.push_back(cells.empty() ? -1 : cells.front());
    repeated_.push_back(cells.size() > 1);
  }
  for (size_t f = 0; f < table_->fields.size(); ++f) {
    const FieldInfo& field = table_->fields[f];
    plan_.push_back(
        FieldPlan{.info = &field,
                  .cell = first_cell_[f],
                  .fast = mapping_.cells_of_field[f].size() == 1,
                  .required = field.requirement == Requirement::kRequired,
                  .key = field.key});
    cells_needed_ = std::max<size_t>(cells_needed_, first_cell_[f] + 1);
  }
  while (first_key_field_ < static_cast<int>(table_->fields.size()) &&
         table_->fields[first_key_field_].key == KeyRole::kNotKey) {
    ++first_key_field_;
  }
}

int RecordValidator::FirstCell(int f) const { return first_cell_[f]; }

std::string_view RecordValidator::CellText(
    std::span<const std::string_view> cells, int cell) const {
  if (cell < 0 || static_cast<size_t>(cell) >= cells.size()) return {};
  return cells[cell];
}

void RecordValidator::Report(FindingSink* sink, int64_t row,
                             std::span<const std::string_view> cells, int f,
                             FindingCode code, std::string_view detail) const {
  int cell = f >= 0 ? FirstCell(f) : -1;
  sink->Add(
      row, cell + 1,
      cell >= 0 ? std::string_view(header_cells_[cell]) : std::string_view(),
      f >= 0 ? table_->fields[f].id : std::string_view(), code,
      DefaultSeverity(code), CellText(cells, cell), detail);
}

bool RecordValidator::ValidateRow(int64_t row,
                                  std::span<const std::string_view> cells,
                                  FindingSink* sink, AnyRecord* out,
                                  KeyDigest* key, uint64_t* deferred,
                                  bool plain) const {
  if (cells.size() < cells_needed_) [[unlikely]] {
    // A short row (an error already): empty cells stand in for the missing
    // ones, so that the fast path need not check.
    std::vector<std::string_view> padded(cells.begin(), cells.end());
    padded.resize(cells_needed_);
    bool ok = ValidateRow(row, padded, sink, out, key, nullptr);
    if (deferred != nullptr) *deferred = 0;
    return ok;
  }
  return VisitTable(table_->id, [&](auto tag) {
    using Record = typename decltype(tag)::type;
    if (!std::holds_alternative<Record>(*out)) out->template emplace<Record>();
    return ValidateTyped(row, cells, sink, &std::get<Record>(*out), key,
                         deferred, plain);
  });
}

void RecordValidator::FillDeferred(std::span<const std::string_view> cells,
                                   uint64_t deferred, AnyRecord* out) const {
  if (deferred == 0) return;
  VisitTable(table_->id, [&](auto tag) {
    using Record = typename decltype(tag)::type;
    ForEachField(std::get<Record>(*out), [&](int f, auto& member) {
      if constexpr (std::is_same_v<std::remove_reference_t<decltype(member)>,
                                   std::string>) {
        if ((deferred >> f) & 1) member.assign(CellText(cells, plan_[f].cell));
      }
    });
  });
}

template <typename Member>
[[gnu::noinline]] void RecordValidator::ValidateField(int f, Member& member,
                                                      RowState& state) const {
  const FieldInfo& field = table_->fields[f];
  int first_cell = first_cell_[f];
  if (first_cell < 0) {
    // Reported once for the file; the row still lacks the value.
    ClearMember(&member);
    if (field.requirement == Requirement::kRequired) state.ok = false;
    return;
  }
  MemberContext context{&field, state.options, state.row_id_type};
  auto report = [&](const ValueCheck& check, int cell, std::string_view raw) {
    for (size_t i = 0; i < check.findings().size(); ++i) {
      state.sink->Add(state.row, cell + 1, header_cells_[cell], field.id,
                      check.findings()[i], check.severity_of(i), raw);
    }
    if (check.normalised()) state.sink->CountNormalised();
    if (!check.valid()) state.ok = false;
  };
  std::string_view first_raw = CellText(state.cells, first_cell);
  ValueCheck check = ParseMember(first_raw, &member, context);
  if (!check.findings().empty() || check.normalised()) [[unlikely]] {
    report(check, first_cell, first_raw);
    if (check.code() == FindingCode::kIdTypeInferred)
      state.id_type_inferred = true;
  }
  // A bad value is not replaced by a twin, nor is an empty one kept.
  if (!check.valid() || check.empty()) ClearMember(&member);
  bool have_value = !check.empty() || !check.valid();
  if (repeated_[f]) [[unlikely]] {
    // Repeated columns: each is checked too, and must agree with the
    // first value.
    for (int cell : mapping_.cells_of_field[f]) {
      if (cell == first_cell) continue;
      std::string_view raw = CellText(state.cells, cell);
      if (!have_value) {
        ValueCheck c = ParseMember(raw, &member, context);
        report(c, cell, raw);
        if (!c.valid() || c.empty()) ClearMember(&member);
        if (!c.empty() || !c.valid()) {
          have_value = true;
          first_raw = raw;
          first_cell = cell;
        }
        continue;
      }
      std::remove_reference_t<decltype(member)> twin{};
      ValueCheck c = ParseMember(raw, &twin, context);
      report(c, cell, raw);
      if (c.valid() && !c.empty() && !(twin == member)) {
        state.ok = false;
        state.sink->Add(state.row, cell + 1, header_cells_[cell], field.id,
                        FindingCode::kRecordRepeatDisagree, Severity::kError,
                        raw,
                        "column " + std::to_string(first_cell + 1) + " has '" +
                            std::string(first_raw) + "'");
      }
    }
  }
  if constexpr (std::is_same_v<std::remove_reference_t<decltype(member)>,
                               std::optional<IdTypeValue>>) {
    state.id_type_field = f;
    if (member) state.row_id_type = member->type;
    return;  // a missing type may still be inferred from the number
  }
  if (!have_value && field.requirement == Requirement::kRequired) {
    state.ok = false;
    Report(state.sink, state.row, state.cells, f, FindingCode::kMissing);
  }
}

template <typename Record>
bool RecordValidator::ValidateTyped(int64_t row,
                                    std::span<const std::string_view> cells,
                                    FindingSink* sink, Record* record,
                                    KeyDigest* key, uint64_t* deferred,
                                    bool plain) const {
  CheckOptions check_options = options_.check;
  RowState state{row, cells, sink, &check_options, std::nullopt};
  bool provided_fast = false;
  int32_t reference_ymd = 0;  // YYYYMMDD when provided_fast
  // Birth dates and "not in the future" are judged against the day the
  // department provided the data.
  if (provided_date_field_ >= 0) {
    std::string_view raw = CellText(cells, FirstCell(provided_date_field_));
    Date provided;
    if (first_cell_[provided_date_field_] >= 0 &&
        !repeated_[provided_date_field_] &&
        fast::DateValue(raw, &provided, &reference_ymd)) {
      check_options.reference_date = provided;
      provided_fast = true;
    } else {
      ValueCheck c = ParseDate(raw, &provided, check_options);
      if (c.valid() && !c.empty()) check_options.reference_date = provided;
    }
  }

  // The natural key is digested field by field as the values are settled:
  // the canonical value of each part, the subject key being the first
  // code present. The certificate type goes last, as it may still be
  // inferred from the number below.
  KeyHasher hasher;
  bool subject_done = false;
  bool key_complete = true;
  int id_type_key = -1;
  auto key_part = [&](KeyRole role, bool required, bool empty, auto&& add)
      __attribute__((always_inline)) {
    if (role == KeyRole::kSubjectKey) {
      if (subject_done || empty) return;
      subject_done = true;
    }
    if (empty && required) key_complete = false;
    add();
  };
  uint64_t deferred_fields = 0;
  uint64_t after_provided = 0;  // dates after the provided date, by field

  // Unrolled by the compiler, each field with its schema as constants.
  ForEachFieldStatic(
      *record, [&](auto index, auto& member) __attribute__((always_inline)) {
        constexpr int f = decltype(index)::value;
        constexpr StaticField kField = StaticFields<Record>::kFields[f];
        constexpr bool kRequired = kField.requirement == Requirement::kRequired;
        using Member = std::remove_reference_t<decltype(member)>;
        const FieldPlan& plan = plan_[f];
        bool done = false;
        if constexpr (std::is_same_v<Member, std::optional<Date>>) {
          // Read already, before the fields judged against it.
          if (kField.id == "provided_date" && provided_fast) {
            member = *check_options.reference_date;
            done = true;
          }
        }
        if (!done && plan.fast) [[likely]] {
          std::string_view raw = cells[plan.cell];  // cells_needed_ are there
          if (raw.empty()) {
            if constexpr (!kRequired) {
              ClearMember(&member);
              done = true;
            }
          } else if constexpr (std::is_same_v<Member, std::string>) {
            // Text and ID numbers that no rule reads are only checked here;
            // they are copied when the record is asked for (FillDeferred).
            constexpr bool kDeferrable = f < 64 && !kField.read_by_rules &&
                                         (kField.type == ValueType::kText ||
                                          kField.type == ValueType::kIdNumber);
            bool canonical = false;
            if (kDeferrable && deferred != nullptr) {
              if constexpr (kField.type == ValueType::kText) {
                canonical = fast::TextCanonical(raw, kField.max_length, plain);
              } else {
                canonical =
                    provided_fast && state.row_id_type &&
                    (*state.row_id_type == IdType::kResidentId ||
                     *state.row_id_type == IdType::kHouseholdRegister) &&
                    IdNumberIsClean(raw, reference_ymd);
              }
            }
            if (canonical) {
              deferred_fields |= uint64_t{1} << (f & 63);
              if constexpr (kField.key != KeyRole::kNotKey) {
                key_part(kField.key, kRequired, false,
                         [&] { hasher.Bytes(raw.data(), raw.size()); });
              }
              return;
            }
            if constexpr (kField.type == ValueType::kText) {
              done = fast::Text(raw, kField.max_length, &member, plain);
            } else {
              MemberContext context{plan.info, &check_options,
                                    state.row_id_type};
              done = fast::Identifier(raw, &member, context);
            }
          } else {
            MemberContext context{plan.info, &check_options, state.row_id_type};
            done = fast::Member(raw, &member, context);
          }
          if constexpr (std::is_same_v<Member, std::optional<IdTypeValue>>) {
            if (done) {
              state.id_type_field = f;
              if (member) state.row_id_type = member->type;
            }
          }
        }
        if (!done) ValidateField(f, member, state);
        if constexpr ((std::is_same_v<Member, std::optional<Date>> ||
                       std::is_same_v<Member, std::optional<Month>> ||
                       std::is_same_v<Member,
                                      std::optional<MonthOrDay>>)&&!kField
                          .may_follow_provided) {
          // Rule 3 (CheckRules reports it), judged here while the value is at
          // hand.
          if (provided_fast && member &&
              After(*member, *check_options.reference_date)) {
            after_provided |= uint64_t{1} << (f & 63);
          }
        }
        if constexpr (kField.key != KeyRole::kNotKey) {
          if constexpr (std::is_same_v<Member, std::optional<IdTypeValue>>) {
            static_assert(requires { record->id_type; });
            id_type_key = f;
          } else {
            key_part(kField.key, kRequired, Empty(member),
                     [&] { AddKeyPart(member, &hasher); });
          }
        }
      });

  if constexpr (requires { record->id_type; }) {
    if (!record->id_type && state.id_type_field >= 0) {
      if (state.id_type_inferred) {
        record->id_type = IdTypeValue{IdType::kResidentId, ""};
      } else {
        state.ok = false;
        Report(sink, row, cells, state.id_type_field, FindingCode::kMissing);
      }
    }
    if (id_type_key >= 0) {
      key_part(plan_[id_type_key].key, plan_[id_type_key].required,
               !record->id_type.has_value(),
               [&] { AddKeyPart(record->id_type, &hasher); });
    }
  }
  // A row without a complete key has an error already; nothing to compare.
  *key = key_complete ? hasher.Finish() : KeyDigest{};
  if (deferred != nullptr) *deferred = deferred_fields;

  bool ok = state.ok;
  ok &= CheckRules(row, cells, sink, *record,
                   provided_fast ? &after_provided : nullptr);
  return ok;
}

namespace {

// <0, 0, >0 for the value types that have start/end pairs.
int Order(const Date& a, const Date& b) { return a < b ? -1 : (b < a ? 1 : 0); }
int Order(const Month& a, const Month& b) {
  return a < b ? -1 : (b < a ? 1 : 0);
}
int Order(const MonthOrDay& a, const MonthOrDay& b) { return Compare(a, b); }

constexpr std::array<std::string_view, 19> kUsualInsuranceTypes = {
    "养老",
    "医疗",
    "失业",
    "工伤",
    "生育",
    "养老保险",
    "医疗保险",
    "失业保险",
    "工伤保险",
    "生育保险",
    "基本养老保险",
    "基本医疗保险",
    "企业职工基本养老保险",
    "城镇职工基本医疗保险",
    "110",
    "210",
    "310",
    "410",
    "510"};

}  // namespace

template <typename Record>
bool RecordValidator::CheckRules(int64_t row,
                                 std::span<const std::string_view> cells,
                                 FindingSink* sink, const Record& r,
                                 const uint64_t* after_provided) const {
  bool ok = true;
  auto field = [&](std::string_view id) { return table_->FieldIndex(id); };
  auto fail = [&](std::string_view id, FindingCode code,
                  std::string_view detail = {}) {
    Report(sink, row, cells, field(id), code, detail);
    if (DefaultSeverity(code) == Severity::kError) ok = false;
  };

  // 1. A legal person is identified by at least one code, and the codes
  // agree with each other.
  if constexpr (requires {
                  r.uscc;
                  r.org_code;
                  r.reg_no;
                }) {
    bool any_cell = false;
    for (std::string_view id : {"uscc", "org_code", "reg_no"}) {
      int cell = FirstCell(field(id));
      any_cell |= !CellText(cells, cell).empty();
    }
    // A bad code is already an error of its own; only a row with no code
    // at all is missing its subject.
    if (r.uscc.empty() && r.org_code.empty() && r.reg_no.empty() && !any_cell) {
      fail("uscc", FindingCode::kRecordSubjectMissing);
    }
    if (r.uscc.size() == 18 && r.org_code.size() == 9 &&
        r.uscc.compare(8, 9, r.org_code) != 0) {
      fail("org_code", FindingCode::kRecordOrgCodeMismatch,
           "credit code " + r.uscc + " embeds " + r.uscc.substr(8, 9));
    }
    if (r.uscc.size() == 18 && r.reg_no.size() == 18 && r.uscc != r.reg_no) {
      fail("reg_no", FindingCode::kRecordRegNoMismatch);
    }
  }

  // 2. Ranges run forwards.
  auto order = [&](const auto& start, const auto& end,
                   std::string_view end_id) {
    if (start && end && Order(*start, *end) > 0) {
      fail(end_id, FindingCode::kRecordRangeOrder,
           "starts " + start->Format() + ", ends " + end->Format());
    }
  };
  if constexpr (requires { r.contribution_end_month; }) {
    order(r.contribution_start_month, r.contribution_end_month,
          "contribution_end_month");
  }
  if constexpr (requires { r.metering_end; }) {
    order(r.metering_start, r.metering_end, "metering_end");
  }
  if constexpr (requires { r.arrears_end_date; }) {
    order(r.arrears_start_date, r.arrears_end_date, "arrears_end_date");
  }
  if constexpr (requires { r.valid_until; }) {
    order(r.approval_date, r.valid_until, "valid_until");
  }

  // 3. Nothing happened after the data was provided.
  if constexpr (requires { r.provided_date; }) {
    if (r.provided_date && (after_provided == nullptr || *after_provided)) {
      Date provided = *r.provided_date;
      ForEachFieldStatic(r, [&](auto index, const auto& member) {
        constexpr int f = decltype(index)::value;
        using M = std::remove_cvref_t<decltype(member)>;
        if constexpr ((std::is_same_v<M, std::optional<Date>> ||
                       std::is_same_v<M, std::optional<Month>> ||
                       std::is_same_v<
                           M,
                           std::optional<MonthOrDay>>)&&!StaticFields<Record>::
                          kFields[f]
                              .may_follow_provided) {
          if (member && After(*member, provided)) {
            Report(sink, row, cells, f, FindingCode::kRecordAfterProvidedDate,
                   member->Format() + " is after " + provided.Format());
            ok = false;
          }
        }
      });
    }
  }

  // 5. Overdue days fit between the arrears start and the provided date.
  if constexpr (requires { r.overdue_days; }) {
    if (r.overdue_days && r.arrears_start_date && r.provided_date) {
      int64_t limit = r.provided_date->days_since_epoch() -
                      r.arrears_start_date->days_since_epoch() + 1;
      if (r.overdue_days->value > limit) {
        fail("overdue_days", FindingCode::kRecordOverdueDays,
             "at most " + std::to_string(std::max<int64_t>(limit, 0)));
      }
    }
  }

  // 8. Housing fund: personal amount ≈ base × rate, within one yuan.
  if constexpr (requires {
                  r.personal_amount;
                  r.contribution_base;
                  r.contribution_rate;
                }) {
    if (r.personal_amount && r.contribution_base && r.contribution_rate) {
      // Split the product so that it cannot overflow: rates are at most
      // 100% (10000 basis points).
      int64_t base = r.contribution_base->fen;
      int64_t bp = r.contribution_rate->basis_points;
      int64_t expected = base / 10000 * bp + base % 10000 * bp / 10000;
      int64_t diff = r.personal_amount->fen - expected;
      if (diff > 100 || diff < -100) {
        fail("personal_amount", FindingCode::kRecordFundAmount,
             "expected about " + Money{expected}.Format());
      }
    }
  }

  if constexpr (requires { r.insurance_type; }) {
    if (!r.insurance_type.empty() &&
        std::find(kUsualInsuranceTypes.begin(), kUsualInsuranceTypes.end(),
                  r.insurance_type) == kUsualInsuranceTypes.end()) {
      fail("insurance_type", FindingCode::kInsuranceTypeUnusual);
    }
  }
  return ok;
}

bool RecordValidator::CheckKey(int64_t row, const KeyDigest& key,
                               std::span<const std::string_view> cells,
                               FindingSink* sink) {
  if (!key.present) return true;
  int64_t first = keys_.Insert(key, row);
  if (first < 0) return true;
  Report(sink, row, cells, first_key_field_, FindingCode::kRecordDuplicateKey,
         "first seen in row " + std::to_string(first));
  return false;
}

}  // namespace creditdata::internal
