#pragma once
// Files the diary writes for its owner (exports): 0600, written whole or not at all.
#include <string>
#include <string_view>

namespace diary {

// An export being written: to standard output for "" or "-", else to a temporary file
// (0600) beside `path` that commit() syncs and renames into place. Destroyed without
// commit(), it removes the temporary file, so a failed export never leaves half a file.
class OutputFile {
 public:
  explicit OutputFile(std::string path);
  ~OutputFile();
  OutputFile(const OutputFile&) = delete;
  OutputFile& operator=(const OutputFile&) = delete;

  void write(std::string_view data);
  void commit();
  bool to_stdout() const { return fd_ == 1; }

 private:
  std::string path_, tmp_;
  int fd_ = -1;
  bool done_ = false;
};

// Writes `text` to `path` ("" or "-" for standard output) through OutputFile.
void write_output(const std::string& path, const std::string& text);

// Reads a whole file ("-" for standard input); a missing file is bad input.
std::string read_input(const std::string& path);

}  // namespace diary
