#include "kiosk/config.hpp"

#include <toml++/toml.h>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <iterator>

#include "drivers/transport/tcp_transport.hpp"
#include "kiosk/catalog/rollout.hpp"

namespace ow {

namespace {
std::filesystem::path resolve(const std::filesystem::path& base, const std::string& value) {
  std::filesystem::path p(value);
  return p.is_absolute() ? p : base / p;
}

// The digits at the end of a kiosk id as a number below 10000 ("KIOSK-DEV-0001" → 1); 0 without any.
int trailing_number(const std::string& id) {
  int n = 0, scale = 1;
  for (auto c = id.rbegin(); c != id.rend() && *c >= '0' && *c <= '9' && scale < 10000; ++c, scale *= 10)
    n += (*c - '0') * scale;
  return n;
}

// toml++ 3.3 assumes rather than checks what follows a table header's "[" (TOML_ASSERT_ASSUME in
// parse_key, undefined behaviour in release builds): "[\x1f…]" and "[/printer]" reached it (found
// by the config fuzz target). So the text is checked first: no raw control character but tab and
// line ends (TOML never allows one), and a line that starts with "[" or "[[" continues with a key
// (a bare key character or a quote) or "]". The price: a line of a multi-line array or string
// that starts with "[" and then, say, "{" is refused too; kiosk.toml has none.
Result<void> check_text(std::string_view text, const std::filesystem::path& path) {
  auto bad = [&](std::size_t line, const char* what) {
    return fail("config " + path.string() + " line " + std::to_string(line) + ": " + what);
  };
  auto key_start = [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '"' || c == '\'' || c == ']';
  };
  std::size_t line = 1;
  for (std::size_t begin = 0; begin <= text.size(); ++line) {
    const std::size_t end = std::min(text.find('\n', begin), text.size());
    const std::string_view l = text.substr(begin, end - begin);
    for (const char ch : l) {
      const auto c = static_cast<unsigned char>(ch);
      if ((c < 0x20 && c != '\t' && c != '\r') || c == 0x7F) return bad(line, "a control character TOML does not allow");
    }
    std::size_t i = l.find_first_not_of(" \t");
    if (i != std::string_view::npos && l[i] == '[') {
      i = l.find_first_not_of(" \t", i + 1);
      if (i != std::string_view::npos && l[i] == '[') i = l.find_first_not_of(" \t", i + 1);
      if (i == std::string_view::npos || !key_start(l[i])) return bad(line, "a table header must start with a key");
    }
    begin = end + 1;
  }
  // Outside strings and comments TOML is ASCII; toml++ 3.3 reaches TOML_UNREACHABLE when it asks
  // whether some non-ASCII characters there are whitespace (U+00A1–U+0499, U+2CEE–U+30E7, e.g. a
  // "。" after a value: is_non_ascii_horizontal_whitespace), so they are refused here.
  enum class In { Bare, Comment, Basic, Literal, MultiBasic, MultiLiteral } in = In::Bare;
  line = 1;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    const bool triple_quote = text.substr(i, 3) == R"(""")", triple_apostrophe = text.substr(i, 3) == "'''";
    if (c == '\n') ++line;
    switch (in) {
      case In::Bare:
        if (c == '#') {
          in = In::Comment;
        } else if (triple_quote || triple_apostrophe) {
          in = triple_quote ? In::MultiBasic : In::MultiLiteral;
          i += 2;
        } else if (c == '"') {
          in = In::Basic;
        } else if (c == '\'') {
          in = In::Literal;
        } else if (static_cast<unsigned char>(c) >= 0x80) {
          return bad(line, "a non-ASCII character outside a string or comment");
        }
        break;
      case In::Comment:
        if (c == '\n') in = In::Bare;
        break;
      case In::Basic:
        if (c == '\\' && i + 1 < text.size() && text[i + 1] != '\n') ++i;
        else if (c == '"' || c == '\n') in = In::Bare;
        break;
      case In::Literal:
        if (c == '\'' || c == '\n') in = In::Bare;
        break;
      case In::MultiBasic:
        if (c == '\\' && i + 1 < text.size() && text[i + 1] != '\n') {
          ++i;
        } else if (triple_quote) {
          in = In::Bare;
          i += 2;
        }
        break;
      case In::MultiLiteral:
        if (triple_apostrophe) {
          in = In::Bare;
          i += 2;
        }
        break;
    }
  }
  return {};
}

template <class T>
Result<void> read_int(const toml::table& t, const char* key, T& out, T min, T max, const std::string& section) {
  const auto node = t[key];
  if (node && !node.is_integer()) {
    const std::string shown = node.is_string() ? "\"" + *node.value<std::string>() + "\"" : std::string("the value");
    return fail(section + "." + key + ": " + shown + " is not a number");
  }
  if (auto v = node.value<int64_t>()) {
    if (*v < static_cast<int64_t>(min) || *v > static_cast<int64_t>(max))
      return fail(section + "." + key + " = " + std::to_string(*v) + " is out of range " + std::to_string(min) + ".." +
                  std::to_string(max));
    out = static_cast<T>(*v);
  }
  return {};
}

// [power], [maintenance] and the log rate limit: keeping the kiosk up unattended.
Result<void> read_operations(const toml::table& doc, Config& c) {
  const toml::table empty;
  const toml::table& k = doc["kiosk"].as_table() ? *doc["kiosk"].as_table() : empty;
  if (auto ok = read_int(k, "log_burst", c.log_burst, 0u, 100000u, "kiosk"); !ok) return ok;
  if (auto ok = read_int(k, "log_per_minute", c.log_per_minute, 0u, 1000000u, "kiosk"); !ok) return ok;

  const toml::table& pw = doc["power"].as_table() ? *doc["power"].as_table() : empty;
  for (auto [key, out] : {std::pair{"night_start", &c.power.night_start_min}, std::pair{"night_end", &c.power.night_end_min}}) {
    if (auto v = pw[key].value<std::string>()) {
      auto minute = parse_clock_time(*v);
      if (!minute) return fail(std::string("power.") + key + " must be a time like \"22:00\", not \"" + *v + "\"");
      *out = *minute;
    }
  }
  if (auto ok = read_int(pw, "night_brightness", c.power.night_brightness_pct, 0, 100, "power"); !ok) return ok;
  if (auto ok = read_int(pw, "dim_after_s", c.power.dim_after_s, 0, 86400, "power"); !ok) return ok;
  if (auto ok = read_int(pw, "night_blank_after_s", c.power.night_blank_after_s, 0, 86400, "power"); !ok) return ok;

  const toml::table& mt = doc["maintenance"].as_table() ? *doc["maintenance"].as_table() : empty;
  if (auto v = mt["reboot_window"].value<std::string>()) {
    auto window = parse_clock_window(*v);
    if (!window) return fail("maintenance.reboot_window must look like \"03:00-04:00\", not \"" + *v + "\"");
    c.maintenance.reboot_window_start_min = window->first;
    c.maintenance.reboot_window_end_min = window->second;
  }
  if (auto ok = read_int(mt, "reboot_after_days", c.maintenance.reboot_after_days, 0, 365, "maintenance"); !ok) return ok;
  if (auto ok = read_int(mt, "min_free_disk_mb", c.maintenance.min_free_disk_mb, std::uint64_t{0}, std::uint64_t{1} << 30, "maintenance"); !ok)
    return ok;
  return {};
}
// [help_desk], [queue] and [progress]: the hall's own texts and the query's patience.
Result<void> read_hall(const toml::table& doc, Config& c) {
  const toml::table empty;
  const toml::table& h = doc["help_desk"].as_table() ? *doc["help_desk"].as_table() : empty;
  if (auto v = h["place"].value<std::string>()) c.help_desk.place = *v;
  if (auto v = h["hours"].value<std::string>()) c.help_desk.hours = *v;
  if (auto v = h["phone"].value<std::string>()) c.help_desk.phone = *v;
  if (const toml::array* services = doc["queue"]["services"].as_array()) {
    c.queue.services.clear();
    for (const auto& node : *services) {
      const toml::table* t = node.as_table();
      const auto prefix = t ? (*t)["prefix"].value<std::string>() : std::nullopt;
      const auto name = t ? (*t)["name"].value<std::string>() : std::nullopt;
      const bool prefix_ok = prefix && !prefix->empty() && prefix->size() <= 2 &&
                             std::all_of(prefix->begin(), prefix->end(), [](char ch) { return ch >= 'A' && ch <= 'Z'; });
      if (!prefix_ok || !name || name->empty())
        return fail("queue.services: each entry needs prefix (1-2 capital letters) and name, like { prefix = \"A\", name = \"社保医保\" }");
      for (const auto& other : c.queue.services)
        if (other.prefix == *prefix) return fail("queue.services: prefix \"" + *prefix + "\" is used twice");
      c.queue.services.push_back({*prefix, *name});
    }
  }
  const toml::table& pq = doc["progress"].as_table() ? *doc["progress"].as_table() : empty;
  return read_int(pq, "timeout_s", c.progress.timeout_s, 1, 60, "progress");
}

// [barcode] and [qr_login]: the QR / barcode scanners and the QR code login.
Result<void> read_barcode(const toml::table& doc, const std::filesystem::path& base, Config& c) {
  const toml::table empty;
  const toml::table& b = doc["barcode"].as_table() ? *doc["barcode"].as_table() : empty;
  if (auto v = b["port"].value<std::string>()) c.barcode.port = v->empty() ? *v : resolve(base, *v).string();
  if (auto ok = read_int(b, "baud", c.barcode.baud, 1200u, 921600u, "barcode"); !ok) return ok;
  if (auto v = b["suffix"].value<std::string>()) {
    static constexpr const char* kSuffixes[] = {"auto", "cr", "lf", "crlf", "tab", "none"};
    if (std::none_of(std::begin(kSuffixes), std::end(kSuffixes), [&](const char* k) { return *v == k; }))
      return fail("barcode.suffix must be auto, cr, lf, crlf, tab or none, not \"" + *v + "\"");
    c.barcode.suffix = *v;
  }
  if (auto ok = read_int(b, "max_bytes", c.barcode.max_bytes, 16, 65536, "barcode"); !ok) return ok;
  if (auto ok = read_int(b, "partial_timeout_ms", c.barcode.partial_timeout_ms, 20, 10000, "barcode"); !ok) return ok;
  if (auto v = b["wedge"].value<bool>()) c.barcode.wedge = *v;
  if (auto ok = read_int(b, "wedge_max_gap_ms", c.barcode.wedge_max_gap_ms, 5, 200, "barcode"); !ok) return ok;
  if (auto ok = read_int(b, "wedge_min_length", c.barcode.wedge_min_length, 4, 256, "barcode"); !ok) return ok;

  const toml::table& q = doc["qr_login"].as_table() ? *doc["qr_login"].as_table() : empty;
  if (auto v = q["enabled"].value<bool>()) c.qr_login.enabled = *v;
  if (auto v = q["camera"].value<std::string>()) {
    const bool file = v->rfind("file:", 0) == 0 || v->rfind("folder:", 0) == 0;
    c.qr_login.camera = file ? v->substr(0, v->find(':') + 1) + resolve(base, v->substr(v->find(':') + 1)).string() : *v;
  }
  if (auto ok = read_int(q, "timeout_s", c.qr_login.timeout_s, 1, 120, "qr_login"); !ok) return ok;
  return {};
}

// [prefill]: form fields filled from what the platform knows about the applicant.
Result<void> read_prefill(const toml::table& doc, Config& c) {
  const toml::table empty;
  const toml::table& t = doc["prefill"].as_table() ? *doc["prefill"].as_table() : empty;
  if (auto v = t["enabled"].value<bool>()) c.prefill.enabled = *v;
  return read_int(t, "timeout_s", c.prefill.timeout_s, 1, 30, "prefill");
}

// [face_camera]: file: and folder: sources name paths, taken from the config's folder.
Result<void> read_face_camera(const toml::table& doc, const std::filesystem::path& base, Config& c) {
  const toml::table empty;
  const toml::table& f = doc["face_camera"].as_table() ? *doc["face_camera"].as_table() : empty;
  if (auto v = f["source"].value<std::string>()) {
    const bool file = v->rfind("file:", 0) == 0 || v->rfind("folder:", 0) == 0;
    c.face_camera.source = file ? v->substr(0, v->find(':') + 1) + resolve(base, v->substr(v->find(':') + 1)).string() : *v;
  }
  if (auto ok = read_int(f, "width", c.face_camera.width, 160, 8192, "face_camera"); !ok) return ok;
  if (auto ok = read_int(f, "height", c.face_camera.height, 120, 8192, "face_camera"); !ok) return ok;
  if (auto ok = read_int(f, "fps", c.face_camera.fps, 1, 120, "face_camera"); !ok) return ok;
  if (const toml::array* kinds = f["liveness"].as_array()) {
    c.face_camera.liveness.clear();
    for (const auto& node : *kinds) {
      const auto name = node.value<std::string>();
      std::optional<capture::LivenessChallenge> kind;
      for (auto k : capture::kLivenessChallenges)
        if (name && *name == capture::to_string(k)) kind = k;
      if (!kind) return fail("face_camera.liveness: each entry is \"blink\", \"turn_left\" or \"turn_right\"");
      if (std::find(c.face_camera.liveness.begin(), c.face_camera.liveness.end(), *kind) == c.face_camera.liveness.end())
        c.face_camera.liveness.push_back(*kind);
    }
    if (c.face_camera.liveness.empty()) return fail("face_camera.liveness: name at least one challenge");
  }
  return read_int(f, "frame_repeat", c.face_camera.frame_repeat, 1, 10000, "face_camera");
}
}  // namespace

Config default_config() {
  Config c;
  c.catalog_file = c.assets_dir / "catalog" / "sample";
  return c;
}

Result<Config> load_config(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return fail("config " + path.string() + ": cannot be read");
  const std::string text{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  return parse_config(text, path);
}

Result<Config> parse_config(std::string_view text, const std::filesystem::path& path) {
  if (auto ok = check_text(text, path); !ok) return tl::unexpected(ok.error());
  toml::table doc;
  try {
    doc = toml::parse(text, path.string());
  } catch (const toml::parse_error& e) {
    return fail("config " + path.string() + " line " + std::to_string(e.source().begin.line) + ": " +
                std::string(e.description()));
  }
  Config c = default_config();
  c.source = path;
  const auto base = path.parent_path();

  const toml::table empty;
  const toml::table& k = doc["kiosk"].as_table() ? *doc["kiosk"].as_table() : empty;
  if (auto v = k["id"].value<std::string>()) c.kiosk_id = *v;
  c.kiosk_number = trailing_number(c.kiosk_id);
  if (auto ok = read_int(k, "number", c.kiosk_number, 0, 9999, "kiosk"); !ok) return tl::unexpected(ok.error());
  if (auto v = k["hall_name"].value<std::string>()) c.hall_name = *v;
  if (auto v = k["language"].value<std::string>()) {
    if (*v == "zh-CN") c.language = Language::Chinese;
    else if (*v == "en") c.language = Language::English;
    else return fail("kiosk.language must be \"zh-CN\" or \"en\", not \"" + *v + "\"");
  }
  if (auto v = k["orientation"].value<std::string>()) {
    if (*v == "landscape") c.orientation = Orientation::Landscape;
    else if (*v == "portrait") c.orientation = Orientation::Portrait;
    else return fail("kiosk.orientation must be \"landscape\" or \"portrait\", not \"" + *v + "\"");
  }
  if (auto v = k["fullscreen"].value<bool>()) c.fullscreen = *v;
  const toml::table no_display;
  const toml::table& display = doc["display"].as_table() ? *doc["display"].as_table() : no_display;
  if (auto ok = read_int(display, "dpi", c.display_dpi, 50, 600, "display"); !ok) return tl::unexpected(ok.error());
  if (auto ok = read_int(k, "idle_timeout_s", c.idle_timeout_s, 15, 3600, "kiosk"); !ok) return tl::unexpected(ok.error());
  if (auto ok = read_int(k, "idle_countdown_s", c.idle_countdown_s, 3, 60, "kiosk"); !ok) return tl::unexpected(ok.error());
  if (c.idle_countdown_s >= c.idle_timeout_s) return fail("kiosk.idle_countdown_s must be shorter than kiosk.idle_timeout_s");
  if (auto v = k["log_level"].value<std::string>()) {
    if (!log::parse_level(*v, c.log_level)) return fail("kiosk.log_level must be debug, info, warn or error");
  }
  if (auto v = k["data_dir"].value<std::string>()) c.data_dir = resolve(base, *v);
  if (auto v = k["assets_dir"].value<std::string>()) c.assets_dir = resolve(base, *v);
  c.catalog_file = c.assets_dir / "catalog" / "sample";
  if (auto v = k["catalog"].value<std::string>()) c.catalog_file = resolve(base, *v);
  if (auto v = k["catalog_pubkey"].value<std::string>()) c.catalog_pubkey = resolve(base, *v);
  const toml::table& cat = doc["catalog"].as_table() ? *doc["catalog"].as_table() : empty;
  if (auto v = cat["ring"].value<std::string>()) {
    if (!catalog::valid_ring_name(*v)) return fail("catalog.ring must be [a-z0-9_-]+ (at most 32 characters), not \"" + *v + "\"");
    c.catalog_ring = *v;
  }
  if (auto v = k["font_file"].value<std::string>()) c.font_file = resolve(base, *v);
  if (auto ok = read_int(k, "font_index", c.font_index, 0, 16, "kiosk"); !ok) return tl::unexpected(ok.error());
  if (auto v = k["pinyin_dict"].value<std::string>()) c.pinyin_dict = resolve(base, *v);
  if (auto v = k["handwriting_model"].value<std::string>()) c.handwriting_model = resolve(base, *v);

  if (auto v = k["voice"].value<bool>()) c.voice = *v;

  const toml::table& id = doc["idcard"].as_table() ? *doc["idcard"].as_table() : empty;
  if (auto v = id["transport"].value<std::string>()) {
    if (*v != "serial" && *v != "usb_bulk" && *v != "usb_hid")
      return fail("idcard.transport must be serial, usb_bulk or usb_hid, not \"" + *v + "\"");
    c.idcard.transport = *v;
  }
  if (auto v = id["port"].value<std::string>()) c.idcard.port = resolve(base, *v);
  if (auto ok = read_int(id, "baud", c.idcard.baud, 1200u, 921600u, "idcard"); !ok) return tl::unexpected(ok.error());
  if (auto ok = read_int(id, "usb_vendor", c.idcard.usb_vendor, 0, 0xFFFF, "idcard"); !ok) return tl::unexpected(ok.error());
  if (auto ok = read_int(id, "usb_product", c.idcard.usb_product, 0, 0xFFFF, "idcard"); !ok) return tl::unexpected(ok.error());
  if (c.idcard.transport != "serial" && (c.idcard.usb_vendor == 0 || c.idcard.usb_product == 0))
    return fail("idcard.usb_vendor: transport " + c.idcard.transport + " needs usb_vendor and usb_product");

  const toml::table& cam = doc["document_camera"].as_table() ? *doc["document_camera"].as_table() : empty;
  if (auto v = cam["source"].value<std::string>()) {
    // file: and folder: sources name paths, which are taken from the config's folder like every path.
    for (const char* prefix : {"file:", "folder:"}) {
      const std::string pre(prefix);
      if (v->rfind(pre, 0) == 0) *v = pre + resolve(base, v->substr(pre.size())).string();
    }
    c.document_camera.source = *v;
  }
  if (auto ok = read_int(cam, "width", c.document_camera.width, 160, 8192, "document_camera"); !ok) return tl::unexpected(ok.error());
  if (auto ok = read_int(cam, "height", c.document_camera.height, 120, 8192, "document_camera"); !ok) return tl::unexpected(ok.error());
  if (auto ok = read_int(cam, "still_width", c.document_camera.still_width, 0, 8192, "document_camera"); !ok) return tl::unexpected(ok.error());
  if (auto ok = read_int(cam, "still_height", c.document_camera.still_height, 0, 8192, "document_camera"); !ok) return tl::unexpected(ok.error());
  if (auto ok = read_int(cam, "fps", c.document_camera.fps, 1, 120, "document_camera"); !ok) return tl::unexpected(ok.error());
  if (auto ok = read_int(cam, "frame_repeat", c.document_camera.frame_repeat, 1, 10000, "document_camera"); !ok) return tl::unexpected(ok.error());

  const toml::table& pr = doc["printer"].as_table() ? *doc["printer"].as_table() : empty;
  if (auto v = pr["transport"].value<std::string>()) {
    if (!v->empty() && *v != "tcp" && *v != "serial" && *v != "usb")
      return fail("printer.transport must be tcp, serial or usb, not \"" + *v + "\"");
    c.printer.transport = *v;
  }
  if (auto v = pr["address"].value<std::string>()) c.printer.address = *v;
  if (c.printer.transport == "tcp") {
    std::string host;
    std::uint16_t port = 0;
    if (c.printer.address.find(':') == std::string::npos || !drivers::parse_host_port(c.printer.address, host, port))
      return fail("printer.address: \"" + c.printer.address + "\" is not host:port (e.g. 192.168.1.50:9100)");
  }
  if (c.printer.transport == "serial" && c.printer.address.empty())
    return fail("printer.address: a serial printer needs its device (e.g. /dev/ttyUSB1)");
  if (auto ok = read_int(pr, "baud", c.printer.baud, 1200u, 921600u, "printer"); !ok) return tl::unexpected(ok.error());
  if (auto ok = read_int(pr, "usb_vendor", c.printer.usb_vendor, 0, 0xFFFF, "printer"); !ok) return tl::unexpected(ok.error());
  if (auto ok = read_int(pr, "usb_product", c.printer.usb_product, 0, 0xFFFF, "printer"); !ok) return tl::unexpected(ok.error());
  if (auto ok = read_int(pr, "width_dots", c.printer.width_dots, 384, 832, "printer"); !ok) return tl::unexpected(ok.error());
  if (auto v = pr["text_mode"].value<bool>()) c.printer.text_mode = *v;
  if (auto v = pr["hotline"].value<std::string>()) c.printer.hotline = *v;
  if (auto v = pr["query_url"].value<std::string>()) c.printer.query_url = *v;

  const toml::table& ss = doc["sscard"].as_table() ? *doc["sscard"].as_table() : empty;
  if (auto v = ss["enabled"].value<bool>()) c.sscard.enabled = *v;
  if (auto v = ss["reader_filter"].value<std::string>()) c.sscard.reader_filter = *v;

  const toml::table& p = doc["platform"].as_table() ? *doc["platform"].as_table() : empty;
  if (auto v = p["url"].value<std::string>()) c.platform.url = *v;
  if (auto v = p["insecure_dev"].value<bool>()) c.platform.insecure_dev = *v;
  if (auto v = p["ca_file"].value<std::string>()) c.platform.ca_file = resolve(base, *v);
  if (auto v = p["cert_file"].value<std::string>()) c.platform.cert_file = resolve(base, *v);
  if (auto v = p["key_file"].value<std::string>()) c.platform.key_file = resolve(base, *v);
  if (auto ok = read_int(p, "heartbeat_s", c.platform.heartbeat_s, 5, 3600, "platform"); !ok) return tl::unexpected(ok.error());
  if (auto ok = read_int(p, "retention_days", c.platform.retention_days, 0, 3650, "platform"); !ok) return tl::unexpected(ok.error());
  if (auto ok = read_int(p, "rejected_retention_days", c.platform.rejected_retention_days, 0, 3650, "platform"); !ok)
    return tl::unexpected(ok.error());
  // At least 30 days: a typo must not delete a queue the kiosk could not send during an outage.
  if (auto ok = read_int(p, "unsent_retention_days", c.platform.unsent_retention_days, 30, 3650, "platform"); !ok)
    return tl::unexpected(ok.error());
  if (auto ok = read_int(p, "backoff_base_ms", c.platform.backoff_base_ms, 10, 600000, "platform"); !ok) return tl::unexpected(ok.error());
  if (auto ok = read_int(p, "backoff_cap_s", c.platform.backoff_cap_s, 1, 86400, "platform"); !ok) return tl::unexpected(ok.error());
  if (auto ok = read_int(p, "request_timeout_s", c.platform.request_timeout_s, 1, 600, "platform"); !ok) return tl::unexpected(ok.error());
  if (auto ok = read_int(p, "catalog_poll_s", c.platform.catalog_poll_s, 0, 86400, "platform"); !ok) return tl::unexpected(ok.error());
  if (auto ok = read_operations(doc, c); !ok) return tl::unexpected(ok.error());
  if (auto ok = read_hall(doc, c); !ok) return tl::unexpected(ok.error());
  if (auto ok = read_barcode(doc, base, c); !ok) return tl::unexpected(ok.error());
  if (auto ok = read_prefill(doc, c); !ok) return tl::unexpected(ok.error());
  if (auto ok = read_face_camera(doc, base, c); !ok) return tl::unexpected(ok.error());
  if (c.platform.url.rfind("http://", 0) == 0 && !c.platform.insecure_dev)
    return fail("platform.url uses plain http://; use https:// or set platform.insecure_dev = true for development");
  return c;
}

}  // namespace ow
