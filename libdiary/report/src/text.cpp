#include "diary/report/text.hpp"

#include <cmath>

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

std::string minutes_words(double m) {
  if (m < 1 && m > 0) return fmt::format("{} s", std::lround(m * 60));
  const long t = std::lround(m);
  if (t < 60) return m == std::floor(m) ? fmt::format("{} min", t) : fmt::format("{:.1f} min", m);
  if (t % 60 == 0) return fmt::format("{} h", t / 60);
  return fmt::format("{} h {} min", t / 60, t % 60);
}

std::string num(double v) {
  if (v == std::floor(v) && std::abs(v) < 1e12) return fmt::format("{}", static_cast<long long>(v));
  return fmt::format("{:.1f}", v);
}

std::string paint(bool colour, std::string_view code, std::string_view text) {
  return colour ? fmt::format("\033[{}m{}\033[0m", code, text) : std::string(text);
}

void html_escape_to(std::string& out, std::string_view s) {
  // Runs of plain text are copied whole; only the five characters are looked at one by one.
  while (!s.empty()) {
    const auto at = s.find_first_of("&<>\"'");
    out.append(s.substr(0, at));
    if (at == std::string_view::npos) return;
    switch (s[at]) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default: out += "&#39;";
    }
    s.remove_prefix(at + 1);
  }
}

std::string html_escape(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  html_escape_to(out, s);
  return out;
}

}  // namespace diary::report
