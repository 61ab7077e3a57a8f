#include "kiosk/catalog/catalog.hpp"

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <set>

#include "base/json_number.hpp"

namespace ow::catalog {

namespace {
using nlohmann::json;
namespace fs = std::filesystem;

template <class E>
struct EnumName {
  const char* name;
  E value;
};

constexpr EnumName<FieldType> kFieldTypes[] = {
    {"text", FieldType::Text},     {"number", FieldType::Number},         {"date", FieldType::Date},
    {"select", FieldType::Select}, {"phone", FieldType::Phone},           {"id_number", FieldType::IdNumber},
    {"credit_code", FieldType::CreditCode}, {"address", FieldType::Address}, {"bool", FieldType::Bool},
    {"signature", FieldType::Signature}};
constexpr EnumName<Audience> kAudiences[] = {{"person", Audience::Person}, {"legal_person", Audience::LegalPerson}};
constexpr EnumName<RegionScope> kRegions[] = {
    {"local", RegionScope::Local}, {"province", RegionScope::Province}, {"cross_province", RegionScope::CrossProvince}};
constexpr EnumName<IdentityLevel> kIdentityLevels[] = {
    {"typed", IdentityLevel::Typed}, {"document", IdentityLevel::Document}, {"verified", IdentityLevel::Verified}};
constexpr EnumName<MaterialForm> kForms[] = {
    {"original", MaterialForm::Original}, {"copy", MaterialForm::Copy}, {"electronic", MaterialForm::Electronic}};
constexpr EnumName<Necessity> kNecessities[] = {
    {"required", Necessity::Required}, {"optional", Necessity::Optional}, {"deferrable", Necessity::Deferrable}};
constexpr EnumName<MaterialSource> kSources[] = {{"applicant", MaterialSource::Applicant},
                                                 {"government", MaterialSource::Government},
                                                 {"licence_library", MaterialSource::LicenceLibrary}};
constexpr EnumName<Capture> kCaptures[] = {{"scan", Capture::Scan}, {"photo", Capture::Photo}, {"none", Capture::None}};
constexpr EnumName<TimeUnit> kUnits[] = {
    {"working_day", TimeUnit::WorkingDay}, {"natural_day", TimeUnit::NaturalDay}, {"month", TimeUnit::Month}};
constexpr EnumName<Delivery> kDeliveries[] = {
    {"window", Delivery::Window}, {"mail", Delivery::Mail}, {"electronic", Delivery::Electronic}};
const std::set<std::string> kMatterTypes = {"行政许可", "行政给付", "行政确认", "行政征收", "行政奖励",
                                            "行政裁决", "其他行政权力", "公共服务"};

// Collects every problem with its file and JSON path, so an author sees them all at once.
struct Reader {
  std::string file;
  std::vector<std::string> errors;

  void error(const std::string& path, const std::string& what) { errors.push_back(file + ": " + path + ": " + what); }

