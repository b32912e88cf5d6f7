// `creditdata generate`: deterministic sample data for the nine annex tables,
// with an optional list of seeded mistakes.
//
// Everything is built at the level of cell text. A row is first made as the
// canonical text of each field of the table, then (for a few chosen rows) one
// cell is mutated in a known way, then the row is serialised in the chosen
// format and encoding. Generation is generic over the tables: each field is
// filled by its field id and value type from the schema metadata (a Source
// resolved once per field), and the few facts that tie fields together (the
// month of a row, start and end dates, amounts) are drawn per row by the
// domain of the table (housing fund, utilities and arrears, social
// insurance, logistics), which is itself read off the table's fields.
//
// Determinism: all randomness comes from std::mt19937_64, whose output the
// C++ standard fixes exactly; every distribution is derived from its raw 64
// bits here (the standard distributions differ between libraries). Rows are
// made from one stream in order; subjects (people, companies) from a stream
// seeded by their index, so the same person appears in the twelve rows of a
// subject and in every natural-person table generated with the same seed
// (and company n has the same codes in every legal-person table). Mistakes come
// from a stream of their own, so `--errors K` changes only the K rows it
// names.
//
// Uniqueness: row i belongs to subject i / 12 and to month i % 12 of 2024
// (tables whose natural key has no date use one row per subject). Every
// identifier of a subject comes from a seeded permutation of its index, so
// identifiers and natural keys are unique for up to ten million subjects
// (nine million licences).

#include <algorithm>
#include <array>
#include <cerrno>
#include <charconv>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <initializer_list>
#include <memory>
#include <numeric>
#include <optional>
#include <random>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "cli/commands.h"
#include "creditdata/schema.h"
#include "creditdata/values.h"
#include "creditdata/writer.h"
#include "text/encoding.h"
#include "text/utf8.h"
#include "values/check_characters.h"

namespace creditdata::cli {
namespace {

// ---------------------------------------------------------------------------
// Random numbers.

uint64_t Mix(uint64_t x) {  // splitmix64's finaliser
  x += 0x9E3779B97F4A7C15u;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9u;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBu;
  return x ^ (x >> 31);
}

class Random {
 public:
  explicit Random(uint64_t seed) : engine_(seed) {}
  uint64_t Next() { return engine_(); }
  // Uniform in [0, n) for n > 0, by rejection on the raw 64 bits.
  uint64_t Below(uint64_t n) {
    const uint64_t threshold = (0 - n) % n;  // 2^64 mod n
    for (;;) {
      uint64_t r = engine_();
      if (r >= threshold) return r % n;
    }
  }
  // Uniform in [lo, hi].
  int64_t Between(int64_t lo, int64_t hi) {
    return lo + static_cast<int64_t>(Below(static_cast<uint64_t>(hi - lo) + 1));
  }
  // True with probability per_mille / 1000.
  bool Chance(int per_mille) {
    return Below(1000) < static_cast<uint64_t>(per_mille);
  }
  template <typename T>
  const T& Pick(std::span<const T> items) {
    return items[Below(items.size())];
  }

 private:
  std::mt19937_64 engine_;
};

// A keyed bijection of [0, n): an invertible mix of the k-bit integers
// (k = bits of n), applied again while the result is n or more ("cycle
// walking"; fewer than two rounds on average). Unlike an affine map it shows
// no pattern between neighbouring inputs.
class Permutation {
 public:
  Permutation(uint64_t n, uint64_t key) : n_(n) {
    while ((uint64_t{1} << bits_) < n) ++bits_;
    mask_ = (uint64_t{1} << bits_) - 1;
    for (int r = 0; r < kRounds; ++r) {
      key = Mix(key + static_cast<uint64_t>(r));
      multiplier_[r] = (key | 1) & mask_;
      addend_[r] = Mix(key) & mask_;
    }
  }
  uint64_t operator()(uint64_t i) const {
    uint64_t x = i % n_;
    do {
      x = Scramble(x);
    } while (x >= n_);
    return x;
  }

