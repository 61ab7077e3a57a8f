#pragma once
// A camera for tests whose frames come from memory: while it lives, a camera configured with
// source() ("memory:<name>") shows what the test put in front of it. Camera::open, the capture
// pipelines, the face step and the technician's preview run unchanged over it.
#include <cstdint>
#include <memory>
#include <string>

#include "drivers/camera/frame.hpp"
#include "drivers/camera/memory_source.hpp"

namespace ow::drivers::camera {

class FakeCamera {
 public:
  explicit FakeCamera(std::string name = "fake")
      : name_(std::move(name)), frames_(std::make_shared<MemoryFrames>()), registration_(register_memory_frames(name_, frames_)) {}
  FakeCamera(const FakeCamera&) = delete;
  FakeCamera& operator=(const FakeCamera&) = delete;

  // What a config's camera source names to use this camera.
  std::string source() const { return kMemorySourcePrefix + name_; }
  // The picture in front of the camera from now on (BGR or gray, rows packed).
  void show(Frame frame) { frames_->show(std::move(frame)); }
  // A plain picture of one colour (BGR), for tests that need frames, not content.
  void show_solid(int width, int height, std::uint8_t b, std::uint8_t g, std::uint8_t r) {
    Frame f;
    f.width = width;
    f.height = height;
    f.channels = 3;
    f.pixels.resize(static_cast<std::size_t>(width) * static_cast<std::size_t>(height) * 3);
    for (std::size_t i = 0; i < f.pixels.size(); i += 3) {
      f.pixels[i] = b;
      f.pixels[i + 1] = g;
      f.pixels[i + 2] = r;
    }
    show(std::move(f));
  }
  // Unplugged: opening fails NoDevice and an open camera stops delivering frames.
  void set_present(bool present) { frames_->set_present(present); }
  std::size_t reads() const { return frames_->reads(); }

 private:
  std::string name_;
  std::shared_ptr<MemoryFrames> frames_;
  std::shared_ptr<void> registration_;
};

}  // namespace ow::drivers::camera
