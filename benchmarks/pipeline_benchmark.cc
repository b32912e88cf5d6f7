// End-to-end throughput of reading and validating a submission, in memory,
// single-threaded, on 1,000,000 generated rows of natural_person_arrears:
// UTF-8 CSV, GB18030 CSV and NDJSON, beside a memchr newline count and a
// quote-aware field split of the same CSV buffer (the AVX2 kernel and the
// plain byte loop); and UTF-8 CSV once more with two validating threads
// (wall time).
//
// Run (Release build):
//   build/benchmarks/pipeline_benchmark --benchmark_repetitions=3
//     --benchmark_report_aggregates_only=true
// CREDITDATA_BENCH_ROWS overrides the row count. The data is made once per
// run with `creditdata generate` (fixed seed) and checked before timing:
// every row valid, row count right.

#include <benchmark/benchmark.h>
#include <simdjson.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "creditdata/reader.h"
#include "io/csv_splitter.h"
#include "io/json_records.h"
#include "text/decoder.h"

namespace creditdata {
namespace {

int64_t Rows() {
  const char* env = std::getenv("CREDITDATA_BENCH_ROWS");
  return env != nullptr ? std::atoll(env) : 1000000;
}

// Generates (once) and loads one input.
const std::string& Data(const std::string& format) {
  static auto* cache = new std::map<std::string, std::string>();
  auto it = cache->find(format);
  if (it != cache->end()) return it->second;
  std::string path =
      "/tmp/creditdata_bench_" + std::to_string(Rows()) + "." + format;
  std::string command = std::string(CREDITDATA_CLI) +
                        " generate natural_person_arrears --seed 7 --rows " +
                        std::to_string(Rows()) + " --format " + format +
                        " -o " + path + " 2>/dev/null";
  if (std::system(command.c_str()) != 0) {
    std::fprintf(stderr, "generator failed: %s\n", command.c_str());
    std::abort();
  }
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  std::remove(path.c_str());
  std::remove((path + ".mistakes.tsv").c_str());
  return (*cache)[format] = ss.str();
}

void Count(benchmark::State& state, size_t bytes) {
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * bytes));
  state.SetItemsProcessed(state.iterations() * Rows());
}

void BM_MemchrNewlines(benchmark::State& state) {
  const std::string& data = Data("csv");
  for (auto _ : state) {
    size_t lines = 0;
    const char* p = data.data();
    const char* end = p + data.size();
    while ((p = static_cast<const char*>(std::memchr(p, '\n', end - p)))) {
      ++lines;
      ++p;
    }
    if (lines != static_cast<size_t>(Rows()) + 1) state.SkipWithError("rows");
    benchmark::DoNotOptimize(lines);
  }
  Count(state, data.size());
}

// Quote-aware split touching every field: the floor of any CSV reader.
// With the AVX2 bitmask kernel (what the reader uses on this CPU: it marks
// the plain records too, at a cost of about 70 instructions per record of
// this data), and with the plain byte-at-a-time loop, which then only
// splits.
void SplitOnly(benchmark::State& state, io::SplitKernel kernel) {
  const std::string& data = Data("csv");
  for (auto _ : state) {
    io::CsvSplitter splitter(',', kernel);
    if (kernel == io::SplitKernel::kScalar) splitter.set_mark_plain(false);
    splitter.Reset(data, true);
    io::RecordView record;
    size_t records = 0, bytes = 0;
    while (splitter.Next(&record)) {
      ++records;
      for (std::string_view f : record.fields) bytes += f.size();
    }
    if (records != static_cast<size_t>(Rows()) + 1) state.SkipWithError("n");
    benchmark::DoNotOptimize(bytes);
  }
  Count(state, data.size());
}
void BM_CsvSplitOnly(benchmark::State& state) {
  SplitOnly(state, io::SplitKernel::kAuto);
}
void BM_CsvSplitOnly_ByteLoop(benchmark::State& state) {
  SplitOnly(state, io::SplitKernel::kScalar);
}

// Read only: decode and split. UTF-8 is validated and read in place, as the
// reader does; GB18030 is converted.
void ReadOnlyCsv(benchmark::State& state, const std::string& format) {
  const std::string& data = Data(format);
  std::string scratch, tail;
  std::vector<text::DecodeError> errors;
  for (auto _ : state) {
    std::string_view decoded = data;
    if (format == "csv") {
      if (!simdjson::validate_utf8(data.data(), data.size())) {
        state.SkipWithError("utf-8");
      }
    } else {
      text::Decoder decoder;
      decoded = decoder.DecodeView(data, &scratch, &errors);
      decoder.Finish(&tail, &errors);
    }
    io::CsvSplitter splitter(',');
    splitter.Reset(decoded, true);
    io::RecordView record;
    size_t records = 0, bytes = 0;
    while (splitter.Next(&record)) {
      ++records;
      for (std::string_view f : record.fields) bytes += f.size();
    }
    if (records != static_cast<size_t>(Rows()) + 1 || !errors.empty()) {
      state.SkipWithError("read");
    }
    benchmark::DoNotOptimize(bytes);
  }
  Count(state, data.size());
}

