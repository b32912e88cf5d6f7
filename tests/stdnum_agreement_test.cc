// Agreement with Debian's python3-stdnum (stdnum.cn.ric and stdnum.cn.uscc)
// on 100 000 resident IDs and 100 000 credit codes, generated here with a
// fixed seed and judged by tests/stdnum_oracle.py in one python process.
//
// Each sample belongs to a category built so that both verdicts are known in
// advance. Where STANDARDS.md documents stdnum 1.18 as wrong (A/N/Y-prefixed
// credit codes §1.6.3, 15-digit IDs, division codes newer than its table
// §4.1/§5.3, residence permits and 2023 foreigner cards §4.3/§4.4, county
// codes it lacks) the test asserts the disagreement itself: stdnum says
// invalid AND creditdata says valid. One more disagreement found here and
// not listed in STANDARDS.md: stdnum accepts birth dates in the future
// (ric.py only checks that the date exists); creditdata rejects them.
// Random samples add noise; any disagreement on them must be one of the
// explained kinds.

#include <unistd.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "creditdata/check.h"
#include "gtest/gtest.h"

namespace creditdata {
namespace {

namespace divisions {
#include "values/divisions.inc"
}  // namespace divisions

constexpr char kLocDat[] = "/usr/lib/python3/dist-packages/stdnum/cn/loc.dat";
constexpr char kPython[] = "/usr/bin/python3";

constexpr std::string_view kUsccAlphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";

char UsccCheckChar(std::string_view body) {
  int sum = 0;
  int weight = 1;
  for (char c : body.substr(0, 17)) {
    sum += static_cast<int>(kUsccAlphabet.find(c)) * weight;
    weight = weight * 3 % 31;
  }
  return kUsccAlphabet[(31 - sum % 31) % 31];
}

char OrgCheckChar(std::string_view body) {
  static constexpr int kW[8] = {3, 7, 9, 10, 5, 8, 4, 2};
  int sum = 0;
  for (int i = 0; i < 8; ++i) {
    char c = body[i];
    sum += (c <= '9' ? c - '0' : c - 'A' + 10) * kW[i];
  }
  int c = 11 - sum % 11;
  return c == 10 ? 'X' : c == 11 ? '0' : static_cast<char>('0' + c);
}

char IdCheckChar(std::string_view body) {
  int sum = 0;
  int weight = 2;  // 2^(18-i) mod 11, from the right
  for (int i = 16; i >= 0; --i) {
    sum += (body[i] - '0') * weight;
    weight = weight * 2 % 11;
  }
  return "10X98765432"[sum % 11];
}

bool IsOurDivision(int32_t code) {
  return std::binary_search(std::begin(divisions::kDivisionCodes),
                            std::end(divisions::kDivisionCodes), code);
}
bool IsRetired(int32_t code) {
  return std::binary_search(std::begin(divisions::kRetiredDivisionCodes),
                            std::end(divisions::kRetiredDivisionCodes), code);
}

enum class Category {
  // Resident IDs.
  kIdValid,
  kIdCorrupted,
  kIdLowerCaseX,
  kIdRetiredDivision,
  kIdLegacy15,         // STANDARDS §4.2: stdnum rejects every 15-digit ID
  kIdNewerDivision,    // §4.1 / §5.3: 320213, 320214 missing from stdnum
  kIdPermit,           // §4.3: 810000 / 820000 / 830000
  kIdForeign2023,      // §4.4: stdnum rejects them
  kIdUnknownDivision,  // §4.1 step 5: full lookup is WARN only
  kIdFutureBirth,      // found here: stdnum accepts future birth dates
  kIdRandom,
  // Credit codes.
  kUsccValid,
  kUsccCorrupted,
  kUsccAny,          // §1.6.3: stdnum rejects A, N, Y prefixes
  kUsccEmbeddedBad,  // §1.5: warning, stdnum does not check it
  kUsccUnknownPair,  // §1.3: warning, stdnum does not check it
  kUsccLetterDivision,
  kUsccLowerCase,
  kUsccSeparators,
  kUsccRandom,
};

// Verdicts (creditdata, stdnum) for the constructed categories.
struct Expectation {
  bool ours;
  bool stdnum;
  std::string_view why;
};
const std::map<Category, Expectation>& Expectations() {
  static const auto* map = new std::map<Category, Expectation>{
      {Category::kIdValid, {true, true, "valid ID"}},
      {Category::kIdCorrupted,
       {false, false, "one substitution/transposition"}},
      {Category::kIdLowerCaseX, {true, true, "lower-case x"}},
      {Category::kIdRetiredDivision,
       {true, true, "retired division (warning)"}},
      {Category::kIdLegacy15, {true, false, "15-digit ID"}},
      {Category::kIdNewerDivision, {true, false, "320213/320214"}},
      {Category::kIdPermit, {true, false, "residence permit 81/82/83"}},
      {Category::kIdForeign2023, {true, false, "2023 foreigner card"}},
      {Category::kIdUnknownDivision, {true, false, "county not in any table"}},
      {Category::kIdFutureBirth, {false, true, "birth date in the future"}},
      {Category::kUsccValid, {true, true, "valid credit code"}},
      {Category::kUsccCorrupted,
       {false, false, "one substitution/transposition"}},
      {Category::kUsccAny, {true, false, "A/N/Y authority"}},
      {Category::kUsccEmbeddedBad, {true, true, "embedded org code (warning)"}},
      {Category::kUsccUnknownPair, {true, true, "unknown pair (warning)"}},
      {Category::kUsccLetterDivision,
       {false, false, "letter in positions 3-8"}},
      {Category::kUsccLowerCase, {true, true, "lower case"}},
      {Category::kUsccSeparators, {true, true, "spaces and hyphens"}},
  };
  return *map;
}

struct Sample {
  char kind;  // R or U
  Category category;
  std::string value;
};

class Generator {
 public:
  explicit Generator(const std::vector<int32_t>& stdnum_codes)
      : rng_(20240601) {
    // stdnum scans its table linearly for every ID (the oracle memoises
    // per address code), so draw valid IDs from a pool of 300 codes.
    std::vector<int32_t> current;
    for (int32_t code : stdnum_codes) {
      if (!IsRetired(code)) current.push_back(code);
    }
    std::shuffle(current.begin(), current.end(), rng_);
    pool_.assign(current.begin(), current.begin() + 300);
    std::set<int> provinces;
    for (int32_t code : stdnum_codes) provinces.insert(code / 10000);
    provinces_.assign(provinces.begin(), provinces.end());
    while (unknown_pool_.size() < 50) {
      int32_t code = provinces_[Uniform(provinces_.size())] * 10000 +
                     static_cast<int32_t>(Uniform(10000));
      if (!IsOurDivision(code)) unknown_pool_.push_back(code);
    }
  }

