#include "diary/spill_file.hpp"

#include <unistd.h>

#include <algorithm>
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

SpillFile::SpillFile(std::size_t in_memory) : in_memory_(in_memory), file_(nullptr, &std::fclose) {}
SpillFile::~SpillFile() = default;

void SpillFile::write(std::string_view bytes) {
  if (!file_ && held_.size() + bytes.size() <= in_memory_) {
    if (held_.empty()) held_.reserve(in_memory_);  // address space only, until written
    held_.append(bytes);
    return;
  }
  if (!file_) file_.reset(open_spill());
  if (std::fwrite(bytes.data(), 1, bytes.size(), file_.get()) != bytes.size()) spill_failed("writing", errno);
}

std::string_view SpillFile::next(std::size_t size) {
  if (read_at_ + size <= held_.size()) {
    read_at_ += size;
    return std::string_view(held_).substr(read_at_ - size, size);
  }
  // Across or past the end of what memory holds: the rest of it, then the file.
  chunk_.assign(held_, std::min(read_at_, held_.size()));
  const std::size_t wanted = size - chunk_.size();
  read_at_ = held_.size();
  if (!file_) spill_failed("reading", EIO);  // past what was written
  if (!reading_) {
    if (std::fflush(file_.get()) != 0 || std::fseek(file_.get(), 0, SEEK_SET) != 0) spill_failed("writing", errno);
    reading_ = true;
  }
  const std::size_t had = chunk_.size();
  chunk_.resize(size);
  if (std::fread(chunk_.data() + had, 1, wanted, file_.get()) != wanted)
    spill_failed("reading", std::ferror(file_.get()) ? errno : EIO);
  return chunk_;
}

}  // namespace diary
