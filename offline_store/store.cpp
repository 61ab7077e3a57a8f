#include "offline_store/store.hpp"

#include <nlohmann/json.hpp>

#include <array>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <limits>
#include <utility>

#include "offline_store/holder.hpp"
#include "offline_store/schema.hpp"

namespace ow::store {

namespace {
using nlohmann::json;

// "2026-11-22T10:00:00+08:00" → "20261122"
std::string compact_day(const std::string& rfc3339) {
  std::string day;
  for (char c : rfc3339.substr(0, 10))
    if (c != '-') day += c;
  return day;
}

// The draft's JSON parts go into the body as written: checked, not parsed into a tree and dumped
// again, since that was most of a commit's own CPU time.
StoreResult<void> check_part(std::string_view text, const char* what) {
  if (!json::accept(text)) return store_error(StoreErrorCode::Invalid, std::string(what) + " is not valid JSON");
  return {};
}

// `,"key":value` for the hand-assembled body.
void append_member(SecretString& out, const char* key, std::string_view value) {
  out += ",\"";
  out += key;
  out += "\":";
  out += value;
}

// `text` as a JSON string, written straight into the secret (a json value's copy would not be zeroed).
void append_json_string(SecretString& out, std::string_view text) {
  static constexpr char kHex[] = "0123456789abcdef";
  out += '"';
  for (const char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (u < 0x20) {
      out += "\\u00";
      out += kHex[u >> 4];
      out += kHex[u & 0xF];
    } else {
      out += c;
    }
  }
  out += '"';
}

constexpr const char* kEntryColumns =
    "s.id, s.local_receipt_no, s.kiosk_id, s.matter_code, s.created_at, s.state, s.attempts, s.next_attempt_ms, "
    "s.committed_ms, s.platform_receipt_no, s.platform_status, s.last_http_status, s.last_error, "
    "(SELECT count(*) FROM attachments a WHERE a.submission_id = s.id)";

StoreResult<OutboxEntry> read_entry(const Statement& st) {
  OutboxEntry e;
  e.id = st.column_text(0);
  e.local_receipt_no = st.column_text(1);
  e.kiosk_id = st.column_text(2);
  e.matter_code = st.column_text(3);
  e.created_at = st.column_text(4);
  const auto state = parse_state(st.column_text(5));
  if (!state) return store_error(StoreErrorCode::Corrupt, "submission " + e.id + " has an unknown state");
  e.state = *state;
  e.attempts = st.column_int(6);
  e.next_attempt_ms = st.column_int(7);
  e.committed_ms = st.column_int(8);
  if (!st.column_is_null(9)) e.platform_receipt_no = st.column_text(9);
  if (!st.column_is_null(10)) e.platform_status = st.column_text(10);
  if (!st.column_is_null(11)) e.last_http_status = st.column_int(11);
  if (!st.column_is_null(12)) e.last_error = st.column_text(12);
  e.attachment_count = static_cast<int>(st.column_int(13));
  return e;
}

StoreResult<std::vector<OutboxEntry>> read_entries(Statement& st) {
  std::vector<OutboxEntry> out;
  for (;;) {
    auto row = st.step();
    if (!row) return tl::unexpected(row.error());
    if (!*row) return out;
    auto e = read_entry(st);
    if (!e) return tl::unexpected(e.error());
    out.push_back(std::move(*e));
  }
}
}  // namespace

std::string Store::receipt_key_condition(int first_param) {
  std::string sql = "s.receipt_key IN (";
  for (std::size_t i = 0; i < kMaxReceiptRowKeys; ++i)
    sql += (i ? ", ?" : "?") + std::to_string(first_param + static_cast<int>(i));
  return sql + ")";
}

void Store::bind_receipt_keys(Statement& st, int first_param, std::string_view receipt_no) {
  const auto keys = receipt_row_keys(receipt_no);
  for (std::size_t i = 0; i < kMaxReceiptRowKeys; ++i)
    st.bind(first_param + static_cast<int>(i), i < keys.size() ? keys[i] : std::int64_t{-1});
}

std::int64_t unix_ms_now() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

std::string_view state_name(OutboxState state) {
  switch (state) {
    case OutboxState::Pending: return "pending";
    case OutboxState::Sending: return "sending";
    case OutboxState::Acked: return "acked";
    case OutboxState::Purged: return "purged";
    case OutboxState::Rejected: return "rejected";
  }
  return "pending";
}

std::optional<OutboxState> parse_state(std::string_view name) {
  for (auto s : {OutboxState::Pending, OutboxState::Sending, OutboxState::Acked, OutboxState::Purged, OutboxState::Rejected})
    if (state_name(s) == name) return s;
  return std::nullopt;
}

StoreResult<std::unique_ptr<Store>> Store::open(const std::filesystem::path& data_dir) {
  StoreOptions options;
  options.data_dir = data_dir;
  return open(options);
}

StoreResult<std::unique_ptr<Store>> Store::open(const StoreOptions& options) {
  std::error_code ec;
  std::filesystem::create_directories(options.data_dir, ec);
  if (ec) return store_error(StoreErrorCode::Io, "cannot create data dir " + options.data_dir.string() + ": " + ec.message());
  auto db = SqliteDb::open(options.data_dir / "kiosk.db", options.durable_commits);
  if (!db) return tl::unexpected(db.error());
  // A new key over sealed rows would make every queued submission unreadable, for good: the
  // citizens hold receipts for them. Only a store without sealed rows may get a new key.
  auto sealed = has_sealed_rows(**db);
  if (!sealed) return tl::unexpected(sealed.error());
  KeySource source;
  if (!options.credentials_dir.empty()) source.credential = options.credentials_dir / "store.key";
  source.key_file = options.key_file.empty() ? options.data_dir / "store.key" : options.key_file;
  source.may_create = !*sealed;
  auto opened = Vault::open(source);
  std::optional<Vault> vault;
  std::string fault;
  if (opened) {
    vault.emplace(std::move(*opened));
  } else if (opened.error().code != StoreErrorCode::KeyMissing) {
    return tl::unexpected(opened.error());
  } else {
    fault = "the data key " + source.key_file.string() +
            " is missing but the store holds sealed submissions; restore store.key (or its credential) "
            "from the kiosk's backup — a new key would make them unreadable";
    if (!options.open_locked) return store_error(StoreErrorCode::KeyMissing, std::move(fault));
  }
  auto blobs = BlobDir::open(options.data_dir / "blobs");
  if (!blobs) return tl::unexpected(blobs.error());
  std::unique_ptr<Store> store(new Store(std::move(*db), std::move(vault), std::move(*blobs), options.actor));
  store->key_fault_ = std::move(fault);
  // Locked, the store is opened as it is: no migration, no sweep — nothing changes until the key is back.
  if (store->vault_) {
    if (auto migrated = migrate(*store->db_, *store->vault_); !migrated) return tl::unexpected(migrated.error());
    if (auto discarded = store->discard_voided(); !discarded) return tl::unexpected(discarded.error());
    if (auto swept = store->sweep_orphans(options.orphan_min_age); !swept) return tl::unexpected(swept.error());
  }
  store->detach_from_sequence();  // opened here, maybe for a worker: its first user owns it
  return store;
}

StoreResult<void> Store::unlocked() const {
  if (vault_) return {};
  return store_error(StoreErrorCode::KeyMissing, key_fault_);
}

StoreResult<CommitReceipt> Store::commit(const SubmissionDraft& draft) {
  OW_CHECK_SEQUENCE(sequence_);
  if (auto ok = unlocked(); !ok) return tl::unexpected(ok.error());
  if (draft.id.empty() || draft.kiosk_id.empty() || draft.matter_code.empty() || draft.created_at.size() < 10)
    return store_error(StoreErrorCode::Invalid, "submission lacks id, kiosk id, matter or creation time");
  const std::string day = compact_day(draft.created_at);
  if (day.size() != 8 || day.find_first_not_of("0123456789") != std::string::npos)
    return store_error(StoreErrorCode::Invalid, "submission creation time is not a date");
  const std::array<std::pair<const char*, std::string_view>, 4> parts{{{"applicant", draft.applicant_json.view()},
                                                                        {"form", draft.form_json.view()},
                                                                        {"prereview", draft.prereview_json},
                                                                        {"delivery", draft.delivery_json.view()}}};
  for (const auto& [key, text] : parts)
    if (auto ok = check_part(text, key); !ok) return tl::unexpected(ok.error());
  settle_unconfirmed_voids();

  // Attachment files are written first and their writeback started; the row's work below overlaps
  // the device's writes. They are fsynced, renamed and their directory synced before COMMIT.
  struct Written {
    std::string code;
    std::size_t size;
    BlobDir::Pending blob;
    bool placed = false;  // under its name (renamed, or found there)
  };
  std::vector<Written> attachments;
  attachments.reserve(draft.materials.size() + 1);
  auto start = [&](const std::string& code, std::string_view bytes) -> StoreResult<std::string> {
    auto blob = blobs_.start_put(bytes, *vault_);
    if (!blob) return tl::unexpected(blob.error());
    attachments.push_back({code, bytes.size(), std::move(*blob)});
    return attachments.back().blob.sha;
  };
  // Files this attempt placed that no row references are removed, under the write lock
  // so that no other commit can be about to reference them (or swept later if this fails too).
  // Temp files not placed go with their Pending.
  auto remove_unreferenced = [&]() {
    (void)in_transaction(*db_, [&]() -> StoreResult<void> {
      for (const auto& a : attachments) {
        if (!a.placed) continue;
        auto ref = db_->cached("SELECT 1 FROM attachments WHERE sha256 = ?1");
        if (!ref) return tl::unexpected(ref.error());
        (*ref)->bind(1, a.blob.sha);
        if (auto used = (*ref)->step(); used && !*used) (void)blobs_.remove(a.blob.sha);
      }
      return {};
    });
  };
  json materials = json::object();
  for (const auto& m : draft.materials) {
    if (m.material_code.empty()) return store_error(StoreErrorCode::Invalid, "attachment without material code");
    auto sha = start(m.material_code, m.bytes.view());
    if (!sha) return tl::unexpected(sha.error());
    materials[m.material_code].push_back(*sha);
  }
  for (const auto& [code, type] : draft.licences) materials[code].push_back(json{{"licence", type}});
  json signature = nullptr;
  if (!draft.signature_png.empty()) {
    auto sha = start("signature", draft.signature_png.view());
    if (!sha) return tl::unexpected(sha.error());
    signature = *sha;
  }

  // The body: its own members, then the draft's parts spliced in as written.
  std::string members;  // codes, times and blob names: nothing personal yet
  try {
    members = json{{"id", draft.id},
                      {"kiosk_id", draft.kiosk_id},
                      {"created_at", draft.created_at},
                      {draft.is_bundle ? "bundle_code" : "matter_code", draft.matter_code},
                      {"catalog_version", draft.catalog_version},
                      {"materials", std::move(materials)},
                      {"signature", std::move(signature)}}
                     .dump();
  } catch (const json::exception&) {
    return store_error(StoreErrorCode::Invalid, "submission id, kiosk id, matter or catalog version is not UTF-8");
  }
  // The secret body zeroes every buffer it outgrows; reserving first only saves the copies.
  SecretString plain_body;
  std::size_t room = members.size() + 40;  // and the receipt number's member
  for (const auto& [key, text] : parts) room += std::strlen(key) + text.size() + 4;
  plain_body.reserve(room);
  plain_body.append(std::string_view(members).substr(0, members.size() - 1));  // without its '}'
  for (const auto& [key, text] : parts) append_member(plain_body, key, text);
  const std::string id_hash = draft.id_number.empty() ? std::string() : vault_->lookup_hash(draft.id_number.view());
  const std::string id_tail = id_number_tail(draft.id_number.view());
  const std::string tail_hash = id_tail.empty() ? std::string() : holder_tail_hash(*vault_, draft.id, id_tail);
  const std::int64_t now = unix_ms_now();
  const std::int64_t day_key = std::stoll(day) * kReceiptsPerDay;

  auto write_rows = [&]() -> StoreResult<CommitReceipt> {
    // The day's next number: one past the highest row key of that day. That day is nearly always
    // the newest, and the row joins the outbox's tail (schema v6): above every key, not yet due-indexed.
    const auto top = highest_key();
    if (!top) return tl::unexpected(top.error());
    std::int64_t key = !*top || **top < day_key ? day_key + 1 : **top + 1;
    const bool tail = key < day_key + kReceiptsPerDay;
    if (!tail) {
      // A later day has receipts already (the clock went back): this row goes straight to the due index.
      auto last = db_->cached("SELECT max(receipt_key) FROM submissions WHERE receipt_key BETWEEN ?1 AND ?2");
      if (!last) return tl::unexpected(last.error());
      (*last)->bind(1, day_key).bind(2, day_key + kReceiptsPerDay - 1);
      if (auto row = (*last)->step(); !row) return tl::unexpected(row.error());
      key = (*last)->column_is_null(0) ? day_key + 1 : (*last)->column_int(0) + 1;
    }
    if (key - day_key > kMaxDailyReceipts) return store_error(StoreErrorCode::Invalid, "no receipt numbers left today");
    auto number = make_receipt_number(draft.kiosk_number, day, static_cast<int>(key - day_key));
    if (!number) return store_error(StoreErrorCode::Invalid, "kiosk number or creation day out of range for a receipt number");

    CommitReceipt receipt{draft.id, std::move(*number)};
    // The number on the citizen's receipt travels in the body, so the platform (and any kiosk asking
    // it) finds the application by that number too. Sealed with the body, it is the same on every retry.
    SecretString body = plain_body.clone();
    append_member(body, "kiosk_receipt_no", "\"" + receipt.local_receipt_no + "\"");
    body += '}';
    const std::string sealed = vault_->seal(body.view(), sealed_context("submissions", draft.id));
    auto insert = db_->cached(
        "INSERT INTO submissions(receipt_key, id, local_receipt_no, kiosk_id, created_at, matter_code, catalog_version,"
        " id_hash, body_sealed, committed_ms, committed_by, next_attempt_ms, id_tail_hash)"
        " VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)");
    if (!insert) return tl::unexpected(insert.error());
    (*insert)->bind(1, key).bind(2, draft.id).bind(3, receipt.local_receipt_no).bind(4, draft.kiosk_id)
        .bind(5, draft.created_at).bind(6, draft.matter_code).bind(7, draft.catalog_version)
        .bind_blob(9, sealed.data(), sealed.size()).bind(10, now).bind(11, actor_)
        .bind(12, static_cast<std::int64_t>(tail ? 0 : 1));
    if (id_hash.empty()) (*insert)->bind_null(8);
    else (*insert)->bind(8, id_hash);
    if (tail_hash.empty()) (*insert)->bind_null(13);
    else (*insert)->bind(13, tail_hash);
    if (auto done = (*insert)->run(); !done) return tl::unexpected(done.error());

    for (std::size_t i = 0; i < attachments.size(); ++i) {
      const auto& a = attachments[i];
      auto attach = db_->cached(
          "INSERT INTO attachments(submission_id, position, material_code, sha256, size) VALUES(?1, ?2, ?3, ?4, ?5)");
      if (!attach) return tl::unexpected(attach.error());
      (*attach)->bind(1, draft.id).bind(2, static_cast<std::int64_t>(i)).bind(3, a.code).bind(4, a.blob.sha)
          .bind(5, static_cast<std::int64_t>(a.size));
      if (auto done = (*attach)->run(); !done) return tl::unexpected(done.error());
    }
    // An id voided by an earlier failed attempt (an operator re-queuing the same file) is live again.
    auto unvoid = db_->cached("DELETE FROM void_submissions WHERE id = ?1");
    if (!unvoid) return tl::unexpected(unvoid.error());
    (*unvoid)->bind(1, draft.id);
    if (auto done = (*unvoid)->run(); !done) return tl::unexpected(done.error());

    // Under the write lock no purge can remove a file that is already here before this commits.
    for (auto& a : attachments) {
      if (auto done = blobs_.finish_put(a.blob); !done) return tl::unexpected(done.error());
      a.placed = true;
    }
    if (!attachments.empty())
      if (auto synced = blobs_.sync(); !synced) return tl::unexpected(synced.error());
    return receipt;
  };

  if (auto begun = db_->run_cached("BEGIN IMMEDIATE"); !begun) return tl::unexpected(begun.error());
  auto result = write_rows();
  if (!result) {
    // Nothing was committed: no WAL frame of this transaction carries a commit mark.
    (void)db_->exec("ROLLBACK");
    remove_unreferenced();
    return result;
  }
  if (auto committed = db_->run_cached("COMMIT"); !committed) {
    // A write that failed (a full disk) never wrote the commit mark; a failed sync leaves it behind.
    const int code = sqlite3_extended_errcode(db_->handle());
    const bool mark_may_remain = (code & 0xff) != SQLITE_FULL && code != SQLITE_IOERR_WRITE;
    (void)db_->exec("ROLLBACK");  // SQLite usually rolled back already
    auto settled = settle_failed_commit(draft.id, committed.error(), mark_may_remain);
    // While the outcome is open, a row that comes back must still find its files.
    if (settled.code != StoreErrorCode::Uncertain) remove_unreferenced();
    return tl::unexpected(settled);
  }
  return result;
}

StoreError Store::settle_failed_commit(const std::string& id, StoreError error, bool mark_may_remain) {
  // A failed COMMIT (an fsync error, say) may have left this transaction's frames in the WAL file
  // with a valid commit mark: a crash before the next write would bring the submission back after
  // the citizen was told it failed. A durable write overwrites them at the same WAL position, and
  // the void row makes open() discard the id should it come back anyway. Until that write
  // succeeds the outcome is not known.
  if (void_submission(id)) return error;
  unconfirmed_voids_.push_back(id);
  if (!mark_may_remain) return error;
  return StoreError{StoreErrorCode::Uncertain, error.message + " (the failed submission could not be voided yet)"};
}

StoreResult<void> Store::void_submission(const std::string& id) {
  return in_transaction(*db_, [&]() -> StoreResult<void> {
    auto mark = db_->cached("INSERT OR REPLACE INTO void_submissions(id, at_ms) VALUES(?1, ?2)");
    if (!mark) return tl::unexpected(mark.error());
    (*mark)->bind(1, id).bind(2, unix_ms_now());
    if (auto ok = (*mark)->run(); !ok) return ok;
    auto drop = db_->cached("DELETE FROM submissions WHERE id = ?1");
    if (!drop) return tl::unexpected(drop.error());
    (*drop)->bind(1, id);
    if (auto ok = (*drop)->run(); !ok) return ok;
    return audit_in_tx("void", id, "commit failed");
  });
}

void Store::settle_unconfirmed_voids() {
  std::erase_if(unconfirmed_voids_, [&](const std::string& id) { return void_submission(id).has_value(); });
}

StoreResult<int> Store::discard_voided() {
  return in_transaction(*db_, [&]() -> StoreResult<int> {
    if (auto ok = db_->exec("DELETE FROM submissions WHERE id IN (SELECT id FROM void_submissions)"); !ok)
      return tl::unexpected(ok.error());
    const int discarded = sqlite3_changes(db_->handle());
    if (discarded > 0)
      if (auto ok = audit_in_tx("discard", "", std::to_string(discarded) + " voided submissions came back"); !ok)
        return tl::unexpected(ok.error());
    return discarded;
  });
}

StoreResult<void> Store::add_evaluation(const EvaluationDraft& draft) {
  OW_CHECK_SEQUENCE(sequence_);
  if (auto ok = unlocked(); !ok) return tl::unexpected(ok.error());
  if (draft.id.empty() || draft.level < 1 || draft.level > 5)
    return store_error(StoreErrorCode::Invalid, "evaluation needs an id and a level 1-5");
  std::string members;
  try {
    members = json{{"id", draft.id},           {"submission_id", draft.submission_id}, {"level", draft.level},
                   {"reasons", draft.reasons}, {"created_at", draft.created_at}}
                  .dump();
  } catch (const json::exception&) {
    return store_error(StoreErrorCode::Invalid, "evaluation id, reasons or time is not UTF-8");
  }
  SecretString body;
  body.reserve(members.size() + 16 + draft.comment.size() * 6);
  body.append(std::string_view(members).substr(0, members.size() - 1)) += ",\"comment\":";
  append_json_string(body, draft.comment.view());
  body += '}';
  if (!json::accept(body.view())) return store_error(StoreErrorCode::Invalid, "evaluation comment is not UTF-8");
  const std::string sealed = vault_->seal(body.view(), sealed_context("evaluations", draft.id));
  return in_transaction(*db_, [&]() -> StoreResult<void> {
    auto insert = db_->prepare(
        "INSERT INTO evaluations(id, submission_id, body_sealed, committed_ms) VALUES(?1, ?2, ?3, ?4)");
    if (!insert) return tl::unexpected(insert.error());
    insert->bind(1, draft.id).bind(2, draft.submission_id).bind_blob(3, sealed.data(), sealed.size()).bind(4, unix_ms_now());
    if (auto done = insert->run(); !done) return done;
    return audit_in_tx("evaluate", draft.submission_id, "level " + std::to_string(draft.level));
  });
}

StoreResult<std::int64_t> Store::submission_count() {
  OW_CHECK_SEQUENCE(sequence_);
  auto stmt = db_->prepare("SELECT count(*) FROM submissions");
  if (!stmt) return tl::unexpected(stmt.error());
  if (auto row = stmt->step(); !row) return tl::unexpected(row.error());
  return stmt->column_int(0);
}

StoreResult<bool> Store::has_submission(const std::string& id) {
  OW_CHECK_SEQUENCE(sequence_);
  auto stmt = db_->prepare("SELECT 1 FROM submissions WHERE id = ?1");
  if (!stmt) return tl::unexpected(stmt.error());
  stmt->bind(1, id);
  return stmt->step();
}

StoreResult<std::optional<OutboxEntry>> Store::find(const std::string& id_or_receipt) {
  OW_CHECK_SEQUENCE(sequence_);
  auto stmt = db_->prepare(std::string("SELECT ") + kEntryColumns + " FROM submissions s WHERE s.id = ?1 OR (" +
                           receipt_key_condition(2) + " AND s.local_receipt_no = ?1) OR s.platform_receipt_no = ?1"
                           " ORDER BY s.committed_ms DESC");
  if (!stmt) return tl::unexpected(stmt.error());
  stmt->bind(1, id_or_receipt);
  bind_receipt_keys(*stmt, 2, id_or_receipt);
  auto entries = read_entries(*stmt);
  if (!entries) return tl::unexpected(entries.error());
  if (entries->empty()) return std::optional<OutboxEntry>();
  return std::optional<OutboxEntry>(std::move(entries->front()));
}

StoreResult<std::vector<OutboxEntry>> Store::find_by_id_number(std::string_view id_number) {
  OW_CHECK_SEQUENCE(sequence_);
  if (auto ok = unlocked(); !ok) return tl::unexpected(ok.error());
  auto low = lowest_tail_key();
  if (!low) return tl::unexpected(low.error());
  // The ID-hash index holds all but the tail (schema v6); the tail is read by key.
  auto stmt = db_->prepare(std::string("SELECT ") + kEntryColumns +
                           " FROM submissions s WHERE s.id_hash = ?1 AND (s.state <> 'pending' OR s.next_attempt_ms > 0)"
                           " UNION ALL SELECT " + kEntryColumns + " FROM submissions s WHERE s.receipt_key >= ?2 AND " +
                           kTailCondition + " AND s.id_hash = ?1 ORDER BY committed_ms DESC");
  if (!stmt) return tl::unexpected(stmt.error());
  stmt->bind(1, vault_->lookup_hash(id_number)).bind(2, low->value_or(std::numeric_limits<std::int64_t>::max()));
  return read_entries(*stmt);
}

StoreResult<std::vector<OutboxEntry>> Store::list(std::optional<OutboxState> only, int limit) {
  OW_CHECK_SEQUENCE(sequence_);
  auto stmt = db_->prepare(std::string("SELECT ") + kEntryColumns +
                           " FROM submissions s WHERE ?1 IS NULL OR s.state = ?1 ORDER BY s.committed_ms, s.receipt_key LIMIT ?2");
  if (!stmt) return tl::unexpected(stmt.error());
  if (only) stmt->bind(1, state_name(*only));
  else stmt->bind_null(1);
  stmt->bind(2, static_cast<std::int64_t>(limit));
  return read_entries(*stmt);
}

StoreResult<OutboxStats> Store::stats(std::int64_t now_ms) {
  OW_CHECK_SEQUENCE(sequence_);
  OutboxStats s;
  auto counts = db_->prepare(
      "SELECT state, count(*), min(CASE WHEN state IN ('pending','sending') THEN committed_ms END) FROM submissions "
      "GROUP BY state");
  if (!counts) return tl::unexpected(counts.error());
  for (;;) {
    auto row = counts->step();
    if (!row) return tl::unexpected(row.error());
    if (!*row) break;
    const auto state = parse_state(counts->column_text(0));
    if (!state) return store_error(StoreErrorCode::Corrupt, "a submission has an unknown state");
    s.by_state[*state] = counts->column_int(1);
    if (*state == OutboxState::Pending || *state == OutboxState::Sending) {
      s.queue_depth += counts->column_int(1);
      const std::int64_t age = (now_ms - counts->column_int(2)) / 1000;
      if (!s.oldest_pending_age_s || age > *s.oldest_pending_age_s) s.oldest_pending_age_s = age;
    }
  }
  auto purged = db_->prepare("SELECT purged_from, count(*) FROM submissions WHERE state = 'purged' GROUP BY purged_from");
  if (!purged) return tl::unexpected(purged.error());
  for (;;) {
    auto row = purged->step();
    if (!row) return tl::unexpected(row.error());
    if (!*row) break;
    const std::string from = purged->column_text(0);
    (from == "rejected" ? s.purged_from.rejected : from == "unsent" ? s.purged_from.unsent : s.purged_from.acked) =
        purged->column_int(1);
  }
  auto evals = db_->prepare("SELECT count(*) FROM evaluations WHERE state IN ('pending','sending')");
  if (!evals) return tl::unexpected(evals.error());
  if (auto row = evals->step(); !row) return tl::unexpected(row.error());
  s.evaluations_pending = evals->column_int(0);
  auto last = db_->prepare("SELECT error, at_ms FROM attempts WHERE error IS NOT NULL ORDER BY id DESC LIMIT 1");
  if (!last) return tl::unexpected(last.error());
  auto row = last->step();
  if (!row) return tl::unexpected(row.error());
  if (*row) {
    s.last_error = last->column_text(0);
    s.last_error_ms = last->column_int(1);
  }
  auto acked = db_->prepare(
      "SELECT acked_ms FROM (SELECT acked_ms FROM submissions UNION ALL SELECT acked_ms FROM evaluations) "
      "WHERE acked_ms IS NOT NULL ORDER BY acked_ms DESC LIMIT 1");
  if (!acked) return tl::unexpected(acked.error());
  auto acked_row = acked->step();
  if (!acked_row) return tl::unexpected(acked_row.error());
  if (*acked_row) s.last_acked_ms = acked->column_int(0);
  return s;
}

StoreResult<std::vector<std::string>> Store::blobs_of(const std::string& submission_id) {
  OW_CHECK_SEQUENCE(sequence_);
  auto stmt = db_->prepare("SELECT sha256 FROM attachments WHERE submission_id = ?1 ORDER BY position");
  if (!stmt) return tl::unexpected(stmt.error());
  stmt->bind(1, submission_id);
  std::vector<std::string> out;
  for (;;) {
    auto row = stmt->step();
    if (!row) return tl::unexpected(row.error());
    if (!*row) return out;
    out.push_back(stmt->column_text(0));
  }
}

StoreResult<void> Store::audit(const std::string& action, const std::string& ref, const std::string& detail) {
  OW_CHECK_SEQUENCE(sequence_);
  return in_transaction(*db_, [&] { return audit_in_tx(action, ref, detail); });
}

StoreResult<void> Store::audit_in_tx(const std::string& action, const std::string& ref, const std::string& detail) {
  auto stmt = db_->cached("INSERT INTO audit_log(at_ms, actor, action, ref, detail) VALUES(?1, ?2, ?3, ?4, ?5)");
  if (!stmt) return tl::unexpected(stmt.error());
  (*stmt)->bind(1, unix_ms_now()).bind(2, actor_).bind(3, action).bind(4, ref).bind(5, detail);
  return (*stmt)->run();
}

StoreResult<std::optional<std::string>> Store::sync_meta(const std::string& key) {
  OW_CHECK_SEQUENCE(sequence_);
  auto stmt = db_->prepare("SELECT value FROM sync_meta WHERE key = ?1");
  if (!stmt) return tl::unexpected(stmt.error());
  stmt->bind(1, key);
  auto row = stmt->step();
  if (!row) return tl::unexpected(row.error());
  if (!*row) return std::optional<std::string>{};
  return std::optional<std::string>(stmt->column_text(0));
}

StoreResult<void> Store::set_sync_meta(const std::string& key, const std::optional<std::string>& value) {
  OW_CHECK_SEQUENCE(sequence_);
  auto stmt = db_->prepare(value ? "INSERT INTO sync_meta(key, value) VALUES(?1, ?2) "
                                   "ON CONFLICT(key) DO UPDATE SET value = excluded.value"
                                 : "DELETE FROM sync_meta WHERE key = ?1");
  if (!stmt) return tl::unexpected(stmt.error());
  stmt->bind(1, key);
  if (value) stmt->bind(2, *value);
  return stmt->run();
}

}  // namespace ow::store
