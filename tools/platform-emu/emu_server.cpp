#include "tools/platform-emu/emu_server.hpp"

#include "tools/platform-emu/emu_face.hpp"
#include "tools/platform-emu/emu_identity.hpp"
#include "tools/platform-emu/emu_profile.hpp"

#include <arpa/inet.h>
#include <dirent.h>
#include <netinet/in.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <sys/socket.h>

#include <nlohmann/json.hpp>

#include "base/json_number.hpp"

#include <atomic>
#include <cstdlib>
#include <random>
#include <thread>

namespace ow::emu {

namespace {

std::atomic<std::uint64_t> g_thread_seq{0};

double uniform(std::uint64_t seed) {
  thread_local std::mt19937_64 rng(seed ^ (0x9e3779b97f4a7c15ULL * ++g_thread_seq));
  return std::uniform_real_distribution<double>(0, 1)(rng);
}

// The socket of this request: from the TLS session, or for plain HTTP the one whose peer is the
// request's remote port (found among our open descriptors).
int request_socket(const httplib::Request& req) {
  if (req.ssl) return SSL_get_fd(req.ssl);
  DIR* dir = ::opendir("/proc/self/fd");
  if (!dir) return -1;
  int found = -1;
  while (dirent* e = ::readdir(dir)) {
    const int fd = std::atoi(e->d_name);
    if (fd <= 2) continue;
    sockaddr_storage peer{};
    socklen_t len = sizeof peer;
    if (::getpeername(fd, reinterpret_cast<sockaddr*>(&peer), &len) != 0) continue;
    int port = -1;
    if (peer.ss_family == AF_INET) port = ntohs(reinterpret_cast<sockaddr_in*>(&peer)->sin_port);
    else if (peer.ss_family == AF_INET6) port = ntohs(reinterpret_cast<sockaddr_in6*>(&peer)->sin6_port);
    if (port == req.remote_port) {
      found = fd;
      break;
    }
  }
  ::closedir(dir);
  return found;
}

void drop_connection(const httplib::Request& req) {
  const int fd = request_socket(req);
  if (fd >= 0) ::shutdown(fd, SHUT_RDWR);
}

std::string client_kiosk(const httplib::Request& req) {
  if (!req.ssl) return {};
  X509* cert = SSL_get1_peer_certificate(req.ssl);
  if (!cert) return {};
  char cn[256] = {0};
  X509_NAME_get_text_by_NID(X509_get_subject_name(cert), NID_commonName, cn, sizeof cn);
  X509_free(cert);
  return cn;
}

void send(httplib::Response& res, const Answer& a, const Faults& faults) {
  res.status = a.status;
  if (!a.etag.empty()) res.set_header("ETag", a.etag);
  if (a.body.empty()) return;
  if (faults.slow_body > 0 && uniform(faults.seed) < faults.slow_body) {
    auto body = std::make_shared<std::string>(a.body);
    const auto step = faults.slow_body_step;
    res.set_content_provider(body->size(), a.content_type,
                             [body, step](size_t offset, size_t length, httplib::DataSink& sink) {
                               std::this_thread::sleep_for(step);
                               const size_t n = std::min<size_t>(length, 16);
                               sink.write(body->data() + offset, n);
                               return true;
                             });
    return;
  }
  res.set_content(a.body, a.content_type);
}

}  // namespace

void install_routes(httplib::Server& server, EmuState& state, const Faults& faults, Enroller* enroller,
                    QrIdentities* identities, ApplicantProfiles* profiles, FaceChecks* faces) {
  // Every v1 call goes through the fault stage; `mutating` calls may commit and then drop.
  auto faulty = [&state, faults](bool mutating, auto handler) {
    return [&state, faults, mutating, handler](const httplib::Request& req, httplib::Response& res) {
      state.count_request();
      // The gateway answers before the platform: no latency, drops or records behind it.
      if (const auto refused = faults.gateway->answer_for(req.path); refused.status != 0) {
        state.count_fault("gateway");
        res.status = refused.status;
        if (refused.retry_after_s >= 0) res.set_header("Retry-After", std::to_string(refused.retry_after_s));
        res.set_content(R"j({"error":"gateway","message":"refused by the gateway (injected)"})j", "application/json");
        return;
      }
      if (faults.latency.count() > 0) std::this_thread::sleep_for(faults.latency);
      if (faults.drop_rate > 0 && uniform(faults.seed) < faults.drop_rate) {
        state.count_fault("drop");
        drop_connection(req);
        return;
      }
      if (faults.fail_rate > 0 && uniform(faults.seed) < faults.fail_rate) {
        static constexpr int kStatuses[] = {500, 502, 503, 504, 429, 408};
        const int status = kStatuses[static_cast<int>(uniform(faults.seed) * 6) % 6];
        state.count_fault("fail");
        res.status = status;
        if (faults.retry_after_s >= 0) res.set_header("Retry-After", std::to_string(faults.retry_after_s));
        res.set_content(R"({"error":"injected","message":"injected fault"})", "application/json");
        return;
      }
      const Answer answer = handler(req);
      if (mutating && faults.commit_then_drop > 0 && uniform(faults.seed) < faults.commit_then_drop) {
        state.count_fault("commit_then_drop");
        drop_connection(req);
        return;
      }
      send(res, answer, faults);
    };
  };

  server.Put(R"(/v1/blobs/([0-9A-Za-z]+))", faulty(true, [&state](const httplib::Request& req) {
               return state.put_blob(req.matches[1], req.body);
             }));
  server.Post("/v1/submissions", faulty(true, [&state](const httplib::Request& req) {
                return state.post_submission(req.get_header_value("Idempotency-Key"), req.body, client_kiosk(req));
              }));
  server.Get(R"(/v1/submissions/([^/]+))", faulty(false, [&state](const httplib::Request& req) {
               return state.get_submission(req.matches[1]);
             }));
  server.Post("/v1/evaluations", faulty(true, [&state](const httplib::Request& req) {
                return state.post_evaluation(req.get_header_value("Idempotency-Key"), req.body);
              }));
  server.Get("/v1/catalog", faulty(false, [&state](const httplib::Request& req) {
               return state.get_catalog(req.get_header_value("If-None-Match"));
             }));
  auto publish = faulty(true, [&state](const httplib::Request& req) { return state.put_catalog(req.body); });
  server.Put("/v1/catalog", publish);
  server.Post("/v1/catalog", publish);
  server.Post(R"(/v1/kiosks/([^/]+)/heartbeat)", faulty(true, [&state](const httplib::Request& req) {
                return state.heartbeat(req.matches[1], req.body, client_kiosk(req));
              }));
  server.Post(R"(/v1/kiosks/([^/]+)/csr)", faulty(true, [enroller](const httplib::Request& req) {
                if (!enroller) return Answer{404, R"({"error":"not_found","message":"enrolment is not configured"})"};
                return enroller->enrol(req.matches[1], req.get_header_value("Authorization"), req.body);
              }));
  // The credential is personal: the emulator keeps no record of it.
  server.Post("/v1/identity/qr", faulty(false, [identities](const httplib::Request& req) {
                if (!identities) return Answer{401, R"({"error":"unknown_credential","message":"no identities configured"})"};
                return identities->resolve(req.body);
              }));
  // The ID number and the values are personal: the emulator keeps no record of them.
  server.Post("/v1/applicant/profile", faulty(false, [profiles](const httplib::Request& req) {
                if (!profiles) return Answer{404, R"({"error":"unknown_person","message":"no profiles configured"})"};
                return profiles->lookup(req.body);
              }));
  // The photos are personal: checked for form and dropped; only a match's reference is kept.
  server.Post("/v1/identity/verify", faulty(false, [faces](const httplib::Request& req) {
                if (!faces) return Answer{200, R"({"match":false,"reference":"RPV-none","reason":"no_record"})"};
                return faces->verify(req.body);
              }));
  server.Get("/v1/fleet/catalog", faulty(false, [&state](const httplib::Request&) { return state.fleet_catalog(); }));
  server.Get("/v1/kiosks", faulty(false, [&state](const httplib::Request& req) {
               return state.list_kiosks(req.get_param_value("status"));
             }));

  // Operator and test views; never faulted.
  const Faults none;
  server.Get("/admin/stats", [&state, none](const httplib::Request&, httplib::Response& res) {
    send(res, state.admin_stats(), none);
  });
  server.Get("/admin/requests", [&state, none](const httplib::Request&, httplib::Response& res) {
    send(res, state.admin_requests(), none);
  });
  server.Get("/admin/submissions", [&state, none](const httplib::Request&, httplib::Response& res) {
    send(res, state.admin_submissions(), none);
  });
  server.Get("/admin/enrolments", [enroller, none](const httplib::Request&, httplib::Response& res) {
    send(res, enroller ? enroller->stats() : Answer{404, R"({"error":"not_found"})"}, none);
  });
  server.Post("/admin/gateway-fault", [gateway = faults.gateway](const httplib::Request& req, httplib::Response& res) {
    const auto j = nlohmann::json::parse(req.body, nullptr, false);
    const auto status = json_int<int>(j, "status", 0, 599);
    const auto retry_after = j.contains("retry_after_s") ? json_int<int>(j, "retry_after_s", 0, 86400) : std::optional<int>(-1);
    const auto path = j.is_object() ? j.find("path") : j.end();
    if (!status || (*status != 0 && *status < 400) || !retry_after || (path != j.end() && !path->is_string())) {
      res.status = 400;
      res.set_content(R"({"error":"bad_request","message":"expected {status: 0, 4xx or 5xx, path: /v1/..., retry_after_s: seconds}"})",
                      "application/json");
      return;
    }
    gateway->set(*status, path != j.end() ? path->get<std::string>() : std::string("/v1/"), *retry_after);
    res.set_content(R"({"ok":true})", "application/json");
  });
  server.Post(R"(/admin/kiosks/([^/]+)/commands)", [&state, none](const httplib::Request& req, httplib::Response& res) {
    send(res, state.queue_command(req.matches[1], req.body), none);
  });
}

}  // namespace ow::emu
