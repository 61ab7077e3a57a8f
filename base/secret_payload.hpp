#pragma once
// Personal data carried in a message that must stay copyable: the UI keeps a button's Intent (a
// std::variant) and copies it each time it is pressed. A SecretPayload is a SecretString whose
// copies are explicit clones, so each copy still zeroes itself when it goes.
#include <utility>

#include "base/secret.hpp"

namespace ow {

class SecretPayload : public SecretString {
 public:
  using SecretString::SecretString;
  SecretPayload() = default;
  SecretPayload(SecretString&& text) noexcept : SecretString(std::move(text)) {}  // NOLINT: implicit
  SecretPayload(const SecretPayload& other) : SecretString(other.clone()) {}
  SecretPayload& operator=(const SecretPayload& other) {
    if (this != &other) SecretString::operator=(other.clone());
    return *this;
  }
  SecretPayload(SecretPayload&&) noexcept = default;
  SecretPayload& operator=(SecretPayload&&) noexcept = default;
  ~SecretPayload() = default;
};

}  // namespace ow
