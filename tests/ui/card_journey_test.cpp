// The kiosk with the ID card reader simulator on a pty: a card placed on the attract screen
// starts a session, the form is pre-filled and masked, an expired card falls back to typing.
#include <doctest/doctest.h>

#include "tests/ui/kiosk_run.hpp"
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "tests/integration/idcard_sim_process.hpp"

namespace fs = std::filesystem;

TEST_CASE("a card on the reader starts a session and pre-fills the form; an expired card is told") {
  const fs::path dir = fs::temp_directory_path() / ("ow-card-journey-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  IdcardSimProcess sim;
  REQUIRE_MESSAGE(sim.ok(), "devsim idcard did not come up");

  std::ofstream(dir / "kiosk.toml") << "[kiosk]\nhall_name = \"测试镇政务服务中心\"\ndata_dir = \"data\"\nassets_dir = \"" << OW_ASSETS
                                    << "\"\n[idcard]\nport = \"" << sim.link() << "\"\n";
  const std::string s = sim.control();
  std::ofstream(dir / "script.txt") << "wait_screen attract\n"
                                       "sim \"" << s << " place resident_male\"\n"
                                       "wait_screen consent\n"
                                       "expect_text \"已读取证件\"\n"
                                       "expect_text \"********\"\n"
                                       "screenshot card-01-consent\n"
                                       "tap \"同意并继续\"\n"
                                       "tap \"社保\"\ntap \"城乡居民基本养老保险参保登记\"\ntap \"开始办理\"\n"
                                       "wait_screen form\n"
                                       "expect_text \"测试甲\"\n"
                                       "expect_text \"（已从证件读取）\"\n"
                                       "screenshot card-02-form-prefilled\n"
                                       "sim \"" << s << " remove\"\n"
                                       "wait_screen form\n"
                                       "tap \"取消办理\"\n"
                                       "tap \"确定取消\"\n"
                                       "wait_screen attract\n"
                                       "sim \"" << s << " place resident_expired\"\n"
                                       "wait_screen notice\n"
                                       "expect_text \"您的证件已过有效期\"\n"
                                       "screenshot card-03-expired\n"
                                       "tap \"手动填写继续\"\n"
                                       "wait_screen consent\n"
                                       "tap \"取消办理\"\n"
                                       "wait_screen attract\n"
                                       "screenshot card-04-attract-after\n";
  const KioskRun run = run_kiosk(dir);
  const std::string& log = run.log;
  INFO(log);
  REQUIRE(run.exited);
  CHECK(run.exit_code == 0);
  for (const char* shot : {"card-01-consent", "card-02-form-prefilled", "card-03-expired", "card-04-attract-after"})
    CHECK_MESSAGE(fs::exists(dir / "shots" / (std::string(shot) + ".png")), shot);
  // The card holder's name never reaches the log.
  CHECK(log.find("测试甲") == std::string::npos);
  CHECK(log.find("演示丙") == std::string::npos);
  fs::remove_all(dir);
}

// advance_clock_s moves the kiosk's clock; a card read after it must be timed by the same clock,
// else the session it starts looks idle for the whole jump and is wiped at once.
TEST_CASE("a card placed after the script moved the clock starts a session that stays") {
  const fs::path dir = fs::temp_directory_path() / ("ow-card-clock-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  IdcardSimProcess sim;
  REQUIRE_MESSAGE(sim.ok(), "devsim idcard did not come up");

  std::ofstream(dir / "kiosk.toml") << "[kiosk]\ndata_dir = \"data\"\nassets_dir = \"" << OW_ASSETS << "\"\n[idcard]\nport = \""
                                    << sim.link() << "\"\n";
  const std::string s = sim.control();
  std::ofstream(dir / "script.txt") << "wait_screen attract\n"
                                       "advance_clock_s 600\n"
                                       "sim \"" << s << " place resident_male\"\n"
                                       "wait_screen consent\n"
                                       "sleep_ms 1000\n"
                                       "tap \"同意并继续\"\n"
                                       "wait_screen home\n";
  const KioskRun run = run_kiosk(dir);
  INFO(run.log);
  REQUIRE(run.exited);
  CHECK(run.exit_code == 0);
  CHECK(run.log.find("idle timeout") == std::string::npos);
  fs::remove_all(dir);
}
