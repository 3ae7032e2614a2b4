#include "diary/report/text.hpp"

#include <array>
#include <cmath>
#include <iterator>

#include <fmt/compile.h>
#include <fmt/format.h>

namespace diary::report {

std::string wrap(std::string_view text, std::string_view first, std::string_view indent, std::size_t width) {
  std::string out, line(first);
  bool empty = true;
  std::size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && text[i] == ' ') ++i;
    std::size_t j = i;
    while (j < text.size() && text[j] != ' ') ++j;
    if (i == j) break;
    const auto word = text.substr(i, j - i);
    if (!empty && line.size() + 1 + word.size() > width) {
      out += line + "\n";
      line = std::string(indent);
      empty = true;
    }
    if (!empty) line += ' ';
    line += word;
    empty = false;
    i = j;
  }
  return out + line + "\n";
}

std::string plural(int n, std::string_view one, std::string_view many) {
  return fmt::format("{} {}", n, n == 1 ? one : many);
}

void minutes_words_to(std::string& out, double m) {
  // Whole numbers by fmt::format_int, the rest by compiled formats: the episode table
  // writes this for every episode.
  const auto whole = [&](long n, std::string_view unit) {
    const fmt::format_int digits(n);
    out.append(digits.data(), digits.size()).append(unit);
  };
  const long t = std::lround(m);
  if (m < 1 && m > 0)
    whole(std::lround(m * 60), " s");
  else if (t < 60 && m == std::floor(m))
    whole(t, " min");
  else if (t < 60)
    fmt::format_to(std::back_inserter(out), FMT_COMPILE("{:.1f} min"), m);
  else if (t % 60 == 0)
    whole(t / 60, " h");
  else
    whole(t / 60, " h "), whole(t % 60, " min");
}

std::string minutes_words(double m) {
  std::string out;
  minutes_words_to(out, m);
  return out;
}

std::string num(double v) {
  if (v == std::floor(v) && std::abs(v) < 1e12) return fmt::format("{}", static_cast<long long>(v));
  return fmt::format("{:.1f}", v);
}

std::string shout(std::string_view text) {
  std::string out(text);
  for (auto& c : out)
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  return out;
}

std::string paint(bool colour, std::string_view code, std::string_view text) {
  return colour ? fmt::format("\033[{}m{}\033[0m", code, text) : std::string(text);
}

void html_escape_to(std::string& out, std::string_view s) {
  // Runs of plain text are copied whole; a table tells the five characters (find_first_of
  // compared each byte with each of them, and this runs over every cell of the report).
  static constexpr auto kSpecial = [] {
    std::array<bool, 256> table{};
    for (unsigned char c : std::string_view("&<>\"'")) table[c] = true;
    return table;
  }();
  std::size_t run = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (!kSpecial[static_cast<unsigned char>(s[i])]) continue;
    out.append(s.data() + run, i - run);
    switch (s[i]) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default: out += "&#39;";
    }
    run = i + 1;
  }
  out.append(s.data() + run, s.size() - run);
}

std::string html_escape(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  html_escape_to(out, s);
  return out;
}

}  // namespace diary::report
