#include "diary/output_file.hpp"

#include <fcntl.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <iterator>

#include <fmt/format.h>

#include "diary/error.hpp"
#include "diary/text_gate.hpp"

namespace diary {
namespace fs = std::filesystem;
namespace {

bool same_file(const struct stat& a, const struct stat& b) { return a.st_dev == b.st_dev && a.st_ino == b.st_ino; }

fs::path folder_of(const fs::path& file) { return file.has_parent_path() ? file.parent_path() : fs::path("."); }

[[noreturn]] void refuse(const std::string& path, std::string_view why) {
  throw bad_input("output", shown(path), fmt::format("output: {} {}", shown(path), why));
}

[[noreturn]] void cannot_write(const std::string& path, int err) {
  throw failure(fmt::format("cannot write {}: {}", shown(path), std::strerror(err)));
}

// The diary's own files: the database and the two SQLite keeps beside it.
std::array<fs::path, 3> diary_files(const fs::path& diary) {
  return {diary, fs::path(diary.string() + "-wal"), fs::path(diary.string() + "-shm")};
}

// True when `path` is, or would become, one of the diary's files. Existing files are
// compared by identity; a missing one by its folder's identity and its name.
bool is_diary_file(const std::string& path, const fs::path& diary) {
  if (diary.empty()) return false;
  struct stat target {
  }, folder{}, other{};
  const bool exists = ::stat(path.c_str(), &target) == 0;
  const bool has_folder = ::stat(folder_of(path).c_str(), &folder) == 0;
  for (const auto& file : diary_files(diary)) {
    if (exists) {
      if (::stat(file.c_str(), &other) == 0 && same_file(target, other)) return true;
    } else if (has_folder && fs::path(path).filename() == file.filename() &&
               ::stat(folder_of(file).c_str(), &other) == 0 && same_file(folder, other)) {
      return true;
    }
  }
  return false;
}

bool is_fd(const struct stat& target, int fd) {
  struct stat st {};
  return ::fstat(fd, &st) == 0 && same_file(target, st);
}

int open_stream(const std::string& path) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_NOCTTY | O_CLOEXEC);
  if (fd < 0) cannot_write(path, errno);
  return fd;
}

}  // namespace

OutputKind check_output(const std::string& path, const fs::path& diary) {
  if (path.empty() || path == "-") {
    struct stat out {
    }, db{};
    // `diary export json >> d.db` would append an export to the diary.
    if (!diary.empty() && ::fstat(1, &out) == 0 && ::stat(diary.c_str(), &db) == 0 && same_file(out, db))
      refuse("-", "(standard output) is the diary itself; write somewhere else");
    return OutputKind::standard_output;
  }
  if (is_diary_file(path, diary)) refuse(path, "is the diary itself (or its -wal or -shm); give another file");
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return OutputKind::file;  // missing, or a dangling link (replaced)
  if (is_fd(st, 1)) return OutputKind::standard_output;
  if (S_ISREG(st.st_mode)) return OutputKind::file;
  if (S_ISCHR(st.st_mode) || S_ISFIFO(st.st_mode) || S_ISSOCK(st.st_mode)) return OutputKind::stream;
  if (S_ISDIR(st.st_mode)) refuse(path, "is a folder; give a file name");
  refuse(path, "is not a plain file, a terminal or a pipe; give a file name");
}

