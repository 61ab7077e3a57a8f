// Form pre-fill from the platform, headless: with the emulator knowing the card holder, an ID card on
// the reader and the pension matter give a form filled in full, so it is skipped; Back from the
// materials shows it, the phone from the platform marked 来自政务平台，可修改 (landscape and portrait,
// standard and elderly mode); after the session is
// cancelled the attract screen shows none of it, and no profile value or ID number reaches the log.
#include <doctest/doctest.h>

#include "tests/integration/idcard_sim_process.hpp"
#include "tests/ui/kiosk_run.hpp"
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <thread>

#include "tests/integration/sync_fixture.hpp"

namespace fs = std::filesystem;

namespace {

// 测试甲 (resident_male) in assets/devsim/applicant_profiles.json: none of it may be logged.
const std::vector<std::string> kSecrets = {"110105198001011238", "13800138001", "示例省演示市测试区新风路18号3栋502",
                                           "6222000000000000011", "演示市样板机械厂", "测试甲"};
}  // namespace

TEST_CASE("card in, pension matter: the phone comes from the platform, marked and editable; nothing of it outlives the session") {
  const fs::path dir = fs::temp_directory_path() / ("ow-prefill-journey-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  ow::synctest::Emulator emu({"--applicant-profiles", std::string(OW_ASSETS) + "/devsim/applicant_profiles.json"}, dir, true);
  IdcardSimProcess card_sim;
  REQUIRE_MESSAGE(card_sim.ok(), "devsim idcard did not come up");
  const std::string s = card_sim.control();

  for (const std::string orientation : {"landscape", "portrait"}) {
    CAPTURE(orientation);
    std::ofstream(dir / "kiosk.toml") << "[kiosk]\nhall_name = \"测试镇政务服务中心\"\ndata_dir = \"data\"\norientation = \"" << orientation
                                      << "\"\nassets_dir = \"" << OW_ASSETS << "\"\n[idcard]\nport = \"" << card_sim.link()
                                      << "\"\n[platform]\nurl = \"" << emu.url() << "\"\ninsecure_dev = true\nheartbeat_s = 5\n";
    const std::string shot = "prefill-" + orientation;
    std::ofstream(dir / "script.txt") << "wait_text_s 20\n"
                                         "expect_text \"网络正常\"\n"
                                         "sim \"" << s << " place resident_male\"\n"
                                         "wait_screen consent\n"
                                         "tap \"同意并继续\"\n"
                                         "tap \"社保\"\ntap \"城乡居民基本养老保险参保登记\"\ntap \"开始办理\"\n"
                                         // Filled in full by the card and the platform, the form is not
                                         // asked (免填单); Back from the materials opens it to change a value.
                                         "wait_screen materials\n"
                                         "tap \"返回\"\n"
                                         "wait_screen form\n"
                                         "expect_text \"13800138001\"\n"
                                         "expect_text \"来自政务平台，可修改\"\n"
                                         "expect_text \"（已从证件读取）\"\n"
                                         "screenshot " << shot << "-form-standard\n"
                                         "tap \"长辈模式\"\n"
                                         "expect_text \"13800138001\"\n"
                                         "expect_text \"来自政务平台，可修改\"\n"
                                         "screenshot " << shot << "-form-elderly\n"
                                         "sim \"" << s << " remove\"\n"
                                         "tap \"取消办理\"\n"
                                         "tap \"确定取消\"\n"
                                         "wait_screen attract\n"
                                         "expect_absent \"13800138001\"\n"
                                         "expect_absent \"来自政务平台，可修改\"\n"
                                         "screenshot " << shot << "-attract-after\n";
    const KioskRun run = run_kiosk(dir);
    INFO(run.log);
    REQUIRE(run.exited);
    CHECK(run.exit_code == 0);
    for (const char* name : {"-form-standard", "-form-elderly", "-attract-after"})
      CHECK_MESSAGE(fs::exists(dir / "shots" / (shot + name + ".png")), (shot + name));
    CHECK(run.log.find("profile prefill: 1 field") != std::string::npos);
    for (const auto& secret : kSecrets) CHECK_MESSAGE(run.log.find(secret) == std::string::npos, "the log shows " << secret);
  }
  fs::remove_all(dir);
}
