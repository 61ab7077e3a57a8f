#include "tools/platform-emu/emu_face.hpp"

#include <sodium.h>

#include <array>

#include <nlohmann/json.hpp>

#include "tools/platform-emu/emu_fixture.hpp"
#include "tools/platform-emu/emu_id_number.hpp"

namespace ow::emu {

namespace {

// A decoded JPEG within the limit, or empty.
std::string jpeg_from_base64(const nlohmann::json& j) {
  if (!j.is_string()) return {};
  const auto& text = j.get_ref<const std::string&>();
  if (text.size() > (kMaxVerifyPhoto / 3 + 1) * 4) return {};
  std::string bytes(text.size(), '\0');
  std::size_t n = 0;
  if (sodium_base642bin(reinterpret_cast<unsigned char*>(bytes.data()), bytes.size(), text.data(), text.size(), nullptr, &n,
                        nullptr, sodium_base64_VARIANT_ORIGINAL) != 0)
    return {};
  bytes.resize(n);
  const bool jpeg = n >= 4 && static_cast<unsigned char>(bytes[0]) == 0xFF && static_cast<unsigned char>(bytes[1]) == 0xD8 &&
                    static_cast<unsigned char>(bytes[n - 2]) == 0xFF && static_cast<unsigned char>(bytes[n - 1]) == 0xD9;
  return jpeg && n <= kMaxVerifyPhoto ? bytes : std::string();
}

std::string new_reference() {
  std::array<unsigned char, 8> r{};
  randombytes_buf(r.data(), r.size());
  std::array<char, 17> hex{};
  sodium_bin2hex(hex.data(), hex.size(), r.data(), r.size());
  return std::string("RPV-") + hex.data();
}

const std::set<std::string> kChallenges = {"blink", "turn_left", "turn_right"};

}  // namespace

std::unique_ptr<FaceChecks> FaceChecks::load(const std::filesystem::path& file, std::string& error) {
  auto checks = std::make_unique<FaceChecks>();
  if (file.empty()) return checks;
  const auto entries = fixture_entries(file, "people", "face checks", error);
  if (!entries) return nullptr;
  for (const auto& p : *entries) {
    const bool ok = p.is_object() && p.contains("id_number") && p["id_number"].is_string() && p.contains("result") &&
                    (p["result"] == "match" || p["result"] == "mismatch");
    if (!ok) {
      error = file.string() + ": every entry needs an \"id_number\" and a \"result\" of \"match\" or \"mismatch\"";
      return nullptr;
    }
    checks->result_by_id_number_[p["id_number"].get<std::string>()] = p["result"].get<std::string>();
  }
  return checks;
}

Answer FaceChecks::verify(const std::string& body) {
  const auto j = nlohmann::json::parse(body, nullptr, false);
  const bool person = j.is_object() && j.contains("id_number") && j["id_number"].is_string() &&
                      plausible_id_number(j["id_number"].get_ref<const std::string&>());
  const bool liveness = person && j.contains("liveness") && j["liveness"].is_string() &&
                        kChallenges.count(j["liveness"].get<std::string>());
  if (!person || !liveness || !j.contains("live_photo"))
    return Answer{400, R"({"error":"invalid","message":"id_number, liveness and live_photo are needed"})"};
  if (jpeg_from_base64(j["live_photo"]).empty() || (j.contains("card_photo") && jpeg_from_base64(j["card_photo"]).empty()))
    return Answer{422, R"({"error":"photo_unusable","message":"a photo is not a JPEG of at most 80 KiB"})"};
  const auto& id_number = j["id_number"].get_ref<const std::string&>();
  const auto it = result_by_id_number_.find(id_number);
  nlohmann::json out{{"reference", new_reference()}};
  if (it == result_by_id_number_.end()) {
    out["match"] = false;
    out["reason"] = "no_record";
  } else if (it->second == "mismatch") {
    out["match"] = false;
    out["reason"] = "face_mismatch";
  } else {
    out["match"] = true;
    out["reason"] = "";
    std::lock_guard lock(mutex_);
    matched_[out["reference"].get<std::string>()] = id_number;
  }
  return Answer{200, out.dump()};
}

bool FaceChecks::matched(const std::string& reference, const std::string& id_number) const {
  std::lock_guard lock(mutex_);
  const auto it = matched_.find(reference);
  return it != matched_.end() && it->second == id_number;
}

}  // namespace ow::emu
