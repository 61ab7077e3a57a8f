// The control socket on its own (issue 24 item 14): requests validated as values, a handler that
// throws answered and survived, who may connect (SO_PEERCRED), and a socket group that must exist.
#include <doctest/doctest.h>

#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <stdexcept>
#include <string>

#include "kiosk/maintenance/control_request.hpp"
#include "kiosk/maintenance/control_server.hpp"
#include "tests/temp_dir.hpp"

using namespace ow::maintenance;
namespace fs = std::filesystem;
using nlohmann::json;

TEST_CASE("requests with fields of the wrong type or range are refused as values") {
  for (const char* line : {R"({"cmd":"logs","max":"x"})", R"({"cmd":"logs","max":-1})", R"({"cmd":"logs","max":1e30})",
                           R"({"cmd":"logs","after":18446744073709551616})", R"({"cmd":"logs","level":"loud"})",
                           R"({"cmd":"logs","level":3})", R"({"cmd":"health","device":7})",
                           R"({"cmd":"health","level":"interactive"})", R"({"cmd":5})", R"(["cmd","ping"])", "not json",
                           R"({"cmd":"format_disk"})"}) {
    CAPTURE(line);
    CHECK_FALSE(control::parse_request_line(line));
  }
  auto logs = control::parse_request_line(R"({"cmd":"logs","level":"warn","after":12,"max":999999})");
  REQUIRE(logs);
  const auto& l = std::get<control::Logs>(*logs);
  CHECK(l.level == ow::log::Level::Warn);
  CHECK(l.after == 12);
  CHECK(l.max == control::kMaxLogLines);
  auto health = control::parse_request_line(R"({"cmd":"health","device":"printer","level":"external"})");
  REQUIRE(health);
  CHECK(std::get<control::Health>(*health).device == "printer");
  CHECK(std::get<control::Health>(*health).level == ow::drivers::HealthLevel::External);
  CHECK(std::holds_alternative<control::Status>(*control::parse_request_line(R"({"cmd":"status"})")));
}

TEST_CASE("a bad request or a handler that throws is answered, and the socket keeps serving") {
  const TempDir dir("ctl-guard");
  const fs::path sock = dir.path / "ctl.sock";
  std::atomic<int> handled{0};
  auto server = ControlServer::start(sock, "", [&](const control::Request& r) -> json {
    ++handled;
    if (std::holds_alternative<control::Status>(r)) throw std::runtime_error("status broke");
    return {{"ok", true}};
  });
  REQUIRE(server);
  auto wrong = control_request(sock, {{"cmd", "logs"}, {"max", "x"}});
  REQUIRE(wrong);
  CHECK((*wrong)["ok"] == false);
  CHECK((*wrong)["error"].get<std::string>().find("max") != std::string::npos);
  CHECK(handled == 0);  // refused before any handler ran
  auto thrown = control_request(sock, {{"cmd", "status"}});
  REQUIRE(thrown);
  CHECK((*thrown)["ok"] == false);
  auto after = control_request(sock, {{"cmd", "devices"}});
  REQUIRE(after);
  CHECK((*after)["ok"] == true);
  CHECK(handled == 2);
}

TEST_CASE("only root, the kiosk's user and the socket group's members may talk") {
  PeerPolicy p;
  p.own_uid = 1000;
  p.member_of = [](uid_t uid, gid_t gid) { return uid == 2001 && gid == 500; };
  CHECK(peer_allowed({1, 0, 0}, p));        // root
  CHECK(peer_allowed({1, 1000, 1000}, p));  // the kiosk's user
  CHECK_FALSE(peer_allowed({1, 2001, 2001}, p));  // no group configured: nobody else
  p.group = 500;
  CHECK(peer_allowed({1, 2001, 2001}, p));  // a member by the user database
  CHECK(peer_allowed({1, 2002, 500}, p));   // running with the group as its primary group
  CHECK_FALSE(peer_allowed({1, 2002, 2002}, p));
  CHECK_FALSE(peer_allowed({1, 65534, 65534}, p));
}

TEST_CASE("a client of another user is refused even when the socket file lets it in") {
  if (::geteuid() != 0) {
    MESSAGE("needs root to connect as another user; skipped");
    return;
  }
  const TempDir dir("ctl-peer");
  ::chmod(dir.path.c_str(), 0755);
  const fs::path sock = dir.path / "ctl.sock";
  auto server = ControlServer::start(sock, "", [](const control::Request&) -> json { return {{"ok", true}}; });
  REQUIRE(server);
  ::chmod(sock.c_str(), 0666);  // a mode gone wrong: the peer check still holds
  const pid_t child = ::fork();
  REQUIRE(child >= 0);
  if (child == 0) {
    if (::setgid(65534) != 0 || ::setuid(65534) != 0) ::_exit(3);
    auto a = control_request(sock, {{"cmd", "ping"}}, 2000);
    ::_exit(!a ? 2 : (*a)["ok"] == false ? 0 : 1);
  }
  int status = 0;
  ::waitpid(child, &status, 0);
  REQUIRE(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 0);  // 1: nobody was served
  CHECK(control_request(sock, {{"cmd", "ping"}}));  // root still is
}

TEST_CASE("a socket group that does not exist fails the start with a message naming it") {
  const TempDir dir("ctl-group");
  auto server = ControlServer::start(dir.path / "ctl.sock", "ow-no-such-group", [](const control::Request&) -> json { return {}; });
  REQUIRE_FALSE(server);
  CHECK(server.error().message.find("ow-no-such-group") != std::string::npos);
  CHECK(server.error().message.find("does not exist") != std::string::npos);
  CHECK_FALSE(fs::exists(dir.path / "ctl.sock"));
}
