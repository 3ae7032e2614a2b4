#pragma once
// Moving records in and out of the diary: imports (all or nothing) and the streamed CSV
// export; the diary's safety net (backup, check).
#include <cstdint>
#include <filesystem>
#include <functional>
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

// Reading a file's records checks every one of them (bad_input naming the record and field)
// without touching the diary; importing them then merges them in one write transaction.
Diary read_json(std::string_view text, clock::Zone zone);
Diary read_csv(std::string_view text, clock::Zone zone);
Imported import_records(Store& store, const Diary& records);
// The same for read_csv's records, whose nights hold only a bedtime (from minutes_after_bed):
// each fills in the bedtime of a night that has none and leaves every other night alone.
Imported import_csv(Store& store, Diary records);

// The doctor's CSV of the period, handed to `sink` in chunks of about a megabyte, so a
// diary of any size costs little memory.
void export_csv(Store& store, const Period& period, const std::function<void(std::string_view)>& sink);

// A consistent copy of the diary at `file`; returns the episodes copied.
std::int64_t backup(Store& store, const std::filesystem::path& file);

// One line per problem found; empty when the diary is sound.
std::vector<std::string> check(Store& store);

}  // namespace diary::app
