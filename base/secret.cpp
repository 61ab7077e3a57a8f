#include "base/secret.hpp"

#include <sodium.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <new>
#include <stdexcept>

namespace ow {
namespace detail {

void SecretBuffer::zero_bytes(void* bytes, std::size_t n) noexcept {
  if (bytes != nullptr && n > 0) sodium_memzero(bytes, n);
}

SecretBuffer::SecretBuffer(const void* bytes, std::size_t n, bool terminated) {
  if (n == 0) return;
  append(bytes, n, terminated);
}

SecretBuffer::SecretBuffer(SecretBuffer&& other) noexcept
    : data_(other.data_), size_(other.size_), capacity_(other.capacity_) {
  other.data_ = nullptr;
  other.size_ = other.capacity_ = 0;
}

SecretBuffer& SecretBuffer::operator=(SecretBuffer&& other) noexcept {
  if (this != &other) {
    clear();
    data_ = other.data_;
    size_ = other.size_;
    capacity_ = other.capacity_;
    other.data_ = nullptr;
    other.size_ = other.capacity_ = 0;
  }
  return *this;
}

SecretBuffer::~SecretBuffer() { clear(); }

void SecretBuffer::clear() noexcept {
  if (data_ == nullptr) return;
  zero_bytes(data_, capacity_);
  ::operator delete(data_);  // unsized: clang declares the sized form only with -fsized-deallocation
  data_ = nullptr;
  size_ = capacity_ = 0;
}

void SecretBuffer::reserve(std::size_t n, bool terminated) {
  if (n > PTRDIFF_MAX / 2) throw std::length_error("SecretBuffer too large");
  const std::size_t need = n + (terminated ? 1 : 0);
  if (need <= capacity_) return;
  const std::size_t grown = std::max(need, capacity_ + capacity_ / 2);
  auto* fresh = static_cast<unsigned char*>(::operator new(grown));
  std::memset(fresh, 0, grown);
  if (data_ != nullptr) {
    std::memcpy(fresh, data_, size_);
    zero_bytes(data_, capacity_);
    ::operator delete(data_);  // unsized: clang declares the sized form only with -fsized-deallocation
  }
  data_ = fresh;
  capacity_ = grown;
}

void SecretBuffer::resize(std::size_t n, bool terminated) {
  if (n == 0 && data_ == nullptr) return;
  reserve(n, terminated);
  if (n < size_) zero_bytes(data_ + n, size_ - n);  // also restores a terminator's NUL
  else std::memset(data_ + size_, 0, n - size_);
  size_ = n;
}

void SecretBuffer::append(const void* bytes, std::size_t n, bool terminated) {
  if (n == 0) return;
  if (n > PTRDIFF_MAX / 2 - size_) throw std::length_error("SecretBuffer too large");
  reserve(size_ + n, terminated);
  std::memcpy(data_ + size_, bytes, n);
  size_ += n;
  if (terminated) data_[size_] = 0;
}

}  // namespace detail

SecretString::SecretString(std::string&& text) : SecretString(std::string_view(text)) {
  detail::SecretBuffer::zero_bytes(text.data(), text.capacity());
  text.clear();
}

SecretString::SecretString(std::string_view text) : buf_(text.data(), text.size(), true) {}

SecretString::SecretString(const char* text) : SecretString(std::string_view(text)) {}

SecretString& SecretString::append(std::string_view more) {
  buf_.append(more.data(), more.size(), true);
  return *this;
}

SecretBytes::SecretBytes(std::vector<std::uint8_t>&& bytes) : SecretBytes(std::span<const std::uint8_t>(bytes)) {
  detail::SecretBuffer::zero_bytes(bytes.data(), bytes.capacity());
  bytes.clear();
}

SecretBytes::SecretBytes(std::span<const std::uint8_t> bytes) : buf_(bytes.data(), bytes.size(), false) {}

SecretBytes& SecretBytes::append(std::span<const std::uint8_t> more) {
  buf_.append(more.data(), more.size(), false);
  return *this;
}

bool operator==(const SecretBytes& a, std::span<const std::uint8_t> b) noexcept {
  return a.size() == b.size() && (b.empty() || std::memcmp(a.data(), b.data(), b.size()) == 0);
}

}  // namespace ow
