// platform-emu: the provincial platform (Platform API v1) on loopback, for tests, demos and
// benchmarks. Prints the listening port as the first line on stdout.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <cstdio>
#include <memory>
#include <thread>

#include <sodium.h>

#include "tools/platform-emu/emu_face.hpp"
#include "tools/platform-emu/emu_identity.hpp"
#include "tools/platform-emu/emu_profile.hpp"
#include "tools/platform-emu/emu_server.hpp"
#include "tools/platform-emu/emu_state.hpp"

namespace {
// cpp-httplib listens with SO_REUSEPORT, so a port already in use would be shared silently.
bool port_is_free(const std::string& host, int port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return false;
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  if (::inet_pton(AF_INET, host.c_str(), &addr.sin_addr) != 1) addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  const bool ok = ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
  ::close(fd);
  return ok;
}
}  // namespace

int main(int argc, char** argv) {
  if (sodium_init() < 0) {
    std::fprintf(stderr, "platform-emu: libsodium cannot start\n");
    return 1;
  }
  CLI::App app{"platform-emu — provincial platform emulator (Platform API v1)"};
  std::string host = "127.0.0.1";
  int port = 0;
  bool plain = false;
  std::string cert, key, client_ca;
  ow::emu::EmuOptions options;
  ow::emu::Faults faults;
  int review_after = 60, done_after = 300;
  std::vector<std::string> instant;
  int latency_ms = 0, slow_step_ms = 5;
  int keep_alive_s = 60;
  ow::emu::EnrolOptions enrol;
  std::string face_checks;
  app.add_option("--face-checks", face_checks, "JSON file of what real-person verification answers for each person (POST /v1/identity/verify)");
  std::string qr_identities;
  app.add_option("--qr-identities", qr_identities, "JSON file of QR login credentials and the people they resolve to (POST /v1/identity/qr)");
  std::string applicant_profiles;
  app.add_option("--applicant-profiles", applicant_profiles, "JSON file of what the platform knows about people, for form pre-fill (POST /v1/applicant/profile)");
  app.add_option("--host", host, "Address to listen on")->capture_default_str();
  app.add_option("--port", port, "Port; 0 picks a free one")->capture_default_str();
  app.add_flag("--plain", plain, "Plain HTTP instead of mutual TLS (kiosks need insecure_dev = true)");
  app.add_option("--cert", cert, "Platform certificate (PEM)");
  app.add_option("--key", key, "Platform private key (PEM)");
  app.add_option("--client-ca", client_ca, "CA that kiosk client certificates must chain to");
  app.add_option("--db", options.db, "SQLite database file (default in memory)");
  app.add_option("--catalog", options.catalog, "Catalog package served by GET /v1/catalog");
  app.add_option("--review-after", review_after, "Seconds from received to reviewing")->capture_default_str();
  app.add_option("--done-after", done_after, "Seconds from received to done")->capture_default_str();
  app.add_option("--instant", instant, "Matter or bundle code approved at once (repeatable)");
  app.add_option("--fail-rate", faults.fail_rate, "Share of calls answered 5xx/429/408")->check(CLI::Range(0.0, 1.0));
  app.add_option("--retry-after", faults.retry_after_s, "Retry-After seconds on injected failures")->check(CLI::Range(0, 86400));
  app.add_option("--latency", latency_ms, "Milliseconds of delay before every answer")->check(CLI::Range(0, 600000));
  app.add_option("--drop-rate", faults.drop_rate, "Share of calls whose connection is closed unanswered")->check(CLI::Range(0.0, 1.0));
  app.add_option("--commit-then-drop", faults.commit_then_drop, "Share of calls stored, then dropped unanswered")
      ->check(CLI::Range(0.0, 1.0));
  app.add_option("--slow-body", faults.slow_body, "Share of answers dribbled out slowly")->check(CLI::Range(0.0, 1.0));
  app.add_option("--slow-body-step", slow_step_ms, "Milliseconds between 16-byte pieces of a slow answer")->capture_default_str();
  app.add_option("--seed", faults.seed, "Fault randomness seed");
  int gateway_status = 0;
  std::string gateway_path = "/v1/";
  app.add_option("--gateway-status", gateway_status, "Answer this status (e.g. 401, 403, 404, 413) to every v1 call under --gateway-path, as a misconfigured gateway would")
      ->check(CLI::Range(0, 599));
  app.add_option("--gateway-path", gateway_path, "Path prefix the gateway fault applies to")->capture_default_str();
  // Each idle keep-alive connection holds one of cpp-httplib's few worker threads: a fleet
  // benchmark with a thousand kiosk connections needs idle ones closed at once (0).
  app.add_option("--keep-alive-timeout", keep_alive_s, "Seconds an idle connection is kept open")
      ->check(CLI::Range(0, 3600))->capture_default_str();
  auto* enrol_ca = app.add_option("--enrol-ca-cert", enrol.ca_cert, "CA certificate that signs kiosk CSRs (POST /v1/kiosks/{id}/csr)");
  app.add_option("--enrol-ca-key", enrol.ca_key, "Its private key")->needs(enrol_ca);
  app.add_option("--enrol-token", enrol.token, "Bearer token kiosks present to enrol")->needs(enrol_ca);
  app.add_option("--catalog-pubkey", enrol.catalog_pubkey, "File with the catalog signing key (hex) handed to enrolled kiosks")
      ->needs(enrol_ca);
  CLI11_PARSE(app, argc, argv);
  options.review_after = std::chrono::seconds(review_after);
  options.done_after = std::chrono::seconds(done_after);
  options.instant_matters.insert(instant.begin(), instant.end());
  faults.latency = std::chrono::milliseconds(latency_ms);
  faults.slow_body_step = std::chrono::milliseconds(slow_step_ms);
  faults.gateway->set(gateway_status, gateway_path);
  if (faults.seed == 0) faults.seed = static_cast<std::uint64_t>(::getpid()) * 2654435761u;

  if (!plain && (cert.empty() || key.empty() || client_ca.empty())) {
    std::fprintf(stderr, "platform-emu: mutual TLS needs --cert, --key and --client-ca (or --plain)\n");
    return 2;
  }
  std::string error;
  auto faces = ow::emu::FaceChecks::load(face_checks, error);
  if (!faces) {
    std::fprintf(stderr, "platform-emu: %s\n", error.c_str());
    return 2;
  }
  options.verified = [checks = faces.get()](const std::string& reference, const std::string& id_number) {
    return checks->matched(reference, id_number);
  };
  auto state = ow::emu::EmuState::open(options, error);
  if (!state) {
    std::fprintf(stderr, "platform-emu: %s\n", error.c_str());
    return 1;
  }
  std::unique_ptr<ow::emu::Enroller> enroller;
  if (!enrol.ca_cert.empty()) {
    enroller = ow::emu::Enroller::open(enrol, error);
    if (!enroller) {
      std::fprintf(stderr, "platform-emu: %s\n", error.c_str());
      return 2;
    }
  }
  std::unique_ptr<httplib::Server> server;
  if (plain) server = std::make_unique<httplib::Server>();
  else server = std::make_unique<httplib::SSLServer>(cert.c_str(), key.c_str(), client_ca.c_str());
  if (!server->is_valid()) {
    std::fprintf(stderr, "platform-emu: cannot load the TLS certificate, key or client CA\n");
    return 1;
  }
  // Debian's cpp-httplib 0.11 leaves Nagle on and closes after 5 requests: both ruin keep-alive.
  server->set_tcp_nodelay(true);
  server->set_keep_alive_max_count(1000000);
  server->set_keep_alive_timeout(keep_alive_s);
  server->set_payload_max_length(64u << 20);
  auto identities = ow::emu::QrIdentities::load(qr_identities, error);
  if (!identities) {
    std::fprintf(stderr, "platform-emu: %s\n", error.c_str());
    return 2;
  }
  auto profiles = ow::emu::ApplicantProfiles::load(applicant_profiles, error);
  if (!profiles) {
    std::fprintf(stderr, "platform-emu: %s\n", error.c_str());
    return 2;
  }
  ow::emu::install_routes(*server, *state, faults, enroller.get(), identities.get(), profiles.get(), faces.get());

  if (port != 0 && !port_is_free(host, port)) {
    std::fprintf(stderr, "platform-emu: port %d is in use\n", port);
    return 1;
  }
  const int bound = port == 0 ? server->bind_to_any_port(host) : (server->bind_to_port(host, port) ? port : -1);
  if (bound <= 0) {
    std::fprintf(stderr, "platform-emu: cannot listen on %s:%d\n", host.c_str(), port);
    return 1;
  }
  std::printf("%d\n", bound);
  std::fflush(stdout);

  // SIGINT/SIGTERM stop the server from a thread that waits for them (no work in a signal handler).
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
  signal(SIGPIPE, SIG_IGN);
  std::thread stopper([&] {
    int sig = 0;
    sigwait(&set, &sig);
    server->stop();
  });
  stopper.detach();
  std::fprintf(stderr, "platform-emu: listening on %s://%s:%d\n", plain ? "http" : "https", host.c_str(), bound);
  server->listen_after_bind();
  return 0;
}
