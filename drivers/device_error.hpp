#pragma once
// Expected device failures travel as values: a DeviceError says what happened and what to do.
#include <string>
#include <tl/expected.hpp>

namespace ow::drivers {

enum class DeviceErrorCode {
  NoDevice,      // nothing at the configured port / address
  Timeout,       // the device did not answer in time
  Io,            // the transport failed (unplugged, read/write error)
  BadFrame,      // bytes arrived that do not parse
  DeviceStatus,  // the device answered with an error status
  Unsupported,   // valid answer we cannot use (unknown card type, …)
  Busy,
};

struct DeviceError {
  DeviceErrorCode code;
  std::string message;  // for logs and technicians; never carries personal data
};

template <class T>
using DeviceResult = tl::expected<T, DeviceError>;

inline tl::unexpected<DeviceError> device_error(DeviceErrorCode code, std::string message) {
  return tl::unexpected<DeviceError>(DeviceError{code, std::move(message)});
}

}  // namespace ow::drivers
