#pragma once
// The browsers paired with `diary serve`: listing them and ending one's session.
#include <cstdint>
#include <vector>

#include <date/date.h>

#include "diary/device.hpp"
#include "diary/store.hpp"

namespace diary::app {

std::vector<Device> devices(Store& store);

// Ends device `id`'s session at `now`; bad_input naming "id" when no active device has it.
void revoke_device(Store& store, std::int64_t id, date::sys_seconds now);

}  // namespace diary::app
