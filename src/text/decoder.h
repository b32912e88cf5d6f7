// The decoding edge: bytes in the encodings departments send (UTF-8 with or
// without BOM, UTF-16LE/BE, GB18030 — a superset of GBK and GB2312) become
// UTF-8, the library's only internal encoding, and back again for writers.
//
// Bytes that do not decode are never dropped or silently replaced: the
// streaming Decoder puts U+FFFD in their place (so the produced text stays
// well-formed UTF-8) and reports each one as a DecodeError with its absolute
// input offset, its length and the offset of the U+FFFD in the output, so
// that the reader can turn it into a finding on the right row and column.
//
// Nothing here throws (apart from std::bad_alloc) and arbitrary input never
// reads or writes out of bounds.

#ifndef CREDITDATA_SRC_TEXT_DECODER_H_
#define CREDITDATA_SRC_TEXT_DECODER_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace creditdata::text {

// The encodings the decoder reads. GB18030 covers GBK/CP936 and GB2312.
enum class Encoding { kUtf8, kUtf16Le, kUtf16Be, kGb18030 };

// "utf-8", "utf-16le", "utf-16be", "gb18030".
std::string_view EncodingName(Encoding encoding);

// What a user or a caller asks for. kAuto and kUtf16 are decided from the
// bytes: see DetectEncoding.
enum class EncodingSpec { kAuto, kUtf8, kUtf16, kUtf16Le, kUtf16Be, kGb18030 };

// "auto", "utf-8", "utf-16", "utf-16le", "utf-16be", "gb18030".
std::string_view EncodingSpecName(EncodingSpec spec);

// Parses a user's spelling, case-insensitively and ignoring '-', '_' and
// spaces: auto; utf8 / utf-8 / utf-8-sig; utf16 / ucs2 / unicode (BOM
// decides, little-endian without one); utf16le / ucs2le; utf16be / ucs2be;
// gb18030 / gbk / cp936 / ms936 / windows-936 / 936 / gb2312 / euc-cn (all
// read as GB18030). nullopt for anything else.
std::optional<EncodingSpec> ParseEncodingSpec(std::string_view name);

// The spec that forces exactly `encoding`.
EncodingSpec SpecFor(Encoding encoding);

// A byte-order mark at the start of `prefix`: EF BB BF (UTF-8), FF FE
// (UTF-16LE), FE FF (UTF-16BE) or 84 31 95 33 (GB18030's encoding of U+FEFF).
struct Bom {
  Encoding encoding;
  size_t length;
};
std::optional<Bom> SniffBom(std::string_view prefix);

// How DetectEncoding decided.
enum class DetectionMethod {
  kForced,        // the spec named one encoding
  kBom,           // a byte-order mark
  kNulPattern,    // no BOM, NUL bytes in alternating positions: UTF-16
  kAscii,         // only ASCII seen: UTF-8 (as good as any)
  kValidUtf8,     // non-ASCII bytes that are valid UTF-8
  kMostlyUtf8,    // UTF-8 with a few bad bytes (reported as errors)
  kInvalidUtf8,   // bytes that are not UTF-8: GB18030
  kUtf16Default,  // spec utf-16 without BOM or NUL pattern: little-endian
};
std::string_view DetectionMethodName(DetectionMethod method);

struct Detection {
  Encoding encoding = Encoding::kUtf8;
  size_t bom_length = 0;  // bytes of BOM at the start of the sample to skip
  DetectionMethod method = DetectionMethod::kAscii;
};

