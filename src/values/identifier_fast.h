// The identifier checks' fast paths, for the record validator's own fast
// path: a yes that saves building a ValueCheck and a canonical copy.

#ifndef CREDITDATA_SRC_VALUES_IDENTIFIER_FAST_H_
#define CREDITDATA_SRC_VALUES_IDENTIFIER_FAST_H_

#include <cstdint>
#include <string_view>

namespace creditdata::internal {

// Whether `input`, typed as a resident ID or household register, is a
// number that CheckIdNumber, given the reference date `reference_ymd`
// (YYYYMMDD), accepts as it is: no finding, and `input` its own canonical
// form. False says nothing either way: ask CheckIdNumber.
bool IdNumberIsClean(std::string_view input, int32_t reference_ymd);

}  // namespace creditdata::internal

#endif  // CREDITDATA_SRC_VALUES_IDENTIFIER_FAST_H_
