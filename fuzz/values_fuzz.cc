// Fuzz target for the single-value checks: the whole input is one cell,
// checked as every value type (and every certificate type). Besides never
// crashing, a check must be idempotent on its own output: the canonical
// text of a valid value is itself valid, needs no normalising and
// canonicalises to itself. Writers and the C ABI rely on that when they
// re-read what they wrote.

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <optional>
#include <string>
#include <string_view>

#include "creditdata/check.h"
#include "creditdata/findings.h"
#include "creditdata/schema.h"
#include "creditdata/values.h"

namespace {

using creditdata::CheckOptions;
using creditdata::FindingCode;
using creditdata::IdType;
using creditdata::Severity;
using creditdata::ValueCheck;
using creditdata::ValueType;

#define FUZZ_CHECK(cond)                                                   \
  do {                                                                     \
    if (!(cond)) {                                                         \
      std::fprintf(stderr, "values_fuzz: invariant failed at %s:%d: %s\n", \
                   __FILE__, __LINE__, #cond);                             \
      __builtin_trap();                                                    \
    }                                                                      \
  } while (0)

constexpr int kValueTypeCount = static_cast<int>(ValueType::kSeverity) + 1;
constexpr int kIdTypeCount = static_cast<int>(IdType::kOther) + 1;

// Canonical text goes straight into CSV, JSON and the C ABI, all of which
// promise UTF-8.
bool IsValidUtf8(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    const auto c = static_cast<uint8_t>(s[i]);
    size_t len = 0;
    uint32_t cp = 0;
    if (c < 0x80) {
      ++i;
      continue;
    } else if (c >= 0xC2 && c <= 0xDF) {
      len = 2;
      cp = c & 0x1F;
    } else if (c >= 0xE0 && c <= 0xEF) {
      len = 3;
      cp = c & 0x0F;
    } else if (c >= 0xF0 && c <= 0xF4) {
      len = 4;
      cp = c & 0x07;
    } else {
      return false;
    }
    if (i + len > s.size()) return false;
    for (size_t k = 1; k < len; ++k) {
      const auto cc = static_cast<uint8_t>(s[i + k]);
      if ((cc & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (cc & 0x3F);
    }
    if ((len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
        cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
      return false;
    }
    i += len;
  }
  return true;
}

bool IsLenientParser(ValueType type) {
  switch (type) {
    case ValueType::kText:
    case ValueType::kUscc:
    case ValueType::kOrgCode:
    case ValueType::kRegNo:
    case ValueType::kEntityCode:
    case ValueType::kIdNumber:
      return false;
    default:
      return true;
  }
}

void CheckShape(const ValueCheck& check) {
  bool has_error = false;
  for (size_t i = 0; i < check.findings().size(); ++i) {
    FUZZ_CHECK(!creditdata::FindingCodeName(check.findings()[i]).empty());
    if (check.severity_of(i) == Severity::kError) has_error = true;
  }
  // Only the first kMaxFindings codes are kept, so an error may hide past
  // them; below the cap the stored findings explain valid().
  if (check.findings().size() < static_cast<size_t>(ValueCheck::kMaxFindings)) {
    FUZZ_CHECK(check.valid() == !has_error);
  }
  if (!check.valid()) FUZZ_CHECK(check.code() != FindingCode::kOk);
}

void CheckOne(ValueType type, std::optional<IdType> id_type,
              std::string_view input, bool input_is_utf8,
              const CheckOptions& options, std::string* canonical,
              std::string* again) {
  canonical->clear();
  const ValueCheck first =
      creditdata::CheckValue(type, input, canonical, id_type, options);
  CheckShape(first);
  if (!first.valid() || first.empty()) return;

  // Input text is UTF-8 by contract (the reader decodes to UTF-8, the C ABI
  // demands it), and not every check re-validates it: passport and other
  // certificate numbers pass their bytes through, and dropping a space or
  // BOM between stray bytes can join them into a new character. Bytes that
  // are not UTF-8 are only held to "no crash".
  if (!input_is_utf8) return;
  if (!IsValidUtf8(*canonical)) {
    std::fprintf(stderr,
                 "values_fuzz: type %s id_type %d: canonical is not UTF-8\n",
                 std::string(creditdata::ValueTypeName(type)).c_str(),
                 id_type.has_value() ? static_cast<int>(*id_type) : -1);
    __builtin_trap();
  }
  // For the lenient parsers check.h defines normalised() exactly: the input
  // differs, byte for byte, from the canonical text.
  if (IsLenientParser(type) &&
      first.normalised() != (input != std::string_view(*canonical))) {
    std::fprintf(
        stderr, "values_fuzz: type %s input \"%.*s\" -> \"%s\" normalised %d\n",
        std::string(creditdata::ValueTypeName(type)).c_str(),
        static_cast<int>(input.size()), input.data(), canonical->c_str(),
        first.normalised());
    __builtin_trap();
  }
  again->clear();
  const ValueCheck second =
      creditdata::CheckValue(type, *canonical, again, id_type, options);
  CheckShape(second);
  if (!second.valid() || second.empty() || second.normalised() ||
      *again != *canonical) {
    std::fprintf(
        stderr,
        "values_fuzz: type %s id_type %d input \"%.*s\" -> \"%s\" "
        "-> valid %d empty %d normalised %d \"%s\" (%s)\n",
        std::string(creditdata::ValueTypeName(type)).c_str(),
        id_type.has_value() ? static_cast<int>(*id_type) : -1,
        static_cast<int>(input.size()), input.data(), canonical->c_str(),
        second.valid(), second.empty(), second.normalised(), again->c_str(),
        std::string(creditdata::FindingCodeName(second.code())).c_str());
  }
  FUZZ_CHECK(second.valid());
  FUZZ_CHECK(!second.empty());
  FUZZ_CHECK(!second.normalised());
  FUZZ_CHECK(*again == *canonical);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);

  // A fixed reference day keeps date findings ("in the future", age)
  // reproducible; the second set flips every policy knob.
  CheckOptions lenient;
  lenient.reference_date = creditdata::Date::FromYmd(2025, 1, 10);
  CheckOptions strict = lenient;
  strict.embedded_org_code_is_error = true;
  strict.uscc_category_is_error = true;
  strict.excel_1904 = true;

  const bool utf8 = IsValidUtf8(input);
  std::string canonical;
  std::string again;
  for (const CheckOptions* options : {&lenient, &strict}) {
    for (int t = 0; t < kValueTypeCount; ++t) {
      const auto type = static_cast<ValueType>(t);
      CheckOne(type, std::nullopt, input, utf8, *options, &canonical, &again);
      if (type != ValueType::kIdNumber) continue;
      for (int id = 0; id < kIdTypeCount; ++id) {
        CheckOne(type, static_cast<IdType>(id), input, utf8, *options,
                 &canonical, &again);
      }
    }
  }
  return 0;
}
