// End to end: the real `diary` binary writes and reads the doctor's exports, and headless
// Chromium prints the report to PDF.
#include <doctest/doctest.h>

#include <sys/stat.h>
#include <sys/wait.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace exports_e2e {

namespace fs = std::filesystem;
using nlohmann::json;

struct Result {
  int code = -1;
  std::string out, err;
};

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string sh_quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) {
    if (c == '\'')
      out += "'\\''";
    else
      out += c;
  }
  return out + "'";
}

// A scratch folder with its own diary; runs the binary there through sh.
class Scratch {
 public:
  Scratch() {
    std::string tmpl = (fs::temp_directory_path() / "diary-exports-XXXXXX").string();
    REQUIRE(::mkdtemp(tmpl.data()) != nullptr);
    dir = tmpl;
  }
  ~Scratch() {
    std::error_code ec;
    fs::remove_all(dir, ec);
  }
  Scratch(const Scratch&) = delete;
  Scratch& operator=(const Scratch&) = delete;

  fs::path dir;

  Result run_command(const std::string& command, const std::string& input = {}) const {
    std::ofstream(dir / "stdin") << input;
    const std::string full =
        fmt::format("cd {} && export NO_COLOR=1 TZ=Europe/Berlin && {{ {} ; }} < stdin > stdout 2> stderr",
                    sh_quote(dir.string()), command);
    const int status = std::system(full.c_str());
    Result r;
    r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    r.out = slurp(dir / "stdout");
    r.err = slurp(dir / "stderr");
    return r;
  }

  Result diary(const std::vector<std::string>& args, const std::string& db = "diary.db",
               const std::string& input = {}) const {
    std::string command = sh_quote(DIARY_BIN) + " --db " + sh_quote(db) + " --tz Europe/Berlin";
    for (const auto& a : args) command += " " + sh_quote(a);
    return run_command(command, input);
  }

  void must(const std::vector<std::string>& args, const std::string& db = "diary.db") const {
    const auto r = diary(args, db);
    INFO("diary ", fmt::format("{}", fmt::join(args, " ")), "\nstderr: ", r.err);
    REQUIRE(r.code == 0);
  }
};

int mode_of(const fs::path& p) {
  struct stat st {};
  REQUIRE(::stat(p.c_str(), &st) == 0);
  return static_cast<int>(st.st_mode & 0777);
}

// Every character a person might type.
const std::vector<std::string> kNotes{
    "comma, and \"quotes\"",
    "two\nlines",
    "<b>bold</b> & 'apostrophes'",
    "ünïcödé ✓ 日本語 🦵",
    "=HYPERLINK(\"x\",\"y\")",
    "+1 then",
    "-minus first",
    "@SUM(A1:A2)",
    "\ttab first",
};

void fill(const Scratch& s) {
  s.must({"profile", "--birth-year", "1951", "--smoking", "former", "--conditions", "diabetes"});
  for (int d = 16; d <= 22; ++d)
    s.must({"night", "--date", fmt::format("2026-11-{}", d), "--bed", fmt::format("2026-11-{}T22:30", d), "--wake",
            fmt::format("2026-11-{}T06:40", d + 1), "--sleep-quality", "3", "--exercise", d % 2 ? "hard" : "light"});
  int i = 0;
  for (const auto& note : kNotes) {
    ++i;
    s.must({"log",
            "--at",
            fmt::format("2026-11-{}T0{}:{:02}", 17 + i % 6, 1 + i % 4, 5 * i),
            "--duration",
            fmt::format("{}m", 2 + i),
            "--intensity",
            std::to_string(i),
            "--where",
            "calf,foot",
            "--side",
            "left",
            "--feel",
            "cramp,knot",
            i % 2 ? "--muscle-hard" : "--no-muscle-hard",
            "--relief",
            "stretch,walk",
            "--relief-effect",
            i % 3 ? "full" : "partial",
            "--relief-min",
            "4",
            "--note=" + note});
  }
}

json episodes_of(const Scratch& s, const std::string& db) {
  const auto r = s.diary({"export", "json"}, db);
  REQUIRE(r.code == 0);
  json eps = json::parse(r.out)["episodes"];
  for (auto& e : eps) {
    e.erase("timezone");  // the CSV carries the offset, not the zone name
    e.erase("uuid");      // nor an identity: an imported row gets a new one
  }
  return eps;
}

