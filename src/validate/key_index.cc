#include "validate/key_index.h"

#include <algorithm>
#include <limits>

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
}  // namespace

KeyIndex::KeyIndex()
    : slots_(kInitialSlots, Slot{0, 0, 0}), mask_(kInitialSlots - 1) {}

void KeyIndex::Reserve(size_t keys) {
  size_t slots = SlotsFor(keys);
  if (slots > slots_.size()) Rehash(slots);
}

int64_t KeyIndex::Insert(const KeyDigest& digest, int64_t row) {
  if (size_ + 1 > slots_.size() / 4 * 3) Rehash(slots_.size() * 2);
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
  std::vector<Slot> old(slots, Slot{0, 0, 0});
  old.swap(slots_);
  mask_ = slots_.size() - 1;
  for (const Slot& s : old) {
    if (s.check == 0) continue;
    size_t i = s.hash & mask_;
    while (slots_[i].check != 0) i = (i + 1) & mask_;
    slots_[i] = s;
  }
}

}  // namespace creditdata::internal
