#pragma once
// Tells a keyboard-wedge barcode / QR scanner from a person typing. A wedge scanner is a USB HID
// keyboard: its scan arrives as keystrokes, a burst far faster than anyone types, ending in Enter.
// The UI feeds every typed character and Enter with its event timestamp; the detector holds a
// burst while it could still be a scan and hands back either the scan or the keystrokes unchanged
// (ordinary typing passes through, only delayed by at most `max_gap`). Pure logic, no SDL.
#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "base/secret.hpp"

namespace ow {

struct WedgeOptions {
  // Scanners send a character every 1–20 ms; even fast typists leave more between keys.
  std::chrono::milliseconds max_gap{40};
  std::size_t min_length = 8;     // a shorter burst ending in Enter is typing
  std::size_t max_length = 2048;  // a longer burst is reported as too long, not passed through as typing
};

namespace wedge {
struct Typed {
  SecretString text;  // UTF-8 characters to pass to the UI as typed (may be personal)
};
struct Enter {};  // an Enter key press to pass to the UI
struct Scan {
  SecretString text;  // what the scanner sent, without the Enter; personal: do not log
};
struct ScanTooLong {
  std::size_t bytes = 0;
};
}  // namespace wedge
using WedgeEvent = std::variant<wedge::Typed, wedge::Enter, wedge::Scan, wedge::ScanTooLong>;

class WedgeDetector {
 public:
  using Millis = std::chrono::milliseconds;  // event timestamps, from any fixed epoch (SDL ticks)

  explicit WedgeDetector(WedgeOptions options = {}) : options_(options) {}
  ~WedgeDetector() { clear(); }
  WedgeDetector(const WedgeDetector&) = delete;
  WedgeDetector& operator=(const WedgeDetector&) = delete;

  // Text typed at `t` (one SDL_TEXTINPUT: usually one character).
  std::vector<WedgeEvent> text(std::string_view utf8, Millis t);
  // Enter pressed at `t`.
  std::vector<WedgeEvent> enter(Millis t);
  // Releases held characters as typing once no character followed within max_gap.
  std::vector<WedgeEvent> flush(Millis now);
  // When flush() must be called next; none while nothing is held.
  std::optional<Millis> deadline() const;
  // Drops (wipes) whatever is held, e.g. when the session ends.
  void clear();

 private:
  void release(std::vector<WedgeEvent>& out);

  WedgeOptions options_;
  SecretString held_;
  std::size_t held_bytes_ = 0;  // counted beyond max_length too
  Millis last_{0};
};

}  // namespace ow
