#include "tools/bench/fleet_sim.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <map>
#include <memory>
#include <queue>
#include <random>
#include <set>

#include "offline_store/platform_answer.hpp"
#include "offline_store/store.hpp"
#include "offline_store/sync_engine.hpp"

namespace ow::bench {

namespace {
namespace fs = std::filesystem;
using nlohmann::json;
using std::int64_t;

constexpr int64_t kMinute = 60'000;
// Arrivals stop this long before the end, so that the last submissions are delivered in the run.
constexpr int64_t kQuietEnd = 10 * kMinute;

// platform-emu as a child on loopback. Plain HTTP: TLS changes no request count, and with idle
// connections closed at once (below) every pass would pay a handshake.
class Emulator {
 public:
  static tl::expected<std::unique_ptr<Emulator>, std::string> start(const fs::path& exe, const fs::path& log) {
    int out[2];
    if (::pipe2(out, O_CLOEXEC) != 0) return tl::unexpected(std::string("pipe failed"));
    std::unique_ptr<Emulator> emu(new Emulator());
    emu->pid_ = ::fork();
    if (emu->pid_ == 0) {
      ::dup2(out[1], 1);
      const int err = ::open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
      ::dup2(err, 2);
      // Idle keep-alive connections hold cpp-httplib's worker threads: a thousand kiosks' would stall it.
      ::execl(exe.c_str(), exe.c_str(), "--plain", "--port", "0", "--keep-alive-timeout", "0", static_cast<char*>(nullptr));
      ::_exit(127);
    }
    ::close(out[1]);
    std::string line;
    pollfd p{out[0], POLLIN, 0};
    while (line.find('\n') == std::string::npos && ::poll(&p, 1, 10000) > 0) {
      char buf[64];
      const ssize_t n = ::read(out[0], buf, sizeof buf);
      if (n <= 0) break;
      line.append(buf, static_cast<std::size_t>(n));
    }
    ::close(out[0]);
    emu->port_ = std::atoi(line.c_str());
    if (emu->port_ <= 0) return tl::unexpected("platform-emu did not start: " + exe.string());
    return emu;
  }
  ~Emulator() {
    if (pid_ <= 0) return;
    ::kill(pid_, SIGTERM);
    ::waitpid(pid_, nullptr, 0);
  }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }

 private:
  Emulator() = default;
  pid_t pid_ = -1;
  int port_ = 0;
};

// Operator calls to the emulator; never faulted, never counted as platform requests.
class Admin {
 public:
  explicit Admin(std::unique_ptr<store::PlatformClient> client) : client_(std::move(client)) {}
  // The emulator closes idle connections at once: a call that meets one being closed is made again.
  json call(std::string_view method, const std::string& path, const std::string& body = {}) {
    for (int attempt = 0;; ++attempt) {
      auto answer = client_->request(method, path, body, {"Content-Type: application/json"}, 512u << 20);
      if (answer.reached() || attempt == 3) {
        if (!answer.reached()) last_error_ = answer.transport_error;
        return json::parse(answer.body.view(), nullptr, false);
      }
    }
  }
  const std::string& last_error() const { return last_error_; }
  int64_t requests() {
    const json j = call("GET", "/admin/requests");
    return j.is_object() && j.contains("requests") ? j["requests"].get<int64_t>() : -1;
  }

