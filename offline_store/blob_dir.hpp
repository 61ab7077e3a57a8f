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

#include "offline_store/durable_file.hpp"
#include "offline_store/store_error.hpp"
#include "offline_store/vault.hpp"

namespace ow::store {

class BlobDir {
 public:
  static StoreResult<BlobDir> open(std::filesystem::path dir);

  // Returns the sha256 name once file and entry are durable. A blob already present is not written
  // again (its entry is re-synced).
  StoreResult<std::string> put(std::string_view plain, const Vault& vault) const;
  // put() in two steps, so that other work (a commit's row) overlaps the device's write: start_put
  // seals the bytes into a temp file and starts its writeback; finish_put fsyncs it and renames it
  // to its name, or drops it when that name is already here. The entry is durable after sync().
  // A pending blob never finished leaves no file.
  struct Pending {
    std::string sha;
    DurableWrite file;
  };
  StoreResult<Pending> start_put(std::string_view plain, const Vault& vault) const;
  StoreResult<void> finish_put(Pending& pending) const;
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
