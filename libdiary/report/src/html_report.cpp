// The printable report: HTML with inline CSS and SVG, written with fmt.
#include "diary/report/html_report.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <iterator>
#include <map>

#include <fmt/compile.h>
#include <fmt/format.h>

#include "diary/analysis/analyze.hpp"
#include "diary/analysis/names.hpp"
#include "diary/analysis/summary.hpp"
#include "diary/clock.hpp"
#include "diary/medicines.hpp"
#include "diary/report/text.hpp"

namespace diary::report {

using namespace diary::analysis;
using namespace std::string_view_literals;

namespace {
date::sys_days night_of(const Episode& e) { return date::sys_days{e.night()}; }
}  // namespace

namespace {

using Days = date::sys_days;

Days days(date::year_month_day d) { return Days{d}; }

std::string esc(std::string_view s) { return html_escape(s); }

std::string words(std::string_view term) {
  std::string out(term);
  std::replace(out.begin(), out.end(), '_', ' ');
  return out;
}

// Written in place: the episode table calls it several times a row.
std::string words(const Terms& terms, std::string_view sep = ", ") {
  std::string out;
  for (const auto& t : terms) {
    if (!out.empty()) out += sep;
    const auto from = out.size();
    out += t;
    std::replace(out.begin() + static_cast<std::ptrdiff_t>(from), out.end(), '_', ' ');
  }
  return out;
}

// date::format's "%a %d %b" and "%H:%M" in the classic locale (the program sets no other),
// written without a stream: the episode table and the chart write them for every episode,
// and a stream each cost more than the rest of the row.
void two_digits(std::string& out, unsigned v) {
  out += static_cast<char>('0' + v / 10 % 10);
  out += static_cast<char>('0' + v % 10);
}

void day_short_to(std::string& out, Days d) {
  static constexpr std::string_view kWeekdays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static constexpr std::string_view kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                 "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  const date::year_month_day ymd{d};
  if (!ymd.ok()) {
    out += date::format("%a %d %b", d);
    return;
  }
  out += kWeekdays[date::weekday{d}.c_encoding()];
  out += ' ';
  two_digits(out, static_cast<unsigned>(ymd.day()));
  out += ' ';
  out += kMonths[static_cast<unsigned>(ymd.month()) - 1];
}

std::string day_short(Days d) {
  std::string out;
  day_short_to(out, d);
  return out;
}

std::string day_long(Days d) { return date::format("%a %d %b %Y", d); }

// The minute of the day of a local time.
int minute_of_day(date::local_seconds t) {
  return static_cast<int>(date::floor<std::chrono::minutes>(t - date::floor<date::days>(t)).count());
}

void clock_hm_to(std::string& out, int minute) {
  two_digits(out, static_cast<unsigned>(minute / 60));
  out += ':';
  two_digits(out, static_cast<unsigned>(minute % 60));
}

std::string clock_hm(int minute) {
  std::string out;
  clock_hm_to(out, minute);
  return out;
}

std::string clock_hm(date::local_seconds t) { return clock_hm(minute_of_day(t)); }

double hours_after_noon(const Instant& t, Days night) {
  const auto noon = clock::night_start(date::local_days{night.time_since_epoch()});
  return std::chrono::duration<double>(t.local() - noon).count() / 3600.0;
}

// Intensity 0-10 as a colour: pale yellow, orange, dark red.
std::string intensity_colour(std::optional<int> intensity) {
  if (!intensity) return "#9ca3af";
  struct Stop {
    double at;
    int r, g, b;
  };
  static constexpr Stop stops[] = {{0, 254, 240, 138}, {5, 245, 140, 20}, {10, 127, 17, 17}};
  const double x = std::clamp(static_cast<double>(*intensity), 0.0, 10.0);
  const Stop& a = x <= 5 ? stops[0] : stops[1];
  const Stop& b = x <= 5 ? stops[1] : stops[2];
  const double t = (x - a.at) / (b.at - a.at);
  const auto mix = [&](int p, int q) { return static_cast<int>(std::lround(p + (q - p) * t)); };
  return fmt::format("#{:02x}{:02x}{:02x}", mix(a.r, b.r), mix(a.g, b.g), mix(a.b, b.b));
}

constexpr std::string_view kCss = R"(
@page { margin: 14mm 12mm 16mm 12mm;
        @bottom-right { content: "Page " counter(page) " of " counter(pages); font-size: 8pt; color: #444; }
        @bottom-left { content: "Night-time leg symptoms: patient diary report"; font-size: 8pt; color: #444; } }
* { box-sizing: border-box; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
html { font-family: "DejaVu Sans", "Liberation Sans", Arial, Helvetica, sans-serif; font-size: 9.5pt;
       line-height: 1.35; color: #111; background: #fff; }
body { margin: 0 auto; max-width: 190mm; padding: 0; }
header { border-bottom: 2px solid #222; padding-bottom: 2mm; margin-bottom: 3mm; }
h1 { font-size: 15pt; margin: 0 0 1mm 0; }
h2 { font-size: 11.5pt; margin: 5mm 0 1.5mm 0; padding-bottom: 0.5mm; border-bottom: 1px solid #888;
     break-after: avoid; page-break-after: avoid; }
h3 { font-size: 10pt; margin: 2.5mm 0 1mm 0; break-after: avoid; page-break-after: avoid; }
p { margin: 1mm 0; }
.meta { color: #333; }
.facts { display: grid; grid-template-columns: 28mm auto; gap: 0.5mm 3mm; margin: 1.5mm 0; }
.facts dt { color: #555; }
.facts dd { margin: 0; }
.flags { border: 2.5px solid #b91c1c; background: #fef2f2; padding: 2mm 4mm 2.5mm 4mm; margin: 3mm 0;
         break-inside: avoid; page-break-inside: avoid; }
.flags h2 { color: #b91c1c; border: none; margin-top: 0; }
.flags ul { margin: 1mm 0; padding-left: 5mm; }
.flags li { margin-bottom: 1.5mm; }
.noflags { border: 1px solid #888; padding: 1.5mm 4mm; margin: 3mm 0; }
.finding { break-inside: avoid; page-break-inside: avoid; margin-bottom: 2mm; }
.finding ul { margin: 0.5mm 0; padding-left: 5mm; }
.against { color: #555; }
.level { font-weight: normal; color: #444; font-size: 9pt; }
table { border-collapse: collapse; width: 100%; }
thead { display: table-header-group; }
tr { break-inside: avoid; page-break-inside: avoid; }
th { text-align: left; border-bottom: 1.5px solid #444; padding: 0.8mm 1.2mm; vertical-align: bottom; }
td { border-bottom: 0.5px solid #ccc; padding: 0.7mm 1.2mm; vertical-align: top; }
td.n, th.n { text-align: right; white-space: nowrap; }
td.nw { white-space: nowrap; }
.episodes { font-size: 7.8pt; }
.episodes td { overflow-wrap: normal; word-break: normal; hyphens: manual; }
.name { margin: 1.5mm 0; font-size: 10.5pt; }
.partial { color: #555; font-style: italic; font-size: 8pt; }
table.weeks th.n { white-space: normal; }
tr.flagged td { background: #fee2e2; }
.chart { break-inside: avoid; page-break-inside: avoid; margin: 1mm 0 3mm 0; }
svg { display: block; width: 100%; height: auto; }
.note { font-style: italic; }
.small { font-size: 8pt; color: #444; }
.medicines td:nth-child(3), .medicines td:nth-child(4) { white-space: nowrap; } /* a date is one word */
footer { margin-top: 5mm; border-top: 1px solid #888; padding-top: 1.5mm; font-size: 8pt; color: #444; }
/* A phone: the charts keep the width they are drawn for and scroll sideways, so their
   text stays readable; the wide tables scroll too. */
@media screen and (max-width: 640px) {
  body { padding: 0 2mm; }
  .chart, .scroll { overflow-x: auto; -webkit-overflow-scrolling: touch; }
  .chart svg { width: 720px; max-width: none; }
  .scroll table { min-width: 600px; }
  .facts { grid-template-columns: 24mm auto; }
}
)";

// What the chart draws of an episode.
struct Mark {
  std::int64_t id;
  Days night;
  double hour;  // after noon of the night's date
  int minute;   // of the day it began
  std::optional<double> duration_min;
  std::optional<int> intensity;
  std::optional<std::string> sensations;  // in words, when any
};

Mark mark_of(const Episode& e, Days night) {
  std::optional<std::string> felt;
  if (e.sensations && !e.sensations->empty()) felt = words(*e.sensations);
  return Mark{
      e.id,        night,          hours_after_noon(e.onset, night), minute_of_day(e.onset.local()), e.duration_min,
      e.intensity, std::move(felt)};
}

// How the warning signs name an episode: its id, night and the minute it began.
struct Ref {
  std::int64_t id;
  std::int32_t night;  // days since 1970
  std::int32_t minute;
};

using Marks = std::map<Days, std::vector<const Mark*>>;

bool holds(const std::vector<std::int64_t>& sorted, std::int64_t id) {
  return std::binary_search(sorted.begin(), sorted.end(), id);
}

// ---- the night-by-night chart ------------------------------------------------------------

constexpr double kW = 720;      // SVG user units across (the page width)
constexpr double kLabelW = 74;  // night labels
constexpr double kRight = 16;
constexpr double kRowH = 13;
constexpr double kTop = 22;    // hour labels
constexpr double kHours = 18;  // 18:00 to 12:00

double x_of(double hour_after_noon) {
  const double h = std::clamp(hour_after_noon - 6.0, 0.0, kHours);
  return kLabelW + h * (kW - kLabelW - kRight) / kHours;
}

std::string night_chart(Days first, Days last, const Marks& by_night, const std::map<Days, const Night*>& nights,
                        const std::vector<std::int64_t>& flagged) {
  const int n = static_cast<int>((last - first).count()) + 1;
  const double height = kTop + n * kRowH + 4;
  std::string s = fmt::format(
      FMT_COMPILE(
          R"(<svg viewBox="0 0 {} {}" role="img" aria-label="Night-by-night chart of episodes from {} to {}">)"),
      kW, height, day_long(first), day_long(last));
  s +=
      R"(<style>text{font-family:inherit;font-size:8.5px;fill:#222}.lbl{font-size:8px}.hr{font-size:8px;fill:#444}</style>)";
  // Rows: zebra stripes and labels.
  for (int i = 0; i < n; ++i) {
    const Days d = first + date::days{i};
    const double y = kTop + i * kRowH;
    const bool weekend = date::weekday{d} == date::Saturday || date::weekday{d} == date::Sunday;
    if (i % 2 == 0 || weekend)
      fmt::format_to(std::back_inserter(s), FMT_COMPILE(R"(<rect x="0" y="{}" width="{}" height="{}" fill="{}"/>)"), y,
                     kW, kRowH, weekend ? "#eef2f7" : "#f7f7f7");
    fmt::format_to(std::back_inserter(s), FMT_COMPILE(R"(<text class="lbl" x="2" y="{:.1f}">{}</text>)"),
                   y + kRowH - 3.5, day_short(d));
  }
  // Hour grid.
  for (int h = 0; h <= static_cast<int>(kHours); ++h) {
    const double x = x_of(6.0 + h);
    const int clock = (18 + h) % 24;
    const bool midnight = clock == 0;
    fmt::format_to(std::back_inserter(s),
                   FMT_COMPILE(R"(<line x1="{:.1f}" y1="{}" x2="{:.1f}" y2="{}" stroke="{}" stroke-width="{}"/>)"), x,
                   kTop - 3, x, kTop + n * kRowH, midnight ? "#555" : "#d4d4d4", midnight ? 0.9 : 0.5);
    if (h % 2 == 0)
      fmt::format_to(std::back_inserter(s),
                     FMT_COMPILE(R"(<text class="hr" x="{:.1f}" y="{}" text-anchor="middle">{:02}:00</text>)"), x,
                     kTop - 6, clock);
  }
  // Time in bed, bed and wake ticks, then the episodes.
  for (int i = 0; i < n; ++i) {
    const Days d = first + date::days{i};
    const double y = kTop + i * kRowH;
    if (auto it = nights.find(d); it != nights.end()) {
      const Night& nt = *it->second;
      std::optional<double> bx, wx;
      if (nt.bed) bx = x_of(hours_after_noon(*nt.bed, d));
      if (nt.wake) wx = x_of(hours_after_noon(*nt.wake, d));
      if (bx && wx && *wx > *bx)
        fmt::format_to(std::back_inserter(s),
                       FMT_COMPILE(R"(<rect x="{:.1f}" y="{:.1f}" width="{:.1f}" height="{:.1f}" fill="#dbeafe"/>)"),
                       *bx, y + 2, *wx - *bx, kRowH - 4);
      if (bx)
        fmt::format_to(
            std::back_inserter(s),
            FMT_COMPILE(
                R"(<rect x="{:.1f}" y="{:.1f}" width="1.6" height="{:.1f}" fill="#1e3a8a"><title>bed {}</title></rect>)"),
            *bx - 0.8, y + 1, kRowH - 2, clock_hm(nt.bed->local()));
      if (wx)
        fmt::format_to(
            std::back_inserter(s),
            FMT_COMPILE(
                R"(<rect x="{:.1f}" y="{:.1f}" width="1.6" height="{:.1f}" fill="#60a5fa"><title>up {}</title></rect>)"),
            *wx - 0.8, y + 1, kRowH - 2, clock_hm(nt.wake->local()));
    }
    if (auto it = by_night.find(d); it != by_night.end()) {
      for (const Mark* v : it->second) {
        const Mark& e = *v;
        const double x0 = x_of(v->hour);
        const double minutes = e.duration_min.value_or(0);
        const double x1 = x_of(v->hour + minutes / 60.0);
        const double w = std::max(x1 - x0, 2.6);
        const double h = e.intensity ? 4.0 + *e.intensity * 0.75 : 6.0;
        const bool flag = holds(flagged, e.id);
        std::string title = fmt::format(FMT_COMPILE("{} {}"), clock_hm(e.minute),
                                        e.duration_min ? minutes_words(*e.duration_min) : "duration not recorded");
        if (e.intensity) fmt::format_to(std::back_inserter(title), FMT_COMPILE(", {}/10"), *e.intensity);
        if (e.sensations) title += ", " + *e.sensations;
        fmt::format_to(
            std::back_inserter(s),
            FMT_COMPILE(
                R"(<rect x="{:.1f}" y="{:.1f}" width="{:.1f}" height="{:.1f}" rx="1" fill="{}" stroke="{}" stroke-width="{}"{}><title>{}</title></rect>)"),
            x0, y + (kRowH - h) / 2, w, h, intensity_colour(e.intensity), flag ? "#000" : "#7f1d1d", flag ? 1.4 : 0.4,
            e.duration_min ? "" : R"( stroke-dasharray="1.5 1")", esc(title));
        if (v->hour < 6.0)  // began before 18:00: drawn at the left edge, marked
          fmt::format_to(std::back_inserter(s),
                         FMT_COMPILE(R"(<text x="{:.1f}" y="{:.1f}" font-size="8">&#9664;</text>)"), kLabelW - 9,
                         y + kRowH - 3.5);
      }
    }
  }
  s += "</svg>";
  return s;
}

std::string chart_legend() {
  std::string s = R"(<svg viewBox="0 0 720 24" role="img" aria-label="Legend">)";
  s += R"(<style>text{font-family:inherit;font-size:8.5px;fill:#222}</style>)";
  s += R"(<text x="2" y="13">Intensity</text>)";
  for (int i = 0; i <= 10; ++i) {
    const double x = 48 + i * 16, h = 4.0 + i * 0.75;
    s += fmt::format(
        R"(<rect x="{:.1f}" y="{:.1f}" width="13" height="{:.1f}" fill="{}" stroke="#7f1d1d" stroke-width="0.4"/>)", x,
        10 - h / 2, h, intensity_colour(i));
    s += fmt::format(R"(<text x="{:.1f}" y="23" font-size="7" text-anchor="middle">{}</text>)", x + 6.5, i);
  }
  s +=
      R"(<rect x="238" y="6.5" width="13" height="7" fill="#9ca3af" stroke="#7f1d1d" stroke-width="0.4" stroke-dasharray="1.5 1"/>)"
      R"(<text x="255" y="13">not recorded</text>)";
  s +=
      R"(<rect x="330" y="5" width="26" height="10" fill="#dbeafe"/><rect x="330" y="4" width="1.6" height="12" fill="#1e3a8a"/>)"
      R"(<rect x="355" y="4" width="1.6" height="12" fill="#60a5fa"/><text x="361" y="13">in bed: to bed, up</text>)";
  s += R"(<rect x="462" y="6" width="13" height="8" fill="#f58c14" stroke="#000" stroke-width="1.4"/>)"
       R"(<text x="479" y="13">warning sign</text>)";
  s += R"(<text x="550" y="13">mark width: how long it lasted</text>)";
  s += "</svg>";
  return s;
}

// ---- week by week -----------------------------------------------------------------------

// One week of the period: its nights inside the period (fewer than 7 in a partial first or
// last week), how many were logged, and what they held.
struct WeekRow {
  Days monday;
  int nights = 0, logged = 0, with_episodes = 0, episodes = 0, rated = 0;
  double sleep_sum = 0;
  bool partial() const { return nights < 7; }
  int quiet() const { return logged - with_episodes; }
  std::optional<double> per_logged_night() const {
    return logged ? std::optional(static_cast<double>(episodes) / logged) : std::nullopt;
  }
  std::optional<double> sleep() const { return rated ? std::optional(sleep_sum / rated) : std::nullopt; }
};

// Episodes per night, by night: what the first pass counts.
using PerNight = std::vector<std::pair<Days, int>>;

// The first entry of `per_night` for night `d` or a later one.
template <class PerNightT>
auto night_at(PerNightT& per_night, Days d) {
  return std::lower_bound(per_night.begin(), per_night.end(), d,
                          [](const std::pair<Days, int>& n, Days x) { return n.first < x; });
}

int episodes_on(const PerNight& per_night, Days d) {
  const auto it = night_at(per_night, d);
  return it != per_night.end() && it->first == d ? it->second : 0;
}

// Episodes come in onset order, so nearly always on the last night counted or a later one.
void count_night(PerNight& per_night, Days d) {
  if (per_night.empty() || per_night.back().first < d) {
    per_night.emplace_back(d, 1);
    return;
  }
  const auto it = night_at(per_night, d);
  if (it->first == d)
    ++it->second;
  else
    per_night.insert(it, {d, 1});
}

std::vector<WeekRow> week_rows(Days first, Days last, const PerNight& per_night,
                               const std::map<Days, const Night*>& nights) {
  const Days first_monday = days(week_of(date::year_month_day{first}));
  std::vector<WeekRow> rows;
  for (Days monday = first_monday; monday <= last; monday += date::days{7}) {
    WeekRow w{monday};
    for (Days d = std::max(monday, first); d <= std::min(last, monday + date::days{6}); d += date::days{1}) {
      ++w.nights;
      const auto night = nights.find(d);
      const int n = episodes_on(per_night, d);
      w.episodes += n;
      w.with_episodes += n > 0;
      w.logged += n > 0 || night != nights.end();
      if (night != nights.end() && night->second->sleep_quality) {
        ++w.rated;
        w.sleep_sum += *night->second->sleep_quality;
      }
    }
    rows.push_back(w);
  }
  return rows;
}

// Episodes per logged night, week by week: a week with nights not logged is not drawn as
// a better week, and a partial first or last week is drawn paler and labelled.
std::string week_chart(const std::vector<WeekRow>& rows) {
  double top = 0.5;
  for (const auto& w : rows) top = std::max(top, w.per_logged_night().value_or(0));
  top = std::ceil(top * 2) / 2;  // a whole or half episode
  const auto weeks = static_cast<double>(rows.size());
  const double left = 26, width = kW - left - 4, chart_h = 90, base = 14 + chart_h;
  const double slot = width / weeks;
  const double bar = std::min(slot * 0.7, 40.0);
  std::string s = fmt::format(R"(<svg viewBox="0 0 {} {}" role="img" aria-label="Episodes per logged night, by week">)",
                              kW, base + 26);
  s += R"(<style>text{font-family:inherit;font-size:8.5px;fill:#222}</style>)";
  for (double v = 0; v <= top + 1e-9; v += 0.5) {
    const double y = base - chart_h * v / top;
    s += fmt::format(R"(<line x1="{}" y1="{:.1f}" x2="{}" y2="{:.1f}" stroke="#ddd" stroke-width="0.5"/>)", left, y,
                     kW - 4, y);
    s += fmt::format(R"(<text x="{}" y="{:.1f}" text-anchor="end">{}</text>)", left - 3, y + 3, num(v));
  }
  const std::size_t label_every = rows.size() <= 16   ? std::size_t{1}
                                  : rows.size() <= 32 ? std::size_t{2}
                                  : rows.size() <= 64 ? std::size_t{4}
                                                      : std::size_t{8};
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const auto& w = rows[i];
    const double cx = left + slot * (static_cast<double>(i) + 0.5);
    if (const auto rate = w.per_logged_night(); rate && *rate > 0) {
      const double h = chart_h * *rate / top;
      s += fmt::format(
          R"(<rect x="{:.1f}" y="{:.1f}" width="{:.1f}" height="{:.1f}" fill="{}"><title>{} episodes on {} logged nights</title></rect>)",
          cx - bar / 2, base - h, bar, h, w.partial() ? "#f3b48b" : "#c2410c", w.episodes, w.logged);
      if (rows.size() <= 32)
        s += fmt::format(R"(<text x="{:.1f}" y="{:.1f}" text-anchor="middle">{:.1f}</text>)", cx, base - h - 2, *rate);
    }
    if (i % label_every == 0)
      s += fmt::format(R"(<text x="{:.1f}" y="{:.1f}" text-anchor="middle" font-size="7.5">{}{}</text>)", cx, base + 10,
                       date::format("%d %b", w.monday), w.partial() ? "*" : "");
  }
  s += fmt::format(R"(<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="#444" stroke-width="0.8"/>)", left, base, kW - 4,
                   base);
  s += fmt::format(
      R"(<text x="{}" y="{}" font-size="7.5" fill="#555">week starting (Monday); * a partial week, drawn paler</text>)",
      left, base + 22);
  s += "</svg>";
  return s;
}

std::string week_table(const std::vector<WeekRow>& rows) {
  std::string h =
      "<div class=\"scroll\"><table class=\"weeks\"><thead><tr><th>Week of</th><th class=\"n\">Nights logged</th>"
      "<th class=\"n\">With episodes</th><th class=\"n\">Quiet</th><th class=\"n\">Not logged</th>"
      "<th class=\"n\">Episodes</th><th class=\"n\">Per logged night</th><th class=\"n\">Sleep quality</th>"
      "</tr></thead><tbody>\n";
  for (const auto& w : rows) {
    const auto rate = w.per_logged_night();
    const auto sleep = w.sleep();
    h += fmt::format(
        "<tr><td>{}{}</td><td class=\"n\">{} of {}</td><td class=\"n\">{}</td><td class=\"n\">{}</td>"
        "<td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>\n",
        day_short(w.monday),
        w.partial() ? fmt::format("<br><span class=\"partial\">(partial: {} of 7 nights)</span>", w.nights) : "",
        w.logged, w.nights, w.with_episodes, w.quiet(), w.nights - w.logged, w.episodes,
        rate ? fmt::format("{:.1f}", *rate) : "-",
        sleep ? fmt::format("{:.1f}/5 ({} {})", *sleep, w.rated, w.rated == 1 ? "night" : "nights") : "-");
  }
  return h + "</tbody></table></div>\n";
}

// A small stacked bar: eased fully, partly, not at all, not recorded.
std::string effect_bar(const ReliefRow& r) {
  const double total = std::max(1, r.tried);
  const double w = 120;
  std::string s =
      R"(<svg viewBox="0 0 120 10" width="32mm" height="2.7mm" style="display:inline-block;vertical-align:middle">)";
  double x = 0;
  const auto part = [&](int n, const char* colour) {
    if (n == 0) return;
    const double pw = w * n / total;
    s += fmt::format(R"(<rect x="{:.1f}" y="0" width="{:.1f}" height="10" fill="{}"/>)", x, pw, colour);
    x += pw;
  };
  part(r.full, "#15803d");
  part(r.partial, "#eab308");
  part(r.none, "#b91c1c");
  part(r.unknown, "#d1d5db");
  s += "</svg>";
  return s;
}

std::string profile_facts(const Profile& p, std::optional<int> ref_year) {
  std::string s = R"(<dl class="facts">)";
  const auto row = [&](std::string_view k, const std::string& v) { s += fmt::format("<dt>{}</dt><dd>{}</dd>", k, v); };
  if (p.birth_year) {
    std::string age;
    if (ref_year) age = fmt::format(" (about {} years old)", *ref_year - *p.birth_year);
    row("Born", fmt::format("{}{}", *p.birth_year, age));
  } else {
    row("Born", "not recorded");
  }
  row("Smoking", p.smoking ? esc(words(*p.smoking)) : "not recorded");
  row("Conditions", p.conditions ? (p.conditions->empty() ? "none" : esc(words(*p.conditions))) : "not recorded");
  // The named medicines (with what they are) before the classes stored in older profiles.
  std::vector<std::string> named;
  for (const auto& m : p.medicines)
    if (!m.stopped) named.push_back(esc(medicine_with_classes(m)));
  if (p.medications && !p.medications->empty()) named.push_back(esc(words(*p.medications)));
  const bool none = named.empty() && p.medications && p.medications->empty();
  std::string line;
  for (const auto& n : named) line += (line.empty() ? "" : "; ") + n;
  row("Medications", !named.empty() ? line : (none ? "none" : "not recorded"));
  s += "</dl>";
  return s;
}

std::string episode_ref(const Ref& e) {
  return fmt::format("#{} ({} {})", e.id, day_short(Days{date::days{e.night}}), clock_hm(e.minute));
}

}  // namespace

namespace detail {

// What every section of the report reads: the period's nights, what the first pass counted
// of its episodes, and the analysis.
struct Page {
  Page(const Profile& of, std::span<const Night> period_nights) : profile(of), nights(period_nights) {}

  const Profile& profile;
  std::span<const Night> nights;
  std::optional<Days> from, to;  // the period asked for
  std::map<Days, const Night*> night_by_date;
  std::optional<Days> lo, hi;  // the first and last night of the entries and episodes
  // Counted in the first pass.
  PerNight per_night;
  std::size_t episodes = 0;
  std::vector<Mark> marks;  // the episodes of the last nights, which the chart may show
  std::size_t marks_kept = 0;
  std::vector<Ref> refs;
  ReliefTally relief;
  std::vector<std::uint32_t> row_sizes;  // of the rows add() wrote, in order
  std::string row;                       // the one being written
  // Set by begin().
  const Report* report = nullptr;
  std::optional<Days> first, last;
  std::vector<std::int64_t> flagged;  // sorted
  std::string period;
  std::string_view generated;  // these two only while begin() runs
  std::string_view name;       // the patient's name, or empty: a line to write it on
  HtmlReport::Sink sink;
  std::string out;  // handed to the sink in pieces of about 64 KiB
};

}  // namespace detail

namespace {

using detail::Page;

constexpr int kMaxNights = 91;  // nights charted at most: the last 13 weeks

void widen(Page& p, Days d) {
  p.lo = p.lo ? std::min(*p.lo, d) : d;
  p.hi = p.hi ? std::max(*p.hi, d) : d;
}

// The night the chart ends on as far as the episodes seen so far tell.
Days chart_end(const Page& p) { return p.to ? *p.to : *p.hi; }

// Keeps the mark of an episode of the nights the chart may show; those that fall out of
// them as later nights come are let go now and then, so the marks stay a few nights' worth.
void keep_mark(Page& p, const Episode& e, Days night) {
  const auto too_early = [&](Days d) { return d + date::days{kMaxNights - 1} < chart_end(p); };
  if (too_early(night)) return;
  p.marks.push_back(mark_of(e, night));
  if (p.marks.size() < 2 * p.marks_kept + 256) return;
  std::erase_if(p.marks, [&](const Mark& m) { return too_early(m.night); });
  p.marks_kept = p.marks.size();
}

Marks marks_by_night(const Page& p) {
  Marks by_night;
  for (const auto& m : p.marks) by_night[m.night].push_back(&m);
  return by_night;
}

std::optional<Days> first_of(const Page& p) { return p.from ? p.from : p.lo; }
std::optional<Days> last_of(const Page& p) { return p.to ? p.to : p.hi; }

std::vector<std::int64_t> flagged_of(const Report& report) {
  std::vector<std::int64_t> ids;
  for (const auto& f : report.red_flags) ids.insert(ids.end(), f.episodes.begin(), f.episodes.end());
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  return ids;
}

const Ref* ref_of(const Page& p, std::int64_t id) {
  const auto it =
      std::lower_bound(p.refs.begin(), p.refs.end(), id, [](const Ref& r, std::int64_t x) { return r.id < x; });
  return it != p.refs.end() && it->id == id ? &*it : nullptr;
}

void put(Page& p, std::string_view text) {
  p.out += text;
  if (p.out.size() < 64 * 1024) return;
  p.sink(p.out);
  p.out.clear();
}

// The header: the period, the counts and the profile.
std::string header_section(const Page& p) {
  const auto& profile = p.profile;
  const auto& report = *p.report;
  const auto& first = p.first;
  const auto& last = p.last;
  const auto& period = p.period;
  const auto& generated = p.generated;
  std::string h;
  h += "<header>\n<h1>Night-time leg symptoms: patient diary report</h1>\n";
  h += p.name.empty() ? "<p class=\"name\">Name: ________________________________</p>\n"
                      : fmt::format("<p class=\"name\">Name: <strong>{}</strong></p>\n", esc(p.name));
  h += fmt::format("<p class=\"meta\"><strong>{}</strong>", esc(period));
  if (first && last) {
    const int span = static_cast<int>((*last - *first).count()) + 1;
    h += fmt::format(" &middot; {} nights: {} logged ({} with episodes, {} quiet), {} not logged &middot; {} episodes",
                     span, report.nights, report.nights_with_episodes, report.quiet_nights, report.unlogged_nights,
                     report.episodes);
  }
  h += "</p>\n";
  std::optional<int> ref_year;
  if (last) ref_year = static_cast<int>(date::year_month_day{*last}.year());
  h += profile_facts(profile, ref_year);
  h += fmt::format(
      "<p class=\"small\">Made on {} from the patient&#39;s own entries. A pattern report, not a diagnosis.</p>\n",
      esc(generated));
  h += "</header>\n";

  return h;
}

// The named medicines (`diary meds`) with doses and dates, stopped ones too: what a doctor
// asks first. Kept in one function so the report's other sections can change around it.
std::string medicines_section(const Page& p) {
  const auto& meds = p.profile.medicines;
  std::string h = "<section id=\"medicines\">\n<h2>Medicines</h2>\n";
  if (meds.empty()) {
    h += "<p>No medicines recorded by name.</p>\n</section>\n";
    return h;
  }
  h += "<div class=\"scroll\"><table "
       "class=\"medicines\"><thead><tr><th>Medicine</th><th>Dose</th><th>Since</th><th>Stopped</th>"
       "<th>As needed</th><th>Kind</th></tr></thead><tbody>\n";
  const auto day = [](const std::optional<date::year_month_day>& d) {
    return d ? clock::format_day(*d) : std::string("&ndash;");
  };
  for (const auto& m : meds) {
    std::string kind = "not classified";
    if (const auto known = classify(m.name)) {
      kind.clear();
      for (auto c : known->classes) kind += (kind.empty() ? "" : ", ") + words(std::string(c));
      if (known->generic != known->name) kind = std::string(known->generic) + ": " + kind;
    }
    h += fmt::format("<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>\n", esc(m.name),
                     m.dose ? esc(*m.dose) : "&ndash;", day(m.since), m.stopped ? day(m.stopped) : "still taken",
                     m.as_needed ? "yes" : "no", esc(kind));
  }
  h += "</tbody></table></div>\n</section>\n";
  return h;
}

// The warning signs in a box, or the list of signs looked for.
std::string flags_section(const Page& p) {
  const auto& report = *p.report;
  std::string h;
  h += "<section id=\"red-flags\">\n";
  if (report.red_flags.empty()) {
    h += "<div class=\"noflags\"><strong>Warning signs:</strong> none found in this period "
         "(swelling, warmth and redness of one leg; foot pain eased by dangling; skin changes or sores; "
         "chest pain or breathlessness; weakness; saddle numbness or bladder/bowel change; severe cramps "
         "after a new medication).</div>\n";
  } else {
    h += "<div class=\"flags\">\n<h2>Warning signs</h2>\n<ul>\n";
    for (const auto& f : report.red_flags) {
      std::string eps;
      for (auto id : f.episodes) {
        const Ref* ref = ref_of(p, id);
        eps += (eps.empty() ? "" : "; ") + (ref ? episode_ref(*ref) : fmt::format("#{}", id));
      }
      h += fmt::format("<li><strong>{}</strong> ({}). {}<br><span class=\"small\">Episodes: {}</span></li>\n",
                       esc(flag_title(f.id, Audience::clinician)), action_words(f.action, Audience::clinician),
                       esc(f.message), esc(eps));
    }
    h += "</ul>\n</div>\n";
  }
  h += "</section>\n";

  return h;
}

// What the pattern fits, with the evidence; the recurring patterns; the day factors.
std::string patterns_section(const Page& p) {
  const auto& report = *p.report;
  std::string h;
  h += "<section id=\"patterns\">\n<h2>What the pattern fits, with the evidence</h2>\n";
  if (report.categories.empty()) {
    h += "<p>The entries do not fit any one pattern clearly.</p>\n";
  } else {
    for (const auto& c : report.categories) {
      h += fmt::format(
          "<div class=\"finding\"><h3>{} <span class=\"level\">&middot; {} ({}); {} of the {} episodes fit it "
          "best, and the lines below count over those</span></h3>\n",
          esc(category_name(c.id, Audience::clinician)), level_words(c.level), level_meaning(c.level), c.episodes,
          report.episodes);
      if (!c.evidence.empty()) {
        h += "<ul>";
        for (const auto& e : c.evidence) h += fmt::format("<li>{}</li>", esc(e));
        h += "</ul>\n";
      }
      if (!c.against.empty()) {
        h += "<ul class=\"against\">";
        for (const auto& e : c.against) h += fmt::format("<li>Against: {}</li>", esc(e));
        h += "</ul>\n";
      }
      h += "</div>\n";
    }
  }
  if (!report.patterns.empty()) {
    h += "<h3>Recurring patterns</h3>\n<ul>\n";
    for (const auto& pat : report.patterns) h += fmt::format("<li>{}</li>\n", esc(pat.summary));
    h += "</ul>\n";
  }
  std::vector<Days> with_episodes;
  for (const auto& [night, n] : p.per_night) with_episodes.push_back(night);
  const auto factors = day_factors(p.nights, with_episodes);
  bool any_factor = false;
  for (const auto& f : factors) any_factor = any_factor || f.nights > 0;
  if (any_factor) {
    h += "<h3>Day factors</h3>\n<ul>\n";
    for (const auto& f : factors)
      if (f.nights > 0)
        h += fmt::format("<li>Episodes on {} of {} nights {}, {} of {} otherwise.</li>\n", f.nights_with_episodes,
                         f.nights, esc(f.label), f.other_nights_with_episodes, f.other_nights);
    h += "</ul>\n";
  }
  h += "</section>\n";

  return h;
}

// The night-by-night chart: at most the last 13 weeks, in blocks of up to 31 nights.
std::string nights_section(const Page& p) {
  const auto& first = p.first;
  const auto& last = p.last;
  const auto by_night = marks_by_night(p);
  const auto& night_by_date = p.night_by_date;
  const auto& flagged = p.flagged;
  std::string h;
  h += "<section id=\"nights\">\n";
  if (!first || !last) {
    h += "<h2>Night by night</h2>\n<p>No nights to show.</p>\n";
  } else {
    // At most the last 13 weeks are charted; in blocks of up to 31 nights.
    Days start = *first;
    std::string shown_from;
    if ((*last - start).count() + 1 > kMaxNights) {
      start = *last - date::days{kMaxNights - 1};
      shown_from = fmt::format(
          "<p class=\"small\">The chart shows the last {} nights, from {}; the table below lists "
          "every episode.</p>\n",
          kMaxNights, day_long(start));
    }
    const std::string caption =
        "<p class=\"small\">One row per night, from 18:00 to 12:00 the next day. Each episode is a mark at the time "
        "it began, as wide as it lasted, taller and darker the more intense; the blue band is the time in bed.</p>\n";
    bool first_block = true;
    for (Days block = start; block <= *last; block += date::days{31}) {
      const Days end = std::min(*last, block + date::days{30});
      // The heading and caption stay on the page of the first chart.
      h += "<div class=\"chart\">";
      if (first_block) h += "<h2>Night by night</h2>\n" + shown_from + caption;
      h += night_chart(block, end, by_night, night_by_date, flagged) + "</div>\n";
      first_block = false;
    }
    h += "<div class=\"chart\">" + chart_legend() + "</div>\n";
  }
  h += "</section>\n";

  return h;
}

// Week by week: nights logged and not, episodes per logged night, sleep quality.
std::string weeks_section(const Page& p) {
  std::string h = "<section id=\"weeks\">\n<h2>Week by week</h2>\n";
  if (!p.first || !p.last) return h + "<p>No nights to show.</p>\n</section>\n";
  const auto rows = week_rows(*p.first, *p.last, p.per_night, p.night_by_date);
  h += "<p class=\"small\">Rates count logged nights only (a night with an episode or a night entry); a night not "
       "logged is neither quiet nor troubled. Sleep quality: the mean of the nights rated, 1 (very poor) to 5 (very "
       "good).</p>\n";
  if (p.episodes > 0) h += "<div class=\"chart\">" + week_chart(rows) + "</div>\n";
  h += week_table(rows);
  return h + "</section>\n";
}

// What helped: each action tried, and how well it worked.
std::string relief_section(const Page& p) {
  std::string h;
  h += "<section id=\"relief\">\n<h2>What helped</h2>\n";
  const auto relief = p.relief.rows();
  if (relief.empty()) {
    h += "<p>No relief recorded.</p>\n";
  } else {
    h += "<div class=\"scroll\"><table><thead><tr><th>Tried</th><th class=\"n\">Times</th><th class=\"n\">Eased "
         "fully</th>"
         "<th class=\"n\">Partly</th><th class=\"n\">No help</th><th class=\"n\">Not recorded</th>"
         "<th class=\"n\">Median minutes to relief</th><th></th></tr></thead><tbody>\n";
    for (const auto& r : relief)
      h += fmt::format(
          "<tr><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td>"
          "<td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td>{}</td></tr>\n",
          esc(words(r.action)), r.tried, r.full, r.partial, r.none, r.unknown,
          r.median_relief_min ? num(std::round(*r.median_relief_min * 10) / 10) : "&ndash;", effect_bar(r));
    h +=
        "</tbody></table></div>\n<p class=\"small\">An episode&#39;s effect counts for every action tried in it. Bars: "
        "<span style=\"color:#15803d\">&#9632;</span> fully, <span style=\"color:#eab308\">&#9632;</span> partly, "
        "<span style=\"color:#b91c1c\">&#9632;</span> no help, <span style=\"color:#9ca3af\">&#9632;</span> not "
        "recorded.</p>\n";
  }
  h += "</section>\n";

  return h;
}

// Nights with a note or a new medication.
std::string notes_section(const Page& p) {
  const auto& nights = p.nights;
  std::string h;
  std::vector<const Night*> noted;
  for (const auto& n : nights)
    if ((n.note && !n.note->empty()) || names_new_medication(n)) noted.push_back(&n);
  if (!noted.empty()) {
    h += "<section id=\"night-notes\">\n<h2>Notes on nights</h2>\n<table><thead><tr><th>Night</th><th>New "
         "medication</th><th>Note</th></tr></thead><tbody>\n";
    for (const Night* n : noted)
      h += fmt::format("<tr><td>{}</td><td>{}</td><td class=\"note\">{}</td></tr>\n", day_short(days(n->night)),
                       names_new_medication(*n) ? esc(*n->new_medication) : "", esc(n->note.value_or("")));
    h += "</tbody></table>\n</section>\n";
  }

  return h;
}

// The episode table's start (every episode, one row each), or the line that there are none.
std::string episodes_head(const Page& p) {
  std::string h = "<section id=\"episodes\">\n<h2>Episodes</h2>\n";
  if (p.episodes == 0) return h + "<p>No episodes in this period.</p>\n";
  return h +
         "<div class=\"scroll\"><table class=\"episodes\"><thead><tr><th>#</th><th>Night</th><th>Began</th><th "
         "class=\"n\">Lasted</th>"
         "<th class=\"n\">/10</th><th>Where</th><th>Felt like</th><th>Position</th><th>Tried &rarr; effect</th>"
         "<th>Also</th><th>Note</th></tr></thead><tbody>\n";
}

std::string episodes_tail(const Page& p) {
  return std::string(p.episodes == 0 ? "" : "</tbody></table></div>\n") + "</section>\n";
}

// A term as words ('_' read as a space), escaped, appended.
void words_to(std::string& out, std::string_view term) {
  const auto from = out.size();
  html_escape_to(out, term);
  std::replace(out.begin() + static_cast<std::ptrdiff_t>(from), out.end(), '_', ' ');
}
void words_to(std::string& out, const Terms& terms, std::string_view sep = ", ") {
  for (std::size_t i = 0; i < terms.size(); ++i) {
    if (i) out += sep;
    words_to(out, terms[i]);
  }
}

// When it began, and how long after going to bed.
void began_to(std::string& out, const Page& p, const Episode& e, Days night) {
  clock_hm_to(out, minute_of_day(e.onset.local()));
  const auto it = p.night_by_date.find(night);
  if (it == p.night_by_date.end() || !it->second->bed) return;
  const double m = std::chrono::duration<double>(e.onset.utc - it->second->bed->utc).count() / 60.0;
  if (std::abs(m) >= clock::kMinutesPerDay) return;
  out += "<br><span class=\"small\">"sv;
  minutes_words_to(out, std::round(std::abs(m)));
  out += m >= 0 ? " after bed</span>"sv : " before bed</span>"sv;
}

// What was tried and how well it worked (it holds &rarr; on purpose).
void tried_to(std::string& out, const Episode& e) {
  const auto start = out.size();
  if (e.relief) words_to(out, *e.relief);
  if (e.relief_effect) {
    if (out.size() != start) out += " &rarr; "sv;
    out += *e.relief_effect == "full" ? "fully"sv : *e.relief_effect == "partial" ? "partly"sv : "no help"sv;
  }
  if (e.relief_min) {
    out += " ("sv;
    minutes_words_to(out, *e.relief_min);
    out += ')';
  }
}

// Whatever else was noticed, "; " between.
void also_to(std::string& out, const Episode& e) {
  std::string_view sep;
  const auto next = [&] {
    out += sep;
    sep = "; ";
  };
  if (e.muscle_hard && *e.muscle_hard) next(), out += "hard muscle"sv;
  if (e.returned_when_still && *e.returned_when_still) next(), out += "came back when still"sv;
  if (e.signs && !e.signs->empty()) next(), out += "signs: "sv, words_to(out, *e.signs);
}

constexpr std::string_view kRowStart = "<tr><td class=\"n\">";

// One episode's row of the table, unmarked, appended to `o` in place (it is written for
// every episode, so no piece is made as a string of its own).
void episode_row(const Page& p, const Episode& e, std::string& o) {
  const Days night = night_of(e);
  o += kRowStart;
  o += fmt::format_int(e.id).c_str();
  o += "</td><td class=\"nw\">"sv;
  day_short_to(o, night);
  o += "</td><td class=\"nw\">"sv;
  began_to(o, p, e, night);
  o += "</td><td class=\"n\">"sv;
  if (e.duration_min) minutes_words_to(o, *e.duration_min);
  o += "</td><td class=\"n\">"sv;
  if (e.intensity) o += fmt::format_int(*e.intensity).c_str();
  o += "</td><td>"sv;
  auto cell = o.size();  // where a cell's text begins: a separator goes only after some
  if (e.side) html_escape_to(o, *e.side);
  if (e.locations && !e.locations->empty()) {
    if (o.size() != cell) o += ": "sv;
    words_to(o, *e.locations);
  }
  o += "</td><td>"sv;
  cell = o.size();
  if (e.sensations) words_to(o, *e.sensations);
  if (e.onset_speed) {
    if (o.size() != cell) o += "; "sv;
    html_escape_to(o, *e.onset_speed);
  }
  o += "</td><td>"sv;
  if (e.posture) words_to(o, *e.posture);
  o += "</td><td>"sv;
  tried_to(o, e);
  o += "</td><td>"sv;
  also_to(o, e);
  o += "</td><td class=\"note\">"sv;
  if (e.note) html_escape_to(o, *e.note);
  o += "</td></tr>\n"sv;
}

// A row episode_row() wrote, marked when a warning sign lists its episode (the id follows
// kRowStart).
void put_row(Page& p, std::string_view row) {
  std::int64_t id = 0;
  for (std::size_t i = kRowStart.size(); i < row.size() && row[i] >= '0' && row[i] <= '9'; ++i)
    id = id * 10 + (row[i] - '0');
  if (holds(p.flagged, id)) {
    p.out += "<tr class=\"flagged\">"sv;
    row.remove_prefix(4);  // "<tr>"
  }
  put(p, row);
}

constexpr std::string_view kNoNightsSvg =
    R"(<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 720 40" role="img" aria-label="No nights to show">)"
    R"(<text x="8" y="24" font-size="14">No nights to show.</text></svg>)";

}  // namespace

HtmlReport::HtmlReport(const Profile& profile, std::span<const Night> nights, std::optional<date::year_month_day> from,
                       std::optional<date::year_month_day> to)
    : page_(new detail::Page{profile, nights}) {
  Page& p = *page_;
  if (from) p.from = days(*from);
  if (to) p.to = days(*to);
  for (const auto& n : nights) {
    p.night_by_date[days(n.night)] = &n;
    widen(p, days(n.night));
  }
}

HtmlReport::~HtmlReport() = default;

void HtmlReport::count(const Episode& e) {
  Page& p = *page_;
  const Days night = night_of(e);
  widen(p, night);
  count_night(p.per_night, night);
  ++p.episodes;
  keep_mark(p, e, night);
  p.refs.push_back(
      Ref{e.id, static_cast<std::int32_t>(night.time_since_epoch().count()), minute_of_day(e.onset.local())});
  p.relief.add(e);
}

void HtmlReport::begin(const Report& report, std::string_view generated, std::string_view name, Sink sink) {
  Page& p = *page_;
  p.report = &report;
  p.first = first_of(p);
  p.last = last_of(p);
  p.flagged = flagged_of(report);
  std::sort(p.refs.begin(), p.refs.end(), [](const Ref& a, const Ref& b) { return a.id < b.id; });
  p.period = p.first && p.last ? fmt::format("Nights of {} to {}", day_long(*p.first), day_long(*p.last))
                               : std::string("No entries in this period");
  p.generated = generated;
  p.name = name;
  p.sink = std::move(sink);
  put(p, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
  put(p, "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
  put(p, fmt::format("<title>Night-time leg symptoms: diary report, {}</title>\n", esc(p.period)));
  put(p, fmt::format("<style>{}</style>\n</head>\n<body>\n", kCss));
  for (auto section : {header_section, flags_section, medicines_section, patterns_section, nights_section,
                       weeks_section, relief_section, notes_section, episodes_head})
    put(p, section(p));
  p.generated = p.name = {};  // the caller's, read only until here
}

void HtmlReport::add(const Episode& e, const Sink& spill) {
  Page& p = *page_;
  count(e);
  p.row.clear();
  episode_row(p, e, p.row);
  p.row_sizes.push_back(static_cast<std::uint32_t>(p.row.size()));
  spill(p.row);
}

void HtmlReport::rows(const std::function<std::string_view(std::size_t)>& next) {
  Page& p = *page_;
  for (const auto size : p.row_sizes) put_row(p, next(size));
}

void HtmlReport::finish() {
  Page& p = *page_;
  put(p, episodes_tail(p));
  p.out +=
      "<footer>Made by diary from the patient&#39;s own notes, kept on their own computer. It shows patterns and "
      "warning signs; it is not a diagnosis.</footer>\n</body>\n</html>\n";
  p.sink(p.out);
  p.out.clear();
}

std::string HtmlReport::chart_svg(const Report& report) const {
  const Page& p = *page_;
  const auto first = first_of(p), last = last_of(p);
  if (!first || !last) return std::string(kNoNightsSvg);
  const Days start = std::max(*first, *last - date::days{kMaxNights - 1});
  std::string svg = night_chart(start, *last, marks_by_night(p), p.night_by_date, flagged_of(report));
  // Standalone (an <img> source), an SVG document names its namespace.
  if (svg.starts_with("<svg ")) svg.insert(5, R"(xmlns="http://www.w3.org/2000/svg" )");
  return svg;
}

std::string html_report(const Profile& profile, std::span<const Night> nights, std::span<const Episode> episodes,
                        const Report& report, std::optional<date::year_month_day> from,
                        std::optional<date::year_month_day> to, std::string_view generated, std::string_view name) {
  HtmlReport page(profile, nights, from, to);
  std::string rows;
  for (const auto& e : episodes) page.add(e, [&](std::string_view row) { rows += row; });
  std::string h;
  h.reserve(64 * 1024 + rows.size());
  page.begin(report, generated, name, [&](std::string_view piece) { h += piece; });
  std::size_t at = 0;
  page.rows([&](std::size_t size) {
    at += size;
    return std::string_view(rows).substr(at - size, size);
  });
  page.finish();
  return h;
}

std::string nights_chart_svg(std::span<const Night> nights, std::span<const Episode> episodes, const Report& report,
                             std::optional<date::year_month_day> from, std::optional<date::year_month_day> to) {
  const Profile none;
  HtmlReport page(none, nights, from, to);
  for (const auto& e : episodes) page.count(e);
  return page.chart_svg(report);
}

}  // namespace diary::report
