// Decoding throughput (MB/s of input) on generated arrears-like CSV text:
// UTF-8 validation and pass-through, GB18030 with our decoder and with
// glibc's iconv, UTF-16LE, beside a memchr newline count of the same
// buffers. Every decoder is fed 1 MiB chunks into one reused output string,
// the way the CSV reader uses it, and its output is checked against the
// expected UTF-8 before timing.
//
//   build-text/benchmarks/decoder_benchmark --benchmark_repetitions=5
//       --benchmark_report_aggregates_only=true    (one command line)

#include <iconv.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "benchmark/benchmark.h"
#include "simdjson.h"
#include "text/decoder.h"

namespace creditdata::text {
namespace {

constexpr size_t kChunk = 1 << 20;
constexpr size_t kRows = 80000;  // ~16 MB of UTF-8

// A deterministic generator (no std:: distributions: same data everywhere).
class Lcg {
 public:
  explicit Lcg(uint64_t seed) : state_(seed) {}
  uint32_t Next() {
    state_ = state_ * 6364136223846793005ull + 1442695040888963407ull;
    return static_cast<uint32_t>(state_ >> 33);
  }
  uint32_t Below(uint32_t n) { return Next() % n; }
  template <typename T, size_t N>
  const T& Pick(const T (&items)[N]) {
    return items[Below(N)];
  }

