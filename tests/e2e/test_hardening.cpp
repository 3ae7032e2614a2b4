// End-to-end hardening (issue 15): the one writer (the diary, devices, FIFOs and links as
// targets; hostile names; racing exports), the input gate at every door, the date range,
// the read-only diary, and main's last line of defence. Each case reproduces an attack the
// issue reports. Devices and FIFOs are made in the scratch folder, never the machine's /dev.
#include <doctest/doctest.h>

#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "run_diary.hpp"

using e2e::contains;
using e2e::Options;
using e2e::Result;
using e2e::Sandbox;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

void seed(Sandbox& s) {
  s.ok({"log", "--at", "2026-11-21T02:10", "-i", "6", "--note", "first"});
  s.ok({"log", "--at", "2026-11-22T03:40", "-i", "4", "--where", "calf"});
}

// The diary still opens, is sound and holds its two episodes.
void require_intact(Sandbox& s) {
  CHECK(contains(s.ok({"check"}), "sound"));
  CHECK(s.json({"list", "--json"}).size() == 2);
}

// Names in `folder` other than `keep`: leftovers of a writer.
std::vector<std::string> others(const fs::path& folder, std::initializer_list<std::string> keep) {
  std::vector<std::string> out;
  for (const auto& entry : fs::directory_iterator(folder)) {
    const std::string name = entry.path().filename().string();
    if (std::find(keep.begin(), keep.end(), name) == keep.end()) out.push_back(name);
  }
  return out;
}

}  // namespace

// ---------------------------------------------------------------------------------------
// The one writer

TEST_CASE("e2e hardening: an export never writes over the diary, its -wal or -shm, whatever the spelling") {
  Sandbox s;
  seed(s);
  fs::create_directory(s.root() / "x");
  fs::create_symlink(s.db(), s.root() / "link.db");
  fs::create_hard_link(s.db(), s.root() / "hard.db");
  const std::vector<std::string> targets{
      s.db().string(),
      (s.root() / "x" / ".." / "data" / "." / "diary.db").string(),
      (s.root() / "link.db").string(),
      (s.root() / "hard.db").string(),
      s.db().string() + "-wal",
      s.db().string() + "-shm",
  };
  for (const auto& target : targets) {
    for (const char* what : {"csv", "json", "fhir", "report"}) {
      INFO("export " << what << " -o " << target);
      const Result r = s.run({"export", what, "-o", target});
      CHECK(r.code == 2);
      CHECK(contains(r.err, "the diary itself"));
      CHECK_FALSE(contains(r.err + r.out, "Wrote"));
    }
    const Result b = s.run({"backup", target});
    CHECK(b.code == 2);
    require_intact(s);
  }
  // Relative spellings from another working folder.
  const Result r =
      s.run({"--db", s.db().string(), "export", "json", "-o", (fs::relative(s.db(), fs::current_path())).string()});
  CHECK(r.code == 2);
  require_intact(s);
}

TEST_CASE("e2e hardening: a FIFO is written into, never replaced") {
  Sandbox s;
  seed(s);
  const fs::path fifo = s.root() / "pipe";
  REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
  std::string received;
  std::thread reader([&] {
    std::ifstream in(fifo, std::ios::binary);
    received.assign(std::istreambuf_iterator<char>(in), {});
  });
  const Result r = s.run({"export", "json", "-o", fifo.string()});
  reader.join();
  INFO("stderr: " << r.err);
  CHECK(r.code == 0);
  CHECK(json::parse(received)["episodes"].size() == 2);
  CHECK(fs::is_fifo(fs::symlink_status(fifo)));
  CHECK(others(s.root(), {"pipe", "data", "home", "io"}).empty());
}

TEST_CASE("e2e hardening: a character device made in the scratch folder is written into, never replaced") {
  Sandbox s;
  seed(s);
  const fs::path dev = s.root() / "null";
  // The same device as /dev/null (1, 3), created here: the machine's /dev is never touched.
  if (::mknod(dev.c_str(), S_IFCHR | 0600, makedev(1, 3)) != 0) {
    MESSAGE("mknod not permitted here (not root, or no CAP_MKNOD): skipped");
    return;
  }
  for (const char* what : {"csv", "json", "report"}) {
    const Result r = s.run({"export", what, "-o", dev.string()});
    INFO("stderr: " << r.err);
    CHECK(r.code == 0);
    CHECK(fs::is_character_file(fs::symlink_status(dev)));
  }
  s.ok({"remind", "add", "--at", "07:30"});
  CHECK(s.run({"remind", "ics", "-o", dev.string()}).code == 0);
  CHECK(fs::is_character_file(fs::symlink_status(dev)));
  // A backup is a SQLite file: it cannot go to a device, and says so.
  const Result b = s.run({"backup", dev.string()});
  CHECK(b.code == 2);
  CHECK(fs::is_character_file(fs::symlink_status(dev)));
  CHECK(others(s.root(), {"null", "data", "home", "io"}).empty());
}

