#pragma once
// Bytes set aside to be read back once, in the order written: the rows of a report that
// wait while its analysis runs. They go to an unlinked temporary file (mode 0600, in
// $TMPDIR or else /tmp, where sort(1) spills too), so what waits takes disk, not memory;
// stdio buffers both ways. Gone when destroyed or when the program ends, however it ends.
#include <cstddef>
#include <cstdio>
#include <memory>
#include <string_view>

namespace diary {

class SpillFile {
 public:
  SpillFile();
  ~SpillFile();
  SpillFile(const SpillFile&) = delete;
  SpillFile& operator=(const SpillFile&) = delete;

  void write(std::string_view bytes);
  // The next `size` bytes, from the first written on (the first read ends the writing).
  void read(char* out, std::size_t size);

 private:
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> file_;
  bool reading_ = false;
};

}  // namespace diary
