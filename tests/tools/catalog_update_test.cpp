// The whole catalog update path as an operator and a kiosk live it: matterpack builds and signs a
// catalog with a renamed matter and publishes it to platform-emu; the running kiosk pulls it,
// verifies it against its pinned key, applies it on the attract screen, and offers the new name.
#include <doctest/doctest.h>

#include "tests/ui/kiosk_run.hpp"
#include <spawn.h>
#include <sys/wait.h>

#include <cstdlib>
#include <ctime>
#include <fstream>
#include <sstream>

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
}  // namespace

TEST_CASE("a published catalog reaches the running kiosk and is applied between sessions") {
  const fs::path dir = fs::temp_directory_path() / ("ow-catalog-update-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  // The operator's side: a catalog where the first matter has a new name.
  fs::copy(OW_SAMPLE_CATALOG, dir / "src", fs::copy_options::recursive);
  const fs::path matters = dir / "src" / "matters" / "01_social_insurance.json";
  std::ifstream in(matters);
  auto doc = nlohmann::json::parse(in);
  in.close();
  doc["matters"][0]["name"] = "城乡居民养老保险参保登记（新版）";
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
  Emulator emu({}, dir, true);
  REQUIRE(run({OW_MATTERPACK_BIN, "publish", pkg, "--platform", emu.url()}) == 0);

  // The kiosk's side.
  std::ofstream(dir / "kiosk.toml") << "[kiosk]\nhall_name = \"测试镇政务服务中心\"\ndata_dir = \"data\"\nassets_dir = \"" << OW_ASSETS
                                    << "\"\ncatalog_pubkey = \"" << (dir / "keys" / "catalog.pub").string() << "\"\n"
                                    << "[platform]\nurl = \"" << emu.url() << "\"\ninsecure_dev = true\ncatalog_poll_s = 1\n";
  std::ofstream(dir / "script.txt") << "wait_screen attract\nsleep_ms 4000\n"
                                       "tap \"开始办事\"\ntap \"同意并继续\"\nwait_screen home\ntap \"社保\"\n"
                                       "expect_text \"城乡居民养老保险参保登记（新版）\"\nscreenshot home-new-catalog\n";
  const KioskRun kiosk = run_kiosk(dir);
  INFO(kiosk.log);
  REQUIRE(kiosk.exited);
  CHECK(kiosk.exit_code == 0);
  CHECK(kiosk.log.find("now serving version") != std::string::npos);
  CHECK(kiosk.log.find("missing glyph") == std::string::npos);
  fs::remove_all(dir);
}
