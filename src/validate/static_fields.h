// The schema of tables.def as compile-time constants, for code that is
// generated per table by the compiler: the record validator's loop over the
// fields knows each field's type, length limit, requirement and key role
// while it is compiled, so a field costs only the branches its own value
// needs. The run-time metadata (schema.h) is expanded from the same lines;
// tests/schema_test.cc holds the two to each other.

#ifndef CREDITDATA_SRC_VALIDATE_STATIC_FIELDS_H_
#define CREDITDATA_SRC_VALIDATE_STATIC_FIELDS_H_

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>

#include "creditdata/records.h"
#include "creditdata/schema.h"

namespace creditdata::internal {

// Fields whose dates may lie after the provided date (rule 3).
constexpr bool MayFollowProvidedDate(std::string_view field_id) {
  return field_id == "provided_date" || field_id == "valid_until" ||
         field_id == "validity";
}

// Text members that the rules across fields read (CheckRules).
constexpr bool ReadByRules(std::string_view field_id) {
  return field_id == "uscc" || field_id == "org_code" || field_id == "reg_no" ||
         field_id == "insurance_type";
}

struct StaticField {
  std::string_view id;
  ValueType type;
  uint32_t max_length;
  Requirement requirement;
  KeyRole key;
  bool may_follow_provided;
  bool read_by_rules;
};

template <typename Record>
struct StaticFields;

#define CD_TABLE(Struct, id, zh) \
  template <>                    \
  struct StaticFields<Struct> {  \
    static constexpr StaticField kFields[] = {
#define CD_FIELD(field, type, max_len, required, disclosure, key, zh, aliases) \
  {#field,                                                                     \
   ValueType::k##type,                                                         \
   max_len,                                                                    \
   Requirement::k##required,                                                   \
   KeyRole::k##key,                                                            \
   MayFollowProvidedDate(#field),                                              \
   ReadByRules(#field)},
#define CD_END_TABLE(Struct) \
  }                          \
  ;                          \
  }                          \
  ;
#include "creditdata/tables.def"

// The members, in the same order (a null pointer ends the list).
template <typename Record>
struct StaticMembers;

#define CD_TABLE(Struct, id, zh) \
  template <>                    \
  struct StaticMembers<Struct> { \
    using S = Struct;            \
    static constexpr auto kMembers = std::make_tuple(
#define CD_FIELD(field, type, max_len, required, disclosure, key, zh, aliases) \
  &S::field,
#define CD_END_TABLE(Struct) \
  nullptr);                  \
  }                          \
  ;
#include "creditdata/tables.def"

// Calls f(std::integral_constant<int, I>{}, member) for every field I of
// `record`, in field order: ForEachField with the index a constant.
template <typename Record, typename F>
[[gnu::always_inline]] inline void ForEachFieldStatic(Record& record, F&& f) {
  using R = std::remove_const_t<Record>;
  constexpr size_t kCount = std::size(StaticFields<R>::kFields);
  static_assert(std::tuple_size_v<decltype(StaticMembers<R>::kMembers)> ==
                kCount + 1);
  [&]<size_t... I>(std::index_sequence<I...>) {
    (f(std::integral_constant<int, static_cast<int>(I)>{},
       record.*std::get<I>(StaticMembers<R>::kMembers)),
     ...);
  }
  (std::make_index_sequence<kCount>{});
}

}  // namespace creditdata::internal

#endif  // CREDITDATA_SRC_VALIDATE_STATIC_FIELDS_H_
