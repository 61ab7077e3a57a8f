#pragma once
// The SANE calls the scanner makes, behind an interface so that a test can stand in for a backend
// (fake_scanner.hpp) while the driver's own code — option lookup and setting, the page loop, the
// sample conversion, the status mapping — runs as it does on a kiosk. The real one is libsane
// (initialised while any handle or listing uses it). Internal to drivers/scanner and its fakes.
#include <memory>
#include <string>

#include <sane/sane.h>

namespace ow::drivers::scanner {

class SaneApi {
 public:
  virtual ~SaneApi() = default;
  // sane_init / sane_exit, counted: the first acquire initialises, the last release exits.
  virtual SANE_Status acquire() = 0;
  virtual void release() = 0;
  virtual SANE_Status get_devices(const SANE_Device*** list, bool local_only) = 0;
  virtual SANE_Status open(const std::string& name, SANE_Handle* handle) = 0;
  virtual void close(SANE_Handle handle) = 0;
  virtual const SANE_Option_Descriptor* get_option_descriptor(SANE_Handle handle, SANE_Int option) = 0;
  virtual SANE_Status control_option(SANE_Handle handle, SANE_Int option, SANE_Action action, void* value, SANE_Int* info) = 0;
  virtual SANE_Status get_parameters(SANE_Handle handle, SANE_Parameters* params) = 0;
  virtual SANE_Status start(SANE_Handle handle) = 0;
  virtual SANE_Status read(SANE_Handle handle, SANE_Byte* data, SANE_Int max_length, SANE_Int* length) = 0;
  // May be called from any thread while a scan runs.
  virtual void cancel(SANE_Handle handle) = 0;
};

// libsane.
std::shared_ptr<SaneApi> system_sane();

}  // namespace ow::drivers::scanner