 private:
  std::unique_ptr<store::PlatformClient> client_;
  std::string last_error_;
};

struct Kiosk {
  std::string id;
  int number = 0;
  std::unique_ptr<store::Store> front;  // the kiosk program's own connection: it commits
  std::unique_ptr<store::SyncPass> pass;
  int64_t scheduled = -1;  // when its next pass runs
  int64_t queue = 0;       // the queue depth its last pass reported
  int serial = 0;
};

enum class Kind { Pass, Commit, Evaluate, OutageStart, OutageEnd };
struct Event {
  int64_t t;
  int64_t seq;
  Kind kind;
  int kiosk;
  std::string ref;
};
struct Later {
  bool operator()(const Event& a, const Event& b) const { return a.t != b.t ? a.t > b.t : a.seq > b.seq; }
};

int64_t ms(std::chrono::milliseconds d) { return d.count(); }

RatePeak rate_peak(const std::vector<int64_t>& per_second, int bucket_s, int64_t steady_from_s, int64_t steady_to_s,
                   int64_t after_from_s) {
  RatePeak r;
  r.bucket_s = bucket_s;
  const auto n = static_cast<int64_t>(per_second.size());
  auto bucket = [&](int64_t from) {
    int64_t sum = 0;
    for (int64_t s = from; s < std::min(from + bucket_s, n); ++s) sum += per_second[static_cast<std::size_t>(s)];
    return static_cast<double>(sum) / bucket_s;
  };
  int64_t steady_sum = 0;
  for (int64_t s = steady_from_s; s < steady_to_s; ++s) steady_sum += per_second[static_cast<std::size_t>(s)];
  r.steady_rps = static_cast<double>(steady_sum) / static_cast<double>(steady_to_s - steady_from_s);
  for (int64_t b = steady_from_s; b + bucket_s <= steady_to_s; b += bucket_s) r.steady_max_rps = std::max(r.steady_max_rps, bucket(b));
  for (int64_t b = after_from_s; b + bucket_s <= n; b += bucket_s)
    if (const double v = bucket(b); v > r.peak_rps) {
      r.peak_rps = v;
      r.peak_at_s = b - after_from_s;
    }
  return r;
}

double mean_rps(const std::vector<int64_t>& per_second, int64_t from_s, int64_t to_s) {
  int64_t sum = 0;
  for (int64_t s = from_s; s < to_s; ++s) sum += per_second[static_cast<std::size_t>(s)];
  return to_s > from_s ? static_cast<double>(sum) / static_cast<double>(to_s - from_s) : 0;
}

}  // namespace

