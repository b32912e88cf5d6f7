// Typed records of the nine annex tables, one struct per table, expanded
// from tables.def. Members are named by field id and hold value types:
// identifiers and text as canonical std::string (empty when absent), every
// other value as std::optional of its type in values.h.
//
// Generic code reaches the members through ForEachField(record, f), which
// calls f(field_index, member) in field order, and through VisitTable(id, f),
// which calls f(RecordTag<Struct>{}) for the struct of a TableId. Nothing is
// written per table.
//
// Thread safety: plain value types.

#ifndef CREDITDATA_RECORDS_H_
#define CREDITDATA_RECORDS_H_

#include <optional>
#include <string>
#include <type_traits>
#include <utility>
#include <variant>

#include "creditdata/schema.h"
#include "creditdata/values.h"

namespace creditdata {

// The C++ member type that holds a value of each ValueType.
template <ValueType T>
struct FieldStorage {
  using type = std::string;  // text and identifiers
};
#define CD_STORAGE(value_type, cpp_type)       \
  template <>                                  \
  struct FieldStorage<ValueType::value_type> { \
    using type = std::optional<cpp_type>;      \
  };
CD_STORAGE(kIdType, IdTypeValue)
CD_STORAGE(kDate, Date)
CD_STORAGE(kMonth, Month)
CD_STORAGE(kMonthOrDay, MonthOrDay)
CD_STORAGE(kValidity, Validity)
CD_STORAGE(kMoney, Money)
CD_STORAGE(kPositiveMoney, Money)
CD_STORAGE(kQuantity, Quantity)
CD_STORAGE(kRate, Rate)
CD_STORAGE(kCount, Count)
CD_STORAGE(kYesNo, YesNo)
CD_STORAGE(kUsageScope, UsageScope)
CD_STORAGE(kSeverity, DishonestyLevel)
#undef CD_STORAGE

#define CD_TABLE(Struct, id, zh)                            \
  struct Struct {                                           \
    static constexpr TableId kTableId = TableId::k##Struct; \
    friend bool operator==(const Struct&, const Struct&) = default;
#define CD_FIELD(field, value_type, max_len, required, disclosure, key, zh, \
                 aliases)                                                   \
  FieldStorage<ValueType::k##value_type>::type field;
#define CD_END_TABLE(Struct) \
  }                          \
  ;
#include "creditdata/tables.def"

// Calls f(field_index, member) for every field of `record`, in field order.
#define CD_TABLE(Struct, id, zh)                          \
  template <typename R, typename F>                       \
  requires std::is_same_v<std::remove_const_t<R>, Struct> \
  void ForEachField(R& record, F&& f) {                   \
    int index = 0;
#define CD_FIELD(field, type, max_len, required, disclosure, key, zh, aliases) \
  f(index++, record.field);
#define CD_END_TABLE(Struct) }
#include "creditdata/tables.def"

template <typename Record>
struct RecordTag {
  using type = Record;
};

// Calls f(RecordTag<Struct>{}) for the struct of table `id` and returns its
// result.
template <typename F>
decltype(auto) VisitTable(TableId id, F&& f) {
  switch (id) {
#define CD_TABLE(Struct, id, zh) \
  case TableId::k##Struct:       \
    return f(RecordTag<Struct>{});
#include "creditdata/tables.def"
  }
  __builtin_unreachable();
}

// A record of any table.
using AnyRecord = std::variant<
#define CD_TABLE(Struct, id, zh) Struct,
#include "creditdata/tables.def"
    std::monostate>;

}  // namespace creditdata

#endif  // CREDITDATA_RECORDS_H_
