#pragma once
// The weekly summary: the figures of one week of nights (Monday to Sunday), set against the
// week before, with the week's red flags and the patterns of the diary up to its end.
// Pure functions over libdiary's types. No SQL, no I/O.
#include <algorithm>
#include <array>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include <date/date.h>
#include <nlohmann/json.hpp>

#include "diary/analysis/report.hpp"
#include "diary/episode.hpp"
#include "diary/night.hpp"
#include "diary/profile.hpp"

namespace diary::analysis {

// Onset hours charted: 18:00 to 12:00, one bucket an hour (bucket 0 is 18:00-18:59).
inline constexpr int kChartHours = 18;
inline constexpr int kChartStartHour = 18;

// What was tried, and how well it worked. An episode's effect (full, partial, none) is
// credited to every action tried in it, as the diary records one effect per episode.
struct ReliefRow {
  std::string action;  // relief term, e.g. "stretch"
  int tried = 0;
  int full = 0;                             // eased fully
  int partial = 0;                          // eased partly
  int none = 0;                             // did not help
  int unknown = 0;                          // effect not recorded
  std::optional<double> median_relief_min;  // over the episodes that recorded minutes to relief
  int with_relief_min = 0;
};

// A day factor against episodes: nights whose entry records the factor, and how many of
// them had an episode; the same for nights whose entry records its absence. Nights without
// an entry, or whose entry leaves the factor out, are not counted.
struct FactorRow {
  std::string id;     // hard_exercise, low_hydration, caffeine_late, alcohol, new_medication
  std::string label;  // "after hard exercise"
  int nights = 0, nights_with_episodes = 0;
  int other_nights = 0, other_nights_with_episodes = 0;
};

struct WeekFigures {
  date::year_month_day from{}, to{};  // Monday and Sunday (night dates)
  int nights_logged = 0;              // nights with a night entry or an episode
  int nights_with_episodes = 0;
  int nights_so_far = 7;  // nights of the week begun by last night (7 once the week is over)
  int quiet_nights() const { return nights_logged - nights_with_episodes; }  // logged, no episode
  int unlogged_nights() const { return std::max(0, nights_so_far - nights_logged); }
  int episodes = 0;
  double total_minutes = 0;  // sum of the durations recorded
  int with_duration = 0;     // episodes with a duration
  std::optional<double> longest_minutes;
  std::optional<double> median_intensity;
  int with_intensity = 0;
  // Onsets by hour, 18:00 to 12:00; onsets from 12:00 to 18:00 are counted apart.
  std::array<int, kChartHours> onset_by_hour{};
  int onset_afternoon = 0;
  std::optional<double> median_onset_hour;  // clock hours after noon of the night's date (01:30 = 13.5)
  // Minutes from going to bed to the onset, for episodes whose night has a bedtime.
  int with_bedtime = 0;
  std::optional<double> median_minutes_after_bed;
  std::array<int, 6> after_bed{};  // before bed, 0-29, 30-59, 60-119, 120-239, 240 and more
  std::vector<ReliefRow> relief;   // most tried first
  int nothing_tried = 0;           // episodes whose relief is "none"
  std::vector<FactorRow> factors;  // within the week
  // Sleep quality (1-5) of the week's nights that record it.
  std::optional<double> mean_sleep_quality;
  int sleep_quality_nights = 0;
  std::optional<double> mean_sleep_quality_with_episodes;
  std::optional<double> mean_sleep_quality_without_episodes;
};

// The figures a clinician asks for about restless legs: the week's episodes that fit the
// restless-legs pattern best (or that record an urge to move).
struct RlsFigures {
  int episodes = 0;
  int nights_with_symptoms = 0;    // of the 7 nights
  double hours_with_symptoms = 0;  // sum of their durations
  int with_duration = 0;
  std::optional<double> usual_onset_hour;  // median, hours after noon
};

struct WeekSummary {
  WeekFigures week, previous;
  std::vector<FactorRow> factors_to_date;       // the diary up to the week's end
  std::vector<RedFlag> red_flags;               // shown by the week's episodes
  Report analysis;                              // the diary up to the week's end
  std::optional<RlsFigures> rls, rls_previous;  // when the analysis lists restless legs

  bool empty() const { return week.nights_logged == 0; }
  bool so_far() const { return week.nights_so_far < 7; }  // the week is not over yet
};

// The Monday of the week holding `day`.
date::year_month_day week_of(date::year_month_day day);
// The Monday of the last full week: the week before the one holding `today`.
date::year_month_day last_full_week(date::year_month_day today);

// `nights` and `episodes`: the diary up to (at least) the week's end; anything later is
// left out. `monday` is the week's first night. `last_night`, when given, is the latest
// night that has begun: a week holding it is summarized "so far".
WeekSummary summarize_week(const Profile& profile, std::span<const Night> nights, std::span<const Episode> episodes,
                           date::year_month_day monday, std::optional<date::year_month_day> last_night = {});

// Building blocks, shared with the printable report.
std::vector<ReliefRow> relief_table(std::span<const Episode> episodes);
std::vector<FactorRow> day_factors(std::span<const Night> nights, std::span<const Episode> episodes);
// The same over the nights that had an episode (sorted, each once), for a caller that
// streams the episodes and keeps only their nights.
std::vector<FactorRow> day_factors(std::span<const Night> nights, const std::vector<date::sys_days>& with_episodes);

// relief_table() one episode at a time, for a caller that streams the episodes: it keeps a
// row per action and the minutes to relief counted by value, not the episodes.
class ReliefTally {
 public:
  void add(const Episode& episode);
  std::vector<ReliefRow> rows() const;  // relief_table() of the episodes added

 private:
  std::vector<ReliefRow> rows_;                 // in the order first tried
  std::vector<std::map<double, int>> minutes_;  // per row: minutes to relief, how often each
};
std::optional<double> median(std::vector<double> values);
// "01:30" for 13.5 hours after noon.
std::string clock_text(double hours_after_noon);

}  // namespace diary::analysis
