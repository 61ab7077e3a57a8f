// The camera driver over frames from memory (FakeCamera, "memory:<name>"): the same capture
// thread, preview scaling and stills as a device; unplugging is noticed and recovered from.
// Waits poll the driver's latest frame with a deadline; no fixed sleeps decide anything.
#include <doctest/doctest.h>

#include <chrono>
#include <thread>

#include "drivers/camera/camera.hpp"
#include "drivers/camera/fake_camera.hpp"

using namespace ow::drivers;
using namespace ow::drivers::camera;
using namespace std::chrono_literals;

namespace {
// The first frame after `after` (sequence), within `timeout`.
std::shared_ptr<const Frame> next_frame(Camera& cam, std::uint64_t after, std::chrono::milliseconds timeout = 5s) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    auto f = cam.latest();
    if (f && f->sequence > after) return f;
    std::this_thread::yield();
  }
  return nullptr;
}
}  // namespace

TEST_CASE("a memory camera delivers the frames a test shows it, scaled like a device's") {
  FakeCamera fake("camera-memory-test");
  fake.show_solid(640, 480, 10, 20, 200);
  CameraConfig cfg;
  cfg.source = fake.source();
  cfg.width = 320;
  cfg.height = 240;
  cfg.fps = 100;
  REQUIRE(Camera::probe(cfg));
  auto cam = Camera::open(cfg);
  REQUIRE_MESSAGE(cam, cam.error().message);
  auto f = next_frame(**cam, 0);
  REQUIRE(f);
  CHECK(f->width == 320);
  CHECK(f->height == 240);
  CHECK(f->pixels[2] == 200);  // BGR: red last
  CHECK(f->has_rgba());
  CHECK(f->rgba[0] == 200);    // RGBA: red first

  auto still = (*cam)->still();
  REQUIRE(still);
  CHECK(still->width == 640);  // stills at the source's size

  fake.show_solid(640, 480, 0, 255, 0);
  auto seen_green = [&] {
    for (std::uint64_t after = f->sequence;;) {
      auto g = next_frame(**cam, after);
      if (!g) return false;
      if (g->pixels[1] == 255) return true;
      after = g->sequence;
    }
  };
  CHECK(seen_green());

  // Unplugged: the driver notices that frames stopped.
  fake.set_present(false);
  const auto deadline = std::chrono::steady_clock::now() + 5s;
  while ((*cam)->state() != DeviceState::Offline && std::chrono::steady_clock::now() < deadline) std::this_thread::yield();
  CHECK((*cam)->state() == DeviceState::Offline);
  CHECK_FALSE(Camera::probe(cfg));
}

TEST_CASE("a memory source nobody registered is not there") {
  CameraConfig cfg;
  cfg.source = "memory:nobody";
  auto cam = Camera::open(cfg);
  REQUIRE_FALSE(cam);
  CHECK(cam.error().code == DeviceErrorCode::NoDevice);
  {
    FakeCamera fake("nobody");
    CHECK(Camera::probe(cfg));
  }
  CHECK_FALSE(Camera::probe(cfg));
}