  size_t Uniform(size_t n) {
    return std::uniform_int_distribution<size_t>(0, n - 1)(rng_);
  }
  char Pick(std::string_view from) { return from[Uniform(from.size())]; }

  // 17 digits: address code, a real date in [from_year, to_year], sequence.
  std::string IdBody(int32_t code, int from_year, int to_year) {
    int year = from_year + static_cast<int>(Uniform(to_year - from_year + 1));
    int month = 1 + static_cast<int>(Uniform(12));
    int day = 1 + static_cast<int>(Uniform(DaysInMonth(year, month)));
    char body[64];
    std::snprintf(body, sizeof body, "%06d%04d%02d%02d%03d", code, year, month,
                  day, static_cast<int>(Uniform(1000)));
    return body;
  }
  std::string Id(int32_t code, int from_year = 1901, int to_year = 2020) {
    std::string body = IdBody(code, from_year, to_year);
    return body + IdCheckChar(body);
  }
  int32_t PoolCode() { return pool_[Uniform(pool_.size())]; }

  // One substitution or one adjacent transposition of distinct characters.
  std::string Corrupt(std::string s, std::string_view alphabet) {
    if (Uniform(2) == 0) {
      size_t i = Uniform(s.size());
      char c;
      do {
        c = Pick(alphabet);
      } while (c == s[i]);
      s[i] = c;
    } else {
      size_t i;
      do {
        i = Uniform(s.size() - 1);
      } while (s[i] == s[i + 1]);
      std::swap(s[i], s[i + 1]);
    }
    return s;
  }

