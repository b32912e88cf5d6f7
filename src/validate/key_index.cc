#include "validate/key_index.h"

#include <sys/mman.h>

#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <new>

namespace creditdata::internal {

namespace {
constexpr size_t kInitialSlots = 1024;  // a power of two

// The number of keys that makes a table of `slots` grow: at most 3/4 full
// (short probes; an empty slot always exists).
constexpr size_t GrowAt(size_t slots) { return slots / 4 * 3; }
// Slots for `keys` keys.
size_t SlotsFor(size_t keys) {
  size_t slots = kInitialSlots;
  while (GrowAt(slots) < keys + 1) slots *= 2;
  return slots;
}
constexpr size_t kHugePage = size_t{2} << 20;

#if defined(__linux__) && defined(MAP_ANONYMOUS)
// `bytes` (a multiple of kHugePage) of zeroed memory straight from the
// kernel, aligned to kHugePage so that it can be backed by huge pages, or
// null. Fresh anonymous pages read as zero: no memset, and no page is
// touched before a key lands in it.
void* MapZeroed(size_t bytes) {
  size_t span = bytes + kHugePage;  // room to align the start
  void* p = ::mmap(nullptr, span, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (p == MAP_FAILED) return nullptr;
  uintptr_t begin = reinterpret_cast<uintptr_t>(p);
  uintptr_t start = (begin + kHugePage - 1) & ~uintptr_t{kHugePage - 1};
  uintptr_t end = begin + span;
  if (start > begin) ::munmap(p, start - begin);
  if (end > start + bytes) {
    ::munmap(reinterpret_cast<void*>(start + bytes), end - (start + bytes));
  }
  void* aligned = reinterpret_cast<void*>(start);
#ifdef MADV_HUGEPAGE
  ::madvise(aligned, bytes, MADV_HUGEPAGE);
#endif
  return aligned;
}
#endif

}  // namespace

std::unique_ptr<KeyIndex::Slot[], KeyIndex::FreeSlots> KeyIndex::AllocateSlots(
    size_t slots) {
  size_t bytes = slots * sizeof(Slot);
#if defined(__linux__) && defined(MAP_ANONYMOUS)
  if (bytes >= kHugePage) {
    size_t rounded = (bytes + kHugePage - 1) / kHugePage * kHugePage;
    if (void* p = MapZeroed(rounded); p != nullptr) {
      return {static_cast<Slot*>(p), FreeSlots{rounded}};
    }
  }
#endif
  // Small tables (and the fallback): the heap, zeroed here.
  size_t alignment = bytes >= kHugePage ? kHugePage : 64;
  size_t rounded = (bytes + alignment - 1) / alignment * alignment;
  void* p = std::aligned_alloc(alignment, rounded);
  if (p == nullptr) throw std::bad_alloc();
#ifdef MADV_HUGEPAGE
  if (alignment == kHugePage) ::madvise(p, rounded, MADV_HUGEPAGE);
#endif
  std::memset(p, 0, bytes);
  return {static_cast<Slot*>(p), FreeSlots{0}};
}

void KeyIndex::FreeSlots::operator()(Slot* p) const {
#if defined(__linux__) && defined(MAP_ANONYMOUS)
  if (mapped != 0) {
    ::munmap(p, mapped);
    return;
  }
#endif
  std::free(p);
}

KeyIndex::KeyIndex()
    : slots_(AllocateSlots(kInitialSlots)),
      capacity_(kInitialSlots),
      mask_(kInitialSlots - 1),
      grow_at_(GrowAt(kInitialSlots)) {}

void KeyIndex::Reserve(size_t keys) {
  size_t slots = SlotsFor(keys);
  if (slots > capacity_) Rehash(slots);
}

void KeyIndex::Rehash(size_t slots) {
  std::unique_ptr<Slot[], FreeSlots> old = AllocateSlots(slots);
  old.swap(slots_);
  size_t old_capacity = capacity_;
  capacity_ = slots;
  mask_ = slots - 1;
  grow_at_ = GrowAt(slots);
  for (size_t j = 0; j < old_capacity; ++j) {
    const Slot& s = old[j];
    if (s.check == 0) continue;
    size_t i = s.hash & mask_;
    while (slots_[i].check != 0) i = (i + 1) & mask_;
    slots_[i] = s;
  }
}

}  // namespace creditdata::internal
