#pragma once
// QR codes drawn by the host (libqrencode), for printers without a QR generator and for raster
// receipts; the simulator draws the printer's GS ( k codes with the same function.
#include <string_view>

#include "drivers/printer/escpos.hpp"
#include "drivers/printer/raster.hpp"
#include "kiosk/result.hpp"

namespace ow::receipt {

// Each module `module_dots` square, with a quiet zone of `quiet_modules` modules around it.
Result<drivers::printer::Raster> qr_raster(std::string_view data, int module_dots,
                                           drivers::printer::QrEcc level = drivers::printer::QrEcc::M,
                                           int quiet_modules = 4);

}  // namespace ow::receipt
