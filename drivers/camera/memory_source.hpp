#pragma once
// Frames from memory: a camera configured with source "memory:<name>" takes its pictures from
// the MemoryFrames registered under that name (tests register one through FakeCamera,
// fake_camera.hpp). The capture thread, the pipelines and the preview run as with a real camera.
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "drivers/camera/frame.hpp"

namespace ow::drivers::camera {

inline constexpr const char* kMemorySourcePrefix = "memory:";

// What a memory camera shows: the test sets it, the capture thread copies it.
class MemoryFrames {
 public:
  void show(Frame frame);
  void set_present(bool present);
  bool present() const;
  // The picture now (nullopt: nothing shown yet, or unplugged); counts the reads.
  std::optional<Frame> take();
  std::size_t reads() const;

 private:
  mutable std::mutex mu_;
  std::optional<Frame> frame_;
  bool present_ = true;
  std::size_t reads_ = 0;
};

// Registers `frames` under `name` until the returned handle goes; a second registration of the
// same name replaces the first while it lives.
std::shared_ptr<void> register_memory_frames(const std::string& name, std::shared_ptr<MemoryFrames> frames);
// The frames of "memory:<name>"'s name; null when none is registered.
std::shared_ptr<MemoryFrames> find_memory_frames(const std::string& name);

}  // namespace ow::drivers::camera