  void ResidentIds(std::vector<Sample>* out) {
    auto add = [out](Category c, std::string v) {
      out->push_back({'R', c, std::move(v)});
    };
    for (int n = 0; n < 45000; ++n) add(Category::kIdValid, Id(PoolCode()));
    for (int n = 0; n < 30000; ++n) {
      add(Category::kIdCorrupted, Corrupt(Id(PoolCode()), "0123456789X"));
    }
    for (int n = 0; n < 1000;) {
      std::string id = Id(PoolCode());
      if (id.back() != 'X') continue;
      id.back() = 'x';
      add(Category::kIdLowerCaseX, id);
      ++n;
    }
    for (int n = 0; n < 1000; ++n) {
      add(Category::kIdRetiredDivision,
          Id(divisions::kRetiredDivisionCodes[Uniform(3)]));
    }
    for (int n = 0; n < 5000; ++n) {
      std::string body = IdBody(PoolCode(), 1900, 1999);
      add(Category::kIdLegacy15, body.substr(0, 6) + body.substr(8, 9));
    }
    for (int n = 0; n < 2000; ++n) {
      add(Category::kIdNewerDivision, Id(Uniform(2) ? 320213 : 320214));
    }
    for (int n = 0; n < 3000; ++n) {
      add(Category::kIdPermit,
          Id((81 + static_cast<int>(Uniform(3))) * 10000, 1930, 2020));
    }
    static constexpr int kForeignOffices[] = {11, 31, 32, 44};
    static constexpr int kCountries[] = {398, 682, 840, 392, 410};
    for (int n = 0; n < 3000; ++n) {
      int32_t prefix =
          900000 + kForeignOffices[Uniform(4)] * 1000 + kCountries[Uniform(5)];
      add(Category::kIdForeign2023, Id(prefix, 1940, 2010));
    }
    for (int n = 0; n < 3000; ++n) {
      add(Category::kIdUnknownDivision,
          Id(unknown_pool_[Uniform(unknown_pool_.size())]));
    }
    for (int n = 0; n < 1000; ++n) {
      std::string id;
      do {
        id = Id(PoolCode(), 2025, 2040);
      } while (id.substr(6, 8) <= "20250101");
      add(Category::kIdFutureBirth, id);
    }
    for (int n = 0; n < 6000; ++n) {
      std::string id;
      for (int i = 0; i < 17; ++i) id += Pick("0123456789");
      id += Uniform(2) ? IdCheckChar(id) : Pick("0123456789X");
      add(Category::kIdRandom, id);
    }
  }

  std::string Uscc(std::string_view pairs_from, bool digits_only = true) {
    static const std::vector<std::pair<char, std::string_view>> kPairs = {
        {'1', "1239"}, {'2', "19"},  {'3', "123459"}, {'4', "19"},
        {'5', "1239"}, {'6', "129"}, {'7', "129"},    {'8', "19"},
        {'9', "123"},  {'A', "19"},  {'N', "1239"},   {'Y', "1"}};
    std::pair<char, std::string_view> pair;
    do {
      pair = kPairs[Uniform(kPairs.size())];
    } while (pairs_from.find(pair.first) == std::string_view::npos ||
             (digits_only && pair.first > '9'));
    std::string s;
    s += pair.first;
    s += Pick(pair.second);
    s += std::to_string(provinces_[Uniform(provinces_.size())]);
    for (int i = 0; i < 4; ++i) s += Pick("0123456789");
    for (int i = 0; i < 8; ++i) s += Pick(kUsccAlphabet);
    s += OrgCheckChar(s.substr(8, 8));
    return s + UsccCheckChar(s);
  }

