#pragma once
// The printable report for a doctor: one self-contained HTML page (inline CSS and SVG, no
// scripts, no fonts or images fetched from anywhere) that prints on A4 and Letter.
//
// In order: the period and the profile; the red flags in a box; what the pattern fits and
// the recurring patterns, with their evidence; a night-by-night chart (a row per night, an
// episode a mark at its clock time from 18:00 to 12:00, as wide as it lasted and coloured
// and sized by intensity, with the time in bed shown); episodes per week; what helped; the
// episode table. Every text the person typed is escaped.
// No I/O: the text goes to the caller's sink.
#include <functional>
#include <memory>
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

namespace detail {
struct Page;  // what the report keeps between its passes (html_report.cpp)
}

// The report made in one pass over the period's episodes, oldest onset first, for a
// diary of any size: each episode is counted (per night, per relief action, where each
// is for the warning signs' list, the marks of the nights charted) and its table row
// written to a spill; the analysis runs; then the page is written, the rows read back
// into it. What it holds grows with the nights, not with the episodes (but for 20 bytes
// an episode: to name the ones a warning lists, and each row's length).
class HtmlReport {
 public:
  using Sink = std::function<void(std::string_view)>;

  // `profile` and `nights` (the period's) are kept by reference: they must outlive it.
  HtmlReport(const Profile& profile, std::span<const Night> nights, std::optional<date::year_month_day> from,
             std::optional<date::year_month_day> to);
  ~HtmlReport();
  HtmlReport(const HtmlReport&) = delete;
  HtmlReport& operator=(const HtmlReport&) = delete;

  // For the chart alone: one episode counted. A brief record will do (it reads the id,
  // the onset, the duration, the intensity, the sensations and the relief).
  void count(const Episode& episode);
  // For the page: one episode, whole, counted and its table row written to `spill`
  // (not yet marked for the warning signs, which the analysis has not named).
  void add(const Episode& episode, const Sink& spill);
  // After the episodes, with `report` the analysis of the same: the page up to the
  // episode table's rows, written to `sink` (kept until finish()).
  void begin(const analysis::Report& report, std::string_view generated, std::string_view name, Sink sink);
  // The rows add() wrote, read back in order by `next` (which gives exactly the bytes
  // asked for, valid until its next call), each marked when a warning sign lists its episode.
  void rows(const std::function<std::string_view(std::size_t)>& next);
  void finish();

  // After count(): the night-by-night chart alone (see nights_chart_svg).
  std::string chart_svg(const analysis::Report& report) const;

 private:
  std::unique_ptr<detail::Page> page_;
};

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
