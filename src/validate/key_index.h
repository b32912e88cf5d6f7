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
  // Inline: it is called once per row.
  int64_t Insert(const KeyDigest& digest, int64_t row) {
    if (size_ >= grow_at_) [[unlikely]] {
      Rehash(capacity_ * 2);
    }
    uint32_t check = static_cast<uint32_t>(digest.check) | 1;
    for (size_t i = digest.hash & mask_;; i = (i + 1) & mask_) {
      Slot& slot = slots_[i];
      if (slot.check == 0) {
        slot = Slot{digest.hash, check, StoredRow(row)};
        ++size_;
        return -1;
      }
      if (slot.hash == digest.hash && slot.check == check) return slot.row;
    }
  }
  size_t size() const { return size_; }

 private:
  // check == 0 marks an empty slot; stored checks have their low bit set.
  struct Slot {
    uint64_t hash;
    uint32_t check;
    uint32_t row;
  };
  static_assert(sizeof(Slot) == 16);
  static uint32_t StoredRow(int64_t row) {
    if (row < 0) return 0;
    return row > int64_t{UINT32_MAX} ? UINT32_MAX : static_cast<uint32_t>(row);
  }
  // Frees slots from AllocateSlots: `mapped` bytes from mmap, or (0) from
  // the heap.
  struct FreeSlots {
    size_t mapped = 0;
    void operator()(Slot* p) const;
  };
  // `slots` zeroed slots, 64-byte aligned. Large tables are mapped straight
  // from the kernel (zero already: no memset) and ask for huge pages, since
  // random lookups in tens of megabytes otherwise miss the TLB on every row.
  static std::unique_ptr<Slot[], FreeSlots> AllocateSlots(size_t slots);
  void Rehash(size_t slots);

  std::unique_ptr<Slot[], FreeSlots> slots_;
  size_t capacity_;
  size_t mask_;
  size_t grow_at_;  // the size that makes it grow
  size_t size_ = 0;
};

}  // namespace creditdata::internal

#endif  // CREDITDATA_SRC_VALIDATE_KEY_INDEX_H_
