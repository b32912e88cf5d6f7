// The identifier checks of check.h: GB 32100 credit codes, GB 11714
// organization codes, GS15 registration numbers, GB 11643 identity numbers
// and the other certificates, and the 证件类型 code list. The rules, code
// tables and their sources are in tests/spec/STANDARDS.md §1-§6; section
// numbers below refer to it.
//
// Hot path: a cell that is already plain upper-case ASCII letters and digits
// is checked in place; anything else is folded once (normalize.h) into a
// stack buffer. Nothing here allocates except the caller's `canonical`, and
// nothing throws.

#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

#include "creditdata/check.h"
#include "values/check_characters.h"
#include "values/normalize.h"

namespace creditdata {
namespace {

// GB/T 2260 county-level codes: kDivisionCodes, kRetiredDivisionCodes.
#include "values/divisions.inc"

using internal::Folded;

// ---------------------------------------------------------------------------
// Character tables.

constexpr uint8_t kNone = 0xFF;

// GB 32100 §1.1: the 31 symbols, value = index.
constexpr std::string_view kUsccAlphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";
// Values in kUsccValue of the letters the standard leaves out and of every
// other byte. Symbols are 0-30, so OR-ing the values of a string tells at
// once whether there is a look-alike letter and whether there is any other
// character.
constexpr uint8_t kUsccLookalike = 0x40;
constexpr uint8_t kUsccForeign = 0x80;

constexpr std::array<uint8_t, 256> MakeUsccValues() {
  std::array<uint8_t, 256> t{};
  for (auto& v : t) v = kUsccForeign;
  for (size_t i = 0; i < kUsccAlphabet.size(); ++i) {
    t[static_cast<unsigned char>(kUsccAlphabet[i])] = static_cast<uint8_t>(i);
  }
  for (char c : std::string_view("IOSVZ")) {
    t[static_cast<unsigned char>(c)] = kUsccLookalike;
  }
  return t;
}
constexpr std::array<uint8_t, 256> kUsccValue = MakeUsccValues();

// GB 11714 §2.1: 0-9 are 0-9, A-Z are 10-35.
constexpr std::array<uint8_t, 256> MakeAlnumValues() {
  std::array<uint8_t, 256> t{};
  for (auto& v : t) v = kNone;
  for (int c = '0'; c <= '9'; ++c) t[c] = static_cast<uint8_t>(c - '0');
  for (int c = 'A'; c <= 'Z'; ++c) t[c] = static_cast<uint8_t>(c - 'A' + 10);
  return t;
}
constexpr std::array<uint8_t, 256> kAlnumValue = MakeAlnumValues();

constexpr bool IsDigit(char c) { return c >= '0' && c <= '9'; }
constexpr int Digit(char c) { return c - '0'; }

bool AllDigits(std::string_view s) {
  for (char c : s) {
    if (!IsDigit(c)) return false;
  }
  return true;
}

// Code points in UTF-8 text (continuation bytes do not count).
size_t CodePoints(std::string_view s) {
  size_t i = 0;
  while (i < s.size() && static_cast<unsigned char>(s[i]) < 0x80) ++i;
  size_t n = i;
  for (; i < s.size(); ++i) {
    n += (static_cast<unsigned char>(s[i]) & 0xC0) != 0x80;
  }
  return n;
}

// ---------------------------------------------------------------------------
// Code tables as data.

// GB 32100 §1.3: registration authority (pos 1) and the entity categories
// (pos 2) it may issue.
struct UsccAuthority {
  char authority;
  std::string_view categories;
};
constexpr UsccAuthority kUsccAuthorities[] = {
    // 机构编制: 机关, 事业单位, 中央编办直接管理的群众团体, 其他
    {'1', "1239"},
    // 外交: 外国常驻新闻机构, 其他
    {'2', "19"},
    // 司法行政: 律师执业机构, 公证处, 基层法律服务所, 司法鉴定机构, 仲裁委员会,
    // 其他
    {'3', "123459"},
    // 文化: 外国在华文化中心, 其他
    {'4', "19"},
    // 民政: 社会团体, 民办非企业单位, 基金会, 其他
    {'5', "1239"},
    // 旅游: 外国旅游部门常驻代表机构, 港澳台地区旅游部门常驻内地代表机构, 其他
    {'6', "129"},
    // 宗教: 宗教活动场所, 宗教院校, 其他
    {'7', "129"},
    // 工会: 基层工会, 其他
    {'8', "19"},
    // 工商 (市场监管): 企业, 个体工商户, 农民专业合作社
    {'9', "123"},
    // 中央军委改革和编制办公室: 军队事业单位, 其他
    {'A', "19"},
    // 农业: 组级, 村级, 乡镇级集体经济组织, 其他
    {'N', "1239"},
    // 其他
    {'Y', "1"},
};

// Bit v2 of kUsccPairs[v1] is set when the pair (v1, v2) is in the table.
constexpr std::array<uint32_t, 31> MakeUsccPairs() {
  std::array<uint32_t, 31> mask{};
  for (const UsccAuthority& a : kUsccAuthorities) {
    uint8_t v1 = kUsccValue[static_cast<unsigned char>(a.authority)];
    for (char c : a.categories) {
      mask[v1] |= uint32_t{1} << kUsccValue[static_cast<unsigned char>(c)];
    }
  }
  return mask;
}
constexpr std::array<uint32_t, 31> kUsccPairs = MakeUsccPairs();

// GB/T 2260 province-level codes of §5.2: the 31 mainland provinces, 71
// Taiwan, 81 Hong Kong, 82 Macao.
constexpr int kProvinces[] = {11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34,
                              35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51, 52,
                              53, 54, 61, 62, 63, 64, 65, 71, 81, 82};

// set[p] is true for the two-digit prefixes p allowed in one place.
constexpr std::array<bool, 100> MakeProvinceSet(
    std::initializer_list<int> more) {
  std::array<bool, 100> set{};
  for (int p : kProvinces) set[p] = true;
  for (int p : more) set[p] = true;
  return set;
}
// Resident IDs: 83 is the Taiwan residence permit (§4.3).
constexpr std::array<bool, 100> kIdProvinces = MakeProvinceSet({83});
// USCC positions 3-4: 10 is a national registration (100000, §5.2).
constexpr std::array<bool, 100> kUsccProvinces = MakeProvinceSet({10});

// Division lookup. What the table can tell: whether a 6-digit code is one of
// the county-level codes of Debian's stdnum list (current and historical
// codes mixed, as of its GB2260 source) or one of the codes STANDARDS.md
// verifies in addition; and, for the three Wuxi districts §5.3 names, that
// the code has been abolished. What it cannot tell: whether any other code
// is abolished (the source does not say), codes created after its snapshot
// (so "unknown" may just mean "newer than the table": hence only a
// warning), or whether a code existed in the holder's birth year.
enum class Division : uint8_t { kUnknown, kCurrent, kRetired };

constexpr bool DivisionTableIsSorted() {
  for (size_t i = 1; i < std::size(kDivisionCodes); ++i) {
    if (kDivisionCodes[i - 1] >= kDivisionCodes[i]) return false;
  }
  return kDivisionCodes[0] >= 100000 &&
         kDivisionCodes[std::size(kDivisionCodes) - 1] <= 999999;
}
static_assert(DivisionTableIsSorted(), "regenerate divisions.inc");

// The sorted array is the data; for a lookup in constant time (a binary
// search cost more than the rest of an ID check) it is turned, at compile
// time, into one bit per code: provinces present in the table get a slot of
// 10 000 bits, indexed by the last four digits. 31 slots, 39 KB.
constexpr std::array<int8_t, 100> MakeProvinceSlots() {
  std::array<int8_t, 100> slots{};
  for (auto& s : slots) s = -1;
  int8_t next = 0;
  for (int32_t code : kDivisionCodes) {
    if (slots[code / 10000] < 0) slots[code / 10000] = next++;
  }
  return slots;
}
constexpr std::array<int8_t, 100> kProvinceSlots = MakeProvinceSlots();

constexpr int CountSlots() {
  int n = 0;
  for (int8_t s : kProvinceSlots) n += s >= 0;
  return n;
}

constexpr size_t kDivisionWords = (CountSlots() * 10000 + 63) / 64;
constexpr std::array<uint64_t, kDivisionWords> MakeDivisionBits() {
  std::array<uint64_t, kDivisionWords> bits{};
  for (int32_t code : kDivisionCodes) {
    size_t bit = static_cast<size_t>(kProvinceSlots[code / 10000]) * 10000 +
                 static_cast<size_t>(code % 10000);
    bits[bit / 64] |= uint64_t{1} << (bit % 64);
  }
  return bits;
}
constexpr std::array<uint64_t, kDivisionWords> kDivisionBits =
    MakeDivisionBits();

Division LookUpDivision(int32_t code) {
  int slot = kProvinceSlots[code / 10000];
  if (slot < 0) return Division::kUnknown;
  size_t bit = static_cast<size_t>(slot) * 10000 + code % 10000;
  if (!(kDivisionBits[bit / 64] >> (bit % 64) & 1)) return Division::kUnknown;
  constexpr int32_t kFirstRetired = kRetiredDivisionCodes[0];
  constexpr int32_t kLastRetired =
      kRetiredDivisionCodes[std::size(kRetiredDivisionCodes) - 1];
  if (code < kFirstRetired || code > kLastRetired) return Division::kCurrent;
  return std::binary_search(std::begin(kRetiredDivisionCodes),
                            std::end(kRetiredDivisionCodes), code)
             ? Division::kRetired
             : Division::kCurrent;
}

// ---------------------------------------------------------------------------
// Check characters.

// GB 32100 §1.4: W[i] = 3^i mod 31.
constexpr std::array<uint32_t, 17> MakeUsccWeights() {
  std::array<uint32_t, 17> w{};
  uint32_t x = 1;
  for (auto& v : w) {
    v = x;
    x = x * 3 % 31;
  }
  return w;
}
constexpr std::array<uint32_t, 17> kUsccWeights = MakeUsccWeights();
static_assert(kUsccWeights[16] == 28);

// GB 11714 §2.3.
constexpr uint32_t kOrgWeights[8] = {3, 7, 9, 10, 5, 8, 4, 2};

// The GB 11714 check character of an 8-character body of 0-9 A-Z.
char OrgCheckChar(const char* body) {
  uint32_t sum = 0;
  for (int i = 0; i < 8; ++i) {
    sum += kAlnumValue[static_cast<unsigned char>(body[i])] * kOrgWeights[i];
  }
  uint32_t c = 11 - sum % 11;
  return c == 10 ? 'X' : c == 11 ? '0' : static_cast<char>('0' + c);
}

// GB 11643 §4.1: W[i] = 2^(17-i) mod 11 over 17 digits.
constexpr std::array<uint32_t, 17> MakeIdWeights() {
  std::array<uint32_t, 17> w{};
  uint32_t x = 2;
  for (int i = 16; i >= 0; --i) {
    w[i] = x;
    x = x * 2 % 11;
  }
  return w;
}
constexpr std::array<uint32_t, 17> kIdWeights = MakeIdWeights();
static_assert(kIdWeights[0] == 7 && kIdWeights[16] == 2);

// The MOD 11-2 check character of 17 digits.
char IdCheckChar(const char* digits) {
  uint32_t sum = 0;
  for (int i = 0; i < 17; ++i) sum += Digit(digits[i]) * kIdWeights[i];
  uint32_t c = (12 - sum % 11) % 11;
  return c == 10 ? 'X' : static_cast<char>('0' + c);
}

constexpr int Mod1110Step(int p, int digit) {
  int s = (digit + p) % 10;
  if (s == 0) s = 10;
  return 2 * s % 11;
}

// The state after two digits d1 d2 from state p, kMod1110Pairs[p][d1*10+d2]:
// the chain of §3.2 is serial, so a table halves its length.
constexpr std::array<std::array<uint8_t, 100>, 11> MakeMod1110Pairs() {
  std::array<std::array<uint8_t, 100>, 11> table{};
  for (int p = 1; p <= 10; ++p) {
    for (int d = 0; d < 100; ++d) {
      table[p][d] =
          static_cast<uint8_t>(Mod1110Step(Mod1110Step(p, d / 10), d % 10));
    }
  }
  return table;
}
constexpr std::array<std::array<uint8_t, 100>, 11> kMod1110Pairs =
    MakeMod1110Pairs();

// ISO 7064 MOD 11,10 (§3.2) over 15 digits including the check digit.
bool Mod1110Valid(std::string_view digits) {
  const char* d = digits.data();
  int p = 10;
  for (int i = 0; i < 14; i += 2) {
    p = kMod1110Pairs[p][Digit(d[i]) * 10 + Digit(d[i + 1])];
  }
  return (p + Digit(d[14])) % 10 == 1;
}

// The 7-3-1 check (ICAO weighting, letters A=10) of the 2017 foreign
// permanent residence card, §4.4: 14 characters and a check digit.
bool Foreign731Valid(std::string_view s) {
  static constexpr int kWeights[3] = {7, 3, 1};
  int sum = 0;
  for (size_t i = 0; i < 14; ++i) {
    sum += kAlnumValue[static_cast<unsigned char>(s[i])] * kWeights[i % 3];
  }
  return sum % 10 == Digit(s[14]);
}

// ---------------------------------------------------------------------------
// Dates.

constexpr bool IsLeap(int y) {
  return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}
constexpr int kMonthDays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
constexpr int MonthLength(int y, int m) {
  return m == 2 && IsLeap(y) ? 29 : kMonthDays[m - 1];
}

// Nobody holding a number was born before this (the first cards date from
// 1984); earlier years are typing errors, not old people [CONVENTION].
constexpr int kEarliestBirthYear = 1800;

// Today as YYYYMMDD in China Standard Time (UTC+8, no DST): the records are
// Chinese and a birth "today" must not look like the future before 08:00.
int32_t ReadTodayYmd() {
  using namespace std::chrono;
  auto now = floor<days>(system_clock::now() + hours(8));
  year_month_day ymd{now};
  return static_cast<int>(ymd.year()) * 10000 +
         static_cast<int>(static_cast<unsigned>(ymd.month())) * 100 +
         static_cast<int>(static_cast<unsigned>(ymd.day()));
}

// Reading the clock for every value would cost more than the check itself,
// so the last reading is cached. Today never moves back, so a stale value
// is too early: it can only matter for a birth date after it (future?) or
// within a year of the 120-year limit, and those re-read the clock.
std::atomic<int32_t> cached_today{0};

int32_t FreshTodayYmd() {
  int32_t today = ReadTodayYmd();
  cached_today.store(today, std::memory_order_relaxed);
  return today;
}

int32_t CachedTodayYmd() {
  int32_t today = cached_today.load(std::memory_order_relaxed);
  return today != 0 ? today : FreshTodayYmd();
}

// Birth date YYYYMMDD (§4.1 step 4): a real date, not after the reference
// day; before 1900 or over 120 years old is a warning. Returns false when it
// added an error.
[[gnu::always_inline]] inline bool CheckBirthDate(int y, int m, int d,
                                                  const CheckOptions& options,
                                                  ValueCheck* check) {
  if (y < kEarliestBirthYear || m < 1 || m > 12 || d < 1 ||
      d > MonthLength(y, m)) {
    check->Add(FindingCode::kIdNumberBirthDate);
    return false;
  }
  int32_t birth = y * 10000 + m * 100 + d;
  int32_t reference;
  if (options.reference_date) {
    const Date r = *options.reference_date;
    reference = r.year() * 10000 + r.month() * 100 + r.day();
  } else {
    reference = CachedTodayYmd();
    if (birth > reference || birth <= reference - 1200000) {
      reference = FreshTodayYmd();
    }
  }
  if (birth > reference) {
    check->Add(FindingCode::kIdNumberBirthDate);
    return false;
  }
  // Age over 120: 121 full years or more.
  if (y < 1900 || birth <= reference - 1210000) {
    check->Add(FindingCode::kIdNumberBirthOld);
  }
  return true;
}

// ---------------------------------------------------------------------------
// Reading a cell.

// The ASCII reading of a cell (§8.3): trimmed, spaces removed, full width
// folded, upper case.
struct Cell {
  std::string_view text;
  bool normalised;  // anything but nothing changed, trimming included
  bool lower_case;  // letters were upper-cased
  bool plain;       // only 0-9 A-Z and '-': no UTF-8 to look at
  bool hyphens;     // may contain '-'
};

// Calls body(Cell) on the input as is when it is plain 0-9 A-Z and '-'
// already (the common case), else on its folded form.
template <typename Body>
ValueCheck OnCell(std::string_view input, Body&& body) {
  // 0-9, A-Z and '-' are what Fold() would make of them.
  bool plain = !input.empty();
  bool hyphens = false;
  for (char c : input) {
    if (kAlnumValue[static_cast<unsigned char>(c)] == kNone) {
      if (c != '-') {
        plain = false;
        break;
      }
      hyphens = true;
    }
  }
  if (plain) return body(Cell{input, false, false, true, hyphens});
  const Folded folded = internal::Fold(
      input, internal::kFoldDropSpaces | internal::kFoldUpperCase);
  std::string_view text = folded.view();
  return body(Cell{text, folded.changed() || text.size() != input.size(),
                   folded.had_lower_case(), false, true});
}

// Placeholders for a missing value (§1.6.2, §2.4): a word for "none", runs
// of '-' or '/', all zeros (optionally ending in X, §1.6: 17 zeros + X).
// `text` is folded and upper-cased, hyphens still in.
constexpr std::string_view kPlaceholderWords[] = {
    "无",   "无此项", "暂无", "没有", "空", "不详", "未知",
    "NULL", "NONE",   "NIL",  "N/A",  "NA", "\\"};

bool IsPlaceholder(std::string_view text) {
  if (text.empty()) return false;
  char first = text.front();
  if (text.front() == '0') {
    size_t zeros = 0;
    size_t others = 0;
    for (size_t i = 0; i < text.size(); ++i) {
      char c = text[i];
      if (c == '0') {
        ++zeros;
      } else if (c == 'X' && i + 1 == text.size() && zeros > 0) {
        continue;
      } else if (c != '-') {
        ++others;
      }
    }
    return others == 0;
  }
  // Every placeholder word is at most 9 bytes and starts with a non-ASCII
  // byte, N, '-', '/' or '\\'.
  if (text.size() > 9 ||
      (kAlnumValue[static_cast<unsigned char>(first)] != kNone &&
       first != 'N')) {
    return false;
  }
  if (text.find_first_not_of("-/") == std::string_view::npos) return true;
  for (std::string_view word : kPlaceholderWords) {
    if (text == word) return true;
  }
  return false;
}

// Common start of every check: empty and placeholder cells. Returns true when
// the check is complete.
bool HandleEmpty(const Cell& cell, ValueCheck* check) {
  if (cell.text.empty()) {
    check->set_empty();
    return true;
  }
  if (IsPlaceholder(cell.text)) {
    check->Add(FindingCode::kPlaceholder);
    check->set_empty();
    if (cell.normalised) check->set_normalised();
    return true;
  }
  if (cell.normalised) check->set_normalised();
  return false;
}

// `text` without '-' (copied into `buffer`, kCapacity bytes, when it had
// any). `hyphens` receives how many there were.
std::string_view WithoutHyphens(const Cell& cell, char* buffer,
                                size_t* hyphens) {
  std::string_view text = cell.text;
  *hyphens = 0;
  if (!cell.hyphens || text.find('-') == std::string_view::npos) return text;
  size_t n = 0;
  for (char c : text) {
    if (c == '-') {
      ++*hyphens;
    } else {
      buffer[n++] = c;
    }
  }
  return {buffer, n};
}

void AddWith(ValueCheck* check, FindingCode code, bool is_error) {
  check->Add(code, is_error ? Severity::kError : Severity::kWarning);
}

// ---------------------------------------------------------------------------
// The checks proper, on folded text without hyphens.

// §1.4 weights with the check character's own weight 1 appended: a code is
// right iff the weighted sum of all 18 values is 0 mod 31.
constexpr std::array<uint32_t, 18> MakeUsccWeights18() {
  std::array<uint32_t, 18> w{};
  for (int i = 0; i < 17; ++i) w[i] = kUsccWeights[i];
  w[17] = 1;
  return w;
}
constexpr std::array<uint32_t, 18> kUsccWeights18 = MakeUsccWeights18();

// GB 11714 check characters by S mod 11: C9 = 11 - S mod 11, 10 is X and
// 11 is 0.
constexpr char kOrgCheckBySum[12] = "0X987654321";

// Per-position term tables for the fast paths: the entry of a character at
// a position is its value times the weight of that position, so a check is
// one table addition per character. Built at compile time from the tables
// above.
//
// Credit codes, 32 bits: bits 0-13 the §1.4 term (the sum over 18 positions
// stays below 9 180), bits 14-19 one for each character outside the
// alphabet (at most 18), bits 20-31 the §2.3 term of positions 9-16 (the
// sum stays below 1 680).
constexpr uint32_t kUsccOutside = uint32_t{1} << 14;
constexpr std::array<std::array<uint32_t, 256>, 18> MakeUsccTerms() {
  std::array<std::array<uint32_t, 256>, 18> terms{};
  for (size_t i = 0; i < 18; ++i) {
    for (int c = 0; c < 256; ++c) {
      uint8_t v = kUsccValue[c];
      if (v >= 31) {
        terms[i][c] = kUsccOutside;
        continue;
      }
      terms[i][c] = v * kUsccWeights18[i];
      if (i >= 8 && i < 16)
        terms[i][c] |= kAlnumValue[c] * kOrgWeights[i - 8] << 20;
    }
  }
  return terms;
}
constexpr std::array<std::array<uint32_t, 256>, 18> kUsccTerms =
    MakeUsccTerms();

// Whether all 18 characters are symbols, and both weighted sums.
struct UsccScan {
  bool symbols;
  uint32_t sum31;  // §1.4, all 18 positions
  uint32_t sum11;  // §2.3, positions 9-16
};

UsccScan ScanUscc(const char* p) {
  uint32_t sum = 0;
#pragma GCC unroll 18
  for (size_t i = 0; i < 18; ++i) {
    sum += kUsccTerms[i][static_cast<unsigned char>(p[i])];
  }
  return {(sum & (63 * kUsccOutside)) == 0, sum & (kUsccOutside - 1),
          sum >> 20};
}

// Bytes 2-7 of an 8-byte word are ASCII digits (SWAR; see EightDigits).
bool DigitsAt2To7(const char* p) {
  uint64_t x;
  std::memcpy(&x, p, 8);
  constexpr uint64_t kMask = 0xF0F0F0F0F0F00000;
  constexpr uint64_t kThrees = 0x3030303030300000;
  return (x & kMask) == kThrees &&
         ((x + 0x0606060606060000) & kMask) == kThrees;
}

// The rules of §1.2-§1.5 on 18 symbols.
[[gnu::always_inline]] inline void CheckUsccSymbols(const char* p,
                                                    const UsccScan& scan,
                                                    const CheckOptions& options,
                                                    ValueCheck* check) {
  if (scan.sum31 % 31 != 0) check->Add(FindingCode::kUsccChecksum);
  bool division_digits = DigitsAt2To7(p);
  if (!division_digits) check->Add(FindingCode::kUsccDivision);
  uint8_t v0 = kUsccValue[static_cast<unsigned char>(p[0])];
  uint8_t v1 = kUsccValue[static_cast<unsigned char>(p[1])];
  if (!(kUsccPairs[v0] >> v1 & 1)) {
    AddWith(check, FindingCode::kUsccCategory, options.uscc_category_is_error);
  }
  if (kOrgCheckBySum[scan.sum11 % 11] != p[16]) {
    AddWith(check, FindingCode::kUsccEmbeddedOrgCode,
            options.embedded_org_code_is_error);
  }
  if (division_digits && !kUsccProvinces[Digit(p[2]) * 10 + Digit(p[3])]) {
    check->Add(FindingCode::kUsccProvince);
  }
}

// GB 32100 (§1). Adds the findings about `s`; the caller writes canonical.
void CheckUsccText(std::string_view s, const CheckOptions& options,
                   ValueCheck* check) {
  if (s.size() == 18) {
    UsccScan scan = ScanUscc(s.data());
    if (scan.symbols) {
      CheckUsccSymbols(s.data(), scan, options, check);
      return;
    }
  }
  // Not 18 symbols: say which characters are wrong, then what can still be
  // checked.
  uint8_t any = 0;
  for (char c : s) any |= kUsccValue[static_cast<unsigned char>(c)];
  bool foreign = any & kUsccForeign;
  if (any & kUsccLookalike) check->Add(FindingCode::kUsccLookalike);
  if (foreign) check->Add(FindingCode::kUsccAlphabet);
  if (s.size() != 18) {
    // Only foreign characters can be more than one byte.
    if ((foreign ? CodePoints(s) : s.size()) != 18) {
      check->Add(FindingCode::kUsccLength);
    }
    return;
  }
  uint8_t v[18];
  for (int i = 0; i < 18; ++i)
    v[i] = kUsccValue[static_cast<unsigned char>(s[i])];
  bool division_digits = AllDigits(s.substr(2, 6));
  if (!division_digits) check->Add(FindingCode::kUsccDivision);
  if (v[0] < 31 && v[1] < 31 && !(kUsccPairs[v[0]] >> v[1] & 1)) {
    AddWith(check, FindingCode::kUsccCategory, options.uscc_category_is_error);
  }
  bool subject_ok = true;
  for (int i = 8; i < 17; ++i) subject_ok &= v[i] < 31;
  if (subject_ok && OrgCheckChar(s.data() + 8) != s[16]) {
    AddWith(check, FindingCode::kUsccEmbeddedOrgCode,
            options.embedded_org_code_is_error);
  }
  if (division_digits && !kUsccProvinces[Digit(s[2]) * 10 + Digit(s[3])]) {
    check->Add(FindingCode::kUsccProvince);
  }
}

// GB 11714 (§2) on 9 characters or whatever arrived instead.
void CheckOrgText(std::string_view s, ValueCheck* check) {
  bool foreign = false;
  for (char c : s)
    foreign |= kAlnumValue[static_cast<unsigned char>(c)] == kNone;
  if (foreign) check->Add(FindingCode::kOrgCodeAlphabet);
  if (s.size() != 9) {
    // Only foreign characters can be more than one byte.
    if ((foreign ? CodePoints(s) : s.size()) != 9) {
      check->Add(FindingCode::kOrgCodeLength);
    }
    return;
  }
  if (!foreign && OrgCheckChar(s.data()) != s[8]) {
    check->Add(FindingCode::kOrgCodeChecksum);
  }
}

// A 5- to 8-digit number that becomes a valid organization code when zeros
// are put back in front: a hyphen-less code a spreadsheet stored as a
// number (§8.5).
bool LostLeadingZeros(std::string_view s) {
  if (s.size() < 5 || s.size() > 8 || !AllDigits(s)) return false;
  char padded[9] = {'0', '0', '0', '0', '0', '0', '0', '0', '0'};
  std::copy(s.begin(), s.end(), padded + 9 - s.size());
  return OrgCheckChar(padded) == padded[8];
}

// GS15-2006 (§3) on digits.
void CheckRegNoText(std::string_view s, ValueCheck* check) {
  bool digits = AllDigits(s);
  if (!digits) check->Add(FindingCode::kRegNoAlphabet);
  size_t length = digits ? s.size() : CodePoints(s);
  if (digits && length == 13) {
    check->Add(FindingCode::kRegNoLegacy);
    return;
  }
  if (length != 15) {
    check->Add(FindingCode::kRegNoLength);
    return;
  }
  if (digits && !Mod1110Valid(s)) check->Add(FindingCode::kRegNoChecksum);
}

// `^\d(\.\d+)?E\+?\d+$`: the display of a long number in a spreadsheet.
bool IsScientific(std::string_view s) {
  size_t i = 0;
  if (i >= s.size() || !IsDigit(s[i])) return false;
  ++i;
  if (i < s.size() && s[i] == '.') {
    size_t start = ++i;
    while (i < s.size() && IsDigit(s[i])) ++i;
    if (i == start) return false;
  }
  if (i >= s.size() || s[i] != 'E') return false;
  ++i;
  if (i < s.size() && s[i] == '+') ++i;
  if (i >= s.size()) return false;
  return AllDigits(s.substr(i));
}

int TwoDigits(const char* p) { return Digit(p[0]) * 10 + Digit(p[1]); }
int FourDigits(const char* p) { return TwoDigits(p) * 100 + TwoDigits(p + 2); }
int32_t SixDigits(const char* p) {
  return FourDigits(p) * 100 + TwoDigits(p + 4);
}

// Province and division of an address code (§4.1 step 5, §4.3, §5).
[[gnu::always_inline]] inline void CheckAddressCode(const char* p,
                                                    ValueCheck* check) {
  int32_t code = SixDigits(p);
  int province = code / 10000;
  if (!kIdProvinces[province]) {
    check->Add(FindingCode::kIdNumberProvince);
    return;
  }
  if (province >= 81) {
    // Residence permits carry exactly 810000, 820000 or 830000 (§4.3); 81
    // and 82 are also GB/T 2260 province codes without counties.
    if (code % 10000 != 0) check->Add(FindingCode::kIdNumberDivision);
    return;
  }
  switch (LookUpDivision(code)) {
    case Division::kUnknown:
      check->Add(FindingCode::kIdNumberDivision);
      break;
    case Division::kRetired:
      check->Add(FindingCode::kIdNumberDivisionRetired);
      break;
    case Division::kCurrent:
      break;
  }
}

bool IsId18Shape(std::string_view s) {
  return s.size() == 18 && AllDigits(s.substr(0, 17)) &&
         (IsDigit(s[17]) || s[17] == 'X');
}

// A checksum failure of an 18-digit number ending in 000 is the mark of a
// spreadsheet that kept 15 significant digits (§4.1 pitfalls).
void AddChecksumFailure(std::string_view s, ValueCheck* check) {
  check->Add(s.ends_with("000") ? FindingCode::kIdNumberSpreadsheetMangled
                                : FindingCode::kIdNumberChecksum);
}

// 8 bytes that are all ASCII digits (SWAR: high nibble 3, and still 3 after
// adding 6 to every byte).
bool EightDigits(const char* p) {
  uint64_t x;
  std::memcpy(&x, p, 8);
  constexpr uint64_t kHigh = 0xF0F0F0F0F0F0F0F0;
  constexpr uint64_t kThrees = 0x3030303030303030;
  return (x & kHigh) == kThrees &&
         ((x + 0x0606060606060606) & kHigh) == kThrees;
}

// Identity numbers, 16 bits: bits 0-10 the MOD 11-2 term (the sum over 18
// positions stays below 910; the check character weighs 1 and X is 10),
// bits 11-15 one for each character that is not a digit (or X last).
constexpr uint16_t kIdOutside = uint16_t{1} << 11;
constexpr std::array<std::array<uint16_t, 256>, 18> MakeIdTerms() {
  std::array<std::array<uint16_t, 256>, 18> terms{};
  for (size_t i = 0; i < 18; ++i) {
    for (int c = 0; c < 256; ++c) {
      uint32_t weight = i < 17 ? kIdWeights[i] : 1;
      if (c >= '0' && c <= '9') {
        terms[i][c] = static_cast<uint16_t>((c - '0') * weight);
      } else if (i == 17 && c == 'X') {
        terms[i][c] = 10;
      } else {
        terms[i][c] = kIdOutside;
      }
    }
  }
  return terms;
}
constexpr std::array<std::array<uint16_t, 256>, 18> kIdTerms = MakeIdTerms();

// When `s` (18 bytes) is 17 digits and a digit or X, sets `check_ok` to
// whether the MOD 11-2 check holds: Σ a_i × 2^(18-i) ≡ 1 (mod 11) over all
// 18, X being 10.
bool Id18Digits(std::string_view s, bool* check_ok) {
  uint32_t sum = 0;
#pragma GCC unroll 18
  for (size_t i = 0; i < 18; ++i) {
    sum += kIdTerms[i][static_cast<unsigned char>(s[i])];
  }
  if (sum >= kIdOutside) return false;
  *check_ok = sum % 11 == 1;
  return true;
}

// §4.1 steps 3-5 on 17 digits and a digit or X; `check_ok` tells whether
// the check character is right.
[[gnu::always_inline]] inline void CheckId18(std::string_view s, bool check_ok,
                                             const CheckOptions& options,
                                             ValueCheck* check) {
  const char* p = s.data();
  if (!check_ok) AddChecksumFailure(s, check);
  bool birth_ok = CheckBirthDate(FourDigits(p + 6), TwoDigits(p + 10),
                                 TwoDigits(p + 12), options, check);
  if (p[0] == '9') {
    // Never a citizen: a 2023 foreign permanent residence card (§4.4)?
    check->Add(FindingCode::kIdNumberProvince);
    if (check_ok && birth_ok) check->Add(FindingCode::kIdTypeMismatch);
  } else {
    CheckAddressCode(p, check);
  }
}

// GB 11643 (§4.1-§4.3) on text without spaces or hyphens, '×' already
// replaced. Writes the canonical form (18 characters) when valid.
void CheckResidentText(std::string_view s, const CheckOptions& options,
                       ValueCheck* check, std::string* canonical) {
  bool check_ok;
  if (s.size() == 18 && Id18Digits(s, &check_ok)) {
    CheckId18(s, check_ok, options, check);
    if (check->valid()) canonical->assign(s);
    return;
  }
  if (s.size() == 15 && AllDigits(s)) {
    // GB 11643-1989 (§4.2): the century is always 19.
    const char* p = s.data();
    check->Add(FindingCode::kIdNumberLegacy15);
    CheckAddressCode(p, check);
    CheckBirthDate(1900 + TwoDigits(p + 6), TwoDigits(p + 8), TwoDigits(p + 10),
                   options, check);
    if (check->valid()) {
      char id[18];
      std::copy(p, p + 6, id);
      id[6] = '1';
      id[7] = '9';
      std::copy(p + 6, p + 15, id + 8);
      id[17] = IdCheckChar(id);
      canonical->assign(id, 18);
    }
    return;
  }
  check->Add(IsScientific(s) ? FindingCode::kIdNumberSpreadsheetMangled
                             : FindingCode::kIdNumberShape);
}

// Foreign permanent residence cards (§4.4).
void CheckForeignText(std::string_view s, const CheckOptions& options,
                      ValueCheck* check, std::string* canonical) {
  if (IsId18Shape(s) && s[0] == '9') {
    // 2023 edition: 9, province, nationality, birth date, sequence, MOD 11-2.
    const char* p = s.data();
    if (IdCheckChar(p) != s[17]) AddChecksumFailure(s, check);
    CheckBirthDate(FourDigits(p + 6), TwoDigits(p + 10), TwoDigits(p + 12),
                   options, check);
    if (check->valid()) canonical->assign(s);
    return;
  }
  if (s.size() == 15 && s[0] >= 'A' && s[0] <= 'Z' && s[1] >= 'A' &&
      s[1] <= 'Z' && s[2] >= 'A' && s[2] <= 'Z' && AllDigits(s.substr(3))) {
    // 2017 edition: nationality, office, YYMMDD, sequence, 7-3-1 check.
    if (!Foreign731Valid(s)) check->Add(FindingCode::kIdNumberForeignCheck);
    if (check->valid()) canonical->assign(s);
    return;
  }
  if (IsId18Shape(s) || (s.size() == 15 && AllDigits(s))) {
    // A citizen's or residence-permit number under the foreigner type.
    CheckResidentText(s, options, check, canonical);
    if (check->valid()) check->Add(FindingCode::kIdTypeMismatch);
    return;
  }
  check->Add(IsScientific(s) ? FindingCode::kIdNumberSpreadsheetMangled
                             : FindingCode::kIdNumberShape);
}

// Letters and digits only, `min`..`max` characters, at least one digit.
bool IsAlnumRun(std::string_view s, size_t min, size_t max) {
  if (s.size() < min || s.size() > max) return false;
  bool digit = false;
  for (char c : s) {
    if (kAlnumValue[static_cast<unsigned char>(c)] == kNone) return false;
    digit |= IsDigit(c);
  }
  return digit;
}

// Certificates checked by shape only (§4.5): printable, at most 32 code
// points (else an error), and a warning either way: unverified when the
// usual shape matches, shape_unusual when it does not.
void CheckOtherText(std::string_view s, IdType type, ValueCheck* check,
                    std::string* canonical) {
  for (char c : s) {
    unsigned char b = static_cast<unsigned char>(c);
    if (b < 0x20 || b == 0x7F) {
      check->Add(FindingCode::kIdNumberShape);
      return;
    }
  }
  if (CodePoints(s) > 32) {
    check->Add(FindingCode::kIdNumberShape);
    return;
  }
  bool usual = true;
  switch (type) {
    case IdType::kPassport:
      // Chinese passports E + 8 digits, E + letter + 7 digits, older G/P/S/D
      // numbers; foreign ones up to the 9 characters of the ICAO field.
      usual = IsAlnumRun(s, 5, 9);
      break;
    case IdType::kHkMacaoTravelPermit:
      // H or M + 8 digits, + 2 digits of issue count on older cards.
      usual = (s.size() == 9 || s.size() == 11) &&
              (s[0] == 'H' || s[0] == 'M') && AllDigits(s.substr(1));
      break;
    case IdType::kTaiwanTravelPermit:
      // 8 digits; older cards 10 characters.
      usual = (s.size() == 8 && AllDigits(s)) || IsAlnumRun(s, 10, 10);
      break;
    default:
      break;
  }
  check->Add(usual ? FindingCode::kIdNumberUnverified
                   : FindingCode::kIdNumberShapeUnusual);
  canonical->assign(s);
}

// '×' (U+00D7) where an X belongs (§4.1): replaced by X in `buffer` so the
// rest can be checked, and reported.
std::string_view ReplaceTimesSign(std::string_view s, char* buffer,
                                  ValueCheck* check) {
  if (s.find('\xC3') == std::string_view::npos ||
      s.find("\xC3\x97") == std::string_view::npos) {
    return s;
  }
  size_t n = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\xC3' && i + 1 < s.size() && s[i + 1] == '\x97') {
      buffer[n++] = 'X';
      ++i;
    } else {
      buffer[n++] = s[i];
    }
  }
  check->Add(FindingCode::kIdNumberLookalike);
  return {buffer, n};
}

