#pragma once
// Expected failures in the application core are values carrying a message that says what to do.
#include <string>
#include <tl/expected.hpp>

namespace ow {

struct Error {
  std::string message;
};

template <class T>
using Result = tl::expected<T, Error>;

inline tl::unexpected<Error> fail(std::string message) { return tl::unexpected<Error>(Error{std::move(message)}); }

}  // namespace ow
