#pragma once
// The kiosk's one configuration file (TOML). Every option has a default; see assets/config/kiosk.toml.
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "kiosk/capture/liveness_challenge.hpp"
#include "kiosk/log.hpp"
#include "kiosk/power_schedule.hpp"
#include "kiosk/result.hpp"
#include "kiosk/strings.hpp"

namespace ow {

enum class Orientation { Landscape, Portrait };

struct PlatformConfig {
  std::string url;             // e.g. https://platform.example.gov.cn; empty: offline only
  bool insecure_dev = false;   // plain HTTP allowed only when true
  std::filesystem::path ca_file, cert_file, key_file;
  int heartbeat_s = 60;
  int retention_days = 7;      // personal data of acknowledged submissions is deleted after this
  int rejected_retention_days = 30;  // … of submissions the platform rejected, after the rejection
  int unsent_retention_days = 180;   // … of submissions never acknowledged, after the commit
  int backoff_base_ms = 1000;  // retry delay: full jitter up to base·2^attempt …
  int backoff_cap_s = 300;     // … never more than this (Retry-After may ask for longer)
  int request_timeout_s = 30;
  int catalog_poll_s = 900;    // GET /v1/catalog every this many seconds; 0: never
};

// The ID card reader. No port (serial) and no USB id: the kiosk runs without a reader.
struct IdCardConfig {
  std::string transport = "serial";  // serial | usb_bulk | usb_hid
  std::string port;                  // serial device, e.g. /dev/onewindow/idcard
  unsigned baud = 115200;
  int usb_vendor = 0, usb_product = 0;
  bool enabled() const { return !port.empty() || usb_vendor != 0; }
};

// The social security card reader through pcscd. Off unless enabled.
struct SsCardConfig {
  bool enabled = false;
  std::string reader_filter;  // only readers whose name contains this; empty = every reader
};

// The document camera (高拍仪): "/dev/videoN", "usb:VVVV:PPPP", or a file/folder source for demos.
struct DocCameraConfig {
  std::string source;  // empty: no document camera
  int width = 1280, height = 720;
  int still_width = 0, still_height = 0;
  int fps = 15;           // file and folder sources are paced at this rate
  int frame_repeat = 1;   // folder sources: each picture is shown for this many frames
};

// The face camera, for matters that take the applicant's photo (face_verification): a source as
// in [document_camera]. Empty: such matters are sent to a staff window.
struct FaceCameraConfig {
  std::string source;
  int width = 1280, height = 720;
  int fps = 15;
  int frame_repeat = 1;
  // The liveness challenges drawn from for 实人核验 (kiosk/capture/liveness); never empty.
  std::vector<capture::LivenessChallenge> liveness{std::begin(capture::kLivenessChallenges),
                                                   std::end(capture::kLivenessChallenges)};
};

// The receipt printer (ESC/POS). transport tcp: address "host:port"; serial: address is the device;
// usb: usb_vendor/usb_product (0/0: the first printer-class device).
struct PrinterConfig {
  std::string transport;  // empty: no receipt printer
  std::string address;
  unsigned baud = 115200;
  int usb_vendor = 0, usb_product = 0;
  int width_dots = 576;   // 80 mm: 576, 58 mm: 384
  bool text_mode = false; // printer's own Chinese font instead of a raster we draw
  std::string hotline = "12345";  // printed on the receipt: the government service hotline unless the hall has its own
  std::string query_url;  // the progress-query address; the receipt number is appended (QR code)
  bool enabled() const { return !transport.empty(); }
};

// Where a citizen finds staff when the kiosk cannot do it (办不成事) and in the help text. Free
// text of the hall, shown as written.
struct HelpDeskConfig {
  std::string place = "大厅一楼综合窗口";  // the help desk or window
  std::string hours = "工作日 9:00–17:00";
  std::string phone;  // empty: the receipt hotline is shown
};

// 排队取号: the hall's business types; each numbers its tickets by day with its own prefix.
struct QueueService {
  std::string prefix;  // "A": tickets A001, A002, …
  std::string name;    // "社保医保"
};
struct QueueConfig {
  std::vector<QueueService> services = {{"A", "社保医保"}, {"B", "户籍证件"}, {"C", "不动产登记"}, {"D", "综合咨询"}};
};

// Progress query (办件查询): how long the platform may take before the local record is shown.
struct ProgressConfig {
  int timeout_s = 5;
};

// A QR / barcode scanner: serial (RS-232 or USB CDC-ACM, a line per scan) and/or a keyboard-wedge
// scanner, whose scans arrive as fast keystrokes ending in Enter.
struct BarcodeConfig {
  std::string port;        // serial scanner, e.g. /dev/onewindow/barcode; empty: none
  unsigned baud = 9600;
  std::string suffix = "auto";  // what ends a scan: auto (CR, LF or CRLF) | cr | lf | crlf | tab | none
  int max_bytes = 2048;         // longer scans are rejected
  int partial_timeout_ms = 300; // a scan that stops arriving midway is dropped after this
  bool wedge = true;            // tell keyboard-wedge scans from typing
  int wedge_max_gap_ms = 40;    // keystrokes closer than this belong to one scan
  int wedge_min_length = 8;     // shorter bursts are typing
  bool enabled() const { return !port.empty(); }
};

// 扫码登录: the electronic ID / social security QR code as a way to start a session. Needs the platform.
struct QrLoginConfig {
  bool enabled = true;
  std::string camera;  // camera source as in [document_camera]; empty: the document camera
  int timeout_s = 10;  // the platform's answer; longer counts as offline
};

// Form pre-fill from the platform (POST /v1/applicant/profile): asked only when online, never waited for.
struct PrefillConfig {
  bool enabled = true;
  int timeout_s = 3;  // the platform's answer; later, the citizen types as usual
};

struct Config {
  std::filesystem::path source;  // the file this was read from (empty: defaults)
  std::string kiosk_id = "KIOSK-DEV-0001";
  // 0–9999, unique in the fleet: the first four digits of the kiosk's receipt numbers
  // ([kiosk] number; default: the digits at the end of the kiosk id, "KIOSK-DEV-0001" → 1).
  int kiosk_number = 1;
  std::string hall_name;  // shown on the attract screen; from the config only
  Language language = Language::Chinese;
  Orientation orientation = Orientation::Landscape;
  // The panel's pixels per inch ([display] dpi): the layout audit judges sizes in points at it.
  int display_dpi = 96;
  bool fullscreen = true;
  int idle_timeout_s = 90;
  int idle_countdown_s = 10;
  log::Level log_level = log::Level::Info;
  unsigned log_burst = 200, log_per_minute = 600;  // per component; see log::set_rate_limit
  std::filesystem::path data_dir = "/var/lib/onewindow";
  std::filesystem::path assets_dir = OW_DEFAULT_ASSETS_DIR;
  std::filesystem::path catalog_file;  // catalog source folder; default: <assets_dir>/catalog/sample
  // The operators' Ed25519 public key that catalog packages must be signed with (matterpack keygen).
  std::filesystem::path catalog_pubkey = "/etc/onewindow/catalog.pub";
  // [catalog] ring: the rollout ring this kiosk belongs to (docs/catalog.md, "Staged rollout");
  // empty: the last ring of every package, i.e. with everyone.
  std::string catalog_ring;
  std::filesystem::path font_file = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc";
  int font_index = 2;  // face 2 of the collection is Simplified Chinese
  std::filesystem::path pinyin_dict = "/usr/lib/x86_64-linux-gnu/googlepinyin/data/dict_pinyin.dat";
  // The handwriting model of the on-screen keyboard (Debian tegaki-zinnia-simplified-chinese).
  std::filesystem::path handwriting_model = "/usr/share/tegaki/models/zinnia/handwriting-zh_CN.model";
  PlatformConfig platform;
  IdCardConfig idcard;
  SsCardConfig sscard;
  DocCameraConfig document_camera;
  PrinterConfig printer;
  BarcodeConfig barcode;
  QrLoginConfig qr_login;
  FaceCameraConfig face_camera;
  bool voice = true;  // spoken prompts in elderly mode (espeak-ng)
  PowerConfig power;              // night dimming and blanking
  MaintenanceConfig maintenance;  // reboot window, disk-space guard
  HelpDeskConfig help_desk;
  QueueConfig queue;
  ProgressConfig progress;
  PrefillConfig prefill;

  int width() const { return orientation == Orientation::Landscape ? 1920 : 1080; }
  int height() const { return orientation == Orientation::Landscape ? 1080 : 1920; }
};

// Reads and checks a config file; relative paths are taken from the file's folder.
Result<Config> load_config(const std::filesystem::path& path);
// The same from the file's text; `path` names it in messages and anchors its relative paths.
// Pure (no file is read), so tests/fuzz/config_fuzz.cpp drives it.
Result<Config> parse_config(std::string_view text, const std::filesystem::path& path);
Config default_config();

}  // namespace ow
