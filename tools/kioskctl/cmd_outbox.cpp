// kioskctl outbox … and kioskctl sync --once: the offline queue from a technician's shell.
#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <thread>

#include "kiosk/config.hpp"
#include "kiosk/sync_setup.hpp"
#include "kiosk/text_util.hpp"
#include "offline_store/store.hpp"
#include "offline_store/sync_engine.hpp"
#include "tools/kioskctl/commands.hpp"
#include "tools/kioskctl/store_access.hpp"

namespace ow::kioskctl {

namespace {
using nlohmann::json;

std::string age_text(std::optional<std::int64_t> seconds) {
  if (!seconds) return "-";
  const auto s = *seconds;
  if (s < 120) return std::to_string(s) + " s";
  if (s < 7200) return std::to_string(s / 60) + " min";
  return std::to_string(s / 3600) + " h";
}

json stats_json(const store::OutboxStats& s) {
  json states = json::object();
  for (auto st : {store::OutboxState::Pending, store::OutboxState::Sending, store::OutboxState::Acked,
                  store::OutboxState::Purged, store::OutboxState::Rejected}) {
    const auto it = s.by_state.find(st);
    states[std::string(store::state_name(st))] = it == s.by_state.end() ? 0 : it->second;
  }
  return json{{"states", states},
              {"purged_from", {{"acked", s.purged_from.acked}, {"rejected", s.purged_from.rejected}, {"unsent", s.purged_from.unsent}}},
              {"queue_depth", s.queue_depth},
              {"oldest_pending_age_s", s.oldest_pending_age_s ? json(*s.oldest_pending_age_s) : json()},
              {"evaluations_pending", s.evaluations_pending},
              {"last_error", s.last_error ? json(*s.last_error) : json()},
              {"last_error_at", s.last_error_ms ? json(rfc3339_local(std::chrono::system_clock::time_point(
                                                      std::chrono::milliseconds(*s.last_error_ms))))
                                                : json()}};
}

void print_stats(const store::OutboxStats& s) {
  const json j = stats_json(s);
  std::printf("queue: %lld waiting, oldest %s\n", static_cast<long long>(s.queue_depth), age_text(s.oldest_pending_age_s).c_str());
  for (const auto& [state, n] : j["states"].items()) std::printf("  %-9s %lld\n", state.c_str(), n.get<long long>());
  std::printf("purged after ack %lld, after rejection %lld, never acked %lld (retention: docs/kioskctl.md)\n",
              static_cast<long long>(s.purged_from.acked), static_cast<long long>(s.purged_from.rejected),
              static_cast<long long>(s.purged_from.unsent));
  std::printf("evaluations waiting: %lld\n", static_cast<long long>(s.evaluations_pending));
  std::printf("last error: %s\n", s.last_error ? s.last_error->c_str() : "-");
}

// A submission from an operator's JSON file; attachment paths are relative to the file.
tl::expected<store::SubmissionDraft, std::string> draft_from_file(const std::filesystem::path& file, const Config& c) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return tl::unexpected("cannot read " + file.string());
  const json j = json::parse(std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()), nullptr, false);
  if (!j.is_object()) return tl::unexpected(file.string() + " is not a JSON object");
  auto text = [&](const char* k, std::string fallback) {
    return j.contains(k) && j[k].is_string() ? j[k].get<std::string>() : fallback;
  };
  store::SubmissionDraft d;
  d.id = text("id", new_uuid());
  d.kiosk_id = c.kiosk_id;
  d.kiosk_number = c.kiosk_number;
  d.created_at = text("created_at", rfc3339_local(std::chrono::system_clock::now()));
  d.matter_code = text("matter_code", "");
  if (d.matter_code.empty()) {
    d.matter_code = text("bundle_code", "");
    d.is_bundle = true;
  }
  if (d.matter_code.empty()) return tl::unexpected(std::string("matter_code or bundle_code is required"));
  d.catalog_version = text("catalog_version", "");
  if (j.contains("applicant")) d.applicant_json = j["applicant"].dump();
  if (j.contains("form")) d.form_json = j["form"].dump();
  if (j.contains("prereview")) d.prereview_json = j["prereview"].dump();
  d.id_number = text("id_number", "");
  const auto base = file.parent_path();
  auto read = [&](const std::string& rel) -> tl::expected<std::string, std::string> {
    std::ifstream f(std::filesystem::path(rel).is_absolute() ? std::filesystem::path(rel) : base / rel, std::ios::binary);
    if (!f) return tl::unexpected("cannot read attachment " + rel);
    return std::string(std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>());
  };
  if (j.contains("materials")) {
    if (!j["materials"].is_object()) return tl::unexpected(std::string("materials must map a material code to files"));
    for (const auto& [code, files] : j["materials"].items()) {
      if (!files.is_array()) return tl::unexpected("materials." + code + " must be a list of files");
      for (const auto& f : files) {
        if (!f.is_string()) return tl::unexpected("materials." + code + " must be a list of files");
        auto bytes = read(f.get<std::string>());
        if (!bytes) return tl::unexpected(bytes.error());
        d.materials.push_back({code, std::move(*bytes)});
      }
    }
  }
  if (j.contains("signature") && j["signature"].is_string()) {
    auto bytes = read(j["signature"].get<std::string>());
    if (!bytes) return tl::unexpected(bytes.error());
    d.signature_png = std::move(*bytes);
  }
  return d;
}
}  // namespace