  std::string str(const json& j, const std::string& path, const char* key, bool required = false) {
    if (!j.contains(key)) {
      if (required) error(path, std::string("\"") + key + "\" is missing");
      return {};
    }
    if (!j[key].is_string()) {
      error(path + "." + key, "must be a string");
      return {};
    }
    std::string s = j[key].get<std::string>();
    if (required && s.empty()) error(path + "." + key, "must not be empty");
    return s;
  }
  int integer(const json& j, const std::string& path, const char* key, int def, int min, int max) {
    if (!j.contains(key)) return def;
    const auto v = json_int<int>(j[key], min, max);
    if (!v) {
      error(path + "." + key, "must be a whole number from " + std::to_string(min) + " to " + std::to_string(max));
      return def;
    }
    return *v;
  }
  bool boolean(const json& j, const std::string& path, const char* key, bool def) {
    if (!j.contains(key)) return def;
    if (!j[key].is_boolean()) {
      error(path + "." + key, "must be true or false");
      return def;
    }
    return j[key].get<bool>();
  }
  std::vector<std::string> strings(const json& j, const std::string& path, const char* key) {
    std::vector<std::string> out;
    if (!j.contains(key)) return out;
    if (!j[key].is_array()) {
      error(path + "." + key, "must be an array of strings");
      return out;
    }
    for (std::size_t i = 0; i < j[key].size(); ++i) {
      if (j[key][i].is_string()) out.push_back(j[key][i].get<std::string>());
      else error(path + "." + key + "[" + std::to_string(i) + "]", "must be a string");
    }
    return out;
  }
  template <class E, std::size_t N>
  E enum_value(const json& v, const std::string& path, const EnumName<E> (&names)[N], E def) {
    if (v.is_string())
      for (const auto& n : names)
        if (v.get<std::string>() == n.name) return n.value;
    std::string allowed;
    for (const auto& n : names) allowed += std::string(allowed.empty() ? "" : ", ") + n.name;
    error(path, "must be one of " + allowed);
    return def;
  }
  template <class E, std::size_t N>
  E enumeration(const json& j, const std::string& path, const char* key, const EnumName<E> (&names)[N], E def) {
    return j.contains(key) ? enum_value(j[key], path + "." + key, names, def) : def;
  }
  template <class E, std::size_t N>
  std::vector<E> enumerations(const json& j, const std::string& path, const char* key, const EnumName<E> (&names)[N]) {
    std::vector<E> out;
    if (!j.contains(key)) return out;
    if (!j[key].is_array()) {
      error(path + "." + key, "must be an array");
      return out;
    }
    for (std::size_t i = 0; i < j[key].size(); ++i)
      out.push_back(enum_value(j[key][i], path + "." + key + "[" + std::to_string(i) + "]", names, names[0].value));
    return out;
  }
  std::optional<Rule> rule_value(const json& r, const std::string& path) {
    if (!r.is_object() || !r.contains("logic")) {
      error(path, "must be {\"logic\": <JsonLogic>, \"message\": \"…\"}");
      return std::nullopt;
    }
    return Rule{r["logic"], str(r, path, "message", true)};
  }
  std::optional<Rule> rule(const json& j, const std::string& path, const char* key) {
    return j.contains(key) ? rule_value(j[key], path + "." + key) : std::nullopt;
  }
  std::vector<Rule> rules(const json& j, const std::string& path, const char* key) {
    std::vector<Rule> out;
    if (!j.contains(key)) return out;
    if (!j[key].is_array()) {
      error(path + "." + key, "must be an array of rules");
      return out;
    }
    for (std::size_t i = 0; i < j[key].size(); ++i)
      if (auto r = rule_value(j[key][i], path + "." + key + "[" + std::to_string(i) + "]")) out.push_back(std::move(*r));
    return out;
  }
  // Members the format does not define are errors: a typo ("requird") must not pass silently.
  void known(const json& j, const std::string& path, std::initializer_list<const char*> keys) {
    for (auto it = j.begin(); it != j.end(); ++it) {
      const std::string& k = it.key();
      if (std::none_of(keys.begin(), keys.end(), [&k](const char* x) { return k == x; }))
        error(path + "." + k, "is not a member the catalog format defines");
    }
  }
  // An array member, with `{"use": id, …overrides}` entries resolved against a shared library.
  std::vector<std::pair<json, std::string>> items(const json& j, const std::string& path, const char* key,
                                                  const std::map<std::string, json>* library = nullptr) {
    std::vector<std::pair<json, std::string>> out;
    if (!j.contains(key)) return out;
    if (!j[key].is_array()) {
      error(path + "." + key, "must be an array");
      return out;
    }
    for (std::size_t i = 0; i < j[key].size(); ++i) {
      std::string p = path + "." + key + "[" + std::to_string(i) + "]";
      const json& item = j[key][i];
      if (!item.is_object()) {
        error(p, "must be an object");
        continue;
      }
      if (library && item.contains("use")) {
        auto it = item["use"].is_string() ? library->find(item["use"].get<std::string>()) : library->end();
        if (it == library->end()) {
          error(p + ".use", "names nothing in the shared library");
          continue;
        }
        json merged = it->second;
        for (const auto& [k, v] : item.items())
          if (k != "use") merged[k] = v;
        out.emplace_back(std::move(merged), p);
      } else {
        out.emplace_back(item, p);
      }
    }
    return out;
  }
};

FormField parse_field(Reader& r, const json& j, const std::string& p) {
  r.known(j, p, {"key", "label", "type", "required", "prefill", "options", "help", "validation"});
  FormField f;
  f.key = r.str(j, p, "key", true);
  f.label = r.str(j, p, "label", true);
  f.type = r.enumeration(j, p, "type", kFieldTypes, FieldType::Text);
  f.required = r.boolean(j, p, "required", false);
  f.prefill = r.str(j, p, "prefill");
  f.options = r.strings(j, p, "options");
  f.help = r.str(j, p, "help");
  f.validation = r.rule(j, p, "validation");
  if (f.type == FieldType::Select && f.options.empty()) r.error(p + ".options", "a select field needs options");
  return f;
}

TimeLimit parse_limit(Reader& r, const json& j, const std::string& p, const char* key) {
  TimeLimit t;
  if (!j.contains(key)) return t;
  t.value = r.integer(j[key], p + "." + key, "value", 0, 0, 3650);
  t.unit = r.enumeration(j[key], p + "." + key, "unit", kUnits, TimeUnit::WorkingDay);
  return t;
}

// The make-up deadline the receipt prints as a date: {"value": 5, "unit": "working_day"}, or
// {"until": "result"} for "before collecting the result".
void parse_deferral(Reader& r, const json& j, const std::string& p, Material& m) {
  if (!j.contains("deferral")) {
    if (m.necessity == Necessity::Deferrable)
      r.error(p + ".deferral", "a deferrable (容缺) material needs its make-up deadline: {\"value\", \"unit\"} or {\"until\": \"result\"}");
    return;
  }
  const std::string dp = p + ".deferral";
  r.known(j["deferral"], dp, {"value", "unit", "until"});
  const std::string until = r.str(j["deferral"], dp, "until");
  if (until == "result") m.deferral_until_result = true;
  else if (!until.empty()) r.error(dp + ".until", "\"" + until + "\" is not a deadline; the one known is \"result\"");
  else if ((m.deferral = parse_limit(r, j, p, "deferral")).value < 1) r.error(dp + ".value", "a make-up deadline needs a value of 1 or more");
}

Material parse_material(Reader& r, const json& j, const std::string& p) {
  r.known(j, p, {"code", "name", "form", "copies", "necessity", "commitment", "deferral", "promise", "source", "licence_type", "capture",
                 "pages", "when", "review_points", "note"});
  Material m;
  m.code = r.str(j, p, "code", true);
  m.name = r.str(j, p, "name", true);
  m.form = r.enumeration(j, p, "form", kForms, MaterialForm::Original);
  m.copies = r.integer(j, p, "copies", 1, 0, 20);
  m.necessity = r.enumeration(j, p, "necessity", kNecessities, Necessity::Required);
  m.commitment = r.str(j, p, "commitment");
  if (m.necessity == Necessity::Deferrable && m.commitment.empty())
    r.error(p + ".commitment", "a deferrable (容缺) material needs the commitment text the applicant signs");
  parse_deferral(r, j, p, m);
  m.promise = r.str(j, p, "promise");
  if (!m.promise.empty() && m.necessity != Necessity::Required)
    r.error(p + ".promise", "告知承诺 replaces a required proof; this material is not required");
  m.source = r.enumeration(j, p, "source", kSources, MaterialSource::Applicant);
  m.licence_type = r.str(j, p, "licence_type");
  m.capture = r.enumeration(j, p, "capture", kCaptures, Capture::Scan);
  if (j.contains("pages")) {
    const json& pg = j["pages"];
    m.min_pages = r.integer(pg, p + ".pages", "min", 1, 0, 200);
    m.max_pages = r.integer(pg, p + ".pages", "max", m.min_pages, 0, 200);
    if (m.max_pages < m.min_pages) r.error(p + ".pages", "max is smaller than min");
  }
  if (j.contains("when")) m.when = j["when"];
  m.review_points = r.rules(j, p, "review_points");
  m.note = r.str(j, p, "note");
  return m;
}


Matter parse_matter(Reader& r, const json& j, const std::string& p, const std::map<std::string, json>& fields,
                    const std::map<std::string, json>& materials) {
  r.known(j, p, {"code", "basic_code", "name", "short_name", "type", "audience", "department", "legal_basis", "conditions",
                 "eligibility", "materials", "fields", "legal_limit", "promised_limit", "fee", "result", "self_service",
                 "instant_approval", "region", "categories", "keywords", "phone", "place", "face_verification", "identity",
                 "frequent", "notes"});
  Matter m;
  m.source = r.file + ": " + p;
  m.code = r.str(j, p, "code", true);
  m.basic_code = r.str(j, p, "basic_code");
  m.name = r.str(j, p, "name", true);
  m.short_name = r.str(j, p, "short_name");
  if (m.short_name.empty()) m.short_name = m.name;
  m.type = r.str(j, p, "type", true);
  if (!m.type.empty() && !kMatterTypes.count(m.type)) r.error(p + ".type", "\"" + m.type + "\" is not a 事项类型");
  m.audience = r.enumerations(j, p, "audience", kAudiences);
  if (m.audience.empty()) m.audience.push_back(Audience::Person);
  if (j.contains("department")) {
    m.department.name = r.str(j["department"], p + ".department", "name", true);
    m.department.credit_code = r.str(j["department"], p + ".department", "credit_code");
    r.known(j["department"], p + ".department", {"name", "credit_code"});
  } else {
    r.error(p, "\"department\" is missing");
  }
  m.legal_basis = r.strings(j, p, "legal_basis");
  m.conditions = r.str(j, p, "conditions");
  m.eligibility = r.rules(j, p, "eligibility");
  for (auto& [mj, mp] : r.items(j, p, "materials", &materials)) m.materials.push_back(parse_material(r, mj, mp));
  for (auto& [fj, fp] : r.items(j, p, "fields", &fields)) m.fields.push_back(parse_field(r, fj, fp));
  m.legal_limit = parse_limit(r, j, p, "legal_limit");
  m.promised_limit = parse_limit(r, j, p, "promised_limit");
  m.fee = r.str(j, p, "fee");
  if (j.contains("result")) {
    const json& res = j["result"];
    m.result.name = r.str(res, p + ".result", "name", true);
    m.result.kind = r.str(res, p + ".result", "kind");
    m.result.delivery = r.enumerations(res, p + ".result", "delivery", kDeliveries);
  }
  m.self_service = r.boolean(j, p, "self_service", true);
  m.instant_approval = r.boolean(j, p, "instant_approval", false);
  m.face_verification = r.boolean(j, p, "face_verification", false);
  m.identity = r.enumeration(j, p, "identity", kIdentityLevels, IdentityLevel::Document);
  // Typing someone's name and ID number proves nothing: not enough to pay out or to check a face against.
  if (m.identity == IdentityLevel::Typed && (m.type == "行政给付" || m.face_verification))
    r.error(p + ".identity", "\"typed\" is not enough for a matter that pays out or checks the face");
  m.frequent = r.integer(j, p, "frequent", 0, 0, 99);
  m.region = r.enumeration(j, p, "region", kRegions, RegionScope::Local);
  m.categories = r.strings(j, p, "categories");
  if (m.categories.empty()) r.error(p + ".categories", "a matter needs at least one category");
  m.keywords = r.strings(j, p, "keywords");
  m.phone = r.str(j, p, "phone");
  m.place = r.str(j, p, "place");
  m.notes = r.strings(j, p, "notes");
  m.category = m.categories.empty() ? std::string() : m.categories.front();
  // Screens promise working days; a calendar-day or month limit is shown as its working-day equivalent.
  const int v = m.promised_limit.value;
  m.promised_days = m.promised_limit.unit == TimeUnit::WorkingDay   ? v
                    : m.promised_limit.unit == TimeUnit::NaturalDay ? (v * 5 + 6) / 7
                                                                    : v * 22;
  return m;
}

Bundle parse_bundle(Reader& r, const json& j, const std::string& p) {
  r.known(j, p, {"code", "name", "short_name", "description", "audience", "region", "categories", "keywords", "promised_days",
                 "steps", "produces"});
  Bundle b;
  b.source = r.file + ": " + p;
  b.code = r.str(j, p, "code", true);
  b.name = r.str(j, p, "name", true);
  b.short_name = r.str(j, p, "short_name");
  if (b.short_name.empty()) b.short_name = b.name;
  b.description = r.str(j, p, "description");
  b.audience = r.enumerations(j, p, "audience", kAudiences);
  if (b.audience.empty()) b.audience.push_back(Audience::Person);
  b.region = r.enumeration(j, p, "region", kRegions, RegionScope::Local);
  b.categories = r.strings(j, p, "categories");
  b.keywords = r.strings(j, p, "keywords");
  b.promised_days = r.integer(j, p, "promised_days", 0, 0, 365);
  for (auto& [sj, sp] : r.items(j, p, "steps")) b.steps.push_back({r.str(sj, sp, "matter", true), r.strings(sj, sp, "after")});
  for (auto& [pj, pp] : r.items(j, p, "produces"))
    b.produces.push_back({r.str(pj, pp, "by_matter", true), r.str(pj, pp, "material", true)});
  return b;
}

GuideTree parse_guide(Reader& r, const json& j, const std::string& p) {
  GuideTree g;
  g.source = r.file + ": " + p;
  g.code = r.str(j, p, "code", true);
  g.title = r.str(j, p, "title", true);
  g.category = r.str(j, p, "category");
  g.root = r.str(j, p, "root", true);
  for (auto& [nj, np] : r.items(j, p, "nodes")) {
    GuideNode n{r.str(nj, np, "id", true), r.str(nj, np, "question", true), {}};
    for (auto& [oj, op] : r.items(nj, np, "options")) {
      GuideOption o{r.str(oj, op, "label", true), r.str(oj, op, "next"), r.str(oj, op, "matter"), r.str(oj, op, "bundle")};
      if (int(!o.next.empty()) + int(!o.matter.empty()) + int(!o.bundle.empty()) != 1)
        r.error(op, "an option leads to exactly one of \"next\", \"matter\" or \"bundle\"");
      n.options.push_back(std::move(o));
    }
    if (n.options.empty()) r.error(np + ".options", "a question needs options");
    g.nodes.push_back(std::move(n));
  }
  return g;
}

// "2026-02-15", in `year`.
std::optional<Day> parse_day(Reader& r, const std::string& text, const std::string& path, int year) {
  int y = 0;
  unsigned m = 0, d = 0;
  char tail = 0;
  const std::chrono::year_month_day ymd =
      std::sscanf(text.c_str(), "%4d-%2u-%2u%c", &y, &m, &d, &tail) == 3 ? std::chrono::year{y} / m / d : std::chrono::year_month_day{};
  if (!ymd.ok() || text.size() != 10) {
    r.error(path, "\"" + text + "\" is not a date (YYYY-MM-DD)");
    return std::nullopt;
  }
  if (y != year) {
    r.error(path, text + " is not in " + std::to_string(year));
    return std::nullopt;
  }
  return Day{ymd};
}

// Each year as the State Council publishes it: the days off ("2026-02-15/2026-02-23" for a run) and
// the weekend days worked instead.
WorkCalendar parse_calendar(Reader& r, const json& doc) {
  WorkCalendar cal;
  r.known(doc, "$", {"source", "years"});
  for (auto& [j, p] : r.items(doc, "$", "years")) {
    r.known(j, p, {"year", "source", "holidays", "workdays"});
    const int year = r.integer(j, p, "year", 0, 2000, 2100);
    if (!cal.years.insert(year).second) r.error(p + ".year", std::to_string(year) + " is listed twice");
    r.str(j, p, "source", true);  // the notice it was taken from, for whoever checks it
    const auto holidays = r.strings(j, p, "holidays");
    for (std::size_t i = 0; i < holidays.size(); ++i) {
      const std::string hp = p + ".holidays[" + std::to_string(i) + "]";
      const std::string& h = holidays[i];
      const auto slash = h.find('/');
      const auto first = parse_day(r, h.substr(0, slash), hp, year);
      const auto last = slash == std::string::npos ? first : parse_day(r, h.substr(slash + 1), hp, year);
      if (!first || !last) continue;
      if (*last < *first) r.error(hp, "the run ends before it starts");
      for (Day d = *first; d <= *last; d += std::chrono::days{1}) cal.holidays.insert(d);
    }
    const auto workdays = r.strings(j, p, "workdays");
    for (std::size_t i = 0; i < workdays.size(); ++i) {
      const std::string wp = p + ".workdays[" + std::to_string(i) + "]";
      const auto d = parse_day(r, workdays[i], wp, year);
      if (!d) continue;
      const std::chrono::weekday w{*d};
      if (w != std::chrono::Saturday && w != std::chrono::Sunday) r.error(wp, workdays[i] + " is a weekday already");
      cal.workdays.insert(*d);
    }
  }
  return cal;
}

// One catalog file's JSON, which must be an object.
template <class Input>
std::optional<json> parse_object(Input&& in, Reader& r) {
  json doc = json::parse(std::forward<Input>(in), nullptr, false);
  if (doc.is_discarded() || !doc.is_object()) {
    r.error("$", "is not a JSON object");
    return std::nullopt;
  }
  return doc;
}

std::optional<json> read_json(const fs::path& path, Reader& r, bool required) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    if (required) r.error("$", "cannot open the file");
    return std::nullopt;
  }
  return parse_object(in, r);
}

