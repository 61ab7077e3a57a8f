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
#include "tests/integration/ippeveprinter_process.hpp"
#include "kiosk/receipt/application_form_pdf.hpp"
#include "tests/temp_dir.hpp"

using namespace ow;
using namespace ow::drivers::printer;
using namespace std::chrono_literals;
namespace fs = std::filesystem;

using ow::test::IppEvePrinter;

namespace {

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

// The application form with `fields` fields written to <dir>/form.pdf; its page count.
int write_form(const fs::path& dir, int fields) {
  auto pages = receipt::write_application_form_pdf(sample_form(fields), dir / "form.pdf");
  REQUIRE(pages);
  return *pages;
}

// Whether `server` could not be started here; the test is then skipped, saying why.
bool skipped(const IppEvePrinter& server) {
  if (server.ready()) return false;
  MESSAGE("skipped: " << server.why_not());
  return true;
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
  const TempDir dir("a4-form");
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
  const TempDir dir("a4-print");
  // Without a per-job command ippeveprinter pretends to print for a random 5–15 s.
  IppEvePrinter server(dir.path, "/bin/true");
  if (skipped(server)) return;
  const int pages = write_form(dir.path, 30);
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
  CHECK(pdf_pages(kept.front()) == pages);
  CHECK(printer.counters().operations == 1);
  CHECK(printer.status().state == drivers::DeviceState::Online);
}

TEST_CASE("media-empty from the printer cancels the job and refuses the next one") {
  const TempDir dir("a4-media");
  const fs::path command = dir.path / "no-paper.sh";
  {
    std::ofstream sh(command);
    // The per-job command reports printer state on stderr, as IPP Everywhere printers do.
    sh << "#!/bin/sh\necho 'STATE: +media-empty-error' >&2\nsleep 3\n";
  }
  fs::permissions(command, fs::perms::owner_all);
  IppEvePrinter server(dir.path, command.string());
  if (skipped(server)) return;
  write_form(dir.path, 2);
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
