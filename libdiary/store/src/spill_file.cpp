#include "diary/spill_file.hpp"

#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>

#include <fmt/format.h>

#include "diary/error.hpp"
#include "diary/output_file.hpp"

namespace diary {
namespace {

[[noreturn]] void spill_failed(std::string_view doing, int err) {
  throw failure(fmt::format("{} a temporary file: {}", doing, std::strerror(err)));
}

std::FILE* open_spill() {
  const char* tmpdir = std::getenv("TMPDIR");
  const std::filesystem::path folder = tmpdir && *tmpdir ? tmpdir : "/tmp";
  int fd = -1;
  const auto path = create_temporary(folder, "diary-spill", fd);
  ::unlink(path.c_str());  // nothing to clean up after, whatever happens next
  std::FILE* file = ::fdopen(fd, "w+b");
  if (!file) {
    const int err = errno;
    ::close(fd);
    spill_failed("opening", err);
  }
  // Few, large system calls: a report spills about 500 bytes a row.
  std::setvbuf(file, nullptr, _IOFBF, 256 * 1024);
  return file;
}

}  // namespace

SpillFile::SpillFile() : file_(open_spill(), &std::fclose) {}
SpillFile::~SpillFile() = default;

void SpillFile::write(std::string_view bytes) {
  if (std::fwrite(bytes.data(), 1, bytes.size(), file_.get()) != bytes.size()) spill_failed("writing", errno);
}

void SpillFile::read(char* out, std::size_t size) {
  if (!reading_) {
    if (std::fflush(file_.get()) != 0 || std::fseek(file_.get(), 0, SEEK_SET) != 0) spill_failed("writing", errno);
    reading_ = true;
  }
  if (std::fread(out, 1, size, file_.get()) != size) spill_failed("reading", std::ferror(file_.get()) ? errno : EIO);
}

}  // namespace diary