TEST_CASE("e2e hardening: a folder or a block device as the target is refused plainly") {
  Sandbox s;
  seed(s);
  const Result r = s.run({"export", "json", "-o", s.root().string()});
  CHECK(r.code == 2);
  CHECK(contains(r.err, "folder"));
  const fs::path blk = s.root() / "blk";
  if (::mknod(blk.c_str(), S_IFBLK | 0600, makedev(7, 200)) == 0) {
    const Result b = s.run({"export", "csv", "-o", blk.string()});
    CHECK(b.code == 2);
    CHECK(fs::is_block_file(fs::symlink_status(blk)));
  }
  // `import json DIR` says the path is a folder.
  const Result i = s.run({"import", "json", s.root().string()});
  CHECK(i.code == 2);
  CHECK(contains(i.err, "is a folder"));
}

TEST_CASE("e2e hardening: hostile symlinks at the old temporary names are never followed") {
  Sandbox s;
  seed(s);
  const fs::path victim = s.root() / "victim";
  e2e::write_file(victim, "precious\n");
  const fs::path out = s.root() / "out" / "export.json";
  fs::create_directories(out.parent_path());
  fs::create_symlink(victim, out.string() + ".tmp-diary");
  fs::create_symlink(victim, out.parent_path() / ".export.json.tmp");
  s.ok({"export", "json", "-o", out.string()});
  CHECK(e2e::read_file(victim) == "precious\n");
  CHECK(e2e::mode_of(out) == 0600);
  CHECK(json::parse(e2e::read_file(out))["episodes"].size() == 2);
  // Nothing left behind beside the export but the planted links.
  CHECK(others(out.parent_path(), {"export.json", "export.json.tmp-diary", ".export.json.tmp"}).empty());
  // A symlink at the target itself: the link is replaced, its target is left alone.
  const fs::path linked = s.root() / "out" / "linked.csv";
  fs::create_symlink(victim, linked);
  s.ok({"export", "csv", "-o", linked.string()});
  CHECK(e2e::read_file(victim) == "precious\n");
  CHECK_FALSE(fs::is_symlink(linked));
}

TEST_CASE("e2e hardening: racing exports to one path leave one of them whole") {
  Sandbox s;
  seed(s);
  std::string big = R"({"format": "diary/1", "episodes": [)";
  for (int i = 0; i < 3000; ++i)
    big += fmt::format(R"({}{{"onset": "2025-{:02}-{:02}T{:02}:{:02}:00Z", "note": "race {}"}})", i ? "," : "",
                       1 + i % 12, 1 + i % 28, i % 24, i % 60, i);
  big += "]}";
  s.ok({"import", "json", s.file("big.json", big).string()});
  const std::string json_whole = s.ok({"export", "json"});
  const std::string csv_whole = s.ok({"export", "csv"});
  const fs::path out = s.root() / "shared" / "out";
  fs::create_directories(out.parent_path());
  for (int round = 0; round < 3; ++round) {
    std::vector<e2e::Child> children;
    for (int i = 0; i < 6; ++i) children.push_back(s.start({"export", i % 2 ? "csv" : "json", "-o", out.string()}));
    for (const auto& c : children) {
      const Result r = s.wait(c);
      INFO("stderr: " << r.err);
      CHECK(r.code == 0);
      CHECK(contains(r.err, "Wrote"));
    }
    const std::string final_text = e2e::read_file(out);
    CHECK((final_text == json_whole || final_text == csv_whole));
    CHECK(others(out.parent_path(), {"out"}).empty());
  }
}

// ---------------------------------------------------------------------------------------
// The input gate

