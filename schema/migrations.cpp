#include "diary/migrations.hpp"

namespace diary {
namespace {
constexpr Migration kMigrations[] = {
#include "diary/migrations_data.inc"
};
}  // namespace

std::span<const Migration> migrations() noexcept { return kMigrations; }

}  // namespace diary
