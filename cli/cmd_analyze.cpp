// Temporary until diary::analysis lands: analyze and red flags.
#include "commands.hpp"
namespace diary::cli {
void add_analyze_command(CLI::App&, Context&) {}
void print_red_flags(Context&, std::span<const Episode>) {}
}  // namespace diary::cli
