// validate, convert and split: reading submissions from files.

#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <thread>

#include "cli/commands.h"
#include "creditdata/reader.h"
#include "creditdata/report.h"
#include "creditdata/writer.h"

namespace creditdata::cli {
namespace {

// Options shared by the reading commands.
struct InputFlags {
  InputFlags() {
    // Validation keeps every core busy unless told otherwise.
    unsigned cores = std::thread::hardware_concurrency();
    read.threads = static_cast<int>(std::clamp(cores, 1u, 8u));
  }
  ReadOptions read;
  bool quiet = false;
  std::vector<std::string_view> positional;
};

// Parses the flags every reading command accepts; returns an error message
// or "" and leaves unknown flags to `extra`.
std::string ParseInputFlags(
    Args args, InputFlags* flags,
    const std::function<std::string(std::string_view, std::string_view, bool*)>&
        extra) {
  for (size_t i = 0; i < args.size(); ++i) {
    std::string_view a = args[i];
    std::string_view value;
    bool has_value = i + 1 < args.size();
    if (has_value) value = args[i + 1];
    if (a == "--quiet" || a == "-q") {
      flags->quiet = true;
    } else if (a == "--table" && has_value) {
      const TableInfo* t = FindTable(value);
      if (t == nullptr) return "unknown table '" + std::string(value) + "'";
      flags->read.table = t->id;
      ++i;
    } else if (a == "--encoding" && has_value) {
      auto e = InputEncodingFromName(value);
      if (!e) {
        return "--encoding must be auto, utf-8, gb18030 or utf-16";
      }
      flags->read.encoding = *e;
      ++i;
    } else if (a == "--input-format" && has_value) {
      auto f = InputFormatFromName(value);
      if (!f) return "--input-format must be auto, csv, tsv, json or ndjson";
      flags->read.format = *f;
      ++i;
    } else if (a == "--max-findings" && has_value) {
      try {
        flags->read.max_findings = std::stoul(std::string(value));
      } catch (...) {
        return "--max-findings takes a number";
      }
      ++i;
    } else if (a == "--threads" && has_value) {
      int threads = 0;
      auto [end, ec] =
          std::from_chars(value.data(), value.data() + value.size(), threads);
      if (ec != std::errc() || end != value.data() + value.size() ||
          threads < 1 || threads > 64) {
        return "--threads takes a number from 1 to 64";
      }
      flags->read.threads = threads;
      ++i;
    } else if (a.starts_with("-") && a.size() > 1) {
      bool used_value = false;
      std::string error = extra ? extra(a, has_value ? value : "", &used_value)
                                : "unknown option " + std::string(a);
      if (!error.empty()) return error;
      if (used_value) ++i;
    } else {
      flags->positional.push_back(a);
    }
  }
  return "";
}

// Progress on stderr for runs longer than a second, only on a terminal.
class Progress {
 public:
  explicit Progress(bool enabled)
      : enabled_(enabled && isatty(STDERR_FILENO) == 1),
        start_(std::chrono::steady_clock::now()) {}
  ~Progress() {
    if (shown_) std::fputs("\r\033[K", stderr);
  }
  std::function<void(uint64_t, int64_t)> Callback(uint64_t total) {
    if (!enabled_) return {};
    return [this, total](uint64_t bytes, int64_t rows) {
      double seconds = std::chrono::duration<double>(
                           std::chrono::steady_clock::now() - start_)
                           .count();
      if (seconds < 1.0) return;
      shown_ = true;
      double rate = static_cast<double>(rows) / seconds;
      double mb = static_cast<double>(bytes) / 1e6;
      double left = total > bytes && bytes > 0
                        ? seconds * static_cast<double>(total - bytes) /
                              static_cast<double>(bytes)
                        : 0.0;
      std::fprintf(stderr, "\r%.1f MB read, %.0f rows/s, %.0f s left\033[K", mb,
                   rate, left);
    };
  }

 private:
  bool enabled_;
  bool shown_ = false;
  std::chrono::steady_clock::time_point start_;
};

// A file written in large blocks.
class OutputFile {
 public:
  explicit OutputFile(const std::string& path)
      : file_(std::fopen(path.c_str(), "wb")) {}
  ~OutputFile() { Close(); }
  bool ok() const { return file_ != nullptr && !failed_; }
  std::string* buffer() { return &buffer_; }
  void MaybeFlush() {
    if (buffer_.size() >= (size_t{1} << 20)) Flush();
  }
  void Flush() {
    if (file_ == nullptr) return;
    if (std::fwrite(buffer_.data(), 1, buffer_.size(), file_) !=
        buffer_.size()) {
      failed_ = true;
    }
    buffer_.clear();
  }
  bool Close() {
    if (file_ == nullptr) return !failed_;
    Flush();
    failed_ |= std::fclose(file_) != 0;
    file_ = nullptr;
    return !failed_;
  }

