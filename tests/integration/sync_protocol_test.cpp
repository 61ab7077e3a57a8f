// The sync engine against the emulator, one protocol rule at a time: mutual TLS, permanent
// rejections, Retry-After, tampered and missing blobs, heartbeats, evaluations and progress.
#include <doctest/doctest.h>

#include <fstream>

#include "offline_store/sync_engine.hpp"
#include "tests/integration/sync_fixture.hpp"

using namespace ow::store;
using namespace ow::synctest;

namespace {
SyncConfig config_for(const fs::path& data, const Emulator& emu) {
  SyncConfig sc;
  sc.store.data_dir = data;
  sc.store.durable_commits = false;
  sc.platform = emu.endpoint("K1");
  sc.kiosk_id = "K1";
  sc.backoff_base = std::chrono::milliseconds(1);
  sc.backoff_cap = std::chrono::milliseconds(5);
  return sc;
}

// Runs passes until nothing is due now (bounded).
void drain(SyncPass& pass) {
  for (int i = 0; i < 50 && pass.status().queue_depth > 0; ++i) {
    pass.run(unix_ms_now());
    std::this_thread::sleep_for(std::chrono::milliseconds(6));
  }
}
}  // namespace

TEST_CASE("mutual TLS: only a kiosk certificate from the pinned CA gets through; http needs insecure_dev") {
  const auto dir = fresh_dir("mtls");
  const auto certs = make_certs(dir / "certs");
  const auto other = make_certs(dir / "other", "K1");
  Emulator emu({}, certs, false);

  auto good = PlatformClient::create(emu.endpoint()).value();
  CHECK(good->request("GET", "/v1/kiosks").status == 200);

  auto foreign = emu.endpoint();
  foreign.cert_file = other / "K1.pem";
  foreign.key_file = other / "K1.key";
  auto a = PlatformClient::create(foreign).value()->request("GET", "/v1/kiosks");
  CHECK_FALSE(a.reached());
  CHECK(a.retryable());

  auto wrong_ca = emu.endpoint();
  wrong_ca.ca_file = other / "ca.pem";
  CHECK_FALSE(PlatformClient::create(wrong_ca).value()->request("GET", "/v1/kiosks").reached());

  auto no_cert = emu.endpoint();
  no_cert.cert_file.clear();
  CHECK_FALSE(PlatformClient::create(no_cert));
  auto plain = emu.endpoint();
  plain.url = "http://localhost:" + std::to_string(emu.port());
  CHECK_FALSE(PlatformClient::create(plain));
  fs::remove_all(dir);
}

TEST_CASE("a submission's own 4xx (400, 409) rejects that submission only and keeps the platform's message; operator retry requeues") {
  const auto dir = fresh_dir("reject");
  const auto certs = make_certs(dir / "certs");
  Emulator emu({}, certs, false);
  {
    auto store = Store::open(dir / "kiosk").value();
    REQUIRE(store->commit(sample("ok-1")));
    auto invalid = sample("invalid-1");
    invalid.catalog_version.clear();  // the platform requires it: 400
    REQUIRE(store->commit(invalid));
    REQUIRE(store->commit(sample("reused-1")));
    REQUIRE(store->commit(sample("ok-2")));
  }
  // Another body under reused-1's key reached the platform first: 409.
  auto client = PlatformClient::create(emu.endpoint()).value();
  const nlohmann::json other{{"id", "reused-1"}, {"kiosk_id", "K1"}, {"created_at", "2026-11-22T10:00:00+08:00"},
                             {"matter_code", "M2"}, {"catalog_version", "1"}, {"materials", nlohmann::json::object()}};
  REQUIRE(client->request("POST", "/v1/submissions", other.dump(), {"Idempotency-Key: reused-1"}).status == 201);
  auto pass = SyncPass::open(config_for(dir / "kiosk", emu)).value();
  drain(*pass);
  auto invalid = pass->store().find("invalid-1").value();
  REQUIRE(invalid);
  CHECK(invalid->state == OutboxState::Rejected);
  CHECK(invalid->last_http_status == 400);
  CHECK(invalid->last_error->find("catalog_version") != std::string::npos);
  CHECK(pass->store().find("reused-1").value()->state == OutboxState::Rejected);
  CHECK(pass->store().find("reused-1").value()->last_http_status == 409);
  CHECK(pass->store().find("ok-1").value()->state == OutboxState::Acked);
  CHECK(pass->store().find("ok-2").value()->state == OutboxState::Acked);
  CHECK(pass->status().rejected == 2);
  CHECK(pass->status().queue_depth == 0);
  CHECK(pass->status().platform_fault.empty());
  REQUIRE(pass->store().retry_now("invalid-1", unix_ms_now()));
  CHECK(pass->store().find("invalid-1").value()->state == OutboxState::Pending);
  fs::remove_all(dir);
}

