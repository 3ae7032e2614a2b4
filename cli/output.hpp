#pragma once
// Files the diary writes for its owner (exports): 0600, written whole or not at all.
#include <string>

namespace diary::cli {

// Writes `text` to `path` ("" or "-" for standard output) through a temporary file
// renamed into place, so a failed write never leaves half a file.
void write_output(const std::string& path, const std::string& text);

// Reads a whole file ("-" for standard input); a missing file is bad input.
std::string read_input(const std::string& path);

}  // namespace diary::cli
