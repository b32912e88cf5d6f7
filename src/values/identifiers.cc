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
#include <bit>
#include <chrono>
#include <cstdint>
#include <cstring>
#include <span>
#include <string>
#include <string_view>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "creditdata/check.h"
#include "values/check_characters.h"
#include "values/identifier_fast.h"
#include "values/normalize.h"

namespace creditdata {
namespace {

// GB/T 2260 county-level codes: kDivisionCodes, kRetiredDivisionCodes.
#include "values/divisions.inc"

using internal::Folded;

// DefaultSeverity() as a constant table, so that adding a finding inlines.
constexpr Severity kSeverityOf[] = {
#define CD_FINDING(name, code, severity, zh, en) Severity::k##severity,
#include "creditdata/findings.def"
};
static_assert(std::size(kSeverityOf) == kFindingCodeCount);

// ValueCheck::Add(code) with the default severity.
constexpr void Report(ValueCheck* check, FindingCode code) {
  check->Add(code, kSeverityOf[static_cast<size_t>(code)]);
}

// A check with the one finding `code` (at its default severity).
constexpr ValueCheck Only(FindingCode code) {
  ValueCheck check;
  Report(&check, code);
  return check;
}

// 8 bytes as a little-endian word: byte 0 in the low bits.
inline uint64_t Load64(const char* p) {
  uint64_t x;
  std::memcpy(&x, p, 8);
  if constexpr (std::endian::native == std::endian::big) {
    x = __builtin_bswap64(x);
  }
  return x;
}

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

// The OR of table[c] over the bytes c of `s`.
inline uint8_t OrOfValues(const std::array<uint8_t, 256>& table,
                          std::string_view s) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  size_t n = s.size();
  uint8_t any = 0;
  size_t i = 0;
  for (; i + 4 <= n; i += 4) {
    any |= table[p[i]] | table[p[i + 1]] | table[p[i + 2]] | table[p[i + 3]];
  }
  for (; i < n; ++i) any |= table[p[i]];
  return any;
}

#if defined(__SSE2__)
// 0xFF in each byte of `v` that is 0-9 or A-Z. Bytes below the range wrap
// around: only 0-9 (A-Z) end at most 9 (25).
inline __m128i AlnumBytes(__m128i v) {
  __m128i digit =
      _mm_subs_epu8(_mm_sub_epi8(v, _mm_set1_epi8('0')), _mm_set1_epi8(9));
  __m128i upper =
      _mm_subs_epu8(_mm_sub_epi8(v, _mm_set1_epi8('A')), _mm_set1_epi8(25));
  return _mm_cmpeq_epi8(_mm_min_epu8(digit, upper), _mm_setzero_si128());
}

// kUsccForeign and kUsccLookalike of UsccValueBits for 16 bytes.
inline uint8_t SixteenUsccBits(const char* p) {
  __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
  __m128i alnum = AlnumBytes(v);
  __m128i lookalike = _mm_or_si128(
      _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('I')),
                   _mm_cmpeq_epi8(v, _mm_set1_epi8('O'))),
      _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('S')),
                                _mm_cmpeq_epi8(v, _mm_set1_epi8('V'))),
                   _mm_cmpeq_epi8(v, _mm_set1_epi8('Z'))));
  return static_cast<uint8_t>(
      (_mm_movemask_epi8(alnum) != 0xFFFF ? kUsccForeign : 0) |
      (_mm_movemask_epi8(lookalike) != 0 ? kUsccLookalike : 0));
}
#endif

// The OR of the kUsccValue of every byte, or at least its kUsccForeign and
// kUsccLookalike bits.
uint8_t UsccValueBits(std::string_view s) {
#if defined(__SSE2__)
  if (s.size() >= 16) {
    // Blocks from the start, the last one overlapping the end.
    uint8_t bits = SixteenUsccBits(s.data() + s.size() - 16);
    for (size_t i = 0; i + 16 < s.size(); i += 16) {
      bits |= SixteenUsccBits(s.data() + i);
    }
    return bits;
  }
#endif
  return OrOfValues(kUsccValue, s);
}

// Whether all 8 bytes of a word are 0-9 or A-Z (SWAR: with the high bit
// of every byte set, subtracting c < 0x80 cannot borrow across bytes and
// leaves the high bit set where the low 7 bits are >= c).
constexpr bool WordIsAlnum(uint64_t x) {
  constexpr uint64_t kOnes = 0x0101010101010101;
  constexpr uint64_t kHigh = 0x8080808080808080;
  uint64_t y = x | kHigh;
  uint64_t digit = (y - 0x30 * kOnes) & ~(y - 0x3A * kOnes);
  uint64_t upper = (y - 0x41 * kOnes) & ~(y - 0x5B * kOnes);
  return ((digit | upper) & ~x & kHigh) == kHigh;
}

#if defined(__SSE2__)
// Whether 16 bytes are all 0-9 or A-Z.
inline bool SixteenAlnum(const char* p) {
  __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
  return _mm_movemask_epi8(AlnumBytes(v)) == 0xFFFF;
}
#endif

bool AllAlnum(std::string_view s) {
  const char* p = s.data();
  size_t n = s.size();
#if defined(__SSE2__)
  if (n >= 16) {
    // Blocks from the start, the last one overlapping the end.
    bool alnum = SixteenAlnum(p + n - 16);
    for (size_t i = 0; i + 16 < n; i += 16) alnum &= SixteenAlnum(p + i);
    return alnum;
  }
#endif
  if (n >= 8) {
    // Words from the start, the last one overlapping the end.
    bool alnum = WordIsAlnum(Load64(p + n - 8));
    for (size_t i = 0; i + 8 < n; i += 8) alnum &= WordIsAlnum(Load64(p + i));
    return alnum;
  }
  // Values are 0-35, kNone has the high bits.
  return (OrOfValues(kAlnumValue, s) & 0xC0) == 0;
}

// For OnCell: 0 for 0-9 and A-Z, kCellHyphen for '-', kCellOther for any
// other byte.
constexpr uint8_t kCellHyphen = 0x40;
constexpr uint8_t kCellOther = 0x80;
constexpr std::array<uint8_t, 256> MakeCellClasses() {
  std::array<uint8_t, 256> t{};
  for (int c = 0; c < 256; ++c) {
    t[c] = kAlnumValue[c] != kNone ? 0 : c == '-' ? kCellHyphen : kCellOther;
  }
  return t;
}
constexpr std::array<uint8_t, 256> kCellClass = MakeCellClasses();

