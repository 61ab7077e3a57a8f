// kioskctl printer: the receipt printer (ESC/POS over TCP 9100 or a serial line) and the A4
// printer (IPP) from a shell: status, a test page, a sample receipt, a sample A4 form.
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <future>
#include <nlohmann/json.hpp>

#include "drivers/printer/ipp_printer.hpp"
#include "drivers/printer/receipt_printer.hpp"
#include "kiosk/receipt/application_form_pdf.hpp"
#include "kiosk/receipt/paper_render.hpp"
#include "tools/kioskctl/commands.hpp"
#include "tools/kioskctl/device_flags.hpp"

namespace ow::kioskctl {

namespace {

namespace pr = drivers::printer;
using namespace std::chrono_literals;

struct PrinterArgs {
  std::string tcp, serial, mode = "raster";
  unsigned baud = 115200;
  int width = 576;
  std::string uri = "ipp://localhost:631/ipp/print";
};

// The receipt printer the flags name, built as the kiosk builds its [printer] (device_flags.hpp).
Result<std::unique_ptr<drivers::Transport>> transport(const PrinterArgs& a) {
  drivers::DeviceSpec spec{"printer", "receipt_printer", "", "", 0, 0, {{"baud", std::to_string(a.baud)}}};
  if (!a.tcp.empty()) {
    spec.transport = "tcp";
    // --tcp takes a bare host for port 9100; the kiosk's config wants the port written out.
    spec.port = a.tcp.find(':') == std::string::npos ? a.tcp + ":9100" : a.tcp;
  } else if (!a.serial.empty()) {
    spec.transport = "serial";
    spec.port = a.serial;
  } else {
    return fail("give --tcp HOST[:PORT] or --serial PATH");
  }
  return checked_transport(spec, {{"port", spec.transport == "tcp" ? "--tcp" : "--serial"}, {"options.baud", "--baud"}});
}

const char* paper_text(pr::PaperLevel p) {
  return p == pr::PaperLevel::Out ? "out" : p == pr::PaperLevel::NearEnd ? "near_end" : "ok";
}

void add_connection_options(CLI::App* cmd, PrinterArgs& a) {
  cmd->add_option("--tcp", a.tcp, "Network receipt printer HOST[:PORT] (port 9100 by default)");
  cmd->add_option("--serial", a.serial, "Serial receipt printer device path");
  cmd->add_option("--baud", a.baud, "Serial baud rate")->capture_default_str();
}

// Prints one job and reports it; the exit code says whether it came out.
void print_job(Globals& g, const PrinterArgs& a, const receipt::Layout& layout) {
  auto t = transport(a);
  if (!t) {
    std::fprintf(stderr, "kioskctl: %s\n", t.error().message.c_str());
    g.exit_code = 2;
    return;
  }
  auto font = receipt::Font::load("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", 2);
  if (!font) {
    std::fprintf(stderr, "kioskctl: %s\n", font.error().message.c_str());
    g.exit_code = 1;
    return;
  }
  const receipt::PaperOptions options{a.width, a.mode == "text" ? receipt::PrintMode::Text : receipt::PrintMode::Raster, true};
  auto job = receipt::to_print_job(layout, options, **font);
  if (!job) {
    std::fprintf(stderr, "kioskctl: %s\n", job.error().message.c_str());
    g.exit_code = 1;
    return;
  }
  pr::ReceiptPrinterConfig config;
  config.width_dots = a.width;
  pr::ReceiptPrinter printer(config, std::move(*t));
  std::promise<pr::JobResult> done;
  auto f = done.get_future();
  printer.print(std::move(*job), [&done](const pr::JobResult& r) { done.set_value(r); });
  const auto r = f.get();
  const auto s = printer.status();
  if (g.json) {
    std::printf("%s\n", nlohmann::json{{"ok", r.ok()}, {"failure", std::string(pr::to_string(r.failure))},
                                       {"message", r.message}, {"paper", paper_text(s.paper)}}
                            .dump()
                            .c_str());
  } else {
    std::printf("%s: %s (paper %s)\n", r.ok() ? "printed" : "FAILED", r.message.c_str(), paper_text(s.paper));
  }
  g.exit_code = r.ok() ? 0 : 1;
}

}  // namespace

void add_printer_commands(CLI::App& app, Globals& g) {
  auto a = std::make_shared<PrinterArgs>();
  auto* family = app.add_subcommand("printer", "Receipt printer (ESC/POS) and A4 printer (IPP)");
  family->require_subcommand(1);

  auto* status = family->add_subcommand("status", "Ask the receipt printer for its sensors (DLE EOT)");
  add_connection_options(status, *a);
  status->callback([a, &g] {
    auto t = transport(*a);
    if (!t) {
      std::fprintf(stderr, "kioskctl: %s\n", t.error().message.c_str());
      g.exit_code = 2;
      return;
    }
    pr::ReceiptPrinter printer({}, std::move(*t));
    std::promise<drivers::HealthResult> done;
    auto f = done.get_future();
    printer.check_health(drivers::HealthLevel::External, [&done](const drivers::HealthResult& h) { done.set_value(h); });
    const auto h = f.get();
    const auto s = printer.status();
    if (g.json) {
      std::printf("%s\n", nlohmann::json{{"state", std::string(drivers::to_string(s.state))},
                                         {"paper", paper_text(s.paper)},
                                         {"cover_open", s.cover_open},
                                         {"detail", s.detail}}
                              .dump()
                              .c_str());
    } else {
      std::printf("state: %s\npaper: %s\ncover: %s\ndetail: %s\n", std::string(drivers::to_string(s.state)).c_str(),
                  paper_text(s.paper), s.cover_open ? "open" : "closed", h.text.c_str());
    }
    g.exit_code = h.passed ? 0 : 1;
  });

  auto* test = family->add_subcommand("test", "Print the test page (Chinese text, rules and a QR code)");
  add_connection_options(test, *a);
  test->add_option("--width", a->width, "Paper width in dots: 576 (80 mm) or 384 (58 mm)")->capture_default_str();
  test->add_option("--mode", a->mode, "raster (host font, any printer) or text (printer's Chinese font)")
      ->check(CLI::IsMember({"raster", "text"}))
      ->capture_default_str();
  test->callback([a, &g] { print_job(g, *a, receipt::layout_test_page("", std::chrono::system_clock::now())); });

  auto* sample = family->add_subcommand("sample-receipt", "Print a receipt with made-up data (layout check)");
  add_connection_options(sample, *a);
  sample->add_option("--width", a->width, "Paper width in dots")->capture_default_str();
  sample->add_option("--mode", a->mode, "raster or text")->check(CLI::IsMember({"raster", "text"}))->capture_default_str();
  sample->callback([a, &g] {
    receipt::ReceiptContent c;
    c.hall_name = "便民服务中心（样张）";
    c.matter_name = "城乡居民基本养老保险参保登记";
    c.receipt_no = "0000634000019";  // kiosk 0000, 2026-12-06, the first
    c.id_number = "11010519491231002X";
    c.applicant_name = "张三丰";
    c.submitted_at = std::chrono::system_clock::now();
    c.promised_date = "2099-12-31";
    c.deferred = {{"户口簿复印件", "2099-12-24"}};
    c.delivery = "窗口领取";
    c.query_url = "https://example.invalid/q?r=0000634000019";
    c.hotline = "12345";
    print_job(g, *a, receipt::layout_receipt(c));
  });

  auto* a4 = family->add_subcommand("a4-status", "Ask the A4 printer (IPP) for its state and reasons");
  a4->add_option("--uri", a->uri, "Printer URI")->capture_default_str();
  a4->callback([a, &g] {
    pr::IppPrinterConfig config;
    config.uri = a->uri;
    auto st = pr::ipp_query_printer(config);
    if (!st) {
      std::fprintf(stderr, "kioskctl: %s\n", st.error().message.c_str());
      g.exit_code = 1;
      return;
    }
    const auto s = pr::status_from_reasons(st->state, st->reasons);
    std::string reasons;
    for (const auto& r : st->reasons) reasons += (reasons.empty() ? "" : ",") + r;
    if (g.json) {
      std::printf("%s\n", nlohmann::json{{"state", std::string(drivers::to_string(s.state))},
                                         {"reasons", st->reasons},
                                         {"message", st->message},
                                         {"pdf", std::find(st->formats.begin(), st->formats.end(), "application/pdf") !=
                                                     st->formats.end()}}
                              .dump()
                              .c_str());
    } else {
      std::printf("state: %s (%s)\nreasons: %s\nmessage: %s\n", std::string(drivers::to_string(s.state)).c_str(),
                  s.detail.c_str(), reasons.empty() ? "none" : reasons.c_str(), st->message.c_str());
    }
    g.exit_code = s.state == drivers::DeviceState::Online || s.state == drivers::DeviceState::Busy ? 0 : 1;
  });

  auto* a4test = family->add_subcommand("a4-test", "Print a sample application form on the A4 printer");
  a4test->add_option("--uri", a->uri, "Printer URI")->capture_default_str();
  for (auto* cmd : {status, test, sample, a4}) cmd->add_flag("--json", g.json, "One JSON object on stdout");
  a4test->callback([a, &g] {
    receipt::ApplicationFormContent form;
    form.hall_name = "便民服务中心（样张）";
    form.matter_name = "打印测试";
    form.receipt_no = "0000634000019";
    form.submitted_at = std::chrono::system_clock::now();
    form.applicant = {{"姓名", "张*丰"}, {"证件号码", "110105********002X"}};
    form.fields = {{"说明", "这是一张 A4 打印测试页，用于检查打印机与中文字体。"}};
    const auto pdf = std::filesystem::temp_directory_path() / "kioskctl-a4-test.pdf";
    auto pages = receipt::write_application_form_pdf(form, pdf);
    if (!pages) {
      std::fprintf(stderr, "kioskctl: %s\n", pages.error().message.c_str());
      g.exit_code = 1;
      return;
    }
    pr::IppPrinterConfig config;
    config.uri = a->uri;
    pr::IppPrinter printer(config);
    std::promise<pr::IppJobResult> done;
    auto f = done.get_future();
    printer.print_pdf(pdf, "kioskctl A4 test", [&done](const pr::IppJobResult& r) { done.set_value(r); });
    const auto r = f.get();
    std::filesystem::remove(pdf);
    std::printf("%s: job %d, %s\n", r.ok() ? "printed" : "FAILED", r.job_id, r.message.c_str());
    g.exit_code = r.ok() ? 0 : 1;
  });
}

}  // namespace ow::kioskctl