std::map<std::string, json> library(Reader& r, const std::optional<json>& doc, const char* key, const char* id) {
  std::map<std::string, json> lib;
  if (!doc) return lib;
  for (auto& [j, p] : r.items(*doc, "$", key)) {
    std::string name = r.str(j, p, id, true);
    if (!lib.emplace(name, j).second) r.error(p, std::string("duplicate ") + id + " \"" + name + "\"");
  }
  return lib;
}
}  // namespace

const FormField* Matter::field(const std::string& key) const {
  for (const auto& f : fields)
    if (f.key == key) return &f;
  return nullptr;
}

const Material* Matter::material(const std::string& c) const {
  for (const auto& m : materials)
    if (m.code == c) return &m;
  return nullptr;
}

const GuideNode* GuideTree::node(const std::string& id) const {
  for (const auto& n : nodes)
    if (n.id == id) return &n;
  return nullptr;
}

const Matter* Catalog::find(const std::string& code) const {
  for (const auto& m : matters)
    if (m.code == code) return &m;
  return nullptr;
}

const Bundle* Catalog::find_bundle(const std::string& code) const {
  for (const auto& b : bundles)
    if (b.code == code) return &b;
  return nullptr;
}

const GuideTree* Catalog::find_guide(const std::string& code) const {
  for (const auto& g : guides)
    if (g.code == code) return &g;
  return nullptr;
}

