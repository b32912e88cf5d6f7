#include "validate/key_index.h"

#include <sys/mman.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <new>

namespace creditdata::internal {

namespace {
constexpr size_t kInitialSlots = 1024;  // a power of two

// Slots for `keys` keys at most 3/4 full (short probes; an empty slot
// always exists).
size_t SlotsFor(size_t keys) {
  size_t slots = kInitialSlots;
  while (slots / 4 * 3 < keys + 1) slots *= 2;
  return slots;
}
constexpr size_t kHugePage = size_t{2} << 20;

// `bytes` of zeroed memory for slots.
void* AllocateSlots(size_t bytes) {
  size_t alignment = bytes >= kHugePage ? kHugePage : 64;
  size_t rounded = (bytes + alignment - 1) / alignment * alignment;
  void* p = std::aligned_alloc(alignment, rounded);
  if (p == nullptr) throw std::bad_alloc();
#ifdef MADV_HUGEPAGE
  if (alignment == kHugePage) ::madvise(p, rounded, MADV_HUGEPAGE);
#endif
  std::memset(p, 0, bytes);
  return p;
}

}  // namespace

void KeyIndex::FreeSlots::operator()(Slot* p) const { std::free(p); }

KeyIndex::KeyIndex()
    : slots_(static_cast<Slot*>(AllocateSlots(kInitialSlots * sizeof(Slot)))),
      capacity_(kInitialSlots),
      mask_(kInitialSlots - 1) {}

void KeyIndex::Reserve(size_t keys) {
  size_t slots = SlotsFor(keys);
  if (slots > capacity_) Rehash(slots);
}

int64_t KeyIndex::Insert(const KeyDigest& digest, int64_t row) {
  if (size_ + 1 > capacity_ / 4 * 3) Rehash(capacity_ * 2);
  uint32_t check = static_cast<uint32_t>(digest.check) | 1;
  for (size_t i = digest.hash & mask_;; i = (i + 1) & mask_) {
    Slot& slot = slots_[i];
    if (slot.check == 0) {
      constexpr int64_t kMaxRow = std::numeric_limits<uint32_t>::max();
      slot = Slot{digest.hash, check,
                  static_cast<uint32_t>(std::clamp<int64_t>(row, 0, kMaxRow))};
      ++size_;
      return -1;
    }
    if (slot.hash == digest.hash && slot.check == check) return slot.row;
  }
}

void KeyIndex::Rehash(size_t slots) {
  std::unique_ptr<Slot[], FreeSlots> old(
      static_cast<Slot*>(AllocateSlots(slots * sizeof(Slot))));
  old.swap(slots_);
  size_t old_capacity = capacity_;
  capacity_ = slots;
  mask_ = slots - 1;
  for (size_t j = 0; j < old_capacity; ++j) {
    const Slot& s = old[j];
    if (s.check == 0) continue;
    size_t i = s.hash & mask_;
    while (slots_[i].check != 0) i = (i + 1) & mask_;
    slots_[i] = s;
  }
}

}  // namespace creditdata::internal