 private:
  uint64_t state_;
};

constexpr std::string_view kSurnames[] = {"王", "李", "张",   "刘",  "陈", "杨",
                                          "赵", "黄", "周",   "吴",  "徐", "孙",
                                          "朱", "高", "欧阳", "司马"};
constexpr std::string_view kGiven[] = {"伟", "芳", "娜", "敏", "静", "强",
                                       "磊", "洋", "艳", "勇", "军", "杰",
                                       "镕", "堃", "喆", "昇", "䶮", "秀英"};
constexpr std::string_view kArrears[] = {"自来水费", "电费", "燃气费",
                                         "物业服务费", "有线电视费"};
constexpr std::string_view kSeverity[] = {"一般", "较重", "严重"};
constexpr std::string_view kDepartments[] = {
    "江阴市自来水有限公司", "江阴市供电公司", "江阴华润燃气有限公司",
    "江阴市住房和城乡建设局"};
constexpr std::string_view kProviders[] = {"江阴市发展和改革委员会",
                                           "江阴市公用事业管理局"};

void AppendDigits(Lcg& rng, int n, std::string* out) {
  for (int i = 0; i < n; ++i)
    out->push_back(static_cast<char>('0' + rng.Below(10)));
}

void AppendDate(Lcg& rng, std::string* out) {
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "%04u-%02u-%02u", 2018 + rng.Below(7),
                1 + rng.Below(12), 1 + rng.Below(28));
  out->append(buffer);
}

std::string GenerateCsv() {
  Lcg rng(42);
  std::string out =
      "姓名,证件类型,证件号码,账号,欠缴类型名称,欠缴开始日期,欠缴截止日期,"
      "欠缴账期,拖欠天数,欠费量,欠费金额(元),失信严重程度,失信行为有效期,"
      "信息来源部门全称,提供单位全称,信息使用范围,提供日期\r\n";
  for (size_t row = 0; row < kRows; ++row) {
    out += rng.Pick(kSurnames);
    out += rng.Pick(kGiven);
    if (rng.Below(2)) out += rng.Pick(kGiven);
    out += ",身份证,";
    AppendDigits(rng, 17, &out);
    out.push_back(rng.Below(11) == 0 ? 'X'
                                     : static_cast<char>('0' + rng.Below(10)));
    out.push_back(',');
    AppendDigits(rng, 16, &out);
    out.push_back(',');
    out += rng.Pick(kArrears);
    out.push_back(',');
    AppendDate(rng, &out);
    out.push_back(',');
    AppendDate(rng, &out);
    out += ",2023-01/2023-12,";
    out += std::to_string(rng.Below(1000));
    out += ",";
    out += std::to_string(rng.Below(5000));
    out += ".5,";
    out += std::to_string(1 + rng.Below(99999));
    out += ".";
    AppendDigits(rng, 2, &out);
    out.push_back(',');
    out += rng.Pick(kSeverity);
    out.push_back(',');
    AppendDate(rng, &out);
    out.push_back(',');
    out += rng.Pick(kDepartments);
    out.push_back(',');
    out += rng.Pick(kProviders);
    out += ",政务共享,";
    AppendDate(rng, &out);
    out += "\r\n";
  }
  return out;
}

struct Data {
  std::string utf8;
  std::string gb18030;
  std::string utf16le;
};

const Data& GetData() {
  static const Data* const data = [] {
    auto* d = new Data;
    d->utf8 = GenerateCsv();
    d->gb18030 = *EncodeUtf8(d->utf8, Encoding::kGb18030);
    d->utf16le = *EncodeUtf8(d->utf8, Encoding::kUtf16Le, /*bom=*/true);
    size_t non_ascii = 0;
    for (char c : d->gb18030)
      non_ascii += static_cast<unsigned char>(c) >= 0x80;
    std::fprintf(stderr,
                 "data: %zu rows, UTF-8 %zu bytes (%.0f bytes/row), GB18030 "
                 "%zu bytes (%.0f%% non-ASCII), UTF-16LE %zu bytes\n",
                 kRows, d->utf8.size(),
                 static_cast<double>(d->utf8.size()) / kRows, d->gb18030.size(),
                 100.0 * non_ascii / d->gb18030.size(), d->utf16le.size());
    return d;
  }();
  return *data;
}

// Decodes `in` in 1 MiB chunks into `out` (cleared per chunk); returns the
// total output size. With `check`, collects the whole output.
size_t DecodeChunks(Decoder& decoder, std::string_view in, std::string* out,
                    std::vector<DecodeError>* errors, std::string* check) {
  decoder.Reset();
  size_t total = 0;
  for (size_t at = 0; at < in.size(); at += kChunk) {
    out->clear();
    decoder.Decode(in.substr(at, kChunk), out, errors);
    total += out->size();
    if (check != nullptr) *check += *out;
  }
  out->clear();
  decoder.Finish(out, errors);
  total += out->size();
  if (check != nullptr) *check += *out;
  return total;
}

void RunDecoder(benchmark::State& state, Encoding encoding,
                const std::string& in) {
  const Data& data = GetData();
  Decoder decoder(encoding);
  std::string out;
  std::vector<DecodeError> errors;
  std::string check;
  DecodeChunks(decoder, in, &out, &errors, &check);
  if (check != data.utf8 || !errors.empty()) {
    state.SkipWithError("decoder output differs from the expected UTF-8");
    return;
  }
  for (auto _ : state) {
    size_t n = DecodeChunks(decoder, in, &out, &errors, nullptr);
    benchmark::DoNotOptimize(n);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) *
                          static_cast<int64_t>(in.size()));
}

void BM_MemchrNewlines_Utf8(benchmark::State& state) {
  const std::string& in = GetData().utf8;
  for (auto _ : state) {
    size_t lines = 0;
    const char* p = in.data();
    const char* end = p + in.size();
    while ((p = static_cast<const char*>(std::memchr(p, '\n', end - p)))) {
      ++lines;
      ++p;
    }
    benchmark::DoNotOptimize(lines);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) *
                          static_cast<int64_t>(in.size()));
}
BENCHMARK(BM_MemchrNewlines_Utf8);

void BM_MemchrNewlines_Gb18030(benchmark::State& state) {
  const std::string& in = GetData().gb18030;
  for (auto _ : state) {
    size_t lines = 0;
    const char* p = in.data();
    const char* end = p + in.size();
    while ((p = static_cast<const char*>(std::memchr(p, '\n', end - p)))) {
      ++lines;
      ++p;
    }
    benchmark::DoNotOptimize(lines);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) *
                          static_cast<int64_t>(in.size()));
}
BENCHMARK(BM_MemchrNewlines_Gb18030);