TEST_CASE("e2e hardening: text that is not UTF-8 is refused at every door, naming the field") {
  Sandbox s;
  seed(s);
  const std::string latin1 = "caf\xe9";
  const auto refused = [&](const std::vector<std::string>& args, const std::string& field) {
    const Result r = s.run(args);
    INFO("diary " << Sandbox::joined(args) << "\nstderr: " << r.err);
    CHECK(r.code == 2);
    CHECK(contains(r.err, field));
    CHECK(contains(r.err, "UTF-8"));
    CHECK(e2e::count_lines(r.err) == 1);
  };
  refused({"log", "--at", "2026-11-22T01:00", "--note", latin1}, "note");
  refused({"log", "--at", "2026-11-22T01:00", "--where", latin1}, "locations");
  refused({"night", "--date", "2026-11-20", "--note", latin1}, "note");
  refused({"night", "--date", "2026-11-20", "--new-medication", latin1}, "new_medication");
  refused({"edit", "1", "--note", latin1}, "note");
  refused({"import", "csv", s.file("latin1.csv", "onset,note\r\n2026-11-20T01:00,caf\xe9\r\n").string()}, "note");
  const Result j = s.run({"import", "json",
                          s.file("latin1.json",
                                 "{\"format\": \"diary/1\", \"episodes\": "
                                 "[{\"onset\": \"2026-11-20T01:00\", \"note\": \"caf\xe9\"}]}")
                              .string()});
  CHECK(j.code == 2);
  // Nothing got in: every rendering still works and check agrees.
  require_intact(s);
  s.ok({"export", "json"});
  s.ok({"export", "fhir"});
}

TEST_CASE("e2e hardening: control characters are refused in one-line fields, a note's newline is kept and escaped") {
  Sandbox s;
  seed(s);
  // (A NUL cannot pass through argv; the CSV and JSON doors are tested for it in the fuzz corpus.)
  for (const std::string bad : {std::string("a\x1b[31mred"), std::string("a\nb"), std::string("a\x7f")}) {
    const Result r = s.run({"night", "--date", "2026-11-20", "--new-medication", bad});
    INFO("stderr: " << r.err);
    CHECK(r.code == 2);
    CHECK(e2e::count_lines(r.err) == 1);
    CHECK_FALSE(contains(r.err, "\x1b"));
  }
  const Result esc = s.run({"log", "--at", "2026-11-22T01:00", "--note", "a\x1b[2Jb"});
  CHECK(esc.code == 2);
  CHECK(e2e::count_lines(esc.err) == 1);
  s.ok({"log", "--at", "2026-11-22T01:00", "--note", "line one\nline two\ttab"});
  const std::string csv = s.ok({"export", "csv"});
  CHECK(contains(csv, "\"line one\nline two\ttab\""));
  CHECK(s.json({"list", "--json"})[1]["note"] == "line one\nline two\ttab");
  CHECK_FALSE(contains(s.ok({"list"}), "\x1b"));
}

TEST_CASE("e2e hardening: lengths are bounded and a huge bad value is never echoed whole") {
  Sandbox s;
  seed(s);
  const std::string huge(2 * 1024 * 1024, 'x');
  const std::string long_arg(120 * 1024, 'x');  // near the kernel's limit for one argument
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"log", "--at", "2026-11-22T01:00", "--note", std::string(2001, 'n')},
        std::vector<std::string>{"log", "--at", "2026-11-22T01:00", "--posture", std::string(65, 's')},
        std::vector<std::string>{"log", "--at", long_arg}, std::vector<std::string>{"log", "--note", long_arg}}) {
    const Result r = s.run(args);
    CHECK(r.code == 2);
    CHECK(e2e::count_lines(r.err) == 1);
    CHECK(r.err.size() < 600);
  }
  s.ok({"log", "--at", "2026-11-22T01:00", "--note", std::string(2000, 'n')});
  // Every sensation at once is a long cell, and still goes out and back in through CSV.
  s.ok({"log", "--at", "2026-11-22T02:00", "--feel",
        "cramp,knot,tightness,sharp,stabbing,shooting,electric,burning,aching,deep_ache,throbbing,heaviness,"
        "stiffness,soreness,urge_to_move,crawling,creeping,pulling,fizzing,itching,tingling,pins_and_needles,"
        "numbness,coldness,other"});
  const fs::path table = s.root() / "table.csv";
  s.ok({"export", "csv", "-o", table.string()});
  s.ok({"import", "csv", table.string()});
  const std::string doc = "{\"format\": \"diary/1\", \"episodes\": [{\"onset\": \"" + huge + "\"}]}";
  const Result j = s.run({"import", "json", s.file("huge.json", doc).string()});
  CHECK(j.code == 2);
  CHECK(j.err.size() < 600);
}

