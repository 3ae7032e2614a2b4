// API routes over the Store. Each reads in one short transaction.
#include "diary/error.hpp"
#include "diary/json_io.hpp"
#include "diary/server/api.hpp"

namespace diary::server {
namespace {

std::optional<date::year_month_day> day_param(const Request& q, const std::string& key) {
  const auto it = q.query_params.find(key);
  if (it == q.query_params.end() || it->second.empty()) return std::nullopt;
  return clock::parse_day(it->second, key);
}

Response list_episodes(Store& store, const Call& c) {
  const auto from = day_param(c.request, "from");
  const auto to = day_param(c.request, "to");
  if (from && to && *from > *to)
    throw bad_input("to", c.request.query_params.at("to"), "to: comes before from");
  auto tx = store.read();
  const auto episodes = store.episodes(from, to);
  tx.commit();
  return json_response(200, json_io::list_json(episodes));
}

}  // namespace

void add_api_routes(Router& router, Store& store, clock::Zone /*zone: for the routes still to come*/) {
  router.add("GET", "/api/episodes", [&store](const Call& c) { return list_episodes(store, c); });
}

}  // namespace diary::server
