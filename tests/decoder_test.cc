#include "text/decoder.h"

#include <iconv.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "gtest/gtest.h"
#include "text/encoding.h"
#include "text/utf8.h"

namespace creditdata::text {
namespace {

using namespace std::string_view_literals;

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";

// Names with characters outside GB2312 (镕 堃 喆 昇), outside GBK (䶮, two
// bytes only in GB18030) and outside the BMP (𠀀), full-width digits and an
// ideographic space.
constexpr std::string_view kNames =
    "姓名,证件号码,欠费金额(元)\r\n"
    "朱镕基,110101195001011234,1.00\r\n"
    "王堃,320281198808083456,２３４５.６７\r\n"
    "陈喆　李昇,44030419900101567X,0.5\r\n"
    "刘䶮,𠀀,\"含,逗号\"\n"
    "ASCII only line\n";

// glibc's iconv, the reference for GB18030: nullopt when it rejects `in`.
std::optional<std::string> Iconv(std::string_view in, const char* from,
                                 const char* to) {
  iconv_t cd = iconv_open(to, from);
  if (cd == reinterpret_cast<iconv_t>(-1)) return std::nullopt;
  std::string out(in.size() * 4 + 16, '\0');
  char* src = const_cast<char*>(in.data());
  size_t src_left = in.size();
  char* dst = out.data();
  size_t dst_left = out.size();
  size_t r = iconv(cd, &src, &src_left, &dst, &dst_left);
  iconv_close(cd);
  if (r == static_cast<size_t>(-1) || src_left != 0) return std::nullopt;
  out.resize(out.size() - dst_left);
  return out;
}

struct Result {
  std::string out;
  std::vector<DecodeError> errors;
  Encoding encoding = Encoding::kUtf8;
};

// Decodes `in` fed in pieces of the given sizes (the last piece runs to the
// end).
Result DecodeInPieces(std::string_view in, EncodingSpec spec,
                      const std::vector<size_t>& cuts) {
  Decoder decoder(spec);
  Result r;
  // Each piece in a heap block of its exact size, so that a sanitizer sees
  // any read past its end (a std::string has a terminator there).
  auto feed = [&](std::string_view piece) {
    std::unique_ptr<char[]> copy(new char[std::max<size_t>(piece.size(), 1)]);
    std::memcpy(copy.get(), piece.data(), piece.size());
    decoder.Decode(std::string_view(copy.get(), piece.size()), &r.out,
                   &r.errors);
  };
  size_t at = 0;
  for (size_t cut : cuts) {
    if (cut < at || cut > in.size()) continue;
    feed(in.substr(at, cut - at));
    at = cut;
  }
  feed(in.substr(at));
  decoder.Finish(&r.out, &r.errors);
  r.encoding = decoder.encoding();
  return r;
}

Result DecodeAll(std::string_view in, EncodingSpec spec) {
  return DecodeInPieces(in, spec, {});
}

bool SameErrors(const std::vector<DecodeError>& a,
                const std::vector<DecodeError>& b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (a[i].input_offset != b[i].input_offset ||
        a[i].output_offset != b[i].output_offset ||
        a[i].length != b[i].length || a[i].raw() != b[i].raw()) {
      return false;
    }
  }
  return true;
}

std::string Describe(const std::vector<DecodeError>& errors) {
  std::string s;
  for (const DecodeError& e : errors) {
    s += "{in " + std::to_string(e.input_offset) + " len " +
         std::to_string(e.length) + " out " + std::to_string(e.output_offset) +
         "} ";
  }
  return s;
}

// Every error's U+FFFD is where it says; output is valid UTF-8.
void ExpectConsistent(std::string_view in, const Result& r) {
  EXPECT_TRUE(IsValidUtf8(r.out));
  uint64_t last_in = 0, last_out = 0;
  for (size_t i = 0; i < r.errors.size(); ++i) {
    const DecodeError& e = r.errors[i];
    ASSERT_GE(e.length, 1u);
    ASSERT_LE(e.length, 4u);
    ASSERT_LE(e.input_offset + e.length, in.size());
    EXPECT_EQ(in.substr(e.input_offset, e.length), e.raw());
    ASSERT_LE(e.output_offset + 3, r.out.size());
    EXPECT_EQ(r.out.substr(e.output_offset, 3), kReplacement);
    if (i > 0) {
      EXPECT_GT(e.input_offset, last_in);
      EXPECT_GE(e.output_offset, last_out + 3);
    }
    last_in = e.input_offset;
    last_out = e.output_offset;
  }
}

// ---------------------------------------------------------------------------

TEST(EncodingNamesTest, NamesAndSpellings) {
  EXPECT_EQ(EncodingName(Encoding::kUtf8), "utf-8");
  EXPECT_EQ(EncodingName(Encoding::kUtf16Le), "utf-16le");
  EXPECT_EQ(EncodingName(Encoding::kUtf16Be), "utf-16be");
  EXPECT_EQ(EncodingName(Encoding::kGb18030), "gb18030");
  EXPECT_EQ(ParseEncodingSpec("UTF-8"), EncodingSpec::kUtf8);
  EXPECT_EQ(ParseEncodingSpec("utf8"), EncodingSpec::kUtf8);
  EXPECT_EQ(ParseEncodingSpec("utf-8-sig"), EncodingSpec::kUtf8);
  EXPECT_EQ(ParseEncodingSpec("auto"), EncodingSpec::kAuto);
  EXPECT_EQ(ParseEncodingSpec("gb18030"), EncodingSpec::kGb18030);
  EXPECT_EQ(ParseEncodingSpec("GBK"), EncodingSpec::kGb18030);
  EXPECT_EQ(ParseEncodingSpec("gb2312"), EncodingSpec::kGb18030);
  EXPECT_EQ(ParseEncodingSpec("CP936"), EncodingSpec::kGb18030);
  EXPECT_EQ(ParseEncodingSpec("utf-16"), EncodingSpec::kUtf16);
  EXPECT_EQ(ParseEncodingSpec("UTF-16LE"), EncodingSpec::kUtf16Le);
  EXPECT_EQ(ParseEncodingSpec("utf_16_be"), EncodingSpec::kUtf16Be);
  EXPECT_EQ(ParseEncodingSpec("latin1"), std::nullopt);
  EXPECT_EQ(ParseEncodingSpec(""), std::nullopt);
  for (EncodingSpec spec : {EncodingSpec::kAuto, EncodingSpec::kUtf8,
                            EncodingSpec::kUtf16, EncodingSpec::kUtf16Le,
                            EncodingSpec::kUtf16Be, EncodingSpec::kGb18030}) {
    EXPECT_EQ(ParseEncodingSpec(EncodingSpecName(spec)), spec);
  }
  for (Encoding e : {Encoding::kUtf8, Encoding::kUtf16Le, Encoding::kUtf16Be,
                     Encoding::kGb18030}) {
    EXPECT_EQ(ParseEncodingSpec(EncodingName(e)), SpecFor(e));
  }
}

// ---------------------------------------------------------------------------
// GB18030 against glibc.

TEST(DecoderGb18030Test, KnownCodesMatchIconvAndTheStandardsNotes) {
  ASSERT_TRUE(Gb18030Available());
  EXPECT_EQ(*EncodeUtf8("䶮", Encoding::kGb18030), "\xFE\x9F");
  EXPECT_EQ(*EncodeUtf8("𠀀", Encoding::kGb18030), "\x95\x32\x82\x36");
  EXPECT_EQ(*Iconv("䶮𠀀", "UTF-8", "GB18030"), "\xFE\x9F\x95\x32\x82\x36");
  EXPECT_EQ(DecodeAll("\xFE\x9F\x95\x32\x82\x36", EncodingSpec::kGb18030).out,
            "䶮𠀀");
  // In GBK but not GB2312.
  for (std::string_view c : {"镕", "堃", "喆", "昇"}) {
    std::string gb = *EncodeUtf8(c, Encoding::kGb18030);
    EXPECT_EQ(gb.size(), 2u) << c;
    EXPECT_FALSE(Iconv(c, "UTF-8", "GB2312").has_value()) << c;
    EXPECT_EQ(DecodeAll(gb, EncodingSpec::kGb18030).out, c);
  }
  EXPECT_EQ(DecodeAll("\xA3\xB0\xA1\xA1", EncodingSpec::kGb18030).out, "０　");
}

TEST(DecoderGb18030Test, EveryTwoByteCodeAgreesWithIconv) {
  size_t mapped = 0, unmapped = 0;
  for (int lead = 0x81; lead <= 0xFE; ++lead) {
    for (int trail = 0x40; trail <= 0xFE; ++trail) {
      if (trail == 0x7F) continue;
      std::string code = {static_cast<char>(lead), static_cast<char>(trail)};
      std::optional<std::string> want = Iconv(code, "GB18030", "UTF-8");
      Result got = DecodeAll(code, EncodingSpec::kGb18030);
      if (want) {
        ++mapped;
        EXPECT_EQ(got.out, *want) << std::hex << lead << " " << trail;
        EXPECT_TRUE(got.errors.empty()) << std::hex << lead << " " << trail;
      } else {
        ++unmapped;
        EXPECT_FALSE(got.errors.empty()) << std::hex << lead << " " << trail;
      }
    }
  }
  EXPECT_GT(mapped, 23000u);
  // The same codes in one long buffer (the fast loop, not the slow path).
  std::string all, want;
  for (int lead = 0x81; lead <= 0xFE; ++lead) {
    for (int trail = 0x40; trail <= 0xFE; ++trail) {
      std::string code = {static_cast<char>(lead), static_cast<char>(trail)};
      if (auto u = Iconv(code, "GB18030", "UTF-8")) {
        all += code;
        want += *u;
      }
    }
  }
  Result r = DecodeAll(all, EncodingSpec::kGb18030);
  EXPECT_TRUE(r.errors.empty());
  EXPECT_EQ(r.out, want);
  (void)unmapped;
}

std::string FourByte(uint32_t linear) {
  return {static_cast<char>(0x81 + linear / 12600),
          static_cast<char>(0x30 + linear / 1260 % 10),
          static_cast<char>(0x81 + linear / 10 % 126),
          static_cast<char>(0x30 + linear % 10)};
}

TEST(DecoderGb18030Test, FourByteCodesAgreeWithIconv) {
  // All of the BMP part, a sample beyond it, the supplementary planes and
  // what follows U+10FFFF.
  std::vector<uint32_t> linears;
  for (uint32_t l = 0; l < 39420; ++l) linears.push_back(l);
  for (uint32_t l = 39420; l < 189000; l += 97) linears.push_back(l);
  for (uint32_t l = 189000; l < 189000 + 0x100000; l += 331) {
    linears.push_back(l);
  }
  for (uint32_t l :
       {189000u, 189000u + 0xFFFFFu, 189000u + 0x100000u, 126u * 12600 - 1}) {
    linears.push_back(l);
  }
  for (uint32_t l = 189000 + 0x100000; l < 126 * 12600; l += 113) {
    linears.push_back(l);
  }
  size_t checked = 0;
  for (uint32_t l : linears) {
    // After an ASCII byte, so that 84 31 95 33 is U+FEFF, not a BOM.
    std::string code = FourByte(l);
    std::optional<std::string> want = Iconv(code, "GB18030", "UTF-8");
    Result got = DecodeAll("a" + code, EncodingSpec::kGb18030);
    if (want) {
      ASSERT_EQ(got.out, "a" + *want) << "linear " << l;
      ASSERT_TRUE(got.errors.empty()) << "linear " << l;
    } else {
      ASSERT_EQ(got.errors.size(), 1u) << "linear " << l;
      EXPECT_EQ(got.errors[0].length, 4u) << "linear " << l;
    }
    ++checked;
  }
  EXPECT_GT(checked, 40000u);
}

TEST(DecoderGb18030Test, LongMixedTextAgreesWithIconvAtEveryAlignment) {
  // Pieces that exercise every path of the block decoder: ASCII runs of all
  // lengths, GB2312 characters, GBK characters whose second byte is ASCII
  // (镕 E946, 昇 954E, 丂 8140), four-byte codes (U+0080, 𠀀) and FE51,
  // which glibc maps outside the BMP.
  const std::vector<std::string> pieces = {",",
                                           "1",
                                           "2024-01-01,",
                                           "110101195001011234,",
                                           "王",
                                           "镕",
                                           "昇",
                                           "丂",
                                           "江阴市自来水有限公司",
                                           "\u0080",
                                           "𠀀",
                                           "\"",
                                           "\r\n",
                                           "ab",
                                           "é",
                                           "€"};
  std::mt19937_64 rng(99);
  std::string text;
  while (text.size() < 20000) text += pieces[rng() % pieces.size()];
  text += *Iconv("\xFE\x51", "GB18030", "UTF-8");
  for (size_t shift = 0; shift < 70; ++shift) {
    std::string shifted = std::string(shift, 'x') + text;
    std::string gb = *Iconv(shifted, "UTF-8", "GB18030");
    Result r = DecodeAll(gb, EncodingSpec::kGb18030);
    ASSERT_TRUE(r.errors.empty()) << shift << ": " << Describe(r.errors);
    ASSERT_EQ(r.out, shifted) << shift;
    for (Encoding e : {Encoding::kUtf16Le, Encoding::kUtf16Be}) {
      std::string u16 = *EncodeUtf8(shifted, e);
      Result r16 = DecodeAll(u16, SpecFor(e));
      ASSERT_TRUE(r16.errors.empty()) << shift;
      ASSERT_EQ(r16.out, shifted) << shift;
    }
  }
  // With an error byte at every position of a 64-byte window.
  std::string gb = *Iconv(text, "UTF-8", "GB18030");
  for (size_t at = 1000; at < 1070; ++at) {
    std::string bad = gb;
    bad[at] = '\xFF';
    Result r = DecodeAll(bad, EncodingSpec::kGb18030);
    ExpectConsistent(bad, r);
    ASSERT_FALSE(r.errors.empty());
    // The same as decoding byte by byte in small pieces.
    std::vector<size_t> cuts;
    for (size_t c = 900; c < 1200; c += 7) cuts.push_back(c);
    Result pieces_r = DecodeInPieces(bad, EncodingSpec::kGb18030, cuts);
    ASSERT_EQ(pieces_r.out, r.out);
    ASSERT_TRUE(SameErrors(pieces_r.errors, r.errors));
  }
  // A lone surrogate at every unit of a 32-unit window of UTF-16.
  std::string le = *EncodeUtf8(text, Encoding::kUtf16Le);
  for (size_t at = 1000; at < 1068; at += 2) {
    if ((static_cast<unsigned char>(le[at + 1]) & 0xF8) == 0xD8) continue;
    std::string bad = le;  // not half of a pair: the low surrogate is alone
    bad.replace(at, 2, "\x00\xDC"sv);
    Result r = DecodeAll(bad, EncodingSpec::kUtf16Le);
    ExpectConsistent(bad, r);
    ASSERT_FALSE(r.errors.empty());
    bool found = false;
    for (const DecodeError& e : r.errors) found |= e.input_offset == at;
    EXPECT_TRUE(found) << at;
  }
}

// ---------------------------------------------------------------------------
// Round trips.

TEST(DecoderTest, EachEncodingRoundTrips) {
  for (Encoding e : {Encoding::kUtf8, Encoding::kUtf16Le, Encoding::kUtf16Be,
                     Encoding::kGb18030}) {
    for (bool bom : {false, true}) {
      absl::StatusOr<std::string> bytes = EncodeUtf8(kNames, e, bom);
      ASSERT_TRUE(bytes.ok()) << bytes.status();
      Result forced = DecodeAll(*bytes, SpecFor(e));
      EXPECT_EQ(forced.out, kNames) << EncodingName(e) << " bom " << bom;
      EXPECT_TRUE(forced.errors.empty());
      Result detected = DecodeAll(*bytes, EncodingSpec::kAuto);
      EXPECT_EQ(detected.out, kNames) << EncodingName(e) << " bom " << bom;
      EXPECT_EQ(detected.encoding, e) << EncodingName(e) << " bom " << bom;
      EXPECT_TRUE(detected.errors.empty());
    }
  }
  // GB18030 made by iconv rather than by our encoder.
  std::string gb = *Iconv(kNames, "UTF-8", "GB18030");
  EXPECT_EQ(DecodeAll(gb, EncodingSpec::kGb18030).out, kNames);
  // UTF-16 from iconv too.
  std::string le = *Iconv(kNames, "UTF-8", "UTF-16LE");
  EXPECT_EQ(*EncodeUtf8(kNames, Encoding::kUtf16Le), le);
  EXPECT_EQ(DecodeAll(le, EncodingSpec::kUtf16Le).out, kNames);
  std::string be = *Iconv(kNames, "UTF-8", "UTF-16BE");
  EXPECT_EQ(DecodeAll(be, EncodingSpec::kUtf16Be).out, kNames);
}

TEST(DecoderTest, ExistingWholeStringConversionsStillWork) {
  absl::StatusOr<std::string> gb = Utf8ToGb18030(kNames);
  ASSERT_TRUE(gb.ok());
  absl::StatusOr<std::string> back = Gb18030ToUtf8(*gb);
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(*back, kNames);
  absl::StatusOr<std::string> bad = Gb18030ToUtf8("ab\x81,");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("offset 2"), std::string::npos)
      << bad.status();
}

