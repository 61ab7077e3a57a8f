// 实人核验 against platform-emu: POST /v1/identity/verify over mutual TLS for a person on record who
// matches, one who does not, one with no photo on record; a request the service refuses (not an ID
// number, not a JPEG); a platform that is slow, faulty or down. Neither the ID number nor the photo
// reaches the log.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include "kiosk/identity/face_verify.hpp"
#include "kiosk/log.hpp"
#include "tests/integration/sync_fixture.hpp"

namespace fs = std::filesystem;
using namespace ow;

namespace {
const std::string kChecks = std::string(OW_ASSETS) + "/devsim/face_checks.json";
constexpr const char* kMatches = "110105198001011238";   // 测试甲: match in face_checks.json
constexpr const char* kMismatch = "810000199005210026";  // 示例丁: mismatch
constexpr const char* kNoRecord = "11010519491231002X";  // in no fixture

std::string portrait() {
  std::ifstream in(std::string(OW_TEST_DATA_DIR) + "/../assets/face/astronaut_face.jpg", std::ios::binary);
  return {std::istreambuf_iterator<char>(in), {}};
}

VerifyResult ask(const store::PlatformEndpoint& endpoint, const std::string& id_number, const std::string& photo,
                 const std::string& card = {}) {
  return verify_face(endpoint, VerifyRequest{"K1", id_number, capture::LivenessChallenge::Blink, photo, card});
}

std::string logged_since(std::uint64_t after) {
  std::string all;
  for (const auto& line : log::recent(log::Level::Debug, 500, after)) all += line.component + " " + line.message + "\n";
  return all;
}
}  // namespace

TEST_CASE("verify over mutual TLS: a match with a reference, a mismatch, no photo on record; nothing personal logged") {
  const fs::path dir = synctest::fresh_dir("face-verify-tls");
  synctest::make_certs(dir);
  synctest::Emulator emu({"--face-checks", kChecks}, dir, false);
  const auto endpoint = emu.endpoint("K1");
  const std::string photo = portrait();
  REQUIRE(photo.size() > 1000);
  const auto lines = log::recent(log::Level::Debug, 1);
  const std::uint64_t since = lines.empty() ? 0 : lines.back().seq;

  const auto match = ask(endpoint, kMatches, photo, photo);
  REQUIRE(match);
  CHECK(match->match);
  CHECK(match->reference.rfind("RPV-", 0) == 0);
  CHECK(match->reason == MismatchReason::None);
  const auto again = ask(endpoint, kMatches, photo);
  REQUIRE(again);
  CHECK(again->reference != match->reference);  // one reference per verification

  const auto mismatch = ask(endpoint, kMismatch, photo);
  REQUIRE(mismatch);
  CHECK_FALSE(mismatch->match);
  CHECK(mismatch->reason == MismatchReason::FaceMismatch);

  const auto unknown = ask(endpoint, kNoRecord, photo);
  REQUIRE(unknown);
  CHECK_FALSE(unknown->match);
  CHECK(unknown->reason == MismatchReason::NoRecord);

  const std::string log = logged_since(since);
  CHECK(log.find("face verification: match") != std::string::npos);
  CHECK(log.find("face verification: no match") != std::string::npos);
  for (const char* secret : {kMatches, kMismatch, kNoRecord}) CHECK(log.find(secret) == std::string::npos);
  emu.stop();
  fs::remove_all(dir);
}

TEST_CASE("verify: the service refuses a request that is not an ID number, a photo that is not a JPEG or too large") {
  const fs::path dir = synctest::fresh_dir("face-verify-refused");
  synctest::Emulator emu({"--face-checks", kChecks}, dir, true);
  const auto endpoint = emu.endpoint();
  const std::string photo = portrait();
  const auto not_id = ask(endpoint, "12345", photo);
  REQUIRE_FALSE(not_id);
  CHECK(not_id.error() == VerifyFailure::Refused);
  const auto png = ask(endpoint, kMatches, "\x89PNG\r\n\x1a\n not a jpeg");
  REQUIRE_FALSE(png);
  CHECK(png.error() == VerifyFailure::BadPhoto);
  const auto huge = ask(endpoint, kMatches, photo + std::string(40 * 1024, '\0') + "\xFF\xD9");
  REQUIRE_FALSE(huge);
  CHECK(huge.error() == VerifyFailure::BadPhoto);
  const auto bad_card = ask(endpoint, kMatches, photo, "not a photo");
  REQUIRE_FALSE(bad_card);
  CHECK(bad_card.error() == VerifyFailure::BadPhoto);
  fs::remove_all(dir);
}

TEST_CASE("verify: an emulator without face checks has no record of anyone; a slow, failing or stopped one is offline") {
  const fs::path dir = synctest::fresh_dir("face-verify-faults");
  const std::string photo = portrait();
  {
    synctest::Emulator bare({}, dir, true);
    const auto r = ask(bare.endpoint(), kMatches, photo);
    REQUIRE(r);
    CHECK_FALSE(r->match);
    CHECK(r->reason == MismatchReason::NoRecord);
  }
  {
    synctest::Emulator failing({"--face-checks", kChecks, "--fail-rate", "1"}, dir, true);
    const auto r = ask(failing.endpoint(), kMatches, photo);
    REQUIRE_FALSE(r);
    CHECK(r.error() == VerifyFailure::Offline);
  }
  synctest::Emulator slow({"--face-checks", kChecks, "--latency", "3000"}, dir, true);
  auto endpoint = slow.endpoint();
  endpoint.request_timeout = std::chrono::seconds(1);
  const auto late = ask(endpoint, kMatches, photo);
  REQUIRE_FALSE(late);
  CHECK(late.error() == VerifyFailure::Offline);
  slow.stop();
  const auto down = ask(endpoint, kMatches, photo);
  REQUIRE_FALSE(down);
  CHECK(down.error() == VerifyFailure::Offline);
  fs::remove_all(dir);
}

TEST_CASE("the verdict parser: what a 200 must hold, and what each status means") {
  auto answer = [](long status, std::string body) {
    store::HttpAnswer a;
    a.status = status;
    a.body = std::move(body);
    return verdict_from_answer(a);
  };
  CHECK(answer(200, R"({"match":true,"reference":"RPV-1a"})")->match);
  CHECK(answer(200, R"({"match":true})").error() == VerifyFailure::BadAnswer);
  CHECK(answer(200, R"({"match":true,"reference":"RPV 1"})").error() == VerifyFailure::BadAnswer);
  CHECK(answer(200, R"({"match":true,"reference":")" + std::string(65, 'a') + "\"}").error() == VerifyFailure::BadAnswer);
  CHECK(answer(200, R"({"match":"true","reference":"R"})").error() == VerifyFailure::BadAnswer);
  CHECK(answer(200, "[]").error() == VerifyFailure::BadAnswer);
  CHECK(answer(200, R"({"match":false,"reason":"sunspots"})")->reason == MismatchReason::Other);
  CHECK(answer(200, R"({"match":false})")->reason == MismatchReason::Other);
  CHECK(answer(422, "{}").error() == VerifyFailure::BadPhoto);
  CHECK(answer(403, "{}").error() == VerifyFailure::Refused);
  CHECK(answer(429, "{}").error() == VerifyFailure::Offline);
  CHECK(answer(503, "{}").error() == VerifyFailure::Offline);
  CHECK(answer(302, "{}").error() == VerifyFailure::Offline);
  store::HttpAnswer none;
  none.transport_error = "connection refused";
  CHECK(verdict_from_answer(none).error() == VerifyFailure::Offline);
}
