// The receipt screen with devsim printer on TCP: the receipt prints after the commit; with the
// paper out the screen says so and offers the QR code, and a reprint works once paper is back.
#include <doctest/doctest.h>

#include "tests/ui/kiosk_run.hpp"
#include "tests/ui/printer_sim.hpp"
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

namespace fs = std::filesystem;

namespace {
std::string form_steps() {
  return "tap \"开始办事\"\ntap \"同意并继续\"\ntap \"医保\"\ntap \"城乡居民医疗保险参保登记\"\ntap \"开始办理\"\n"
         "tap \"姓名\"\ntype \"赵测试\"\ntap \"完成\"\n"
         "tap \"身份证号码\"\ntype \"11010519491231002X\"\ntap \"完成\"\n"
         "tap \"手机号码\"\ntype \"13800138000\"\ntap \"完成\"\n"
         "tap \"出生日期\"\ntype \"19491231\"\ntap \"完成\"\n"
         "tap \"下一步\"\n";
}
}  // namespace

TEST_CASE("the receipt prints after the commit; paper out is told, with the QR code, and reprint works") {
  const fs::path dir = fs::temp_directory_path() / ("ow-print-journey-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  PrinterSim printer(dir);
  REQUIRE_MESSAGE(!printer.address.empty(), "devsim printer did not start");
  std::ofstream(dir / "kiosk.toml") << "[kiosk]\nhall_name = \"测试镇政务服务中心\"\ndata_dir = \"data\"\nassets_dir = \"" << OW_ASSETS
                                    << "\"\n" << printer.toml();
  const std::string& sock = printer.control;
  // Materials of this matter: the one the form needs is taken from the e-licence library.
  std::ofstream(dir / "script.txt") << form_steps()
                                    << "wait_screen materials\n"
                                       "tap \"居民身份证 用电子证件\"\n"
                                       "tap \"下一步\"\nwait_screen review\ntap \"窗口领取\"\nsign \"签名区\"\ntap \"签好了，提交\"\nwait_screen receipt\n"
                                       "wait_text_s 10\nexpect_text \"回执已打印\"\nscreenshot print-ok\n"
                                       "tap \"完成\"\nwait_screen evaluation\ntap \"跳过\"\nwait_screen goodbye\ntap \"返回首页\"\n"
                                       "wait_screen attract\n"
                                       "sim \"" << sock << " paper out\"\n"
                                    << form_steps()
                                    << "wait_screen materials\n"
                                       "tap \"居民身份证 用电子证件\"\n"
                                       "tap \"下一步\"\nwait_screen review\ntap \"窗口领取\"\nsign \"签名区\"\ntap \"签好了，提交\"\nwait_screen receipt\n"
                                       "expect_text \"打印机缺纸\"\nscreenshot print-paper-out\n"
                                       "sim \"" << sock << " paper ok\"\n"
                                       "tap \"重新打印\"\nexpect_text \"回执已打印\"\n";
  const KioskRun run = run_kiosk(dir);
  INFO(run.log);
  REQUIRE(run.exited);
  CHECK(run.exit_code == 0);
  CHECK(printer.pages_printed() >= 2);  // the first receipt and the reprint
  CHECK(run.log.find("赵测试") == std::string::npos);
  if (std::getenv("OW_KEEP_TEST_DIR") == nullptr) fs::remove_all(dir);
}