 private:
  static constexpr int kRounds = 3;
  uint64_t Scramble(uint64_t x) const {
    for (int r = 0; r < kRounds; ++r) {
      x = (x * multiplier_[r] + addend_[r]) & mask_;  // odd multiplier
      x ^= x >> (bits_ / 2 + 1);
    }
    return x;
  }
  uint64_t n_;
  int bits_ = 1;
  uint64_t mask_ = 1;
  uint64_t multiplier_[kRounds] = {};
  uint64_t addend_[kRounds] = {};
};

// ---------------------------------------------------------------------------
// Identifiers (tests/spec/STANDARDS.md).

constexpr std::string_view kUsccAlphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";

int UsccValue(char c) { return static_cast<int>(kUsccAlphabet.find(c)); }

using internal::OrgCodeCheckCharacter;
using internal::RegNoCheckDigit;
using internal::ResidentIdCheckCharacter;
using internal::UsccCheckCharacter;

// Writes `value` as exactly `width` decimal digits (zero-padded).
void AppendDigits(uint64_t value, int width, std::string* out) {
  char buf[24];
  for (int i = width - 1; i >= 0; --i) {
    buf[i] = static_cast<char>('0' + value % 10);
    value /= 10;
  }
  out->append(buf, width);
}

// A credit code from its category (positions 1-2), the registering office
// (3-8) and an organization-code body of 8 characters.
std::string MakeUscc(std::string_view category, std::string_view division,
                     std::string_view org_body) {
  std::string code;
  code.reserve(18);
  code.append(category).append(division).append(org_body);
  code.push_back(OrgCodeCheckCharacter(org_body));
  code.push_back(UsccCheckCharacter(code));
  return code;
}

// ---------------------------------------------------------------------------
// Text helpers.

void AppendInt(int64_t value, std::string* out) {
  char buf[24];
  auto result = std::to_chars(buf, buf + sizeof buf, value);
  out->append(buf, result.ptr);
}

// Money as "1234.50" from fen.
void AppendMoney(int64_t fen, std::string* out) {
  if (fen < 0) {
    out->push_back('-');
    fen = -fen;
  }
  AppendInt(fen / 100, out);
  out->push_back('.');
  AppendDigits(static_cast<uint64_t>(fen % 100), 2, out);
}

// A quantity in ten-thousandths as its shortest exact decimal.
void AppendQuantity(int64_t units, std::string* out) {
  AppendInt(units / 10000, out);
  int64_t frac = units % 10000;
  if (frac == 0) return;
  char buf[5] = {'.', 0, 0, 0, 0};
  int len = 5;
  for (int i = 4; i >= 1; --i) {
    buf[i] = static_cast<char>('0' + frac % 10);
    frac /= 10;
  }
  while (buf[len - 1] == '0') --len;
  out->append(buf, len);
}

// A rate in basis points as "12%" or "7.5%".
void AppendRate(int basis_points, std::string* out) {
  AppendInt(basis_points / 100, out);
  int frac = basis_points % 100;
  if (frac != 0) {
    out->push_back('.');
    out->push_back(static_cast<char>('0' + frac / 10));
    if (frac % 10 != 0) out->push_back(static_cast<char>('0' + frac % 10));
  }
  out->push_back('%');
}

void AppendDate(Date d, std::string* out) {
  char buf[10];
  d.Format(buf);
  out->append(buf, 10);
}

void AppendMonth(Month m, std::string* out) {
  char buf[7];
  m.Format(buf);
  out->append(buf, 7);
}

Date Ymd(int y, int m, int d) { return *Date::FromYmd(y, m, d); }
Month Ym(int y, int m) { return *Month::FromYm(y, m); }
Date AddDays(Date d, int64_t days) {
  return Date::FromDays(static_cast<int32_t>(d.days_since_epoch() + days));
}
Month AddMonths(Month m, int months) {
  int index = m.index() + months;
  return Ym(index / 12, index % 12 + 1);
}
int64_t DaysBetween(Date a, Date b) {
  return int64_t{b.days_since_epoch()} - a.days_since_epoch();
}
Date RandomDate(Random& rng, Date from, Date to) {
  return AddDays(from, rng.Between(0, DaysBetween(from, to)));
}

// Rounds fen * basis_points / 10000 half up.
int64_t ApplyRate(int64_t fen, int64_t basis_points) {
  return (fen * basis_points + 5000) / 10000;
}

// ---------------------------------------------------------------------------
// Word lists.

using Words = std::span<const std::string_view>;

constexpr std::string_view kSurnames[] = {
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙",
    "马", "朱", "胡", "郭", "何", "高", "林", "罗", "郑", "梁", "谢", "宋",
    "唐", "许", "韩", "冯", "邓", "曹", "彭", "曾", "肖", "田", "董", "袁",
    "潘", "蒋", "蔡", "余", "杜", "叶", "程", "苏", "魏", "吕", "丁", "任",
    "沈", "姚", "卢", "姜", "崔", "钟", "谭", "陆", "汪", "范", "金", "石",
    "贾", "夏", "方", "邹", "秦", "薛", "顾", "毛", "钱", "严", "缪", "承",
    "奚", "浦", "季", "花", "殷", "邵", "陶", "戴", "王", "张", "陈", "周",
    "徐", "陆", "朱", "沈", "吴", "黄"};
constexpr std::string_view kCompoundSurnames[] = {"欧阳", "司马", "诸葛",
                                                  "上官", "东方"};
constexpr std::string_view kGivenChars[] = {
    "伟", "芳", "娜", "秀", "英", "敏", "静", "丽", "强", "磊", "军", "洋",
    "勇", "艳", "杰", "娟", "涛", "明", "超", "兰", "霞", "平", "刚", "桂",
    "华", "建", "国", "红", "文", "辉", "玲", "鹏", "飞", "鑫", "宇", "浩",
    "然", "子", "涵", "欣", "怡", "梓", "轩", "俊", "晨", "晓", "东", "雪",
    "琳", "婷", "颖", "佳", "慧", "海", "波", "斌", "宁", "博", "志", "新",
    "荣", "春", "梅", "燕", "亮", "成", "兵", "健", "勤", "德", "忠", "林",
    "峰", "云", "凤", "玉", "澄", "锦", "一", "诺", "雨", "泽", "铭", "杭"};
// Rare given-name characters: outside GB2312 (堃 喆 昇 镕 珺 璟), outside
// GBK (䶮), and outside the BMP (𠮷: a surrogate pair in UTF-16, four bytes in
// GB18030).
constexpr std::string_view kRareGivenChars[] = {"䶮", "堃", "喆", "昇", "镕",
                                                "燚", "犇", "淼", "玥", "彧",
                                                "珺", "璟", "𠮷"};
constexpr std::string_view kMinorityNames[] = {"阿依古丽·买买提", "艾力·吐尔逊",
                                               "迪丽娜尔·阿不都", "巴特尔·苏和",
                                               "古丽米拉·艾山"};

constexpr std::string_view kTowns[] = {
    "澄江街道", "南闸街道", "云亭街道", "城东街道", "夏港街道", "申港街道",
    "利港街道", "月城镇",   "青阳镇",   "徐霞客镇", "华士镇",   "周庄镇",
    "新桥镇",   "长泾镇",   "顾山镇",   "祝塘镇",   "璜土镇"};
constexpr std::string_view kTradeChars[] = {
    "澄", "江", "华", "宏", "兴", "盛", "达", "鑫", "源", "恒", "泰", "瑞",
    "丰", "新", "锦", "润", "康", "和", "明", "晟", "祥", "利", "通", "永",
    "金", "海", "天", "宇", "远", "信", "诚", "邦", "辰", "佳", "正", "嘉",
    "凯", "欣", "立", "博", "中", "宝", "隆", "昌", "茂", "申", "峰", "阳"};
constexpr std::string_view kIndustries[] = {
    "纺织",     "机械制造", "化工",       "贸易",     "电子科技", "建材",
    "金属制品", "食品",     "服饰",       "环保科技", "新材料",   "精密铸造",
    "印染",     "塑业",     "钢结构工程", "包装材料", "电力设备", "船舶配件",
    "装饰工程", "五金",     "针织",       "化纤"};
constexpr std::string_view kTransportIndustries[] = {
    "物流", "汽车运输", "货运", "运输", "供应链管理", "集装箱运输", "港务物流"};
constexpr std::string_view kShops[] = {"便利店",     "五金店", "小吃店",
                                       "汽车修理部", "理发店", "水果店",
                                       "建材经营部", "服装店"};
constexpr std::string_view kSchools[] = {
    "中心小学", "卫生院", "文化体育服务中心", "实验幼儿园", "农业技术推广站"};

// ---------------------------------------------------------------------------
// Organisations that provide data or handle payments. Their credit codes are
// computed from the bodies below at start-up.

struct Organisation {
  std::string_view name;
  std::string_view category;  // USCC positions 1-2
  std::string_view org_body;  // 8 characters
  std::string uscc;
};

enum OrgIndex : int {
  kFundCentre,
  kWater,
  kPower,
  kGas,
  kTelecom,
  kMobile,
  kSocialFund,
  kHrBureau,
  kTransport,
  kApproval,
  kBankRural,
  kBankIcbc,
  kOrgCount,
};

std::array<Organisation, kOrgCount> MakeOrganisations() {
  std::array<Organisation, kOrgCount> orgs = {{
      {"江阴市住房公积金管理中心", "12", "46610273", ""},
      {"江阴市自来水有限公司", "91", "14225038", ""},
      {"国网江苏省电力有限公司江阴市供电分公司", "91", "83796125", ""},
      {"江阴市天然气有限公司", "91", "MA1MF3R2", ""},
      {"中国电信股份有限公司江阴分公司", "91", "83836402", ""},
      {"中国移动通信集团江苏有限公司江阴分公司", "91", "72350847", ""},
      {"江阴市社会保险基金管理中心", "12", "46612581", ""},
      {"江阴市人力资源和社会保障局", "11", "01410629", ""},
      {"江阴市交通运输局", "11", "01410514", ""},
      {"江阴市行政审批局", "11", "MB1P3427", ""},
      {"江苏江阴农村商业银行股份有限公司", "91", "73706530", ""},
      {"中国工商银行股份有限公司江阴支行", "91", "14220159", ""},
  }};
  for (Organisation& o : orgs)
    o.uscc = MakeUscc(o.category, "320281", o.org_body);
  return orgs;
}

// Utility services: payment and arrears types with their units and prices.
struct Utility {
  std::string_view type;
  std::string_view unit;             // "" when there is no quantity
  int64_t price_fen_per_unit;        // per whole unit of quantity
  int household_min, household_max;  // whole units a household uses a month
  OrgIndex provider;
  std::string_view account_prefix;
};
constexpr Utility kUtilities[] = {
    {"水费", "吨", 350, 4, 40, kWater, "01"},
    {"电费", "千瓦时", 53, 60, 800, kPower, "32"},
    {"燃气费", "立方米", 320, 5, 60, kGas, "68"},
    {"通讯费", "", 0, 0, 0, kTelecom, "15"},
};
// Weighted: water and power most often.
constexpr int kUtilityWeights[] = {35, 35, 20, 10};

struct Insurance {
  std::string_view short_name;
  std::string_view full_name;
  int employer_bp;  // employer's rate
  int personal_bp;  // employee's rate
};
constexpr Insurance kInsurances[] = {
    {"养老", "养老保险", 1600, 800}, {"医疗", "医疗保险", 700, 200},
    {"失业", "失业保险", 50, 50},    {"工伤", "工伤保险", 40, 0},
    {"生育", "生育保险", 80, 0},
};

constexpr std::string_view kQualificationLevels[] = {
    "普通货运", "货物专用运输（集装箱）", "大型物件运输（一类）",
    "危险货物运输（3类）", "货物专用运输（冷藏保鲜）"};
constexpr std::string_view kLicenseContents[] = {
    "道路普通货物运输",
    "道路普通货物运输,货物专用运输（集装箱）",
    "道路普通货物运输,大型物件运输",
    "经营范围：\"道路普通货物运输\",限江阴市内",
    "危险货物运输（3类）,道路普通货物运输",
};

// ---------------------------------------------------------------------------
// Subjects.

struct Company {
  std::string name;
  std::string uscc;      // always a valid full code
  std::string org_code;  // positions 9-17 of uscc
  std::string reg_no;    // "" when the company never had one
  bool show_uscc = true;
  bool show_org_code = true;
  bool show_reg_no = false;
  std::string_view nature;  // 单位性质
  Date registered;
  std::string account_base;  // 10 digits
  int staff = 0;
  int fund_rate_bp = 0;
  int64_t average_wage_fen = 0;
  Month fund_start;
};

struct Person {
  std::string name;
  std::string_view id_type;
  std::string id_number;
  std::string account_base;  // 10 digits
  Date birth;
  Date fund_opened;
  int64_t base_fen = 0;  // contribution base
  int fund_rate_bp = 0;
  int64_t balance_fen = 0;
  uint64_t employer = 0;  // index of the employing company
};

constexpr uint64_t kOrgNumberSpace = 10000000;  // 7 digits
constexpr uint64_t kOrgAlphaSpace = 887503681;  // 31^6
constexpr uint64_t kEmployerPool = 2000;        // companies that employ
constexpr int kBirthFirstYear = 1950;
constexpr int kBirthLastYear = 2004;

class SubjectMaker {
 public:
  SubjectMaker(uint64_t seed, bool transport)
      : seed_(seed),
        transport_(transport),
        org_number_perm_(kOrgNumberSpace, seed ^ 0x11),
        org_alpha_perm_(kOrgAlphaSpace, seed ^ 0x22),
        reg_perm_(kOrgNumberSpace, seed ^ 0x33),
        birth_days_(DaysBetween(Ymd(kBirthFirstYear, 1, 1),
                                Ymd(kBirthLastYear, 12, 31)) +
                    1),
        person_perm_(static_cast<uint64_t>(birth_days_) * 1000, seed ^ 0x44),
        account_perm_(kOrgNumberSpace * 100, seed ^ 0x55),
        person_account_perm_(kOrgNumberSpace * 100, seed ^ 0x77) {}

