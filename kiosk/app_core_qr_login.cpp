// AppCore, 扫码登录: the electronic ID / social security QR code as a way to start a session. The
// code comes from the camera (QrReader), a serial scanner or a keyboard-wedge scanner; it is
// checked for shape, sent to the platform as an opaque credential on the identity worker, and
// wiped. Without the network the citizen is told so and offered the ID card.
#include "kiosk/app_core.hpp"
#include "kiosk/identity/qr_login.hpp"
#include "kiosk/log.hpp"
#include "kiosk/sync_setup.hpp"
#include "kiosk/text_util.hpp"

namespace ow {

void AppCore::start_barcode_scanner() {
  if (!config_.barcode.enabled()) return;
  drivers::barcode::SerialScannerConfig sc;
  sc.port = config_.barcode.port;
  sc.baud = config_.barcode.baud;
  sc.lines.suffix = drivers::barcode::parse_line_suffix(config_.barcode.suffix).value_or(drivers::barcode::LineSuffix::Auto);
  sc.lines.max_bytes = static_cast<std::size_t>(config_.barcode.max_bytes);
  sc.lines.partial_timeout = std::chrono::milliseconds(config_.barcode.partial_timeout_ms);
  // Runs on the scanner's worker: hand scans to the UI thread, log only what is not personal.
  barcode_ = std::make_unique<drivers::barcode::SerialScanner>(sc, [this](drivers::barcode::ScannerEvent e) {
    if (auto* scan = std::get_if<drivers::barcode::ScanEvent>(&e)) {
      complete([text = std::move(scan->text)](AppCore& core) mutable {
        core.dispatch(intent::QrScanned{text, QrSource::SerialScanner}, std::chrono::steady_clock::now());
        wipe(text);
      });
    } else if (const auto* rejected = std::get_if<drivers::barcode::ScanRejectedEvent>(&e)) {
      log::warn("barcode", rejected->error.message());
    } else if (const auto* status = std::get_if<drivers::barcode::ScannerStatusEvent>(&e)) {
      log::info("barcode", "scanner " + std::string(drivers::to_string(status->state)) + ": " + status->message);
    }
  });
  barcode_->start();
}

void AppCore::start_qr_camera() {
  if (qr_reader_) return;
  const std::string& source = config_.qr_login.camera.empty() ? config_.document_camera.source : config_.qr_login.camera;
  if (source.empty()) return;
  if (auto opened = open_qr_reader(source); !opened) log::warn("qr_login", "camera: " + opened.error().message);
}

void AppCore::dispatch_qr_login(const Intent& intent, SteadyTime now) {
  if (std::holds_alternative<intent::StartQrLogin>(intent)) {
    if (screen() != ScreenId::Attract || !config_.qr_login.enabled || refuse_if_disk_full(now)) return;
    session_.data().qr_login = QrLoginState::Waiting;
    // Offline now: say so at once instead of letting the citizen fetch the phone first.
    session_.go(config_.platform.url.empty() || !sync_status().online ? ScreenId::QrOffline : ScreenId::QrLogin, now);
  } else if (const auto* scanned = std::get_if<intent::QrScanned>(&intent)) {
    on_qr_scanned(scanned->payload, scanned->source, now);
  } else if (std::holds_alternative<intent::UseIdCard>(intent)) {
    if (screen() == ScreenId::QrLogin || screen() == ScreenId::QrOffline) {
      session_.end();  // the attract screen asks for the card
    }
  }
}

void AppCore::on_qr_scanned(const std::string& text, QrSource source, SteadyTime now) {
  // A scan on the attract screen starts the QR login directly; elsewhere only its own screen uses it.
  const bool attract = screen() == ScreenId::Attract && config_.qr_login.enabled;
  if (!attract && screen() != ScreenId::QrLogin) return;
  auto& d = session_.data();
  if (screen() == ScreenId::QrLogin && d.qr_login == QrLoginState::Verifying) return;  // one at a time
  if (attract && refuse_if_disk_full(now)) return;
  auto credential = validate_qr_credential(text, source);
  if (!credential) {
    log::info("qr_login", "code from " + std::string(to_string(source)) + " refused: " + std::string(to_string(credential.error())));
    d.qr_login = QrLoginState::Invalid;
    session_.go(ScreenId::QrLogin, now);
    return;
  }
  if (config_.platform.url.empty() || !sync_status().online) {
    credential->wipe();
    session_.go(ScreenId::QrOffline, now);
    return;
  }
  d.qr_login = QrLoginState::Verifying;
  d.qr_request = ++qr_requests_;
  session_.go(ScreenId::QrLogin, now);
  auto endpoint = sync_config(config_).platform;
  endpoint.request_timeout = std::chrono::seconds(config_.qr_login.timeout_s);
  endpoint.connect_timeout = std::min(endpoint.connect_timeout, endpoint.request_timeout);
  identity_worker_.post([this, endpoint, kiosk = config_.kiosk_id, credential = std::move(*credential),
                         request = d.qr_request]() mutable {
    auto result = resolve_qr_credential(endpoint, kiosk, credential);
    credential.wipe();
    complete([result = std::move(result), request](AppCore& core) mutable {
      auto& data = core.session_.data();
      const auto when = std::chrono::steady_clock::now();
      // The citizen left (cancel, timeout, the ID card) while the platform answered: drop it.
      if (core.screen() != ScreenId::QrLogin || data.qr_request != request) {
        return;  // a late answer wipes itself
      }
      if (result) {
        core.start_with_card(std::move(*result), when);
        return;
      }
      switch (result.error()) {
        case QrLoginFailure::Rejected: data.qr_login = QrLoginState::Expired; break;
        case QrLoginFailure::NotCredential: data.qr_login = QrLoginState::Invalid; break;
        case QrLoginFailure::Offline: core.session_.go(ScreenId::QrOffline, when); break;
      }
    });
  });
}

QrLoginView AppCore::qr_login_view() const {
  QrLoginView v;
  v.state = session_.data().qr_login;
  v.scanner = barcode_ != nullptr || config_.barcode.wedge;
  if (qr_reader_) {
    v.preview = qr_reader_->preview();
    v.camera_ok = qr_reader_->camera_online();
  }
  return v;
}

}  // namespace ow