// ---------------------------------------------------------------------------
// Chunk boundaries.

std::vector<std::pair<std::string, EncodingSpec>> SplitCases() {
  std::vector<std::pair<std::string, EncodingSpec>> cases;
  for (Encoding e : {Encoding::kUtf8, Encoding::kUtf16Le, Encoding::kUtf16Be,
                     Encoding::kGb18030}) {
    std::string bytes = *EncodeUtf8(kNames, e, /*bom=*/true);
    cases.emplace_back(bytes, SpecFor(e));
    cases.emplace_back(bytes, EncodingSpec::kAuto);
    std::string plain = *EncodeUtf8(kNames, e);
    cases.emplace_back(plain, SpecFor(e));
    cases.emplace_back(plain, EncodingSpec::kAuto);
  }
  // With errors, and truncated at the end.
  cases.emplace_back(
      "a\xE4\xB8"
      "b\xF0\x9F\x98\x80\xC0\xAF\xED\xA0\x80z\xE4",
      EncodingSpec::kUtf8);
  cases.emplace_back(
      "\xD6\xD0\x81,\x80\xFF\x81\x30\x81\x84\x31\xA5\x30"
      "\x95\x32\x82\x36\x81\x30",
      EncodingSpec::kGb18030);
  cases.emplace_back(
      "A\0\x00\xDC\x3D\xD8\x00\xDE\x00\xD8"
      "B\0\x3D"sv,
      EncodingSpec::kUtf16Le);
  cases.emplace_back("\xFE\xFF\0A\xD8\x3D\xDE\x00\xD8\x00"sv,
                     EncodingSpec::kUtf16);
  return cases;
}

