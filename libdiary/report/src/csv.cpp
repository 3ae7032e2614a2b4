#include "diary/csv.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <functional>
#include <istream>
#include <map>
#include <optional>
#include <unordered_set>

#include <fmt/format.h>

#include "diary/error.hpp"
#include "diary/fields.hpp"
#include "diary/identity.hpp"
#include "diary/text_gate.hpp"

namespace diary::csv {
namespace {

using namespace std::chrono;

// Columns are only ever added at the end, so that a spreadsheet made for an older export
// still lines up.
constexpr std::array<std::string_view, 19> kColumns{"night",
                                                    "onset",
                                                    "duration_min",
                                                    "intensity",
                                                    "onset_speed",
                                                    "locations",
                                                    "side",
                                                    "sensations",
                                                    "muscle_hard",
                                                    "posture",
                                                    "minutes_after_bed",
                                                    "relief",
                                                    "relief_effect",
                                                    "relief_min",
                                                    "returned_when_still",
                                                    "signs",
                                                    "note",
                                                    "relief_medicine",
                                                    "uuid"};

// What fills a column: a derived value or one of the episode's fields.
struct Column {
  std::string_view name;
  const Field<Episode>* field = nullptr;  // null for night, onset, minutes_after_bed, uuid
};

const std::array<Column, kColumns.size()>& layout() {
  static const auto table = [] {
    std::array<Column, kColumns.size()> t{};
    for (std::size_t i = 0; i < kColumns.size(); ++i) {
      t[i].name = kColumns[i];
      for (const auto& f : episode_fields())
        if (f.name == kColumns[i]) t[i].field = &f;
    }
    return t;
  }();
  return table;
}

bool formula_start(char c) { return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r'; }

// Export adds a ' to text that starts with a formula character, or with apostrophes and
// then one ("'=x" was typed): so that import, which strips one ' from such a cell, gives
// back exactly what was typed.
bool needs_guard(std::string_view text) {
  std::size_t i = 0;
  while (i < text.size() && text[i] == '\'') ++i;
  return i < text.size() && formula_start(text[i]);
}

// ---- writing --------------------------------------------------------------------------

void put2(std::string& out, unsigned v) {
  out += static_cast<char>('0' + v / 10);
  out += static_cast<char>('0' + v % 10);
}

void append_day(std::string& out, date::year_month_day d) {
  const int y = static_cast<int>(d.year());
  if (y < 0 || y > 9999) {
    out += fmt::format("{:04}", y);
  } else {
    put2(out, static_cast<unsigned>(y / 100));
    put2(out, static_cast<unsigned>(y % 100));
  }
  out += '-';
  put2(out, static_cast<unsigned>(d.month()));
  out += '-';
  put2(out, static_cast<unsigned>(d.day()));
}

// "2026-11-22T01:05:00+01:00", as clock::format_rfc3339 writes it, without allocating.
void append_rfc3339(std::string& out, const Instant& instant) {
  const auto local = instant.local();
  const auto day = date::floor<date::days>(local);
  append_day(out, date::year_month_day{day});
  const auto s = static_cast<long>((local - day).count());
  out += 'T';
  put2(out, static_cast<unsigned>(s / 3600));
  out += ':';
  put2(out, static_cast<unsigned>(s / 60 % 60));
  out += ':';
  put2(out, static_cast<unsigned>(s % 60));
  const long off = instant.offset.count();
  out += off < 0 ? '-' : '+';
  const long a = off < 0 ? -off : off;
  put2(out, static_cast<unsigned>(a / 60));
  out += ':';
  put2(out, static_cast<unsigned>(a % 60));
}

// Whole minutes as integers (35), others as the shortest decimal that reads back (1.5).
std::string_view number_text(double v, std::array<char, 40>& buf) {
  std::to_chars_result r;
  if (v == std::floor(v) && std::abs(v) < 1e15)
    r = std::to_chars(buf.data(), buf.data() + buf.size(), static_cast<long long>(v));
  else
    r = std::to_chars(buf.data(), buf.data() + buf.size(), v);
  return {buf.data(), static_cast<std::size_t>(r.ptr - buf.data())};
}

void append_terms(std::string& out, const Terms& terms, std::string& scratch) {
  scratch.clear();
  for (std::size_t i = 0; i < terms.size(); ++i) {
    if (i) scratch += ';';
    scratch += terms[i];
  }
  append_cell(out, scratch);
}

// ---- reading ----

// The bedtime a minutes_after_bed cell gives back: the onset less those minutes, at the
// onset's offset and zone.
Instant bed_from(const Instant& onset, std::string_view cell, const std::string& where) {
  long long m = 0;
  const auto [end, ec] = std::from_chars(cell.data(), cell.data() + cell.size(), m);
  if (ec != std::errc{} || end != cell.data() + cell.size() || m < -clock::kMinutesPerDay || m > clock::kMinutesPerDay)
    throw bad_input(where, std::string(cell),
                    fmt::format("{}: \"{}\" is not a whole number of minutes from -{} to {}", where, cell.substr(0, 60),
                                clock::kMinutesPerDay, clock::kMinutesPerDay));
  Instant bed = onset;
  bed.utc -= std::chrono::minutes{m};
  return bed;
}

// RFC 4180 records: quoted cells with doubled quotes, CRLF, LF or CR line ends. Reads a
// text, or a stream 256 KiB at a time (an import never holds the whole file).
class Reader {
 public:
  explicit Reader(std::string_view text) : s_(text) { skip_bom(); }
  explicit Reader(std::istream& in) : in_(&in), buffer_(256 * 1024, '\0') {
    refill();
    skip_bom();
  }

  // The next record into `cells`; false at the end. Blank lines are skipped.
  bool next(std::vector<std::string>& cells, int row) {
    while (more() && (s_[i_] == '\n' || s_[i_] == '\r')) ++i_;
    if (!more()) return false;
    cells.clear();
    while (true) {
      std::string cell;
      if (s_[i_] == '"') {
        ++i_;
        while (true) {
          if (!more())
            throw bad_input(fmt::format("row {}", row), "",
                            fmt::format("row {}: a quoted cell is not closed (a \" is missing)", row));
          const char c = s_[i_++];
          if (c == '"') {
            if (more() && s_[i_] == '"') {
              cell += '"';
              ++i_;
            } else {
              break;
            }
          } else {
            cell += c;
          }
        }
        if (more() && s_[i_] != ',' && s_[i_] != '\r' && s_[i_] != '\n')
          throw bad_input(
              fmt::format("row {}", row), "",
              fmt::format("row {}, column {}: text after the closing quote of a quoted cell", row, cells.size() + 1));
      } else {
        while (more()) {  // a cell may run over the end of the buffer
          const std::size_t start = i_;
          while (i_ < s_.size() && s_[i_] != ',' && s_[i_] != '\r' && s_[i_] != '\n') ++i_;
          cell.append(s_.substr(start, i_ - start));
          if (i_ < s_.size()) break;
        }
      }
      cells.push_back(std::move(cell));
      if (!more()) return true;
      const char sep = s_[i_++];
      if (sep == ',') {
        if (!more()) {  // a trailing comma: one more empty cell
          cells.emplace_back();
          return true;
        }
        continue;
      }
      if (sep == '\r' && more() && s_[i_] == '\n') ++i_;
      return true;
    }
  }

 private:
  bool more() { return i_ < s_.size() || refill(); }
  bool refill() {
    if (!in_) return false;
    in_->read(buffer_.data(), static_cast<std::streamsize>(buffer_.size()));
    if (in_->bad()) throw failure("cannot read the file");
    s_ = std::string_view(buffer_.data(), static_cast<std::size_t>(in_->gcount()));
    i_ = 0;
    return !s_.empty();
  }
  void skip_bom() {
    if (s_.substr(0, 3) == "\xEF\xBB\xBF") i_ = 3;  // a BOM from a spreadsheet
  }

  std::string_view s_;
  std::istream* in_ = nullptr;
  std::string buffer_;
  std::size_t i_ = 0;
};

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

std::string shown(std::string_view s) {
  std::string t(s.substr(0, 60));
  if (s.size() > 60) t += "...";
  return t;
}

Instant parse_onset(std::string_view text, clock::Zone zone, const std::string& where) {
  const auto digit = [](char c) { return c >= '0' && c <= '9'; };
  const bool dated = text.size() >= 11 && digit(text[0]) && digit(text[1]) && digit(text[2]) && digit(text[3]) &&
                     text[4] == '-' && digit(text[5]) && digit(text[6]) && text[7] == '-' && digit(text[8]) &&
                     digit(text[9]) && (text[10] == 'T' || text[10] == 't' || text[10] == ' ');
  if (!dated)
    throw bad_input(where, std::string(text),
                    fmt::format("{}: \"{}\" is not a date and time; use RFC 3339, e.g. 2026-11-22T01:05:00+01:00",
                                where, shown(text)));
  // As for JSON files: a far "now", so that any past or recent onset reads as written.
  constexpr auto kFarFuture = date::sys_days{date::year{9000} / 1 / 1};
  return clock::parse_time(text, zone, date::sys_seconds{kFarFuture}, where).instant;
}

void read_cell(Episode& e, const Field<Episode>& field, std::string_view raw, const std::string& where) {
  std::visit(
      [&](auto member) {
        auto& slot = e.*member;
        using V = std::decay_t<decltype(*slot)>;
        const bool free_text = std::is_same_v<V, std::string> && field.vocabulary == nullptr;
        const std::string_view text = free_text ? raw : trim(raw);
        if (text.empty()) return;  // unknown
        if constexpr (std::is_same_v<V, double>) {
          const double v = clock::parse_duration(text, where);
          if (v < field.min || v > field.max)
            throw bad_input(where, std::string(text),
                            fmt::format("{}: {} is out of range; give {} to {}", where, text, field.min, field.max));
          slot = v;
        } else if constexpr (std::is_same_v<V, int>) {
          int v = 0;
          const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
          if (ec != std::errc{} || end != text.data() + text.size())
            throw bad_input(where, std::string(text),
                            fmt::format("{}: \"{}\" is not a whole number", where, shown(text)));
          if (v < field.min || v > field.max)
            throw bad_input(where, std::string(text),
                            fmt::format("{}: {} is out of range; give {} to {}", where, v, field.min, field.max));
          slot = v;
        } else if constexpr (std::is_same_v<V, bool>) {
          const std::string t = lower(text);
          if (t == "yes" || t == "y" || t == "true" || t == "1")
            slot = true;
          else if (t == "no" || t == "n" || t == "false" || t == "0")
            slot = false;
          else
            throw bad_input(
                where, std::string(text),
                fmt::format("{}: \"{}\" is not yes or no (leave it empty when unknown)", where, shown(text)));
        } else if constexpr (std::is_same_v<V, std::string>) {
          if (field.vocabulary) {
            std::string term = normalize_term(text);
            check_term(*field.vocabulary, where, term);
            slot = std::move(term);
          } else {
            slot = std::string(text);
          }
        } else if constexpr (std::is_same_v<V, Terms>) {
          Terms terms;
          std::size_t start = 0;
          while (start <= text.size()) {
            std::size_t end = text.find_first_of(";,", start);
            if (end == std::string_view::npos) end = text.size();
            const auto item = trim(text.substr(start, end - start));
            if (!item.empty()) {
              std::string term = normalize_term(item);
              check_term(*field.vocabulary, where, term);
              terms.push_back(std::move(term));
            }
            start = end + 1;
          }
          slot = std::move(terms);
        }
      },
      field.member);
}

}  // namespace

std::span<const std::string_view> columns() { return kColumns; }

void append_cell(std::string& out, std::string_view raw) {
  // No raw ESC or NUL in a cell, even from a diary written before the input gate; a
  // note's newline and tab stay (quoted).
  std::string cleaned;
  if (std::any_of(raw.begin(), raw.end(), [](char c) {
        return (static_cast<unsigned char>(c) < 0x20 && c != '\n' && c != '\r' && c != '\t') || c == 0x7f;
      })) {
    cleaned = without_controls(raw);
    raw = cleaned;
  }
  const std::string_view text = raw;
  const bool formula = needs_guard(text);
  const bool quote = text.find_first_of(",\"\r\n") != std::string_view::npos;
  if (!formula && !quote) {
    out.append(text);
    return;
  }
  if (quote) out += '"';
  if (formula) out += '\'';
  if (quote) {
    for (char c : text) {
      if (c == '"') out += '"';
      out += c;
    }
    out += '"';
  } else {
    out.append(text);
  }
}

void append_header(std::string& out) {
  for (std::size_t i = 0; i < kColumns.size(); ++i) {
    if (i) out += ',';
    out.append(kColumns[i]);
  }
  out += "\r\n";
}

void append_row(std::string& out, const Episode& e, const Instant* bed) {
  static thread_local std::string scratch;
  std::array<char, 40> buf;
  bool first = true;
  for (const auto& column : layout()) {
    if (!first) out += ',';
    first = false;
    if (!column.field) {
      if (column.name == "night") {
        append_day(out, e.night());
      } else if (column.name == "onset") {
        append_rfc3339(out, e.onset);
      } else if (column.name == "uuid") {
        out += e.uuid;
      } else if (bed) {  // minutes_after_bed, in whole minutes
        append_cell(out, number_text(static_cast<double>(minutes_after_bed(e.onset, *bed)), buf));
      }
      continue;
    }
    std::visit(
        [&](auto member) {
          const auto& slot = e.*member;
          if (!slot) return;
          using V = std::decay_t<decltype(*slot)>;
          if constexpr (std::is_same_v<V, double>) {
            append_cell(out, number_text(*slot, buf));
          } else if constexpr (std::is_same_v<V, int>) {
            append_cell(out, number_text(*slot, buf));
          } else if constexpr (std::is_same_v<V, bool>) {
            out += *slot ? "yes" : "no";
          } else if constexpr (std::is_same_v<V, std::string>) {
            append_cell(out, *slot);
          } else if constexpr (std::is_same_v<V, Terms>) {
            append_terms(out, *slot, scratch);
          }
        },
        column.field->member);
  }
  out += "\r\n";
}

std::string write(std::span<const Episode> episodes, std::span<const Night> nights) {
  std::map<date::sys_days, const Instant*> beds;
  for (const auto& n : nights)
    if (n.bed) beds[date::sys_days{n.night}] = &*n.bed;
  std::string out;
  append_header(out);
  for (const auto& e : episodes) {
    const auto it = beds.find(date::sys_days{e.night()});
    append_row(out, e, it == beds.end() ? nullptr : it->second);
  }
  return out;
}

std::int64_t minutes_after_bed(const Instant& onset, const Instant& bed) {
  return date::round<std::chrono::minutes>(onset.utc - bed.utc).count();
}

namespace {

// The position a message names ("row 3, column side") is made only when a cell is refused:
// cells are read with this mark as their place, and an error has it replaced.
constexpr std::string_view kHere = "\x1f";

std::string replaced(std::string text, const std::string& place) {
  for (auto at = text.find(kHere); at != std::string::npos; at = text.find(kHere, at + place.size()))
    text.replace(at, kHere.size(), place);
  return text;
}

template <class F, class Place>
void placed(F&& f, Place&& place) {
  try {
    f();
  } catch (const Error& e) {
    if (e.field().find(kHere) == std::string::npos && std::string_view(e.what()).find(kHere) == std::string::npos)
      throw;
    const std::string where = place();
    throw Error(e.code(), replaced(e.what(), where), replaced(e.field(), where), e.value());
  }
}

std::vector<const Column*> read_header(Reader& reader) {
  std::vector<std::string> cells;
  if (!reader.next(cells, 1))
    throw bad_input("file", "", "the file is empty; a CSV file needs the header row and one row per episode");
  // Known names, each once; onset required.
  std::vector<const Column*> header;
  bool has_onset = false;
  for (std::size_t c = 0; c < cells.size(); ++c) {
    const std::string name = lower(trim(cells[c]));
    const Column* found = nullptr;
    for (const auto& column : layout())
      if (column.name == name) found = &column;
    if (!found) {
      std::string known;
      for (auto k : kColumns) known += (known.empty() ? "" : ", ") + std::string(k);
      throw bad_input(
          "column", shown(cells[c]),
          fmt::format("row 1, column {}: unknown column \"{}\"; the columns are: {}", c + 1, shown(cells[c]), known));
    }
    for (const Column* h : header)
      if (h == found)
        throw bad_input("column", name, fmt::format("row 1, column {}: \"{}\" appears twice", c + 1, name));
    has_onset = has_onset || name == "onset";
    header.push_back(found);
  }
  if (!has_onset) throw bad_input("onset", "", "row 1: the header has no onset column; every episode needs its onset");
  return header;
}

void read_value(Episode& e, const Column& column, std::string_view cell, clock::Zone zone, std::string& bed_cell) {
  const std::string where(kHere);
  // Undo the formula guard that export adds.
  if (!cell.empty() && cell[0] == '\'' && needs_guard(cell.substr(1))) cell.remove_prefix(1);
  // The input gate: UTF-8, no controls but in a note, bounded (a cell may list many
  // terms; each term's own bound is checked by validation).
  const bool note = column.name == "note";
  check_text(where, cell, kNoteMax, note ? TextKind::multi_line : TextKind::single_line);
  if (column.field) {
    read_cell(e, *column.field, cell, where);
  } else if (column.name == "onset") {
    const auto t = trim(cell);
    if (t.empty()) throw bad_input(where, "", fmt::format("{}: the onset is empty; every episode needs one", where));
    e.onset = parse_onset(t, zone, where);
  } else if (column.name == "uuid") {
    const auto t = trim(cell);
    if (!t.empty()) {
      const auto uuid = canonical_uuid(t);
      if (!uuid) throw bad_input(where, shown(t), fmt::format("{}: \"{}\" is not a UUID", where, shown(t)));
      e.uuid = *uuid;
    }
  } else if (column.name == "minutes_after_bed") {
    bed_cell = trim(cell);
  }
  // night is derived from the onset.
}

// Every row after the header, checked, with the bedtime of the first row of each night
// whose minutes_after_bed gives one (when `beds`).
void read_rows(Reader& reader, clock::Zone zone, bool beds, const std::function<void(Episode&&, const Night*)>& each) {
  const auto header = read_header(reader);
  std::vector<std::string> cells;
  std::unordered_set<int> bedded;  // nights given their bedtime: one entry a night
  int row = 1;
  while (reader.next(cells, row + 1)) {
    ++row;
    if (cells.size() != header.size())
      throw bad_input(fmt::format("row {}", row), "",
                      fmt::format("row {}: {} cells, but the header has {}", row, cells.size(), header.size()));
    Episode e;
    std::string bed_cell;
    for (std::size_t c = 0; c < cells.size(); ++c)
      placed([&] { read_value(e, *header[c], cells[c], zone, bed_cell); },
             [&] { return fmt::format("row {}, column {}", row, header[c]->name); });
    placed([&] { validate(e, kHere); }, [&] { return fmt::format("row {}", row); });
    std::optional<Night> bed;
    if (beds && !bed_cell.empty()) {
      const auto night = e.night();
      const int day = static_cast<int>(date::sys_days{night}.time_since_epoch().count());
      placed([&] { bed.emplace().bed = bed_from(e.onset, bed_cell, std::string(kHere)); },
             [&] { return fmt::format("row {}, column minutes_after_bed", row); });
      // The first row of a night gives its bedtime (rows come by onset).
      if (bedded.insert(day).second)
        bed->night = night;
      else
        bed.reset();
    }
    each(std::move(e), bed ? &*bed : nullptr);
  }
}

}  // namespace

void read(std::istream& in, clock::Zone zone, const std::function<void(Episode&&, const Night* bed)>& row) {
  Reader reader(in);
  read_rows(reader, zone, true, row);
}

std::vector<Episode> parse(std::string_view text, clock::Zone zone, std::vector<Night>* beds) {
  Reader reader(text);
  std::vector<Episode> out;
  read_rows(reader, zone, beds != nullptr, [&](Episode&& e, const Night* bed) {
    if (bed) beds->push_back(*bed);
    out.push_back(std::move(e));
  });
  return out;
}

}  // namespace diary::csv
