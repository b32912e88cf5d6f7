#include "io/csv_splitter.h"

#include <algorithm>
#include <cstdint>
#include <memory>
#include <ostream>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace creditdata::io {
namespace {

using ::testing::ElementsAre;

// A record copied out of the splitter's views.
struct Rec {
  std::vector<std::string> fields;
  std::string raw;
  std::string line_end;
  uint64_t offset = 0;
  uint64_t row = 0;
  uint32_t issues = 0;
  uint64_t issue_offset = 0;
  bool plain = false;

  bool operator==(const Rec&) const = default;
};

void PrintTo(const Rec& r, std::ostream* os) {
  *os << "{row " << r.row << " @" << r.offset << " issues " << r.issues << "@"
      << r.issue_offset << (r.plain ? " plain" : " not plain") << " raw "
      << ::testing::PrintToString(r.raw) << " end "
      << ::testing::PrintToString(r.line_end) << " fields "
      << ::testing::PrintToString(r.fields) << "}";
}

// RecordView::plain by its definition: no byte of `raw` is a control byte
// (below 0x20, or 0x7F) other than the delimiter, nor 0xC2.
bool ExpectedPlain(std::string_view raw, char delimiter) {
  for (char c : raw) {
    const auto u = static_cast<uint8_t>(c);
    if (c != delimiter && (u < 0x20 || u == 0x7F || u == 0xC2)) return false;
  }
  return true;
}

struct Result {
  std::vector<Rec> records;
  uint64_t blank_lines = 0;
  uint64_t rows = 0;

