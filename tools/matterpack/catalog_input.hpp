#pragma once
// A catalog as an operator names it on the command line: a source folder, or a signed package file
// (checked against the operators' public key, then read like a source folder).
#include <filesystem>
#include <optional>

#include "kiosk/catalog/catalog.hpp"
#include "kiosk/result.hpp"

namespace ow::matterpack {

// A folder is read as a source; a file must be a package that verifies against `pub`, which is
// then required. Package contents go through a private temporary folder, removed afterwards.
Result<catalog::Catalog> load_catalog_input(const std::filesystem::path& path, const std::optional<std::filesystem::path>& pub);

}  // namespace ow::matterpack
