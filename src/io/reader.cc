// The reading pipeline: source → decoder → splitter (CSV or JSON) → header
// → record validator, one reused buffer at a time.

#include "creditdata/reader.h"

#include <fcntl.h>
#include <simdjson.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <condition_variable>
#include <cstdio>
#include <cstring>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "io/csv_splitter.h"
#include "io/json_records.h"
#include "text/decoder.h"
#include "validate/record_validator.h"
#include "values/text_check.h"

namespace creditdata {
namespace {

using internal::FindingSink;
using internal::RecordValidator;

constexpr std::string_view kReplacementChar = "\xEF\xBF\xBD";

// Where bytes come from: memory (a caller's buffer, or a regular file
// mapped read-only), or a file read chunk by chunk (pipes and the like).
//
// A mapped file is read in place; the pages already consumed are given back
// as reading advances, so that memory stays bounded whatever the size. (As
// with any mapped file, truncating it while it is read is not supported.)
class Source {
 public:
  static absl::StatusOr<Source> File(const std::string& path) {
    Source s;
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return absl::NotFoundError(absl::StrCat("cannot open ", path));
    struct stat st;
    if (::fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0) {
      void* p = ::mmap(nullptr, static_cast<size_t>(st.st_size), PROT_READ,
                       MAP_PRIVATE, fd, 0);
      if (p != MAP_FAILED) {
        ::madvise(p, static_cast<size_t>(st.st_size), MADV_SEQUENTIAL);
        ::close(fd);
        s.mapped_ = true;
        s.memory_ = std::string_view(static_cast<const char*>(p),
                                     static_cast<size_t>(st.st_size));
        s.total_ = s.memory_.size();
        return s;
      }
    }
    s.file_ = ::fdopen(fd, "rb");
    if (s.file_ == nullptr) {
      ::close(fd);
      return absl::NotFoundError(absl::StrCat("cannot open ", path));
    }
    if (S_ISREG(st.st_mode) && st.st_size > 0) {
      s.total_ = static_cast<uint64_t>(st.st_size);
    }
    return s;
  }
  static Source Memory(std::string_view data) {
    Source s;
    s.memory_ = data;
    s.total_ = data.size();
    return s;
  }
  Source() = default;
  Source(Source&& other) noexcept { *this = std::move(other); }
  Source& operator=(Source&& other) noexcept {
    std::swap(file_, other.file_);
    std::swap(mapped_, other.mapped_);
    std::swap(memory_, other.memory_);
    total_ = other.total_;
    read_ = other.read_;
    released_ = other.released_;
    return *this;
  }
  ~Source() {
    if (file_ != nullptr) std::fclose(file_);
    if (mapped_) {
      ::munmap(const_cast<char*>(memory_.data()), memory_.size());
    }
  }

  // The next chunk (empty at the end); `eof` is set with the last one.
  absl::StatusOr<std::string_view> Read(size_t max, std::string* buffer,
                                        bool* eof) {
    if (file_ == nullptr) {
      std::string_view chunk = memory_.substr(read_, max);
      read_ += chunk.size();
      *eof = read_ >= memory_.size();
      return chunk;
    }
    buffer->resize(max);
    size_t n = std::fread(buffer->data(), 1, max, file_);
    if (n < max && std::ferror(file_)) {
      return absl::InternalError("read error");
    }
    read_ += n;
    *eof = n < max;
    return std::string_view(buffer->data(), n);
  }
  uint64_t read() const { return read_; }
  uint64_t total() const { return total_; }
  // The whole input when it is in memory, else empty.
  std::string_view memory() const { return file_ == nullptr ? memory_ : ""; }
  // Marks the next `n` bytes of memory() as read.
  void Advance(size_t n) { read_ += n; }
  // Starts again from the first byte; false when the input cannot (a pipe).
  bool Rewind() {
    if (file_ != nullptr && std::fseek(file_, 0, SEEK_SET) != 0) return false;
    read_ = 0;
    return true;
  }
  // The first bytes of the input, if they are at hand: from memory, or
  // `first_chunk` while it is the only chunk read.
  std::string_view Head(std::string_view first_chunk) const {
    if (file_ == nullptr) return memory_;
    return read_ == first_chunk.size() ? first_chunk : std::string_view();
  }
  // Says that the bytes of memory() before `upto` are no longer needed.
  void Release(const char* upto) {
    if (!mapped_ || upto < memory_.data() ||
        upto > memory_.data() + memory_.size()) {
      return;
    }
    constexpr size_t kStep = size_t{32} << 20;
    size_t offset = static_cast<size_t>(upto - memory_.data());
    size_t page = static_cast<size_t>(::sysconf(_SC_PAGESIZE));
    size_t end = offset / page * page;
    if (end < released_ + kStep) return;
    ::madvise(const_cast<char*>(memory_.data()) + released_, end - released_,
              MADV_DONTNEED);
    released_ = end;
  }

 private:
  std::FILE* file_ = nullptr;
  bool mapped_ = false;
  std::string_view memory_;
  uint64_t total_ = 0;
  uint64_t read_ = 0;
  size_t released_ = 0;  // mapped bytes given back, from the start
};

std::string HexBytes(std::string_view bytes) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out = "bytes";
  for (unsigned char c : bytes) {
    out.push_back(' ');
    out.push_back(kHex[c >> 4]);
    out.push_back(kHex[c & 15]);
  }
  return out;
}

// The cells of a batch's rows, end to end. Appended as bytes: a vector
// would copy the views one at a time (string_view is not a trivial type).
class CellBuffer {
 public:
  size_t size() const { return size_; }
  const std::string_view* data() const { return data_.get(); }
  std::string_view& operator[](size_t i) { return data_[i]; }
  void clear() { size_ = 0; }
  void Append(std::span<const std::string_view> views) {
    if (size_ + views.size() > capacity_) [[unlikely]] {
      Grow(size_ + views.size());
    }
    std::memcpy(static_cast<void*>(data_.get() + size_), views.data(),
                views.size() * sizeof(std::string_view));
    size_ += views.size();
  }
  // Makes room for `n` views in all, so that appending up to that many
  // never grows the buffer.
  void Reserve(size_t n) {
    if (n > capacity_) Grow(n);
  }

 private:
  [[gnu::noinline]] void Grow(size_t needed) {
    size_t capacity = std::max(needed, 2 * capacity_);
    auto bigger = std::make_unique<std::string_view[]>(capacity);
    std::copy(data_.get(), data_.get() + size_, bigger.get());
    data_ = std::move(bigger);
    capacity_ = capacity;
  }

  std::unique_ptr<std::string_view[]> data_;
  size_t size_ = 0;
  size_t capacity_ = 0;
};

bool AllEmpty(std::span<const std::string_view> cells) {
  for (std::string_view c : cells) {
    if (!c.empty()) return false;
  }
  return true;
}

class ReaderImpl : public RecordReader {
 public:
  ReaderImpl(Source source, const ReadOptions& options, std::string file)
      : source_(std::move(source)),
        options_(options),
        decoder_(SpecOf(options.encoding)) {
    report_.file = std::move(file);
  }

  ~ReaderImpl() override { StopWorkers(); }