// ---------------------------------------------------------------------------
// 证件类型 (§6.1).

struct IdTypeName {
  std::string_view text;
  IdType type;
  std::string_view detail;  // kOther only
};

// Synonyms and numeric codes. The canonical names themselves come from
// CanonicalName(IdType). Numeric systems: GA-style 111/113/414/513/990, tax
// 201/208/210/213/219/220/221/227/233, ad-hoc 01/02 [§6.1].
constexpr IdTypeName kIdTypeSynonyms[] = {
    {"居民身份证", IdType::kResidentId, ""},
    {"公民身份号码", IdType::kResidentId, ""},
    {"身份证号", IdType::kResidentId, ""},
    {"身份证号码", IdType::kResidentId, ""},
    {"居民身份证号码", IdType::kResidentId, ""},
    {"中华人民共和国居民身份证", IdType::kResidentId, ""},
    {"第二代居民身份证", IdType::kResidentId, ""},
    {"二代身份证", IdType::kResidentId, ""},
    {"111", IdType::kResidentId, ""},
    {"201", IdType::kResidentId, ""},
    {"01", IdType::kResidentId, ""},
    {"户口本", IdType::kHouseholdRegister, ""},
    {"户口薄", IdType::kHouseholdRegister, ""},  // a common misspelling
    {"居民户口簿", IdType::kHouseholdRegister, ""},
    {"113", IdType::kHouseholdRegister, ""},
    {"02", IdType::kHouseholdRegister, ""},
    {"港澳居民居住证", IdType::kResidencePermit, ""},
    {"台湾居民居住证", IdType::kResidencePermit, ""},
    {"香港居民居住证", IdType::kResidencePermit, ""},
    {"澳门居民居住证", IdType::kResidencePermit, ""},
    {"港澳台居住证", IdType::kResidencePermit, ""},
    {"外国人永久居留证", IdType::kForeignPermanentResident, ""},
    {"永久居留身份证", IdType::kForeignPermanentResident, ""},
    {"外国人永久居留身份证件", IdType::kForeignPermanentResident, ""},
    {"233", IdType::kForeignPermanentResident, ""},
    {"护照号", IdType::kPassport, ""},  // the 双公示 standard's own wording
    {"护照号码", IdType::kPassport, ""},
    {"普通护照", IdType::kPassport, ""},
    {"中国护照", IdType::kPassport, ""},
    {"外国护照", IdType::kPassport, ""},
    {"PASSPORT", IdType::kPassport, ""},
    {"414", IdType::kPassport, ""},
    {"208", IdType::kPassport, ""},
    {"227", IdType::kPassport, ""},
    {"港澳居民往来内地通行证", IdType::kHkMacaoTravelPermit, ""},
    {"回乡证", IdType::kHkMacaoTravelPermit, ""},
    {"港澳同胞回乡证", IdType::kHkMacaoTravelPermit, ""},
    {"210", IdType::kHkMacaoTravelPermit, ""},
    {"台湾居民往来大陆通行证", IdType::kTaiwanTravelPermit, ""},
    {"台胞证", IdType::kTaiwanTravelPermit, ""},
    {"213", IdType::kTaiwanTravelPermit, ""},
    // Types without an entry of their own are 其他-<type>.
    {"往来港澳通行证", IdType::kOther, "往来港澳通行证"},
    {"513", IdType::kOther, "往来港澳通行证"},
    {"香港永久性居民身份证", IdType::kOther, "香港永久性居民身份证"},
    {"219", IdType::kOther, "香港永久性居民身份证"},
    {"台湾身份证", IdType::kOther, "台湾身份证"},
    {"220", IdType::kOther, "台湾身份证"},
    {"澳门永久性居民身份证", IdType::kOther, "澳门永久性居民身份证"},
    {"221", IdType::kOther, "澳门永久性居民身份证"},
    {"军官证", IdType::kOther, "军官证"},
    {"士兵证", IdType::kOther, "士兵证"},
};

