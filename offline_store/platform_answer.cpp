#include "offline_store/platform_answer.hpp"

#include <ctime>

#include "offline_store/vault.hpp"

namespace ow::store {

namespace {
using nlohmann::json;

json parse_object(std::string_view body) {
  json j = json::parse(body.begin(), body.end(), nullptr, false);
  return j.is_object() ? j : json();
}

// A short identifier-like string: receipt numbers, status names.
bool is_token(const json& j, std::size_t max_len) {
  if (!j.is_string()) return false;
  const auto& s = j.get_ref<const std::string&>();
  if (s.empty() || s.size() > max_len) return false;
  for (unsigned char c : s)
    if (c < 0x21 || c > 0x7e) return false;
  return true;
}

std::string text_or_empty(const json& obj, const char* key, std::size_t limit) {
  auto it = obj.find(key);
  return it != obj.end() && it->is_string() ? bounded_text(it->get_ref<const std::string&>(), limit) : std::string();
}
}  // namespace

std::string bounded_text(std::string_view text, std::size_t limit) {
  std::string out;
  for (std::size_t i = 0; i < text.size() && out.size() < limit;) {
    const auto c = static_cast<unsigned char>(text[i]);
    std::size_t len = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xe ? 3 : (c >> 3) == 0x1e ? 4 : 0;
    bool valid = len > 0 && i + len <= text.size();
    for (std::size_t k = 1; valid && k < len; ++k) valid = (static_cast<unsigned char>(text[i + k]) & 0xc0) == 0x80;
    if (!valid) {
      ++i;
      continue;
    }
    if (out.size() + len > limit) break;
    if (len == 1 && (c < 0x20 || c == 0x7f)) out += ' ';
    else out.append(text.substr(i, len));
    i += len;
  }
  return out;
}

AnswerResult<SubmissionAnswer> parse_submission_answer(std::string_view body) {
  const json j = parse_object(body);
  if (j.is_null()) return tl::unexpected(std::string("answer is not a JSON object"));
  const auto receipt = j.find("receipt_no");
  if (receipt == j.end() || !is_token(*receipt, 64)) return tl::unexpected(std::string("answer lacks a valid receipt_no"));
  SubmissionAnswer a;
  a.receipt_no = receipt->get<std::string>();
  const auto status = j.find("status");
  if (status != j.end() && !is_token(*status, 32)) return tl::unexpected(std::string("answer has an invalid status"));
  a.status = status != j.end() ? status->get<std::string>() : "received";
  a.accepted_at = text_or_empty(j, "accepted_at", 40);
  return a;
}

ErrorAnswer parse_error_answer(std::string_view body) {
  ErrorAnswer e;
  const json j = parse_object(body);
  if (j.is_null()) {
    e.message = bounded_text(body, 200);
    return e;
  }
  e.code = text_or_empty(j, "error", 40);
  e.message = text_or_empty(j, "message", 300);
  if (auto it = j.find("missing_blobs"); it != j.end() && it->is_array()) {
    for (const auto& b : *it)
      if (b.is_string() && is_sha256_hex(b.get_ref<const std::string&>()) && e.missing_blobs.size() < 1000)
        e.missing_blobs.push_back(b.get<std::string>());
  }
  if (e.message.empty()) e.message = e.code;
  return e;
}

AnswerResult<HeartbeatAnswer> parse_heartbeat_answer(std::string_view body) {
  const json j = parse_object(body);
  if (j.is_null()) return tl::unexpected(std::string("heartbeat answer is not a JSON object"));
  HeartbeatAnswer a;
  if (auto it = j.find("commands"); it != j.end()) {
    if (!it->is_array()) return tl::unexpected(std::string("heartbeat commands is not a list"));
    for (const auto& c : *it) {
      if (!c.is_object() || !c.contains("type") || !is_token(c["type"], 40))
        return tl::unexpected(std::string("heartbeat command without a valid type"));
      a.commands.push_back(c);
    }
  }
  return a;
}

AnswerResult<ProgressAnswer> parse_progress_answer(std::string_view body) {
  const json j = parse_object(body);
  if (j.is_null()) return tl::unexpected(std::string("progress answer is not a JSON object"));
  ProgressAnswer a;
  if (!j.contains("receipt_no") || !is_token(j["receipt_no"], 64) || !j.contains("status") || !is_token(j["status"], 32))
    return tl::unexpected(std::string("progress answer lacks receipt_no or status"));
  a.receipt_no = j["receipt_no"].get<std::string>();
  a.status = j["status"].get<std::string>();
  if (auto it = j.find("timeline"); it != j.end()) {
    if (!it->is_array()) return tl::unexpected(std::string("timeline is not a list"));
    for (const auto& step : *it) {
      if (!step.is_object() || !step.contains("status") || !is_token(step["status"], 32))
        return tl::unexpected(std::string("timeline step without a valid status"));
      a.timeline.push_back({step["status"].get<std::string>(), text_or_empty(step, "at", 40)});
    }
  }
  return a;
}

std::string utc_rfc3339(std::int64_t unix_ms) {
  const std::time_t t = static_cast<std::time_t>(unix_ms / 1000);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

}  // namespace ow::store
