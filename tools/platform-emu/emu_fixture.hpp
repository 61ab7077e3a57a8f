#pragma once
// The emulator's fixture files (QR identities, applicant profiles, face checks): a JSON object whose
// `key` holds the list of entries.
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

namespace ow::emu {

// The entries, or none with `error` naming the file and what it should hold.
inline std::optional<nlohmann::json> fixture_entries(const std::filesystem::path& file, const char* key, const char* what,
                                                     std::string& error) {
  std::ifstream in(file);
  auto j = nlohmann::json::parse(in, nullptr, false);
  if (!in || !j.is_object() || !j.contains(key) || !j[key].is_array()) {
    error = std::string("cannot read ") + what + " from " + file.string();
    return std::nullopt;
  }
  return std::move(j[key]);
}

}  // namespace ow::emu
