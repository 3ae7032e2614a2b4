#pragma once
// The one exception type the libraries throw. It carries a code (which becomes the exit
// status in cli) and, for bad input, the field and the value that were refused.
#include <stdexcept>
#include <string>

namespace diary {

enum class Errc {
  bad_input = 2,  // the user's input is wrong: nothing was written
  failure = 1,    // anything else: I/O, a locked or corrupt diary, a newer schema
};

class Error : public std::runtime_error {
 public:
  Error(Errc code, std::string message, std::string field = {}, std::string value = {})
      : std::runtime_error(std::move(message)), code_(code), field_(std::move(field)), value_(std::move(value)) {}

  Errc code() const noexcept { return code_; }
  const std::string& field() const noexcept { return field_; }  // empty when none applies
  const std::string& value() const noexcept { return value_; }

 private:
  Errc code_;
  std::string field_;
  std::string value_;
};

// Bad input: `message` says what is wrong in plain words; it should name field and value.
inline Error bad_input(std::string field, std::string value, std::string message) {
  return Error(Errc::bad_input, std::move(message), std::move(field), std::move(value));
}

inline Error failure(std::string message) { return Error(Errc::failure, std::move(message)); }

}  // namespace diary