TEST(DecoderChunkTest, EverySplitPointGivesTheSameResult) {
  for (const auto& [bytes, spec] : SplitCases()) {
    Result whole = DecodeAll(bytes, spec);
    ExpectConsistent(bytes, whole);
    for (size_t i = 0; i <= bytes.size(); ++i) {
      Result split = DecodeInPieces(bytes, spec, {i});
      ASSERT_EQ(split.out, whole.out)
          << EncodingSpecName(spec) << " split at " << i;
      ASSERT_TRUE(SameErrors(split.errors, whole.errors))
          << EncodingSpecName(spec) << " split at " << i << ": "
          << Describe(split.errors) << " vs " << Describe(whole.errors);
      for (size_t j = i; j <= std::min(bytes.size(), i + 5); ++j) {
        Result three = DecodeInPieces(bytes, spec, {i, j});
        ASSERT_EQ(three.out, whole.out)
            << EncodingSpecName(spec) << " split at " << i << "," << j;
        ASSERT_TRUE(SameErrors(three.errors, whole.errors));
      }
    }
    std::vector<size_t> every;
    for (size_t i = 1; i < bytes.size(); ++i) every.push_back(i);
    Result bytewise = DecodeInPieces(bytes, spec, every);
    EXPECT_EQ(bytewise.out, whole.out) << EncodingSpecName(spec);
    EXPECT_TRUE(SameErrors(bytewise.errors, whole.errors))
        << Describe(bytewise.errors) << " vs " << Describe(whole.errors);
    EXPECT_EQ(bytewise.encoding, whole.encoding);
  }
}