  bool Next() override {
    // The usual case: the next row of the batch handed out.
    if (serving_ != nullptr && current_ + 1 < serving_->size) [[likely]] {
      ++current_;
      FinishRow();
      return true;
    }
    return NextBatch();
  }
  const AnyRecord& record() const override {
    if (serving_ == nullptr) return empty_record_;
    PendingRow& p = serving_->rows[current_];
    AnyRecord& record = serving_->records[current_];
    if (p.deferred != 0) {
      validator_->FillDeferred(serving_->CellsOf(current_), p.deferred,
                               &record);
      p.deferred = 0;
    }
    return record;
  }
  int64_t row() const override {
    return serving_ != nullptr ? serving_->rows[current_].row : 0;
  }
  bool row_valid() const override {
    return serving_ != nullptr && serving_->rows[current_].valid;
  }
  std::span<const Finding> row_findings() const override {
    if (serving_ == nullptr) return {};
    return serving_->rows[current_].findings;
  }
  std::string_view raw_row() const override {
    return serving_ != nullptr ? serving_->rows[current_].raw
                               : std::string_view();
  }
  std::span<const std::string_view> cells() const override {
    if (serving_ == nullptr) return {};
    return serving_->CellsOf(current_);
  }
  const TableInfo* table() const override {
    return validator_ ? &validator_->table() : nullptr;
  }
  std::span<const std::string> header_cells() const override {
    return header_cells_;
  }
  std::string_view format() const override { return report_.format; }
  std::string_view encoding() const override { return report_.encoding; }
  uint64_t bytes_read() const override { return source_.read(); }
  uint64_t total_bytes() const override { return source_.total(); }
  const Report& report() const override { return report_; }
  absl::Status status() const override { return status_; }

 private:
  enum class Kind { kUndecided, kCsv, kJson, kDone };

  // Rows are split a batch at a time, validated a batch at a time (on
  // worker threads when options.threads > 1), and handed out one by one in
  // input order; the natural-key check and the report happen as they are
  // handed out, so results never depend on the threads. The key lookups, a
  // cache miss each in a large input, are prefetched ahead of being made.
  // A batch ends where the decoded buffer does: views into a buffer that
  // moves stay valid until the batch is used up, and batches run ahead of
  // the one handed out only while the input is read in place.
  static constexpr size_t kBatchRows = 64;
  static constexpr size_t kPrefetchRows = 16;
  struct PendingRow {
    int64_t row = 0;
    bool valid = false;
    std::string_view raw;
    size_t cells_begin = 0;
    size_t cells_size = 0;
    internal::KeyDigest key;
    uint64_t deferred = 0;    // text members not copied yet (FillDeferred)
    bool unreadable = false;  // a JSON record that is not one: no validation
    bool plain = false;       // io::RecordView::plain
    int64_t normalised = 0;
    std::vector<Finding> findings;  // all of them, whatever the limit
  };
  struct Batch {
    // kBatchRows of each, [0, size) in use; storage reused.
    std::vector<PendingRow> rows = std::vector<PendingRow>(kBatchRows);
    std::vector<AnyRecord> records = std::vector<AnyRecord>(kBatchRows);
    size_t size = 0;
    CellBuffer cells;
    std::deque<std::string> text;  // copies of unescaped cells
    size_t text_used = 0;
    std::shared_ptr<const std::string> buffer;  // the decoded text it views
    bool validated = false;                     // under mu_ when workers run

    void Clear() {
      size = 0;
      cells.clear();
      text_used = 0;
      buffer.reset();
      validated = false;
    }
    std::span<const std::string_view> CellsOf(size_t i) const {
      return {cells.data() + rows[i].cells_begin, rows[i].cells_size};
    }
  };

  static text::EncodingSpec SpecOf(InputEncoding e) {
    switch (e) {
      case InputEncoding::kUtf8:
        return text::EncodingSpec::kUtf8;
      case InputEncoding::kGb18030:
        return text::EncodingSpec::kGb18030;
      case InputEncoding::kUtf16:
        return text::EncodingSpec::kUtf16;
      case InputEncoding::kAuto:
        break;
    }
    return text::EncodingSpec::kAuto;
  }

