#include "text/encoding.h"

#include <iconv.h>

#include <cerrno>

#include "absl/strings/str_cat.h"
#include "text/decoder.h"

namespace creditdata::text {
namespace {

// Owns an iconv descriptor for one conversion.
class Iconv {
 public:
  Iconv(const char* to, const char* from) : cd_(iconv_open(to, from)) {}
  ~Iconv() {
    if (ok()) iconv_close(cd_);
  }
  Iconv(const Iconv&) = delete;
  Iconv& operator=(const Iconv&) = delete;
  bool ok() const { return cd_ != reinterpret_cast<iconv_t>(-1); }

  absl::StatusOr<std::string> Convert(std::string_view in,
                                      std::string_view what) {
    std::string out(in.size() * 2 + 16, '\0');
    char* src = const_cast<char*>(in.data());
    size_t src_left = in.size();
    size_t used = 0;
    while (src_left > 0) {
      char* dst = out.data() + used;
      size_t dst_left = out.size() - used;
      size_t r = iconv(cd_, &src, &src_left, &dst, &dst_left);
      used = out.size() - dst_left;
      if (r != static_cast<size_t>(-1)) break;
      if (errno == E2BIG) {
        out.resize(out.size() * 2);
        continue;
      }
      return absl::InvalidArgumentError(
          absl::StrCat("bytes at offset ", in.size() - src_left,
                       " do not decode as ", std::string(what)));
    }
    out.resize(used);
    return out;
  }

 private:
  iconv_t cd_;
};

absl::StatusOr<std::string> Run(const char* to, const char* from,
                                std::string_view in, std::string_view what) {
  Iconv cd(to, from);
  if (!cd.ok()) {
    return absl::UnavailableError(
        absl::StrCat("no converter from ", from, " to ", to));
  }
  return cd.Convert(in, what);
}

}  // namespace

absl::StatusOr<std::string> Utf8ToGb18030(std::string_view utf8) {
  return Run("GB18030", "UTF-8", utf8, "UTF-8");
}

absl::StatusOr<std::string> Gb18030ToUtf8(std::string_view gb18030) {
  std::vector<DecodeError> errors;
  std::string utf8 = DecodeToUtf8(gb18030, EncodingSpec::kGb18030, &errors);
  if (!errors.empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat("bytes at offset ", errors.front().input_offset,
                     " do not decode as GB18030"));
  }
  return utf8;
}

}  // namespace creditdata::text
