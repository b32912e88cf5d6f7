// Cuts a stream of JSON into top-level records without parsing them, so
// that a huge array or NDJSON file is parsed one object at a time in
// bounded memory. Accepts one top-level array of values, or values
// separated by white space / newlines (NDJSON). Each value is then parsed
// on its own (simdjson); syntax errors inside a value are found there.

#ifndef CREDITDATA_SRC_IO_JSON_RECORDS_H_
#define CREDITDATA_SRC_IO_JSON_RECORDS_H_

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

namespace creditdata::internal {

// A member of a flat object read without simdjson (see
// JsonRecordSplitter::flat()).
struct FlatMember {
  enum class Kind : uint8_t { kString, kNumber, kNull };
  std::string_view key;    // as written: it has no escape
  std::string_view value;  // a string's bytes (no escape), a number's token,
                           // or empty for null
  Kind kind;
};

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
  // With this set, Next() reads an object record of the simplest shape
  // itself: a flat object of strings without escapes or control bytes,
  // numbers in strict JSON grammar and nulls (and in NDJSON no line break
  // inside). Its members are then in flat() (flat_ok() true), exactly as
  // simdjson would give them; any other record is left to the caller
  // (flat_ok() false).
  void set_read_flat(bool read_flat) { read_flat_ = read_flat; }
  bool flat_ok() const { return flat_ok_; }
  std::span<const FlatMember> flat() const {
    return {flat_.data(), flat_size_};
  }
  size_t consumed() const { return pos_; }
  // Whether the input turned out to be one top-level array.
  bool is_array() const { return mode_ == Mode::kArray; }
  // Total bytes consumed before the current buffer.
  uint64_t base_offset() const { return base_; }

 private:
  enum class Mode : uint8_t { kUnknown, kArray, kLines, kClosed };
  // End of the value starting at `begin`, or npos when incomplete.
  size_t ValueEnd(size_t begin) const;
  // End of the flat object starting at `begin` (its members into flat_),
  // or npos when it is not one (or incomplete).
  size_t FlatObjectEnd(size_t begin);
  void SkipSpace();

  std::string_view buffer_;
  size_t pos_ = 0;
  uint64_t base_ = 0;
  bool last_ = false;
  Mode mode_ = Mode::kUnknown;
  // Inside a line of text after the closing bracket, already reported (a
  // line that spans chunks is one error, as when read whole).
  bool in_trailing_line_ = false;
  bool read_flat_ = false;
  bool flat_ok_ = false;
  std::vector<FlatMember> flat_;  // [0, flat_size_) in use
  size_t flat_size_ = 0;
};

}  // namespace creditdata::internal

#endif  // CREDITDATA_SRC_IO_JSON_RECORDS_H_
