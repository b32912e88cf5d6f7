#include "creditdata/values.h"

#include <cstdio>
#include <random>
#include <string>

#include "gtest/gtest.h"

namespace creditdata {
namespace {

TEST(DateTest, CanonicalRoundTrip) {
  for (std::string text : {"1970-01-01", "2021-03-26", "2000-02-29",
                           "1900-03-01", "9999-12-31", "0001-01-01"}) {
    auto d = Date::ParseCanonical(text);
    ASSERT_TRUE(d.has_value()) << text;
    EXPECT_EQ(d->Format(), text);
  }
  EXPECT_EQ(Date::ParseCanonical("1970-01-01")->days_since_epoch(), 0);
  EXPECT_EQ(Date::ParseCanonical("2021-03-26")->days_since_epoch(), 18712);
}

TEST(DateTest, RejectsNonCanonicalAndImpossibleDates) {
  for (std::string text :
       {"2021-02-29", "1900-02-29", "2021-13-01", "2021-00-10", "2021-04-31",
        "2021/03/26", "20210326", "2021-3-26", "", "2021-03-26 "}) {
    EXPECT_FALSE(Date::ParseCanonical(text).has_value()) << text;
  }
}

TEST(DateTest, CanonicalParseAgreesWithChronoOverAllYears) {
  for (int y = 1; y <= 9999; ++y) {
    for (int m = 1; m <= 12; ++m) {
      for (int d : {1, 28, DaysInMonth(y, m)}) {
        char text[11];
        std::snprintf(text, sizeof text, "%04d-%02d-%02d", y, m, d);
        ASSERT_EQ(Date::ParseCanonical(text), Date::FromYmd(y, m, d)) << text;
      }
    }
  }
  EXPECT_FALSE(Date::ParseCanonical("2023-02-29").has_value());
  EXPECT_TRUE(Date::ParseCanonical("2024-02-29").has_value());
  EXPECT_FALSE(Date::ParseCanonical("1900-02-29").has_value());
  EXPECT_TRUE(Date::ParseCanonical("2000-02-29").has_value());
  EXPECT_FALSE(Date::ParseCanonical("0000-01-01").has_value());
  EXPECT_FALSE(Date::ParseCanonical("2024-1a-01").has_value());
}

TEST(DateTest, EveryDayOfFourCenturiesRoundTrips) {
  Date start = *Date::FromYmd(1900, 1, 1);
  Date end = *Date::FromYmd(2300, 1, 1);
  int y = 1900, m = 1, d = 1;
  for (int32_t n = start.days_since_epoch(); n < end.days_since_epoch(); ++n) {
    Date date = Date::FromDays(n);
    ASSERT_EQ(date.year(), y);
    ASSERT_EQ(date.month(), m);
    ASSERT_EQ(date.day(), d);
    ASSERT_EQ(Date::ParseCanonical(date.Format()), date);
    if (++d > DaysInMonth(y, m)) {
      d = 1;
      if (++m > 12) m = 1, ++y;
    }
  }
}

TEST(MonthTest, CanonicalRoundTripAndOrder) {
  auto m = Month::ParseCanonical("2021-03");
  ASSERT_TRUE(m.has_value());
  EXPECT_EQ(m->year(), 2021);
  EXPECT_EQ(m->month(), 3);
  EXPECT_EQ(m->Format(), "2021-03");
  EXPECT_EQ(m->LastDay().Format(), "2021-03-31");
  EXPECT_LT(*Month::ParseCanonical("2020-12"), *m);
  EXPECT_FALSE(Month::ParseCanonical("2021-13").has_value());
  EXPECT_FALSE(Month::ParseCanonical("202103").has_value());
}

TEST(MonthOrDayTest, ComparesAtTheCoarserGranularity) {
  auto month = *MonthOrDay::ParseCanonical("2021-03");
  auto day = *MonthOrDay::ParseCanonical("2021-03-15");
  auto later = *MonthOrDay::ParseCanonical("2021-04-01");
  EXPECT_EQ(month.kind, MonthOrDay::Kind::kMonth);
  EXPECT_EQ(day.kind, MonthOrDay::Kind::kDay);
  EXPECT_EQ(Compare(month, day), 0);
  EXPECT_LT(Compare(day, later), 0);
  EXPECT_EQ(month.Format(), "2021-03");
  EXPECT_EQ(day.Format(), "2021-03-15");
}

TEST(ValidityTest, CanonicalRoundTrip) {
  for (std::string text :
       {"2025-12-31", "2021-01-01/2025-12-31", "P3Y", "P6M", "P30D", "长期"}) {
    auto v = Validity::ParseCanonical(text);
    ASSERT_TRUE(v.has_value()) << text;
    EXPECT_EQ(v->Format(), text);
  }
  EXPECT_FALSE(Validity::ParseCanonical("P0Y").has_value());
  EXPECT_FALSE(Validity::ParseCanonical("3年").has_value());
}

TEST(MoneyTest, CanonicalRoundTripInFen) {
  EXPECT_EQ(Money::ParseCanonical("1234.50")->fen, 123450);
  EXPECT_EQ(Money::ParseCanonical("0.01")->fen, 1);
  EXPECT_EQ(Money::ParseCanonical("-15.00")->fen, -1500);
  EXPECT_EQ(Money{123450}.Format(), "1234.50");
  EXPECT_EQ(Money{-1}.Format(), "-0.01");
  EXPECT_EQ(Money{0}.Format(), "0.00");
  for (std::string text :
       {"1234.5", "1234", "01.00", "1,234.50", "-0.00", "1.2E+3", "", "."}) {
    EXPECT_FALSE(Money::ParseCanonical(text).has_value()) << text;
  }
}

// Money never passes through floating point: amounts that doubles cannot
// hold exactly survive a round trip digit for digit.
TEST(MoneyTest, LargeAmountsAreExact) {
  std::mt19937_64 rng(42);
  for (int i = 0; i < 10000; ++i) {
    int64_t fen = static_cast<int64_t>(rng() % 9000000000000000000ULL);
    Money m{fen};
    auto back = Money::ParseCanonical(m.Format());
    ASSERT_TRUE(back.has_value()) << m.Format();
    ASSERT_EQ(back->fen, fen);
  }
  EXPECT_EQ(Money::ParseCanonical("90071992547409.93")->fen,
            9007199254740993);  // 2^53 + 1: no double holds it
}

TEST(QuantityTest, ShortestExactDecimal) {
  EXPECT_EQ(Quantity::ParseCanonical("12.5")->units, 125000);
  EXPECT_EQ(Quantity{125000}.Format(), "12.5");
  EXPECT_EQ(Quantity{30000}.Format(), "3");
  EXPECT_EQ(Quantity{1}.Format(), "0.0001");
  EXPECT_FALSE(Quantity::ParseCanonical("12.50").has_value());
  EXPECT_FALSE(Quantity::ParseCanonical("1.00001").has_value());
  EXPECT_FALSE(Quantity::ParseCanonical("-1").has_value());
}

TEST(RateTest, PercentInBasisPoints) {
  EXPECT_EQ(Rate::ParseCanonical("12%")->basis_points, 1200);
  EXPECT_EQ(Rate::ParseCanonical("7.25%")->basis_points, 725);
  EXPECT_EQ(Rate{1250}.Format(), "12.5%");
  EXPECT_EQ(Rate{10000}.Format(), "100%");
  EXPECT_FALSE(Rate::ParseCanonical("12").has_value());
  EXPECT_FALSE(Rate::ParseCanonical("12.345%").has_value());
}

TEST(CountTest, Digits) {
  EXPECT_EQ(Count::ParseCanonical("0")->value, 0);
  EXPECT_EQ(Count::ParseCanonical("365")->value, 365);
  EXPECT_EQ(Count{42}.Format(), "42");
  EXPECT_FALSE(Count::ParseCanonical("007").has_value());
  EXPECT_FALSE(Count::ParseCanonical("-1").has_value());
}

TEST(CodeListTest, CanonicalNamesRoundTrip) {
  for (auto v : {YesNo::kNo, YesNo::kYes}) {
    EXPECT_EQ(ParseCanonicalYesNo(CanonicalName(v)), v);
  }
  for (auto v : {UsageScope::kPublic, UsageScope::kGovernmentSharing,
                 UsageScope::kAuthorizedQuery}) {
    EXPECT_EQ(ParseCanonicalUsageScope(CanonicalName(v)), v);
  }
  for (auto v : {DishonestyLevel::kGeneral, DishonestyLevel::kSerious,
                 DishonestyLevel::kSevere}) {
    EXPECT_EQ(ParseCanonicalDishonestyLevel(CanonicalName(v)), v);
  }
  EXPECT_EQ(CanonicalName(YesNo::kYes), "是");
  EXPECT_EQ(IdTypeValue::ParseCanonical("身份证")->type, IdType::kResidentId);
  auto other = IdTypeValue::ParseCanonical("其他-军官证");
  ASSERT_TRUE(other.has_value());
  EXPECT_EQ(other->type, IdType::kOther);
  EXPECT_EQ(other->Format(), "其他-军官证");
  EXPECT_FALSE(IdTypeValue::ParseCanonical("其他").has_value());
  EXPECT_FALSE(ParseCanonicalYesNo("Y").has_value());
}

}  // namespace
}  // namespace creditdata