 private:
  std::FILE* file_;
  bool failed_ = false;
  std::string buffer_;
};

std::string FormatReport(const Report& report, bool json) {
  return json ? ReportToJson(report) : ReportToText(report);
}

void Print(std::string_view s) { std::fwrite(s.data(), 1, s.size(), stdout); }

// The reason column of a rejected row: "code: message; …".
std::string Reasons(std::span<const Finding> findings) {
  std::string out;
  for (const Finding& f : findings) {
    if (f.severity != Severity::kError) continue;
    if (!out.empty()) out += "; ";
    if (f.column > 0) out += "column " + std::to_string(f.column) + " ";
    out += std::string(FindingCodeName(f.code)) + ": " +
           std::string(FindingMessage(f.code, Language::kChinese));
  }
  return out;
}

// The value of --to; an error message, or "".
std::string ParseTo(std::string_view value, std::optional<OutputFormat>* to) {
  *to = OutputFormatFromName(value);
  return *to ? "" : "--to must be csv, csv-bom, gb18030, json or ndjson";
}

std::optional<OutputFormat> FormatForPath(std::string_view path) {
  if (path.ends_with(".json")) return OutputFormat::kJson;
  if (path.ends_with(".ndjson") || path.ends_with(".jsonl")) {
    return OutputFormat::kNdjson;
  }
  return std::nullopt;
}

}  // namespace

int RunValidate(Args args) {
  InputFlags flags;
  bool json = false;
  std::string error =
      ParseInputFlags(args, &flags,
                      [&](std::string_view flag, std::string_view value,
                          bool* used) -> std::string {
                        if (flag == "--format") {
                          *used = true;
                          if (value == "json") {
                            json = true;
                          } else if (value != "text") {
                            return "--format must be text or json";
                          }
                          return "";
                        }
                        return "unknown option " + std::string(flag);
                      });
  if (!error.empty()) return UsageError("validate: " + error);
  if (flags.positional.size() != 1) {
    return UsageError(
        "usage: creditdata validate [--table ID] [--encoding "
        "auto|utf-8|gb18030|utf-16] [--format text|json] [--max-findings N] "
        "[--threads N] [--quiet] FILE");
  }
  std::string path(flags.positional[0]);
  Progress progress(!flags.quiet);
  std::error_code size_error;
  uint64_t size = std::filesystem::file_size(path, size_error);
  flags.read.progress = progress.Callback(size_error ? 0 : size);
  auto reader = RecordReader::OpenFile(path, flags.read);
  if (!reader.ok()) return UsageError(std::string(reader.status().message()));
  while ((*reader)->Next()) {
  }
  if (!(*reader)->status().ok()) {
    return UsageError(std::string((*reader)->status().message()));
  }
  const Report& report = (*reader)->report();
  Print(FormatReport(report, json));
  if (IsUnreadable(report)) return kExitUsage;
  return report.errors > 0 ? kExitFindings : kExitOk;
}

int RunConvert(Args args) {
  InputFlags flags;
  std::optional<OutputFormat> to;
  HeaderStyle header = HeaderStyle::kTemplate;
  std::string error =
      ParseInputFlags(args, &flags,
                      [&](std::string_view flag, std::string_view value,
                          bool* used) -> std::string {
                        *used = true;
                        if (flag == "--to") return ParseTo(value, &to);
                        if (flag == "--header") {
                          if (value == "ids") {
                            header = HeaderStyle::kFieldIds;
                          } else if (value != "template") {
                            return "--header must be template or ids";
                          }
                          return "";
                        }
                        *used = false;
                        return "unknown option " + std::string(flag);
                      });
  if (!error.empty()) return UsageError("convert: " + error);
  if (flags.positional.size() != 2 || !to) {
    return UsageError(
        "usage: creditdata convert --to csv|csv-bom|gb18030|json|ndjson "
        "[--table ID] [--header template|ids] IN OUT");
  }
  auto reader =
      RecordReader::OpenFile(std::string(flags.positional[0]), flags.read);
  if (!reader.ok()) return UsageError(std::string(reader.status().message()));
  OutputFile out{std::string(flags.positional[1])};
  if (!out.ok()) {
    return UsageError("cannot write " + std::string(flags.positional[1]));
  }
  std::optional<RecordWriter> writer;
  int64_t rejected = 0;
  while ((*reader)->Next()) {
    if (!writer) {
      writer.emplace(*(*reader)->table(), *to, header);
      writer->Begin(out.buffer());
    }
    // Only whole, valid records are converted: a rejected row would lose
    // its bad values silently. `split` keeps them.
    if (!(*reader)->row_valid()) {
      ++rejected;
      continue;
    }
    writer->Write((*reader)->record(), out.buffer());
    out.MaybeFlush();
  }
  const Report& report = (*reader)->report();
  if (!writer && (*reader)->table() != nullptr) {
    writer.emplace(*(*reader)->table(), *to, header);
    writer->Begin(out.buffer());
  }
  if (writer) writer->End(out.buffer());
  if (!out.Close()) return UsageError("write failed");
  if (!(*reader)->status().ok()) {
    return UsageError(std::string((*reader)->status().message()));
  }
  if (IsUnreadable(report)) {
    std::fputs(ReportToText(report).c_str(), stderr);
    return kExitUsage;
  }
  if (rejected > 0) {
    std::fprintf(stderr,
                 "creditdata: %lld of %lld rows rejected and not converted "
                 "(see 'creditdata split' or 'creditdata validate')\n",
                 static_cast<long long>(rejected),
                 static_cast<long long>(report.rows));
    return kExitFindings;
  }
  return kExitOk;
}

int RunSplit(Args args) {
  InputFlags flags;
  std::optional<OutputFormat> to;
  std::string error =
      ParseInputFlags(args, &flags,
                      [&](std::string_view flag, std::string_view value,
                          bool* used) -> std::string {
                        *used = true;
                        if (flag == "--to") return ParseTo(value, &to);
                        *used = false;
                        return "unknown option " + std::string(flag);
                      });
  if (!error.empty()) return UsageError("split: " + error);
  if (flags.positional.size() != 3) {
    return UsageError(
        "usage: creditdata split [--table ID] [--encoding E] [--to FORMAT] "
        "IN VALID_OUT REJECTED_OUT");
  }
  auto reader =
      RecordReader::OpenFile(std::string(flags.positional[0]), flags.read);
  if (!reader.ok()) return UsageError(std::string(reader.status().message()));
  OutputFile valid_out{std::string(flags.positional[1])};
  OutputFile rejected_out{std::string(flags.positional[2])};
  if (!valid_out.ok() || !rejected_out.ok()) {
    return UsageError("cannot write the output files");
  }
  OutputFormat format =
      to ? *to
         : FormatForPath(flags.positional[1]).value_or(OutputFormat::kCsvBom);
  std::optional<RecordWriter> writer;
  bool rejected_header = false;
  bool json_input = false;
  while ((*reader)->Next()) {
    RecordReader& r = **reader;
    if (!writer) {
      writer.emplace(*r.table(), format);
      writer->Begin(valid_out.buffer());
      json_input = r.format() == "json" || r.format() == "ndjson";
    }
    if (r.row_valid()) {
      writer->Write(r.record(), valid_out.buffer());
      valid_out.MaybeFlush();
      continue;
    }
    std::string* out = rejected_out.buffer();
    if (json_input) {
      // One line per rejected record: its row, the reasons, the record as
      // it came in.
      out->append("{\"row\":" + std::to_string(r.row()) + ",\"reasons\":");
      AppendJsonString(Reasons(r.row_findings()), out);
      out->append(",\"record\":");
      if (r.raw_row().empty()) {
        out->append("null");
      } else {
        out->append(r.raw_row());
      }
      out->append("}\n");
    } else {
      // The header and the row as they came in, with the row number and
      // the reasons appended as two more cells.
      if (!rejected_header) {
        rejected_header = true;
        out->append("\xEF\xBB\xBF");
        for (const std::string& h : r.header_cells()) {
          AppendCsvField(h, ',', out);
          out->push_back(',');
        }
        out->append("行号,错误原因\r\n");
      }
      for (std::string_view cell : r.cells()) {
        AppendCsvField(cell, ',', out);
        out->push_back(',');
      }
      for (size_t i = r.cells().size(); i < r.header_cells().size(); ++i) {
        out->push_back(',');
      }
      out->append(std::to_string(r.row()) + ",");
      AppendCsvField(Reasons(r.row_findings()), ',', out);
      out->append("\r\n");
    }
    rejected_out.MaybeFlush();
  }
  if (writer) writer->End(valid_out.buffer());
  bool written = valid_out.Close() & rejected_out.Close();
  if (!written) return UsageError("write failed");
  if (!(*reader)->status().ok()) {
    return UsageError(std::string((*reader)->status().message()));
  }
  const Report& report = (*reader)->report();
  std::fprintf(stderr, "creditdata: %lld valid, %lld rejected\n",
               static_cast<long long>(report.valid_rows),
               static_cast<long long>(report.rows - report.valid_rows));
  if (IsUnreadable(report)) return kExitUsage;
  return report.rows > report.valid_rows ? kExitFindings : kExitOk;
}

}  // namespace creditdata::cli
