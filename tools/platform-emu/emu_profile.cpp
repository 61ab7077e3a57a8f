#include "tools/platform-emu/emu_profile.hpp"

#include <algorithm>

#include "tools/platform-emu/emu_fixture.hpp"
#include "tools/platform-emu/emu_id_number.hpp"

namespace ow::emu {

namespace {
constexpr std::size_t kMaxFieldsAsked = 32;

bool field_name(const nlohmann::json& j) {
  if (!j.is_string()) return false;
  const auto& s = j.get_ref<const std::string&>();
  return !s.empty() && s.size() <= 64 &&
         std::all_of(s.begin(), s.end(), [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'; });
}
}  // namespace

std::unique_ptr<ApplicantProfiles> ApplicantProfiles::load(const std::filesystem::path& file, std::string& error) {
  auto profiles = std::make_unique<ApplicantProfiles>();
  if (file.empty()) return profiles;
  const auto entries = fixture_entries(file, "people", "applicant profiles", error);
  if (!entries) return nullptr;
  for (const auto& p : *entries) {
    if (!p.is_object() || !p.contains("id_number") || !p["id_number"].is_string() || !p.contains("fields") ||
        !p["fields"].is_object()) {
      error = file.string() + ": every entry needs an \"id_number\" string and a \"fields\" object";
      return nullptr;
    }
    profiles->by_id_number_[p["id_number"].get<std::string>()] = p["fields"];
  }
  return profiles;
}

Answer ApplicantProfiles::lookup(const std::string& body) const {
  const auto j = nlohmann::json::parse(body, nullptr, false);
  const bool person = j.is_object() && j.contains("id_number") && j["id_number"].is_string() &&
                      plausible_id_number(j["id_number"].get_ref<const std::string&>());
  const bool fields = j.is_object() && j.contains("fields") && j["fields"].is_array() && j["fields"].size() <= kMaxFieldsAsked &&
                      std::all_of(j["fields"].begin(), j["fields"].end(), field_name);
  if (!person || !fields) return Answer{400, R"({"error":"invalid","message":"id_number and fields are needed"})"};
  const auto it = by_id_number_.find(j["id_number"].get_ref<const std::string&>());
  if (it == by_id_number_.end()) return Answer{404, R"({"error":"unknown_person","message":"no profile"})"};
  nlohmann::json known = nlohmann::json::object();
  for (const auto& name : j["fields"]) {
    const auto& key = name.get_ref<const std::string&>();
    if (it->second.contains(key) && it->second[key].is_string()) known[key] = it->second[key];
  }
  return Answer{200, nlohmann::json{{"fields", known}}.dump()};
}

}  // namespace ow::emu
