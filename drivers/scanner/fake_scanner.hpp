#pragma once
// A SANE backend in memory, for tests: one scanner ("fake:scanner") with a mode (Color, Gray),
// a resolution (75…600 dpi) and a source (Flatbed, Automatic Document Feeder) as SANE options,
// the page on the glass and the pages in the feeder as the test puts them there, and a jam the
// test can arrange. Scanner::open(name, backend) runs the driver's own option, page and status
// code over it; the SANE `test` backend still covers libsane in drivers_scanner_test.
#include <atomic>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "drivers/scanner/sane_api.hpp"
#include "drivers/scanner/scanner.hpp"

namespace ow::drivers::scanner {

class FakeSaneBackend final : public SaneApi, public std::enable_shared_from_this<FakeSaneBackend> {
 public:
  explicit FakeSaneBackend(std::string name = "fake:scanner");

  // The test's side (any thread). Pages as the driver returns them: gray, or BGR.
  void put_on_glass(ScannedPage page);
  void load_feeder(std::vector<ScannedPage> pages);
  // The feeder jams when it would take page `n` + 1 (0: at once); -1: never.
  void jam_after(int n);
  // What the driver set last.
  std::string mode() const;
  int resolution() const;
  std::string source() const;
  std::size_t feeder_left() const;

  // SaneApi, for the driver.
  SANE_Status acquire() override;
  void release() override;
  SANE_Status get_devices(const SANE_Device*** list, bool local_only) override;
  SANE_Status open(const std::string& name, SANE_Handle* handle) override;
  void close(SANE_Handle handle) override;
  const SANE_Option_Descriptor* get_option_descriptor(SANE_Handle handle, SANE_Int option) override;
  SANE_Status control_option(SANE_Handle handle, SANE_Int option, SANE_Action action, void* value, SANE_Int* info) override;
  SANE_Status get_parameters(SANE_Handle handle, SANE_Parameters* params) override;
  SANE_Status start(SANE_Handle handle) override;
  SANE_Status read(SANE_Handle handle, SANE_Byte* data, SANE_Int max_length, SANE_Int* length) override;
  void cancel(SANE_Handle handle) override;

 private:
  enum Option : SANE_Int { kCount, kMode, kResolution, kSource, kOptions };
  ScannedPage page_in_mode(const ScannedPage& page) const;  // converted to the mode set

  std::string name_;
  SANE_Device device_{};
  const SANE_Device* devices_[2] = {&device_, nullptr};
  SANE_Option_Descriptor options_[kOptions]{};
  SANE_Range resolution_range_{75, 600, 1};

  mutable std::mutex mu_;
  std::string mode_ = "Gray", source_ = "Flatbed";
  SANE_Int resolution_ = 150;
  std::optional<ScannedPage> glass_;
  std::deque<ScannedPage> feeder_;
  int jam_after_ = -1, fed_ = 0;
  bool started_ = false;
  ScannedPage current_;  // the page being read, in the mode set
  std::vector<std::uint8_t> data_;  // its bytes as SANE sends them (RGB), what is left to read
  std::size_t read_ = 0;
  std::atomic<bool> cancelled_{false};
};

}  // namespace ow::drivers::scanner
