#pragma once
// Parsers for the platform's JSON answers (Platform API v1). These bytes come from outside: every
// field is type- and range-checked, and text kept for technicians is bounded and stripped of
// control characters.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>
#include <tl/expected.hpp>

namespace ow::store {

template <class T>
using AnswerResult = tl::expected<T, std::string>;  // error: why the answer was not understood

// 201/200 to POST /v1/submissions.
struct SubmissionAnswer {
  std::string receipt_no, status, accepted_at;
};
AnswerResult<SubmissionAnswer> parse_submission_answer(std::string_view body);

// Any error answer: {"error": code, "message": text, "missing_blobs": [sha…]}. Never fails: a body
// that is not such an object becomes a bounded message.
struct ErrorAnswer {
  std::string code, message;
  std::vector<std::string> missing_blobs;  // only well-formed sha256 names
};
ErrorAnswer parse_error_answer(std::string_view body);

// 200 to a heartbeat: {"commands": [{…}, …]}.
struct HeartbeatAnswer {
  std::vector<nlohmann::json> commands;  // objects with a string "type"
};
AnswerResult<HeartbeatAnswer> parse_heartbeat_answer(std::string_view body);

// GET /v1/submissions/{receipt_no}.
struct ProgressAnswer {
  std::string receipt_no, status;
  struct Step {
    std::string status, at;
  };
  std::vector<Step> timeline;
};
AnswerResult<ProgressAnswer> parse_progress_answer(std::string_view body);

// Keeps printable text, drops control characters and cuts at `limit` bytes on a UTF-8 boundary.
std::string bounded_text(std::string_view text, std::size_t limit = 300);

// The API's timestamps: RFC 3339 in UTC, to the second ("2026-11-22T08:30:00Z").
std::string utc_rfc3339(std::int64_t unix_ms);

}  // namespace ow::store