  // Reads and decodes the next chunk onto the end of text_. False when
  // the input is exhausted (eof_ then set) or reading failed.
  bool Fill();
  // For an in-memory input that the decoder has passed through unchanged
  // so far: extends text_ over the next window of the input itself when
  // that is valid UTF-8. False when the input is not (or no longer) read
  // in place; then the decoder takes over, copying (and reporting).
  bool BorrowNext();
  // The encoding in the report: the decoder's verdict so far (it may still
  // be weighing its evidence at the header), final at the end.
  void NameEncoding() {
    report_.encoding = std::string(text::EncodingName(decoder_.encoding()));
    if (decoder_.bom_length() > 0 &&
        decoder_.encoding() == text::Encoding::kUtf8) {
      report_.encoding = "utf-8-bom";
    }
  }
  // Blank lines and rows of empty cells so far (complete at the end).
  void CountBlankLines() {
    report_.blank_lines =
        static_cast<int64_t>(csv_.blank_lines()) + empty_rows_;
  }
  // A buffer holding text_ (the unconsumed tail), to decode more after.
  std::shared_ptr<std::string> FreshBuffer();
  // Drops the first `n` bytes of text_.
  void Consume(size_t n) {
    decoded_base_ += n;
    text_.remove_prefix(n);
  }
  void DecideFormat();
  // Splits the next batch of CSV rows into `b`, with the checks of the row
  // as a whole (cells, quotes, bytes); false when no row is left.
  bool SplitCsvBatch(Batch* b);
  // Reads the next batch of JSON records into `b`, with the checks of
  // their keys and value types; false when no record is left.
  bool SplitJsonBatch(Batch* b);
  // The cells of a record that JsonRecordSplitter read itself (flat()).
  void ReadFlatJson(Batch* b, PendingRow* p);
  // The cells of any other record, read with simdjson.
  void ReadJsonWithParser(std::string_view text, Batch* b, PendingRow* p);
  // The field a JSON key names, or -1; `position` is the key's among the
  // record's members, where the last record had its key (most records
  // share their key order).
  int FieldOfJsonKey(size_t position, std::string_view key);
  // A copy of `v` that lives as long as `b`'s rows.
  static std::string_view KeepText(Batch* b, std::string_view v);
  // Sizes the key index from the first batch's rows.
  void ReserveKeysFrom(const Batch& b);
  // Validates the split rows of `b`; safe on any thread. `prefetch`: warm
  // the cache for the key checks to come on this thread.
  void ValidateBatch(Batch* b, bool prefetch) const;
  // Splits batches ahead (validating them, or queueing them for the
  // workers) as far as the input allows.
  void FillPipeline();
  // Makes serving_->rows[current_] final: its key check, then its findings
  // and counts into the report. Inline: it is done once per row.
  void FinishRow() {
    PendingRow& p = serving_->rows[current_];
    if (prefetch_ahead_ && current_ + kPrefetchRows < serving_->size) {
      validator_->PrefetchKey(serving_->rows[current_ + kPrefetchRows].key);
    }
    // The key finding comes after the row's others. (A row has a key only
    // once validated, so then there is a validator.)
    if (p.key.present && !validator_->CheckKeyIsNew(p.row, p.key))
        [[unlikely]] {
      ReportDuplicateKey(&p);
    }
    if (!p.findings.empty()) [[unlikely]] {
      CommitFindings(p);
    }
    report_.normalised += p.normalised;
    ++report_.rows;
    report_.valid_rows += p.valid ? 1 : 0;
  }
  // A key that an earlier row had: reported, and the row made invalid.
  [[gnu::noinline]] void ReportDuplicateKey(PendingRow* p);
  [[gnu::noinline]] void CommitFindings(const PendingRow& p);
  // The rest of Next(), past the next row of the batch handed out.
  bool NextBatch();
  // Starts row `i` of `b` for `row`; findings go to its list via sink_.
  PendingRow& BeginRow(Batch* b, size_t i, int64_t row) {
    PendingRow& p = b->rows[i];
    ResetRow(&p, row, b->cells.size());
    sink_ = FindingSink(&p.findings);
    return p;
  }
  // A row slot of a batch, reused: as new for `row`, its cells to come
  // from `cells_begin` on.
  static void ResetRow(PendingRow* p, int64_t row, size_t cells_begin) {
    p->row = row;
    p->valid = false;
    p->raw = {};
    p->cells_begin = cells_begin;
    p->cells_size = 0;
    p->key = internal::KeyDigest{};
    p->deferred = 0;
    p->unreadable = false;
    p->plain = false;
    p->normalised = 0;
    if (!p->findings.empty()) p->findings.clear();
  }
  // The checks of a CSV row as a whole that found something (decode
  // errors, a malformed quote, too few or too many cells), reported to the
  // row's findings; true when the row is still valid.
  [[gnu::noinline]] bool CheckCsvRow(const io::RecordView& record,
                                     PendingRow* p);
  // Copies into `b` the cells of row `p` that the splitter unescaped into
  // storage of its own, which the next record reuses: their views then
  // outlive the splitter's record.
  [[gnu::noinline]] void KeepUnescapedCells(Batch* b, const PendingRow& p);
  std::unique_ptr<Batch> TakeBatch();
  void StartWorkers();
  void StopWorkers();
  void WorkerLoop();
  // What a header row fits: the table asked for, or the one detected.
  struct HeaderFit {
    const TableInfo* table = nullptr;  // null: none (see detection)
    TableDetection detection;
    bool complete = false;  // every required column is there
  };
  HeaderFit FitHeader(std::span<const std::string_view> cells) const;
  bool AcceptHeader(std::span<const std::string_view> cells,
                    const HeaderFit& fit);
  // STANDARDS 8.2 step 4: a header that fits nothing may be mojibake,
  // UTF-8 read as GB18030 or the reverse. When the raw header decoded the
  // other way fits, reading starts over in that encoding (true).
  bool RetryInOtherEncoding();
  bool AcceptJsonKeys(simdjson::ondemand::object object);
  void Finish();
  // An empty record of the table, for rows that could not be read at all.
  void ClearRecord(AnyRecord* record) {
    if (!validator_) {
      *record = AnyRecord();
      return;
    }
    VisitTable(validator_->table().id, [&](auto tag) {
      record->template emplace<typename decltype(tag)::type>();
    });
  }
  // A finding about the input as a whole (or its header), straight into
  // the report.
  void FileFinding(FindingCode code, std::string_view detail, int64_t row = 0) {
    FileFinding(row, 0, "", "", code, DefaultSeverity(code), "", detail);
  }
  void FileFinding(int64_t row, int32_t column, std::string_view header,
                   std::string_view field, FindingCode code, Severity severity,
                   std::string_view value, std::string_view detail = {}) {
    std::vector<Finding> one;
    internal::FindingSink sink(&one);
    sink.Add(row, column, header, field, code, severity, value, detail);
    internal::CommitFinding(one.front(), options_.max_findings, &report_);
  }
  // Reports undecodable bytes inside the current CSV record to `sink`;
  // true when there were some. Inline for the usual case of none left.
  bool ReportDecodeErrors(const io::RecordView& record, FindingSink* sink) {
    return decode_error_cursor_ < decode_errors_.size() &&
           ReportDecodeErrorsIn(record, sink);
  }
  bool ReportDecodeErrorsIn(const io::RecordView& record, FindingSink* sink);

  Source source_;
  ReadOptions options_;
  text::Decoder decoder_;
  Report report_;
  absl::Status status_;
  Kind kind_ = Kind::kUndecided;
  bool eof_ = false;
  bool decoder_finished_ = false;

  std::string chunk_;  // raw bytes from a file
  // The decoded text not yet consumed (text_), with its stream offset: a
  // view of *decoded_, or of the input itself when it is in memory and
  // valid UTF-8 (then nothing is copied). Each chunk is decoded into a
  // fresh buffer, after the unconsumed tail of the last one, so that the
  // batches still out keep theirs (Batch::buffer); buffers nobody holds
  // any more are reused.
  std::shared_ptr<std::string> decoded_ = std::make_shared<std::string>();
  std::vector<std::shared_ptr<std::string>> buffer_pool_;
  std::string_view text_;
  bool borrowed_ = false;
  bool never_borrow_ = false;
  uint64_t decoded_base_ = 0;  // stream offset of text_[0]
  std::vector<text::DecodeError> decode_errors_;
  size_t decode_error_cursor_ = 0;

  io::CsvSplitter csv_;
  bool csv_reset_ = false;
  internal::JsonRecordSplitter json_;
  bool json_reset_ = false;
  simdjson::ondemand::parser parser_;
  std::string padded_;
  absl::flat_hash_map<std::string, int> json_key_field_;
  // The current record's values by field, while it is read (then copied
  // into its batch's cells).
  std::vector<std::string_view> json_values_;
  std::vector<uint8_t> json_seen_;
  struct JsonKeySeen {
    std::string key;
    int field = -1;
    bool set = false;
  };
  std::vector<JsonKeySeen> json_keys_seen_;  // by position in the record
  int64_t json_ordinal_ = 0;

  std::vector<std::string> header_cells_;
  std::optional<RecordValidator> validator_;
  size_t header_width_ = 0;  // cells up to the last non-empty header cell

  FindingSink sink_;
  std::deque<std::unique_ptr<Batch>> pending_;  // split, not yet handed out
  std::vector<std::unique_ptr<Batch>> spare_;
  Batch* serving_ = nullptr;  // pending_.front() while its rows go out
  size_t current_ = 0;        // the row handed out
  bool input_done_ = false;   // no batch left to split
  bool keys_reserved_ = false;
  bool prefetch_ahead_ = false;  // key lookups prefetched as rows go out
  bool encoding_retried_ = false;
  int64_t empty_rows_ = 0;  // rows of empty cells, skipped like blank lines
  AnyRecord empty_record_;

