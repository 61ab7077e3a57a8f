#include "kiosk/identity/qr_login.hpp"

#include <nlohmann/json.hpp>

#include "drivers/idcard/id_number.hpp"
#include "kiosk/log.hpp"
#include "kiosk/secret_json.hpp"
#include "kiosk/text_util.hpp"

namespace ow {

std::string_view to_string(QrLoginFailure f) {
  switch (f) {
    case QrLoginFailure::Offline: return "offline";
    case QrLoginFailure::Rejected: return "rejected";
    case QrLoginFailure::NotCredential: return "not_credential";
  }
  return "offline";
}

QrLoginResult identity_from_qr_answer(const store::HttpAnswer& answer) {
  if (!answer.reached()) return tl::unexpected(QrLoginFailure::Offline);
  if (answer.status == 401 || answer.status == 403) return tl::unexpected(QrLoginFailure::Rejected);
  if (answer.status == 422 || answer.status == 400) return tl::unexpected(QrLoginFailure::NotCredential);
  if (answer.status != 200) return tl::unexpected(QrLoginFailure::Offline);
  // The parsed copy names the citizen: it zeroes its strings when it goes.
  const SecretJson j(nlohmann::json::parse(answer.body.view(), nullptr, false));
  if (!j->is_object()) return tl::unexpected(QrLoginFailure::Offline);
  auto text = [&](const char* key, std::size_t max) -> std::optional<std::string_view> {
    const auto it = j->find(key);
    if (it == j->end() || !it->is_string()) return std::nullopt;
    const auto& s = it->get_ref<const std::string&>();
    if (s.size() > max) return std::nullopt;
    return std::string_view(s);
  };
  auto name = text("name", 120), id_number = text("id_number", 18);
  // The platform vouches for the person: without a name and a valid ID number there is nobody to log in.
  if (!name || name->empty() || !id_number || !drivers::idcard::id_number_valid(*id_number))
    return tl::unexpected(QrLoginFailure::Offline);
  Identity id;
  id.source = IdentitySource::ElectronicId;
  id.name = *name;
  id.id_number = *id_number;
  id.sex = text("sex", 16).value_or("");
  id.birth_date = text("birth_date", 10).value_or("");
  if (id.birth_date.empty())
    id.birth_date.append(id.id_number.view().substr(6, 4)).append("-").append(id.id_number.view().substr(10, 2)).append("-").append(id.id_number.view().substr(12, 2));
  id.address = text("address", 300).value_or("");
  return id;
}

QrLoginResult resolve_qr_credential(const store::PlatformEndpoint& endpoint, const std::string& kiosk_id,
                                    const QrCredential& credential) {
  auto client = store::PlatformClient::create(endpoint);
  if (!client) {
    log::warn("qr_login", "no platform connection: " + client.error().message);
    return tl::unexpected(QrLoginFailure::Offline);
  }
  SecretJson request(nlohmann::json::object());
  (*request)["kiosk_id"] = kiosk_id;
  (*request)["source"] = std::string(to_string(credential.source()));
  (*request)["credential"] = credential.payload().str();
  const SecretString body = request.dump();
  auto answer = (*client)->request("POST", "/v1/identity/qr", body.view(), {"Content-Type: application/json"});
  auto result = identity_from_qr_answer(answer);
  log::info("qr_login", "credential " + credential.fingerprint() + " from " + std::string(to_string(credential.source())) +
                            ": " + (result ? std::string("resolved") : std::string(to_string(result.error()))) +
                            (answer.reached() ? " (HTTP " + std::to_string(answer.status) + ")" : " (" + answer.transport_error + ")"));
  return result;
}

}  // namespace ow
