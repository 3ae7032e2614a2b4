#include "diary/app/devices.hpp"

#include <fmt/format.h>

#include "diary/error.hpp"

namespace diary::app {

std::vector<Device> devices(Store& store) {
  auto tx = store.read();
  return store.devices();
}

void revoke_device(Store& store, std::int64_t id, date::sys_seconds now) {
  if (!store.revoke_device(id, now.time_since_epoch().count()))
    throw bad_input("id", std::to_string(id), fmt::format("id: no active paired device {} (see diary devices)", id));
}

}  // namespace diary::app
