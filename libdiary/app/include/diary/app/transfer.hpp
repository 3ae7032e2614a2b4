#pragma once
// Moving records in and out of the diary: imports (all or nothing) and the streamed CSV
// export; the diary's safety net (backup, check).
#include <cstdint>
#include <filesystem>
#include <functional>
#include <iosfwd>
#include <string>
#include <string_view>
#include <vector>

#include "diary/analysis/report.hpp"
#include "diary/app/reports.hpp"
#include "diary/clock.hpp"
#include "diary/store.hpp"

namespace diary::app {

struct Imported {
  ImportReport report;
  std::vector<analysis::RedFlag> red_flags;  // shown by the imported episodes
};

// Imports stream: the file is read one record at a time, each record checked (bad_input
// naming the record and field, e.g. "episodes[12].intensity" or "row 3, column side") and
// merged at once, all inside one write transaction that commits after the last record;
// any error rolls it back, so an import is all or nothing. Memory does not grow with the
// file: counts are kept, not records, and the warning signs are read back from the diary
// in batches after the merge.
Imported import_json(Store& store, std::istream& in, clock::Zone zone);
// The doctor's CSV: each row's minutes_after_bed fills in the bedtime of a night that has
// none (the first row of that night) and leaves every other night alone.
Imported import_csv(Store& store, std::istream& in, clock::Zone zone);

// The same merge for records already in memory (tests; a whole Diary).
Diary read_json(std::string_view text, clock::Zone zone);
Imported import_records(Store& store, const Diary& records);

// The doctor's CSV of the period, handed to `sink` in chunks of about a megabyte, so a
// diary of any size costs little memory.
void export_csv(Store& store, const Period& period, const std::function<void(std::string_view)>& sink);

// A consistent copy of the diary at `file`; returns the episodes copied.
std::int64_t backup(Store& store, const std::filesystem::path& file);

// One line per problem found; empty when the diary is sound.
std::vector<std::string> check(Store& store);

}  // namespace diary::app
