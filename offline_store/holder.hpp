#pragma once
// Who made a submission, without keeping the ID number: the keyed hash of the whole number (the
// card) and of its last four characters bound to the submission (typed by the citizen). A typed
// 办件查询 shows a submission only to its holder (Store::find_for_holder).
#include <string>
#include <string_view>

#include "offline_store/vault.hpp"

namespace ow::store {

// The last four characters of an ID number (spaces ignored, x as X); empty when it has fewer.
std::string id_number_tail(std::string_view id_number);
// The keyed hash of `tail` (id_number_tail) for the submission `submission_id`: the same four
// digits give a different hash for every submission, and none without this kiosk's key.
std::string holder_tail_hash(const Vault& vault, std::string_view submission_id, std::string_view tail);

}  // namespace ow::store
