#pragma once
// Checks every file of a catalog source folder against its JSON Schema (assets/catalog/schema/,
// compiled into matterpack) with valijson. It runs before the reader and the reference and rule
// checks (kiosk/catalog/validate.hpp), so an author sees every fault of shape at once, each with
// the file, the JSON path and the schema rule that failed, in the same form as those checks.
#include <filesystem>
#include <vector>

#include "kiosk/catalog/validate.hpp"

namespace ow::matterpack {

struct EmbeddedSchema {
  const char* name;  // "matters.schema.json"
  const char* text;
};
// Generated at build time from assets/catalog/schema/*.schema.json (embed_schemas.cmake).
extern const std::vector<EmbeddedSchema> kSchemas;

// Every schema problem in the source folder, e.g. {"matters/01_social_insurance.json:
// $.matters[3].materials[1].necessity", "enum: \"sometimes\" is not one of required, optional,
// deferrable"}; empty when every file has the right shape. Missing files are the reader's to report.
std::vector<catalog::Issue> check_schemas(const std::filesystem::path& root);

}  // namespace ow::matterpack