  // The company with index `e`. Employers in the natural-person tables are
  // companies 0 .. kEmployerPool-1, the same as the first subjects of the
  // legal-person tables with the same seed.
  void MakeCompany(uint64_t e, Company* c) const {
    Random rng(Mix(seed_ ^ Mix(e * 2 + 1)));
    uint64_t kind = rng.Below(100);
    std::string_view category = kind < 80   ? "91"
                                : kind < 90 ? "92"
                                : kind < 95 ? "12"
                                : kind < 98 ? "52"
                                            : "51";
    if (transport_) category = "91";  // licences go to enterprises here
    c->registered = RandomDate(rng, Ymd(1995, 1, 1), Ymd(2024, 6, 30));
    bool old = c->registered < Ymd(2015, 10, 1);
    // Organization-code body: eight digits before 三证合一, "MA" + six
    // symbols of the credit-code alphabet after.
    std::string body;
    if (old) {
      body.push_back("1367"[rng.Below(4)]);
      AppendDigits(org_number_perm_(e), 7, &body);
    } else {
      body = "MA";
      uint64_t v = org_alpha_perm_(e);
      char sym[6];
      for (int i = 5; i >= 0; --i) {
        sym[i] = kUsccAlphabet[v % 31];
        v /= 31;
      }
      body.append(sym, 6);
    }
    uint64_t office = rng.Below(100);
    std::string_view division = office < 85   ? "320281"
                                : office < 97 ? "320200"
                                              : "320000";
    c->uscc = MakeUscc(category, division, body);
    c->org_code = c->uscc.substr(8, 9);
    c->reg_no.clear();
    bool business = category == "91" || category == "92";
    if (old && business) {
      std::string reg = "320281";
      reg.push_back(category == "92" ? '6' : "01"[rng.Below(2)]);
      AppendDigits(reg_perm_(e), 7, &reg);
      reg.push_back(RegNoCheckDigit(reg));
      c->reg_no = std::move(reg);
    }
    // Which codes the department's system shows for the subject (R*).
    c->show_uscc = c->show_org_code = true;
    c->show_reg_no = false;
    if (!c->reg_no.empty()) {
      uint64_t r = rng.Below(100);
      // 80%: all three; 10%: credit code and organization code; 6%:
      // organization code and registration number; 4%: the number only.
      c->show_reg_no = r < 80 || r >= 90;
      if (r >= 90) c->show_uscc = false;
      if (r >= 96) c->show_org_code = false;
    }
    c->name.clear();
    std::string_view town = kTowns[rng.Below(std::size(kTowns))];
    auto trade = [&] {
      c->name.append(kTradeChars[rng.Below(std::size(kTradeChars))]);
      c->name.append(kTradeChars[rng.Below(std::size(kTradeChars))]);
    };
    if (category == "91") {
      c->nature = "企业";
      bool quoted = rng.Chance(15);
      c->name.append(rng.Chance(700) ? "江阴市" : "江阴");
      if (quoted) c->name.push_back('"');
      trade();
      if (quoted) c->name.push_back('"');
      Words industries =
          transport_ ? Words(kTransportIndustries) : Words(kIndustries);
      c->name.append(industries[rng.Below(industries.size())]);
      uint64_t form = rng.Below(100);
      c->name.append(form < 80   ? "有限公司"
                     : form < 90 ? "股份有限公司"
                     : form < 95 ? "（集团）有限公司"
                                 : "有限责任公司");
    } else if (category == "92") {
      c->nature = "个体工商户";
      c->name.append("江阴市").append(town);
      c->name.append(kSurnames[rng.Below(std::size(kSurnames))]);
      c->name.append(kGivenChars[rng.Below(std::size(kGivenChars))]);
      c->name.append(kShops[rng.Below(std::size(kShops))]);
    } else if (category == "12") {
      c->nature = "事业单位";
      c->name.append("江阴市").append(town);
      c->name.append(kSchools[rng.Below(std::size(kSchools))]);
    } else if (category == "52") {
      c->nature = "民办非企业单位";
      c->name.append("江阴市");
      trade();
      c->name.append(rng.Chance(500) ? "职业培训学校" : "养老服务中心");
    } else {
      c->nature = "社会团体";
      c->name.append("江阴市");
      c->name.append(kIndustries[rng.Below(std::size(kIndustries))]);
      c->name.append("行业协会");
    }
    c->account_base.clear();
    AppendDigits(account_perm_(e), 9, &c->account_base);
    c->account_base.push_back('1');
    c->staff = static_cast<int>(category == "92" ? rng.Between(1, 8)
                                                 : rng.Between(5, 600));
    static constexpr int kFundRates[] = {500, 600, 700, 800, 1000, 1200};
    c->fund_rate_bp = kFundRates[rng.Below(std::size(kFundRates))];
    c->average_wage_fen = rng.Between(3500, 12000) * 100;
    Month start = AddMonths(Month::Of(c->registered),
                            static_cast<int>(rng.Between(0, 6)));
    c->fund_start = std::min(start, Ym(2023, 12));
  }

  void MakePerson(uint64_t e, Person* p) const {
    Random rng(Mix(seed_ ^ Mix(e * 2)));
    p->name.clear();
    if (rng.Chance(5)) {
      p->name.assign(kMinorityNames[rng.Below(std::size(kMinorityNames))]);
    } else {
      p->name.append(
          rng.Chance(8)
              ? kCompoundSurnames[rng.Below(std::size(kCompoundSurnames))]
              : kSurnames[rng.Below(std::size(kSurnames))]);
      int given = rng.Chance(300) ? 1 : 2;
      for (int i = 0; i < given; ++i) {
        p->name.append(
            rng.Chance(25)
                ? kRareGivenChars[rng.Below(std::size(kRareGivenChars))]
                : kGivenChars[rng.Below(std::size(kGivenChars))]);
      }
    }
    // Birth date and sequence number come from a permutation of `e`, so no
    // two people share (birth date, sequence) and no two share a number.
    uint64_t slot = person_perm_(e);
    p->birth =
        AddDays(Ymd(kBirthFirstYear, 1, 1), static_cast<int64_t>(slot / 1000));
    uint64_t sequence = slot % 1000;
    std::string_view area;
    uint64_t where = rng.Below(1000);
    if (where < 5) {
      p->id_type = "港澳台居民居住证";
      static constexpr std::string_view kPermit[] = {"810000", "820000",
                                                     "830000"};
      area = kPermit[rng.Below(3)];
    } else {
      p->id_type = "身份证";
      static constexpr std::string_view kAreas[] = {
          "320282", "320205", "320206", "320211", "320213",
          "320214", "320581", "320582", "321281", "321282",
          "340121", "411321", "510121", "320981", "320303"};
      area = where < 760 ? std::string_view("320281")
                         : kAreas[rng.Below(std::size(kAreas))];
    }
    p->id_number.assign(area);
    char ymd[10];
    p->birth.Format(ymd);
    p->id_number.append(ymd, 4).append(ymd + 5, 2).append(ymd + 8, 2);
    AppendDigits(sequence, 3, &p->id_number);
    p->id_number.push_back(ResidentIdCheckCharacter(p->id_number));
    p->account_base.clear();
    AppendDigits(person_account_perm_(e), 9, &p->account_base);
    p->account_base.push_back('2');
    Date adult = Ymd(p->birth.year() + 18, p->birth.month(), 1);
    Date first = std::max(adult, Ymd(2005, 1, 1));
    p->fund_opened = RandomDate(rng, first, std::max(first, Ymd(2023, 12, 31)));
    p->base_fen = rng.Between(2490, 30000) * 100;
    static constexpr int kFundRates[] = {500, 600, 700, 800, 1000, 1200};
    p->fund_rate_bp = kFundRates[rng.Below(std::size(kFundRates))];
    int64_t months = DaysBetween(p->fund_opened, Ymd(2024, 1, 1)) / 30 + 1;
    p->balance_fen = ApplyRate(p->base_fen, p->fund_rate_bp) * 2 *
                     std::min<int64_t>(months, rng.Between(6, 60));
    p->employer = rng.Below(kEmployerPool);
  }

