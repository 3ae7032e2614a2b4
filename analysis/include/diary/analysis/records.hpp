#pragma once
// The episodes of a period as the analysis reads them: compact records (masks, terms as
// bytes, the facts read from notes), made one at a time while the store streams rows, so
// that analyze() and the weekly summary never hold the full Episode records of a diary.
#include <cstddef>
#include <memory>
#include <optional>
#include <span>

#include <date/date.h>

#include "diary/analysis/report.hpp"
#include "diary/analysis/summary.hpp"
#include "diary/episode.hpp"
#include "diary/night.hpp"
#include "diary/profile.hpp"

namespace diary::analysis {

namespace detail {
struct RecordsImpl;
}

class Records {
 public:
  // `nights`: the period's night entries, kept by reference (an episode's record refers to
  // its night's entry), so they must outlive the records.
  explicit Records(std::span<const Night> nights);
  ~Records();
  Records(Records&&) noexcept;
  Records& operator=(Records&&) noexcept;

  // Room for `n` records, when the caller knows how many will come.
  void reserve(std::size_t n);
  // Adds one episode; nothing refers to it afterwards, so the caller may reuse it.
  void add(const Episode& episode);
  std::size_t size() const;
  std::span<const Night> nights() const;

  const detail::RecordsImpl& impl() const { return *impl_; }

 private:
  std::unique_ptr<detail::RecordsImpl> impl_;
};

// analyze() over records: the nights are the records' own.
Report analyze(const Profile& profile, const Records& records, std::optional<date::year_month_day> from = {},
               std::optional<date::year_month_day> to = {});

// summarize_week() over records of the diary up to the week's end (nothing later; the nights
// are the records' own), with the full episodes of the week and the week before
// (`two_weeks`: the figures list relief actions in the order they were written).
WeekSummary summarize_week(const Profile& profile, const Records& records, std::span<const Episode> two_weeks,
                           date::year_month_day monday, std::optional<date::year_month_day> last_night = {});

}  // namespace diary::analysis