  bool operator==(const Result&) const = default;
};

void PrintTo(const Result& r, std::ostream* os) {
  *os << "blank " << r.blank_lines << " rows " << r.rows << "\n";
  for (const Rec& rec : r.records) {
    PrintTo(rec, os);
    *os << "\n";
  }
}

// Splits `input` handing the splitter `chunk` new bytes at a time (0: all at
// once), carrying the unconsumed tail to the front of the next buffer as a
// reader would.
Result SplitChunked(std::string_view input, char delimiter, SplitKernel kernel,
                    size_t chunk, size_t max_record_bytes = 0) {
  CsvSplitter splitter(delimiter, kernel);
  splitter.set_max_record_bytes(max_record_bytes);
  Result result;
  std::string buffer;
  size_t fed = 0;
  for (;;) {
    size_t take =
        chunk == 0 ? input.size() - fed : std::min(chunk, input.size() - fed);
    buffer.append(input.substr(fed, take));
    fed += take;
    const bool last = fed == input.size();
    // An exact-size copy, so a sanitizer sees any read past the end.
    std::unique_ptr<char[]> exact(new char[buffer.size()]);
    std::copy(buffer.begin(), buffer.end(), exact.get());
    splitter.Reset(std::string_view(exact.get(), buffer.size()), last);
    RecordView view;
    while (splitter.Next(&view)) {
      Rec rec;
      for (std::string_view f : view.fields) rec.fields.emplace_back(f);
      rec.raw = std::string(view.raw);
      rec.line_end = std::string(view.line_end);
      rec.offset = view.offset;
      rec.row = view.row;
      rec.issues = view.quote_issues;
      rec.issue_offset = view.issue_offset;
      rec.plain = view.plain;
      // Every record, whichever kernel and chunking: the flag is exact.
      EXPECT_EQ(view.plain, ExpectedPlain(view.raw, splitter.delimiter()))
          << ::testing::PrintToString(std::string(view.raw));
      // The raw range is where the stream says it is.
      EXPECT_EQ(input.substr(view.offset, view.raw.size()), view.raw);
      EXPECT_EQ(
          input.substr(view.offset + view.raw.size(), view.line_end.size()),
          view.line_end);
      result.records.push_back(std::move(rec));
    }
    EXPECT_FALSE(splitter.Next(&view));  // stays false
    if (last) {
      EXPECT_TRUE(splitter.done());
      break;
    }
    buffer.erase(0, splitter.consumed());
  }
  result.blank_lines = splitter.blank_lines();
  result.rows = splitter.rows();
  EXPECT_EQ(splitter.records(), result.records.size());
  return result;
}

bool HaveAvx2() { return Avx2KernelAvailable(); }

// Splits with the scalar kernel in one chunk, and checks that the AVX2
// kernel and every chunk size up to the input's length agree.
Result Split(std::string_view input, char delimiter = ',',
             bool all_chunk_sizes = true, size_t max_record_bytes = 0) {
  Result reference =
      SplitChunked(input, delimiter, SplitKernel::kScalar, 0, max_record_bytes);
  if (HaveAvx2()) {
    EXPECT_EQ(
        SplitChunked(input, delimiter, SplitKernel::kAvx2, 0, max_record_bytes),
        reference)
        << "avx2 vs scalar on " << ::testing::PrintToString(input);
  }
  if (all_chunk_sizes) {
    for (size_t chunk = 1; chunk <= input.size(); ++chunk) {
      EXPECT_EQ(SplitChunked(input, delimiter, SplitKernel::kScalar, chunk,
                             max_record_bytes),
                reference)
          << "scalar, chunk " << chunk;
      if (HaveAvx2()) {
        EXPECT_EQ(SplitChunked(input, delimiter, SplitKernel::kAvx2, chunk,
                               max_record_bytes),
                  reference)
            << "avx2, chunk " << chunk;
      }
    }
  }
  return reference;
}

std::vector<std::vector<std::string>> Fields(const Result& r) {
  std::vector<std::vector<std::string>> out;
  for (const Rec& rec : r.records) out.push_back(rec.fields);
  return out;
}

using Row = std::vector<std::string>;

TEST(CsvSplitterTest, SimpleRecords) {
  Result r = Split("a,b,c\n1,2,3\n");
  EXPECT_THAT(Fields(r), ElementsAre(Row{"a", "b", "c"}, Row{"1", "2", "3"}));
  EXPECT_EQ(r.records[0].row, 1u);
  EXPECT_EQ(r.records[1].row, 2u);
  EXPECT_EQ(r.records[1].offset, 6u);
  EXPECT_EQ(r.records[1].raw, "1,2,3");
  EXPECT_EQ(r.records[1].line_end, "\n");
  EXPECT_EQ(r.blank_lines, 0u);
  EXPECT_EQ(r.rows, 2u);
}

TEST(CsvSplitterTest, EmbeddedDelimiter) {
  Result r = Split("name,amount\n\"Zhang, San\",\"1,000.00\"\n");
  EXPECT_THAT(Fields(r), ElementsAre(Row{"name", "amount"},
                                     Row{"Zhang, San", "1,000.00"}));
  EXPECT_EQ(r.records[1].raw, "\"Zhang, San\",\"1,000.00\"");
  EXPECT_EQ(r.records[1].issues, 0u);
}

TEST(CsvSplitterTest, EscapedQuote) {
  Result r = Split("\"say \"\"hi\"\"\",\"\"\"\",x\n\"a\"\"\"\n");
  EXPECT_THAT(Fields(r), ElementsAre(Row{"say \"hi\"", "\"", "x"}, Row{"a\""}));
  // The raw bytes stay as they came in.
  EXPECT_EQ(r.records[0].raw, "\"say \"\"hi\"\"\",\"\"\"\",x");
}

TEST(CsvSplitterTest, EscapedQuotesInConsecutiveRecordsStayValid) {
  CsvSplitter splitter(',', SplitKernel::kAuto);
  std::string input = "\"a\"\"b\",\"c\"\"d\"\n\"e\"\"f\",g\n";
  splitter.Reset(input, true);
  RecordView r;
  ASSERT_TRUE(splitter.Next(&r));
  EXPECT_THAT(r.fields, ElementsAre("a\"b", "c\"d"));
  ASSERT_TRUE(splitter.Next(&r));
  EXPECT_THAT(r.fields, ElementsAre("e\"f", "g"));
  EXPECT_FALSE(splitter.Next(&r));
}

TEST(CsvSplitterTest, CrLfInsideQuotes) {
  Result r = Split("id,note\r\n1,\"line one\r\nline two\"\r\n2,x\r\n");
  EXPECT_THAT(Fields(r),
              ElementsAre(Row{"id", "note"}, Row{"1", "line one\r\nline two"},
                          Row{"2", "x"}));
  // One record with an embedded line break is one spreadsheet row.
  EXPECT_EQ(r.records[1].row, 2u);
  EXPECT_EQ(r.records[2].row, 3u);
  EXPECT_EQ(r.records[1].line_end, "\r\n");
}

TEST(CsvSplitterTest, LfAndCrInsideQuotes) {
  Result r = Split("\"a\nb\",\"c\rd\"\n");
  EXPECT_THAT(Fields(r), ElementsAre(Row{"a\nb", "c\rd"}));
}

TEST(CsvSplitterTest, EmptyQuotedAndEmptyFields) {
  Result r = Split("\"\",,\"\"\n,\n,,\n");
  EXPECT_THAT(Fields(r),
              ElementsAre(Row{"", "", ""}, Row{"", ""}, Row{"", "", ""}));
  EXPECT_EQ(r.blank_lines, 0u);
}

TEST(CsvSplitterTest, TrailingDelimiter) {
  Result r = Split("a,b,\n1,2,");
  EXPECT_THAT(Fields(r), ElementsAre(Row{"a", "b", ""}, Row{"1", "2", ""}));
  EXPECT_EQ(r.records[1].line_end, "");
}

TEST(CsvSplitterTest, LineEnds) {
  Result r = Split("a\nb\r\nc\rd");
  EXPECT_THAT(Fields(r), ElementsAre(Row{"a"}, Row{"b"}, Row{"c"}, Row{"d"}));
  EXPECT_EQ(r.records[0].line_end, "\n");
  EXPECT_EQ(r.records[1].line_end, "\r\n");
  EXPECT_EQ(r.records[2].line_end, "\r");
  EXPECT_EQ(r.records[3].line_end, "");
  EXPECT_EQ(r.records[3].row, 4u);
}

TEST(CsvSplitterTest, NoNewlineAtEnd) {
  Result r = Split("h1,h2\nx,\"y\"");
  EXPECT_THAT(Fields(r), ElementsAre(Row{"h1", "h2"}, Row{"x", "y"}));
  EXPECT_EQ(r.records[1].issues, 0u);
}

TEST(CsvSplitterTest, CrAtEndOfInput) {
  Result r = Split("a,b\r");
  EXPECT_THAT(Fields(r), ElementsAre(Row{"a", "b"}));
  EXPECT_EQ(r.records[0].line_end, "\r");
}

TEST(CsvSplitterTest, BlankLinesSkippedCountedAndNumbered) {
  Result r = Split("h\n\na\r\n\r\n\"x\ny\"\n\r\rb\n\n");
  EXPECT_THAT(Fields(r),
              ElementsAre(Row{"h"}, Row{"a"}, Row{"x\ny"}, Row{"b"}));
  // Rows: h=1, blank=2, a=3, blank=4, "x\ny"=5, blank(\r)=6, blank(\r)=7,
  // b=8, blank=9.
  EXPECT_EQ(r.records[0].row, 1u);
  EXPECT_EQ(r.records[1].row, 3u);
  EXPECT_EQ(r.records[2].row, 5u);
  EXPECT_EQ(r.records[3].row, 8u);
  EXPECT_EQ(r.blank_lines, 5u);
  EXPECT_EQ(r.rows, 9u);
}

TEST(CsvSplitterTest, LeadingBlankLines) {
  Result r = Split("\n\r\nh1,h2\n");
  EXPECT_THAT(Fields(r), ElementsAre(Row{"h1", "h2"}));
  EXPECT_EQ(r.records[0].row, 3u);
  EXPECT_EQ(r.records[0].offset, 3u);
  EXPECT_EQ(r.blank_lines, 2u);
}

TEST(CsvSplitterTest, EmptyInputAndOnlyBlankLines) {
  Result empty = Split("");
  EXPECT_TRUE(empty.records.empty());
  EXPECT_EQ(empty.rows, 0u);
  Result blanks = Split("\n\n\r\n");
  EXPECT_TRUE(blanks.records.empty());
  EXPECT_EQ(blanks.blank_lines, 3u);
}

TEST(CsvSplitterTest, TabDelimited) {
  Result r = Split(
      "姓名\t证件号码\t备注\r\n张三\t110101199003070011\t\"a,b\tc\"\r\n", '\t');
  EXPECT_THAT(Fields(r),
              ElementsAre(Row{"姓名", "证件号码", "备注"},
                          Row{"张三", "110101199003070011", "a,b\tc"}));
}

TEST(CsvSplitterTest, CommaIsOrdinaryWhenTabDelimited) {
  Result r = Split("a,b\tc\n", '\t');
  EXPECT_THAT(Fields(r), ElementsAre(Row{"a,b", "c"}));
}

TEST(CsvSplitterTest, HeaderLineEndIsOutsideQuotes) {
  EXPECT_EQ(HeaderLineEnd("a,b\nc"), 3u);
  EXPECT_EQ(HeaderLineEnd("\"a\nb\",c\td\r\n"), 9u);
  EXPECT_EQ(HeaderLineEnd("\"a\nb\",c"), std::string_view::npos);
  EXPECT_EQ(HeaderLineEnd(""), std::string_view::npos);
}

TEST(CsvSplitterTest, DetectDelimiter) {
  EXPECT_EQ(DetectDelimiter("姓名,证件类型,证件号码\n张三\t1\t2\n"), ',');
  EXPECT_EQ(DetectDelimiter("姓名\t证件类型\t证件号码\r\n1,2,3,4,5\n"), '\t');
  // Delimiters inside quotes do not count.
  EXPECT_EQ(DetectDelimiter("\"a,b,c,d\"\tx\ty\n"), '\t');
  EXPECT_EQ(DetectDelimiter("\"a\tb\tc\",x\n"), ',');
  // Only the header line counts.
  EXPECT_EQ(DetectDelimiter("a,b\nc\td\te\tf\n"), ',');
  EXPECT_EQ(DetectDelimiter("\xEF\xBB\xBF姓名\t证件号码"), '\t');
  EXPECT_EQ(DetectDelimiter("single"), ',');
  EXPECT_EQ(DetectDelimiter(""), ',');
}

TEST(CsvSplitterTest, SetDelimiterAfterSniffing) {
  std::string input = "a\tb\n1\t2,3\n";
  CsvSplitter splitter;
  splitter.Reset(input, true);
  splitter.set_delimiter(DetectDelimiter(input));
  EXPECT_EQ(splitter.delimiter(), '\t');
  RecordView r;
  ASSERT_TRUE(splitter.Next(&r));
  EXPECT_THAT(r.fields, ElementsAre("a", "b"));
  ASSERT_TRUE(splitter.Next(&r));
  EXPECT_THAT(r.fields, ElementsAre("1", "2,3"));
}

TEST(CsvSplitterTest, InvalidDelimiterFallsBackToComma) {
  EXPECT_EQ(CsvSplitter('"').delimiter(), ',');
  EXPECT_EQ(CsvSplitter('\n').delimiter(), ',');
  EXPECT_EQ(CsvSplitter(';').delimiter(), ';');
}

TEST(CsvSplitterTest, BareQuoteInUnquotedFieldIsLiteral) {
  Result r = Split("a,5\"x,b\"c\"d\nnext\n");
  EXPECT_THAT(Fields(r), ElementsAre(Row{"a", "5\"x", "b\"c\"d"}, Row{"next"}));
  EXPECT_EQ(r.records[0].issues, static_cast<uint32_t>(kBareQuote));
  EXPECT_EQ(r.records[0].issue_offset, 3u);
  EXPECT_EQ(r.records[1].issues, 0u);
}

TEST(CsvSplitterTest, UnterminatedQuote) {
  Result r = Split("h\nok\n1,\"never closed,\n2,3\n");
  ASSERT_EQ(r.records.size(), 3u);
  EXPECT_EQ(r.records[1].issues, 0u);
  const Rec& bad = r.records[2];
  EXPECT_THAT(bad.fields, ElementsAre("1", "never closed,\n2,3\n"));
  EXPECT_EQ(bad.issues, static_cast<uint32_t>(kUnterminatedQuote));
  EXPECT_EQ(bad.issue_offset, 7u);  // the opening quote
  EXPECT_EQ(bad.row, 3u);
  EXPECT_EQ(bad.raw, "1,\"never closed,\n2,3\n");
  EXPECT_EQ(bad.line_end, "");
}

// Past the cap an open quote ends at its first line end, and the records
// after it are read, whatever the chunks and the kernel.
TEST(CsvSplitterTest, OpenQuotePastTheCapEndsAtItsLine) {
  std::string input = "a,b\nx,\"never \"\"closed,y\nc,d\n";
  for (int i = 0; i < 6; ++i) input += "e" + std::to_string(i) + ",f\n";
  Result r = Split(input, ',', true, 40);
  ASSERT_EQ(r.records.size(), 9u);
  EXPECT_EQ(r.records[1].fields, (Row{"x", "never \"\"closed,y"}));
  EXPECT_EQ(r.records[1].issues, static_cast<uint32_t>(kUnterminatedQuote));
  EXPECT_EQ(r.records[2].fields, (Row{"c", "d"}));
  EXPECT_EQ(r.records[2].row, 3u);
  // A quoted line break within the cap is the field's own.
  Result ok = Split("\"two\nlines\",z\nc,d\n", ',', true, 40);
  ASSERT_EQ(ok.records.size(), 2u);
  EXPECT_EQ(ok.records[0].fields, (Row{"two\nlines", "z"}));
  EXPECT_EQ(ok.records[0].issues, 0u);
  // Without a cap (or within it, at the end) the quote runs to the end.
  Result rfc = Split(input, ',', true, 0);
  EXPECT_EQ(rfc.records.size(), 2u);
}

TEST(CsvSplitterTest, UnterminatedQuoteWithEscapes) {
  Result r = Split("\"a\"\"b");
  ASSERT_EQ(r.records.size(), 1u);
  EXPECT_THAT(r.records[0].fields, ElementsAre("a\"b"));
  EXPECT_EQ(r.records[0].issues, static_cast<uint32_t>(kUnterminatedQuote));
  Result lone = Split("\"");
  ASSERT_EQ(lone.records.size(), 1u);
  EXPECT_THAT(lone.records[0].fields, ElementsAre(""));
  RecordView view;
  view.quote_issues = kUnterminatedQuote;
  EXPECT_TRUE(view.malformed());
  view.quote_issues = kBareQuote;
  EXPECT_FALSE(view.malformed());
}

TEST(CsvSplitterTest, JunkAfterClosingQuote) {
  Result r = Split("\"abc\"def,\"x\" ,\"p\"q\"r,s\nnext\n");
  ASSERT_EQ(r.records.size(), 2u);
  const Rec& bad = r.records[0];
  // The field keeps its raw bytes; quotes in the junk are ordinary.
  EXPECT_THAT(bad.fields,
              ElementsAre("\"abc\"def", "\"x\" ", "\"p\"q\"r", "s"));
  EXPECT_EQ(bad.issues, static_cast<uint32_t>(kJunkAfterQuote));
  EXPECT_EQ(bad.issue_offset, 5u);  // first byte after the closing quote
  EXPECT_THAT(r.records[1].fields, ElementsAre("next"));
  EXPECT_EQ(r.records[1].issues, 0u);
  EXPECT_EQ(r.records[1].row, 2u);
}

TEST(CsvSplitterTest, IssueOffsetPrefersTheMalformedQuote) {
  Result r = Split("5\"x,\"a\"b,\"c\"d\n");
  ASSERT_EQ(r.records.size(), 1u);
  EXPECT_EQ(r.records[0].issues,
            static_cast<uint32_t>(kBareQuote | kJunkAfterQuote));
  EXPECT_EQ(r.records[0].issue_offset, 7u);  // the `b`, not the bare quote
  EXPECT_THAT(r.records[0].fields, ElementsAre("5\"x", "\"a\"b", "\"c\"d"));
}

TEST(CsvSplitterTest, QuoteNotAtFieldStartIsLiteral) {
  // A space before the quote makes the field unquoted.
  Result r = Split("a, \"b,c\"\n");
  EXPECT_THAT(Fields(r), ElementsAre(Row{"a", " \"b", "c\""}));
  EXPECT_EQ(r.records[0].issues, static_cast<uint32_t>(kBareQuote));
}

TEST(CsvSplitterTest, RowsAndRawRangesAcrossChunks) {
  std::string input = "h1,h2\r\n\r\n\"a\r\nb\",c\r\nd,\"e\"\"f\"\r\n\nlast,row";
  Result r = Split(input);
  ASSERT_EQ(r.records.size(), 4u);
  EXPECT_EQ(r.records[0].row, 1u);
  EXPECT_EQ(r.records[1].row, 3u);
  EXPECT_EQ(r.records[1].raw, "\"a\r\nb\",c");
  EXPECT_EQ(r.records[1].offset, 9u);
  EXPECT_EQ(r.records[2].row, 4u);
  EXPECT_EQ(r.records[2].raw, "d,\"e\"\"f\"");
  EXPECT_THAT(r.records[2].fields, ElementsAre("d", "e\"f"));
  EXPECT_EQ(r.records[3].row, 6u);
  EXPECT_EQ(r.records[3].raw, "last,row");
  EXPECT_EQ(r.records[3].offset, input.size() - 8);
  EXPECT_EQ(r.blank_lines, 2u);
}

TEST(CsvSplitterTest, RestartForgetsTheStream) {
  CsvSplitter splitter;
  std::string a = "x\n\ny\n";
  splitter.Reset(a, true);
  RecordView r;
  while (splitter.Next(&r)) {
  }
  EXPECT_EQ(splitter.rows(), 3u);
  splitter.Restart();
  std::string b = "z\n";
  splitter.Reset(b, true);
  ASSERT_TRUE(splitter.Next(&r));
  EXPECT_EQ(r.row, 1u);
  EXPECT_EQ(r.offset, 0u);
  EXPECT_EQ(splitter.blank_lines(), 0u);
}

TEST(CsvSplitterTest, ManyFields) {
  std::string line;
  Row expected;
  for (int i = 0; i < 300; ++i) {
    if (i > 0) line += ',';
    line += std::to_string(i);
    expected.push_back(std::to_string(i));
  }
  Result r = Split(line + "\n" + line, ',', /*all_chunk_sizes=*/false);
  EXPECT_THAT(Fields(r), ElementsAre(expected, expected));
}

// Places `special` so that it straddles the 64-byte block boundaries of the
// AVX2 kernel at every alignment.
TEST(CsvSplitterTest, BlockBoundaries) {
  const std::vector<std::string> specials = {
      "\"q\"\"q\"", "\r\n", "\"a\r\nb\"", "\"x\"y", "a\"b", "\"\"", "\n\n",
      "\r", "\"unterminated",
      // Bare quotes that parity alone would pair up across a block start.
      "a\"b\"", "a\"b,c\"", "\"a\"\"b\"x,\"c\""};
  for (const std::string& special : specials) {
    for (size_t pad = 50; pad < 70; ++pad) {
      std::string input = std::string(pad, 'p') + "," + special + ",z\nnext\n";
      Split(input, ',', /*all_chunk_sizes=*/false);
      Split(input + special, ',', /*all_chunk_sizes=*/false);
      for (size_t chunk : {1, 7, 63, 64, 65}) {
        if (HaveAvx2()) {
          EXPECT_EQ(SplitChunked(input, ',', SplitKernel::kAvx2, chunk),
                    SplitChunked(input, ',', SplitKernel::kScalar, 0));
        }
      }
    }
  }
}

// Random CSV with a known answer: the splitter must give back the cells.
std::string RandomCell(std::mt19937_64& rng, bool quote_safe_only) {
  static const std::vector<std::string> pieces = {
      "a", "Z", "0", "9", " ", "-", ".", "张", "欠", "𠮷", "é", "\xC2\xA0"};
  static const std::vector<std::string> special = {",",  "\t", "\"",
                                                   "\r", "\n", "\r\n"};
  std::string cell;
  size_t length = rng() % 12;
  for (size_t i = 0; i < length; ++i) {
    if (!quote_safe_only && rng() % 4 == 0) {
      cell += special[rng() % special.size()];
    } else {
      cell += pieces[rng() % pieces.size()];
    }
  }
  return cell;
}

std::string Quote(const std::string& cell) {
  std::string out = "\"";
  for (char c : cell) {
    out += c;
    if (c == '"') out += '"';
  }
  return out + "\"";
}

struct Generated {
  std::string text;
  std::vector<Row> rows;
  std::vector<uint64_t> row_numbers;
  uint64_t blank_lines = 0;
};

Generated RandomCsv(std::mt19937_64& rng, size_t records, char delimiter) {
  Generated g;
  std::string previous_end;
  uint64_t row = 1;
  for (size_t r = 0; r < records; ++r) {
    if (rng() % 8 == 0) {
      // A blank line; after a lone CR an LF would join it as CRLF.
      std::string blank =
          previous_end == "\r"
              ? (rng() % 2 ? "\r" : "\r\n")
              : std::vector<std::string>{"\n", "\r\n", "\r"}[rng() % 3];
      g.text += blank;
      previous_end = blank;
      ++g.blank_lines;
      ++row;
    }
    size_t count = 1 + rng() % 8;
    Row cells;
    for (size_t i = 0; i < count; ++i) {
      if (i > 0) g.text += delimiter;
      bool quoted = rng() % 3 == 0;
      std::string cell = RandomCell(rng, !quoted);
      // Unquoted cells hold no delimiter, quote or line break.
      if (!quoted && (cell.find(delimiter) != std::string::npos)) {
        quoted = true;
      }
      // A record of one empty unquoted cell would be a blank line.
      if (count == 1 && cell.empty()) quoted = true;
      g.text += quoted ? Quote(cell) : cell;
      cells.push_back(cell);
    }
    g.rows.push_back(cells);
    g.row_numbers.push_back(row++);
    bool final_record = r + 1 == records;
    if (final_record && rng() % 2 == 0) break;  // no line end at the end
    std::string end = std::vector<std::string>{"\n", "\r\n", "\r"}[rng() % 3];
    g.text += end;
    previous_end = end;
  }
  return g;
}

TEST(CsvSplitterTest, RandomCsvGivesBackTheCells) {
  std::mt19937_64 rng(20261128);
  for (int round = 0; round < 300; ++round) {
    char delimiter = round % 3 == 0 ? '\t' : ',';
    Generated g = RandomCsv(rng, 1 + rng() % 40, delimiter);
    Result r = Split(g.text, delimiter, /*all_chunk_sizes=*/round < 40);
    ASSERT_EQ(Fields(r), g.rows) << ::testing::PrintToString(g.text);
    ASSERT_EQ(r.blank_lines, g.blank_lines);
    for (size_t i = 0; i < r.records.size(); ++i) {
      EXPECT_EQ(r.records[i].row, g.row_numbers[i]);
      EXPECT_EQ(r.records[i].issues, 0u);
    }
    if (round >= 40) {
      for (size_t chunk : {1, 2, 3, 5, 16, 63, 64, 65, 100, 1000}) {
        ASSERT_EQ(SplitChunked(g.text, delimiter, SplitKernel::kScalar, chunk),
                  r);
        if (HaveAvx2()) {
          ASSERT_EQ(SplitChunked(g.text, delimiter, SplitKernel::kAvx2, chunk),
                    r);
        }
      }
    }
  }
}

TEST(CsvSplitterTest, RandomCsvWithDamageKernelsAgree) {
  std::mt19937_64 rng(7);
  const std::vector<std::string> damage = {"\"", "x\"", "\"y", "\"\"\"",
                                           "\r", "\n",  ","};
  for (int round = 0; round < 300; ++round) {
    Generated g = RandomCsv(rng, 1 + rng() % 30, ',');
    std::string text = g.text;
    size_t hits = 1 + rng() % 3;
    for (size_t i = 0; i < hits && !text.empty(); ++i) {
      text.insert(rng() % text.size(), damage[rng() % damage.size()]);
    }
    Split(text, ',', /*all_chunk_sizes=*/round < 30);
  }
}

TEST(CsvSplitterTest, RandomGarbageNeverCrashesAndKernelsAgree) {
  std::mt19937_64 rng(42);
  const std::string alphabet =
      std::string("\",\t\r\n a\xE5\xFF", 9) + std::string(1, '\0');
  for (int round = 0; round < 400; ++round) {
    size_t length = rng() % 300;
    std::string text;
    for (size_t i = 0; i < length; ++i) {
      text += round % 2 == 0 ? alphabet[rng() % alphabet.size()]
                             : static_cast<char>(rng() & 0xFF);
    }
    char delimiter = round % 4 == 1 ? '\t' : ',';
    Result r = Split(text, delimiter, /*all_chunk_sizes=*/round < 60);
    // Every byte is accounted for: records and blank lines tile the input.
    uint64_t covered = 0;
    for (const Rec& rec : r.records) {
      covered += rec.raw.size() + rec.line_end.size();
    }
    EXPECT_LE(covered, text.size());
    EXPECT_EQ(r.rows, r.records.size() + r.blank_lines);
  }
}

TEST(CsvSplitterTest, LargeInputKernelsAgree) {
  std::mt19937_64 rng(99);
  Generated g = RandomCsv(rng, 5000, ',');
  Result r = Split(g.text, ',', /*all_chunk_sizes=*/false);
  EXPECT_EQ(Fields(r), g.rows);
  for (size_t chunk : {4096, 65536}) {
    if (HaveAvx2()) {
      EXPECT_EQ(SplitChunked(g.text, ',', SplitKernel::kAvx2, chunk), r);
    }
  }
}

// The RecordView::unescaped flags of `input`'s records.
std::vector<bool> UnescapedFlags(std::string_view input, SplitKernel kernel) {
  CsvSplitter splitter(',', kernel);
  splitter.Reset(input, true);
  std::vector<bool> flags;
  RecordView view;
  while (splitter.Next(&view)) flags.push_back(view.unescaped);
  return flags;
}

// Quote-free blocks (split in one pass over the separator bits) mixed with
// blocks holding quoted fields, at every alignment of the quoted field to
// the 64-byte blocks: the closing quote at a block's last byte and its
// delimiter or line end at the next block's first, and so on.
TEST(CsvSplitterTest, QuoteFreeAndQuotedBlocksMix) {
  const std::vector<std::string> quoted = {
      "\"a,b\"",  "\"\"",      "\"x\"\"y\"",         "\"line\nbreak\"",
      "\"\"\"\"", "\"张,三\"", "\"2024-03,2024-04\""};
  const std::vector<std::string> ends = {"\n", "\r\n", "\r"};
  for (const std::string& q : quoted) {
    for (const std::string& end : ends) {
      for (size_t pad = 0; pad < 140; ++pad) {
        // A long quote-free record first, so the quoted one starts anywhere.
        std::string input = std::string(pad, 'p') + ",u,v" + end;
        input += "a," + q + end;                   // the quoted field last
        input += q + ",b,c" + end;                 // first
        input += "d," + q + "," + q + ",e" + end;  // two in a row
        input += std::string(70, 'z') + "," + std::string(70, 'y') + end;
        Result r = Split(input, ',', /*all_chunk_sizes=*/pad % 23 == 0);
        ASSERT_EQ(r.records.size(), 5u) << ::testing::PrintToString(input);
        if (HaveAvx2()) {
          EXPECT_EQ(UnescapedFlags(input, SplitKernel::kAvx2),
                    UnescapedFlags(input, SplitKernel::kScalar));
          for (size_t chunk : {3, 64, 65, 100}) {
            EXPECT_EQ(SplitChunked(input, ',', SplitKernel::kAvx2, chunk), r);
          }
        }
      }
    }
  }
}

// Fields of every length around the block size, so separators fall on the
// first and last bytes of blocks and fields span one, two or three blocks.
TEST(CsvSplitterTest, FieldsStraddlingBlocks) {
  for (size_t length = 0; length < 140; length += (length < 70 ? 1 : 7)) {
    for (size_t lead = 0; lead < 64; lead += 5) {
      std::string input = std::string(lead, 'l');
      Row row = {std::string(lead, 'l')};
      for (int i = 0; i < 5; ++i) {
        std::string cell(length, static_cast<char>('a' + i));
        input += "," + cell;
        row.push_back(cell);
      }
      std::string text = input + "\r\n" + input + "\n\n" + input;
      Result r = Split(text, ',', /*all_chunk_sizes=*/false);
      EXPECT_THAT(Fields(r), ElementsAre(row, row, row));
      EXPECT_EQ(r.blank_lines, 1u);
      if (HaveAvx2()) {
        for (size_t chunk : {1, 63, 64, 65, 129}) {
          EXPECT_EQ(SplitChunked(text, ',', SplitKernel::kAvx2, chunk), r);
        }
      }
    }
  }
}

// Records of many short fields: more separators than a block's worth at
// once, the field storage growing in the middle of a record, with quoted
// and escaped fields among them.
TEST(CsvSplitterTest, DenseSeparatorsAndGrowth) {
  for (size_t fields : {63, 64, 65, 127, 128, 129, 200, 700}) {
    std::string line;
    Row row;
    for (size_t i = 0; i < fields; ++i) {
      if (i > 0) line += ',';
      if (i % 50 == 7) {
        line += "\"q\"\"\"";
        row.push_back("q\"");
      } else if (i % 3 == 0) {
        row.push_back("");
      } else {
        line += "x";
        row.push_back("x");
      }
    }
    std::string text = line + "\n" + line + "\r\n" + line;
    Result r = Split(text, ',', /*all_chunk_sizes=*/false);
    EXPECT_THAT(Fields(r), ElementsAre(row, row, row));
    if (HaveAvx2()) {
      EXPECT_EQ(UnescapedFlags(text, SplitKernel::kAvx2),
                UnescapedFlags(text, SplitKernel::kScalar));
      for (size_t chunk : {17, 64, 333}) {
        EXPECT_EQ(SplitChunked(text, ',', SplitKernel::kAvx2, chunk), r);
      }
    }
  }
}

// Long quote-free records against a small record cap (which only bounds
// open quotes), fed in chunks: the kernel hands such records to the scalar
// loop and must agree with it.
TEST(CsvSplitterTest, QuoteFreeRecordsPastTheCap) {
  std::mt19937_64 rng(5);
  for (int round = 0; round < 20; ++round) {
    std::string text;
    for (int record = 0; record < 6; ++record) {
      size_t cells = 1 + rng() % 12;
      for (size_t i = 0; i < cells; ++i) {
        if (i > 0) text += ',';
        text += std::string(rng() % 40, static_cast<char>('a' + i));
      }
      if (rng() % 5 == 0) text += ",\"open";
      text += std::vector<std::string>{"\n", "\r\n", "\r"}[rng() % 3];
    }
    for (size_t cap : {1, 63, 64, 65, 100}) {
      Split(text, ',', /*all_chunk_sizes=*/round < 4, cap);
    }
  }
}

// The plain flags of `input`'s records, split in one chunk.
std::vector<bool> PlainFlags(std::string_view input, char delimiter,
                             SplitKernel kernel) {
  CsvSplitter splitter(delimiter, kernel);
  splitter.Reset(input, true);
  std::vector<bool> flags;
  RecordView view;
  while (splitter.Next(&view)) flags.push_back(view.plain);
  return flags;
}

// The flags from both kernels (when the CPU has AVX2), checked equal.
std::vector<bool> PlainFlags(std::string_view input, char delimiter = ',') {
  std::vector<bool> scalar = PlainFlags(input, delimiter, SplitKernel::kScalar);
  if (HaveAvx2()) {
    EXPECT_EQ(PlainFlags(input, delimiter, SplitKernel::kAvx2), scalar)
        << ::testing::PrintToString(std::string(input));
  }
  return scalar;
}

TEST(CsvSplitterTest, PlainFlag) {
  using V = std::vector<bool>;
  EXPECT_EQ(PlainFlags("a,b,c\n1,2.50,x y\n"), (V{true, true}));
  EXPECT_EQ(PlainFlags("姓名,证件号码\n张三,110101199003070011\r\n"
                       "\"欠费, 逾期\",𠮷é\n"),
            (V{true, true, true}));
  // The line ending is not part of the record; CR or LF inside quotes is.
  EXPECT_EQ(PlainFlags("a,\"x\ny\",b\nc\n"), (V{false, true}));
  EXPECT_EQ(PlainFlags("a,\"x\r\ny\",b\r\nc\r\n"), (V{false, true}));
  EXPECT_EQ(PlainFlags("a,b\tc\nd\n"), (V{false, true}));
  EXPECT_EQ(PlainFlags("a,b\x7F\nd\n"), (V{false, true}));
  EXPECT_EQ(PlainFlags("a,\xC2\xA0"
                       "b\nd\n"),
            (V{false, true}));  // NBSP
  EXPECT_EQ(PlainFlags("\x01,b\nd\n"), (V{false, true}));
  EXPECT_EQ(PlainFlags(std::string("a,\0,b\nd\n", 8)), (V{false, true}));
  // A lone 0xC2 counts too; other lead bytes do not.
  EXPECT_EQ(PlainFlags("\xC2\nx\xC3\xA9\xDF\xBF\n"), (V{false, true}));
  // The tabs of a tab-separated record are its delimiters.
  EXPECT_EQ(PlainFlags("a\tb\t\tc\n张三\t1\n", '\t'), (V{true, true}));
  EXPECT_EQ(PlainFlags("a\tb\x1F\n", '\t'), (V{false}));
  // The final record without a line ending, and an unterminated quote.
  EXPECT_EQ(PlainFlags("a\nb\x01"), (V{true, false}));
  EXPECT_EQ(PlainFlags("a\n\"b\nc"), (V{true, false}));
}

// Unmarked, no record is plain, with either kernel; the fields are the same.
TEST(CsvSplitterTest, PlainUnmarkedIsAlwaysFalse) {
  const std::string input = "a,b\n\"x\ny\",z\nplain,张三\n";
  for (SplitKernel kernel : {SplitKernel::kScalar, SplitKernel::kAvx2}) {
    if (kernel == SplitKernel::kAvx2 && !HaveAvx2()) continue;
    CsvSplitter marked(',', kernel);
    CsvSplitter unmarked(',', kernel);
    unmarked.set_mark_plain(false);
    marked.Reset(input, true);
    unmarked.Reset(input, true);
    RecordView a, b;
    int plain_marked = 0;
    while (marked.Next(&a)) {
      ASSERT_TRUE(unmarked.Next(&b));
      EXPECT_FALSE(b.plain);
      plain_marked += a.plain;
      EXPECT_EQ(
          std::vector<std::string_view>(a.fields.begin(), a.fields.end()),
          std::vector<std::string_view>(b.fields.begin(), b.fields.end()));
    }
    EXPECT_FALSE(unmarked.Next(&b));
    EXPECT_EQ(plain_marked, 2);
  }
}

// Every kind of delimiter the AVX2 kernel tells apart: one found by a table
// lookup (',' ';' '|'), one that is otherwise a control byte ('\t' 0x01
// 0x7F), and the rest (':' and '*' share a low nibble with LF or CR; 0xA7
// is past ASCII; 0xC2 is otherwise not plain).
TEST(CsvSplitterTest, PlainWithEveryKindOfDelimiter) {
  const std::string delimiters = ",;|\t\x01\x7F:*\xA7\xC2";
  for (char d : delimiters) {
    std::string input;
    std::vector<bool> expected;
    for (int i = 0; i < 40; ++i) {
      std::string record = "abc";
      record += d;
      record += std::string(static_cast<size_t>(i * 7 % 90), 'x');
      record += d;
      record += "张三";
      if (i % 3 == 1) record.insert(record.size() / 2, "\x7F");
      if (i % 5 == 2) record.insert(2, "\xC2\xB7");
      if (i % 7 == 3) record += std::string(1, d) + "\"q\nq\"";
      if (i % 4 == 3) record.insert(1, "\t");
      input += record + (i % 2 ? "\n" : "\r\n");
      expected.push_back(ExpectedPlain(record, d));
    }
    EXPECT_EQ(PlainFlags(input, d), expected) << "delimiter " << int{d};
    Split(input, d, /*all_chunk_sizes=*/false);
    for (size_t chunk : {1, 63, 64, 65, 200}) {
      for (SplitKernel kernel : {SplitKernel::kScalar, SplitKernel::kAvx2}) {
        Result r = SplitChunked(input, d, kernel, chunk);
        ASSERT_EQ(r.records.size(), expected.size());
        for (size_t i = 0; i < expected.size(); ++i) {
          EXPECT_EQ(r.records[i].plain, expected[i]) << i;
        }
      }
    }
  }
}

// A record of 200 bytes with one byte that is not plain at each offset in
// turn, after records that put it at every alignment to the 64-byte blocks:
// the byte marks its own record only, whichever block it falls in.
TEST(CsvSplitterTest, PlainMarksOnlyTheRecordHoldingTheByte) {
  for (size_t lead : {0, 1, 30, 62, 63, 64, 65, 100, 127}) {
    for (size_t at = 0; at < 200; ++at) {
      for (const char* bad : {"\x01", "\xC2"}) {
        std::string record(200, 'r');
        for (size_t i = 9; i < 200; i += 10) record[i] = ',';
        record[at] = *bad;
        std::string input = std::string(lead, 'p') + "\n" + record +
                            "\nnext,q\r\n" + std::string(70, 's') + "\n";
        const std::vector<bool> expected =
            lead == 0 ? std::vector<bool>{false, true, true}
                      : std::vector<bool>{true, false, true, true};
        EXPECT_EQ(PlainFlags(input), expected)
            << "lead " << lead << " at " << at;
      }
    }
  }
}

// Records of 1 to 300 bytes, several to a block, with control bytes (and
// 0xC2) written over ordinary bytes at random places, at the block
// boundaries (63, 64, 127, 128, ...) and at the first and last bytes of
// records; some records hold quoted line breaks. Both kernels, in one chunk
// and in many, must give each record's exact flag.
TEST(CsvSplitterTest, PlainKernelsAgreeWithControlBytesAnywhere) {
  std::mt19937_64 rng(314159);
  const std::string bad =
      std::string("\x01\t\x7F\xC2\x1F\x0B", 6) + std::string(1, '\0');
  const std::vector<std::string> pieces = {"a",  "Z",  "0",  " ", "-",
                                           "张", "欠", "𠮷", "é"};
  size_t plain = 0;
  size_t not_plain = 0;
  for (int round = 0; round < 160; ++round) {
    const char delimiter = round % 4 == 0 ? '\t' : (round % 4 == 1 ? ';' : ',');
    std::string text;
    std::vector<size_t> ordinary;  // positions that may be overwritten
    std::vector<size_t> firsts, lasts;
    const size_t size = 200 + rng() % 1200;
    while (text.size() < size) {
      const size_t length = 1 + rng() % 300;
      const size_t record_start = text.size();
      while (text.size() - record_start < length) {
        if (text.size() > record_start) text += delimiter;
        if (rng() % 40 == 0) {  // a quoted line break
          text += rng() % 2 ? "\"x\ny\"" : "\"x\r\ny\"";
          continue;
        }
        const size_t cell = 1 + rng() % 12;
        for (size_t i = 0; i < cell; ++i) {
          ordinary.push_back(text.size());
          text += pieces[rng() % pieces.size()];
        }
      }
      if (text[record_start] != '"') firsts.push_back(record_start);
      if (text.back() != '"') lasts.push_back(text.size() - 1);
      text += std::vector<std::string>{"\n", "\r\n", "\r"}[rng() % 3];
    }
    // Over the first byte of a piece only, so the separators stay put.
    auto spoil = [&](size_t at) {
      if (at < text.size() && text[at] != delimiter && text[at] != '"' &&
          text[at] != '\r' && text[at] != '\n') {
        text[at] = bad[rng() % bad.size()];
      }
    };
    const size_t hits = rng() % 4;
    for (size_t i = 0; i < hits; ++i) spoil(ordinary[rng() % ordinary.size()]);
    for (size_t at = 63; at < text.size(); at += 64) {
      if (rng() % 6 == 0) spoil(at);
      if (rng() % 6 == 0) spoil(at + 1);
    }
    if (rng() % 2) spoil(firsts[rng() % firsts.size()]);
    if (rng() % 2) spoil(lasts[rng() % lasts.size()]);
    // Split() compares the kernels and chunkings record by record, and
    // SplitChunked() checks each flag against its definition.
    Result r = Split(text, delimiter, /*all_chunk_sizes=*/round < 12);
    for (const Rec& rec : r.records) ++(rec.plain ? plain : not_plain);
    for (size_t chunk : {5, 64, 100, 257}) {
      if (HaveAvx2()) {
        ASSERT_EQ(SplitChunked(text, delimiter, SplitKernel::kAvx2, chunk), r);
      }
    }
  }
  // Both kinds came up, many times.
  EXPECT_GT(plain, 200u);
  EXPECT_GT(not_plain, 200u);
}

// The streaming protocol: a record refilled across several Reset() calls
// (and one much longer than a chunk) gets its exact flag, whether the byte
// that is not plain came in the first chunk, the last, or none.
TEST(CsvSplitterTest, PlainAcrossChunkRefills) {
  for (size_t bad_at :
       {size_t{0}, size_t{5}, size_t{64}, size_t{299}, std::string::npos}) {
    std::string record;
    for (int i = 0; i < 30; ++i) record += "field" + std::to_string(i) + ",";
    record += std::string(300 - record.size(), 'z');
    if (bad_at != std::string::npos) record[bad_at] = '\x1B';
    const std::string input = "h1,h2\n" + record + "\r\nlast,\xC3\xA9\n";
    const bool expected = bad_at == std::string::npos;
    for (SplitKernel kernel : {SplitKernel::kScalar, SplitKernel::kAvx2}) {
      for (size_t chunk : {1, 7, 64, 100, 299, 1000}) {
        Result r = SplitChunked(input, ',', kernel, chunk);
        ASSERT_EQ(r.records.size(), 3u);
        EXPECT_TRUE(r.records[0].plain);
        EXPECT_EQ(r.records[1].plain, expected)
            << "bad at " << bad_at << ", chunk " << chunk;
        EXPECT_TRUE(r.records[2].plain);
      }
    }
  }
}

TEST(CsvSplitterTest, KernelSelection) {
  EXPECT_EQ(CsvSplitter(',', SplitKernel::kScalar).kernel(),
            SplitKernel::kScalar);
  SplitKernel automatic = CsvSplitter(',', SplitKernel::kAuto).kernel();
  EXPECT_NE(automatic, SplitKernel::kAuto);
  EXPECT_EQ(automatic == SplitKernel::kAvx2, Avx2KernelAvailable());
}

}  // namespace
}  // namespace creditdata::io