TEST(DecoderChunkTest, LargeInputsInUnevenChunksMatchOneChunk) {
  std::string text;
  for (int i = 0; i < 3000; ++i) text += kNames;
  for (Encoding e : {Encoding::kUtf8, Encoding::kUtf16Le, Encoding::kUtf16Be,
                     Encoding::kGb18030}) {
    std::string bytes = *EncodeUtf8(text, e);
    // One error in the middle: a lone surrogate in UTF-16, 0xFF otherwise.
    if (e == Encoding::kUtf16Le) {
      bytes.replace(1000, 2, "\x00\xD8"sv);
    } else if (e == Encoding::kUtf16Be) {
      bytes.replace(1000, 2, "\xD8\x00"sv);
    } else {
      bytes[1000] = '\xFF';
    }
    Result whole = DecodeAll(bytes, EncodingSpec::kAuto);
    EXPECT_EQ(whole.encoding, e);
    std::vector<size_t> cuts;
    for (size_t at = 0; at < bytes.size(); at += 4093 + at % 7) {
      cuts.push_back(at);
    }
    Result chunked = DecodeInPieces(bytes, EncodingSpec::kAuto, cuts);
    EXPECT_EQ(chunked.out, whole.out) << EncodingName(e);
    EXPECT_TRUE(SameErrors(chunked.errors, whole.errors)) << EncodingName(e);
    EXPECT_GE(whole.errors.size(), 1u) << EncodingName(e);
    ExpectConsistent(bytes, whole);
  }
}

// The encoding detected, the text and the errors depend on the bytes
// alone: random mixes of ASCII, UTF-8, GB18030 and stray bytes, fed whole
// and in pieces of every small size, decode the same.
TEST(DecoderChunkTest, DetectionDoesNotDependOnChunks) {
  const std::vector<std::string> pieces = {
      "a,b",      "1234",     "\r\n", "资质证书",
      "名称",     "\xE8\xE6", "\xFF", *EncodeUtf8("镕堃喆", Encoding::kGb18030),
      "\xE4\xB8", "\x80"};
  std::mt19937_64 rng(17);
  for (int trial = 0; trial < 300; ++trial) {
    std::string bytes;
    size_t n = 1 + rng() % 40;
    for (size_t i = 0; i < n; ++i) bytes += pieces[rng() % pieces.size()];
    Result whole = DecodeAll(bytes, EncodingSpec::kAuto);
    for (size_t step :
         {size_t{1}, size_t{2}, size_t{3}, size_t{7}, size_t{16}, size_t{61}}) {
      std::vector<size_t> cuts;
      for (size_t at = step; at < bytes.size(); at += step) cuts.push_back(at);
      Result chunked = DecodeInPieces(bytes, EncodingSpec::kAuto, cuts);
      ASSERT_EQ(chunked.encoding, whole.encoding)
          << ::testing::PrintToString(bytes) << " step " << step;
      ASSERT_EQ(chunked.out, whole.out) << step;
      ASSERT_TRUE(SameErrors(chunked.errors, whole.errors)) << step;
    }
  }
}

