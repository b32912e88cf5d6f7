// Cuts a stream of JSON into top-level records without parsing them, so
// that a huge array or NDJSON file is parsed one object at a time in
// bounded memory. Accepts one top-level array of values, or values
// separated by white space / newlines (NDJSON). Each value is then parsed
// on its own (simdjson); syntax errors inside a value are found there.

#ifndef CREDITDATA_SRC_IO_JSON_RECORDS_H_
#define CREDITDATA_SRC_IO_JSON_RECORDS_H_

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace creditdata::internal {

class JsonRecordSplitter {
 public:
  enum class Result : uint8_t {
    kRecord,    // *record holds one top-level value (object or not)
    kNeedMore,  // the rest of the buffer is an incomplete value
    kEnd,       // nothing more in this (last) buffer
    kError,     // structural garbage at *offset; skipped to the next line
  };

  // Starts on a new buffer. The caller keeps the bytes from consumed() on
  // and puts them at the front of the next buffer.
  void Reset(std::string_view buffer, bool last_chunk);
  Result Next(std::string_view* record, uint64_t* offset);
  size_t consumed() const { return pos_; }
  // Whether the input turned out to be one top-level array.
  bool is_array() const { return mode_ == Mode::kArray; }
  // Total bytes consumed before the current buffer.
  uint64_t base_offset() const { return base_; }

 private:
  enum class Mode : uint8_t { kUnknown, kArray, kLines, kClosed };
  // End of the value starting at `begin`, or npos when incomplete.
  size_t ValueEnd(size_t begin) const;
  void SkipSpace();

  std::string_view buffer_;
  size_t pos_ = 0;
  uint64_t base_ = 0;
  bool last_ = false;
  Mode mode_ = Mode::kUnknown;
  // Inside a line of text after the closing bracket, already reported (a
  // line that spans chunks is one error, as when read whole).
  bool in_trailing_line_ = false;
};

}  // namespace creditdata::internal

#endif  // CREDITDATA_SRC_IO_JSON_RECORDS_H_