tl::expected<FleetResult, std::string> run_fleet(const FleetOptions& o) {
  const auto real_start = std::chrono::steady_clock::now();
  FleetResult result;
  result.options = o;
  std::error_code ec;
  fs::remove_all(o.work_dir, ec);
  fs::create_directories(o.work_dir, ec);
  if (ec) return tl::unexpected("cannot create " + o.work_dir.string() + ": " + ec.message());
  auto emu = Emulator::start(o.platform_emu, o.work_dir / "platform-emu.log");
  if (!emu) return tl::unexpected(emu.error());
  store::PlatformEndpoint endpoint;
  endpoint.url = (*emu)->url();
  endpoint.insecure_dev = true;
  auto admin_client = store::PlatformClient::create(endpoint);
  if (!admin_client) return tl::unexpected(admin_client.error().message);
  Admin admin(std::move(*admin_client));

  // Simulated time: ms from the start of the run; the engines see epoch + sim_ms as unix ms.
  const int64_t epoch = store::unix_ms_now() / 1000 * 1000;
  int64_t sim_ms = 0;
  const int64_t outage_start = ms(o.warmup) + ms(o.steady), outage_end = outage_start + ms(o.outage);
  const int64_t horizon = outage_end + ms(o.after);
  result.per_second.assign(static_cast<std::size_t>(horizon / 1000), 0);

  std::mt19937_64 rng(o.seed);
  std::priority_queue<Event, std::vector<Event>, Later> events;
  int64_t seq = 0;
  auto push = [&](int64_t t, Kind kind, int kiosk, std::string ref = {}) {
    events.push(Event{t, seq++, kind, kiosk, std::move(ref)});
  };
  std::exponential_distribution<double> gap(o.submissions_per_kiosk_hour / 3600000.0);
  auto next_arrival = [&](int64_t t) { return t + static_cast<int64_t>(gap(rng)) + 1; };
  std::uniform_real_distribution<double> unit(0, 1);

  std::vector<Kiosk> kiosks(static_cast<std::size_t>(o.kiosks));
  for (int i = 0; i < o.kiosks; ++i) {
    Kiosk& k = kiosks[static_cast<std::size_t>(i)];
    char id[16];
    std::snprintf(id, sizeof id, "K%04d", i + 1);
    k.id = id;
    k.number = i + 1;
    store::SyncConfig sc;
    sc.store.data_dir = o.work_dir / k.id;
    sc.store.durable_commits = false;  // durability is not what this measures
    sc.platform = endpoint;
    sc.kiosk_id = k.id;
    sc.seed = o.seed * 1000003u + static_cast<std::uint64_t>(i) + 1;
    sc.reconnect_spread_cap = o.reconnect_spread_cap;
    sc.wall_now_ms = [&sim_ms, epoch] { return epoch + sim_ms; };
    sc.steady_now = [&sim_ms] { return std::chrono::steady_clock::time_point(std::chrono::milliseconds(sim_ms)); };
    // The emulator publishes no catalog (404): polls cost a request and stage nothing.
    sc.on_catalog = [](std::string, const std::string&) -> store::CatalogVerdict { return {}; };
    auto pass = store::SyncPass::open(std::move(sc));
    if (!pass) return tl::unexpected(k.id + ": " + pass.error().message);
    k.pass = std::move(*pass);
    store::StoreOptions front;
    front.data_dir = o.work_dir / k.id;
    front.durable_commits = false;
    auto opened = store::Store::open(front);
    if (!opened) return tl::unexpected(k.id + ": " + opened.error().message);
    k.front = std::move(*opened);
    // Switched on at some moment of the warm-up: heartbeats and catalog polls out of phase.
    k.scheduled = static_cast<int64_t>(unit(rng) * static_cast<double>(ms(o.warmup)));
    push(k.scheduled, Kind::Pass, i);
    push(k.scheduled + next_arrival(0), Kind::Commit, i);
  }
  push(outage_start, Kind::OutageStart, -1);
  push(outage_end, Kind::OutageEnd, -1);

  std::set<std::string> committed;
  int64_t requests_seen = admin.requests();
  int64_t fleet_queue = 0;
  std::vector<int64_t> queue_by_minute(static_cast<std::size_t>(horizon / kMinute + 1), -1);
  auto notify = [&](int i, int64_t t) {
    Kiosk& k = kiosks[static_cast<std::size_t>(i)];
    if (k.scheduled <= t) return;
    k.scheduled = t;
    push(t, Kind::Pass, i);
  };

  while (!events.empty() && events.top().t < horizon) {
    Event ev = events.top();
    events.pop();
    sim_ms = ev.t;
    if (ev.kind == Kind::OutageStart || ev.kind == Kind::OutageEnd) {
      const json body{{"status", ev.kind == Kind::OutageStart ? 503 : 0}};
      if (!admin.call("POST", "/admin/gateway-fault", body.dump()).is_object()) return tl::unexpected(std::string("outage call failed"));
      if (ev.kind == Kind::OutageEnd) result.backlog_at_end_of_outage = fleet_queue;
      continue;
    }
    Kiosk& k = kiosks[static_cast<std::size_t>(ev.kiosk)];
    if (ev.kind == Kind::Commit) {
      store::SubmissionDraft d;
      d.id = k.id + "-" + std::to_string(++k.serial);
      d.kiosk_id = k.id;
      d.kiosk_number = k.number;
      d.created_at = store::utc_rfc3339(epoch + ev.t);
      d.matter_code = "M1";
      d.catalog_version = "12";
      d.form_json = json{{"n", k.serial}}.dump();
      d.materials.push_back({"ID_COPY", "scan of " + d.id});
      if (k.serial % 3 == 0) d.signature_png = "signature of " + d.id;
      if (auto r = k.front->commit(d); !r) return tl::unexpected(d.id + ": " + r.error().message);
      committed.insert(d.id);
      if (unit(rng) < o.evaluation_share) push(ev.t + 30'000, Kind::Evaluate, ev.kiosk, d.id);
      if (const int64_t next = next_arrival(ev.t); next < horizon - kQuietEnd) push(next, Kind::Commit, ev.kiosk);
      notify(ev.kiosk, ev.t);  // as the kiosk wakes its engine after a commit
      continue;
    }
    if (ev.kind == Kind::Evaluate) {
      store::EvaluationDraft e;
      e.id = ev.ref + "-rating";
      e.submission_id = ev.ref;
      e.level = 5;
      e.created_at = store::utc_rfc3339(epoch + ev.t);
      if (auto r = k.front->add_evaluation(e); !r) return tl::unexpected(e.id + ": " + r.error().message);
      ++result.evaluations;
      notify(ev.kiosk, ev.t);
      continue;
    }
    if (ev.t != k.scheduled) continue;  // superseded by an earlier wake-up
    const int64_t next = k.pass->run(epoch + ev.t) - epoch;
    ++result.passes;
    const int64_t seen = admin.requests();
    if (seen < 0) return tl::unexpected("platform-emu stopped answering: " + admin.last_error());
    const int64_t made = seen - requests_seen;
    requests_seen = seen;
    for (int64_t r = 0; r < made; ++r) {
      const auto s = static_cast<std::size_t>((ev.t + r * ms(o.round_trip)) / 1000);
      if (s < result.per_second.size()) ++result.per_second[s];
    }
    // As SyncEngine::run: the next pass when the engine asks for it, at most a minute later.
    const int64_t end = ev.t + made * ms(o.round_trip);
    k.scheduled = std::max(std::clamp(next, end, end + kMinute), ev.t + 1);
    push(k.scheduled, Kind::Pass, ev.kiosk);
    const int64_t depth = k.pass->status().queue_depth;
    fleet_queue += depth - k.queue;
    k.queue = depth;
    queue_by_minute[static_cast<std::size_t>(ev.t / kMinute)] = fleet_queue;
  }
  result.submissions = static_cast<int64_t>(committed.size());

  // Rates.
  const int64_t steady_from_s = ms(o.warmup) / 1000, steady_to_s = outage_start / 1000, after_s = outage_end / 1000;
  for (int bucket : {1, 10, 60}) result.peaks.push_back(rate_peak(result.per_second, bucket, steady_from_s, steady_to_s, after_s));
  result.outage_rps = mean_rps(result.per_second, outage_start / 1000, outage_end / 1000);
  result.tail_rps = mean_rps(result.per_second, (horizon - kQuietEnd) / 1000 - 1200, (horizon - kQuietEnd) / 1000);
  int64_t steady_queue = 0, carried = 0;
  for (std::size_t m = 0; m < queue_by_minute.size(); ++m) {
    if (queue_by_minute[m] >= 0) carried = queue_by_minute[m];
    const auto at = static_cast<int64_t>(m) * kMinute;
    if (at >= ms(o.warmup) && at < outage_start) steady_queue = std::max(steady_queue, carried);
    if (at >= outage_end && result.drained_after_s < 0 && carried <= steady_queue) result.drained_after_s = (at - outage_end) / 1000;
  }

  // Exactly once: the platform's records against what the kiosks committed.
  const json stats = admin.call("GET", "/admin/stats");
  if (!stats.is_object()) return tl::unexpected(std::string("no /admin/stats"));
  result.platform_submissions = stats.value("submissions", int64_t{-1});
  result.platform_evaluations = stats.value("evaluations", int64_t{-1});
  result.created = stats.value("created", int64_t{-1});
  result.replayed = stats.value("replayed", int64_t{-1});
  result.conflicts = stats.value("conflicts", int64_t{-1});
  const json listed = admin.call("GET", "/admin/submissions");
  if (!listed.is_object() || !listed.contains("submissions")) return tl::unexpected(std::string("no /admin/submissions"));
  std::map<std::string, std::string> receipt_of;
  for (const auto& s : listed["submissions"]) {
    const std::string id = s["id"].get<std::string>();
    if (!receipt_of.emplace(id, s["receipt_no"].get<std::string>()).second) ++result.duplicates;
    if (!committed.count(id)) ++result.unknown;
    if (s["blobs_present"] != true) ++result.without_blobs;
  }
  for (const auto& id : committed)
    if (!receipt_of.count(id)) ++result.missing;
  for (auto& k : kiosks) {
    auto entries = k.pass->store().list(std::nullopt, k.serial + 10);
    if (!entries) return tl::unexpected(k.id + ": " + entries.error().message);
    for (const auto& e : *entries) {
      const auto it = receipt_of.find(e.id);
      if (e.state != store::OutboxState::Acked || it == receipt_of.end() || e.platform_receipt_no != it->second) ++result.not_acked;
    }
    if (auto st = k.pass->store().stats(epoch + sim_ms); st) result.not_acked += st->evaluations_pending;
  }
  kiosks.clear();
  emu->reset();
  fs::remove_all(o.work_dir, ec);
  result.real_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - real_start).count();
  return result;
}