  // Worker threads (options.threads > 1) and the batches queued for them.
  std::vector<std::thread> workers_;
  std::mutex mu_;
  std::condition_variable work_cv_;
  std::condition_variable done_cv_;
  std::deque<Batch*> queue_;
  bool stop_ = false;
};

bool ReaderImpl::BorrowNext() {
  std::string_view memory = source_.memory();
  if (memory.empty() || eof_ || never_borrow_) return false;
  if (!borrowed_ &&
      (!decoder_.decided() || decoder_.encoding() != text::Encoding::kUtf8 ||
       !decode_errors_.empty() || decoder_.input_offset() != source_.read() ||
       decoder_.input_offset() !=
           decoder_.bom_length() + decoder_.output_offset() ||
       decoded_base_ + text_.size() != decoder_.output_offset())) {
    return false;
  }
  // The next window, cut before the code point that straddles its end;
  // validating right before splitting keeps the bytes in cache.
  std::string_view rest = memory.substr(source_.read());
  size_t n = std::min(rest.size(), options_.buffer_size);
  if (n < rest.size()) {
    while (n > 0 && (static_cast<unsigned char>(rest[n]) & 0xC0) == 0x80) --n;
  }
  if (n == 0 || !simdjson::validate_utf8(rest.data(), n) ||
      !decoder_.PassThrough(n)) {
    // Decode the rest: what is unconsumed becomes a copy of its own.
    never_borrow_ = true;
    if (borrowed_) {
      decoded_ = FreshBuffer();
      text_ = *decoded_;
      borrowed_ = false;
    }
    return false;
  }
  if (!borrowed_) {
    // Output bytes equal input bytes after the BOM: the unconsumed copy is
    // the input just before the window.
    text_ = memory.substr(decoder_.bom_length() + decoded_base_, 0);
    borrowed_ = true;
  }
  source_.Advance(n);
  text_ = std::string_view(
      text_.data(),
      static_cast<size_t>(memory.data() + source_.read() - text_.data()));
  if (source_.read() == memory.size()) {
    eof_ = true;
    decoder_finished_ = true;
  }
  return true;
}

std::shared_ptr<std::string> ReaderImpl::FreshBuffer() {
  std::shared_ptr<std::string> buffer;
  for (std::shared_ptr<std::string>& b : buffer_pool_) {
    // Held by the pool alone (use_count is exact here: batches release
    // their buffers on this thread).
    if (b.use_count() == 1 && b != decoded_) {
      buffer = b;
      break;
    }
  }
  if (buffer == nullptr) {
    buffer = buffer_pool_.emplace_back(std::make_shared<std::string>());
  }
  buffer->assign(text_);
  return buffer;
}

bool ReaderImpl::Fill() {
  if (eof_) {
    if (!decoder_finished_) {
      decoder_finished_ = true;
      std::shared_ptr<std::string> next = FreshBuffer();
      size_t before = next->size();
      decoder_.Finish(next.get(), &decode_errors_);
      decoded_ = std::move(next);
      text_ = *decoded_;
      return decoded_->size() > before;
    }
    return false;
  }
  if (BorrowNext()) {
    if (options_.progress) options_.progress(source_.read(), report_.rows);
    return true;
  }
  bool eof = false;
  auto chunk = source_.Read(options_.buffer_size, &chunk_, &eof);
  if (!chunk.ok()) {
    status_ = chunk.status();
    eof_ = true;
    return false;
  }
  std::shared_ptr<std::string> next = FreshBuffer();
  decoder_.Decode(*chunk, next.get(), &decode_errors_);
  if (eof) {
    eof_ = true;
    decoder_finished_ = true;
    decoder_.Finish(next.get(), &decode_errors_);
  }
  decoded_ = std::move(next);
  text_ = *decoded_;
  if (options_.progress) options_.progress(source_.read(), report_.rows);
  return true;
}

void ReaderImpl::DecideFormat() {
  csv_.set_max_record_bytes(options_.max_record_bytes);
  // Enough of the input to see its first byte and its header line (up to
  // 64 KiB of it: the verdict must not depend on how much a chunk holds).
  constexpr size_t kHeadBytes = size_t{1} << 16;
  while (!eof_ && io::HeaderLineEnd(text_) == std::string_view::npos &&
         text_.size() < kHeadBytes) {
    if (!Fill()) break;
  }
  if (eof_ && !decoder_finished_) Fill();
  NameEncoding();
  size_t first = text_.find_first_not_of(" \t\r\n");
  InputFormat format = options_.format;
  if (format == InputFormat::kAuto) {
    if (first != std::string_view::npos &&
        (text_[first] == '[' || text_[first] == '{')) {
      format = text_[first] == '[' ? InputFormat::kJson : InputFormat::kNdjson;
    } else {
      format = io::DetectDelimiter(text_.substr(0, kHeadBytes)) == '\t'
                   ? InputFormat::kTsv
                   : InputFormat::kCsv;
    }
  }
  switch (format) {
    case InputFormat::kJson:
    case InputFormat::kNdjson:
      kind_ = Kind::kJson;
      report_.format = format == InputFormat::kJson ? "json" : "ndjson";
      break;
    case InputFormat::kTsv:
      kind_ = Kind::kCsv;
      csv_.set_delimiter('\t');
      report_.format = "tsv";
      break;
    default:
      kind_ = Kind::kCsv;
      csv_.set_delimiter(',');
      report_.format = "csv";
      break;
  }
}

ReaderImpl::HeaderFit ReaderImpl::FitHeader(
    std::span<const std::string_view> cells) const {
  HeaderFit fit;
  if (options_.table) {
    fit.table = &GetTable(*options_.table);
    fit.complete = MatchHeader(*fit.table, cells).ok();
    return fit;
  }
  fit.detection = DetectTable(cells);
  if (fit.detection.outcome == TableDetection::Outcome::kDetected) {
    fit.table = fit.detection.table;
    fit.complete = true;
  }
  return fit;
}

bool ReaderImpl::RetryInOtherEncoding() {
  if (encoding_retried_ || decoder_.bom_length() > 0) return false;
  text::EncodingSpec other;
  if (decoder_.encoding() == text::Encoding::kUtf8) {
    other = text::EncodingSpec::kGb18030;
  } else if (decoder_.encoding() == text::Encoding::kGb18030) {
    other = text::EncodingSpec::kUtf8;
  } else {
    return false;
  }
  std::string_view head = source_.Head(chunk_);
  size_t line_end = head.find('\n');
  if (head.empty() || line_end == std::string_view::npos) return false;
  std::vector<text::DecodeError> errors;
  std::string decoded =
      text::DecodeToUtf8(head.substr(0, line_end + 1), other, &errors);
  io::CsvSplitter splitter(csv_.delimiter());
  splitter.Reset(decoded, true);
  io::RecordView header;
  if (!errors.empty() || !splitter.Next(&header) ||
      !FitHeader(header.fields).complete || !source_.Rewind()) {
    return false;
  }
  // Start over in the other encoding.
  encoding_retried_ = true;
  decoder_ = text::Decoder(other);
  text_ = {};
  decoded_ = FreshBuffer();
  borrowed_ = false;
  never_borrow_ = false;
  decoded_base_ = 0;
  decode_errors_.clear();
  decode_error_cursor_ = 0;
  eof_ = false;
  decoder_finished_ = false;
  csv_.Restart();
  csv_reset_ = false;
  std::string_view was = text::EncodingName(other == text::EncodingSpec::kUtf8
                                                ? text::Encoding::kGb18030
                                                : text::Encoding::kUtf8);
  if (!Fill() && !status_.ok()) return false;
  DecideFormat();
  FileFinding(1, 0, "", "", FindingCode::kEncodingRetried, Severity::kWarning,
              "", "read as " + report_.encoding + ", not " + std::string(was));
  return true;
}

bool ReaderImpl::AcceptHeader(std::span<const std::string_view> cells,
                              const HeaderFit& fit) {
  header_cells_.assign(cells.begin(), cells.end());
  header_width_ = 0;
  for (size_t i = 0; i < cells.size(); ++i) {
    if (!NormalizeHeader(cells[i]).empty()) header_width_ = i + 1;
  }
  const TableInfo* table = fit.table;
  if (table == nullptr) {
    FileFinding(fit.detection.outcome == TableDetection::Outcome::kAmbiguous
                    ? FindingCode::kFileAmbiguousTable
                    : FindingCode::kFileUnknownTable,
                fit.detection.message, 1);
    return false;
  }
  report_.table = std::string(table->name);
  HeaderMapping mapping = MatchHeader(*table, cells);
  for (int f : mapping.missing_fields) {
    const FieldInfo& field = table->fields[f];
    FileFinding(1, 0, field.zh_name, field.id,
                FindingCode::kHeaderMissingColumn, Severity::kError, "",
                absl::StrCat(std::string(field.zh_name), " (",
                             std::string(field.id), ")"));
  }
  for (int cell : mapping.unknown_cells) {
    FileFinding(1, cell + 1, header_cells_[cell], "",
                FindingCode::kHeaderUnknownColumn, Severity::kWarning,
                header_cells_[cell]);
  }
  for (int cell : mapping.duplicate_cells) {
    FileFinding(1, cell + 1, header_cells_[cell], "",
                FindingCode::kHeaderDuplicateColumn, Severity::kError,
                header_cells_[cell]);
  }
  internal::ValidateOptions validate_options;
  validate_options.check = options_.check;
  validate_options.max_findings = options_.max_findings;
  validator_.emplace(*table, std::move(mapping), header_cells_,
                     validate_options);
  return true;
}

bool ReaderImpl::ReportDecodeErrorsIn(const io::RecordView& record,
                                      FindingSink* sink) {
  uint64_t begin = record.offset;
  uint64_t end = begin + record.raw.size();
  bool any = false;
  while (decode_error_cursor_ < decode_errors_.size() &&
         decode_errors_[decode_error_cursor_].output_offset < begin) {
    ++decode_error_cursor_;  // in a skipped blank line or the BOM
  }
  while (decode_error_cursor_ < decode_errors_.size() &&
         decode_errors_[decode_error_cursor_].output_offset < end) {
    const text::DecodeError& e = decode_errors_[decode_error_cursor_++];
    // The cell whose bytes hold the error; cells unescaped into the
    // splitter's arena are found by their replacement character.
    int column = 0;
    for (size_t i = 0; i < record.fields.size(); ++i) {
      std::string_view f = record.fields[i];
      const char* base = text_.data();
      if (f.data() >= base && f.data() <= base + text_.size()) {
        uint64_t fb = decoded_base_ + static_cast<uint64_t>(f.data() - base);
        if (e.output_offset >= fb && e.output_offset < fb + f.size()) {
          column = static_cast<int>(i) + 1;
          break;
        }
      } else if (f.find(kReplacementChar) != std::string_view::npos) {
        column = static_cast<int>(i) + 1;
        break;
      }
    }
    std::string_view header =
        column > 0 && static_cast<size_t>(column) <= header_cells_.size()
            ? std::string_view(header_cells_[column - 1])
            : std::string_view();
    std::string_view field;
    if (validator_ && column > 0 &&
        static_cast<size_t>(column) <=
            validator_->mapping().column_of_cell.size()) {
      int c = validator_->mapping().column_of_cell[column - 1];
      if (c >= 0)
        field =
            validator_->table().fields[validator_->table().columns[c].field].id;
    }
    sink->Add(static_cast<int64_t>(record.row), column, header, field,
              FindingCode::kEncodingInvalid, Severity::kError,
              column > 0 ? record.fields[column - 1] : std::string_view(),
              absl::StrCat(HexBytes(e.raw()), " at byte ", e.input_offset));
    any = true;
  }
  return any;
}

bool ReaderImpl::CheckCsvRow(const io::RecordView& record, PendingRow* p) {
  FindingSink sink(&p->findings);
  const int64_t row = p->row;
  bool valid = !ReportDecodeErrors(record, &sink);
  if (record.malformed()) {
    valid = false;
    sink.Add(row, 0, "", "", FindingCode::kRowMalformedQuote, Severity::kError,
             record.raw, absl::StrCat("at byte ", record.issue_offset));
  }
  size_t n = record.fields.size();
  if (n < header_width_) {
    valid = false;
    sink.Add(row, static_cast<int32_t>(n), "", "", FindingCode::kRowTooFewCells,
             Severity::kError, record.raw,
             absl::StrCat(n, " cells, header has ", header_width_));
  } else if (n > header_cells_.size() &&
             !AllEmpty(record.fields.subspan(header_cells_.size()))) {
    valid = false;
    sink.Add(row, static_cast<int32_t>(header_cells_.size() + 1), "", "",
             FindingCode::kRowTooManyCells, Severity::kError, record.raw,
             absl::StrCat(n, " cells, header has ", header_cells_.size()));
  }
  return valid;
}

void ReaderImpl::KeepUnescapedCells(Batch* b, const PendingRow& p) {
  const char* begin = text_.data();
  const char* end = begin + text_.size();
  for (size_t i = p.cells_begin; i < p.cells_begin + p.cells_size; ++i) {
    std::string_view cell = b->cells[i];
    if (cell.empty() || (cell.data() >= begin && cell.data() < end)) continue;
    // Unescaped into the splitter's arena, which the next record reuses.
    if (b->text_used == b->text.size()) b->text.emplace_back();
    std::string& copy = b->text[b->text_used++];
    copy.assign(cell);
    b->cells[i] = copy;
  }
}

bool ReaderImpl::SplitCsvBatch(Batch* b) {
  io::RecordView record;
  // What the rows are checked against, once the header is read.
  size_t width = header_width_;
  size_t header_size = header_cells_.size();
  bool have_header = validator_.has_value();
  // The usual rows' cells fit without growing the buffer.
  if (have_header) b->cells.Reserve(kBatchRows * header_size);
  PendingRow* const rows = b->rows.data();
  size_t size = b->size;
  while (size < kBatchRows) {
    if (!csv_reset_) [[unlikely]] {
      csv_.Reset(text_, eof_ && decoder_finished_);
      csv_reset_ = true;
    }
    if (!csv_.Next(&record)) [[unlikely]] {
      // Hand out what the buffer held before reading on: its views must
      // stay valid until then.
      if (size > 0) break;
      if (eof_ && decoder_finished_) return false;
      Consume(csv_.consumed());
      csv_reset_ = false;
      if (!Fill() && !status_.ok()) return false;
      continue;
    }
    if (!have_header) [[unlikely]] {
      HeaderFit fit = FitHeader(record.fields);
      if (!fit.complete && RetryInOtherEncoding()) continue;
      std::vector<Finding> header_findings;
      FindingSink header_sink(&header_findings);
      ReportDecodeErrors(record, &header_sink);  // findings on the header
      for (const Finding& f : header_findings) {
        internal::CommitFinding(f, options_.max_findings, &report_);
      }
      if (!AcceptHeader(record.fields, fit)) {
        kind_ = Kind::kDone;
        return false;
      }
      width = header_width_;
      header_size = header_cells_.size();
      have_header = true;
      b->cells.Reserve(kBatchRows * header_size);
      continue;
    }
    const std::span<const std::string_view> fields = record.fields;
    if (AllEmpty(fields)) [[unlikely]] {  // a row of empty cells: ",,,,"
      ++empty_rows_;
      continue;
    }
    PendingRow& p = rows[size++];
    ResetRow(&p, static_cast<int64_t>(record.row), b->cells.size());
    p.raw = record.raw;
    p.cells_size = fields.size();
    p.plain = record.plain;
    const size_t n = fields.size();
    p.valid = (decode_error_cursor_ < decode_errors_.size() ||
               record.malformed() || n < width || n > header_size)
                  ? CheckCsvRow(record, &p)
                  : true;
    b->cells.Append(fields);
    if (record.unescaped) [[unlikely]] {
      KeepUnescapedCells(b, p);
    }
  }
  b->size = size;
  // Rows come from the text after the last Fill: one buffer, kept while
  // the batch is out.
  if (!borrowed_) b->buffer = decoded_;
  ReserveKeysFrom(*b);
  return true;
}

void ReaderImpl::ReserveKeysFrom(const Batch& b) {
  if (keys_reserved_ || source_.total() == 0 || b.size == 0) return;
  // Size the key index once from the first rows' length, instead of
  // growing it (and rehashing) a dozen times on a large input.
  keys_reserved_ = true;
  uint64_t bytes = 0;
  for (size_t i = 0; i < b.size; ++i) bytes += b.rows[i].raw.size() + 1;
  if (bytes > 0) {
    uint64_t rows = source_.total() / std::max<uint64_t>(1, bytes / b.size);
    validator_->ReserveKeys(
        static_cast<size_t>(std::min<uint64_t>(rows + rows / 8, 1u << 27)));
  }
}

void ReaderImpl::ValidateBatch(Batch* b, bool prefetch) const {
  // Loaded once: the calls below could change them, as far as the
  // compiler knows.
  const RecordValidator& validator = *validator_;
  PendingRow* const rows = b->rows.data();
  AnyRecord* const records = b->records.data();
  const std::string_view* const cells = b->cells.data();
  const size_t size = b->size;
  for (size_t i = 0; i < size; ++i) {
    PendingRow& p = rows[i];
    if (p.unreadable) continue;
    FindingSink sink(&p.findings);  // after the row's own findings
    p.valid &=
        validator.ValidateRow(p.row, {cells + p.cells_begin, p.cells_size},
                              &sink, &records[i], &p.key, &p.deferred, p.plain);
    p.normalised += sink.normalised();
    // Alone, the key is looked up a batch later, when the row is handed
    // out: time enough for its slot to arrive in cache.
    if (prefetch) validator.PrefetchKey(p.key);
  }
}

std::unique_ptr<ReaderImpl::Batch> ReaderImpl::TakeBatch() {
  std::unique_ptr<Batch> b;
  if (spare_.empty()) {
    b = std::make_unique<Batch>();
  } else {
    b = std::move(spare_.back());
    spare_.pop_back();
  }
  b->Clear();
  return b;
}

void ReaderImpl::FillPipeline() {
  const size_t ahead = workers_.empty() ? 1 : 2 * workers_.size() + 2;
  while (!input_done_ && pending_.size() < ahead) {
    std::unique_ptr<Batch> b = TakeBatch();
    if (!(kind_ == Kind::kJson ? SplitJsonBatch(b.get())
                               : SplitCsvBatch(b.get()))) {
      input_done_ = true;
      spare_.push_back(std::move(b));
      break;
    }
    Batch* batch = b.get();
    pending_.push_back(std::move(b));
    if (workers_.empty()) {
      ValidateBatch(batch, /*prefetch=*/true);
      batch->validated = true;
    } else {
      std::lock_guard<std::mutex> lock(mu_);
      queue_.push_back(batch);
      work_cv_.notify_one();
    }
  }
}

void ReaderImpl::StartWorkers() {
  if (options_.threads <= 1 || !workers_.empty()) return;
  // The calling thread is the last of them (see Next).
  for (int i = 1; i < options_.threads; ++i) {
    workers_.emplace_back([this] { WorkerLoop(); });
  }
}

void ReaderImpl::StopWorkers() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stop_ = true;
  }
  work_cv_.notify_all();
  for (std::thread& t : workers_) t.join();
  workers_.clear();
}