// Decides the encoding of a stream from its first bytes.
//  - kAuto: a BOM decides; otherwise NUL bytes in alternating positions of
//    the first 512 bytes mean UTF-16 (LE or BE by their position); otherwise
//    valid UTF-8 means UTF-8 and invalid UTF-8 means GB18030 — unless the
//    sample holds at least 16 valid multi-byte UTF-8 sequences per invalid
//    one: that is UTF-8 with a few bad bytes (which then become errors), not
//    GB18030, where valid UTF-8 sequences are rare accidents. When
//    `sample_is_whole_stream` is false, a multi-byte UTF-8 sequence cut by the
//    end of the sample does not count as invalid.
//  - kUtf16: the BOM decides the byte order; without one the NUL pattern,
//    else little-endian (what Windows writes).
//  - a specific encoding: that encoding; its own BOM (only) is reported so
//    it can be skipped.
Detection DetectEncoding(std::string_view sample, bool sample_is_whole_stream,
                         EncodingSpec spec = EncodingSpec::kAuto);

// One sequence of input bytes that did not decode. Its place in the output
// holds U+FFFD (EF BF BD).
struct DecodeError {
  uint64_t input_offset = 0;     // absolute in the stream, BOM included
  uint64_t output_offset = 0;    // absolute in the produced UTF-8
  uint32_t length = 0;           // bytes, 1..4
  char bytes[4] = {0, 0, 0, 0};  // the first `length` of them

  std::string_view raw() const { return std::string_view(bytes, length); }
};

// Streaming conversion to UTF-8. Feed the stream in chunks of any size (a
// multi-byte sequence split between chunks is carried over), then call
// Finish once. Output is appended to a caller-owned string, errors to a
// caller-owned vector; both can be cleared and reused between calls, in
// which case the steady state allocates nothing.
//
// With a spec that is not a single encoding, the decoder decides by itself:
// it looks at the first bytes for a BOM or a UTF-16 NUL pattern (holding
// back up to 64 bytes until it has seen them), then passes ASCII through
// until the first non-ASCII byte and decides UTF-8 or GB18030 from the bytes
// that follow it (holding back up to 64 KiB until it has seen 32 non-ASCII
// bytes; see DetectEncoding for the rule). With a single encoding, only the
// first 4 bytes are held back, to see its BOM. The BOM of the decided
// encoding is skipped, never output (input offsets still count it).
//
// Error rules (one U+FFFD per error):
//  - UTF-8: strict (no overlongs, surrogates or code points above
//    U+10FFFF); each maximal subpart of an ill-formed sequence is one error,
//    as the Unicode standard recommends.
//  - UTF-16: a lone surrogate is an error of 2 bytes; an odd byte at the end
//    of the stream one of 1 byte.
//  - GB18030: a byte that cannot start a sequence (0x80, 0xFF), a lead byte
//    not followed by a valid second byte or a valid four-byte tail, and a
//    well-formed code glibc's iconv does not map. An error never swallows an
//    ASCII byte: delimiters, quotes and newlines after a bad lead byte
//    survive.
//  - A sequence cut by the end of the stream is an error at Finish.
class Decoder {
 public:
  explicit Decoder(EncodingSpec spec = EncodingSpec::kAuto);
  explicit Decoder(Encoding encoding) : Decoder(SpecFor(encoding)) {}

  // Decodes `in`, appending UTF-8 to *out and errors to *errors.
  void Decode(std::string_view in, std::string* out,
              std::vector<DecodeError>* errors);

  // Ends the stream: what is held back is decoded, a truncated sequence is
  // an error. The decoder can then be Reset() for another stream.
  void Finish(std::string* out, std::vector<DecodeError>* errors);

  // Like Decode, but returns the decoded text as a view: of `in` itself when
  // it is valid UTF-8 to be passed through unchanged (no copy), otherwise of
  // *scratch (cleared first). Valid until `in` or *scratch change.
  std::string_view DecodeView(std::string_view in, std::string* scratch,
                              std::vector<DecodeError>* errors);

  // For a caller that reads valid UTF-8 in place instead of decoding it:
  // once the decoder has decided on UTF-8 and holds nothing back, the
  // next `n` input bytes, which the caller has validated, count as decoded
  // and passed through unchanged. False (nothing counted) otherwise.
  bool PassThrough(size_t n);

  // Starts a new stream with the same spec.
  void Reset();