json to_json(const FleetResult& r) {
  const FleetOptions& o = r.options;
  json peaks = json::array();
  for (const auto& p : r.peaks)
    peaks.push_back({{"bucket_s", p.bucket_s},
                     {"steady_rps", p.steady_rps},
                     {"steady_max_rps", p.steady_max_rps},
                     {"peak_rps", p.peak_rps},
                     {"peak_over_steady", p.ratio()},
                     {"peak_at_s_after_outage", p.peak_at_s}});
  json per_minute = json::array();
  for (std::size_t s = 0; s + 60 <= r.per_second.size(); s += 60) {
    int64_t sum = 0;
    for (std::size_t i = s; i < s + 60; ++i) sum += r.per_second[i];
    per_minute.push_back(static_cast<double>(sum) / 60.0);
  }
  return json{{"model",
               {{"kiosks", o.kiosks},
                {"submissions_per_kiosk_hour", o.submissions_per_kiosk_hour},
                {"evaluation_share", o.evaluation_share},
                {"warmup_min", o.warmup.count()},
                {"steady_min", o.steady.count()},
                {"outage_min", o.outage.count()},
                {"after_min", o.after.count()},
                {"round_trip_ms", o.round_trip.count()},
                {"reconnect_spread_cap_s", o.reconnect_spread_cap.count()},
                {"seed", o.seed}}},
              {"peaks", peaks},
              {"outage_rps", r.outage_rps},
              {"tail_rps", r.tail_rps},
              {"backlog_at_end_of_outage", r.backlog_at_end_of_outage},
              {"drained_after_s", r.drained_after_s},
              {"exactly_once",
               {{"ok", r.exactly_once()},
                {"submissions", r.submissions},
                {"platform_submissions", r.platform_submissions},
                {"created", r.created},
                {"replayed", r.replayed},
                {"conflicts", r.conflicts},
                {"missing", r.missing},
                {"unknown", r.unknown},
                {"duplicates", r.duplicates},
                {"without_blobs", r.without_blobs},
                {"evaluations", r.evaluations},
                {"platform_evaluations", r.platform_evaluations},
                {"not_acked", r.not_acked}}},
              {"passes", r.passes},
              {"real_seconds", r.real_seconds},
              {"per_minute_rps", per_minute}};
}

