#pragma once
// 实人核验 on the emulated platform: POST /v1/identity/verify compares a live photo with the
// registered photo of an ID number. The emulator cannot compare faces, so a fixture file says what
// the province's real-person verification service would answer for each person (match, mismatch);
// a person not in it has no photo on record. The photos are checked for form (a JPEG within the
// size limit) and then dropped: only the references it issued are kept, to check submissions.
#include <cstddef>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>

#include "tools/platform-emu/emu_state.hpp"

namespace ow::emu {

inline constexpr std::size_t kMaxVerifyPhoto = 80 * 1024;  // bytes of one decoded JPEG

class FaceChecks {
 public:
  // No file: nobody has a photo on record (every answer is no_record).
  static std::unique_ptr<FaceChecks> load(const std::filesystem::path& file, std::string& error);
  Answer verify(const std::string& body);
  // Whether `reference` was issued for a match of `id_number`.
  bool matched(const std::string& reference, const std::string& id_number) const;

 private:
  std::map<std::string, std::string> result_by_id_number_;  // read-only after load
  mutable std::mutex mutex_;
  std::map<std::string, std::string> matched_;  // reference → id_number
};

}  // namespace ow::emu
