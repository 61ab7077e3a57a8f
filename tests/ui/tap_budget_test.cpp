// Tap budgets, counted by the scripted driver from the card on the reader to the printed receipt
// (every tap and every key typed counts; the signature is counted apart). Each journey states its
// budget here; a change to the kiosk that costs the citizen a tap more fails the test.
//
// The measured journey is issue #26's: 样例乙 (born 1955) places the ID card at a kiosk that is online
// (the platform knows the phone number), and registers for the residents' pension
// (城乡居民基本养老保险参保登记): household register promised for later, result at the window.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "kiosk/catalog/catalog.hpp"
#include "tests/integration/idcard_sim_process.hpp"
#include "tests/integration/sync_fixture.hpp"
#include "tests/ui/kiosk_run.hpp"
#include "tests/ui/printer_sim.hpp"

namespace fs = std::filesystem;

namespace {
struct Journey {
  std::string name;
  std::string orientation;
  std::string offer_answer;  // the tap that answers the elderly offer
  std::string find;          // the taps from home to the matter's detail
  int budget;
  bool text_printer = false;  // the printer's own font: the paper's text can be read back
};

// The pension registration from the card, after the offer was answered.
std::string pension_steps(const std::string& card_sock, const std::string& find) {
  return "wait_screen consent\n"
         "tap \"同意并继续\"\n"
         "sim \"" + card_sock + " remove\"\n"
         "wait_screen home\nexpect_text \"常办事项\"\n" + find +
         "wait_screen detail\nexpect_text \"已读取居民身份证，无需再交\"\ntap \"开始办理\"\n"
         // The card and the platform fill the whole form (免填单): it is not shown.
         "wait_screen materials\nexpect_text \"已读取您的身份证，无需再交\"\n"
         "tap \"居民户口簿 以后再交\"\ntap \"下一步\"\n"
         // Nothing to fix: the check result is not a screen of its own.
         // Every value is there to check before signing, the platform's phone number among them.
         "wait_screen review\nexpect_text \"13900139002\"\ntap \"窗口领取\"\nsign \"签名区\"\ntap \"签好了，提交\"\n"
         "wait_screen receipt\nwait_text_s 15\nexpect_text \"回执已打印，请取走\"\nexpect_text \"请取走您的身份证\"\n";
}
}  // namespace

TEST_CASE("tap budgets from the card to the printed receipt, elderly and standard, landscape and portrait") {
  const fs::path dir = fs::temp_directory_path() / ("ow-tap-budget-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  ow::synctest::Emulator emu({"--applicant-profiles", std::string(OW_ASSETS) + "/devsim/applicant_profiles.json"}, dir, true);
  IdcardSimProcess card_sim;
  REQUIRE_MESSAGE(card_sim.ok(), "devsim idcard did not come up");
  PrinterSim printer(dir);
  REQUIRE_MESSAGE(!printer.address.empty(), "devsim printer did not start");
  const std::string s = card_sim.control();

  // Elderly mode, 8 taps: offer, 同意并继续, the matter (常办事项, right under the audience tabs),
  // 开始办理, 以后再交, 下一步 (materials), 窗口领取, 签好了，提交 — and the signature. It was 12 taps
  // and a signature before (issue #26). Standard mode shows the bundles first and 常办事项 after the
  // themes, below the fold: 社保 and the matter's name make it 9.
  const std::string frequent = "tap \"居民养老参保\"\n";
  const std::string by_theme = "tap \"社保\"\ntap \"城乡居民基本养老保险参保登记\"\n";
  const Journey journeys[] = {
      {"elderly-landscape", "landscape", "好，用长辈模式", frequent, 8},
      {"elderly-portrait", "portrait", "好，用长辈模式", frequent, 8},
      {"standard-landscape", "landscape", "不用，继续", by_theme, 9, true},
  };
  for (const Journey& j : journeys) {
    CAPTURE(j.name);
    fs::remove_all(dir / "data");
    std::ofstream(dir / "kiosk.toml") << "[kiosk]\nhall_name = \"测试镇政务服务中心\"\ndata_dir = \"data\"\norientation = \"" << j.orientation
                                      << "\"\nassets_dir = \"" << OW_ASSETS << "\"\n[idcard]\nport = \"" << card_sim.link()
                                      << "\"\n[platform]\nurl = \"" << emu.url() << "\"\ninsecure_dev = true\nheartbeat_s = 5\n"
                                      << printer.toml() << "text_mode = " << (j.text_printer ? "true" : "false") << "\n";
    std::ofstream(dir / "script.txt") << "wait_text_s 20\nexpect_text \"网络正常\"\nwait_text_s 3\n"
                                         "budget_start \"" << j.name << "\"\n"
                                         "sim \"" << s << " place resident_longterm\"\n"
                                         "wait_screen elderly_offer\nscreenshot " << j.name << "-offer\n"
                                         "tap \"" << j.offer_answer << "\"\n"
                                      << pension_steps(s, j.find) << "screenshot " << j.name << "-receipt\n"
                                      << "budget_end " << j.budget << "\n";
    const KioskRun run = run_kiosk(dir);
    INFO(run.log);
    REQUIRE(run.exited);
    CHECK(run.exit_code == 0);
    CHECK(run.log.find("tap budget \"" + j.name + "\": " + std::to_string(j.budget) + " taps and 1 signature(s)") != std::string::npos);
    CHECK(is_png(dir / "shots" / (j.name + "-offer.png")));
    CHECK(is_png(dir / "shots" / (j.name + "-receipt.png")));
    // 样例乙's ID number and phone never reach the log.
    CHECK(run.log.find("440305195503150047") == std::string::npos);
  }
  CHECK(printer.pages_printed() >= 3);

  // The paper gives dates, counted on the catalog's holiday calendar: the pension registration's
  // promised working day, and the 5 working days promised for the household register.
  auto sample = ow::catalog::load_catalog(fs::path(OW_ASSETS) / "catalog/sample");
  REQUIRE(sample);
  const auto today = ow::catalog::local_today();
  const auto by = [&](int n) { return ow::catalog::iso_date(ow::catalog::due_date(sample->calendar, today, {n, ow::catalog::TimeUnit::WorkingDay}).day); };
  std::string paper;
  for (const auto& e : fs::directory_iterator(printer.paper))
    if (e.path().extension() == ".txt") paper += std::string(std::istreambuf_iterator<char>(std::ifstream(e.path()).rdbuf()), {});
  INFO(paper);
  CHECK(paper.find("承诺办结：" + by(1) + " 前") != std::string::npos);
  CHECK(paper.find("居民户口簿") != std::string::npos);
  CHECK(paper.find("请于 " + by(5) + " 前补交") != std::string::npos);
  CHECK(paper.find("咨询电话：12345") != std::string::npos);
  CHECK(paper.find(" 0 个工作日") == std::string::npos);
  fs::remove_all(dir);
}
