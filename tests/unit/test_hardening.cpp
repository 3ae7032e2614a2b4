// Unit tests for the input gate (diary/text_gate.hpp), the date range in validation, and
// the one writer's target rules (diary/output_file.hpp). See also e2e/test_hardening.cpp.
#include <doctest/doctest.h>

#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "diary/error.hpp"
#include "diary/fields.hpp"
#include "diary/json_io.hpp"
#include "diary/output_file.hpp"
#include "diary/spill_file.hpp"
#include "diary/text_gate.hpp"
#include "scratch_dir.hpp"

using namespace diary;
namespace fs = std::filesystem;

namespace {

std::string refusal(std::string_view field, std::string_view value, std::size_t max,
                    TextKind kind = TextKind::single_line) {
  try {
    check_text(field, value, max, kind);
  } catch (const Error& e) {
    CHECK(e.code() == Errc::bad_input);
    CHECK(e.field() == field);
    return e.what();
  }
  return {};
}

}  // namespace

TEST_CASE("text gate: UTF-8") {
  CHECK(valid_utf8("café ✓ 𝄞"));
  CHECK_FALSE(valid_utf8("caf\xe9"));
  CHECK_FALSE(valid_utf8("\xc0\xaf"));          // overlong '/'
  CHECK_FALSE(valid_utf8("\xed\xa0\x80"));      // a surrogate
  CHECK_FALSE(valid_utf8("\xf4\x90\x80\x80"));  // above U+10FFFF
  CHECK_FALSE(valid_utf8("\xe2\x9c"));          // cut short
  CHECK(refusal("note", "caf\xe9", 10).find("UTF-8") != std::string::npos);
}

TEST_CASE("text gate: control characters, lengths, and how values are shown") {
  CHECK(refusal("side", "le\nft", 64) != "");
  CHECK(refusal("side", "a\x1b[2J", 64) != "");
  CHECK(refusal("side", std::string("a\0b", 3), 64) != "");
  CHECK(refusal("side",
                "a\xc2\x9b"
                "b",
                64) != "");  // C1 CSI
  CHECK(refusal("note", "two\nlines\tand tab", 2000, TextKind::multi_line) == "");
  CHECK(refusal("note", "esc\x1b", 2000, TextKind::multi_line) != "");
  CHECK(refusal("note", std::string(2000, 'n'), 2000) == "");
  CHECK(refusal("note", std::string(2001, 'n'), 2000) != "");
  CHECK(refusal("note", "ééé", 3) == "");  // characters, not bytes
  const std::string huge(2 * 1024 * 1024, 'x');
  CHECK(refusal("note", huge, 2000).size() < 200);
  CHECK(shown("a\x1b\n\"b") == "\"a\\x1b\\n\\\"b\"");
  CHECK(shown(std::string(100, 'y')) == "\"" + std::string(60, 'y') + "...\"");
  CHECK(shown("caf\xe9") == "\"caf\\xe9\"");
  CHECK(without_controls("a\x1b"
                         "b\0c") == "a b");
}

TEST_CASE("validation: the years the diary keeps, and bed and wake within their night") {
  Episode e;
  e.onset.utc = date::sys_days{date::year{1899} / 12 / 31};
  CHECK_THROWS_AS(validate(e), Error);
  e.onset.utc = date::sys_days{date::year{1900} / 1 / 2};
  CHECK_NOTHROW(validate(e));
  e.onset.utc = date::sys_days{date::year{9000} / 1 / 1};
  CHECK_THROWS_AS(validate(e), Error);
  e.note = "caf\xe9";
  e.onset.utc = date::sys_days{date::year{2026} / 1 / 1};
  CHECK_THROWS_AS(validate(e), Error);

  Night n;
  n.night = date::year{2026} / 11 / 20;
  CHECK_NOTHROW(validate(n));
  n.bed = Instant{date::sys_days{date::year{2026} / 11 / 15} + std::chrono::hours{22}};
  CHECK_THROWS_AS(validate(n), Error);
  n.bed = Instant{date::sys_days{date::year{2026} / 11 / 20} + std::chrono::hours{22}};
  n.wake = Instant{date::sys_days{date::year{2026} / 11 / 21} + std::chrono::hours{7}};
  CHECK_NOTHROW(validate(n));
  n.wake = Instant{date::sys_days{date::year{2026} / 11 / 22} + std::chrono::hours{1}};
  CHECK_THROWS_AS(validate(n), Error);
  n.wake.reset();
  n.night = date::year{2099} / 1 / 1;
  n.bed.reset();
  CHECK_THROWS_AS(validate(n), Error);
}

