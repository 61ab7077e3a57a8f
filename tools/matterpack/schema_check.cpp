#include "tools/matterpack/schema_check.hpp"

#include <algorithm>
#include <charconv>
#include <fstream>
#include <iterator>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <valijson/adapters/nlohmann_json_adapter.hpp>
#include <valijson/schema.hpp>
#include <valijson/schema_parser.hpp>
#include <valijson/validation_results.hpp>
#include <valijson/validator.hpp>

#include "kiosk/catalog/catalog.hpp"

namespace ow::matterpack {

namespace {
using nlohmann::json;
namespace fs = std::filesystem;
using Docs = std::map<std::string, json>;

bool starts(const std::string& s, std::string_view prefix) { return s.rfind(prefix, 0) == 0; }

std::string file_name(const std::string& uri) {
  const auto slash = uri.rfind('/');
  return slash == std::string::npos ? uri : uri.substr(slash + 1);
}

// The schema a source file must satisfy: matters/*.json → matters.schema.json, x.json → x.schema.json.
std::string schema_for(const fs::path& rel) {
  return (rel.parent_path() == "matters" ? std::string("matters") : rel.stem().string()) + ".schema.json";
}

// The subschema at an instance path, followed beside valijson for what a message needs: the allowed
// values, the expected type, the limit, a description. Null where the path leaves what it can follow.
struct SchemaWalk {
  const Docs* docs;
  std::string doc;
  const json* node;

