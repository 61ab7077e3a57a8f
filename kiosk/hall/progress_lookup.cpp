#include "kiosk/hall/progress_lookup.hpp"

#include <cstdio>
#include <ctime>

#include "kiosk/log.hpp"
#include "offline_store/platform_answer.hpp"

namespace ow {

namespace {
ProgressRecord from_entry(const store::OutboxEntry& e) {
  using store::OutboxState;
  ProgressRecord r;
  r.receipt_no = e.local_receipt_no;
  r.platform_receipt_no = e.platform_receipt_no.value_or(std::string());
  r.matter_code = e.matter_code;
  r.created = local_minutes_of(e.created_at);
  r.timeline.push_back({Str::ProgressStepKiosk, {}, r.created});
  switch (e.state) {
    case OutboxState::Pending:
    case OutboxState::Sending: r.timeline.push_back({Str::ProgressStepQueued, {}, {}}); break;
    case OutboxState::Acked:
    case OutboxState::Purged:
      r.timeline.push_back({Str::ProgressStepUploaded, {}, {}});
      if (e.platform_status) r.timeline.push_back({progress_status_label(*e.platform_status), *e.platform_status, {}});
      break;
    case OutboxState::Rejected: r.timeline.push_back({Str::ProgressStepReturned, {}, {}}); break;
  }
  r.status = r.timeline.back();
  return r;
}
}  // namespace

std::string progress_step_text(const ProgressStep& step) {
  if (step.label == Str::ProgressStepOther && !step.token.empty()) return std::string(tr(step.label)) + " (" + step.token + ")";
  return tr(step.label);
}

Str progress_status_label(const std::string& token) {
  if (token == "received" || token == "accepted") return Str::ProgressStepReceived;
  if (token == "reviewing" || token == "processing") return Str::ProgressStepReviewing;
  if (token == "done" || token == "completed") return Str::ProgressStepDone;
  if (token == "rejected" || token == "returned") return Str::ProgressStepReturned;
  return Str::ProgressStepOther;
}

std::string local_minutes_of(const std::string& s) {
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, sec = 0, n = 0;
  if (std::sscanf(s.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d%n", &y, &mo, &d, &h, &mi, &sec, &n) != 6) return s;
  std::size_t i = static_cast<std::size_t>(n);
  if (i < s.size() && s[i] == '.')
    for (++i; i < s.size() && s[i] >= '0' && s[i] <= '9';) ++i;
  long offset_s = 0;
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) {
    int oh = 0, om = 0;
    if (std::sscanf(s.c_str() + i + 1, "%2d:%2d", &oh, &om) != 2) return s;
    offset_s = (s[i] == '-' ? -1L : 1L) * (oh * 3600L + om * 60L);
  } else if (i >= s.size() || (s[i] != 'Z' && s[i] != 'z')) {
    return s;
  }
  std::tm tm{};
  tm.tm_year = y - 1900;
  tm.tm_mon = mo - 1;
  tm.tm_mday = d;
  tm.tm_hour = h;
  tm.tm_min = mi;
  tm.tm_sec = sec;
  const std::time_t utc = timegm(&tm) - offset_s;
  std::tm local{};
  localtime_r(&utc, &local);
  char out[32];
  std::strftime(out, sizeof out, "%Y-%m-%d %H:%M", &local);
  return out;
}

std::string local_day(std::chrono::system_clock::time_point t) {
  const std::time_t tt = std::chrono::system_clock::to_time_t(t);
  std::tm local{};
  localtime_r(&tt, &local);
  char out[16];
  std::strftime(out, sizeof out, "%Y%m%d", &local);
  return out;
}

ProgressLookup::ProgressLookup(store::StoreOptions store, store::PlatformEndpoint platform)
    : store_options_(std::move(store)), platform_(std::move(platform)) {}

store::Store* ProgressLookup::store() {
  if (!store_) {
    auto opened = store::Store::open(store_options_);
    if (!opened) {
      log::error("progress", "cannot open the local store: " + opened.error().message);
      return nullptr;
    }
    store_ = std::move(*opened);
  }
  return store_.get();
}

std::optional<store::OutboxEntry> ProgressLookup::local(const std::string& receipt_no, std::string_view holder) {
  store::Store* s = store();
  if (!s) return std::nullopt;
  auto found = s->find_for_holder(receipt_no, holder);
  if (!found) {
    log::error("progress", "local lookup failed: " + found.error().message);
    return std::nullopt;
  }
  return *found;
}

ProgressOutcome ProgressLookup::by_receipt(const std::string& receipt_no, std::string_view holder) {
  OW_CHECK_SEQUENCE(query_worker_);
  const auto entry = local(receipt_no, holder);
  ProgressOutcome out;
  if (!entry) return out;
  out.record = from_entry(*entry);
  if (platform_.url.empty()) return out;
  if (!client_) {
    auto client = store::PlatformClient::create(platform_);
    if (!client) {
      log::warn("progress", "no platform client: " + client.error().message);
      out.source = ProgressSource::LocalOffline;
      return out;
    }
    client_ = std::move(*client);
  }
  // The platform knows a kiosk's submission by its own receipt number once acknowledged, and by
  // the submission id (its Idempotency-Key) before the kiosk has heard back.
  const std::string key = entry->platform_receipt_no.value_or(entry->id);
  const store::HttpAnswer answer = client_->request("GET", "/v1/submissions/" + key);
  if (answer.reached() && answer.status == 200) {
    auto parsed = store::parse_progress_answer(answer.body.view());
    if (parsed) {
      ProgressRecord r;
      r.receipt_no = entry->local_receipt_no;
      r.platform_receipt_no = parsed->receipt_no;
      r.matter_code = entry->matter_code;
      r.created = local_minutes_of(entry->created_at);
      for (const auto& step : parsed->timeline)
        r.timeline.push_back({progress_status_label(step.status), step.status, local_minutes_of(step.at)});
      r.status = {progress_status_label(parsed->status), parsed->status, {}};
      if (!r.timeline.empty() && r.timeline.back().token == parsed->status) r.status.at = r.timeline.back().at;
      out.record = std::move(r);
      out.source = ProgressSource::Platform;
      return out;
    }
    log::warn("progress", "platform progress answer not understood: " + parsed.error());
  } else if (answer.reached() && answer.status == 404) {
    out.source = ProgressSource::LocalNotSynced;
    return out;
  } else {
    log::warn("progress", answer.reached() ? "platform answered HTTP " + std::to_string(answer.status)
                                           : "platform not reached: " + answer.transport_error);
  }
  out.source = ProgressSource::LocalOffline;
  return out;
}

std::vector<ProgressRecord> ProgressLookup::by_id_number(std::string_view id_number) {
  OW_CHECK_SEQUENCE(query_worker_);
  std::vector<ProgressRecord> out;
  store::Store* s = store();
  if (!s) return out;
  auto found = s->find_by_id_number(id_number);
  if (!found) {
    log::error("progress", "lookup by card failed: " + found.error().message);
    return out;
  }
  for (const auto& e : *found) out.push_back(from_entry(e));
  return out;
}

}  // namespace ow
