// End-to-end tests of what a mistyped command gets back (one line with a hint, exit 2),
// of bare `diary`, and of the bash completion generated from the command table, run in
// bash as bash-completion would call it.
#include <doctest/doctest.h>

#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>

#include "run_diary.hpp"

using e2e::contains;
using e2e::Result;
using e2e::Sandbox;

namespace {

struct Typo {
  std::vector<std::string> args;
  std::vector<std::string> hint;  // each must be in the one line
};

bool have_bash() { return ::access("/bin/bash", X_OK) == 0; }

// COMPREPLY for the words of `line` (the cursor after the last one; a trailing space
// starts an empty word), from the generated script sourced in a fresh bash, as
// bash-completion calls the function.
std::vector<std::string> complete(Sandbox& s, const std::string& script, const std::string& line) {
  const auto program = s.file("complete.sh",
                              "source \"$1\"\n"
                              "line=$(<\"$2\")\n"
                              "read -ra COMP_WORDS <<<\"$line\"\n"
                              "[[ $line == *' ' ]] && COMP_WORDS+=('')\n"
                              "COMP_CWORD=$((${#COMP_WORDS[@]} - 1))\n"
                              "_diary\n"
                              "printf '%s\\n' \"${COMPREPLY[@]}\"\n");
  const auto words_file = s.file("line.txt", line);
  const auto err = s.root() / "complete.err";
  const std::string command =
      "/bin/bash " + program.string() + " " + script + " " + words_file.string() + " 2>" + err.string();
  std::string out;
  FILE* pipe = ::popen(command.c_str(), "r");
  REQUIRE(pipe != nullptr);
  char buf[4096];
  for (std::size_t n; (n = std::fread(buf, 1, sizeof buf, pipe)) > 0;) out.append(buf, n);
  const int status = ::pclose(pipe);
  INFO("completing: " << line << "\nstderr: " << e2e::read_file(err));
  REQUIRE(status == 0);
  CHECK(e2e::read_file(err).empty());
  std::vector<std::string> words;
  std::string word;
  for (char c : out) {
    if (c != '\n') {
      word += c;
      continue;
    }
    if (!word.empty()) words.push_back(word);
    word.clear();
  }
  return words;
}

bool has(const std::vector<std::string>& words, const std::string& w) {
  return std::find(words.begin(), words.end(), w) != words.end();
}

}  // namespace

TEST_CASE("e2e: mistyped commands and options each get one line with a hint and exit 2") {
  Sandbox s;
  const std::vector<Typo> typos = {
      {{"logg"}, {"unknown command \"logg\"", "did you mean \"log\"?"}},
      {{"anlyze"}, {"did you mean \"analyze\"?"}},
      {{"sumary", "--week", "2026-11-16"}, {"did you mean \"summary\"?"}},
      {{"exprot", "csv"}, {"did you mean \"export\"?"}},
      {{"export", "cvs"}, {"under \"export\"", "did you mean \"csv\"?"}},
      {{"remind", "ad", "--at", "07:30"}, {"did you mean \"add\"?"}},
      {{"add", "--at", "07:30"}, {"did you mean \"diary remind add\"?"}},
      {{"frobnicate"}, {"unknown command \"frobnicate\"", "the commands are: log"}},
      {{"log", "--wher", "calf"}, {"log has no option --wher", "did you mean \"--where\"?"}},
      {{"log", "--where=calf", "--intensty", "5"}, {"did you mean \"--intensity\"?"}},
      {{"list", "--where", "calf"}, {"list has no option --where", "an option of log", "its options: --from"}},
      {{"edit", "last", "5"}, {"edit takes one id", "last-1", "\"5\" is one word too many"}},
      {{"show", "1", "2"}, {"show takes one id", "\"2\""}},
      {{"list", "calf"}, {"list takes no arguments", "\"calf\""}},
      {{"remind"}, {"remind needs a command: add, list"}},
      {{"export"}, {"export needs a command:", "report"}},
      {{"--tz", "UTC"}, {"it needs a command:", "log"}},
      {{"remind", "add"}, {"--at is required", "diary remind add --help"}},
      {{"log", "--where"}, {"log: --where needs a value", "diary log --help"}},
      {{"serve", "--port", "99999"}, {"port", "diary serve --help"}},
  };
  for (const auto& t : typos) {
    const Result r = s.run(t.args);
    INFO("diary " << Sandbox::joined(t.args) << "\nstdout: " << r.out << "\nstderr: " << r.err);
    CHECK(r.code == 2);
    CHECK(e2e::count_lines(r.err) == 1);
    CHECK(r.err.rfind("diary: ", 0) == 0);
    CHECK(r.out.empty());
    for (const auto& h : t.hint) {
      INFO("the line must say: " << h);
      CHECK(contains(r.err, h));
    }
  }
  // None of them made a diary.
  CHECK_FALSE(std::filesystem::exists(s.db()));
}