std::vector<std::string> Catalog::categories() const {
  std::vector<std::string> out;
  for (const auto& m : matters)
    for (const auto& c : m.categories)
      if (std::find(out.begin(), out.end(), c) == out.end()) out.push_back(c);
  return out;
}

std::string Catalog::all_text() const {
  std::string text = title;
  auto add_rule = [&](const Rule& r) { text += r.message; };
  for (const auto& m : matters) {
    text += m.name + m.short_name + m.type + m.department.name + m.conditions + m.fee + m.result.name + m.result.kind +
            m.phone + m.place;
    for (const auto& s : m.categories) text += s;
    for (const auto& s : m.legal_basis) text += s;
    for (const auto& r : m.eligibility) add_rule(r);
    for (const auto& f : m.fields) {
      text += f.label + f.help;
      for (const auto& o : f.options) text += o;
      if (f.validation) add_rule(*f.validation);
    }
    for (const auto& mat : m.materials) {
      text += mat.name + mat.commitment + mat.promise + mat.licence_type + mat.note;
      for (const auto& r : mat.review_points) add_rule(r);
    }
  }
  for (const auto& b : bundles) {
    text += b.name + b.short_name + b.description;
    for (const auto& s : b.categories) text += s;
  }
  for (const auto& g : guides) {
    text += g.title + g.category;
    for (const auto& n : g.nodes) {
      text += n.question;
      for (const auto& o : n.options) text += o.label;
    }
  }
  return text;
}

