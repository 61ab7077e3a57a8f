#include "kiosk/catalog/installer.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "base/json_number.hpp"

namespace ow::catalog {

namespace {
namespace fs = std::filesystem;
using nlohmann::json;

tl::unexpected<Rejection> io_error(const std::string& what) {
  return tl::unexpected<Rejection>(Rejection{PackageError::Io, what});
}

// Writes the whole file and fsyncs it before returning, so a later rename publishes complete bytes.
bool write_synced(const fs::path& path, std::string_view bytes) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return false;
  std::size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      ::close(fd);
      return false;
    }
    done += static_cast<std::size_t>(n);
  }
  const bool ok = ::fsync(fd) == 0;
  return ::close(fd) == 0 && ok;
}

// A rename or a new entry is durable only once its folder is fsynced.
bool sync_dir(const fs::path& dir) {
  const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return false;
  const bool ok = ::fsync(fd) == 0;
  ::close(fd);
  return ok;
}

std::optional<std::string> read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

InstallState read_state(const fs::path& dir) {
  InstallState s;
  auto text = read_file(dir / "state.json");
  if (!text) return s;
  json j = json::parse(*text, nullptr, false);
  if (!j.is_object()) return s;
  // A damaged state file reads as "nothing installed" field by field, never as a wrapped number.
  s.current = json_int<std::int64_t>(j, "current", 0).value_or(0);
  s.previous = json_int<std::int64_t>(j, "previous", 0).value_or(0);
  s.highest_seen = json_int<std::int64_t>(j, "highest_seen", 0).value_or(0);
  return s;
}

fs::path version_dir(const fs::path& dir, std::int64_t v) { return dir / "versions" / std::to_string(v); }
}  // namespace

Installer::Installer(fs::path catalog_dir, PublicKey key, std::string kiosk_version)
    : dir_(std::move(catalog_dir)), pinned_(key), trusted_(load_trusted_key(dir_, key)), kiosk_version_(std::move(kiosk_version)) {}

InstallState Installer::state() const { return read_state(dir_); }

std::optional<fs::path> Installer::active_dir() const {
  const auto s = state();
  if (s.current == 0) return std::nullopt;
  return version_dir(dir_, s.current) / "content";
}

std::optional<Manifest> Installer::manifest(std::int64_t version) const {
  auto text = read_file(version_dir(dir_, version) / "package.pkg");
  if (!text) return std::nullopt;
  // Verified again by the key that signed it: one trusted before a rotation signed an older version.
  const std::string_view package = without_rotations(*text);
  for (auto k = trusted_.keys.rbegin(); k != trusted_.keys.rend(); ++k)
    if (auto pkg = open_package(package, *k)) return pkg->manifest;
  return std::nullopt;
}

std::optional<Manifest> Installer::find_staged() const {
  const InstallState s = state();
  std::optional<std::int64_t> newest;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(dir_ / "versions", ec)) {
    const std::string name = e.path().filename().string();
    if (name.empty() || name.find_first_not_of("0123456789") != std::string::npos || name.size() > 18) continue;
    const std::int64_t v = std::stoll(name);
    if (v > std::max(s.current, s.highest_seen) && (!newest || v > *newest)) newest = v;
  }
  if (!newest || !fs::is_directory(version_dir(dir_, *newest) / "content")) return std::nullopt;
  return manifest(*newest);
}

std::optional<Manifest> Installer::restore_staged() {
  auto m = find_staged();
  if (m) staged_ = m->version;
  return m;
}

