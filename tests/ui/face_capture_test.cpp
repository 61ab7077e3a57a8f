// The face capture step through the real kiosk program: an ID card on the simulated reader, the
// pension benefit matter (which checks the face), its consent, the photo taken automatically from
// a file-backed face camera showing a public-domain portrait, used, then the form, materials,
// review and submit; the committed submission carries the photo as its FACE_PHOTO attachment and
// the log holds nothing personal. And a camera that sees nobody: the guidance says so, nothing is taken.
#include <doctest/doctest.h>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <thread>

#include <nlohmann/json.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "offline_store/store.hpp"
#include "tests/kiosk/capture_synthetic.hpp"
#include "tests/integration/idcard_sim_process.hpp"
#include "tests/ui/kiosk_run.hpp"

namespace fs = std::filesystem;

namespace {
const std::string kFace = std::string(OW_SOURCE_DIR) + "/tests/assets/face/astronaut_face.jpg";


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
}  // namespace

TEST_CASE("card in, the face is taken automatically and used, and the submission carries it as FACE_PHOTO") {
  Box box("journey");
  IdcardSimProcess card_sim;
  REQUIRE_MESSAGE(card_sim.ok(), "devsim idcard did not come up");
  // The paper materials (bank card, ID photo) are photographed from a generated page.
  ow::capture::test::SynthOptions o;
  o.width = 1280;
  o.height = 720;
  o.page_height = 0.85;
  o.landscape = true;
  REQUIRE(cv::imwrite((box.dir / "page.png").string(), ow::capture::test::make_frame(o).image));
  std::ofstream(box.dir / "kiosk.toml") << "[kiosk]\nhall_name = \"测试镇政务服务中心\"\ndata_dir = \"data\"\nassets_dir = \"" << OW_ASSETS
                                        << "\"\n[idcard]\nport = \"" << card_sim.link() << "\"\n"
                                        << "[document_camera]\nsource = \"file:page.png\"\nfps = 15\n"
                                        << "[face_camera]\nsource = \"file:" << kFace << "\"\nfps = 15\n";
  const std::string s = card_sim.control();
  std::ofstream(box.dir / "script.txt")
      << "wait_screen attract\n"
         "sim \"" << s << " place resident_longterm\"\n"
         // 样例乙 was born in 1955: offered elderly mode first, declined here.
         "wait_screen elderly_offer\ntap \"不用，继续\"\n"
         "wait_screen consent\n"
         "tap \"同意并继续\"\n"
         "sim \"" << s << " remove\"\n"
         "tap \"社保\"\ntap \"城乡居民基本养老保险待遇申领\"\ntap \"开始办理\"\n"
         "wait_screen face_consent\n"
         "expect_text \"照片将提交给平台核验\"\n"
         "screenshot face-01-consent\n"
         "tap \"同意人脸核验\"\n"
         "wait_screen face_capture\n"
         "expect_text \"照片将提交给平台核验\"\n"
         "screenshot face-02-live\n"
         "wait_text_s 10\n"
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
  const KioskRun run = run_kiosk(box.dir);
  INFO(run.log);
  REQUIRE(run.exited);
  REQUIRE(run.exit_code == 0);
  for (const char* shot : {"face-01-consent", "face-02-live", "face-03-photo", "face-04-review", "face-05-after"})
    CHECK_MESSAGE(box.shot(shot), shot);

  auto store = ow::store::Store::open(box.dir / "data");
  REQUIRE_MESSAGE(store, store.error().message);
  auto all = (*store)->list(std::nullopt, 10);
  REQUIRE(all);
  REQUIRE(all->size() == 1);
  auto item = (*store)->begin_sending(ow::store::ItemKind::Submission, all->front().id);
  REQUIRE(item);
  const auto body = nlohmann::json::parse(item->body);
  REQUIRE(body["materials"].contains("FACE_PHOTO"));
  REQUIRE(body["materials"]["FACE_PHOTO"].size() == 1);
  auto photo = (*store)->read_blob(body["materials"]["FACE_PHOTO"][0].get<std::string>());
  REQUIRE(photo);
  REQUIRE(photo->size() > 1000);
  CHECK(photo->substr(0, 2) == "\xFF\xD8");  // a JPEG
  const cv::Mat decoded = cv::imdecode(cv::Mat(1, static_cast<int>(photo->size()), CV_8UC1, photo->data()), cv::IMREAD_COLOR);
  REQUIRE_FALSE(decoded.empty());
  CHECK(decoded.rows > decoded.cols);  // head and shoulders, upright
  CHECK(body["materials"]["M_BANK_CARD"].size() == 1);
  CHECK(body["materials"]["M_PHOTO"].size() == 1);
  // Nothing personal in the log: not the card holder's name, ID number or address, not the phone or account.
  for (const char* v : {"样例乙", "440305195503150047", "虚构镇", "13800138000", "6222020200112233445"})
    CHECK_MESSAGE(run.log.find(v) == std::string::npos, v);
  CHECK(run.log.find("photo taken") != std::string::npos);  // the log was read
}

TEST_CASE("a face camera that sees nobody: the guidance says so and nothing is taken") {
  Box box("nobody");
  // A plain wall with a door: nobody in front of the camera.
  cv::Mat wall(720, 1280, CV_8UC3, cv::Scalar(200, 204, 208));
  cv::rectangle(wall, cv::Rect(900, 100, 220, 620), cv::Scalar(120, 140, 160), cv::FILLED);
  REQUIRE(cv::imwrite((box.dir / "wall.png").string(), wall));
  std::ofstream(box.dir / "kiosk.toml") << "[kiosk]\nhall_name = \"测试镇政务服务中心\"\ndata_dir = \"data\"\nassets_dir = \"" << OW_ASSETS
                                        << "\"\n[face_camera]\nsource = \"file:wall.png\"\nfps = 15\n";
  std::ofstream(box.dir / "script.txt") << "tap \"开始办事\"\ntap \"同意并继续\"\n"
                                           "tap \"社保\"\ntap \"城乡居民基本养老保险待遇申领\"\ntap \"开始办理\"\n"
                                           "wait_screen face_consent\ntap \"同意人脸核验\"\nwait_screen face_capture\n"
                                           "expect_text \"请正对摄像头\"\n"
                                           "sleep_ms 2000\n"
                                           "expect_text \"请正对摄像头\"\n"
                                           "expect_absent \"照片已拍好\"\n"
                                           "expect_absent \"使用这张照片\"\n"
                                           "screenshot nobody\n"
                                           "tap \"拍照\"\n"
                                           "sleep_ms 600\n"
                                           "expect_absent \"使用这张照片\"\n"
                                           "tap \"取消办理\"\ntap \"确定取消\"\nwait_screen attract\n";
  const KioskRun run = run_kiosk(box.dir);
  INFO(run.log);
  REQUIRE(run.exited);
  REQUIRE(run.exit_code == 0);
  CHECK(box.shot("nobody"));
  auto store = ow::store::Store::open(box.dir / "data");
  REQUIRE(store);
  auto all = (*store)->list(std::nullopt, 10);
  REQUIRE(all);
  CHECK(all->empty());
  CHECK(run.log.find("photo taken") == std::string::npos);
}
