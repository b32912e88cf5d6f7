// The C ABI of creditdata: every extern "C" body of creditdata.h, each a
// thin shell over the public C++ API.
//
// Rules every body follows: check its arguments (NULL handle or pointer ->
// CD_ERROR_INVALID_ARGUMENT), run inside Guard (no exception crosses the
// boundary: std::bad_alloc -> CD_ERROR_NO_MEMORY, anything else ->
// CD_ERROR_INTERNAL), write outputs only on success, and put the detailed
// message of a failure on the handle. Nothing here prints or aborts.

#include <algorithm>
#include <cstring>
#include <limits>
#include <memory>
#include <new>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

#include "creditdata.h"
#include "creditdata/check.h"
#include "creditdata/findings.h"
#include "creditdata/reader.h"
#include "creditdata/records.h"
#include "creditdata/report.h"
#include "creditdata/schema.h"
#include "creditdata/values.h"
#include "creditdata/version.h"
#include "creditdata/writer.h"
#include "validate/member_parse.h"

namespace cdx = creditdata;

// ---- The C enums mirror the C++ ones: checked here, once. ----

static_assert(CD_VERSION_NUMBER == CD_VERSION_MAJOR * 1000000 +
                                       CD_VERSION_MINOR * 1000 +
                                       CD_VERSION_PATCH);

#define CD_SAME(c_value, cpp_value) \
  static_assert(static_cast<int>(c_value) == static_cast<int>(cpp_value))
CD_SAME(CD_TYPE_TEXT, cdx::ValueType::kText);
CD_SAME(CD_TYPE_USCC, cdx::ValueType::kUscc);
CD_SAME(CD_TYPE_ORG_CODE, cdx::ValueType::kOrgCode);
CD_SAME(CD_TYPE_REG_NO, cdx::ValueType::kRegNo);
CD_SAME(CD_TYPE_ENTITY_CODE, cdx::ValueType::kEntityCode);
CD_SAME(CD_TYPE_ID_TYPE, cdx::ValueType::kIdType);
CD_SAME(CD_TYPE_ID_NUMBER, cdx::ValueType::kIdNumber);
CD_SAME(CD_TYPE_DATE, cdx::ValueType::kDate);
CD_SAME(CD_TYPE_MONTH, cdx::ValueType::kMonth);
CD_SAME(CD_TYPE_MONTH_OR_DAY, cdx::ValueType::kMonthOrDay);
CD_SAME(CD_TYPE_VALIDITY, cdx::ValueType::kValidity);
CD_SAME(CD_TYPE_MONEY, cdx::ValueType::kMoney);
CD_SAME(CD_TYPE_POSITIVE_MONEY, cdx::ValueType::kPositiveMoney);
CD_SAME(CD_TYPE_QUANTITY, cdx::ValueType::kQuantity);
CD_SAME(CD_TYPE_RATE, cdx::ValueType::kRate);
CD_SAME(CD_TYPE_COUNT, cdx::ValueType::kCount);
CD_SAME(CD_TYPE_YES_NO, cdx::ValueType::kYesNo);
CD_SAME(CD_TYPE_USAGE_SCOPE, cdx::ValueType::kUsageScope);
CD_SAME(CD_TYPE_SEVERITY, cdx::ValueType::kSeverity);
CD_SAME(CD_REQUIRED, cdx::Requirement::kRequired);
CD_SAME(CD_ONE_OF_SUBJECT, cdx::Requirement::kOneOfSubject);
CD_SAME(CD_OPTIONAL, cdx::Requirement::kOptional);
CD_SAME(CD_DISCLOSURE_PUBLIC, cdx::Disclosure::kPublic);
CD_SAME(CD_DISCLOSURE_MASKED, cdx::Disclosure::kMasked);
CD_SAME(CD_DISCLOSURE_HIDDEN, cdx::Disclosure::kHidden);
CD_SAME(CD_KEY_NONE, cdx::KeyRole::kNotKey);
CD_SAME(CD_KEY_NATURAL, cdx::KeyRole::kNaturalKey);
CD_SAME(CD_KEY_SUBJECT, cdx::KeyRole::kSubjectKey);
CD_SAME(CD_SEVERITY_INFO, cdx::Severity::kInfo);
CD_SAME(CD_SEVERITY_WARNING, cdx::Severity::kWarning);
CD_SAME(CD_SEVERITY_ERROR, cdx::Severity::kError);
CD_SAME(CD_LANGUAGE_CHINESE, cdx::Language::kChinese);
CD_SAME(CD_LANGUAGE_ENGLISH, cdx::Language::kEnglish);
CD_SAME(CD_NO, cdx::YesNo::kNo);
CD_SAME(CD_YES, cdx::YesNo::kYes);
CD_SAME(CD_USAGE_PUBLIC, cdx::UsageScope::kPublic);
CD_SAME(CD_USAGE_GOVERNMENT_SHARING, cdx::UsageScope::kGovernmentSharing);
CD_SAME(CD_USAGE_AUTHORIZED_QUERY, cdx::UsageScope::kAuthorizedQuery);
CD_SAME(CD_LEVEL_GENERAL, cdx::DishonestyLevel::kGeneral);
CD_SAME(CD_LEVEL_SERIOUS, cdx::DishonestyLevel::kSerious);
CD_SAME(CD_LEVEL_SEVERE, cdx::DishonestyLevel::kSevere);
CD_SAME(CD_ID_RESIDENT, cdx::IdType::kResidentId);
CD_SAME(CD_ID_HOUSEHOLD_REGISTER, cdx::IdType::kHouseholdRegister);
CD_SAME(CD_ID_RESIDENCE_PERMIT, cdx::IdType::kResidencePermit);
CD_SAME(CD_ID_FOREIGN_PERMANENT_RESIDENT,
        cdx::IdType::kForeignPermanentResident);