void ReaderImpl::WorkerLoop() {
  for (;;) {
    Batch* b;
    {
      std::unique_lock<std::mutex> lock(mu_);
      work_cv_.wait(lock, [this] { return stop_ || !queue_.empty(); });
      if (queue_.empty()) return;  // stopping
      b = queue_.front();
      queue_.pop_front();
    }
    ValidateBatch(b, /*prefetch=*/false);
    {
      std::lock_guard<std::mutex> lock(mu_);
      b->validated = true;
    }
    done_cv_.notify_all();
  }
}

void ReaderImpl::ReportDuplicateKey(PendingRow* p) {
  FindingSink sink(&p->findings);
  if (!validator_->CheckKey(p->row, p->key, serving_->CellsOf(current_),
                            &sink)) {
    p->valid = false;
  }
}

void ReaderImpl::CommitFindings(const PendingRow& p) {
  for (const Finding& f : p.findings) {
    internal::CommitFinding(f, options_.max_findings, &report_);
  }
}

bool ReaderImpl::AcceptJsonKeys(simdjson::ondemand::object object) {
  std::vector<std::string> keys;
  for (auto field : object) {
    std::string_view key;
    if (field.unescaped_key().get(key)) break;
    keys.emplace_back(key);
  }
  std::vector<std::string_view> views(keys.begin(), keys.end());
  const TableInfo* table = nullptr;
  if (options_.table) {
    table = &GetTable(*options_.table);
  } else {
    TableDetection detection = DetectTable(views);
    if (detection.outcome != TableDetection::Outcome::kDetected) {
      FileFinding(detection.outcome == TableDetection::Outcome::kAmbiguous
                      ? FindingCode::kFileAmbiguousTable
                      : FindingCode::kFileUnknownTable,
                  detection.message, 1);
      return false;
    }
    table = detection.table;
  }
  report_.table = std::string(table->name);
  // Each field is one "column", named by its id; keys may be ids, Chinese
  // headers or aliases.
  std::vector<std::string_view> ids;
  for (size_t f = 0; f < table->fields.size(); ++f) {
    const FieldInfo& field = table->fields[f];
    ids.push_back(field.id);
    json_key_field_[NormalizeHeader(field.id)] = static_cast<int>(f);
    json_key_field_[NormalizeHeader(field.zh_name)] = static_cast<int>(f);
    std::string_view aliases = field.aliases;
    while (!aliases.empty()) {
      size_t bar = aliases.find('|');
      json_key_field_[NormalizeHeader(aliases.substr(0, bar))] =
          static_cast<int>(f);
      if (bar == std::string_view::npos) break;
      aliases.remove_prefix(bar + 1);
    }
  }
  for (const ColumnInfo& c : table->columns) {
    json_key_field_[NormalizeHeader(c.header)] = c.field;
  }
  HeaderMapping mapping = MatchHeader(*table, ids);
  header_cells_.assign(ids.begin(), ids.end());
  internal::ValidateOptions validate_options;
  validate_options.check = options_.check;
  validate_options.max_findings = options_.max_findings;
  validator_.emplace(*table, std::move(mapping), header_cells_,
                     validate_options);
  json_values_.assign(table->fields.size(), std::string_view());
  return true;
}

