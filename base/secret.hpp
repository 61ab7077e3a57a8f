#pragma once
// Personal data (names, ID numbers, addresses, photos, signatures, scans) lives in these two types.
// They zero their memory with sodium_memzero whenever it is given up: on destruction, when moved
// from (the source is left empty), on reassignment (the old contents first) and when growing
// moves them to a bigger buffer (the old buffer). They own their buffer rather than wrap
// std::string/std::vector, whose reallocations and small-string storage we could not reach.
// Copies are explicit: the copy operations are deleted, clone() makes one, and str()/to_vector()
// hand a plain copy to a library that needs one (that copy is the caller's to keep short).
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace ow {

namespace detail {
// A heap buffer of bytes that zeroes every buffer it lets go of. `terminated` keeps a NUL after the
// last byte, for SecretString::c_str().
class SecretBuffer {
 public:
  SecretBuffer() = default;
  SecretBuffer(const void* bytes, std::size_t n, bool terminated);
  SecretBuffer(SecretBuffer&& other) noexcept;
  SecretBuffer& operator=(SecretBuffer&& other) noexcept;
  SecretBuffer(const SecretBuffer&) = delete;
  SecretBuffer& operator=(const SecretBuffer&) = delete;
  ~SecretBuffer();

  unsigned char* data() noexcept { return data_; }
  const unsigned char* data() const noexcept { return data_; }
  std::size_t size() const noexcept { return size_; }
  std::size_t capacity() const noexcept { return capacity_; }

  void reserve(std::size_t n, bool terminated);
  void resize(std::size_t n, bool terminated);  // new bytes are zero
  void append(const void* bytes, std::size_t n, bool terminated);
  void clear() noexcept;  // zeroes and frees the buffer
  // Zeroes and empties the other's buffer after copying from it.
  static void zero_bytes(void* bytes, std::size_t n) noexcept;

 private:
  unsigned char* data_ = nullptr;
  std::size_t size_ = 0;
  std::size_t capacity_ = 0;  // bytes allocated (including a terminator's byte)
};
}  // namespace detail

// UTF-8 text that is personal data.
class SecretString {
 public:
  SecretString() = default;
  // Takes the text and zeroes the source string's whole buffer (up to its capacity) and empties it,
  // so a temporary built from the card's bytes leaves nothing behind.
  SecretString(std::string&& text);  // NOLINT: implicit, data flowing into a secret is fine
  SecretString(const std::string& text) : SecretString(std::string_view(text)) {}  // NOLINT: the caller keeps its copy
  SecretString(std::string_view text);        // NOLINT
  SecretString(const char* text);             // NOLINT
  SecretString(SecretString&&) noexcept = default;
  SecretString& operator=(SecretString&&) noexcept = default;
  SecretString(const SecretString&) = delete;
  SecretString& operator=(const SecretString&) = delete;
  ~SecretString() = default;

  SecretString clone() const { return SecretString(view()); }
  std::string_view view() const noexcept { return {data(), size()}; }
  std::string str() const { return std::string(view()); }  // a plain copy, for a library that needs one
  const char* data() const noexcept { return buf_.data() ? reinterpret_cast<const char*>(buf_.data()) : ""; }
  const char* c_str() const noexcept { return data(); }
  std::size_t size() const noexcept { return buf_.size(); }
  bool empty() const noexcept { return buf_.size() == 0; }
  char operator[](std::size_t i) const noexcept { return data()[i]; }
  // Read-only iteration, so parsers that take a container (nlohmann::json::parse) read it in place.
  const char* begin() const noexcept { return data(); }
  const char* end() const noexcept { return data() + size(); }
  void clear() noexcept { buf_.clear(); }
  void reserve(std::size_t n) { buf_.reserve(n, true); }
  SecretString& append(std::string_view more);
  SecretString& operator+=(std::string_view more) { return append(more); }
  SecretString& operator+=(char c) { return append(std::string_view(&c, 1)); }

  friend bool operator==(const SecretString& a, std::string_view b) noexcept { return a.view() == b; }
  friend bool operator==(const SecretString& a, const char* b) noexcept { return a.view() == std::string_view(b); }
  friend bool operator==(const SecretString& a, const std::string& b) noexcept { return a.view() == b; }
  friend bool operator==(const SecretString& a, const SecretString& b) noexcept { return a.view() == b.view(); }

 private:
  detail::SecretBuffer buf_;  // always NUL-terminated when allocated
};

// Bytes that are personal data: a photo, a scan, a signature, a fingerprint, a sealed form.
class SecretBytes {
 public:
  using value_type = std::uint8_t;

  SecretBytes() = default;
  // Takes the bytes and zeroes the source vector's whole buffer (up to its capacity) and empties it.
  SecretBytes(std::vector<std::uint8_t>&& bytes);  // NOLINT
  explicit SecretBytes(std::span<const std::uint8_t> bytes);
  SecretBytes(const std::uint8_t* bytes, std::size_t n) : SecretBytes(std::span(bytes, n)) {}
  SecretBytes(SecretBytes&&) noexcept = default;
  SecretBytes& operator=(SecretBytes&&) noexcept = default;
  SecretBytes(const SecretBytes&) = delete;
  SecretBytes& operator=(const SecretBytes&) = delete;
  ~SecretBytes() = default;

  SecretBytes clone() const { return SecretBytes(span()); }
  std::vector<std::uint8_t> to_vector() const { return {begin(), end()}; }  // a plain copy
  std::span<const std::uint8_t> span() const noexcept { return {data(), size()}; }
  std::string_view view() const noexcept { return {reinterpret_cast<const char*>(data()), size()}; }

  std::uint8_t* data() noexcept { return buf_.data(); }
  const std::uint8_t* data() const noexcept { return buf_.data(); }
  std::size_t size() const noexcept { return buf_.size(); }
  bool empty() const noexcept { return buf_.size() == 0; }
  std::uint8_t* begin() noexcept { return data(); }
  std::uint8_t* end() noexcept { return data() + size(); }
  const std::uint8_t* begin() const noexcept { return data(); }
  const std::uint8_t* end() const noexcept { return data() + size(); }
  std::uint8_t& operator[](std::size_t i) noexcept { return data()[i]; }
  std::uint8_t operator[](std::size_t i) const noexcept { return data()[i]; }

  void clear() noexcept { buf_.clear(); }
  void reserve(std::size_t n) { buf_.reserve(n, false); }
  void resize(std::size_t n) { buf_.resize(n, false); }
  SecretBytes& append(std::span<const std::uint8_t> more);
  void push_back(std::uint8_t b) { buf_.append(&b, 1, false); }

  friend bool operator==(const SecretBytes& a, const SecretBytes& b) noexcept { return a.view() == b.view(); }
  friend bool operator==(const SecretBytes& a, std::span<const std::uint8_t> b) noexcept;
  friend bool operator==(const SecretBytes& a, const std::vector<std::uint8_t>& b) noexcept {
    return a == std::span<const std::uint8_t>(b);
  }

 private:
  detail::SecretBuffer buf_;
};

}  // namespace ow
