// Identifier checks (src/values/identifiers.cc): the vector tables of
// tests/spec/STANDARDS.md read from the file itself, property tests of the
// check characters, and at least one input for every finding code of the
// identifier sections of findings.def.

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <functional>
#include <map>
#include <optional>
#include <random>
#include <set>
#include <sstream>
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

// ---------------------------------------------------------------------------
// Independent reference implementations (written from STANDARDS.md, not
// shared with the library).

constexpr std::string_view kUsccAlphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";

int UsccValue(char c) {
  size_t i = kUsccAlphabet.find(c);
  return i == std::string_view::npos ? -1 : static_cast<int>(i);
}

// §1.4: W[i] = 3^(i-1) mod 31, check = (31 - S mod 31) mod 31.
char UsccCheckChar(std::string_view body17) {
  int sum = 0;
  int weight = 1;
  for (char c : body17.substr(0, 17)) {
    sum += UsccValue(c) * weight;
    weight = weight * 3 % 31;
  }
  return kUsccAlphabet[(31 - sum % 31) % 31];
}

int AlnumValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'A' && c <= 'Z') return c - 'A' + 10;
  return -1;
}

// §2.3: C9 = 11 - S mod 11, 10 -> X, 11 -> 0.
char OrgCheckChar(std::string_view body8) {
  static constexpr int kW[8] = {3, 7, 9, 10, 5, 8, 4, 2};
  int sum = 0;
  for (int i = 0; i < 8; ++i) sum += AlnumValue(body8[i]) * kW[i];
  int c = 11 - sum % 11;
  return c == 10 ? 'X' : c == 11 ? '0' : static_cast<char>('0' + c);
}

// §4.1, table form: S mod 11 = 0..10 -> 1 0 X 9 8 7 6 5 4 3 2.
char IdCheckChar(std::string_view body17) {
  int sum = 0;
  for (int i = 0; i < 17; ++i) {
    int weight = 1;
    for (int k = 0; k < 17 - i; ++k) weight = weight * 2 % 11;
    sum += (body17[i] - '0') * weight;
  }
  return "10X98765432"[sum % 11];
}

// §3.2: the running state of ISO 7064 MOD 11,10.
int Mod1110Step(int p, int digit) {
  int s = (digit + p) % 10;
  if (s == 0) s = 10;
  return 2 * s % 11;
}
char RegNoCheckDigit(std::string_view body14) {
  int p = 10;
  for (char c : body14.substr(0, 14)) p = Mod1110Step(p, c - '0');
  return static_cast<char>('0' + (11 - p) % 10);
}

std::string WithUsccCheck(std::string body17) {
  body17.push_back(UsccCheckChar(body17));
  return body17;
}
std::string WithIdCheck(std::string body17) {
  body17.push_back(IdCheckChar(body17));
  return body17;
}

bool Has(const ValueCheck& check, FindingCode code) {
  auto f = check.findings();
  return std::find(f.begin(), f.end(), code) != f.end();
}

std::string Describe(const ValueCheck& check) {
  std::string out = check.valid() ? "valid" : "invalid";
  if (check.empty()) out += " empty";
  for (FindingCode code : check.findings()) {
    out += " ";
    out += FindingCodeName(code);
  }
  return out;
}

CheckOptions Reference2025() {
  CheckOptions options;
  options.reference_date = Date::FromYmd(2025, 1, 1);
  return options;
}

CheckOptions Strict() {
  CheckOptions options = Reference2025();
  options.uscc_category_is_error = true;
  options.embedded_org_code_is_error = true;
  return options;
}

// ---------------------------------------------------------------------------
// The vector tables of STANDARDS.md.

