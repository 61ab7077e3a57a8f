// The materials screen with a file-backed document camera: two generated pages shown in turn are
// taken automatically when steady, shown as taken, and committed with the submission.
#include <doctest/doctest.h>

#include "tests/ui/kiosk_run.hpp"
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <opencv2/imgcodecs.hpp>
#include <sstream>

#include "offline_store/store.hpp"
#include "tests/kiosk/capture_synthetic.hpp"

namespace fs = std::filesystem;

TEST_CASE("the materials screen captures two pages from a file-backed camera and commits them") {
  const fs::path dir = fs::temp_directory_path() / ("ow-materials-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir / "pages");
  // A page, the empty desk while the citizen changes pages, the next page (shown in name order).
  for (std::uint32_t i = 1; i <= 3; ++i) {
    ow::capture::test::SynthOptions o;
    o.width = 1280;
    o.height = 720;
    o.page_height = i == 2 ? 0 : 0.85;
    o.landscape = true;
    o.rotation_deg = i == 1 ? 4 : -3;
    o.seed = i;
    REQUIRE(cv::imwrite((dir / "pages" / ("frame" + std::to_string(i) + ".png")).string(), ow::capture::test::make_frame(o).image));
  }
  std::ofstream(dir / "kiosk.toml") << "[kiosk]\nhall_name = \"测试镇政务服务中心\"\ndata_dir = \"data\"\nassets_dir = \"" << OW_ASSETS
                                    << "\"\n[document_camera]\nsource = \"folder:pages\"\nfps = 15\nframe_repeat = 40\n";
  std::ofstream(dir / "script.txt") << "tap \"开始办事\"\ntap \"同意并继续\"\ntap \"社保\"\ntap \"城乡居民基本养老保险参保登记\"\ntap \"开始办理\"\n"
                                       "tap \"姓名\"\ntype \"王测试\"\ntap \"完成\"\n"
                                       "tap \"身份证号码\"\ntype \"11010519491231002X\"\ntap \"完成\"\n"
                                       "tap \"手机号码\"\ntype \"13800138000\"\ntap \"完成\"\n"
                                       "tap \"户籍地址\"\ntype \"测试路1号\"\ntap \"完成\"\n"
                                       "tap \"下一步\"\nwait_screen materials\n"
                                       "tap \"居民身份证 拍照上传\"\n"
                                       "sleep_ms 1500\nscreenshot capture-live\n"
                                       "wait_text_s 20\n"
                                       "expect_text \"本次已拍 2 页\"\n"
                                       "tap \"完成\"\n"
                                       "expect_text \"已拍 2 页\"\nscreenshot materials-two-pages\n"
                                       "tap \"居民户口簿 以后再交\"\ntap \"下一步\"\nwait_screen review\n"
                                       "tap \"窗口领取\"\nsign \"签名区\"\ntap \"签好了，提交\"\nwait_screen receipt\n";
  const KioskRun run = run_kiosk(dir);
  INFO(run.log);
  REQUIRE(run.exited);
  REQUIRE(run.exit_code == 0);
  CHECK(fs::exists(dir / "shots" / "capture-live.png"));
  CHECK(fs::exists(dir / "shots" / "materials-two-pages.png"));

  auto store = ow::store::Store::open(dir / "data");
  REQUIRE_MESSAGE(store, store.error().message);
  auto all = (*store)->list(std::nullopt, 10);
  REQUIRE(all);
  REQUIRE(all->size() == 1);
  auto blobs = (*store)->blobs_of(all->front().id);
  REQUIRE(blobs);
  CHECK(blobs->size() == 3);  // the two pages and the signature
  CHECK(run.log.find("王测试") == std::string::npos);
  fs::remove_all(dir);
}
