// ns per value for the lenient value parsers, on fixed-seed mixes of the
// forms departments send (STANDARDS.md §7). Every input's parse result is
// checked against the value it was made from before anything is timed.
//
//   build/benchmarks/values_benchmark --benchmark_repetitions=5
//       --benchmark_report_aggregates_only=true  (one command line)

#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "benchmark/benchmark.h"
#include "creditdata/check.h"
#include "creditdata/values.h"

namespace creditdata {
namespace {

constexpr size_t kInputs = 4096;  // a power of two: index with a mask

std::string FullWidth(const std::string& ascii) {
  std::string out;
  for (char c : ascii) {
    char32_t w = static_cast<char32_t>(c) + 0xFEE0;
    out += static_cast<char>(0xE0 | (w >> 12));
    out += static_cast<char>(0x80 | ((w >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (w & 0x3F));
  }
  return out;
}

template <typename T>
struct Mix {
  std::vector<std::string> inputs;
  std::vector<T> want;
};

Mix<Date> DateMix() {
  Mix<Date> mix;
  std::mt19937 rng(1);
  const int32_t first = Date::FromYmd(2000, 1, 1)->days_since_epoch();
  const int32_t last = Date::FromYmd(2030, 12, 31)->days_since_epoch();
  while (mix.inputs.size() < kInputs) {
    Date d = Date::FromDays(
        std::uniform_int_distribution<int32_t>(first, last)(rng));
    std::string iso = d.Format();
    std::string y = std::to_string(d.year()), m = std::to_string(d.month()),
                day = std::to_string(d.day());
    std::string text;
    switch (rng() % 7) {
      case 0:
      case 1:
        text = iso;
        break;
      case 2:
        text = y + "/" + m + "/" + day;
        break;
      case 3:
        text = iso.substr(0, 4) + iso.substr(5, 2) + iso.substr(8, 2);
        break;
      case 4:
        text = y + "年" + m + "月" + day + "日";
        break;
      case 5:
        text = iso + " 00:00:00";
        break;
      default:
        text = FullWidth(iso);
    }
    mix.inputs.push_back(text);
    mix.want.push_back(d);
  }
  return mix;
}

Mix<Month> MonthMix() {
  Mix<Month> mix;
  std::mt19937 rng(2);
  while (mix.inputs.size() < kInputs) {
    Month m =
        *Month::FromYm(std::uniform_int_distribution<int>(2000, 2030)(rng),
                       std::uniform_int_distribution<int>(1, 12)(rng));
    std::string iso = m.Format();
    std::string y = std::to_string(m.year()), mm = std::to_string(m.month());
    std::string text;
    switch (rng() % 5) {
      case 0:
        text = iso;
        break;
      case 1:
        text = iso.substr(0, 4) + iso.substr(5);  // YYYYMM
        break;
      case 2:
        text = y + "/" + mm;
        break;
      case 3:
        text = y + "年" + mm + "月";
        break;
      default:
        text = iso + "-01";  // the day-01 fallback
    }
    mix.inputs.push_back(text);
    mix.want.push_back(m);
  }
  return mix;
}

Mix<Money> MoneyMix() {
  Mix<Money> mix;
  std::mt19937_64 rng(3);
  while (mix.inputs.size() < kInputs) {
    int64_t fen = std::uniform_int_distribution<int64_t>(0, 100'000'000)(rng);
    if (rng() % 10 == 0) fen = -fen;
    std::string canonical = Money{fen}.Format();
    std::string text;
    switch (rng() % 6) {
      case 0:
      case 1:
        text = canonical;
        break;
      case 2: {  // thousands separators
        size_t dot = canonical.find('.');
        size_t start = canonical[0] == '-' ? 1 : 0;
        text = canonical;
        for (size_t p = dot; p > start + 3; p -= 3) text.insert(p - 3, ",");
        break;
      }
      case 3:
        text = "¥" + canonical;
        break;
      case 4:
        text = canonical + "元";
        break;
      default:
        text = FullWidth(canonical);
    }
    mix.inputs.push_back(text);
    mix.want.push_back(Money{fen});
  }
  return mix;
}

Mix<Rate> RateMix() {
  Mix<Rate> mix;
  std::mt19937 rng(4);
  while (mix.inputs.size() < kInputs) {
    int32_t bp = std::uniform_int_distribution<int32_t>(1, 10000)(rng);
    if (rng() % 2) bp = bp / 100 * 100 + (bp % 100 >= 50 ? 50 : 0);
    if (bp == 0) bp = 100;
    Rate r{bp};
    std::string percent = r.Format();  // "12.5%"
    std::string number = percent.substr(0, percent.size() - 1);
    std::string text;
    switch (rng() % 3) {
      case 0:
        text = percent;
        break;
      case 1:
        if (bp < 100) {  // a bare number below 1 would be a fraction
          text = percent;
        } else {
          text = number;
        }
        break;
      default: {  // the fraction bp / 10000
        std::string digits = std::to_string(bp);
        if (bp == 10000) {
          text = "100%";
        } else {
          text = "0." + std::string(4 - digits.size(), '0') + digits;
        }
      }
    }
    mix.inputs.push_back(text);
    mix.want.push_back(r);
  }
  return mix;
}

// Parses every input once and compares; false (and an error on `state`)
// when any input does not give its value.
template <typename T, typename Parse>
bool Verify(benchmark::State& state, const Mix<T>& mix, Parse parse) {
  for (size_t i = 0; i < mix.inputs.size(); ++i) {
    T value{};
    ValueCheck check = parse(mix.inputs[i], &value);
    if (!check.valid() || !(value == mix.want[i])) {
      state.SkipWithError(("wrong parse of " + mix.inputs[i]).c_str());
      return false;
    }
  }
  return true;
}

template <typename T, typename Parse>
void Run(benchmark::State& state, const Mix<T>& mix, Parse parse) {
  if (!Verify(state, mix, parse)) return;
  size_t i = 0;
  for (auto _ : state) {
    T value{};
    ValueCheck check = parse(mix.inputs[i++ & (kInputs - 1)], &value);
    benchmark::DoNotOptimize(check);
    benchmark::DoNotOptimize(value);
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()));
}

void BM_ParseDate(benchmark::State& state) {
  static const Mix<Date> mix = DateMix();
  Run(state, mix,
      [](const std::string& s, Date* d) { return ParseDate(s, d); });
}
BENCHMARK(BM_ParseDate);

Mix<Date> CanonicalDateMix() {
  Mix<Date> m = DateMix();
  for (size_t i = 0; i < m.inputs.size(); ++i) {
    m.inputs[i] = m.want[i].Format();
  }
  return m;
}

// The lenient parser on canonical text only: the cost of leniency when
// the department already sends YYYY-MM-DD.
void BM_ParseDate_CanonicalInput(benchmark::State& state) {
  static const Mix<Date> mix = CanonicalDateMix();
  Run(state, mix,
      [](const std::string& s, Date* d) { return ParseDate(s, d); });
}
BENCHMARK(BM_ParseDate_CanonicalInput);

// Baseline: the strict canonical parser (Date::ParseCanonical) on the same.
void BM_DateParseCanonical(benchmark::State& state) {
  static const Mix<Date> mix = CanonicalDateMix();
  Run(state, mix, [](const std::string& s, Date* d) {
    ValueCheck check;
    if (auto parsed = Date::ParseCanonical(s)) {
      *d = *parsed;
    } else {
      check.Add(FindingCode::kDateFormat);
    }
    return check;
  });
}
BENCHMARK(BM_DateParseCanonical);

void BM_ParseMonth(benchmark::State& state) {
  static const Mix<Month> mix = MonthMix();
  Run(state, mix,
      [](const std::string& s, Month* m) { return ParseMonth(s, m); });
}
BENCHMARK(BM_ParseMonth);

void BM_ParseMoney(benchmark::State& state) {
  static const Mix<Money> mix = MoneyMix();
  Run(state, mix,
      [](const std::string& s, Money* m) { return ParseMoney(s, m); });
}
BENCHMARK(BM_ParseMoney);

void BM_ParseRate(benchmark::State& state) {
  static const Mix<Rate> mix = RateMix();
  Run(state, mix,
      [](const std::string& s, Rate* r) { return ParseRate(s, r); });
}
BENCHMARK(BM_ParseRate);

}  // namespace
}  // namespace creditdata

BENCHMARK_MAIN();