namespace {
// Identifiers must be strings: a number loses leading zeros and the 'X'.
bool IsIdentifierType(ValueType t) {
  return t == ValueType::kUscc || t == ValueType::kOrgCode ||
         t == ValueType::kRegNo || t == ValueType::kEntityCode ||
         t == ValueType::kIdNumber;
}
}  // namespace

std::string_view ReaderImpl::KeepText(Batch* b, std::string_view v) {
  if (v.empty()) return v;
  if (b->text_used == b->text.size()) b->text.emplace_back();
  std::string& copy = b->text[b->text_used++];
  copy.assign(v);
  return copy;
}

int ReaderImpl::FieldOfJsonKey(size_t position, std::string_view key) {
  if (position >= json_keys_seen_.size()) {
    json_keys_seen_.resize(position + 1);
  }
  JsonKeySeen& seen = json_keys_seen_[position];
  if (seen.set && internal::SameBytes(seen.key, key)) return seen.field;
  // Keys are usually the field ids as written; normalise only others.
  auto it = json_key_field_.find(absl::string_view(key.data(), key.size()));
  if (it == json_key_field_.end()) {
    it = json_key_field_.find(NormalizeHeader(key));
  }
  seen.key.assign(key);
  seen.field = it == json_key_field_.end() ? -1 : it->second;
  seen.set = true;
  return seen.field;
}

