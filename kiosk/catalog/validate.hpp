#pragma once
// Checks a loaded catalog beyond its shape: unique codes, references between matters, bundles and
// guide trees, rule syntax, bundle merge conflicts, credit codes and time limits. matterpack runs
// it before signing; each issue names the file and JSON path an author has to fix.
#include <functional>
#include <string>
#include <vector>

#include "kiosk/catalog/catalog.hpp"

namespace ow::catalog {

struct Issue {
  std::string where;  // "matters/01_social_insurance.json: $.matters[3].fields[1]"
  std::string message;
};

std::vector<Issue> validate_catalog(const Catalog& catalog);

// Calls `fn` with every text the kiosk may show and where it comes from (for the font check).
void visit_texts(const Catalog& catalog, const std::function<void(const std::string& where, const std::string& text)>& fn);

}  // namespace ow::catalog
