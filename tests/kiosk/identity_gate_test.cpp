// Identity levels per matter: what the catalog says (default, values, what "typed" may not be used
// for, a bundle's), and what a session's identity may start (kiosk/application/identity_gate).
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>

#include <unistd.h>

#include "kiosk/application/identity_gate.hpp"
#include "kiosk/catalog/bundle.hpp"
#include "kiosk/catalog/catalog.hpp"

namespace fs = std::filesystem;
using namespace ow;
using catalog::IdentityLevel;

namespace {
fs::path sample_dir() { return fs::path(OW_TEST_DATA_DIR) / "../../assets/catalog/sample"; }

// The sample catalog with one more matter file.
Result<catalog::Catalog> with_matter(const std::string& json) {
  const auto dir = fs::temp_directory_path() / ("ow-identity-levels-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::copy(sample_dir(), dir, fs::copy_options::recursive);
  std::ofstream(dir / "matters" / "99_test.json") << json;
  auto c = catalog::load_catalog(dir);
  fs::remove_all(dir);
  return c;
}

std::string matter(const std::string& extra) {
  return R"({"matters":[{"code":"T1","name":"测试事项","type":"公共服务","department":{"name":"测试局"},"categories":["社保"])" +
         extra + "}]}";
}

Identity card() {
  Identity id;
  id.source = IdentitySource::IdCard;
  id.name = "测试甲";
  id.id_number = "110105198001011238";
  return id;
}
}  // namespace

TEST_CASE("the catalog: document by default, typed and verified when said, typed refused for payouts and face checks") {
  auto plain = with_matter(matter(""));
  REQUIRE_MESSAGE(plain, plain.error().message);
  CHECK(plain->find("T1")->identity == IdentityLevel::Document);
  auto typed = with_matter(matter(R"(,"identity":"typed")"));
  REQUIRE(typed);
  CHECK(typed->find("T1")->identity == IdentityLevel::Typed);
  auto verified = with_matter(matter(R"(,"identity":"verified")"));
  REQUIRE(verified);
  CHECK(verified->find("T1")->identity == IdentityLevel::Verified);

  auto unknown = with_matter(matter(R"(,"identity":"trusted")"));
  REQUIRE_FALSE(unknown);
  CHECK(unknown.error().message.find("$.matters[0].identity") != std::string::npos);
  auto face = with_matter(matter(R"(,"identity":"typed","face_verification":true)"));
  REQUIRE_FALSE(face);
  CHECK(face.error().message.find("\"typed\" is not enough") != std::string::npos);
  auto payout = with_matter(R"({"matters":[{"code":"T1","name":"测试补贴","type":"行政给付","identity":"typed","department":{"name":"测试局"},"categories":["社保"]}]})");
  CHECK_FALSE(payout);
}

TEST_CASE("the sample catalog: every matter that pays out needs a verified identity") {
  auto c = catalog::load_catalog(sample_dir());
  REQUIRE_MESSAGE(c, c.error().message);
  int payouts = 0;
  for (const auto& m : c->matters) {
    if (m.type != "行政给付") continue;
    ++payouts;
    CHECK_MESSAGE(m.identity == IdentityLevel::Verified, m.name);
  }
  CHECK(payouts >= 10);
}

TEST_CASE("the gate: typed starts only typed matters; a card starts document ones; verified ones need 实人核验 and the network") {
  catalog::Matter m;
  SessionData d;
  for (auto level : {IdentityLevel::Typed, IdentityLevel::Document, IdentityLevel::Verified}) {
    m.identity = level;
    CAPTURE(static_cast<int>(level));
    const IdentityGap typed = identity_gap(m, d, true);
    CHECK(typed == (level == IdentityLevel::Typed ? IdentityGap::None : IdentityGap::NeedsDocument));
  }
  d.identity = card();
  CHECK(identity_level(d) == IdentityLevel::Document);
  m.identity = IdentityLevel::Document;
  CHECK(identity_gap(m, d, false) == IdentityGap::None);
  m.identity = IdentityLevel::Verified;
  CHECK(identity_gap(m, d, true) == IdentityGap::NeedsVerification);
  CHECK(identity_gap(m, d, false) == IdentityGap::VerifyOffline);
  d.verification = "RPV-1";
  CHECK(identity_level(d) == IdentityLevel::Verified);
  CHECK(identity_gap(m, d, false) == IdentityGap::None);
  // A social security card names nobody without a PSAM: what is typed with it proves no more than typing.
  d.verification.clear();
  d.identity->source = IdentitySource::SocialSecurityCard;
  CHECK(identity_level(d) == IdentityLevel::Typed);
  d.identity->source = IdentitySource::ElectronicId;
  CHECK(identity_level(d) == IdentityLevel::Document);

  CHECK_FALSE(identity_gap_message(IdentityGap::None));
  CHECK(identity_gap_message(IdentityGap::NeedsDocument) == Str::IdentityNeedsCard);
  CHECK(identity_gap_message(IdentityGap::VerifyOffline) == Str::IdentityVerifyOffline);
}

TEST_CASE("a bundle needs the most any of its steps needs") {
  auto c = catalog::load_catalog(sample_dir());
  REQUIRE(c);
  for (const auto& b : c->bundles) {
    auto merged = catalog::merge_bundle(*c, b);
    REQUIRE(merged);
    IdentityLevel most = IdentityLevel::Typed;
    for (const auto* step : merged->steps) most = std::max(most, step->identity);
    CHECK(catalog::bundle_as_matter(*merged).identity == most);
  }
}
