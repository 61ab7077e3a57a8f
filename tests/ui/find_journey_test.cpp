// Finding and starting, headless by widget label: the 新生儿出生 bundle from home to its receipt as
// one submission with bundle_code; a search by pinyin initials (and by a pinyin candidate) to a
// matter's detail and its form; a guide walk with a step back; 打印清单 on the printer simulator.
#include <doctest/doctest.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "offline_store/store.hpp"
#include "tests/ui/kiosk_run.hpp"
#include "tests/ui/printer_sim.hpp"

namespace fs = std::filesystem;

namespace {
struct Dir {
  fs::path path;
  explicit Dir(const std::string& name, const std::string& extra_config = {}) {
    path = fs::temp_directory_path() / ("ow-find-" + name + "-" + std::to_string(::getpid()));
    fs::remove_all(path);
    fs::create_directories(path);
    std::ofstream(path / "kiosk.toml") << "[kiosk]\nid = \"KIOSK-T1\"\nhall_name = \"测试镇政务服务中心\"\ndata_dir = \"data\"\n"
                                       << "assets_dir = \"" << OW_ASSETS << "\"\n"
                                       << extra_config;
  }
  ~Dir() {
    if (std::getenv("OW_KEEP_TEST_DIR") == nullptr) fs::remove_all(path);
  }
  KioskRun run(const std::string& script) {
    std::ofstream(path / "script.txt") << script;
    return run_kiosk(path);
  }
  bool shot(const char* name) const { return fs::exists(path / "shots" / (std::string(name) + ".png")); }
};

constexpr const char* kStart = "tap \"开始办事\"\ntap \"同意并继续\"\nwait_screen home\n";
}  // namespace

TEST_CASE("the 新生儿出生 bundle: one merged form, one materials list, one pre-review, one submission with bundle_code") {
  Dir dir("bundle", "orientation = \"portrait\"\n");
  const KioskRun r = dir.run(std::string(kStart) +
                             "screenshot bundle-01-home\n"
                             "tap \"新生儿出生\"\nwait_screen detail\n"
                             "expect_text \"由前一步“出生医学证明签发”出具，无需提供\"\n"
                             "screenshot bundle-02-detail\n"
                             "tap \"开始办理\"\nwait_screen form\n"
                             "tap \"姓名\"\ntype \"王测试\"\ntap \"完成\"\n"
                             "tap \"身份证号码\"\ntype \"11010519491231002X\"\ntap \"完成\"\n"
                             "tap \"手机号码\"\ntype \"13800138000\"\ntap \"完成\"\n"
                             "tap \"子女姓名\"\ntype \"王小宝\"\ntap \"完成\"\n"
                             "tap \"男\"\n"
                             "tap \"子女出生日期\"\ntype \"20261101\"\ntap \"完成\"\n"
                             "tap \"配偶姓名\"\ntype \"李测试\"\ntap \"完成\"\n"
                             "tap \"配偶身份证号码\"\ntype \"110105198808081237\"\ntap \"完成\"\n"
                             "screenshot bundle-03-form\n"
                             "tap \"下一步\"\nwait_screen materials\n"
                             "screenshot bundle-04-materials\n"
                             "tap \"居民身份证 用电子证件\"\n"
                             "tap \"结婚证 用电子证件\"\n"
                             "tap \"居民户口簿 用电子证件\"\n"
                             "tap \"近期免冠彩色证件照 以后再交\"\nscreenshot bundle-05-materials-done\n"
                             "tap \"下一步\"\nwait_screen review\n"
                             "tap \"窗口领取\"\nsign \"签名区\"\nscreenshot bundle-06-review\n"
                             "tap \"签好了，提交\"\nwait_screen receipt\n"
                             "expect_text \"新生儿出生一件事\"\nscreenshot bundle-07-receipt\n"
                             "tap \"完成\"\nwait_screen evaluation\ntap \"跳过\"\nwait_screen goodbye\n");
  INFO(r.log);
  REQUIRE(r.exited);
  REQUIRE(r.exit_code == 0);
  for (const char* s : {"bundle-01-home", "bundle-02-detail", "bundle-03-form", "bundle-04-materials", "bundle-05-materials-done",
                        "bundle-06-review", "bundle-07-receipt"})
    CHECK_MESSAGE(dir.shot(s), s);

  auto store = ow::store::Store::open(dir.path / "data");
  REQUIRE(store);
  auto all = (*store)->list(std::nullopt, 10);
  REQUIRE(all);
  REQUIRE(all->size() == 1);  // one submission for all five steps
  auto sending = (*store)->begin_sending(ow::store::ItemKind::Submission, all->front().id);
  REQUIRE(sending);
  const auto body = nlohmann::json::parse(sending->body);
  CHECK(body["bundle_code"] == "B_NEWBORN");
  CHECK_FALSE(body.contains("matter_code"));
  // One merged form: each field once, the child's as typed.
  CHECK(body["form"]["child_name"] == "王小宝");
  CHECK(body["form"]["spouse_id_number"] == "110105198808081237");
  for (const char* pii : {"王测试", "王小宝", "11010519491231002X", "13800138000"}) CHECK(r.log.find(pii) == std::string::npos);
}

