#pragma once
// JSON that holds personal data (a rule's view of the applicant, a submission's form): its strings
// are zeroed in place before the document lets them go (destruction, reassignment), and dump()
// serialises straight into a SecretString, without the growing std::string that json::dump() would
// reallocate (and free) along the way. Keys are not zeroed: they are field names, not values.
#include <nlohmann/json.hpp>

#include "base/secret.hpp"

namespace ow {

class SecretJson {
 public:
  SecretJson() = default;
  SecretJson(nlohmann::json&& j) noexcept : j_(std::move(j)) {}  // NOLINT: implicit, data flowing in
  explicit SecretJson(const nlohmann::json& j) : j_(j) {}         // a copy (copying frees nothing)
  SecretJson(SecretJson&& other) noexcept : j_(std::move(other.j_)) {}
  SecretJson& operator=(SecretJson&& other) noexcept;
  SecretJson(const SecretJson&) = delete;
  SecretJson& operator=(const SecretJson&) = delete;
  ~SecretJson() { zero(j_); }

  nlohmann::json& operator*() noexcept { return j_; }
  const nlohmann::json& operator*() const noexcept { return j_; }
  nlohmann::json* operator->() noexcept { return &j_; }
  const nlohmann::json* operator->() const noexcept { return &j_; }

  SecretString dump() const;

  // Zeroes every string value in `j`, at any depth, up to each string's capacity.
  static void zero(nlohmann::json& j) noexcept;

 private:
  nlohmann::json j_;
};

}  // namespace ow
