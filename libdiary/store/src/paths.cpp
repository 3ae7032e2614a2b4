#include <cstdlib>

#include "diary/error.hpp"
#include "diary/store.hpp"

namespace diary {

std::filesystem::path default_diary_path(const std::optional<std::string>& db_option) {
  if (db_option && !db_option->empty()) return *db_option;
  if (const char* env = std::getenv("DIARY_DB"); env && *env) return env;
  // The XDG spec: a relative XDG_DATA_HOME is invalid and must be ignored.
  if (const char* xdg = std::getenv("XDG_DATA_HOME"); xdg && *xdg == '/')
    return std::filesystem::path(xdg) / "diary" / "diary.db";
  if (const char* home = std::getenv("HOME"); home && *home)
    return std::filesystem::path(home) / ".local" / "share" / "diary" / "diary.db";
  throw failure("cannot tell where the diary lives: HOME is not set; give --db FILE or set DIARY_DB");
}

}  // namespace diary
