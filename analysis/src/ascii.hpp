#pragma once
// Internal: the byte tests the note readers use, inlined. Every byte of every note passes
// through them, and the C library's are calls that consult the locale; for ASCII they give
// the same answers, and bytes of 0x80 and above (UTF-8) count as letters either way.

namespace diary::analysis::detail {

// A letter, a digit, or a byte of a multi-byte UTF-8 character.
constexpr bool is_word_byte(unsigned char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0x80;
}

constexpr char ascii_lower(unsigned char c) { return static_cast<char>(c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c); }

}  // namespace diary::analysis::detail