TEST_CASE("e2e: bare diary shows the commands most people need and exits 0") {
  Sandbox s;
  const Result r = s.run({});
  INFO(r.out << r.err);
  CHECK(r.code == 0);
  CHECK(r.err.empty());
  for (const char* line : {"diary log ", "diary night ", "diary show last ", "diary summary ", "diary analyze ",
                           "diary export report ", "diary export csv ", "diary serve ", "diary help "})
    CHECK(contains(r.out, line));
  CHECK(contains(r.out, "Record one episode"));  // each line in the command's own words
  CHECK(e2e::count_lines(r.out) < 20);
  CHECK_FALSE(contains(r.out, "completion"));  // the hidden command stays hidden
}

TEST_CASE("e2e: the generated bash completion completes commands, options and terms") {
  if (!have_bash()) {
    MESSAGE("bash is not installed: the completion was not run");
    return;
  }
  Sandbox s;
  const Result gen = s.run({"completion", "bash"});
  REQUIRE(gen.code == 0);
  const auto script = s.file("diary.bash", gen.out);

  SUBCASE("commands and subcommands") {
    const auto top = complete(s, script.string(), "diary ");
    for (const char* c : {"log", "night", "summary", "analyze", "export", "remind", "serve", "devices"})
      CHECK(has(top, c));
    CHECK_FALSE(has(top, "completion"));
    CHECK(complete(s, script.string(), "diary an") == std::vector<std::string>{"analyze"});
    const auto exp = complete(s, script.string(), "diary export ");
    CHECK(has(exp, "report"));
    CHECK(has(exp, "csv"));
    CHECK(has(complete(s, script.string(), "diary --db x.db remind "), "install"));
  }
  SUBCASE("options of the command, with the global ones") {
    const auto opts = complete(s, script.string(), "diary log --w");
    CHECK(has(opts, "--where"));
    CHECK_FALSE(has(opts, "--week"));
    CHECK(has(complete(s, script.string(), "diary summary --w"), "--week"));
    CHECK(has(complete(s, script.string(), "diary log --d"), "--db"));
  }
  SUBCASE("vocabulary terms, after the last comma of a list") {
    CHECK(complete(s, script.string(), "diary log --where c") == std::vector<std::string>{"calf"});
    CHECK(complete(s, script.string(), "diary log -i 5 --where calf,fo") == std::vector<std::string>{"calf,foot"});
    CHECK(complete(s, script.string(), "diary log --side ") == std::vector<std::string>{"left", "right", "both"});
    CHECK(has(complete(s, script.string(), "diary edit last --feel cr"), "cramp"));
    CHECK(has(complete(s, script.string(), "diary profile --smoking "), "former"));
    // A value that is no term is not mistaken for a command.
    CHECK(complete(s, script.string(), "diary log --note ").empty());
  }
}