 private:
  uint64_t seed_;
  bool transport_;
  Permutation org_number_perm_;
  Permutation org_alpha_perm_;
  Permutation reg_perm_;
  int64_t birth_days_;
  Permutation person_perm_;
  Permutation account_perm_;
  Permutation person_account_perm_;
};

// ---------------------------------------------------------------------------
// Fields: where each field's text comes from.

enum class Domain : uint8_t {
  kHousingFund,
  kUtility,
  kSocialInsurance,
  kLogistics
};

enum class Source : uint8_t {
  kEmpty,
  // Natural person.
  kPersonName,
  kIdType,
  kIdNumber,
  kPersonAccount,
  kFundAccount,
  kFundOpenDate,
  // Legal person.
  kOrgName,
  kUscc,
  kOrgCode,
  kRegNo,
  kCompanyAccount,
  kUnitNature,
  kRegistrationDate,
  kAccountName,
  // Housing fund.
  kFundStartMonth,
  kFundEndMonth,
  kFundRate,
  kFundCount,
  kFundMonthlyAmount,
  kFundSubsidy,
  kCollectingAgency,
  kPeriodDate,
  kPaidThroughMonth,
  kBalance,
  kBase,
  kPersonalAmount,
  kEmployerAmount,
  kEmployerSubsidy,
  // Employers.
  kEmployerName,
  kEmployerCode,
  kEmployerUscc,
  kEmployerRegNo,
  // Utilities and arrears.
  kPaymentType,
  kPrepaid,
  kMeteringStart,
  kMeteringEnd,
  kQuantity,
  kUnit,
  kAmount,
  kAgencyName,
  kAgencyUscc,
  kPaymentDate,
  kArrearsStart,
  kArrearsEnd,
  kArrearsPeriods,
  kOverdueDays,
  kSeverity,
  kValidity,
  // Social insurance.
  kContributionMonth,
  kInsuranceType,
  kEmployerBase,
  kInsuredCount,
  kAmountDue,
  kAmountPaid,
  // Logistics.
  kCertificateName,
  kCertificateNo,
  kQualificationLevel,
  kLicenseContent,
  kApproverUscc,
  kExtension,
  kApprovalDate,
  kValidUntil,
  kApproverName,
  // Provenance.
  kSourceDepartment,
  kProvider,
  kUsageScope,
  kProvidedDate,
  // Fallbacks by value type, for fields this generator does not know.
  kAnyText,
  kAnyDate,
  kAnyMonth,
  kAnyMoney,
  kAnyQuantity,
  kAnyRate,
  kAnyCount,
  kAnyYesNo,
};

struct FieldSource {
  std::string_view id;
  Source source;
};
constexpr FieldSource kFieldSources[] = {
    {"name", Source::kPersonName},
    {"id_type", Source::kIdType},
    {"id_number", Source::kIdNumber},
    {"fund_account_no", Source::kFundAccount},
    {"account_open_date", Source::kFundOpenDate},
    {"org_name", Source::kOrgName},
    {"holder_name", Source::kOrgName},
    {"uscc", Source::kUscc},
    {"holder_uscc", Source::kUscc},
    {"org_code", Source::kOrgCode},
    {"reg_no", Source::kRegNo},
    {"unit_nature", Source::kUnitNature},
    {"first_registration_date", Source::kRegistrationDate},
    {"account_name", Source::kAccountName},
    {"contribution_start_month", Source::kFundStartMonth},
    {"contribution_end_month", Source::kFundEndMonth},
    {"contribution_rate", Source::kFundRate},
    {"contributor_count", Source::kFundCount},
    {"monthly_fund_amount", Source::kFundMonthlyAmount},
    {"monthly_subsidy_amount", Source::kFundSubsidy},
    {"collecting_agency", Source::kCollectingAgency},
    {"period_date", Source::kPeriodDate},
    {"paid_through_month", Source::kPaidThroughMonth},
    {"balance", Source::kBalance},
    {"contribution_base", Source::kBase},
    {"personal_amount", Source::kPersonalAmount},
    {"employer_amount", Source::kEmployerAmount},
    {"employer_subsidy_amount", Source::kEmployerSubsidy},
    {"employer_name", Source::kEmployerName},
    {"employer_code", Source::kEmployerCode},
    {"employer_uscc", Source::kEmployerUscc},
    {"employer_reg_no", Source::kEmployerRegNo},
    {"payment_type", Source::kPaymentType},
    {"arrears_type", Source::kPaymentType},
    {"prepaid", Source::kPrepaid},
    {"metering_start", Source::kMeteringStart},
    {"metering_end", Source::kMeteringEnd},
    {"usage_quantity", Source::kQuantity},
    {"arrears_quantity", Source::kQuantity},
    {"usage_unit", Source::kUnit},
    {"amount", Source::kAmount},
    {"arrears_amount", Source::kAmount},
    {"agency_name", Source::kAgencyName},
    {"agency_uscc", Source::kAgencyUscc},
    {"payment_date", Source::kPaymentDate},
    {"arrears_start_date", Source::kArrearsStart},
    {"arrears_end_date", Source::kArrearsEnd},
    {"arrears_periods", Source::kArrearsPeriods},
    {"overdue_days", Source::kOverdueDays},
    {"severity", Source::kSeverity},
    {"validity", Source::kValidity},
    {"contribution_month", Source::kContributionMonth},
    {"insurance_type", Source::kInsuranceType},
    {"employer_base", Source::kEmployerBase},
    {"insured_count", Source::kInsuredCount},
    {"amount_due", Source::kAmountDue},
    {"amount_paid", Source::kAmountPaid},
    {"certificate_name", Source::kCertificateName},
    {"certificate_no", Source::kCertificateNo},
    {"qualification_level", Source::kQualificationLevel},
    {"license_content", Source::kLicenseContent},
    {"approver_uscc", Source::kApproverUscc},
    {"extension", Source::kExtension},
    {"approval_date", Source::kApprovalDate},
    {"valid_until", Source::kValidUntil},
    {"approver_name", Source::kApproverName},
    {"source_department", Source::kSourceDepartment},
    {"provider", Source::kProvider},
    {"usage_scope", Source::kUsageScope},
    {"provided_date", Source::kProvidedDate},
};

Source ResolveSource(const FieldInfo& field, bool person_subject) {
  // account_no is the subject's account: a person's or a company's.
  if (field.id == "account_no") {
    return person_subject ? Source::kPersonAccount : Source::kCompanyAccount;
  }
  for (const FieldSource& fs : kFieldSources) {
    if (fs.id == field.id) return fs.source;
  }
  switch (field.type) {
    case ValueType::kUscc:
    case ValueType::kEntityCode:
      return Source::kEmployerUscc;
    case ValueType::kOrgCode:
      return Source::kOrgCode;
    case ValueType::kRegNo:
      return Source::kEmployerRegNo;
    case ValueType::kIdType:
      return Source::kIdType;
    case ValueType::kIdNumber:
      return Source::kIdNumber;
    case ValueType::kDate:
      return Source::kAnyDate;
    case ValueType::kMonth:
    case ValueType::kMonthOrDay:
      return Source::kAnyMonth;
    case ValueType::kValidity:
      return Source::kValidity;
    case ValueType::kMoney:
    case ValueType::kPositiveMoney:
      return Source::kAnyMoney;
    case ValueType::kQuantity:
      return Source::kAnyQuantity;
    case ValueType::kRate:
      return Source::kAnyRate;
    case ValueType::kCount:
      return Source::kAnyCount;
    case ValueType::kYesNo:
      return Source::kAnyYesNo;
    case ValueType::kUsageScope:
      return Source::kUsageScope;
    case ValueType::kSeverity:
      return Source::kSeverity;
    case ValueType::kText:
      return Source::kAnyText;
  }
  return Source::kEmpty;
}

// ---------------------------------------------------------------------------
// Row facts: what several fields of one row must agree on.

const Date kProvided = Ymd(2025, 1, 10);
const Date kLastEvent = Ymd(2025, 1, 9);  // every other date is before this

struct Facts {
  int slot = 0;  // month of 2024, 0-based
  Month month;
  // Utilities and arrears.
  int utility = 0;
  bool prepaid = false;
  std::string metering_start;
  std::string metering_end;
  int64_t quantity_units = 0;  // ten-thousandths of the unit; 0 = none
  int64_t amount_fen = 0;
  Date payment_date;
  Date arrears_start;
  Date arrears_end;
  int severity = 0;
  std::string validity;
  std::string periods;
  // Housing fund and social insurance.
  int insurance = 0;
  bool insurance_full_name = false;
  int count = 0;  // added to a company's staff this month
  int paid_percent = 100;
  int64_t subsidy_fen = -1;  // -1: none
  bool period_as_day = false;
  int usage_scope = 1;
  int source = 0;  // which of two department spellings
  // Logistics.
  Date approval;
  Date valid_until;
  int qualification = 0;
  int content = 0;
  int extension = -1;  // -1: none
};

// ---------------------------------------------------------------------------
// Mistakes.

enum class MistakeKind : uint8_t {
  kIdChecksum,
  kUsccChecksum,
  kImpossibleDate,
  kMoneyDecimals,
  kEmptyRequired,
  kStartAfterEnd,
  kDuplicateRow,
  kMangledId,
  kUnknownIdType,
  kFullWidthDigits,  // not an error: the value normalises
};
constexpr int kMistakeKinds = 10;

struct MistakeName {
  std::string_view kind;
  std::string_view expected;  // the finding code a validator should report
};
constexpr MistakeName kMistakeNames[kMistakeKinds] = {
    {"id_checksum", "id_number.checksum"},
    {"uscc_checksum", "uscc.checksum"},
    {"impossible_date", "date.invalid"},
    {"money_3_decimals", "money.precision"},
    {"empty_required", "field.missing"},
    {"start_after_end", "record.range_order"},
    {"duplicate_row", "record.duplicate_key"},
    {"spreadsheet_mangled_id", "id_number.spreadsheet_mangled"},
    {"unknown_id_type", "id_type.unknown"},
    {"fullwidth_digits", "normalised"},
};

// The start/end pairs of TABLES.md rule 2.
constexpr std::pair<std::string_view, std::string_view> kRangePairs[] = {
    {"contribution_start_month", "contribution_end_month"},
    {"metering_start", "metering_end"},
    {"arrears_start_date", "arrears_end_date"},
    {"approval_date", "valid_until"}};

struct Mistake {
  int64_t record = 0;  // 0-based
  MistakeKind kind = MistakeKind::kIdChecksum;
  int field = -1;
  std::string value;
};

// ---------------------------------------------------------------------------
// Output formats.

enum class Format : uint8_t {
  kCsv,
  kCsvBom,
  kGb18030,
  kUtf16,
  kTsv,
  kJson,
  kNdjson
};
constexpr std::string_view kFormatNames[] = {
    "csv", "csv-bom", "gb18030", "utf-16", "tsv", "json", "ndjson"};

bool IsJson(Format f) { return f == Format::kJson || f == Format::kNdjson; }

// Appends `utf8` as UTF-16LE.
void AppendUtf16Le(std::string_view utf8, std::string* out) {
  out->reserve(out->size() + utf8.size() * 2);
  size_t i = 0;
  while (i < utf8.size()) {
    auto b = static_cast<unsigned char>(utf8[i]);
    if (b < 0x80) {
      out->push_back(static_cast<char>(b));
      out->push_back('\0');
      ++i;
      continue;
    }
    size_t length = 0;
    char32_t c = text::DecodeUtf8(utf8.substr(i), &length);
    if (c == text::kInvalidCodePoint) c = 0xFFFD;  // never: input is ours
    i += length;
    auto unit = [&](uint32_t u) {
      out->push_back(static_cast<char>(u & 0xFF));
      out->push_back(static_cast<char>(u >> 8));
    };
    if (c >= 0x10000) {
      uint32_t v = static_cast<uint32_t>(c) - 0x10000;
      unit(0xD800 + (v >> 10));
      unit(0xDC00 + (v & 0x3FF));
    } else {
      unit(static_cast<uint32_t>(c));
    }
  }
}

// Buffers UTF-8 output and writes it in the target encoding in chunks.
class Sink {
 public:
  Sink(std::FILE* file, Format format) : file_(file), format_(format) {
    buffer_.reserve(kChunk + 4096);
  }
  std::string* buffer() { return &buffer_; }
  // Writes the buffer out when it is large; call after whole rows.
  bool MaybeFlush() { return buffer_.size() < kChunk || Flush(); }
  bool Flush() {
    if (buffer_.empty()) return ok_;
    std::string_view bytes = buffer_;
    if (format_ == Format::kGb18030) {
      auto converted = text::Utf8ToGb18030(buffer_);
      if (!converted.ok()) {
        ok_ = false;
        error_ = std::string(converted.status().message());
        return false;
      }
      encoded_ = *std::move(converted);
      bytes = encoded_;
    } else if (format_ == Format::kUtf16) {
      encoded_.clear();
      AppendUtf16Le(buffer_, &encoded_);
      bytes = encoded_;
    }
    if (std::fwrite(bytes.data(), 1, bytes.size(), file_) != bytes.size()) {
      ok_ = false;
      error_ = "write failed";
    }
    buffer_.clear();
    return ok_;
  }
  const std::string& error() const { return error_; }

