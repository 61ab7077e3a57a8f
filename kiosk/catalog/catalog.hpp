#pragma once
// The matter catalog as the kiosk uses it: matters (事项) shaped after the elements of GB/T 39554,
// their materials and forms, bundles (一件事) and guide trees (智能导引). docs/catalog.md documents
// the source format; load_catalog() reads a source directory (or an applied package's content).
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "kiosk/catalog/calendar.hpp"
#include "kiosk/result.hpp"

namespace ow::catalog {

enum class FieldType { Text, Number, Date, Select, Phone, IdNumber, CreditCode, Address, Bool, Signature };

// A JsonLogic rule with the sentence a citizen reads when it does not hold.
struct Rule {
  nlohmann::json logic;
  std::string message;
};

struct FormField {
  std::string key;
  std::string label;
  FieldType type = FieldType::Text;
  bool required = false;
  std::string prefill;  // e.g. "idcard.name"
  std::vector<std::string> options;
  std::string help;
  std::optional<Rule> validation;  // data: {"value": …, "form": {…}, "applicant": {…}, "today": …}
};

enum class Audience { Person, LegalPerson };
enum class RegionScope { Local, Province, CrossProvince };  // 本地 / 全省通办 / 跨省通办
// How sure the kiosk must be of who applies, weakest first: name and ID number typed; read from a
// document (ID card, social security card, e-ID QR); or that document and a live face the platform
// matched to it (实人核验).
enum class IdentityLevel { Typed, Document, Verified };
enum class MaterialForm { Original, Copy, Electronic };
enum class Necessity { Required, Optional, Deferrable };  // 必要 / 非必要 / 容缺后补
enum class MaterialSource { Applicant, Government, LicenceLibrary };
enum class Capture { Scan, Photo, None };
enum class TimeUnit { WorkingDay, NaturalDay, Month };
enum class Delivery { Window, Mail, Electronic };

// The licence type of the resident ID card: a card read at the kiosk stands in for it.
inline constexpr std::string_view kIdCardLicence = "居民身份证";

struct TimeLimit {
  int value = 0;
  TimeUnit unit = TimeUnit::WorkingDay;
};

struct Material {
  std::string code;
  std::string name;
  MaterialForm form = MaterialForm::Original;
  int copies = 1;
  Necessity necessity = Necessity::Required;
  std::string commitment;  // the promise text a citizen signs for a deferrable (容缺) material
  // 告知承诺: the statement a citizen may sign instead of handing in this proof; the department
  // checks it afterwards. Empty: the proof itself is needed.
  std::string promise;
  // When a deferrable material is due: a limit counted from acceptance, or before the result is collected.
  TimeLimit deferral;
  bool deferral_until_result = false;
  MaterialSource source = MaterialSource::Applicant;
  std::string licence_type;  // electronic licence that replaces the paper, e.g. "居民户口簿"
  Capture capture = Capture::Scan;
  int min_pages = 1, max_pages = 1;
  std::optional<nlohmann::json> when;  // required only when this rule holds (same data as eligibility)
  std::vector<Rule> review_points;     // data: {"pages": n, "sharpness": 0..1, "brightness": 0..1}
  std::string note;
};

struct Department {
  std::string name;
  std::string credit_code;
};

struct MatterResult {
  std::string name;
  std::string kind;  // 证照 / 批文 / 其他
  std::vector<Delivery> delivery;
};

struct Matter {
  std::string code;        // implementation code (实施编码)
  std::string basic_code;  // basic code (基本编码, 12 characters)
  std::string name;
  std::string short_name;
  std::string type;  // 事项类型: 行政许可, 行政给付, 行政确认, 其他行政权力, 公共服务
  std::vector<Audience> audience;
  Department department;
  std::vector<std::string> legal_basis;
  std::string conditions;       // 受理条件, as text
  std::vector<Rule> eligibility;  // each must hold
  std::vector<Material> materials;
  std::vector<FormField> fields;
  TimeLimit legal_limit, promised_limit;
  std::string fee;  // empty: free of charge
  MatterResult result;
  bool self_service = true;
  bool instant_approval = false;  // 秒批
  bool face_verification = false;  // the applicant's face is checked against the card (separate consent)
  IdentityLevel identity = IdentityLevel::Document;  // the least it can be started with
  int frequent = 0;  // rank among the matters most often done at kiosks (1 first); 0: not one of them
  RegionScope region = RegionScope::Local;
  std::vector<std::string> categories;
  std::vector<std::string> keywords;
  std::string phone, place;
  std::vector<std::string> notes;  // for operators, never shown to citizens: facts not confirmed, sources
  std::string source;  // "file: JSON path" it was read from, for authors' error messages
  // Derived for screens that show one category and a promise in working days.
  std::string category;
  int promised_days = 0;

  const FormField* field(const std::string& key) const;
  const Material* material(const std::string& code) const;
};

struct BundleStep {
  std::string matter;  // matter code
  std::vector<std::string> after;  // matter codes that must be done first
};

// A material one step produces that satisfies another step's material (出生医学证明 → 出生登记).
struct ProducedMaterial {
  std::string by_matter;
  std::string material;  // material code it satisfies wherever it is asked for later
};

struct Bundle {
  std::string code;
  std::string name;
  std::string short_name;
  std::string description;
  std::vector<Audience> audience;
  RegionScope region = RegionScope::Local;
  std::vector<std::string> categories;
  std::vector<std::string> keywords;
  std::vector<BundleStep> steps;  // in the order they are done
  std::vector<ProducedMaterial> produces;
  int promised_days = 0;
  std::string source;
};

struct GuideOption {
  std::string label;
  std::string next;    // a node id, or
  std::string matter;  // a matter code, or
  std::string bundle;  // a bundle code
};

struct GuideNode {
  std::string id;
  std::string question;
  std::vector<GuideOption> options;
};

struct GuideTree {
  std::string code;
  std::string title;
  std::string category;
  std::string root;
  std::vector<GuideNode> nodes;
  std::string source;

  const GuideNode* node(const std::string& id) const;
};

struct Catalog {
  std::string version;
  std::string title;
  std::vector<Matter> matters;
  std::vector<Bundle> bundles;
  std::vector<GuideTree> guides;
  WorkCalendar calendar;  // calendar.json: the years' holidays, for promised dates

  const Matter* find(const std::string& code) const;
  const Bundle* find_bundle(const std::string& code) const;
  const GuideTree* find_guide(const std::string& code) const;
  // Categories in the order they first appear, for the home screen.
  std::vector<std::string> categories() const;
  // Every text the catalog can put on screen (the font atlas needs its glyphs).
  std::string all_text() const;
};

// The files a catalog source (and a package's content) consists of, relative to its root.
// matters/*.json are found by listing; the others have fixed names.
std::vector<std::filesystem::path> catalog_files(const std::filesystem::path& root);

// Reads a catalog source directory: catalog.json, fields.json, materials.json, matters/*.json,
// bundles.json, guides.json, calendar.json. Errors name the file and the JSON path.
Result<Catalog> load_catalog(const std::filesystem::path& root);

// calendar.json's text on its own (matterpack, fuzzing); the first problem found is the error.
Result<WorkCalendar> read_calendar(std::string_view text);

std::string to_string(FieldType t);
std::string to_string(Audience a);
std::string to_string(RegionScope r);

}  // namespace ow::catalog
