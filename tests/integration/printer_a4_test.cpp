// A4 printing: the application form PDF (Cairo) to an IPP Everywhere printer (`ippeveprinter`
// from cups-ipp-utils, started here on a free loopback port), job state followed to the end,
// and media-empty injected through ippeveprinter's per-job command.
#include <doctest/doctest.h>

#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <future>
#include <regex>
#include <sstream>
#include <thread>

#include "drivers/printer/ipp_printer.hpp"
#include "kiosk/receipt/application_form_pdf.hpp"

using namespace ow;
using namespace ow::drivers::printer;
using namespace std::chrono_literals;
namespace fs = std::filesystem;

namespace {

std::uint16_t free_port() {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof a;
  bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a);
  getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
  close(fd);
  return ntohs(a.sin_port);
}

pid_t spawn(std::vector<std::string> args, const std::vector<std::string>& env, const fs::path& log) {
  const pid_t pid = fork();
  if (pid == 0) {
    setpgid(0, 0);  // its own group: the per-job commands it starts die with it
    const int fd = open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    dup2(fd, 1);
    dup2(fd, 2);
    for (const auto& e : env) putenv(const_cast<char*>(e.c_str()));
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    execvp(argv[0], argv.data());
    _exit(127);
  }
  return pid;
}

void stop(pid_t& pid) {
  if (pid <= 0) return;
  kill(-pid, SIGKILL);
  kill(pid, SIGKILL);
  waitpid(pid, nullptr, 0);
  pid = -1;
}

bool on_path(const char* program) {
  for (const char* dir : {"/usr/sbin", "/usr/bin", "/sbin", "/bin"}) {
    if (access((fs::path(dir) / program).c_str(), X_OK) == 0) return true;
  }
  return false;
}

// ippeveprinter needs a D-Bus system bus for its DNS-SD client even with `-r off` (CUPS 2.4):
// a private bus daemon is enough (no Avahi: the client waits for it without failing).
class IppEvePrinter {
 public:
  IppEvePrinter(const fs::path& dir, const std::string& command = {}) : dir_(dir) {
    if (!on_path("ippeveprinter") || !on_path("dbus-daemon")) {
      why_not_ = "ippeveprinter or dbus-daemon is not installed (Debian: cups-ipp-utils, dbus)";
      return;
    }
    fs::create_directories(dir / "spool");
    const std::string bus = "unix:path=" + (dir / "bus").string();
    bus_pid_ = spawn({"dbus-daemon", "--session", "--nofork", "--address=" + bus}, {}, dir / "dbus.log");
    for (int i = 0; i < 100 && !fs::exists(dir / "bus"); ++i) std::this_thread::sleep_for(20ms);
    port_ = free_port();
    std::vector<std::string> args{"ippeveprinter", "-p", std::to_string(port_), "-r", "off", "-k", "-d",
                                  (dir / "spool").string(), "-f", "application/pdf"};
    if (!command.empty()) {
      args.push_back("-c");
      args.push_back(command);
    }
    args.push_back("KioskA4");
    env_ = "DBUS_SYSTEM_BUS_ADDRESS=" + bus;
    pid_ = spawn(args, {env_}, dir / "ippeveprinter.log");
    config_.uri = "ipp://127.0.0.1:" + std::to_string(port_) + "/ipp/print";
    config_.poll = 200ms;
    config_.fault_grace = 800ms;
    config_.job_timeout = 20s;
    for (int i = 0; i < 100; ++i) {
      if (ipp_query_printer(config_)) return;
      std::this_thread::sleep_for(50ms);
    }
    std::ifstream log(dir / "ippeveprinter.log");
    std::stringstream s;
    s << log.rdbuf();
    why_not_ = "ippeveprinter did not start: " + s.str().substr(0, 300);
  }
  ~IppEvePrinter() {
    stop(pid_);
    stop(bus_pid_);
  }
  bool ready() const { return why_not_.empty(); }
  const std::string& why_not() const { return why_not_; }
  const IppPrinterConfig& config() const { return config_; }
  fs::path spool() const { return dir_ / "spool"; }

 private:
  fs::path dir_;
  pid_t pid_ = -1, bus_pid_ = -1;
  std::uint16_t port_ = 0;
  std::string env_, why_not_;
  IppPrinterConfig config_;
};

struct TempDir {
  fs::path path;
  explicit TempDir(const std::string& name) : path(fs::temp_directory_path() / ("ow-a4-" + name + "-" + std::to_string(getpid()))) {
    fs::remove_all(path);
    fs::create_directories(path);
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
};

int pdf_pages(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  const std::string text = s.str();
  static const std::regex page(R"(/Type\s*/Page[^s])");
  return static_cast<int>(std::distance(std::sregex_iterator(text.begin(), text.end(), page), std::sregex_iterator()));
}

receipt::ApplicationFormContent sample_form(int fields) {
  receipt::ApplicationFormContent f;
  f.hall_name = "城关镇便民服务中心";
  f.matter_name = "城乡居民基本养老保险参保登记";
  f.receipt_no = "SL20261122000123";
  f.submitted_at = std::chrono::system_clock::now();
  f.applicant = {{"姓名", "张三丰"}, {"证件号码", "110105********002X"}, {"联系电话", "13800000000"}};
  for (int i = 1; i <= fields; ++i) {
    f.fields.push_back({"申请事项说明 " + std::to_string(i),
                        "本人自愿参加城乡居民基本养老保险，按年度缴费，缴费档次为每年一千元，由本人银行账户代扣。"});
  }
  f.materials = {{"居民身份证", receipt::MaterialState::Electronic, 0},
                 {"户口簿复印件", receipt::MaterialState::Deferred, 0},
                 {"银行卡（存折）复印件", receipt::MaterialState::Provided, 1}};
  return f;
}

IppJobResult print_and_wait(IppPrinter& printer, const fs::path& pdf) {
  std::promise<IppJobResult> done;
  auto f = done.get_future();
  printer.print_pdf(pdf, "application form", [&done](const IppJobResult& r) { done.set_value(r); });
  REQUIRE(f.wait_for(30s) == std::future_status::ready);
  return f.get();
}

}  // namespace

