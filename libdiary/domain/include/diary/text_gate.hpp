#pragma once
// The one input gate for text that enters the diary, whatever the door (command-line
// options, JSON import, CSV import, the HTTP API): the field tables' validation calls it
// for every text field, and the parsers call it before they look at a value.
//
// Rules (documented in README "Input rules"):
//  - valid UTF-8 (no overlong forms, no surrogates, nothing above U+10FFFF);
//  - no control characters (C0, DEL, C1) in single-line fields; free-text notes may hold
//    newline and tab, which every rendering escapes or replaces (the terminal table and
//    CSV show them as spaces; JSON escapes them);
//  - at most `max_len` characters (code points);
// anything else is bad_input (exit 2) naming the field, with the value shown escaped and
// cut to about 60 characters.
#include <cstddef>
#include <string>
#include <string_view>

namespace diary {

inline constexpr std::size_t kNoteMax = 2000;  // free-text notes
inline constexpr std::size_t kTermMax = 64;    // terms, zone names, short words
inline constexpr std::size_t kValueMax = 200;  // times, dates, numbers as typed

enum class TextKind {
  single_line,  // terms, times, names: no control characters at all
  multi_line,   // notes: newline and tab allowed
};

// Throws bad_input naming `field` when `value` breaks a rule above.
void check_text(std::string_view field, std::string_view value, std::size_t max_len,
                TextKind kind = TextKind::single_line);

// True when `value` is valid UTF-8.
bool valid_utf8(std::string_view value);

// `value` for a one-line message: quoted, control characters and invalid bytes escaped
// (\n, \x1b, \xe9), cut to about `max` characters with "..." after.
std::string shown(std::string_view value, std::size_t max = 60);

// `value` with every control character (and DEL) replaced by a space: for the terminal
// table and CSV cells, which must never carry raw ESC or NUL.
std::string without_controls(std::string_view value);

}  // namespace diary
