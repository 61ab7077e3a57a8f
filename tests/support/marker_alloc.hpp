#pragma once
// The proof that personal data is wiped (issue 18, item 4). A test binary that links
// ow_marker_alloc gets a replaced global operator new/delete (every sized and aligned variant):
// while a MarkerScan is alive, every block handed back to operator delete is searched for the
// scan's marker bytes before it is freed, and each block still holding them is counted. A test puts
// a distinctive marker (a name and an ID number nobody has) into the data, runs the code, and checks
// that no freed block held it.
//
// Not covered: memory that C libraries take with malloc() themselves (SQLite, libsodium, libcurl,
// OpenCV's own allocator). std::string, std::vector and every other standard container allocate
// through operator new, which is what the kiosk's personal data goes through. Memory still
// allocated when the scan ends is not searched either: check after the objects are gone.
#include <cstddef>
#include <string_view>

namespace ow::test {

class MarkerScan {
 public:
  // Starts searching freed blocks for `marker` (at most kMaxMarker bytes). One scan at a time.
  explicit MarkerScan(std::string_view marker);
  ~MarkerScan();  // stops searching
  MarkerScan(const MarkerScan&) = delete;
  MarkerScan& operator=(const MarkerScan&) = delete;

  // Freed blocks that still held the marker since the scan started.
  std::size_t found() const noexcept;
  // Freed blocks searched since the scan started (a test can check the scan saw anything at all).
  std::size_t searched() const noexcept;

  static constexpr std::size_t kMaxMarker = 256;
};

}  // namespace ow::test