std::vector<fs::path> catalog_files(const fs::path& root) {
  std::vector<fs::path> files;
  for (const char* name : {"catalog.json", "fields.json", "materials.json", "bundles.json", "guides.json", "calendar.json"})
    if (fs::is_regular_file(root / name)) files.emplace_back(name);
  std::error_code ec;
  std::vector<fs::path> matters;
  for (const auto& e : fs::directory_iterator(root / "matters", ec))
    if (e.is_regular_file() && e.path().extension() == ".json") matters.push_back(fs::path("matters") / e.path().filename());
  std::sort(matters.begin(), matters.end());
  files.insert(files.end(), matters.begin(), matters.end());
  return files;
}

Result<Catalog> load_catalog(const fs::path& root) {
  if (!fs::is_directory(root)) return fail("catalog " + root.string() + " is not a catalog directory");
  Reader r;
  Catalog c;
  r.file = "catalog.json";
  if (auto meta = read_json(root / "catalog.json", r, true)) {
    c.title = r.str(*meta, "$", "title", true);
    c.version = r.str(*meta, "$", "version");
  }
  r.file = "fields.json";
  const auto fields = library(r, read_json(root / "fields.json", r, false), "fields", "key");
  r.file = "materials.json";
  const auto materials = library(r, read_json(root / "materials.json", r, false), "materials", "code");
  for (const auto& rel : catalog_files(root)) {
    if (rel.parent_path() != "matters") continue;
    r.file = rel.string();
    auto doc = read_json(root / rel, r, true);
    if (!doc) continue;
    for (auto& [j, p] : r.items(*doc, "$", "matters")) c.matters.push_back(parse_matter(r, j, p, fields, materials));
  }
  r.file = "bundles.json";
  if (auto doc = read_json(root / "bundles.json", r, false))
    for (auto& [j, p] : r.items(*doc, "$", "bundles")) c.bundles.push_back(parse_bundle(r, j, p));
  r.file = "guides.json";
  if (auto doc = read_json(root / "guides.json", r, false))
    for (auto& [j, p] : r.items(*doc, "$", "guides")) c.guides.push_back(parse_guide(r, j, p));
  r.file = "calendar.json";
  if (auto doc = read_json(root / "calendar.json", r, false)) c.calendar = parse_calendar(r, *doc);
  if (c.matters.empty() && r.errors.empty()) r.errors.push_back("matters/: the catalog has no matters");
  if (!r.errors.empty()) {
    std::string msg = "catalog " + root.string() + ": " + std::to_string(r.errors.size()) + " problem(s):";
    for (const auto& e : r.errors) msg += "\n  " + e;
    return fail(msg);
  }
  return c;
}

Result<WorkCalendar> read_calendar(std::string_view text) {
  Reader r;
  r.file = "calendar.json";
  WorkCalendar cal;
  if (auto doc = parse_object(text, r)) cal = parse_calendar(r, *doc);
  if (!r.errors.empty()) return fail(r.errors.front());
  return cal;
}

std::string to_string(FieldType t) {
  for (const auto& n : kFieldTypes)
    if (n.value == t) return n.name;
  return "text";
}
std::string to_string(Audience a) { return a == Audience::Person ? "person" : "legal_person"; }
std::string to_string(RegionScope s) {
  for (const auto& n : kRegions)
    if (n.value == s) return n.name;
  return "local";
}

}  // namespace ow::catalog
