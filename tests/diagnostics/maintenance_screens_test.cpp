// The maintenance screens rendered headless by the real kiosk program: the hidden long-press, a
// wrong PIN, the right PIN, every page with devices in mixed states (a receipt printer online on
// devsim, its paper low; an ID card reader and a camera that are not there), a health check and a
// test print from the device page, and back to the attract screen. Entry and actions are audited.
#include <doctest/doctest.h>

#include "tests/ui/kiosk_run.hpp"

#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "kiosk/maintenance/technician_pins.hpp"
#include "offline_store/store.hpp"
#include "tests/integration/printer_sim_process.hpp"

namespace fs = std::filesystem;

namespace {
// wang's PIN on the keypad, as the script types it.
constexpr const char* kRightPin = "tap \"2\"\ntap \"4\"\ntap \"6\"\ntap \"8\"\ntap \"1\"\ntap \"0\"\ntap \"确定\"\n";
}  // namespace

TEST_CASE("maintenance mode on the kiosk screen, headless") {
  const fs::path dir = fs::temp_directory_path() / ("ow-mtui-" + std::to_string(getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir / "data");
  ow::test::PrinterSimProcess sim(dir / "paper", {"--fault", "paper near_end"});
  REQUIRE(sim.running());
  std::ofstream(dir / "kiosk.toml") << "[kiosk]\nid = \"KIOSK-MT-1\"\nhall_name = \"测试镇政务服务中心\"\ndata_dir = \"data\"\n"
                                    << "assets_dir = \"" << OW_ASSETS << "\"\nvoice = false\n"
                                    << "[idcard]\nport = \"" << (dir / "no-such-tty").string() << "\"\n"
                                    << "[technician]\ncontrol_socket = \"ctl.sock\"\n"
                                    << "[[device]]\nname = \"printer\"\nfamily = \"receipt_printer\"\ntransport = \"tcp\"\n"
                                    << "port = \"127.0.0.1:" << sim.port() << "\"\noptions = { idle_poll_ms = 300 }\n"
                                    << "[[device]]\nname = \"doc_camera\"\nfamily = \"camera\"\nport = \"/dev/video97\"\n";
  REQUIRE(ow::maintenance::TechnicianPins(dir / "data").set_pin("wang", "246810"));
  {
    // Two citizens who could not get it done here: the queue page lists them.
    auto store = ow::store::Store::open(dir / "data");
    REQUIRE(store);
    REQUIRE((*store)->add_help_request("form", "1237030000430101150001020010001"));
    REQUIRE((*store)->add_help_request("home", ""));
  }
  std::ofstream(dir / "script.txt") << R"SCRIPT(wait_screen attract
long_press_corner 3200
wait_screen maintenance
expect_text "技术人员验证"
screenshot mt-pin
tap "9"
tap "9"
tap "9"
tap "9"
tap "9"
tap "9"
tap "确定"
expect_text "口令错误，还可尝试 4 次"
)SCRIPT" << kRightPin << R"SCRIPT(expect_text "维护模式 · wang"
expect_text "正常"
expect_text "未连接"
screenshot mt-overview
tap "printer  (receipt_printer)"
expect_text "paper: low"
tap "内部自检"
expect_text "通过"
tap "打印测试回执"
wait_text_s 10
expect_text "通过 — "
screenshot mt-device
tap "返回"
tap "idcard  (idcard)"
expect_text "读测试证件"
screenshot mt-device-missing
tap "待上传"
expect_text "pending"
expect_text "办不成事记录"
expect_text "2 条"
expect_text "form  1237030000430101150001020010001"
expect_text "home  未选事项"
screenshot mt-queue
tap "网络"
expect_text "未配置"
screenshot mt-network
tap "事项目录"
screenshot mt-catalog
tap "系统"
expect_text "CPU"
screenshot mt-system
tap "日志"
expect_text "maintenance"
screenshot mt-logs
tap "退出维护"
wait_screen attract
)SCRIPT";
  const KioskRun run = run_kiosk(dir);
  INFO(run.log);
  REQUIRE(run.exited);
  REQUIRE(run.exit_code == 0);
  for (const char* shot : {"mt-pin", "mt-overview", "mt-device", "mt-device-missing", "mt-queue", "mt-network", "mt-catalog",
                           "mt-system", "mt-logs"})
    CHECK(is_png(dir / "shots" / (std::string(shot) + ".png")));
  // The test print reached the printer.
  CHECK(sim.next_printed(std::chrono::seconds(2)).has_value());

  // Every entry and action is in the store's audit log.
  auto store = ow::store::Store::open(dir / "data");
  REQUIRE(store);
  auto st = (*store)->db().prepare("SELECT action FROM audit_log WHERE actor = 'technician' ORDER BY id");
  REQUIRE(st);
  std::string actions;
  while (auto row = st->step()) {
    if (!*row) break;
    actions += st->column_text(0) + " ";
  }
  CHECK(actions.find("maintenance.pin_wrong") != std::string::npos);
  CHECK(actions.find("maintenance.enter") != std::string::npos);
  CHECK(actions.find("device.health_result") != std::string::npos);
  CHECK(actions.find("maintenance.leave") != std::string::npos);
  if (std::getenv("OW_KEEP_SHOTS") == nullptr) fs::remove_all(dir);
}

