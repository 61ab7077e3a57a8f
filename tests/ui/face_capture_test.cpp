// 实人核验 through the real kiosk program: an ID card on the simulated reader, the pension benefit
// matter (a verified identity: it pays out), its consent, a blink in front of a folder-backed face
// camera (a public-domain portrait, its eyes open and shut), the photo taken by itself, the
// platform-emu matching it, then the form, materials, review and submit; the committed submission
// names the verification and carries the photo as FACE_PHOTO, and the log holds nothing personal.
// Also: a typed identity cannot start the matter and the card on its detail can; offline the detail
// says the network is needed, as it does when the verification call finds no platform; a face the
// platform does not match three times goes to staff; a camera that sees nobody gets no photo and,
// after 10 s, 再试一次.
#include <doctest/doctest.h>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <thread>

#include <nlohmann/json.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "offline_store/store.hpp"
#include "tests/integration/idcard_sim_process.hpp"
#include "tests/integration/sync_fixture.hpp"
#include "tests/kiosk/capture_synthetic.hpp"
#include "tests/ui/kiosk_run.hpp"

namespace fs = std::filesystem;

namespace {
const std::string kFace = std::string(OW_SOURCE_DIR) + "/tests/assets/face/astronaut_face.jpg";
const std::string kFaceShut = std::string(OW_SOURCE_DIR) + "/tests/assets/face/astronaut_face_eyes_shut.jpg";
const std::string kFaceChecks = std::string(OW_ASSETS) + "/devsim/face_checks.json";

// A face camera that blinks: a folder of the portrait four times open, once shut, each shown for
// three frames at 15 fps (0.8 s open, 0.2 s shut, over and over).
std::string blinking_camera(const fs::path& dir) {
  fs::create_directories(dir / "blink");
  for (const char* open : {"1.jpg", "2.jpg", "3.jpg", "4.jpg"}) fs::create_symlink(kFace, dir / "blink" / open);
  fs::create_symlink(kFaceShut, dir / "blink" / "5.jpg");
  return "[face_camera]\nsource = \"folder:blink\"\nfps = 15\nframe_repeat = 3\nliveness = [\"blink\"]\n";
}

// Script steps: wait until the kiosk shows it reached the platform; later steps wait up to 10 s.
constexpr const char* kOnline = "wait_text_s 20\nexpect_text \"网络正常\"\nwait_text_s 10\n";

std::string platform(const ow::synctest::Emulator& emu) {
  return "[platform]\nurl = \"" + emu.url() + "\"\ninsecure_dev = true\nheartbeat_s = 5\n";
}


struct Box {
  fs::path dir;
  explicit Box(const std::string& name) : dir(fs::temp_directory_path() / ("ow-face-ui-" + name + "-" + std::to_string(::getpid()))) {
    fs::remove_all(dir);
    fs::create_directories(dir);
  }
  ~Box() { fs::remove_all(dir); }
  bool shot(const std::string& name) const {
    const fs::path p = dir / "shots" / (name + ".png");
    return fs::exists(p) && fs::file_size(p) > 10000;
  }
};
// The kiosk's config in the box: the hall, the simulated card reader, then `rest` (cameras, platform).
void write_config(const Box& box, IdcardSimProcess& card_sim, const std::string& rest) {
  std::ofstream(box.dir / "kiosk.toml") << "[kiosk]\nhall_name = \"测试镇政务服务中心\"\ndata_dir = \"data\"\nassets_dir = \"" << OW_ASSETS
                                        << "\"\n[idcard]\nport = \"" << card_sim.link() << "\"\n"
                                        << rest;
}

// Runs the kiosk on the box's script; the script must end with every step passed.
KioskRun run_script(const Box& box) {
  KioskRun run = run_kiosk(box.dir);
  INFO(run.log);
  REQUIRE(run.exited);
  REQUIRE(run.exit_code == 0);
  return run;
}

void nothing_submitted(const Box& box) {
  auto store = ow::store::Store::open(box.dir / "data");
  REQUIRE(store);
  auto all = (*store)->list(std::nullopt, 10);
  REQUIRE(all);
  CHECK(all->empty());
}
}  // namespace

