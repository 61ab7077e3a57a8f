// The whole catalog update path as an operator and a kiosk live it: matterpack builds and signs a
// catalog with a renamed matter and publishes it to platform-emu; the running kiosk pulls it,
// verifies it against its pinned key, applies it on the attract screen, and offers the new name.
#include <doctest/doctest.h>

#include "tests/ui/kiosk_run.hpp"
#include <spawn.h>
#include <sys/wait.h>

#include <atomic>
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <iterator>
#include <sstream>
#include <thread>

#include "tests/integration/sync_fixture.hpp"

using ow::synctest::Emulator;
namespace fs = std::filesystem;

namespace {
int run(std::vector<std::string> args) {
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  pid_t pid = -1;
  if (posix_spawn(&pid, argv[0], nullptr, nullptr, argv.data(), environ) != 0) return -1;
  int status = 0;
  waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128;
}
const char* const kNewName = "城乡居民养老保险参保登记（新版）";

// The operator's side: a catalog where the first matter has a new name, built and signed as
// version 2 by a key of its own (dir/keys). Returns the package's path.
std::string build_renamed_catalog(const fs::path& dir) {
  fs::copy(OW_SAMPLE_CATALOG, dir / "src", fs::copy_options::recursive);
  const fs::path matters = dir / "src" / "matters" / "01_social_insurance.json";
  std::ifstream in(matters);
  auto doc = nlohmann::json::parse(in);
  in.close();
  doc["matters"][0]["name"] = kNewName;
  std::ofstream(matters) << doc.dump(1);
  REQUIRE(run({OW_MATTERPACK_BIN, "keygen", "--out", (dir / "keys").string()}) == 0);
  const std::time_t later = std::time(nullptr) + 30 * 24 * 3600;
  std::tm tm{};
  gmtime_r(&later, &tm);
  char expires[16];
  std::strftime(expires, sizeof expires, "%Y-%m-%d", &tm);
  const std::string pkg = (dir / "v2.pkg").string();
  REQUIRE(run({OW_MATTERPACK_BIN, "build", (dir / "src").string(), "--key", (dir / "keys" / "catalog.key").string(),
               "--version", "2", "--expires", expires, "-o", pkg}) == 0);
  return pkg;
}

// The kiosk's side: trusts the operator's key, polls the emulator every second.
void write_kiosk_config(const fs::path& dir, const Emulator& emu) {
  std::ofstream(dir / "kiosk.toml") << "[kiosk]\nhall_name = \"测试镇政务服务中心\"\ndata_dir = \"data\"\nassets_dir = \"" << OW_ASSETS
                                    << "\"\ncatalog_pubkey = \"" << (dir / "keys" / "catalog.pub").string() << "\"\n"
                                    << "[platform]\nurl = \"" << emu.url() << "\"\ninsecure_dev = true\ncatalog_poll_s = 1\n";
}
}  // namespace

TEST_CASE("a published catalog reaches the running kiosk and is applied between sessions") {
  const fs::path dir = ow::synctest::fresh_dir("catalog-update");
  const std::string pkg = build_renamed_catalog(dir);
  Emulator emu({}, dir, true);
  REQUIRE(run({OW_MATTERPACK_BIN, "publish", pkg, "--platform", emu.url()}) == 0);
  write_kiosk_config(dir, emu);
  std::ofstream(dir / "script.txt") << "wait_screen attract\nsleep_ms 4000\n"
                                       "tap \"开始办事\"\ntap \"同意并继续\"\nwait_screen home\ntap \"社保\"\n"
                                       "expect_text \"" << kNewName << "\"\nscreenshot home-new-catalog\n";
  const KioskRun kiosk = run_kiosk(dir);
  INFO(kiosk.log);
  REQUIRE(kiosk.exited);
  CHECK(kiosk.exit_code == 0);
  CHECK(kiosk.log.find("now serving version") != std::string::npos);
  CHECK(kiosk.log.find("missing glyph") == std::string::npos);
  fs::remove_all(dir);
}

TEST_CASE("a package whose apply fails is fetched again, not left behind its remembered ETag") {
  const fs::path dir = ow::synctest::fresh_dir("catalog-reapply");
  const std::string pkg = build_renamed_catalog(dir);
  Emulator emu({}, dir, true);
  write_kiosk_config(dir, emu);
  // A session is open while the package arrives, so it waits; the test then takes the staged
  // version's content away (a disk that lost it), and the apply between sessions fails.
  std::ofstream(dir / "script.txt") << "wait_screen attract\ntap \"开始办事\"\nwait_screen consent\nsleep_ms 6000\n"
                                       "tap \"取消办理\"\nwait_screen attract\nsleep_ms 5000\n"
                                       "tap \"开始办事\"\ntap \"同意并继续\"\nwait_screen home\ntap \"社保\"\n"
                                       "expect_text \"" << kNewName << "\"\n";
  std::atomic<bool> removed{false};
  std::thread operator_and_disk([&] {
    auto log_says = [&](const char* what) {
      std::ifstream in(dir / "log.txt");
      return std::string(std::istreambuf_iterator<char>(in), {}).find(what) != std::string::npos;
    };
    for (int i = 0; i < 1500 && !log_says("first frame rendered"); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(20));
    std::this_thread::sleep_for(std::chrono::seconds(1));  // the script is on the consent screen by now
    if (run({OW_MATTERPACK_BIN, "publish", pkg, "--platform", emu.url()}) != 0) return;
    const fs::path content = dir / "data" / "catalog" / "versions" / "2" / "content";
    for (int i = 0; i < 1500 && !removed; ++i) {
      std::error_code ec;
      if (fs::is_directory(content, ec) && fs::remove_all(content, ec) > 0) removed = true;
      else std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
  });
  const KioskRun kiosk = run_kiosk(dir);
  operator_and_disk.join();
  INFO(kiosk.log);
  REQUIRE(removed);
  REQUIRE(kiosk.exited);
  CHECK(kiosk.exit_code == 0);
  const auto failed = kiosk.log.find("apply failed");
  const auto serving = kiosk.log.find("now serving version 2");
  CHECK(failed != std::string::npos);
  CHECK(serving != std::string::npos);
  CHECK(failed < serving);
  fs::remove_all(dir);
}
