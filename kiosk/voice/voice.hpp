#pragma once
// Voice prompts: espeak-ng's Mandarin voice reads each screen's instruction in elderly mode.
// Synthesis runs on the voice's own thread; the UI only queues the finished samples for playback.
#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "kiosk/result.hpp"
#include "kiosk/worker.hpp"

namespace ow {

struct VoiceClip {
  std::vector<std::int16_t> samples;  // mono, signed 16-bit
  int sample_rate = 0;
};

class Voice {
 public:
  // Loads espeak-ng with `voice_name` ("cmn" Mandarin, "en" English). An error when espeak-ng's
  // data is missing: the kiosk then runs without voice and says so in the log.
  static Result<std::unique_ptr<Voice>> create(const std::string& voice_name);
  ~Voice();
  Voice(const Voice&) = delete;
  Voice& operator=(const Voice&) = delete;

  // Synthesizes `text`; `done` runs on the voice thread with the clip. A newer request makes an
  // older one that has not started yet be dropped, so prompts never queue up behind each other.
  void speak(std::string text, std::function<void(VoiceClip)> done);

 private:
  Voice() = default;
  std::atomic<std::uint64_t> generation_{0};
  Worker worker_;
};

}  // namespace ow