  void CreditCodes(std::vector<Sample>* out) {
    auto add = [out](Category c, std::string v) {
      out->push_back({'U', c, std::move(v)});
    };
    const std::string_view digits = "123456789";
    for (int n = 0; n < 45000; ++n) add(Category::kUsccValid, Uscc(digits));
    for (int n = 0; n < 30000; ++n) {
      add(Category::kUsccCorrupted,
          Corrupt(Uscc(digits), "0123456789ABCDEFGHJKLMNPQRTUWXYIOSVZ"));
    }
    for (int n = 0; n < 5000; ++n) add(Category::kUsccAny, Uscc("ANY", false));
    for (int n = 0; n < 5000; ++n) {
      std::string s = Uscc(digits);
      char wrong;
      do {
        wrong = Pick(kUsccAlphabet);
      } while (wrong == s[16]);
      s[16] = wrong;
      s[17] = UsccCheckChar(s);
      add(Category::kUsccEmbeddedBad, s);
    }
    for (int n = 0; n < 3000;) {
      std::string s = Uscc(digits);
      s[0] = Pick("0123456789");
      s[1] = Pick("0123456789");
      static const std::set<std::string> kKnown = {
          "11", "12", "13", "19", "21", "29", "31", "32", "33", "34",
          "35", "39", "41", "49", "51", "52", "53", "59", "61", "62",
          "69", "71", "72", "79", "81", "89", "91", "92", "93"};
      if (kKnown.contains(s.substr(0, 2))) continue;
      s[17] = UsccCheckChar(s);
      add(Category::kUsccUnknownPair, s);
      ++n;
    }
    for (int n = 0; n < 2000; ++n) {
      std::string s = Uscc(digits);
      s[2 + Uniform(6)] = Pick("ABCDEFGHJKLMNPQRTUWXY");
      s[17] = UsccCheckChar(s);
      add(Category::kUsccLetterDivision, s);
    }
    for (int n = 0; n < 2000;) {
      std::string s = Uscc(digits);
      bool letter = false;
      for (char& c : s) {
        if (c >= 'A' && c <= 'Z') {
          c = static_cast<char>(c - 'A' + 'a');
          letter = true;
        }
      }
      if (!letter) continue;
      add(Category::kUsccLowerCase, s);
      ++n;
    }
    for (int n = 0; n < 1000; ++n) {
      std::string s = Uscc(digits);
      add(Category::kUsccSeparators, s.substr(0, 2) + " " + s.substr(2, 6) +
                                         "-" + s.substr(8, 9) + " " +
                                         s.substr(17));
    }
    // Random symbols anywhere, but positions 3-8 mostly digits and the
    // check mostly computed, so that many get past the first rules.
    const std::string_view any = "0123456789ABCDEFGHJKLMNPQRTUWXYIOSVZ";
    for (int n = 0; n < 7000; ++n) {
      std::string s;
      for (int i = 0; i < 17; ++i) {
        s += i >= 2 && i < 8 && Uniform(10) != 0 ? Pick("0123456789")
                                                 : Pick(any);
      }
      bool symbols = s.find_first_of("IOSVZ") == std::string::npos;
      s += symbols && Uniform(4) != 0 ? UsccCheckChar(s) : Pick(kUsccAlphabet);
      add(Category::kUsccRandom, s);
    }
  }

