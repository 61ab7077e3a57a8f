#include "kiosk/maintenance/technician_pins.hpp"

#include <sodium.h>

#include <algorithm>
#include <fstream>
#include <sstream>

#include "kiosk/safe_files.hpp"

namespace ow::maintenance {

namespace {
constexpr const char* kPins = "technician_pins";
constexpr const char* kLockout = "technician_lockout";

std::vector<std::pair<std::string, std::string>> read_pins(const std::filesystem::path& file) {
  std::vector<std::pair<std::string, std::string>> out;
  std::ifstream in(file);
  std::string line;
  while (std::getline(in, line)) {
    const auto colon = line.find(':');
    if (colon == std::string::npos || colon == 0) continue;
    out.emplace_back(line.substr(0, colon), line.substr(colon + 1));
  }
  return out;
}

// Replaces `name` in `dir` by a file of mode 0600 (no symlink followed, see kiosk/safe_files.hpp).
Result<void> write_private(const std::filesystem::path& dir, const std::string& name, const std::string& text) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  auto d = safe::Dir::open(dir);
  if (!d) return tl::unexpected(d.error());
  return d->write(name, text, 0600, std::nullopt);
}

bool all_digits(const std::string& s) {
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return !s.empty();
}

std::string pins_text(const std::vector<std::pair<std::string, std::string>>& pins) {
  std::string text;
  for (const auto& [name, h] : pins) text += name + ":" + h + "\n";
  return text;
}
}  // namespace

std::int64_t unix_now() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

TechnicianPins::TechnicianPins(std::filesystem::path data_dir, PinPolicy policy)
    : dir_(std::move(data_dir)), pins_(dir_ / kPins), lockout_(dir_ / kLockout), policy_(std::move(policy)) {
  if (sodium_init() < 0) std::abort();  // libsodium cannot work without its RNG
  if (policy_.lockouts.empty()) policy_.lockouts.push_back(std::chrono::minutes(5));
}

Result<void> TechnicianPins::set_pin(const std::string& technician, const std::string& pin) {
  if (technician.empty() || technician.find_first_of(":\n\r") != std::string::npos)
    return fail("technician name must be non-empty, without ':' or line breaks");
  if (!all_digits(pin) || pin.size() < policy_.min_length || pin.size() > policy_.max_length)
    return fail("a PIN is " + std::to_string(policy_.min_length) + " to " + std::to_string(policy_.max_length) + " digits");
  char hash[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str(hash, pin.data(), pin.size(), policy_.opslimit, policy_.memlimit) != 0)
    return fail("out of memory while hashing the PIN");
  auto pins = read_pins(pins_);
  std::erase_if(pins, [&](const auto& p) { return p.first == technician; });
  pins.emplace_back(technician, hash);
  return write_private(dir_, kPins, pins_text(pins));
}

Result<void> TechnicianPins::remove(const std::string& technician) {
  auto pins = read_pins(pins_);
  const auto before = pins.size();
  std::erase_if(pins, [&](const auto& p) { return p.first == technician; });
  if (pins.size() == before) return fail("no technician " + technician);
  return write_private(dir_, kPins, pins_text(pins));
}

bool TechnicianPins::has_pins() const { return !read_pins(pins_).empty(); }

std::vector<std::string> TechnicianPins::technicians() const {
  std::vector<std::string> out;
  for (const auto& [name, hash] : read_pins(pins_)) out.push_back(name);
  return out;
}

std::chrono::seconds TechnicianPins::lockout_for(int lockouts_in_a_row) const {
  const auto i = static_cast<std::size_t>(std::clamp(lockouts_in_a_row, 1, static_cast<int>(policy_.lockouts.size())));
  return policy_.lockouts[i - 1];
}

