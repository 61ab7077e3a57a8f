#pragma once
// File-backed cameras for the capture tests: a folder of pictures of the test's own, the camera
// showing them or one picture file, and waiting for what the capture thread reports.
#include <doctest/doctest.h>

#include <chrono>
#include <filesystem>
#include <memory>
#include <string>
#include <thread>

#include "drivers/camera/camera.hpp"
#include "tests/temp_dir.hpp"

namespace ow::capture::test {

// The pictures of `dir` in name order at 20 fps, each for `frame_repeat` frames, round and round.
inline drivers::camera::CameraConfig folder_camera(const std::filesystem::path& dir, int frame_repeat) {
  drivers::camera::CameraConfig cfg;
  cfg.source = "folder:" + dir.string();
  cfg.fps = 20;
  cfg.frame_repeat = frame_repeat;
  return cfg;
}

// One picture (or video) file at 20 fps.
inline drivers::camera::CameraConfig file_camera(const std::filesystem::path& file) {
  drivers::camera::CameraConfig cfg;
  cfg.source = "file:" + file.string();
  cfg.fps = 20;
  return cfg;
}

inline std::unique_ptr<drivers::camera::Camera> open_camera(const drivers::camera::CameraConfig& cfg) {
  auto cam = drivers::camera::Camera::open(cfg);
  REQUIRE_MESSAGE(cam, cam.error().message);
  return std::move(*cam);
}

// Polls `pred` every 10 ms until it holds or `timeout` has passed; whether it held.
template <class Pred>
bool wait_for(Pred pred, std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    if (pred()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return pred();
}

}  // namespace ow::capture::test
