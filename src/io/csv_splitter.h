// A streaming, quote-aware splitter for delimited text (RFC 4180 CSV/TSV).
//
// The input is UTF-8 already (the decoder layer converts other encodings).
// The splitter does not own the bytes: the caller hands it one buffer at a
// time and pulls records out of it; fields are views into that buffer (or,
// for quoted fields holding an escaped quote `""`, into a scratch arena the
// splitter owns). Views stay valid until the next call to Next() or Reset().
//
// Streaming protocol:
//
//   CsvSplitter splitter(DetectDelimiter(first_bytes));
//   std::string buffer;                  // caller-owned, reused
//   for (;;) {
//     bool last = /* append the next chunk of input to buffer */;
//     splitter.Reset(buffer, last);
//     RecordView record;
//     while (splitter.Next(&record)) { ... }
//     if (last) break;
//     buffer.erase(0, splitter.consumed());   // keep the incomplete tail
//   }
//
// Next() returns false when the rest of the buffer holds no complete record
// (or nothing at all). The bytes from consumed() on must be at the front of
// the next buffer; offsets and row numbers continue across Reset() calls on
// that assumption. With last_chunk, the final record is returned even without
// a line ending, and an unterminated quoted field is closed at the end of the
// input and flagged. If consumed() is 0 and Next() returned false, the caller
// must bring more bytes (a record may be larger than one chunk).
//
// Quoting rules (what both kernels implement, byte for byte):
//  - Fields are separated by the delimiter, records by LF, CRLF or a lone CR.
//  - A field that starts with `"` is quoted: it ends at the next `"` not
//    followed by another `"`; `""` inside stands for one `"`. Delimiters, CR
//    and LF inside are content.
//  - A `"` anywhere else in an unquoted field is an ordinary character
//    (flagged kBareQuote, which a reader may treat as informational).
//  - Bytes after a closing quote and before the next delimiter/line end are
//    malformed (kJunkAfterQuote); the field's value is then its raw bytes,
//    quotes included, and quotes in the junk are ordinary characters.
//  - A quoted field still open at the end of the input (kUnterminatedQuote)
//    takes everything up to the end of the input, unescaped.
//  - A line with no bytes before its line ending is blank: it is skipped,
//    counted in blank_lines(), and still occupies a row number.
//
// Nothing throws, and arbitrary bytes never make the splitter read outside
// the buffer.

