// kioskctl camera list | snapshot | check, scanner list | scan: a technician's view of the capture
// devices without the kiosk UI.
#include <cstdio>
#include <fstream>
#include <optional>
#include <span>
#include <string>

#include <opencv2/imgcodecs.hpp>

#include "drivers/camera/camera.hpp"
#include "drivers/scanner/scanner.hpp"
#include "kiosk/capture/document.hpp"
#include "tools/kioskctl/commands.hpp"
#include "tools/kioskctl/device_flags.hpp"

namespace ow::kioskctl {

namespace {

bool write_bytes(const std::string& path, std::span<const std::uint8_t> bytes) {
  std::ofstream out(path, std::ios::binary);
  out.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
  return static_cast<bool>(out);
}

std::string_view reason_name(capture::DocReason r) {
  using capture::DocReason;
  switch (r) {
    case DocReason::Ok: return "ok";
    case DocReason::PageNotFound: return "page not found";
    case DocReason::PageCutOff: return "page cut off";
    case DocReason::PageTooSmall: return "page too small";
    case DocReason::TooDark: return "too dark";
    case DocReason::TooBright: return "too bright";
    case DocReason::Glare: return "glare";
    case DocReason::TooBlurred: return "too blurred";
    case DocReason::BadImage: return "bad image";
  }
  return "?";
}

}  // namespace

void add_capture_commands(CLI::App& app, Globals& g) {
  auto* camera = app.add_subcommand("camera", "Document and face cameras");
  camera->require_subcommand(1);
  camera->add_subcommand("list", "List V4L2 capture devices with their USB ids")->callback([&g] {
    const auto devices = drivers::camera::list_video_devices();
    if (devices.empty()) std::printf("no video capture devices\n");
    for (const auto& d : devices)
      std::printf("%-14s %-10s %s\n", d.path.c_str(), d.usb_id.empty() ? "-" : d.usb_id.c_str(), d.name.c_str());
    g.exit_code = 0;
  });

  struct SnapOptions {
    std::string source = "/dev/video0", output = "snapshot.jpg";
    int width = 1280, height = 720, still_width = 0, still_height = 0;
    bool mjpeg = true;
  };
  auto snap = std::make_shared<SnapOptions>();
  // One still from the camera the flags name, which is closed again before the still is used; false
  // (the exit code set) when there is none. The flags are checked and the camera set up as the kiosk
  // checks and sets up a [[device]] camera.
  auto take_still = [snap, &g](std::optional<drivers::camera::Frame>& still) {
    auto report = [&g](const std::string& message, int code) {
      std::fprintf(stderr, "kioskctl: %s\n", message.c_str());
      g.exit_code = code;
      return false;
    };
    auto spec = checked_spec({"camera", "camera", "", snap->source, 0, 0,
                              {{"width", std::to_string(snap->width)}, {"height", std::to_string(snap->height)}}},
                             {{"port", "--source"}, {"options.width", "--width"}, {"options.height", "--height"}});
    if (!spec) return report(spec.error().message, 2);
    auto cfg = drivers::camera_config(*spec);
    if (!cfg) return report(cfg.error().message, 2);
    cfg->still_width = snap->still_width;
    cfg->still_height = snap->still_height;
    cfg->format = snap->mjpeg ? drivers::camera::PixelFormat::Mjpeg : drivers::camera::PixelFormat::Yuyv;
    auto cam = drivers::camera::Camera::open(*cfg);
    if (!cam) return report(cam.error().message, 1);
    auto frame = (*cam)->still();
    if (!frame) return report(frame.error().message, 1);
    still = std::move(*frame);
    return true;
  };
  auto add_camera_options = [snap](CLI::App* c) {
    c->add_option("--source", snap->source, "/dev/videoN, usb:VVVV:PPPP, file:<path> or folder:<dir>")->capture_default_str();
    c->add_option("--width", snap->width, "Preview width")->capture_default_str();
    c->add_option("--height", snap->height, "Preview height")->capture_default_str();
    c->add_option("--still-width", snap->still_width, "Still width (0: preview size)");
    c->add_option("--still-height", snap->still_height, "Still height (0: preview size)");
    c->add_flag("!--yuyv", snap->mjpeg, "Use YUYV instead of MJPEG");
  };
  auto* snapshot = camera->add_subcommand("snapshot", "Take a full-resolution still and save it as JPEG");
  add_camera_options(snapshot);
  snapshot->add_option("-o,--output", snap->output, "Output file")->capture_default_str();
  snapshot->callback([&g, snap, take_still] {
    std::optional<drivers::camera::Frame> still;
    if (!take_still(still)) return;
    const auto view = capture::ImageView::of(*still);
    const cv::Mat m(still->height, still->width, still->channels == 3 ? CV_8UC3 : CV_8UC1, const_cast<std::uint8_t*>(view.data), view.stride);
    if (!cv::imwrite(snap->output, m)) {
      std::fprintf(stderr, "kioskctl: cannot write %s\n", snap->output.c_str());
      g.exit_code = 1;
      return;
    }
    std::printf("%s: %dx%d still from %s\n", snap->output.c_str(), still->width, still->height, snap->source.c_str());
    g.exit_code = 0;
  });
  auto* check = camera->add_subcommand("check", "Take a still and run the document quality gates on it");
  add_camera_options(check);
  check->callback([&g, take_still] {
    std::optional<drivers::camera::Frame> still;
    if (!take_still(still)) return;
    const auto d = capture::detect_page(capture::ImageView::of(*still));
    std::printf("page: %s\n  sharpness %.0f, brightness %.0f, glare %.3f, area %.2f\n", std::string(reason_name(d.reason)).c_str(),
                d.quality.sharpness, d.quality.brightness, d.quality.glare, d.quality.area);
    if (d.found)
      for (const auto& c : d.corners) std::printf("  corner %.1f, %.1f\n", c.x, c.y);
    g.exit_code = d.reason == capture::DocReason::Ok ? 0 : 1;
  });

  auto* scanner = app.add_subcommand("scanner", "SANE scanners");
  scanner->require_subcommand(1);
  scanner->add_subcommand("list", "List SANE devices")->callback([&g] {
    auto list = drivers::scanner::Scanner::list();
    if (!list) {
      std::fprintf(stderr, "kioskctl: %s\n", list.error().message.c_str());
      g.exit_code = 1;
      return;
    }
    if (list->empty()) std::printf("no scanners\n");
    for (const auto& s : *list) std::printf("%-30s %s %s (%s)\n", s.name.c_str(), s.vendor.c_str(), s.model.c_str(), s.type.c_str());
    g.exit_code = 0;
  });
  struct ScanOptions {
    std::string device, mode = "gray", source = "flatbed", prefix = "page";
    int dpi = 200;
  };
  auto so = std::make_shared<ScanOptions>();
  auto* scan = scanner->add_subcommand("scan", "Scan pages through the kiosk's page pipeline into <prefix>-N.jpg");
  scan->add_option("--device", so->device, "SANE device name, e.g. test:0")->required();
  scan->add_option("--mode", so->mode, "color | gray | lineart")->check(CLI::IsMember({"color", "gray", "lineart"}))->capture_default_str();
  scan->add_option("--source", so->source, "flatbed | adf | duplex")->check(CLI::IsMember({"flatbed", "adf", "duplex"}))->capture_default_str();
  scan->add_option("--dpi", so->dpi, "Resolution")->capture_default_str();
  scan->add_option("-o,--prefix", so->prefix, "Output file prefix")->capture_default_str();
  scan->callback([&g, so] {
    using namespace drivers::scanner;
    auto s = Scanner::open(so->device);
    if (!s) {
      std::fprintf(stderr, "kioskctl: %s\n", s.error().message.c_str());
      g.exit_code = 1;
      return;
    }
    ScanSettings st;
    st.mode = so->mode == "color" ? ScanMode::Color : so->mode == "gray" ? ScanMode::Gray : ScanMode::Lineart;
    st.source = so->source == "flatbed" ? ScanSource::Flatbed : so->source == "adf" ? ScanSource::Adf : ScanSource::AdfDuplex;
    st.dpi = so->dpi;
    int n = 0;
    bool write_failed = false;
    auto result = (*s)->scan(st, [&](ScannedPage&& page) {
      auto img = capture::process_scan(capture::ImageView::of(page), page.dpi, capture::PageOptions{capture::PageFormat::Free});
      const std::string file = so->prefix + "-" + std::to_string(++n) + ".jpg";
      if (!img || !write_bytes(file, img->jpeg.span())) {
        write_failed = true;
        return;
      }
      std::printf("%s: %dx%d, %zu bytes (scanned %dx%d at %d dpi)\n", file.c_str(), img->width, img->height, img->jpeg.size(), page.width,
                  page.height, page.dpi);
    });
    if (!result) {
      std::fprintf(stderr, "kioskctl: scan failed (%s): %s\n", std::string(to_string(result.error().fault)).c_str(), result.error().message.c_str());
      g.exit_code = 1;
      return;
    }
    g.exit_code = write_failed ? 1 : 0;
  });
}

}  // namespace ow::kioskctl