std::string ReadSpec() {
  std::ifstream in(CREDITDATA_SPEC_DIR "/STANDARDS.md", std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

std::string Trim(std::string_view s) {
  size_t b = s.find_first_not_of(" \t");
  if (b == std::string_view::npos) return "";
  size_t e = s.find_last_not_of(" \t");
  return std::string(s.substr(b, e - b + 1));
}

// The data rows of the table between <!-- vectors:NAME --> and
// <!-- /vectors -->, cells trimmed and stripped of backticks.
std::vector<std::vector<std::string>> ReadVectors(std::string_view name) {
  static const std::string spec = ReadSpec();
  std::string open = "<!-- vectors:" + std::string(name) + " -->";
  size_t start = spec.find(open);
  EXPECT_NE(start, std::string::npos) << open;
  if (start == std::string::npos) return {};
  size_t end = spec.find("<!-- /vectors -->", start);
  std::istringstream lines(spec.substr(start, end - start));
  std::vector<std::vector<std::string>> rows;
  std::string line;
  int table_line = 0;
  while (std::getline(lines, line)) {
    if (line.empty() || line[0] != '|') continue;
    if (table_line++ < 2) continue;  // header and |---|---|
    std::vector<std::string> cells;
    size_t pos = 1;
    while (pos < line.size()) {
      size_t bar = line.find('|', pos);
      if (bar == std::string::npos) break;
      std::string cell = Trim(std::string_view(line).substr(pos, bar - pos));
      cell.erase(std::remove(cell.begin(), cell.end(), '`'), cell.end());
      cells.push_back(cell);
      pos = bar + 1;
    }
    rows.push_back(cells);
  }
  return rows;
}

bool ExpectsValid(const std::string& expected) {
  return expected.starts_with("VALID") || expected.starts_with("OK");
}

std::string Upper(std::string s) {
  for (char& c : s) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return s;
}

TEST(IdentVectorsTest, Uscc) {
  auto rows = ReadVectors("uscc");
  ASSERT_EQ(rows.size(), 27u);
  // The only rows whose INVALID is met by the placeholder rule (§1.6): they
  // are missing values, not invalid ones.
  const std::set<std::string> placeholders = {"000000000000000000",
                                              "00000000000000000X"};
  int valid = 0;
  for (const auto& row : rows) {
    const std::string& input = row[0];
    std::string canonical;
    ValueCheck lenient = CheckUscc(input, &canonical, Reference2025());
    ValueCheck strict = CheckUscc(input, &canonical, Strict());
    if (ExpectsValid(row[1])) {
      ++valid;
      EXPECT_TRUE(strict.valid() && !strict.empty())
          << input << ": " << Describe(strict);
      EXPECT_EQ(canonical, input);
      EXPECT_TRUE(lenient.valid()) << input << ": " << Describe(lenient);
    } else if (placeholders.contains(input)) {
      EXPECT_TRUE(strict.empty()) << input << ": " << Describe(strict);
      EXPECT_EQ(strict.code(), FindingCode::kPlaceholder) << input;
      EXPECT_EQ(canonical, "");
    } else {
      EXPECT_FALSE(strict.valid()) << input << ": " << Describe(strict);
      // §1.3 and §1.5 make the pair table and the embedded organization
      // code warnings by default: the rows rejected only for those are
      // flagged, not rejected, without the strict options.
      EXPECT_TRUE(!lenient.valid() ||
                  Has(lenient, FindingCode::kUsccCategory) ||
                  Has(lenient, FindingCode::kUsccEmbeddedOrgCode))
          << input << ": " << Describe(lenient);
    }
  }
  EXPECT_EQ(valid, 16);
}

TEST(IdentVectorsTest, OrgCode) {
  auto rows = ReadVectors("org");
  ASSERT_EQ(rows.size(), 15u);
  int valid = 0;
  for (const auto& row : rows) {
    const std::string& input = row[0];
    std::string canonical;
    ValueCheck check = CheckOrgCode(input, &canonical);
    if (ExpectsValid(row[1])) {
      ++valid;
      EXPECT_TRUE(check.valid()) << input << ": " << Describe(check);
      EXPECT_EQ(check.code(), FindingCode::kOk) << input;
      std::string expected = input;
      expected.erase(std::remove(expected.begin(), expected.end(), '-'),
                     expected.end());
      EXPECT_EQ(canonical, expected);
      EXPECT_FALSE(check.normalised()) << input;
    } else {
      EXPECT_FALSE(check.valid()) << input << ": " << Describe(check);
    }
  }
  EXPECT_EQ(valid, 10);
}

TEST(IdentVectorsTest, RegNo) {
  auto rows = ReadVectors("regno");
  ASSERT_EQ(rows.size(), 12u);
  int valid = 0;
  for (const auto& row : rows) {
    std::string canonical;
    ValueCheck check = CheckRegNo(row[0], &canonical);
    if (ExpectsValid(row[1])) {
      ++valid;
      EXPECT_TRUE(check.valid()) << row[0] << ": " << Describe(check);
      EXPECT_EQ(check.code(), FindingCode::kOk) << row[0];
      EXPECT_EQ(canonical, row[0]);
    } else {
      EXPECT_FALSE(check.valid()) << row[0] << ": " << Describe(check);
    }
  }
  EXPECT_EQ(valid, 7);
}

TEST(IdentVectorsTest, IdNumber) {
  auto rows = ReadVectors("id");
  ASSERT_EQ(rows.size(), 23u);
  int valid = 0;
  for (const auto& row : rows) {
    const std::string& input = row[0];
    const std::string& expected = row[1];
    std::optional<IdType> type = IdType::kResidentId;
    if (expected.find("foreigner card") != std::string::npos) {
      type = IdType::kForeignPermanentResident;
    }
    std::string canonical;
    ValueCheck check = CheckIdNumber(input, type, &canonical, Reference2025());
    if (ExpectsValid(expected)) {
      ++valid;
      EXPECT_TRUE(check.valid() && !check.empty())
          << input << ": " << Describe(check);
      EXPECT_EQ(canonical, Upper(input));
      EXPECT_EQ(check.normalised(), input != Upper(input)) << input;
      if (expected.find("permit") != std::string::npos) {
        ValueCheck permit = CheckIdNumber(input, IdType::kResidencePermit,
                                          &canonical, Reference2025());
        EXPECT_EQ(permit.code(), FindingCode::kOk) << input;
      }
    } else {
      EXPECT_FALSE(check.valid()) << input << ": " << Describe(check);
    }
    if (type == IdType::kResidentId) {
      // Without a type the number is read as a resident ID.
      ValueCheck untyped =
          CheckIdNumber(input, std::nullopt, &canonical, Reference2025());
      EXPECT_EQ(untyped.valid(), check.valid()) << input;
      EXPECT_EQ(Has(untyped, FindingCode::kIdTypeInferred), check.valid())
          << input;
    }
  }
  EXPECT_EQ(valid, 13);
  std::string canonical;
  EXPECT_EQ(
      CheckIdNumber("3.20281E+17", IdType::kResidentId, &canonical).code(),
      FindingCode::kIdNumberSpreadsheetMangled);
}

TEST(IdentVectorsTest, IdNumber15) {
  auto rows = ReadVectors("id15");
  ASSERT_EQ(rows.size(), 5u);
  for (const auto& row : rows) {
    std::string canonical;
    ValueCheck check =
        CheckIdNumber(row[0], IdType::kResidentId, &canonical, Reference2025());
    EXPECT_TRUE(check.valid()) << row[0] << ": " << Describe(check);
    EXPECT_TRUE(Has(check, FindingCode::kIdNumberLegacy15)) << row[0];
    EXPECT_EQ(canonical, row[1]);
    ValueCheck converted =
        CheckIdNumber(row[1], IdType::kResidentId, &canonical, Reference2025());
    EXPECT_EQ(converted.code(), FindingCode::kOk) << row[1];
  }
  // §4.2: impossible dates in 15-digit numbers (hutool tests).
  for (std::string_view bad : {"360198910283844", "815727834224151"}) {
    std::string canonical;
    ValueCheck check = CheckIdNumber(bad, IdType::kResidentId, &canonical);
    EXPECT_TRUE(Has(check, FindingCode::kIdNumberBirthDate)) << bad;
    EXPECT_FALSE(check.valid()) << bad;
  }
}

TEST(IdentVectorsTest, Divisions) {
  auto rows = ReadVectors("div");
  ASSERT_EQ(rows.size(), 9u);
  for (const auto& row : rows) {
    const std::string& code = row[0];
    // A resident ID with this address code, a good date and its check.
    std::string id = code + "19900101001";
    id.push_back(code.find_first_not_of("0123456789") == std::string::npos
                     ? IdCheckChar(id)
                     : '0');
    std::string canonical;
    ValueCheck check =
        CheckIdNumber(id, IdType::kResidentId, &canonical, Reference2025());
    EXPECT_EQ(check.valid(), ExpectsValid(row[1]))
        << id << " (" << row[1] << "): " << Describe(check);
  }
  std::string canonical;
  auto id_with = [](std::string code) {
    return WithIdCheck(code + "19900101001");
  };
  EXPECT_EQ(
      CheckIdNumber(id_with("320213"), IdType::kResidentId, &canonical).code(),
      FindingCode::kOk);
  EXPECT_EQ(
      CheckIdNumber(id_with("320202"), IdType::kResidentId, &canonical).code(),
      FindingCode::kIdNumberDivisionRetired);
  // 100000 is a national registration in a credit code (§5.2).
  std::string body = "91100000MA1N2P3Q0";
  EXPECT_EQ(CheckUscc(WithUsccCheck(body), &canonical).code(),
            FindingCode::kOk);
}

// ---------------------------------------------------------------------------
// Credit codes.

TEST(UsccTest, NormalisesSpacesHyphensFullWidthAndCase) {
  std::string canonical;
  ValueCheck check = CheckUscc(" 9132 0621-MA1MRHG205\xE3\x80\x80", &canonical);
  EXPECT_TRUE(check.valid());
  EXPECT_TRUE(check.normalised());
  EXPECT_EQ(check.code(), FindingCode::kOk);
  EXPECT_EQ(canonical, "91320621MA1MRHG205");

  // Full width (STANDARDS §8.3): the synthetic string normalises cleanly and
  // then fails only the embedded organization code.
  check = CheckUscc(
      "\xEF\xBC\x99\xEF\xBC\x91\xEF\xBC\x93\xEF\xBC\x92\xEF\xBC\x90\xEF\xBC\x92"
      "\xEF\xBC\x98\xEF\xBC\x91\xEF\xBC\xAD\xEF\xBC\xA1\xEF\xBC\x91\xEF\xBC\xAE"
      "\xEF\xBC\x92\xEF\xBC\xB0\xEF\xBC\x93\xEF\xBC\xB1\xEF\xBC\x94\xEF\xBC"
      "\xAA",
      &canonical);
  EXPECT_TRUE(check.valid()) << Describe(check);
  EXPECT_TRUE(check.normalised());
  EXPECT_EQ(check.code(), FindingCode::kUsccEmbeddedOrgCode);
  EXPECT_EQ(canonical, "91320281MA1N2P3Q4J");

  check = CheckUscc(
      "\xEF\xBB\xBF"
      "91320281MA1N2P3Q06",
      &canonical);
  EXPECT_EQ(check.code(), FindingCode::kOk);
  EXPECT_TRUE(check.normalised());

  check = CheckUscc("91320621ma1mrhg205", &canonical);
  EXPECT_TRUE(check.valid());
  EXPECT_EQ(check.code(), FindingCode::kUsccLowercase);
  EXPECT_EQ(canonical, "91320621MA1MRHG205");

  // Plain input is not normalised.
  check = CheckUscc("91320621MA1MRHG205", &canonical);
  EXPECT_FALSE(check.normalised());
}

TEST(UsccTest, PlaceholdersAreEmpty) {
  for (std::string_view input :
       {"000000000000000000", "00000000000000000X", "无", "/", "-", "无此项",
        "暂无", "--", "\xEF\xBC\x8F", "null", "0"}) {
    std::string canonical = "stale";
    ValueCheck check = CheckUscc(input, &canonical);
    EXPECT_TRUE(check.empty()) << input;
    EXPECT_TRUE(check.valid()) << input;
    EXPECT_EQ(check.code(), FindingCode::kPlaceholder) << input;
    EXPECT_EQ(canonical, "") << input;
  }
  std::string canonical;
  ValueCheck empty = CheckUscc(" \xE3\x80\x80 ", &canonical);
  EXPECT_TRUE(empty.empty());
  EXPECT_EQ(empty.code(), FindingCode::kOk);
}

TEST(UsccTest, ReportsEveryFailure) {
  std::string canonical;
  // Bad pair, bad embedded code, unknown province and a wrong check at once.
  std::string code = WithUsccCheck("94990000MA1N2P3Q4");
  code.back() = code.back() == '0' ? '1' : '0';
  ValueCheck check = CheckUscc(code, &canonical, Strict());
  EXPECT_TRUE(Has(check, FindingCode::kUsccChecksum)) << Describe(check);
  EXPECT_TRUE(Has(check, FindingCode::kUsccCategory)) << Describe(check);
  EXPECT_TRUE(Has(check, FindingCode::kUsccEmbeddedOrgCode));
  EXPECT_TRUE(Has(check, FindingCode::kUsccProvince));
  EXPECT_EQ(check.code(), FindingCode::kUsccChecksum);
  // The options make warnings errors.
  for (int i = 0; i < 4; ++i) {
    if (check.findings()[i] == FindingCode::kUsccCategory) {
      EXPECT_EQ(check.severity_of(i), Severity::kError);
    }
  }
  ValueCheck lenient =
      CheckUscc(WithUsccCheck("94990000MA1N2P3Q4"), &canonical);
  EXPECT_TRUE(lenient.valid()) << Describe(lenient);
  EXPECT_EQ(lenient.findings().size(), 3u);
  EXPECT_EQ(canonical, WithUsccCheck("94990000MA1N2P3Q4"));
}

// Random codes built by the rules (§1): pair from the table, a province, a
// subject id with its GB 11714 check, the mod-31 check.
std::string RandomUscc(std::mt19937_64& rng) {
  static const std::vector<std::pair<char, std::string>> kPairs = {
      {'1', "1239"}, {'2', "19"},  {'3', "123459"}, {'4', "19"},
      {'5', "1239"}, {'6', "129"}, {'7', "129"},    {'8', "19"},
      {'9', "123"},  {'A', "19"},  {'N', "1239"},   {'Y', "1"}};
  static const std::vector<std::string> kProvinces = {
      "10", "11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33",
      "34", "35", "36", "37", "41", "42", "43", "44", "45", "46", "50", "51",
      "52", "53", "54", "61", "62", "63", "64", "65", "71", "81", "82"};
  auto pick = [&rng](std::string_view from) {
    return from[std::uniform_int_distribution<size_t>(0, from.size() - 1)(rng)];
  };
  const auto& pair = kPairs[rng() % kPairs.size()];
  std::string s;
  s += pair.first;
  s += pick(pair.second);
  s += kProvinces[rng() % kProvinces.size()];
  for (int i = 0; i < 4; ++i) s += pick("0123456789");
  for (int i = 0; i < 8; ++i) s += pick(kUsccAlphabet);
  s += OrgCheckChar(s.substr(8, 8));
  return WithUsccCheck(s);
}

TEST(UsccPropertyTest, RandomBodiesWithComputedCheckAreValid) {
  std::mt19937_64 rng(1);
  std::string canonical;
  for (int n = 0; n < 20000; ++n) {
    std::string code = RandomUscc(rng);
    ValueCheck check = CheckUscc(code, &canonical, Strict());
    ASSERT_EQ(check.code(), FindingCode::kOk) << code << Describe(check);
    ASSERT_EQ(canonical, code);
  }
  // Any 17 symbols with the computed check pass the checksum, whatever else
  // they fail.
  for (int n = 0; n < 20000; ++n) {
    std::string body;
    for (int i = 0; i < 17; ++i) body += kUsccAlphabet[rng() % 31];
    ValueCheck check = CheckUscc(WithUsccCheck(body), &canonical);
    ASSERT_FALSE(Has(check, FindingCode::kUsccChecksum)) << body;
  }
}

TEST(UsccPropertyTest, EverySubstitutionAndTranspositionIsCaught) {
  std::mt19937_64 rng(2);
  std::string canonical;
  int substitutions = 0;
  int transpositions = 0;
  for (int n = 0; n < 300; ++n) {
    const std::string code = RandomUscc(rng);
    for (size_t i = 0; i < 18; ++i) {
      for (char c : std::string(kUsccAlphabet) + "IOSVZ") {
        if (c == code[i]) continue;
        std::string changed = code;
        changed[i] = c;
        ValueCheck check = CheckUscc(changed, &canonical);
        ASSERT_FALSE(check.valid()) << changed;
        ASSERT_TRUE(Has(check, UsccValue(c) < 0 ? FindingCode::kUsccLookalike
                                                : FindingCode::kUsccChecksum))
            << changed << Describe(check);
        ++substitutions;
      }
      if (i + 1 < 18 && code[i] != code[i + 1]) {
        std::string swapped = code;
        std::swap(swapped[i], swapped[i + 1]);
        ValueCheck check = CheckUscc(swapped, &canonical);
        ASSERT_TRUE(Has(check, FindingCode::kUsccChecksum)) << swapped;
        ASSERT_FALSE(check.valid());
        ++transpositions;
      }
    }
  }
  EXPECT_EQ(substitutions, 300 * 18 * 35);
  EXPECT_GT(transpositions, 300 * 15);
}

// ---------------------------------------------------------------------------
// Organization codes.

TEST(OrgCodeTest, FormsAndPlaceholders) {
  std::string canonical;
  ValueCheck check = CheckOrgCode("71526726x", &canonical);
  EXPECT_EQ(check.code(), FindingCode::kOk);
  EXPECT_TRUE(check.normalised());
  EXPECT_EQ(canonical, "71526726X");
  // Dashes other than the printed hyphen are normalised.
  check = CheckOrgCode(
      "0025\xE2\x80\x94"
      "1805\xEF\xBC\x8D"
      "7",
      &canonical);
  EXPECT_EQ(check.code(), FindingCode::kOk) << Describe(check);
  EXPECT_TRUE(check.normalised());
  EXPECT_EQ(canonical, "002518057");

  check = CheckOrgCode("00000000-0", &canonical);
  EXPECT_EQ(check.code(), FindingCode::kPlaceholder);
  EXPECT_TRUE(check.empty());

  // A spreadsheet ate the leading zeros of 002518057.
  check = CheckOrgCode("2518057", &canonical);
  EXPECT_EQ(check.code(), FindingCode::kOrgCodeLeadingZerosLost);
  EXPECT_EQ(CheckOrgCode("2518058", &canonical).code(),
            FindingCode::kOrgCodeLength);

  // A credit code in the column: positions 9-17.
  check = CheckOrgCode("91320621MA1MRHG205", &canonical);
  EXPECT_TRUE(check.valid());
  EXPECT_EQ(check.code(), FindingCode::kOrgCodeUsccGiven);
  EXPECT_EQ(canonical, "MA1MRHG20");
  check = CheckOrgCode("91320621MA1MRHG207", &canonical);
  EXPECT_FALSE(check.valid());
  EXPECT_EQ(check.code(), FindingCode::kUsccChecksum);
  // Checksum-valid credit code whose positions 9-17 fail GB 11714: fine as a
  // credit code (warning), but no organization code can be taken from it.
  check = CheckOrgCode("91310000631295002H", &canonical);
  EXPECT_FALSE(check.valid());
  EXPECT_EQ(check.code(), FindingCode::kOrgCodeChecksum);
}

std::string RandomOrgCode(std::mt19937_64& rng) {
  constexpr std::string_view kAlnum = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
  std::string body;
  for (int i = 0; i < 8; ++i) body += kAlnum[rng() % 36];
  body += OrgCheckChar(body);
  return body;
}

// GB 11714 letters are worth 10-35 but the modulus is 11, so symbols whose
// values differ by a multiple of 11 (0/B/M/X, 1/C/N/Y, A/L/W, …) weigh the
// same: a substitution of one by another is undetectable by construction
// (STANDARDS §2.3: "≈93 %"). Exact property asserted here: a substitution
// in the body is caught iff the two values differ mod 11; an adjacent
// transposition in the body iff the two values differ mod 11 (consecutive
// weights differ mod 11); any other check character is always caught.
TEST(OrgCodePropertyTest, ExactlyTheDetectablePropertyHolds) {
  constexpr std::string_view kAlnum = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
  std::mt19937_64 rng(3);
  std::string canonical;
  int substitutions = 0;
  int caught = 0;
  for (int n = 0; n < 400; ++n) {
    const std::string code = RandomOrgCode(rng);
    ASSERT_EQ(CheckOrgCode(code, &canonical).code(), FindingCode::kOk) << code;
    for (size_t i = 0; i < 8; ++i) {
      for (char c : kAlnum) {
        if (c == code[i]) continue;
        std::string changed = code;
        changed[i] = c;
        bool detectable = (AlnumValue(c) - AlnumValue(code[i])) % 11 != 0;
        ASSERT_EQ(CheckOrgCode(changed, &canonical).valid(), !detectable)
            << changed;
        ++substitutions;
        caught += detectable;
      }
      if (i + 1 < 8) {
        std::string swapped = code;
        std::swap(swapped[i], swapped[i + 1]);
        bool detectable =
            (AlnumValue(code[i]) - AlnumValue(code[i + 1])) % 11 != 0;
        ASSERT_EQ(CheckOrgCode(swapped, &canonical).valid(), !detectable)
            << swapped;
      }
    }
    for (char c : std::string_view("0123456789X")) {
      if (c == code[8]) continue;
      std::string changed = code;
      changed[8] = c;
      ASSERT_FALSE(CheckOrgCode(changed, &canonical).valid()) << changed;
    }
    // Body/check transposition: caught unless the reference says valid.
    std::string swapped = code;
    std::swap(swapped[7], swapped[8]);
    bool reference_valid = swapped[8] == OrgCheckChar(swapped);
    ASSERT_EQ(CheckOrgCode(swapped, &canonical).valid(), reference_valid)
        << swapped;
  }
  EXPECT_EQ(substitutions, 400 * 8 * 35);
  EXPECT_GT(caught, substitutions * 92 / 100);
  EXPECT_LT(caught, substitutions * 95 / 100);
  // Over all 36 × 35 ordered pairs of symbols, at any body position, 84
  // share a residue mod 11 (residues 0-2 have four symbols, 3-10 three):
  // 1176 of 1260 substitutions, 93.3 %, are caught.
  for (size_t position = 0; position < 8; ++position) {
    int exhaustive = 0;
    for (char a : kAlnum) {
      std::string body = "MA1N2P3Q";
      body[position] = a;
      const std::string code = body + OrgCheckChar(body);
      for (char b : kAlnum) {
        if (b == a) continue;
        std::string changed = code;
        changed[position] = b;
        exhaustive += !CheckOrgCode(changed, &canonical).valid();
      }
    }
    EXPECT_EQ(exhaustive, 1176) << position;
  }
  // Digits-only bodies: every substitution is caught.
  for (int n = 0; n < 200; ++n) {
    std::string body;
    for (int i = 0; i < 8; ++i) body += static_cast<char>('0' + rng() % 10);
    std::string code = body + OrgCheckChar(body);
    for (size_t i = 0; i < 9; ++i) {
      for (char c = '0'; c <= '9'; ++c) {
        if (c == code[i]) continue;
        std::string changed = code;
        changed[i] = c;
        ASSERT_FALSE(CheckOrgCode(changed, &canonical).valid()) << changed;
      }
    }
  }
}

// ---------------------------------------------------------------------------
// Registration numbers.

TEST(RegNoTest, LegacyAndCreditCodes) {
  std::string canonical;
  ValueCheck check = CheckRegNo("3202812000123", &canonical);
  EXPECT_TRUE(check.valid());
  EXPECT_EQ(check.code(), FindingCode::kRegNoLegacy);
  EXPECT_EQ(canonical, "3202812000123");
  check = CheckRegNo("91320621MA1MRHG205", &canonical);
  EXPECT_EQ(check.code(), FindingCode::kOk);
  EXPECT_EQ(canonical, "91320621MA1MRHG205");
  check = CheckRegNo("91320621MA1MRHG207", &canonical);
  EXPECT_EQ(check.code(), FindingCode::kUsccChecksum);
  check = CheckRegNo(" 320281 000000011 ", &canonical);
  EXPECT_EQ(check.code(), FindingCode::kOk);
  EXPECT_TRUE(check.normalised());
  EXPECT_EQ(canonical, "320281000000011");
  EXPECT_EQ(CheckRegNo("/", &canonical).code(), FindingCode::kPlaceholder);
}

// MOD 11,10 catches every single substitution. Adjacent transpositions:
// with p the running state before the pair (p = 10 at the start), swapping
// digits a and b goes unnoticed exactly when {(a + p) mod 10, (b + p) mod
// 10} = {5, 6} — one unordered pair per state, about 2 % of transpositions
// (STANDARDS §3.2: "≈98 %"). The same rule covers the pair that ends with
// the check digit. Asserted exactly, case by case.
TEST(RegNoPropertyTest, SubstitutionsAlwaysTranspositionsExceptTheKnownPairs) {
  std::mt19937_64 rng(4);
  std::string canonical;
  int transpositions = 0;
  int missed = 0;
  for (int n = 0; n < 3000; ++n) {
    std::string body;
    for (int i = 0; i < 14; ++i) body += static_cast<char>('0' + rng() % 10);
    const std::string number = body + RegNoCheckDigit(body);
    ASSERT_EQ(CheckRegNo(number, &canonical).code(), FindingCode::kOk)
        << number;
    int p = 10;
    for (size_t i = 0; i < 15; ++i) {
      for (char c = '0'; c <= '9'; ++c) {
        if (c == number[i]) continue;
        std::string changed = number;
        changed[i] = c;
        ASSERT_EQ(CheckRegNo(changed, &canonical).code(),
                  FindingCode::kRegNoChecksum)
            << changed;
      }
      if (i + 1 < 15 && number[i] != number[i + 1]) {
        int a = number[i] - '0';
        int b = number[i + 1] - '0';
        std::set<int> sums = {(a + p) % 10, (b + p) % 10};
        bool blind_spot = sums == std::set<int>{5, 6};
        std::string swapped = number;
        std::swap(swapped[i], swapped[i + 1]);
        ASSERT_EQ(CheckRegNo(swapped, &canonical).valid(), blind_spot)
            << swapped << " p=" << p;
        ++transpositions;
        missed += blind_spot;
      }
      if (i < 14) p = Mod1110Step(p, number[i] - '0');
    }
  }
  double caught = 1.0 - static_cast<double>(missed) / transpositions;
  EXPECT_GT(caught, 0.97);
  EXPECT_LT(caught, 0.99);
  EXPECT_GT(missed, 0);
}

// ---------------------------------------------------------------------------
// Entity codes.

TEST(IdentEntityCodeTest, DispatchesByShape) {
  std::string canonical;
  EXPECT_EQ(CheckEntityCode("91320621MA1MRHG205", &canonical).code(),
            FindingCode::kOk);
  EXPECT_EQ(canonical, "91320621MA1MRHG205");
  EXPECT_EQ(CheckEntityCode("320281000000011", &canonical).code(),
            FindingCode::kOk);
  EXPECT_EQ(canonical, "320281000000011");
  EXPECT_EQ(CheckEntityCode("00251805-7", &canonical).code(), FindingCode::kOk);
  EXPECT_EQ(canonical, "002518057");
  EXPECT_EQ(CheckEntityCode("MA1MRHG20", &canonical).code(), FindingCode::kOk);
  EXPECT_EQ(CheckEntityCode("3202812000123", &canonical).code(),
            FindingCode::kRegNoLegacy);
  EXPECT_EQ(CheckEntityCode("2518057", &canonical).code(),
            FindingCode::kOrgCodeLeadingZerosLost);
  EXPECT_EQ(CheckEntityCode("12345", &canonical).code(),
            FindingCode::kEntityCodeShape);
  EXPECT_EQ(CheckEntityCode("110108000000017", &canonical).code(),
            FindingCode::kRegNoChecksum);
  EXPECT_EQ(CheckEntityCode("MA1N2P3Q4", &canonical).code(),
            FindingCode::kOrgCodeChecksum);
  EXPECT_EQ(CheckEntityCode("无", &canonical).code(),
            FindingCode::kPlaceholder);
}

// ---------------------------------------------------------------------------
// Identity numbers.

TEST(IdNumberTest, NormalisationAndLookalikes) {
  std::string canonical;
  // §8.3 examples.
  ValueCheck check = CheckIdNumber(
      "\xEF\xBC\x93\xEF\xBC\x92\xEF\xBC\x90\xEF\xBC\x92\xEF\xBC\x98\xEF\xBC\x91"
      "\xEF\xBC\x91\xEF\xBC\x99\xEF\xBC\x99\xEF\xBC\x90\xEF\xBC\x90\xEF\xBC\x91"
      "\xEF\xBC\x90\xEF\xBC\x91\xEF\xBC\x91\xEF\xBC\x92\xEF\xBC\x93\xEF\xBC"
      "\x93",
      IdType::kResidentId, &canonical, Reference2025());
  EXPECT_EQ(check.code(), FindingCode::kOk);
  EXPECT_TRUE(check.normalised());
  EXPECT_EQ(canonical, "320281199001011233");
  check = CheckIdNumber("' 320281199001011233\xE3\x80\x80", IdType::kResidentId,
                        &canonical, Reference2025());
  EXPECT_EQ(check.code(), FindingCode::kOk);
  EXPECT_EQ(canonical, "320281199001011233");
  // x, Ⅹ (U+2169) and Ｘ (U+FF38) are X; × (U+00D7) is an error.
  for (std::string_view x : {"x", "\xE2\x85\xA9", "\xEF\xBC\xB8"}) {
    check = CheckIdNumber("32028119880808106" + std::string(x),
                          IdType::kResidentId, &canonical, Reference2025());
    EXPECT_EQ(check.code(), FindingCode::kOk) << x;
    EXPECT_TRUE(check.normalised());
    EXPECT_EQ(canonical, "32028119880808106X");
  }
  check = CheckIdNumber("32028119880808106\xC3\x97", IdType::kResidentId,
                        &canonical, Reference2025());
  EXPECT_FALSE(check.valid());
  EXPECT_EQ(check.code(), FindingCode::kIdNumberLookalike);
  EXPECT_EQ(check.findings().size(), 1u);  // the rest is fine
  EXPECT_EQ(canonical, "");
}

TEST(IdNumberTest, BirthDates) {
  std::string canonical;
  CheckOptions options = Reference2025();
  // Not after the reference day.
  EXPECT_EQ(CheckIdNumber(WithIdCheck("32028120250101001"), IdType::kResidentId,
                          &canonical, options)
                .code(),
            FindingCode::kOk);
  EXPECT_EQ(CheckIdNumber(WithIdCheck("32028120250102001"), IdType::kResidentId,
                          &canonical, options)
                .code(),
            FindingCode::kIdNumberBirthDate);
  // Over 120 on the reference day: 1904-01-01 is 121, 1904-01-02 is 120.
  EXPECT_EQ(CheckIdNumber(WithIdCheck("32028119040101001"), IdType::kResidentId,
                          &canonical, options)
                .code(),
            FindingCode::kIdNumberBirthOld);
  EXPECT_EQ(CheckIdNumber(WithIdCheck("32028119040102001"), IdType::kResidentId,
                          &canonical, options)
                .code(),
            FindingCode::kOk);
  // Leap years.
  EXPECT_EQ(CheckIdNumber(WithIdCheck("32028120000229001"), IdType::kResidentId,
                          &canonical, options)
                .code(),
            FindingCode::kOk);
  EXPECT_EQ(CheckIdNumber(WithIdCheck("32028119000229001"), IdType::kResidentId,
                          &canonical, options)
                .code(),
            FindingCode::kIdNumberBirthDate);
  // Without a reference day: today. Next year is in the future.
  auto now =
      std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now());
  int year = static_cast<int>(std::chrono::year_month_day(now).year());
  std::string future = "320281" + std::to_string(year + 1) + "0101001";
  EXPECT_EQ(CheckIdNumber(WithIdCheck(future), IdType::kResidentId, &canonical)
                .code(),
            FindingCode::kIdNumberBirthDate);
  std::string past = "320281" + std::to_string(year - 1) + "0101001";
  EXPECT_EQ(
      CheckIdNumber(WithIdCheck(past), IdType::kResidentId, &canonical).code(),
      FindingCode::kOk);
}

TEST(IdNumberTest, SpreadsheetMangling) {
  std::string canonical;
  for (std::string_view input :
       {"3.20281E+17", "3.20281199001011E+17", "3.2e+17", "3E17"}) {
    EXPECT_EQ(CheckIdNumber(input, IdType::kResidentId, &canonical).code(),
              FindingCode::kIdNumberSpreadsheetMangled)
        << input;
  }
  // 15 significant digits kept, the last three became zeros.
  std::string mangled = "320281199001011000";
  ASSERT_NE(IdCheckChar(mangled), '0');
  ValueCheck check = CheckIdNumber(mangled, IdType::kResidentId, &canonical);
  EXPECT_EQ(check.code(), FindingCode::kIdNumberSpreadsheetMangled);
  EXPECT_FALSE(Has(check, FindingCode::kIdNumberChecksum));
  // ...but a real number may end in 000 (STANDARDS §4.6).
  EXPECT_TRUE(
      CheckIdNumber("320213199912310000", IdType::kResidentId, &canonical)
          .valid());
}

TEST(IdNumberTest, PermitsAndForeignCards) {
  std::string canonical;
  CheckOptions options = Reference2025();
  // Permits need 0000 after the origin.
  ValueCheck check = CheckIdNumber(WithIdCheck("81010119900101001"),
                                   IdType::kResidentId, &canonical, options);
  EXPECT_EQ(check.code(), FindingCode::kIdNumberDivision);
  check = CheckIdNumber("320281199001011233", IdType::kResidencePermit,
                        &canonical, options);
  EXPECT_TRUE(check.valid());
  EXPECT_EQ(check.code(), FindingCode::kIdTypeMismatch);

  // 2023 card under the resident type: not a province, but a valid card.
  check = CheckIdNumber("932682198501010017", IdType::kResidentId, &canonical,
                        options);
  EXPECT_FALSE(check.valid());
  EXPECT_EQ(check.code(), FindingCode::kIdNumberProvince);
  EXPECT_TRUE(Has(check, FindingCode::kIdTypeMismatch));
  // And a resident ID under the foreign type.
  check = CheckIdNumber("320281199001011233", IdType::kForeignPermanentResident,
                        &canonical, options);
  EXPECT_TRUE(check.valid());
  EXPECT_EQ(check.code(), FindingCode::kIdTypeMismatch);

  // 2017 card: shape is an error, the 7-3-1 check a warning.
  check = CheckIdNumber("KAZ110090123105", IdType::kForeignPermanentResident,
                        &canonical, options);
  EXPECT_EQ(check.code(), FindingCode::kOk);
  EXPECT_EQ(canonical, "KAZ110090123105");
  check = CheckIdNumber("kaz110090123104", IdType::kForeignPermanentResident,
                        &canonical, options);
  EXPECT_TRUE(check.valid());
  EXPECT_EQ(check.code(), FindingCode::kIdNumberForeignCheck);
  EXPECT_EQ(canonical, "KAZ110090123104");
  EXPECT_EQ(CheckIdNumber("KA1110090123105", IdType::kForeignPermanentResident,
                          &canonical, options)
                .code(),
            FindingCode::kIdNumberShape);
}

TEST(IdNumberTest, OtherCertificatesByShape) {
  std::string canonical;
  struct Case {
    std::string_view input;
    IdType type;
    FindingCode code;
  };
  for (const Case& c : {
           Case{"E12345678", IdType::kPassport,
                FindingCode::kIdNumberUnverified},
           Case{"ea1234567", IdType::kPassport,
                FindingCode::kIdNumberUnverified},
           Case{"X1234567", IdType::kPassport,
                FindingCode::kIdNumberUnverified},
           Case{"护照123", IdType::kPassport,
                FindingCode::kIdNumberShapeUnusual},
           Case{"H12345678", IdType::kHkMacaoTravelPermit,
                FindingCode::kIdNumberUnverified},
           Case{"M1234567801", IdType::kHkMacaoTravelPermit,
                FindingCode::kIdNumberUnverified},
           Case{"12345678", IdType::kHkMacaoTravelPermit,
                FindingCode::kIdNumberShapeUnusual},
           Case{"12345678", IdType::kTaiwanTravelPermit,
                FindingCode::kIdNumberUnverified},
           Case{"1234567", IdType::kTaiwanTravelPermit,
                FindingCode::kIdNumberShapeUnusual},
           Case{"军字第123号", IdType::kOther,
                FindingCode::kIdNumberUnverified},
           Case{"E1234\x01"
                "5678",
                IdType::kPassport, FindingCode::kIdNumberShape},
           Case{"123456789012345678901234567890123", IdType::kOther,
                FindingCode::kIdNumberShape},
       }) {
    ValueCheck check = CheckIdNumber(c.input, c.type, &canonical);
    EXPECT_EQ(check.code(), c.code) << c.input << ": " << Describe(check);
    EXPECT_EQ(check.valid(), c.code != FindingCode::kIdNumberShape) << c.input;
  }
  CheckIdNumber("ea1234567", IdType::kPassport, &canonical);
  EXPECT_EQ(canonical, "EA1234567");
  EXPECT_EQ(CheckIdNumber("无", IdType::kPassport, &canonical).code(),
            FindingCode::kPlaceholder);
}

TEST(IdNumberTest, UntypedNumbers) {
  std::string canonical;
  ValueCheck check = CheckIdNumber("320281199001011233", std::nullopt,
                                   &canonical, Reference2025());
  EXPECT_TRUE(check.valid());
  EXPECT_EQ(check.code(), FindingCode::kIdTypeInferred);
  check = CheckIdNumber("E12345678", std::nullopt, &canonical);
  EXPECT_FALSE(check.valid());
  EXPECT_EQ(check.code(), FindingCode::kIdNumberShape);
  check = CheckIdNumber("", std::nullopt, &canonical);
  EXPECT_TRUE(check.empty());
  EXPECT_EQ(check.code(), FindingCode::kOk);
}

// Random resident IDs from the division table, real dates, computed check.
std::string RandomResidentId(std::mt19937_64& rng) {
  constexpr size_t n = std::size(divisions::kDivisionCodes);
  int32_t code;
  do {
    code = divisions::kDivisionCodes[rng() % n];
  } while (std::binary_search(std::begin(divisions::kRetiredDivisionCodes),
                              std::end(divisions::kRetiredDivisionCodes),
                              code));
  int year = 1930 + static_cast<int>(rng() % 90);
  int month = 1 + static_cast<int>(rng() % 12);
  int day = 1 + static_cast<int>(rng() % DaysInMonth(year, month));
  char body[64];
  std::snprintf(body, sizeof body, "%06d%04d%02d%02d%03d", code, year, month,
                day, static_cast<int>(rng() % 1000));
  return WithIdCheck(body);
}

TEST(IdNumberPropertyTest, RandomBodiesWithComputedCheckAreValid) {
  std::mt19937_64 rng(5);
  std::string canonical;
  for (int n = 0; n < 20000; ++n) {
    std::string id = RandomResidentId(rng);
    ValueCheck check =
        CheckIdNumber(id, IdType::kResidentId, &canonical, Reference2025());
    ASSERT_EQ(check.code(), FindingCode::kOk) << id << Describe(check);
    ASSERT_EQ(canonical, id);
  }
}

TEST(IdNumberPropertyTest, EverySubstitutionAndTranspositionIsCaught) {
  std::mt19937_64 rng(6);
  std::string canonical;
  CheckOptions options = Reference2025();
  auto caught = [](const ValueCheck& check) {
    return !check.valid() &&
           (Has(check, FindingCode::kIdNumberChecksum) ||
            Has(check, FindingCode::kIdNumberSpreadsheetMangled) ||
            Has(check, FindingCode::kIdNumberShape));
  };
  int cases = 0;
  for (int n = 0; n < 1000; ++n) {
    const std::string id = RandomResidentId(rng);
    for (size_t i = 0; i < 18; ++i) {
      for (char c : std::string_view("0123456789X")) {
        if (c == id[i]) continue;
        std::string changed = id;
        changed[i] = c;
        ValueCheck check =
            CheckIdNumber(changed, IdType::kResidentId, &canonical, options);
        ASSERT_TRUE(caught(check)) << changed << Describe(check);
        // A digit for a digit always breaks the MOD 11-2 sum.
        if (c != 'X' && id[i] != 'X') {
          ASSERT_TRUE(Has(check, FindingCode::kIdNumberChecksum) ||
                      Has(check, FindingCode::kIdNumberSpreadsheetMangled))
              << changed;
        }
        ++cases;
      }
      if (i + 1 < 18 && id[i] != id[i + 1]) {
        std::string swapped = id;
        std::swap(swapped[i], swapped[i + 1]);
        ValueCheck check =
            CheckIdNumber(swapped, IdType::kResidentId, &canonical, options);
        ASSERT_TRUE(caught(check)) << swapped << Describe(check);
        ++cases;
      }
    }
  }
  EXPECT_GT(cases, 1000 * 18 * 10);
}

// ---------------------------------------------------------------------------
// The fast paths (a value already in canonical form is checked in place) and
// the general path (folding, placeholders) must say exactly the same thing:
// the same value behind a leading space takes the general path.

bool SameFindings(const ValueCheck& a, const ValueCheck& b) {
  if (a.valid() != b.valid() || a.empty() != b.empty() ||
      a.severity() != b.severity() ||
      a.findings().size() != b.findings().size()) {
    return false;
  }
  for (size_t i = 0; i < a.findings().size(); ++i) {
    if (a.findings()[i] != b.findings()[i] ||
        a.severity_of(i) != b.severity_of(i)) {
      return false;
    }
  }
  return true;
}

// Variants of a valid value: itself, every kind of one-character damage, a
// character less, a character more.
std::vector<std::string> Damaged(const std::string& value,
                                 std::string_view alphabet,
                                 std::mt19937_64& rng) {
  std::vector<std::string> out = {value};
  for (int k = 0; k < 4; ++k) {
    std::string s = value;
    s[rng() % s.size()] = alphabet[rng() % alphabet.size()];
    out.push_back(s);
  }
  std::string swapped = value;
  size_t i = rng() % (value.size() - 1);
  std::swap(swapped[i], swapped[i + 1]);
  out.push_back(swapped);
  out.push_back(value.substr(1));
  out.push_back(value + alphabet[rng() % alphabet.size()]);
  return out;
}

TEST(IdentFastPathTest, FastAndGeneralPathsAgree) {
  std::mt19937_64 rng(7);
  const std::string_view letters = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
  CheckOptions strict = Strict();
  // The resident-ID fast path has a window of birth dates per reference:
  // today's (no reference date), a past one, and one past its year table.
  std::vector<CheckOptions> id_options(4, Reference2025());
  id_options[1] = CheckOptions();
  id_options[2].reference_date = Date::FromYmd(1950, 6, 1);
  id_options[3].reference_date = Date::FromYmd(2200, 1, 1);
  std::string fast_canonical;
  std::string general_canonical;
  int compared = 0;
  auto agree = [&](const std::string& value, auto&& check) {
    ValueCheck fast = check(value, &fast_canonical);
    ValueCheck general = check(" " + value, &general_canonical);
    EXPECT_TRUE(SameFindings(fast, general))
        << value << ": " << Describe(fast) << " / " << Describe(general);
    EXPECT_EQ(fast_canonical, general_canonical) << value;
    EXPECT_TRUE(general.normalised() || general.empty()) << value;
    ++compared;
  };
  for (int n = 0; n < 2000; ++n) {
    for (const std::string& v : Damaged(RandomUscc(rng), letters, rng)) {
      agree(v,
            [](std::string_view s, std::string* c) { return CheckUscc(s, c); });
      agree(v, [&](std::string_view s, std::string* c) {
        return CheckUscc(s, c, strict);
      });
      agree(v, [](std::string_view s, std::string* c) {
        return CheckEntityCode(s, c);
      });
    }
    std::string id = RandomResidentId(rng);
    std::vector<std::string> ids = Damaged(id, "0123456789X", rng);
    ids.push_back(WithIdCheck(id.substr(0, 6) + "19000229001"));
    ids.push_back(WithIdCheck(id.substr(0, 6) + "20000229001"));
    ids.push_back(WithIdCheck(id.substr(0, 6) + "21600101001"));
    ids.push_back(WithIdCheck("32020319900101001"));
    ids.push_back(WithIdCheck("81000019900101001"));
    ids.push_back(WithIdCheck("93268219850101001"));
    ids.push_back(WithIdCheck(id.substr(0, 6) + "20300101001"));
    for (const std::string& v : ids) {
      for (std::optional<IdType> type :
           {std::optional<IdType>(), std::optional(IdType::kResidentId),
            std::optional(IdType::kHouseholdRegister),
            std::optional(IdType::kResidencePermit),
            std::optional(IdType::kForeignPermanentResident)}) {
        for (const CheckOptions& options : id_options) {
          agree(v, [&](std::string_view s, std::string* c) {
            return CheckIdNumber(s, type, c, options);
          });
        }
      }
    }
    std::string org = RandomOrgCode(rng);
    for (const std::string& v : Damaged(org, letters, rng)) {
      agree(v, [](std::string_view s, std::string* c) {
        return CheckOrgCode(s, c);
      });
      std::string printed = v.substr(0, 8) + "-" + v.substr(8);
      agree(printed, [](std::string_view s, std::string* c) {
        return CheckOrgCode(s, c);
      });
    }
    std::string body;
    for (int i = 0; i < 14; ++i) body += static_cast<char>('1' + rng() % 9);
    for (const std::string& v :
         Damaged(body + RegNoCheckDigit(body), "0123456789A", rng)) {
      agree(v, [](std::string_view s, std::string* c) {
        return CheckRegNo(s, c);
      });
    }
  }
  EXPECT_GT(compared, 100000);
}

// ---------------------------------------------------------------------------
// 证件类型.

TEST(IdTypeTest, CanonicalNamesSynonymsAndCodes) {
  struct Case {
    std::string_view input;
    IdType type;
    std::string_view detail;
    bool normalised;
  };
  for (const Case& c : {
           Case{"身份证", IdType::kResidentId, "", false},
           Case{" 身份证 ", IdType::kResidentId, "", true},
           Case{"居民身份证", IdType::kResidentId, "", true},
           Case{"公民身份号码", IdType::kResidentId, "", true},
           Case{"111", IdType::kResidentId, "", true},
           Case{"201", IdType::kResidentId, "", true},
           Case{"01", IdType::kResidentId, "", true},
           Case{"\xEF\xBC\x90\xEF\xBC\x91", IdType::kResidentId, "", true},
           Case{"户口簿", IdType::kHouseholdRegister, "", false},
           Case{"户口本", IdType::kHouseholdRegister, "", true},
           Case{"港澳台居民居住证", IdType::kResidencePermit, "", false},
           Case{"外国人永久居留身份证", IdType::kForeignPermanentResident, "",
                false},
           Case{"233", IdType::kForeignPermanentResident, "", true},
           Case{"护照", IdType::kPassport, "", false},
           Case{"护照号", IdType::kPassport, "", true},
           Case{"414", IdType::kPassport, "", true},
           Case{"港澳居民来往内地通行证", IdType::kHkMacaoTravelPermit, "",
                false},
           Case{"台湾居民来往大陆通行证", IdType::kTaiwanTravelPermit, "",
                false},
           Case{"台胞证", IdType::kTaiwanTravelPermit, "", true},
           Case{"其他-军官证", IdType::kOther, "军官证", false},
           Case{"其它-军官证", IdType::kOther, "军官证", true},
           Case{"其他\xE2\x80\x94军官证", IdType::kOther, "军官证", true},
           Case{"其他：军官证", IdType::kOther, "军官证", true},
           Case{"其他（军官证）", IdType::kOther, "军官证", true},
           Case{"513", IdType::kOther, "往来港澳通行证", true},
       }) {
    IdTypeValue value;
    ValueCheck check = ParseIdType(c.input, &value);
    EXPECT_EQ(check.code(), FindingCode::kOk) << c.input;
    EXPECT_EQ(value.type, c.type) << c.input;
    EXPECT_EQ(value.detail, c.detail) << c.input;
    EXPECT_EQ(check.normalised(), c.normalised) << c.input;
    EXPECT_EQ(IdTypeValue::ParseCanonical(value.Format()), value) << c.input;
  }
  for (std::string_view bad : {"驾驶证", "其他", "其他-", "990", "身份"}) {
    IdTypeValue value;
    ValueCheck check = ParseIdType(bad, &value);
    EXPECT_EQ(check.code(), FindingCode::kIdTypeUnknown) << bad;
    EXPECT_FALSE(check.valid()) << bad;
  }
  IdTypeValue value;
  EXPECT_TRUE(ParseIdType("  ", &value).empty());
}

// ---------------------------------------------------------------------------
// Every finding code of the identifier sections has an input producing it.

TEST(IdentFindingsTest, EveryIdentifierCodeIsProduced) {
  CheckOptions options = Reference2025();
  std::string c;
  auto uscc = [&](std::string_view s) { return CheckUscc(s, &c, options); };
  auto org = [&](std::string_view s) { return CheckOrgCode(s, &c, options); };
  auto reg = [&](std::string_view s) { return CheckRegNo(s, &c, options); };
  auto id = [&](std::string_view s, std::optional<IdType> t) {
    return CheckIdNumber(s, t, &c, options);
  };
  IdTypeValue type;
  const std::map<FindingCode, std::function<ValueCheck()>> producers = {
      {FindingCode::kPlaceholder, [&] { return uscc("无"); }},
      {FindingCode::kUsccLength, [&] { return uscc("91350100M000100Y4"); }},
      {FindingCode::kUsccAlphabet, [&] { return uscc("91350100M000100Y4!"); }},
      {FindingCode::kUsccLookalike, [&] { return uscc("91350100M000100Y4Z"); }},
      {FindingCode::kUsccDivision, [&] { return uscc("9135010AM000100Y43"); }},
      {FindingCode::kUsccChecksum, [&] { return uscc("91320621MA1MRHG207"); }},
      {FindingCode::kUsccCategory, [&] { return uscc("94320281MA1N2P3Q49"); }},
      {FindingCode::kUsccEmbeddedOrgCode,
       [&] { return uscc("91310000631295002H"); }},
      {FindingCode::kUsccProvince,
       [&] { return uscc(WithUsccCheck("91990000MA1N2P3Q0")); }},
      {FindingCode::kUsccLowercase, [&] { return uscc("91320621ma1mrhg205"); }},
      {FindingCode::kOrgCodeLength, [&] { return org("0025180-7"); }},
      {FindingCode::kOrgCodeAlphabet, [&] { return org("0025180#7"); }},
      {FindingCode::kOrgCodeChecksum, [&] { return org("00251805-8"); }},
      {FindingCode::kOrgCodeLeadingZerosLost, [&] { return org("2518057"); }},
      {FindingCode::kOrgCodeUsccGiven,
       [&] { return org("91320621MA1MRHG205"); }},
      {FindingCode::kRegNoLength, [&] { return reg("11010800000001"); }},
      {FindingCode::kRegNoAlphabet, [&] { return reg("11010800000001A"); }},
      {FindingCode::kRegNoChecksum, [&] { return reg("110108000000017"); }},
      {FindingCode::kRegNoLegacy, [&] { return reg("1101080000001"); }},
      {FindingCode::kEntityCodeShape,
       [&] { return CheckEntityCode("12345", &c, options); }},
      {FindingCode::kIdTypeUnknown,
       [&] { return ParseIdType("驾驶证", &type); }},
      {FindingCode::kIdTypeInferred,
       [&] { return id("320281199001011233", std::nullopt); }},
      {FindingCode::kIdTypeMismatch,
       [&] { return id("932682198501010017", IdType::kResidentId); }},
      {FindingCode::kIdNumberShape,
       [&] { return id("T60426199101010078", IdType::kResidentId); }},
      {FindingCode::kIdNumberLookalike,
       [&] { return id("32028119880808106\xC3\x97", IdType::kResidentId); }},
      {FindingCode::kIdNumberChecksum,
       [&] { return id("320281199001011234", IdType::kResidentId); }},
      {FindingCode::kIdNumberBirthDate,
       [&] { return id("320281202302290015", IdType::kResidentId); }},
      {FindingCode::kIdNumberBirthOld,
       [&] { return id("440524188001010014", IdType::kResidentId); }},
      {FindingCode::kIdNumberProvince,
       [&] {
         return id(WithIdCheck("01010119900101001"), IdType::kResidentId);
       }},
      {FindingCode::kIdNumberDivision,
       [&] {
         return id(WithIdCheck("32029919900101001"), IdType::kResidentId);
       }},
      {FindingCode::kIdNumberDivisionRetired,
       [&] {
         return id(WithIdCheck("32020219900101001"), IdType::kResidentId);
       }},
      {FindingCode::kIdNumberLegacy15,
       [&] { return id("320281880808123", IdType::kResidentId); }},
      {FindingCode::kIdNumberSpreadsheetMangled,
       [&] { return id("3.20281E+17", IdType::kResidentId); }},
      {FindingCode::kIdNumberForeignCheck,
       [&] {
         return id("KAZ110090123104", IdType::kForeignPermanentResident);
       }},
      {FindingCode::kIdNumberUnverified,
       [&] { return id("E12345678", IdType::kPassport); }},
      {FindingCode::kIdNumberShapeUnusual,
       [&] { return id("ABC", IdType::kPassport); }},
  };
  for (const auto& [code, produce] : producers) {
    ValueCheck check = produce();
    EXPECT_TRUE(Has(check, code))
        << FindingCodeName(code) << " not produced: " << Describe(check);
  }
  // Every code of the identifier sections is in the list above.
  for (int i = 0; i < kFindingCodeCount; ++i) {
    auto code = static_cast<FindingCode>(i);
    std::string_view name = FindingCodeName(code);
    std::string_view section = name.substr(0, name.find('.'));
    if (section == "uscc" || section == "org_code" || section == "reg_no" ||
        section == "entity_code" || section == "id_type" ||
        section == "id_number") {
      EXPECT_TRUE(producers.contains(code)) << name << " has no producer";
    }
  }
}

}  // namespace
}  // namespace creditdata
