#pragma once
// HTTP to the provincial platform through one reused libcurl handle: keep-alive, TLS with a pinned
// CA and the kiosk's client certificate (mutual TLS); plain HTTP only when insecure_dev is set.
// Not thread-safe: one client per thread.
#include <chrono>
#include <cstddef>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/secret.hpp"
#include "offline_store/store_error.hpp"

namespace ow::store {

struct PlatformEndpoint {
  std::string url;  // https://host:port (no trailing path); empty: offline only
  bool insecure_dev = false;
  std::filesystem::path ca_file, cert_file, key_file;
  std::chrono::milliseconds connect_timeout{5000};
  std::chrono::milliseconds request_timeout{30000};
};

struct HttpAnswer {
  long status = 0;                // 0: no HTTP answer (network error, dropped connection)
  SecretString body;              // answers may name citizens (profile, QR login, progress)
  std::string transport_error;    // set when status is 0 or the transfer broke off
  std::optional<std::chrono::seconds> retry_after;
  std::string etag;

  bool reached() const { return transport_error.empty() && status != 0; }
  // 408, 429, 5xx and every network failure are worth trying again; other 4xx are final.
  bool retryable() const { return !reached() || status == 408 || status == 429 || status >= 500; }
  // 400, 409 and 422 are about the request sent: that one item is refused.
  bool refuses_item() const { return reached() && (status == 400 || status == 409 || status == 422); }
  // Any other final answer that is not 200/201 (401, 403, 404, 413, a redirect, …) is about the
  // platform, its gateway or the kiosk's configuration: no item is to blame, and every other would
  // get the same answer.
  bool platform_fault() const { return reached() && !retryable() && !refuses_item() && status != 200 && status != 201; }
};

// Platform answers are small JSON; a larger body is cut off as a broken transfer.
inline constexpr std::size_t kMaxJsonAnswer = 4u << 20;

class PlatformClient {
 public:
  // Checks the endpoint: https needs the CA, certificate and key files; http needs insecure_dev.
  static StoreResult<std::unique_ptr<PlatformClient>> create(const PlatformEndpoint& endpoint);
  ~PlatformClient();
  PlatformClient(const PlatformClient&) = delete;
  PlatformClient& operator=(const PlatformClient&) = delete;

  // An answer body longer than max_answer becomes a transport error ("answer larger than …").
  HttpAnswer request(std::string_view method, const std::string& path, std::string_view body = {},
                     const std::vector<std::string>& headers = {}, std::size_t max_answer = kMaxJsonAnswer);

 private:
  explicit PlatformClient(PlatformEndpoint endpoint);
  PlatformEndpoint endpoint_;
  void* curl_ = nullptr;  // CURL*
};

// Parses Retry-After: delay-seconds or an HTTP-date (relative to now). Bounded to one day.
std::optional<std::chrono::seconds> parse_retry_after(std::string_view value);

}  // namespace ow::store