TEST_CASE("Retry-After is honoured and a failing platform shows as an error, not a rejection") {
  const auto dir = fresh_dir("retryafter");
  Emulator emu({"--fail-rate", "1", "--retry-after", "3"}, dir, true);
  {
    auto store = Store::open(dir / "kiosk").value();
    REQUIRE(store->commit(sample("ra-1")));
  }
  auto pass = SyncPass::open(config_for(dir / "kiosk", emu)).value();
  const auto before = unix_ms_now();
  const auto next = pass->run(before);
  auto e = pass->store().find("ra-1").value();
  CHECK(e->state == OutboxState::Pending);
  CHECK(e->attempts == 1);
  CHECK(e->next_attempt_ms >= before + 3000);
  CHECK(next >= before + 3000);
  CHECK_FALSE(pass->status().last_error.empty());
  // A second pass right away sends nothing: the item and the engine both wait.
  pass->run(unix_ms_now());
  CHECK(pass->store().find("ra-1").value()->attempts == 1);
  fs::remove_all(dir);
}

TEST_CASE("tampering: the emulator refuses bytes that do not match their name; a damaged local file is reported") {
  const auto dir = fresh_dir("tamper");
  Emulator emu({}, dir, true);
  auto client = PlatformClient::create(emu.endpoint()).value();
  const std::string sha = sha256_hex("the real scan");
  auto put = client->request("PUT", "/v1/blobs/" + sha, "a forged scan");
  CHECK(put.status == 422);
  CHECK(nlohmann::json::parse(put.body)["error"] == "hash_mismatch");
  const nlohmann::json body{{"id", "t-1"},   {"kiosk_id", "K1"},   {"created_at", "2026-11-22T10:00:00+08:00"},
                            {"matter_code", "M1"}, {"catalog_version", "1"}, {"materials", {{"X", {sha}}}}};
  auto post = client->request("POST", "/v1/submissions", body.dump(), {"Idempotency-Key: t-1"});
  CHECK(post.status == 422);
  CHECK(nlohmann::json::parse(post.body)["missing_blobs"][0] == sha);
  CHECK(emu.get("/admin/stats")["hash_mismatches"] == 1);

  {
    auto store = Store::open(dir / "kiosk").value();
    REQUIRE(store->commit(sample("t-2")));
    const auto blob = store->blob_dir().dir() / sha256_hex("scan of t-2");
    // Every bit of one sealed byte flipped: writing a fixed byte left the file intact whenever the
    // ciphertext already had that byte there (1 run in 256), and the submission was then acked.
    std::fstream f(blob, std::ios::in | std::ios::out | std::ios::binary);
    f.seekg(40);
    const char was = static_cast<char>(f.get());
    f.seekp(40);
    f.put(static_cast<char>(~was));
    REQUIRE(f.good());
  }
  auto pass = SyncPass::open(config_for(dir / "kiosk", emu)).value();
  drain(*pass);
  auto e = pass->store().find("t-2").value();
  CHECK(e->state == OutboxState::Rejected);
  REQUIRE(e->last_error);
  CHECK(e->last_error->find("damaged") != std::string::npos);
  CHECK(pass->status().last_error.find("damaged") != std::string::npos);
  CHECK(emu.get("/admin/stats")["submissions"] == 0);
  fs::remove_all(dir);
}

