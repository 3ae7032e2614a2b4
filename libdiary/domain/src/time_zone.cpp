// Reading a TZif file (RFC 8536) the way date/tz's system-tzdb build reads it, so that
// clock::TimeZone answers as date::time_zone would (see time_zone.hpp for why).
#include "diary/time_zone.hpp"

#include <algorithm>
#include <fstream>
#include <iterator>
#include <stdexcept>
#include <string_view>

namespace diary::clock {
namespace {

using std::chrono::minutes;
using std::chrono::seconds;

// date's bounds for "since always" and "for ever".
const date::sys_seconds kMin = date::sys_days{date::year::min() / date::January / 1};
const date::sys_seconds kMax = date::sys_days{date::year::max() / date::December / 31};

constexpr std::size_t kMaxFile = 1 << 20;  // real zone files are a few KiB

class Reader {
 public:
  Reader(std::string_view bytes, const std::string& what) : bytes_(bytes), what_(what) {}

  std::string_view take(std::size_t n) {
    if (n > bytes_.size() - at_) throw std::runtime_error(what_ + " is cut short");
    const auto out = bytes_.substr(at_, n);
    at_ += n;
    return out;
  }
  std::int64_t big_endian(std::size_t n) {  // a signed n-byte big-endian integer (n = 4 or 8)
    std::uint64_t v = 0;
    for (const unsigned char c : take(n)) v = (v << 8) | c;
    if (n == 4) return static_cast<std::int32_t>(static_cast<std::uint32_t>(v));
    return static_cast<std::int64_t>(v);
  }

 private:
  std::string_view bytes_;
  std::size_t at_ = 0;
  const std::string& what_;
};

struct Counts {
  std::int64_t isut, isstd, leap, time, type, chars;
  // Bytes of the data block after the header, with times of `width` bytes.
  std::int64_t block(int width) const {
    return time * width + time + type * 6 + chars + leap * (width + 4) + isstd + isut;
  }
};

Counts header(Reader& in, const std::string& what, char* version) {
  if (in.take(4) != "TZif") throw std::runtime_error(what + " is not a TZif zone file");
  *version = in.take(1)[0];
  in.take(15);
  Counts c{};
  for (std::int64_t* field : {&c.isut, &c.isstd, &c.leap, &c.time, &c.type, &c.chars}) {
    *field = in.big_endian(4);
    if (*field < 0) throw std::runtime_error(what + " has a negative count");
  }
  if (c.type < 1 || c.type > 256) throw std::runtime_error(what + " has no usable time types");
  return c;
}

std::string read_file(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary | std::ios::ate);
  if (!in) throw std::runtime_error("cannot open " + file.string());
  const auto size = static_cast<std::size_t>(std::max<std::streamoff>(in.tellg(), 0));
  if (size > kMaxFile) throw std::runtime_error(file.string() + " is too large for a zone file");
  std::string bytes(size, '\0');
  in.seekg(0);
  in.read(bytes.data(), static_cast<std::streamsize>(size));
  bytes.resize(static_cast<std::size_t>(in.gcount()));
  return bytes;
}

}  // namespace

