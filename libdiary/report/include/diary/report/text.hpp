#pragma once
// Small text helpers shared by every human-readable rendering (terminal text and HTML).
#include <string>
#include <string_view>

namespace diary::report {

// Greedy word wrap to `width` columns with a hanging indent: the first line starts with
// `first`, the others with `indent`. Always ends with a newline.
std::string wrap(std::string_view text, std::string_view first, std::string_view indent, std::size_t width = 78);

// "1 episode", "3 episodes".
std::string plural(int n, std::string_view one, std::string_view many);

// "40 s", "5 min", "2.5 min", "1 h", "1 h 20 min".
std::string minutes_words(double minutes);
void minutes_words_to(std::string& out, double minutes);  // the same, appended

// A whole number without decimals, else one decimal: "3", "2.5".
std::string num(double v);

// `text` in capitals (ASCII letters): the terminal's warning headings.
std::string shout(std::string_view text);

// ANSI styling (SGR `code`) around `text` when `colour`; the text itself otherwise.
std::string paint(bool colour, std::string_view code, std::string_view text);

// HTML-escapes & < > " '.
std::string html_escape(std::string_view text);
// The same appended to `out` (the report's episode table writes every row so).
void html_escape_to(std::string& out, std::string_view text);

}  // namespace diary::report
