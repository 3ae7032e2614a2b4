// The JSON API of `diary serve`: each route reads its input, calls the same diary::app
// operation as the command line, and answers JSON. Bad input throws diary::Error, which the
// adapter turns into 400 with the field, the value and the message; nothing is written then.
#include <date/date.h>
#include <fmt/format.h>

#include "diary/app/episodes.hpp"
#include "diary/app/nights.hpp"
#include "diary/app/reminders.hpp"
#include "diary/app/reports.hpp"
#include "diary/error.hpp"
#include "diary/json_io.hpp"
#include "diary/report/analysis.hpp"
#include "diary/report/summary.hpp"
#include "diary/server/api.hpp"

namespace diary::server {
namespace {

using nlohmann::json;

struct Api {
  Store& store;
  clock::Zone zone;
};

std::optional<date::year_month_day> day_param(const Api& api, const Request& q, const std::string& key) {
  const auto it = q.query_params.find(key);
  if (it == q.query_params.end() || it->second.empty()) return std::nullopt;
  return clock::parse_day(it->second, api.zone, clock::now(), key);
}

app::Period period_of(const Api& api, const Request& q) {
  return app::period(day_param(api, q, "from"), day_param(api, q, "to"));
}

date::year_month_day day_segment(const Call& c) { return clock::parse_day(c.params.at("day"), "night"); }

// The body as a JSON object, with its idempotency "key" taken out.
json object_body(const Request& r, std::optional<std::string>* key = nullptr) {
  json body = r.body.empty() ? json::object() : json_body(r);
  if (!body.is_object()) throw bad_input("body", "", "body: send one JSON object");
  if (key) {
    if (auto k = body.find("key"); k != body.end()) {
      if (!k->is_string()) throw bad_input("key", k->dump(), "key: give the idempotency key as a string");
      *key = k->get<std::string>();
      body.erase(k);
    }
  }
  return body;
}

// The episode a path names (an id, last, last-N). One that is well formed but not there is
// 404; a malformed one stays bad input (400).
Episode named_episode(const Api& api, const std::string& ref) {
  try {
    return app::resolve_episode(api.store, ref);
  } catch (const Error& e) {
    const bool well_formed =
        !ref.empty() && (ref.starts_with("last") || ref.find_first_not_of("0123456789") == std::string::npos);
    if (e.code() == Errc::bad_input && e.field() == "id" && well_formed) throw HttpError(404, e.what(), "id", ref);
    throw;
  }
}

// An episode with the warning signs its save revealed: the episode's fields at the top
// level (with id, uuid and night), "red_flags" beside them.
Response saved(const app::Saved& s, int status) {
  return json_response(s.replayed ? 200 : status,
                       report::saved_json(s.episode, s.red_flags, s.replayed).dump(2) + "\n");
}

// The fields of a new episode; `onset` left out means now.
Episode new_episode(const Api& api, json body) {
  if (!body.contains("onset")) body["onset"] = clock::format_rfc3339(clock::in_zone(clock::now(), api.zone));
  return json_io::episode_from_json(body, api.zone, "episode");
}

Response post_episode(const Api& api, const Call& c) {
  std::optional<std::string> key;
  const json body = object_body(c.request, &key);
  return saved(app::log_episode(api.store, new_episode(api, body), key), 201);
}

// start with one still going, or stop with none: a conflict with the diary's state (409),
// not bad input.
template <class F>
Response or_conflict(F&& f) {
  try {
    return f();
  } catch (const Error& e) {
    if (e.code() == Errc::bad_input && (e.field() == "open" || e.field() == "stop"))
      throw HttpError(409, e.what(), e.field(), e.value());
    throw;
  }
}

Response start_episode(const Api& api, const Call& c) {
  std::optional<std::string> key;
  const json body = object_body(c.request, &key);
  return or_conflict([&] { return saved(app::start_episode(api.store, new_episode(api, body), key), 201); });
}

Response stop_episode(const Api& api, const Call& c) {
  std::optional<std::string> key;
  json body = object_body(c.request, &key);
  // What the stop adds (relief, how well it helped), read through the episode's own fields.
  const auto change = [&](Episode& e) {
    json merged = json_io::to_json(e);
    for (const auto& [k, v] : body.items()) merged[k] = v;
    const Episode read = json_io::episode_from_json(merged, api.zone, "episode");
    e.relief = read.relief;
    e.relief_effect = read.relief_effect;
    e.relief_min = read.relief_min;
    e.note = read.note;
  };
  return or_conflict([&] { return saved(app::stop_episode(api.store, clock::now(), change, key), 200); });
}

// PATCH: the fields given replace the stored ones; a field set to null becomes unknown.
Response patch_episode(const Api& api, const Call& c) {
  const json patch = object_body(c.request);
  const auto id = named_episode(api, c.params.at("id")).id;
  const auto edited = app::edit_episode(api.store, id, [&](Episode& e) {
    json merged = json_io::to_json(e);
    for (const auto& [k, v] : patch.items()) {
      if (k == "id" || k == "night" || k == "uuid" || k == "ongoing") continue;  // derived or fixed
      if (v.is_null())
        merged.erase(k);
      else
        merged[k] = v;
    }
    Episode read = json_io::episode_from_json(merged, api.zone, "episode");
    read.id = e.id;
    read.uuid = e.uuid;
    read.open = e.open;
    e = std::move(read);
  });
  return saved(edited.saved, 200);
}

Response delete_episode(const Api& api, const Call& c) {
  const auto id = named_episode(api, c.params.at("id")).id;
  app::delete_episode(api.store, id);
  return json_response(200, json{{"deleted", id}}.dump() + "\n");
}

Response last_episode(const Api& api) {
  return json_response(200, json_io::to_json(named_episode(api, "last"), true).dump(2) + "\n");
}

Response list_nights(const Api& api, const Call& c) {
  const Diary d = app::load(api.store, period_of(api, c.request));
  auto out = json_io::ordered_json::array();
  for (const auto& n : d.nights) {
    auto j = json_io::to_json(n);
    int count = 0;
    for (const auto& e : d.episodes) count += e.night() == n.night;
    j["episodes"] = count;
    out.push_back(std::move(j));
  }
  return json_response(200, out.dump(2) + "\n");
}

Response get_night(const Api& api, const Call& c) {
  const auto day = day_segment(c);
  const auto night = app::night(api.store, day);
  auto episodes = json::parse(json_io::list_json(app::list_episodes(api.store, day, day)));
  const json out{{"night", night ? json(json_io::to_json(*night)) : json(nullptr)}, {"episodes", episodes}};
  return json_response(200, out.dump(2) + "\n");
}

// PUT: the fields given are merged into the night; {"quiet": true} records a night that
// was logged with no episode (refused, 400, for a night that has episodes).
Response put_night(const Api& api, const Call& c) {
  const auto day = day_segment(c);
  std::optional<std::string> key;
  json body = object_body(c.request, &key);
  body["night"] = clock::format_day(day);
  const Night update = json_io::night_from_json(body, api.zone, "night");
  const Night merged = app::record_night(api.store, update, clock::now(), api.zone, key);
  auto out = json_io::to_json(merged);
  out["red_flags"] = report::to_json(
      std::span<const analysis::RedFlag>(app::night_red_flags(api.store, merged)));  // signs its note names
  return json_response(200, out.dump(2) + "\n");
}

Response analysis(const Api& api, const Call& c) {
  return json_response(200, report::to_json(app::analyze(api.store, period_of(api, c.request))).dump(2) + "\n");
}

Response summary(const Api& api, const Call& c) {
  const auto week = day_param(api, c.request, "week");
  const auto now = clock::now();
  const auto s = app::weekly_summary(api.store, week ? *week : app::default_summary_week(now, api.zone),
                                     app::last_night(now, api.zone));
  return json_response(200, report::to_json(s).dump(2) + "\n");
}

Response nights_chart(const Api& api, const Call& c) {
  return Response{200, "image/svg+xml", app::nights_chart(api.store, period_of(api, c.request)), {}};
}

Response reminders_due(const Api& api) {
  const auto due = app::due_prompts(api.store, clock::now());
  json prompts = json::array();
  for (const auto& d : due)
    prompts.push_back(
        {{"kind", d.kind == ReminderKind::morning ? "morning" : "evening"}, {"night", clock::format_day(d.night)}});
  return json_response(200, json{{"due", !due.empty()}, {"prompts", prompts}}.dump(2) + "\n");
}

}  // namespace

void add_api_routes(Router& router, Store& store, clock::Zone zone) {
  // The routes share one Api; the router and the server live as long as `serve` runs.
  auto api = std::make_shared<Api>(Api{store, zone});
  const auto on = [&router, api](const char* method, const char* path, Response (*f)(const Api&, const Call&)) {
    router.add(method, path, [api, f](const Call& c) { return f(*api, c); });
  };
  on("GET", "/api/episodes", [](const Api& a, const Call& c) {
    const auto p = period_of(a, c.request);
    return json_response(200, json_io::list_json(app::list_episodes(a.store, p.from, p.to)));
  });
  on("POST", "/api/episodes", post_episode);
  on("GET", "/api/episodes/last", [](const Api& a, const Call&) { return last_episode(a); });
  on("POST", "/api/episodes/start", start_episode);
  on("POST", "/api/episodes/stop", stop_episode);
  on("GET", "/api/episodes/{id}", [](const Api& a, const Call& c) {
    return json_response(200, json_io::to_json(named_episode(a, c.params.at("id")), true).dump(2) + "\n");
  });
  on("PATCH", "/api/episodes/{id}", patch_episode);
  on("DELETE", "/api/episodes/{id}", delete_episode);
  on("GET", "/api/nights", list_nights);
  on("GET", "/api/nights/{day}", get_night);
  on("PUT", "/api/nights/{day}", put_night);
  on("GET", "/api/analysis", analysis);
  on("GET", "/api/summary", summary);
  on("GET", "/api/charts/nights.svg", nights_chart);
  on("GET", "/api/reminders/due", [](const Api& a, const Call&) { return reminders_due(a); });
}

}  // namespace diary::server