TEST_CASE("the application form PDF paginates and draws the CJK text") {
  TempDir dir("form");
  auto one = receipt::write_application_form_pdf(sample_form(3), dir.path / "one.pdf");
  REQUIRE(one);
  CHECK(*one == 1);
  CHECK(pdf_pages(dir.path / "one.pdf") == 1);
  auto many = receipt::write_application_form_pdf(sample_form(30), dir.path / "many.pdf");
  REQUIRE(many);
  CHECK(*many >= 2);
  CHECK(pdf_pages(dir.path / "many.pdf") == *many);
  // The CJK font is embedded (a subset), so the window's printer needs no fonts of its own.
  std::ifstream in(dir.path / "one.pdf", std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  CHECK(s.str().find("NotoSansCJK") != std::string::npos);
  CHECK_FALSE(receipt::write_application_form_pdf(sample_form(1), dir.path / "no-such-dir" / "x.pdf"));
}

TEST_CASE("printer-state-reasons map to device status") {
  CHECK(status_from_reasons(3, {}).state == drivers::DeviceState::Online);
  auto empty = status_from_reasons(5, {"media-empty-error"});
  CHECK(empty.state == drivers::DeviceState::UserError);
  CHECK(empty.paper == PaperLevel::Out);
  CHECK(status_from_reasons(4, {"media-jam"}).state == drivers::DeviceState::UserError);
  CHECK(status_from_reasons(3, {"offline-report"}).state == drivers::DeviceState::Online);
  CHECK(status_from_reasons(5, {"offline"}).state == drivers::DeviceState::Offline);
  CHECK(status_from_reasons(3, {"media-low-warning"}).paper == PaperLevel::NearEnd);
  CHECK(status_from_reasons(4, {"media-empty-warning"}).paper == PaperLevel::Out);
  CHECK(status_from_reasons(3, {"media-jam-report"}).state == drivers::DeviceState::Online);
  CHECK(status_from_reasons(3, {"toner-low-warning"}).state == drivers::DeviceState::Online);
  CHECK(status_from_reasons(4, {}).state == drivers::DeviceState::Busy);
}

TEST_CASE("a form printed on ippeveprinter arrives whole, with the right page count") {
  TempDir dir("print");
  // Without a per-job command ippeveprinter pretends to print for a random 5–15 s.
  IppEvePrinter server(dir.path, "/bin/true");
  if (!server.ready()) {
    MESSAGE("skipped: " << server.why_not());
    return;
  }
  auto pages = receipt::write_application_form_pdf(sample_form(30), dir.path / "form.pdf");
  REQUIRE(pages);
  IppPrinter printer(server.config());
  const auto r = print_and_wait(printer, dir.path / "form.pdf");
  CHECK_MESSAGE(r.ok(), r.message);
  CHECK(r.job_state == 9);
  CHECK(r.job_id > 0);
  std::vector<fs::path> kept;
  for (const auto& e : fs::recursive_directory_iterator(server.spool())) {
    if (e.is_regular_file() && e.path().extension() == ".pdf") kept.push_back(e.path());
  }
  REQUIRE(kept.size() == 1);
  CHECK(pdf_pages(kept.front()) == *pages);
  CHECK(printer.counters().operations == 1);
  CHECK(printer.status().state == drivers::DeviceState::Online);
}

TEST_CASE("media-empty from the printer cancels the job and refuses the next one") {
  TempDir dir("media");
  const fs::path command = dir.path / "no-paper.sh";
  {
    std::ofstream sh(command);
    // The per-job command reports printer state on stderr, as IPP Everywhere printers do.
    sh << "#!/bin/sh\necho 'STATE: +media-empty-error' >&2\nsleep 3\n";
  }
  fs::permissions(command, fs::perms::owner_all);
  IppEvePrinter server(dir.path, command.string());
  if (!server.ready()) {
    MESSAGE("skipped: " << server.why_not());
    return;
  }
  auto pages = receipt::write_application_form_pdf(sample_form(2), dir.path / "form.pdf");
  REQUIRE(pages);
  IppPrinter printer(server.config());
  const auto r = print_and_wait(printer, dir.path / "form.pdf");
  CHECK(r.failure == JobFailure::PaperOut);
  CHECK(r.started);
  CHECK(printer.status().state == drivers::DeviceState::UserError);
  CHECK(printer.status().paper == PaperLevel::Out);

  const auto r2 = print_and_wait(printer, dir.path / "form.pdf");
  CHECK(r2.failure == JobFailure::PaperOut);
  CHECK_FALSE(r2.started);
}
