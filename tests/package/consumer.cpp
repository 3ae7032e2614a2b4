// Logs one episode into the diary named on the command line through diary::app and lists it.
#include <iostream>

#include "diary/app/episodes.hpp"
#include "diary/clock.hpp"

int main(int argc, char** argv) {
  if (argc != 2) return 2;
  diary::Store store(argv[1]);
  diary::Episode e;
  e.onset = diary::clock::in_zone(diary::clock::now(), diary::clock::resolve_zone(std::string("UTC")));
  e.locations = diary::Terms{"calf"};
  const auto saved = diary::app::log_episode(store, e);
  const auto all = diary::app::list_episodes(store, std::nullopt, std::nullopt);
  std::cout << "consumer: saved episode " << saved.episode.id << ", " << all.size() << " in the diary\n";
  return all.size() == 1 ? 0 : 1;
}
