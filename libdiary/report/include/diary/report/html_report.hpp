#pragma once
// The printable report for a doctor: one self-contained HTML page (inline CSS and SVG, no
// scripts, no fonts or images fetched from anywhere) that prints on A4 and Letter.
//
// In order: the period and the profile; the red flags in a box; what the pattern fits and
// the recurring patterns, with their evidence; a night-by-night chart (a row per night, an
// episode a mark at its clock time from 18:00 to 12:00, as wide as it lasted and coloured
// and sized by intensity, with the time in bed shown); episodes per week; what helped; the
// episode table. Every text the person typed is escaped.
// A pure function: no I/O.
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include <date/date.h>

#include "diary/analysis/report.hpp"
#include "diary/episode.hpp"
#include "diary/night.hpp"
#include "diary/profile.hpp"

namespace diary::report {

// `nights` and `episodes` are the period's; `report` is analyze() of the same. `from`/`to`
// are the period asked for (the data's first and last night when absent). `generated` is
// shown as the date the report was made; `name` is the patient's name (empty: a blank
// "Name: ____" line to write it on).
std::string html_report(const Profile& profile, std::span<const Night> nights, std::span<const Episode> episodes,
                        const analysis::Report& report, std::optional<date::year_month_day> from,
                        std::optional<date::year_month_day> to, std::string_view generated, std::string_view name = {});

// The report's night-by-night chart alone, as a standalone SVG document (the last 91
// nights of the period at most), for the phone page.
std::string nights_chart_svg(std::span<const Night> nights, std::span<const Episode> episodes,
                             const analysis::Report& report, std::optional<date::year_month_day> from,
                             std::optional<date::year_month_day> to);

}  // namespace diary::report
