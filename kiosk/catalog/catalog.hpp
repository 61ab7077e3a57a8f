#pragma once
// The matter catalog as the kiosk uses it: matters (事项) with their forms.
#include <filesystem>
#include <string>
#include <vector>

#include "kiosk/result.hpp"

namespace ow::catalog {

enum class FieldType { Text, Number, Date, Select, Phone, IdNumber, CreditCode, Address, Bool, Signature };

struct FormField {
  std::string key;
  std::string label;
  FieldType type = FieldType::Text;
  bool required = false;
  std::string prefill;  // e.g. "idcard.name"
  std::vector<std::string> options;
  std::string help;
};

struct Matter {
  std::string code;  // implementation code (实施编码)
  std::string name;
  std::string short_name;
  std::string category;
  std::string department;
  int promised_days = 0;  // promised time limit in working days
  std::vector<FormField> fields;
};

struct Catalog {
  std::string version;
  std::vector<Matter> matters;

  const Matter* find(const std::string& code) const;
  // Every text the catalog can put on screen (the font atlas needs its glyphs).
  std::string all_text() const;
};

Result<Catalog> load_catalog(const std::filesystem::path& path);

}  // namespace ow::catalog