CD_SAME(CD_ID_PASSPORT, cdx::IdType::kPassport);
CD_SAME(CD_ID_HK_MACAO_TRAVEL_PERMIT, cdx::IdType::kHkMacaoTravelPermit);
CD_SAME(CD_ID_TAIWAN_TRAVEL_PERMIT, cdx::IdType::kTaiwanTravelPermit);
CD_SAME(CD_ID_OTHER, cdx::IdType::kOther);
CD_SAME(CD_HEADER_TEMPLATE, cdx::HeaderStyle::kTemplate);
CD_SAME(CD_HEADER_FIELD_IDS, cdx::HeaderStyle::kFieldIds);
CD_SAME(CD_TABLE_COUNT, cdx::kTableCount);
CD_SAME(CD_FINDING_CODE_COUNT, cdx::kFindingCodeCount);
#define CD_TABLE(Struct, id, zh) \
  CD_SAME(CD_TABLE_##Struct, cdx::TableId::k##Struct);
#include "creditdata/tables.def"
#define CD_FINDING(name, code, severity, zh, en) \
  CD_SAME(CD_FINDING_##name, cdx::FindingCode::k##name);
#include "creditdata/findings.def"
#undef CD_SAME

namespace {

// ---- Members of a record, reached by field index. ----

// The C++ type of a record member, as a tag.
enum class MemberKind : uint8_t {
  kString,
  kIdType,
  kDate,
  kMonth,
  kMonthOrDay,
  kValidity,
  kMoney,
  kQuantity,
  kRate,
  kCount,
  kYesNo,
  kUsageScope,
  kLevel,
};

struct MemberRef {
  MemberKind kind = MemberKind::kString;
  const void* member = nullptr;
};

MemberRef RefOf(const std::string& m) { return {MemberKind::kString, &m}; }
MemberRef RefOf(const std::optional<cdx::IdTypeValue>& m) {
  return {MemberKind::kIdType, &m};
}
MemberRef RefOf(const std::optional<cdx::Date>& m) {
  return {MemberKind::kDate, &m};
}
MemberRef RefOf(const std::optional<cdx::Month>& m) {
  return {MemberKind::kMonth, &m};
}
MemberRef RefOf(const std::optional<cdx::MonthOrDay>& m) {
  return {MemberKind::kMonthOrDay, &m};
}
MemberRef RefOf(const std::optional<cdx::Validity>& m) {
  return {MemberKind::kValidity, &m};
}
MemberRef RefOf(const std::optional<cdx::Money>& m) {
  return {MemberKind::kMoney, &m};
}
MemberRef RefOf(const std::optional<cdx::Quantity>& m) {
  return {MemberKind::kQuantity, &m};
}
MemberRef RefOf(const std::optional<cdx::Rate>& m) {
  return {MemberKind::kRate, &m};
}
MemberRef RefOf(const std::optional<cdx::Count>& m) {
  return {MemberKind::kCount, &m};
}
MemberRef RefOf(const std::optional<cdx::YesNo>& m) {
  return {MemberKind::kYesNo, &m};
}
MemberRef RefOf(const std::optional<cdx::UsageScope>& m) {
  return {MemberKind::kUsageScope, &m};
}
MemberRef RefOf(const std::optional<cdx::DishonestyLevel>& m) {
  return {MemberKind::kLevel, &m};
}

// Calls f(member) with the member `ref` points at, as its real type.
template <typename F>
decltype(auto) WithMember(const MemberRef& ref, F&& f) {
  auto as = [&](auto* typed) -> decltype(auto) {
    using T = std::remove_pointer_t<decltype(typed)>;
    return f(*static_cast<const T*>(ref.member));
  };
  switch (ref.kind) {
    case MemberKind::kString:
      return as(static_cast<std::string*>(nullptr));
    case MemberKind::kIdType:
      return as(static_cast<std::optional<cdx::IdTypeValue>*>(nullptr));
    case MemberKind::kDate:
      return as(static_cast<std::optional<cdx::Date>*>(nullptr));
    case MemberKind::kMonth:
      return as(static_cast<std::optional<cdx::Month>*>(nullptr));
    case MemberKind::kMonthOrDay:
      return as(static_cast<std::optional<cdx::MonthOrDay>*>(nullptr));
    case MemberKind::kValidity:
      return as(static_cast<std::optional<cdx::Validity>*>(nullptr));
    case MemberKind::kMoney:
      return as(static_cast<std::optional<cdx::Money>*>(nullptr));
    case MemberKind::kQuantity:
      return as(static_cast<std::optional<cdx::Quantity>*>(nullptr));
    case MemberKind::kRate:
      return as(static_cast<std::optional<cdx::Rate>*>(nullptr));
    case MemberKind::kCount:
      return as(static_cast<std::optional<cdx::Count>*>(nullptr));
    case MemberKind::kYesNo:
      return as(static_cast<std::optional<cdx::YesNo>*>(nullptr));
    case MemberKind::kUsageScope:
      return as(static_cast<std::optional<cdx::UsageScope>*>(nullptr));
    case MemberKind::kLevel:
      break;
  }
  return as(static_cast<std::optional<cdx::DishonestyLevel>*>(nullptr));
}

bool HasValue(const std::string& m) { return !m.empty(); }
template <typename T>
bool HasValue(const std::optional<T>& m) {
  return m.has_value();
}

// An empty record of `table`.
cdx::AnyRecord EmptyRecord(const cdx::TableInfo& table) {
  return cdx::VisitTable(table.id, [](auto tag) {
    return cdx::AnyRecord(typename decltype(tag)::type{});
  });
}

}  // namespace

// ---- The handles. ----

struct cd_read_options {
  cdx::ReadOptions options;
};

// A typed record: its own (`owned`) or a reader's (`borrowed`). Members are
// reached through `refs`, built once per change of the record; canonical
// text of non-text members is formatted on demand into `texts`.
struct cd_record {
  cd_record() = default;
  cd_record(const cd_record&) = delete;
  cd_record& operator=(const cd_record&) = delete;

  // Points the record at `any` of `table` (a reader's current row).
  void Borrow(const cdx::TableInfo* t, const cdx::AnyRecord* record) {
    if (t != table) {
      table = t;
      size_t n = t ? t->fields.size() : 0;
      refs.assign(n, MemberRef{});
      texts.assign(n, std::string());
      text_version.assign(n, 0);
    }
    any = record;
    borrowed = true;
    Changed();
  }
  void Own(const cdx::TableInfo* t, cdx::AnyRecord record) {
    owned = std::move(record);
    borrowed = false;
    table = t;
    any = &owned;
    refs.assign(t->fields.size(), MemberRef{});
    texts.assign(t->fields.size(), std::string());
    text_version.assign(t->fields.size(), 0);
    Changed();
  }
  void Changed() { ++version; }

  // False when the record holds no struct of its table (a reader between
  // rows); else the member refs are current.
  bool Ready() const {
    if (table == nullptr || any == nullptr ||
        any->index() != static_cast<size_t>(table->id)) {
      return false;
    }
    if (refs_version != version) {
      std::visit(
          [&](const auto& r) {
            using R = std::decay_t<decltype(r)>;
            if constexpr (!std::is_same_v<R, std::monostate>) {
              cdx::ForEachField(r, [&](int f, const auto& member) {
                refs[static_cast<size_t>(f)] = RefOf(member);
              });
            }
          },
          *any);
      refs_version = version;
    }
    return true;
  }

  // The canonical text of field `f`; Ready() must hold.
  std::string_view Text(size_t f) const {
    const MemberRef& ref = refs[f];
    if (ref.kind == MemberKind::kString) {
      return *static_cast<const std::string*>(ref.member);
    }
    if (text_version[f] != version) {
      WithMember(ref, [&](const auto& member) {
        cdx::internal::FormatMember(member, &texts[f]);
      });
      text_version[f] = version;
    }
    return texts[f];
  }

  const cdx::TableInfo* table = nullptr;
  const cdx::AnyRecord* any = nullptr;
  cdx::AnyRecord owned;
  bool borrowed = false;
  uint64_t version = 1;
  mutable uint64_t refs_version = 0;
  mutable std::vector<MemberRef> refs;
  mutable std::vector<std::string> texts;
  mutable std::vector<uint64_t> text_version;
  mutable std::string errmsg;
};

struct cd_reader {
  cdx::ReadOptions options;
  std::string path;
  std::unique_ptr<cdx::RecordReader> reader;
  bool has_row = false;
  int32_t final_result = CD_DONE;  // what cd_reader_next says once done
  bool done = false;
  cd_record record;
  // What the record shows for a row that never became one (a JSON value
  // that is not an object, or broken JSON): every field empty. The C++
  // reader keeps the previous row's record then; it marks those rows by
  // giving them no cells.
  cdx::AnyRecord empty_record;
  mutable std::string errmsg;
};

struct cd_report {
  void Set(cdx::Report r) {
    report = std::move(r);
    json_ready = false;
    text_ready = false;
  }
  cdx::Report report;
  mutable std::string json;
  mutable bool json_ready = false;
  mutable std::string text;
  mutable bool text_ready = false;
  mutable std::string errmsg;
};

struct cd_writer {
  enum class State { kNew, kBegun, kEnded };
  cd_writer(const cdx::TableInfo& table, cdx::OutputFormat format,
            cdx::HeaderStyle header)
      : writer(table, format, header) {}
  cdx::RecordWriter writer;
  State state = State::kNew;
  std::string out;
  mutable std::string errmsg;
};

struct cd_checker {
  cdx::CheckOptions options;
  std::optional<cdx::IdType> id_type;
  cdx::ValueCheck check;
  std::string canonical;
  mutable std::string errmsg;
};

struct cd_buffer {
  std::string data;
};

namespace {

// ---- Boundary helpers. ----

// Records `message` on the handle (when there is one) and returns `code`.
int32_t Fail(std::string* errmsg, int32_t code,
             std::string_view message) noexcept {
  if (errmsg != nullptr) {
    try {
      errmsg->assign(message);
    } catch (...) {
      errmsg->clear();
    }
  }
  return code;
}

// Runs `body`, turning any exception into a result code.
template <typename F>
int32_t Guard(std::string* errmsg, F&& body) noexcept {
  try {
    return body();
  } catch (const std::bad_alloc&) {
    return Fail(errmsg, CD_ERROR_NO_MEMORY, "out of memory");
  } catch (const std::exception& e) {
    return Fail(errmsg, CD_ERROR_INTERNAL, e.what());
  } catch (...) {
    return Fail(errmsg, CD_ERROR_INTERNAL, "unknown exception");
  }
}

// Input text: NULL is only allowed with length 0.
bool ViewOf(const char* data, size_t len, std::string_view* out) {
  if (data == nullptr) {
    if (len != 0) return false;
    *out = {};
    return true;
  }
  *out = std::string_view(data, len);
  return true;
}

// Output text from a NUL-terminated source.
int32_t PutText(std::string_view text, const char** out, size_t* out_len) {
  if (out == nullptr || out_len == nullptr) return CD_ERROR_INVALID_ARGUMENT;
  *out = text.data() != nullptr ? text.data() : "";
  *out_len = text.size();
  return CD_OK;
}

const cdx::TableInfo* TableOf(const cd_table* t) {
  return reinterpret_cast<const cdx::TableInfo*>(t);
}
const cd_table* CTable(const cdx::TableInfo* t) {
  return reinterpret_cast<const cd_table*>(t);
}
const cdx::FieldInfo* FieldOf(const cd_field* f) {
  return reinterpret_cast<const cdx::FieldInfo*>(f);
}
const cdx::ColumnInfo* ColumnOf(const cd_column* c) {
  return reinterpret_cast<const cdx::ColumnInfo*>(c);
}
const cdx::Finding* FindingOf(const cd_finding* f) {
  return reinterpret_cast<const cdx::Finding*>(f);
}
const cd_finding* CFinding(const cdx::Finding* f) {
  return reinterpret_cast<const cd_finding*>(f);
}

bool ValidCode(int32_t code) {
  return code >= 0 && code < cdx::kFindingCodeCount;
}

// Index of the field named by id, Chinese name, alias or column header.
int FindField(const cdx::TableInfo& table, std::string_view name) {
  int exact = table.FieldIndex(name);
  if (exact >= 0) return exact;
  std::string wanted = cdx::NormalizeHeader(name);
  if (wanted.empty()) return -1;
  for (size_t f = 0; f < table.fields.size(); ++f) {
    const cdx::FieldInfo& field = table.fields[f];
    if (cdx::NormalizeHeader(field.id) == wanted ||
        cdx::NormalizeHeader(field.zh_name) == wanted) {
      return static_cast<int>(f);
    }
    std::string_view aliases = field.aliases;
    while (!aliases.empty()) {
      size_t bar = aliases.find('|');
      if (cdx::NormalizeHeader(aliases.substr(0, bar)) == wanted) {
        return static_cast<int>(f);
      }
      if (bar == std::string_view::npos) break;
      aliases.remove_prefix(bar + 1);
    }
  }
  for (const cdx::ColumnInfo& c : table.columns) {
    if (cdx::NormalizeHeader(c.header) == wanted) return c.field;
  }
  return -1;
}

// A type name of cd_check: a TABLES.md type name, or "text(N)".
struct TypeSpec {
  cdx::ValueType type = cdx::ValueType::kText;
  size_t max_length = 0;
};

std::optional<TypeSpec> ParseTypeName(std::string_view name) {
  if (std::optional<cdx::ValueType> t = cdx::ValueTypeFromName(name)) {
    return TypeSpec{*t, 0};
  }
  if (!name.starts_with("text(") || !name.ends_with(")")) return std::nullopt;
  std::string_view digits = name.substr(5, name.size() - 6);
  if (digits.empty() || digits.size() > 6) return std::nullopt;
  size_t n = 0;
  for (char c : digits) {
    if (c < '0' || c > '9') return std::nullopt;
    n = n * 10 + static_cast<size_t>(c - '0');
  }
  return TypeSpec{cdx::ValueType::kText, n};
}

cdx::ValueCheck RunCheck(const TypeSpec& spec, std::string_view value,
                         std::string* canonical,
                         std::optional<cdx::IdType> id_type,
                         const cdx::CheckOptions& options) {
  cdx::ValueCheck check =
      spec.type == cdx::ValueType::kText
          ? cdx::CheckText(value, spec.max_length, canonical)
          : cdx::CheckValue(spec.type, value, canonical, id_type, options);
  if (!check.valid() || check.empty()) canonical->clear();
  return check;
}

// A reference date from C arguments: 0/0/0 is none.
int32_t ReferenceDate(int32_t year, int32_t month, int32_t day,
                      std::optional<cdx::Date>* out) {
  if (year == 0 && month == 0 && day == 0) {
    out->reset();
    return CD_OK;
  }
  std::optional<cdx::Date> date = cdx::Date::FromYmd(year, month, day);
  if (!date) return CD_ERROR_INVALID_ARGUMENT;
  *out = date;
  return CD_OK;
}

// The record of a reader's current row, after the checks every getter
// makes.
int32_t CurrentRow(const cd_reader* reader) {
  if (reader == nullptr) return CD_ERROR_INVALID_ARGUMENT;
  if (!reader->has_row) {
    return Fail(&reader->errmsg, CD_ERROR_STATE,
                "no current row: call cd_reader_next first");
  }
  return CD_OK;
}

// Checks a record getter's arguments and finds the member of `field`.
int32_t RecordMember(const cd_record* record, size_t field,
                     const MemberRef** ref) {
  if (record == nullptr) return CD_ERROR_INVALID_ARGUMENT;
  if (!record->Ready()) {
    return Fail(&record->errmsg, CD_ERROR_STATE, "the record holds no row");
  }
  if (field >= record->table->fields.size()) {
    return Fail(&record->errmsg, CD_ERROR_OUT_OF_RANGE,
                "field index " + std::to_string(field) + " >= field count " +
                    std::to_string(record->table->fields.size()));
  }
  *ref = &record->refs[field];
  return CD_OK;
}

// A typed getter: finds the member of `field`, requires one of the kinds
// `get` accepts (it returns false for others), and fails with NO_VALUE when
// the member is empty.
template <typename Get>
int32_t TypedGet(const cd_record* record, size_t field, const char* what,
                 Get&& get) {
  return Guard(record ? &record->errmsg : nullptr, [&]() -> int32_t {
    const MemberRef* ref = nullptr;
    if (int32_t rc = RecordMember(record, field, &ref); rc != CD_OK) return rc;
    const cdx::FieldInfo& info = record->table->fields[field];
    bool present = WithMember(*ref, [](const auto& m) { return HasValue(m); });
    int32_t rc = get(*ref, present);
    if (rc == CD_ERROR_TYPE_MISMATCH) {
      return Fail(&record->errmsg, rc,
                  std::string("field ") + std::string(info.id) + " is " +
                      std::string(cdx::ValueTypeName(info.type)) + ", not " +
                      what);
    }
    if (rc == CD_ERROR_NO_VALUE) {
      return Fail(&record->errmsg, rc,
                  "field " + std::string(info.id) + " is empty");
    }
    return rc;
  });
}

template <typename T>
const std::optional<T>& As(const MemberRef& ref) {
  return *static_cast<const std::optional<T>*>(ref.member);
}

int32_t ReportCount(const cdx::Report& r, int32_t which, int64_t* value) {
  switch (which) {
    case CD_COUNT_ROWS:
      *value = r.rows;
      return CD_OK;
    case CD_COUNT_VALID_ROWS:
      *value = r.valid_rows;
      return CD_OK;
    case CD_COUNT_REJECTED_ROWS:
      *value = r.rows - r.valid_rows;
      return CD_OK;
    case CD_COUNT_BLANK_LINES:
      *value = r.blank_lines;
      return CD_OK;
    case CD_COUNT_ERRORS:
      *value = r.errors;
      return CD_OK;
    case CD_COUNT_WARNINGS:
      *value = r.warnings;
      return CD_OK;
    case CD_COUNT_NORMALISED:
      *value = r.normalised;
      return CD_OK;
    case CD_COUNT_TRUNCATED:
      *value = r.truncated ? 1 : 0;
      return CD_OK;
    case CD_COUNT_FINDINGS:
      *value = static_cast<int64_t>(r.findings.size());
      return CD_OK;
    default:
      return CD_ERROR_INVALID_ARGUMENT;
  }
}

std::string StatusMessage(const absl::Status& status) {
  return std::string(status.message());
}

}  // namespace

extern "C" {

// ---- Version and results. ----

const char* cd_version(void) { return CREDITDATA_VERSION_STRING; }

int32_t cd_version_number(void) { return CREDITDATA_VERSION_NUMBER; }

const char* cd_result_string(int32_t result) {
  switch (result) {
    case CD_OK:
      return "ok";
    case CD_ERROR_INTERNAL:
      return "internal error";
    case CD_ERROR_INVALID_ARGUMENT:
      return "invalid argument";
    case CD_ERROR_NOT_FOUND:
      return "not found";
    case CD_ERROR_OUT_OF_RANGE:
      return "index out of range";
    case CD_ERROR_WRONG_TABLE:
      return "record of another table";
    case CD_ERROR_TYPE_MISMATCH:
      return "field has another type";
    case CD_ERROR_NO_VALUE:
      return "no value";
    case CD_ERROR_BUFFER_TOO_SMALL:
      return "buffer too small";
    case CD_ERROR_IO:
      return "input/output error";
    case CD_ERROR_STATE:
      return "call out of order";
    case CD_ERROR_NO_MEMORY:
      return "out of memory";
    case CD_ERROR_INVALID_VALUE:
      return "invalid value";
    case CD_ROW:
      return "row ready";
    case CD_DONE:
      return "no more rows";
    default:
      return "unknown result code";
  }
}

// ---- Schema. ----

size_t cd_table_count(void) { return cdx::Tables().size(); }

int32_t cd_table_at(size_t index, const cd_table** out) {
  if (out == nullptr) return CD_ERROR_INVALID_ARGUMENT;
  std::span<const cdx::TableInfo> tables = cdx::Tables();
  if (index >= tables.size()) return CD_ERROR_OUT_OF_RANGE;
  *out = CTable(&tables[index]);
  return CD_OK;
}

int32_t cd_table_find(const char* name, size_t name_len, const cd_table** out) {
  return Guard(nullptr, [&]() -> int32_t {
    std::string_view n;
    if (out == nullptr || !ViewOf(name, name_len, &n)) {
      return CD_ERROR_INVALID_ARGUMENT;
    }
    const cdx::TableInfo* table = cdx::FindTable(n);
    if (table == nullptr) return CD_ERROR_NOT_FOUND;
    *out = CTable(table);
    return CD_OK;
  });
}

int32_t cd_table_name(const cd_table* table, const char** name,
                      size_t* name_len) {
  if (table == nullptr) return CD_ERROR_INVALID_ARGUMENT;
  return PutText(TableOf(table)->name, name, name_len);
}

int32_t cd_table_name_zh(const cd_table* table, const char** name,
                         size_t* name_len) {
  if (table == nullptr) return CD_ERROR_INVALID_ARGUMENT;
  return PutText(TableOf(table)->zh_name, name, name_len);
}

int32_t cd_table_index(const cd_table* table, size_t* index) {
  if (table == nullptr || index == nullptr) return CD_ERROR_INVALID_ARGUMENT;
  *index = static_cast<size_t>(TableOf(table)->id);
  return CD_OK;
}

int32_t cd_table_field_count(const cd_table* table, size_t* count) {
  if (table == nullptr || count == nullptr) return CD_ERROR_INVALID_ARGUMENT;
  *count = TableOf(table)->fields.size();
  return CD_OK;
}

int32_t cd_table_column_count(const cd_table* table, size_t* count) {
  if (table == nullptr || count == nullptr) return CD_ERROR_INVALID_ARGUMENT;
  *count = TableOf(table)->columns.size();
  return CD_OK;
}

int32_t cd_table_field(const cd_table* table, size_t index,
                       const cd_field** out) {
  if (table == nullptr || out == nullptr) return CD_ERROR_INVALID_ARGUMENT;
  const cdx::TableInfo* t = TableOf(table);
  if (index >= t->fields.size()) return CD_ERROR_OUT_OF_RANGE;
  *out = reinterpret_cast<const cd_field*>(&t->fields[index]);
  return CD_OK;
}

int32_t cd_table_field_index(const cd_table* table, const char* name,
                             size_t name_len, size_t* index) {
  return Guard(nullptr, [&]() -> int32_t {
    std::string_view n;
    if (table == nullptr || index == nullptr || !ViewOf(name, name_len, &n)) {
      return CD_ERROR_INVALID_ARGUMENT;
    }
    int f = FindField(*TableOf(table), n);
    if (f < 0) return CD_ERROR_NOT_FOUND;
    *index = static_cast<size_t>(f);
    return CD_OK;
  });
}

int32_t cd_table_column(const cd_table* table, size_t index,
                        const cd_column** out) {
  if (table == nullptr || out == nullptr) return CD_ERROR_INVALID_ARGUMENT;
  const cdx::TableInfo* t = TableOf(table);
  if (index >= t->columns.size()) return CD_ERROR_OUT_OF_RANGE;
  *out = reinterpret_cast<const cd_column*>(&t->columns[index]);
  return CD_OK;
}

int32_t cd_field_id(const cd_field* field, const char** id, size_t* id_len) {
  if (field == nullptr) return CD_ERROR_INVALID_ARGUMENT;
  return PutText(FieldOf(field)->id, id, id_len);
}

int32_t cd_field_name_zh(const cd_field* field, const char** name,
                         size_t* name_len) {
  if (field == nullptr) return CD_ERROR_INVALID_ARGUMENT;
  return PutText(FieldOf(field)->zh_name, name, name_len);
}

int32_t cd_field_aliases(const cd_field* field, const char** aliases,
                         size_t* aliases_len) {
  if (field == nullptr) return CD_ERROR_INVALID_ARGUMENT;
  return PutText(FieldOf(field)->aliases, aliases, aliases_len);
}

int32_t cd_field_type(const cd_field* field, int32_t* type) {
  if (field == nullptr || type == nullptr) return CD_ERROR_INVALID_ARGUMENT;
  *type = static_cast<int32_t>(FieldOf(field)->type);
  return CD_OK;
}

int32_t cd_field_type_name(const cd_field* field, const char** name,
                           size_t* name_len) {
  if (field == nullptr) return CD_ERROR_INVALID_ARGUMENT;
  return PutText(cdx::ValueTypeName(FieldOf(field)->type), name, name_len);
}

int32_t cd_field_max_length(const cd_field* field, int32_t* max_length) {
  if (field == nullptr || max_length == nullptr) {
    return CD_ERROR_INVALID_ARGUMENT;
  }
  *max_length = FieldOf(field)->max_length;
  return CD_OK;
}

int32_t cd_field_requirement(const cd_field* field, int32_t* requirement) {
  if (field == nullptr || requirement == nullptr) {
    return CD_ERROR_INVALID_ARGUMENT;
  }
  *requirement = static_cast<int32_t>(FieldOf(field)->requirement);
  return CD_OK;
}

int32_t cd_field_disclosure(const cd_field* field, int32_t* disclosure) {
  if (field == nullptr || disclosure == nullptr) {
    return CD_ERROR_INVALID_ARGUMENT;
  }
  *disclosure = static_cast<int32_t>(FieldOf(field)->disclosure);
  return CD_OK;
}

int32_t cd_field_key(const cd_field* field, int32_t* key) {
  if (field == nullptr || key == nullptr) return CD_ERROR_INVALID_ARGUMENT;
  *key = static_cast<int32_t>(FieldOf(field)->key);
  return CD_OK;
}

int32_t cd_column_header(const cd_column* column, const char** header,
                         size_t* header_len) {
  if (column == nullptr) return CD_ERROR_INVALID_ARGUMENT;
  return PutText(ColumnOf(column)->header, header, header_len);
}

int32_t cd_column_field(const cd_column* column, size_t* field) {
  if (column == nullptr || field == nullptr) return CD_ERROR_INVALID_ARGUMENT;
  *field = ColumnOf(column)->field;
  return CD_OK;
}

int32_t cd_type_name(int32_t type, const char** name, size_t* name_len) {
  if (type < CD_TYPE_TEXT || type > CD_TYPE_SEVERITY) {
    return CD_ERROR_INVALID_ARGUMENT;
  }
  return PutText(cdx::ValueTypeName(static_cast<cdx::ValueType>(type)), name,
                 name_len);
}

int32_t cd_type_from_name(const char* name, size_t name_len, int32_t* type) {
  return Guard(nullptr, [&]() -> int32_t {
    std::string_view n;
    if (type == nullptr || !ViewOf(name, name_len, &n)) {
      return CD_ERROR_INVALID_ARGUMENT;
    }
    std::optional<cdx::ValueType> t = cdx::ValueTypeFromName(n);
    if (!t) return CD_ERROR_NOT_FOUND;
    *type = static_cast<int32_t>(*t);
    return CD_OK;
  });
}

// ---- Finding codes. ----

int32_t cd_code_count(void) { return cdx::kFindingCodeCount; }

int32_t cd_code_name(int32_t code, const char** name, size_t* name_len) {
  if (name == nullptr || name_len == nullptr) return CD_ERROR_INVALID_ARGUMENT;
  if (!ValidCode(code)) return CD_ERROR_OUT_OF_RANGE;
  return PutText(cdx::FindingCodeName(static_cast<cdx::FindingCode>(code)),
                 name, name_len);
}

int32_t cd_code_from_name(const char* name, size_t name_len, int32_t* code) {
  return Guard(nullptr, [&]() -> int32_t {
    std::string_view n;
    if (code == nullptr || !ViewOf(name, name_len, &n)) {
      return CD_ERROR_INVALID_ARGUMENT;
    }
    std::optional<cdx::FindingCode> c = cdx::FindingCodeFromName(n);
    if (!c) return CD_ERROR_NOT_FOUND;
    *code = static_cast<int32_t>(*c);
    return CD_OK;
  });
}

int32_t cd_code_severity(int32_t code, int32_t* severity) {
  if (severity == nullptr) return CD_ERROR_INVALID_ARGUMENT;
  if (!ValidCode(code)) return CD_ERROR_OUT_OF_RANGE;
  *severity = static_cast<int32_t>(
      cdx::DefaultSeverity(static_cast<cdx::FindingCode>(code)));
  return CD_OK;
}

int32_t cd_code_message(int32_t code, int32_t language, const char** message,
                        size_t* message_len) {
  if (message == nullptr || message_len == nullptr ||
      (language != CD_LANGUAGE_CHINESE && language != CD_LANGUAGE_ENGLISH)) {
    return CD_ERROR_INVALID_ARGUMENT;
  }
  if (!ValidCode(code)) return CD_ERROR_OUT_OF_RANGE;
  return PutText(cdx::FindingMessage(static_cast<cdx::FindingCode>(code),
                                     static_cast<cdx::Language>(language)),
                 message, message_len);
}

int32_t cd_severity_name(int32_t severity, const char** name,
                         size_t* name_len) {
  if (severity < CD_SEVERITY_INFO || severity > CD_SEVERITY_ERROR) {
    return CD_ERROR_INVALID_ARGUMENT;
  }
  return PutText(cdx::SeverityName(static_cast<cdx::Severity>(severity)), name,
                 name_len);
}

// ---- Findings. ----

int32_t cd_finding_row(const cd_finding* finding, int64_t* row) {
  if (finding == nullptr || row == nullptr) return CD_ERROR_INVALID_ARGUMENT;
  *row = FindingOf(finding)->row;
  return CD_OK;
}

int32_t cd_finding_column(const cd_finding* finding, int32_t* column) {
  if (finding == nullptr || column == nullptr) {
    return CD_ERROR_INVALID_ARGUMENT;
  }
  *column = FindingOf(finding)->column;
  return CD_OK;
}

int32_t cd_finding_code(const cd_finding* finding, int32_t* code) {
  if (finding == nullptr || code == nullptr) return CD_ERROR_INVALID_ARGUMENT;
  *code = static_cast<int32_t>(FindingOf(finding)->code);
  return CD_OK;
}

int32_t cd_finding_severity(const cd_finding* finding, int32_t* severity) {
  if (finding == nullptr || severity == nullptr) {
    return CD_ERROR_INVALID_ARGUMENT;
  }
  *severity = static_cast<int32_t>(FindingOf(finding)->severity);
  return CD_OK;
}

int32_t cd_finding_header(const cd_finding* finding, const char** header,
                          size_t* header_len) {
  if (finding == nullptr) return CD_ERROR_INVALID_ARGUMENT;
  return PutText(FindingOf(finding)->header, header, header_len);
}

int32_t cd_finding_field(const cd_finding* finding, const char** field,
                         size_t* field_len) {
  if (finding == nullptr) return CD_ERROR_INVALID_ARGUMENT;
  return PutText(FindingOf(finding)->field, field, field_len);
}

int32_t cd_finding_value(const cd_finding* finding, const char** value,
                         size_t* value_len) {
  if (finding == nullptr) return CD_ERROR_INVALID_ARGUMENT;
  return PutText(FindingOf(finding)->value, value, value_len);
}

int32_t cd_finding_message(const cd_finding* finding, const char** message,
                           size_t* message_len) {
  if (finding == nullptr) return CD_ERROR_INVALID_ARGUMENT;
  return PutText(FindingOf(finding)->message, message, message_len);
}

// ---- Single values. ----

int32_t cd_check(const char* type, size_t type_len, const char* value,
                 size_t value_len, int32_t* code, int32_t* severity,
                 char* canonical, size_t canonical_size,
                 size_t* canonical_len) {
  return Guard(nullptr, [&]() -> int32_t {
    std::string_view t;
    std::string_view v;
    if (!ViewOf(type, type_len, &t) || !ViewOf(value, value_len, &v) ||
        code == nullptr || severity == nullptr || canonical_len == nullptr ||
        (canonical == nullptr && canonical_size != 0)) {
      return CD_ERROR_INVALID_ARGUMENT;
    }
    std::optional<TypeSpec> spec = ParseTypeName(t);
    if (!spec) return CD_ERROR_NOT_FOUND;
    std::string text;
    cdx::ValueCheck check = RunCheck(*spec, v, &text, std::nullopt, {});
    *code = static_cast<int32_t>(check.code());
    *severity = static_cast<int32_t>(check.severity());
    *canonical_len = text.size();
    if (canonical == nullptr) return CD_OK;  // size query
    if (canonical_size <= text.size()) {
      if (canonical_size > 0) canonical[0] = '\0';
      return CD_ERROR_BUFFER_TOO_SMALL;
    }
    std::memcpy(canonical, text.data(), text.size());
    canonical[text.size()] = '\0';
    return CD_OK;
  });
}

int32_t cd_checker_create(cd_checker** out) {
  return Guard(nullptr, [&]() -> int32_t {
    if (out == nullptr) return CD_ERROR_INVALID_ARGUMENT;
    *out = new cd_checker();
    return CD_OK;
  });
}

void cd_checker_destroy(cd_checker* checker) { delete checker; }

int32_t cd_checker_set_id_type(cd_checker* checker, const char* id_type,
                               size_t id_type_len) {
  return Guard(checker ? &checker->errmsg : nullptr, [&]() -> int32_t {
    std::string_view name;
    if (checker == nullptr || !ViewOf(id_type, id_type_len, &name)) {
      return CD_ERROR_INVALID_ARGUMENT;
    }
    if (name.empty()) {
      checker->id_type.reset();
      return CD_OK;
    }
    cdx::IdTypeValue value;
    cdx::ValueCheck parsed = cdx::ParseIdType(name, &value);
    if (!parsed.valid() || parsed.empty()) {
      return Fail(&checker->errmsg, CD_ERROR_NOT_FOUND,
                  "unknown certificate type '" + std::string(name) + "'");
    }
    checker->id_type = value.type;
    return CD_OK;
  });
}

int32_t cd_checker_set_reference_date(cd_checker* checker, int32_t year,
                                      int32_t month, int32_t day) {
  return Guard(checker ? &checker->errmsg : nullptr, [&]() -> int32_t {
    if (checker == nullptr) return CD_ERROR_INVALID_ARGUMENT;
    if (ReferenceDate(year, month, day, &checker->options.reference_date) !=
        CD_OK) {
      return Fail(&checker->errmsg, CD_ERROR_INVALID_ARGUMENT,
                  "no such day: " + std::to_string(year) + "-" +
                      std::to_string(month) + "-" + std::to_string(day));
    }
    return CD_OK;
  });
}

int32_t cd_checker_check(cd_checker* checker, const char* type, size_t type_len,
                         const char* value, size_t value_len) {
  return Guard(checker ? &checker->errmsg : nullptr, [&]() -> int32_t {
    std::string_view t;
    std::string_view v;
    if (checker == nullptr || !ViewOf(type, type_len, &t) ||
        !ViewOf(value, value_len, &v)) {
      return CD_ERROR_INVALID_ARGUMENT;
    }
    std::optional<TypeSpec> spec = ParseTypeName(t);
    if (!spec) {
      checker->check = cdx::ValueCheck();
      checker->canonical.clear();
      return Fail(&checker->errmsg, CD_ERROR_NOT_FOUND,
                  "unknown value type '" + std::string(t) + "'");
    }
    checker->check = RunCheck(*spec, v, &checker->canonical, checker->id_type,
                              checker->options);
    return CD_OK;
  });
}

int32_t cd_checker_valid(const cd_checker* checker, int* valid) {
  if (checker == nullptr || valid == nullptr) return CD_ERROR_INVALID_ARGUMENT;
  *valid = checker->check.valid() ? 1 : 0;
  return CD_OK;
}

int32_t cd_checker_empty(const cd_checker* checker, int* empty) {
  if (checker == nullptr || empty == nullptr) return CD_ERROR_INVALID_ARGUMENT;
  *empty = checker->check.empty() ? 1 : 0;
  return CD_OK;
}

int32_t cd_checker_normalised(const cd_checker* checker, int* normalised) {
  if (checker == nullptr || normalised == nullptr) {
    return CD_ERROR_INVALID_ARGUMENT;
  }
  *normalised = checker->check.normalised() ? 1 : 0;
  return CD_OK;
}

int32_t cd_checker_code(const cd_checker* checker, int32_t* code) {
  if (checker == nullptr || code == nullptr) return CD_ERROR_INVALID_ARGUMENT;
  *code = static_cast<int32_t>(checker->check.code());
  return CD_OK;
}

int32_t cd_checker_severity(const cd_checker* checker, int32_t* severity) {
  if (checker == nullptr || severity == nullptr) {
    return CD_ERROR_INVALID_ARGUMENT;
  }
  *severity = static_cast<int32_t>(checker->check.severity());
  return CD_OK;
}

int32_t cd_checker_finding_count(const cd_checker* checker, size_t* count) {
  if (checker == nullptr || count == nullptr) return CD_ERROR_INVALID_ARGUMENT;
  *count = checker->check.findings().size();
  return CD_OK;
}

int32_t cd_checker_finding(const cd_checker* checker, size_t index,
                           int32_t* code, int32_t* severity) {
  if (checker == nullptr || code == nullptr || severity == nullptr) {
    return CD_ERROR_INVALID_ARGUMENT;
  }
  if (index >= checker->check.findings().size()) return CD_ERROR_OUT_OF_RANGE;
  *code = static_cast<int32_t>(checker->check.findings()[index]);
  *severity = static_cast<int32_t>(checker->check.severity_of(index));
  return CD_OK;
}

int32_t cd_checker_canonical(const cd_checker* checker, const char** text,
                             size_t* text_len) {
  if (checker == nullptr) return CD_ERROR_INVALID_ARGUMENT;
  return PutText(checker->canonical, text, text_len);
}

const char* cd_checker_errmsg(const cd_checker* checker) {
  return checker == nullptr ? "NULL handle" : checker->errmsg.c_str();
}

// ---- Read options. ----

int32_t cd_read_options_create(cd_read_options** out) {
  return Guard(nullptr, [&]() -> int32_t {
    if (out == nullptr) return CD_ERROR_INVALID_ARGUMENT;
    *out = new cd_read_options();
    return CD_OK;
  });
}

void cd_read_options_destroy(cd_read_options* options) { delete options; }

int32_t cd_read_options_set_table(cd_read_options* options, const char* table,
                                  size_t table_len) {
  return Guard(nullptr, [&]() -> int32_t {
    std::string_view name;
    if (options == nullptr || !ViewOf(table, table_len, &name)) {
      return CD_ERROR_INVALID_ARGUMENT;
    }
    if (name.empty()) {
      options->options.table.reset();
      return CD_OK;
    }
    const cdx::TableInfo* t = cdx::FindTable(name);
    if (t == nullptr) return CD_ERROR_NOT_FOUND;
    options->options.table = t->id;
    return CD_OK;
  });
}

int32_t cd_read_options_set_encoding(cd_read_options* options,
                                     const char* encoding,
                                     size_t encoding_len) {
  return Guard(nullptr, [&]() -> int32_t {
    std::string_view name;
    if (options == nullptr || !ViewOf(encoding, encoding_len, &name)) {
      return CD_ERROR_INVALID_ARGUMENT;
    }
    std::optional<cdx::InputEncoding> e = cdx::InputEncodingFromName(name);
    if (!e) return CD_ERROR_NOT_FOUND;
    options->options.encoding = *e;
    return CD_OK;
  });
}

int32_t cd_read_options_set_format(cd_read_options* options, const char* format,
                                   size_t format_len) {
  return Guard(nullptr, [&]() -> int32_t {
    std::string_view name;
    if (options == nullptr || !ViewOf(format, format_len, &name)) {
      return CD_ERROR_INVALID_ARGUMENT;
    }
    std::optional<cdx::InputFormat> f = cdx::InputFormatFromName(name);
    if (!f) return CD_ERROR_NOT_FOUND;
    options->options.format = *f;
    return CD_OK;
  });
}

int32_t cd_read_options_set_max_findings(cd_read_options* options,
                                         uint64_t max_findings) {
  if (options == nullptr) return CD_ERROR_INVALID_ARGUMENT;
  options->options.max_findings = static_cast<size_t>(max_findings);
  return CD_OK;
}

int32_t cd_read_options_set_threads(cd_read_options* options, int32_t threads) {
  if (options == nullptr || threads < 1 || threads > 64) {
    return CD_ERROR_INVALID_ARGUMENT;
  }
  options->options.threads = threads;
  return CD_OK;
}

int32_t cd_read_options_set_max_record_bytes(cd_read_options* options,
                                             uint64_t max_record_bytes) {
  if (options == nullptr) return CD_ERROR_INVALID_ARGUMENT;
  options->options.max_record_bytes = static_cast<size_t>(
      std::min<uint64_t>(max_record_bytes, std::numeric_limits<size_t>::max()));
  return CD_OK;
}

int32_t cd_read_options_set_reference_date(cd_read_options* options,
                                           int32_t year, int32_t month,
                                           int32_t day) {
  if (options == nullptr) return CD_ERROR_INVALID_ARGUMENT;
  return ReferenceDate(year, month, day,
                       &options->options.check.reference_date);
}

// ---- Reader. ----

int32_t cd_reader_create(const cd_read_options* options, cd_reader** out) {
  return Guard(nullptr, [&]() -> int32_t {
    if (out == nullptr) return CD_ERROR_INVALID_ARGUMENT;
    auto reader = std::make_unique<cd_reader>();
    reader->record.borrowed = true;
    if (options != nullptr) reader->options = options->options;
    *out = reader.release();
    return CD_OK;
  });
}

void cd_reader_destroy(cd_reader* reader) { delete reader; }

namespace {

// Resets `reader` to read from a freshly opened source.
int32_t Opened(cd_reader* reader,
               absl::StatusOr<std::unique_ptr<cdx::RecordReader>> opened) {
  reader->reader.reset();
  reader->has_row = false;
  reader->done = false;
  reader->final_result = CD_DONE;
  reader->record.Borrow(nullptr, nullptr);
  if (!opened.ok()) {
    return Fail(&reader->errmsg, CD_ERROR_IO, StatusMessage(opened.status()));
  }
  reader->reader = std::move(opened).value();
  return CD_OK;
}

}  // namespace

int32_t cd_reader_open_buffer(cd_reader* reader, const char* data,
                              size_t data_len) {
  return Guard(reader ? &reader->errmsg : nullptr, [&]() -> int32_t {
    std::string_view bytes;
    if (reader == nullptr || !ViewOf(data, data_len, &bytes)) {
      return CD_ERROR_INVALID_ARGUMENT;
    }
    return Opened(reader,
                  cdx::RecordReader::OpenBuffer(bytes, reader->options));
  });
}

int32_t cd_reader_open_file(cd_reader* reader, const char* path,
                            size_t path_len) {
  return Guard(reader ? &reader->errmsg : nullptr, [&]() -> int32_t {
    std::string_view p;
    if (reader == nullptr || !ViewOf(path, path_len, &p)) {
      return CD_ERROR_INVALID_ARGUMENT;
    }
    if (p.empty() || p.find('\0') != std::string_view::npos) {
      return Fail(&reader->errmsg, CD_ERROR_INVALID_ARGUMENT,
                  "a path must be non-empty and hold no NUL byte");
    }
    return Opened(reader,
                  cdx::RecordReader::OpenFile(std::string(p), reader->options));
  });
}

int32_t cd_reader_next(cd_reader* reader) {
  return Guard(reader ? &reader->errmsg : nullptr, [&]() -> int32_t {
    if (reader == nullptr) return CD_ERROR_INVALID_ARGUMENT;
    if (!reader->reader) {
      return Fail(&reader->errmsg, CD_ERROR_STATE,
                  "reader not opened: call cd_reader_open_file or "
                  "cd_reader_open_buffer first");
    }
    if (reader->done) return reader->final_result;
    reader->has_row = false;
    if (reader->reader->Next()) {
      reader->has_row = true;
      const cdx::TableInfo* table = reader->reader->table();
      const cdx::AnyRecord* record = &reader->reader->record();
      if (reader->reader->cells().empty() && table != nullptr) {
        if (reader->empty_record.index() != static_cast<size_t>(table->id)) {
          reader->empty_record = EmptyRecord(*table);
        }
        record = &reader->empty_record;
      }
      reader->record.Borrow(table, record);
      return CD_ROW;
    }
    reader->done = true;
    absl::Status status = reader->reader->status();
    if (!status.ok()) {
      reader->final_result = CD_ERROR_IO;
      return Fail(&reader->errmsg, CD_ERROR_IO, StatusMessage(status));
    }
    return CD_DONE;
  });
}

int32_t cd_reader_row(const cd_reader* reader, int64_t* row) {
  if (row == nullptr) return CD_ERROR_INVALID_ARGUMENT;
  if (int32_t rc = CurrentRow(reader); rc != CD_OK) return rc;
  *row = reader->reader->row();
  return CD_OK;
}

int32_t cd_reader_row_valid(const cd_reader* reader, int* valid) {
  if (valid == nullptr) return CD_ERROR_INVALID_ARGUMENT;
  if (int32_t rc = CurrentRow(reader); rc != CD_OK) return rc;
  *valid = reader->reader->row_valid() ? 1 : 0;
  return CD_OK;
}

int32_t cd_reader_record(const cd_reader* reader, const cd_record** record) {
  if (record == nullptr) return CD_ERROR_INVALID_ARGUMENT;
  if (int32_t rc = CurrentRow(reader); rc != CD_OK) return rc;
  *record = &reader->record;
  return CD_OK;
}

int32_t cd_reader_finding_count(const cd_reader* reader, size_t* count) {
  if (count == nullptr) return CD_ERROR_INVALID_ARGUMENT;
  if (int32_t rc = CurrentRow(reader); rc != CD_OK) return rc;
  *count = reader->reader->row_findings().size();
  return CD_OK;
}

int32_t cd_reader_finding(const cd_reader* reader, size_t index,
                          const cd_finding** finding) {
  if (finding == nullptr) return CD_ERROR_INVALID_ARGUMENT;
  if (int32_t rc = CurrentRow(reader); rc != CD_OK) return rc;
  std::span<const cdx::Finding> findings = reader->reader->row_findings();
  if (index >= findings.size()) {
    return Fail(&reader->errmsg, CD_ERROR_OUT_OF_RANGE,
                "finding index past the row's findings");
  }
  *finding = CFinding(&findings[index]);
  return CD_OK;
}

int32_t cd_reader_raw_row(const cd_reader* reader, const char** text,
                          size_t* text_len) {
  if (text == nullptr || text_len == nullptr) return CD_ERROR_INVALID_ARGUMENT;
  if (int32_t rc = CurrentRow(reader); rc != CD_OK) return rc;
  return PutText(reader->reader->raw_row(), text, text_len);
}

int32_t cd_reader_cell_count(const cd_reader* reader, size_t* count) {
  if (count == nullptr) return CD_ERROR_INVALID_ARGUMENT;
  if (int32_t rc = CurrentRow(reader); rc != CD_OK) return rc;
  *count = reader->reader->cells().size();
  return CD_OK;
}

int32_t cd_reader_cell(const cd_reader* reader, size_t index, const char** text,
                       size_t* text_len) {
  if (text == nullptr || text_len == nullptr) return CD_ERROR_INVALID_ARGUMENT;
  if (int32_t rc = CurrentRow(reader); rc != CD_OK) return rc;
  std::span<const std::string_view> cells = reader->reader->cells();
  if (index >= cells.size()) {
    return Fail(&reader->errmsg, CD_ERROR_OUT_OF_RANGE,
                "cell index past the row's cells");
  }
  return PutText(cells[index], text, text_len);
}

int32_t cd_reader_table(const cd_reader* reader, const cd_table** table) {
  if (reader == nullptr || table == nullptr) return CD_ERROR_INVALID_ARGUMENT;
  const cdx::TableInfo* t = reader->reader ? reader->reader->table() : nullptr;
  if (t == nullptr) {
    return Fail(&reader->errmsg, CD_ERROR_NO_VALUE,
                "the table is not known (yet)");
  }
  *table = CTable(t);
  return CD_OK;
}

int32_t cd_reader_format(const cd_reader* reader, const char** format,
                         size_t* format_len) {
  if (reader == nullptr) return CD_ERROR_INVALID_ARGUMENT;
  return PutText(reader->reader ? reader->reader->format() : "", format,
                 format_len);
}

int32_t cd_reader_encoding(const cd_reader* reader, const char** encoding,
                           size_t* encoding_len) {
  if (reader == nullptr) return CD_ERROR_INVALID_ARGUMENT;
  return PutText(reader->reader ? reader->reader->encoding() : "", encoding,
                 encoding_len);
}

int32_t cd_reader_progress(const cd_reader* reader, uint64_t* bytes_read,
                           uint64_t* total_bytes) {
  if (reader == nullptr || bytes_read == nullptr || total_bytes == nullptr) {
    return CD_ERROR_INVALID_ARGUMENT;
  }
  *bytes_read = reader->reader ? reader->reader->bytes_read() : 0;
  *total_bytes = reader->reader ? reader->reader->total_bytes() : 0;
  return CD_OK;
}

int32_t cd_reader_report(const cd_reader* reader, cd_report* report) {
  return Guard(reader ? &reader->errmsg : nullptr, [&]() -> int32_t {
    if (reader == nullptr || report == nullptr) {
      return CD_ERROR_INVALID_ARGUMENT;
    }
    if (!reader->reader) {
      return Fail(&reader->errmsg, CD_ERROR_STATE, "reader not opened");
    }
    report->Set(reader->reader->report());
    return CD_OK;
  });
}

const char* cd_reader_errmsg(const cd_reader* reader) {
  return reader == nullptr ? "NULL handle" : reader->errmsg.c_str();
}

// ---- Records. ----

int32_t cd_record_create(const cd_table* table, cd_record** out) {
  return Guard(nullptr, [&]() -> int32_t {
    if (table == nullptr || out == nullptr) return CD_ERROR_INVALID_ARGUMENT;
    auto record = std::make_unique<cd_record>();
    record->Own(TableOf(table), EmptyRecord(*TableOf(table)));
    *out = record.release();
    return CD_OK;
  });
}

int32_t cd_record_clone(const cd_record* record, cd_record** out) {
  return Guard(record ? &record->errmsg : nullptr, [&]() -> int32_t {
    if (record == nullptr || out == nullptr) return CD_ERROR_INVALID_ARGUMENT;
    if (!record->Ready()) {
      return Fail(&record->errmsg, CD_ERROR_STATE, "the record holds no row");
    }
    auto copy = std::make_unique<cd_record>();
    copy->Own(record->table, *record->any);
    *out = copy.release();
    return CD_OK;
  });
}

void cd_record_destroy(cd_record* record) {
  // A reader's record belongs to the reader.
  if (record != nullptr && !record->borrowed) delete record;
}

int32_t cd_record_table(const cd_record* record, const cd_table** table) {
  if (record == nullptr || table == nullptr) return CD_ERROR_INVALID_ARGUMENT;
  if (record->table == nullptr) {
    return Fail(&record->errmsg, CD_ERROR_STATE, "the record holds no row");
  }
  *table = CTable(record->table);
  return CD_OK;
}

int32_t cd_record_field_count(const cd_record* record, size_t* count) {
  if (record == nullptr || count == nullptr) return CD_ERROR_INVALID_ARGUMENT;
  if (record->table == nullptr) {
    return Fail(&record->errmsg, CD_ERROR_STATE, "the record holds no row");
  }
  *count = record->table->fields.size();
  return CD_OK;
}

int32_t cd_record_field_index(const cd_record* record, const char* name,
                              size_t name_len, size_t* index) {
  return Guard(record ? &record->errmsg : nullptr, [&]() -> int32_t {
    std::string_view n;
    if (record == nullptr || index == nullptr || !ViewOf(name, name_len, &n)) {
      return CD_ERROR_INVALID_ARGUMENT;
    }
    if (record->table == nullptr) {
      return Fail(&record->errmsg, CD_ERROR_STATE, "the record holds no row");
    }
    int f = FindField(*record->table, n);
    if (f < 0) {
      return Fail(&record->errmsg, CD_ERROR_NOT_FOUND,
                  "table " + std::string(record->table->name) +
                      " has no field '" + std::string(n) + "'");
    }
    *index = static_cast<size_t>(f);
    return CD_OK;
  });
}

int32_t cd_record_has(const cd_record* record, size_t field, int* present) {
  return Guard(record ? &record->errmsg : nullptr, [&]() -> int32_t {
    const MemberRef* ref = nullptr;
    if (present == nullptr) return CD_ERROR_INVALID_ARGUMENT;
    if (int32_t rc = RecordMember(record, field, &ref); rc != CD_OK) return rc;
    *present =
        WithMember(*ref, [](const auto& m) { return HasValue(m); }) ? 1 : 0;
    return CD_OK;
  });
}

int32_t cd_record_text(const cd_record* record, size_t field, const char** text,
                       size_t* text_len) {
  return Guard(record ? &record->errmsg : nullptr, [&]() -> int32_t {
    const MemberRef* ref = nullptr;
    if (text == nullptr || text_len == nullptr) {
      return CD_ERROR_INVALID_ARGUMENT;
    }
    if (int32_t rc = RecordMember(record, field, &ref); rc != CD_OK) return rc;
    return PutText(record->Text(field), text, text_len);
  });
}

int32_t cd_record_texts(const cd_record* record, const char** texts,
                        size_t* text_lens, size_t capacity, size_t* count) {
  return Guard(record ? &record->errmsg : nullptr, [&]() -> int32_t {
    if (record == nullptr || count == nullptr ||
        (capacity > 0 && (texts == nullptr || text_lens == nullptr))) {
      return CD_ERROR_INVALID_ARGUMENT;
    }
    if (!record->Ready()) {
      return Fail(&record->errmsg, CD_ERROR_STATE, "the record holds no row");
    }
    size_t n = record->table->fields.size();
    *count = n;
    if (capacity < n) {
      return Fail(&record->errmsg, CD_ERROR_BUFFER_TOO_SMALL,
                  "the arrays need " + std::to_string(n) + " entries");
    }
    for (size_t f = 0; f < n; ++f) {
      std::string_view t = record->Text(f);
      texts[f] = t.data() != nullptr ? t.data() : "";
      text_lens[f] = t.size();
    }
    return CD_OK;
  });
}

int32_t cd_record_copy_texts(const cd_record* record, char* buffer, size_t size,
                             size_t* needed) {
  return Guard(record ? &record->errmsg : nullptr, [&]() -> int32_t {
    if (record == nullptr || needed == nullptr ||
        (buffer == nullptr && size != 0)) {
      return CD_ERROR_INVALID_ARGUMENT;
    }
    if (!record->Ready()) {
      return Fail(&record->errmsg, CD_ERROR_STATE, "the record holds no row");
    }
    size_t n = record->table->fields.size();
    size_t total = 0;
    for (size_t f = 0; f < n; ++f) total += record->Text(f).size() + 1;
    *needed = total;
    if (buffer == nullptr) return CD_OK;  // size query
    if (size < total) {
      return Fail(&record->errmsg, CD_ERROR_BUFFER_TOO_SMALL,
                  "the texts need " + std::to_string(total) + " bytes");
    }
    char* out = buffer;
    for (size_t f = 0; f < n; ++f) {
      std::string_view t = record->Text(f);
      if (!t.empty()) std::memcpy(out, t.data(), t.size());
      out += t.size();
      *out++ = '\0';
    }
    return CD_OK;
  });
}

int32_t cd_record_money(const cd_record* record, size_t field, int64_t* fen) {
  if (fen == nullptr) return CD_ERROR_INVALID_ARGUMENT;
  return TypedGet(record, field, "money",
                  [&](const MemberRef& ref, bool present) -> int32_t {
                    if (ref.kind != MemberKind::kMoney) {
                      return CD_ERROR_TYPE_MISMATCH;
                    }
                    if (!present) return CD_ERROR_NO_VALUE;
                    *fen = As<cdx::Money>(ref)->fen;
                    return CD_OK;
                  });
}

int32_t cd_record_date(const cd_record* record, size_t field, int32_t* year,
                       int32_t* month, int32_t* day) {
  if (year == nullptr || month == nullptr || day == nullptr) {
    return CD_ERROR_INVALID_ARGUMENT;
  }
  return TypedGet(record, field, "a date",
                  [&](const MemberRef& ref, bool present) -> int32_t {
                    cdx::Date date;
                    if (ref.kind == MemberKind::kDate) {
                      if (!present) return CD_ERROR_NO_VALUE;
                      date = *As<cdx::Date>(ref);
                    } else if (ref.kind == MemberKind::kMonthOrDay) {
                      if (!present) return CD_ERROR_NO_VALUE;
                      const cdx::MonthOrDay& m = *As<cdx::MonthOrDay>(ref);
                      if (m.kind != cdx::MonthOrDay::Kind::kDay) {
                        return CD_ERROR_TYPE_MISMATCH;  // holds a month
                      }
                      date = m.day;
                    } else {
                      return CD_ERROR_TYPE_MISMATCH;
                    }
                    *year = date.year();
                    *month = date.month();
                    *day = date.day();
                    return CD_OK;
                  });
}

int32_t cd_record_month(const cd_record* record, size_t field, int32_t* year,
                        int32_t* month) {
  if (year == nullptr || month == nullptr) return CD_ERROR_INVALID_ARGUMENT;
  return TypedGet(record, field, "a month",
                  [&](const MemberRef& ref, bool present) -> int32_t {
                    cdx::Month m;
                    if (ref.kind == MemberKind::kMonth) {
                      if (!present) return CD_ERROR_NO_VALUE;
                      m = *As<cdx::Month>(ref);
                    } else if (ref.kind == MemberKind::kMonthOrDay) {
                      if (!present) return CD_ERROR_NO_VALUE;
                      m = As<cdx::MonthOrDay>(ref)->month;
                    } else {
                      return CD_ERROR_TYPE_MISMATCH;
                    }
                    *year = m.year();
                    *month = m.month();
                    return CD_OK;
                  });
}

int32_t cd_record_count(const cd_record* record, size_t field, int64_t* count) {
  if (count == nullptr) return CD_ERROR_INVALID_ARGUMENT;
  return TypedGet(record, field, "count",
                  [&](const MemberRef& ref, bool present) -> int32_t {
                    if (ref.kind != MemberKind::kCount) {
                      return CD_ERROR_TYPE_MISMATCH;
                    }
                    if (!present) return CD_ERROR_NO_VALUE;
                    *count = As<cdx::Count>(ref)->value;
                    return CD_OK;
                  });
}

int32_t cd_record_quantity(const cd_record* record, size_t field,
                           int64_t* ten_thousandths) {
  if (ten_thousandths == nullptr) return CD_ERROR_INVALID_ARGUMENT;
  return TypedGet(record, field, "quantity",
                  [&](const MemberRef& ref, bool present) -> int32_t {
                    if (ref.kind != MemberKind::kQuantity) {
                      return CD_ERROR_TYPE_MISMATCH;
                    }
                    if (!present) return CD_ERROR_NO_VALUE;
                    *ten_thousandths = As<cdx::Quantity>(ref)->units;
                    return CD_OK;
                  });
}

int32_t cd_record_rate(const cd_record* record, size_t field,
                       int32_t* basis_points) {
  if (basis_points == nullptr) return CD_ERROR_INVALID_ARGUMENT;
  return TypedGet(record, field, "rate",
                  [&](const MemberRef& ref, bool present) -> int32_t {
                    if (ref.kind != MemberKind::kRate) {
                      return CD_ERROR_TYPE_MISMATCH;
                    }
                    if (!present) return CD_ERROR_NO_VALUE;
                    *basis_points = As<cdx::Rate>(ref)->basis_points;
                    return CD_OK;
                  });
}

int32_t cd_record_code(const cd_record* record, size_t field, int32_t* value) {
  if (value == nullptr) return CD_ERROR_INVALID_ARGUMENT;
  return TypedGet(
      record, field, "a code-list value",
      [&](const MemberRef& ref, bool present) -> int32_t {
        int32_t v = 0;
        switch (ref.kind) {
          case MemberKind::kYesNo:
            if (present) v = static_cast<int32_t>(*As<cdx::YesNo>(ref));
            break;
          case MemberKind::kUsageScope:
            if (present) v = static_cast<int32_t>(*As<cdx::UsageScope>(ref));
            break;
          case MemberKind::kLevel:
            if (present) {
              v = static_cast<int32_t>(*As<cdx::DishonestyLevel>(ref));
            }
            break;
          case MemberKind::kIdType:
            if (present)
              v = static_cast<int32_t>(As<cdx::IdTypeValue>(ref)->type);
            break;
          default:
            return CD_ERROR_TYPE_MISMATCH;
        }
        if (!present) return CD_ERROR_NO_VALUE;
        *value = v;
        return CD_OK;
      });
}

int32_t cd_record_set(cd_record* record, size_t field, const char* text,
                      size_t text_len, int32_t* code) {
  return Guard(record ? &record->errmsg : nullptr, [&]() -> int32_t {
    std::string_view raw;
    if (record == nullptr || !ViewOf(text, text_len, &raw)) {
      return CD_ERROR_INVALID_ARGUMENT;
    }
    if (record->borrowed) {
      return Fail(&record->errmsg, CD_ERROR_STATE,
                  "a reader's record cannot be changed; cd_record_clone it");
    }
    if (!record->Ready()) {
      return Fail(&record->errmsg, CD_ERROR_STATE, "the record holds no row");
    }
    const cdx::TableInfo& table = *record->table;
    if (field >= table.fields.size()) {
      return Fail(&record->errmsg, CD_ERROR_OUT_OF_RANGE,
                  "field index " + std::to_string(field) + " >= field count " +
                      std::to_string(table.fields.size()));
    }
    // An id_number is checked by the rule of the record's certificate type.
    std::optional<cdx::IdType> id_type;
    int id_type_field = table.FieldIndex("id_type");
    if (id_type_field >= 0) {
      const auto& m = As<cdx::IdTypeValue>(
          record->refs[static_cast<size_t>(id_type_field)]);
      if (m) id_type = m->type;
    }
    cdx::CheckOptions options;
    cdx::internal::MemberContext context{&table.fields[field], &options,
                                         id_type};
    cdx::ValueCheck check;
    std::visit(
        [&](auto& r) {
          using R = std::decay_t<decltype(r)>;
          if constexpr (!std::is_same_v<R, std::monostate>) {
            cdx::ForEachField(r, [&](int f, auto& member) {
              if (static_cast<size_t>(f) != field) return;
              check = cdx::internal::ParseMember(raw, &member, context);
              if (!check.valid()) cdx::internal::ClearMember(&member);
            });
          }
        },
        record->owned);
    record->Changed();
    if (code != nullptr) *code = static_cast<int32_t>(check.code());
    if (!check.valid()) {
      const cdx::FieldInfo& info = table.fields[field];
      return Fail(&record->errmsg, CD_ERROR_INVALID_VALUE,
                  std::string(info.id) + ": " +
                      std::string(cdx::FindingCodeName(check.code())) + ": " +
                      std::string(cdx::FindingMessage(check.code())));
    }
    return CD_OK;
  });
}

const char* cd_record_errmsg(const cd_record* record) {
  return record == nullptr ? "NULL handle" : record->errmsg.c_str();
}

// ---- Reports. ----

int32_t cd_report_create(cd_report** out) {
  return Guard(nullptr, [&]() -> int32_t {
    if (out == nullptr) return CD_ERROR_INVALID_ARGUMENT;
    *out = new cd_report();
    return CD_OK;
  });
}

void cd_report_destroy(cd_report* report) { delete report; }

namespace {

// Reads everything `opened` yields into `report`.
int32_t Drain(cd_report* report,
              absl::StatusOr<std::unique_ptr<cdx::RecordReader>> opened) {
  if (!opened.ok()) {
    report->Set(cdx::Report());
    return Fail(&report->errmsg, CD_ERROR_IO, StatusMessage(opened.status()));
  }
  std::unique_ptr<cdx::RecordReader> reader = std::move(opened).value();
  while (reader->Next()) {
  }
  absl::Status status = reader->status();
  if (!status.ok()) {
    report->Set(cdx::Report());
    return Fail(&report->errmsg, CD_ERROR_IO, StatusMessage(status));
  }
  report->Set(reader->report());
  return CD_OK;
}

}  // namespace

int32_t cd_report_validate_buffer(cd_report* report,
                                  const cd_read_options* options,
                                  const char* data, size_t data_len) {
  return Guard(report ? &report->errmsg : nullptr, [&]() -> int32_t {
    std::string_view bytes;
    if (report == nullptr || !ViewOf(data, data_len, &bytes)) {
      return CD_ERROR_INVALID_ARGUMENT;
    }
    cdx::ReadOptions o = options ? options->options : cdx::ReadOptions();
    return Drain(report, cdx::RecordReader::OpenBuffer(bytes, o));
  });
}

int32_t cd_report_validate_file(cd_report* report,
                                const cd_read_options* options,
                                const char* path, size_t path_len) {
  return Guard(report ? &report->errmsg : nullptr, [&]() -> int32_t {
    std::string_view p;
    if (report == nullptr || !ViewOf(path, path_len, &p)) {
      return CD_ERROR_INVALID_ARGUMENT;
    }
    if (p.empty() || p.find('\0') != std::string_view::npos) {
      return Fail(&report->errmsg, CD_ERROR_INVALID_ARGUMENT,
                  "a path must be non-empty and hold no NUL byte");
    }
    cdx::ReadOptions o = options ? options->options : cdx::ReadOptions();
    return Drain(report, cdx::RecordReader::OpenFile(std::string(p), o));
  });
}

int32_t cd_report_count(const cd_report* report, int32_t which,
                        int64_t* value) {
  if (report == nullptr || value == nullptr) return CD_ERROR_INVALID_ARGUMENT;
  int32_t rc = ReportCount(report->report, which, value);
  if (rc != CD_OK) {
    return Fail(&report->errmsg, rc, "unknown CD_COUNT_ value");
  }
  return CD_OK;
}

int32_t cd_report_info(const cd_report* report, int32_t which,
                       const char** text, size_t* text_len) {
  if (report == nullptr) return CD_ERROR_INVALID_ARGUMENT;
  const cdx::Report& r = report->report;
  switch (which) {
    case CD_INFO_FILE:
      return PutText(r.file, text, text_len);
    case CD_INFO_TABLE:
      return PutText(r.table, text, text_len);
    case CD_INFO_ENCODING:
      return PutText(r.encoding, text, text_len);
    case CD_INFO_FORMAT:
      return PutText(r.format, text, text_len);
    default:
      return Fail(&report->errmsg, CD_ERROR_INVALID_ARGUMENT,
                  "unknown CD_INFO_ value");
  }
}

int32_t cd_report_unreadable(const cd_report* report, int* unreadable) {
  if (report == nullptr || unreadable == nullptr) {
    return CD_ERROR_INVALID_ARGUMENT;
  }
  *unreadable = cdx::IsUnreadable(report->report) ? 1 : 0;
  return CD_OK;
}

int32_t cd_report_finding(const cd_report* report, size_t index,
                          const cd_finding** finding) {
  if (report == nullptr || finding == nullptr) {
    return CD_ERROR_INVALID_ARGUMENT;
  }
  if (index >= report->report.findings.size()) {
    return Fail(&report->errmsg, CD_ERROR_OUT_OF_RANGE,
                "finding index past the report's findings");
  }
  *finding = CFinding(&report->report.findings[index]);
  return CD_OK;
}

int32_t cd_report_json(const cd_report* report, const char** json,
                       size_t* json_len) {
  return Guard(report ? &report->errmsg : nullptr, [&]() -> int32_t {
    if (report == nullptr) return CD_ERROR_INVALID_ARGUMENT;
    if (!report->json_ready) {
      report->json = cdx::ReportToJson(report->report);
      report->json_ready = true;
    }
    return PutText(report->json, json, json_len);
  });
}

int32_t cd_report_text(const cd_report* report, const char** text,
                       size_t* text_len) {
  return Guard(report ? &report->errmsg : nullptr, [&]() -> int32_t {
    if (report == nullptr) return CD_ERROR_INVALID_ARGUMENT;
    if (!report->text_ready) {
      report->text = cdx::ReportToText(report->report);
      report->text_ready = true;
    }
    return PutText(report->text, text, text_len);
  });
}

const char* cd_report_errmsg(const cd_report* report) {
  return report == nullptr ? "NULL handle" : report->errmsg.c_str();
}

// ---- Writers. ----

int32_t cd_writer_create(const cd_table* table, const char* format,
                         size_t format_len, int32_t header_style,
                         cd_writer** out) {
  return Guard(nullptr, [&]() -> int32_t {
    std::string_view name;
    if (table == nullptr || out == nullptr ||
        !ViewOf(format, format_len, &name) ||
        (header_style != CD_HEADER_TEMPLATE &&
         header_style != CD_HEADER_FIELD_IDS)) {
      return CD_ERROR_INVALID_ARGUMENT;
    }
    std::optional<cdx::OutputFormat> f = cdx::OutputFormatFromName(name);
    if (!f) return CD_ERROR_NOT_FOUND;
    *out = new cd_writer(*TableOf(table), *f,
                         static_cast<cdx::HeaderStyle>(header_style));
    return CD_OK;
  });
}

void cd_writer_destroy(cd_writer* writer) { delete writer; }

int32_t cd_writer_begin(cd_writer* writer) {
  return Guard(writer ? &writer->errmsg : nullptr, [&]() -> int32_t {
    if (writer == nullptr) return CD_ERROR_INVALID_ARGUMENT;
    if (writer->state != cd_writer::State::kNew) {
      return Fail(&writer->errmsg, CD_ERROR_STATE, "writer already begun");
    }
    writer->writer.Begin(&writer->out);
    writer->state = cd_writer::State::kBegun;
    return CD_OK;
  });
}

int32_t cd_writer_write(cd_writer* writer, const cd_record* record) {
  return Guard(writer ? &writer->errmsg : nullptr, [&]() -> int32_t {
    if (writer == nullptr || record == nullptr) {
      return CD_ERROR_INVALID_ARGUMENT;
    }
    if (writer->state != cd_writer::State::kBegun) {
      return Fail(&writer->errmsg, CD_ERROR_STATE,
                  writer->state == cd_writer::State::kNew
                      ? "call cd_writer_begin first"
                      : "writer already ended");
    }
    if (!record->Ready()) {
      return Fail(&writer->errmsg, CD_ERROR_STATE, "the record holds no row");
    }
    if (record->table != &writer->writer.table()) {
      return Fail(&writer->errmsg, CD_ERROR_WRONG_TABLE,
                  "record of " + std::string(record->table->name) +
                      ", writer of " +
                      std::string(writer->writer.table().name));
    }
    writer->writer.Write(*record->any, &writer->out);
    return CD_OK;
  });
}

int32_t cd_writer_end(cd_writer* writer) {
  return Guard(writer ? &writer->errmsg : nullptr, [&]() -> int32_t {
    if (writer == nullptr) return CD_ERROR_INVALID_ARGUMENT;
    if (writer->state != cd_writer::State::kBegun) {
      return Fail(&writer->errmsg, CD_ERROR_STATE,
                  writer->state == cd_writer::State::kNew
                      ? "call cd_writer_begin first"
                      : "writer already ended");
    }
    writer->writer.End(&writer->out);
    writer->state = cd_writer::State::kEnded;
    return CD_OK;
  });
}

int32_t cd_writer_output(const cd_writer* writer, const char** data,
                         size_t* data_len) {
  if (writer == nullptr) return CD_ERROR_INVALID_ARGUMENT;
  return PutText(writer->out, data, data_len);
}

int32_t cd_writer_copy_output(cd_writer* writer, char* buffer, size_t size,
                              size_t* needed) {
  return Guard(writer ? &writer->errmsg : nullptr, [&]() -> int32_t {
    if (writer == nullptr || needed == nullptr ||
        (buffer == nullptr && size != 0)) {
      return CD_ERROR_INVALID_ARGUMENT;
    }
    *needed = writer->out.size();
    if (buffer == nullptr) return CD_OK;  // size query
    if (size < writer->out.size()) {
      return Fail(
          &writer->errmsg, CD_ERROR_BUFFER_TOO_SMALL,
          "the output needs " + std::to_string(writer->out.size()) + " bytes");
    }
    if (!writer->out.empty()) {
      std::memcpy(buffer, writer->out.data(), writer->out.size());
    }
    writer->out.clear();
    return CD_OK;
  });
}

int32_t cd_writer_take_output(cd_writer* writer, cd_buffer** out) {
  return Guard(writer ? &writer->errmsg : nullptr, [&]() -> int32_t {
    if (writer == nullptr || out == nullptr) return CD_ERROR_INVALID_ARGUMENT;
    auto buffer = std::make_unique<cd_buffer>();
    buffer->data.swap(writer->out);
    *out = buffer.release();
    return CD_OK;
  });
}

const char* cd_writer_errmsg(const cd_writer* writer) {
  return writer == nullptr ? "NULL handle" : writer->errmsg.c_str();
}

// ---- Owned buffers. ----

int32_t cd_buffer_data(const cd_buffer* buffer, const char** data,
                       size_t* data_len) {
  if (buffer == nullptr) return CD_ERROR_INVALID_ARGUMENT;
  return PutText(buffer->data, data, data_len);
}

void cd_buffer_destroy(cd_buffer* buffer) { delete buffer; }

}  // extern "C"