void BM_Utf8_SimdjsonValidateOnly(benchmark::State& state) {
  const std::string& in = GetData().utf8;
  for (auto _ : state) {
    bool ok = simdjson::validate_utf8(in.data(), in.size());
    benchmark::DoNotOptimize(ok);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) *
                          static_cast<int64_t>(in.size()));
}
BENCHMARK(BM_Utf8_SimdjsonValidateOnly);

void BM_Utf8_DecoderCopy(benchmark::State& state) {
  RunDecoder(state, Encoding::kUtf8, GetData().utf8);
}
BENCHMARK(BM_Utf8_DecoderCopy);

void BM_Utf8_DecoderView(benchmark::State& state) {
  const std::string& in = GetData().utf8;
  Decoder decoder(Encoding::kUtf8);
  std::string scratch;
  std::vector<DecodeError> errors;
  for (auto _ : state) {
    decoder.Reset();
    size_t total = 0;
    for (size_t at = 0; at < in.size(); at += kChunk) {
      total += decoder
                   .DecodeView(std::string_view(in).substr(at, kChunk),
                               &scratch, &errors)
                   .size();
    }
    scratch.clear();
    decoder.Finish(&scratch, &errors);
    total += scratch.size();
    if (total != in.size() || !errors.empty()) {
      state.SkipWithError("pass-through lost bytes");
      return;
    }
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) *
                          static_cast<int64_t>(in.size()));
}
BENCHMARK(BM_Utf8_DecoderView);

void BM_Gb18030_Decoder(benchmark::State& state) {
  RunDecoder(state, Encoding::kGb18030, GetData().gb18030);
}
BENCHMARK(BM_Gb18030_Decoder);

// glibc's iconv in 1 MiB chunks, an incomplete sequence carried over.
size_t IconvChunks(iconv_t cd, const std::string& in, std::string* out,
                   std::string* check) {
  iconv(cd, nullptr, nullptr, nullptr, nullptr);
  size_t total = 0;
  size_t at = 0;
  while (at < in.size()) {
    size_t len = std::min(kChunk, in.size() - at);
    out->resize(len * 2 + 16);
    char* src = const_cast<char*>(in.data()) + at;
    size_t src_left = len;
    char* dst = out->data();
    size_t dst_left = out->size();
    size_t r = iconv(cd, &src, &src_left, &dst, &dst_left);
    if (r == static_cast<size_t>(-1) && errno != EINVAL) return 0;
    size_t produced = out->size() - dst_left;
    total += produced;
    if (check != nullptr) check->append(out->data(), produced);
    at += len - src_left;
    if (src_left == len) return 0;  // no progress
  }
  return total;
}

void BM_Gb18030_GlibcIconv(benchmark::State& state) {
  const Data& data = GetData();
  iconv_t cd = iconv_open("UTF-8", "GB18030");
  std::string out;
  std::string check;
  IconvChunks(cd, data.gb18030, &out, &check);
  if (check != data.utf8) {
    state.SkipWithError("iconv output differs from the expected UTF-8");
    iconv_close(cd);
    return;
  }
  for (auto _ : state) {
    size_t n = IconvChunks(cd, data.gb18030, &out, nullptr);
    benchmark::DoNotOptimize(n);
  }
  iconv_close(cd);
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) *
                          static_cast<int64_t>(data.gb18030.size()));
}
BENCHMARK(BM_Gb18030_GlibcIconv);

void BM_Utf16Le_Decoder(benchmark::State& state) {
  RunDecoder(state, Encoding::kUtf16Le, GetData().utf16le);
}
BENCHMARK(BM_Utf16Le_Decoder);

}  // namespace
}  // namespace creditdata::text

BENCHMARK_MAIN();
