#pragma once
// An allocator that zeroes every block before freeing it, for containers of personal data that are
// not text or bytes (a signature's strokes): the vector's growth and its destruction both pass here.
#include <cstddef>
#include <memory>

#include "base/secret.hpp"

namespace ow {

template <class T>
struct ZeroingAllocator {
  using value_type = T;

  ZeroingAllocator() noexcept = default;
  template <class U>
  ZeroingAllocator(const ZeroingAllocator<U>&) noexcept {}  // NOLINT: rebinding, as std::allocator does

  T* allocate(std::size_t n) { return std::allocator<T>().allocate(n); }
  void deallocate(T* p, std::size_t n) noexcept {
    detail::SecretBuffer::zero_bytes(p, n * sizeof(T));
    std::allocator<T>().deallocate(p, n);
  }

  template <class U>
  friend bool operator==(const ZeroingAllocator&, const ZeroingAllocator<U>&) noexcept {
    return true;
  }
};

}  // namespace ow
