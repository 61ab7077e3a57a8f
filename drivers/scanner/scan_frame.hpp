#pragma once
// A scanned page from what a SANE backend says about its frame (SANE_Parameters) and the bytes it
// sent. The geometry is checked before anything is read: a row of pixels_per_line × channels ×
// depth bits must fit in bytes_per_line, or a backend with inconsistent numbers would make the
// conversion read past its buffer. Samples (1, 8 or 16 bits, gray or RGB) become the 8-bit gray
// or BGR of a ScannedPage. Pure, so tests/fuzz/scanner_frame_fuzz.cpp drives it with parameters
// no sane backend sends. Internal to drivers/scanner.
#include <cstddef>
#include <cstdint>
#include <span>

#include <sane/sane.h>

#include "drivers/scanner/scanner.hpp"

namespace ow::drivers::scanner {

inline constexpr std::size_t kMaxPageBytes = 512u << 20;  // an A3 colour page at 600 dpi is ~210 MB

// The parameters a page can be assembled from (one-pass gray or RGB, depth 1, 8 or 16, a row that
// fits its bytes_per_line); an Unsupported / HardwareError ScanError naming the numbers otherwise.
ScanResult<void> check_frame(const SANE_Parameters& p);

// The page in `raw` (whole rows; a partial last row is dropped), after check_frame. An empty page
// is an IoError; a page whose pixels would exceed kMaxPageBytes is NoMemory.
ScanResult<ScannedPage> assemble_frame(const SANE_Parameters& p, std::span<const std::uint8_t> raw, int dpi);

}  // namespace ow::drivers::scanner
