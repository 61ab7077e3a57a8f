#pragma once
// One DeviceAdapter per family, over the drivers as they are. An adapter either borrows a driver
// its owner keeps running (the composition root's ID card reader) or owns one it built from a
// DeviceSpec (make_adapter), in which case reconnect() reopens drivers that do not do it themselves.
#include <memory>

#include "drivers/device_manager.hpp"

namespace ow::drivers {

namespace idcard { class Reader; }
namespace printer { class ReceiptPrinter; }
namespace smartcard { class PcscReader; }

// Borrowing adapters: the driver must outlive the adapter's registration.
std::shared_ptr<DeviceAdapter> adapt(idcard::Reader& reader);
std::shared_ptr<DeviceAdapter> adapt(printer::ReceiptPrinter& printer);
std::shared_ptr<DeviceAdapter> adapt(smartcard::PcscReader& reader);

// Builds and starts the driver a config entry describes. Families: idcard, receipt_printer,
// camera, scanner, sscard. Unknown families or unusable ports are refused with a message.
DeviceResult<std::shared_ptr<DeviceAdapter>> make_adapter(const DeviceSpec& spec);

}  // namespace ow::drivers
