#include "creditdata/findings.h"

#include <array>

namespace creditdata {
namespace {

struct FindingInfo {
  std::string_view name;
  Severity severity;
  std::string_view zh;
  std::string_view en;
};

constexpr std::array<FindingInfo, kFindingCodeCount> kFindings = {{
#define CD_FINDING(name, code, severity, zh, en) \
  {code, Severity::k##severity, zh, en},
#include "creditdata/findings.def"
}};

const FindingInfo& Info(FindingCode code) {
  return kFindings[static_cast<size_t>(code)];
}

}  // namespace

std::string_view FindingCodeName(FindingCode code) { return Info(code).name; }

std::optional<FindingCode> FindingCodeFromName(std::string_view name) {
  for (size_t i = 0; i < kFindings.size(); ++i) {
    if (kFindings[i].name == name) return static_cast<FindingCode>(i);
  }
  return std::nullopt;
}

Severity DefaultSeverity(FindingCode code) { return Info(code).severity; }

std::string_view FindingMessage(FindingCode code, Language language) {
  return language == Language::kChinese ? Info(code).zh : Info(code).en;
}

std::string_view SeverityName(Severity severity) {
  switch (severity) {
    case Severity::kInfo:
      return "info";
    case Severity::kWarning:
      return "warning";
    case Severity::kError:
      return "error";
  }
  return "info";
}

}  // namespace creditdata
