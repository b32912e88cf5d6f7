// The natural-key index: one 96-bit digest per distinct key and the row
// that first had it, in 16 bytes. An open-addressing table (linear probing)
// rather than a map of pairs: one cache line per lookup, and a lookup can
// be prefetched while earlier rows are still being handled, which is what
// keeps a million-row file from paying a cache miss per row.

#ifndef CREDITDATA_SRC_VALIDATE_KEY_INDEX_H_
#define CREDITDATA_SRC_VALIDATE_KEY_INDEX_H_

#include <cstddef>
#include <cstdint>
#include <memory>

namespace creditdata::internal {

// A natural key's digest; `present` is false for a row with no complete key.
struct KeyDigest {
  uint64_t hash = 0;
  uint64_t check = 0;
  bool present = false;
};

class KeyIndex {
 public:
  KeyIndex();
  KeyIndex(KeyIndex&&) noexcept = default;
  KeyIndex& operator=(KeyIndex&&) noexcept = default;

  // Makes room for `keys` keys without growing on the way.
  void Reserve(size_t keys);
  // Starts loading the slot `digest` would be looked up in.
  void Prefetch(const KeyDigest& digest) const {
    __builtin_prefetch(&slots_[digest.hash & mask_]);
  }
  // Adds the key of `row`. Returns the row that had it first, or -1 when
  // the key is new. Rows beyond 2^32 - 1 are remembered as 2^32 - 1.
  int64_t Insert(const KeyDigest& digest, int64_t row);
  size_t size() const { return size_; }

 private:
  // check == 0 marks an empty slot; stored checks have their low bit set.
  struct Slot {
    uint64_t hash;
    uint32_t check;
    uint32_t row;
  };
  static_assert(sizeof(Slot) == 16);
  struct FreeSlots {
    void operator()(Slot* p) const;
  };
  void Rehash(size_t slots);

  // Zeroed, 64-byte aligned; large tables ask for huge pages, since random
  // lookups in tens of megabytes otherwise miss the TLB on every row.
  std::unique_ptr<Slot[], FreeSlots> slots_;
  size_t capacity_;
  size_t mask_;
  size_t size_ = 0;
};

}  // namespace creditdata::internal

#endif  // CREDITDATA_SRC_VALIDATE_KEY_INDEX_H_