TEST_CASE("a lost data key: the citizen is sent to a counter, the maintenance overview says why first") {
  const fs::path dir = fs::temp_directory_path() / ("ow-mtui-locked-" + std::to_string(getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir / "data");
  std::ofstream(dir / "kiosk.toml") << "[kiosk]\nid = \"KIOSK-MT-2\"\nhall_name = \"测试镇政务服务中心\"\ndata_dir = \"data\"\n"
                                    << "assets_dir = \"" << OW_ASSETS << "\"\nvoice = false\n"
                                    << "[idcard]\nport = \"" << (dir / "no-such-tty").string() << "\"\n"
                                    << "[help_desk]\nplace = \"一楼 3 号综合窗口\"\n";
  REQUIRE(ow::maintenance::TechnicianPins(dir / "data").set_pin("wang", "246810"));
  {
    auto store = ow::store::Store::open(dir / "data");
    REQUIRE(store);
    ow::store::SubmissionDraft d;
    d.id = "queued-1";
    d.kiosk_id = "KIOSK-MT-2";
    d.matter_code = "1237030000430101150001020010001";
    d.created_at = "2026-12-07T10:00:00+08:00";
    REQUIRE((*store)->commit(d));
  }
  fs::remove(dir / "data" / "store.key");
  std::ofstream(dir / "script.txt") << R"SCRIPT(wait_screen attract
tap "开始办事"
wait_screen notice
expect_text "本机暂停受理"
expect_text "本机正在维护，暂时无法受理申请"
expect_text "一楼 3 号综合窗口"
screenshot store-locked-notice
tap "返回首页"
wait_screen attract
tap "办件查询"
wait_screen notice
expect_text "本机正在维护，暂时无法查询办件进度"
screenshot store-locked-query
tap "返回首页"
wait_screen attract
sleep_ms 1500
long_press_corner 3200
wait_screen maintenance
)SCRIPT" << kRightPin << R"SCRIPT(expect_text "数据密钥缺失：本机暂停受理，排队的申请保留待发"
expect_text "restore store.key"
screenshot mt-overview-locked
tap "退出维护"
wait_screen attract
)SCRIPT";
  const KioskRun run = run_kiosk(dir);
  INFO(run.log);
  REQUIRE(run.exited);
  CHECK(run.exit_code == 0);
  CHECK(run.log.find("out of service, no applications taken") != std::string::npos);
  for (const char* shot : {"store-locked-notice", "store-locked-query", "mt-overview-locked"}) CHECK(is_png(dir / "shots" / (std::string(shot) + ".png")));
  CHECK_FALSE(fs::exists(dir / "data" / "store.key"));
  if (std::getenv("OW_KEEP_SHOTS") == nullptr) fs::remove_all(dir);
}