std::string table(const FleetResult& r) {
  std::string out;
  char line[200];
  std::snprintf(line, sizeof line, "%d kiosks, %.1f submissions/kiosk/h, %lld min outage; backlog %lld, drained %lld s after\n",
                r.options.kiosks, r.options.submissions_per_kiosk_hour, static_cast<long long>(r.options.outage.count()),
                static_cast<long long>(r.backlog_at_end_of_outage), static_cast<long long>(r.drained_after_s));
  out += line;
  out += "bucket   steady req/s   steady max   peak req/s   peak/steady   peak at (s after outage)\n";
  for (const auto& p : r.peaks) {
    std::snprintf(line, sizeof line, "%4d s %14.1f %12.1f %12.1f %13.2f %12lld\n", p.bucket_s, p.steady_rps, p.steady_max_rps,
                  p.peak_rps, p.ratio(), static_cast<long long>(p.peak_at_s));
    out += line;
  }
  std::snprintf(line, sizeof line, "during the outage %.1f req/s (all 503); last 20 min %.1f req/s\n", r.outage_rps, r.tail_rps);
  out += line;
  std::snprintf(line, sizeof line,
                "exactly once: %s (%lld committed, %lld at the platform, %lld replayed, %lld missing, %lld duplicated, %lld "
                "evaluations of %lld)\n",
                r.exactly_once() ? "yes" : "NO", static_cast<long long>(r.submissions),
                static_cast<long long>(r.platform_submissions), static_cast<long long>(r.replayed),
                static_cast<long long>(r.missing), static_cast<long long>(r.duplicates),
                static_cast<long long>(r.platform_evaluations), static_cast<long long>(r.evaluations));
  out += line;
  // Per minute from 5 minutes before the end of the outage, one '#' per 2 req/s.
  const auto end_min = static_cast<std::size_t>((r.options.warmup + r.options.steady + r.options.outage).count());
  for (std::size_t m = end_min >= 5 ? end_min - 5 : 0; (m + 1) * 60 <= r.per_second.size() && m < end_min + 75; ++m) {
    int64_t sum = 0;
    for (std::size_t s = m * 60; s < (m + 1) * 60; ++s) sum += r.per_second[s];
    const double rps = static_cast<double>(sum) / 60.0;
    std::snprintf(line, sizeof line, "  min %3zu %7.1f req/s ", m, rps);
    out += line;
    out += std::string(static_cast<std::size_t>(rps / 2), '#') + "\n";
  }
  return out;
}

}  // namespace ow::bench
