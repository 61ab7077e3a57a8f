#include "kiosk/voice/voice.hpp"

#include <espeak-ng/espeak_ng.h>
#include <espeak-ng/speak_lib.h>

#include <mutex>

namespace ow {

namespace {
// espeak-ng keeps global state: one initialisation per process, one synthesis at a time.
std::mutex g_espeak_mutex;
bool g_espeak_ready = false;

int collect(short* wav, int count, espeak_EVENT* events) {
  auto* out = static_cast<std::vector<std::int16_t>*>(events ? events->user_data : nullptr);
  if (out && wav && count > 0) out->insert(out->end(), wav, wav + count);
  return 0;
}
}  // namespace

Result<std::unique_ptr<Voice>> Voice::create(const std::string& voice_name) {
  std::lock_guard lock(g_espeak_mutex);
  if (!g_espeak_ready) {
    espeak_ng_InitializePath(nullptr);
    if (espeak_ng_Initialize(nullptr) != ENS_OK) return fail("espeak-ng data not found (install espeak-ng-data)");
    if (espeak_ng_InitializeOutput(ENOUTPUT_MODE_SYNCHRONOUS, 0, nullptr) != ENS_OK)
      return fail("espeak-ng cannot set up synchronous output");
    espeak_SetSynthCallback(collect);
    g_espeak_ready = true;
  }
  if (espeak_ng_SetVoiceByName(voice_name.c_str()) != ENS_OK) return fail("espeak-ng has no voice \"" + voice_name + "\"");
  // A slower rate for older listeners (espeak's default is 175 words per minute).
  espeak_SetParameter(espeakRATE, 140, 0);
  return std::unique_ptr<Voice>(new Voice());
}

Voice::~Voice() = default;

void Voice::speak(std::string text, std::function<void(VoiceClip)> done) {
  const std::uint64_t mine = ++generation_;
  worker_.post([this, mine, text = std::move(text), done = std::move(done)] {
    if (generation_.load() != mine) return;
    VoiceClip clip;
    {
      std::lock_guard lock(g_espeak_mutex);
      clip.sample_rate = espeak_ng_GetSampleRate();
      espeak_Synth(text.c_str(), text.size() + 1, 0, POS_CHARACTER, 0, espeakCHARS_UTF8, nullptr, &clip.samples);
    }
    if (generation_.load() == mine) done(std::move(clip));
  });
}

}  // namespace ow
