// Throughput of the quote-aware CSV splitter (issue 4), in memory.
//
// The data: ~80 MB of CSV shaped like the natural-person arrears table
// (17 columns, ~200 bytes per row: Chinese names and departments, 18-digit
// ID numbers, dates, amounts; some quoted fields holding commas, a few with
// escaped quotes, CRLF line ends), generated with a fixed seed.
//
// In one run: a memchr newline count of the same buffer (the anchor), the
// scalar byte loop, and the AVX2 bitmask kernel, each touching every field
// (summing field lengths). Before timing, the kernels must agree on the
// record and field counts and the field-length sum.
//
//   build-csv/benchmarks/csv_splitter_benchmark
//       --benchmark_repetitions=5 --benchmark_report_aggregates_only=true

#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "io/csv_splitter.h"

namespace {

using creditdata::io::CsvSplitter;
using creditdata::io::RecordView;
using creditdata::io::SplitKernel;

constexpr size_t kRows = 400'000;

struct Data {
  std::string csv;
  size_t rows = 0;  // records including the header
};

std::string Pick(std::mt19937_64& rng, const std::vector<std::string>& from) {
  return from[rng() % from.size()];
}

std::string Digits(std::mt19937_64& rng, int count) {
  std::string out;
  for (int i = 0; i < count; ++i) out += static_cast<char>('0' + rng() % 10);
  return out;
}

std::string Date(std::mt19937_64& rng, int first_year) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d",
                first_year + static_cast<int>(rng() % 4),
                1 + static_cast<int>(rng() % 12),
                1 + static_cast<int>(rng() % 28));
  return buf;
}

std::string Money(std::mt19937_64& rng) {
  return std::to_string(1 + rng() % 20000) + "." + Digits(rng, 2);
}

const Data& TestData() {
  static const Data data = [] {
    const std::vector<std::string> surnames = {"王", "李", "张", "刘", "陈",
                                               "杨", "黄", "赵", "周", "吴",
                                               "徐", "孙", "朱", "马", "欧阳"};
    const std::vector<std::string> given = {"伟", "芳", "娜", "敏", "静",
                                            "丽", "强", "磊", "洋", "艳",
                                            "勇", "军", "杰", "娟", "涛"};
    const std::vector<std::string> types = {"水费",   "电费",   "燃气费",
                                            "物业费", "供暖费", "有线电视费"};
    const std::vector<std::string> severity = {"一般", "较重", "严重"};
    const std::vector<std::string> departments = {
        "江阴市自来水有限公司", "江阴市供电公司", "江阴市天然气有限公司",
        "江阴市住房和城乡建设局"};
    const std::vector<std::string> scopes = {"政务共享", "社会公开",
                                             "授权查询"};
    std::mt19937_64 rng(20261128);
    Data d;
    d.csv.reserve(kRows * 220);
    d.csv +=
        "姓名,证件类型,证件号码,账号,欠缴类型名称,欠缴开始日期,欠缴截止日期,"
        "欠缴账期,拖欠天数,欠费量,欠费金额(元),失信严重程度,失信行为有效期,"
        "信息来源部门全称,信息提供部门全称,使用范围,信息提供日期\r\n";
    for (size_t i = 0; i < kRows; ++i) {
      std::string name = Pick(rng, surnames) + Pick(rng, given);
      if (rng() % 2) name += Pick(rng, given);
      if (rng() % 50 == 0)
        name = "\"" + name + "（曾用名\"\"" + name + "\"\"）\"";
      const uint64_t style = rng() % 10;
      std::string periods;
      if (style < 2) {  // a quoted list with commas
        periods = "\"" + Date(rng, 2022).substr(0, 7) + "," +
                  Date(rng, 2022).substr(0, 7) + "," +
                  Date(rng, 2022).substr(0, 7) + "\"";
      } else {
        periods = std::to_string(1 + rng() % 24) + "期";
      }
      std::string row;
      row += name;
      row += ",身份证,";
      row += "3202" + Digits(rng, 14);
      row += ",6222" + Digits(rng, 15);
      row += "," + Pick(rng, types);
      row += "," + Date(rng, 2021);
      row += "," + Date(rng, 2023);
      row += "," + periods;
      row += "," + std::to_string(rng() % 900);
      row += "," + Money(rng);
      row += "," + Money(rng);
      row += "," + Pick(rng, severity);
      row += "," + (rng() % 3 ? Date(rng, 2026) : std::string());
      row += "," + Pick(rng, departments);
      row += ",江阴市公共信用信息中心";
      row += "," + Pick(rng, scopes);
      row += "," + Date(rng, 2025);
      row += "\r\n";
      d.csv += row;
    }
    d.rows = kRows + 1;
    return d;
  }();
  return data;
}

