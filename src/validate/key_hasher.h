// The digest of a record's natural key: the key parts are fed word by word
// (no string is built) into a 128-bit state, and Finish() gives the
// KeyDigest that KeyIndex stores 96 bits of.

#ifndef CREDITDATA_SRC_VALIDATE_KEY_HASHER_H_
#define CREDITDATA_SRC_VALIDATE_KEY_HASHER_H_

#include <cstddef>
#include <cstdint>

#include "validate/key_index.h"
#include "values/text_check.h"

namespace creditdata::internal {

// Each word goes through one Feistel round on the two 64-bit lanes, its
// round function a 64x64->128-bit multiply folded to 64 bits (hi ^ lo):
//   x = a ^ w;  a = b ^ fold(x * K);  b = x.
// For a given word the round is a permutation of the state, so keys that
// differ in one word (or in two adjacent ones) always leave different
// states. Finish() adds two Feistel rounds with murmur3's finalizer (a
// permutation of the state as well), so that both halves of the digest
// are avalanched.
// It tells apart the keys of honest data; it is not meant to resist inputs
// crafted to collide.
class KeyHasher {
 public:
  [[gnu::always_inline]] void Word(uint64_t w) {
    uint64_t x = a_ ^ w;
    U128 p = U128{x} * kRound;
    a_ = b_ ^ static_cast<uint64_t>(p) ^ static_cast<uint64_t>(p >> 64);
    b_ = x;
  }
  // Length first, so that parts cannot run into each other; with the
  // length known, overlapping loads still tell all inputs apart.
  [[gnu::always_inline]] void Bytes(const char* p, size_t n) {
    Word(n);
    Content(p, n);
  }
  // The bytes alone: for a caller that has given the length already.
  [[gnu::always_inline]] void Content(const char* p, size_t n) {
    if (n >= 8) {
      for (; n > 8; p += 8, n -= 8) Word(Load8(p));
      Word(Load8(p + n - 8));
    } else if (n >= 4) {
      Word(uint64_t{Load4(p)} | uint64_t{Load4(p + n - 4)} << 32);
    } else if (n > 0) {
      Word(uint64_t{uint8_t(p[0])} | uint64_t{uint8_t(p[n / 2])} << 8 |
           uint64_t{uint8_t(p[n - 1])} << 16);
    }
  }
  [[gnu::always_inline]] KeyDigest Finish() const {
    // Two Feistel rounds: `check` is b_ ^ Avalanche(a_), and `hash`
    // avalanches all of it. (Any change of the input changes a_: keys
    // never differ in b_ alone but by a 2^-64 chance.)
    uint64_t check = b_ ^ Avalanche(a_ ^ 0x2545F4914F6CDD1Du);
    uint64_t hash = a_ ^ Avalanche(check ^ 0x9E3779B97F4A7C15u);
    return {hash, check, true};
  }

 private:
  __extension__ typedef unsigned __int128 U128;
  static constexpr uint64_t kRound = 0x9FB21C651E98DF25u;

  // murmur3's fmix64: each input bit flips each output bit with
  // probability close to 1/2.
  static uint64_t Avalanche(uint64_t x) {
    x ^= x >> 33;
    x *= 0xFF51AFD7ED558CCDu;
    x ^= x >> 33;
    x *= 0xC4CEB9FE1A85EC53u;
    return x ^ (x >> 33);
  }

  uint64_t a_ = 0x243F6A8885A308D3u;
  uint64_t b_ = 0x13198A2E03707344u;
};

}  // namespace creditdata::internal

#endif  // CREDITDATA_SRC_VALIDATE_KEY_HASHER_H_
