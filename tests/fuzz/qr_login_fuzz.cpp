// The platform's answer to a QR login (identity_from_qr_answer, kiosk/identity/qr_login.hpp): any
// status and body give an identity or a failure, never a crash, and an identity is only ever a
// named person with a valid ID number and bounded fields.
// Input: one byte choosing the HTTP status, then the body.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "drivers/idcard/id_number.hpp"
#include "kiosk/identity/qr_login.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 1) return 0;
  static constexpr long kStatuses[] = {200, 200, 200, 200, 401, 403, 422, 400, 404, 408, 429, 500, 503, 0, 201, 204};
  ow::store::HttpAnswer answer;
  answer.status = kStatuses[data[0] % 16];
  if (answer.status == 0) answer.transport_error = "connection reset";
  answer.body = std::string_view(reinterpret_cast<const char*>(data + 1), size - 1);
  const auto id = ow::identity_from_qr_answer(answer);
  if (!id) {
    if (answer.status == 401 && id.error() != ow::QrLoginFailure::Rejected) std::abort();
    return 0;
  }
  if (answer.status != 200) std::abort();
  if (id->source != ow::IdentitySource::ElectronicId || !id->has_verified_person()) std::abort();
  if (id->name.empty() || id->name.size() > 120) std::abort();
  if (!ow::drivers::idcard::id_number_valid(id->id_number.view())) std::abort();
  if (id->sex.size() > 16 || id->birth_date.size() > 10 || id->address.size() > 300) std::abort();
  return 0;
}
