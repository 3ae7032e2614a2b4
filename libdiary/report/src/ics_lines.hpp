#pragma once
// The text layer of ics.cpp, for its tests: RFC 5545 content lines and TEXT values.
// Internal to libdiary (not installed).
#include <cstddef>
#include <string>
#include <string_view>

namespace diary::ics::detail {

// RFC 5545 section 3.1: a content line longer than 75 octets (CRLF not counted) goes on over
// lines that begin with one space, which a reader removes together with the CRLF before it.
inline constexpr std::size_t kMaxLineOctets = 75;

// Appends one content line to `out`: folded at 75 octets (a continuation line's leading
// space counts), never inside a UTF-8 sequence, each physical line ended by CRLF.
void append_line(std::string& out, std::string_view line);

// A TEXT value (section 3.3.11): backslash, semicolon and comma escaped with a backslash,
// a newline written as \n. Other control characters are not allowed in TEXT and are left
// out, as libical did (so a CRLF becomes \n); a tab stays.
std::string text(std::string_view s);

// A parameter value (section 3.2): in DQUOTEs when it holds ':', ';' or ','. A DQUOTE,
// which it cannot hold either way, and control characters are left out.
std::string param_value(std::string_view s);

}  // namespace diary::ics::detail