TEST_CASE("e2e hardening: hostile JSON: deep nesting, long strings, duplicate keys, no format, 1e400") {
  Sandbox s;
  seed(s);
  const auto import = [&](const std::string& name, const std::string& text) {
    const Result r = s.run({"import", "json", s.file(name, text).string()});
    INFO(name << " stderr: " << r.err);
    CHECK(r.code == 2);
    CHECK(e2e::count_lines(r.err) == 1);
    return r.err;
  };
  import("deep.json", std::string(60000, '[') + std::string(60000, ']'));
  import("deep_obj.json",
         "{\"format\": \"diary/1\", \"profile\": " + std::string(100, '[') + std::string(100, ']') + "}");
  const std::string long_onset(100 * 1024, '1');
  import("onset.json", "{\"format\": \"diary/1\", \"episodes\": [{\"onset\": \"" + long_onset + "\"}]}");
  import("bed.json", "{\"format\": \"diary/1\", \"nights\": [{\"night\": \"2026-11-20\", \"bed\": \"2026-11-20T" +
                         std::string(100 * 1024, '2') + "\"}]}");
  CHECK(contains(
      import("dup.json",
             R"({"format": "diary/1", "episodes": [{"onset": "2026-11-20T01:00", "note": "a", "note": "b"}]})"),
      "note"));
  CHECK(contains(import("noformat.json", R"({"episodes": [{"onset": "2026-11-20T01:00"}]})"), "format"));
  CHECK(contains(import("big.json",
                        R"({"format": "diary/1", "episodes": [{"onset": "2026-11-20T01:00", "duration_min": 1e400}]})"),
                 "duration_min"));
  CHECK(contains(import("form.json", R"({"format": "diary/1", "episodes": [{"onset": "02:10"}]})"), "RFC 3339"));
  CHECK(contains(
      import(
          "zone.json",
          R"({"format": "diary/1", "episodes": [{"onset": "2026-11-20T01:00:00+05:00", "timezone": "Europe/Berlin"}]})"),
      "timezone"));
  require_intact(s);
}

TEST_CASE("e2e hardening: dates the diary cannot read back are refused, bed and wake belong to their night") {
  Sandbox s;
  seed(s);
  const auto refused = [&](const std::vector<std::string>& args, const std::string& field) {
    const Result r = s.run(args);
    INFO("diary " << Sandbox::joined(args) << "\nstderr: " << r.err);
    CHECK(r.code == 2);
    CHECK(contains(r.err, field));
  };
  refused({"log", "--at", "0000-01-01T00:00"}, "onset");
  refused({"log", "--at", "1899-12-31T23:00"}, "onset");
  refused({"night", "--date", "9999-12-31"}, "night");
  refused({"night", "--date", "2099-01-01"}, "night");
  refused({"night", "--date", "1800-01-01"}, "night");
  refused({"night", "--date", "2026-11-20", "--bed", "2026-11-15T22:00"}, "bed");
  refused({"night", "--date", "2026-11-20", "--wake", "2026-11-25T07:00"}, "wake");
  // A wake before the bedtime names both times.
  refused({"night", "--date", "2026-11-20", "--bed", "23:00", "--wake", "22:00"}, "wake time 2026-11-20 22:00");
  const Result j =
      s.run({"import", "json",
             s.file("far.json", R"({"format": "diary/1", "episodes": [{"onset": "8999-01-01T01:00:00Z"}]})").string()});
  CHECK(j.code == 2);
  // What is in range still goes in, and analyze's period stays sane.
  s.ok({"night", "--date", "2026-11-20", "--bed", "2026-11-20T22:30", "--wake", "2026-11-21T07:00"});
  s.ok({"log", "--at", "1900-06-01T03:00"});
  CHECK(s.json({"list", "--json"}).size() == 3);
}

// ---------------------------------------------------------------------------------------
// Messages

