#include "drivers/scanner/scan_frame.hpp"

#include <cstring>
#include <string>

namespace ow::drivers::scanner {

namespace {
ScanError unusable(std::string why) {
  return ScanError{ScanFault::Unsupported, DeviceState::HardwareError, "unusable scan parameters: " + std::move(why)};
}
}  // namespace

ScanResult<void> check_frame(const SANE_Parameters& p) {
  if ((p.format != SANE_FRAME_GRAY && p.format != SANE_FRAME_RGB) || !p.last_frame)
    return tl::unexpected(ScanError{ScanFault::Unsupported, DeviceState::HardwareError, "three-pass colour scanners are not supported"});
  if (p.bytes_per_line <= 0 || p.pixels_per_line <= 0 || (p.depth != 1 && p.depth != 8 && p.depth != 16))
    return tl::unexpected(unusable("bytes_per_line " + std::to_string(p.bytes_per_line) + ", pixels_per_line " +
                                   std::to_string(p.pixels_per_line) + ", depth " + std::to_string(p.depth)));
  // 64-bit arithmetic: 2^31 pixels × 3 channels × 16 bits does not overflow it.
  const std::uint64_t channels = p.format == SANE_FRAME_RGB ? 3 : 1;
  const std::uint64_t row_bytes = (static_cast<std::uint64_t>(p.pixels_per_line) * channels * static_cast<std::uint64_t>(p.depth) + 7) / 8;
  if (row_bytes > static_cast<std::uint64_t>(p.bytes_per_line))
    return tl::unexpected(unusable(std::to_string(p.pixels_per_line) + " pixels × " + std::to_string(channels) + " channels × " +
                                   std::to_string(p.depth) + " bits need " + std::to_string(row_bytes) +
                                   " bytes per line, the scanner says " + std::to_string(p.bytes_per_line)));
  return {};
}

ScanResult<ScannedPage> assemble_frame(const SANE_Parameters& p, std::span<const std::uint8_t> raw, int dpi) {
  if (auto ok = check_frame(p); !ok) return tl::unexpected(ok.error());
  const std::size_t bpl = static_cast<std::size_t>(p.bytes_per_line);
  const std::size_t h = raw.size() / bpl;  // the rows sent: hand scanners report lines = -1
  const std::size_t w = static_cast<std::size_t>(p.pixels_per_line), ch = p.format == SANE_FRAME_RGB ? 3 : 1;
  if (h == 0) return tl::unexpected(ScanError{ScanFault::IoError, DeviceState::HardwareError, "scanner sent an empty page"});
  // Line-art expands eight-fold: a page within kMaxPageBytes of raw bytes may still be too large.
  if (w * ch > kMaxPageBytes / h)
    return tl::unexpected(ScanError{ScanFault::NoMemory, DeviceState::HardwareError, "page larger than 512 MiB"});
  ScannedPage page;
  page.width = p.pixels_per_line;
  page.height = static_cast<int>(h);  // at most kMaxPageBytes
  page.channels = static_cast<int>(ch);
  page.dpi = dpi;
  page.pixels.resize(w * ch * h);
  for (std::size_t y = 0; y < h; ++y) {
    const std::uint8_t* src = raw.data() + y * bpl;
    std::uint8_t* dst = page.pixels.data() + y * w * ch;
    for (std::size_t x = 0; x < w; ++x) {
      for (std::size_t c = 0; c < ch; ++c) {
        const std::size_t sample = x * ch + c;
        std::uint8_t v;
        if (p.depth == 1) {
          // SANE line-art: a set bit is black, most significant bit first.
          v = (src[sample / 8] & (0x80 >> (sample % 8))) ? 0 : 255;
        } else if (p.depth == 16) {
          std::uint16_t s16;
          std::memcpy(&s16, src + sample * 2, 2);  // host byte order
          v = static_cast<std::uint8_t>(s16 >> 8);
        } else {
          v = src[sample];
        }
        // SANE sends RGB; ours is BGR like the camera frames.
        dst[x * ch + (ch == 3 ? 2 - c : c)] = v;
      }
    }
  }
  return page;
}

}  // namespace ow::drivers::scanner
