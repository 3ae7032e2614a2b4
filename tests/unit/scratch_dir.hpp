// A fresh folder for one test, removed with everything in it when the test ends: the one
// scratch folder of the unit tests (the end-to-end tests have Sandbox in e2e/run_diary.hpp).
#pragma once

#include <doctest/doctest.h>

#include <stdlib.h>

#include <cstdlib>
#include <filesystem>
#include <string>

namespace diary::test {

class ScratchDir {
 public:
  // Made under $TMPDIR (or /tmp), named diary-`tag`-XXXXXX so that one left behind by a
  // killed run says which test made it.
  explicit ScratchDir(const std::string& tag = "unit") {
    const char* base = std::getenv("TMPDIR");
    std::string tmpl = (std::filesystem::path(base && *base ? base : "/tmp") / ("diary-" + tag + "-XXXXXX")).string();
    REQUIRE(::mkdtemp(tmpl.data()) != nullptr);
    path_ = tmpl;
  }
  ~ScratchDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;

  const std::filesystem::path& path() const { return path_; }
  std::filesystem::path operator/(const std::string& name) const { return path_ / name; }

 private:
  std::filesystem::path path_;
};

}  // namespace diary::test
