#pragma once
// A test's own empty folder under the temporary directory (its name carries the test's pid, so
// parallel runs do not meet), removed with everything in it when the test ends.
#include <unistd.h>

#include <filesystem>
#include <string>
#include <system_error>

struct TempDir {
  std::filesystem::path path;
  explicit TempDir(const std::string& name)
      : path(std::filesystem::temp_directory_path() / ("ow-" + name + "-" + std::to_string(::getpid()))) {
    std::filesystem::remove_all(path);
    std::filesystem::create_directories(path);
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  operator const std::filesystem::path&() const { return path; }
};