constexpr std::string_view kOtherWords[] = {"其他", "其它"};

// "其他-<type>" and its variants: 其它, a full-width or other dash, a colon,
// brackets or no separator at all. Returns false when `s` is not one.
bool ParseOtherIdType(std::string_view s, IdTypeValue* out, ValueCheck* check) {
  for (std::string_view word : kOtherWords) {
    if (!s.starts_with(word)) continue;
    std::string_view rest = s.substr(word.size());
    // Only 其他 followed by exactly one '-' is the canonical spelling.
    bool canonical = false;
    if (rest.starts_with('(') && rest.ends_with(')')) {
      rest = rest.substr(1, rest.size() - 2);
    } else {
      size_t start = std::min(rest.find_first_not_of("-:_/"), rest.size());
      canonical = word == kOtherWords[0] && start == 1 && rest[0] == '-';
      rest = rest.substr(start);
    }
    if (rest.empty() || rest.find_first_not_of("-:_/()") == rest.npos) {
      // Bare 其他: the standard wants the actual type spelled out.
      check->Add(FindingCode::kIdTypeUnknown);
      return true;
    }
    out->type = IdType::kOther;
    out->detail.assign(rest);
    if (!canonical) check->set_normalised();
    return true;
  }
  return false;
}

// ---------------------------------------------------------------------------
// The public entry points: helpers, and the general paths.

