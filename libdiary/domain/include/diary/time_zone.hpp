#pragma once
// One IANA time zone read from its own TZif file, answering with date/tz's types
// (date::sys_info, date::local_info) exactly as date::time_zone does on a system tzdb.
//
// Why not date::time_zone: in Debian's build (USE_OS_TZDB) reading any one zone first
// builds date's whole database, walking all of /usr/share/zoneinfo (about 700 stat calls,
// 3 ms, a third of what a `diary log` costs beyond its insert). This class reads the one
// file it is given. Its answers are date's: the same transitions, the same "before the
// first transition" rule, the same merging of transitions that change nothing, and the same
// local-time lookup (unique, nonexistent, ambiguous); a unit test compares every zone.
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <string>
#include <type_traits>
#include <vector>

#include <date/date.h>
#include <date/tz.h>

namespace diary::clock {

class TimeZone {
 public:
  // Reads `file` (a TZif file, version 1 to 4) as the zone `name`; throws
  // std::runtime_error when it cannot be read or is not a zone file.
  TimeZone(std::string name, const std::filesystem::path& file);

  const std::string& name() const noexcept { return name_; }

  date::sys_info get_info(date::sys_seconds t) const;
  date::local_info get_info(date::local_seconds t) const;

  template <class Duration>
  date::sys_info get_info(date::sys_time<Duration> t) const {
    return get_info(date::floor<std::chrono::seconds>(t));
  }
  template <class Duration>
  date::local_info get_info(date::local_time<Duration> t) const {
    return get_info(date::floor<std::chrono::seconds>(t));
  }

  template <class Duration>
  date::local_time<std::common_type_t<Duration, std::chrono::seconds>> to_local(date::sys_time<Duration> t) const {
    using D = std::common_type_t<Duration, std::chrono::seconds>;
    return date::local_time<D>{(t + get_info(t).offset).time_since_epoch()};
  }

  // As date::time_zone::to_sys with date::choose: a time in a gap maps to the gap's
  // start; a repeated time to its earliest or latest instant.
  template <class Duration>
  date::sys_time<std::common_type_t<Duration, std::chrono::seconds>> to_sys(date::local_time<Duration> t,
                                                                            date::choose z) const {
    using D = std::common_type_t<Duration, std::chrono::seconds>;
    const auto i = get_info(t);
    if (i.result == date::local_info::nonexistent) return date::sys_time<D>{i.first.end};
    const auto& pick = (i.result == date::local_info::ambiguous && z == date::choose::latest) ? i.second : i.first;
    return date::sys_time<D>{t.time_since_epoch()} - pick.offset;
  }

  // As date::time_zone::to_sys without a choice: throws for a time in a gap or a repeat.
  template <class Duration>
  date::sys_time<std::common_type_t<Duration, std::chrono::seconds>> to_sys(date::local_time<Duration> t) const {
    using D = std::common_type_t<Duration, std::chrono::seconds>;
    const auto i = get_info(t);
    if (i.result == date::local_info::nonexistent) throw date::nonexistent_local_time(t, i);
    if (i.result == date::local_info::ambiguous) throw date::ambiguous_local_time(t, i);
    return date::sys_time<D>{t.time_since_epoch()} - i.first.offset;
  }

 private:
  struct Type {
    std::chrono::seconds offset;
    bool dst = false;
    std::string abbrev;
  };
  struct Transition {
    date::sys_seconds at;
    std::uint32_t type = 0;  // index into types_
  };
  using Iter = std::vector<Transition>::const_iterator;

  date::sys_info info_before(Iter next) const;

  std::string name_;
  std::vector<Type> types_;
  std::vector<Transition> transitions_;  // never empty: the first starts at the earliest time
};

}  // namespace diary::clock
