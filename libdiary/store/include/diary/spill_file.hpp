#pragma once
// Bytes set aside to be read back once, in the order written: the rows of a report that
// wait while its analysis runs. The first `in_memory` bytes are held in memory (a report
// of a few years' diary fits, and a file system's write path cost a tenth of its time);
// the rest go to an unlinked temporary file (mode 0600, in $TMPDIR or else /tmp, where
// sort(1) spills too), so that however long the diary, memory stays bounded. The file is
// made only when needed, and gone when the spill is destroyed or the program ends.
#include <cstddef>
#include <cstdio>
#include <memory>
#include <string>
#include <string_view>

namespace diary {

class SpillFile {
 public:
  static constexpr std::size_t kInMemory = 16 * 1024 * 1024;

  explicit SpillFile(std::size_t in_memory = kInMemory);
  ~SpillFile();
  SpillFile(const SpillFile&) = delete;
  SpillFile& operator=(const SpillFile&) = delete;

  void write(std::string_view bytes);
  // The next `size` bytes, from the first written on (the first read ends the writing),
  // valid until the next call: those held in memory are not copied.
  std::string_view next(std::size_t size);
  // True once bytes went to the temporary file.
  bool on_disk() const { return file_ != nullptr; }

 private:
  std::size_t in_memory_;
  std::string held_;  // the first bytes
  std::size_t read_at_ = 0;
  std::string chunk_;  // what next() read from the file
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> file_;
  bool reading_ = false;
};

}  // namespace diary
