// SANE_Status → device state and ScanFault. Citizen-side wording lives in kiosk/strings.def.
#include <sane/sane.h>

#include "drivers/scanner/scanner.hpp"

namespace ow::drivers::scanner {

namespace {
// SANE 1.1 statuses some backends already return; sane.h keeps them under #if 0.
constexpr int kSaneWarmingUp = 12, kSaneHwLocked = 13;
}  // namespace

StatusMapping map_sane_status(int s) {
  switch (s) {
    case SANE_STATUS_GOOD: return {ScanFault::None, DeviceState::Online};
    case SANE_STATUS_EOF: return {ScanFault::None, DeviceState::Online};
    case SANE_STATUS_UNSUPPORTED: return {ScanFault::Unsupported, DeviceState::HardwareError};
    case SANE_STATUS_CANCELLED: return {ScanFault::Cancelled, DeviceState::Online};
    case SANE_STATUS_DEVICE_BUSY: return {ScanFault::Busy, DeviceState::Busy};
    case SANE_STATUS_INVAL: return {ScanFault::InvalidOption, DeviceState::HardwareError};
    // A jam, an empty feeder or an open cover is something the person at the kiosk can fix.
    case SANE_STATUS_JAMMED: return {ScanFault::Jammed, DeviceState::UserError};
    case SANE_STATUS_NO_DOCS: return {ScanFault::NoDocument, DeviceState::UserError};
    case SANE_STATUS_COVER_OPEN: return {ScanFault::CoverOpen, DeviceState::UserError};
    case SANE_STATUS_IO_ERROR: return {ScanFault::IoError, DeviceState::HardwareError};
    case SANE_STATUS_NO_MEM: return {ScanFault::NoMemory, DeviceState::HardwareError};
    case SANE_STATUS_ACCESS_DENIED: return {ScanFault::AccessDenied, DeviceState::HardwareError};
    case kSaneWarmingUp: return {ScanFault::Busy, DeviceState::Busy};
    case kSaneHwLocked: return {ScanFault::Locked, DeviceState::HardwareError};
    default: return {ScanFault::IoError, DeviceState::HardwareError};
  }
}

std::string_view to_string(ScanFault f) {
  switch (f) {
    case ScanFault::None: return "none";
    case ScanFault::Jammed: return "jammed";
    case ScanFault::NoDocument: return "no_document";
    case ScanFault::CoverOpen: return "cover_open";
    case ScanFault::Busy: return "busy";
    case ScanFault::Cancelled: return "cancelled";
    case ScanFault::Locked: return "locked";
    case ScanFault::IoError: return "io_error";
    case ScanFault::NoMemory: return "no_memory";
    case ScanFault::AccessDenied: return "access_denied";
    case ScanFault::Unsupported: return "unsupported";
    case ScanFault::InvalidOption: return "invalid_option";
    case ScanFault::NoDevice: return "no_device";
  }
  return "unknown";
}

std::string_view to_string(ScanMode m) {
  switch (m) {
    case ScanMode::Color: return "color";
    case ScanMode::Gray: return "gray";
    case ScanMode::Lineart: return "lineart";
  }
  return "unknown";
}

std::string_view to_string(ScanSource s) {
  switch (s) {
    case ScanSource::Flatbed: return "flatbed";
    case ScanSource::Adf: return "adf";
    case ScanSource::AdfDuplex: return "adf_duplex";
  }
  return "unknown";
}

}  // namespace ow::drivers::scanner
