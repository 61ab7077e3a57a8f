#include "kiosk/secret_json.hpp"

#include <sodium.h>

#include <memory>

namespace ow {

namespace {
// nlohmann's serializer writes through this: every byte goes into the SecretString, whose growth
// zeroes the buffer it leaves.
class SecretSink : public nlohmann::detail::output_adapter_protocol<char> {
 public:
  explicit SecretSink(SecretString& out) : out_(out) {}
  void write_character(char c) override { out_ += c; }
  void write_characters(const char* s, std::size_t length) override { out_.append(std::string_view(s, length)); }

 private:
  SecretString& out_;
};
}  // namespace

SecretJson& SecretJson::operator=(SecretJson&& other) noexcept {
  if (this != &other) {
    zero(j_);
    j_ = std::move(other.j_);
  }
  return *this;
}

SecretString SecretJson::dump() const {
  SecretString out;
  nlohmann::detail::serializer<nlohmann::json> s(std::make_shared<SecretSink>(out), ' ');
  s.dump(j_, false, false, 0);
  return out;
}

void SecretJson::zero(nlohmann::json& j) noexcept {
  if (j.is_string()) {
    auto& s = j.get_ref<std::string&>();
    sodium_memzero(s.data(), s.capacity());
  } else if (j.is_structured()) {
    for (auto& item : j) zero(item);
  }
}

}  // namespace ow
