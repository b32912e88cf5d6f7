#include "validate/key_index.h"

namespace creditdata::internal {

namespace {
constexpr size_t kInitialSlots = 1024;  // a power of two
}  // namespace

KeyIndex::KeyIndex()
    : slots_(kInitialSlots, Slot{0, 0}),
      rows_(kInitialSlots, 0),
      mask_(kInitialSlots - 1) {}

int64_t KeyIndex::Insert(const KeyDigest& digest, int64_t row) {
  // At most 3/4 full, so probes stay short and an empty slot always exists.
  if ((size_ + 1) * 4 > slots_.size() * 3) Grow();
  uint64_t check = digest.check | 1;
  for (size_t i = digest.hash & mask_;; i = (i + 1) & mask_) {
    Slot& slot = slots_[i];
    if (slot.check == 0) {
      slot = Slot{digest.hash, check};
      rows_[i] = row;
      ++size_;
      return -1;
    }
    if (slot.hash == digest.hash && slot.check == check) return rows_[i];
  }
}

void KeyIndex::Grow() {
  std::vector<Slot> old_slots(slots_.size() * 2, Slot{0, 0});
  std::vector<int64_t> old_rows(rows_.size() * 2, 0);
  old_slots.swap(slots_);
  old_rows.swap(rows_);
  mask_ = slots_.size() - 1;
  for (size_t j = 0; j < old_slots.size(); ++j) {
    if (old_slots[j].check == 0) continue;
    size_t i = old_slots[j].hash & mask_;
    while (slots_[i].check != 0) i = (i + 1) & mask_;
    slots_[i] = old_slots[j];
    rows_[i] = old_rows[j];
  }
}

}  // namespace creditdata::internal
