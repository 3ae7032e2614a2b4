#pragma once
// What every command needs: the global options, the zone, "now", the store (opened on
// first use, so --help and bad arguments never touch the diary), and how to print.
#include <memory>
#include <optional>
#include <string>

#include <date/date.h>

#include "diary/clock.hpp"
#include "diary/store.hpp"

namespace diary::cli {

struct Globals {
  std::optional<std::string> db;
  std::optional<std::string> tz;
  bool verbose = false;
};

class Context {
 public:
  Globals globals;
  // main()'s arguments, for a command that hands over to another program (serve).
  char** argv = nullptr;

  Store& store();
  // The store for a command that only reads: opened read-only, so that a diary its owner
  // made read-only still reads. A missing diary is created, and one that needs an
  // upgrade is opened for writing, as store() does.
  Store& reader();
  // After a failed command that created the diary: closes it and removes it again when it
  // holds nothing, so that bad input leaves no new file behind.
  void forget_new_diary();
  // The diary's file, without opening it (the writer refuses to write over it).
  std::filesystem::path diary_path() const;
  clock::Zone zone();
  date::sys_seconds now();
  // Colour only on a terminal and never with NO_COLOR.
  bool colour() const;
  // Both ends are a terminal: questions can be asked.
  bool interactive() const;

 private:
  std::unique_ptr<Store> store_;
  clock::Zone zone_ = nullptr;
  std::optional<date::sys_seconds> now_;
};

// ANSI styling that disappears when colour is off.
std::string bold(const Context& ctx, std::string_view text);
std::string red(const Context& ctx, std::string_view text);
std::string dim(const Context& ctx, std::string_view text);

}  // namespace diary::cli
