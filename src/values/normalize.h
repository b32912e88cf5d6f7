// Normalisation of a cell before it is checked (STANDARDS.md §8.3): the
// subset of NFKC that matters for identifiers, numbers and dates, done into
// a fixed buffer so that checking a value never allocates.

#ifndef CREDITDATA_SRC_VALUES_NORMALIZE_H_
#define CREDITDATA_SRC_VALUES_NORMALIZE_H_

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace creditdata::internal {

// White space at either end: ASCII, NBSP, U+2000-U+200B, U+3000, BOM.
std::string_view TrimSpace(std::string_view in);

enum FoldFlags : uint8_t {
  kFoldNone = 0,
  kFoldDropSpaces = 1 << 0,   // remove white space inside the value too
  kFoldDropHyphens = 1 << 1,  // remove '-' (after dash folding)
  kFoldUpperCase = 1 << 2,    // a-z to A-Z
};

// A value folded to its ASCII reading. Code points without an ASCII reading
// (Chinese characters, '×', …) are kept as their UTF-8 bytes so that the
// checks can name them.
class Folded {
 public:
  static constexpr size_t kCapacity = 96;

  std::string_view view() const { return {buffer_, size_}; }
  // Something other than trimming the ends changed: full width, case,
  // inner space, a dash, a spreadsheet wrapper.
  bool changed() const { return changed_; }
  // The input was longer than kCapacity after folding; view() is cut.
  bool overflow() const { return overflow_; }
  // Letters were lower case before kFoldUpperCase.
  bool had_lower_case() const { return had_lower_case_; }
  // The input held bytes that are not UTF-8.
  bool had_invalid_utf8() const { return had_invalid_utf8_; }

 private:
  friend Folded Fold(std::string_view in, uint8_t flags);
  char buffer_[kCapacity];
  size_t size_ = 0;
  bool changed_ = false;
  bool overflow_ = false;
  bool had_lower_case_ = false;
  bool had_invalid_utf8_ = false;
};

// Trims, strips spreadsheet text-forcing wrappers (a leading apostrophe,
// ="…"), maps full-width ASCII (U+FF01-FF5E) to ASCII, U+3000 and other
// spaces to ' ', dashes (U+2010-2015, U+2212) to '-', Roman numeral ten
// (U+2169) to 'X', drops zero-width space and BOM, then applies `flags`.
Folded Fold(std::string_view in, uint8_t flags);

}  // namespace creditdata::internal

#endif  // CREDITDATA_SRC_VALUES_NORMALIZE_H_
