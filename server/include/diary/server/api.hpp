#pragma once
// The JSON API of `diary serve` (docs/API.md): every route calls the diary::app operation
// the command line calls, and answers JSON.
#include "diary/clock.hpp"
#include "diary/server/router.hpp"
#include "diary/store.hpp"

namespace diary::server {

// Episodes (list, log with an idempotency key, last, start, stop, show, edit, delete),
// nights (the morning check-in), analysis, summary, the nights chart, reminders due.
// `store` is used only from the server's one handler thread; `zone` reads and shows times.
void add_api_routes(Router& router, Store& store, clock::Zone zone);

}  // namespace diary::server
