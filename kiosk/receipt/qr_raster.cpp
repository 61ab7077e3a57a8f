#include "kiosk/receipt/qr_raster.hpp"

#include <qrencode.h>

#include <algorithm>
#include <memory>

namespace ow::receipt {

Result<drivers::printer::Raster> qr_raster(std::string_view data, int module_dots, drivers::printer::QrEcc level,
                                           int quiet_modules) {
  if (data.empty()) return fail("QR data is empty");
  QRecLevel ec = QR_ECLEVEL_M;
  switch (level) {
    case drivers::printer::QrEcc::L: ec = QR_ECLEVEL_L; break;
    case drivers::printer::QrEcc::M: ec = QR_ECLEVEL_M; break;
    case drivers::printer::QrEcc::Q: ec = QR_ECLEVEL_Q; break;
    case drivers::printer::QrEcc::H: ec = QR_ECLEVEL_H; break;
  }
  std::unique_ptr<QRcode, decltype(&QRcode_free)> code(
      QRcode_encodeData(static_cast<int>(data.size()), reinterpret_cast<const unsigned char*>(data.data()), 0, ec),
      &QRcode_free);
  if (!code) return fail("QR data too long to encode");
  const int m = std::clamp(module_dots, 1, 32);
  const int side = (code->width + 2 * quiet_modules) * m;
  drivers::printer::Raster r(side, side);
  for (int y = 0; y < code->width; ++y) {
    for (int x = 0; x < code->width; ++x) {
      if (code->data[y * code->width + x] & 1) r.fill_rect((x + quiet_modules) * m, (y + quiet_modules) * m, m, m);
    }
  }
  return r;
}

}  // namespace ow::receipt
