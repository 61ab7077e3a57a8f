// The matterpack CLI as an operator runs it: keygen → validate → build → verify, then the ways a
// package or a source folder must be refused (wrong key, tampered bytes, broken JSON references, a
// character the kiosk font cannot draw), each with a non-zero exit and a message naming the fault,
// and publish to platform-emu; then a set of broken catalogs, each refused with its file and path.
#include <doctest/doctest.h>

#include <chrono>
#include <ctime>
#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>

#include "tests/integration/sync_fixture.hpp"
#include "tests/tools/run_matterpack.hpp"

namespace fs = std::filesystem;
using ow::synctest::Emulator;

namespace {
using ow::test::matterpack;
using ow::test::Run;
using ow::test::slurp;

void spit(const fs::path& p, const std::string& bytes) {
  std::ofstream out(p, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// A copy of the sample catalog with one file (relative to the folder) changed by `edit`.
fs::path broken_copy(const fs::path& dir, const std::string& name, const std::string& rel,
                     const std::function<void(nlohmann::json&)>& edit) {
  const fs::path copy = dir / name;
  fs::copy(OW_SAMPLE_CATALOG, copy, fs::copy_options::recursive);
  const auto file = copy / rel;
  auto doc = nlohmann::json::parse(slurp(file));
  edit(doc);
  spit(file, doc.dump(1));
  return copy;
}

fs::path broken_copy(const fs::path& dir, const std::string& name, const std::function<void(nlohmann::json&)>& edit) {
  return broken_copy(dir, name, "matters/01_social_insurance.json", edit);
}

std::string next_year() {
  const std::time_t t = std::time(nullptr) + 365 * 24 * 3600;
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[16];
  std::strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
  return buf;
}
}  // namespace

TEST_CASE("matterpack: keygen, validate, build, verify, and every refusal names its reason") {
  const fs::path dir = ow::synctest::fresh_dir("matterpack");
  const std::string keys = (dir / "keys").string(), other = (dir / "other").string();
  const std::string pkg = (dir / "v7.pkg").string();

  auto r = matterpack(dir, {"keygen", "--out", keys});
  REQUIRE_MESSAGE(r.rc == 0, r.err);
  REQUIRE(fs::exists(dir / "keys" / "catalog.key"));
  REQUIRE(fs::exists(dir / "keys" / "catalog.pub"));
  CHECK((fs::status(dir / "keys" / "catalog.key").permissions() & fs::perms::others_read) == fs::perms::none);
  REQUIRE(matterpack(dir, {"keygen", "--out", other}).rc == 0);
  CHECK(slurp(dir / "keys" / "catalog.pub") != slurp(dir / "other" / "catalog.pub"));

  r = matterpack(dir, {"validate", OW_SAMPLE_CATALOG});
  CHECK_MESSAGE(r.rc == 0, r.err);
  CHECK(has(r.out, "is valid"));

  r = matterpack(dir, {"build", OW_SAMPLE_CATALOG, "--key", keys + "/catalog.key", "--version", "7", "--expires",
                       next_year(), "-o", pkg});
  REQUIRE_MESSAGE(r.rc == 0, r.err);
  REQUIRE(fs::file_size(pkg) > 1000);

  {  // verify with the right key
    r = matterpack(dir, {"verify", pkg, "--pub", keys + "/catalog.pub"});
    CHECK_MESSAGE(r.rc == 0, r.err);
    CHECK(has(r.out, "signature OK"));
    CHECK(has(r.out, "version 7"));
  }
  {  // a kiosk that already has version 7 refuses it (rollback)
    r = matterpack(dir, {"verify", pkg, "--pub", keys + "/catalog.pub", "--applied", "7"});
    CHECK(r.rc != 0);
    CHECK(has(r.err, "not_newer"));
  }
  {  // the wrong key
    r = matterpack(dir, {"verify", pkg, "--pub", other + "/catalog.pub"});
    CHECK(r.rc != 0);
    CHECK(has(r.err, "REJECTED (bad_signature)"));
  }
  {  // tampered content, tampered manifest, truncated
    const std::string good = slurp(pkg);
    std::string content = good;
    content[content.size() - 10] ^= 0x01;
    spit(dir / "content.pkg", content);
    r = matterpack(dir, {"verify", (dir / "content.pkg").string(), "--pub", keys + "/catalog.pub"});
    CHECK(r.rc != 0);
    CHECK(has(r.err, "REJECTED (content_mismatch)"));

    std::string manifest = good;
    // The first "version" is the manifest's (signed); the catalog's own comes later, in content.
    const std::string field = "\"version\": 7";
    const auto at = manifest.find(field);
    REQUIRE(at != std::string::npos);
    manifest[at + field.size() - 1] = '9';
    spit(dir / "manifest.pkg", manifest);
    r = matterpack(dir, {"verify", (dir / "manifest.pkg").string(), "--pub", keys + "/catalog.pub"});
    CHECK(r.rc != 0);
    CHECK(has(r.err, "REJECTED (bad_signature)"));

    spit(dir / "short.pkg", good.substr(0, good.size() - 100));
    r = matterpack(dir, {"verify", (dir / "short.pkg").string(), "--pub", keys + "/catalog.pub"});
    CHECK(r.rc != 0);
    CHECK(has(r.err, "REJECTED (truncated)"));
  }
  {  // a broken reference in a source folder names its file and JSON path
    const auto src = broken_copy(dir, "broken", [](nlohmann::json& d) { d["matters"][1]["materials"][0]["use"] = "M_NO_SUCH"; });
    r = matterpack(dir, {"validate", src.string()});
    CHECK(r.rc != 0);
    CHECK_MESSAGE(has(r.err, "matters/01_social_insurance.json: $.matters[1].materials[0].use"), r.err);
    r = matterpack(dir, {"build", src.string(), "--key", keys + "/catalog.key", "--version", "8", "--expires",
                         next_year(), "-o", (dir / "broken.pkg").string()});
    CHECK(r.rc != 0);
    CHECK_FALSE(fs::exists(dir / "broken.pkg"));
  }
  {  // a character outside the kiosk font names its code point and path
    const auto src = broken_copy(dir, "emoji", [](nlohmann::json& d) {
      d["matters"][2]["name"] = d["matters"][2]["name"].get<std::string>() + "\xF0\x9F\x98\x80";  // U+1F600
    });
    r = matterpack(dir, {"validate", src.string()});
    CHECK(r.rc != 0);
    CHECK_MESSAGE(has(r.err, "$.matters[2].name"), r.err);
    CHECK(has(r.err, "U+1F600"));
  }
  {  // publish to the platform, which then serves the same bytes
    Emulator emu({}, dir, true);
    r = matterpack(dir, {"publish", pkg, "--platform", emu.url()});
    REQUIRE_MESSAGE(r.rc == 0, r.err);
    auto client = ow::store::PlatformClient::create(emu.endpoint()).value();
    const auto a = client->request("GET", "/v1/catalog", {}, {}, 64u << 20);
    CHECK(a.status == 200);
    CHECK(a.body == slurp(pkg));
  }
  fs::remove_all(dir);
}

namespace {
// One fault put into a copy of the sample: `edit` breaks `file` and returns the JSON path of the
// fault; the refusal must name "file: path" and say `rule`.
struct Fault {
  const char* name;
  std::string file;
  std::function<std::string(nlohmann::json&)> edit;
  std::string rule;
};

const std::string kSocial = "matters/01_social_insurance.json";

// The first matter with at least `n` materials, so the cases do not hang on the sample's order.
std::size_t matter_with_materials(const nlohmann::json& d, std::size_t n) {
  for (std::size_t i = 0; i < d["matters"].size(); ++i)
    if (d["matters"][i].value("materials", nlohmann::json::array()).size() >= n) return i;
  return 0;
}

std::string at(std::size_t i) { return "[" + std::to_string(i) + "]"; }
}  // namespace

TEST_CASE("matterpack: the schema and the checks after it refuse each broken catalog, naming file, path and rule") {
  const fs::path dir = ow::synctest::fresh_dir("matterpack-broken");
  REQUIRE(matterpack(dir, {"keygen", "--out", (dir / "keys").string()}).rc == 0);
  const std::vector<Fault> faults = {
      {"wrong type", kSocial,
       [](nlohmann::json& d) {
         d["matters"][0]["promised_limit"]["value"] = "5";
         return std::string("$.matters[0].promised_limit.value");
       },
       "type: must be a whole number, not a string"},
      {"unknown member", kSocial,
       [](nlohmann::json& d) {
         d["matters"][0]["requird"] = true;
         return std::string("$.matters[0].requird");
       },
       "additionalProperties: is not a member"},
      {"bad enum", kSocial,
       [](nlohmann::json& d) {
         const auto i = matter_with_materials(d, 2);
         d["matters"][i]["materials"][1]["necessity"] = "sometimes";
         return "$.matters" + at(i) + ".materials[1].necessity";
       },
       "enum: \"sometimes\" is not one of required, optional, deferrable"},
      {"missing member", kSocial,
       [](nlohmann::json& d) {
         d["matters"][2].erase("name");
         return std::string("$.matters[2]");
       },
       "required: \"name\" is missing"},
      {"shared material used in the library", "materials.json",
       [](nlohmann::json& d) {
         d["materials"][0]["use"] = d["materials"][1]["code"];
         return std::string("$.materials[0].use");
       },
       "is not allowed here"},
      {"guide option with two targets", "guides.json",
       [](nlohmann::json& d) {
         auto& o = d["guides"][0]["nodes"][0]["options"][0];
         o[o.contains("next") ? "bundle" : "next"] = "X";
         return std::string("$.guides[0].nodes[0].options[0]");
       },
       "oneOf: matches more than one form"},
      {"calendar day", "calendar.json",
       [](nlohmann::json& d) {
         d["years"][0]["workdays"].push_back("2026-2-1");
         return "$.years[0].workdays" + at(d["years"][0]["workdays"].size() - 1);
       },
       "pattern: \"2026-2-1\" does not match"},
      {"deferrable without deferral", kSocial,
       [](nlohmann::json& d) {
         auto& list = d["matters"][0]["materials"];
         list.push_back({{"code", "M_LATER"}, {"name", "补交材料"}, {"necessity", "deferrable"}, {"commitment", "我承诺补交"}});
         return "$.matters[0].materials" + at(list.size() - 1);
       },
       "required: \"deferral\" is missing"},
      {"告知承诺 on a material that is not required", kSocial,
       [](nlohmann::json& d) {
         auto& list = d["matters"][0]["materials"];
         list.push_back({{"code", "M_MAYBE"}, {"name", "可选材料"}, {"necessity", "optional"}, {"promise", "我承诺"}});
         return "$.matters[0].materials" + at(list.size() - 1) + ".promise";
       },
       "告知承诺 replaces a required proof"},
      {"bundle step naming no matter", "bundles.json",
       [](nlohmann::json& d) {
         d["bundles"][0]["steps"][1]["matter"] = "NO_SUCH_MATTER";
         return std::string("$.bundles[0].steps[1].matter");
       },
       "no matter \"NO_SUCH_MATTER\""},
      {"material use naming nothing", kSocial,
       [](nlohmann::json& d) {
         const auto i = matter_with_materials(d, 1);
         d["matters"][i]["materials"][0] = {{"use", "M_NO_SUCH"}};
         return "$.matters" + at(i) + ".materials[0].use";
       },
       "names nothing in the shared library"},
      {"credit code check character", kSocial,
       [](nlohmann::json& d) {
         std::string code = d["matters"][0]["department"]["credit_code"];
         code.back() = code.back() == '0' ? '1' : '0';
         d["matters"][0]["department"]["credit_code"] = code;
         return std::string("$.matters[0].department.credit_code");
       },
       "fails the GB 32100 check character"},
      {"rule with an unknown operation", kSocial,
       [](nlohmann::json& d) {
         d["matters"][0]["fields"][0]["validation"] = {{"logic", {{"no_such_op", {1, 2}}}}, {"message", "不对"}};
         return std::string("$.matters[0].fields[0].validation.logic");
       },
       "unknown operation \"no_such_op\""},
  };
  int n = 0;
  for (const auto& f : faults) {
    CAPTURE(f.name);
    std::string path;
    const auto src = broken_copy(dir, "broken" + std::to_string(n), f.file, [&](nlohmann::json& d) { path = f.edit(d); });
    auto r = matterpack(dir, {"validate", src.string()});
    CHECK(r.rc == 1);
    CHECK_MESSAGE(has(r.err, f.file + ": " + path + ": "), r.err);
    CHECK_MESSAGE(has(r.err, f.rule), r.err);
    const auto pkg = dir / ("broken" + std::to_string(n++) + ".pkg");
    r = matterpack(dir, {"build", src.string(), "--key", (dir / "keys" / "catalog.key").string(), "--version", "9",
                         "--expires", next_year(), "-o", pkg.string()});
    CHECK(r.rc != 0);
    CHECK_FALSE(fs::exists(pkg));
  }
  {  // every fault of shape in every file at once, not just the first
    const auto src = broken_copy(dir, "several", [](nlohmann::json& d) {
      d["matters"][1]["frequent"] = -1;
      d["matters"][4]["type"] = "行政许";
    });
    auto bundles = nlohmann::json::parse(slurp(src / "bundles.json"));
    bundles["bundles"][0]["promised_days"] = "3";
    spit(src / "bundles.json", bundles.dump(1));
    const auto r = matterpack(dir, {"validate", src.string()});
    CHECK(r.rc == 1);
    CHECK_MESSAGE(has(r.err, kSocial + ": $.matters[1].frequent: minimum: -1 is less than 0"), r.err);
    CHECK_MESSAGE(has(r.err, kSocial + ": $.matters[4].type: enum: \"行政许\" is not one of 行政许可"), r.err);
    CHECK_MESSAGE(has(r.err, "bundles.json: $.bundles[0].promised_days: type: "), r.err);
    CHECK(has(r.err, "3 schema problem(s)"));
  }
  fs::remove_all(dir);
}
