#pragma once
// 扫码登录 on the emulated platform: POST /v1/identity/qr resolves an electronic ID / social
// security QR credential to the person it stands for, from a fixture file (what the issuers'
// verification services would answer). 200 with the identity; 401 unknown, expired or revoked;
// 422 a body without a plausible credential.
#include <filesystem>
#include <map>
#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "tools/platform-emu/emu_state.hpp"

namespace ow::emu {

class QrIdentities {
 public:
  // No file: every credential is unknown (401).
  static std::unique_ptr<QrIdentities> load(const std::filesystem::path& file, std::string& error);
  Answer resolve(const std::string& body) const;  // read-only after load: safe on every server thread

 private:
  std::map<std::string, nlohmann::json> by_credential_;
};

}  // namespace ow::emu
