#pragma once
// Reading a period of the diary and what is made of it: the pattern report, the weekly
// summary and the documents for the doctor.
#include <functional>
#include <optional>
#include <string>

#include <date/date.h>

#include "diary/analysis/report.hpp"
#include "diary/analysis/summary.hpp"
#include "diary/clock.hpp"
#include "diary/diary.hpp"
#include "diary/store.hpp"

namespace diary::app {

// The nights a command covers, both ends inclusive and either open.
struct Period {
  std::optional<date::year_month_day> from, to;
};

// Checks the period's order: bad_input naming "to" when it ends before it begins.
Period period(std::optional<date::year_month_day> from, std::optional<date::year_month_day> to);

// The profile and the period's nights and episodes, read in one transaction.
Diary load(Store& store, const Period& period);

analysis::Report analyze(Store& store, const Period& period);

// The week (Monday to Sunday nights) that `week` falls in, with the diary up to its end;
// with `last_night`, a week holding it is marked "so far".
analysis::WeekSummary weekly_summary(Store& store, date::year_month_day week,
                                     std::optional<date::year_month_day> last_night = {});

// The latest night begun by `now`: tonight from noon on, else the night before.
date::year_month_day last_night(date::sys_seconds now, clock::Zone zone);

// The Monday of the week a summary shows by default: the week holding last night.
date::year_month_day default_summary_week(date::sys_seconds now, clock::Zone zone);

// The doctor's printable HTML report of the period, stamped as made at `now`.
std::string html_report(Store& store, const Period& period, date::sys_seconds now, clock::Zone zone,
                        std::string_view name = {});
// The same page handed to `sink` in pieces: the analysis runs on compact records and the
// episode table is written one episode at a time read from the diary, so that a report of
// any size holds little more than what the analysis keeps.
void write_html_report(Store& store, const Period& period, date::sys_seconds now, clock::Zone zone,
                       std::string_view name, const std::function<void(std::string_view)>& sink);

// The night-by-night chart of the period (the printed report's) as one SVG document.
std::string nights_chart(Store& store, const Period& period);

// The period as a FHIR R4 Bundle (JSON text).
std::string fhir_bundle(Store& store, const Period& period, date::sys_seconds now);
// The same bundle handed to `sink` in pieces, one episode at a time read from the diary.
void write_fhir_bundle(Store& store, const Period& period, date::sys_seconds now,
                       const std::function<void(std::string_view)>& sink);

// The whole diary as the lossless JSON document (text, ending in a newline).
std::string diary_json(Store& store);
// The same document handed to `sink` in pieces, one episode at a time read from the
// diary, so that an export of any size costs little memory.
void write_diary_json(Store& store, const std::function<void(std::string_view)>& sink);

}  // namespace diary::app
