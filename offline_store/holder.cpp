// A typed receipt number is guessable (they are sequential): the submission it names is shown
// only to its holder, known by the card's whole ID number or by its last four characters.
#include "offline_store/holder.hpp"

#include <sodium.h>

#include <cctype>

#include "offline_store/store.hpp"

namespace ow::store {

namespace {
bool same_hash(const std::string& stored, const std::string& computed) {
  return !stored.empty() && stored.size() == computed.size() &&
         sodium_memcmp(stored.data(), computed.data(), stored.size()) == 0;
}
}  // namespace

std::string id_number_tail(std::string_view id_number) {
  std::string tail;
  for (auto it = id_number.rbegin(); it != id_number.rend() && tail.size() < 4; ++it)
    if (!std::isspace(static_cast<unsigned char>(*it))) tail.insert(tail.begin(), static_cast<char>(std::toupper(static_cast<unsigned char>(*it))));
  if (tail.size() < 4) tail.clear();
  return tail;
}

std::string holder_tail_hash(const Vault& vault, std::string_view submission_id, std::string_view tail) {
  // Its own domain: never equal to the hash of a whole ID number.
  return vault.lookup_hash("tail4:" + std::string(submission_id) + ":" + std::string(tail));
}

StoreResult<std::optional<OutboxEntry>> Store::find_for_holder(const std::string& id_or_receipt, std::string_view holder) {
  OW_CHECK_SEQUENCE(sequence_);
  if (auto ok = unlocked(); !ok) return tl::unexpected(ok.error());
  auto entry = find(id_or_receipt);
  if (!entry || !*entry) return entry;
  auto stmt = db_->prepare("SELECT coalesce(id_hash, ''), coalesce(id_tail_hash, '') FROM submissions WHERE id = ?1");
  if (!stmt) return tl::unexpected(stmt.error());
  stmt->bind(1, (*entry)->id);
  auto row = stmt->step();
  if (!row) return tl::unexpected(row.error());
  if (!*row) return std::optional<OutboxEntry>();
  const std::string id_hash = stmt->column_text(0);
  const std::string tail = id_number_tail(holder);
  // A whole number must be the holder's own while the row keeps its hash; after the purge only the
  // last four characters are left to compare, as for a typed lookup.
  const bool whole_number = holder.size() > 4;
  const bool match = whole_number && !id_hash.empty()
                         ? same_hash(id_hash, vault_->lookup_hash(holder))
                         : !tail.empty() && same_hash(stmt->column_text(1), holder_tail_hash(*vault_, (*entry)->id, tail));
  if (!match) return std::optional<OutboxEntry>();
  return entry;
}

}  // namespace ow::store
