#include "offline_store/platform_client.hpp"

#include <curl/curl.h>

#include <algorithm>
#include <cctype>
#include <ctime>
#include <mutex>

namespace ow::store {

namespace {
std::once_flag g_curl_init;

struct BodySink {
  HttpAnswer* answer;
  std::size_t limit;
  bool too_large = false;
};

size_t on_body(char* data, size_t size, size_t count, void* user) {
  auto* sink = static_cast<BodySink*>(user);
  if (sink->answer->body.size() + size * count > sink->limit) {
    sink->too_large = true;
    return 0;
  }
  sink->answer->body.append(std::string_view(data, size * count));
  return size * count;
}

std::string trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return std::string(s);
}

size_t on_header(char* data, size_t size, size_t count, void* user) {
  auto* out = static_cast<HttpAnswer*>(user);
  const std::string_view line(data, size * count);
  const auto colon = line.find(':');
  if (colon == std::string_view::npos) return size * count;
  std::string name(line.substr(0, colon));
  std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  const std::string value = trim(line.substr(colon + 1));
  if (name == "retry-after") out->retry_after = parse_retry_after(value);
  else if (name == "etag") out->etag = value;
  return size * count;
}
}  // namespace

std::optional<std::chrono::seconds> parse_retry_after(std::string_view value) {
  const std::string v = trim(value);
  if (v.empty()) return std::nullopt;
  constexpr long kMax = 86400;
  if (std::all_of(v.begin(), v.end(), [](unsigned char c) { return std::isdigit(c); })) {
    if (v.size() > 9) return std::chrono::seconds(kMax);
    return std::chrono::seconds(std::min(std::stol(v), kMax));
  }
  const time_t when = curl_getdate(v.c_str(), nullptr);
  if (when < 0) return std::nullopt;
  const long delta = static_cast<long>(when - std::time(nullptr));
  return std::chrono::seconds(std::clamp(delta, 0L, kMax));
}

StoreResult<std::unique_ptr<PlatformClient>> PlatformClient::create(const PlatformEndpoint& endpoint) {
  const bool https = endpoint.url.rfind("https://", 0) == 0;
  const bool http = endpoint.url.rfind("http://", 0) == 0;
  if (!https && !http) return store_error(StoreErrorCode::Invalid, "platform url must start with https://");
  if (http && !endpoint.insecure_dev)
    return store_error(StoreErrorCode::Invalid, "plain http:// to the platform needs insecure_dev = true");
  if (https) {
    for (const auto* f : {&endpoint.ca_file, &endpoint.cert_file, &endpoint.key_file}) {
      std::error_code ec;
      if (f->empty() || !std::filesystem::is_regular_file(*f, ec))
        return store_error(StoreErrorCode::Invalid,
                           "mutual TLS needs ca_file, cert_file and key_file; missing: " + (f->empty() ? "(unset)" : f->string()));
    }
  }
  std::call_once(g_curl_init, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
  std::unique_ptr<PlatformClient> client(new PlatformClient(endpoint));
  if (!client->curl_) return store_error(StoreErrorCode::Io, "libcurl failed to initialise");
  return client;
}

PlatformClient::PlatformClient(PlatformEndpoint endpoint) : endpoint_(std::move(endpoint)), curl_(curl_easy_init()) {
  CURL* c = static_cast<CURL*>(curl_);
  if (!c) return;
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(c, CURLOPT_TCP_NODELAY, 1L);
  curl_easy_setopt(c, CURLOPT_TCP_KEEPALIVE, 1L);
  curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, endpoint_.insecure_dev ? "http,https" : "https");
  curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(endpoint_.connect_timeout.count()));
  curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, static_cast<long>(endpoint_.request_timeout.count()));
  if (endpoint_.url.rfind("https://", 0) == 0) {
    // Pinned: only the platform's CA is trusted, not the system store.
    curl_easy_setopt(c, CURLOPT_CAINFO, endpoint_.ca_file.c_str());
    curl_easy_setopt(c, CURLOPT_CAPATH, nullptr);
    curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 1L);
    curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 2L);
    curl_easy_setopt(c, CURLOPT_SSLCERT, endpoint_.cert_file.c_str());
    curl_easy_setopt(c, CURLOPT_SSLKEY, endpoint_.key_file.c_str());
    curl_easy_setopt(c, CURLOPT_SSLVERSION, CURL_SSLVERSION_TLSv1_2);
  }
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
  curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
}

PlatformClient::~PlatformClient() {
  if (curl_) curl_easy_cleanup(static_cast<CURL*>(curl_));
}

HttpAnswer PlatformClient::request(std::string_view method, const std::string& path, std::string_view body,
                                   const std::vector<std::string>& headers, std::size_t max_answer) {
  CURL* c = static_cast<CURL*>(curl_);
  HttpAnswer answer;
  BodySink sink{&answer, max_answer};
  const std::string url = endpoint_.url + path;
  curl_easy_setopt(c, CURLOPT_URL, url.c_str());
  curl_easy_setopt(c, CURLOPT_WRITEDATA, &sink);
  // Refused before the transfer when the Content-Length already says too much.
  curl_easy_setopt(c, CURLOPT_MAXFILESIZE_LARGE, static_cast<curl_off_t>(max_answer));
  curl_easy_setopt(c, CURLOPT_HEADERDATA, &answer);
  const std::string m(method);
  if (m == "GET") {
    curl_easy_setopt(c, CURLOPT_HTTPGET, 1L);
    curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, nullptr);
  } else {
    curl_easy_setopt(c, CURLOPT_POST, 1L);
    curl_easy_setopt(c, CURLOPT_POSTFIELDS, body.empty() ? "" : body.data());
    curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body.size()));
    curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, m == "POST" ? nullptr : m.c_str());
  }
  curl_slist* list = nullptr;
  // No "Expect: 100-continue" round trip before large bodies.
  list = curl_slist_append(list, "Expect:");
  for (const auto& h : headers) list = curl_slist_append(list, h.c_str());
  curl_easy_setopt(c, CURLOPT_HTTPHEADER, list);
  const CURLcode rc = curl_easy_perform(c);
  curl_easy_setopt(c, CURLOPT_HTTPHEADER, nullptr);
  curl_slist_free_all(list);
  if (rc != CURLE_OK) {
    answer.transport_error = sink.too_large || rc == CURLE_FILESIZE_EXCEEDED
                                 ? "answer larger than " + std::to_string(max_answer) + " bytes"
                                 : curl_easy_strerror(rc);
    answer.body.clear();
    answer.status = 0;
    return answer;
  }
  curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &answer.status);
  return answer;
}

}  // namespace ow::store
