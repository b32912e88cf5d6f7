// The natural-key digest must tell honest keys apart (a collision is a
// wrong "duplicate key" error), and the key index must find every repeat.

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "gtest/gtest.h"
#include "validate/key_hasher.h"
#include "validate/key_index.h"

namespace creditdata::internal {
namespace {

constexpr size_t kKeys = 2'000'000;

// The words a date part adds (presence and value in one word).
uint64_t DateWord(uint32_t day) { return uint64_t{day} << 8 | 1; }
// The word an ID type part adds (presence, type, no "other" text).
uint64_t IdTypeWord(int type) { return uint64_t(type) << 8 | 1; }

void AddText(const std::string& s, KeyHasher* h) {
  h->Bytes(s.data(), s.size());
}

std::string Digits(uint64_t v, int width) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%0*llu", width,
                static_cast<unsigned long long>(v));
  return buf;
}

// Key `i` of kKeys distinct keys shaped like real ones: the parts are
// all different as text, so the keys are all different.
KeyDigest SyntheticKey(size_t i) {
  static const char* const kTypeNames[] = {"欠税", "欠缴社保", "欠水费",
                                           "欠电费", "欠燃气费"};
  KeyHasher h;
  if (i < 1'200'000) {
    // Sequential ID numbers; account numbers differing in one digit.
    h.Word(IdTypeWord(static_cast<int>(i % 3)));
    AddText(Digits(110101199001010000u + i / 10, 18), &h);
    AddText("622202" + Digits(100000 + i % 10, 6), &h);
    h.Word(DateWord(19723 + static_cast<uint32_t>(i % 7)));
    AddText(kTypeNames[i % 5], &h);
  } else if (i < 1'600'000) {
    // The same person and account, on dates a day apart.
    size_t j = i - 1'200'000;
    h.Word(IdTypeWord(0));
    AddText(Digits(320102198507150000u + j / 1000, 18), &h);
    AddText("622202000042", &h);
    h.Word(DateWord(10000 + static_cast<uint32_t>(j % 1000)));
    AddText(kTypeNames[0], &h);
  } else {
    // The bytes of 10 characters split between two parts at every place
    // (0..10): ("ab", "c") against ("a", "bc").
    size_t j = i - 1'600'000;
    std::string s = Digits(j / 11, 10);
    size_t cut = j % 11;
    AddText(s.substr(0, cut), &h);
    AddText(s.substr(cut), &h);
  }
  return h.Finish();
}

TEST(KeyDigestTest, SyntheticKeysAreAllDistinct) {
  std::vector<std::pair<uint64_t, uint32_t>> stored;  // what KeyIndex keeps
  std::vector<uint64_t> hashes;
  stored.reserve(kKeys);
  hashes.reserve(kKeys);
  for (size_t i = 0; i < kKeys; ++i) {
    KeyDigest d = SyntheticKey(i);
    ASSERT_TRUE(d.present);
    stored.emplace_back(d.hash, static_cast<uint32_t>(d.check) | 1);
    hashes.push_back(d.hash);
  }
  std::sort(stored.begin(), stored.end());
  EXPECT_EQ(std::adjacent_find(stored.begin(), stored.end()), stored.end());
  std::sort(hashes.begin(), hashes.end());
  EXPECT_EQ(std::adjacent_find(hashes.begin(), hashes.end()), hashes.end());
}

TEST(KeyDigestTest, SyntheticKeysAreNewToTheIndex) {
  KeyIndex index;
  size_t repeats = 0;
  for (size_t i = 0; i < kKeys; ++i) {
    repeats += index.Insert(SyntheticKey(i), static_cast<int64_t>(i)) != -1;
  }
  EXPECT_EQ(repeats, 0u);
  EXPECT_EQ(index.size(), kKeys);
}

// Every short string over a few bytes (those that overlapping loads and
// padding could confuse), alone and split between two parts at every place.
TEST(KeyDigestTest, ShortStringsAndSplitsAreDistinct) {
  const char kAlphabet[] = {'\0', 'a', 'b', '\xff'};
  std::vector<std::string> strings = {""};
  for (size_t begin = 0, length = 1; length <= 8; ++length) {
    size_t end = strings.size();
    for (size_t k = begin; k < end; ++k) {
      for (char c : kAlphabet) strings.push_back(strings[k] + c);
    }
    begin = end;
  }
  std::vector<std::pair<uint64_t, uint64_t>> digests;
  for (const std::string& s : strings) {
    KeyHasher one;
    AddText(s, &one);
    KeyDigest d = one.Finish();
    digests.emplace_back(d.hash, d.check);
    if (s.size() > 5) continue;  // the splits of the shorter ones
    for (size_t cut = 0; cut <= s.size(); ++cut) {
      KeyHasher two;
      AddText(s.substr(0, cut), &two);
      AddText(s.substr(cut), &two);
      d = two.Finish();
      digests.emplace_back(d.hash, d.check);
    }
  }
  size_t n = digests.size();
  std::sort(digests.begin(), digests.end());
  digests.erase(std::unique(digests.begin(), digests.end()), digests.end());
  EXPECT_EQ(digests.size(), n);
}

