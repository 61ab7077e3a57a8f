#include "kiosk/sync_setup.hpp"

#include <cstdlib>

namespace ow {

store::StoreOptions store_options(const Config& config) {
  store::StoreOptions o;
  o.data_dir = config.data_dir;
  // A lost data key does not stop the kiosk: it stays up, out of service, saying why (issue 24).
  o.open_locked = true;
  // Set by systemd for the unit's LoadCredentialEncrypted=store.key (the TPM-sealed data key).
  if (const char* creds = std::getenv("CREDENTIALS_DIRECTORY"); creds != nullptr && *creds != '\0') o.credentials_dir = creds;
  return o;
}

store::SyncConfig sync_config(const Config& config) {
  store::SyncConfig s;
  s.store = store_options(config);
  s.store.durable_commits = false;
  s.store.actor = "sync";
  const auto& p = config.platform;
  s.platform.url = p.url;
  while (!s.platform.url.empty() && s.platform.url.back() == '/') s.platform.url.pop_back();
  s.platform.insecure_dev = p.insecure_dev;
  s.platform.ca_file = p.ca_file;
  s.platform.cert_file = p.cert_file;
  s.platform.key_file = p.key_file;
  s.platform.request_timeout = std::chrono::seconds(p.request_timeout_s);
  s.kiosk_id = config.kiosk_id;
  s.backoff_base = std::chrono::milliseconds(p.backoff_base_ms);
  s.backoff_cap = std::chrono::seconds(p.backoff_cap_s);
  s.heartbeat_interval = std::chrono::seconds(p.heartbeat_s);
  s.retention.acked = std::chrono::days(p.retention_days);
  s.retention.rejected = std::chrono::days(p.rejected_retention_days);
  s.retention.unsent = std::chrono::days(p.unsent_retention_days);
  s.catalog_poll_interval = std::chrono::seconds(p.catalog_poll_s);
  return s;
}

}  // namespace ow