 private:
  static constexpr size_t kChunk = size_t{1} << 20;
  std::FILE* file_;
  Format format_;
  std::string buffer_;
  std::string encoded_;
  bool ok_ = true;
  std::string error_;
};

// ---------------------------------------------------------------------------
// The generator.

struct Options {
  const TableInfo* table = nullptr;
  int64_t rows = 100;
  uint64_t seed = 1;
  int64_t errors = 0;
  Format format = Format::kCsv;
  HeaderStyle header = HeaderStyle::kTemplate;
  std::string output;  // "" = stdout
};

class Generator {
 public:
  explicit Generator(const Options& options)
      : options_(options),
        table_(*options.table),
        orgs_(MakeOrganisations()),
        row_rng_(Mix(options.seed) ^ 0x726F7773u),
        certificate_perm_(9000000, options.seed ^ 0x66) {
    bool person = false;
    for (const FieldInfo& f : table_.fields) {
      if (f.type == ValueType::kIdNumber) person = true;
    }
    person_subject_ = person;
    auto has = [&](std::string_view id) { return table_.FieldIndex(id) >= 0; };
    if (has("certificate_no")) {
      domain_ = Domain::kLogistics;
    } else if (has("insurance_type")) {
      domain_ = Domain::kSocialInsurance;
    } else if (has("payment_type") || has("arrears_type")) {
      domain_ = Domain::kUtility;
    } else {
      domain_ = Domain::kHousingFund;
    }
    arrears_ = has("arrears_type");
    // One row per subject when no part of the natural key is a date.
    slots_ = 1;
    for (const FieldInfo& f : table_.fields) {
      if (f.key == KeyRole::kNaturalKey &&
          (f.type == ValueType::kDate || f.type == ValueType::kMonth ||
           f.type == ValueType::kMonthOrDay)) {
        slots_ = 12;
      }
    }
    for (const FieldInfo& f : table_.fields) {
      sources_.push_back(ResolveSource(f, person_subject_));
    }
    subjects_ = std::make_unique<SubjectMaker>(options.seed,
                                               domain_ == Domain::kLogistics);
    cells_.resize(table_.fields.size());
    previous_.resize(table_.fields.size());
    // The first template column of each field, for the mistakes list.
    first_column_.assign(table_.fields.size(), -1);
    for (size_t c = 0; c < table_.columns.size(); ++c) {
      int f = table_.columns[c].field;
      if (first_column_[f] < 0) first_column_[f] = static_cast<int>(c);
    }
    // `{"id":` and `,"id":`, made once.
    for (const FieldInfo& f : table_.fields) {
      std::string key(json_keys_.empty() ? "{" : ",");
      AppendJsonString(f.id, &key);
      key.push_back(':');
      json_keys_.push_back(std::move(key));
    }
  }

  // Writes the whole output; returns false on an I/O error (message in
  // `error`).
  bool Run(std::FILE* out, std::string* error);

  const std::vector<Mistake>& mistakes() const { return mistakes_; }
  // The spreadsheet row of a record (JSON: its 1-based position).
  int64_t RowNumber(int64_t record) const {
    return IsJson(options_.format) ? record + 1 : record + 2;
  }
  // The 1-based column of a field in the output, and its header text.
  int ColumnNumber(int field) const {
    if (!IsJson(options_.format) && options_.header == HeaderStyle::kTemplate) {
      return first_column_[field] + 1;
    }
    return field + 1;
  }
  std::string_view ColumnHeader(int field) const {
    if (!IsJson(options_.format) && options_.header == HeaderStyle::kTemplate) {
      return table_.columns[first_column_[field]].header;
    }
    return table_.fields[field].id;
  }

 private:
  void PlanMistakes();
  void MakeRow(int64_t i);
  void DrawFacts(int64_t i);
  void Fill(int f, int64_t i, std::string* cell);
  // Applies the planned mistake of record i to cells_, trying kinds from
  // `first` onwards until one applies.
  void ApplyMistake(int64_t i, size_t first, bool previous_clean);
  bool TryMistake(MistakeKind kind, bool previous_clean, Mistake* m);
  int PickField(const std::vector<int>& candidates) {
    return candidates[mistake_rng_.Below(candidates.size())];
  }
  void AppendRow(std::string* out);
  void AppendHeader(std::string* out);

  const Company& SubjectCompany(uint64_t e) {
    if (company_index_ != e) {
      subjects_->MakeCompany(e, &company_);
      company_index_ = e;
    }
    return company_;
  }
  const Person& SubjectPerson(uint64_t e) {
    if (person_index_ != e) {
      subjects_->MakePerson(e, &person_);
      person_index_ = e;
    }
    return person_;
  }
  const Company& Employer(uint64_t index) {
    if (employers_.empty()) employers_.resize(kEmployerPool);
    std::unique_ptr<Company>& c = employers_[index];
    if (!c) {
      c = std::make_unique<Company>();
      subjects_->MakeCompany(index, c.get());
    }
    return *c;
  }
  // The company a row's employer columns describe.
  const Company& RowEmployer(int64_t i) {
    if (person_subject_) return Employer(SubjectPerson(Subject(i)).employer);
    return SubjectCompany(Subject(i));
  }
  uint64_t Subject(int64_t i) const {
    return static_cast<uint64_t>(i / slots_);
  }

