// kioskctl idcard read / decode as a technician runs them: exit codes, JSON, one-line errors; and
// the device flags of kioskctl's device commands, checked as the kiosk checks its config.
#include <doctest/doctest.h>
#include <sys/wait.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

#include "tests/integration/idcard_sim_process.hpp"

namespace {

struct Run {
  int status = -1;
  std::string out;
};

// Runs a shell command line; stdout captured, stderr merged into it.
Run run(const std::string& cmd) {
  Run r;
  FILE* p = popen((cmd + " 2>&1").c_str(), "r");
  if (!p) return r;
  char buf[4096];
  std::size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, p)) > 0) r.out.append(buf, n);
  const int st = pclose(p);
  r.status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
  return r;
}

std::string write_temp(const std::string& name, const std::string& text) {
  const std::string path = "/tmp/ow-kioskctl-" + std::to_string(getpid()) + "-" + name;
  std::ofstream(path) << text;
  return path;
}

const std::string kKioskctl = OW_KIOSKCTL_BIN;

}  // namespace

TEST_CASE("decode: a read base info frame from the fuzz corpus, as hex text with whitespace") {
  std::ifstream in(OW_CORPUS_DIR "/idcard_frame/read_base", std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  REQUIRE(bytes.size() == 1295);
  std::string hex;
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    char h[4];
    std::snprintf(h, sizeof h, "%02x", static_cast<unsigned char>(bytes[i]));
    hex += h;
    hex += (i % 16 == 15) ? "\n" : " ";
  }
  const auto file = write_temp("frame.hex", hex);
  auto r = run(kKioskctl + " idcard decode --json " + file);
  REQUIRE(r.status == 0);
  auto j = nlohmann::json::parse(r.out);
  CHECK(j["card_type"] == "resident_id");
  CHECK(j["name"] == "测试甲");
  CHECK(j["sex"] == "男");
  CHECK(j["ethnicity"] == "汉");
  CHECK(j["birth_date"] == "1980-01-01");
  CHECK(j["id_number"] == "110105********1238");  // masked unless --unmask
  CHECK(j["valid_to"] == "长期");
  CHECK(j["expired"] == false);
  auto full = run(kKioskctl + " idcard decode --json --unmask - < " + file);
  REQUIRE(full.status == 0);
  CHECK(nlohmann::json::parse(full.out)["id_number"] == "110105198001011238");
  std::remove(file.c_str());
}

TEST_CASE("decode: malformed frames exit 2 with one line naming the problem") {
  const std::pair<const char*, const char*> cases[] = {
      {"AA AA AA 96 68 00 04 00 00 80 84", "preamble"},
      {"AA AA AA 96 69 00 04 00 00 80 85", "checksum"},
      {"AA AA AA 96 69 00 09 00 00 80 84", "length"},
      {"AA AA AA 96 69 00 04 00 00 41 45", "status 0x41"},
      {"AA AA AA 96 69 0", "odd number"},
      {"not hex", "not a hex digit"},
  };
  for (const auto& [hex, why] : cases) {
    CAPTURE(hex);
    const auto file = write_temp("bad.hex", hex);
    auto r = run(kKioskctl + " idcard decode " + file);
    CHECK(r.status == 2);
    CHECK(r.out.find(why) != std::string::npos);
    CHECK(std::count(r.out.begin(), r.out.end(), '\n') == 1);
    std::remove(file.c_str());
  }
  // A text block that fails its checks: the resident frame with the ID's check digit changed
  // ('8' → '9' at text offset 122 + 17*2) and the checksum fixed up (8 ^ 9 = 1 flips bit 0).
  std::ifstream in(OW_CORPUS_DIR "/idcard_frame/read_base", std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const std::size_t at = 14 + 122 + 34;
  REQUIRE(bytes[at] == '8');
  bytes[at] = '9';
  bytes.back() = static_cast<char>(bytes.back() ^ 0x01);
  std::string hex;
  for (unsigned char c : bytes) {
    char h[4];
    std::snprintf(h, sizeof h, "%02X", c);
    hex += h;
  }
  const auto file = write_temp("badtext.hex", hex);
  auto r = run(kKioskctl + " idcard decode " + file);
  CHECK(r.status == 2);
  CHECK(r.out.find("text block") != std::string::npos);
  std::remove(file.c_str());
}

TEST_CASE("read: one full read from devsim, then a clear failure without a card or a port") {
  IdcardSimProcess sim({"--place", "permit_hk"});
  REQUIRE(sim.ok());
  auto r = run(kKioskctl + " idcard read --json --port " + sim.link());
  REQUIRE(r.status == 0);
  auto j = nlohmann::json::parse(r.out);
  CHECK(j["card_type"] == "hk_macau_taiwan_permit");
  CHECK(j["pass_number"] == "H90000001");
  CHECK(j["valid_to"] == "2027-01-01");

  REQUIRE(sim.command("remove") == "ok");
  auto none = run(kKioskctl + " idcard read --wait 1 --port " + sim.link());
  CHECK(none.status == 1);
  CHECK(none.out.find("no card") != std::string::npos);

  auto missing = run(kKioskctl + " idcard read --port /tmp/ow-no-such-port");
  CHECK(missing.status == 1);
  CHECK(missing.out.find("No such file") != std::string::npos);
}

TEST_CASE("a device named by flags is checked as the kiosk checks its config, the error naming the flag") {
  auto port = run(kKioskctl + " idcard read --port ''");
  CHECK(port.status == 2);
  CHECK(port.out == "kioskctl: --port: a idcard needs a port\n");
  auto tcp = run(kKioskctl + " printer status --tcp printer:x");
  CHECK(tcp.status == 2);
  CHECK(tcp.out == "kioskctl: --tcp: \"printer:x\" is not host:port\n");
  auto source = run(kKioskctl + " camera snapshot --source ''");
  CHECK(source.status == 2);
  CHECK(source.out == "kioskctl: --source: a camera needs a port\n");
}
