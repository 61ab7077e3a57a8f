#include "kiosk/maintenance/technician_pins.hpp"

#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <sstream>
#include <vector>

namespace ow::maintenance {

namespace {
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

// Writes with mode `mode` beside the target, fsyncs, renames over it.
Result<void> write_private(const std::filesystem::path& file, const std::string& text, mode_t mode) {
  std::error_code ec;
  std::filesystem::create_directories(file.parent_path(), ec);
  const std::string tmp = file.string() + ".tmp";
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
  if (fd < 0) return fail("cannot write " + tmp);
  ::fchmod(fd, mode);  // an older file with wider permissions keeps them on O_CREAT
  const bool ok = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size()) && ::fsync(fd) == 0;
  ::close(fd);
  if (!ok || std::rename(tmp.c_str(), file.c_str()) != 0) return fail("cannot write " + file.string());
  return {};
}

bool all_digits(const std::string& s) {
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return !s.empty();
}
}  // namespace

std::int64_t unix_now() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

TechnicianPins::TechnicianPins(std::filesystem::path data_dir, PinPolicy policy)
    : pins_(data_dir / "technician_pins"), lockout_(data_dir / "technician_lockout"), policy_(policy) {
  if (sodium_init() < 0) std::abort();  // libsodium cannot work without its RNG
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
  std::string text;
  for (const auto& [name, h] : pins) text += name + ":" + h + "\n";
  return write_private(pins_, text, 0600);
}

Result<void> TechnicianPins::remove(const std::string& technician) {
  auto pins = read_pins(pins_);
  const auto before = pins.size();
  std::erase_if(pins, [&](const auto& p) { return p.first == technician; });
  if (pins.size() == before) return fail("no technician " + technician);
  std::string text;
  for (const auto& [name, h] : pins) text += name + ":" + h + "\n";
  return write_private(pins_, text, 0600);
}

bool TechnicianPins::has_pins() const { return !read_pins(pins_).empty(); }

TechnicianPins::Lockout TechnicianPins::read_lockout() const {
  Lockout l;
  std::ifstream in(lockout_);
  in >> l.failures >> l.locked_until;
  return l;
}

void TechnicianPins::write_lockout(const Lockout& l) const {
  (void)write_private(lockout_, std::to_string(l.failures) + " " + std::to_string(l.locked_until) + "\n", 0600);
}

std::optional<std::int64_t> TechnicianPins::locked_until(std::int64_t now) const {
  const Lockout l = read_lockout();
  if (l.locked_until > now) return l.locked_until;
  return std::nullopt;
}

PinCheck TechnicianPins::verify(const std::string& pin, std::int64_t now) {
  Lockout l = read_lockout();
  if (l.locked_until > now) return PinCheck{PinOutcome::Locked, {}, 0, l.locked_until};
  if (l.locked_until != 0) l = Lockout{};  // the lockout ran out: a fresh set of attempts
  const auto pins = read_pins(pins_);
  if (pins.empty()) return PinCheck{PinOutcome::NoPins, {}, 0, std::nullopt};
  for (const auto& [name, hash] : pins) {
    if (crypto_pwhash_str_verify(hash.c_str(), pin.data(), pin.size()) == 0) {
      if (l.failures != 0) write_lockout(Lockout{});
      return PinCheck{PinOutcome::Accepted, name, policy_.max_failures, std::nullopt};
    }
  }
  ++l.failures;
  if (l.failures >= policy_.max_failures) {
    l.locked_until = now + policy_.lockout.count();
    write_lockout(l);
    return PinCheck{PinOutcome::Locked, {}, 0, l.locked_until};
  }
  write_lockout(l);
  return PinCheck{PinOutcome::Wrong, {}, policy_.max_failures - l.failures, std::nullopt};
}

}  // namespace ow::maintenance