// Writes the canonical form of a valid value (reusing the caller's string
// as is when it already has the length), clears it otherwise.
template <size_t N>
void Finish(const ValueCheck& check, const char* s, std::string* canonical) {
  if (!check.valid()) {
    canonical->clear();
  } else if (canonical->size() == N) {
    std::memcpy(canonical->data(), s, N);
  } else {
    canonical->assign(s, N);
  }
}

bool AllAlnum(std::string_view s) {
  uint8_t any = 0;
  for (char c : s) any |= kAlnumValue[static_cast<unsigned char>(c)];
  return (any & 0xC0) == 0;  // values are 0-35, kNone has the high bits
}

bool IsResidentType(IdType type) {
  return type == IdType::kResidentId || type == IdType::kHouseholdRegister ||
         type == IdType::kResidencePermit;
}

// What the certificate type adds to a resident-ID check (§4.3, §6.1).
void FinishResident(std::string_view s, IdType type, bool typed,
                    ValueCheck* check) {
  if (type == IdType::kResidencePermit && check->valid() &&
      !(s[0] == '8' && s[1] >= '1' && s[1] <= '3')) {
    // A mainland number under the residence-permit type.
    check->Add(FindingCode::kIdTypeMismatch);
  }
  if (!typed && check->valid()) check->Add(FindingCode::kIdTypeInferred);
}