fs::path create_temporary(const fs::path& folder, std::string_view stem, int& fd) {
  for (int attempt = 0; attempt < 100; ++attempt) {
    std::array<unsigned char, 8> random{};
    if (::getrandom(random.data(), random.size(), 0) != static_cast<ssize_t>(random.size()))
      throw failure(fmt::format("cannot write in {}: no random numbers: {}", folder.string(), std::strerror(errno)));
    std::string name = fmt::format(".{}.", stem);
    for (auto b : random) name += fmt::format("{:02x}", static_cast<unsigned>(b));
    const fs::path tmp = folder / (name + ".tmp");
    fd = ::open(tmp.c_str(), O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (fd >= 0) {
      ::fchmod(fd, 0600);  // whatever the umask
      return tmp;
    }
    if (errno != EEXIST)
      throw failure(fmt::format("cannot write in {}: {}", shown(folder.string()), std::strerror(errno)));
  }
  throw failure(fmt::format("cannot write in {}: no free temporary name", shown(folder.string())));
}

void publish(const fs::path& tmp, const fs::path& target) {
  if (::rename(tmp.c_str(), target.c_str()) != 0) {
    const int err = errno;
    ::unlink(tmp.c_str());
    cannot_write(target.string(), err);
  }
  // The rename itself must survive a power cut before anyone is told "Wrote".
  const int dir = ::open(folder_of(target).c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  const bool synced = dir >= 0 && ::fsync(dir) == 0;
  const int err = errno;
  if (dir >= 0) ::close(dir);
  if (!synced && err != EINVAL) cannot_write(target.string(), err);  // EINVAL: a folder that cannot be synced
}

OutputFile::OutputFile(std::string path, const fs::path& diary)
    : path_(std::move(path)), kind_(check_output(path_, diary)) {
  switch (kind_) {
    case OutputKind::standard_output:
      std::fflush(stdout);  // what was printed before comes first
      fd_ = 1;
      break;
    case OutputKind::stream: fd_ = open_stream(path_); break;
    case OutputKind::file: tmp_ = create_temporary(folder_of(path_), fs::path(path_).filename().string(), fd_); break;
  }
}

OutputFile::~OutputFile() {
  if (fd_ > 1) ::close(fd_);
  if (!done_ && !tmp_.empty()) ::unlink(tmp_.c_str());
}

void OutputFile::write(std::string_view data) {
  std::size_t done = 0;
  while (done < data.size()) {
    const ssize_t n = ::write(fd_, data.data() + done, data.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      if (to_stdout()) throw failure(fmt::format("cannot write to standard output: {}", std::strerror(errno)));
      cannot_write(path_, errno);
    }
    done += static_cast<std::size_t>(n);
  }
}

void OutputFile::commit() {
  if (kind_ != OutputKind::file) {
    const int fd = fd_;
    fd_ = -1;
    done_ = true;
    if (fd > 1 && ::close(fd) != 0) cannot_write(path_, errno);
    return;
  }
  const int fd = fd_;
  fd_ = -1;
  const bool synced = ::fsync(fd) == 0;
  const int err = errno;
  const bool closed = ::close(fd) == 0;
  if (!synced || !closed) cannot_write(path_, synced ? errno : err);  // the destructor removes tmp_
  publish(tmp_, path_);
  done_ = true;
}

void write_output(const std::string& path, const std::string& text, const fs::path& diary) {
  OutputFile out(path, diary);
  out.write(text);
  out.commit();
}

std::unique_ptr<std::istream> open_input(const std::string& path) {
  if (path == "-") return std::make_unique<std::istream>(std::cin.rdbuf());
  std::error_code ec;
  if (fs::is_directory(path, ec))
    throw bad_input("file", shown(path), fmt::format("file: {} is a folder; give a file", shown(path)));
  auto in = std::make_unique<std::ifstream>(path, std::ios::binary);
  if (!*in)
    throw bad_input("file", shown(path), fmt::format("file: cannot read {}: {}", shown(path), std::strerror(errno)));
  return in;
}

std::string read_input(const std::string& path) {
  if (path == "-") return std::string(std::istreambuf_iterator<char>(std::cin), {});
  std::error_code ec;
  if (fs::is_directory(path, ec))
    throw bad_input("file", shown(path), fmt::format("file: {} is a folder; give a file", shown(path)));
  std::ifstream in(path, std::ios::binary);
  if (!in)
    throw bad_input("file", shown(path), fmt::format("file: cannot read {}: {}", shown(path), std::strerror(errno)));
  std::string text(std::istreambuf_iterator<char>(in), {});
  if (in.bad()) throw failure(fmt::format("cannot read {}", shown(path)));
  return text;
}

}  // namespace diary
