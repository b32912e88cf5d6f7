#include "creditdata/writer.h"

#include <array>

#include "text/encoding.h"
#include "validate/member_parse.h"

namespace creditdata {
namespace {

constexpr std::array<std::string_view, 5> kFormatNames = {
    "csv", "csv-bom", "gb18030", "json", "ndjson"};

bool IsIdentifier(ValueType type) {
  return type == ValueType::kUscc || type == ValueType::kOrgCode ||
         type == ValueType::kRegNo || type == ValueType::kEntityCode ||
         type == ValueType::kIdNumber;
}

bool IsCsv(OutputFormat f) {
  return f == OutputFormat::kCsv || f == OutputFormat::kCsvBom ||
         f == OutputFormat::kCsvGb18030;
}

}  // namespace

std::string_view OutputFormatName(OutputFormat format) {
  return kFormatNames[static_cast<size_t>(format)];
}

std::optional<OutputFormat> OutputFormatFromName(std::string_view name) {
  if (name == "csv-utf8" || name == "utf-8") return OutputFormat::kCsv;
  if (name == "csv-gb18030" || name == "gbk") return OutputFormat::kCsvGb18030;
  for (size_t i = 0; i < kFormatNames.size(); ++i) {
    if (kFormatNames[i] == name) return static_cast<OutputFormat>(i);
  }
  return std::nullopt;
}

void AppendCsvField(std::string_view value, char delimiter, std::string* out) {
  bool quote = !value.empty() && (value.front() == ' ' || value.back() == ' ');
  for (char c : value) {
    if (c == delimiter || c == '"' || c == '\r' || c == '\n') {
      quote = true;
      break;
    }
  }
  if (!quote) {
    out->append(value);
    return;
  }
  out->push_back('"');
  for (char c : value) {
    if (c == '"') out->push_back('"');
    out->push_back(c);
  }
  out->push_back('"');
}

void AppendJsonString(std::string_view value, std::string* out) {
  static constexpr char kHex[] = "0123456789abcdef";
  out->push_back('"');
  for (char ch : value) {
    auto c = static_cast<unsigned char>(ch);
    switch (c) {
      case '"':
        out->append("\\\"");
        break;
      case '\\':
        out->append("\\\\");
        break;
      case '\n':
        out->append("\\n");
        break;
      case '\r':
        out->append("\\r");
        break;
      case '\t':
        out->append("\\t");
        break;
      default:
        if (c < 0x20) {
          out->append("\\u00");
          out->push_back(kHex[c >> 4]);
          out->push_back(kHex[c & 15]);
        } else {
          out->push_back(ch);
        }
    }
  }
  out->push_back('"');
}

RecordWriter::RecordWriter(const TableInfo& table, OutputFormat format,
                           HeaderStyle header_style)
    : table_(&table),
      format_(format),
      header_style_(header_style),
      values_(table.fields.size()) {
  if (format == OutputFormat::kCsvBom || format == OutputFormat::kCsvGb18030) {
    line_end_ = "\r\n";
  }
}

void RecordWriter::Emit(std::string_view text, std::string* out) {
  if (format_ != OutputFormat::kCsvGb18030) {
    out->append(text);
    return;
  }
  // Canonical values are valid UTF-8, so the conversion cannot fail.
  auto converted = text::Utf8ToGb18030(text);
  if (converted.ok()) out->append(*converted);
}

void RecordWriter::Begin(std::string* out) {
  first_record_ = true;
  if (format_ == OutputFormat::kJson) {
    out->push_back('[');
    return;
  }
  if (format_ == OutputFormat::kNdjson) return;
  if (format_ == OutputFormat::kCsvBom) out->append("\xEF\xBB\xBF");
  line_.clear();
  if (header_style_ == HeaderStyle::kTemplate) {
    for (size_t c = 0; c < table_->columns.size(); ++c) {
      if (c > 0) line_.push_back(delimiter_);
      AppendCsvField(table_->columns[c].header, delimiter_, &line_);
    }
  } else {
    for (size_t f = 0; f < table_->fields.size(); ++f) {
      if (f > 0) line_.push_back(delimiter_);
      AppendCsvField(table_->fields[f].id, delimiter_, &line_);
    }
  }
  line_.append(line_end_);
  Emit(line_, out);
}

void RecordWriter::End(std::string* out) {
  if (format_ == OutputFormat::kJson) out->append(first_record_ ? "]" : "\n]");
  if (format_ == OutputFormat::kJson) out->push_back('\n');
}

void RecordWriter::Write(const AnyRecord& record, std::string* out) {
  VisitTable(table_->id, [&](auto tag) {
    using Record = typename decltype(tag)::type;
    if (const Record* r = std::get_if<Record>(&record)) WriteTyped(*r, out);
  });
}

template <typename Record>
void RecordWriter::WriteTyped(const Record& record, std::string* out) {
  ForEachField(record, [&](int f, const auto& member) {
    internal::FormatMember(member, &values_[f]);
  });
  line_.clear();
  if (IsCsv(format_)) {
    // Excel turns long digit strings into numbers; ="…" keeps identifier
    // cells text in the files meant for Excel. Readers strip the wrapper.
    bool excel = format_ != OutputFormat::kCsv;
    auto put = [&](int f, bool first) {
      if (!first) line_.push_back(delimiter_);
      const std::string& v = values_[f];
      if (excel && !v.empty() && IsIdentifier(table_->fields[f].type)) {
        line_.append("=\"").append(v).append("\"");
      } else {
        AppendCsvField(v, delimiter_, &line_);
      }
    };
    if (header_style_ == HeaderStyle::kTemplate) {
      // Columns the annex repeats carry the value once, in the first.
      std::vector<bool>& seen = seen_scratch_;
      seen.assign(table_->fields.size(), false);
      for (size_t c = 0; c < table_->columns.size(); ++c) {
        int f = table_->columns[c].field;
        if (seen[f]) {
          if (c > 0) line_.push_back(delimiter_);
        } else {
          seen[f] = true;
          put(f, c == 0);
        }
      }
    } else {
      for (size_t f = 0; f < table_->fields.size(); ++f) {
        put(static_cast<int>(f), f == 0);
      }
    }
    line_.append(line_end_);
    Emit(line_, out);
    return;
  }
  // JSON: every field, null when absent.
  if (format_ == OutputFormat::kJson) {
    line_.append(first_record_ ? "\n" : ",\n");
  }
  line_.push_back('{');
  for (size_t f = 0; f < table_->fields.size(); ++f) {
    if (f > 0) line_.push_back(',');
    AppendJsonString(table_->fields[f].id, &line_);
    line_.push_back(':');
    if (values_[f].empty()) {
      line_.append("null");
    } else {
      AppendJsonString(values_[f], &line_);
    }
  }
  line_.push_back('}');
  if (format_ == OutputFormat::kNdjson) line_.push_back('\n');
  first_record_ = false;
  out->append(line_);
}

}  // namespace creditdata