  const Options& options_;
  const TableInfo& table_;
  std::array<Organisation, kOrgCount> orgs_;
  Random row_rng_;
  Random mistake_rng_{0};
  Permutation certificate_perm_;
  std::unique_ptr<SubjectMaker> subjects_;
  Domain domain_ = Domain::kHousingFund;
  bool person_subject_ = false;
  bool arrears_ = false;
  int slots_ = 12;
  std::vector<Source> sources_;
  std::vector<int> first_column_;
  std::vector<std::string> json_keys_;
  Facts facts_;
  Company company_;
  uint64_t company_index_ = UINT64_MAX;
  Person person_;
  uint64_t person_index_ = UINT64_MAX;
  std::vector<std::unique_ptr<Company>> employers_;
  std::vector<std::string> cells_;
  std::vector<std::string> previous_;
  // The mistake kinds this table's fields allow, in cycle order.
  std::vector<MistakeKind> kinds_;
  std::vector<int64_t> used_;  // mistakes made of each kind in kinds_
  // Planned mistakes: record -> index in kinds_ of the first kind to try.
  std::vector<std::pair<int64_t, size_t>> plan_;
  std::vector<Mistake> mistakes_;
};

void Generator::PlanMistakes() {
  mistake_rng_ = Random(Mix(options_.seed) ^ 0x6572726Fu);
  int64_t n = options_.rows;
  int64_t k = std::min(options_.errors, n);
  if (k <= 0) return;
  // Floyd's algorithm: k distinct records of [0, n).
  std::set<int64_t> chosen;
  for (int64_t j = n - k; j < n; ++j) {
    int64_t t =
        static_cast<int64_t>(mistake_rng_.Below(static_cast<uint64_t>(j) + 1));
    if (!chosen.insert(t).second) chosen.insert(j);
  }
  // The kinds this table can show at all, from its fields.
  auto has_type = [&](std::initializer_list<ValueType> types) {
    for (const FieldInfo& f : table_.fields) {
      for (ValueType t : types) {
        if (f.type == t) return true;
      }
    }
    return false;
  };
  bool has_pair = false;
  for (const auto& [start_id, end_id] : kRangePairs) {
    has_pair |=
        table_.FieldIndex(start_id) >= 0 && table_.FieldIndex(end_id) >= 0;
  }
  bool ids = has_type({ValueType::kIdNumber});
  bool usccs = has_type({ValueType::kUscc});
  const bool applicable[kMistakeKinds] = {
      ids,                                                       // id check
      usccs,                                                     // uscc check
      has_type({ValueType::kDate}),                              // date
      has_type({ValueType::kMoney, ValueType::kPositiveMoney}),  // money
      true,                                                      // empty
      has_pair,                                                  // swap
      true,                                                      // duplicate
      ids,                                                       // mangled
      has_type({ValueType::kIdType}),                            // id type
      ids || usccs,                                              // full width
  };
  for (int kind = 0; kind < kMistakeKinds; ++kind) {
    if (applicable[kind]) kinds_.push_back(static_cast<MistakeKind>(kind));
  }
  used_.assign(kinds_.size(), 0);
  // Kinds cycle in record order from a seed-dependent start, so that small
  // files do not always get the same few kinds.
  size_t next = mistake_rng_.Below(kinds_.size());
  for (int64_t record : chosen) {
    plan_.emplace_back(record, next);
    next = (next + 1) % kinds_.size();
  }
}

void Generator::DrawFacts(int64_t i) {
  Random& rng = row_rng_;
  Facts& x = facts_;
  x.slot = static_cast<int>(i % 12);
  x.month = Ym(2024, x.slot + 1);
  x.source = static_cast<int>(rng.Below(2));
  x.usage_scope = person_subject_ ? (rng.Chance(750) ? 1 : 2)
                                  : static_cast<int>(rng.Below(3));
  switch (domain_) {
    case Domain::kUtility: {
      uint64_t w = rng.Below(100);
      int u = 0;
      for (int acc = kUtilityWeights[0]; static_cast<int>(w) >= acc;
           acc += kUtilityWeights[++u]) {
      }
      x.utility = u;
      const Utility& util = kUtilities[u];
      x.prepaid = rng.Chance(120);
      // Metering: the whole month as days, or two months as months.
      Date first = x.month.FirstDay();
      Date last = x.month.LastDay();
      x.metering_start.clear();
      x.metering_end.clear();
      if (x.slot < 11 && rng.Chance(300)) {
        AppendMonth(x.month, &x.metering_start);
        AppendMonth(AddMonths(x.month, 1), &x.metering_end);
        last = AddMonths(x.month, 1).LastDay();
      } else {
        AppendDate(first, &x.metering_start);
        AppendDate(last, &x.metering_end);
      }
      int scale = person_subject_ ? 1 : static_cast<int>(rng.Between(20, 400));
      if (util.unit.empty()) {
        x.quantity_units = 0;
        x.amount_fen = rng.Between(1900, 29900) * scale;
      } else {
        // Quantities to one decimal place.
        int64_t tenths =
            rng.Between(util.household_min * 10, util.household_max * 10) *
            scale;
        x.quantity_units = tenths * 1000;
        x.amount_fen = (tenths * util.price_fen_per_unit + 5) / 10;
        if (x.amount_fen <= 0) x.amount_fen = 1;
      }
      x.payment_date = std::min(AddDays(last, rng.Between(1, 20)), kLastEvent);
      // Arrears: from a day (1st-28th) of this month to the end of a later
      // month, at most 2024-12. Ends fall on the 29th-31st, so swapping start
      // and end never repeats another row's start (a key part).
      x.arrears_start =
          Ymd(2024, x.slot + 1, static_cast<int>(rng.Between(1, 28)));
      x.arrears_end =
          AddMonths(x.month,
                    std::min(static_cast<int>(rng.Between(0, 6)), 11 - x.slot))
              .LastDay();
      int64_t days = DaysBetween(x.arrears_start, x.arrears_end) + 1;
      int months = static_cast<int>((days + 29) / 30);
      if (arrears_) {
        if (util.unit.empty()) {
          x.quantity_units = 0;
          x.amount_fen = rng.Between(1900, 29900) * scale * months;
        } else {
          int64_t tenths =
              rng.Between(util.household_min * 10, util.household_max * 10) *
              scale * months;
          x.quantity_units = tenths * 1000;
          x.amount_fen =
              std::max<int64_t>(1, (tenths * util.price_fen_per_unit + 5) / 10);
        }
      }
      x.severity = days <= 60 ? 0 : days <= 180 ? 1 : 2;
      x.validity.clear();
      uint64_t v = rng.Below(10);
      if (v < 5) {
        x.validity = x.severity == 2 ? "P3Y" : x.severity == 1 ? "P2Y" : "P1Y";
      } else if (v < 8) {
        AppendDate(Ymd(x.arrears_end.year() + 3, x.arrears_end.month(),
                       std::min(x.arrears_end.day(), 28)),
                   &x.validity);
      }
      // 欠缴账期: the billing months, listed (with commas) or as a range.
      x.periods.clear();
      Month from = Month::Of(x.arrears_start);
      Month to = Month::Of(x.arrears_end);
      if (to.index() - from.index() < 3) {
        for (Month m = from; m <= to; m = AddMonths(m, 1)) {
          if (!x.periods.empty()) x.periods.push_back(',');
          AppendMonth(m, &x.periods);
        }
      } else {
        AppendMonth(from, &x.periods);
        x.periods.append("至");
        AppendMonth(to, &x.periods);
      }
      break;
    }
    case Domain::kHousingFund: {
      x.period_as_day = rng.Chance(200);
      x.subsidy_fen = rng.Chance(150) ? rng.Between(100, 2000) * 100 : -1;
      x.count = static_cast<int>(rng.Between(-3, 3));
      break;
    }
    case Domain::kSocialInsurance: {
      x.insurance = static_cast<int>(rng.Below(std::size(kInsurances)));
      x.insurance_full_name = rng.Chance(300);
      x.payment_date =
          Ymd(2024, x.slot + 1, static_cast<int>(rng.Between(5, 25)));
      x.count = static_cast<int>(rng.Between(-3, 3));
      x.paid_percent =
          rng.Chance(50) ? static_cast<int>(rng.Between(50, 95)) : 100;
      break;
    }
    case Domain::kLogistics: {
      x.approval = RandomDate(rng, Ymd(2019, 1, 1), Ymd(2024, 12, 31));
      x.valid_until = AddDays(Ymd(x.approval.year() + 4, x.approval.month(),
                                  std::min(x.approval.day(), 28)),
                              -1);
      x.qualification =
          static_cast<int>(rng.Below(std::size(kQualificationLevels)));
      x.content = static_cast<int>(rng.Below(std::size(kLicenseContents)));
      x.extension = rng.Chance(300) ? static_cast<int>(rng.Below(3)) : -1;
      break;
    }
  }
}

void Generator::Fill(int f, int64_t i, std::string* cell) {
  cell->clear();
  const Facts& x = facts_;
  switch (sources_[f]) {
    case Source::kEmpty:
      return;
    case Source::kPersonName:
      cell->append(SubjectPerson(Subject(i)).name);
      return;
    case Source::kIdType:
      cell->append(SubjectPerson(Subject(i)).id_type);
      return;
    case Source::kIdNumber:
      cell->append(SubjectPerson(Subject(i)).id_number);
      return;
    case Source::kPersonAccount: {
      const Person& p = SubjectPerson(Subject(i));
      if (domain_ == Domain::kUtility)
        cell->append(kUtilities[x.utility].account_prefix);
      cell->append(p.account_base);
      return;
    }
    case Source::kFundAccount:
      cell->append("3202").append(SubjectPerson(Subject(i)).account_base);
      return;
    case Source::kFundOpenDate:
      AppendDate(SubjectPerson(Subject(i)).fund_opened, cell);
      return;
    case Source::kOrgName:
    case Source::kAccountName:
      cell->append(SubjectCompany(Subject(i)).name);
      return;
    case Source::kUscc: {
      const Company& c = SubjectCompany(Subject(i));
      // holder_uscc is required: always shown.
      if (c.show_uscc ||
          table_.fields[f].requirement == Requirement::kRequired) {
        cell->append(c.uscc);
      }
      return;
    }
    case Source::kOrgCode: {
      const Company& c = SubjectCompany(Subject(i));
      if (c.show_org_code) cell->append(c.org_code);
      return;
    }
    case Source::kRegNo: {
      const Company& c = SubjectCompany(Subject(i));
      if (c.show_reg_no) cell->append(c.reg_no);
      return;
    }
    case Source::kCompanyAccount: {
      const Company& c = SubjectCompany(Subject(i));
      if (domain_ == Domain::kUtility) {
        cell->append(kUtilities[x.utility].account_prefix);
      } else {
        cell->append("3202");
      }
      cell->append(c.account_base);
      return;
    }
    case Source::kUnitNature:
      cell->append(SubjectCompany(Subject(i)).nature);
      return;
    case Source::kRegistrationDate:
      AppendDate(SubjectCompany(Subject(i)).registered, cell);
      return;
    case Source::kFundStartMonth:
      AppendMonth(SubjectCompany(Subject(i)).fund_start, cell);
      return;
    case Source::kFundEndMonth:
    case Source::kPaidThroughMonth:
    case Source::kContributionMonth:
    case Source::kAnyMonth:
      AppendMonth(x.month, cell);
      return;
    case Source::kFundRate:
      AppendRate(person_subject_ ? SubjectPerson(Subject(i)).fund_rate_bp
                                 : SubjectCompany(Subject(i)).fund_rate_bp,
                 cell);
      return;
    case Source::kFundCount:
    case Source::kInsuredCount:
      AppendInt(std::max(1, SubjectCompany(Subject(i)).staff + x.count), cell);
      return;
    case Source::kFundMonthlyAmount: {
      const Company& c = SubjectCompany(Subject(i));
      int64_t staff = std::max(1, c.staff + x.count);
      AppendMoney(ApplyRate(c.average_wage_fen * staff, c.fund_rate_bp) * 2,
                  cell);
      return;
    }
    case Source::kFundSubsidy:
    case Source::kEmployerSubsidy:
      if (x.subsidy_fen >= 0) AppendMoney(x.subsidy_fen, cell);
      return;
    case Source::kCollectingAgency:
      cell->append(orgs_[kFundCentre].name);
      return;
    case Source::kPeriodDate:
      if (x.period_as_day) {
        AppendDate(Ymd(2024, x.slot + 1, 15), cell);
      } else {
        AppendMonth(x.month, cell);
      }
      return;
    case Source::kBalance: {
      const Person& p = SubjectPerson(Subject(i));
      AppendMoney(
          p.balance_fen + ApplyRate(p.base_fen, p.fund_rate_bp) * 2 * x.slot,
          cell);
      return;
    }
    case Source::kBase:
      AppendMoney(SubjectPerson(Subject(i)).base_fen, cell);
      return;
    case Source::kPersonalAmount: {
      const Person& p = SubjectPerson(Subject(i));
      int rate = domain_ == Domain::kSocialInsurance
                     ? kInsurances[x.insurance].personal_bp
                     : p.fund_rate_bp;
      AppendMoney(ApplyRate(p.base_fen, rate), cell);
      return;
    }
    case Source::kEmployerAmount: {
      const Person& p = SubjectPerson(Subject(i));
      int rate = domain_ == Domain::kSocialInsurance
                     ? kInsurances[x.insurance].employer_bp
                     : p.fund_rate_bp;
      AppendMoney(ApplyRate(p.base_fen, rate), cell);
      return;
    }
    case Source::kEmployerName:
      cell->append(RowEmployer(i).name);
      return;
    case Source::kEmployerCode:
    case Source::kEmployerUscc:
      cell->append(RowEmployer(i).uscc);
      return;
    case Source::kEmployerRegNo:
      cell->append(RowEmployer(i).reg_no);
      return;
    case Source::kPaymentType:
      cell->append(kUtilities[x.utility].type);
      return;
    case Source::kPrepaid:
    case Source::kAnyYesNo:
      cell->append(x.prepaid ? "是" : "否");
      return;
    case Source::kMeteringStart:
      cell->append(x.metering_start);
      return;
    case Source::kMeteringEnd:
      cell->append(x.metering_end);
      return;
    case Source::kQuantity:
      if (x.quantity_units > 0) AppendQuantity(x.quantity_units, cell);
      return;
    case Source::kUnit:
      if (x.quantity_units > 0) cell->append(kUtilities[x.utility].unit);
      return;
    case Source::kAmount:
      AppendMoney(x.amount_fen, cell);
      return;
    case Source::kAgencyName:
      if (domain_ == Domain::kSocialInsurance) {
        cell->append(orgs_[kSocialFund].name);
      } else if (x.slot % 3 == 0) {
        cell->append(orgs_[kBankRural].name);
      } else {
        cell->append(orgs_[kUtilities[x.utility].provider].name);
      }
      return;
    case Source::kAgencyUscc:
      if (x.slot % 3 == 0) {
        cell->append(orgs_[kBankRural].uscc);
      } else {
        cell->append(orgs_[kUtilities[x.utility].provider].uscc);
      }
      return;
    case Source::kPaymentDate:
      AppendDate(x.payment_date, cell);
      return;
    case Source::kArrearsStart:
      AppendDate(x.arrears_start, cell);
      return;
    case Source::kArrearsEnd:
      AppendDate(x.arrears_end, cell);
      return;
    case Source::kArrearsPeriods:
      cell->append(x.periods);
      return;
    case Source::kOverdueDays:
      AppendInt(DaysBetween(x.arrears_start, x.arrears_end) + 1, cell);
      return;
    case Source::kSeverity:
      cell->append(CanonicalName(static_cast<DishonestyLevel>(x.severity)));
      return;
    case Source::kValidity:
      if (domain_ == Domain::kLogistics) {
        AppendDate(x.approval, cell);
        cell->push_back('/');
        AppendDate(x.valid_until, cell);
      } else {
        cell->append(x.validity);
      }
      return;
    case Source::kInsuranceType: {
      const Insurance& ins = kInsurances[x.insurance];
      cell->append(x.insurance_full_name ? ins.full_name : ins.short_name);
      return;
    }
    case Source::kEmployerBase: {
      const Company& c = SubjectCompany(Subject(i));
      AppendMoney(c.average_wage_fen * std::max(1, c.staff + x.count), cell);
      return;
    }
    case Source::kAmountDue:
    case Source::kAmountPaid: {
      const Company& c = SubjectCompany(Subject(i));
      int64_t base = c.average_wage_fen * std::max(1, c.staff + x.count);
      const Insurance& ins = kInsurances[x.insurance];
      int64_t due = ApplyRate(base, ins.employer_bp + ins.personal_bp);
      int64_t paid = due * x.paid_percent / 100;
      AppendMoney(sources_[f] == Source::kAmountDue ? due : paid, cell);
      return;
    }
    case Source::kCertificateName:
      cell->append("道路运输经营许可证");
      return;
    case Source::kCertificateNo:
      cell->append("苏交运管许可锡字320281");
      AppendDigits(1000000 + certificate_perm_(static_cast<uint64_t>(i)), 7,
                   cell);
      cell->append("号");
      return;
    case Source::kQualificationLevel:
      cell->append(kQualificationLevels[x.qualification]);
      return;
    case Source::kLicenseContent:
      cell->append(kLicenseContents[x.content]);
      return;
    case Source::kApproverUscc:
      cell->append(orgs_[x.source == 0 ? kTransport : kApproval].uscc);
      return;
    case Source::kApproverName:
      cell->append(orgs_[x.source == 0 ? kTransport : kApproval].name);
      return;
    case Source::kExtension:
      if (x.extension == 0) {
        cell->append("{\"车辆数\":\"");
        AppendInt(std::max(1, SubjectCompany(Subject(i)).staff / 3), cell);
        cell->append("\",\"经营区域\":\"江阴市\"}");
      } else if (x.extension == 1) {
        cell->append("年审合格,有效期内无违章记录");
      } else if (x.extension == 2) {
        cell->append("变更前名称：\"江阴");
        cell->append(
            kTradeChars[static_cast<size_t>(i) % std::size(kTradeChars)]);
        cell->append("运输队\"");
      }
      return;
    case Source::kApprovalDate:
      AppendDate(x.approval, cell);
      return;
    case Source::kValidUntil:
      AppendDate(x.valid_until, cell);
      return;
    case Source::kSourceDepartment:
    case Source::kProvider:
      switch (domain_) {
        case Domain::kHousingFund:
          cell->append(orgs_[kFundCentre].name);
          break;
        case Domain::kUtility:
          cell->append(orgs_[kUtilities[x.utility].provider].name);
          break;
        case Domain::kSocialInsurance:
          cell->append(orgs_[x.source == 0 || sources_[f] == Source::kProvider
                                 ? kSocialFund
                                 : kHrBureau]
                           .name);
          break;
        case Domain::kLogistics:
          cell->append(orgs_[kTransport].name);
          break;
      }
      return;
    case Source::kUsageScope:
      cell->append(CanonicalName(static_cast<UsageScope>(x.usage_scope)));
      return;
    case Source::kProvidedDate:
      AppendDate(kProvided, cell);
      return;
    case Source::kAnyText:
      cell->append("备注");
      AppendInt(i + 1, cell);
      return;
    case Source::kAnyDate:
      AppendDate(Ymd(2024, x.slot + 1, 10), cell);
      return;
    case Source::kAnyMoney:
      AppendMoney(10000 + static_cast<int64_t>(x.slot) * 100, cell);
      return;
    case Source::kAnyQuantity:
      AppendQuantity(10000 * (x.slot + 1), cell);
      return;
    case Source::kAnyRate:
      AppendRate(800, cell);
      return;
    case Source::kAnyCount:
      AppendInt(x.slot + 1, cell);
      return;
  }
}

void Generator::MakeRow(int64_t i) {
  DrawFacts(i);
  for (size_t f = 0; f < cells_.size(); ++f) {
    Fill(static_cast<int>(f), i, &cells_[f]);
  }
}

// ---- Mistakes. ----

// Full-width digits (U+FF10..U+FF19) in place of ASCII ones.
std::string FullWidthDigits(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c >= '0' && c <= '9') {
      text::AppendUtf8(static_cast<char32_t>(0xFF10 + (c - '0')), &out);
    } else {
      out.push_back(c);
    }
  }
  return out;
}

