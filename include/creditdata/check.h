// Checking single values: the Chinese identifiers (GB 32100 credit codes,
// GB 11714 organization codes, GS15 registration numbers, GB 11643 identity
// numbers and the other certificates) and the lenient parsers for every value
// type of the annex tables.
//
// Every function here takes untrusted text, never throws and never
// allocates, except to grow the caller's `canonical` string (reuse one
// string across calls and it stops allocating). Each returns a ValueCheck:
// the findings about the value (an error rejects it; warnings accept it) and
// whether the input had to be normalised to be read (full-width digits,
// surrounding white space, a lower-case x, a synonym of a code list, …).
//
// Lenient in, strict out: on success the parsed value (or its canonical text)
// is written to the out-parameter; on error the out-parameter is left in an
// unspecified but valid state.
//
// Empty input (after trimming) is not an error here: it returns kOk with
// `empty()` set, because only the record knows whether the field is
// required. Placeholders of a missing code (`无`, `/`, all zeros) return
// FindingCode::kPlaceholder and count as empty too.
//
// Thread safety: all functions are reentrant; options are read-only.

#ifndef CREDITDATA_CHECK_H_
#define CREDITDATA_CHECK_H_

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "creditdata/findings.h"
#include "creditdata/schema.h"
#include "creditdata/values.h"

namespace creditdata {

// What a check found about one value. Small and trivially copyable.
class ValueCheck {
 public:
  static constexpr int kMaxFindings = 4;

  // Records a finding with its default severity (duplicates are ignored;
  // beyond kMaxFindings only the severity is kept).
  void Add(FindingCode code) { Add(code, DefaultSeverity(code)); }
  constexpr void Add(FindingCode code, Severity severity) {
    if (code == FindingCode::kOk) return;
    for (int i = 0; i < count_; ++i) {
      if (codes_[i] == code) return;
    }
    if (severity > worst_) worst_ = severity;
    if (count_ < kMaxFindings) {
      codes_[count_] = code;
      severities_[count_] = severity;
      ++count_;
    }
  }
  constexpr void set_normalised() { normalised_ = true; }
  constexpr void set_empty() { empty_ = true; }

  // No error (warnings allowed).
  constexpr bool valid() const { return worst_ != Severity::kError; }
  bool empty() const { return empty_; }
  // The input was changed to be read: white space, full width, case, synonym.
  bool normalised() const { return normalised_; }
  Severity severity() const { return worst_; }
  // The first error, else the first warning, else kOk.
  FindingCode code() const;
  std::span<const FindingCode> findings() const {
    return {codes_.data(), static_cast<size_t>(count_)};
  }
  Severity severity_of(size_t i) const { return severities_[i]; }

 private:
  std::array<FindingCode, kMaxFindings> codes_{};
  std::array<Severity, kMaxFindings> severities_{};
  uint8_t count_ = 0;
  Severity worst_ = Severity::kInfo;
  bool normalised_ = false;
  bool empty_ = false;
};

// Policy knobs for the checks. Defaults follow STANDARDS.md.
struct CheckOptions {
  // The day checks compare against ("not in the future", age): the record's
  // provided_date when known. Unset: today's date from the system clock.
  std::optional<Date> reference_date;
  // GB 32100 positions 9-17 failing GB 11714 (default: warning).
  bool embedded_org_code_is_error = false;
  // A pos-1/pos-2 pair outside the code table (default: warning).
  bool uscc_category_is_error = false;
  // Excel workbooks dated from 1904 (old Mac files).
  bool excel_1904 = false;
};

// ---- Identifiers. `canonical` receives the canonical form when valid. ----

// Unified social credit code: 18 characters of the 31-symbol alphabet, the
// pos-1/pos-2 table, the mod-31 check; positions 9-17 as an organization
// code (a warning by default).
ValueCheck CheckUscc(std::string_view input, std::string* canonical,
                     const CheckOptions& options = {});
// Organization code, 9 characters with or without the hyphen before the
// check character; canonical without the hyphen.
ValueCheck CheckOrgCode(std::string_view input, std::string* canonical,
                        const CheckOptions& options = {});
// Business registration number: 15 digits, ISO 7064 MOD 11,10. An 18-character
// value is checked as a credit code (after 三证合一 it replaced the number).
ValueCheck CheckRegNo(std::string_view input, std::string* canonical,
                      const CheckOptions& options = {});
// Any one of the three, chosen by shape.
ValueCheck CheckEntityCode(std::string_view input, std::string* canonical,
                           const CheckOptions& options = {});
// A certificate number checked by the rule of its certificate type. With no
// type, an 18-digit resident ID is inferred (kIdTypeInferred) and anything
// else is an error. Resident IDs: MOD 11-2, birth date, province, the
// division table (unknown or retired codes warn); 15-digit numbers convert
// to 18 with a warning; numbers mangled by spreadsheets get their own code.
ValueCheck CheckIdNumber(std::string_view input, std::optional<IdType> id_type,
                         std::string* canonical,
                         const CheckOptions& options = {});

// ---- Lenient value parsers. ----
//
// For these, normalised() means exactly: the value is valid and the input
// text differs, byte for byte, from the canonical text of the parsed value
// (TABLES.md). `2021-03-26` is not normalised; `2021-3-26`, `20210326`,
// ` 2021-03-26`, money `1234.5` (canonical `1234.50`) and `Y` (`是`) are.
// In date, month, validity and number cells `无`, `/`, `-`, `NULL`, `N/A`
// and all-zero dates are kPlaceholder warnings and count as empty.
// The decisions where STANDARDS.md leaves room are listed at the top of
// src/values/parse.cc.

ValueCheck ParseIdType(std::string_view input, IdTypeValue* out);
ValueCheck ParseDate(std::string_view input, Date* out,
                     const CheckOptions& options = {});
// An Excel serial day number, the text of a numeric spreadsheet cell such
// as "44281" (1900 system with its phantom 1900-02-29, or 1904 per
// options). A fraction is a time of day and must be zero. Always warns
// kDateExcelSerial when it succeeds, so the conversion is visible.
ValueCheck DateFromExcelSerial(std::string_view serial, Date* out,
                               const CheckOptions& options = {});
ValueCheck ParseMonth(std::string_view input, Month* out);
ValueCheck ParseMonthOrDay(std::string_view input, MonthOrDay* out);
ValueCheck ParseValidity(std::string_view input, Validity* out);
ValueCheck ParseMoney(std::string_view input, Money* out);
ValueCheck ParseQuantity(std::string_view input, Quantity* out);
ValueCheck ParseRate(std::string_view input, Rate* out);
ValueCheck ParseCount(std::string_view input, Count* out);
ValueCheck ParseYesNo(std::string_view input, YesNo* out);
ValueCheck ParseUsageScope(std::string_view input, UsageScope* out);
ValueCheck ParseDishonestyLevel(std::string_view input, DishonestyLevel* out);
// Trimmed UTF-8 text without control characters, at most `max_length`
// code points (0: no limit).
ValueCheck CheckText(std::string_view input, size_t max_length,
                     std::string* canonical);

// ---- Any type by name. ----

// Checks `input` as a value of `type` and writes its canonical text form.
// `id_type` is used by kIdNumber only.
ValueCheck CheckValue(ValueType type, std::string_view input,
                      std::string* canonical,
                      std::optional<IdType> id_type = std::nullopt,
                      const CheckOptions& options = {});
// The ValueType named by a TABLES.md type name ("uscc", "money", …).
std::optional<ValueType> ValueTypeFromName(std::string_view name);

}  // namespace creditdata

#endif  // CREDITDATA_CHECK_H_
