#pragma once
// Technician PINs: Argon2id hashes (libsodium crypto_pwhash_str) in a 0600 file under the data dir,
// one "name:hash" per line, and the entry lockout in a file beside it, so that restarting the kiosk
// does not give an attacker more tries. 5 wrong PINs lock entry for 5 minutes; each further lockout
// in a row lasts longer (15 minutes, then 60 each time) until a right PIN, or a day without one.
// An attempt is counted on disk before its PIN is checked: when that cannot be written (read-only
// remount, full disk) the attempt is refused. Each attempt checks the chosen technician's hash only.
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "kiosk/result.hpp"

namespace ow::maintenance {

struct PinPolicy {
  int max_failures = 5;
  // The first lockout, then each following one in a row; the last repeats.
  std::vector<std::chrono::seconds> lockouts{std::chrono::minutes(5), std::chrono::minutes(15), std::chrono::minutes(60)};
  // A day with no lockout and the next one is the first again.
  std::chrono::seconds escalation_reset = std::chrono::hours(24);
  // Argon2id cost; the defaults are libsodium's "interactive" limits. Tests lower them.
  unsigned long long opslimit = 2;            // crypto_pwhash_OPSLIMIT_INTERACTIVE
  std::size_t memlimit = 64u * 1024 * 1024;   // crypto_pwhash_MEMLIMIT_INTERACTIVE
  std::size_t min_length = 6, max_length = 12;
};

// Unavailable: the attempt could not be counted on disk, so it was not checked.
enum class PinOutcome { Accepted, Wrong, Locked, NoPins, Unavailable };

struct PinCheck {
  PinOutcome outcome = PinOutcome::Wrong;
  std::string technician;                // who, when accepted
  int attempts_left = 0;                 // after a wrong PIN
  std::optional<std::int64_t> locked_until;  // unix seconds, while locked
  std::string error;                     // why, when unavailable (English, for the log)
};

class TechnicianPins {
 public:
  using SteadyTime = std::chrono::steady_clock::time_point;
  explicit TechnicianPins(std::filesystem::path data_dir, PinPolicy policy = {});

  // Adds or replaces a technician's PIN (digits only, min..max length). Creates the file 0600.
  Result<void> set_pin(const std::string& technician, const std::string& pin);
  Result<void> remove(const std::string& technician);
  bool has_pins() const;
  std::vector<std::string> technicians() const;  // in the file's order
  // Checks `technician`'s PIN (one Argon2id hash, slow on purpose): call it off the UI thread.
  // `now` is unix seconds; `steady` keeps this process's lockout when the wall clock jumps.
  PinCheck verify(const std::string& technician, const std::string& pin, std::int64_t now,
                  SteadyTime steady = std::chrono::steady_clock::now());
  // Locked until (unix seconds), if entry is locked at `now`.
  std::optional<std::int64_t> locked_until(std::int64_t now, SteadyTime steady = std::chrono::steady_clock::now());

  const std::filesystem::path& pin_file() const { return pins_; }

 private:
  struct Lockout {
    int failures = 0;
    std::int64_t locked_until = 0;
    int lockouts = 0;  // lockouts in a row
  };
  std::chrono::seconds lockout_for(int lockouts_in_a_row) const;
  // The persisted state, a locked_until beyond its lockout's length from `now` pulled back (and
  // written back) to it: a clock set ahead and corrected must not lock entry for years.
  Result<Lockout> read_lockout(std::int64_t now);
  Result<void> write_lockout(const Lockout& l) const;
  std::optional<std::int64_t> lock_end(const Lockout& l, std::int64_t now, SteadyTime steady) const;

  std::filesystem::path dir_, pins_, lockout_;
  PinPolicy policy_;
  std::mutex mu_;                                   // the lockout file and steady_until_
  std::optional<SteadyTime> steady_until_;          // this process's lockout, by the monotonic clock
};

std::int64_t unix_now();

}  // namespace ow::maintenance