void BM_ReadOnly_Utf8Csv(benchmark::State& state) { ReadOnlyCsv(state, "csv"); }
void BM_ReadOnly_Gb18030Csv(benchmark::State& state) {
  ReadOnlyCsv(state, "gb18030");
}

void BM_ReadOnly_Ndjson(benchmark::State& state) {
  const std::string& data = Data("ndjson");
  simdjson::ondemand::parser parser;
  std::string padded;
  for (auto _ : state) {
    internal::JsonRecordSplitter splitter;
    splitter.Reset(data, true);
    std::string_view text;
    uint64_t offset;
    size_t records = 0, bytes = 0;
    while (splitter.Next(&text, &offset) ==
           internal::JsonRecordSplitter::Result::kRecord) {
      padded.assign(text);
      padded.append(simdjson::SIMDJSON_PADDING, '\0');
      simdjson::ondemand::document doc;
      simdjson::ondemand::object object;
      if (parser.iterate(padded.data(), text.size(), padded.size()).get(doc) ||
          doc.get_object().get(object)) {
        state.SkipWithError("json");
        break;
      }
      for (auto field : object) {
        std::string_view v;
        if (!field.value().get_string().get(v)) bytes += v.size();
      }
      ++records;
    }
    if (records != static_cast<size_t>(Rows())) state.SkipWithError("rows");
    benchmark::DoNotOptimize(bytes);
  }
  Count(state, data.size());
}

// Read + full validation, as `creditdata validate` does it; single-threaded
// unless `threads` says otherwise.
void ReadValidate(benchmark::State& state, const std::string& format,
                  int threads = 1) {
  const std::string& data = Data(format);
  for (auto _ : state) {
    ReadOptions options;
    options.threads = threads;
    options.check.reference_date = Date::FromYmd(2025, 1, 10);
    auto report = ValidateBuffer(data, options);
    if (!report.ok() || report->rows != Rows() ||
        report->valid_rows != Rows()) {
      state.SkipWithError("validation result");
      break;
    }
  }
  Count(state, data.size());
}

void BM_ReadValidate_Utf8Csv(benchmark::State& state) {
  ReadValidate(state, "csv");
}
void BM_ReadValidate_Gb18030Csv(benchmark::State& state) {
  ReadValidate(state, "gb18030");
}
void BM_ReadValidate_Ndjson(benchmark::State& state) {
  ReadValidate(state, "ndjson");
}
void BM_ReadValidate_Utf8Csv_2Threads(benchmark::State& state) {
  ReadValidate(state, "csv", 2);
}

BENCHMARK(BM_MemchrNewlines)->Unit(benchmark::kMillisecond)->Iterations(3);
BENCHMARK(BM_CsvSplitOnly)->Unit(benchmark::kMillisecond)->Iterations(1);
BENCHMARK(BM_CsvSplitOnly_ByteLoop)
    ->Unit(benchmark::kMillisecond)
    ->Iterations(1);
BENCHMARK(BM_ReadOnly_Utf8Csv)->Unit(benchmark::kMillisecond)->Iterations(1);
BENCHMARK(BM_ReadOnly_Gb18030Csv)->Unit(benchmark::kMillisecond)->Iterations(1);
BENCHMARK(BM_ReadOnly_Ndjson)->Unit(benchmark::kMillisecond)->Iterations(1);
BENCHMARK(BM_ReadValidate_Utf8Csv)
    ->Unit(benchmark::kMillisecond)
    ->Iterations(1);
BENCHMARK(BM_ReadValidate_Gb18030Csv)
    ->Unit(benchmark::kMillisecond)
    ->Iterations(1);
BENCHMARK(BM_ReadValidate_Ndjson)->Unit(benchmark::kMillisecond)->Iterations(1);
BENCHMARK(BM_ReadValidate_Utf8Csv_2Threads)
    ->Unit(benchmark::kMillisecond)
    ->Iterations(1)
    ->UseRealTime();

}  // namespace
}  // namespace creditdata

BENCHMARK_MAIN();
