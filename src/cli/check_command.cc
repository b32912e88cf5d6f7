// check TYPE: one value per line on stdin, one verdict per line on stdout.

#include <cstdio>
#include <iostream>
#include <optional>
#include <string>

#include "cli/commands.h"
#include "creditdata/check.h"

namespace creditdata::cli {
namespace {

// "text" or "text(N)".
bool ParseTextType(std::string_view name, size_t* max_length) {
  if (name == "text") {
    *max_length = 0;
    return true;
  }
  if (!name.starts_with("text(") || !name.ends_with(")")) return false;
  std::string_view digits = name.substr(5, name.size() - 6);
  if (digits.empty() || digits.size() > 6) return false;
  size_t n = 0;
  for (char c : digits) {
    if (c < '0' || c > '9') return false;
    n = n * 10 + static_cast<size_t>(c - '0');
  }
  *max_length = n;
  return true;
}

std::string_view Verdict(const ValueCheck& check) {
  if (!check.valid()) return "invalid";
  return check.severity() == Severity::kWarning ? "warning" : "valid";
}

}  // namespace

int RunCheck(Args args) {
  if (args.empty()) {
    return UsageError(
        "check TYPE [--id-type T]: TYPE is a type of TABLES.md such as uscc, "
        "org_code, reg_no, entity_code, id_number, date, month, money, …");
  }
  std::string_view type_name = args[0];
  std::optional<ValueType> type = ValueTypeFromName(type_name);
  size_t max_length = 0;
  bool is_text = ParseTextType(type_name, &max_length);
  if (!type && !is_text) {
    return UsageError("check: unknown type '" + std::string(type_name) + "'");
  }
  std::optional<IdType> id_type;
  for (size_t i = 1; i < args.size(); ++i) {
    if (args[i] == "--id-type" && i + 1 < args.size()) {
      IdTypeValue value;
      ValueCheck parsed = ParseIdType(args[++i], &value);
      if (!parsed.valid() || parsed.empty()) {
        return UsageError("check: unknown --id-type '" + std::string(args[i]) +
                          "'");
      }
      id_type = value.type;
    } else {
      return UsageError("check: unexpected argument '" + std::string(args[i]) +
                        "'");
    }
  }

  bool any_invalid = false;
  std::string line;
  std::string canonical;
  std::string out;
  while (std::getline(std::cin, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    ValueCheck check = is_text ? CheckText(line, max_length, &canonical)
                               : CheckValue(*type, line, &canonical, id_type);
    if (check.empty() && check.code() == FindingCode::kOk) {
      check.Add(FindingCode::kMissing);
    }
    any_invalid |= !check.valid();
    out.assign(line);
    out += '\t';
    out += Verdict(check);
    out += '\t';
    out += FindingCodeName(check.code());
    out += '\t';
    if (check.valid() && !check.empty()) out += canonical;
    out += '\n';
    std::fwrite(out.data(), 1, out.size(), stdout);
  }
  return any_invalid ? kExitFindings : kExitOk;
}

}  // namespace creditdata::cli