TEST_CASE("e2e hardening: messages name the field and the value as given") {
  Sandbox s;
  seed(s);
  const Result big_id = s.run({"edit", "99999999999999999999", "--note", "x"});
  CHECK(big_id.code == 2);
  CHECK(contains(big_id.err, "99999999999999999999"));
  const Result both = s.run({"edit", "1", "--clear", "note", "--note", "x"});
  CHECK(both.code == 2);
  CHECK(contains(both.err, "clear"));
  // Term starts: a unique one is read and said; a shared one is refused naming the terms.
  const Result l = s.run({"log", "--at", "2026-11-22T01:00", "--posture", "l"});
  CHECK(l.code == 0);
  CHECK(contains(l.err, "legs_elevated"));
  const Result st = s.run({"log", "--at", "2026-11-22T01:00", "--posture", "s"});
  CHECK(st.code == 2);
  CHECK(contains(st.err, "sitting"));
  const Result rel = s.run({"log", "--at", "2026-11-22T01:00", "--relief", "s"});
  CHECK(rel.code == 2);
  CHECK(contains(rel.err, "stretch"));
}

TEST_CASE("e2e hardening: a relative XDG_DATA_HOME is ignored") {
  Sandbox s;
  Options o;
  o.env["DIARY_DB"] = "";
  o.env["XDG_DATA_HOME"] = "relative/data";
  const Result r = s.run({"log", "--at", "2026-11-22T01:00"}, o);
  CHECK(r.code == 0);
  CHECK_FALSE(fs::exists(fs::current_path() / "relative"));
  CHECK(fs::exists(s.root() / "home" / ".local" / "share" / "diary" / "diary.db"));
}

// ---------------------------------------------------------------------------------------
// A read-only diary

TEST_CASE("e2e hardening: a diary that cannot be written is still read by the reading commands") {
  Sandbox s;
  seed(s);
  const uid_t nobody = 65534;
  const fs::path folder = s.db().parent_path();
  for (const auto& p : {s.root(), s.root() / "home", s.root() / "io", folder})
    REQUIRE(::chown(p.c_str(), nobody, nobody) == 0);
  for (const auto& entry : fs::directory_iterator(folder)) REQUIRE(::chown(entry.path().c_str(), nobody, nobody) == 0);
  Options o;
  o.uid = nobody;
  o.env["HOME"] = (s.root() / "home").string();
  const auto reads = [&](const char* when) {
    INFO(when);
    for (const std::vector<std::string>& args : {std::vector<std::string>{"list"},
                                                 {"analyze"},
                                                 {"summary"},
                                                 {"check"},
                                                 {"export", "json"},
                                                 {"export", "csv"},
                                                 {"export", "fhir"},
                                                 {"export", "report"}}) {
      const Result r = s.run(args, o);
      INFO("diary " << Sandbox::joined(args) << "\nstderr: " << r.err);
      CHECK(r.code == 0);
    }
    CHECK(s.run({"list", "--json"}, o).out.find("first") != std::string::npos);
    const Result w = s.run({"log", "--at", "2026-11-22T01:00"}, o);
    CHECK(w.code == 1);
    CHECK(e2e::count_lines(w.err) == 1);
  };
  SUBCASE("file 0400") {
    REQUIRE(::chmod(s.db().c_str(), 0400) == 0);
    reads("file 0400");
  }
  SUBCASE("read-only folder, WAL files gone") {
    for (const char* suffix : {"-wal", "-shm"}) fs::remove(s.db().string() + suffix);
    REQUIRE(::chmod(folder.c_str(), 0500) == 0);
    reads("folder 0500");
  }
  SUBCASE("read-only folder, a -wal left") {
    fs::remove(s.db().string() + "-shm");
    REQUIRE(::chmod(folder.c_str(), 0500) == 0);
    reads("folder 0500 with -wal");
  }
  ::chmod(folder.c_str(), 0700);
}

// ---------------------------------------------------------------------------------------
// main's last line of defence

TEST_CASE("e2e hardening: running out of memory is one line and exit 1, never 'terminate called'") {
  if (std::getenv("ASAN_OPTIONS")) {
    MESSAGE("sanitizer build: an address-space limit would stop the sanitizer itself; skipped");
    return;
  }
  Sandbox s;
  seed(s);
  // One 60 MB note: read, then parsed, it needs more than the 100 MB the child may have.
  const std::string big = R"({"format": "diary/1", "episodes": [{"onset": "2026-11-20T01:00", "note": ")" +
                          std::string(60'000'000, 'x') + R"("}]})";
  Options o;
  o.address_space_limit = 100 * 1024 * 1024;
  const Result r = s.run({"import", "json", s.file("big.json", big).string()}, o);
  INFO("stderr: " << r.err);
  CHECK(r.code == 1);
  CHECK(e2e::count_lines(r.err) == 1);
  CHECK_FALSE(contains(r.err, "terminate"));
  require_intact(s);
}