// Cells of an RFC 4180 table (CRLF rows), for the checks.
std::vector<std::vector<std::string>> cells_of(const std::string& s) {
  std::vector<std::vector<std::string>> rows(1);
  std::string cell;
  bool quoted = false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (quoted) {
      if (c == '"' && i + 1 < s.size() && s[i + 1] == '"') {
        cell += '"';
        ++i;
      } else if (c == '"')
        quoted = false;
      else
        cell += c;
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      rows.back().push_back(cell);
      cell.clear();
    } else if (c == '\r' && i + 1 < s.size() && s[i + 1] == '\n') {
      rows.back().push_back(cell);
      cell.clear();
      rows.emplace_back();
      ++i;
    } else {
      cell += c;
    }
  }
  rows.pop_back();
  return rows;
}

}  // namespace exports_e2e

using namespace exports_e2e;

TEST_CASE("e2e exports: export csv, then import csv, gives back every episode and every character") {
  Scratch s;
  fill(s);
  const auto r = s.diary({"export", "csv", "-o", "table.csv"});
  REQUIRE(r.code == 0);
  CHECK(mode_of(s.dir / "table.csv") == 0600);
  const std::string table = slurp(s.dir / "table.csv");
  CHECK(table.rfind(
            "night,onset,duration_min,intensity,onset_speed,locations,side,sensations,muscle_hard,posture,"
            "minutes_after_bed,relief,relief_effect,relief_min,returned_when_still,signs,note,relief_medicine,uuid\r\n",
            0) == 0);
  const auto rows = cells_of(table);
  REQUIRE(rows.size() == kNotes.size() + 1);
  for (const auto& row : rows) {
    CHECK(row.size() == 19);
    for (const auto& c : row)
      if (!c.empty()) CHECK(std::string_view("=+-@\t\r").find(c.front()) == std::string_view::npos);
  }
  // Standard output gives the same table.
  CHECK(s.diary({"export", "csv"}).out == table);

  const auto imp = s.diary({"import", "csv", "table.csv"}, "copy.db");
  INFO(imp.err);
  REQUIRE(imp.code == 0);
  CHECK(imp.out.find("Imported 9 episodes") != std::string::npos);
  const json a = episodes_of(s, "diary.db"), b = episodes_of(s, "copy.db");
  CHECK(a == b);
  // Every note is there, character for character.
  std::vector<std::string> notes;
  for (const auto& e : b) notes.push_back(e["note"]);
  for (const auto& n : kNotes) CHECK(std::find(notes.begin(), notes.end(), n) != notes.end());
  // The same file again replaces rather than doubles.
  REQUIRE(s.diary({"import", "csv", "table.csv"}, "copy.db").code == 0);
  CHECK(episodes_of(s, "copy.db").size() == kNotes.size());

  // --from/--to select by night.
  const auto part = s.diary({"export", "csv", "--from", "2026-11-19", "--to", "2026-11-19"});
  REQUIRE(part.code == 0);
  for (const auto& row : cells_of(part.out)) CHECK((row[0] == "night" || row[0] == "2026-11-19"));
}

TEST_CASE("e2e exports: import csv is all or nothing, and the error names the row and column") {
  Scratch s;
  std::ofstream(s.dir / "bad.csv") << "onset,intensity,note\r\n"
                                      "2026-11-20T01:00:00+01:00,3,fine\r\n"
                                      "2026-11-21T01:00:00+01:00,4,\"also, fine\"\r\n"
                                      "2026-11-22T01:00:00+01:00,12,too strong\r\n";
  const auto r = s.diary({"import", "csv", "bad.csv"});
  CHECK(r.code == 2);
  CHECK(r.err.find("row 4, column intensity") != std::string::npos);
  CHECK(r.err.find("12") != std::string::npos);
  CHECK(std::count(r.err.begin(), r.err.end(), '\n') == 1);
  const auto list = s.diary({"list", "--json"});
  REQUIRE(list.code == 0);
  CHECK(json::parse(list.out).empty());

  CHECK(s.diary({"import", "csv", "missing.csv"}).code == 2);
  CHECK(s.diary({"export", "csv", "--from", "2026-13-01"}).code == 2);
  CHECK(s.diary({"export", "csv", "--from", "2026-11-20", "--to", "2026-11-01"}).code == 2);
}