// Anything but the canonical form: folding, placeholders, every finding.
[[gnu::noinline]] ValueCheck CheckUsccGeneral(std::string_view input,
                                              std::string* canonical,
                                              const CheckOptions& options) {
  return OnCell(input, [&](const Cell& cell) {
    ValueCheck check;
    canonical->clear();
    if (HandleEmpty(cell, &check)) return check;
    char buffer[Folded::kCapacity];
    size_t hyphens;
    std::string_view s = WithoutHyphens(cell, buffer, &hyphens);
    if (hyphens > 0) check.set_normalised();
    CheckUsccText(s, options, &check);
    if (cell.lower_case) check.Add(FindingCode::kUsccLowercase);
    if (check.valid()) canonical->assign(s);
    return check;
  });
}

// Anything but the canonical form: folding, placeholders, every finding.
[[gnu::noinline]] ValueCheck CheckOrgCodeGeneral(std::string_view input,
                                                 std::string* canonical,
                                                 const CheckOptions& options) {
  return OnCell(input, [&](const Cell& cell) {
    ValueCheck check;
    canonical->clear();
    if (HandleEmpty(cell, &check)) return check;
    char buffer[Folded::kCapacity];
    size_t hyphens;
    std::string_view s = WithoutHyphens(cell, buffer, &hyphens);
    // XXXXXXXX-X is the printed form, not a normalisation.
    bool printed_form =
        hyphens == 1 && cell.text.size() == 10 && cell.text[8] == '-';
    if (hyphens > 0 && !printed_form) check.set_normalised();
    if (s.size() == 18) {
      // A credit code in the organization-code column (§2.4): its
      // positions 9-17 are the organization code.
      ValueCheck uscc;
      CheckUsccText(s, options, &uscc);
      for (size_t i = 0; i < uscc.findings().size(); ++i) {
        check.Add(uscc.findings()[i], uscc.severity_of(i));
      }
      check.Add(FindingCode::kOrgCodeUsccGiven);
      if (check.valid() && OrgCheckChar(s.data() + 8) != s[16]) {
        check.Add(FindingCode::kOrgCodeChecksum);
      }
      if (check.valid()) canonical->assign(s.substr(8, 9));
      return check;
    }
    if (hyphens == 0 && LostLeadingZeros(s)) {
      check.Add(FindingCode::kOrgCodeLeadingZerosLost);
      return check;
    }
    CheckOrgText(s, &check);
    if (check.valid()) canonical->assign(s);
    return check;
  });
}

