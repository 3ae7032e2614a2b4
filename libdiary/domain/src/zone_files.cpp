// Finding one zone without listing them all: date::locate_zone first builds date's whole
// database (see time_zone.hpp). A command needs one or two zones, so each is read from its
// own file when first asked for and kept until the program ends.
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>
#include <string_view>
#include <system_error>

#include "diary/clock.hpp"
#include "diary/time_zone.hpp"

namespace diary::clock {
namespace {

namespace fs = std::filesystem;

// Where Debian's tzdata keeps the zone files (date's system-tzdb build reads the same).
constexpr std::string_view kZoneDir = "/usr/share/zoneinfo";

// A name date's own database would list: relative, no "." or ".." parts, none of the
// folders and files its walk leaves out (posix/, right/, Factory, the tables).
bool listable(std::string_view name) {
  if (name.empty() || name.size() > 255 || name.front() == '/' || name.back() == '/') return false;
  for (const char c : name) {
    const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '/' ||
                    c == '_' || c == '-' || c == '+';
    if (!ok) return false;
  }
  if (name.find("//") != std::string_view::npos) return false;
  return !name.starts_with("posix") && !name.starts_with("right/") && name != "right" && name != "Factory";
}

struct Zones {
  std::mutex lock;  // the server looks zones up from several threads
  std::map<std::string, std::unique_ptr<TimeZone>, std::less<>> by_name;
};

Zones& zones() {
  static Zones* kept = new Zones;  // never freed: Zone pointers outlive every other static
  return *kept;
}

// The zone named by /etc/localtime (a link into the zone folder), else /etc/timezone, as
// date::current_zone reads them; nullopt when neither names one.
std::optional<std::string> linked_zone_name() {
  std::error_code ec;
  for (const fs::path& target : {fs::canonical("/etc/localtime", ec), fs::read_symlink("/etc/localtime", ec)}) {
    const std::string path = target.string();
    const auto at = path.rfind("zoneinfo/");
    if (at == std::string::npos) continue;
    std::string name = path.substr(at + 9);
    if (listable(name)) return name;
  }
  std::ifstream in("/etc/timezone");
  std::string name;
  if (std::getline(in, name) && listable(name)) return name;
  return std::nullopt;
}

}  // namespace

Zone find_zone(std::string_view name) {
  Zones& all = zones();
  std::lock_guard hold(all.lock);
  if (auto it = all.by_name.find(name); it != all.by_name.end()) return it->second.get();
  const fs::path file = fs::path(kZoneDir) / fs::path(name);
  std::error_code ec;
  if (!listable(name) || !fs::is_regular_file(file, ec))
    throw std::runtime_error("no time zone file for \"" + std::string(name) + "\"");
  auto zone = std::make_unique<TimeZone>(std::string(name), file);
  return all.by_name.emplace(std::string(name), std::move(zone)).first->second.get();
}

Zone system_zone() {
  if (auto name = linked_zone_name()) {
    try {
      return find_zone(*name);
    } catch (const std::exception&) {
      // A link to something that is not a zone file: fall back as if there were none.
    }
  }
  return find_zone("UTC");
}

}  // namespace diary::clock