void ReaderImpl::ReadFlatJson(Batch* b, PendingRow* p) {
  // The values are views into the input text, kept while the batch is out.
  const int64_t row = p->row;
  const auto& fields = validator_->table().fields;
  bool valid = true;
  for (std::string_view& v : json_values_) v = {};
  std::fill(json_seen_.begin(), json_seen_.end(), 0);
  std::span<const internal::FlatMember> members = json_.flat();
  for (size_t j = 0; j < members.size(); ++j) {
    const internal::FlatMember& m = members[j];
    int f = FieldOfJsonKey(j, m.key);
    if (f < 0) {
      sink_.Add(row, 0, m.key, "", FindingCode::kJsonUnknownKey,
                Severity::kWarning, m.key);
      continue;
    }
    const FieldInfo& info = fields[f];
    std::string_view v = m.value;
    if (m.kind == internal::FlatMember::Kind::kNumber &&
        IsIdentifierType(info.type)) {
      valid = false;
      sink_.Add(row, f + 1, m.key, info.id, FindingCode::kJsonNumberIdentifier,
                Severity::kError, v);
    }
    if (json_seen_[f] && !internal::SameBytes(json_values_[f], v)) {
      valid = false;
      sink_.Add(row, f + 1, m.key, info.id, FindingCode::kRecordRepeatDisagree,
                Severity::kError, v);
      continue;
    }
    json_seen_[f] = 1;
    json_values_[f] = v;
  }
  p->cells_begin = b->cells.size();
  b->cells.Append(json_values_);
  p->cells_size = json_values_.size();
  p->valid = valid;
}

void ReaderImpl::ReadJsonWithParser(std::string_view text, Batch* b,
                                    PendingRow* p) {
  const int64_t row = p->row;
  padded_.assign(text);
  padded_.append(simdjson::SIMDJSON_PADDING, '\0');
  simdjson::ondemand::document doc;
  simdjson::ondemand::object object;
  if (parser_.iterate(padded_.data(), text.size(), padded_.size()).get(doc) ||
      doc.get_object().get(object)) {
    sink_.Add(row, 0, "", "", FindingCode::kJsonNotObject, Severity::kError,
              text.substr(0, 200));
    ClearRecord(&b->records[p - b->rows.data()]);
    p->unreadable = true;
    return;
  }
  bool valid = true;
  for (std::string_view& v : json_values_) v = {};
  std::fill(json_seen_.begin(), json_seen_.end(), 0);
  for (auto field : object) {
    std::string_view key;
    simdjson::ondemand::value value;
    if (field.unescaped_key().get(key) || field.value().get(value)) {
      valid = false;
      sink_.Add(row, 0, "", "", FindingCode::kJsonSyntax, Severity::kError,
                text.substr(0, 200));
      break;
    }
    // Keys are usually the field ids as written; normalise only others.
    auto it = json_key_field_.find(absl::string_view(key.data(), key.size()));
    if (it == json_key_field_.end()) {
      it = json_key_field_.find(NormalizeHeader(key));
    }
    if (it == json_key_field_.end()) {
      sink_.Add(row, 0, key, "", FindingCode::kJsonUnknownKey,
                Severity::kWarning, key);
      continue;
    }
    int f = it->second;
    const FieldInfo& info = validator_->table().fields[f];
    simdjson::ondemand::json_type type;
    if (value.type().get(type)) {
      valid = false;
      sink_.Add(row, f + 1, key, info.id, FindingCode::kJsonSyntax,
                Severity::kError, "");
      break;
    }
    std::string_view v;
    switch (type) {
      case simdjson::ondemand::json_type::string:
        if (value.get_string().get(v)) v = {};
        break;
      case simdjson::ondemand::json_type::number: {
        v = value.raw_json_token();
        while (!v.empty() && (v.back() == ' ' || v.back() == '\n' ||
                              v.back() == '\r' || v.back() == '\t')) {
          v.remove_suffix(1);
        }
        if (IsIdentifierType(info.type)) {
          valid = false;
          sink_.Add(row, f + 1, key, info.id,
                    FindingCode::kJsonNumberIdentifier, Severity::kError, v);
        }
        break;
      }
      case simdjson::ondemand::json_type::null:
        break;
      default:
        valid = false;
        sink_.Add(row, f + 1, key, info.id, FindingCode::kJsonValueType,
                  Severity::kError, value.raw_json_token());
        continue;
    }
    if (json_seen_[f] && json_values_[f] != v) {
      valid = false;
      sink_.Add(row, f + 1, key, info.id, FindingCode::kRecordRepeatDisagree,
                Severity::kError, v);
      continue;
    }
    json_seen_[f] = 1;
    json_values_[f] = v;
  }
  // The values view the parser's buffers, which the next record reuses.
  p->cells_begin = b->cells.size();
  for (std::string_view& v : json_values_) v = KeepText(b, v);
  b->cells.Append(json_values_);
  p->cells_size = json_values_.size();
  p->valid = valid;
}

