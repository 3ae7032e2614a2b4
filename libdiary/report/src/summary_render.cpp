// The weekly summary rendered: JSON with every figure, and the text for people.
#include "diary/report/summary.hpp"

#include <algorithm>
#include <cmath>
#include <functional>

#include <fmt/format.h>

#include "diary/analysis/names.hpp"
#include "diary/report/analysis.hpp"
#include "diary/report/text.hpp"

namespace diary::report {

using namespace diary::analysis;
using nlohmann::json;

namespace {

date::sys_days days(date::year_month_day d) { return date::sys_days{d}; }

double round2(double v) { return std::round(v * 100.0) / 100.0; }

json opt(const std::optional<double>& v) { return v ? json(round2(*v)) : json(nullptr); }

std::string day_text(date::year_month_day d) { return date::format("%F", d); }

json figures_json(const WeekFigures& f) {
  json j;
  j["from"] = day_text(f.from);
  j["to"] = day_text(f.to);
  j["nights_logged"] = f.nights_logged;
  j["nights_with_episodes"] = f.nights_with_episodes;
  j["quiet_nights"] = f.quiet_nights();
  j["unlogged_nights"] = f.unlogged_nights();
  j["nights_so_far"] = f.nights_so_far;
  j["episodes"] = f.episodes;
  j["total_minutes"] = round2(f.total_minutes);
  j["episodes_with_duration"] = f.with_duration;
  j["longest_minutes"] = opt(f.longest_minutes);
  j["median_intensity"] = opt(f.median_intensity);
  j["episodes_with_intensity"] = f.with_intensity;
  json hours = json::array();
  for (int h = 0; h < kChartHours; ++h)
    hours.push_back({{"hour", fmt::format("{:02}:00", (kChartStartHour + h) % 24)},
                     {"episodes", f.onset_by_hour[static_cast<std::size_t>(h)]}});
  j["onset_by_hour"] = std::move(hours);
  j["onset_between_12_and_18"] = f.onset_afternoon;
  j["median_onset"] = f.median_onset_hour ? json(clock_text(*f.median_onset_hour)) : json(nullptr);
  j["minutes_after_bed"] = {{"episodes_with_bedtime", f.with_bedtime},
                            {"median", opt(f.median_minutes_after_bed)},
                            {"before_bed", f.after_bed[0]},
                            {"0_to_29", f.after_bed[1]},
                            {"30_to_59", f.after_bed[2]},
                            {"60_to_119", f.after_bed[3]},
                            {"120_to_239", f.after_bed[4]},
                            {"240_or_more", f.after_bed[5]}};
  json relief = json::array();
  for (const auto& r : f.relief)
    relief.push_back({{"action", r.action},
                      {"tried", r.tried},
                      {"eased_fully", r.full},
                      {"eased_partly", r.partial},
                      {"no_help", r.none},
                      {"effect_unknown", r.unknown},
                      {"median_relief_min", opt(r.median_relief_min)},
                      {"episodes_with_relief_min", r.with_relief_min}});
  j["relief"] = std::move(relief);
  j["nothing_tried"] = f.nothing_tried;
  json factors = json::array();
  for (const auto& r : f.factors)
    factors.push_back({{"id", r.id},
                       {"label", r.label},
                       {"nights", r.nights},
                       {"nights_with_episodes", r.nights_with_episodes},
                       {"other_nights", r.other_nights},
                       {"other_nights_with_episodes", r.other_nights_with_episodes}});
  j["day_factors"] = std::move(factors);
  j["sleep_quality"] = {{"mean", opt(f.mean_sleep_quality)},
                        {"nights", f.sleep_quality_nights},
                        {"mean_on_nights_with_episodes", opt(f.mean_sleep_quality_with_episodes)},
                        {"mean_on_nights_without", opt(f.mean_sleep_quality_without_episodes)}};
  return j;
}

json factor_rows(const std::vector<FactorRow>& rows) {
  json a = json::array();
  for (const auto& r : rows)
    a.push_back({{"id", r.id},
                 {"label", r.label},
                 {"nights", r.nights},
                 {"nights_with_episodes", r.nights_with_episodes},
                 {"other_nights", r.other_nights},
                 {"other_nights_with_episodes", r.other_nights_with_episodes}});
  return a;
}

json rls_json(const std::optional<RlsFigures>& r) {
  if (!r) return nullptr;
  return {{"episodes", r->episodes},
          {"nights_with_symptoms", r->nights_with_symptoms},
          {"hours_with_symptoms", round2(r->hours_with_symptoms)},
          {"episodes_with_duration", r->with_duration},
          {"usual_onset", r->usual_onset_hour ? json(clock_text(*r->usual_onset_hour)) : json(nullptr)}};
}

json change(double now, double before) { return round2(now - before); }
json change(const std::optional<double>& now, const std::optional<double>& before) {
  if (!now || !before) return nullptr;
  return round2(*now - *before);
}

// ---- text -------------------------------------------------------------------------------

std::string signed_num(double v) {
  if (std::abs(v) < 0.05) return "same";
  return (v > 0 ? "+" : "") + num(std::round(v * 10) / 10);
}

// "1 h 4 min after going to bed", "23 min before going to bed"
std::string bed_words(double m) {
  const double r = std::round(m);
  if (r == 0) return "on going to bed";
  return minutes_words(std::abs(r)) + (r > 0 ? " after going to bed" : " before going to bed");
}

std::string week_words(const WeekFigures& f) {
  return fmt::format("{} to {}", date::format("%a %d %b", days(f.from)), date::format("%a %d %b %Y", days(f.to)));
}

// The onset chart: one column of three characters per hour, 18:00 to 11:00, as high as
// the busiest hour (at most 6 rows; scaled beyond, each bar at least one row).
std::string onset_chart(const WeekFigures& f) {
  int top = 0;
  for (int c : f.onset_by_hour) top = std::max(top, c);
  if (top == 0) return {};
  const int rows = std::min(top, 6);
  std::array<int, kChartHours> height{};
  for (std::size_t h = 0; h < height.size(); ++h) {
    const int c = f.onset_by_hour[h];
    height[h] = c == 0 ? 0 : std::max(1, static_cast<int>(std::lround(static_cast<double>(c) * rows / top)));
  }
  std::string out;
  for (int r = rows; r >= 1; --r) {
    std::string label;
    if (r == rows)
      label = std::to_string(top);
    else if (rows == top)
      label = std::to_string(r);
    std::string line = fmt::format("  {:>3} |", label);
    for (int h : height) line += h >= r ? " ##" : "   ";
    while (!line.empty() && line.back() == ' ') line.pop_back();
    out += line + "\n";
  }
  out += "      +" + std::string(kChartHours * 3 + 1, '-') + "\n";
  std::string axis = "       ";
  for (int h = 0; h < kChartHours; ++h) axis += fmt::format(" {:02}", (kChartStartHour + h) % 24);
  return out + axis + "\n";
}

std::string figure_line(std::string_view label, const std::string& now, const std::string& before,
                        const std::string& delta) {
  std::string s = fmt::format("  {:<24}{:>12}", label, now);
  if (!before.empty()) s += fmt::format("   (week before: {}{})", before, delta.empty() ? "" : ", " + delta);
  return s + "\n";
}

}  // namespace

nlohmann::json to_json(const WeekSummary& s) {
  json j;
  j["week"] = {{"from", day_text(s.week.from)}, {"to", day_text(s.week.to)}, {"so_far", s.so_far()}};
  j["empty"] = s.empty();
  j["red_flags"] = to_json(std::span<const RedFlag>(s.red_flags));
  j["figures"] = figures_json(s.week);
  j["previous"] = figures_json(s.previous);
  const auto& a = s.week;
  const auto& b = s.previous;
  j["change"] = {
      {"nights_logged", a.nights_logged - b.nights_logged},
      {"nights_with_episodes", a.nights_with_episodes - b.nights_with_episodes},
      {"episodes", a.episodes - b.episodes},
      {"total_minutes", change(a.total_minutes, b.total_minutes)},
      {"longest_minutes", change(a.longest_minutes, b.longest_minutes)},
      {"median_intensity", change(a.median_intensity, b.median_intensity)},
      {"median_onset_minutes",
       a.median_onset_hour && b.median_onset_hour
           ? json(std::lround(*a.median_onset_hour * 60.0) - std::lround(*b.median_onset_hour * 60.0))
           : json(nullptr)},
      {"median_minutes_after_bed", change(a.median_minutes_after_bed, b.median_minutes_after_bed)},
      {"mean_sleep_quality", change(a.mean_sleep_quality, b.mean_sleep_quality)},
      {"nothing_tried", a.nothing_tried - b.nothing_tried},
  };
  j["day_factors_to_date"] = factor_rows(s.factors_to_date);
  j["patterns"] = to_json(std::span<const PatternFinding>(s.analysis.patterns));
  j["categories"] = json::array();
  for (const auto& c : s.analysis.categories) j["categories"].push_back(to_json(c, false));
  j["analysis_to"] = day_text(s.week.to);
  j["restless_legs"] = rls_json(s.rls);
  j["restless_legs_previous"] = rls_json(s.rls_previous);
  return j;
}

namespace {

using Paint = std::function<std::string(std::string_view, std::string_view)>;

std::string flags_text(const WeekSummary& s, const Paint& paint) {
  if (s.red_flags.empty()) return {};
  const std::string bar(74, '=');
  std::string out = "\n" + paint("1;31", "+" + bar + "+") + "\n";
  out += paint("1;31", fmt::format("|{:^74}|", "!!  WARNING SIGNS THIS WEEK - ACT ON THESE FIRST  !!")) + "\n";
  out += paint("1;31", "+" + bar + "+") + "\n";
  for (const auto& f : s.red_flags) {
    std::string ids;
    for (auto id : f.episodes) ids += (ids.empty() ? "" : ", ") + std::to_string(id);
    out += paint("1;31", fmt::format(" ! {}", shout(analysis::flag_title(f.id, Audience::brief)))) +
           fmt::format(" (episode{} {})\n", f.episodes.size() == 1 ? "" : "s", ids);
    out += wrap(f.message, "   ", "   ");
  }
  return out + paint("1;31", "+" + bar + "+") + "\n";
}

std::string empty_week_text(const WeekSummary& s) {
  const auto& p = s.previous;
  std::string out = "\nNothing was logged for these nights: no episodes and no night entries.\n";
  if (p.nights_logged > 0)
    out += fmt::format("The week before ({}) had {} on {}.\n", week_words(p), plural(p.episodes, "episode", "episodes"),
                       plural(p.nights_logged, "logged night", "logged nights"));
  return out + "Log an episode with: diary log    Check in on a night with: diary night\n";
}

std::string figures_text(const WeekSummary& s, const Paint& paint) {
  const auto& w = s.week;
  const auto& p = s.previous;
  const bool prev = p.nights_logged > 0;
  const auto before = [&](const std::string& t) { return prev ? t : std::string(); };
  const auto delta = [&](double d) { return prev ? signed_num(d) : std::string(); };
  std::string out =
      "\n" + paint("1", "THE WEEK IN FIGURES") + (prev ? "" : "   (nothing was logged the week before)") + "\n";
  out += figure_line("Nights logged",
                     fmt::format("{} of {}{}", w.nights_logged, w.nights_so_far, s.so_far() ? " so far" : ""),
                     before(std::to_string(p.nights_logged)), delta(w.nights_logged - p.nights_logged));
  out += figure_line("  with episodes", std::to_string(w.nights_with_episodes),
                     before(std::to_string(p.nights_with_episodes)),
                     delta(w.nights_with_episodes - p.nights_with_episodes));
  out += figure_line("  quiet (no episodes)", std::to_string(w.quiet_nights()),
                     before(std::to_string(p.quiet_nights())), delta(w.quiet_nights() - p.quiet_nights()));
  out += figure_line("Nights not logged", std::to_string(w.unlogged_nights()),
                     before(std::to_string(p.unlogged_nights())), delta(w.unlogged_nights() - p.unlogged_nights()));
  out += figure_line("Episodes", std::to_string(w.episodes), before(std::to_string(p.episodes)),
                     delta(w.episodes - p.episodes));
  out += figure_line(
      "Total time", w.with_duration ? minutes_words(w.total_minutes) : "-",
      before(p.with_duration ? minutes_words(p.total_minutes) : "-"),
      w.with_duration && p.with_duration ? delta(w.total_minutes - p.total_minutes) + (prev ? " min" : "") : "");
  out += figure_line("Longest", w.longest_minutes ? minutes_words(*w.longest_minutes) : "-",
                     before(p.longest_minutes ? minutes_words(*p.longest_minutes) : "-"),
                     w.longest_minutes && p.longest_minutes
                         ? delta(*w.longest_minutes - *p.longest_minutes) + (prev ? " min" : "")
                         : "");
  out += figure_line("Median intensity", w.median_intensity ? num(*w.median_intensity) + "/10" : "-",
                     before(p.median_intensity ? num(*p.median_intensity) + "/10" : "-"),
                     w.median_intensity && p.median_intensity ? delta(*w.median_intensity - *p.median_intensity) : "");
  out += figure_line(
      "Sleep quality", w.mean_sleep_quality ? fmt::format("{:.1f}/5", *w.mean_sleep_quality) : "-",
      before(p.mean_sleep_quality ? fmt::format("{:.1f}/5", *p.mean_sleep_quality) : "-"),
      w.mean_sleep_quality && p.mean_sleep_quality ? delta(*w.mean_sleep_quality - *p.mean_sleep_quality) : "");
  if (w.sleep_quality_nights > 0) {
    std::string line = fmt::format("{} rated", plural(w.sleep_quality_nights, "night", "nights"));
    if (w.mean_sleep_quality_with_episodes && w.mean_sleep_quality_without_episodes)
      line = fmt::format("{:.1f}/5 on nights with episodes, {:.1f}/5 on the others; ",
                         *w.mean_sleep_quality_with_episodes, *w.mean_sleep_quality_without_episodes) +
             line;
    out += fmt::format("  {:<39}{}\n", "", line);
  }
  if (w.episodes > 0 && (w.with_duration < w.episodes || w.with_intensity < w.episodes))
    out += fmt::format("  (durations recorded for {} of {} episodes, intensity for {})\n", w.with_duration, w.episodes,
                       w.with_intensity);
  return out;
}

std::string onsets_text(const WeekSummary& s, const Paint& paint) {
  const auto& w = s.week;
  const auto& p = s.previous;
  std::string out = "\n" + paint("1", "WHEN THEY BEGAN") + " (episodes by hour of onset, 18:00 to 12:00)\n";
  out += onset_chart(w);
  if (w.onset_afternoon)
    out += fmt::format("  {} began between 12:00 and 18:00.\n", plural(w.onset_afternoon, "episode", "episodes"));
  if (w.median_onset_hour) {
    out += fmt::format("  Typical onset {}", clock_text(*w.median_onset_hour));
    if (p.median_onset_hour) {
      const long d = std::lround(*w.median_onset_hour * 60.0) - std::lround(*p.median_onset_hour * 60.0);
      out += fmt::format(" (week before: {}, {})", clock_text(*p.median_onset_hour),
                         d == 0  ? "same"
                         : d < 0 ? fmt::format("{} earlier", minutes_words(static_cast<double>(-d)))
                                 : fmt::format("{} later", minutes_words(static_cast<double>(d))));
    }
    out += ".\n";
  }
  if (w.with_bedtime > 0) {
    out += fmt::format("  Relative to going to bed: typically {} ({} with a bedtime).\n",
                       w.median_minutes_after_bed ? bed_words(*w.median_minutes_after_bed) : "-",
                       plural(w.with_bedtime, "episode", "episodes"));
    out += fmt::format("    before bed: {}, first 30 min: {}, 30-59 min: {}, 1-2 h: {}, 2-4 h: {}, later: {}\n",
                       w.after_bed[0], w.after_bed[1], w.after_bed[2], w.after_bed[3], w.after_bed[4], w.after_bed[5]);
    if (p.median_minutes_after_bed && w.median_minutes_after_bed)
      out += fmt::format("    (week before: typically {})\n", bed_words(*p.median_minutes_after_bed));
  } else {
    out += "  No bedtimes recorded for these nights (diary night --bed 22:30), so no minutes after bed.\n";
  }
  return out;
}

std::string relief_text(const WeekSummary& s, const Paint& paint) {
  const auto& w = s.week;
  std::string out = "\n" + paint("1", "WHAT WAS TRIED AND HOW WELL IT WORKED") + "\n";
  if (w.relief.empty()) {
    out += "  Nothing recorded.\n";
  } else {
    out += fmt::format("  {:<16}{:>6}{:>8}{:>8}{:>9}{:>8}   {}\n", "", "tried", "fully", "partly", "no help", "?",
                       "median min to relief");
    for (const auto& r : w.relief)
      out += fmt::format("  {:<16}{:>6}{:>8}{:>8}{:>9}{:>8}   {}\n", r.action, r.tried, r.full, r.partial, r.none,
                         r.unknown, r.median_relief_min ? num(std::round(*r.median_relief_min * 10) / 10) : "-");
  }
  if (w.nothing_tried)
    out += fmt::format("  Nothing was tried in {}.\n", plural(w.nothing_tried, "episode", "episodes"));
  return out;
}

std::string factors_text(const WeekSummary& s, const Paint& paint) {
  const auto& w = s.week;
  if (w.factors.empty() && s.factors_to_date.empty()) return {};
  std::string out = "\n" + paint("1", "DAY FACTORS AND EPISODES") + " (nights whose entry records the factor)\n";
  for (const auto& t : s.factors_to_date) {
    const FactorRow* r = nullptr;
    for (const auto& x : w.factors)
      if (x.id == t.id) r = &x;
    if (t.nights == 0) continue;
    std::string line;
    if (r && r->nights > 0)
      line = fmt::format("This week: episodes on {} of {} nights {}, {} of {} otherwise.", r->nights_with_episodes,
                         r->nights, t.label, r->other_nights_with_episodes, r->other_nights);
    else if (r && r->other_nights > 0)
      line = fmt::format("This week: no nights {}; episodes on {} of {} nights.", t.label,
                         r->other_nights_with_episodes, r->other_nights);
    else
      line = fmt::format("This week: not recorded.");
    line += fmt::format(" Diary so far: {} of {} nights {}, {} of {} otherwise.", t.nights_with_episodes, t.nights,
                        t.label, t.other_nights_with_episodes, t.other_nights);
    out += wrap(line, "  - ", "    ");
  }
  return out;
}

std::string rls_text(const WeekSummary& s, const Paint& paint) {
  if (!s.rls) return {};
  const auto& r = *s.rls;
  std::string out = "\n" + paint("1", "RESTLESS LEGS: THE FIGURES A CLINICIAN ASKS FOR") + "\n";
  out += fmt::format("  Nights with symptoms this week   {} of 7", r.nights_with_symptoms);
  if (s.rls_previous) out += fmt::format("   (week before: {})", s.rls_previous->nights_with_symptoms);
  out += "\n";
  out += fmt::format("  Hours with symptoms              {:.1f}", r.hours_with_symptoms);
  if (r.with_duration < r.episodes)
    out += fmt::format(" (durations known for {} of {} episodes)", r.with_duration, r.episodes);
  if (s.rls_previous) out += fmt::format("   (week before: {:.1f})", s.rls_previous->hours_with_symptoms);
  out += "\n";
  return out + fmt::format("  Usual onset time                 {}\n",
                           r.usual_onset_hour ? clock_text(*r.usual_onset_hour) : "-");
}

std::string patterns_text(const WeekSummary& s, const Paint& paint) {
  std::string out =
      "\n" + paint("1", fmt::format("PATTERNS IN THE DIARY UP TO {}", date::format("%a %d %b %Y", days(s.week.to)))) +
      "\n";
  if (s.analysis.patterns.empty() && s.analysis.categories.empty())
    return out + "  No recurring pattern stands out yet.\n";
  for (const auto& pat : s.analysis.patterns) out += wrap(pat.summary, "  - ", "    ");
  if (!s.analysis.categories.empty()) {
    std::string fits = "Fits best: ";
    for (std::size_t i = 0; i < s.analysis.categories.size() && i < 3; ++i) {
      const auto& c = s.analysis.categories[i];
      fits += fmt::format("{}{} ({})", i ? "; " : "", category_name(c.id, Audience::brief), level_words(c.level));
    }
    out += wrap(fits + ". See diary analyze for the evidence.", "  ", "  ");
  }
  return out;
}

}  // namespace

std::string to_text(const WeekSummary& s, bool colour) {
  const Paint paint = [colour](std::string_view code, std::string_view t) { return report::paint(colour, code, t); };
  std::string out = paint("1", fmt::format("WEEKLY SUMMARY: the nights of {}", week_words(s.week))) + "\n";
  if (s.so_far())
    out += s.week.nights_so_far == 0
               ? std::string("This week has not begun yet.\n")
               : fmt::format("So far: the week is not over ({} of its 7 nights have begun).\n", s.week.nights_so_far);
  out += flags_text(s, paint);
  if (s.empty()) return out + empty_week_text(s);
  out += figures_text(s, paint);
  if (s.week.episodes > 0) out += onsets_text(s, paint) + relief_text(s, paint);
  out += factors_text(s, paint) + rls_text(s, paint) + patterns_text(s, paint);
  return out + "\n" + paint("2", wrap("A summary of your own notes, not a diagnosis.", "", ""));
}

}  // namespace diary::report
