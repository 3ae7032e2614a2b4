#pragma once
// The diary's own API routes that can be answered over the existing Store. The rest of the
// API (writing episodes, nights, analysis, summary) comes with the diary::app layer.
#include "diary/clock.hpp"
#include "diary/server/router.hpp"
#include "diary/store.hpp"

namespace diary::server {

// GET /api/episodes?from=DAY&to=DAY: exactly what `diary list --json` prints.
// `store` is used only from the server's one handler thread.
void add_api_routes(Router& router, Store& store, clock::Zone zone);

}  // namespace diary::server
