#pragma once
// Attachments as content-addressed files: <dir>/<sha256 of the plaintext>, sealed with the vault.
// A file is fsynced and renamed into place, and the directory fsynced (by put() or, for several
// files, by one sync() after them), before the submission row that names it commits.
#include <chrono>
#include <filesystem>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "offline_store/store_error.hpp"
#include "offline_store/vault.hpp"

namespace ow::store {

class BlobDir {
 public:
  static StoreResult<BlobDir> open(std::filesystem::path dir);

  // When the directory entry is made durable: before put() returns, or by the caller's sync().
  enum class Sync { Now, Later };
  // Returns the sha256 name. A blob already present is not written again (its entry is re-synced).
  StoreResult<std::string> put(std::string_view plain, const Vault& vault, Sync when = Sync::Now) const;
  // Makes every entry put() added durable (one directory fsync).
  StoreResult<void> sync() const;
  // Decrypts and checks the bytes still hash to the name (Corrupt otherwise; NotFound if absent).
  StoreResult<std::string> get(std::string_view sha, const Vault& vault) const;
  bool contains(std::string_view sha) const;
  // Missing files are not an error: removal is idempotent, for crash-safe purge.
  StoreResult<void> remove(std::string_view sha) const;
  // Every file in the folder: blob names and leftover temp files.
  std::vector<std::string> list() const;
  // Removes blob and temp files not in `referenced` and older than `min_age` (younger ones may belong
  // to a commit in progress in another connection). Returns how many were removed.
  std::size_t sweep(const std::set<std::string>& referenced, std::chrono::seconds min_age) const;

  const std::filesystem::path& dir() const { return dir_; }

 private:
  explicit BlobDir(std::filesystem::path dir) : dir_(std::move(dir)) {}
  std::filesystem::path dir_;
};

}  // namespace ow::store