// What a spreadsheet shows for an 18-digit number in a General cell:
// six significant digits in scientific notation, e.g. "3.20281E+17".
std::string SpreadsheetNumber(std::string_view digits) {
  int exponent = static_cast<int>(digits.size()) - 1;
  int d[7] = {0, 0, 0, 0, 0, 0, 0};
  for (size_t k = 0; k < 7 && k < digits.size(); ++k) d[k] = digits[k] - '0';
  if (d[6] >= 5) {  // round to six significant digits
    int k = 5;
    while (k >= 0 && ++d[k] == 10) d[k--] = 0;
    if (k < 0) {
      d[0] = 1;
      ++exponent;
    }
  }
  std::string out(1, static_cast<char>('0' + d[0]));
  int last = 5;
  while (last >= 1 && d[last] == 0) --last;
  if (last >= 1) {
    out.push_back('.');
    for (int k = 1; k <= last; ++k)
      out.push_back(static_cast<char>('0' + d[k]));
  }
  out.append("E+");
  AppendInt(exponent, &out);
  return out;
}

bool Generator::TryMistake(MistakeKind kind, bool previous_clean, Mistake* m) {
  const auto& fields = table_.fields;
  auto typed = [&](auto&& want) {
    std::vector<int> out;
    for (size_t f = 0; f < fields.size(); ++f) {
      if (!cells_[f].empty() && want(fields[f]))
        out.push_back(static_cast<int>(f));
    }
    return out;
  };
  auto of_type = [&](ValueType t) {
    return typed([t](const FieldInfo& fi) { return fi.type == t; });
  };
  m->kind = kind;
  switch (kind) {
    case MistakeKind::kIdChecksum: {
      std::vector<int> c = of_type(ValueType::kIdNumber);
      if (c.empty()) return false;
      m->field = PickField(c);
      std::string& s = cells_[m->field];
      constexpr std::string_view kChecks = "0123456789X";
      size_t right = kChecks.find(s.back());
      s.back() = kChecks[(right + 1 + mistake_rng_.Below(10)) % 11];
      m->value = s;
      return true;
    }
    case MistakeKind::kUsccChecksum: {
      std::vector<int> c = of_type(ValueType::kUscc);
      if (c.empty()) return false;
      m->field = PickField(c);
      std::string& s = cells_[m->field];
      int right = UsccValue(s.back());
      s.back() = kUsccAlphabet[(right + 1 + mistake_rng_.Below(30)) % 31];
      m->value = s;
      return true;
    }
    case MistakeKind::kImpossibleDate: {
      std::vector<int> c = typed([](const FieldInfo& fi) {
        return fi.type == ValueType::kDate && fi.id != "provided_date";
      });
      if (c.empty()) c = of_type(ValueType::kDate);
      if (c.empty()) return false;
      m->field = PickField(c);
      cells_[m->field] = "2023-02-30";
      m->value = cells_[m->field];
      return true;
    }
    case MistakeKind::kMoneyDecimals: {
      std::vector<int> c = typed([](const FieldInfo& fi) {
        return fi.type == ValueType::kMoney ||
               fi.type == ValueType::kPositiveMoney;
      });
      if (c.empty()) return false;
      m->field = PickField(c);
      cells_[m->field].push_back(
          static_cast<char>('1' + mistake_rng_.Below(9)));
      m->value = cells_[m->field];
      return true;
    }
    case MistakeKind::kEmptyRequired: {
      // Not 证件类型 (a missing type is inferred from the number, a warning)
      // and not the provided date (other checks are judged against it).
      std::vector<int> c = typed([](const FieldInfo& fi) {
        return fi.requirement == Requirement::kRequired && fi.id != "id_type" &&
               fi.id != "provided_date";
      });
      if (c.empty()) return false;
      m->field = PickField(c);
      cells_[m->field].clear();
      m->value.clear();
      return true;
    }
    case MistakeKind::kStartAfterEnd: {
      // A start/end pair of the table, both filled and start < end.

      for (const auto& [start_id, end_id] : kRangePairs) {
        int s = table_.FieldIndex(start_id);
        int e = table_.FieldIndex(end_id);
        if (s < 0 || e < 0 || cells_[s].empty() || cells_[e].empty() ||
            cells_[s] == cells_[e]) {
          continue;
        }
        std::swap(cells_[s], cells_[e]);
        m->field = e;  // reported against the end, as the validator does
        m->value = cells_[e];
        return true;
      }
      return false;
    }
    case MistakeKind::kDuplicateRow: {
      if (!previous_clean) return false;
      for (size_t f = 0; f < cells_.size(); ++f) cells_[f] = previous_[f];
      // The validator names the first key field of the second occurrence.
      m->field = 0;
      while (m->field < static_cast<int>(fields.size()) &&
             fields[m->field].key == KeyRole::kNotKey) {
        ++m->field;
      }
      m->value =
          "same natural key as row " + std::to_string(RowNumber(m->record - 1));
      return true;
    }
    case MistakeKind::kMangledId: {
      std::vector<int> c = of_type(ValueType::kIdNumber);
      if (c.empty()) return false;
      m->field = PickField(c);
      cells_[m->field] = SpreadsheetNumber(cells_[m->field]);
      m->value = cells_[m->field];
      return true;
    }
    case MistakeKind::kUnknownIdType: {
      std::vector<int> c = of_type(ValueType::kIdType);
      if (c.empty()) return false;
      m->field = PickField(c);
      cells_[m->field] = "驾驶证";
      m->value = cells_[m->field];
      return true;
    }
    case MistakeKind::kFullWidthDigits: {
      std::vector<int> c = typed([](const FieldInfo& fi) {
        return fi.type == ValueType::kIdNumber || fi.type == ValueType::kUscc;
      });
      if (c.empty()) return false;
      m->field = PickField(c);
      cells_[m->field] = FullWidthDigits(cells_[m->field]);
      m->value = cells_[m->field];
      return true;
    }
  }
  return false;
}

