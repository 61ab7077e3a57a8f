#pragma once
// Technician PINs: Argon2id hashes (libsodium crypto_pwhash_str) in a 0600 file under the data dir,
// one "name:hash" per line, and the entry lockout — 5 wrong PINs lock entry for 5 minutes — in a
// file beside it, so that restarting the kiosk does not give an attacker 5 more tries.
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

#include "kiosk/result.hpp"

namespace ow::maintenance {

struct PinPolicy {
  int max_failures = 5;
  std::chrono::seconds lockout{300};
  // Argon2id cost; the defaults are libsodium's "interactive" limits. Tests lower them.
  unsigned long long opslimit = 2;            // crypto_pwhash_OPSLIMIT_INTERACTIVE
  std::size_t memlimit = 64u * 1024 * 1024;   // crypto_pwhash_MEMLIMIT_INTERACTIVE
  std::size_t min_length = 6, max_length = 12;
};

enum class PinOutcome { Accepted, Wrong, Locked, NoPins };

struct PinCheck {
  PinOutcome outcome = PinOutcome::Wrong;
  std::string technician;                // who, when accepted
  int attempts_left = 0;                 // after a wrong PIN
  std::optional<std::int64_t> locked_until;  // unix seconds, while locked
};

class TechnicianPins {
 public:
  explicit TechnicianPins(std::filesystem::path data_dir, PinPolicy policy = {});

  // Adds or replaces a technician's PIN (digits only, min..max length). Creates the file 0600.
  Result<void> set_pin(const std::string& technician, const std::string& pin);
  Result<void> remove(const std::string& technician);
  bool has_pins() const;
  // Checks a PIN against every technician's hash; slow on purpose (Argon2id): call it off the UI
  // thread. `now` is unix seconds.
  PinCheck verify(const std::string& pin, std::int64_t now);
  // Locked until (unix seconds), if entry is locked at `now`.
  std::optional<std::int64_t> locked_until(std::int64_t now) const;

  const std::filesystem::path& pin_file() const { return pins_; }

 private:
  struct Lockout {
    int failures = 0;
    std::int64_t locked_until = 0;
  };
  Lockout read_lockout() const;
  void write_lockout(const Lockout& l) const;

  std::filesystem::path pins_, lockout_;
  PinPolicy policy_;
};

std::int64_t unix_now();

}  // namespace ow::maintenance
