#pragma once
// 智能预审: checks an application in one pass and returns every problem at once (一次性告知):
// missing and invalid fields, unmet eligibility, missing materials (blocking, or deferrable 容缺),
// failed review points on captured pages; and decides instant approval (秒批).
//
// Rules see {"applicant": {…}, "form": {…}, "today": "YYYY-MM-DD"}; a field's validation also sees
// "value"; a material's review points see {"pages", "sharpness", "brightness"} of its capture.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "base/secret.hpp"
#include "kiosk/catalog/bundle.hpp"
#include "kiosk/catalog/catalog.hpp"
#include "kiosk/strings.hpp"

namespace ow::catalog {

// Who applies (personal data: each value zeroes itself).
struct Applicant {
  SecretString name, id_number, sex, nation, birth_date /* YYYY-MM-DD */, address;
};

struct CapturedMaterial {
  int pages = 0;
  double sharpness = 1.0, brightness = 1.0;  // the worst page, 0..1, from the capture pipeline
  bool from_licence_library = false;         // fetched as an electronic licence instead of captured
  bool deferred = false;                     // the applicant signed the 容缺 commitment
  bool promised = false;                     // the applicant signs the 告知承诺 instead of the proof
};

enum class ProblemKind { MissingField, InvalidValue, EligibilityUnmet, MaterialMissing, ReviewPointFailed, RuleBroken };

struct Problem {
  ProblemKind kind;
  std::string matter;    // the matter whose rule or list raised it
  std::string field;     // field key, for field problems
  std::string material;  // material code, for material problems
  std::optional<Str> text;  // built-in text (a field's type check), else `message` from the catalog
  std::string message;
  bool blocking = true;  // false: a deferrable material the applicant may hand in later
};

struct PrereviewResult {
  std::vector<Problem> problems;
  bool passed = false;           // nothing blocking
  bool instant_approval = false;  // every matter is 秒批 and there is no problem at all
  std::vector<std::string> deferred_materials;  // codes handed in later under a signed commitment
  std::vector<std::string> promised_materials;  // codes replaced by a signed 告知承诺, checked afterwards

  std::size_t blocking_count() const;
};

struct Application {
  Applicant applicant;
  std::map<std::string, SecretString> form;  // field key → value (personal data)
  std::map<std::string, CapturedMaterial> materials;  // by material code
  std::string today;  // YYYY-MM-DD
  bool id_card_read = false;  // the applicant's resident ID card was read here: its e-licence needs no photo
};

PrereviewResult prereview(const Matter& matter, const Application& app);

// For each material, whether this application is asked for it: it has no `when`, or its rule holds.
// A rule that cannot be evaluated asks for it, as the pre-review then reports the broken rule. The
// rules' data is built once for the whole list.
std::vector<bool> materials_asked(const std::vector<Material>& materials, const Application& app);
PrereviewResult prereview(const MergedBundle& bundle, const Application& app);

}  // namespace ow::catalog
