// The hand-over from the thread that reads a diary to the helper that makes the report's
// records and rows: every item arrives once, in order, also when a slot is reused for a
// longer or shorter item; the helper's failure reaches the reader; a reader that fails
// leaves no thread behind.
#include <doctest/doctest.h>

#include <atomic>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "relay.hpp"  // libdiary/app/src: internal to the app room

namespace {

using diary::app::detail::Relay;

// Items whose strings differ in length from one to the next, so a reused slot's copy must
// take the new length, not keep the old one.
std::string item(int i) { return std::to_string(i) + std::string(static_cast<std::size_t>(i % 7) * 5, 'x'); }

}  // namespace

TEST_CASE("relay: every item reaches the helper once, in order, across many reused batches") {
  for (const std::size_t batch : {1u, 3u, 256u}) {
    std::vector<std::string> seen;
    std::thread::id where;
    Relay<std::string> relay(
        [&](const std::string& s) {
          where = std::this_thread::get_id();
          seen.push_back(s);
        },
        batch, 2, true);  // a helper even on one core: this is the helper's test
    const int n = 1000;   // many times batch x depth: slots come back and are filled again
    std::string buffer;
    for (int i = 0; i < n; ++i) {
      buffer = item(i);
      relay.swap_in(buffer);
    }
    relay.finish();
    REQUIRE(seen.size() == static_cast<std::size_t>(n));
    for (int i = 0; i < n; ++i) CHECK(seen[static_cast<std::size_t>(i)] == item(i));
    CHECK(where != std::this_thread::get_id());
  }
}

TEST_CASE("relay: nothing pushed, finish returns at once") {
  int calls = 0;
  Relay<int> relay([&](const int&) { ++calls; }, 256, 4, true);
  relay.finish();
  CHECK(calls == 0);
}

TEST_CASE("relay: the helper's exception reaches the reader, and the reader stops being fed") {
  std::atomic<int> calls = 0;
  Relay<int> relay(
      [&](const int& i) {
        ++calls;
        if (i == 10) throw std::runtime_error("row 10 would not fit");
      },
      4, 2, true);
  bool thrown = false;
  try {
    for (int i = 0; i < 100000; ++i) {
      int item = i;
      relay.swap_in(item);
    }
    relay.finish();
  } catch (const std::runtime_error& e) {
    thrown = true;
    CHECK(std::string(e.what()) == "row 10 would not fit");
  }
  CHECK(thrown);
  // Items after the failing one are never worked on, and the reader learns of the failure
  // long before the end: a swap waits for a free batch, which comes back only after the
  // helper has seen the error.
  CHECK(calls.load() == 11);
}

TEST_CASE("relay: a reader that fails midway is left without a thread or a wait") {
  std::atomic<int> calls = 0;
  {
    Relay<int> relay([&](const int&) { ++calls; }, 8, 2, true);
    for (int i = 0; i < 20; ++i) {
      int item = i;
      relay.swap_in(item);
    }
    // No finish(): the destructor stops the helper, dropping what it had not yet taken.
  }
  CHECK(calls.load() <= 16);  // the partly filled third batch was never handed on
  CHECK(calls.load() % 8 == 0);
}

TEST_CASE("relay: items swapped in arrive in order, and the reader gets earlier items back to write over") {
  std::vector<std::string> seen;
  Relay<std::string> relay([&](const std::string& s) { seen.push_back(s); }, 4, 2, true);
  std::string buffer;
  std::vector<std::string> given_back;
  const int n = 100;
  for (int i = 0; i < n; ++i) {
    buffer = item(i);  // written over, as the store reads a row into its Episode
    relay.swap_in(buffer);
    given_back.push_back(buffer);
  }
  relay.finish();
  REQUIRE(seen.size() == static_cast<std::size_t>(n));
  for (int i = 0; i < n; ++i) CHECK(seen[static_cast<std::size_t>(i)] == item(i));
  // While the slots are first filled the item is copied; after, each swap hands back an
  // item the helper is done with, never one still waiting to be worked on.
  for (int i = 0; i < 8; ++i) CHECK(given_back[static_cast<std::size_t>(i)] == item(i));
  for (int i = 8; i < n; ++i) CHECK(given_back[static_cast<std::size_t>(i)] == item(i - 8));
}

TEST_CASE("relay: without a helper (one core), each item is consumed at once on the reader's thread") {
  std::vector<std::string> seen;
  bool same_thread = true;
  const auto reader = std::this_thread::get_id();
  Relay<std::string> relay(
      [&](const std::string& s) {
        same_thread = same_thread && std::this_thread::get_id() == reader;
        if (s == item(7)) throw std::runtime_error("item 7");
        seen.push_back(s);
      },
      4, 2, false);
  std::string buffer;
  for (int i = 0; i < 7; ++i) {
    buffer = item(i);
    relay.swap_in(buffer);
    CHECK(seen.size() == static_cast<std::size_t>(i + 1));  // already done, not waiting in a batch
  }
  buffer = item(7);
  CHECK_THROWS_WITH(relay.swap_in(buffer), "item 7");
  relay.finish();
  CHECK(same_thread);
  REQUIRE(seen.size() == 7u);
  for (int i = 0; i < 7; ++i) CHECK(seen[static_cast<std::size_t>(i)] == item(i));
}
