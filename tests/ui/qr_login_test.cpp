// 扫码登录 headless: with the platform emulator, a QR code shown to a file-backed camera and one
// sent by the serial scanner simulator each start a session like a card (consent with the masked ID
// number); an expired code is told; offline, the kiosk explains that this login needs the network
// and offers the ID card. Neither credential nor name reaches the log.
#include <doctest/doctest.h>

#include "tests/ui/kiosk_run.hpp"
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <thread>

#include <opencv2/imgcodecs.hpp>

#include "tests/integration/sync_fixture.hpp"
#include "tests/kiosk/capture_synthetic.hpp"

namespace fs = std::filesystem;

namespace {

// From assets/devsim/qr_identities.json.
const std::string kCtid = "CTID:eyJ2IjoxLCJpZCI6ImRlbW8tMDEifQ.c2lnbmF0dXJlLWRlbW8tMDE";  // 测试甲 110105198001011238
const std::string kEssc = "ESSC:01:440300:0f3c9a7e5b2d4c18a6e0";                            // 样例乙 440305195503150047
const std::string kExpired = "CTID:eyJ2IjoxLCJpZCI6ImRlbW8tMDIifQ.ZXhwaXJlZC1kZW1vLTAy";

struct ScannerSim {
  pid_t pid = -1;
  ScannerSim(const fs::path& socket, const fs::path& link) {
    pid = fork();
    if (pid == 0) {
      std::freopen("/dev/null", "w", stdout);
      execl(OW_DEVSIM_BIN, OW_DEVSIM_BIN, "barcode", "--control", socket.c_str(), "--link", link.c_str(), "--suffix", "crlf",
            static_cast<char*>(nullptr));
      _exit(127);
    }
    for (int i = 0; i < 100 && !(fs::exists(socket) && fs::exists(link)); ++i)
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  ~ScannerSim() {
    kill(pid, SIGTERM);
    waitpid(pid, nullptr, 0);
  }
};

fs::path fresh(const std::string& name) {
  const fs::path dir = fs::temp_directory_path() / ("ow-qr-login-" + name + "-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

std::string base_config(const fs::path& dir) {
  std::ostringstream c;
  c << "[kiosk]\nhall_name = \"测试镇政务服务中心\"\ndata_dir = \"" << (dir / "data").string() << "\"\nassets_dir = \"" << OW_ASSETS
    << "\"\n";
  return c.str();
}

void check_private(const std::string& log) {
  for (const std::string& secret : {kCtid, kEssc, kExpired, std::string("测试甲"), std::string("样例乙"),
                                    std::string("110105198001011238"), std::string("440305195503150047")})
    CHECK_MESSAGE(log.find(secret) == std::string::npos, "the log shows " << secret);
}

}  // namespace

TEST_CASE("online: a QR code held up to the camera logs in; the scanner's code too; an expired one is told") {
  const fs::path dir = fresh("online");
  ow::synctest::Emulator emu({"--qr-identities", std::string(OW_ASSETS) + "/devsim/qr_identities.json"}, dir, true);
  fs::create_directories(dir / "camera");
  // The phone held up: the electronic ID's QR code in the camera's view.
  REQUIRE(cv::imwrite((dir / "camera" / "phone.png").string(),
                      ow::capture::test::frame_with_qr(ow::capture::test::qr_image(kCtid, 6))));
  const fs::path sock = dir / "scanner.sock", link = dir / "scanner.tty";
  ScannerSim sim(sock, link);
  REQUIRE_MESSAGE(fs::exists(link), "devsim barcode did not come up");

  const std::string platform = "[platform]\nurl = \"" + emu.url() + "\"\ninsecure_dev = true\nheartbeat_s = 5\n";
  const std::string scanner = "[barcode]\nport = \"" + link.string() + "\"\nsuffix = \"crlf\"\n";
  const std::string s = sock.string();

  // The camera: the phone held up is read on the QR login screen.
  std::ofstream(dir / "kiosk.toml") << base_config(dir) << platform << scanner << "[qr_login]\ncamera = \"folder:camera\"\n";
  std::ofstream(dir / "script.txt") << "wait_text_s 20\n"
                                       "expect_text \"网络正常\"\n"
                                       "screenshot qr-00-attract\n"
                                       "tap \"扫码登录\"\n"
                                       "wait_screen consent\n"
                                       "expect_text \"110105********1238\"\n"
                                       "screenshot qr-01-camera-consent\n"
                                       "tap \"取消办理\"\n"
                                       "wait_screen attract\n";
  const KioskRun camera = run_kiosk(dir);
  INFO(camera.log);
  REQUIRE(camera.exited);
  CHECK(camera.exit_code == 0);
  CHECK(camera.log.find("from camera: resolved (HTTP 200)") != std::string::npos);
  check_private(camera.log);

  // The serial scanner, without a camera: scans on the attract screen start the login directly.
  std::ofstream(dir / "kiosk.toml") << base_config(dir) << platform << scanner;
  std::ofstream(dir / "script.txt") << "wait_text_s 20\n"
                                       "expect_text \"网络正常\"\n"
                                       "sim \"" << s << " scan " << kExpired << "\"\n"
                                       "wait_screen qr_login\n"
                                       "expect_text \"二维码已失效\"\n"
                                       "screenshot qr-02-expired\n"
                                       "sim \"" << s << " split " << kEssc << "\"\n"
                                       // 样例乙, born 1955: the platform's answer carries the birth date, so
                                       // elderly mode is offered as after a card.
                                       "wait_screen elderly_offer\ntap \"不用，继续\"\n"
                                       "wait_screen consent\n"
                                       "expect_text \"440305********0047\"\n"
                                       "tap \"同意并继续\"\n"
                                       "wait_screen home\n"
                                       "tap \"取消办理\"\n"
                                       "tap \"确定取消\"\n"
                                       "wait_screen attract\n"
                                       "sim \"" << s << " garbage\"\n"
                                       "sim \"" << s << " scan hello\"\n"
                                       "wait_screen qr_login\n"
                                       "expect_text \"这不是电子身份证或电子社保卡二维码\"\n"
                                       "screenshot qr-03-not-a-credential\n"
                                       "tap \"改用身份证\"\n"
                                       "wait_screen attract\n";
  const KioskRun run = run_kiosk(dir);
  INFO(run.log);
  REQUIRE(run.exited);
  CHECK(run.exit_code == 0);
  for (const char* shot : {"qr-00-attract", "qr-01-camera-consent", "qr-02-expired", "qr-03-not-a-credential"})
    CHECK_MESSAGE(fs::exists(dir / "shots" / (std::string(shot) + ".png")), shot);
  CHECK(run.log.find("from serial_scanner: rejected (HTTP 401)") != std::string::npos);
  CHECK(run.log.find("from serial_scanner: resolved (HTTP 200)") != std::string::npos);
  CHECK(run.log.find("not UTF-8") != std::string::npos);
  check_private(run.log);
  fs::remove_all(dir);
}

TEST_CASE("offline: the QR login explains that it needs the network and offers the ID card") {
  const fs::path dir = fresh("offline");
  const fs::path sock = dir / "scanner.sock", link = dir / "scanner.tty";
  ScannerSim sim(sock, link);
  REQUIRE_MESSAGE(fs::exists(link), "devsim barcode did not come up");
  // No platform configured: the kiosk is offline.
  std::ofstream(dir / "kiosk.toml") << base_config(dir) << "[barcode]\nport = \"" << link.string() << "\"\n";
  const std::string s = sock.string();
  std::ofstream(dir / "script.txt") << "tap \"扫码登录\"\n"
                                       "wait_screen qr_offline\n"
                                       "expect_text \"网络暂时不可用\"\n"
                                       "expect_text \"请把身份证放在读卡区\"\n"
                                       "screenshot qr-10-offline\n"
                                       "tap \"改用身份证\"\n"
                                       "wait_screen attract\n"
                                       "sim \"" << s << " scan " << kCtid << "\"\n"
                                       "wait_screen qr_offline\n"
                                       "tap \"取消办理\"\n"
                                       "wait_screen attract\n";
  const KioskRun run = run_kiosk(dir);
  INFO(run.log);
  REQUIRE(run.exited);
  CHECK(run.exit_code == 0);
  CHECK(fs::exists(dir / "shots" / "qr-10-offline.png"));
  check_private(run.log);
  fs::remove_all(dir);
}
