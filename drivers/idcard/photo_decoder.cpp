#include "drivers/idcard/photo_decoder.hpp"

#include <dlfcn.h>

#include <algorithm>
#include <mutex>

namespace ow::drivers::idcard {

namespace {
// Vendor decoders keep static state and are not known to be reentrant.
std::mutex& decode_mutex() {
  static std::mutex m;
  return m;
}
}  // namespace

PhotoDecoder::PhotoDecoder(std::filesystem::path library, std::string symbol) {
  if (library.empty()) {
    problem_ = "photo not decodable: no WLT decoder library configured";
    return;
  }
  lib_ = dlopen(library.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (!lib_) {
    const char* why = dlerror();
    problem_ = std::string("photo not decodable: cannot load decoder library: ") + (why ? why : "unknown");
    return;
  }
  void* sym = dlsym(lib_, symbol.c_str());
  if (!sym) {
    problem_ = "photo not decodable: decoder library has no symbol " + symbol;
    dlclose(lib_);
    lib_ = nullptr;
    return;
  }
  fn_ = reinterpret_cast<UnpackFn>(sym);
}

PhotoDecoder::~PhotoDecoder() {
  if (lib_) dlclose(lib_);
}

DeviceResult<DecodedPhoto> PhotoDecoder::decode(std::span<const std::uint8_t> wlt) const {
  if (!fn_) return device_error(DeviceErrorCode::Unsupported, problem_);
  if (wlt.size() != 1024)
    return device_error(DeviceErrorCode::BadFrame, "photo not decodable: WLT data is not 1024 bytes");
  std::vector<char> in(wlt.begin(), wlt.end());
  // Some vendor builds write a BMP header as well; leave room so they cannot overrun.
  std::vector<char> out(kPhotoBgrSize + 1024, 0);
  int rc = 0;
  {
    std::lock_guard lock(decode_mutex());
    rc = fn_(in.data(), out.data(), 0);
  }
  if (rc != 1)
    return device_error(DeviceErrorCode::DeviceStatus, "photo not decodable: decoder returned " + std::to_string(rc));
  DecodedPhoto p;
  p.bgr.resize(kPhotoBgrSize);
  std::transform(out.begin(), out.begin() + static_cast<std::ptrdiff_t>(kPhotoBgrSize), p.bgr.begin(),
                 [](char c) { return static_cast<std::uint8_t>(c); });
  return p;
}

}  // namespace ow::drivers::idcard