 private:
  std::mt19937_64 rng_;
  std::vector<int32_t> pool_;
  std::vector<int> provinces_;
  std::vector<int32_t> unknown_pool_;
};

std::vector<int32_t> ReadLocDat() {
  std::vector<int32_t> codes;
  std::ifstream in(kLocDat);
  std::string line;
  while (std::getline(in, line)) {
    if (line.size() >= 6 && line[0] >= '0' && line[0] <= '9') {
      codes.push_back(std::stoi(line.substr(0, 6)));
    }
  }
  return codes;
}

// Runs the oracle on the samples: its version, then one verdict each.
std::vector<std::string> RunOracle(const std::vector<Sample>& samples) {
  std::filesystem::path path =
      std::filesystem::temp_directory_path() /
      ("creditdata_stdnum_" + std::to_string(::getpid()) + ".tsv");
  {
    std::ofstream out(path, std::ios::binary);
    for (const Sample& s : samples) out << s.kind << '\t' << s.value << '\n';
  }
  std::string command = std::string(kPython) +
                        " " CREDITDATA_SOURCE_DIR "/tests/stdnum_oracle.py " +
                        path.string();
  std::vector<std::string> lines;
  FILE* pipe = ::popen(command.c_str(), "r");
  if (pipe != nullptr) {
    std::string line;
    int c;
    while ((c = std::fgetc(pipe)) != EOF) {
      if (c == '\n') {
        lines.push_back(line);
        line.clear();
      } else {
        line.push_back(static_cast<char>(c));
      }
    }
    ::pclose(pipe);
  }
  std::filesystem::remove(path);
  return lines;
}

bool IsAsciiDigit(char c) { return c >= '0' && c <= '9'; }

std::string Describe(const ValueCheck& check) {
  std::string out = check.valid() ? "valid" : "invalid";
  for (FindingCode code : check.findings()) {
    out += " ";
    out += FindingCodeName(code);
  }
  return out;
}

TEST(StdnumAgreementTest, ResidentIdsAndCreditCodes) {
  std::vector<int32_t> stdnum_codes = ReadLocDat();
  ASSERT_GT(stdnum_codes.size(), 3000u)
      << kLocDat << " missing: install python3-stdnum (scripts/setup.sh)";
  const std::set<int32_t> stdnum_table(stdnum_codes.begin(),
                                       stdnum_codes.end());
  Generator generator(stdnum_codes);
  std::vector<Sample> samples;
  generator.ResidentIds(&samples);
  size_t ids = samples.size();
  generator.CreditCodes(&samples);
  ASSERT_EQ(ids, 100000u);
  ASSERT_EQ(samples.size() - ids, 100000u);

  std::vector<std::string> oracle = RunOracle(samples);
  ASSERT_EQ(oracle.size(), samples.size() + 1)
      << "the oracle failed: " << kPython << " tests/stdnum_oracle.py";
  const std::string version = oracle[0];
  RecordProperty("stdnum_version", version);

  CheckOptions options;
  options.reference_date = Date::FromYmd(2025, 1, 1);
  std::string canonical;
  std::map<Category, int> counts;
  std::map<Category, int> wrong;
  std::map<std::string, int> explained;
  for (size_t i = 0; i < samples.size(); ++i) {
    const Sample& sample = samples[i];
    const std::string& verdict = oracle[i + 1];
    ASSERT_TRUE(verdict == "0" || verdict == "1") << verdict;
    bool stdnum = verdict == "1";
    ValueCheck check;
    if (sample.kind == 'R') {
      std::optional<IdType> type = IdType::kResidentId;
      if (sample.category == Category::kIdForeign2023) {
        type = IdType::kForeignPermanentResident;
        // As a resident ID it is invalid, and then both agree.
        ValueCheck as_resident = CheckIdNumber(
            sample.value, IdType::kResidentId, &canonical, options);
        EXPECT_FALSE(as_resident.valid()) << sample.value;
      }
      check = CheckIdNumber(sample.value, type, &canonical, options);
    } else {
      check = CheckUscc(sample.value, &canonical, options);
    }
    bool ours = check.valid() && !check.empty();
    ++counts[sample.category];

    auto fail = [&](std::string_view why) {
      if (++wrong[sample.category] <= 5) {
        ADD_FAILURE() << sample.value << " (" << why << "): creditdata "
                      << Describe(check) << ", stdnum " << version << " "
                      << (stdnum ? "valid" : "invalid");
      }
    };
    auto it = Expectations().find(sample.category);
    if (it != Expectations().end()) {
      if (ours != it->second.ours || stdnum != it->second.stdnum) {
        fail(it->second.why);
      }
      continue;
    }
    // Random samples: agreement, or a disagreement of a documented kind.
    if (ours == stdnum) continue;
    if (sample.kind == 'R') {
      if (ours && !stdnum &&
          !stdnum_table.contains(std::stoi(sample.value.substr(0, 6)))) {
        ++explained["id_county_not_in_stdnum_table"];
      } else if (!ours && stdnum &&
                 check.code() == FindingCode::kIdNumberBirthDate) {
        ++explained["id_birth_in_future_or_before_1800"];
      } else {
        fail("unexplained");
      }
    } else {
      // stdnum wants digits in positions 1-8; the standard has letters in
      // position 1 (A, N, Y) and, by the table, in position 2 (§1.3).
      if (ours && !stdnum &&
          !(IsAsciiDigit(sample.value[0]) && IsAsciiDigit(sample.value[1]))) {
        ++explained["uscc_letter_in_positions_1_2"];
      } else {
        fail("unexplained");
      }
    }
  }
  for (const auto& [category, n] : wrong) {
    ADD_FAILURE() << n << " samples of category " << static_cast<int>(category)
                  << " went against the expectation";
  }
  // Every constructed category was generated.
  for (const auto& [category, expectation] : Expectations()) {
    EXPECT_GT(counts[category], 0) << expectation.why;
  }
  // The random credit codes did exercise the A/N/Y (and other letter)
  // disagreement.
  EXPECT_GT(explained["uscc_letter_in_positions_1_2"], 100);
  for (const auto& [why, n] : explained) {
    RecordProperty(why, n);
  }
}

}  // namespace
}  // namespace creditdata
