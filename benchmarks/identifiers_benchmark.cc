// ns per value of the identifier checks, each beside an RE2 check of the
// identifier's shape alone (the usual "validation" in other code), on the
// same fixed-seed mix of valid and invalid values in the same run.
//
//   build/benchmarks/identifiers_benchmark --benchmark_repetitions=5
//       --benchmark_report_aggregates_only=true    (one command line)
//
// Each input set is 4096 values: 70 % valid, 15 % with one wrong character
// of the right kind (the shape still matches, the check character does
// not), 15 % with a broken shape. The counts are verified before timing.

#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "benchmark/benchmark.h"
#include "creditdata/check.h"
#include "re2/re2.h"
#include "values/check_characters.h"

namespace creditdata {
namespace {

namespace divisions {
#include "values/divisions.inc"
}  // namespace divisions

constexpr std::string_view kUsccAlphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";
constexpr int kValues = 4096;

// Check characters for building valid inputs: the library's own.
using internal::OrgCodeCheckCharacter;
using internal::RegNoCheckDigit;
using internal::ResidentIdCheckCharacter;
using internal::UsccCheckCharacter;

// A set of values and what the checks must say about them.
struct Inputs {
  std::vector<std::string> values;
  int valid = 0;        // expected valid by creditdata
  int shape_match = 0;  // expected to match the shape pattern
};

// Builds kValues values from `make_valid`; `wrong_check` changes one
// character so that the shape still matches and the check fails, and
// `break_shape` breaks the shape.
template <typename Make, typename WrongCheck, typename BreakShape>
Inputs MakeInputs(uint64_t seed, Make&& make_valid, WrongCheck&& wrong_check,
                  BreakShape&& break_shape) {
  std::mt19937_64 rng(seed);
  Inputs inputs;
  for (int i = 0; i < kValues; ++i) {
    std::string value = make_valid(rng);
    int kind = static_cast<int>(rng() % 100);
    if (kind < 70) {
      ++inputs.valid;
      ++inputs.shape_match;
    } else if (kind < 85) {
      value = wrong_check(rng, value);
      ++inputs.shape_match;
    } else {
      value = break_shape(rng, value);
    }
    inputs.values.push_back(std::move(value));
  }
  return inputs;
}

const Inputs& UsccInputs() {
  static const Inputs inputs = MakeInputs(
      1,
      [](std::mt19937_64& rng) {
        static constexpr std::string_view kPairs[] = {"11", "12", "51", "52",
                                                      "91", "92", "93"};
        std::string s(kPairs[rng() % 7]);
        int32_t code =
            divisions::kDivisionCodes[rng() %
                                      std::size(divisions::kDivisionCodes)];
        s += std::to_string(code);
        for (int i = 0; i < 8; ++i) s += kUsccAlphabet[rng() % 31];
        s += OrgCodeCheckCharacter(s.substr(8, 8));
        return s + UsccCheckCharacter(s);
      },
      [](std::mt19937_64& rng, std::string s) {
        size_t i = rng() % 18;
        char c = s[i];
        // A digit for a digit in positions 1-8 keeps the shape.
        while (c == s[i]) {
          c = i < 8 ? static_cast<char>('0' + rng() % 10)
                    : kUsccAlphabet[rng() % 31];
        }
        s[i] = c;
        return s;
      },
      [](std::mt19937_64& rng, std::string s) {
        if (rng() % 2) {
          s[8 + rng() % 10] = "IOSVZ"[rng() % 5];
        } else {
          s.pop_back();
        }
        return s;
      });
  return inputs;
}

const Inputs& IdInputs() {
  static const Inputs inputs = MakeInputs(
      2,
      [](std::mt19937_64& rng) {
        int32_t code = 0;
        do {
          code =
              divisions::kDivisionCodes[rng() %
                                        std::size(divisions::kDivisionCodes)];
        } while (code >= 320202 && code <= 320204);
        int year = 1940 + static_cast<int>(rng() % 70);
        int month = 1 + static_cast<int>(rng() % 12);
        int day = 1 + static_cast<int>(rng() % 28);
        char body[64];
        std::snprintf(body, sizeof body, "%06d%04d%02d%02d%03d", code, year,
                      month, day, static_cast<int>(rng() % 1000));
        return std::string(body) + ResidentIdCheckCharacter(body);
      },
      [](std::mt19937_64& rng, std::string s) {
        // The sequence number or check character: the shape pattern cannot
        // see either.
        size_t i = 14 + rng() % 4;
        char c = s[i];
        while (c == s[i]) c = static_cast<char>('0' + rng() % 10);
        s[i] = c;
        return s;
      },
      [](std::mt19937_64& rng, std::string s) {
        if (rng() % 2) {
          s[rng() % 17] = 'X';
        } else {
          s.erase(rng() % 18, 1);
        }
        return s;
      });
  return inputs;
}

const Inputs& OrgInputs() {
  static const Inputs inputs = MakeInputs(
      3,
      [](std::mt19937_64& rng) {
        static constexpr std::string_view kAlnum =
            "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
        std::string body;
        for (int i = 0; i < 8; ++i) body += kAlnum[rng() % 36];
        std::string code = body + OrgCodeCheckCharacter(body);
        if (rng() % 2) code.insert(8, "-");
        return code;
      },
      [](std::mt19937_64&, std::string s) {
        // Another check character is always caught.
        char& check = s.back();
        check = check == '0' ? '1' : '0';
        return s;
      },
      [](std::mt19937_64& rng, std::string s) {
        s.erase(rng() % 8, 1);
        return s;
      });
  return inputs;
}

const Inputs& RegNoInputs() {
  static const Inputs inputs = MakeInputs(
      4,
      [](std::mt19937_64& rng) {
        int32_t code =
            divisions::kDivisionCodes[rng() %
                                      std::size(divisions::kDivisionCodes)];
        std::string body = std::to_string(code);
        for (int i = 0; i < 8; ++i) body += static_cast<char>('0' + rng() % 10);
        return body + RegNoCheckDigit(body);
      },
      [](std::mt19937_64& rng, std::string s) {
        size_t i = rng() % 15;
        char c = s[i];
        while (c == s[i]) c = static_cast<char>('0' + rng() % 10);
        s[i] = c;
        return s;
      },
      [](std::mt19937_64& rng, std::string s) {
        s[rng() % 15] = 'A';
        return s;
      });
  return inputs;
}

RE2::Options QuietOptions() {
  RE2::Options options;
  options.set_log_errors(false);
  return options;
}

// Shape patterns, compiled once (STANDARDS.md §1.6.4, §2.1, §3.1, §4.1).
const RE2& UsccShape() {
  static const RE2 re(
      "[0-9A-HJ-NPQRTUWXY]{2}[0-9]{6}[0-9A-HJ-NPQRTUWXY]{9}"
      "[0-9A-HJ-NPQRTUWXY]",
      QuietOptions());
  return re;
}
const RE2& IdShape() {
  static const RE2 re(
      "[1-9][0-9]{5}(?:18|19|20)[0-9]{2}(?:0[1-9]|1[0-2])"
      "(?:0[1-9]|[12][0-9]|3[01])[0-9]{3}[0-9X]",
      QuietOptions());
  return re;
}
const RE2& OrgShape() {
  static const RE2 re("[0-9A-Z]{8}-?[0-9X]", QuietOptions());
  return re;
}
const RE2& RegNoShape() {
  static const RE2 re("[0-9]{15}", QuietOptions());
  return re;
}

template <typename Check>
int CountValid(const Inputs& inputs, Check&& check) {
  std::string canonical;
  int n = 0;
  for (const std::string& v : inputs.values) n += check(v, &canonical).valid();
  return n;
}
int CountMatches(const Inputs& inputs, const RE2& re) {
  int n = 0;
  for (const std::string& v : inputs.values) n += RE2::FullMatch(v, re);
  return n;
}

// Aborts the run when a check disagrees with the construction.
void Verify(std::string_view what, int got, int expected,
            benchmark::State& state) {
  if (got != expected) {
    state.SkipWithError((std::string(what) + ": " + std::to_string(got) +
                         " valid, expected " + std::to_string(expected))
                            .c_str());
  }
}

template <typename Check>
void RunCheck(benchmark::State& state, const Inputs& inputs, Check&& check) {
  Verify("check", CountValid(inputs, check), inputs.valid, state);
  std::string canonical;
  canonical.reserve(32);
  size_t i = 0;
  for (auto _ : state) {
    ValueCheck result = check(inputs.values[i], &canonical);
    benchmark::DoNotOptimize(result);
    i = (i + 1) & (kValues - 1);
  }
  state.SetItemsProcessed(state.iterations());
}

void RunShape(benchmark::State& state, const Inputs& inputs, const RE2& re) {
  Verify("shape", CountMatches(inputs, re), inputs.shape_match, state);
  size_t i = 0;
  for (auto _ : state) {
    bool match = RE2::FullMatch(inputs.values[i], re);
    benchmark::DoNotOptimize(match);
    i = (i + 1) & (kValues - 1);
  }
  state.SetItemsProcessed(state.iterations());
}

void BM_CheckUscc(benchmark::State& state) {
  RunCheck(state, UsccInputs(),
           [](std::string_view v, std::string* c) { return CheckUscc(v, c); });
}
void BM_Re2ShapeUscc(benchmark::State& state) {
  RunShape(state, UsccInputs(), UsccShape());
}
void BM_CheckIdNumber(benchmark::State& state) {
  RunCheck(state, IdInputs(), [](std::string_view v, std::string* c) {
    return CheckIdNumber(v, IdType::kResidentId, c);
  });
}
void BM_Re2ShapeIdNumber(benchmark::State& state) {
  RunShape(state, IdInputs(), IdShape());
}
void BM_CheckOrgCode(benchmark::State& state) {
  RunCheck(state, OrgInputs(), [](std::string_view v, std::string* c) {
    return CheckOrgCode(v, c);
  });
}
void BM_Re2ShapeOrgCode(benchmark::State& state) {
  RunShape(state, OrgInputs(), OrgShape());
}
void BM_CheckRegNo(benchmark::State& state) {
  RunCheck(state, RegNoInputs(),
           [](std::string_view v, std::string* c) { return CheckRegNo(v, c); });
}
void BM_Re2ShapeRegNo(benchmark::State& state) {
  RunShape(state, RegNoInputs(), RegNoShape());
}

BENCHMARK(BM_CheckUscc);
BENCHMARK(BM_Re2ShapeUscc);
BENCHMARK(BM_CheckIdNumber);
BENCHMARK(BM_Re2ShapeIdNumber);
BENCHMARK(BM_CheckOrgCode);
BENCHMARK(BM_Re2ShapeOrgCode);
BENCHMARK(BM_CheckRegNo);
BENCHMARK(BM_Re2ShapeRegNo);

}  // namespace
}  // namespace creditdata

BENCHMARK_MAIN();
