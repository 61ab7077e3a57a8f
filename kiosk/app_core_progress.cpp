// AppCore, 办件查询: by ID card (this kiosk's submissions for that person), by the receipt's QR
// code (camera, decoded on the scanner's thread) or by the typed receipt number. The answer comes
// from the platform when it can be reached within a short time, else from the local store, and
// the screen says which. The query lives in the session and goes with it.
#include "kiosk/app_core.hpp"
#include "kiosk/capture/qr_payload.hpp"
#include "kiosk/log.hpp"
#include "kiosk/sync_setup.hpp"
#include "kiosk/text_util.hpp"

namespace ow {

namespace {
std::string source_name(ProgressSource s) {
  switch (s) {
    case ProgressSource::Platform: return "the platform";
    case ProgressSource::LocalOffline: return "the local store (platform not reached)";
    case ProgressSource::LocalNotSynced: return "the local store (not yet on the platform)";
    case ProgressSource::LocalOnly: return "the local store (no platform configured)";
  }
  return "?";
}

// The host of the configured progress-query address: its QR codes are receipts.
std::vector<std::string> receipt_hosts(const std::string& query_url) {
  const auto scheme = query_url.find("://");
  if (scheme == std::string::npos) return {};
  const std::string rest = query_url.substr(scheme + 3);
  const std::string host = rest.substr(0, rest.find_first_of(":/?#"));
  if (host.empty()) return {};
  return {host};
}
}  // namespace

bool AppCore::dispatch_progress(const Intent& intent, SteadyTime now) {
  auto& q = session_.data().progress;
  const bool idle = q.mode != ProgressMode::Busy;
  if (std::holds_alternative<intent::Back>(intent)) {
    progress_back(now);
  } else if (const auto* card = std::get_if<intent::CardRead>(&intent)) {
    Identity id = card->identity.clone();
    if (idle && !id.id_number.empty()) lookup_card(std::move(id));
  } else if (std::holds_alternative<intent::ProgressScan>(intent)) {
    if (!idle) return true;
    q = ProgressQuery{};
    q.mode = ProgressMode::Scan;
    start_qr_scan();
  } else if (std::holds_alternative<intent::ProgressKeypad>(intent)) {
    if (!idle) return true;
    stop_qr_scan();
    q = ProgressQuery{};
    q.mode = ProgressMode::Keypad;
  } else if (const auto* typed = std::get_if<intent::ProgressType>(&intent)) {
    if (q.mode != ProgressMode::Keypad) return true;
    q.typed.clear();
    // Only what a receipt number can hold; letters as capitals, whatever case was typed.
    for (char c : typed->text.substr(0, 40)) {
      if (c >= 'a' && c <= 'z') q.typed += static_cast<char>(c - 'a' + 'A');
      else if ((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-') q.typed += c;
    }
    q.typed_invalid = false;
  } else if (std::holds_alternative<intent::ProgressSearch>(intent)) {
    if (q.mode != ProgressMode::Keypad) return true;
    if (!capture::is_receipt_number(q.typed)) q.typed_invalid = true;
    else lookup_receipt(q.typed);
  } else if (const auto* scanned = std::get_if<intent::QrScanned>(&intent)) {
    if (q.mode != ProgressMode::Scan) return true;
    capture::QrPolicy policy;
    policy.receipt_hosts = receipt_hosts(config_.printer.query_url);
    auto payload = capture::classify_qr(scanned->payload, capture::QrExpect::Receipt, policy);
    if (!payload || payload->kind != capture::QrKind::ReceiptNumber) {
      q.scan_rejected = true;
      return true;
    }
    stop_qr_scan();
    lookup_receipt(payload->value);
  } else if (const auto* pick = std::get_if<intent::ProgressPick>(&intent)) {
    if (q.mode != ProgressMode::CardList || pick->index >= q.list.size()) return true;
    q.from_list = true;
    lookup_receipt(q.list[pick->index].local_receipt_no);
  } else {
    return false;  // language, elderly mode, keep-alive: the usual handling
  }
  return true;
}

void AppCore::progress_back(SteadyTime) {
  auto& q = session_.data().progress;
  stop_qr_scan();
  switch (q.mode) {
    case ProgressMode::Choose: session_.end(); return;
    case ProgressMode::Result:
    case ProgressMode::NotFound:
    case ProgressMode::Busy:
      if (q.from_list) {
        q.mode = ProgressMode::CardList;
        q.result.reset();
        q.from_list = false;
        q.generation = 0;
        return;
      }
      [[fallthrough]];
    default: q = ProgressQuery{};  // generation 0: an answer still on its way is dropped
  }
}

void AppCore::ensure_progress_lookup() {
  if (progress_lookup_) return;
  store::PlatformEndpoint endpoint = sync_config(config_).platform;
  // A citizen waits in front of the screen: the platform gets a few seconds, then the local record shows.
  endpoint.request_timeout = std::chrono::seconds(config_.progress.timeout_s);
  endpoint.connect_timeout = std::min(endpoint.connect_timeout, std::chrono::milliseconds(endpoint.request_timeout));
  progress_lookup_ = std::make_unique<ProgressLookup>(store_options(config_), std::move(endpoint));
}

void AppCore::lookup_receipt(const std::string& receipt_no) {
  auto& q = session_.data().progress;
  q.asked = receipt_no;
  q.mode = ProgressMode::Busy;
  q.result.reset();
  q.generation = ++hall_generation_;
  query_worker_.post([this, receipt_no, gen = q.generation] {
    ensure_progress_lookup();
    ProgressOutcome out = progress_lookup_->by_receipt(receipt_no);
    log::info("progress", std::string(out.record ? "found" : "not found") + ", answered by " + source_name(out.source));
    complete([out = std::move(out), gen](AppCore& core) {
      auto& pq = core.session_.data().progress;
      if (core.screen() != ScreenId::Progress || pq.generation != gen) return;
      pq.source = out.source;
      pq.result = out.record;
      pq.mode = out.record ? ProgressMode::Result : ProgressMode::NotFound;
    });
  });
}

void AppCore::lookup_card(Identity identity) {
  auto& q = session_.data().progress;
  stop_qr_scan();
  q = ProgressQuery{};
  q.masked_id = mask_id_number(identity.id_number.view());
  q.mode = ProgressMode::Busy;
  q.generation = ++hall_generation_;
  SecretString id_number = std::move(identity.id_number);
  query_worker_.post([this, id_number = std::move(id_number), gen = q.generation]() mutable {
    ensure_progress_lookup();
    auto list = progress_lookup_->by_id_number(id_number.view());
    log::info("progress", "card query: " + std::to_string(list.size()) + " submissions on this kiosk");
    complete([list = std::move(list), gen](AppCore& core) {
      auto& pq = core.session_.data().progress;
      if (core.screen() != ScreenId::Progress || pq.generation != gen) return;
      pq.list = list;
      pq.mode = ProgressMode::CardList;
    });
  });
}

void AppCore::start_qr_scan() {
  stop_qr_scan();
  auto& q = session_.data().progress;
  if (config_.document_camera.source.empty()) {
    q.camera_failed = true;
    return;
  }
  if (auto opened = open_qr_reader(config_.document_camera.source); !opened) {
    log::warn("progress", "camera for the receipt QR: " + opened.error().message);
    q.camera_failed = true;
  }
}

drivers::DeviceResult<void> AppCore::open_qr_reader(const std::string& source) {
  drivers::camera::CameraConfig cc;
  cc.source = source;
  cc.width = config_.document_camera.width;
  cc.height = config_.document_camera.height;
  cc.fps = config_.document_camera.fps;
  cc.frame_repeat = config_.document_camera.frame_repeat;
  auto camera = drivers::camera::Camera::open(cc);
  if (!camera) return tl::unexpected(camera.error());
  qr_camera_ = std::move(*camera);
  // From the reader's thread: the payloads are taken on the UI thread (take_qr_payloads → QrScanned).
  qr_reader_ = std::make_unique<capture::QrReader>(*qr_camera_, capture::QrReaderOptions{}, [this] {
    complete([](AppCore& core) { core.take_qr_payloads(); });
  });
  return {};
}

void AppCore::take_qr_payloads() {
  if (!qr_reader_) return;
  for (auto& payload : qr_reader_->take_payloads()) {
    if (qr_reader_) dispatch(intent::QrScanned{payload, QrSource::Camera}, std::chrono::steady_clock::now());
    wipe(payload);
  }
}

void AppCore::stop_qr_scan() {
  qr_reader_.reset();
  qr_camera_.reset();
}

ProgressView AppCore::progress_view() const {
  const auto& q = session_.data().progress;
  ProgressView v;
  v.mode = q.mode;
  v.typed = q.typed;
  v.typed_invalid = q.typed_invalid;
  v.scan_rejected = q.scan_rejected;
  v.camera_failed = q.camera_failed;
  v.asked = q.asked;
  v.masked_id = q.masked_id;
  v.source = q.source;
  auto matter_name = [this](const std::string& code) {
    const catalog::Matter* m = code.empty() ? nullptr : catalog_.find(code);
    return m ? m->name : code;
  };
  for (const auto& r : q.list) v.list.push_back({r.receipt_no, matter_name(r.matter_code), r.created, progress_step_text(r.status)});
  v.result = q.result;
  if (q.result) v.result_matter = matter_name(q.result->matter_code);
  if (qr_reader_) {
    v.preview = qr_reader_->preview();
    if (!qr_reader_->camera_online()) v.camera_failed = true;
  }
  return v;
}

}  // namespace ow