TEST(DecoderChunkTest, ReusedOutputDoesNotReallocate) {
  std::string bytes = *EncodeUtf8(kNames, Encoding::kGb18030);
  Decoder decoder(Encoding::kGb18030);
  std::string out;
  std::vector<DecodeError> errors;
  out.reserve(4096);
  errors.reserve(16);
  const char* data = out.data();
  for (int i = 0; i < 100; ++i) {
    out.clear();
    decoder.Decode(bytes, &out, &errors);
    ASSERT_EQ(out, kNames);
    ASSERT_EQ(out.data(), data);
  }
  EXPECT_TRUE(errors.empty());
  EXPECT_EQ(decoder.output_offset(), 100 * kNames.size());
  EXPECT_EQ(decoder.input_offset(), 100 * bytes.size());
}

TEST(DecoderChunkTest, DecodeViewPassesValidUtf8ThroughWithoutCopying) {
  Decoder decoder(Encoding::kUtf8);
  std::string scratch;
  std::vector<DecodeError> errors;
  std::string text(kNames);
  // The first call may hold head bytes back; later ones are views of `in`.
  std::string all = std::string(decoder.DecodeView(text, &scratch, &errors));
  for (int i = 0; i < 3; ++i) {
    std::string_view view = decoder.DecodeView(text, &scratch, &errors);
    EXPECT_EQ(view.data(), text.data());
    all += view;
  }
  // Cut inside 朱 (3 bytes): the view stops before it, the rest follows.
  std::string cut = "ab\xE6\x9C";
  std::string_view v1 = decoder.DecodeView(cut, &scratch, &errors);
  EXPECT_EQ(v1, "ab");
  all += v1;
  all += decoder.DecodeView(
      "\xB1"
      "c",
      &scratch, &errors);
  decoder.Finish(&all, &errors);
  std::string want;
  for (int i = 0; i < 4; ++i) want += kNames;
  EXPECT_EQ(all, want + "ab朱c");
  EXPECT_TRUE(errors.empty());
  // Invalid UTF-8: a copy with U+FFFD.
  std::string_view v2 = decoder.DecodeView("x\xFFy", &scratch, &errors);
  EXPECT_EQ(v2, "x\xEF\xBF\xBDy");
  ASSERT_EQ(errors.size(), 1u);
}

// ---------------------------------------------------------------------------
// Undecodable bytes.

struct ErrorCase {
  std::string_view name;
  std::string in;
  EncodingSpec spec;
  std::string want;                                   // with U+FFFD as "#"
  std::vector<std::pair<uint64_t, uint32_t>> errors;  // input offset, length
};

TEST(DecoderErrorTest, ExactOffsetsAndReplacement) {
  const std::vector<ErrorCase> cases = {
      // UTF-8.
      {"overlong",
       "a\xC0\xAF"
       "b",
       EncodingSpec::kUtf8,
       "a##b",
       {{1, 1}, {2, 1}}},
      {"overlong 3",
       "\xE0\x80\xAF",
       EncodingSpec::kUtf8,
       "###",
       {{0, 1}, {1, 1}, {2, 1}}},
      {"surrogate",
       "x\xED\xA0\x80y",
       EncodingSpec::kUtf8,
       "x###y",
       {{1, 1}, {2, 1}, {3, 1}}},
      {"above U+10FFFF",
       "\xF4\x90\x80\x80",
       EncodingSpec::kUtf8,
       "####",
       {{0, 1}, {1, 1}, {2, 1}, {3, 1}}},
      {"F5", "\xF5\x80", EncodingSpec::kUtf8, "##", {{0, 1}, {1, 1}}},
      {"stray continuation",
       "中\x80文",
       EncodingSpec::kUtf8,
       "中#文",
       {{3, 1}}},
      {"cut by ASCII", "\xE4\xB8,", EncodingSpec::kUtf8, "#,", {{0, 2}}},
      {"cut 4-byte",
       "\xF0\x9F\x98"
       "a",
       EncodingSpec::kUtf8,
       "#a",
       {{0, 3}}},
      {"truncated at end", "ab\xE4\xB8", EncodingSpec::kUtf8, "ab#", {{2, 2}}},
      {"after BOM",
       "\xEF\xBB\xBF"
       "a\xFF",
       EncodingSpec::kUtf8,
       "a#",
       {{4, 1}}},
      {"after BOM, auto",
       "\xEF\xBB\xBF"
       "a\xFF",
       EncodingSpec::kAuto,
       "a#",
       {{4, 1}}},
      // GB18030.
      {"bad lead keeps comma",
       "\xD6\xD0\x81,x",
       EncodingSpec::kGb18030,
       "中#,x",
       {{2, 1}}},
      {"80 and FF", "\x80\xFF", EncodingSpec::kGb18030, "##", {{0, 1}, {1, 1}}},
      {"lead then DEL", "\x81\x7F", EncodingSpec::kGb18030, "#\x7F", {{0, 1}}},
      {"lead then FF",
       "\x81\xFF",
       EncodingSpec::kGb18030,
       "##",
       {{0, 1}, {1, 1}}},
      {"four-byte bad third",
       "\x81\x30"
       "a",
       EncodingSpec::kGb18030,
       "#0a",
       {{0, 1}}},
      {"four-byte bad fourth",
       "\x81\x30\x81"
       "a",
       EncodingSpec::kGb18030,
       "#0乤",
       {{0, 1}}},  // then 81 61 is a two-byte code
      {"four-byte unmapped",
       "\x84\x31\xA5\x30",
       EncodingSpec::kGb18030,
       "#",
       {{0, 4}}},
      {"beyond U+10FFFF",
       "\xE3\x32\x9A\x36",
       EncodingSpec::kGb18030,
       "#",
       {{0, 4}}},
      {"truncated two-byte", "ab\xD6", EncodingSpec::kGb18030, "ab#", {{2, 1}}},
      {"truncated four-byte",
       "\x95\x32\x82",
       EncodingSpec::kGb18030,
       "#2#",
       {{0, 1}, {2, 1}}},
      // UTF-16.
      {"lone low",
       std::string("A\0\x00\xDC"
                   "B\0"sv),
       EncodingSpec::kUtf16Le,
       "A#B",
       {{2, 2}}},
      {"lone high",
       std::string("\x3D\xD8"
                   "A\0"sv),
       EncodingSpec::kUtf16Le,
       "#A",
       {{0, 2}}},
      {"high at end",
       std::string("A\0\x3D\xD8"sv),
       EncodingSpec::kUtf16Le,
       "A#",
       {{2, 2}}},
      {"odd byte",
       std::string("A\0B"sv),
       EncodingSpec::kUtf16Le,
       "A#",
       {{2, 1}}},
      {"high then odd byte",
       std::string("\x3D\xD8\x00"sv),
       EncodingSpec::kUtf16Le,
       "##",
       {{0, 2}, {2, 1}}},
      {"BE lone high after BOM",
       std::string("\xFE\xFF\xD8\x3D\0A"sv),
       EncodingSpec::kUtf16,
       "#A",
       {{2, 2}}},
  };
  for (const ErrorCase& c : cases) {
    Result r = DecodeAll(c.in, c.spec);
    std::string want;
    for (char ch : c.want) {
      if (ch == '#') {
        want += kReplacement;
      } else {
        want += ch;
      }
    }
    EXPECT_EQ(r.out, want) << c.name;
    ASSERT_EQ(r.errors.size(), c.errors.size())
        << c.name << ": " << Describe(r.errors);
    size_t out_at = 0, seen = 0;
    for (size_t i = 0; i < c.errors.size(); ++i) {
      EXPECT_EQ(r.errors[i].input_offset, c.errors[i].first) << c.name;
      EXPECT_EQ(r.errors[i].length, c.errors[i].second) << c.name;
      // The i-th U+FFFD in the output.
      out_at = r.out.find(kReplacement, seen);
      EXPECT_EQ(r.errors[i].output_offset, out_at) << c.name;
      seen = out_at + 3;
    }
    ExpectConsistent(c.in, r);
  }
}

