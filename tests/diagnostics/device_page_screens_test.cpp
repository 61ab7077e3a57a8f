// The device page's test actions rendered headless by the real kiosk program: the document
// camera's live picture with the detected page outlined (a file-backed camera showing a generated
// page), the A4 test page printed on `ippeveprinter`, an ID card read on `devsim idcard` shown
// masked, and a page scanned from SANE's test backend shown on screen. Landscape and portrait;
// in portrait also the face camera's preview (the face check's verdict: no face in a page).
#include <doctest/doctest.h>

#include "tests/ui/kiosk_run.hpp"

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <opencv2/imgcodecs.hpp>
#include <memory>

#include "kiosk/maintenance/technician_pins.hpp"
#include "tests/integration/idcard_sim_process.hpp"
#include "tests/integration/ippeveprinter_process.hpp"
#include "tests/kiosk/capture_synthetic.hpp"

namespace fs = std::filesystem;

namespace {
std::size_t pdfs_in(const fs::path& spool) {
  std::size_t n = 0;
  for (const auto& e : fs::recursive_directory_iterator(spool)) {
    std::ifstream in(e.path(), std::ios::binary);
    char magic[5] = {};
    in.read(magic, 5);
    if (e.is_regular_file() && std::string(magic, 5) == "%PDF-") ++n;
  }
  return n;
}

std::string enter_script() {
  return "wait_screen attract\nlong_press_corner 3200\nwait_screen maintenance\n"
         "tap \"2\"\ntap \"4\"\ntap \"6\"\ntap \"8\"\ntap \"1\"\ntap \"0\"\ntap \"确定\"\n"
         "expect_text \"维护模式 · wang\"\n";
}
// Everything one headless run needs, in a folder of its own per orientation.
struct Rig {
  fs::path dir;
  std::unique_ptr<ow::test::IppEvePrinter> a4;
  std::unique_ptr<IdcardSimProcess> card_sim;

  explicit Rig(const std::string& orientation) : dir(fs::temp_directory_path() / ("ow-mtdev-" + orientation + "-" + std::to_string(getpid()))) {
    fs::remove_all(dir);
    fs::create_directories(dir / "data");
    a4 = std::make_unique<ow::test::IppEvePrinter>(dir / "ipp", "/bin/true");
    card_sim = std::make_unique<IdcardSimProcess>();
    // A page on a desk, as the document camera sees it.
    ow::capture::test::SynthOptions o;
    o.width = 1280;
    o.height = 720;
    o.page_height = 0.85;
    o.landscape = true;
    o.rotation_deg = 5;
    REQUIRE(cv::imwrite((dir / "page.png").string(), ow::capture::test::make_frame(o).image));
    // SANE's test backend, enabled in a private config folder the kiosk inherits.
    fs::create_directories(dir / "sane");
    std::ofstream(dir / "sane" / "dll.conf") << "test\n";
    std::ofstream(dir / "sane" / "test.conf") << "number_of_devices 1\n";
    setenv("SANE_CONFIG_DIR", (dir / "sane").c_str(), 1);
    REQUIRE(ow::maintenance::TechnicianPins(dir / "data").set_pin("wang", "246810"));
    std::ofstream(dir / "kiosk.toml") << "[kiosk]\nid = \"KIOSK-MT-2\"\nhall_name = \"测试镇政务服务中心\"\ndata_dir = \"data\"\n"
                                      << "orientation = \"" << orientation << "\"\n"
                                      << "assets_dir = \"" << OW_ASSETS << "\"\nvoice = false\n"
                                      << "[idcard]\nport = \"" << card_sim->link() << "\"\n"
                                      << "[technician]\ncontrol_socket = \"ctl.sock\"\n"
                                      << "[[device]]\nname = \"doc_camera\"\nfamily = \"camera\"\nport = \"file:"
                                      << (dir / "page.png").string() << "\"\noptions = { fps = 10 }\n"
                                      << "[face_camera]\nsource = \"file:" << (dir / "page.png").string() << "\"\nfps = 10\n"
                                      << "[[device]]\nname = \"a4\"\nfamily = \"a4_printer\"\ntransport = \"ipp\"\nport = \""
                                      << a4->config().uri << "\"\n"
                                      << "[[device]]\nname = \"scanner\"\nfamily = \"scanner\"\ntransport = \"sane\"\nport = \"test:0\"\n"
                                      << "options = { \"sane.test-picture\" = \"Color pattern\" }\n";
  }
  ~Rig() {
    card_sim.reset();
    a4.reset();
    if (std::getenv("OW_KEEP_SHOTS") == nullptr) fs::remove_all(dir);
  }
};
}  // namespace

