#include "diary/app/reports.hpp"

#include <functional>
#include <vector>

#include <fmt/format.h>

#include "diary/analysis/analyze.hpp"
#include "diary/analysis/records.hpp"
#include "diary/app/emergency.hpp"
#include "diary/error.hpp"
#include "diary/fhir.hpp"
#include "diary/json_io.hpp"
#include "diary/report/html_report.hpp"
#include "diary/spill_file.hpp"
#include "relay.hpp"

namespace diary::app {

Period period(std::optional<date::year_month_day> from, std::optional<date::year_month_day> to) {
  if (from && to && *from > *to)
    throw bad_input("to", clock::format_day(*to),
                    fmt::format("to: {} comes before --from {}", clock::format_day(*to), clock::format_day(*from)));
  return {from, to};
}

Diary load(Store& store, const Period& p) {
  auto tx = store.read();
  // The analysis names the emergency number in its warnings, so it reads the profile with it.
  Diary d{with_emergency_number(store.profile()), store.nights(p.from, p.to), store.episodes(p.from, p.to)};
  tx.commit();
  return d;
}

namespace {

enum class Read { brief, whole };

constexpr std::size_t kHelperFrom = 6000;  // episodes in a period read with a helper thread

// The period's episodes streamed into compact records, in the caller's transaction: each
// is read (with only the columns the analysis uses, unless `read` asks for the whole
// episode) and let go, so an analysis of any length of diary holds only the records. A
// helper thread makes each record, and does `also` with its episode, while this one reads
// the next.
analysis::Records stream_records(Store& store, Period p, std::span<const Night> nights,
                                 const std::function<void(const Episode&)>& also = {}, Read read = Read::brief) {
  // A period ending on or after the last episode's night (the usual one) leaves nothing
  // out: read it unbounded, as SQLite would test each row's night through date().
  if (p.to)
    if (const auto last = store.last_episode_night(); !last || *last <= *p.to) p.to.reset();
  analysis::Records records(nights);
  const auto count = store.count_episodes(p.from, p.to);
  records.reserve(count);
  // A short period is read on this thread alone: a helper's start and wake-ups cost more
  // than it saves (analyze measured 20% slower at 2,000 episodes, even at 6,000, 10% faster
  // at 20,000).
  const bool helper = count >= kHelperFrom && detail::several_cores();
  detail::Relay<Episode> relay(
      [&](const Episode& e) {
        records.add(e);
        if (also) also(e);
      },
      256, 4, helper);
  if (read == Read::whole)
    store.for_each_episode(p.from, p.to, [&](Episode& e, const Instant*) { relay.swap_in(e); });
  else
    store.for_each_episode_brief(p.from, p.to, [&](Episode& e) { relay.swap_in(e); });
  relay.finish();
  return records;
}

}  // namespace

analysis::Report analyze(Store& store, const Period& p) {
  auto tx = store.read();
  // The analysis names the emergency number in its warnings, so it reads the profile with it.
  const Profile profile = with_emergency_number(store.profile());
  const auto nights = store.nights_brief(p.from, p.to);
  const auto records = stream_records(store, p, nights);
  tx.commit();
  return analysis::analyze(profile, records, p.from, p.to);
}

analysis::WeekSummary weekly_summary(Store& store, date::year_month_day week,
                                     std::optional<date::year_month_day> last_night) {
  const auto monday = analysis::week_of(week);
  const auto sunday = date::year_month_day{date::sys_days{monday} + date::days{6}};
  // The figures need the full records of this week and the one before only.
  const auto first = date::sys_days{monday} - date::days{7};
  auto tx = store.read();
  const Profile profile = with_emergency_number(store.profile());
  const auto nights = store.nights_brief(std::nullopt, sunday);
  const auto records = stream_records(store, {std::nullopt, sunday}, nights);
  const auto two_weeks = store.episodes(date::year_month_day{first}, sunday);
  tx.commit();
  return analysis::summarize_week(profile, records, two_weeks, monday, last_night);
}

date::year_month_day last_night(date::sys_seconds now, clock::Zone zone) {
  return clock::night_of(clock::in_zone(now, zone));
}

date::year_month_day default_summary_week(date::sys_seconds now, clock::Zone zone) {
  return analysis::week_of(last_night(now, zone));
}

void write_html_report(Store& store, const Period& p, date::sys_seconds now, clock::Zone zone, std::string_view name,
                       const std::function<void(std::string_view)>& sink) {
  auto tx = store.read();
  // The analysis names the emergency number in its warnings, so it reads the profile with it.
  const Profile profile = with_emergency_number(store.profile());
  const auto nights = store.nights_brief(p.from, p.to);
  report::HtmlReport page(profile, nights, p.from, p.to);
  // One read of the episodes, whole: the analysis's records are made from them and their
  // rows wait in a spill, since the page shows the analysis above them.
  SpillFile spill;
  const auto keep = [&](std::string_view row) { spill.write(row); };
  const auto records = stream_records(
      store, p, nights, [&](const Episode& e) { page.add(e, keep); }, Read::whole);
  tx.commit();
  const auto report = analysis::analyze(profile, records, p.from, p.to);
  page.begin(report, date::format("%d %b %Y %H:%M", clock::in_zone(now, zone).local()), name, sink);
  page.rows([&](std::size_t size) { return spill.next(size); });
  page.finish();
}

std::string html_report(Store& store, const Period& p, date::sys_seconds now, clock::Zone zone, std::string_view name) {
  std::string text;
  write_html_report(store, p, now, zone, name, [&](std::string_view piece) { text += piece; });
  return text;
}

std::string nights_chart(Store& store, const Period& p) {
  auto tx = store.read();
  const Profile profile = with_emergency_number(store.profile());
  const auto nights = store.nights_brief(p.from, p.to);
  report::HtmlReport page(profile, nights, p.from, p.to);
  const auto records = stream_records(store, p, nights, [&](const Episode& e) { page.count(e); });
  tx.commit();
  return page.chart_svg(analysis::analyze(profile, records, p.from, p.to));
}

void write_fhir_bundle(Store& store, const Period& p, date::sys_seconds now,
                       const std::function<void(std::string_view)>& sink) {
  auto tx = store.read();
  Profile profile = store.profile();
  // A period's bundle holds the medicines taken during it (a day unknown counts as open).
  std::erase_if(profile.medicines, [&](const Medicine& m) {
    return (p.to && m.since && *m.since > *p.to) || (p.from && m.stopped && *m.stopped < *p.from);
  });
  fhir::BundleWriter out(std::move(profile), now, sink);
  store.for_each_episode(p.from, p.to, [&](const Episode& episode, const Instant*) { out.episode(episode); });
  out.finish();
}

std::string fhir_bundle(Store& store, const Period& p, date::sys_seconds now) {
  std::string text;
  write_fhir_bundle(store, p, now, [&](std::string_view piece) { text += piece; });
  return text;
}

void write_diary_json(Store& store, const std::function<void(std::string_view)>& sink) {
  auto tx = store.read();
  json_io::DiaryWriter out(sink);
  out.profile(store.profile());
  out.begin_list("nights");
  store.for_each_night(std::nullopt, std::nullopt, [&](const Night& night) { out.item(night); });
  out.end_list();
  out.begin_list("episodes");
  store.for_each_episode(std::nullopt, std::nullopt,
                         [&](const Episode& episode, const Instant*) { out.item(episode); });
  out.end_list();
  // Only when there are any: a diary without named medicines exports as it always did.
  if (const auto medicines = store.medicines(); !medicines.empty()) {
    out.begin_list("medicines");
    for (const auto& m : medicines) out.item(m);
    out.end_list();
  }
  out.finish();
}

std::string diary_json(Store& store) {
  std::string text;
  write_diary_json(store, [&](std::string_view piece) { text += piece; });
  return text;
}

}  // namespace diary::app