PkgResult<Manifest> Installer::stage(std::string_view bytes, SysTime now) {
  const InstallState s = state();
  // Rotation statements in front of the package move the trusted key on first, and are kept at
  // once: each was signed by the key trusted before it, whatever becomes of the package.
  const std::int64_t had = trusted_.sequence;
  auto unwrapped = take_rotations(bytes, trusted_, now);
  if (!unwrapped) return tl::unexpected(unwrapped.error());
  if (trusted_.sequence != had)
    if (auto kept = save_trusted_key(dir_, trusted_); !kept) {
      trusted_ = load_trusted_key(dir_, pinned_);
      return tl::unexpected(kept.error());
    }
  auto pkg = open_package(*unwrapped, trusted_.key);
  if (!pkg) return tl::unexpected(pkg.error());
  if (auto ok = check_policy(pkg->manifest, std::max(s.current, s.highest_seen), now, kiosk_version_); !ok)
    return tl::unexpected(ok.error());
  const std::int64_t v = pkg->manifest.version;

  std::error_code ec;
  fs::create_directories(dir_ / "versions", ec);
  if (ec) return io_error("cannot create " + (dir_ / "versions").string() + ": " + ec.message());
  staged_.reset();
  collect_garbage(s);
  const fs::path staging = dir_ / ("staging-" + std::to_string(v) + ".tmp");
  fs::remove_all(staging, ec);
  fs::create_directories(staging / "content", ec);
  if (ec) return io_error("cannot create " + staging.string() + ": " + ec.message());
  std::vector<fs::path> dirs = {staging, staging / "content"};
  for (const auto& f : pkg->files) {
    const fs::path p = staging / "content" / f.path;
    fs::create_directories(p.parent_path(), ec);
    if (std::find(dirs.begin(), dirs.end(), p.parent_path()) == dirs.end()) dirs.push_back(p.parent_path());
    if (ec || !write_synced(p, f.bytes)) return io_error("cannot write " + p.string());
  }
  if (!write_synced(staging / "manifest.json", pkg->manifest_json) || !write_synced(staging / "package.pkg", bytes))
    return io_error("cannot write the manifest into " + staging.string());
  for (const auto& d : dirs)
    if (!sync_dir(d)) return io_error("cannot sync " + d.string());
  step("files-written");

  auto loaded = load_catalog(staging / "content");
  if (!loaded) {
    fs::remove_all(staging, ec);
    return tl::unexpected(Rejection{PackageError::BadContent, loaded.error().message});
  }
  const fs::path target = version_dir(dir_, v);
  fs::remove_all(target, ec);
  if (::rename(staging.c_str(), target.c_str()) != 0 || !sync_dir(dir_ / "versions"))
    return io_error("cannot move the staged version into " + target.string());
  step("staged");
  staged_ = v;
  return pkg->manifest;
}

PkgResult<Manifest> Installer::apply_staged() {
  if (!staged_) return tl::unexpected(Rejection{PackageError::Malformed, "no package is staged"});
  const std::int64_t v = *staged_;
  const InstallState s = state();
  if (v <= std::max(s.current, s.highest_seen))
    return tl::unexpected(Rejection{PackageError::NotNewer, "the staged version " + std::to_string(v) + " is no longer newer"});
  auto m = manifest(v);
  if (!m || !fs::is_directory(version_dir(dir_, v) / "content"))
    return io_error("the staged version " + std::to_string(v) + " is gone or damaged; stage it again");
  const InstallState next{v, s.current, std::max(s.highest_seen, v)};
  if (auto ok = commit(next); !ok) return tl::unexpected(ok.error());
  staged_.reset();
  collect_garbage(next);
  return *m;
}

PkgResult<InstallState> Installer::rollback() {
  const InstallState s = state();
  if (s.previous == 0 || !fs::is_directory(version_dir(dir_, s.previous) / "content"))
    return tl::unexpected(Rejection{PackageError::NothingToRollBack, "there is no previous catalog version to return to"});
  const InstallState next{s.previous, 0, s.highest_seen};
  if (auto ok = commit(next); !ok) return tl::unexpected(ok.error());
  staged_.reset();
  collect_garbage(next);
  return next;
}

PkgResult<void> Installer::commit(const InstallState& s) {
  const json j = {{"current", s.current}, {"previous", s.previous}, {"highest_seen", s.highest_seen}};
  const fs::path tmp = dir_ / "state.json.tmp";
  if (!write_synced(tmp, j.dump() + "\n")) return io_error("cannot write " + tmp.string());
  step("state-written");
  if (::rename(tmp.c_str(), (dir_ / "state.json").c_str()) != 0) return io_error("cannot replace state.json");
  step("state-renamed");
  if (!sync_dir(dir_)) return io_error("cannot sync " + dir_.string());
  step("state-synced");
  return {};
}

void Installer::collect_garbage(const InstallState& s) {
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(dir_ / "versions", ec)) {
    const std::string name = e.path().filename().string();
    if (name == std::to_string(s.current) || name == std::to_string(s.previous) || (staged_ && name == std::to_string(*staged_)))
      continue;
    fs::remove_all(e.path(), ec);
  }
  for (const auto& e : fs::directory_iterator(dir_, ec))
    if (e.path().filename().string().rfind("staging-", 0) == 0) fs::remove_all(e.path(), ec);
}

Result<Catalog> load_active_catalog(const fs::path& catalog_dir, const fs::path& fallback) {
  // A damaged active version must not leave the kiosk without a catalog: fall back to the previous
  // one, then to the shipped sample.
  const InstallState s = read_state(catalog_dir);
  for (std::int64_t v : {s.current, s.previous}) {
    if (v == 0) continue;
    auto c = load_catalog(version_dir(catalog_dir, v) / "content");
    if (!c) continue;
    c->version = std::to_string(v);
    return c;
  }
  return load_catalog(fallback);
}

}  // namespace ow::catalog