TEST_CASE("json: nesting is bounded before it is built, duplicate keys and a missing format are refused") {
  const auto zone = diary::clock::find_zone("UTC");
  CHECK_THROWS_AS(json_io::parse_diary(std::string(100000, '[') + std::string(100000, ']'), zone), Error);
  CHECK_THROWS_AS(json_io::parse_diary(R"({"format": "diary/1", "format": "diary/1"})", zone), Error);
  CHECK_THROWS_AS(json_io::parse_diary(R"({"episodes": []})", zone), Error);
  CHECK_NOTHROW(json_io::parse_diary(R"({"format": "diary/1", "episodes": []})", zone));
  try {
    json_io::parse_diary(R"({"format": "diary/1", "episodes": [{"onset": "2026-11-20T01:00Z", "intensity": 1e400}]})",
                         zone);
    FAIL("1e400 accepted");
  } catch (const Error& e) { CHECK(e.field() == "intensity"); }
  // The 100 KB onset that overflowed std::regex's stack.
  const std::string onset(100 * 1024, '7');
  CHECK_THROWS_AS(json_io::parse_diary(R"({"format": "diary/1", "episodes": [{"onset": ")" + onset + "\"}]}", zone),
                  Error);
}

TEST_CASE("writer: targets are classified by what they are, and the diary is refused by identity") {
  const diary::test::ScratchDir s;
  const fs::path db = s / "d.db";
  std::ofstream(db) << "diary";
  fs::create_directory(s / "x");
  fs::create_symlink(db, s / "link");
  fs::create_hard_link(db, s / "hard");
  for (const fs::path& p : {db, s / "x" / ".." / "d.db", s / "link", s / "hard", fs::path(db.string() + "-wal"),
                            fs::path(db.string() + "-shm"), s / "x" / ".." / "d.db-wal"}) {
    INFO(p.string());
    CHECK_THROWS_AS(check_output(p.string(), db), Error);
  }
  CHECK(check_output((s / "other.json").string(), db) == OutputKind::file);
  CHECK(check_output("-", db) == OutputKind::standard_output);
  const fs::path fifo = s / "fifo";
  REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
  CHECK(check_output(fifo.string(), db) == OutputKind::stream);
  CHECK_THROWS_AS(check_output(s.path().string(), db), Error);
  // The temporary file: 0600, exclusive, never through a planted link.
  int fd = -1;
  const fs::path tmp = create_temporary(s.path(), "out.json", fd);
  CHECK(fd >= 0);
  struct stat st {};
  REQUIRE(::fstat(fd, &st) == 0);
  CHECK((st.st_mode & 0777) == 0600);
  ::close(fd);
  CHECK(tmp.parent_path() == s.path());
  CHECK(tmp.filename().string().rfind(".out.json.", 0) == 0);
  // Written whole, then published; the old file stays until then.
  write_output((s / "out.json").string(), "whole\n", db);
  std::ifstream in(s / "out.json");
  std::string line;
  std::getline(in, line);
  CHECK(line == "whole");
}

TEST_CASE("spill file: bytes come back in the order written, from memory and then from a file left nowhere") {
  const diary::test::ScratchDir dir("spill");
  const char* before = std::getenv("TMPDIR");
  const std::string saved = before ? before : "";
  ::setenv("TMPDIR", dir.path().c_str(), 1);
  for (const std::size_t in_memory : {std::size_t{0}, std::size_t{1000}, diary::SpillFile::kInMemory}) {
    CAPTURE(in_memory);
    diary::SpillFile spill(in_memory);
    std::string written;
    for (int i = 0; i < 5000; ++i) {  // past stdio's buffer, so that a file is written to
      const auto piece = std::string(static_cast<std::size_t>(i % 97), static_cast<char>('a' + i % 26)) + "\n";
      spill.write(piece);
      written += piece;
    }
    CHECK(spill.on_disk() == (written.size() > in_memory));
    CHECK(std::filesystem::is_empty(dir.path()));  // a file is unlinked at once: nothing to clean up
    std::string back(spill.next(10));
    back += spill.next(990);  // across the end of what memory held, for 1000
    back += spill.next(written.size() - 1000);
    CHECK(back == written);
    CHECK_THROWS_AS(spill.next(1), diary::Error);  // nothing past what was written
  }
  if (before)
    ::setenv("TMPDIR", saved.c_str(), 1);
  else
    ::unsetenv("TMPDIR");
}