constexpr bool IsDigit(char c) { return c >= '0' && c <= '9'; }
constexpr int Digit(char c) { return c - '0'; }

// Whether all 8 bytes of a word are ASCII digits: high nibble 3, and
// still 3 after adding 6 (a carry out of a byte that is no digit cannot
// make the whole word pass).
constexpr bool WordIsDigits(uint64_t x) {
  constexpr uint64_t kHigh = 0xF0F0F0F0F0F0F0F0;
  constexpr uint64_t kThrees = 0x3030303030303030;
  return (((x & kHigh) ^ kThrees) |
          (((x + 0x0606060606060606) & kHigh) ^ kThrees)) == 0;
}

// 8 bytes that are all ASCII digits.
inline bool EightDigits(const char* p) { return WordIsDigits(Load64(p)); }

bool AllDigits(std::string_view s) {
  const char* p = s.data();
  size_t n = s.size();
  if (n >= 8) {
    // Words from the start, the last one overlapping the end.
    for (size_t i = 0; i + 8 < n; i += 8) {
      if (!EightDigits(p + i)) return false;
    }
    return EightDigits(p + n - 8);
  }
  for (size_t i = 0; i < n; ++i) {
    if (!IsDigit(p[i])) return false;
  }
  return true;
}

// Code points in UTF-8 text (continuation bytes do not count).
size_t CodePoints(std::string_view s) {
  constexpr uint64_t kHigh = 0x8080808080808080;
  size_t i = 0;
  if (s.size() >= 8) {
    while (i + 8 <= s.size() && (Load64(s.data() + i) & kHigh) == 0) i += 8;
    // ASCII to the end (the last word overlapping)?
    if ((Load64(s.data() + s.size() - 8) & kHigh) == 0 && i + 8 > s.size()) {
      return s.size();
    }
  }
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
// (128 entries: a masked index of garbage stays inside.)
constexpr std::array<bool, 128> MakeProvinceSet(
    std::initializer_list<int> more) {
  std::array<bool, 128> set{};
  for (int p : kProvinces) set[p] = true;
  for (int p : more) set[p] = true;
  return set;
}
// Resident IDs: 83 is the Taiwan residence permit (§4.3).
constexpr std::array<bool, 128> kIdProvinces = MakeProvinceSet({83});
// USCC positions 3-4: 10 is a national registration (100000, §5.2).
constexpr std::array<bool, 128> kUsccProvinces = MakeProvinceSet({10});

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
// time, into a two-level table of 12 KB: the province picks a block of 100
// cities, the city a row of 100 bits (two words), the county a bit of the
// row. Codes outside the table land on block 0 or row 0, which are empty.
constexpr int CountDivisionPrefixes(int32_t divisor) {
  int n = 0;
  int32_t last = -1;
  for (int32_t code : kDivisionCodes) {
    if (code / divisor != last) ++n;
    last = code / divisor;
  }
  return n;
}
constexpr int kDivisionProvinces = CountDivisionPrefixes(10000);
constexpr int kDivisionCities = CountDivisionPrefixes(100);

struct DivisionTable {
  // Province → first entry of its block in city_row (0: no cities). 128
  // entries, and 28 spare in city_row, so that any 7-bit parts stay inside.
  std::array<uint16_t, 128> province_block;
  // Block + city → row of county_bits (0: no counties).
  std::array<uint16_t, (kDivisionProvinces + 1) * 100 + 28> city_row;
  // Bit k of a row (word k / 64): county k is listed.
  std::array<std::array<uint64_t, 2>, kDivisionCities + 1> county_bits;
};

constexpr DivisionTable MakeDivisionTable() {
  DivisionTable t{};
  int blocks = 0;
  int rows = 0;
  int32_t last_province = -1;
  int32_t last_city = -1;
  for (int32_t code : kDivisionCodes) {
    int32_t province = code / 10000;
    int32_t county = code % 100;
    if (province != last_province) {
      t.province_block[province] = static_cast<uint16_t>(++blocks * 100);
      last_province = province;
    }
    if (code / 100 != last_city) {
      t.city_row[t.province_block[province] + code / 100 % 100] =
          static_cast<uint16_t>(++rows);
      last_city = code / 100;
    }
    if (!std::binary_search(std::begin(kRetiredDivisionCodes),
                            std::end(kRetiredDivisionCodes), code)) {
      t.county_bits[rows][county / 64] |= uint64_t{1} << (county % 64);
    }
  }
  return t;
}
constexpr DivisionTable kDivisions = MakeDivisionTable();

// Whether province-city-county (each 0-99) is in kDivisionCodes and not
// retired; false for anything else below 128.
constexpr bool DivisionListed(uint32_t province, uint32_t city,
                              uint32_t county) {
  uint32_t row =
      kDivisions.city_row[kDivisions.province_block[province] + city];
  return kDivisions.county_bits[row][county >> 6] >> (county & 63) & 1;
}

constexpr int32_t kFirstRetired = kRetiredDivisionCodes[0];
constexpr int32_t kLastRetired =
    kRetiredDivisionCodes[std::size(kRetiredDivisionCodes) - 1];

// Whether `code` may be retired (a cheap test before the search).
constexpr bool MaybeRetired(int32_t code) {
  return static_cast<uint32_t>(code - kFirstRetired) <=
         static_cast<uint32_t>(kLastRetired - kFirstRetired);
}

// Every listed code finds its bit and nothing else has one (row 0 and
// block 0 stay empty, so an unlisted code reads a zero bit).
constexpr bool DivisionTableIsRight() {
  size_t bits = 0;
  for (const auto& row : kDivisions.county_bits) {
    bits += static_cast<size_t>(std::popcount(row[0]) + std::popcount(row[1]));
  }
  for (int32_t code : kDivisionCodes) {
    bool retired = std::binary_search(std::begin(kRetiredDivisionCodes),
                                      std::end(kRetiredDivisionCodes), code);
    if (DivisionListed(static_cast<uint32_t>(code / 10000),
                       static_cast<uint32_t>(code / 100 % 100),
                       static_cast<uint32_t>(code % 100)) == retired) {
      return false;
    }
  }
  // LookUpDivision relies on every retired code being listed.
  for (int32_t code : kRetiredDivisionCodes) {
    if (!std::binary_search(std::begin(kDivisionCodes),
                            std::end(kDivisionCodes), code)) {
      return false;
    }
  }
  for (uint16_t row : std::span(kDivisions.city_row).first(100)) {
    if (row != 0) return false;
  }
  return bits == std::size(kDivisionCodes) - std::size(kRetiredDivisionCodes) &&
         kDivisions.county_bits[0][0] == 0 && kDivisions.county_bits[0][1] == 0;
}
static_assert(DivisionTableIsRight());

Division LookUpDivision(int32_t code) {
  if (MaybeRetired(code) &&
      std::binary_search(std::begin(kRetiredDivisionCodes),
                         std::end(kRetiredDivisionCodes), code)) {
    return Division::kRetired;
  }
  return DivisionListed(static_cast<uint32_t>(code / 10000),
                        static_cast<uint32_t>(code / 100 % 100),
                        static_cast<uint32_t>(code % 100))
             ? Division::kCurrent
             : Division::kUnknown;
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

constexpr int Mod1110Steps(int p, int digits, int count) {
  for (int i = count - 1; i >= 0; --i) {
    int divisor = i == 2 ? 100 : i == 1 ? 10 : 1;
    p = Mod1110Step(p, digits / divisor % 10);
  }
  return p;
}

// The chain of §3.2 is serial, so tables shorten it: kMod1110Triples[t][p]
// is the state after the three digits of t (000-999) from state p, and bit
// p of kMod1110Last[t] says whether the last two digits and the check digit
// t, from state p, end the check right.
constexpr std::array<std::array<uint8_t, 11>, 1000> MakeMod1110Triples() {
  std::array<std::array<uint8_t, 11>, 1000> table{};
  for (int t = 0; t < 1000; ++t) {
    for (int p = 1; p <= 10; ++p) {
      table[t][p] = static_cast<uint8_t>(Mod1110Steps(p, t, 3));
    }
  }
  return table;
}
constexpr std::array<std::array<uint8_t, 11>, 1000> kMod1110Triples =
    MakeMod1110Triples();

constexpr std::array<uint16_t, 1000> MakeMod1110Last() {
  std::array<uint16_t, 1000> table{};
  for (int t = 0; t < 1000; ++t) {
    for (int p = 1; p <= 10; ++p) {
      if ((Mod1110Steps(p, t / 10, 2) + t % 10) % 10 == 1) {
        table[t] |= static_cast<uint16_t>(1 << p);
      }
    }
  }
  return table;
}
constexpr std::array<uint16_t, 1000> kMod1110Last = MakeMod1110Last();

// Three ASCII digits as a number.
constexpr uint32_t ThreeDigits(const char* p) {
  return static_cast<uint32_t>(Digit(p[0]) * 100 + Digit(p[1]) * 10 +
                               Digit(p[2]));
}

// ISO 7064 MOD 11,10 (§3.2) over 15 digits including the check digit.
[[gnu::always_inline]] inline bool Mod1110Valid(std::string_view digits) {
  const char* d = digits.data();
  uint32_t p = kMod1110Triples[ThreeDigits(d)][10];
  p = kMod1110Triples[ThreeDigits(d + 3)][p];
  p = kMod1110Triples[ThreeDigits(d + 6)][p];
  p = kMod1110Triples[ThreeDigits(d + 9)][p];
  return kMod1110Last[ThreeDigits(d + 12)] >> p & 1;
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
    Report(check, FindingCode::kIdNumberBirthDate);
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
    Report(check, FindingCode::kIdNumberBirthDate);
    return false;
  }
  // Age over 120: 121 full years or more.
  if (y < 1900 || birth <= reference - 1210000) {
    Report(check, FindingCode::kIdNumberBirthOld);
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
  uint8_t classes = OrOfValues(kCellClass, input);
  if (!input.empty() && !(classes & kCellOther)) {
    return body(Cell{input, false, false, true, (classes & kCellHyphen) != 0});
  }
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
  // All zeros, hyphens anywhere (they are dropped from codes, so a leading
  // one must not hide the zeros behind it).
  size_t lead = text.find_first_not_of('-');
  if (lead != std::string_view::npos && text[lead] == '0') {
    size_t zeros = 0;
    size_t others = 0;
    for (size_t i = lead; i < text.size(); ++i) {
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
    Report(check, FindingCode::kPlaceholder);
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
  // (A plain cell knows; a folded one may have lost its hyphens.)
  if (!cell.hyphens || (!cell.plain && text.find('-') == text.npos)) {
    return text;
  }
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

constexpr void AddWith(ValueCheck* check, FindingCode code, bool is_error) {
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
// Rows of 64-bit terms hold 256 entries and a cache line of padding: with
// rows of exactly 2 KB, the lines the digits and letters use in every other
// row would all compete for the same two sets of an 8-way L1 cache.
constexpr size_t kTermRow = 256 + 8;

// Credit codes, 64 bits, in fields that cannot overflow into each other:
//   bits  0-13  the §1.4 term (the sum over 18 positions stays below 9 180);
//   bits 14-18  one for each character outside the alphabet (at most 18);
//   bits 19-29  the §2.3 term of positions 9-16 (the sum stays below 1 680);
//   bits 30-39  positions 1-2 as the pair index v1 × 31 + v2 (below 961);
//   bits 40-48  positions 3-4 as v3 × 10 + v4 (below 331), the province
//               when both are digits;
//   bits 49-51  one for each letter in positions 3-8 (at most 6).
// The fields other than the count are meaningless when it is not zero.
constexpr uint64_t kUsccOutside = uint64_t{1} << 14;
constexpr int kUsccSum11Shift = 19;
constexpr int kUsccPairShift = 30;
constexpr int kUsccProvinceShift = 40;
constexpr int kUsccLettersShift = 49;
constexpr std::array<std::array<uint64_t, kTermRow>, 18> MakeUsccTerms() {
  std::array<std::array<uint64_t, kTermRow>, 18> terms{};
  for (size_t i = 0; i < 18; ++i) {
    for (int c = 0; c < 256; ++c) {
      uint64_t v = kUsccValue[c];
      if (v >= 31) {
        terms[i][c] = kUsccOutside;
        continue;
      }
      uint64_t t = v * kUsccWeights18[i];
      if (i >= 8 && i < 16) {
        t |= uint64_t{kAlnumValue[c] * kOrgWeights[i - 8]} << kUsccSum11Shift;
      }
      if (i == 0) t |= v * 31 << kUsccPairShift;
      if (i == 1) t |= v << kUsccPairShift;
      if (i == 2) t |= v * 10 << kUsccProvinceShift;
      if (i == 3) t |= v << kUsccProvinceShift;
      if (i >= 2 && i < 8 && v >= 10) t |= uint64_t{1} << kUsccLettersShift;
      terms[i][c] = t;
    }
  }
  return terms;
}
constexpr std::array<std::array<uint64_t, kTermRow>, 18> kUsccTerms =
    MakeUsccTerms();

// Whether all 18 characters are symbols, and the sums.
struct UsccScan {
  bool symbols;
  uint32_t sum31;  // §1.4, all 18 positions
  uint32_t sum11;  // §2.3, positions 9-16
  uint64_t sum;    // all fields
};

// The sum of terms[i][p[i]] over 18 positions.
template <typename Terms>
[[gnu::always_inline]] inline uint64_t SumTerms18(const Terms& terms,
                                                  const char* p) {
  uint64_t sum = 0;
#pragma GCC unroll 18
  for (size_t i = 0; i < 18; ++i) {
    sum += terms[i][static_cast<unsigned char>(p[i])];
  }
  return sum;
}

UsccScan ScanUscc(const char* p) {
  uint64_t sum = SumTerms18(kUsccTerms, p);
  return {(sum & (31 * kUsccOutside)) == 0,
          static_cast<uint32_t>(sum & (kUsccOutside - 1)),
          static_cast<uint32_t>(sum >> kUsccSum11Shift) & 0x7FF, sum};
}

// Bytes 2-7 of an 8-byte word are ASCII digits (SWAR; see EightDigits).
bool DigitsAt2To7(const char* p) {
  uint64_t x = Load64(p);
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
  if (scan.sum31 % 31 != 0) Report(check, FindingCode::kUsccChecksum);
  bool division_digits = DigitsAt2To7(p);
  if (!division_digits) Report(check, FindingCode::kUsccDivision);
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
    Report(check, FindingCode::kUsccProvince);
  }
}

// What CheckUsccSymbols finds about 18 symbols, one bit per finding in its
// order, found without branches (0: nothing, the common case).
enum UsccFlaw : uint32_t {
  kFlawChecksum = 1,
  kFlawDivision = 2,
  kFlawCategory = 4,
  kFlawEmbeddedOrgCode = 8,
  kFlawProvince = 16,
  // The two options that change severities.
  kCategoryIsError = 32,
  kEmbeddedOrgCodeIsError = 64,
};

// kUsccPairs and kUsccProvinces by the fields of kUsccTerms.
constexpr std::array<uint64_t, 16> MakeUsccPairBits() {
  std::array<uint64_t, 16> bits{};
  for (uint32_t v1 = 0; v1 < 31; ++v1) {
    for (uint32_t v2 = 0; v2 < 31; ++v2) {
      uint32_t i = v1 * 31 + v2;
      if (kUsccPairs[v1] >> v2 & 1) bits[i / 64] |= uint64_t{1} << (i % 64);
    }
  }
  return bits;
}
constexpr std::array<uint64_t, 16> kUsccPairBits = MakeUsccPairBits();

[[gnu::always_inline]] inline uint32_t UsccFlaws(const char* p,
                                                 const UsccScan& scan) {
  uint64_t sum = scan.sum;
  auto pair = static_cast<uint32_t>(sum >> kUsccPairShift) & 1023;
  auto province = static_cast<uint32_t>(sum >> kUsccProvinceShift) & 511;
  bool division_digits = (sum >> kUsccLettersShift) == 0;
  // A province index of digits is below 100; of letters it is not used.
  return (scan.sum31 % 31 != 0) * kFlawChecksum |
         !division_digits * kFlawDivision |
         !(kUsccPairBits[pair / 64] >> (pair % 64) & 1) * kFlawCategory |
         (kOrgCheckBySum[scan.sum11 % 11] != p[16]) * kFlawEmbeddedOrgCode |
         (division_digits & !kUsccProvinces[province & 127]) * kFlawProvince;
}

constexpr uint32_t UsccOptionFlaws(const CheckOptions& options) {
  return options.uscc_category_is_error * kCategoryIsError |
         options.embedded_org_code_is_error * kEmbeddedOrgCodeIsError;
}

// kUsccResults[flaws | options]: what CheckUsccSymbols reports on a fresh
// check.
constexpr std::array<ValueCheck, 128> MakeUsccResults() {
  std::array<ValueCheck, 128> results{};
  for (uint32_t i = 0; i < 128; ++i) {
    ValueCheck* check = &results[i];
    if (i & kFlawChecksum) Report(check, FindingCode::kUsccChecksum);
    if (i & kFlawDivision) Report(check, FindingCode::kUsccDivision);
    if (i & kFlawCategory) {
      AddWith(check, FindingCode::kUsccCategory, i & kCategoryIsError);
    }
    if (i & kFlawEmbeddedOrgCode) {
      AddWith(check, FindingCode::kUsccEmbeddedOrgCode,
              i & kEmbeddedOrgCodeIsError);
    }
    if (i & kFlawProvince) Report(check, FindingCode::kUsccProvince);
  }
  return results;
}
constexpr std::array<ValueCheck, 128> kUsccResults = MakeUsccResults();

// GB 32100 (§1) on anything but 18 symbols: says which characters are
// wrong, then what can still be checked. `any` is UsccValueBits(s).
void CheckUsccNotSymbols(std::string_view s, uint8_t any,
                         const CheckOptions& options, ValueCheck* check) {
  bool foreign = any & kUsccForeign;
  if (any & kUsccLookalike) Report(check, FindingCode::kUsccLookalike);
  if (foreign) Report(check, FindingCode::kUsccAlphabet);
  if (s.size() != 18) {
    // Only foreign characters can be more than one byte.
    if ((foreign ? CodePoints(s) : s.size()) != 18) {
      Report(check, FindingCode::kUsccLength);
    }
    return;
  }
  uint8_t v0 = kUsccValue[static_cast<unsigned char>(s[0])];
  uint8_t v1 = kUsccValue[static_cast<unsigned char>(s[1])];
  bool division_digits = DigitsAt2To7(s.data());
  if (!division_digits) Report(check, FindingCode::kUsccDivision);
  if (v0 < 31 && v1 < 31 && !(kUsccPairs[v0] >> v1 & 1)) {
    AddWith(check, FindingCode::kUsccCategory, options.uscc_category_is_error);
  }
  // Positions 9-17 all symbols (values 0-30; the others have high bits).
  bool subject_ok = (OrOfValues(kUsccValue, s.substr(8, 9)) & 0xE0) == 0;
  if (subject_ok && OrgCheckChar(s.data() + 8) != s[16]) {
    AddWith(check, FindingCode::kUsccEmbeddedOrgCode,
            options.embedded_org_code_is_error);
  }
  if (division_digits && !kUsccProvinces[Digit(s[2]) * 10 + Digit(s[3])]) {
    Report(check, FindingCode::kUsccProvince);
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
  CheckUsccNotSymbols(s, UsccValueBits(s), options, check);
}

// GB 11714 (§2) on 9 characters or whatever arrived instead.
void CheckOrgText(std::string_view s, ValueCheck* check) {
  bool foreign = !AllAlnum(s);
  if (foreign) Report(check, FindingCode::kOrgCodeAlphabet);
  if (s.size() != 9) {
    // Only foreign characters can be more than one byte.
    if ((foreign ? CodePoints(s) : s.size()) != 9) {
      Report(check, FindingCode::kOrgCodeLength);
    }
    return;
  }
  if (!foreign && OrgCheckChar(s.data()) != s[8]) {
    Report(check, FindingCode::kOrgCodeChecksum);
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
  if (!digits) Report(check, FindingCode::kRegNoAlphabet);
  size_t length = digits ? s.size() : CodePoints(s);
  if (digits && length == 13) {
    Report(check, FindingCode::kRegNoLegacy);
    return;
  }
  if (length != 15) {
    Report(check, FindingCode::kRegNoLength);
    return;
  }
  if (digits && !Mod1110Valid(s)) Report(check, FindingCode::kRegNoChecksum);
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
    Report(check, FindingCode::kIdNumberProvince);
    return;
  }
  if (province >= 81) {
    // Residence permits carry exactly 810000, 820000 or 830000 (§4.3); 81
    // and 82 are also GB/T 2260 province codes without counties.
    if (code % 10000 != 0) Report(check, FindingCode::kIdNumberDivision);
    return;
  }
  switch (LookUpDivision(code)) {
    case Division::kUnknown:
      Report(check, FindingCode::kIdNumberDivision);
      break;
    case Division::kRetired:
      Report(check, FindingCode::kIdNumberDivisionRetired);
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
  Report(check, s.ends_with("000") ? FindingCode::kIdNumberSpreadsheetMangled
                                   : FindingCode::kIdNumberChecksum);
}

// Identity numbers, 64 bits, in fields that cannot overflow into each
// other:
//   bits  0- 9  the MOD 11-2 term (the sum over 18 positions stays below
//               910; the check character weighs 1 and X is 10);
//   bits 10-14  one for each character that is not a digit (or X last);
//   bits 15-21, 22-28, 29-35  province, city and county (two digits each);
//   bits 36-49  the year of birth (four digits);
//   bits 50-56, 57-63  month and day.
// The fields other than the count are meaningless when it is not zero.
constexpr uint64_t kIdOutside = uint64_t{1} << 10;
constexpr int kIdProvinceShift = 15;
constexpr int kIdCityShift = 22;
constexpr int kIdCountyShift = 29;
constexpr int kIdYearShift = 36;
constexpr int kIdMonthShift = 50;
constexpr int kIdDayShift = 57;
constexpr std::array<std::array<uint64_t, kTermRow>, 18> MakeIdTerms() {
  // Digit i of the number goes into field kShift[i] with factor kFactor[i].
  constexpr int kShift[14] = {15, 15, 22, 22, 29, 29, 36,
                              36, 36, 36, 50, 50, 57, 57};
  constexpr uint64_t kFactor[14] = {10,  1,  10, 1,  10, 1,  1000,
                                    100, 10, 1,  10, 1,  10, 1};
  std::array<std::array<uint64_t, kTermRow>, 18> terms{};
  for (size_t i = 0; i < 18; ++i) {
    for (int c = 0; c < 256; ++c) {
      uint64_t weight = i < 17 ? kIdWeights[i] : 1;
      if (c >= '0' && c <= '9') {
        auto d = static_cast<uint64_t>(c - '0');
        terms[i][c] = d * weight;
        if (i < 14) terms[i][c] |= d * kFactor[i] << kShift[i];
      } else if (i == 17 && c == 'X') {
        terms[i][c] = 10;
      } else {
        terms[i][c] = kIdOutside;
      }
    }
  }
  return terms;
}
constexpr std::array<std::array<uint64_t, kTermRow>, 18> kIdTerms =
    MakeIdTerms();

// The sum of kIdTerms over 18 characters.
inline uint64_t SumIdTerms(const char* p) { return SumTerms18(kIdTerms, p); }

// When `s` (18 bytes) is 17 digits and a digit or X, sets `check_ok` to
// whether the MOD 11-2 check holds: Σ a_i × 2^(18-i) ≡ 1 (mod 11) over all
// 18, X being 10.
bool Id18Digits(std::string_view s, bool* check_ok) {
  uint64_t sum = SumIdTerms(s.data());
  if (sum & (31 * kIdOutside)) return false;
  *check_ok = (sum & (kIdOutside - 1)) % 11 == 1;
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
    Report(check, FindingCode::kIdNumberProvince);
    if (check_ok && birth_ok) Report(check, FindingCode::kIdTypeMismatch);
  } else {
    CheckAddressCode(p, check);
  }
}

int32_t ReferenceYmd(const CheckOptions& options) {
  const Date r = *options.reference_date;
  return r.year() * 10000 + r.month() * 100 + r.day();
}

// Bit y of kLeapYears: 1900 + y is a leap year.
constexpr std::array<uint64_t, 4> MakeLeapYears() {
  std::array<uint64_t, 4> bits{};
  for (int y = 0; y < 256; ++y) {
    if (IsLeap(1900 + y)) bits[y / 64] |= uint64_t{1} << (y % 64);
  }
  return bits;
}
constexpr std::array<uint64_t, 4> kLeapYears = MakeLeapYears();

// kDaysInMonth[leap][month]: the days of a month 1-12, 0 for any other
// number below 128.
constexpr std::array<std::array<uint8_t, 128>, 2> MakeMonthDays() {
  std::array<std::array<uint8_t, 128>, 2> days{};
  for (int m = 1; m <= 12; ++m) {
    days[0][m] = static_cast<uint8_t>(MonthLength(2001, m));
    days[1][m] = static_cast<uint8_t>(MonthLength(2000, m));
  }
  return days;
}
constexpr std::array<std::array<uint8_t, 128>, 2> kDaysInMonth =
    MakeMonthDays();

// What Id18State finds.
enum class Id18 {
  kClean,           // nothing to report
  kCheckCharacter,  // only the check character is wrong
  kNotDigits,       // not 17 digits and a digit or X (Id18Digits false)
  kOther,           // anything else: the long way
};

// Whether an 18-character number is 17 digits and a digit or X that pass
// every rule of §4.1 without a finding: the check character, a listed and
// current division, and a birth date from 1900 on, not in the future and
// under 120 years old. All of CheckId18 at once with few branches.
// `latest` and `span` give the window of birth dates CheckBirthDate
// accepts without a finding (and, against the cached day, without reading
// the clock): latest - span < birth <= latest.
[[gnu::always_inline]] inline Id18 Id18State(const char* p, int32_t latest,
                                             int32_t span) {
  uint64_t t = SumIdTerms(p);
  if (t & (31 * kIdOutside)) return Id18::kNotDigits;
  auto field = [t](int shift, uint32_t mask) {
    return static_cast<uint32_t>(t >> shift) & mask;
  };
  uint32_t sum = field(0, 1023);
  uint32_t province = field(kIdProvinceShift, 127);
  uint32_t city = field(kIdCityShift, 127);
  uint32_t county = field(kIdCountyShift, 127);
  uint32_t year = field(kIdYearShift, 16383);
  uint32_t month = field(kIdMonthShift, 127);
  uint32_t day = field(kIdDayShift, 127);
  auto birth = static_cast<int32_t>(year * 10000 + month * 100 + day);
  // Years 1900-2155 (later ones go the long way).
  uint32_t age = year - 1900;
  bool in_range = age < 256;
  age &= 255;
  uint32_t leap = kLeapYears[age / 64] >> (age % 64) & 1;
  // Bitwise on purpose: one test for all, no branch per condition.
  bool rest =
      (unsigned{DivisionListed(province, city, county)} & unsigned{in_range} &
       unsigned{day - 1 < kDaysInMonth[leap][month]} &
       unsigned{birth <= latest} & unsigned{birth > latest - span}) != 0;
  if (!rest) return Id18::kOther;
  return sum % 11 == 1 ? Id18::kClean : Id18::kCheckCharacter;
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
    Report(check, FindingCode::kIdNumberLegacy15);
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
  Report(check, IsScientific(s) ? FindingCode::kIdNumberSpreadsheetMangled
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
    if (!Foreign731Valid(s)) Report(check, FindingCode::kIdNumberForeignCheck);
    if (check->valid()) canonical->assign(s);
    return;
  }
  if (IsId18Shape(s) || (s.size() == 15 && AllDigits(s))) {
    // A citizen's or residence-permit number under the foreigner type.
    CheckResidentText(s, options, check, canonical);
    if (check->valid()) Report(check, FindingCode::kIdTypeMismatch);
    return;
  }
  Report(check, IsScientific(s) ? FindingCode::kIdNumberSpreadsheetMangled
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
      Report(check, FindingCode::kIdNumberShape);
      return;
    }
  }
  // A wrapper still there after folding was not a spreadsheet's (it hid
  // behind white space or another wrapper): not a number of any kind.
  if (CodePoints(s) > 32 || s.starts_with('\'') || s.starts_with("=\"")) {
    Report(check, FindingCode::kIdNumberShape);
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
  Report(check, usual ? FindingCode::kIdNumberUnverified
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
  Report(check, FindingCode::kIdNumberLookalike);
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
      Report(check, FindingCode::kIdTypeUnknown);
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

// Writes N characters to `canonical`, reusing the caller's string as is
// when it already has the length.
[[gnu::noinline]] void AssignCanonical(const char* s, size_t n,
                                       std::string* canonical) {
  canonical->assign(s, n);
}
template <size_t N>
inline void SetCanonical(const char* s, std::string* canonical) {
  if (canonical->size() == N) {
    std::memcpy(canonical->data(), s, N);
  } else {
    AssignCanonical(s, N, canonical);
  }
}

// Writes the canonical form of a valid value, clears it otherwise.
template <size_t N>
void Finish(const ValueCheck& check, const char* s, std::string* canonical) {
  if (!check.valid()) {
    canonical->clear();
  } else {
    SetCanonical<N>(s, canonical);
  }
}
void Finish(const ValueCheck& check, std::string_view s,
            std::string* canonical) {
  if (!check.valid()) {
    canonical->clear();
  } else {
    canonical->assign(s);
  }
}

// A cell of only 0-9 and A-Z, longer than any placeholder word and not
// starting with 0: one that OnCell and HandleEmpty pass on as it is (not
// normalised, no hyphens, not empty, not a placeholder), so the general
// paths can skip them.
bool PlainCell(std::string_view s) {
  return s.size() > 9 && s[0] != '0' && AllAlnum(s);
}

// GB 11714 terms of the 8 body characters, as kUsccTerms: value × weight
// (the sum stays below 1 680), or kOrgOutside for a character outside
// 0-9 A-Z.
constexpr uint16_t kOrgOutside = uint16_t{1} << 11;
constexpr std::array<std::array<uint16_t, 256>, 8> MakeOrgTerms() {
  std::array<std::array<uint16_t, 256>, 8> terms{};
  for (size_t i = 0; i < 8; ++i) {
    for (int c = 0; c < 256; ++c) {
      terms[i][c] =
          kAlnumValue[c] == kNone
              ? kOrgOutside
              : static_cast<uint16_t>(kAlnumValue[c] * kOrgWeights[i]);
    }
  }
  return terms;
}
constexpr std::array<std::array<uint16_t, 256>, 8> kOrgTerms = MakeOrgTerms();

constexpr ValueCheck kOrgChecksumWrong = Only(FindingCode::kOrgCodeChecksum);
constexpr ValueCheck kRegNoChecksumWrong = Only(FindingCode::kRegNoChecksum);
constexpr ValueCheck kRegNoNotDigits = Only(FindingCode::kRegNoAlphabet);
constexpr ValueCheck kOrgLength = Only(FindingCode::kOrgCodeLength);
constexpr ValueCheck kOrgLeadingZerosLost =
    Only(FindingCode::kOrgCodeLeadingZerosLost);
constexpr ValueCheck kIdChecksumWrong = Only(FindingCode::kIdNumberChecksum);
constexpr ValueCheck kIdMangled =
    Only(FindingCode::kIdNumberSpreadsheetMangled);

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
    Report(check, FindingCode::kIdTypeMismatch);
  }
  if (!typed && check->valid()) Report(check, FindingCode::kIdTypeInferred);
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
    if (cell.lower_case) Report(&check, FindingCode::kUsccLowercase);
    if (check.valid()) canonical->assign(s);
    return check;
  });
}

// The organization-code rules on a cell that is neither empty nor a
// placeholder; `check` holds what HandleEmpty said.
ValueCheck CheckOrgCell(const Cell& cell, ValueCheck check,
                        std::string* canonical, const CheckOptions& options) {
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
    Report(&check, FindingCode::kOrgCodeUsccGiven);
    if (check.valid() && IsPlaceholder(s.substr(8, 9))) {
      // A credit code without an organization code in it: none given.
      Report(&check, FindingCode::kPlaceholder);
      check.set_empty();
      canonical->clear();
      return check;
    }
    if (check.valid() && OrgCheckChar(s.data() + 8) != s[16]) {
      Report(&check, FindingCode::kOrgCodeChecksum);
    }
    if (check.valid()) canonical->assign(s.substr(8, 9));
    return check;
  }
  if (hyphens == 0 && LostLeadingZeros(s)) {
    Report(&check, FindingCode::kOrgCodeLeadingZerosLost);
    return check;
  }
  CheckOrgText(s, &check);
  if (check.valid()) canonical->assign(s);
  return check;
}

// Whether OnCell and HandleEmpty pass `input` on as it is and leave the
// check alone: only 0-9, A-Z and '-', and not a placeholder (those start
// with 0 or '-', or are short words starting with N). `hyphens` receives
// whether there is a '-'.
bool PlainNotPlaceholder(std::string_view input, bool* hyphens) {
  if (input.empty()) return false;
  uint8_t classes = OrOfValues(kCellClass, input);
  char first = input[0];
  *hyphens = (classes & kCellHyphen) != 0;
  return !(classes & kCellOther) && first != '0' && first != '-' &&
         !(first == 'N' && input.size() <= 9);
}

// Anything but the canonical form: folding, placeholders, every finding.
[[gnu::noinline]] ValueCheck CheckOrgCodeGeneral(std::string_view input,
                                                 std::string* canonical,
                                                 const CheckOptions& options) {
  bool hyphens;
  if (PlainNotPlaceholder(input, &hyphens)) {
    canonical->clear();
    if (!hyphens && input.size() != 9 && input.size() != 18) {
      // What CheckOrgCell finds about letters and digits of another length.
      return LostLeadingZeros(input) ? kOrgLeadingZerosLost : kOrgLength;
    }
    return CheckOrgCell(Cell{input, false, false, true, hyphens}, ValueCheck(),
                        canonical, options);
  }
  return OnCell(input, [&](const Cell& cell) {
    ValueCheck check;
    canonical->clear();
    if (HandleEmpty(cell, &check)) return check;
    return CheckOrgCell(cell, check, canonical, options);
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
      if (cell.lower_case) Report(&check, FindingCode::kUsccLowercase);
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

// 18 symbols with findings: `flaws` as UsccFlaws and UsccOptionFlaws.
[[gnu::noinline]] ValueCheck UsccFlawed(const char* p, uint32_t flaws,
                                        std::string* canonical) {
  const ValueCheck& check = kUsccResults[flaws];
  Finish<18>(check, p, canonical);
  return check;
}

// Anything but 18 symbols.
[[gnu::noinline]] ValueCheck CheckUsccSlow(std::string_view input,
                                           std::string* canonical,
                                           const CheckOptions& options) {
  // Plain letters and digits: CheckUsccGeneral on a PlainCell.
  if (input.size() > 9 && input[0] != '0') {
    uint8_t any = 0;
    if (input.size() == 18) {
      // Letters and digits but not all symbols: there is a look-alike.
      any = AllAlnum(input) ? kUsccLookalike : kUsccForeign;
    } else {
      any = UsccValueBits(input);
    }
    if (!(any & kUsccForeign)) {
      ValueCheck check;
      CheckUsccNotSymbols(input, any, options, &check);
      Finish(check, input, canonical);
      return check;
    }
  }
  return CheckUsccGeneral(input, canonical, options);
}

// Everything but a registration number of 15 digits.
[[gnu::noinline]] ValueCheck CheckRegNoSlow(std::string_view input,
                                            std::string* canonical,
                                            const CheckOptions& options) {
  if (PlainCell(input)) {  // CheckRegNoGeneral on a PlainCell
    if (input.size() == 15) {
      // Not all digits (CheckRegNo took those): CheckRegNoText finds just
      // that.
      canonical->clear();
      return kRegNoNotDigits;
    }
    ValueCheck check;
    if (input.size() == 18) {
      CheckUsccText(input, options, &check);
    } else {
      CheckRegNoText(input, &check);
    }
    Finish(check, input, canonical);
    return check;
  }
  return CheckRegNoGeneral(input, canonical, options);
}

// A PlainCell for a resident ID that is neither 17 digits and a digit or X
// nor 15 characters: CheckResidentText's last case (FinishResident adds
// nothing to its error).
[[gnu::noinline]] ValueCheck IdNotDigits(std::string_view input,
                                         std::string* canonical) {
  canonical->clear();
  return Only(IsScientific(input) ? FindingCode::kIdNumberSpreadsheetMangled
                                  : FindingCode::kIdNumberShape);
}

// Resident IDs of 18 characters that Id18State can decide: sets `check`
// and `canonical` and returns true.
[[gnu::always_inline]] inline bool CheckId18Fast(std::string_view input,
                                                 int32_t latest, int32_t span,
                                                 std::string* canonical,
                                                 ValueCheck* check) {
  Id18 state = Id18State(input.data(), latest, span);
  if (state == Id18::kClean) {
    SetCanonical<18>(input.data(), canonical);
    *check = ValueCheck();
    return true;
  }
  if (state == Id18::kCheckCharacter) {
    // CheckId18 and FinishResident add nothing else.
    canonical->clear();
    *check = input.ends_with("000") ? kIdMangled : kIdChecksumWrong;
    return true;
  }
  if (state == Id18::kNotDigits && PlainCell(input)) {
    *check = IdNotDigits(input, canonical);
    return true;
  }
  return false;
}

// Everything but a clean resident ID in canonical form.
[[gnu::noinline]] ValueCheck CheckIdNumberSlow(std::string_view input,
                                               std::optional<IdType> id_type,
                                               std::string* canonical,
                                               const CheckOptions& options) {
  IdType type = id_type.value_or(IdType::kResidentId);
  if (IsResidentType(type)) {
    bool check_ok;
    if (input.size() == 18 && Id18Digits(input, &check_ok)) {
      if (input[0] != '0') {  // else perhaps a placeholder
        ValueCheck check;
        CheckId18(input, check_ok, options, &check);
        FinishResident(input, type, id_type.has_value(), &check);
        Finish<18>(check, input.data(), canonical);
        return check;
      }
    } else if (PlainCell(input)) {  // CheckIdNumberGeneral on a PlainCell
      if (input.size() != 15) return IdNotDigits(input, canonical);
      ValueCheck check;
      CheckResidentText(input, options, &check, canonical);
      FinishResident(input, type, id_type.has_value(), &check);
      if (!check.valid()) canonical->clear();
      return check;
    }
  }
  return CheckIdNumberGeneral(input, id_type, canonical, options);
}

// 18 characters typed as a resident ID, with a reference date.
[[gnu::noinline]] ValueCheck CheckIdNumberByReference(
    std::string_view input, std::optional<IdType> id_type,
    std::string* canonical, const CheckOptions& options) {
  ValueCheck check;
  if (CheckId18Fast(input, ReferenceYmd(options), 1210000, canonical, &check)) {
    return check;
  }
  return CheckIdNumberSlow(input, id_type, canonical, options);
}

}  // namespace

// ---------------------------------------------------------------------------
// Public entry points. Each starts with a fast path for a value that is
// already in canonical form (no folding, no placeholder possible), which runs
// the same rule functions as the general path after it.

ValueCheck CheckUscc(std::string_view input, std::string* canonical,
                     const CheckOptions& options) {
  if (input.size() == 18) {
    const char* p = input.data();
    UsccScan scan = ScanUscc(p);
    if (scan.symbols) {
      uint32_t flaws = UsccFlaws(p, scan);
      if (flaws == 0) {
        SetCanonical<18>(p, canonical);
        return ValueCheck();
      }
      if (p[0] != '0') {  // else perhaps a placeholder
        return UsccFlawed(p, flaws | UsccOptionFlaws(options), canonical);
      }
      return CheckUsccGeneral(input, canonical, options);
    }
  }
  return CheckUsccSlow(input, canonical, options);
}

ValueCheck CheckOrgCode(std::string_view input, std::string* canonical,
                        const CheckOptions& options) {
  // XXXXXXXX-X or XXXXXXXXX: 8 characters, the check character last.
  size_t n = input.size();
  if (n - 9 <= 1) {
    const char* p = input.data();
    char last = p[n - 1];
    uint32_t sum = 0;
#pragma GCC unroll 8
    for (size_t i = 0; i < 8; ++i) {
      sum += kOrgTerms[i][static_cast<unsigned char>(p[i])];
    }
    // An all-zero body may be a placeholder: the general path decides.
    if ((unsigned{n == 9 || p[8] == '-'} & unsigned{sum < kOrgOutside} &
         unsigned{kAlnumValue[static_cast<unsigned char>(last)] != kNone} &
         unsigned{Load64(p) != 0x3030303030303030}) != 0) {
      if (kOrgCheckBySum[sum % 11] != last) {
        canonical->clear();
        return kOrgChecksumWrong;
      }
      if (canonical->size() == 9) {
        std::memcpy(canonical->data(), p, 8);
        (*canonical)[8] = last;
      } else {
        char code[9];
        std::memcpy(code, p, 8);
        code[8] = last;
        AssignCanonical(code, 9, canonical);
      }
      return ValueCheck();
    }
  }
  return CheckOrgCodeGeneral(input, canonical, options);
}

ValueCheck CheckRegNo(std::string_view input, std::string* canonical,
                      const CheckOptions& options) {
  const char* p = input.data();
  if (input.size() == 15 && p[0] != '0' && EightDigits(p) &&
      EightDigits(p + 7)) {
    if (!Mod1110Valid(input)) {
      canonical->clear();
      return kRegNoChecksumWrong;
    }
    SetCanonical<15>(p, canonical);
    return ValueCheck();
  }
  return CheckRegNoSlow(input, canonical, options);
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
      if (cell.lower_case) Report(&check, FindingCode::kUsccLowercase);
    } else if (digits && (s.size() == 15 || s.size() == 13)) {
      CheckRegNoText(s, &check);
    } else if (s.size() == 9) {
      CheckOrgText(s, &check);
    } else if (hyphens == 0 && LostLeadingZeros(s)) {
      Report(&check, FindingCode::kOrgCodeLeadingZerosLost);
    } else {
      Report(&check, FindingCode::kEntityCodeShape);
    }
    if (check.valid()) canonical->assign(s);
    return check;
  });
}

ValueCheck CheckIdNumber(std::string_view input, std::optional<IdType> id_type,
                         std::string* canonical, const CheckOptions& options) {
  // Typed as a resident ID or household register: without a type or as a
  // residence permit, FinishResident has something to say.
  if (input.size() == 18 && id_type.has_value() &&
      (*id_type == IdType::kResidentId ||
       *id_type == IdType::kHouseholdRegister)) {
    if (options.reference_date) {
      return CheckIdNumberByReference(input, id_type, canonical, options);
    }
    ValueCheck check;
    if (CheckId18Fast(input, cached_today.load(std::memory_order_relaxed),
                      1200000, canonical, &check)) {
      return check;
    }
  }
  return CheckIdNumberSlow(input, id_type, canonical, options);
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
  Report(&check, FindingCode::kIdTypeUnknown);
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

bool IdNumberIsClean(std::string_view input, int32_t reference_ymd) {
  // The window of CheckIdNumberByReference.
  return input.size() == 18 &&
         Id18State(input.data(), reference_ymd, 1210000) == Id18::kClean;
}

}  // namespace internal
}  // namespace creditdata
