// Parsing a cell into a record member, and formatting a member back to its
// canonical text: one overload per member type of records.h, chosen by the
// compiler, so generic code over ForEachField needs no per-table code.

#ifndef CREDITDATA_SRC_VALIDATE_MEMBER_PARSE_H_
#define CREDITDATA_SRC_VALIDATE_MEMBER_PARSE_H_

#include <optional>
#include <string>
#include <string_view>

#include "creditdata/check.h"
#include "creditdata/records.h"
#include "values/text_check.h"

namespace creditdata::internal {

struct MemberContext {
  const FieldInfo* field;
  const CheckOptions* options;
  std::optional<IdType> id_type;  // the row's certificate type, if known
};

inline void ClearMember(std::string* m) { m->clear(); }
template <typename T>
void ClearMember(std::optional<T>* m) {
  m->reset();
}

// Text and identifiers: dispatch on the field's value type.
inline ValueCheck ParseMember(std::string_view raw, std::string* out,
                              const MemberContext& c) {
  const CheckOptions& o = *c.options;
  switch (c.field->type) {
    case ValueType::kUscc:
      return CheckUscc(raw, out, o);
    case ValueType::kOrgCode:
      return CheckOrgCode(raw, out, o);
    case ValueType::kRegNo:
      return CheckRegNo(raw, out, o);
    case ValueType::kEntityCode:
      return CheckEntityCode(raw, out, o);
    case ValueType::kIdNumber:
      return CheckIdNumber(raw, c.id_type, out, o);
    default:
      // The reader hands over decoded, valid UTF-8.
      return internal::CheckValidUtf8Text(raw, c.field->max_length, out);
  }
}

// Value types: parse into a T, store it when the value is valid.
template <typename T, typename Parse>
ValueCheck ParseOptional(std::optional<T>* out, Parse&& parse) {
  T value{};
  ValueCheck check = parse(&value);
  if (check.valid() && !check.empty()) {
    *out = std::move(value);
  } else {
    out->reset();
  }
  return check;
}

inline ValueCheck ParseMember(std::string_view raw, std::optional<Date>* out,
                              const MemberContext& c) {
  return ParseOptional(out,
                       [&](Date* v) { return ParseDate(raw, v, *c.options); });
}
inline ValueCheck ParseMember(std::string_view raw, std::optional<Month>* out,
                              const MemberContext&) {
  return ParseOptional(out, [&](Month* v) { return ParseMonth(raw, v); });
}
inline ValueCheck ParseMember(std::string_view raw,
                              std::optional<MonthOrDay>* out,
                              const MemberContext&) {
  return ParseOptional(out,
                       [&](MonthOrDay* v) { return ParseMonthOrDay(raw, v); });
}
inline ValueCheck ParseMember(std::string_view raw,
                              std::optional<Validity>* out,
                              const MemberContext&) {
  return ParseOptional(out, [&](Validity* v) { return ParseValidity(raw, v); });
}
inline ValueCheck ParseMember(std::string_view raw, std::optional<Money>* out,
                              const MemberContext& c) {
  ValueCheck check =
      ParseOptional(out, [&](Money* v) { return ParseMoney(raw, v); });
  if (*out && c.field->type == ValueType::kPositiveMoney && (*out)->fen <= 0) {
    check.Add(FindingCode::kMoneyNotPositive);
    out->reset();
  }
  return check;
}
inline ValueCheck ParseMember(std::string_view raw,
                              std::optional<Quantity>* out,
                              const MemberContext&) {
  return ParseOptional(out, [&](Quantity* v) { return ParseQuantity(raw, v); });
}
inline ValueCheck ParseMember(std::string_view raw, std::optional<Rate>* out,
                              const MemberContext&) {
  return ParseOptional(out, [&](Rate* v) { return ParseRate(raw, v); });
}
inline ValueCheck ParseMember(std::string_view raw, std::optional<Count>* out,
                              const MemberContext&) {
  return ParseOptional(out, [&](Count* v) { return ParseCount(raw, v); });
}
inline ValueCheck ParseMember(std::string_view raw, std::optional<YesNo>* out,
                              const MemberContext&) {
  return ParseOptional(out, [&](YesNo* v) { return ParseYesNo(raw, v); });
}
inline ValueCheck ParseMember(std::string_view raw,
                              std::optional<UsageScope>* out,
                              const MemberContext&) {
  return ParseOptional(out,
                       [&](UsageScope* v) { return ParseUsageScope(raw, v); });
}
inline ValueCheck ParseMember(std::string_view raw,
                              std::optional<DishonestyLevel>* out,
                              const MemberContext&) {
  return ParseOptional(
      out, [&](DishonestyLevel* v) { return ParseDishonestyLevel(raw, v); });
}
inline ValueCheck ParseMember(std::string_view raw,
                              std::optional<IdTypeValue>* out,
                              const MemberContext&) {
  return ParseOptional(out,
                       [&](IdTypeValue* v) { return ParseIdType(raw, v); });
}

// Canonical text of a member; empty when absent.
inline void FormatMember(const std::string& m, std::string* out) {
  out->assign(m);
}
template <typename T>
void FormatMember(const std::optional<T>& m, std::string* out) {
  out->clear();
  if (m) out->assign(m->Format());
}
inline void FormatMember(const std::optional<YesNo>& m, std::string* out) {
  out->clear();
  if (m) out->assign(CanonicalName(*m));
}
inline void FormatMember(const std::optional<UsageScope>& m, std::string* out) {
  out->clear();
  if (m) out->assign(CanonicalName(*m));
}
inline void FormatMember(const std::optional<DishonestyLevel>& m,
                         std::string* out) {
  out->clear();
  if (m) out->assign(CanonicalName(*m));
}

}  // namespace creditdata::internal

#endif  // CREDITDATA_SRC_VALIDATE_MEMBER_PARSE_H_