TEST(KeyDigestTest, EqualKeysHaveEqualDigests) {
  for (size_t i = 0; i < kKeys; i += 9973) {
    KeyDigest a = SyntheticKey(i);
    KeyDigest b = SyntheticKey(i);
    EXPECT_EQ(a.hash, b.hash) << i;
    EXPECT_EQ(a.check, b.check) << i;
  }
  // Equal text at different addresses and alignments.
  std::string text = "xx110101199001011234";
  std::string copy = "110101199001011234";
  KeyHasher a, b;
  a.Bytes(text.data() + 2, 18);
  b.Bytes(copy.data(), 18);
  EXPECT_EQ(a.Finish().hash, b.Finish().hash);
  EXPECT_EQ(a.Finish().check, b.Finish().check);
}

// Flipping one input bit flips each output bit with probability about 1/2.
TEST(KeyDigestTest, OneInputBitChangesHalfTheOutput) {
  constexpr int kTrials = 100'000;
  constexpr int kWords = 4;
  std::mt19937_64 random(20240110);
  std::vector<int> hash_flips(64), check_flips(32);
  int64_t hash_total = 0, check_total = 0;
  for (int t = 0; t < kTrials; ++t) {
    uint64_t words[kWords];
    for (uint64_t& w : words) {
      // Text-like words half the time: ASCII digits.
      w = random();
      if (t % 2 == 0) w = (w & 0x0F0F0F0F0F0F0F0Fu) % 10 | 0x3030303030303030u;
    }
    int bit = static_cast<int>(random() % (64 * kWords));
    KeyHasher a, b;
    for (int k = 0; k < kWords; ++k) {
      a.Word(words[k]);
      b.Word(words[k] ^ (k == bit / 64 ? uint64_t{1} << bit % 64 : 0));
    }
    KeyDigest x = a.Finish(), y = b.Finish();
    uint64_t hash_diff = x.hash ^ y.hash;
    uint32_t check_diff = static_cast<uint32_t>(x.check ^ y.check);
    hash_total += __builtin_popcountll(hash_diff);
    check_total += __builtin_popcount(check_diff);
    for (int i = 0; i < 64; ++i) hash_flips[i] += hash_diff >> i & 1;
    for (int i = 0; i < 32; ++i) check_flips[i] += check_diff >> i & 1;
  }
  double hash_mean = double(hash_total) / kTrials;
  double check_mean = double(check_total) / kTrials;
  EXPECT_GT(hash_mean, 28.0);
  EXPECT_LT(hash_mean, 36.0);
  EXPECT_GT(check_mean, 14.0);
  EXPECT_LT(check_mean, 18.0);
  for (int i = 0; i < 64; ++i) {
    EXPECT_NEAR(double(hash_flips[i]) / kTrials, 0.5, 0.02) << "hash bit " << i;
  }
  for (int i = 0; i < 32; ++i) {
    EXPECT_NEAR(double(check_flips[i]) / kTrials, 0.5, 0.02)
        << "check bit " << i;
  }
}

KeyDigest NumberKey(uint64_t k) {
  KeyHasher h;
  h.Word(k);
  return h.Finish();
}

// Inserts keys 0..n-1 (key k first at row k, with repeats of earlier keys
// on the way), then all of them again; returns the number of wrong answers.
size_t FillAndRepeat(KeyIndex* index, uint64_t n) {
  size_t wrong = 0;
  for (uint64_t k = 0; k < n; ++k) {
    wrong += index->Insert(NumberKey(k), static_cast<int64_t>(k)) != -1;
    if (k % 7 == 3) {
      wrong += index->Insert(NumberKey(k / 3), static_cast<int64_t>(n + k)) !=
               static_cast<int64_t>(k / 3);
    }
  }
  wrong += index->size() != n;
  for (uint64_t k = 0; k < n; ++k) {
    wrong += index->Insert(NumberKey(k), static_cast<int64_t>(3 * n + k)) !=
             static_cast<int64_t>(k);
  }
  wrong += index->size() != n;
  return wrong;
}

TEST(KeyIndexTest, FindsRepeatsWhileGrowing) {
  KeyIndex index;  // from the initial size, rehashed a dozen times
  EXPECT_EQ(FillAndRepeat(&index, 1'300'000), 0u);
}

TEST(KeyIndexTest, FindsRepeatsAfterReserve) {
  KeyIndex index;
  index.Reserve(1'500'000);  // a large (mapped) table at once
  EXPECT_EQ(FillAndRepeat(&index, 1'300'000), 0u);

  KeyIndex small;
  small.Reserve(5'000);  // then grown past what was reserved
  EXPECT_EQ(FillAndRepeat(&small, 300'000), 0u);
}

TEST(KeyIndexTest, MovedIndexKeepsItsKeys) {
  KeyIndex index;
  index.Reserve(400'000);
  for (uint64_t k = 0; k < 1000; ++k) index.Insert(NumberKey(k), k);
  KeyIndex moved = std::move(index);
  EXPECT_EQ(moved.size(), 1000u);
  EXPECT_EQ(moved.Insert(NumberKey(999), 5000), 999);
  KeyIndex other;
  other = std::move(moved);
  EXPECT_EQ(other.Insert(NumberKey(500), 5000), 500);
  EXPECT_EQ(other.Insert(NumberKey(1000), 5000), -1);
}

TEST(KeyIndexTest, LargeRowsAreClamped) {
  KeyIndex index;
  EXPECT_EQ(index.Insert(NumberKey(1), int64_t{5} << 32), -1);
  EXPECT_EQ(index.Insert(NumberKey(1), 7), int64_t{0xFFFFFFFF});
}

}  // namespace
}  // namespace creditdata::internal
