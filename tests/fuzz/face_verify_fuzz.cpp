// Fuzz target: the platform's real-person verification answer (kiosk/identity/face_verify). Any
// bytes are a verdict or a refusal without crashing; a match always carries a plain reference.
#include <algorithm>
#include <cctype>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "kiosk/identity/face_verify.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  ow::store::HttpAnswer answer;
  answer.status = 200;
  answer.body = std::string_view(reinterpret_cast<const char*>(data), size);
  const auto v = ow::verdict_from_answer(answer);
  if (!v) return 0;
  if (v->reference.size() > ow::kMaxReference) std::abort();
  if (v->match && (v->reference.empty() || v->reason != ow::MismatchReason::None)) std::abort();
  if (!std::all_of(v->reference.begin(), v->reference.end(), [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '-'; }))
    std::abort();
  return 0;
}
