// Fuzz target: the platform's JSON answers (offline_store/platform_answer.*). Every parser must
// accept or refuse any bytes without crashing, and what it keeps must respect its bounds.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "offline_store/platform_answer.hpp"
#include "offline_store/vault.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view body(reinterpret_cast<const char*>(data), size);
  using namespace ow::store;
  if (auto a = parse_submission_answer(body)) {
    if (a->receipt_no.empty() || a->receipt_no.size() > 64) std::abort();
  }
  const ErrorAnswer e = parse_error_answer(body);
  if (e.message.size() > 300) std::abort();
  for (const auto& sha : e.missing_blobs)
    if (!is_sha256_hex(sha)) std::abort();
  if (auto h = parse_heartbeat_answer(body)) {
    for (const auto& c : h->commands)
      if (!c.is_object()) std::abort();
  }
  (void)parse_progress_answer(body);
  const std::string t = bounded_text(body, 50);
  if (t.size() > 50) std::abort();
  for (unsigned char c : t)
    if (c < 0x20 || c == 0x7f) std::abort();
  return 0;
}