TEST_CASE("device page test actions on the kiosk screen, headless, landscape") {
  Rig rig("landscape");
  if (!rig.a4->ready()) {
    MESSAGE("skipped: " << rig.a4->why_not());
    return;
  }
  REQUIRE_MESSAGE(rig.card_sim->ok(), "devsim idcard did not come up");
  const fs::path& dir = rig.dir;
  std::ofstream(dir / "script.txt") << enter_script()
                                    << "tap \"doc_camera  (camera)\"\n"
                                       "wait_text_s 10\n"
                                       "expect_text \"实时画面\"\n"
                                       "expect_text \"已识别页面\"\n"
                                       "screenshot mt-camera\n"
                                       "tap \"返回\"\n"
                                       "tap \"a4  (a4_printer)\"\n"
                                       "expect_text \"正常\"\n"
                                       "tap \"打印 A4 测试页\"\n"
                                       "wait_text_s 30\n"
                                       "expect_text \"A4 test page printed\"\n"
                                       "screenshot mt-a4\n"
                                       "tap \"返回\"\n"
                                       "tap \"idcard  (idcard)\"\n"
                                       "tap \"读卡（脱敏显示）\"\n"
                                       "sleep_ms 300\n"
                                       "sim \"" << rig.card_sim->control() << " place resident_male\"\n"
                                    << "wait_text_s 15\n"
                                       "expect_text \"110105********1238\"\n"
                                       "expect_text \"测*甲\"\n"
                                       "screenshot mt-card\n"
                                       "tap \"返回\"\n"
                                       "tap \"scanner  (scanner)\"\n"
                                       "tap \"扫描一页并显示\"\n"
                                       "wait_text_s 30\n"
                                       "expect_text \"扫描结果\"\n"
                                       "screenshot mt-scan\n"
                                       "tap \"退出维护\"\n"
                                       "wait_screen attract\n";
  const KioskRun run = run_kiosk(dir);
  INFO(run.log);
  REQUIRE(run.exited);
  REQUIRE(run.exit_code == 0);
  for (const char* shot : {"mt-camera", "mt-a4", "mt-card", "mt-scan"}) CHECK(is_png(dir / "shots" / (std::string(shot) + ".png")));
  CHECK(pdfs_in(rig.a4->spool()) == 1);
  // The card's clear text is in no log line, nor is its masked form.
  CHECK(run.log.find("110105198001011238") == std::string::npos);
  CHECK(run.log.find("测试甲") == std::string::npos);
  CHECK(run.log.find("测*甲") == std::string::npos);
}

TEST_CASE("device page on the kiosk screen, headless, portrait: camera previews and scanned page") {
  Rig rig("portrait");
  if (!rig.a4->ready()) {
    MESSAGE("skipped: " << rig.a4->why_not());
    return;
  }
  std::ofstream(rig.dir / "script.txt") << enter_script()
                                        << "tap \"doc_camera  (camera)\"\n"
                                           "wait_text_s 10\n"
                                           "expect_text \"已识别页面\"\n"
                                           "screenshot mt-camera-portrait\n"
                                           "tap \"返回\"\n"
                                           // The face camera sees a page, not a face: the face check says so.
                                           "tap \"face_camera  (camera)\"\n"
                                           "expect_text \"请正对摄像头\"\n"
                                           "screenshot mt-face-portrait\n"
                                           "tap \"返回\"\n"
                                           "tap \"scanner  (scanner)\"\n"
                                           "tap \"扫描一页并显示\"\n"
                                           "wait_text_s 30\n"
                                           "expect_text \"扫描结果\"\n"
                                           "screenshot mt-scan-portrait\n"
                                           "tap \"退出维护\"\n"
                                           "wait_screen attract\n";
  const KioskRun run = run_kiosk(rig.dir);
  INFO(run.log);
  REQUIRE(run.exited);
  REQUIRE(run.exit_code == 0);
  for (const char* shot : {"mt-camera-portrait", "mt-face-portrait", "mt-scan-portrait"}) CHECK(is_png(rig.dir / "shots" / (std::string(shot) + ".png")));
}
