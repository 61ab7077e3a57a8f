#include "drivers/printer/print_job.hpp"

#include <algorithm>
#include <array>

namespace ow::drivers::printer {

namespace {

void append(Bytes& to, const Bytes& from) { to.insert(to.end(), from.begin(), from.end()); }

struct Encoder {
  int band_rows;
  std::vector<Chunk> chunks;

  DeviceResult<void> operator()(const TextLine& t) {
    Chunk c;
    append(c.bytes, escpos::align(t.align));
    append(c.bytes, escpos::text_size(t.scale, t.scale));
    append(c.bytes, escpos::emphasis(t.bold));
    auto line = escpos::text_line(t.text);
    if (!line) return tl::unexpected(line.error());
    append(c.bytes, *line);
    // Back to normal so the next block starts from a known state.
    append(c.bytes, escpos::text_size(1, 1));
    append(c.bytes, escpos::emphasis(false));
    c.paper_dots = escpos::kLineDots + 24 * (std::clamp(t.scale, 1, 8) - 1);
    c.lines = 1;
    chunks.push_back(std::move(c));
    return {};
  }
  DeviceResult<void> operator()(const Image& image) {
    const int bands = std::max(1, band_rows);
    for (int row = 0; row < image.raster.height; row += bands) {
      Chunk c;
      const int rows = std::min(bands, image.raster.height - row);
      if (row == 0) c.bytes = escpos::align(Align::Left);  // GS v 0 honours ESC a on many models
      append(c.bytes, escpos::raster(image.raster, row, rows));
      c.paper_dots = rows;
      c.lines = (rows + escpos::kLineDots - 1) / escpos::kLineDots;
      chunks.push_back(std::move(c));
    }
    return {};
  }
  DeviceResult<void> operator()(const QrCode& q) {
    Chunk c;
    append(c.bytes, escpos::align(Align::Center));
    auto qr = escpos::qr(q.data, q.module_dots, q.ecc);
    if (!qr) return tl::unexpected(qr.error());
    append(c.bytes, *qr);
    append(c.bytes, escpos::align(Align::Left));
    c.paper_dots = estimated_qr_dots(q.data.size(), q.module_dots);
    chunks.push_back(std::move(c));
    return {};
  }
  DeviceResult<void> operator()(const Feed& f) {
    Chunk c;
    const int lines = std::clamp(f.lines, 0, 255);
    c.bytes = escpos::feed_lines(lines);
    c.paper_dots = lines * escpos::kLineDots;
    c.lines = lines;
    chunks.push_back(std::move(c));
    return {};
  }
  DeviceResult<void> operator()(const Cut& cut) {
    Chunk c;
    c.bytes = escpos::cut(cut.kind);
    c.paper_dots = escpos::kCutFeedDots;
    c.cuts = 1;
    chunks.push_back(std::move(c));
    return {};
  }
};

}  // namespace

int estimated_qr_dots(std::size_t data_bytes, int module_dots) {
  // Byte-mode capacity of versions 1–10 at level M; beyond, about 30 more bytes per version.
  static constexpr std::array<std::size_t, 10> capacity{14, 26, 42, 62, 84, 106, 122, 152, 180, 213};
  int version = 1;
  while (version <= 10 && data_bytes > capacity[static_cast<std::size_t>(version - 1)]) ++version;
  if (version > 10) version = 10 + static_cast<int>((data_bytes - capacity.back() + 29) / 30);
  const int modules = 17 + 4 * std::min(version, 40);
  return (modules + 8) * std::clamp(module_dots, 1, 16);  // with the 4-module quiet zone each side
}

DeviceResult<std::vector<Chunk>> encode_job(const PrintJob& job, int band_rows) {
  Encoder enc{band_rows, {}};
  enc.chunks.push_back(Chunk{escpos::init(), 0, 0, 0});
  for (const Block& block : job.blocks) {
    auto r = std::visit(enc, block);
    if (!r) return tl::unexpected(r.error());
  }
  return std::move(enc.chunks);
}

}  // namespace ow::drivers::printer
