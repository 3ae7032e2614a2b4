#include "diary/output_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <iterator>

#include <fmt/format.h>

#include "diary/error.hpp"

namespace diary {

OutputFile::OutputFile(std::string path) : path_(std::move(path)) {
  if (path_.empty() || path_ == "-") {
    std::fflush(stdout);  // what was printed before comes first
    fd_ = 1;
    return;
  }
  tmp_ = path_ + ".tmp-diary";
  fd_ = ::open(tmp_.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd_ < 0) throw failure(fmt::format("cannot write {}: {}", path_, std::strerror(errno)));
  ::fchmod(fd_, 0600);  // also when a stale temporary file had other permissions
}

OutputFile::~OutputFile() {
  if (done_ || fd_ == 1 || fd_ < 0) return;
  ::close(fd_);
  ::unlink(tmp_.c_str());
}

void OutputFile::write(std::string_view data) {
  std::size_t done = 0;
  while (done < data.size()) {
    const ssize_t n = ::write(fd_, data.data() + done, data.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      throw failure(fmt::format("cannot write {}: {}", fd_ == 1 ? std::string("to standard output") : path_,
                                std::strerror(errno)));
    }
    done += static_cast<std::size_t>(n);
  }
}

void OutputFile::commit() {
  if (fd_ == 1) {
    done_ = true;
    return;
  }
  if (::fsync(fd_) != 0 || ::close(fd_) != 0) {
    const int err = errno;
    fd_ = -1;
    ::unlink(tmp_.c_str());
    throw failure(fmt::format("cannot write {}: {}", path_, std::strerror(err)));
  }
  fd_ = -1;
  if (::rename(tmp_.c_str(), path_.c_str()) != 0) {
    const int err = errno;
    ::unlink(tmp_.c_str());
    throw failure(fmt::format("cannot write {}: {}", path_, std::strerror(err)));
  }
  done_ = true;
}

void write_output(const std::string& path, const std::string& text) {
  OutputFile out(path);
  out.write(text);
  out.commit();
}

std::string read_input(const std::string& path) {
  if (path == "-") return std::string(std::istreambuf_iterator<char>(std::cin), {});
  std::ifstream in(path, std::ios::binary);
  if (!in) throw bad_input("file", path, fmt::format("file: cannot read \"{}\": {}", path, std::strerror(errno)));
  return std::string(std::istreambuf_iterator<char>(in), {});
}

}  // namespace diary