  void deref() {
    for (int hops = 0; node && node->is_object() && node->contains("$ref") && hops < 16; ++hops) {
      const std::string ref = node->at("$ref").get<std::string>();
      const auto hash = ref.find('#');
      if (hash != 0) doc = file_name(ref.substr(0, hash));
      const auto d = docs->find(doc);
      const json::json_pointer ptr(hash == std::string::npos ? "" : ref.substr(hash + 1));
      node = d != docs->end() && d->second.contains(ptr) ? &d->second.at(ptr) : nullptr;
    }
  }
  // Into member `key`, or into an array item when `key` is null; looks inside allOf too.
  bool step(const std::string* key) {
    deref();
    if (!node || !node->is_object()) return (node = nullptr), false;
    if (!key && node->contains("items")) return (node = &node->at("items")), true;
    if (key && node->contains("properties") && node->at("properties").contains(*key))
      return (node = &node->at("properties").at(*key)), true;
    if (node->contains("allOf"))
      for (const auto& sub : node->at("allOf")) {
        SchemaWalk w{docs, doc, &sub};
        if (w.step(key)) return (*this = w), true;
      }
    return (node = nullptr), false;
  }
  std::string member(const char* key) const {
    if (!node || !node->is_object() || !node->contains(key)) return {};
    const json& v = node->at(key);
    return v.is_string() ? v.get<std::string>() : v.dump();
  }
};

// One valijson error, placed: "$.matters[3].materials[1]", the value there and its subschema.
struct Located {
  std::string path;
  const json* value;
  SchemaWalk schema;
  std::string description;  // valijson's
};

Located locate(const json& doc, const valijson::ValidationResults::Error& e, SchemaWalk walk) {
  Located at{"$", &doc, walk, e.description};
  for (std::size_t i = 1; i < e.context.size(); ++i) {  // context[0] is "<root>", the rest "[member]"
    const std::string& c = e.context[i];
    const std::string seg = c.size() >= 2 && c.front() == '[' && c.back() == ']' ? c.substr(1, c.size() - 2) : c;
    std::size_t index = 0;
    const bool is_index = at.value && at.value->is_array() &&
                          std::from_chars(seg.data(), seg.data() + seg.size(), index).ec == std::errc{};
    if (is_index) {
      at.path += "[" + seg + "]";
      at.value = index < at.value->size() ? &at.value->at(index) : nullptr;
      at.schema.step(nullptr);
    } else {
      at.path += "." + seg;
      at.value = at.value && at.value->is_object() && at.value->contains(seg) ? &at.value->at(seg) : nullptr;
      at.schema.step(&seg);
    }
  }
  at.schema.deref();
  return at;
}

std::string kind(const json* v) {
  if (!v) return "nothing";
  switch (v->type()) {
    case json::value_t::string: return "a string (" + v->dump() + ")";
    case json::value_t::number_integer:
    case json::value_t::number_unsigned: return "a whole number (" + v->dump() + ")";
    case json::value_t::number_float: return "a number (" + v->dump() + ")";
    case json::value_t::boolean: return v->dump();
    case json::value_t::array: return "an array";
    case json::value_t::object: return "an object";
    default: return "null";
  }
}

std::string type_words(const std::string& t) {
  static const std::map<std::string, std::string> words = {
      {"string", "a string"}, {"integer", "a whole number"}, {"number", "a number"}, {"boolean", "true or false"},
      {"array", "an array"},  {"object", "an object"},       {"null", "null"}};
  const auto it = words.find(t);
  return it == words.end() ? t : it->second;
}

std::string expected_type(const SchemaWalk& s) {
  if (!s.node || !s.node->is_object() || !s.node->contains("type")) return "of another type";
  const json& t = s.node->at("type");
  if (t.is_string()) return type_words(t.get<std::string>());
  std::string out;
  for (const auto& x : t) out += (out.empty() ? "" : " or ") + type_words(x.get<std::string>());
  return out;
}

std::string allowed(const SchemaWalk& s) {
  if (!s.node || !s.node->is_object() || !s.node->contains("enum")) return "the values allowed here";
  std::string out;
  for (const auto& v : s.node->at("enum")) out += (out.empty() ? "" : ", ") + (v.is_string() ? v.get<std::string>() : v.dump());
  return out;
}

// The name in the last quotes of a valijson message: "… 'properties' or … constraints: 'requird'."
std::string quoted_name(const std::string& d) {
  const auto b = d.rfind('\'');
  const auto a = b == std::string::npos || b == 0 ? std::string::npos : d.rfind('\'', b - 1);
  return a == std::string::npos ? std::string() : d.substr(a + 1, b - a - 1);
}

// valijson's messages that only say a part failed below; the errors under them say what.
bool umbrella(const std::string& d) {
  for (std::string_view p : {"Failed to validate item #", "Failed to validate against schema associated with",
                             "Failed to validate against a conditional schema", "Failed to validate against additional properties",
                             "Failed to validate against any schemas allowed by anyOf", "Failed to validate against any child schemas",
                             "Failed to validate against child schema #", "Failed to validate against dependent schema"})
    if (starts(d, p)) return true;
  return false;
}

// Names the rule, in words: "enum: \"sometimes\" is not one of required, optional, deferrable".
catalog::Issue explain(const std::string& file, const Located& at) {
  const std::string& d = at.description;
  const std::string why = at.schema.member("description");
  const std::string where = file + ": " + at.path;
  const std::string value = at.value ? at.value->dump() : std::string();
  if (starts(d, "Missing required property")) return {where, "required: \"" + quoted_name(d) + "\" is missing"};
  if (starts(d, "Object contains a property"))
    return {where + "." + quoted_name(d), "additionalProperties: is not a member the catalog format defines here"};
  if (starts(d, "Failed to validate against schema associated with property name"))
    return {where + "." + quoted_name(d), "properties: is not allowed here"};
  if (starts(d, "Value type not permitted")) return {where, "type: must be " + expected_type(at.schema) + ", not " + kind(at.value)};
  if (starts(d, "Failed to match against any enum")) return {where, "enum: " + value + " is not one of " + allowed(at.schema)};
  if (starts(d, "Failed to match expected value set by 'const'")) return {where, "const: must be " + at.schema.member("const")};
  if (starts(d, "Failed to match regex"))
    return {where, "pattern: " + value + " does not match " + at.schema.member("pattern") + (why.empty() ? "" : " (" + why + ")")};
  if (starts(d, "String should be no fewer than"))
    return {where, at.schema.member("minLength") == "1" ? "minLength: must not be empty"
                                                        : "minLength: needs at least " + at.schema.member("minLength") + " characters"};
  if (starts(d, "String should be no more than")) return {where, "maxLength: has more than " + at.schema.member("maxLength") + " characters"};
  if (starts(d, "Expected number greater than")) return {where, "minimum: " + value + " is less than " + at.schema.member("minimum")};
  if (starts(d, "Expected number less than")) return {where, "maximum: " + value + " is more than " + at.schema.member("maximum")};
  if (starts(d, "Array should contain no fewer than"))
    return {where, "minItems: needs at least " + at.schema.member("minItems") + " entr" + (at.schema.member("minItems") == "1" ? "y" : "ies")};
  if (starts(d, "Array should contain no more than")) return {where, "maxItems: has more than " + at.schema.member("maxItems") + " entries"};
  if (starts(d, "Target should not validate against schema specified in 'not'"))
    return {where, "not: " + (why.empty() ? "has a form this place excludes" : why)};
  if (starts(d, "Failed to validate against exactly one child schema"))
    return {where, "oneOf: matches more than one form" + (why.empty() ? "" : "; " + why)};
  if (starts(d, "Failed to validate against any child schemas allowed by oneOf") || starts(d, "Failed to validate against any schemas allowed by anyOf"))
    return {where, std::string(starts(d, "Failed to validate against any child") ? "oneOf" : "anyOf") + ": matches none of the allowed forms" +
                       (why.empty() ? "" : "; " + why)};
  return {where, d};
}

bool under(const std::string& path, const std::string& base) {
  return path == base || (starts(path, base) && (path[base.size()] == '.' || path[base.size()] == '['));
}

std::vector<catalog::Issue> check_file(const std::string& file, const json& doc, const valijson::Schema& schema, SchemaWalk root) {
  valijson::Validator validator;
  valijson::ValidationResults results;
  if (validator.validate(schema, valijson::adapters::NlohmannJsonAdapter(doc), &results)) return {};
  std::vector<Located> errors;
  valijson::ValidationResults::Error e;
  while (results.popError(e)) errors.push_back(locate(doc, e, root));
  std::vector<catalog::Issue> out;
  for (const auto& at : errors) {
    if (umbrella(at.description)) {
      const std::string base = starts(at.description, "Failed to validate against schema associated with property name")
                                   ? at.path + "." + quoted_name(at.description)
                                   : at.path;
      const bool explained = std::any_of(errors.begin(), errors.end(), [&](const Located& o) {
        return &o != &at && under(o.path, base) && (o.path != base || !umbrella(o.description));
      });
      if (explained || starts(at.description, "Failed to validate item #") ||
          starts(at.description, "Failed to validate against a conditional schema") ||
          starts(at.description, "Failed to validate against child schema #"))
        continue;
    }
    catalog::Issue issue = explain(file, at);
    if (std::none_of(out.begin(), out.end(), [&](const catalog::Issue& i) { return i.where == issue.where && i.message == issue.message; }))
      out.push_back(std::move(issue));
  }
  return out;
}

std::optional<std::string> read_text(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  return std::string(std::istreambuf_iterator<char>(in), {});
}
}  // namespace

std::vector<catalog::Issue> check_schemas(const fs::path& root) {
  Docs docs;
  for (const auto& s : kSchemas) docs.emplace(s.name, json::parse(s.text));
  std::map<std::string, std::unique_ptr<valijson::Schema>> compiled;
  std::vector<catalog::Issue> issues;
  for (const auto& rel : catalog::catalog_files(root)) {
    const std::string file = rel.generic_string(), name = schema_for(rel);
    const auto d = docs.find(name);
    const auto text = read_text(root / rel);
    if (d == docs.end() || !text) continue;
    auto& schema = compiled[name];
    if (!schema) {
      schema = std::make_unique<valijson::Schema>();
      valijson::SchemaParser parser(valijson::SchemaParser::kDraft7);
      // The schemas' "defs.schema.json#/…" references are to the other embedded files, never fetched.
      parser.populateSchema(
          valijson::adapters::NlohmannJsonAdapter(d->second), *schema,
          [&docs](const std::string& uri) -> const json* {
            const auto f = docs.find(file_name(uri));
            return f == docs.end() ? nullptr : new json(f->second);
          },
          [](const json* fetched) { delete fetched; });
    }
    try {
      const json doc = json::parse(*text);
      auto found = check_file(file, doc, *schema, SchemaWalk{&docs, name, &d->second});
      issues.insert(issues.end(), found.begin(), found.end());
    } catch (const json::parse_error& e) {
      const std::string what = e.what();
      issues.push_back({file + ": $", "is not JSON: " + what.substr(what.find("] ") == std::string::npos ? 0 : what.find("] ") + 2)});
    }
  }
  return issues;
}

}  // namespace ow::matterpack
