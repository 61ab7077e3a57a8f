// Elderly mode: slower timeouts, spoken prompts (espeak-ng), and it ends with the session.
#include <doctest/doctest.h>
#include <unistd.h>

#include <filesystem>
#include <future>
#include <thread>

#include "kiosk/composition.hpp"
#include "kiosk/voice/voice.hpp"

namespace fs = std::filesystem;
using namespace ow;
using namespace std::chrono_literals;

TEST_CASE("espeak-ng's Mandarin voice speaks a prompt as 16-bit samples") {
  auto voice = Voice::create("cmn");
  REQUIRE_MESSAGE(voice, voice.error().message);
  std::promise<VoiceClip> got;
  (*voice)->speak("请刷身份证", [&](VoiceClip c) { got.set_value(std::move(c)); });
  auto f = got.get_future();
  REQUIRE(f.wait_for(10s) == std::future_status::ready);
  const VoiceClip clip = f.get();
  CHECK(clip.sample_rate > 8000);
  // Five syllables at a slow rate last well over half a second.
  CHECK(clip.samples.size() > static_cast<std::size_t>(clip.sample_rate / 2));
}

TEST_CASE("an unknown voice is an error, not a crash") {
  CHECK_FALSE(Voice::create("no-such-voice-xx"));
}

TEST_CASE("elderly mode doubles the idle time, speaks each screen, and ends with the session") {
  const fs::path dir = fs::temp_directory_path() / ("ow-elderly-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  Config c = default_config();
  c.data_dir = dir;
  auto created = compose(c);
  REQUIRE(created);
  AppCore& core = **created;
  SteadyTime t{};
  core.dispatch(intent::ToggleElderly{}, t);
  CHECK(core.elderly());
  core.dispatch(intent::Start{}, t);
  core.update(t);
  // The prompt for the consent screen arrives from the voice thread.
  std::optional<VoiceClip> clip;
  for (int i = 0; i < 200 && !clip; ++i) {
    std::this_thread::sleep_for(50ms);
    core.update(t);
    clip = core.entry().take_audio();
  }
  REQUIRE(clip);
  CHECK_FALSE(clip->samples.empty());
  // Standard: countdown from 80 s; elderly: from 160 s.
  CHECK_FALSE(core.idle_countdown(t + 100s));
  CHECK(core.idle_countdown(t + 165s));
  core.dispatch(intent::Cancel{}, t);
  core.update(t);
  CHECK_FALSE(core.elderly());
  created->reset();
  fs::remove_all(dir);
}
