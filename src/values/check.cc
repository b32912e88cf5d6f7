// ValueCheck, and checking a value of any type by its ValueType.

#include "creditdata/check.h"

#include <array>

namespace creditdata {

FindingCode ValueCheck::code() const {
  for (Severity wanted : {Severity::kError, Severity::kWarning}) {
    for (int i = 0; i < count_; ++i) {
      if (severities_[i] == wanted) return codes_[i];
    }
  }
  return FindingCode::kOk;
}

std::optional<ValueType> ValueTypeFromName(std::string_view name) {
  for (int t = 0; t <= static_cast<int>(ValueType::kSeverity); ++t) {
    auto type = static_cast<ValueType>(t);
    if (type != ValueType::kPositiveMoney && ValueTypeName(type) == name) {
      return type;
    }
  }
  return std::nullopt;
}

namespace {

// Parses with `parse` into a T and formats the result into `canonical`.
template <typename T, typename Parse, typename Format>
ValueCheck ParseAndFormat(Parse&& parse, Format&& format,
                          std::string* canonical) {
  T value{};
  ValueCheck check = parse(&value);
  canonical->clear();
  if (check.valid() && !check.empty()) canonical->assign(format(value));
  return check;
}

}  // namespace

ValueCheck CheckValue(ValueType type, std::string_view input,
                      std::string* canonical, std::optional<IdType> id_type,
                      const CheckOptions& options) {
  switch (type) {
    case ValueType::kText:
      return CheckText(input, 0, canonical);
    case ValueType::kUscc:
      return CheckUscc(input, canonical, options);
    case ValueType::kOrgCode:
      return CheckOrgCode(input, canonical, options);
    case ValueType::kRegNo:
      return CheckRegNo(input, canonical, options);
    case ValueType::kEntityCode:
      return CheckEntityCode(input, canonical, options);
    case ValueType::kIdNumber:
      return CheckIdNumber(input, id_type, canonical, options);
    case ValueType::kIdType:
      return ParseAndFormat<IdTypeValue>(
          [&](IdTypeValue* v) { return ParseIdType(input, v); },
          [](const IdTypeValue& v) { return v.Format(); }, canonical);
    case ValueType::kDate:
      return ParseAndFormat<Date>(
          [&](Date* v) { return ParseDate(input, v, options); },
          [](Date v) { return v.Format(); }, canonical);
    case ValueType::kMonth:
      return ParseAndFormat<Month>(
          [&](Month* v) { return ParseMonth(input, v); },
          [](Month v) { return v.Format(); }, canonical);
    case ValueType::kMonthOrDay:
      return ParseAndFormat<MonthOrDay>(
          [&](MonthOrDay* v) { return ParseMonthOrDay(input, v); },
          [](const MonthOrDay& v) { return v.Format(); }, canonical);
    case ValueType::kValidity:
      return ParseAndFormat<Validity>(
          [&](Validity* v) { return ParseValidity(input, v); },
          [](const Validity& v) { return v.Format(); }, canonical);
    case ValueType::kMoney:
    case ValueType::kPositiveMoney: {
      ValueCheck check =
          ParseAndFormat<Money>([&](Money* v) { return ParseMoney(input, v); },
                                [](Money v) { return v.Format(); }, canonical);
      if (type == ValueType::kPositiveMoney && check.valid() &&
          !check.empty()) {
        Money m = *Money::ParseCanonical(*canonical);
        if (m.fen <= 0) check.Add(FindingCode::kMoneyNotPositive);
      }
      return check;
    }
    case ValueType::kQuantity:
      return ParseAndFormat<Quantity>(
          [&](Quantity* v) { return ParseQuantity(input, v); },
          [](Quantity v) { return v.Format(); }, canonical);
    case ValueType::kRate:
      return ParseAndFormat<Rate>([&](Rate* v) { return ParseRate(input, v); },
                                  [](Rate v) { return v.Format(); }, canonical);
    case ValueType::kCount:
      return ParseAndFormat<Count>(
          [&](Count* v) { return ParseCount(input, v); },
          [](Count v) { return v.Format(); }, canonical);
    case ValueType::kYesNo:
      return ParseAndFormat<YesNo>(
          [&](YesNo* v) { return ParseYesNo(input, v); },
          [](YesNo v) { return std::string(CanonicalName(v)); }, canonical);
    case ValueType::kUsageScope:
      return ParseAndFormat<UsageScope>(
          [&](UsageScope* v) { return ParseUsageScope(input, v); },
          [](UsageScope v) { return std::string(CanonicalName(v)); },
          canonical);
    case ValueType::kSeverity:
      return ParseAndFormat<DishonestyLevel>(
          [&](DishonestyLevel* v) { return ParseDishonestyLevel(input, v); },
          [](DishonestyLevel v) { return std::string(CanonicalName(v)); },
          canonical);
  }
  ValueCheck check;
  check.Add(FindingCode::kTextControlChar);
  return check;
}

}  // namespace creditdata
