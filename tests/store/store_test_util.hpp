#pragma once
// Shared helpers for the store tests: fresh data dirs and drafts with small attachments.
#include <unistd.h>

#include <doctest/doctest.h>

#include <filesystem>
#include <memory>
#include <string>

#include "offline_store/outbox_types.hpp"
#include "offline_store/store.hpp"
#include "tests/temp_dir.hpp"

namespace ow::store::test {

inline std::filesystem::path fresh_dir(const std::string& name) {
  auto dir = std::filesystem::temp_directory_path() / ("ow-store-" + name + "-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  return dir;
}

// A store opened on a data dir of its own, removed when the test ends.
struct FreshStore {
  TempDir dir;
  std::unique_ptr<Store> store;
  explicit FreshStore(const std::string& name) : dir("store-" + name) {
    auto opened = Store::open(dir.path);
    REQUIRE(opened);
    store = std::move(*opened);
  }
  Store* operator->() const { return store.get(); }
};

inline SubmissionDraft draft(std::string id, std::string when = "2026-11-22T10:00:00+08:00") {
  SubmissionDraft d;
  d.id = std::move(id);
  d.kiosk_id = "K1";
  d.kiosk_number = 1;
  d.created_at = std::move(when);
  d.matter_code = "M1";
  d.catalog_version = "1";
  d.form_json = R"({"phone":"13800000000"})";
  return d;
}

inline SubmissionDraft draft_with_scan(std::string id, std::string scan_bytes) {
  SubmissionDraft d = draft(std::move(id));
  d.applicant_json = R"({"name":"张三","id_number":"110101199003071234"})";
  d.id_number = "110101199003071234";
  d.materials.push_back({"ID_COPY", std::move(scan_bytes)});
  d.signature_png = "PNG-signature-" + d.id;
  d.delivery_json = R"({"method":"mail","name":"张三","phone":"13800138000","address":"天河路100号"})";
  return d;
}

}  // namespace ow::store::test