TEST_CASE("search: pinyin initials find a matter as they are typed; a pinyin candidate searches by characters") {
  Dir dir("search");
  const KioskRun r = dir.run(std::string(kStart) +
                             "tap \"搜索事项：输入名称或拼音首字母\"\nwait_screen search\n"
                             "type \"yidi\"\n"
                             "tap \"异地\"\n"
                             "expect_text \"异地\"\n"
                             "tap \"异地就医备案\"\nwait_screen detail\n"
                             "tap \"返回\"\nwait_screen search\n"
                             "tap \"清空\"\n"
                             "type \"cxjmyl\"\n"
                             "screenshot search-initials\n"
                             "tap \"城乡居民医疗保险参保登记\"\nwait_screen detail\n"
                             "expect_text \"所需材料\"\nscreenshot search-detail\n"
                             "tap \"开始办理\"\nwait_screen form\n"
                             "expect_text \"城乡居民医疗保险参保登记\"\n");
  INFO(r.log);
  REQUIRE(r.exited);
  CHECK(r.exit_code == 0);
  CHECK(dir.shot("search-initials"));
  CHECK(dir.shot("search-detail"));
}

TEST_CASE("the guide asks one question per screen, goes back one question, and ends at a matter") {
  Dir dir("guide");
  const KioskRun r = dir.run(std::string(kStart) +
                             "tap \"智能导引\"\nwait_screen guide\n"
                             "tap \"社保医保办什么\"\n"
                             "expect_text \"您想办理哪方面的业务？\"\nscreenshot guide-q1\n"
                             "tap \"社会保障卡\"\n"
                             "expect_text \"您的社保卡遇到什么情况？\"\n"
                             "tap \"返回\"\n"
                             "expect_text \"您想办理哪方面的业务？\"\n"
                             "tap \"社会保障卡\"\n"
                             "tap \"卡丢了，先挂失\"\nwait_screen detail\n"
                             "expect_text \"社会保障卡挂失\"\nscreenshot guide-detail\n"
                             "tap \"开始办理\"\nwait_screen form\n");
  INFO(r.log);
  REQUIRE(r.exited);
  CHECK(r.exit_code == 0);
  CHECK(dir.shot("guide-q1"));
}

TEST_CASE("打印清单 prints the one-time notice on the receipt printer, and says so when the paper is out") {
  const fs::path base = fs::temp_directory_path() / ("ow-find-printer-" + std::to_string(::getpid()));
  PrinterSim printer(base);
  REQUIRE_MESSAGE(!printer.address.empty(), "devsim printer did not start");
  Dir dir("print", printer.toml() + "text_mode = true\n");
  const std::string& sock = printer.control;
  const KioskRun r = dir.run(std::string(kStart) +
                             "tap \"医保\"\ntap \"城乡居民医疗保险参保登记\"\nwait_screen detail\n"
                             "tap \"打印清单\"\n"
                             "wait_text_s 10\nexpect_text \"清单已打印，请取走\"\nscreenshot checklist-printed\n"
                             "sim \"" + sock + " paper out\"\n"
                             "tap \"打印清单\"\n"
                             "expect_text \"打印机缺纸，清单未能打印\"\nscreenshot checklist-paper-out\n"
                             "tap \"开始办理\"\nwait_screen form\n");
  INFO(r.log);
  REQUIRE(r.exited);
  CHECK(r.exit_code == 0);
  std::string paper;
  for (const auto& e : fs::directory_iterator(printer.paper)) {
    if (e.path().extension() != ".txt") continue;
    std::ifstream in(e.path());
    std::stringstream s;
    s << in.rdbuf();
    paper += s.str();
  }
  INFO(paper);
  CHECK(paper.find("城乡居民医疗保险参保登记") != std::string::npos);
  CHECK(paper.find("居民身份证") != std::string::npos);
  if (std::getenv("OW_KEEP_TEST_DIR") == nullptr) fs::remove_all(base);
}
