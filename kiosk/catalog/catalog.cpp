#include "kiosk/catalog/catalog.hpp"

#include <fstream>
#include <nlohmann/json.hpp>

namespace ow::catalog {

namespace {
using nlohmann::json;

Result<FieldType> parse_field_type(const std::string& s) {
  static const std::pair<const char*, FieldType> kTypes[] = {
      {"text", FieldType::Text},         {"number", FieldType::Number},   {"date", FieldType::Date},
      {"select", FieldType::Select},     {"phone", FieldType::Phone},     {"id_number", FieldType::IdNumber},
      {"credit_code", FieldType::CreditCode}, {"address", FieldType::Address}, {"bool", FieldType::Bool},
      {"signature", FieldType::Signature}};
  for (const auto& [name, type] : kTypes)
    if (s == name) return type;
  return fail("unknown field type \"" + s + "\"");
}

Result<Matter> parse_matter(const json& j, const std::string& where) {
  Matter m;
  try {
    m.code = j.at("code").get<std::string>();
    m.name = j.at("name").get<std::string>();
    m.short_name = j.value("short_name", m.name);
    m.category = j.value("category", "");
    m.department = j.value("department", "");
    m.promised_days = j.value("promised_days", 0);
    for (std::size_t i = 0; i < j.value("fields", json::array()).size(); ++i) {
      const json& f = j["fields"][i];
      FormField field;
      field.key = f.at("key").get<std::string>();
      field.label = f.at("label").get<std::string>();
      auto type = parse_field_type(f.value("type", "text"));
      if (!type) return fail(where + ".fields[" + std::to_string(i) + "]: " + type.error().message);
      field.type = *type;
      field.required = f.value("required", false);
      field.prefill = f.value("prefill", "");
      field.help = f.value("help", "");
      field.options = f.value("options", std::vector<std::string>{});
      m.fields.push_back(std::move(field));
    }
  } catch (const json::exception& e) {
    return fail(where + ": " + e.what());
  }
  return m;
}
}  // namespace

const Matter* Catalog::find(const std::string& code) const {
  for (const auto& m : matters)
    if (m.code == code) return &m;
  return nullptr;
}

std::string Catalog::all_text() const {
  std::string text;
  for (const auto& m : matters) {
    text += m.name + m.short_name + m.category + m.department;
    for (const auto& f : m.fields) {
      text += f.label + f.help;
      for (const auto& o : f.options) text += o;
    }
  }
  return text;
}

Result<Catalog> load_catalog(const std::filesystem::path& path) {
  std::ifstream in(path);
  if (!in) return fail("cannot open catalog " + path.string());
  json doc = json::parse(in, nullptr, false);
  if (doc.is_discarded()) return fail("catalog " + path.string() + " is not valid JSON");
  Catalog c;
  c.version = doc.value("version", "0");
  const json matters = doc.value("matters", json::array());
  for (std::size_t i = 0; i < matters.size(); ++i) {
    auto m = parse_matter(matters[i], "matters[" + std::to_string(i) + "]");
    if (!m) return tl::unexpected(m.error());
    c.matters.push_back(std::move(*m));
  }
  return c;
}

}  // namespace ow::catalog