TEST(DecoderErrorTest, NothingElseChanges) {
  // One bad byte in the middle of a long GB18030 text: everything around it
  // decodes exactly.
  std::string text;
  for (int i = 0; i < 50; ++i) text += kNames;
  std::string gb = *EncodeUtf8(text, Encoding::kGb18030);
  std::string bad = gb.substr(0, 777) + "\x80" + gb.substr(777);
  Result r = DecodeAll(bad, EncodingSpec::kGb18030);
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_EQ(r.errors[0].input_offset, 777u);
  std::string before = DecodeAll(gb.substr(0, 777), EncodingSpec::kGb18030).out;
  EXPECT_EQ(r.errors[0].output_offset, before.size());
  EXPECT_EQ(r.out, before + std::string(kReplacement) +
                       DecodeAll(gb.substr(777), EncodingSpec::kGb18030).out);
}

// ---------------------------------------------------------------------------
// BOMs and detection.

TEST(EncodingDetectTest, Boms) {
  EXPECT_EQ(SniffBom("\xEF\xBB\xBF"
                     "a")
                ->encoding,
            Encoding::kUtf8);
  EXPECT_EQ(SniffBom("\xEF\xBB\xBF")->length, 3u);
  EXPECT_EQ(SniffBom("\xFF\xFE")->encoding, Encoding::kUtf16Le);
  EXPECT_EQ(SniffBom("\xFE\xFF")->encoding, Encoding::kUtf16Be);
  EXPECT_EQ(SniffBom("\x84\x31\x95\x33")->encoding, Encoding::kGb18030);
  EXPECT_EQ(SniffBom("\x84\x31\x95\x33")->length, 4u);
  EXPECT_FALSE(SniffBom("\xEF\xBB").has_value());
  EXPECT_FALSE(SniffBom("abc").has_value());
  EXPECT_FALSE(SniffBom("").has_value());
}