// Anything but the canonical form: folding, placeholders, every finding.
[[gnu::noinline]] ValueCheck CheckRegNoGeneral(std::string_view input,
                                               std::string* canonical,
                                               const CheckOptions& options) {
  return OnCell(input, [&](const Cell& cell) {
    ValueCheck check;
    canonical->clear();
    if (HandleEmpty(cell, &check)) return check;
    char buffer[Folded::kCapacity];
    size_t hyphens;
    std::string_view s = WithoutHyphens(cell, buffer, &hyphens);
    if (hyphens > 0) check.set_normalised();
    if (s.size() == 18) {
      // After 三证合一 the credit code replaced the number (§3.3).
      CheckUsccText(s, options, &check);
      if (cell.lower_case) check.Add(FindingCode::kUsccLowercase);
    } else {
      CheckRegNoText(s, &check);
    }
    if (check.valid()) canonical->assign(s);
    return check;
  });
}

[[gnu::noinline]] ValueCheck CheckIdNumberGeneral(std::string_view input,
                                                  std::optional<IdType> id_type,
                                                  std::string* canonical,
                                                  const CheckOptions& options) {
  return OnCell(input, [&](const Cell& cell) {
    ValueCheck check;
    canonical->clear();
    if (HandleEmpty(cell, &check)) return check;
    IdType type = id_type.value_or(IdType::kResidentId);
    switch (type) {
      case IdType::kResidentId:
      case IdType::kHouseholdRegister:
      case IdType::kResidencePermit:
      case IdType::kForeignPermanentResident: {
        char buffer[Folded::kCapacity];
        size_t hyphens;
        std::string_view s = WithoutHyphens(cell, buffer, &hyphens);
        if (hyphens > 0) check.set_normalised();
        if (!cell.plain) s = ReplaceTimesSign(s, buffer, &check);
        if (type == IdType::kForeignPermanentResident) {
          CheckForeignText(s, options, &check, canonical);
          break;
        }
        CheckResidentText(s, options, &check, canonical);
        FinishResident(s, type, id_type.has_value(), &check);
        break;
      }
      case IdType::kPassport:
      case IdType::kHkMacaoTravelPermit:
      case IdType::kTaiwanTravelPermit:
      case IdType::kOther:
        CheckOtherText(cell.text, type, &check, canonical);
        break;
    }
    if (!check.valid()) canonical->clear();
    return check;
  });
}

}  // namespace