TEST_CASE("422 missing_blobs makes the kiosk upload them again and retry with the same key") {
  const auto dir = fresh_dir("missing");
  Emulator emu({}, dir, true);
  {
    auto store = Store::open(dir / "kiosk").value();
    REQUIRE(store->commit(sample("m-1")));
    // As if an earlier upload had been acknowledged but the platform lost the blob since.
    REQUIRE(store->set_blob_uploaded(sha256_hex("scan of m-1"), true));
  }
  auto pass = SyncPass::open(config_for(dir / "kiosk", emu)).value();
  drain(*pass);
  CHECK(pass->store().find("m-1").value()->state == OutboxState::Acked);
  const auto stats = emu.get("/admin/stats");
  CHECK(stats["missing_blob_answers"] == 1);
  CHECK(stats["blobs"] == 1);
  CHECK(emu.get("/admin/submissions")["submissions"][0]["blobs_present"] == true);
  fs::remove_all(dir);
}

TEST_CASE("heartbeat reports queue and device errors, delivers commands; evaluations and progress follow") {
  const auto dir = fresh_dir("heartbeat");
  const auto certs = make_certs(dir / "certs");
  Emulator emu({"--review-after", "0", "--done-after", "3600", "--instant", "M-FAST"}, certs, false);
  {
    auto store = Store::open(dir / "kiosk").value();
    REQUIRE(store->commit(sample("h-1")));
    REQUIRE(store->commit(sample("h-2", "K1", "M-FAST")));
    REQUIRE(store->add_evaluation(EvaluationDraft{"ev-1", "h-1", 4, {"clear"}, "", "2026-11-22T10:09:00+08:00"}));
  }
  auto client = PlatformClient::create(emu.endpoint()).value();
  REQUIRE(client->request("POST", "/admin/kiosks/K1/commands", R"({"type":"fetch_catalog"})").status == 201);

  auto sc = config_for(dir / "kiosk", emu);
  sc.heartbeat_info = [] { return nlohmann::json{{"version", "0.1.0"}, {"devices", {{"printer", {{"status", "hardware_error"}}}}}}; };
  std::vector<nlohmann::json> commands;
  sc.on_commands = [&](const std::vector<nlohmann::json>& c) { commands = c; };
  auto pass = SyncPass::open(sc).value();
  pass->run(unix_ms_now());  // the heartbeat goes first, with both submissions still queued
  drain(*pass);
  for (int i = 0; i < 5; ++i) pass->run(unix_ms_now());  // the evaluation, now its submission is acked

  REQUIRE(commands.size() == 1);
  CHECK(commands[0]["type"] == "fetch_catalog");
  const auto errors = emu.get("/v1/kiosks?status=error")["kiosks"];
  REQUIRE(errors.size() == 1);
  CHECK(errors[0]["kiosk_id"] == "K1");
  CHECK(errors[0]["device_errors"][0] == "printer");
  CHECK(errors[0]["queue_depth"] == 2);
  CHECK(emu.get("/v1/kiosks?status=ok")["kiosks"].empty());
  CHECK(emu.get("/admin/stats")["evaluations"] == 1);

  const auto h1 = pass->store().find("h-1").value();
  REQUIRE(h1->platform_receipt_no);
  const auto progress = emu.get("/v1/submissions/" + *h1->platform_receipt_no);
  CHECK(progress["status"] == "reviewing");
  CHECK(progress["timeline"].size() == 2);
  // The number on the citizen's receipt finds it at the platform too (from any kiosk).
  REQUIRE(!h1->local_receipt_no.empty());
  const auto by_receipt = emu.get("/v1/submissions/" + h1->local_receipt_no);
  CHECK(by_receipt["receipt_no"] == *h1->platform_receipt_no);
  CHECK(by_receipt["submission_id"] == "h-1");
  CHECK(pass->store().find("h-2").value()->platform_status == "done");  // 秒批: approved at once
  fs::remove_all(dir);
}