TEST(EncodingDetectTest, DetectEncoding) {
  std::string utf8(kNames);
  std::string gb = *EncodeUtf8(kNames, Encoding::kGb18030);
  std::string le = *EncodeUtf8(kNames, Encoding::kUtf16Le);
  std::string be = *EncodeUtf8(kNames, Encoding::kUtf16Be);

  Detection d = DetectEncoding("\xEF\xBB\xBF" + utf8, true);
  EXPECT_EQ(d.encoding, Encoding::kUtf8);
  EXPECT_EQ(d.bom_length, 3u);
  EXPECT_EQ(d.method, DetectionMethod::kBom);

  d = DetectEncoding(utf8, true);
  EXPECT_EQ(d.encoding, Encoding::kUtf8);
  EXPECT_EQ(d.method, DetectionMethod::kValidUtf8);
  // A sample cut inside a character is still UTF-8; so is a whole stream
  // cut so, once its first 32 non-ASCII bytes were valid UTF-8 (the verdict
  // then rests on them, whatever the chunks). With less evidence, a stream
  // that ends inside a character is not UTF-8.
  std::string cut = utf8.substr(0, utf8.find("朱") + 1);
  EXPECT_EQ(DetectEncoding(cut, false).encoding, Encoding::kUtf8);
  EXPECT_EQ(DetectEncoding(cut, true).encoding, Encoding::kUtf8);
  EXPECT_EQ(DetectEncoding(utf8.substr(0, 4), true).encoding,
            Encoding::kGb18030);

  d = DetectEncoding(gb, true);  // GBK bytes without a BOM
  EXPECT_EQ(d.encoding, Encoding::kGb18030);
  EXPECT_EQ(d.method, DetectionMethod::kInvalidUtf8);
  EXPECT_EQ(d.bom_length, 0u);

  d = DetectEncoding("\xFF\xFE" + le, true);
  EXPECT_EQ(d.encoding, Encoding::kUtf16Le);
  EXPECT_EQ(d.bom_length, 2u);
  d = DetectEncoding("\xFE\xFF" + be, true);
  EXPECT_EQ(d.encoding, Encoding::kUtf16Be);
  EXPECT_EQ(d.bom_length, 2u);
  d = DetectEncoding(le, true);
  EXPECT_EQ(d.encoding, Encoding::kUtf16Le);
  EXPECT_EQ(d.method, DetectionMethod::kNulPattern);
  EXPECT_EQ(DetectEncoding(be, true).encoding, Encoding::kUtf16Be);

  // UTF-8 with one bad byte is UTF-8 with an error, not GB18030 (the byte
  // is among the first non-ASCII ones, so the whole sample is weighed).
  std::string damaged;
  for (int i = 0; i < 4; ++i) damaged += utf8;
  damaged[damaged.find("名") + 1] = 'x';
  d = DetectEncoding(damaged, true);
  EXPECT_EQ(d.encoding, Encoding::kUtf8);
  EXPECT_EQ(d.method, DetectionMethod::kMostlyUtf8);
  Result r = DecodeAll(damaged, EncodingSpec::kAuto);
  EXPECT_EQ(r.encoding, Encoding::kUtf8);
  EXPECT_EQ(r.errors.size(), 2u);  // E7 x 8B: the lead, then a stray byte
  // GB18030 text repeated stays GB18030.
  std::string gb4;
  for (int i = 0; i < 4; ++i) gb4 += gb;
  EXPECT_EQ(DetectEncoding(gb4, true).encoding, Encoding::kGb18030);

  d = DetectEncoding("id,name\n1,2\n", true);
  EXPECT_EQ(d.encoding, Encoding::kUtf8);
  EXPECT_EQ(d.method, DetectionMethod::kAscii);

  // Specs.
  d = DetectEncoding(utf8, true, EncodingSpec::kGb18030);
  EXPECT_EQ(d.encoding, Encoding::kGb18030);
  EXPECT_EQ(d.method, DetectionMethod::kForced);
  d = DetectEncoding(
      "\xEF\xBB\xBF"
      "a",
      true, EncodingSpec::kUtf8);
  EXPECT_EQ(d.bom_length, 3u);
  d = DetectEncoding(
      "\xEF\xBB\xBF"
      "a",
      true, EncodingSpec::kGb18030);
  EXPECT_EQ(d.bom_length, 0u);  // not its BOM: forced means forced
  d = DetectEncoding("\xFE\xFF" + be, true, EncodingSpec::kUtf16);
  EXPECT_EQ(d.encoding, Encoding::kUtf16Be);
  EXPECT_EQ(d.bom_length, 2u);
  d = DetectEncoding("\x2D\x4E", true, EncodingSpec::kUtf16);
  EXPECT_EQ(d.encoding, Encoding::kUtf16Le);
  EXPECT_EQ(d.method, DetectionMethod::kUtf16Default);
}

TEST(EncodingDetectTest, DecoderStripsBomsAndDetects) {
  struct Case {
    std::string bytes;
    Encoding encoding;
    size_t bom;
  };
  std::vector<Case> cases = {
      {"\xEF\xBB\xBF" + std::string(kNames), Encoding::kUtf8, 3},
      {std::string(kNames), Encoding::kUtf8, 0},
      {*EncodeUtf8(kNames, Encoding::kGb18030), Encoding::kGb18030, 0},
      {*EncodeUtf8(kNames, Encoding::kGb18030, true), Encoding::kGb18030, 4},
      {*EncodeUtf8(kNames, Encoding::kUtf16Le, true), Encoding::kUtf16Le, 2},
      {*EncodeUtf8(kNames, Encoding::kUtf16Be, true), Encoding::kUtf16Be, 2},
      {*EncodeUtf8(kNames, Encoding::kUtf16Le), Encoding::kUtf16Le, 0},
  };
  for (const Case& c : cases) {
    Decoder decoder;
    std::string out;
    std::vector<DecodeError> errors;
    decoder.Decode(c.bytes, &out, &errors);
    decoder.Finish(&out, &errors);
    EXPECT_EQ(out, kNames) << EncodingName(c.encoding);
    EXPECT_EQ(decoder.encoding(), c.encoding);
    EXPECT_TRUE(decoder.decided());
    EXPECT_EQ(decoder.bom_length(), c.bom) << EncodingName(c.encoding);
    EXPECT_TRUE(errors.empty());
  }
  // Tiny inputs and empty streams.
  for (std::string_view tiny :
       {"", "a", "\xEF", "\xEF\xBB", "\xEF\xBB\xBF", "\xFF\xFE", "\xD6\xD0"}) {
    Result r = DecodeAll(tiny, EncodingSpec::kAuto);
    ExpectConsistent(tiny, r);
  }
  EXPECT_EQ(DecodeAll("\xEF\xBB\xBF", EncodingSpec::kAuto).out, "");
  EXPECT_EQ(DecodeAll("\xD6\xD0", EncodingSpec::kAuto).out, "中");
  EXPECT_EQ(DecodeAll("\xD6\xD0", EncodingSpec::kAuto).encoding,
            Encoding::kGb18030);
}

