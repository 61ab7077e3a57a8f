#pragma once
// The window and its event loop. The loop sleeps in SDL_WaitEventTimeout and draws only on input,
// on worker events, or when a visible value (clock minute, countdown second) changes.
#include <SDL.h>

#include <filesystem>
#include <memory>
#include <optional>

#include "kiosk/wedge_detector.hpp"
#include "kiosk/app/app_core.hpp"
#include "kiosk/ime/handwriting_ime.hpp"
#include "kiosk/ime/pinyin_ime.hpp"
#include "ui/fonts.hpp"
#include "ui/maintenance/maintenance_ui.hpp"
#include "ui/power_control.hpp"
#include "ui/screens/screen.hpp"
#include "ui/script.hpp"
#include "ui/touch_policy.hpp"
#include "ui/watchdog.hpp"

namespace ow::ui {

struct UiOptions {
  bool headless = false;  // SDL offscreen video driver and software renderer
  std::optional<std::filesystem::path> script;
  std::filesystem::path screenshot_dir = "demo-out";
  std::filesystem::path audit_file;  // where the script's `audit` steps append; default <screenshot_dir>/audit.jsonl
  std::chrono::steady_clock::time_point process_start = std::chrono::steady_clock::now();
};

class KioskWindow {
 public:
  static Result<std::unique_ptr<KioskWindow>> create(AppCore& core, UiOptions options);
  ~KioskWindow();
  KioskWindow(const KioskWindow&) = delete;
  KioskWindow& operator=(const KioskWindow&) = delete;

  // Runs until quit, or until the script ends. Returns the process exit code.
  int run();

 private:
  KioskWindow(AppCore& core, UiOptions options) : core_(core), options_(std::move(options)) {}
  Result<void> init();
  void render_frame();
  bool handle_event(const SDL_Event& event);  // false on quit
  SteadyTime now() const;
  // The `audit NAME` script step: the layout audit of this frame, one JSON line appended to the audit file.
  Result<void> write_audit(const FrameRecord& rec, std::string_view screen, const std::string& name) const;
  void on_session_end();
  // Keyboard-wedge scanners: their keystrokes become a scan; a person's pass through to ImGui.
  bool wedge_event(const SDL_Event& event);
  void apply_wedge(std::vector<WedgeEvent> events);
  std::chrono::milliseconds wedge_wait() const;
  const SDL_Event& enter_event(Uint32 type);  // a synthetic Return key press or release

  AppCore& core_;
  UiOptions options_;
  SDL_Window* window_ = nullptr;
  SDL_Renderer* renderer_ = nullptr;
  Uint32 wake_event_ = 0;
  void play_audio();
  Result<void> load_fonts();
  void open_input_methods();

  FontSet fonts_, elderly_fonts_;
  theme::Metrics metrics_, elderly_metrics_;
  SDL_AudioDeviceID audio_device_ = 0;
  int audio_rate_ = 0;
  FrameRecord record_;
  std::optional<TouchPolicy> touch_;
  std::unique_ptr<PinyinIme> ime_;
  std::unique_ptr<HandwritingIme> hand_;
  bool input_methods_opened_ = false;
  void enter_fullscreen();
  bool fullscreen_pending_ = false;  // asked of the window manager once the first frame is shown
  std::chrono::steady_clock::time_point screen_changed_at_{};
  std::unique_ptr<Screen> screens_[kScreenCount];
  std::optional<ScriptRunner> script_;
  ScreenId last_screen_ = ScreenId::Attract;
  std::uint64_t frames_ = 0;
  int catalog_generation_ = 0;
  PowerControl power_{core_.config()};  // night dimming/blanking, maintenance reboot
  Watchdog watchdog_;                   // systemd READY=1 / WATCHDOG=1
  std::unique_ptr<MaintenanceUi> maintenance_;
  std::optional<WedgeDetector> wedge_;  // none when [barcode] wedge = false
  bool enter_release_pending_ = false;
  SDL_Event replayed_{};  // drawn instead of the citizen screens while showing
};

}  // namespace ow::ui