TEST_CASE("实人核验: card in, a blink, the photo taken and matched; the submission names the verification and carries FACE_PHOTO") {
  Box box("journey");
  ow::synctest::Emulator emu({"--face-checks", kFaceChecks}, box.dir, true);
  IdcardSimProcess card_sim;
  REQUIRE_MESSAGE(card_sim.ok(), "devsim idcard did not come up");
  // The paper materials (bank card, ID photo) are photographed from a generated page.
  ow::capture::test::SynthOptions o;
  o.width = 1280;
  o.height = 720;
  o.page_height = 0.85;
  o.landscape = true;
  REQUIRE(cv::imwrite((box.dir / "page.png").string(), ow::capture::test::make_frame(o).image));
  write_config(box, card_sim, "[document_camera]\nsource = \"file:page.png\"\nfps = 15\n" + blinking_camera(box.dir) + platform(emu));
  const std::string s = card_sim.control();
  std::ofstream(box.dir / "script.txt")
      << "wait_screen attract\n" << kOnline
      << "sim \"" << s << " place resident_longterm\"\n"
         // 样例乙 was born in 1955: offered elderly mode first, declined here.
         "wait_screen elderly_offer\ntap \"不用，继续\"\n"
         "wait_screen consent\n"
         "tap \"同意并继续\"\n"
         "sim \"" << s << " remove\"\n"
         "tap \"社保\"\ntap \"城乡居民基本养老保险待遇申领\"\n"
         "expect_text \"办这件事要刷脸核验本人\"\n"
         "screenshot face-00-detail\n"
         "tap \"开始办理\"\n"
         "wait_screen face_consent\n"
         "expect_text \"照片将提交给平台核验\"\n"
         "screenshot face-01-consent\n"
         "tap \"同意人脸核验\"\n"
         "wait_screen face_capture\n"
         "expect_text \"刷脸核验本人\"\n"
         "expect_text \"请眨一眨眼睛\"\n"
         "screenshot face-02-live\n"
         "expect_text \"照片已拍好\"\n"
         "screenshot face-03-photo\n"
         "tap \"使用这张照片\"\n"
         "wait_screen form\n"
         "tap \"手机号码\"\ntype \"13800138000\"\ntap \"完成\"\n"
         "tap \"中国工商银行\"\n"
         "tap \"银行账号\"\ntype \"6222020200112233445\"\ntap \"完成\"\n"
         "tap \"下一步\"\nwait_screen materials\n"
         // The card read at the start stands for the ID card: nothing to tap for it.
         "expect_text \"已读取您的身份证，无需再交\"\nexpect_absent \"居民身份证 用电子证件\"\n"
         "tap \"本人银行卡或存折 拍照上传\"\n"
         "expect_text \"本次已拍 1 页\"\n"
         "tap \"完成\"\n"
         "swipe 500\nsleep_ms 300\n"  // the last material's row is below the fold
         "tap \"近期免冠彩色证件照 拍照上传\"\n"
         "expect_text \"本次已拍 1 页\"\n"
         "tap \"完成\"\n"
         "tap \"下一步\"\nwait_screen review\n"
         "expect_text \"面部照片：已拍摄\"\nexpect_text \"居民身份证：已读取身份证\"\n"
         "screenshot face-04-review\n"
         "tap \"窗口领取\"\nsign \"签名区\"\ntap \"签好了，提交\"\nwait_screen receipt\n"
         "expect_text \"请取走您的身份证\"\n"
         "tap \"完成\"\nwait_screen evaluation\ntap \"跳过\"\nwait_screen goodbye\n"
         "wait_screen attract\n"
         "expect_absent \"样例乙\"\n"
         "screenshot face-05-after\n";
  const KioskRun run = run_script(box);
  for (const char* shot : {"face-00-detail", "face-01-consent", "face-02-live", "face-03-photo", "face-04-review", "face-05-after"})
    CHECK_MESSAGE(box.shot(shot), shot);

  // The platform took it: the reference is one it issued for this person (else 422), with the photo and the pages.
  nlohmann::json received;
  for (int i = 0; i < 100 && (received = emu.get("/admin/submissions")["submissions"]).empty(); ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  REQUIRE(received.size() == 1);
  CHECK(received[0]["verification"].get<std::string>().rfind("RPV-", 0) == 0);
  CHECK(received[0]["blobs_present"] == true);
  const auto materials = received[0]["materials"];
  for (const char* code : {"FACE_PHOTO", "M_BANK_CARD", "M_PHOTO"})
    CHECK_MESSAGE(std::find(materials.begin(), materials.end(), code) != materials.end(), code);
  // Nothing personal in the log: not the card holder's name, ID number or address, not the phone or account.
  for (const char* v : {"样例乙", "440305195503150047", "虚构镇", "13800138000", "6222020200112233445"})
    CHECK_MESSAGE(run.log.find(v) == std::string::npos, v);
  CHECK(run.log.find("identity verified") != std::string::npos);  // the log was read
}

TEST_CASE("a face camera that sees nobody: no photo, no shutter while the challenge runs; after 10 s, 再试一次") {
  Box box("nobody");
  ow::synctest::Emulator emu({"--face-checks", kFaceChecks}, box.dir, true);
  IdcardSimProcess card_sim;
  REQUIRE_MESSAGE(card_sim.ok(), "devsim idcard did not come up");
  // A plain wall with a door: nobody in front of the camera.
  cv::Mat wall(720, 1280, CV_8UC3, cv::Scalar(200, 204, 208));
  cv::rectangle(wall, cv::Rect(900, 100, 220, 620), cv::Scalar(120, 140, 160), cv::FILLED);
  REQUIRE(cv::imwrite((box.dir / "wall.png").string(), wall));
  write_config(box, card_sim, "[face_camera]\nsource = \"file:wall.png\"\nfps = 15\n" + platform(emu));
  const std::string s = card_sim.control();
  std::ofstream(box.dir / "script.txt") << "wait_text_s 20\nexpect_text \"网络正常\"\nwait_text_s 5\n"
                                           "sim \"" << s << " place resident_male\"\nwait_screen consent\ntap \"同意并继续\"\n"
                                           "tap \"社保\"\ntap \"城乡居民基本养老保险待遇申领\"\ntap \"开始办理\"\n"
                                           "wait_screen face_consent\ntap \"同意人脸核验\"\nwait_screen face_capture\n"
                                           "expect_text \"请正对摄像头，把脸放在框里\"\n"
                                           "sleep_ms 2000\n"
                                           "expect_absent \"照片已拍好\"\n"
                                           "expect_absent \"拍照\"\n"
                                           "screenshot nobody\n"
                                           "wait_text_s 15\n"
                                           "expect_text \"没有看清您的动作\"\n"
                                           "screenshot nobody-timed-out\n"
                                           "tap \"再试一次\"\n"
                                           "expect_text \"请正对摄像头，把脸放在框里\"\n"
                                           "tap \"取消办理\"\ntap \"确定取消\"\nwait_screen attract\n";
  const KioskRun run = run_script(box);
  CHECK(box.shot("nobody"));
  CHECK(box.shot("nobody-timed-out"));
  nothing_submitted(box);
  CHECK(run.log.find("identity verified") == std::string::npos);
}

TEST_CASE("a typed identity cannot start a verified matter; the card on its detail can, and offline the detail says why not") {
  Box box("typed");
  IdcardSimProcess card_sim;
  REQUIRE_MESSAGE(card_sim.ok(), "devsim idcard did not come up");
  // No platform: the kiosk is offline.
  write_config(box, card_sim, "[face_camera]\nsource = \"file:" + kFace + "\"\nfps = 15\n");
  const std::string s = card_sim.control();
  std::ofstream(box.dir / "script.txt") << "tap \"开始办事\"\ntap \"同意并继续\"\n"
                                           "tap \"社保\"\ntap \"城乡居民基本养老保险待遇申领\"\n"
                                           "expect_text \"办这件事要先读身份证\"\n"
                                           "expect_absent \"开始办理\"\n"
                                           "screenshot typed-detail\n"
                                           "sim \"" << s << " place resident_male\"\n"
                                           "expect_text \"现在网络不通，办不了\"\n"
                                           "expect_absent \"办这件事要先读身份证\"\n"
                                           "expect_absent \"开始办理\"\n"
                                           "screenshot offline-detail\n"
                                           "sim \"" << s << " remove\"\n"
                                           // A matter that needs only the document starts with the card just read.
                                           "tap \"返回\"\ntap \"城乡居民基本养老保险参保登记\"\n"
                                           "expect_absent \"办这件事要\"\n"
                                           "tap \"开始办理\"\n"
                                           "wait_screen form\n"
                                           "tap \"取消办理\"\ntap \"确定取消\"\nwait_screen attract\n";
  const KioskRun run = run_script(box);
  CHECK(box.shot("typed-detail"));
  CHECK(box.shot("offline-detail"));
  CHECK(run.log.find("ID card read on a matter's detail") != std::string::npos);
}

TEST_CASE("a face the platform does not match: two tries more, then the citizen is sent to a staff window") {
  Box box("mismatch");
  ow::synctest::Emulator emu({"--face-checks", kFaceChecks}, box.dir, true);
  IdcardSimProcess card_sim;
  REQUIRE_MESSAGE(card_sim.ok(), "devsim idcard did not come up");
  write_config(box, card_sim, blinking_camera(box.dir) + platform(emu));
  const std::string s = card_sim.control();
  // 示例丁's permit: the platform's verification answers mismatch (face_checks.json).
  std::string script = std::string(kOnline) +
                       "sim \"" + s + " place permit_hk\"\nwait_screen consent\ntap \"同意并继续\"\n"
                       "tap \"社保\"\ntap \"城乡居民基本养老保险待遇申领\"\ntap \"开始办理\"\n"
                       "wait_screen face_consent\ntap \"同意人脸核验\"\nwait_screen face_capture\n";
  for (const char* left : {"2", "1"})
    script += "expect_text \"照片已拍好\"\ntap \"使用这张照片\"\nexpect_text \"还可以试 " + std::string(left) + " 次\"\n"
              "screenshot mismatch-" + left + "\n";
  script += "expect_text \"照片已拍好\"\ntap \"使用这张照片\"\nwait_screen notice\n"
            "expect_text \"请到人工窗口核验身份\"\nscreenshot mismatch-staff\n"
            "sim \"" + s + " remove\"\ntap \"返回首页\"\nwait_screen attract\n";
  std::ofstream(box.dir / "script.txt") << script;
  const KioskRun run = run_script(box);
  for (const char* shot : {"mismatch-2", "mismatch-1", "mismatch-staff"}) CHECK_MESSAGE(box.shot(shot), shot);
  CHECK(run.log.find("attempt 3 of 3") != std::string::npos);
  CHECK(run.log.find("810000199005210026") == std::string::npos);
  nothing_submitted(box);
}

TEST_CASE("the verification service does not answer: back to the matter's detail, which says it needs the network; other matters go on") {
  Box box("unreachable");
  // The platform is up (the kiosk is online) but its gateway refuses the verification call.
  ow::synctest::Emulator emu({"--face-checks", kFaceChecks, "--gateway-status", "503", "--gateway-path", "/v1/identity/verify"},
                             box.dir, true);
  IdcardSimProcess card_sim;
  REQUIRE_MESSAGE(card_sim.ok(), "devsim idcard did not come up");
  write_config(box, card_sim, blinking_camera(box.dir) + platform(emu));
  const std::string s = card_sim.control();
  std::ofstream(box.dir / "script.txt") << kOnline
                                        << "sim \"" << s << " place resident_male\"\nwait_screen consent\ntap \"同意并继续\"\n"
                                           "sim \"" << s << " remove\"\n"
                                           "tap \"社保\"\ntap \"城乡居民基本养老保险待遇申领\"\ntap \"开始办理\"\n"
                                           "wait_screen face_consent\ntap \"同意人脸核验\"\nwait_screen face_capture\n"
                                           "expect_text \"照片已拍好\"\ntap \"使用这张照片\"\n"
                                           "wait_screen detail\n"
                                           "expect_text \"现在网络不通，办不了\"\n"
                                           "expect_absent \"开始办理\"\n"
                                           "screenshot unreachable-detail\n"
                                           "tap \"返回\"\ntap \"城乡居民基本养老保险参保登记\"\ntap \"开始办理\"\n"
                                           "wait_screen form\n"
                                           "tap \"取消办理\"\ntap \"确定取消\"\nwait_screen attract\n";
  const KioskRun run = run_script(box);
  CHECK(box.shot("unreachable-detail"));
  CHECK(run.log.find("the platform cannot be reached") != std::string::npos);
  nothing_submitted(box);
}
