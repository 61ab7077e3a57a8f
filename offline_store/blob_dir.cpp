#include "offline_store/blob_dir.hpp"

#include <sodium.h>
#include <unistd.h>

#include <cerrno>

namespace ow::store {

namespace fs = std::filesystem;

namespace {
constexpr std::string_view kTempPrefix = ".tmp-";

std::string temp_name() {
  unsigned char r[8];
  randombytes_buf(r, sizeof r);
  char hex[17];
  sodium_bin2hex(hex, sizeof hex, r, sizeof r);
  return std::string(kTempPrefix) + hex;
}
}  // namespace

StoreResult<BlobDir> BlobDir::open(fs::path dir) {
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) return store_error(StoreErrorCode::Io, "cannot create " + dir.string() + ": " + ec.message());
  return BlobDir(std::move(dir));
}

StoreResult<BlobDir::Pending> BlobDir::start_put(std::string_view plain, const Vault& vault) const {
  auto file = DurableWrite::start(dir_ / temp_name(), vault.seal(plain, kBlobContext), 0600);
  if (!file) return tl::unexpected(file.error());
  // Hashed while the device writes the sealed bytes, where it costs no wall time; so a blob that is
  // already here costs one discarded temp file.
  return Pending{sha256_hex(plain), std::move(*file)};
}

StoreResult<void> BlobDir::finish_put(Pending& pending) const {
  if (auto written = pending.file.finish(); !written) return written;
  const fs::path& tmp = pending.file.path();
  if (contains(pending.sha)) {
    ::unlink(tmp.c_str());
  } else if (::rename(tmp.c_str(), (dir_ / pending.sha).c_str()) != 0) {
    const int err = errno;
    ::unlink(tmp.c_str());
    return tl::unexpected(errno_error(err, "rename blob"));
  }
  return {};
}

StoreResult<std::string> BlobDir::put(std::string_view plain, const Vault& vault) const {
  auto pending = start_put(plain, vault);
  if (!pending) return tl::unexpected(pending.error());
  if (auto done = finish_put(*pending); !done) return tl::unexpected(done.error());
  // Also for a blob already present: its entry may not have been synced when an earlier process died.
  if (auto synced = sync(); !synced) return tl::unexpected(synced.error());
  return pending->sha;
}

StoreResult<void> BlobDir::sync() const { return sync_directory(dir_); }

StoreResult<std::string> BlobDir::get(std::string_view sha, const Vault& vault) const {
  if (!is_sha256_hex(sha)) return store_error(StoreErrorCode::Invalid, "not a blob name");
  auto sealed = read_whole_file(dir_ / std::string(sha));
  if (!sealed) return tl::unexpected(sealed.error());
  auto opened = vault.unseal(*sealed, kBlobContext);
  if (!opened) return store_error(StoreErrorCode::Corrupt, "attachment " + std::string(sha.substr(0, 12)) + " is damaged");
  std::string plain = std::move(opened->plain);
  if (sha256_hex(plain) != sha)
    return store_error(StoreErrorCode::Corrupt, "attachment " + std::string(sha.substr(0, 12)) + " does not match its name");
  return plain;
}

bool BlobDir::contains(std::string_view sha) const {
  return is_sha256_hex(sha) && ::access((dir_ / std::string(sha)).c_str(), F_OK) == 0;
}

StoreResult<void> BlobDir::remove(std::string_view sha) const {
  if (!is_sha256_hex(sha)) return store_error(StoreErrorCode::Invalid, "not a blob name");
  if (::unlink((dir_ / std::string(sha)).c_str()) != 0 && errno != ENOENT)
    return tl::unexpected(errno_error(errno, "remove blob"));
  return {};
}

std::vector<std::string> BlobDir::list() const {
  std::vector<std::string> names;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dir_, ec)) names.push_back(entry.path().filename().string());
  return names;
}

std::size_t BlobDir::sweep(const std::set<std::string>& referenced, std::chrono::seconds min_age) const {
  std::size_t removed = 0;
  const auto now = fs::file_time_type::clock::now();
  for (const auto& name : list()) {
    const bool ours = is_sha256_hex(name) || name.rfind(kTempPrefix, 0) == 0;
    if (!ours || referenced.count(name)) continue;
    std::error_code ec;
    const auto mtime = fs::last_write_time(dir_ / name, ec);
    if (ec || now - mtime < min_age) continue;
    if (::unlink((dir_ / name).c_str()) == 0) ++removed;
  }
  return removed;
}

}  // namespace ow::store