Result<TechnicianPins::Lockout> TechnicianPins::read_lockout(std::int64_t now) {
  std::error_code ec;
  if (std::filesystem::symlink_status(lockout_, ec).type() == std::filesystem::file_type::not_found) return Lockout{};
  auto dir = safe::Dir::open(dir_);
  if (!dir) return tl::unexpected(dir.error());
  auto text = dir->read(kLockout, 4096);
  if (!text) return tl::unexpected(text.error());
  Lockout l;
  std::istringstream in(*text);
  if (!(in >> l.failures >> l.locked_until)) {
    // Nothing this code wrote: take it for a fresh lockout rather than for no failures at all.
    l = Lockout{0, now + lockout_for(1).count(), 1};
    if (auto w = write_lockout(l); !w) return tl::unexpected(w.error());
    return l;
  }
  if (!(in >> l.lockouts)) l.lockouts = l.locked_until != 0 ? 1 : 0;  // written before lockouts escalated
  const std::int64_t longest = now + lockout_for(std::max(l.lockouts, 1)).count();
  if (l.locked_until > longest) {
    l.locked_until = longest;
    (void)write_lockout(l);  // else the same pull-back happens at the next read
  }
  return l;
}

Result<void> TechnicianPins::write_lockout(const Lockout& l) const {
  return write_private(dir_, kLockout,
                       std::to_string(l.failures) + " " + std::to_string(l.locked_until) + " " + std::to_string(l.lockouts) + "\n");
}

std::optional<std::int64_t> TechnicianPins::lock_end(const Lockout& l, std::int64_t now, SteadyTime steady) const {
  std::optional<std::int64_t> end;
  if (l.locked_until > now) end = l.locked_until;
  if (steady_until_ && *steady_until_ > steady) {
    const auto left = std::chrono::ceil<std::chrono::seconds>(*steady_until_ - steady).count();
    end = std::max(end.value_or(0), now + left);
  }
  return end;
}

std::optional<std::int64_t> TechnicianPins::locked_until(std::int64_t now, SteadyTime steady) {
  std::lock_guard lock(mu_);
  auto l = read_lockout(now);
  if (!l) return std::nullopt;  // verify() refuses then, saying why
  return lock_end(*l, now, steady);
}

PinCheck TechnicianPins::verify(const std::string& technician, const std::string& pin, std::int64_t now, SteadyTime steady) {
  const auto pins = read_pins(pins_);
  if (pins.empty()) return PinCheck{PinOutcome::NoPins, {}, 0, std::nullopt, {}};
  Lockout l;
  {
    std::lock_guard lock(mu_);
    auto read = read_lockout(now);
    if (!read) return PinCheck{PinOutcome::Unavailable, {}, 0, std::nullopt, read.error().message};
    l = *read;
    if (auto until = lock_end(l, now, steady)) return PinCheck{PinOutcome::Locked, {}, 0, until, {}};
    // Counted before it is checked: a power cut during the check, or a disk that takes no writes,
    // gives no free attempt.
    ++l.failures;
    if (auto w = write_lockout(l); !w) return PinCheck{PinOutcome::Unavailable, {}, 0, std::nullopt, w.error().message};
  }
  const auto it = std::find_if(pins.begin(), pins.end(), [&](const auto& p) { return p.first == technician; });
  const bool right = it != pins.end() && crypto_pwhash_str_verify(it->second.c_str(), pin.data(), pin.size()) == 0;
  std::lock_guard lock(mu_);
  if (right) {
    (void)write_lockout(Lockout{});  // if this fails, one attempt stays counted: harmless
    return PinCheck{PinOutcome::Accepted, technician, policy_.max_failures, std::nullopt, {}};
  }
  if (l.failures < policy_.max_failures)
    return PinCheck{PinOutcome::Wrong, {}, policy_.max_failures - l.failures, std::nullopt, {}};
  // The lockouts in a row escalate, unless the last one ended long ago.
  if (l.locked_until != 0 && now - l.locked_until > policy_.escalation_reset.count()) l.lockouts = 0;
  ++l.lockouts;
  const auto length = lockout_for(l.lockouts);
  l.failures = 0;
  l.locked_until = now + length.count();
  steady_until_ = steady + length;  // holds in this process even if the write below fails
  (void)write_lockout(l);
  return PinCheck{PinOutcome::Locked, {}, 0, l.locked_until, {}};
}

}  // namespace ow::maintenance