// ---------------------------------------------------------------------------
// Public entry points. Each starts with a fast path for a value that is
// already in canonical form (no folding, no placeholder possible), which runs
// the same rule functions as the general path after it.

ValueCheck CheckUscc(std::string_view input, std::string* canonical,
                     const CheckOptions& options) {
  if (input.size() == 18 && input[0] != '0') {
    UsccScan scan = ScanUscc(input.data());
    if (scan.symbols) {
      ValueCheck check;
      CheckUsccSymbols(input.data(), scan, options, &check);
      Finish<18>(check, input.data(), canonical);
      return check;
    }
  }
  return CheckUsccGeneral(input, canonical, options);
}

ValueCheck CheckOrgCode(std::string_view input, std::string* canonical,
                        const CheckOptions& options) {
  char printed[9];
  std::string_view plain = input;
  if (input.size() == 10 && input[8] == '-') {
    std::memcpy(printed, input.data(), 8);
    printed[8] = input[9];
    plain = {printed, 9};
  }
  if (plain.size() == 9 && AllAlnum(plain) &&
      !(plain[0] == '0' && IsPlaceholder(plain))) {
    ValueCheck check;
    if (OrgCheckChar(plain.data()) != plain[8]) {
      check.Add(FindingCode::kOrgCodeChecksum);
    }
    Finish<9>(check, plain.data(), canonical);
    return check;
  }
  return CheckOrgCodeGeneral(input, canonical, options);
}