TimeZone::TimeZone(std::string name, const std::filesystem::path& file) : name_(std::move(name)) {
  const std::string bytes = read_file(file);
  const std::string what = "the zone file " + file.string();
  Reader in(bytes, what);
  char version = 0;
  Counts c = header(in, what, &version);
  int width = 4;
  if (version != '\0') {  // version 2+: skip the 32-bit block for the 64-bit one after it
    in.take(static_cast<std::size_t>(c.block(4)));
    c = header(in, what, &version);
    width = 8;
  }
  std::vector<date::sys_seconds> times;
  for (std::int64_t i = 0; i < c.time; ++i)
    times.push_back(std::max(kMin, date::sys_seconds{seconds{in.big_endian(width)}}));
  const std::string_view indices = in.take(static_cast<std::size_t>(c.time));
  struct Raw {
    std::int64_t offset;
    bool dst;
    unsigned abbrev_at;
  };
  std::vector<Raw> raw;
  for (std::int64_t i = 0; i < c.type; ++i) {
    const auto offset = in.big_endian(4);
    const auto rest = in.take(2);
    raw.push_back({offset, rest[0] != 0, static_cast<unsigned char>(rest[1])});
  }
  const std::string_view chars = in.take(static_cast<std::size_t>(c.chars));
  for (const auto& r : raw) {
    if (r.abbrev_at >= chars.size()) throw std::runtime_error(what + " names an abbreviation it does not have");
    const auto abbrev = chars.substr(r.abbrev_at);
    types_.push_back({seconds{r.offset}, r.dst, std::string(abbrev.substr(0, abbrev.find('\0')))});
  }
  // date starts every zone at the earliest time, in its first standard-time type.
  if (times.empty() || times.front() != kMin) {
    const auto standard = std::find_if(types_.begin(), types_.end(), [](const Type& t) { return !t.dst; });
    const auto first = standard == types_.end() ? 0 : static_cast<std::uint32_t>(standard - types_.begin());
    transitions_.push_back({kMin, first});
  }
  for (std::size_t i = 0; i < times.size(); ++i) {
    const auto type = static_cast<unsigned char>(indices[i]);
    if (type >= types_.size()) throw std::runtime_error(what + " names a time type it does not have");
    transitions_.push_back({times[i], type});
  }
  // A transition to an equal type changes nothing: date drops it, and so do we.
  const auto same = [this](const Transition& a, const Transition& b) {
    const Type &x = types_[a.type], &y = types_[b.type];
    return x.offset == y.offset && x.abbrev == y.abbrev && x.dst == y.dst;
  };
  transitions_.erase(std::unique(transitions_.begin(), transitions_.end(), same), transitions_.end());
}

date::sys_info TimeZone::info_before(Iter next) const {
  date::sys_info r;
  const bool first = next == transitions_.begin();
  const Iter at = first ? next : std::prev(next);
  const Iter after = first ? std::next(next) : next;
  r.begin = first ? kMin : at->at;
  r.end = after != transitions_.end() ? after->at : kMax;
  const Type& t = types_[at->type];
  r.offset = t.offset;
  r.save = t.dst ? minutes{1} : minutes{0};  // date/tz's system build knows only "is DST"
  r.abbrev = t.abbrev;
  return r;
}

date::sys_info TimeZone::get_info(date::sys_seconds t) const {
  return info_before(std::upper_bound(transitions_.begin(), transitions_.end(), t,
                                      [](date::sys_seconds x, const Transition& tr) { return x < tr.at; }));
}

date::local_info TimeZone::get_info(date::local_seconds t) const {
  // The transition after t, judged by each transition's own new offset, then a look at
  // the period before (a repeated hour) or after (a skipped hour), as date does.
  auto tr =
      std::upper_bound(transitions_.begin(), transitions_.end(), t, [this](date::local_seconds x, const Transition& y) {
        return date::sys_seconds{x.time_since_epoch()} - types_[y.type].offset < y.at;
      });
  date::local_info i{};
  i.result = date::local_info::unique;
  i.first = info_before(tr);
  auto utc = date::sys_seconds{(t - i.first.offset).time_since_epoch()};
  if (utc < i.first.begin + date::days{1} && tr != transitions_.begin()) {
    i.second = info_before(--tr);
    utc = date::sys_seconds{(t - i.second.offset).time_since_epoch()};
    if (utc < i.second.end && i.first.end != i.second.end) {
      i.result = date::local_info::ambiguous;
      std::swap(i.first, i.second);
    } else {
      i.second = {};
    }
  } else if (utc >= i.first.end && tr != transitions_.end()) {
    i.second = info_before(++tr);
    utc = date::sys_seconds{(t - i.second.offset).time_since_epoch()};
    if (utc < i.second.begin)
      i.result = date::local_info::nonexistent;
    else
      i.second = {};
  }
  return i;
}

}  // namespace diary::clock
