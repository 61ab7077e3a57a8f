#pragma once
#include <string>
#include <tl/expected.hpp>

namespace ow::store {

// Uncertain: a commit failed and the store could not yet make sure it stays failed (its WAL frames
// might come back after a crash): the citizen must not be told it failed, nor get a receipt.
// KeyMissing: the data key is gone while sealed rows wait; a new key would make them unreadable.
enum class StoreErrorCode { Io, DiskFull, Corrupt, NotFound, Invalid, Uncertain, KeyMissing };

struct StoreError {
  StoreErrorCode code;
  std::string message;  // for logs and technicians; never carries personal data
};

template <class T>
using StoreResult = tl::expected<T, StoreError>;

inline tl::unexpected<StoreError> store_error(StoreErrorCode code, std::string message) {
  return tl::unexpected<StoreError>(StoreError{code, std::move(message)});
}

}  // namespace ow::store
