#include "diary/identity.hpp"

#include <sys/random.h>

#include <array>
#include <cerrno>
#include <cstdint>
#include <cstring>

#include <fmt/format.h>

#include "diary/error.hpp"

namespace diary {
namespace {

constexpr std::size_t kMaxKey = 128;

void random_bytes(std::uint8_t* out, std::size_t n) {
  std::size_t got = 0;
  while (got < n) {
    const ssize_t r = ::getrandom(out + got, n - got, 0);
    if (r < 0 && errno == EINTR) continue;
    if (r < 0) throw failure(fmt::format("cannot read random bytes for a record's identity: {}", std::strerror(errno)));
    got += static_cast<std::size_t>(r);
  }
}

bool is_hex(char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }

}  // namespace

std::string new_uuid() {
  std::array<std::uint8_t, 16> b{};
  random_bytes(b.data(), b.size());
  b[6] = static_cast<std::uint8_t>((b[6] & 0x0F) | 0x40);  // version 4
  b[8] = static_cast<std::uint8_t>((b[8] & 0x3F) | 0x80);  // variant 10
  std::string out;
  out.reserve(36);
  for (std::size_t i = 0; i < b.size(); ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) out += '-';
    out += fmt::format("{:02x}", b[i]);
  }
  return out;
}

std::optional<std::string> canonical_uuid(std::string_view text) {
  if (text.size() != 36) return std::nullopt;
  std::string out(text);
  for (std::size_t i = 0; i < out.size(); ++i) {
    const bool dash = i == 8 || i == 13 || i == 18 || i == 23;
    if (dash ? out[i] != '-' : !is_hex(out[i])) return std::nullopt;
    if (out[i] >= 'A' && out[i] <= 'F') out[i] = static_cast<char>(out[i] - 'A' + 'a');
  }
  return out;
}

void check_key(std::string_view key) {
  bool printable = !key.empty() && key.size() <= kMaxKey;
  for (char c : key) printable = printable && c > ' ' && c < 0x7F;
  if (printable) return;
  const std::string shown = key.size() > 40 ? std::string(key.substr(0, 37)) + "..." : std::string(key);
  throw bad_input("key", shown,
                  fmt::format("key: \"{}\" is not an idempotency key; use 1 to {} printable ASCII characters "
                              "without spaces, e.g. a UUID",
                              shown, kMaxKey));
}

}  // namespace diary