ValueCheck CheckRegNo(std::string_view input, std::string* canonical,
                      const CheckOptions& options) {
  if (input.size() == 15 && input[0] != '0' && EightDigits(input.data()) &&
      AllDigits(input.substr(8))) {
    ValueCheck check;
    if (!Mod1110Valid(input)) check.Add(FindingCode::kRegNoChecksum);
    Finish<15>(check, input.data(), canonical);
    return check;
  }
  return CheckRegNoGeneral(input, canonical, options);
}

ValueCheck CheckEntityCode(std::string_view input, std::string* canonical,
                           const CheckOptions& options) {
  return OnCell(input, [&](const Cell& cell) {
    ValueCheck check;
    canonical->clear();
    if (HandleEmpty(cell, &check)) return check;
    char buffer[Folded::kCapacity];
    size_t hyphens;
    std::string_view s = WithoutHyphens(cell, buffer, &hyphens);
    bool printed_org =
        hyphens == 1 && cell.text.size() == 10 && cell.text[8] == '-';
    if (hyphens > 0 && !printed_org) check.set_normalised();
    bool digits = AllDigits(s);
    if (s.size() == 18) {
      CheckUsccText(s, options, &check);
      if (cell.lower_case) check.Add(FindingCode::kUsccLowercase);
    } else if (digits && (s.size() == 15 || s.size() == 13)) {
      CheckRegNoText(s, &check);
    } else if (s.size() == 9) {
      CheckOrgText(s, &check);
    } else if (hyphens == 0 && LostLeadingZeros(s)) {
      check.Add(FindingCode::kOrgCodeLeadingZerosLost);
    } else {
      check.Add(FindingCode::kEntityCodeShape);
    }
    if (check.valid()) canonical->assign(s);
    return check;
  });
}

ValueCheck CheckIdNumber(std::string_view input, std::optional<IdType> id_type,
                         std::string* canonical, const CheckOptions& options) {
  bool check_ok;
  if (input.size() == 18 && input[0] != '0' &&
      IsResidentType(id_type.value_or(IdType::kResidentId)) &&
      Id18Digits(input, &check_ok)) {
    ValueCheck check;
    CheckId18(input, check_ok, options, &check);
    FinishResident(input, id_type.value_or(IdType::kResidentId),
                   id_type.has_value(), &check);
    Finish<18>(check, input.data(), canonical);
    return check;
  }
  return CheckIdNumberGeneral(input, id_type, canonical, options);
}

ValueCheck ParseIdType(std::string_view input, IdTypeValue* out) {
  ValueCheck check;
  // Canonical input needs no folding.
  // (其他-… goes the long way: its detail text is normalised there.)
  if (auto v = IdTypeValue::ParseCanonical(input);
      v && v->type != IdType::kOther) {
    *out = std::move(*v);
    return check;
  }
  const Folded folded = internal::Fold(
      input, internal::kFoldDropSpaces | internal::kFoldUpperCase);
  std::string_view s = folded.view();
  if (s.empty()) {
    check.set_empty();
    return check;
  }
  if (folded.changed() || s.size() != input.size()) check.set_normalised();
  out->detail.clear();
  for (int t = 0; t < static_cast<int>(IdType::kOther); ++t) {
    if (s == CanonicalName(static_cast<IdType>(t))) {
      out->type = static_cast<IdType>(t);
      return check;
    }
  }
  if (ParseOtherIdType(s, out, &check)) return check;
  for (const IdTypeName& name : kIdTypeSynonyms) {
    if (s == name.text) {
      out->type = name.type;
      out->detail.assign(name.detail);
      check.set_normalised();
      return check;
    }
  }
  check.Add(FindingCode::kIdTypeUnknown);
  return check;
}

namespace internal {

char UsccCheckCharacter(std::string_view body) {
  uint32_t sum = 0;
  for (int i = 0; i < 17; ++i) {
    sum += kUsccValue[static_cast<unsigned char>(body[i])] * kUsccWeights[i];
  }
  return kUsccAlphabet[(31 - sum % 31) % 31];
}

char OrgCodeCheckCharacter(std::string_view body) {
  return OrgCheckChar(body.data());
}

char RegNoCheckDigit(std::string_view body) {
  int p = 10;
  for (int i = 0; i < 14; ++i) p = Mod1110Step(p, Digit(body[i]));
  return static_cast<char>('0' + (11 - p) % 10);
}

char ResidentIdCheckCharacter(std::string_view body) {
  return IdCheckChar(body.data());
}

}  // namespace internal
}  // namespace creditdata
