#include "diary/text_gate.hpp"

#include <fmt/format.h>

#include "diary/error.hpp"

namespace diary {
namespace {

// Length in bytes of the UTF-8 sequence starting at s[i], or 0 when it is not valid
// (overlong forms, surrogates and code points above U+10FFFF are not).
std::size_t sequence_length(std::string_view s, std::size_t i) {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  const unsigned char c = byte(i);
  if (c < 0x80) return 1;
  std::size_t n = 0;
  unsigned lo = 0x80, hi = 0xbf;  // the allowed range of the second byte
  if (c >= 0xc2 && c <= 0xdf)
    n = 2;
  else if (c >= 0xe0 && c <= 0xef) {
    n = 3;
    if (c == 0xe0) lo = 0xa0;
    if (c == 0xed) hi = 0x9f;
  } else if (c >= 0xf0 && c <= 0xf4) {
    n = 4;
    if (c == 0xf0) lo = 0x90;
    if (c == 0xf4) hi = 0x8f;
  } else
    return 0;
  if (i + n > s.size()) return 0;
  if (byte(i + 1) < lo || byte(i + 1) > hi) return 0;
  for (std::size_t k = 2; k < n; ++k)
    if (byte(i + k) < 0x80 || byte(i + k) > 0xbf) return 0;
  return n;
}

bool is_control(unsigned char c) { return c < 0x20 || c == 0x7f; }

// C1 controls (U+0080..U+009F) are encoded as C2 80..C2 9F.
bool is_c1(std::string_view s, std::size_t i, std::size_t n) {
  return n == 2 && static_cast<unsigned char>(s[i]) == 0xc2 && static_cast<unsigned char>(s[i + 1]) < 0xa0;
}

[[noreturn]] void refuse(std::string_view field, std::string_view value, std::string_view why) {
  throw bad_input(std::string(field), shown(value), fmt::format("{}: {} {}", field, shown(value), why));
}

}  // namespace

bool valid_utf8(std::string_view value) {
  for (std::size_t i = 0; i < value.size();) {
    const std::size_t n = sequence_length(value, i);
    if (n == 0) return false;
    i += n;
  }
  return true;
}

void check_text(std::string_view field, std::string_view value, std::size_t max_len, TextKind kind) {
  std::size_t chars = 0;
  for (std::size_t i = 0; i < value.size(); ++chars) {
    const std::size_t n = sequence_length(value, i);
    if (n == 0) refuse(field, value, "is not valid UTF-8 text; save the file or set the terminal as UTF-8");
    const auto c = static_cast<unsigned char>(value[i]);
    const bool allowed_space = kind == TextKind::multi_line && (c == '\n' || c == '\t' || c == '\r');
    if ((n == 1 && is_control(c) && !allowed_space) || is_c1(value, i, n))
      refuse(field, value,
             kind == TextKind::multi_line ? "holds a control character; only newline and tab are allowed"
                                          : "holds a control character (such as a newline)");
    if (chars >= max_len) refuse(field, value, fmt::format("is too long; at most {} characters", max_len));
    i += n;
  }
}

std::string shown(std::string_view value, std::size_t max) {
  std::string out = "\"";
  std::size_t chars = 0;
  for (std::size_t i = 0; i < value.size(); ++chars) {
    if (chars >= max) {
      out += "...";
      break;
    }
    const std::size_t n = sequence_length(value, i);
    const auto c = static_cast<unsigned char>(value[i]);
    if (n == 0 || (n == 1 && is_control(c)) || is_c1(value, i, n)) {
      if (c == '\n')
        out += "\\n";
      else if (c == '\t')
        out += "\\t";
      else
        out += fmt::format("\\x{:02x}", static_cast<unsigned>(c));
      i += 1;
      continue;
    }
    if (c == '"' || c == '\\') out += '\\';
    out.append(value.substr(i, n));
    i += n;
  }
  out += '"';
  return out;
}

std::string without_controls(std::string_view value) {
  std::string out(value);
  for (char& c : out)
    if (is_control(static_cast<unsigned char>(c))) c = ' ';
  return out;
}

}  // namespace diary
