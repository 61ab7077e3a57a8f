#pragma once
// What changes for citizens between two catalogs, in plain Chinese for the operators who publish
// them: matters and bundles added or removed, and for each one kept, its name, form fields,
// materials, eligibility rules (their sentences), fee, time limits, how the result is delivered,
// and whether it can be done at a kiosk or is approved on the spot. A bundle is compared as the
// citizen does it: its steps merged into one form and one list of materials.
// Every sentence this tool prints is in diff.cpp.
#include <string>
#include <vector>

#include "kiosk/catalog/catalog.hpp"

namespace ow::matterpack {

// One matter or bundle that was added, removed or changed: a heading and its changes, one line each.
struct DiffSection {
  std::string heading;
  std::vector<std::string> lines;
};

std::vector<DiffSection> diff_catalogs(const catalog::Catalog& before, const catalog::Catalog& after);

// The sections as text for the terminal; 「无面向群众的变化」 when there are none.
std::string format_diff(const std::vector<DiffSection>& sections);

}  // namespace ow::matterpack