TEST_CASE("e2e exports: summary of a week, of an empty week, and bad input") {
  Scratch s;
  fill(s);
  const auto r = s.diary({"summary", "--week", "2026-11-18", "--json"});
  INFO(r.err);
  REQUIRE(r.code == 0);
  const json j = json::parse(r.out);
  CHECK(j["week"]["from"] == "2026-11-16");
  CHECK(j["week"]["to"] == "2026-11-22");
  CHECK(j["figures"]["episodes"] == 9);
  CHECK(j["figures"]["nights_logged"] == 7);
  CHECK(j["figures"]["median_intensity"] == 5);        // intensities 1 to 9
  CHECK(j["figures"]["total_minutes"] == 9 * 2 + 45);  // 3 to 11 minutes
  CHECK(j["figures"]["longest_minutes"] == 11);
  CHECK(j["figures"]["relief"][0]["tried"] == 9);
  CHECK(j["previous"]["episodes"] == 0);
  CHECK(j["change"]["episodes"] == 9);

  const auto text = s.diary({"summary", "--week", "2026-11-22"});
  REQUIRE(text.code == 0);
  CHECK(text.out.find("WEEKLY SUMMARY") != std::string::npos);
  CHECK(text.out.find("\033[") == std::string::npos);

  const auto empty = s.diary({"summary", "--week", "2030-01-09"});
  CHECK(empty.code == 0);
  CHECK(empty.out.find("Nothing was logged") != std::string::npos);
  CHECK(s.diary({"summary"}).code == 0);  // the last full week, whatever today is

  const auto bad = s.diary({"summary", "--week", "next week"});
  CHECK(bad.code == 2);
  CHECK(bad.err.find("week") != std::string::npos);
  CHECK(std::count(bad.err.begin(), bad.err.end(), '\n') == 1);
}

TEST_CASE("e2e exports: the report is one self-contained page that Chromium prints to PDF") {
  Scratch s;
  fill(s);
  const auto r = s.diary({"export", "report", "-o", "report.html"});
  INFO(r.err);
  REQUIRE(r.code == 0);
  CHECK(mode_of(s.dir / "report.html") == 0600);
  std::string html = slurp(s.dir / "report.html");
  for (auto& c : html) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  for (std::string_view bad : {"http:", "https:", "//", "@import", "url(", "src=", "<script", "<link", "<img"}) {
    CAPTURE(bad);
    CHECK(html.find(bad) == std::string::npos);
  }
  for (std::string_view section :
       {"id=\"red-flags\"", "id=\"patterns\"", "id=\"nights\"", "id=\"weeks\"", "id=\"relief\"", "id=\"episodes\""})
    CHECK(html.find(section) != std::string::npos);
  CHECK(html.find("&lt;b&gt;bold&lt;/b&gt; &amp; &#39;apostrophes&#39;") != std::string::npos);

  // Headless Chromium, installed by scripts/install-deps.sh, with nothing that phones home.
  const auto found = s.run_command("command -v chromium || command -v chromium-browser || command -v google-chrome");
  const std::string browser = found.out.substr(0, found.out.find('\n'));
  REQUIRE_MESSAGE(!browser.empty(), "headless Chromium is needed: run scripts/install-deps.sh");
  const auto pdf = s.run_command(fmt::format(
      "HOME={0} timeout 180 {1} --headless --no-sandbox --disable-gpu --no-first-run --disable-background-networking "
      "--disable-component-update --disable-sync --disable-extensions --user-data-dir={0}/chrome "
      "--no-pdf-header-footer --print-to-pdf={0}/report.pdf file://{0}/report.html",
      sh_quote(s.dir.string()), sh_quote(browser)));
  INFO(pdf.err);
  REQUIRE(fs::exists(s.dir / "report.pdf"));
  const std::string bytes = slurp(s.dir / "report.pdf");
  CHECK(bytes.rfind("%PDF", 0) == 0);
  std::size_t pages = 0;
  for (std::size_t at = bytes.find("/Type /Page"); at != std::string::npos; at = bytes.find("/Type /Page", at + 1))
    if (bytes.compare(at, 12, "/Type /Pages") != 0) ++pages;
  CHECK(pages >= 1);
}

TEST_CASE("e2e exports: export fhir writes a valid Bundle") {
  Scratch s;
  fill(s);
  const auto r = s.diary({"export", "fhir", "-o", "diary.fhir.json"});
  INFO(r.err);
  REQUIRE(r.code == 0);
  CHECK(mode_of(s.dir / "diary.fhir.json") == 0600);
  const json b = json::parse(slurp(s.dir / "diary.fhir.json"));
  CHECK(b["resourceType"] == "Bundle");
  CHECK(b["type"] == "collection");
  REQUIRE(b["entry"].size() == kNotes.size() + 1);
  CHECK(b["entry"][0]["resource"]["resourceType"] == "Patient");
  CHECK_FALSE(b["entry"][0]["resource"].contains("name"));
  std::vector<std::string> notes;
  for (std::size_t i = 1; i < b["entry"].size(); ++i) {
    const auto& o = b["entry"][i]["resource"];
    CHECK(o["resourceType"] == "Observation");
    CHECK(o["id"].get<std::string>().rfind("episode-", 0) == 0);
    notes.push_back(o["note"][0]["text"]);
  }
  for (const auto& n : kNotes) CHECK(std::find(notes.begin(), notes.end(), n) != notes.end());
  // Stable: the same diary gives the same resources (the bundle's timestamp aside).
  const auto again = json::parse(s.diary({"export", "fhir"}).out);
  CHECK(again["entry"] == b["entry"]);
}
