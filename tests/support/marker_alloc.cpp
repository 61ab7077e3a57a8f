#include "tests/support/marker_alloc.hpp"

#include <execinfo.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <cstring>
#include <new>

// Every block carries a small header in front of what the caller sees, holding the caller's size, so
// that the unsized operator delete can search the whole block. An over-aligned block's header is one
// alignment wide; an ordinary one's is kHeader.
namespace {

constexpr std::size_t kHeader = 2 * sizeof(std::max_align_t) > 16 ? 2 * sizeof(std::max_align_t) : 16;

// The active scan's marker, copied here so that the scan itself allocates nothing.
char g_marker[ow::test::MarkerScan::kMaxMarker];
std::atomic<std::size_t> g_marker_size{0};  // 0: no scan
std::atomic<std::size_t> g_found{0};
std::atomic<std::size_t> g_searched{0};
// OW_MARKER_TRACE=1: each find prints the stack that freed the block to stderr (backtrace() and
// backtrace_symbols_fd() do not call operator new), to find where a copy escaped.
const bool g_trace = std::getenv("OW_MARKER_TRACE") != nullptr;

void trace_find() noexcept {
  void* frames[32];
  const int n = backtrace(frames, 32);
  static const char kHead[] = "marker found in a freed block, freed at:\n";
  (void)!write(STDERR_FILENO, kHead, sizeof kHead - 1);
  backtrace_symbols_fd(frames, n, STDERR_FILENO);
}

void* allocate(std::size_t n, std::size_t header, std::size_t alignment) {
  void* raw = nullptr;
  if (alignment <= alignof(std::max_align_t)) raw = std::malloc(n + header);
  else if (posix_memalign(&raw, alignment, n + header) != 0) raw = nullptr;
  if (raw == nullptr) return nullptr;
  auto* user = static_cast<unsigned char*>(raw) + header;
  std::memcpy(user - sizeof(std::size_t), &n, sizeof n);
  return user;
}

void release(void* p, std::size_t header) noexcept {
  if (p == nullptr) return;
  auto* user = static_cast<unsigned char*>(p);
  if (const std::size_t m = g_marker_size.load(std::memory_order_acquire); m > 0) {
    std::size_t n = 0;
    std::memcpy(&n, user - sizeof(std::size_t), sizeof n);
    g_searched.fetch_add(1, std::memory_order_relaxed);
    if (n >= m && memmem(user, n, g_marker, m) != nullptr) {
      g_found.fetch_add(1, std::memory_order_relaxed);
      if (g_trace) trace_find();
    }
  }
  std::free(user - header);
}

std::size_t aligned_header(std::align_val_t al) {
  const auto a = static_cast<std::size_t>(al);
  return a > kHeader ? a : kHeader;
}

void* must(void* p) {
  if (p == nullptr) throw std::bad_alloc();
  return p;
}

}  // namespace

namespace ow::test {

MarkerScan::MarkerScan(std::string_view marker) {
  if (marker.empty() || marker.size() > kMaxMarker || g_marker_size.load() != 0) std::abort();
  std::memcpy(g_marker, marker.data(), marker.size());
  g_found = 0;
  g_searched = 0;
  g_marker_size.store(marker.size(), std::memory_order_release);
}

MarkerScan::~MarkerScan() {
  g_marker_size.store(0, std::memory_order_release);
  std::memset(g_marker, 0, sizeof g_marker);
}

std::size_t MarkerScan::found() const noexcept { return g_found.load(); }
std::size_t MarkerScan::searched() const noexcept { return g_searched.load(); }

}  // namespace ow::test

// The replaced global allocation functions ([new.delete]).
void* operator new(std::size_t n) { return must(allocate(n, kHeader, 0)); }
void* operator new[](std::size_t n) { return must(allocate(n, kHeader, 0)); }
void* operator new(std::size_t n, const std::nothrow_t&) noexcept { return allocate(n, kHeader, 0); }
void* operator new[](std::size_t n, const std::nothrow_t&) noexcept { return allocate(n, kHeader, 0); }
void* operator new(std::size_t n, std::align_val_t al) {
  return must(allocate(n, aligned_header(al), static_cast<std::size_t>(al)));
}
void* operator new[](std::size_t n, std::align_val_t al) {
  return must(allocate(n, aligned_header(al), static_cast<std::size_t>(al)));
}
void* operator new(std::size_t n, std::align_val_t al, const std::nothrow_t&) noexcept {
  return allocate(n, aligned_header(al), static_cast<std::size_t>(al));
}
void* operator new[](std::size_t n, std::align_val_t al, const std::nothrow_t&) noexcept {
  return allocate(n, aligned_header(al), static_cast<std::size_t>(al));
}

void operator delete(void* p) noexcept { release(p, kHeader); }
void operator delete[](void* p) noexcept { release(p, kHeader); }
void operator delete(void* p, std::size_t) noexcept { release(p, kHeader); }
void operator delete[](void* p, std::size_t) noexcept { release(p, kHeader); }
void operator delete(void* p, const std::nothrow_t&) noexcept { release(p, kHeader); }
void operator delete[](void* p, const std::nothrow_t&) noexcept { release(p, kHeader); }
void operator delete(void* p, std::align_val_t al) noexcept { release(p, aligned_header(al)); }
void operator delete[](void* p, std::align_val_t al) noexcept { release(p, aligned_header(al)); }
void operator delete(void* p, std::size_t, std::align_val_t al) noexcept { release(p, aligned_header(al)); }
void operator delete[](void* p, std::size_t, std::align_val_t al) noexcept { release(p, aligned_header(al)); }
void operator delete(void* p, std::align_val_t al, const std::nothrow_t&) noexcept { release(p, aligned_header(al)); }
void operator delete[](void* p, std::align_val_t al, const std::nothrow_t&) noexcept { release(p, aligned_header(al)); }
