#include "kiosk/qr_login/qr_login_controller.hpp"

#include "kiosk/identity/qr_login.hpp"
#include "kiosk/log.hpp"
#include "kiosk/session/session_controller.hpp"
#include "kiosk/sync_setup.hpp"

namespace ow {

QrLoginController::QrLoginController(AppContext& ctx, SessionController& session) : ctx_(ctx), session_(session) {}

void QrLoginController::handle(const intent::StartQrLogin&, SteadyTime now) {
  if (!ctx_.on(ScreenId::Attract) || !ctx_.config().qr_login.enabled || ctx_.refuse_if_out_of_service(now)) return;
  ctx_.data().qr_login = QrLoginState::Waiting;
  // Offline now: say so at once instead of letting the citizen fetch the phone first.
  ctx_.go(ctx_.config().platform.url.empty() || !ctx_.sync_status().online ? ScreenId::QrOffline : ScreenId::QrLogin, now);
}

void QrLoginController::handle(const intent::UseIdCard&, SteadyTime) {
  if (ctx_.on(ScreenId::QrLogin) || ctx_.on(ScreenId::QrOffline)) ctx_.session().end();  // the attract screen asks for the card
}

void QrLoginController::handle(event::QrScanned&& e, SteadyTime now) {
  const Config& config = ctx_.config();
  // A scan on the attract screen starts the QR login directly; elsewhere only its own screen uses it.
  const bool attract = ctx_.on(ScreenId::Attract) && config.qr_login.enabled;
  if (!attract && !ctx_.on(ScreenId::QrLogin)) return;
  auto& d = ctx_.data();
  if (ctx_.on(ScreenId::QrLogin) && d.qr_login == QrLoginState::Verifying) return;  // one at a time
  if (attract && ctx_.refuse_if_out_of_service(now)) return;
  auto credential = validate_qr_credential(e.payload.view(), e.source);
  if (!credential) {
    log::info("qr_login", "code from " + std::string(to_string(e.source)) + " refused: " + std::string(to_string(credential.error())));
    d.qr_login = QrLoginState::Invalid;
    ctx_.go(ScreenId::QrLogin, now);
    return;
  }
  if (config.platform.url.empty() || !ctx_.sync_status().online) {
    ctx_.go(ScreenId::QrOffline, now);
    return;
  }
  d.qr_login = QrLoginState::Verifying;
  d.qr_request = ++requests_;
  ctx_.go(ScreenId::QrLogin, now);
  auto endpoint = sync_config(config).platform;
  endpoint.request_timeout = std::chrono::seconds(config.qr_login.timeout_s);
  endpoint.connect_timeout = std::min(endpoint.connect_timeout, endpoint.request_timeout);
  ctx_.identity_worker().post([this, endpoint, kiosk = config.kiosk_id, credential = std::move(*credential),
                               request = d.qr_request]() mutable {
    auto result = resolve_qr_credential(endpoint, kiosk, credential);
    ctx_.post([this, result = std::move(result), request]() mutable {
      auto& data = ctx_.data();
      const auto when = std::chrono::steady_clock::now();
      // The citizen left (cancel, timeout, the ID card) while the platform answered: drop it.
      if (!ctx_.on(ScreenId::QrLogin) || data.qr_request != request) return;
      if (result) {
        session_.start_with_identity(std::move(*result), when);
        return;
      }
      switch (result.error()) {
        case QrLoginFailure::Rejected: data.qr_login = QrLoginState::Expired; break;
        case QrLoginFailure::NotCredential: data.qr_login = QrLoginState::Invalid; break;
        case QrLoginFailure::Offline: ctx_.go(ScreenId::QrOffline, when); break;
      }
    });
  });
}

void QrLoginController::on_screen(ScreenId screen) {
  if (screen != ScreenId::QrLogin) {
    qr_.close();
    return;
  }
  if (qr_.scanning()) return;
  const Config& c = ctx_.config();
  const std::string& source = c.qr_login.camera.empty() ? c.document_camera.source : c.qr_login.camera;
  if (source.empty()) return;
  // From the reader's thread: the payloads are taken on the UI thread.
  if (auto opened = qr_.open(source, c.document_camera, [this] { ctx_.post([this] { take_payloads(); }); }); !opened)
    log::warn("qr_login", "camera: " + opened.error().message);
}

void QrLoginController::take_payloads() {
  const auto now = std::chrono::steady_clock::now();
  for (auto& payload : qr_.take_payloads()) {
    ctx_.session().activity(now);  // a code held up to the camera: the citizen is there
    event::QrScanned scanned{std::move(payload), QrSource::Camera};  // zeroes the reader's string
    if (qr_.scanning()) handle(std::move(scanned), now);
  }
}

QrLoginView QrLoginController::qr_login_view() const {
  QrLoginView v;
  v.state = ctx_.data().qr_login;
  v.scanner = ctx_.devices().barcode != nullptr || ctx_.config().barcode.wedge;
  if (qr_.scanning()) {
    v.preview = qr_.preview();
    v.camera_ok = qr_.camera_online();
  }
  return v;
}

}  // namespace ow
