// log_one_episode: the smallest program that uses the diary library (diary::core).
//
// It opens (or creates) a diary file, records one calf cramp that began now, and prints
// the new episode's id and the night it belongs to.
//
//   log_one_episode [FILE]      FILE defaults to a fresh diary in the temp folder
//
// The zone is resolved as the diary command does it: $TZ, else the system zone, else UTC.
#include <unistd.h>

#include <cstdio>
#include <exception>
#include <filesystem>
#include <string>

#include "diary/clock.hpp"
#include "diary/episode.hpp"
#include "diary/error.hpp"
#include "diary/store.hpp"

int main(int argc, char** argv) {
  namespace fs = std::filesystem;
  try {
    const fs::path file =
        argc > 1 ? fs::path(argv[1])
                 : fs::temp_directory_path() / ("diary-example-" + std::to_string(::getpid())) / "diary.db";

    // Opening creates the file (0600) and its folder (0700), and migrates an old schema.
    diary::Store store(file);

    // Every field but the onset is optional; what is left out stays "unknown".
    const diary::clock::Zone zone = diary::clock::resolve_zone(std::nullopt);
    diary::Episode episode;
    episode.onset = diary::clock::in_zone(diary::clock::now(), zone);
    episode.duration_min = 3;
    episode.intensity = 6;
    episode.onset_speed = "sudden";
    episode.locations = diary::Terms{"calf"};
    episode.side = "right";
    episode.sensations = diary::Terms{"cramp", "knot"};
    episode.muscle_hard = true;
    episode.relief = diary::Terms{"stretch", "stand"};
    episode.relief_effect = "full";
    episode.signs = diary::Terms{};  // none seen (an empty list), not unknown

    // Writes go inside a transaction; without commit() it rolls back.
    auto tx = store.write();
    const std::int64_t id = store.add(episode);  // validates first: bad input writes nothing
    tx.commit();

    std::printf("Saved episode %lld, onset %s, night of %s, in %s\n", static_cast<long long>(id),
                diary::clock::format_rfc3339(episode.onset).c_str(), diary::clock::format_day(episode.night()).c_str(),
                file.string().c_str());
    return 0;
  } catch (const diary::Error& e) {  // bad input (2) or any other failure (1)
    std::fprintf(stderr, "log_one_episode: %s\n", e.what());
    return static_cast<int>(e.code());
  } catch (const std::exception& e) {
    std::fprintf(stderr, "log_one_episode: %s\n", e.what());
    return 1;
  }
}
