// Conversions between UTF-8 (the library's only internal encoding) and the
// encodings departments send: GB18030 (a superset of GBK) and UTF-16.

#ifndef CREDITDATA_SRC_TEXT_ENCODING_H_
#define CREDITDATA_SRC_TEXT_ENCODING_H_

#include <string>
#include <string_view>

#include "absl/status/statusor.h"

namespace creditdata::text {

// UTF-8 to GB18030. Every Unicode scalar value has a GB18030 encoding, so
// this fails only on input that is not valid UTF-8.
absl::StatusOr<std::string> Utf8ToGb18030(std::string_view utf8);

// GB18030 to UTF-8; fails with the byte offset of the first sequence that
// does not decode.
absl::StatusOr<std::string> Gb18030ToUtf8(std::string_view gb18030);

}  // namespace creditdata::text

#endif  // CREDITDATA_SRC_TEXT_ENCODING_H_