void add_outbox_commands(CLI::App& app, Globals& g) {
  auto* outbox = app.add_subcommand("outbox", "The offline queue of submissions to the platform");
  outbox->require_subcommand(1);

  auto* stats = outbox->add_subcommand("stats", "Counts by state, oldest waiting submission, last error");
  stats->add_flag("--json", g.json, "Print JSON");
  stats->callback([&g] {
    auto c = config_or_fail(g);
    if (!c) return;
    auto s = open_store(g, *c);
    if (!s) return;
    auto st = s->stats(store::unix_ms_now());
    if (!st) {
      std::fprintf(stderr, "kioskctl: %s\n", st.error().message.c_str());
      g.exit_code = 1;
      return;
    }
    if (g.json) std::printf("%s\n", stats_json(*st).dump().c_str());
    else print_stats(*st);
  });

  auto* list = outbox->add_subcommand("list", "Submissions in the outbox, oldest first (no personal data)");
  static std::string state_filter;
  static int limit = 200;
  list->add_option("--state", state_filter, "Only this state: pending, sending, acked, purged, rejected");
  list->add_option("--limit", limit, "At most this many")->capture_default_str();
  list->add_flag("--json", g.json, "Print JSON");
  list->callback([&g] {
    std::optional<store::OutboxState> only;
    if (!state_filter.empty()) {
      only = store::parse_state(state_filter);
      if (!only) {
        std::fprintf(stderr, "kioskctl: unknown state %s\n", state_filter.c_str());
        g.exit_code = 2;
        return;
      }
    }
    auto c = config_or_fail(g);
    if (!c) return;
    auto s = open_store(g, *c);
    if (!s) return;
    auto entries = s->list(only, limit);
    if (!entries) {
      std::fprintf(stderr, "kioskctl: %s\n", entries.error().message.c_str());
      g.exit_code = 1;
      return;
    }
    json out = json::array();
    if (!g.json) std::printf("%-26s %-9s %4s %-20s %s\n", "local receipt", "state", "try", "platform receipt", "last error");
    for (const auto& e : *entries) {
      if (g.json) {
        out.push_back({{"id", e.id}, {"local_receipt_no", e.local_receipt_no}, {"matter_code", e.matter_code},
                       {"created_at", e.created_at}, {"state", store::state_name(e.state)}, {"attempts", e.attempts},
                       {"platform_receipt_no", e.platform_receipt_no ? json(*e.platform_receipt_no) : json()},
                       {"last_http_status", e.last_http_status ? json(*e.last_http_status) : json()},
                       {"last_error", e.last_error ? json(*e.last_error) : json()}});
      } else {
        std::printf("%-26s %-9s %4lld %-20s %s\n", e.local_receipt_no.c_str(), std::string(store::state_name(e.state)).c_str(),
                    static_cast<long long>(e.attempts), e.platform_receipt_no.value_or("-").c_str(),
                    e.last_error.value_or("").c_str());
      }
    }
    if (g.json) std::printf("%s\n", out.dump().c_str());
  });

  auto* enqueue = outbox->add_subcommand("enqueue", "Queue a submission from a JSON file (re-queuing, tests)");
  static std::string file;
  enqueue->add_option("FILE", file, "JSON: matter_code, catalog_version, applicant, form, materials {code: [files]}")
      ->required();
  enqueue->callback([&g] {
    auto c = config_or_fail(g);
    if (!c) return;
    auto d = draft_from_file(file, *c);
    if (!d) {
      std::fprintf(stderr, "kioskctl: %s\n", d.error().c_str());
      g.exit_code = 2;
      return;
    }
    auto s = open_store(g, *c);
    if (!s) return;
    auto receipt = s->commit(*d);
    if (!receipt) {
      std::fprintf(stderr, "kioskctl: not queued: %s\n", receipt.error().message.c_str());
      g.exit_code = 1;
      return;
    }
    std::printf("queued %s as %s\n", receipt->submission_id.c_str(), receipt->local_receipt_no.c_str());
  });

  auto* retry = outbox->add_subcommand("retry", "Send a rejected or waiting submission again now");
  static std::string id;
  retry->add_option("ID", id, "Submission id, local or platform receipt number")->required();
  retry->callback([&g] {
    auto c = config_or_fail(g);
    if (!c) return;
    auto s = open_store(g, *c);
    if (!s) return;
    if (auto ok = s->retry_now(id, store::unix_ms_now()); !ok) {
      std::fprintf(stderr, "kioskctl: %s\n", ok.error().message.c_str());
      g.exit_code = ok.error().code == store::StoreErrorCode::NotFound ? 2 : 1;
      return;
    }
    std::printf("requeued %s\n", id.c_str());
  });

  auto* sync = app.add_subcommand("sync", "Push the outbox to the platform");
  static bool once = false;
  static int wait_s = 0;
  sync->add_flag("--once", once, "Push everything due, then exit (0 when the queue is empty)")->required();
  sync->add_option("--wait", wait_s, "Keep retrying (with backoff) up to this many seconds until the queue is empty")
      ->capture_default_str();
  sync->callback([&g] {
    auto c = config_or_fail(g);
    if (!c) return;
    if (c->platform.url.empty()) {
      std::fprintf(stderr, "kioskctl: no platform.url configured\n");
      g.exit_code = 2;
      return;
    }
    auto pass = store::SyncPass::open(sync_config(*c));
    if (!pass) {
      std::fprintf(stderr, "kioskctl: %s\n", pass.error().message.c_str());
      g.exit_code = 1;
      return;
    }
    const auto deadline = store::unix_ms_now() + std::int64_t{wait_s} * 1000;
    for (;;) {
      const std::int64_t next = (*pass)->run(store::unix_ms_now());
      const auto st = (*pass)->status();
      const std::int64_t now = store::unix_ms_now();
      if (st.queue_depth == 0 || now >= deadline) {
        std::printf("sync: %lld waiting, %lld rejected, platform %s%s%s\n", static_cast<long long>(st.queue_depth),
                    static_cast<long long>(st.rejected), st.online ? "online" : "offline",
                    st.last_error.empty() ? "" : "; last error: ", st.last_error.c_str());
        g.exit_code = st.queue_depth == 0 ? 0 : 1;
        return;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(std::clamp<std::int64_t>(std::min(next, deadline) - now, 1, 1000)));
    }
  });
}

}  // namespace ow::kioskctl