void Generator::ApplyMistake(int64_t i, size_t first, bool previous_clean) {
  Mistake m;
  m.record = i;
  // The planned kind, else (no credit code shown in this row, the row before
  // is itself a mistake, …) the kind used least so far, in cycle order;
  // full-width digits, which are no error, only when planned. TryMistake
  // changes the row only when it succeeds.
  std::vector<size_t> order;
  for (size_t step = 0; step < kinds_.size(); ++step) {
    order.push_back((first + step) % kinds_.size());
  }
  std::stable_sort(order.begin() + 1, order.end(),
                   [&](size_t a, size_t b) { return used_[a] < used_[b]; });
  for (size_t step = 0; step < order.size(); ++step) {
    MistakeKind kind = kinds_[order[step]];
    if (step > 0 && kind == MistakeKind::kFullWidthDigits) continue;
    if (TryMistake(kind, previous_clean, &m)) {
      ++used_[order[step]];
      mistakes_.push_back(std::move(m));
      return;
    }
  }
  // Always possible: every table has required text.
  if (TryMistake(MistakeKind::kEmptyRequired, previous_clean, &m)) {
    mistakes_.push_back(std::move(m));
  }
}

// ---- Serialisation. ----

void Generator::AppendHeader(std::string* out) {
  Format fmt = options_.format;
  if (fmt == Format::kJson) {
    out->append("[\n");
    return;
  }
  if (fmt == Format::kNdjson) return;
  if (fmt == Format::kCsvBom) out->append("\xEF\xBB\xBF");
  if (fmt == Format::kUtf16) out->append("\xEF\xBB\xBF");  // becomes FF FE
  char delimiter = fmt == Format::kUtf16 || fmt == Format::kTsv ? '\t' : ',';
  bool first = true;
  auto cell = [&](std::string_view text) {
    if (!first) out->push_back(delimiter);
    first = false;
    AppendCsvField(text, delimiter, out);
  };
  if (options_.header == HeaderStyle::kTemplate) {
    for (const ColumnInfo& c : table_.columns) cell(c.header);
  } else {
    for (const FieldInfo& f : table_.fields) cell(f.id);
  }
  out->append(fmt == Format::kCsv || fmt == Format::kTsv ? "\n" : "\r\n");
}

void Generator::AppendRow(std::string* out) {
  Format fmt = options_.format;
  if (IsJson(fmt)) {
    for (size_t f = 0; f < cells_.size(); ++f) {
      out->append(json_keys_[f]);
      AppendJsonString(cells_[f], out);
    }
    out->push_back('}');
    return;  // the separator is the caller's
  }
  char delimiter = fmt == Format::kUtf16 || fmt == Format::kTsv ? '\t' : ',';
  if (options_.header == HeaderStyle::kTemplate) {
    for (size_t c = 0; c < table_.columns.size(); ++c) {
      if (c > 0) out->push_back(delimiter);
      AppendCsvField(cells_[table_.columns[c].field], delimiter, out);
    }
  } else {
    for (size_t f = 0; f < cells_.size(); ++f) {
      if (f > 0) out->push_back(delimiter);
      AppendCsvField(cells_[f], delimiter, out);
    }
  }
  out->append(fmt == Format::kCsv || fmt == Format::kTsv ? "\n" : "\r\n");
}

bool Generator::Run(std::FILE* file, std::string* error) {
  PlanMistakes();
  Sink sink(file, options_.format);
  std::string* out = sink.buffer();
  AppendHeader(out);
  size_t next = 0;  // index into plan_
  bool previous_clean = false;
  for (int64_t i = 0; i < options_.rows; ++i) {
    MakeRow(i);
    bool mutated = false;
    if (next < plan_.size() && plan_[next].first == i) {
      ApplyMistake(i, plan_[next].second, previous_clean);
      ++next;
      mutated = true;
    }
    if (options_.format == Format::kJson && i > 0) out->append(",\n");
    AppendRow(out);
    if (options_.format == Format::kNdjson) out->push_back('\n');
    // Keep this row for a later duplicate (cells_ is rebuilt next time).
    cells_.swap(previous_);
    previous_clean = !mutated;
    if (!sink.MaybeFlush()) break;
  }
  if (options_.format == Format::kJson) {
    out->append(options_.rows > 0 ? "\n]\n" : "]\n");
  }
  if (!sink.Flush()) {
    *error = sink.error();
    return false;
  }
  return true;
}

// ---------------------------------------------------------------------------
// Command line.

bool ParseInt(std::string_view text, int64_t* out) {
  if (text.empty()) return false;
  auto result = std::from_chars(text.data(), text.data() + text.size(), *out);
  return result.ec == std::errc() && result.ptr == text.data() + text.size();
}
bool ParseUint(std::string_view text, uint64_t* out) {
  if (text.empty()) return false;
  auto result = std::from_chars(text.data(), text.data() + text.size(), *out);
  return result.ec == std::errc() && result.ptr == text.data() + text.size();
}

// Writes the mistakes list as TSV.
void WriteMistakes(const Generator& g, const TableInfo& table, std::FILE* out) {
  std::string text = "row\tcolumn\tfield\theader\tkind\texpected\tvalue\n";
  for (const Mistake& m : g.mistakes()) {
    AppendInt(g.RowNumber(m.record), &text);
    text.push_back('\t');
    AppendInt(g.ColumnNumber(m.field), &text);
    text.push_back('\t');
    text.append(table.fields[m.field].id).push_back('\t');
    text.append(g.ColumnHeader(m.field)).push_back('\t');
    const MistakeName& name = kMistakeNames[static_cast<int>(m.kind)];
    text.append(name.kind).push_back('\t');
    text.append(name.expected).push_back('\t');
    text.append(m.value).push_back('\n');
  }
  std::fwrite(text.data(), 1, text.size(), out);
}

}  // namespace

int RunGenerate(Args args) {
  Options options;
  std::string_view table_name;
  for (size_t a = 0; a < args.size(); ++a) {
    std::string_view arg = args[a];
    auto value = [&](std::string_view* v) {
      if (a + 1 >= args.size()) return false;
      *v = args[++a];
      return true;
    };
    std::string_view v;
    if (arg == "--rows") {
      if (!value(&v) || !ParseInt(v, &options.rows) || options.rows < 0) {
        return UsageError("--rows needs a number of rows");
      }
    } else if (arg == "--seed") {
      if (!value(&v) || !ParseUint(v, &options.seed)) {
        return UsageError("--seed needs a non-negative number");
      }
    } else if (arg == "--errors") {
      if (!value(&v) || !ParseInt(v, &options.errors) || options.errors < 0) {
        return UsageError("--errors needs a number of mistakes");
      }
    } else if (arg == "--format") {
      if (!value(&v)) return UsageError("--format needs a value");
      auto it = std::find(std::begin(kFormatNames), std::end(kFormatNames), v);
      if (it == std::end(kFormatNames)) {
        return UsageError(
            "unknown format: " + std::string(v) +
            " (csv, csv-bom, gb18030, utf-16, tsv, json, ndjson)");
      }
      options.format = static_cast<Format>(it - std::begin(kFormatNames));
    } else if (arg == "--header") {
      if (!value(&v)) return UsageError("--header needs template or ids");
      if (v == "template") {
        options.header = HeaderStyle::kTemplate;
      } else if (v == "ids") {
        options.header = HeaderStyle::kFieldIds;
      } else {
        return UsageError("--header must be template or ids");
      }
    } else if (arg == "-o" || arg == "--output") {
      if (!value(&v) || v.empty()) return UsageError("-o needs a file name");
      options.output.assign(v);
    } else if (arg.starts_with("-") && arg.size() > 1) {
      return UsageError("unknown option: " + std::string(arg));
    } else if (table_name.empty()) {
      table_name = arg;
    } else {
      return UsageError("generate takes one TABLE");
    }
  }
  if (table_name.empty()) {
    return UsageError(
        "usage: creditdata generate TABLE [--rows N] [--seed S] [--errors K] "
        "[--format csv|csv-bom|gb18030|utf-16|tsv|json|ndjson] "
        "[--header template|ids] [-o FILE]");
  }
  options.table = FindTable(table_name);
  if (options.table == nullptr) {
    return UsageError("unknown table: " + std::string(table_name));
  }
  if (options.errors > options.rows) {
    return UsageError("--errors cannot exceed --rows (one mistake per row)");
  }

  std::FILE* out = stdout;
  if (!options.output.empty()) {
    out = std::fopen(options.output.c_str(), "wb");
    if (out == nullptr) {
      return UsageError("cannot write " + options.output + ": " +
                        std::strerror(errno));
    }
  }
  Generator generator(options);
  std::string error;
  bool ok = generator.Run(out, &error);
  if (out != stdout) {
    if (std::fclose(out) != 0 && ok) {
      ok = false;
      error = std::strerror(errno);
    }
  } else {
    std::fflush(stdout);
  }
  if (!ok) {
    return UsageError("writing " +
                      (options.output.empty() ? "stdout" : options.output) +
                      " failed: " + error);
  }

  int normalised = 0;
  for (const Mistake& m : generator.mistakes()) {
    if (m.kind == MistakeKind::kFullWidthDigits) ++normalised;
  }
  int errors = static_cast<int>(generator.mistakes().size()) - normalised;
  if (options.output.empty()) {
    if (!generator.mistakes().empty()) {
      WriteMistakes(generator, *options.table, stderr);
    }
    return kExitOk;
  }
  std::string list_path = options.output + ".mistakes.tsv";
  if (generator.mistakes().empty()) {
    std::remove(list_path.c_str());  // no stale list beside a clean file
  } else {
    std::FILE* list = std::fopen(list_path.c_str(), "wb");
    if (list == nullptr) {
      return UsageError("cannot write " + list_path + ": " +
                        std::strerror(errno));
    }
    WriteMistakes(generator, *options.table, list);
    std::fclose(list);
  }
  std::fprintf(stderr,
               "creditdata: wrote %lld rows of %.*s to %s; seeded %d errors "
               "and %d normalisable values%s%s\n",
               static_cast<long long>(options.rows),
               static_cast<int>(options.table->name.size()),
               options.table->name.data(), options.output.c_str(), errors,
               normalised, generator.mistakes().empty() ? "" : ", listed in ",
               generator.mistakes().empty() ? "" : list_path.c_str());
  return kExitOk;
}

}  // namespace creditdata::cli
