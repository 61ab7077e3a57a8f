// Runs the real kiosk program headless with scripts, then checks what it left behind:
// the committed row, the screenshots, and a log free of personal data.
#include <doctest/doctest.h>

#include "tests/ui/kiosk_run.hpp"
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <memory>

#include "offline_store/store.hpp"
#include "tests/integration/idcard_sim_process.hpp"

namespace fs = std::filesystem;

namespace {
struct Sandbox {
  fs::path dir;
  explicit Sandbox(const std::string& name) {
    dir = fs::temp_directory_path() / ("ow-journey-" + name + "-" + std::to_string(::getpid()));
    fs::remove_all(dir);
    fs::create_directories(dir);
    std::ofstream(dir / "kiosk.toml") << "[kiosk]\nid = \"KIOSK-T1\"\nhall_name = \"测试镇政务服务中心\"\n"
                                      << "data_dir = \"data\"\nassets_dir = \"" << OW_ASSETS << "\"\n";
  }
  ~Sandbox() { fs::remove_all(dir); }

  // The ID card reader simulator on a pty, wired into the config; scripts reach it as @IDCARD@.
  void add_card_reader() {
    reader = std::make_unique<IdcardSimProcess>();
    REQUIRE_MESSAGE(reader->ok(), "devsim idcard did not come up");
    std::ofstream(dir / "kiosk.toml", std::ios::app) << "[idcard]\nport = \"" << reader->link() << "\"\n";
    card_socket = reader->control();
  }
  std::unique_ptr<IdcardSimProcess> reader;
  std::string card_socket;

  KioskRun run_script(const std::string& script_text) {
    std::ofstream(dir / "script.txt") << script_text;
    return run_kiosk(dir);
  }

  std::string script_file(const std::string& name) {
    std::ifstream in(fs::path(OW_ASSETS) / "scripts" / name);
    std::stringstream s;
    s << in.rdbuf();
    std::string text = s.str();
    for (auto at = text.find("@IDCARD@"); at != std::string::npos; at = text.find("@IDCARD@"))
      text.replace(at, 8, card_socket);
    return text;
  }
};

}  // namespace

TEST_CASE("the walking-skeleton journey commits one submission and shows every screen") {
  Sandbox box("demo");
  box.add_card_reader();
  // Then a session from an ID card, offline: the form shows with the card's name and number.
  const KioskRun r = box.run_script(box.script_file("demo-journey.txt") + "sim \"" + box.card_socket + " place resident_male\"\n"
                                    "wait_screen consent\nscreenshot 15-card-consent\ntap \"同意并继续\"\n"
                                    "tap \"社保\"\ntap \"城乡居民基本养老保险参保登记\"\ntap \"开始办理\"\n"
                                    "wait_screen form\nexpect_text \"测试甲\"\nscreenshot 16-card-form-prefilled\n"
                                    "tap \"取消办理\"\ntap \"确定取消\"\nwait_screen attract\n");
  INFO(r.log);
  REQUIRE(r.exit_code == 0);
  for (const char* shot : {"01-attract", "02-consent", "03-home", "04-form-empty", "05-form-missing", "06-pinyin-keyboard",
                           "07-form-filled", "08-materials", "09-materials-done", "10b-review-signed", "11-receipt",
                           "12-rating", "13-goodbye", "14-attract-after",
                           "15-card-consent", "16-card-form-prefilled"})
    CHECK_MESSAGE(is_png(box.dir / "shots" / (std::string(shot) + ".png")), shot);

  auto store = ow::store::Store::open(box.dir / "data");
  REQUIRE(store);
  CHECK((*store)->submission_count().value() == 1);
  // The bad rating went into the outbox with its reason.
  auto ratings = (*store)->db().prepare("SELECT count(*) FROM evaluations");
  REQUIRE(ratings);
  REQUIRE(ratings->step().value());
  CHECK(ratings->column_int(0) == 1);

  CHECK(r.log.find("missing glyph") == std::string::npos);
  // Personal data typed in the session never reaches the log.
  for (const char* pii : {"张三", "11010519491231002X", "13800138000", "天河路"}) CHECK(r.log.find(pii) == std::string::npos);
}

TEST_CASE("the idle countdown shows, a touch keeps the form, silence wipes it") {
  Sandbox box("idle");
  const KioskRun r = box.run_script(
      "tap \"开始办事\"\n"
      "tap \"同意并继续\"\n"
      "tap \"医保\"\ntap \"城乡居民医疗保险参保登记\"\ntap \"开始办理\"\n"
      "tap \"姓名\"\n"
      "type \"李四\"\n"
      // A pinyin spelling half typed when the countdown comes.
      "tap \"w\"\ntap \"a\"\ntap \"n\"\ntap \"g\"\n"
      "advance_clock_s 82\n"
      "expect_text \"您还在办理吗？\"\n"
      "screenshot idle-countdown\n"
      "tap \"继续办理\"\n"
      "wait_screen form\n"
      "expect_text \"李四\"\n"
      "expect_text \"wang\"\n"
      "screenshot idle-dismissed\n"
      "advance_clock_s 91\n"
      "wait_screen attract\n"
      "expect_absent \"李四\"\n"
      "tap \"开始办事\"\n"
      "tap \"同意并继续\"\n"
      "tap \"医保\"\ntap \"城乡居民医疗保险参保登记\"\ntap \"开始办理\"\n"
      "wait_screen form\n"
      "expect_absent \"李四\"\n"
      "tap \"姓名\"\n"
      "expect_absent \"wang\"\n"
      "screenshot after-timeout\n");
  INFO(r.log);
  REQUIRE(r.exit_code == 0);
  CHECK(is_png(box.dir / "shots" / "idle-countdown.png"));
  CHECK(is_png(box.dir / "shots" / "idle-dismissed.png"));
  CHECK(r.log.find("李四") == std::string::npos);
  CHECK(r.log.find("idle timeout") != std::string::npos);
  auto store = ow::store::Store::open(box.dir / "data");
  REQUIRE(store);
  CHECK((*store)->submission_count().value() == 0);
}

TEST_CASE("a failing step exits non-zero and names the step and the screen") {
  Sandbox box("fail");
  const KioskRun r = box.run_script("tap \"开始办事\"\ntap \"同意并继续\"\nwait_screen home\ntap \"没有这个按钮\"\n");
  CHECK(r.exit_code == 1);
  CHECK(r.log.find("script step 4") != std::string::npos);
  CHECK(r.log.find("on screen home") != std::string::npos);
  CHECK(r.log.find("没有这个按钮") != std::string::npos);
}