bool ReaderImpl::SplitJsonBatch(Batch* b) {
  std::string_view text;
  uint64_t offset = 0;
  while (b->size < kBatchRows) {
    if (!json_reset_) {
      json_.Reset(text_, eof_ && decoder_finished_);
      json_reset_ = true;
    }
    // The first record decides the table: simdjson reads it whole.
    json_.set_read_flat(validator_.has_value());
    auto result = json_.Next(&text, &offset);
    if (result == internal::JsonRecordSplitter::Result::kNeedMore) {
      // Hand out what the buffer held before reading on: its views must
      // stay valid until then.
      if (b->size > 0) break;
      Consume(json_.consumed());
      json_reset_ = false;
      if (!Fill() && !status_.ok()) return false;
      continue;
    }
    if (result == internal::JsonRecordSplitter::Result::kEnd) break;
    ++json_ordinal_;
    if (result == internal::JsonRecordSplitter::Result::kError) {
      std::string detail = absl::StrCat("unexpected text at byte ", offset);
      if (!validator_) {
        FileFinding(FindingCode::kJsonSyntax, detail, json_ordinal_);
        --json_ordinal_;
        continue;
      }
      size_t i = b->size++;
      PendingRow& p = BeginRow(b, i, json_ordinal_);
      p.unreadable = true;
      sink_.Add(json_ordinal_, 0, "", "", FindingCode::kJsonSyntax,
                Severity::kError, "", detail);
      ClearRecord(&b->records[i]);
      continue;
    }
    if (!validator_) {
      padded_.assign(text);
      padded_.append(simdjson::SIMDJSON_PADDING, '\0');
      simdjson::ondemand::document doc;
      simdjson::ondemand::object object;
      if (parser_.iterate(padded_.data(), text.size(), padded_.size())
              .get(doc) ||
          doc.get_object().get(object)) {
        FileFinding(FindingCode::kFileNoHeader,
                    "the first JSON record is not an object", 1);
        kind_ = Kind::kDone;
        return false;
      }
      if (!AcceptJsonKeys(object)) {
        kind_ = Kind::kDone;
        return false;
      }
      json_seen_.assign(json_values_.size(), 0);
    }
    size_t i = b->size++;
    PendingRow& p = BeginRow(b, i, json_ordinal_);
    p.raw = text;
    if (json_.flat_ok()) {
      ReadFlatJson(b, &p);
    } else {
      ReadJsonWithParser(text, b, &p);
    }
  }
  if (b->size == 0) return false;
  // Rows come from the text after the last Fill: one buffer, kept while
  // the batch is out.
  if (!borrowed_) b->buffer = decoded_;
  ReserveKeysFrom(*b);
  return true;
}

bool ReaderImpl::NextBatch() {
  if (kind_ == Kind::kDone) return false;
  if (kind_ == Kind::kUndecided) {
    if (!Fill() && !status_.ok()) {
      kind_ = Kind::kDone;
      return false;
    }
    DecideFormat();
    if (text_.find_first_not_of(" \t\r\n") == std::string_view::npos && eof_) {
      FileFinding(FindingCode::kFileNoHeader, "the input is empty");
      kind_ = Kind::kDone;
      return false;
    }
  }
  if (serving_ != nullptr) {
    // The batch is used up (Next() hands out the rest of it).
    spare_.push_back(std::move(pending_.front()));
    pending_.pop_front();
    serving_ = nullptr;
  }
  if (kind_ == Kind::kJson || kind_ == Kind::kCsv) {
    StartWorkers();
    FillPipeline();
  }
  if (pending_.empty()) {
    if (kind_ == Kind::kCsv || csv_.blank_lines() > 0) CountBlankLines();
    // Reading may stop early (a header that fits no table) while the
    // decoder still weighs its evidence: let it finish (reading on, the
    // text discarded), so the encoding named never depends on the chunks.
    while (!decoder_.decided() && !eof_ && status_.ok()) {
      Consume(text_.size());
      if (!Fill()) break;
    }
    NameEncoding();
    if (!validator_ && report_.findings.empty() && report_.errors == 0) {
      FileFinding(FindingCode::kFileNoHeader, "no header row");
    }
    kind_ = Kind::kDone;
    StopWorkers();
    return false;
  }
  if (kind_ == Kind::kCsv || kind_ == Kind::kDone) CountBlankLines();
  serving_ = pending_.front().get();
  if (!workers_.empty()) {
    std::unique_lock<std::mutex> lock(mu_);
    while (!serving_->validated) {
      if (queue_.empty()) {
        done_cv_.wait(lock);
        continue;
      }
      // Rather than wait, this thread validates a batch too: it is one of
      // the threads asked for.
      Batch* b = queue_.front();
      queue_.pop_front();
      lock.unlock();
      ValidateBatch(b, /*prefetch=*/false);
      lock.lock();
      b->validated = true;
    }
  }
  if (serving_->size > 0) source_.Release(serving_->rows[0].raw.data());
  prefetch_ahead_ = !workers_.empty() && validator_.has_value();
  if (prefetch_ahead_) {
    for (size_t i = 0; i < serving_->size && i < kPrefetchRows; ++i) {
      validator_->PrefetchKey(serving_->rows[i].key);
    }
  }
  current_ = 0;
  FinishRow();
  return true;
}

}  // namespace

std::optional<InputEncoding> InputEncodingFromName(std::string_view name) {
  if (name == "auto") return InputEncoding::kAuto;
  if (name == "utf-8" || name == "utf8") return InputEncoding::kUtf8;
  if (name == "gb18030" || name == "gbk" || name == "gb2312") {
    return InputEncoding::kGb18030;
  }
  if (name == "utf-16" || name == "utf16") return InputEncoding::kUtf16;
  return std::nullopt;
}

std::optional<InputFormat> InputFormatFromName(std::string_view name) {
  if (name == "auto") return InputFormat::kAuto;
  if (name == "csv") return InputFormat::kCsv;
  if (name == "tsv") return InputFormat::kTsv;
  if (name == "json") return InputFormat::kJson;
  if (name == "ndjson") return InputFormat::kNdjson;
  return std::nullopt;
}

absl::StatusOr<std::unique_ptr<RecordReader>> RecordReader::OpenFile(
    const std::string& path, const ReadOptions& options) {
  auto source = Source::File(path);
  if (!source.ok()) return source.status();
  return std::unique_ptr<RecordReader>(
      new ReaderImpl(std::move(*source), options, path));
}

absl::StatusOr<std::unique_ptr<RecordReader>> RecordReader::OpenBuffer(
    std::string_view data, const ReadOptions& options) {
  return std::unique_ptr<RecordReader>(
      new ReaderImpl(Source::Memory(data), options, ""));
}

namespace {
absl::StatusOr<Report> Drain(
    absl::StatusOr<std::unique_ptr<RecordReader>> reader) {
  if (!reader.ok()) return reader.status();
  while ((*reader)->Next()) {
  }
  if (!(*reader)->status().ok()) return (*reader)->status();
  return (*reader)->report();
}
}  // namespace

absl::StatusOr<Report> ValidateFile(const std::string& path,
                                    const ReadOptions& options) {
  return Drain(RecordReader::OpenFile(path, options));
}

absl::StatusOr<Report> ValidateBuffer(std::string_view data,
                                      const ReadOptions& options) {
  return Drain(RecordReader::OpenBuffer(data, options));
}

bool IsUnreadable(const Report& report) {
  for (const Finding& f : report.findings) {
    if (f.code == FindingCode::kFileNoHeader ||
        f.code == FindingCode::kFileUnknownTable ||
        f.code == FindingCode::kFileAmbiguousTable) {
      return true;
    }
  }
  return false;
}

}  // namespace creditdata
