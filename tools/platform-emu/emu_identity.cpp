#include "tools/platform-emu/emu_identity.hpp"

#include <algorithm>

#include "tools/platform-emu/emu_fixture.hpp"

namespace ow::emu {

std::unique_ptr<QrIdentities> QrIdentities::load(const std::filesystem::path& file, std::string& error) {
  auto ids = std::make_unique<QrIdentities>();
  if (file.empty()) return ids;
  const auto entries = fixture_entries(file, "credentials", "QR identities", error);
  if (!entries) return nullptr;
  for (const auto& c : *entries) {
    if (!c.is_object() || !c.contains("credential") || !c["credential"].is_string()) {
      error = file.string() + ": every entry needs a \"credential\" string";
      return nullptr;
    }
    ids->by_credential_[c["credential"].get<std::string>()] = c;
  }
  return ids;
}

Answer QrIdentities::resolve(const std::string& body) const {
  const auto j = nlohmann::json::parse(body, nullptr, false);
  if (!j.is_object() || !j.contains("credential") || !j["credential"].is_string())
    return Answer{422, R"({"error":"invalid","message":"credential missing"})"};
  const auto& credential = j["credential"].get_ref<const std::string&>();
  const bool plausible = credential.size() >= 16 && credential.size() <= 1024 &&
                         std::all_of(credential.begin(), credential.end(), [](char c) { return c > 0x20 && c < 0x7F; });
  if (!plausible) return Answer{422, R"({"error":"invalid","message":"not a credential"})"};
  const auto it = by_credential_.find(credential);
  if (it == by_credential_.end()) return Answer{401, R"({"error":"unknown_credential","message":"not issued or revoked"})"};
  const auto& c = it->second;
  if (c.value("expired", false)) return Answer{401, R"({"error":"expired","message":"refresh the code"})"};
  nlohmann::json out{{"credential_type", c.value("type", "ctid")}};
  for (const char* key : {"name", "id_number", "sex", "birth_date", "address"})
    if (c.contains(key) && c[key].is_string()) out[key] = c[key];
  return Answer{200, out.dump()};
}

}  // namespace ow::emu
