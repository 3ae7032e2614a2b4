// The page's files (server/page/), embedded at build time by cmake/EmbedPage.cmake.
#include "diary/server/router.hpp"

namespace diary::server {
namespace {

struct Entry {
  const char* name;
  const char* type;
  const unsigned char* bytes;
  std::size_t size;
};

#include "diary/server/page_data.inc"

}  // namespace

const std::vector<StaticFile>& page_files() {
  static const std::vector<StaticFile> files = [] {
    std::vector<StaticFile> out;
    for (const auto& e : kEntries)
      out.push_back({e.name, e.type, std::string_view(reinterpret_cast<const char*>(e.bytes), e.size)});
    return out;
  }();
  return files;
}

}  // namespace diary::server