struct Totals {
  uint64_t records = 0;
  uint64_t fields = 0;
  uint64_t bytes = 0;
};

// Splits `csv` in `chunk`-byte windows (0: all at once) without copying:
// each window starts where the last one's unconsumed tail began.
Totals SplitAll(const std::string& csv, SplitKernel kernel, size_t chunk) {
  CsvSplitter splitter(',', kernel);
  Totals t;
  size_t base = 0;
  for (;;) {
    const size_t end =
        chunk == 0 ? csv.size() : std::min(csv.size(), base + chunk);
    const bool last = end == csv.size();
    splitter.Reset(std::string_view(csv).substr(base, end - base), last);
    RecordView record;
    while (splitter.Next(&record)) {
      ++t.records;
      t.fields += record.fields.size();
      for (std::string_view f : record.fields) t.bytes += f.size();
    }
    if (last) break;
    base += splitter.consumed();
    if (splitter.consumed() == 0) {
      // A record larger than the window: widen it.
      chunk *= 2;
    }
  }
  return t;
}

bool Verified() {
  static const bool ok = [] {
    const Data& d = TestData();
    Totals scalar = SplitAll(d.csv, SplitKernel::kScalar, 0);
    Totals simd = SplitAll(d.csv, SplitKernel::kAvx2, 0);
    Totals chunked = SplitAll(d.csv, SplitKernel::kAvx2, 1 << 20);
    bool same =
        scalar.records == d.rows && scalar.fields == d.rows * 17 &&
        simd.records == scalar.records && simd.fields == scalar.fields &&
        simd.bytes == scalar.bytes && chunked.records == scalar.records &&
        chunked.fields == scalar.fields && chunked.bytes == scalar.bytes;
    if (!same) {
      std::fprintf(stderr,
                   "kernels disagree: scalar %llu/%llu/%llu avx2 "
                   "%llu/%llu/%llu\n",
                   static_cast<unsigned long long>(scalar.records),
                   static_cast<unsigned long long>(scalar.fields),
                   static_cast<unsigned long long>(scalar.bytes),
                   static_cast<unsigned long long>(simd.records),
                   static_cast<unsigned long long>(simd.fields),
                   static_cast<unsigned long long>(simd.bytes));
    }
    return same;
  }();
  return ok;
}

void Report(benchmark::State& state, const Data& d) {
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) *
                          static_cast<int64_t>(d.csv.size()));
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()) *
                          static_cast<int64_t>(d.rows));
  state.counters["MB"] = static_cast<double>(d.csv.size()) / 1e6;
  state.counters["bytes/row"] =
      static_cast<double>(d.csv.size()) / static_cast<double>(d.rows);
}

void BM_MemchrNewlineCount(benchmark::State& state) {
  const Data& d = TestData();
  for (auto _ : state) {
    size_t lines = 0;
    const char* p = d.csv.data();
    const char* end = p + d.csv.size();
    while (const void* hit =
               std::memchr(p, '\n', static_cast<size_t>(end - p))) {
      ++lines;
      p = static_cast<const char*>(hit) + 1;
    }
    benchmark::DoNotOptimize(lines);
  }
  Report(state, d);
}

void Split(benchmark::State& state, SplitKernel kernel, size_t chunk) {
  const Data& d = TestData();
  if (!Verified()) {
    state.SkipWithError("scalar and AVX2 splitters disagree");
    return;
  }
  if (kernel == SplitKernel::kAvx2 && !creditdata::io::Avx2KernelAvailable()) {
    state.SkipWithError("no AVX2 on this CPU");
    return;
  }
  for (auto _ : state) {
    Totals t = SplitAll(d.csv, kernel, chunk);
    benchmark::DoNotOptimize(t.bytes);
  }
  Report(state, d);
}

void BM_SplitScalar(benchmark::State& state) {
  Split(state, SplitKernel::kScalar, 0);
}
void BM_SplitAvx2(benchmark::State& state) {
  Split(state, SplitKernel::kAvx2, 0);
}
// The reader's access pattern: 1 MiB windows, the tail carried over.
void BM_SplitScalar1MiBWindows(benchmark::State& state) {
  Split(state, SplitKernel::kScalar, 1 << 20);
}
void BM_SplitAvx21MiBWindows(benchmark::State& state) {
  Split(state, SplitKernel::kAvx2, 1 << 20);
}

BENCHMARK(BM_MemchrNewlineCount)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_SplitScalar)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_SplitAvx2)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_SplitScalar1MiBWindows)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_SplitAvx21MiBWindows)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
