#pragma once
// The one writer for every file the diary writes for its owner (exports, backups,
// calendars, systemd units): 0600, written whole or not at all, never over the diary.
//
// Rules, in the order they are applied to a target path:
//  - "" or "-" is standard output.
//  - The diary itself, its -wal and its -shm are refused by identity (device and inode),
//    whatever the spelling, symlink or hard link; a missing target is compared by its
//    folder's identity and its name, so "./../x/d.db-wal" is refused before SQLite makes it.
//  - A target that is standard output (e.g. /dev/stdout) is written through fd 1.
//  - A terminal, FIFO, socket or character device is written straight into and never
//    replaced (no O_CREAT, no O_TRUNC).
//  - A folder, a block device or anything else that is not a plain file is refused.
//  - A plain file (or a missing one, or a symlink to one: the link itself is replaced) is
//    written to a new temporary file in the target's folder, created with
//    O_CREAT|O_EXCL|O_NOFOLLOW, mode 0600 and a random name (a hostile symlink at a
//    predictable name cannot redirect it), then fsynced, renamed over the target, and the
//    folder fsynced. Two writers to one path each write their own temporary file, so the
//    target ends up as one of them whole.
// Only after commit() returns may a command say "Wrote".
#include <filesystem>
#include <iosfwd>
#include <memory>
#include <string>
#include <string_view>

namespace diary {

// What a target path leads to, decided before anything is written.
enum class OutputKind {
  standard_output,  // "", "-", or a path naming what fd 1 already is
  stream,           // terminal, FIFO, socket, character device: written straight into
  file,             // a plain file (or none yet): temporary file and rename
};

// Classifies `path` and refuses (bad_input, field "output") what must not be written:
// the diary `diary` (and its -wal/-shm; an empty `diary` protects nothing), a folder, a
// block device. Needs no open diary.
OutputKind check_output(const std::string& path, const std::filesystem::path& diary);

// A new empty file in `folder` with a random name starting with `stem`, created
// O_CREAT|O_EXCL|O_NOFOLLOW, mode 0600 whatever the umask. Returns its path; `fd` gets
// the open descriptor (O_RDWR, close-on-exec).
std::filesystem::path create_temporary(const std::filesystem::path& folder, std::string_view stem, int& fd);

// Renames the finished `tmp` over `target` and fsyncs the folder, so that the rename
// survives a power cut. Throws failure (and removes `tmp`) when it cannot.
void publish(const std::filesystem::path& tmp, const std::filesystem::path& target);

// A file being written (see the rules above). Destroyed without commit(), it removes its
// temporary file, so a failed export never leaves half a file.
class OutputFile {
 public:
  OutputFile(std::string path, const std::filesystem::path& diary);
  ~OutputFile();
  OutputFile(const OutputFile&) = delete;
  OutputFile& operator=(const OutputFile&) = delete;

  void write(std::string_view data);
  void commit();
  OutputKind kind() const { return kind_; }
  bool to_stdout() const { return kind_ == OutputKind::standard_output; }

 private:
  std::string path_;
  std::filesystem::path tmp_;
  OutputKind kind_;
  int fd_ = -1;
  bool done_ = false;
};

// Writes `text` to `path` ("" or "-" for standard output) through OutputFile.
void write_output(const std::string& path, const std::string& text, const std::filesystem::path& diary);

// Reads a whole file ("-" for standard input); a missing file or a folder is bad input.
std::string read_input(const std::string& path);
// The same file opened to be read as a stream (an import of any size): checked as
// read_input checks it, before anything else is done.
std::unique_ptr<std::istream> open_input(const std::string& path);

}  // namespace diary
