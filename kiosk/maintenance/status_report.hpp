#pragma once
// The technician's status as JSON: what `kioskctl status --json` prints, what the control socket
// answers, and (in short) what the heartbeat carries. Schema: docs/kioskctl.md ("onewindow.status/1").
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "drivers/device_manager.hpp"
#include "kiosk/config.hpp"
#include "kiosk/maintenance/system_info.hpp"
#include "offline_store/outbox_types.hpp"
#include "offline_store/sync_engine.hpp"

namespace ow::store {
class Store;
}

namespace ow::maintenance {

inline constexpr const char* kStatusSchema = "onewindow.status/1";

struct CatalogInfo {
  std::string version;  // the catalog being served
  std::string title, expires, created;
  std::int64_t installed = 0, previous = 0;  // package versions under <data_dir>/catalog (0: none)
  std::string ring;                          // [catalog] ring; empty: the last ring of each package
  // A staged package waiting for this kiosk's rollout ring (0: none), the ring it follows, when due.
  std::int64_t waiting = 0;
  std::string waiting_ring, waiting_due;
};

// What is plugged in, configured or not (the device manager's last re-scan).
struct PortsInfo {
  std::vector<std::string> serial, video;
  std::vector<drivers::UsbDeviceInfo> usb;
};

// How the data key is kept ("tpm2": a systemd credential; "file": store.key beside the data), or
// why the store did not open (error; protection then empty).
struct DataKeyInfo {
  std::string protection;
  std::string error;
};
DataKeyInfo data_key_info(const store::Store* opened, const std::string& open_error);

struct StatusInputs {
  std::string source;  // "kiosk" (live, from the running kiosk) | "files" (kiosk not running)
  std::vector<drivers::DeviceView> devices;  // live views; from files: state unknown
  std::optional<store::SyncStatus> sync;     // live only
  std::optional<store::OutboxStats> outbox;
  CatalogInfo catalog;
  SystemInfo system;
  std::vector<CertificateInfo> certificates;
  std::optional<PortsInfo> ports;  // live only
  std::optional<DataKeyInfo> data_key;  // unknown when the store was not asked
};

nlohmann::json device_json(const drivers::DeviceView& d, bool live);
nlohmann::json status_json(const Config& config, const StatusInputs& in);
// Devices for the heartbeat: {name: {status, family, errors, operations, paper_m?, last_error}}.
nlohmann::json usb_json(const drivers::UsbDeviceInfo& d);
nlohmann::json heartbeat_devices(const std::vector<drivers::DeviceView>& devices);
// Problems a technician should look at first, in English ("printer: hardware_error — cover open").
std::vector<std::string> problems(const StatusInputs& in);
// What is weaker than it should be but works (the data key in a file without TPM protection).
std::vector<std::string> warnings(const StatusInputs& in);
// The heartbeat's data key fields: data_key_protection, and data_key_warning when there is one.
nlohmann::json heartbeat_data_key(const DataKeyInfo& key);

CatalogInfo read_catalog_info(const Config& config, const std::string& served_version);
std::vector<CertificateInfo> read_certificates(const Config& config);
std::string rfc3339_utc(std::int64_t unix_ms);

}  // namespace ow::maintenance
