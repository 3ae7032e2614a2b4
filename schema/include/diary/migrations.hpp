#pragma once
// The SQL migrations in schema/, embedded at build time.
#include <span>
#include <string_view>

namespace diary {

struct Migration {
  int version;            // becomes PRAGMA user_version once applied
  std::string_view name;  // file name, for messages
  std::string_view sql;
};

// All migrations, ordered by version (1, 2, ...).
std::span<const Migration> migrations() noexcept;

}  // namespace diary
