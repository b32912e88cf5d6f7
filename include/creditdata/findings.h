// Finding codes: what creditdata says about a value, a record or a file.
//
// Every check in the library reports one FindingCode. Each code has a stable
// dotted name ("uscc.checksum"), a default severity and a message in Chinese
// and English, all declared once in findings.def. Names and numeric values are
// frozen: reports, the C ABI and users' scripts rely on them.
//
// Thread safety: everything here is immutable static data.

#ifndef CREDITDATA_FINDINGS_H_
#define CREDITDATA_FINDINGS_H_

#include <cstdint>
#include <optional>
#include <string_view>

namespace creditdata {

enum class Severity : uint8_t {
  kInfo = 0,     // Only FindingCode::kOk: nothing to report.
  kWarning = 1,  // Accepted and flagged; never rejects a row.
  kError = 2,    // The value (and its row) is rejected.
};

enum class FindingCode : uint16_t {
#define CD_FINDING(name, code, severity, zh, en) k##name,
#include "creditdata/findings.def"
};

inline constexpr int kFindingCodeCount = 0
#define CD_FINDING(name, code, severity, zh, en) +1
#include "creditdata/findings.def"
    ;

enum class Language : uint8_t { kChinese, kEnglish };

// The stable dotted name, e.g. "id_number.checksum".
std::string_view FindingCodeName(FindingCode code);
// Inverse of FindingCodeName; nullopt for an unknown name.
std::optional<FindingCode> FindingCodeFromName(std::string_view name);
Severity DefaultSeverity(FindingCode code);
std::string_view FindingMessage(FindingCode code,
                                Language language = Language::kEnglish);
// "error", "warning" or "info".
std::string_view SeverityName(Severity severity);

}  // namespace creditdata

#endif  // CREDITDATA_FINDINGS_H_
