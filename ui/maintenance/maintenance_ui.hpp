#pragma once
// Maintenance mode on the screen: the hidden entry gesture (a long press of at least 3 s in the
// top-left corner of the attract screen), the PIN keypad, and the maintenance pages drawn instead
// of the citizen screens while a technician works. All state and actions live in
// kiosk/maintenance/maintenance.hpp; this only draws and forwards taps.
#include <optional>

#include "kiosk/maintenance/attach.hpp"
#include "ui/screens/screen.hpp"
#include "ui/widgets/camera_view.hpp"

namespace ow::ui {

class MaintenanceUi {
 public:
  // Attaches maintenance mode to the core; null (and logged) when it cannot start, the kiosk then
  // runs without it. `wake` redraws the UI.
  static std::unique_ptr<MaintenanceUi> start(AppCore& core, std::function<void()> wake);

  // Call every frame with ImGui's input before anything is drawn. True when the gesture just
  // opened the PIN keypad.
  bool watch_gesture(const ImGuiIO& io, SteadyTime now);
  bool showing() const { return m().showing(); }
  // Full-screen: the keypad or the current page.
  void draw(UiContext& ctx);
  // Worker results and the idle timeout; a session a card started under the maintenance screens is
  // ended. True when the screen must be redrawn.
  bool update(SteadyTime now);
  SteadyTime next_wake(SteadyTime now) const;

  static constexpr float kCornerSize = 160;  // px at 1080p
  static constexpr std::chrono::milliseconds kHold{3000};

 private:
  MaintenanceUi(AppCore& core, std::unique_ptr<maintenance::Attached> attached) : core_(core), attached_(std::move(attached)) {}
  maintenance::Maintenance& m() const { return attached_->get(); }
  AppCore& core_;
  std::unique_ptr<maintenance::Attached> attached_;
  std::optional<SteadyTime> press_started_;
  bool fired_ = false;  // this press already opened the keypad
  // Textures of the device page; dropped as soon as their picture is gone (a scan may show a document).
  CameraView preview_view_, scan_view_;
};

}  // namespace ow::ui