TEST(EncodingDetectTest, LongAsciiPrefixThenGbk) {
  // The first non-ASCII byte comes after 200 KB: the decoder decides there,
  // whatever the chunking.
  std::string ascii;
  while (ascii.size() < 200000) ascii += "110101195001011234,2024-01-01,1.00\n";
  std::string text = ascii + "朱镕基,王堃\n" + ascii;
  std::string gb = *EncodeUtf8(text, Encoding::kGb18030);
  std::string utf8 = text;
  for (size_t chunk : {size_t{1} << 12, size_t{1} << 16, gb.size()}) {
    std::vector<size_t> cuts;
    for (size_t at = chunk; at < gb.size(); at += chunk) cuts.push_back(at);
    Result r = DecodeInPieces(gb, EncodingSpec::kAuto, cuts);
    EXPECT_EQ(r.encoding, Encoding::kGb18030) << chunk;
    EXPECT_EQ(r.out, text) << chunk;
    EXPECT_TRUE(r.errors.empty()) << chunk;
    Result u = DecodeInPieces(utf8, EncodingSpec::kAuto, cuts);
    EXPECT_EQ(u.encoding, Encoding::kUtf8) << chunk;
    EXPECT_EQ(u.out, text) << chunk;
  }
}

// ---------------------------------------------------------------------------
// Random bytes.

TEST(DecoderFuzzTest, RandomBytesNeverCrashAndGiveValidUtf8) {
  std::mt19937_64 rng(20261128);
  std::vector<EncodingSpec> specs = {
      EncodingSpec::kAuto,    EncodingSpec::kUtf8,    EncodingSpec::kUtf16,
      EncodingSpec::kUtf16Le, EncodingSpec::kUtf16Be, EncodingSpec::kGb18030};
  // Bytes biased towards the interesting ranges.
  auto random_byte = [&]() -> char {
    switch (rng() % 6) {
      case 0:
        return static_cast<char>(0x30 + rng() % 10);
      case 1:
        return static_cast<char>(0x80 + rng() % 0x40);
      case 2:
        return static_cast<char>(0xC0 + rng() % 0x40);
      case 3:
        return static_cast<char>(rng() % 4 == 0 ? 0 : 'a');
      default:
        return static_cast<char>(rng());
    }
  };
  for (int round = 0; round < 3000; ++round) {
    size_t n = rng() % (round < 2500 ? 40 : 3000);
    std::string bytes;
    for (size_t i = 0; i < n; ++i) bytes.push_back(random_byte());
    EncodingSpec spec = specs[round % specs.size()];
    Result whole = DecodeAll(bytes, spec);
    ExpectConsistent(bytes, whole);
    std::vector<size_t> cuts;
    for (size_t at = 0; at < n; at += 1 + rng() % 17) cuts.push_back(at);
    Result chunked = DecodeInPieces(bytes, spec, cuts);
    ASSERT_EQ(chunked.out, whole.out) << "round " << round;
    ASSERT_TRUE(SameErrors(chunked.errors, whole.errors)) << "round " << round;
  }
}

TEST(DecoderFuzzTest, ValidInputAroundErrorsSurvives) {
  // In UTF-8 mode, removing the U+FFFDs and the bad bytes gives the same
  // text: nothing but the bad bytes is touched.
  std::mt19937_64 rng(7);
  std::string text(kNames);
  for (int round = 0; round < 500; ++round) {
    std::string bytes = text;
    size_t at = rng() % bytes.size();
    bytes.insert(at, 1, static_cast<char>(0xF8 + rng() % 8));
    Result r = DecodeAll(bytes, EncodingSpec::kUtf8);
    ASSERT_FALSE(r.errors.empty());
    std::string restored = r.out;
    for (auto it = r.errors.rbegin(); it != r.errors.rend(); ++it) {
      restored.replace(it->output_offset, 3, it->raw());
    }
    EXPECT_EQ(restored, bytes);
  }
}

// ---------------------------------------------------------------------------
// Encoder.

TEST(EncodingEncoderTest, StreamsAndBoms) {
  for (Encoding e : {Encoding::kUtf8, Encoding::kUtf16Le, Encoding::kUtf16Be,
                     Encoding::kGb18030}) {
    std::string whole = *EncodeUtf8(kNames, e, true);
    Encoder encoder(e, true);
    std::string pieces;
    for (char c : kNames) {
      ASSERT_TRUE(encoder.Encode(std::string_view(&c, 1), &pieces).ok());
    }
    ASSERT_TRUE(encoder.Finish(&pieces).ok());
    EXPECT_EQ(pieces, whole) << EncodingName(e);
  }
  EXPECT_TRUE(
      EncodeUtf8("a", Encoding::kUtf16Le, true)->starts_with("\xFF\xFE"));
  EXPECT_EQ(*EncodeUtf8("a", Encoding::kUtf16Le, true), std::string("\xFF\xFE"
                                                                    "a\0"sv));
  EXPECT_EQ(*EncodeUtf8("😀", Encoding::kUtf16Le),
            std::string("\x3D\xD8\x00\xDE"sv));
  EXPECT_EQ(*EncodeUtf8("a", Encoding::kUtf8, true),
            "\xEF\xBB\xBF"
            "a");
  EXPECT_EQ(*EncodeUtf8(kNames, Encoding::kGb18030), *Utf8ToGb18030(kNames));
}

TEST(EncodingEncoderTest, InvalidUtf8Fails) {
  for (Encoding e : {Encoding::kUtf8, Encoding::kUtf16Le, Encoding::kGb18030}) {
    absl::StatusOr<std::string> r = EncodeUtf8("ab\xFF", e);
    ASSERT_FALSE(r.ok());
    EXPECT_NE(r.status().message().find("offset 2"), std::string::npos)
        << r.status();
    EXPECT_FALSE(EncodeUtf8("ab\xE4\xB8", e).ok());  // ends inside
  }
  Encoder moved(Encoding::kGb18030);
  Encoder other = std::move(moved);
  std::string out;
  EXPECT_TRUE(other.Encode("中", &out).ok());
  EXPECT_EQ(out, "\xD6\xD0");
}

}  // namespace
}  // namespace creditdata::text
