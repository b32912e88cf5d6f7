// Abseil's two StatusOr failure handlers, made quiet for libcreditdata.so.
//
// absl::StatusOr reports its misuse through two out-of-line helpers of
// libabsl_statusor: Helper::Crash (dereferencing a StatusOr that holds an
// error) writes to stderr and aborts; Helper::HandleInvalidStatusCtorArg
// (building a StatusOr from an OK status) writes to stderr. The core never
// misuses StatusOr, but its inline code references both, and an embedded
// library must not even be able to print or abort. This file, linked into
// the shared library only, defines them locally (hidden visibility, and the
// version script keeps them out of the dynamic symbol table): inside
// libcreditdata.so a Crash throws, which the C boundary turns into
// CD_ERROR_INTERNAL, and an OK status becomes an internal error without a
// word. The rest of the process keeps Abseil's own handlers; the static
// library does not contain this file. tests/c_api_symbols_test.sh checks
// that the shared library references neither helper.

#include <stdexcept>
#include <string>

#include "absl/base/config.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace absl {
ABSL_NAMESPACE_BEGIN
namespace internal_statusor {

void Helper::HandleInvalidStatusCtorArg(Status* status) {
  *status = InternalError(
      "An OK status is not a valid constructor argument to StatusOr<T>");
}

void Helper::Crash(const Status& status) {
  throw std::logic_error("access to the value of a failed StatusOr: " +
                         status.ToString());
}

}  // namespace internal_statusor
ABSL_NAMESPACE_END
}  // namespace absl
