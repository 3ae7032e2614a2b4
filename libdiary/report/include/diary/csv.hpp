#pragma once
// The contract's doctor's CSV: RFC 4180, UTF-8, a header row, one episode per row.
//
//   night,onset,duration_min,intensity,onset_speed,locations,side,sensations,muscle_hard,
//   posture,minutes_after_bed,relief,relief_effect,relief_min,returned_when_still,signs,note,
//   relief_medicine,uuid
//
// Rows end in CRLF (RFC 4180); a cell holding a comma, a quote, CR or LF is quoted, with
// quotes doubled. Lists are joined with ';' (an empty list and an unknown one both give an
// empty cell). `onset` is local RFC 3339 with its offset; `minutes_after_bed` is the onset
// less the bedtime of the episode's night in whole minutes; `uuid` is the episode's identity
// (what a warning's episode is found by across exports); booleans are yes/no, empty when unknown. A cell
// that a spreadsheet would run as a formula (starting with =, +, -, @, tab or CR) gets a
// leading ', which import strips again (text typed as apostrophes and then a formula
// character gets one more, so it too comes back as typed).
//
// Import reads the same columns (in any order; night is derived and so ignored; onset is
// required; a uuid names the episode to replace; minutes_after_bed gives back the night's
// bedtime where the diary has none) and is all or nothing: the first bad cell throws bad_input
// naming its row (the header is row 1, as in a spreadsheet) and column.
#include <functional>
#include <iosfwd>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "diary/clock.hpp"
#include "diary/diary.hpp"

namespace diary::csv {

// The contract's columns, in order.
std::span<const std::string_view> columns();

// The header row, with its CRLF.
void append_header(std::string& out);

// One episode as a row (with its CRLF). `bed` is the bedtime of the episode's night.
void append_row(std::string& out, const Episode& episode, const Instant* bed);

// One cell: formula-neutralised and quoted as needed. Exposed for tests.
void append_cell(std::string& out, std::string_view text);

// The whole table for these episodes; bedtimes are looked up in `nights`.
std::string write(std::span<const Episode> episodes, std::span<const Night> nights);

// The onset less the bedtime, rounded to whole minutes.
std::int64_t minutes_after_bed(const Instant& onset, const Instant& bed);

// Reads a table. Onsets without an offset are read in `zone`. Every episode is validated.
// With `beds`, each night that a row's minutes_after_bed dates is added once (the night
// and its bedtime only), from the first such row of that night.
std::vector<Episode> parse(std::string_view text, clock::Zone zone, std::vector<Night>* beds = nullptr);

// The same read as a stream, row by row (an import of any size holds one row): each row's
// episode, checked, is handed to `row` in the file's order, with the night and bedtime
// that its minutes_after_bed gives (null when none, or when an earlier row gave that
// night's). An error is thrown at the first bad row, after the rows before it were handed on.
void read(std::istream& in, clock::Zone zone, const std::function<void(Episode&&, const Night* bed)>& row);

}  // namespace diary::csv
