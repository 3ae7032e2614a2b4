#include "context.hpp"

#include <unistd.h>

#include <cstdlib>

#include <fmt/format.h>

#include "diary/error.hpp"

namespace diary::cli {

Store& Context::store() {
  if (!store_) store_ = std::make_unique<Store>(default_diary_path(globals.db));
  return *store_;
}

Store& Context::reader() {
  if (store_) return *store_;
  const auto path = diary_path();
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) return store();
  // A diary this user can write (and its folder, for the -wal and -shm) opens as usual;
  // only one that cannot be written opens read-only, so readers never take the immutable
  // fallback while someone writes.
  const auto folder = path.has_parent_path() ? path.parent_path() : std::filesystem::path(".");
  if (::access(path.c_str(), W_OK) == 0 && ::access(folder.c_str(), W_OK) == 0) return store();
  try {
    store_ = std::make_unique<Store>(path, Store::Access::read_only);
  } catch (const Error&) {
    return store();  // an upgrade to make first: the writing open does it, or says why not
  }
  return *store_;
}

void Context::forget_new_diary() {
  if (!store_) return;
  const auto path = store_->path();
  try {
    // Only when empty: another program may have begun to use a diary made meanwhile.
    Store& s = *store_;
    if (s.recent_episode(0) || !s.nights().empty() || !s.medicines().empty() || !s.reminders().empty() ||
        !s.devices().empty() || !(s.profile() == Profile{}))
      return;
  } catch (const Error&) { return; }
  store_.reset();
  std::error_code ec;
  for (const char* tail : {"", "-wal", "-shm"}) std::filesystem::remove(path.string() + tail, ec);
}

std::filesystem::path Context::diary_path() const { return default_diary_path(globals.db); }

clock::Zone Context::zone() {
  if (!zone_) zone_ = clock::resolve_zone(globals.tz);
  return zone_;
}

date::sys_seconds Context::now() {
  if (!now_) now_ = clock::now();
  return *now_;
}

bool Context::colour() const {
  const char* no_colour = std::getenv("NO_COLOR");
  if (no_colour && *no_colour) return false;
  return ::isatty(STDOUT_FILENO) == 1;
}

bool Context::interactive() const { return ::isatty(STDIN_FILENO) == 1 && ::isatty(STDOUT_FILENO) == 1; }

static std::string styled(const Context& ctx, std::string_view code, std::string_view text) {
  if (!ctx.colour()) return std::string(text);
  return fmt::format("\033[{}m{}\033[0m", code, text);
}
std::string bold(const Context& ctx, std::string_view text) { return styled(ctx, "1", text); }
std::string red(const Context& ctx, std::string_view text) { return styled(ctx, "1;31", text); }
std::string dim(const Context& ctx, std::string_view text) { return styled(ctx, "2", text); }

}  // namespace diary::cli