  // The encoding used (or, before enough bytes were seen, the one that would
  // be used: UTF-8 for kAuto).
  Encoding encoding() const { return encoding_; }
  bool decided() const { return state_ == State::kDecided; }
  DetectionMethod detection_method() const { return method_; }
  EncodingSpec spec() const { return spec_; }
  // Bytes of BOM skipped at the start of the stream.
  size_t bom_length() const { return bom_length_; }
  // Input bytes taken so far (decoded, skipped or held back).
  uint64_t input_offset() const { return input_taken_; }
  // UTF-8 bytes produced so far.
  uint64_t output_offset() const { return output_produced_; }

 private:
  enum class State { kHead, kUndecided, kDecided };
  class Output;

  void Run(std::string_view in, bool final, Output& out);
  void FeedUndecided(std::string_view in, bool final, Output& out);
  void FeedDecided(std::string_view in, bool final, Output& out);
  void Decide(Encoding encoding, DetectionMethod method);
  // Runs the kernel of encoding_ on `in` whose first byte is at absolute
  // offset `offset`; returns the bytes consumed (the rest is an incomplete
  // sequence when !final, or *full is set: the output needs more room).
  size_t RunKernel(const unsigned char* in, size_t n, bool final,
                   uint64_t offset, Output& out, bool* full);

  EncodingSpec spec_;
  State state_ = State::kHead;
  Encoding encoding_ = Encoding::kUtf8;
  DetectionMethod method_ = DetectionMethod::kAscii;
  size_t bom_length_ = 0;
  uint64_t input_taken_ = 0;      // bytes handed to Decode so far
  uint64_t input_decoded_ = 0;    // offset of the first byte not yet decoded
  uint64_t output_produced_ = 0;  // UTF-8 bytes produced
  unsigned char carry_[8] = {};   // an incomplete sequence (< 4 bytes)
  size_t carry_length_ = 0;
  std::string held_;  // head bytes or undecided evidence held back
};

// Decodes a whole buffer: Decode + Finish. `detected` (optional) receives
// the encoding used.
std::string DecodeToUtf8(std::string_view in, EncodingSpec spec,
                         std::vector<DecodeError>* errors,
                         Encoding* detected = nullptr);

// Streaming conversion from UTF-8 for the writers. UTF-8 and UTF-16 are
// converted here; GB18030 through glibc's iconv (every Unicode scalar value
// has a GB18030 code). Input may end inside a sequence: the rest is kept for
// the next call. Invalid UTF-8 input fails with its byte offset.
class Encoder {
 public:
  // With `bom`, the output starts with the encoding's BOM (EF BB BF, FF FE,
  // FE FF or 84 31 95 33).
  explicit Encoder(Encoding target, bool bom = false);
  ~Encoder();
  Encoder(Encoder&& other) noexcept;
  Encoder& operator=(Encoder&& other) noexcept;
  Encoder(const Encoder&) = delete;
  Encoder& operator=(const Encoder&) = delete;

  absl::Status Encode(std::string_view utf8, std::string* out);
  // Fails when the input ended inside a sequence.
  absl::Status Finish(std::string* out);

  Encoding target() const { return target_; }

 private:
  absl::Status EncodeComplete(std::string_view utf8, std::string* out);

  Encoding target_;
  bool bom_pending_;
  void* iconv_ = nullptr;  // iconv_t for GB18030
  uint64_t offset_ = 0;    // input bytes consumed
  std::string tail_;       // an incomplete UTF-8 sequence held back
};

// One-shot UTF-8 → `target`.
absl::StatusOr<std::string> EncodeUtf8(std::string_view utf8, Encoding target,
                                       bool bom = false);

// True when the GB18030 tables could be built (glibc's iconv provides the
// mapping data); when false, every non-ASCII GB18030 byte is an error.
bool Gb18030Available();

}  // namespace creditdata::text

#endif  // CREDITDATA_SRC_TEXT_DECODER_H_