TEST_CASE("e2e: diary help and diary help COMMAND print the help and exit 0") {
  Sandbox s;
  Result r = s.run({"help"});
  CHECK(r.code == 0);
  CHECK(contains(r.out, "Subcommands:"));
  r = s.run({"help", "log"});
  CHECK(r.code == 0);
  CHECK(contains(r.out, "--where"));
  r = s.run({"help", "remind", "add"});
  CHECK(r.code == 0);
  CHECK(contains(r.out, "--at"));
}

TEST_CASE("e2e words: a word where a number goes says to give digits") {
  e2e::Sandbox s;
  const auto r = s.run({"night", "--sleep-quality", "great"});
  CHECK(r.code == 2);
  CHECK(e2e::contains(r.err, "give digits"));
  CHECK(std::count(r.err.begin(), r.err.end(), '\n') == 1);
}

TEST_CASE("e2e words: plurals, verb forms and a score out of 10 are read, each said on stderr") {
  e2e::Sandbox s;
  const auto r = s.run({"log", "--at", "02:10", "-w", "calves,knees", "-i", "8/10", "-f", "cramping", "-r",
                        "stretched,stood up", "-e", "fully"});
  INFO("stderr: " << r.err);
  REQUIRE(r.code == 0);
  CHECK(contains(r.err, "note: locations \"calves\" read as calf"));
  CHECK(contains(r.err, "note: relief \"stood up\" read as stand"));
  const auto e = s.json({"show", "last", "--json"});
  CHECK(e["locations"] == nlohmann::json::array({"calf", "knee"}));
  CHECK(e["intensity"] == 8);
  CHECK(e["sensations"] == nlohmann::json::array({"cramp"}));
  CHECK(e["relief"] == nlohmann::json::array({"stretch", "stand"}));
  CHECK(e["relief_effect"] == "full");
  // A scale that is not the field's own is not guessed at.
  const auto other = s.run({"log", "--at", "03:10", "-i", "8/5"});
  CHECK(other.code == 2);
  CHECK(contains(other.err, "intensity"));
}

TEST_CASE("e2e words: a log refused for a typo still shows the warning signs its note names") {
  e2e::Sandbox s;
  const auto r =
      s.run({"log", "--at", "02:10", "-w", "moon", "-n", "left calf swollen and hot, can't catch my breath"});
  CHECK(r.code == 2);
  CHECK(std::count(r.err.begin(), r.err.end(), '\n') == 1);  // the one line saying why
  CHECK(contains(r.err, "locations"));
  CHECK(contains(r.out, "Nothing was saved, but what you entered shows a warning sign"));
  CHECK(contains(r.out, "WARNING SIGN: ONE LEG SWOLLEN, WARM OR RED"));
  CHECK(contains(r.out, "Call 112 now"));     // Europe/Berlin's country, from zone.tab
  CHECK(s.json({"list", "--json"}).empty());  // still nothing written
  // A field out of range: the signs ticked in the same command still show.
  const auto ticked =
      s.run({"log", "--at", "02:10", "-i", "12", "-w", "calf", "-s", "left", "--signs", "swelling,warmth,redness"});
  CHECK(ticked.code == 2);
  CHECK(contains(ticked.err, "intensity"));
  CHECK(contains(ticked.out, "WARNING SIGN: ONE LEG SWOLLEN, WARM OR RED"));
  // Under --json stdout stays empty (no document was made); the warning goes to stderr.
  const auto scripted = s.run({"log", "--json", "--at", "02:10", "-i", "12", "-n", "calf swollen, hot and red"});
  CHECK(scripted.code == 2);
  CHECK(scripted.out.empty());
  CHECK(contains(scripted.err, "WARNING SIGN"));
  CHECK(s.json({"list", "--json"}).empty());
  // A refused log whose note names no sign prints nothing more than its error.
  const auto plain = s.run({"log", "--at", "02:10", "-w", "moon", "-n", "woke with a cramp"});
  CHECK(plain.code == 2);
  CHECK(plain.out.empty());
}
