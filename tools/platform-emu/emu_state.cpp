#include "tools/platform-emu/emu_state.hpp"

#include <nlohmann/json.hpp>

#include <cstdio>
#include <fstream>
#include <iterator>

#include "base/json_number.hpp"
#include "offline_store/platform_answer.hpp"
#include "offline_store/vault.hpp"

namespace ow::emu {

namespace {
using nlohmann::json;
using store::is_sha256_hex;
using store::sha256_hex;

constexpr const char* kSchema = R"sql(
CREATE TABLE IF NOT EXISTS blobs (sha TEXT PRIMARY KEY, bytes BLOB NOT NULL, stored_ms INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS submissions (
  key TEXT PRIMARY KEY, body_hash TEXT NOT NULL, receipt_no TEXT NOT NULL UNIQUE, kiosk_id TEXT NOT NULL,
  matter_code TEXT NOT NULL, body TEXT NOT NULL, accepted_ms INTEGER NOT NULL, instant INTEGER NOT NULL,
  answer TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS evaluations (
  key TEXT PRIMARY KEY, body_hash TEXT NOT NULL, submission_key TEXT NOT NULL, level INTEGER NOT NULL,
  body TEXT NOT NULL, answer TEXT NOT NULL, received_ms INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS heartbeats (
  id INTEGER PRIMARY KEY, kiosk_id TEXT NOT NULL, at_ms INTEGER NOT NULL, body TEXT NOT NULL, device_errors TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS heartbeats_kiosk ON heartbeats(kiosk_id, id);
CREATE TABLE IF NOT EXISTS commands (
  id INTEGER PRIMARY KEY, kiosk_id TEXT NOT NULL, body TEXT NOT NULL, delivered INTEGER NOT NULL DEFAULT 0);
)sql";

std::int64_t now_ms() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

Answer error(int status, const std::string& code, const std::string& message, json extra = json::object()) {
  extra["error"] = code;
  extra["message"] = message;
  return Answer{status, extra.dump(), {}, "application/json"};
}

// Statuses a device reports that make the kiosk need a technician.
bool is_device_error(const std::string& status) {
  return status == "hardware_error" || status == "offline" || status == "no_device";
}

json device_errors_of(const json& body) {
  json errors = json::array();
  auto it = body.find("devices");
  if (it == body.end()) return errors;
  auto status_of = [](const json& d) -> std::string {
    if (d.is_string()) return d.get<std::string>();
    if (d.is_object() && d.contains("status") && d["status"].is_string()) return d["status"].get<std::string>();
    return {};
  };
  if (it->is_object()) {
    for (auto& [name, d] : it->items())
      if (is_device_error(status_of(d))) errors.push_back(name);
  } else if (it->is_array()) {
    for (const auto& d : *it)
      if (d.is_object() && d.contains("name") && d["name"].is_string() && is_device_error(status_of(d)))
        errors.push_back(d["name"]);
  }
  return errors;
}

#define EMU_TRY(expr)                                                         \
  do {                                                                        \
    if (auto ok_ = (expr); !ok_) return error(500, "storage", ok_.error().message); \
  } while (0)
}  // namespace

std::unique_ptr<EmuState> EmuState::open(const EmuOptions& options, std::string& err) {
  auto db = store::SqliteDb::open(options.db, false);
  if (!db) {
    err = db.error().message;
    return nullptr;
  }
  if (auto ok = (*db)->exec(kSchema); !ok) {
    err = ok.error().message;
    return nullptr;
  }
  std::unique_ptr<EmuState> state(new EmuState(std::move(*db), options));
  if (!options.catalog.empty()) {
    std::ifstream in(options.catalog, std::ios::binary);
    if (in) {
      state->catalog_bytes_.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
      state->catalog_etag_ = "\"" + sha256_hex(state->catalog_bytes_) + "\"";
    }
  }
  return state;
}

Answer EmuState::put_blob(const std::string& sha, const std::string& bytes) {
  if (!is_sha256_hex(sha)) return error(400, "invalid", "blob name must be a lower-case sha256");
  std::lock_guard lock(mutex_);
  if (sha256_hex(bytes) != sha) {
    ++counters_.hash_mismatches;
    return error(422, "hash_mismatch", "blob bytes do not hash to " + sha);
  }
  auto st = db_->prepare("INSERT INTO blobs(sha, bytes, stored_ms) VALUES(?1, ?2, ?3) ON CONFLICT DO NOTHING");
  if (!st) return error(500, "storage", st.error().message);
  st->bind(1, sha).bind_blob(2, bytes.data(), bytes.size()).bind(3, now_ms());
  EMU_TRY(st->run());
  const bool created = sqlite3_changes(db_->handle()) > 0;
  return Answer{created ? 201 : 200, json{{"sha256", sha}, {"size", bytes.size()}}.dump()};
}

Answer EmuState::idempotent(const char* table, const std::string& key, const std::string& body_hash, bool& replay) {
  replay = false;
  auto st = db_->prepare(std::string("SELECT body_hash, answer FROM ") + table + " WHERE key = ?1");
  if (!st) return error(500, "storage", st.error().message);
  st->bind(1, key);
  auto row = st->step();
  if (!row) return error(500, "storage", row.error().message);
  if (!*row) return {};
  replay = true;
  if (st->column_text(0) != body_hash) {
    ++counters_.conflicts;
    return error(409, "idempotency_conflict", "this Idempotency-Key was used with another body");
  }
  ++counters_.replayed;
  return Answer{200, st->column_text(1)};
}

Answer EmuState::post_submission(const std::string& key, const std::string& body, const std::string& cert_kiosk) {
  if (key.empty() || key.size() > 128) return error(400, "invalid", "Idempotency-Key header required");
  std::lock_guard lock(mutex_);
  bool replay = false;
  Answer earlier = idempotent("submissions", key, sha256_hex(body), replay);
  if (replay || earlier.status >= 500) return earlier;

  const json j = json::parse(body, nullptr, false);
  if (!j.is_object()) return error(400, "invalid", "body is not a JSON object");
  auto str = [&](const char* k) { return j.contains(k) && j[k].is_string() ? j[k].get<std::string>() : std::string(); };
  if (str("id") != key) return error(400, "invalid", "id must equal the Idempotency-Key");
  const std::string kiosk = str("kiosk_id"), matter = str("matter_code"), bundle = str("bundle_code");
  if (kiosk.empty() || str("created_at").empty() || str("catalog_version").empty())
    return error(400, "invalid", "kiosk_id, created_at and catalog_version are required");
  if (matter.empty() == bundle.empty()) return error(400, "invalid", "exactly one of matter_code and bundle_code");
  if (!cert_kiosk.empty() && cert_kiosk != kiosk) return error(403, "forbidden", "kiosk_id does not match the client certificate");
  if (!j.contains("materials") || !j["materials"].is_object()) return error(400, "invalid", "materials must be an object");
  // A verified identity names the platform's own match: one it did not issue for this person is refused.
  if (j.contains("applicant") && j["applicant"].is_object() && j["applicant"].contains("verification")) {
    const json& a = j["applicant"];
    const bool known = a["verification"].is_string() && a.contains("id_number") && a["id_number"].is_string() &&
                       options_.verified && options_.verified(a["verification"].get<std::string>(), a["id_number"].get<std::string>());
    if (!known) return error(422, "verification_unknown", "applicant.verification is not a match this platform issued for this person");
  }

  std::set<std::string> referenced;
  for (const auto& [code, refs] : j["materials"].items()) {
    if (!refs.is_array()) return error(400, "invalid", "materials." + code + " must be a list");
    for (const auto& r : refs) {
      if (r.is_string() && is_sha256_hex(r.get_ref<const std::string&>())) referenced.insert(r.get<std::string>());
      else if (!(r.is_object() && r.contains("licence") && r["licence"].is_string()))
        return error(400, "invalid", "materials." + code + " holds neither a blob hash nor a licence reference");
    }
  }
  if (j.contains("signature") && !j["signature"].is_null()) {
    if (!j["signature"].is_string() || !is_sha256_hex(j["signature"].get_ref<const std::string&>()))
      return error(400, "invalid", "signature must be a blob hash");
    referenced.insert(j["signature"].get<std::string>());
  }
  json missing = json::array();
  for (const auto& sha : referenced) {
    auto st = db_->prepare("SELECT 1 FROM blobs WHERE sha = ?1");
    if (!st) return error(500, "storage", st.error().message);
    st->bind(1, sha);
    auto row = st->step();
    if (!row) return error(500, "storage", row.error().message);
    if (!*row) missing.push_back(sha);
  }
  if (!missing.empty()) {
    ++counters_.missing_blob_answers;
    return error(422, "missing_blobs", "referenced blobs are not uploaded", json{{"missing_blobs", missing}});
  }

  const std::int64_t now = now_ms();
  const std::string code = matter.empty() ? bundle : matter;
  const bool instant = options_.instant_matters.count(code) > 0;
  auto count = db_->prepare("SELECT count(*) FROM submissions");
  if (!count) return error(500, "storage", count.error().message);
  EMU_TRY(count->step());
  char receipt[40];
  std::snprintf(receipt, sizeof receipt, "P%s%08lld", store::utc_rfc3339(now).substr(0, 10).erase(4, 1).erase(6, 1).c_str(),
                static_cast<long long>(count->column_int(0) + 1));
  const json answer{{"receipt_no", receipt}, {"status", instant ? "done" : "received"}, {"accepted_at", store::utc_rfc3339(now)}};
  auto ins = db_->prepare(
      "INSERT INTO submissions(key, body_hash, receipt_no, kiosk_id, matter_code, body, accepted_ms, instant, answer) "
      "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)");
  if (!ins) return error(500, "storage", ins.error().message);
  ins->bind(1, key).bind(2, sha256_hex(body)).bind(3, std::string(receipt)).bind(4, kiosk).bind(5, code).bind(6, body)
      .bind(7, now).bind(8, static_cast<std::int64_t>(instant)).bind(9, answer.dump());
  EMU_TRY(ins->run());
  ++counters_.created;
  return Answer{201, answer.dump()};
}

Answer EmuState::get_submission(const std::string& receipt_or_id) {
  std::lock_guard lock(mutex_);
  auto st = db_->prepare(
      "SELECT receipt_no, key, matter_code, accepted_ms, instant FROM submissions "
      "WHERE receipt_no = ?1 OR key = ?1 OR json_extract(body, '$.kiosk_receipt_no') = ?1");
  if (!st) return error(500, "storage", st.error().message);
  st->bind(1, receipt_or_id);
  auto row = st->step();
  if (!row) return error(500, "storage", row.error().message);
  if (!*row) return error(404, "not_found", "no such submission");
  const std::int64_t accepted = st->column_int(3), now = now_ms();
  json timeline = json::array({{{"status", "received"}, {"at", store::utc_rfc3339(accepted)}}});
  std::string status = "received";
  if (st->column_int(4)) {
    timeline.push_back({{"status", "done"}, {"at", store::utc_rfc3339(accepted)}});
    status = "done";
  } else {
    const std::int64_t review = accepted + options_.review_after.count() * 1000;
    const std::int64_t done = accepted + options_.done_after.count() * 1000;
    if (now >= review) {
      timeline.push_back({{"status", "reviewing"}, {"at", store::utc_rfc3339(review)}});
      status = "reviewing";
    }
    if (now >= done) {
      timeline.push_back({{"status", "done"}, {"at", store::utc_rfc3339(done)}});
      status = "done";
    }
  }
  return Answer{200, json{{"receipt_no", st->column_text(0)}, {"submission_id", st->column_text(1)},
                          {"matter_code", st->column_text(2)}, {"status", status}, {"timeline", timeline}}
                         .dump()};
}

Answer EmuState::post_evaluation(const std::string& key, const std::string& body) {
  if (key.empty() || key.size() > 128) return error(400, "invalid", "Idempotency-Key header required");
  std::lock_guard lock(mutex_);
  bool replay = false;
  Answer earlier = idempotent("evaluations", key, sha256_hex(body), replay);
  if (replay || earlier.status >= 500) return earlier;
  const json j = json::parse(body, nullptr, false);
  if (!j.is_object()) return error(400, "invalid", "body is not a JSON object");
  const auto level = json_int<std::int64_t>(j, "level", 1, 5);
  if (!level) return error(400, "invalid", "level must be 1-5");
  std::string ref;
  for (const char* k : {"receipt_no", "submission_id"})
    if (ref.empty() && j.contains(k) && j[k].is_string()) ref = j[k].get<std::string>();
  auto st = db_->prepare("SELECT key FROM submissions WHERE receipt_no = ?1 OR key = ?1");
  if (!st) return error(500, "storage", st.error().message);
  st->bind(1, ref);
  auto row = st->step();
  if (!row) return error(500, "storage", row.error().message);
  if (!*row) return error(422, "unknown_submission", "the rated submission is not known");
  const std::string submission_key = st->column_text(0);
  const std::int64_t now = now_ms();
  const json answer{{"evaluation_id", key}, {"received_at", store::utc_rfc3339(now)}};
  auto ins = db_->prepare(
      "INSERT INTO evaluations(key, body_hash, submission_key, level, body, answer, received_ms) "
      "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7)");
  if (!ins) return error(500, "storage", ins.error().message);
  ins->bind(1, key).bind(2, sha256_hex(body)).bind(3, submission_key).bind(4, *level).bind(5, body)
      .bind(6, answer.dump()).bind(7, now);
  EMU_TRY(ins->run());
  return Answer{201, answer.dump()};
}

Answer EmuState::heartbeat(const std::string& kiosk_id, const std::string& body, const std::string& cert_kiosk) {
  if (!cert_kiosk.empty() && cert_kiosk != kiosk_id) return error(403, "forbidden", "kiosk id does not match the client certificate");
  const json j = json::parse(body, nullptr, false);
  if (!j.is_object()) return error(400, "invalid", "body is not a JSON object");
  std::lock_guard lock(mutex_);
  auto ins = db_->prepare("INSERT INTO heartbeats(kiosk_id, at_ms, body, device_errors) VALUES(?1, ?2, ?3, ?4)");
  if (!ins) return error(500, "storage", ins.error().message);
  ins->bind(1, kiosk_id).bind(2, now_ms()).bind(3, body).bind(4, device_errors_of(j).dump());
  EMU_TRY(ins->run());
  json commands = json::array();
  auto st = db_->prepare("UPDATE commands SET delivered = 1 WHERE kiosk_id = ?1 AND delivered = 0 RETURNING body");
  if (!st) return error(500, "storage", st.error().message);
  st->bind(1, kiosk_id);
  for (;;) {
    auto row = st->step();
    if (!row) return error(500, "storage", row.error().message);
    if (!*row) break;
    commands.push_back(json::parse(st->column_text(0), nullptr, false));
  }
  return Answer{200, json{{"commands", commands}}.dump()};
}

Answer EmuState::list_kiosks(const std::string& status_filter) {
  if (!status_filter.empty() && status_filter != "error" && status_filter != "ok")
    return error(400, "invalid", "status must be error or ok");
  std::lock_guard lock(mutex_);
  auto st = db_->prepare(
      "SELECT h.kiosk_id, h.at_ms, h.body, h.device_errors FROM heartbeats h "
      "JOIN (SELECT kiosk_id, max(id) AS id FROM heartbeats GROUP BY kiosk_id) last ON last.id = h.id ORDER BY h.kiosk_id");
  if (!st) return error(500, "storage", st.error().message);
  json kiosks = json::array();
  for (;;) {
    auto row = st->step();
    if (!row) return error(500, "storage", row.error().message);
    if (!*row) break;
    const json errors = json::parse(st->column_text(3), nullptr, false);
    const bool has_errors = errors.is_array() && !errors.empty();
    if ((status_filter == "error" && !has_errors) || (status_filter == "ok" && has_errors)) continue;
    const json hb = json::parse(st->column_text(2), nullptr, false);
    json k{{"kiosk_id", st->column_text(0)}, {"last_heartbeat_at", store::utc_rfc3339(st->column_int(1))}, {"device_errors", errors},
           {"status", has_errors ? "error" : "ok"}};
    for (const char* field : {"queue_depth", "oldest_pending_age_s", "version", "catalog_version", "platform_fault", "store_fault", "catalog_expired"})
      if (hb.is_object() && hb.contains(field)) k[field] = hb[field];
    kiosks.push_back(std::move(k));
  }
  return Answer{200, json{{"kiosks", kiosks}}.dump()};
}

Answer EmuState::get_catalog(const std::string& if_none_match) {
  std::lock_guard lock(mutex_);
  if (catalog_bytes_.empty()) return error(404, "not_found", "no catalog published");
  if (!if_none_match.empty() && if_none_match == catalog_etag_) return Answer{304, {}, catalog_etag_, {}};
  return Answer{200, catalog_bytes_, catalog_etag_, "application/octet-stream"};
}

Answer EmuState::put_catalog(const std::string& bytes) {
  if (bytes.empty()) return error(400, "invalid", "empty catalog package");
  std::lock_guard lock(mutex_);
  if (!options_.catalog.empty()) {
    const auto tmp = options_.catalog.string() + ".tmp";
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    out.close();
    std::error_code ec;
    if (!out || (std::filesystem::rename(tmp, options_.catalog, ec), ec))
      return error(500, "storage", "cannot write the catalog file");
  }
  const bool replaced = !catalog_bytes_.empty();
  catalog_bytes_ = bytes;
  catalog_etag_ = "\"" + sha256_hex(bytes) + "\"";
  return Answer{replaced ? 200 : 201, json{{"etag", catalog_etag_}, {"size", bytes.size()}}.dump(), catalog_etag_};
}

Answer EmuState::queue_command(const std::string& kiosk_id, const std::string& body) {
  const json j = json::parse(body, nullptr, false);
  if (!j.is_object() || !j.contains("type") || !j["type"].is_string()) return error(400, "invalid", "a command needs a type");
  std::lock_guard lock(mutex_);
  auto ins = db_->prepare("INSERT INTO commands(kiosk_id, body) VALUES(?1, ?2)");
  if (!ins) return error(500, "storage", ins.error().message);
  ins->bind(1, kiosk_id).bind(2, j.dump());
  EMU_TRY(ins->run());
  return Answer{201, json{{"queued", true}}.dump()};
}

void EmuState::count_fault(const char* kind) {
  std::lock_guard lock(mutex_);
  const std::string k(kind);
  if (k == "drop") ++faults_dropped_;
  else if (k == "fail") ++faults_failed_;
  else if (k == "gateway") ++faults_gateway_;
  else ++faults_committed_then_dropped_;
}

Answer EmuState::admin_stats() {
  std::lock_guard lock(mutex_);
  json out{{"created", counters_.created},
           {"replayed", counters_.replayed},
           {"conflicts", counters_.conflicts},
           {"missing_blob_answers", counters_.missing_blob_answers},
           {"hash_mismatches", counters_.hash_mismatches},
           {"faults", {{"dropped", faults_dropped_}, {"failed", faults_failed_}, {"committed_then_dropped", faults_committed_then_dropped_},
                       {"gateway", faults_gateway_}}}};
  for (const char* table : {"submissions", "blobs", "evaluations", "heartbeats"}) {
    auto st = db_->prepare(std::string("SELECT count(*) FROM ") + table);
    if (st && st->step()) out[table] = st->column_int(0);
  }
  return Answer{200, out.dump()};
}

Answer EmuState::admin_requests() const {
  return Answer{200, json{{"requests", requests_.load()}}.dump()};
}

Answer EmuState::admin_submissions() {
  std::lock_guard lock(mutex_);
  auto st = db_->prepare("SELECT key, receipt_no, kiosk_id, matter_code, body FROM submissions ORDER BY accepted_ms, rowid");
  if (!st) return error(500, "storage", st.error().message);
  json list = json::array();
  for (;;) {
    auto row = st->step();
    if (!row) return error(500, "storage", row.error().message);
    if (!*row) break;
    const json body = json::parse(st->column_text(4), nullptr, false);
    json blobs = json::array();
    bool all_present = true;
    auto add = [&](const std::string& sha) {
      blobs.push_back(sha);
      auto has = db_->prepare("SELECT 1 FROM blobs WHERE sha = ?1");
      if (!has) return;
      has->bind(1, sha);
      auto r = has->step();
      if (!r || !*r) all_present = false;
    };
    if (body.is_object() && body.contains("materials") && body["materials"].is_object())
      for (const auto& [code, refs] : body["materials"].items())
        for (const auto& r : refs)
          if (r.is_string()) add(r.get<std::string>());
    if (body.is_object() && body.contains("signature") && body["signature"].is_string()) add(body["signature"].get<std::string>());
    json materials = json::array();
    if (body.is_object() && body.contains("materials") && body["materials"].is_object())
      for (const auto& [code, refs] : body["materials"].items()) materials.push_back(code);
    // The reference is the platform's own, not personal; the applicant block stays out of this view.
    const json* applicant = body.is_object() && body.contains("applicant") ? &body["applicant"] : nullptr;
    const std::string verification = applicant && applicant->is_object() && applicant->contains("verification") &&
                                             (*applicant)["verification"].is_string()
                                         ? (*applicant)["verification"].get<std::string>()
                                         : std::string();
    list.push_back({{"id", st->column_text(0)}, {"receipt_no", st->column_text(1)}, {"kiosk_id", st->column_text(2)},
                    {"matter_code", st->column_text(3)}, {"blobs", blobs}, {"blobs_present", all_present},
                    {"materials", materials}, {"verification", verification}});
  }
  return Answer{200, json{{"submissions", list}}.dump()};
}

}  // namespace ow::emu
