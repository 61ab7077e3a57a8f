#pragma once
// A bundle (一件事) as the citizen does it: its matters in step order, one merged form (the same
// key is the same field), the materials of all steps de-duplicated by code, and the materials an
// earlier step produces taken off the citizen's list.
#include <string>
#include <vector>

#include "kiosk/catalog/catalog.hpp"

namespace ow::catalog {

struct MergedField {
  FormField field;  // required if any step requires it
  std::vector<std::string> matters;
};

struct MergedMaterial {
  Material material;  // the strictest necessity of the steps that ask for it
  std::vector<std::string> matters;
  std::string produced_by;  // non-empty: an earlier step issues it, the citizen brings nothing
};

// Two steps disagree on what one field key or material code means: a catalog error.
struct MergeConflict {
  std::string what;  // "field" or "material"
  std::string id;    // the field key or material code
  std::string first_matter, second_matter;
  std::string detail;
};

struct MergedBundle {
  const Bundle* bundle = nullptr;
  std::vector<const Matter*> steps;  // in an order that respects every step's "after"
  std::vector<MergedField> fields;
  std::vector<MergedMaterial> materials;
  std::vector<MergeConflict> conflicts;

  const MergedField* field(const std::string& key) const;
};

// Fails when a step names an unknown matter or the steps' "after" lists form a cycle.
Result<MergedBundle> merge_bundle(const Catalog& catalog, const Bundle& bundle);

// The merged bundle as one application the journey runs like a matter: the merged form, the
// materials the citizen still brings (those an earlier step produces left out), every step's
// eligibility rules, the bundle's promise; approved instantly only if every step is.
Matter bundle_as_matter(const MergedBundle& merged);

}  // namespace ow::catalog
