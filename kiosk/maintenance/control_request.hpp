#pragma once
// The requests kioskctl sends on the control socket, validated before anything acts on them:
// every field has its type and its range, or the request is refused with a message for the
// technician. No exceptions: the socket's thread reads whatever bytes a local client sends, and a
// throw there once ended the kiosk ({"cmd":"logs","max":"x"}, issue 24). Fuzzed by
// tests/fuzz/control_request_fuzz.cpp.
//   {"cmd": "ping" | "status" | "devices" | "catalog_rollback"}
//   {"cmd": "health", "device": "<name>", "level": "internal" | "external"}
//   {"cmd": "logs", "level": "debug" | "info" | "warn" | "error", "after": <seq>, "max": <lines>}
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <variant>

#include <nlohmann/json.hpp>

#include "drivers/device_status.hpp"
#include "kiosk/log.hpp"
#include "kiosk/result.hpp"

namespace ow::maintenance::control {

struct Ping {};
struct Status {};
struct Devices {};
struct CatalogRollback {};
struct Health {
  std::string device;
  drivers::HealthLevel level = drivers::HealthLevel::Internal;  // Internal or External only
};
struct Logs {
  log::Level level = log::Level::Debug;
  std::uint64_t after = 0;  // lines after this sequence number
  std::size_t max = 200;    // at most kMaxLogLines
};
inline constexpr std::size_t kMaxLogLines = 5000;
inline constexpr std::size_t kMaxDeviceName = 64;

using Request = std::variant<Ping, Status, Devices, CatalogRollback, Health, Logs>;

// One request line as a client sent it.
Result<Request> parse_request_line(std::string_view line);
// An already parsed JSON value (in-process callers and tests).
Result<Request> parse_request(const nlohmann::json& request);

}  // namespace ow::maintenance::control
