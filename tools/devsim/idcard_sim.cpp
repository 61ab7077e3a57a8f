#include "tools/devsim/idcard_sim.hpp"

#include <fstream>

#include <nlohmann/json.hpp>

namespace ow::devsim {

namespace {
std::string str(const nlohmann::json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// The text fields a fixture may leave out (empty then), by their JSON key; `sex` has a default.
constexpr std::pair<const char*, std::string CardFixture::*> kTextFields[] = {
    {"name", &CardFixture::name},
    {"name_en", &CardFixture::name_en},
    {"ethnic_code", &CardFixture::ethnic_code},
    {"birth", &CardFixture::birth},
    {"address", &CardFixture::address},
    {"id_number", &CardFixture::id_number},
    {"authority", &CardFixture::authority},
    {"valid_from", &CardFixture::valid_from},
    {"valid_to", &CardFixture::valid_to},
    {"pass_number", &CardFixture::pass_number},
    {"issue_count", &CardFixture::issue_count},
    {"nationality", &CardFixture::nationality},
    {"card_version", &CardFixture::card_version},
    {"office_code", &CardFixture::office_code},
    {"extra_address", &CardFixture::extra_address},
};

}  // namespace

std::optional<std::vector<CardFixture>> load_fixtures(const std::filesystem::path& file, std::string* error) {
  std::ifstream in(file);
  if (!in) {
    if (error) *error = "cannot open fixtures " + file.string();
    return std::nullopt;
  }
  const auto j = nlohmann::json::parse(in, nullptr, false);
  if (j.is_discarded() || !j.contains("cards") || !j["cards"].is_array()) {
    if (error) *error = file.string() + ": expected a JSON object with a \"cards\" array";
    return std::nullopt;
  }
  std::vector<CardFixture> cards;
  for (const auto& c : j["cards"]) {
    CardFixture f;
    f.id = str(c, "id");
    f.type = str(c, "type");
    if (f.id.empty() || f.type.empty()) {
      if (error) *error = file.string() + ": every card needs an \"id\" and a \"type\"";
      return std::nullopt;
    }
    for (const auto& [key, field] : kTextFields) f.*field = str(c, key);
    if (auto s = str(c, "sex"); !s.empty()) f.sex = s;
    f.fingerprint = c.value("fingerprint", false);
    cards.push_back(std::move(f));
  }
  return cards;
}

}  // namespace ow::devsim
