#include "kiosk/catalog/validate.hpp"

#include <map>
#include <set>

#include "kiosk/catalog/bundle.hpp"
#include "kiosk/catalog/jsonlogic.hpp"

namespace ow::catalog {

namespace {
// The card fields the kiosk can pre-fill a form from, and what the platform knows about the
// applicant (docs/platform-api.md, POST /v1/applicant/profile).
const std::set<std::string> kPrefills = {"idcard.name", "idcard.id_number", "idcard.address", "idcard.birth_date",
                                         "idcard.sex", "idcard.nation",
                                         "platform.phone", "platform.address", "platform.contact_address",
                                         "platform.employer", "platform.bank_name", "platform.bank_account"};

struct Checker {
  std::vector<Issue> issues;
  void add(const std::string& where, const std::string& msg) { issues.push_back({where, msg}); }
  void rule(const std::string& where, const nlohmann::json& logic) {
    if (auto ok = jsonlogic::check(logic); !ok) add(where, "rule: " + ok.error().message);
  }
};

std::string at(const std::string& source, const std::string& sub) { return source + sub; }

void check_matter(Checker& c, const Matter& m) {
  if (m.code.size() > 36) c.add(m.source + ".code", "an implementation code has at most 36 characters");
  if (!m.basic_code.empty() && m.basic_code.size() != 12) c.add(m.source + ".basic_code", "a basic code has 12 characters");
  if (!m.department.credit_code.empty() && !jsonlogic::credit_code_valid(m.department.credit_code))
    c.add(m.source + ".department.credit_code", "\"" + m.department.credit_code + "\" fails the GB 32100 check character");
  if (m.promised_limit.unit == m.legal_limit.unit && m.legal_limit.value > 0 && m.promised_limit.value > m.legal_limit.value)
    c.add(m.source + ".promised_limit", "the promised time limit is longer than the legal one");
  for (std::size_t i = 0; i < m.eligibility.size(); ++i)
    c.rule(at(m.source, ".eligibility[" + std::to_string(i) + "].logic"), m.eligibility[i].logic);
  std::set<std::string> keys, codes;
  for (std::size_t i = 0; i < m.fields.size(); ++i) {
    const FormField& f = m.fields[i];
    const std::string w = m.source + ".fields[" + std::to_string(i) + "]";
    if (!keys.insert(f.key).second) c.add(w + ".key", "field key \"" + f.key + "\" is used twice in this matter");
    if (!f.prefill.empty() && !kPrefills.count(f.prefill)) c.add(w + ".prefill", "unknown prefill source \"" + f.prefill + "\"");
    if (f.validation) c.rule(w + ".validation.logic", f.validation->logic);
  }
  for (std::size_t i = 0; i < m.materials.size(); ++i) {
    const Material& mat = m.materials[i];
    const std::string w = m.source + ".materials[" + std::to_string(i) + "]";
    if (!codes.insert(mat.code).second) c.add(w + ".code", "material \"" + mat.code + "\" is listed twice in this matter");
    if (mat.when) c.rule(w + ".when", *mat.when);
    for (std::size_t k = 0; k < mat.review_points.size(); ++k)
      c.rule(w + ".review_points[" + std::to_string(k) + "].logic", mat.review_points[k].logic);
    if (mat.source == MaterialSource::LicenceLibrary && mat.licence_type.empty())
      c.add(w + ".licence_type", "a material from the licence library needs its licence type");
  }
}

void check_guide(Checker& c, const Catalog& cat, const GuideTree& g) {
  if (!g.node(g.root)) c.add(g.source + ".root", "no node \"" + g.root + "\"");
  std::set<std::string> ids;
  for (std::size_t i = 0; i < g.nodes.size(); ++i) {
    const GuideNode& n = g.nodes[i];
    const std::string w = g.source + ".nodes[" + std::to_string(i) + "]";
    if (!ids.insert(n.id).second) c.add(w + ".id", "node id \"" + n.id + "\" is used twice");
    for (std::size_t k = 0; k < n.options.size(); ++k) {
      const GuideOption& o = n.options[k];
      const std::string ow = w + ".options[" + std::to_string(k) + "]";
      if (!o.next.empty() && !g.node(o.next)) c.add(ow + ".next", "no node \"" + o.next + "\"");
      if (!o.matter.empty() && !cat.find(o.matter)) c.add(ow + ".matter", "no matter \"" + o.matter + "\"");
      if (!o.bundle.empty() && !cat.find_bundle(o.bundle)) c.add(ow + ".bundle", "no bundle \"" + o.bundle + "\"");
    }
  }
  // Every question must be reachable and the questionnaire must end: walk from the root and
  // report a node met again on the same path (a loop) or never met at all.
  std::set<std::string> seen;
  std::function<void(const std::string&, std::set<std::string>&)> walk = [&](const std::string& id, std::set<std::string>& path) {
    const GuideNode* n = g.node(id);
    if (!n) return;
    if (path.count(id)) {
      c.add(g.source, "the questions loop back to \"" + id + "\"");
      return;
    }
    seen.insert(id);
    path.insert(id);
    for (const auto& o : n->options)
      if (!o.next.empty()) walk(o.next, path);
    path.erase(id);
  };
  std::set<std::string> path;
  walk(g.root, path);
  for (const auto& n : g.nodes)
    if (!seen.count(n.id)) c.add(g.source, "node \"" + n.id + "\" cannot be reached from the root");
}
}  // namespace

std::vector<Issue> validate_catalog(const Catalog& cat) {
  Checker c;
  std::map<std::string, std::string> codes;
  for (const auto& m : cat.matters)
    if (auto [it, fresh] = codes.emplace(m.code, m.source); !fresh)
      c.add(m.source + ".code", "matter code " + m.code + " is also used at " + it->second);
  for (const auto& b : cat.bundles)
    if (auto [it, fresh] = codes.emplace(b.code, b.source); !fresh)
      c.add(b.source + ".code", "code " + b.code + " is also used at " + it->second);
  for (const auto& g : cat.guides)
    if (auto [it, fresh] = codes.emplace(g.code, g.source); !fresh)
      c.add(g.source + ".code", "code " + g.code + " is also used at " + it->second);
  for (const auto& m : cat.matters) check_matter(c, m);

  for (const auto& b : cat.bundles) {
    if (b.steps.size() < 2) c.add(b.source + ".steps", "a bundle joins at least two matters");
    for (std::size_t i = 0; i < b.steps.size(); ++i)
      if (!cat.find(b.steps[i].matter))
        c.add(b.source + ".steps[" + std::to_string(i) + "].matter", "no matter \"" + b.steps[i].matter + "\"");
    auto merged = merge_bundle(cat, b);
    if (!merged) {
      c.add(b.source + ".steps", merged.error().message);
      continue;
    }
    for (const auto& x : merged->conflicts)
      c.add(b.source, x.what + " \"" + x.id + "\" means different things in " + x.first_matter + " and " + x.second_matter + ": " +
                          x.detail);
    for (std::size_t i = 0; i < b.produces.size(); ++i) {
      const auto& p = b.produces[i];
      const std::string w = b.source + ".produces[" + std::to_string(i) + "]";
      bool in_steps = false, used = false;
      for (const Matter* m : merged->steps) in_steps = in_steps || m->code == p.by_matter;
      for (const auto& mm : merged->materials) used = used || mm.material.code == p.material;
      if (!in_steps) c.add(w + ".by_matter", "\"" + p.by_matter + "\" is not a step of this bundle");
      if (!used) c.add(w + ".material", "no step asks for material \"" + p.material + "\"");
    }
  }
  for (const auto& g : cat.guides) check_guide(c, cat, g);
  return c.issues;
}

void visit_texts(const Catalog& cat, const std::function<void(const std::string&, const std::string&)>& fn) {
  fn("catalog.json: $.title", cat.title);
  for (const auto& m : cat.matters) {
    const std::string& s = m.source;
    for (const auto& [k, v] : std::initializer_list<std::pair<const char*, const std::string*>>{
             {".name", &m.name}, {".short_name", &m.short_name}, {".type", &m.type}, {".department.name", &m.department.name},
             {".conditions", &m.conditions}, {".fee", &m.fee}, {".result.name", &m.result.name}, {".result.kind", &m.result.kind},
             {".phone", &m.phone}, {".place", &m.place}})
      fn(s + k, *v);
    for (std::size_t i = 0; i < m.categories.size(); ++i) fn(s + ".categories[" + std::to_string(i) + "]", m.categories[i]);
    for (std::size_t i = 0; i < m.legal_basis.size(); ++i) fn(s + ".legal_basis[" + std::to_string(i) + "]", m.legal_basis[i]);
    for (std::size_t i = 0; i < m.keywords.size(); ++i) fn(s + ".keywords[" + std::to_string(i) + "]", m.keywords[i]);
    for (std::size_t i = 0; i < m.eligibility.size(); ++i)
      fn(s + ".eligibility[" + std::to_string(i) + "].message", m.eligibility[i].message);
    for (std::size_t i = 0; i < m.fields.size(); ++i) {
      const FormField& f = m.fields[i];
      const std::string w = s + ".fields[" + std::to_string(i) + "]";
      fn(w + ".label", f.label);
      fn(w + ".help", f.help);
      for (std::size_t k = 0; k < f.options.size(); ++k) fn(w + ".options[" + std::to_string(k) + "]", f.options[k]);
      if (f.validation) fn(w + ".validation.message", f.validation->message);
    }
    for (std::size_t i = 0; i < m.materials.size(); ++i) {
      const Material& mat = m.materials[i];
      const std::string w = s + ".materials[" + std::to_string(i) + "]";
      fn(w + ".name", mat.name);
      fn(w + ".commitment", mat.commitment);
      fn(w + ".promise", mat.promise);
      fn(w + ".licence_type", mat.licence_type);
      fn(w + ".note", mat.note);
      for (std::size_t k = 0; k < mat.review_points.size(); ++k)
        fn(w + ".review_points[" + std::to_string(k) + "].message", mat.review_points[k].message);
    }
  }
  for (const auto& b : cat.bundles) {
    fn(b.source + ".name", b.name);
    fn(b.source + ".short_name", b.short_name);
    fn(b.source + ".description", b.description);
    for (std::size_t i = 0; i < b.categories.size(); ++i) fn(b.source + ".categories[" + std::to_string(i) + "]", b.categories[i]);
    for (std::size_t i = 0; i < b.keywords.size(); ++i) fn(b.source + ".keywords[" + std::to_string(i) + "]", b.keywords[i]);
  }
  for (const auto& g : cat.guides) {
    fn(g.source + ".title", g.title);
    fn(g.source + ".category", g.category);
    for (std::size_t i = 0; i < g.nodes.size(); ++i) {
      const std::string w = g.source + ".nodes[" + std::to_string(i) + "]";
      fn(w + ".question", g.nodes[i].question);
      for (std::size_t k = 0; k < g.nodes[i].options.size(); ++k)
        fn(w + ".options[" + std::to_string(k) + "].label", g.nodes[i].options[k].label);
    }
  }
}

}  // namespace ow::catalog
