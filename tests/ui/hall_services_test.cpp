// The hall services the attract screen offers, run headless on the real kiosk: 办件查询 by the
// receipt's QR code under a file-backed camera and by the ID card on devsim idcard, answered by
// platform-emu when it is reachable and from the kiosk's own store when it is not (saying so);
// 排队取号 twice in a row on devsim printer, then with the paper out; 办不成事 recorded with the
// step and the matter and nothing personal; a submission made offline that reaches the platform
// once it is back.
#include <doctest/doctest.h>

#include "tests/ui/kiosk_run.hpp"
#include "tests/ui/printer_sim.hpp"
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#include <thread>

#include "kiosk/receipt/qr_raster.hpp"
#include "offline_store/receipt_number.hpp"
#include "offline_store/store.hpp"
#include "tests/integration/idcard_sim_process.hpp"
#include "tests/integration/sync_fixture.hpp"

namespace fs = std::filesystem;

namespace {
fs::path fresh(const std::string& name) {
  const fs::path dir = fs::temp_directory_path() / ("ow-hall-" + name + "-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

void cleanup(const fs::path& dir) {
  if (std::getenv("OW_KEEP_TEST_DIR") == nullptr) fs::remove_all(dir);
}

// A camera picture of a receipt's QR code lying on the desk.
void write_qr_picture(const fs::path& file, const std::string& content) {
  auto raster = ow::receipt::qr_raster(content, 8, ow::drivers::printer::QrEcc::M, 4);
  REQUIRE(raster);
  cv::Mat frame(720, 1280, CV_8UC3, cv::Scalar(90, 110, 120));
  cv::Mat qr(raster->height, raster->width, CV_8UC3);
  for (int y = 0; y < raster->height; ++y)
    for (int x = 0; x < raster->width; ++x)
      qr.at<cv::Vec3b>(y, x) = raster->get(x, y) ? cv::Vec3b(20, 20, 20) : cv::Vec3b(245, 245, 245);
  qr.copyTo(frame(cv::Rect((1280 - qr.cols) / 2, (720 - qr.rows) / 2, qr.cols, qr.rows)));
  REQUIRE(cv::imwrite(file.string(), frame));
}

// A submission of the pension matter this kiosk took earlier as K1, still waiting in its outbox;
// returns its local receipt number.
std::string seed_submission(const fs::path& dir, const std::string& id, const std::string& created_at, const std::string& name,
                            const std::string& id_number) {
  auto store = ow::store::Store::open(dir / "data");
  REQUIRE(store);
  ow::store::SubmissionDraft d;
  d.id = id;
  d.kiosk_id = "K1";
  d.kiosk_number = 1;  // as [kiosk] id = "K1" gives
  d.created_at = created_at;
  d.matter_code = "1237030000430101150001020010001";
  d.catalog_version = "1";
  d.applicant_json = R"({"name":")" + name + R"(","id_number":")" + id_number + R"("})";
  d.id_number = id_number;
  auto committed = (*store)->commit(d);
  REQUIRE(committed);
  return committed->local_receipt_no;
}

std::string kiosk_toml(const std::string& extra) {
  return "[kiosk]\nhall_name = \"测试镇政务服务中心\"\ndata_dir = \"data\"\nassets_dir = \"" + std::string(OW_ASSETS) + "\"\n" + extra;
}

}  // namespace

TEST_CASE("办件查询 by the receipt QR: the platform's timeline online, the kiosk's own record offline, saying so") {
  const fs::path dir = fresh("progress");
  // A submission this kiosk took earlier, still waiting in its outbox.
  const std::string receipt_no = seed_submission(dir, "6f1c2a9e-0000-4000-8000-000000000001", "2026-11-22T09:30:00+08:00",
                                                 "钱测试", "11010519491231002X");
  write_qr_picture(dir / "qr.png", "https://zwfw.example.gov.cn/progress?receipt_no=" + receipt_no);
  const std::string camera = "[document_camera]\nsource = \"file:qr.png\"\nfps = 10\n"
                             "[printer]\nquery_url = \"https://zwfw.example.gov.cn/progress?receipt_no=\"\n";
  {
    ow::synctest::Emulator emu({"--review-after", "0"}, dir, true);
    std::ofstream(dir / "kiosk.toml") << kiosk_toml("id = \"K1\"\n" + camera + "[platform]\nurl = \"" + emu.url() +
                                                    "\"\ninsecure_dev = true\nbackoff_base_ms = 100\n");
    // The sync engine sends the queued submission at start; the query then finds it on the platform.
    std::ofstream(dir / "script.txt") << "wait_screen attract\nsleep_ms 2500\ntap \"办件查询\"\nwait_screen progress\n"
                                         "screenshot progress-choose\ntap \"扫描回执二维码\"\nsleep_ms 300\nscreenshot progress-scan\n"
                                         // A QR code is made as easily as a number is typed: the holder is asked too.
                                         "wait_text_s 15\nexpect_text \"身份证号码的最后 4 位\"\ntype \"002X\"\ntap \"查询\"\n"
                                         "wait_text_s 15\nexpect_text \"以下是政务服务平台的最新进度\"\n"
                                         "expect_text \"当前状态：审核中\"\nexpect_text \"事项：城乡居民基本养老保险参保登记\"\n"
                                         "screenshot progress-online\ntap \"返回\"\ntap \"返回\"\nwait_screen attract\n";
    const KioskRun run = run_kiosk(dir);
    INFO(run.log);
    REQUIRE(run.exited);
    CHECK(run.exit_code == 0);
    CHECK(run.log.find("answered by the platform") != std::string::npos);
    CHECK(run.log.find("钱测试") == std::string::npos);
    CHECK(run.log.find("11010519491231002X") == std::string::npos);
  }
  // The platform is gone now: the same QR code shows this kiosk's record, and says why.
  std::ofstream(dir / "kiosk.toml") << kiosk_toml("id = \"K1\"\n" + camera +
                                                  "[platform]\nurl = \"http://127.0.0.1:1\"\ninsecure_dev = true\n");
  std::ofstream(dir / "script.txt") << "tap \"办件查询\"\nwait_screen progress\ntap \"扫描回执二维码\"\n"
                                       "wait_text_s 15\nexpect_text \"身份证号码的最后 4 位\"\ntype \"002X\"\ntap \"查询\"\n"
                                       "wait_text_s 15\nexpect_text \"网络暂时不通，以下是本机记录的进度，可能不是最新\"\n"
                                       "expect_text \"本机已受理\"\nexpect_text \"已上传到平台\"\nscreenshot progress-offline\n"
                                       // The typed number finds the same record, with the platform's number small.
                                       "tap \"再查一件\"\ntype \"" << receipt_no << "\"\ntap \"查询\"\ntype \"002X\"\ntap \"查询\"\n"
                                       "expect_text \"受理编号：" << ow::store::group_receipt_number(receipt_no) << "\"\n"
                                       "expect_text \"平台编号：P\"\nexpect_absent \"本机编号\"\n"
                                       "screenshot progress-typed\ntap \"返回首页\"\nwait_screen attract\n"
                                       "expect_text \"请刷身份证或点击开始\"\n";
  const KioskRun offline = run_kiosk(dir);
  INFO(offline.log);
  REQUIRE(offline.exited);
  CHECK(offline.exit_code == 0);
  CHECK(offline.log.find("answered by the local store (platform not reached)") != std::string::npos);
  cleanup(dir);
}

TEST_CASE("办件查询 by ID card: the holder's submissions, the platform's timeline online, the kiosk's record offline") {
  const fs::path dir = fresh("progress-card");
  IdcardSimProcess sim;
  REQUIRE_MESSAGE(sim.ok(), "devsim idcard did not come up");
  // resident_male in assets/devsim/idcards.json applied here earlier; resident_longterm never did.
  const std::string id_number = "110105198001011238", masked = "110105********1238";
  seed_submission(dir, "6f1c2a9e-0000-4000-8000-000000000002", "2026-11-22T09:45:00+08:00", "测试甲", id_number);
  const std::string card = "[idcard]\nport = \"" + sim.link() + "\"\n";
  const std::string place = "sim \"" + sim.control() + " place resident_male\"\n";
  const std::string remove = "sim \"" + sim.control() + " remove\"\n";
  auto no_personal_data = [&](const std::string& log) {
    CHECK(log.find("测试甲") == std::string::npos);
    CHECK(log.find(id_number) == std::string::npos);
    CHECK(log.find("样例乙") == std::string::npos);
    CHECK(log.find("440305195503150047") == std::string::npos);
  };
  {
    ow::synctest::Emulator emu({"--review-after", "0"}, dir, true);
    std::ofstream(dir / "kiosk.toml") << kiosk_toml("id = \"K1\"\n" + card + "[platform]\nurl = \"" + emu.url() +
                                                    "\"\ninsecure_dev = true\nbackoff_base_ms = 100\n");
    // The sync engine sends the queued submission at start; its progress then comes from the platform.
    std::ofstream(dir / "script.txt")
        << "wait_screen attract\nsleep_ms 2500\ntap \"办件查询\"\nwait_screen progress\n" << place
        << "wait_text_s 15\nexpect_text \"身份证 " << masked << " 在本机办理的事项\"\n"
        << "expect_text \"城乡居民基本养老保险参保登记\"\nexpect_text \"受理编号：0001 6326 0001\"\nexpect_absent \"" << id_number << "\"\n"
        << "screenshot progress-card-list\ntap \"查看进度\"\n"
        << "expect_text \"以下是政务服务平台的最新进度\"\nexpect_text \"当前状态：审核中\"\n"
        << "expect_text \"事项：城乡居民基本养老保险参保登记\"\nexpect_absent \"" << id_number << "\"\n"
        << "screenshot progress-card-online\n" << remove
        // Back from the timeline is the holder's list again.
        << "tap \"返回\"\nexpect_text \"身份证 " << masked << " 在本机办理的事项\"\n"
        // Another person's card, with nothing on this kiosk, is told so. The reader must see the
        // first card gone before it reads another (it polls every 300 ms, later on a busy machine).
        << "sleep_ms 1500\nsim \"" << sim.control() << " place resident_longterm\"\n"
        << "expect_text \"本机没有身份证 440305********0047 的办件记录\"\nexpect_absent \"440305195503150047\"\n"
        << "screenshot progress-card-none\n" << remove << "tap \"返回\"\ntap \"返回\"\nwait_screen attract\n";
    const KioskRun run = run_kiosk(dir);
    INFO(run.log);
    REQUIRE(run.exited);
    CHECK(run.exit_code == 0);
    CHECK(run.log.find("card query: 1 submissions on this kiosk") != std::string::npos);
    CHECK(run.log.find("card query: 0 submissions on this kiosk") != std::string::npos);
    CHECK(run.log.find("found, answered by the platform") != std::string::npos);
    no_personal_data(run.log);
  }
  // The platform is gone: the same card still finds the submission, from this kiosk's record, saying so.
  std::ofstream(dir / "kiosk.toml") << kiosk_toml("id = \"K1\"\n" + card +
                                                  "[platform]\nurl = \"http://127.0.0.1:1\"\ninsecure_dev = true\n");
  std::ofstream(dir / "script.txt")
      << "tap \"办件查询\"\nwait_screen progress\n" << place << "wait_text_s 15\n"
      << "expect_text \"身份证 " << masked << " 在本机办理的事项\"\nexpect_text \"城乡居民基本养老保险参保登记\"\n"
      << "tap \"查看进度\"\nexpect_text \"网络暂时不通，以下是本机记录的进度，可能不是最新\"\n"
      << "expect_text \"本机已受理\"\nexpect_text \"已上传到平台\"\nexpect_text \"事项：城乡居民基本养老保险参保登记\"\n"
      << "expect_absent \"" << id_number << "\"\nscreenshot progress-card-offline\n" << remove
      << "tap \"返回首页\"\nwait_screen attract\nexpect_absent \"" << masked << "\"\n";
  const KioskRun offline = run_kiosk(dir);
  INFO(offline.log);
  REQUIRE(offline.exited);
  CHECK(offline.exit_code == 0);
  CHECK(offline.log.find("found, answered by the local store (platform not reached)") != std::string::npos);
  no_personal_data(offline.log);
  cleanup(dir);
}

TEST_CASE("排队取号: two tickets in sequence on the receipt printer; with the paper out the number is shown to note down") {
  const fs::path dir = fresh("ticket");
  PrinterSim printer(dir);
  REQUIRE_MESSAGE(!printer.address.empty(), "devsim printer did not start");
  std::ofstream(dir / "kiosk.toml") << kiosk_toml(printer.toml());
  const std::string& sock = printer.control;
  std::ofstream(dir / "script.txt") << "tap \"排队取号\"\nwait_screen ticket\nscreenshot ticket-choose\ntap \"社保医保\"\n"
                                       "wait_text_s 10\nexpect_text \"A001\"\nexpect_text \"小票已打印，请取走并在等候区留意叫号\"\n"
                                       "screenshot ticket-first\ntap \"完成\"\nwait_screen attract\n"
                                       "tap \"排队取号\"\nwait_screen ticket\ntap \"社保医保\"\nexpect_text \"A002\"\n"
                                       "expect_text \"小票已打印，请取走并在等候区留意叫号\"\ntap \"完成\"\nwait_screen attract\n"
                                       "tap \"排队取号\"\nwait_screen ticket\ntap \"户籍证件\"\nexpect_text \"B001\"\n"
                                       // Printed before the paper runs out: the ticket prints after it is shown.
                                       "expect_text \"小票已打印，请取走并在等候区留意叫号\"\ntap \"返回\"\nwait_screen attract\n"
                                       "sim \"" << sock << " paper out\"\n"
                                       "tap \"排队取号\"\nwait_screen ticket\ntap \"社保医保\"\nexpect_text \"A003\"\n"
                                       "expect_text \"小票未能打印。请记下您的排队号，在等候区留意叫号\"\nscreenshot ticket-paper-out\n";
  const KioskRun run = run_kiosk(dir);
  INFO(run.log);
  REQUIRE(run.exited);
  CHECK(run.exit_code == 0);
  CHECK(printer.pages_printed() == 3);  // A001, A002, B001; A003 met the empty printer
  cleanup(dir);
}

TEST_CASE("办不成事 on the form: recorded with the step and the matter, nothing personal, and where staff help") {
  const fs::path dir = fresh("cannot-do");
  std::ofstream(dir / "kiosk.toml") << kiosk_toml("[help_desk]\nplace = \"二楼 8 号帮办窗口\"\nphone = \"0571-87654321\"\n");
  std::ofstream(dir / "script.txt") << "tap \"开始办事\"\ntap \"同意并继续\"\ntap \"社保\"\ntap \"城乡居民基本养老保险参保登记\"\ntap \"开始办理\"\n"
                                       "wait_screen form\ntap \"姓名\"\ntype \"孙测试\"\ntap \"完成\"\n"
                                       "tap \"办不成事\"\nexpect_text \"办不成事？请找工作人员帮您\"\n"
                                       "expect_text \"请到：二楼 8 号帮办窗口\"\nexpect_text \"咨询电话：0571-87654321\"\n"
                                       "screenshot cannot-do\ntap \"继续办理\"\nexpect_text \"孙测试\"\n"
                                       "tap \"办不成事\"\ntap \"结束并退出\"\nwait_screen attract\n";
  const KioskRun run = run_kiosk(dir);
  INFO(run.log);
  REQUIRE(run.exited);
  CHECK(run.exit_code == 0);
  CHECK(run.log.find("could not get it done at step form, matter 1237030000430101150001020010001") != std::string::npos);
  CHECK(run.log.find("孙测试") == std::string::npos);
  auto store = ow::store::Store::open(dir / "data");
  REQUIRE(store);
  auto help = (*store)->help_requests_since(0, 10);
  REQUIRE(help);
  REQUIRE(help->size() == 2);  // each tap of the button is one report
  for (const auto& h : *help) {
    CHECK(h.step == "form");
    CHECK(h.matter_code == "1237030000430101150001020010001");
  }
  CHECK((*store)->submission_count().value() == 0);
  cleanup(dir);
}

TEST_CASE("offline submission, then sync: the kiosk's own receipt number offline, the platform's once it is back") {
  const fs::path dir = fresh("offline-sync");
  // The platform cannot be reached: the citizen still finishes, with the kiosk's own receipt number.
  std::ofstream(dir / "kiosk.toml") << kiosk_toml("id = \"K1\"\n[platform]\nurl = \"http://127.0.0.1:1\"\ninsecure_dev = true\n");
  std::ifstream demo(fs::path(OW_ASSETS) / "scripts" / "demo-journey.txt");
  std::string line, journey;
  while (std::getline(demo, line)) {
    journey += line + "\n";
    if (line == "screenshot 11-receipt") break;
  }
  REQUIRE(journey.find("screenshot 11-receipt") != std::string::npos);
  std::ofstream(dir / "script.txt") << journey
                                    << "tap \"完成\"\nwait_screen evaluation\ntap \"跳过\"\nwait_screen goodbye\n"
                                       "tap \"返回首页\"\nwait_screen attract\nwait_text_s 15\nexpect_text \"离线受理中\"\n"
                                       "screenshot attract-offline\n";
  const KioskRun offline = run_kiosk(dir);
  INFO(offline.log);
  REQUIRE(offline.exited);
  REQUIRE(offline.exit_code == 0);
  std::string receipt_no;
  {
    auto store = ow::store::Store::open(dir / "data");
    REQUIRE(store);
    auto entries = (*store)->list(std::nullopt, 10);
    REQUIRE(entries);
    REQUIRE(entries->size() == 1);
    CHECK(entries->front().state == ow::store::OutboxState::Pending);
    CHECK_FALSE(entries->front().platform_receipt_no.has_value());
    receipt_no = entries->front().local_receipt_no;
  }
  // The platform is back: the queued submission goes out at start (given a few seconds, as the query
  // below asks only once), and the receipt number typed from the paper finds the platform's record.
  ow::synctest::Emulator emu({"--review-after", "0"}, dir, true);
  std::ofstream(dir / "kiosk.toml") << kiosk_toml("id = \"K1\"\n[platform]\nurl = \"" + emu.url() +
                                                  "\"\ninsecure_dev = true\nbackoff_base_ms = 100\n");
  std::ofstream(dir / "script.txt") << "wait_screen attract\nsleep_ms 8000\nexpect_absent \"离线受理中\"\n"
                                       "screenshot attract-online\ntap \"办件查询\"\nwait_screen progress\n"
                                       "tap \"输入受理编号\"\ntype \"" << receipt_no << "\"\ntap \"查询\"\n"
                                       "type \"002X\"\ntap \"查询\"\n"
                                       "wait_text_s 15\nexpect_text \"以下是政务服务平台的最新进度\"\n"
                                       "expect_text \"受理编号：" << ow::store::group_receipt_number(receipt_no) << "\"\n"
                                       "expect_text \"平台编号：P\"\nscreenshot progress-synced\ntap \"返回首页\"\nwait_screen attract\n";
  const KioskRun online = run_kiosk(dir);
  INFO(online.log);
  REQUIRE(online.exited);
  CHECK(online.exit_code == 0);
  std::string platform_no;
  {
    auto store = ow::store::Store::open(dir / "data");
    REQUIRE(store);
    auto entry = (*store)->find(receipt_no);
    REQUIRE(entry);
    REQUIRE(entry->has_value());
    CHECK((*entry)->state == ow::store::OutboxState::Acked);
    REQUIRE((*entry)->platform_receipt_no.has_value());
    platform_no = *(*entry)->platform_receipt_no;
    CHECK((*store)->submission_count().value() == 1);
  }
  // The platform's number, typed on the full keyboard, finds the same record and its 受理编号.
  std::ofstream(dir / "script.txt") << "tap \"办件查询\"\nwait_screen progress\ntap \"输入受理编号\"\n"
                                       "tap \"输入平台编号或旧编号\"\ntype \"" << platform_no << "\"\ntap \"查询\"\n"
                                       "type \"002X\"\ntap \"查询\"\n"
                                       "wait_text_s 15\nexpect_text \"以下是政务服务平台的最新进度\"\n"
                                       "expect_text \"受理编号：" << ow::store::group_receipt_number(receipt_no) << "\"\n"
                                       "expect_text \"平台编号：" << platform_no << "\"\nscreenshot progress-platform-no\n"
                                       "tap \"返回首页\"\nwait_screen attract\n";
  const KioskRun by_platform_no = run_kiosk(dir);
  INFO(by_platform_no.log);
  REQUIRE(by_platform_no.exited);
  CHECK(by_platform_no.exit_code == 0);
  for (const char* pii : {"张三", "11010519491231002X", "13800138000", "天河路"}) {
    CHECK(offline.log.find(pii) == std::string::npos);
    CHECK(online.log.find(pii) == std::string::npos);
  }
  cleanup(dir);
}

TEST_CASE("办件查询 on the number pad: a wrong digit is told; the full keyboard takes an older kiosk number") {
  const fs::path dir = fresh("progress-keypad");
  const std::string receipt_no = seed_submission(dir, "6f1c2a9e-0000-4000-8000-000000000003", "2026-11-22T10:00:00+08:00",
                                                 "钱测试", "11010519491231002X");
  REQUIRE(receipt_no == "0001632600017");
  // A submission an older version of the kiosk took, under its long number printed on that receipt.
  {
    auto store = ow::store::Store::open(dir / "data");
    REQUIRE(store);
    REQUIRE((*store)->db().exec(
        "INSERT INTO submissions(receipt_key, id, local_receipt_no, kiosk_id, created_at, matter_code, catalog_version,"
        " committed_ms, next_attempt_ms) VALUES(20261121000001, 'old', 'K1-20261121-0001', 'K1',"
        " '2026-11-21T09:00:00+08:00', '1237030000430101150001020010001', '1', 1, 1)"));
  }
  std::string wrong = receipt_no;
  wrong[12] = '8';  // the check digit off by one
  std::ofstream(dir / "kiosk.toml") << kiosk_toml("id = \"K1\"\n");
  std::ofstream(dir / "script.txt")
      << "tap \"办件查询\"\nwait_screen progress\ntap \"输入受理编号\"\n"
      // Letters are not taken on the number pad; the digits show in groups of four.
      << "type \"ab-" << wrong << "\"\nexpect_text \"0001 6326 0001 8\"\ntap \"查询\"\n"
      << "expect_text \"编号有误，请核对回执上的 13 位受理编号\"\nscreenshot progress-wrong-digit\n"
      // Too few digits is told the same way.
      << "tap \"删除\"\ntap \"查询\"\nexpect_text \"编号有误\"\n"
      << "tap \"7\"\ntap \"查询\"\ntype \"002X\"\ntap \"查询\"\nexpect_text \"本机未连接政务服务平台，以下是本机记录的进度\"\n"
      << "expect_text \"受理编号：0001 6326 0001 7\"\nexpect_text \"事项：城乡居民基本养老保险参保登记\"\n"
      << "expect_absent \"平台编号\"\nscreenshot progress-short-no\n"
      // The older number on the full keyboard, typed in lower case.
      << "tap \"再查一件\"\ntap \"输入平台编号或旧编号\"\nscreenshot progress-full-keyboard\n"
      // Its row has no hash of the holder's last 4 characters (it predates them): not shown to a typed
      // lookup, only to the card.
      << "type \"k1-20261121-0001\"\ntap \"查询\"\nexpect_text \"受理编号：K1-20261121-0001\"\n"
      << "type \"002X\"\ntap \"查询\"\nexpect_text \"没有找到与受理编号 K1-20261121-0001 和身份证号码后 4 位都相符的办件\"\n"
      << "screenshot progress-old-no\n"
      // Back on the number pad, a number this kiosk never gave is not found.
      << "tap \"再查一件\"\ntype \"" << ow::store::make_receipt_number(1, "20261122", 9).value() << "\"\n"
      << "tap \"查询\"\ntype \"002X\"\ntap \"查询\"\nexpect_text \"没有找到与受理编号 0001 6326 0009\"\n"
      << "tap \"返回首页\"\nwait_screen attract\n";
  const KioskRun run = run_kiosk(dir);
  INFO(run.log);
  REQUIRE(run.exited);
  CHECK(run.exit_code == 0);
  CHECK(run.log.find("钱测试") == std::string::npos);
  cleanup(dir);
}

TEST_CASE("办件查询 by a typed number: the last 4 ID characters are asked, a mismatch tells nothing, 5 failures wait") {
  const fs::path dir = fresh("progress-holder");
  const std::string receipt_no = seed_submission(dir, "6f1c2a9e-0000-4000-8000-000000000004", "2026-11-22T10:00:00+08:00",
                                                 "钱测试", "11010519491231002X");
  const std::string unknown = ow::store::make_receipt_number(1, "20261122", 9).value();
  auto no_match = [](const std::string& number) {
    return "expect_text \"没有找到与受理编号 " + ow::store::group_receipt_number(number) + " 和身份证号码后 4 位都相符的办件\"\n";
  };
  auto again = [&](const std::string& number, const std::string& tail) {
    return "tap \"再查一件\"\ntype \"" + number + "\"\ntap \"查询\"\ntype \"" + tail + "\"\ntap \"查询\"\n" + no_match(number);
  };
  // A long idle timeout: the script waits out the minute after five failures.
  std::ofstream(dir / "kiosk.toml") << kiosk_toml("id = \"K1\"\nidle_timeout_s = 600\n");
  std::ofstream(dir / "script.txt")
      << "tap \"办件查询\"\nwait_screen progress\ntap \"输入受理编号\"\ntype \"" << receipt_no << "\"\ntap \"查询\"\n"
      // Nothing about the submission before the holder is known.
      << "expect_text \"身份证号码的最后 4 位\"\nexpect_absent \"事项：\"\nexpect_absent \"当前状态\"\nscreenshot progress-verify\n"
      << "type \"002\"\ntap \"查询\"\nexpect_text \"请输入完整的 4 位\"\n"
      // Wrong last 4 for a real number, and any last 4 for a number never given: the same answer.
      << "type \"1\"\ntap \"查询\"\n" << no_match(receipt_no) << "expect_absent \"事项：\"\nscreenshot progress-no-match\n"
      << again(unknown, "002X") << again(receipt_no, "0021") << again(unknown, "1111") << again(receipt_no, "9999")
      // Five failures: even the right characters wait, and the screen says how long.
      << "tap \"再查一件\"\ntype \"" << receipt_no << "\"\ntap \"查询\"\n"
      << "expect_text \"查询失败次数过多，请 \"\nscreenshot progress-too-many\n"
      << "type \"002X\"\ntap \"查询\"\nexpect_absent \"事项：\"\n"
      // A new session does not clear the wait.
      << "tap \"返回首页\"\nwait_screen attract\ntap \"办件查询\"\nwait_screen progress\ntap \"输入受理编号\"\n"
      << "type \"" << receipt_no << "\"\ntap \"查询\"\nexpect_text \"查询失败次数过多\"\n"
      << "advance_clock_s 61\ntype \"002x\"\ntap \"查询\"\n"
      << "expect_text \"事项：城乡居民基本养老保险参保登记\"\nexpect_text \"受理编号：" << ow::store::group_receipt_number(receipt_no)
      << "\"\nscreenshot progress-holder-ok\ntap \"返回首页\"\nwait_screen attract\n";
  const KioskRun run = run_kiosk(dir);
  INFO(run.log);
  REQUIRE(run.exited);
  CHECK(run.exit_code == 0);
  for (const char* pii : {"钱测试", "11010519491231002X", "002X", "0021"}) CHECK(run.log.find(pii) == std::string::npos);
  cleanup(dir);
}