#ifndef CREDITDATA_SRC_IO_CSV_SPLITTER_H_
#define CREDITDATA_SRC_IO_CSV_SPLITTER_H_

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace creditdata::io {

// Quote problems found in a record; bits of RecordView::quote_issues.
enum QuoteIssue : uint32_t {
  kQuoteOk = 0,
  // A quoted field was still open at the end of the input.
  kUnterminatedQuote = 1u << 0,
  // Bytes followed a closing quote before the delimiter or line end.
  kJunkAfterQuote = 1u << 1,
  // A `"` inside an unquoted field (taken literally; not an RFC 4180 error
  // of the kind above, but often a sign of a broken export).
  kBareQuote = 1u << 2,
};

// The malformed-quote bits: a reader turns these into an error finding
// (e.g. `record.malformed_quote` at issue_offset).
inline constexpr uint32_t kMalformedQuoteMask =
    kUnterminatedQuote | kJunkAfterQuote;

struct RecordView {
  // The cells, unquoted and unescaped. Valid until the next Next()/Reset().
  std::span<const std::string_view> fields;
  // The record's bytes as they came in, without the line ending.
  std::string_view raw;
  // The line ending that closed the record: "\n", "\r\n", "\r", or "" for a
  // final record at the end of the input.
  std::string_view line_end;
  // Byte offset of raw.data() in the whole stream (across chunks).
  uint64_t offset = 0;
  // The spreadsheet row: the first line of the input is row 1 (the header),
  // a record with embedded line breaks is one row, blank lines count.
  uint64_t row = 0;
  // QuoteIssue bits, and a stream offset (0 when none): that of the first
  // malformed quote if any (the opening quote of an unterminated field, or
  // the first byte after a closing quote), else that of the first bare quote.
  uint32_t quote_issues = kQuoteOk;
  uint64_t issue_offset = 0;
  // Some fields were unescaped (`""` inside quotes) into storage of the
  // splitter's own, reused by the next record.
  bool unescaped = false;
  // No byte of `raw` is a control byte (below 0x20, or 0x7F) other than the
  // delimiter, nor 0xC2 (the lead byte of U+0080..U+00BF, where the C1
  // controls and the no-break space live). So a quoted CR or LF, or a tab in
  // a comma-separated record, makes a record not plain; the tabs of a
  // tab-separated one do not. A validator may then skip scanning the
  // record's cells for such characters. Both kernels compute it exactly.
  bool plain = false;

  bool malformed() const { return (quote_issues & kMalformedQuoteMask) != 0; }
};

// Which inner loop splits the bytes. kAuto picks AVX2 when the CPU has it
// (and PCLMUL, BMI1), else the scalar loop; asking for kAvx2 on a CPU without
// it falls back to scalar. Both give identical results.
enum class SplitKernel { kAuto, kScalar, kAvx2 };

// True when this CPU can run the AVX2 kernel.
bool Avx2KernelAvailable();

// Guesses the delimiter from the start of the input (normally the header
// line): counts commas and tabs outside quotes up to the first line end
// outside quotes (or the end of `head`). Returns '\t' when tabs outnumber
// commas, else ','. A leading UTF-8 BOM is ignored.
char DetectDelimiter(std::string_view head);
// The end of the first line of `head` outside quotes (where
// DetectDelimiter stops looking), or npos when `head` holds no such end.
size_t HeaderLineEnd(std::string_view head);

namespace internal {
struct SplitKernels;
}  // namespace internal

class CsvSplitter {
 public:
  // `delimiter` must not be '"', '\r' or '\n' (such a value is replaced by
  // ',').
  explicit CsvSplitter(char delimiter = ',',
                       SplitKernel kernel = SplitKernel::kAuto);

  CsvSplitter(const CsvSplitter&) = delete;
  CsvSplitter& operator=(const CsvSplitter&) = delete;

  // Changes the delimiter for the records not yet returned (e.g. after
  // sniffing the header out of the first buffer).
  void set_delimiter(char delimiter);
  char delimiter() const { return delimiter_; }
  // A quoted field still open this many bytes after its record began ends
  // at its first line end: the record is flagged kUnterminatedQuote and
  // splitting resumes on the next line. Without a cap one stray quote makes
  // the rest of the input one record, and every chunk a rescan of it.
  // 0: no cap (RFC 4180 to the letter).
  void set_max_record_bytes(size_t bytes) { max_record_bytes_ = bytes; }
  // Whether records are marked plain (RecordView::plain); on by default.
  // Off, plain is always false, and the scalar kernel is a split and
  // nothing more (no pass over the record's bytes to decide it).
  void set_mark_plain(bool mark) { mark_plain_ = mark; }
  // The kernel actually in use (never kAuto).
  SplitKernel kernel() const { return kernel_; }

  // Starts splitting `buffer`. Unless this is the first buffer of a stream,
  // it must begin with the previous buffer's bytes from consumed() on.
  void Reset(std::string_view buffer, bool last_chunk);

  // The next record, skipping (and counting) blank lines. False when no
  // complete record is left in the buffer.
  bool Next(RecordView* out) { return next_(*this, out); }

  // Bytes of the current buffer fully handled (records returned, blank lines
  // skipped); the rest must be carried into the next buffer.
  size_t consumed() const { return pos_; }
  // True once the last chunk has been consumed entirely.
  bool done() const { return last_ && pos_ >= buffer_.size(); }

  // Counters over the whole stream.
  uint64_t records() const { return records_; }
  uint64_t blank_lines() const { return blank_lines_; }
  // Rows seen so far (records plus blank lines).
  uint64_t rows() const { return next_row_ - 1; }

  // Forgets the stream: offsets, row numbers and counters start again.
  void Restart();

 private:
  friend struct internal::SplitKernels;

  bool NextScalar(RecordView* out);
  static bool NextScalarOf(CsvSplitter& s, RecordView* out) {
    return s.NextScalar(out);
  }
  // Points next_ at the loop for the kernel and the delimiter.
  void ChooseNext();
  void AddQuotedField(size_t begin, size_t end, bool escaped);
  void AddField(std::string_view field) {
    if (field_count_ == fields_.size()) GrowFields();
    fields_[field_count_++] = field;
  }
  void GrowFields();
  void Flag(uint32_t issue, size_t pos);
  // Unescapes the fields listed in escaped_ into arena_ (the record spans
  // [start, end) of the buffer).
  void UnescapeFields(size_t start, size_t end);
  void Emit(RecordView* out, size_t start, size_t end, size_t next);
  void SkipBlank(size_t next);
  void BuildClassTable();

  // Configuration.
  char delimiter_ = ',';
  size_t max_record_bytes_ = 0;
  bool mark_plain_ = true;
  SplitKernel kernel_ = SplitKernel::kScalar;
  std::array<uint8_t, 256> class_{};
  // How the AVX2 kernel finds this delimiter (internal::SplitKernels), and
  // its table of separators by low nibble (both 16-byte lanes alike).
  uint8_t sep_mode_ = 0;
  alignas(32) std::array<uint8_t, 32> sep_table_{};
  // What Next() runs: NextScalar(), or the AVX2 kernel for sep_mode_.
  bool (*next_)(CsvSplitter&, RecordView*) = &NextScalarOf;

  // The current buffer.
  std::string_view buffer_;
  bool last_ = false;
  size_t pos_ = 0;  // start of the next record in buffer_

  // Stream position.
  uint64_t base_ = 0;  // stream offset of buffer_[0]
  uint64_t next_row_ = 1;
  uint64_t records_ = 0;
  uint64_t blank_lines_ = 0;

  // The record being built; storage reused from record to record.
  std::vector<std::string_view> fields_;
  size_t field_count_ = 0;
  std::vector<uint32_t> escaped_;  // indexes of fields to unescape
  std::string arena_;
  uint32_t issues_ = 0;
  uint64_t issue_offset_ = 0;

  // SIMD kernel state: the current 64-byte block and what is left of it.
  bool block_valid_ = false;
  size_t block_base_ = 0;
  uint64_t block_seps_ = 0;       // unconsumed separators outside quotes
  uint64_t block_newlines_ = 0;   // the line ends among them
  uint64_t block_irregular_ = 0;  // quotes the bitmask rules cannot model
  uint64_t block_carry_ = 0;      // all ones when the block ends in quotes
  uint64_t block_quoted_ = 0;     // separators ending a quoted field
  uint64_t block_ctrl_ = 0;       // unconsumed bytes that are not plain
};

}  // namespace creditdata::io

#endif  // CREDITDATA_SRC_IO_CSV_SPLITTER_H_
