// Handwriting on the on-screen keyboard, headless through the real kiosk program: in elderly mode the
// name field opens on the writing pad; 十 and 一 written with the finger are offered and typed; what
// was written is gone after the session is cancelled and appears nowhere in the log. Without the
// model the keyboard is pinyin only, and the log tells the technician why.
#include <doctest/doctest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "tests/ui/kiosk_run.hpp"

namespace fs = std::filesystem;

namespace {
struct Box {
  fs::path dir;
  Box(const std::string& name, const std::string& extra_config)
      : dir(fs::temp_directory_path() / ("ow-handwriting-ui-" + name + "-" + std::to_string(::getpid()))) {
    fs::remove_all(dir);
    fs::create_directories(dir);
    std::ofstream(dir / "kiosk.toml") << "[kiosk]\nid = \"KIOSK-HW\"\nhall_name = \"测试镇政务服务中心\"\n"
                                      << "data_dir = \"data\"\nassets_dir = \"" << OW_ASSETS << "\"\n" << extra_config;
  }
  ~Box() { fs::remove_all(dir); }
  KioskRun run(const std::string& script) {
    std::ofstream(dir / "script.txt") << script;
    return run_kiosk(dir);
  }
};

// Elderly mode, from the attract screen to the pension registration's form.
const std::string kElderlyForm =
    "wait_screen attract\ntap \"长辈模式\"\nexpect_text \"标准模式\"\ntap \"开始办事\"\ntap \"同意并继续\"\nwait_screen home\n"
    "swipe 500\ntap \"社保\"\ntap \"城乡居民基本养老保险参保登记\"\ntap \"开始办理\"\nwait_screen form\n";
const std::string kTen = "\"10,45 90,45 / 50,10 50,90\"";  // 十: across, then down
const std::string kOne = "\"10,50 50,50 90,50\"";          // 一
const std::string kPerson = "\"50,10 40,50 10,90 / 45,45 70,70 90,90\"";  // 人
}  // namespace

TEST_CASE("elderly mode: the name is written by hand, a candidate tapped, and the strokes end with the session") {
  Box box("elderly", "");
  const KioskRun r = box.run(
      kElderlyForm +
      "tap \"姓名\"\n"
      "expect_text \"请在此处用手指写一个字\"\n"  // the pad, not the letters
      "expect_text \"写好后，点选右边的字\"\n"
      "write \"手写区\" " + kTen + "\n"
      "expect_absent \"请在此处用手指写一个字\"\n"
      "screenshot hw-01-ten\n"
      "tap \"十\"\n"
      "expect_text \"请在此处用手指写一个字\"\n"  // the pad is empty again
      "write \"手写区\" " + kOne + "\n"
      "tap \"一\"\n"
      "expect_text \"十一\"\n"
      "write \"手写区\" " + kPerson + "\n"
      "tap \"删除\"\ntap \"删除\"\n"  // two strokes back: the pad is empty, the field untouched
      "expect_text \"请在此处用手指写一个字\"\nexpect_text \"十一\"\n"
      "tap \"删除\"\n"  // with an empty pad: the field's last character
      "expect_absent \"十一\"\nexpect_text \"十\"\n"
      "write \"手写区\" " + kPerson + "\n"
      "screenshot hw-02-person\n"
      "tap \"取消办理\"\ntap \"确定取消\"\nwait_screen attract\n" +
      kElderlyForm +
      "tap \"姓名\"\n"
      "expect_text \"请在此处用手指写一个字\"\nexpect_text \"写好后，点选右边的字\"\n"
      "expect_absent \"十\"\n"
      "screenshot hw-03-after-cancel\n"
      "tap \"拼音\"\nexpect_absent \"请在此处用手指写一个字\"\ntap \"z\"\n");
  INFO(r.log);
  REQUIRE(r.exited);
  CHECK(r.exit_code == 0);
  for (const char* shot : {"hw-01-ten", "hw-02-person", "hw-03-after-cancel"})
    CHECK_MESSAGE(is_png(box.dir / "shots" / (std::string(shot) + ".png")), shot);
  CHECK(r.log.find("handwriting model") == std::string::npos);  // the model was there: nothing to say
  CHECK(r.log.find("missing glyph") == std::string::npos);
}

TEST_CASE("without the handwriting model the keyboard is pinyin only, and the log says why") {
  Box box("no-model", "handwriting_model = \"no-such.model\"\n");
  const KioskRun r = box.run(kElderlyForm +
                             "tap \"姓名\"\n"
                             "tap \"z\"\ntap \"h\"\ntap \"a\"\ntap \"n\"\ntap \"g\"\n"
                             "tap \"张\"\nexpect_text \"张\"\n"
                             "expect_absent \"手写\"\nexpect_absent \"请在此处用手指写一个字\"\n");
  INFO(r.log);
  REQUIRE(r.exited);
  CHECK(r.exit_code == 0);
  CHECK(r.log.find("cannot open the handwriting model") != std::string::npos);
  CHECK(r.log.find("no-such.model") != std::string::npos);
}
