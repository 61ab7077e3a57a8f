// The scanner driver over the in-memory SANE backend (fake_scanner.hpp): options set by name,
// flatbed and feeder pages in the driver's own sample format, a jam keeping the pages before it,
// an unknown name refused as NoDevice. libsane itself is covered by drivers_scanner_test.
#include <doctest/doctest.h>

#include <memory>
#include <string>

#include "drivers/scanner/fake_scanner.hpp"
#include "drivers/scanner/scanner.hpp"

using namespace ow::drivers;
using namespace ow::drivers::scanner;

namespace {
// A BGR page whose every pixel is (b, g, r).
ScannedPage page(int w, int h, std::uint8_t b, std::uint8_t g, std::uint8_t r) {
  ScannedPage p;
  p.width = w;
  p.height = h;
  p.channels = 3;
  for (int i = 0; i < w * h; ++i) p.pixels.insert(p.pixels.end(), {b, g, r});
  return p;
}
}  // namespace

TEST_CASE("the scanner driver scans the fake backend's glass and feeder") {
  auto backend = std::make_shared<FakeSaneBackend>();
  auto list = Scanner::list(backend);
  REQUIRE(list);
  REQUIRE(list->size() == 1);
  CHECK(list->front().name == "fake:scanner");
  auto opened = Scanner::open("fake:scanner", backend);
  REQUIRE(opened);
  Scanner& sc = **opened;
  CHECK(sc.health(HealthLevel::External).passed);

  SUBCASE("a colour flatbed page comes back BGR, at the resolution nearest the one asked") {
    backend->put_on_glass(page(40, 30, 10, 20, 200));
    ScanSettings s;
    s.mode = ScanMode::Color;
    s.dpi = 1200;
    std::vector<ScannedPage> pages;
    auto n = sc.scan(s, [&](ScannedPage&& p) { pages.push_back(std::move(p)); });
    REQUIRE(n);
    CHECK(*n == 1);
    REQUIRE(pages.size() == 1);
    CHECK(pages[0].width == 40);
    CHECK(pages[0].height == 30);
    CHECK(pages[0].channels == 3);
    CHECK(pages[0].dpi == 600);
    CHECK(pages[0].pixels[0] == 10);
    CHECK(pages[0].pixels[2] == 200);
    CHECK(backend->mode() == "Color");
    CHECK(backend->source() == "Flatbed");
  }
  SUBCASE("the feeder's pages in gray until it is empty") {
    backend->load_feeder({page(8, 8, 30, 30, 30), page(8, 8, 90, 90, 90), page(8, 8, 150, 150, 150)});
    ScanSettings s;
    s.source = ScanSource::Adf;
    std::vector<ScannedPage> pages;
    auto n = sc.scan(s, [&](ScannedPage&& p) { pages.push_back(std::move(p)); });
    REQUIRE(n);
    CHECK(*n == 3);
    CHECK(pages[1].channels == 1);
    CHECK(pages[1].pixels[0] == 90);
    CHECK(backend->source() == "Automatic Document Feeder");
    CHECK(sc.state() == DeviceState::Online);
  }
  SUBCASE("a jam keeps the pages before it and says jammed") {
    backend->load_feeder({page(8, 8, 1, 1, 1), page(8, 8, 2, 2, 2), page(8, 8, 3, 3, 3)});
    backend->jam_after(1);
    ScanSettings s;
    s.source = ScanSource::Adf;
    int pages = 0;
    auto n = sc.scan(s, [&](ScannedPage&&) { ++pages; });
    REQUIRE_FALSE(n);
    CHECK(n.error().fault == ScanFault::Jammed);
    CHECK(pages == 1);
  }
  SUBCASE("line-art the backend does not offer is refused") {
    ScanSettings s;
    s.mode = ScanMode::Lineart;
    auto n = sc.scan(s, [](ScannedPage&&) {});
    REQUIRE_FALSE(n);
    CHECK(n.error().fault == ScanFault::Unsupported);
  }
}

TEST_CASE("an unknown scanner name is NoDevice") {
  auto backend = std::make_shared<FakeSaneBackend>();
  auto opened = Scanner::open("fake:other", backend);
  REQUIRE_FALSE(opened);
  CHECK(opened.error().fault == ScanFault::NoDevice);
}

namespace {
// The fake backend, but its parameters claim fewer bytes per line than its pixels need (issue 24
// item 13): a backend with inconsistent geometry.
class ShortRowsBackend final : public SaneApi {
 public:
  explicit ShortRowsBackend(int shrink) : shrink_(shrink) {}
  std::shared_ptr<FakeSaneBackend> inner = std::make_shared<FakeSaneBackend>();
  SANE_Status acquire() override { return inner->acquire(); }
  void release() override { inner->release(); }
  SANE_Status get_devices(const SANE_Device*** list, bool local_only) override { return inner->get_devices(list, local_only); }
  SANE_Status open(const std::string& name, SANE_Handle* handle) override { return inner->open(name, handle); }
  void close(SANE_Handle handle) override { inner->close(handle); }
  const SANE_Option_Descriptor* get_option_descriptor(SANE_Handle handle, SANE_Int option) override {
    return inner->get_option_descriptor(handle, option);
  }
  SANE_Status control_option(SANE_Handle handle, SANE_Int option, SANE_Action action, void* value, SANE_Int* info) override {
    return inner->control_option(handle, option, action, value, info);
  }
  SANE_Status get_parameters(SANE_Handle handle, SANE_Parameters* params) override {
    const SANE_Status st = inner->get_parameters(handle, params);
    params->bytes_per_line -= shrink_;
    return st;
  }
  SANE_Status start(SANE_Handle handle) override { return inner->start(handle); }
  SANE_Status read(SANE_Handle handle, SANE_Byte* data, SANE_Int max_length, SANE_Int* length) override {
    return inner->read(handle, data, max_length, length);
  }
  void cancel(SANE_Handle handle) override { inner->cancel(handle); }

 private:
  int shrink_;
};
}  // namespace

TEST_CASE("a backend whose rows do not fit its bytes_per_line is refused before a byte is read") {
  for (const int shrink : {1, 60, 119}) {
    CAPTURE(shrink);
    auto backend = std::make_shared<ShortRowsBackend>(shrink);
    backend->inner->put_on_glass(page(40, 30, 10, 20, 200));
    auto opened = Scanner::open("fake:scanner", backend);
    REQUIRE(opened);
    ScanSettings s;
    s.mode = ScanMode::Color;  // 40 pixels × 3 channels = 120 bytes a row
    bool read_any = false;
    s.on_progress = [&](std::size_t, std::size_t) { read_any = true; };
    int pages = 0;
    auto n = (*opened)->scan(s, [&](ScannedPage&&) { ++pages; });
    REQUIRE_FALSE(n);
    CHECK(n.error().fault == ScanFault::Unsupported);
    CHECK(n.error().message.find("need 120 bytes per line") != std::string::npos);
    CHECK(pages == 0);
    CHECK_FALSE(read_any);
  }
  // The same geometry, honestly told, scans.
  auto backend = std::make_shared<ShortRowsBackend>(0);
  backend->inner->put_on_glass(page(40, 30, 10, 20, 200));
  auto opened = Scanner::open("fake:scanner", backend);
  REQUIRE(opened);
  ScanSettings s;
  s.mode = ScanMode::Color;
  int pages = 0;
  CHECK((*opened)->scan(s, [&](ScannedPage&& p) { pages += p.width == 40 && p.height == 30; }));
  CHECK(pages == 1);
}
