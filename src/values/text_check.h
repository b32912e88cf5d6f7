// CheckText for text already known to be valid UTF-8: the reader's decoder
// guarantees it for every cell, so validating again per cell is waste.

#ifndef CREDITDATA_SRC_VALUES_TEXT_CHECK_H_
#define CREDITDATA_SRC_VALUES_TEXT_CHECK_H_

#include <string>
#include <string_view>

#include "creditdata/check.h"

namespace creditdata::internal {

// As CheckText; `input` must be valid UTF-8.
ValueCheck CheckValidUtf8Text(std::string_view input, size_t max_length,
                              std::string* canonical);

}  // namespace creditdata::internal

#endif  // CREDITDATA_SRC_VALUES_TEXT_CHECK_H_
