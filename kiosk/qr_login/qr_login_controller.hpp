#pragma once
// 扫码登录: the electronic ID / social security QR code as a way to start a session. The code comes
// from the camera, a serial scanner or a keyboard-wedge scanner; it is checked for shape, sent to
// the platform as an opaque credential on the identity worker, and wiped. Without the network the
// citizen is told so and offered the ID card.
#include <cstdint>
#include <memory>

#include "kiosk/app/context.hpp"
#include "kiosk/app/events.hpp"
#include "kiosk/capture/qr_camera.hpp"
#include "kiosk/qr_login/intents.hpp"
#include "kiosk/session/session.hpp"

namespace ow {

class SessionController;

struct QrLoginView {
  std::shared_ptr<const drivers::camera::Frame> preview;
  bool camera_ok = false;
  bool scanner = false;  // a serial or keyboard-wedge scanner may be used too
  QrLoginState state = QrLoginState::Waiting;
};

class QrLoginController {
 public:
  QrLoginController(AppContext& ctx, SessionController& session);

  void handle(const intent::StartQrLogin&, SteadyTime now);
  void handle(const intent::UseIdCard&, SteadyTime now);
  void handle(event::QrScanned&& e, SteadyTime now);

  // The login camera streams only on the QR login screen.
  void on_screen(ScreenId screen);
  bool previewing() const { return qr_.scanning(); }
  QrLoginView qr_login_view() const;

 private:
  void take_payloads();

  AppContext& ctx_;
  SessionController& session_;
  capture::QrCamera qr_;
  std::uint64_t requests_ = 0;
};

}  // namespace ow
