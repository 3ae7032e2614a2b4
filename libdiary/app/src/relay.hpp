#pragma once
// Items handed in order from the thread that reads the diary (the only one that touches its
// Store) to one helper thread that does the work that follows, so that reading and that
// work overlap on two cores. Items travel in batches (a lock per batch, not per item),
// at most `depth` batches at a time, and the batches' slots are reused: memory stays
// bounded and a slot's strings keep their capacity from one item to the next.
#include <condition_variable>
#include <cstddef>
#include <exception>
#include <functional>
#include <mutex>
#include <optional>
#include <thread>
#include <utility>
#include <vector>

#include <sched.h>

namespace diary::app::detail {

// Whether this process may run on more than one core: taskset and cpusets may allow fewer
// than the machine has (a CPU-time quota, as `docker --cpus=1`, is not seen here).
inline bool several_cores() {
  cpu_set_t set;
  return sched_getaffinity(0, sizeof set, &set) == 0 ? CPU_COUNT(&set) > 1 : std::thread::hardware_concurrency() > 1;
}

template <class T>
class Relay {
 public:
  using Consume = std::function<void(const T&)>;

  // With `helper` false (by default on one core, where a second thread only adds the cost
  // of handing over), each item is consumed at once on the reader's thread.
  explicit Relay(Consume consume, std::size_t batch = 256, std::size_t depth = 4, bool helper = several_cores())
      : consume_(std::move(consume)), batch_(batch == 0 ? 1 : batch) {
    if (!helper) return;
    // Room for every batch in either list, so that moving one never allocates (nor throws).
    const std::size_t batches = depth == 0 ? 1 : depth;
    free_.reserve(batches);
    full_.reserve(batches);
    for (std::size_t i = 0; i < batches; ++i) free_.emplace_back();
    helper_ = std::thread([this] { serve(); });
  }
  // Without finish(), as when reading failed: what was not yet taken is dropped.
  ~Relay() { stop(true); }
  Relay(const Relay&) = delete;
  Relay& operator=(const Relay&) = delete;

  // Swaps `item` into the next slot: `item` comes back holding an earlier item, to be
  // written over (a copy only while the slots are first filled). Rethrows the helper's
  // exception, if it had one (without a helper, the consumer's own, at once; finish() then
  // has nothing to add).
  void swap_in(T& item) {
    if (!helper_.joinable()) return consume_(item);
    if (!filling_) filling_ = take_free();
    Batch& b = *filling_;
    if (b.used < b.items.size())
      std::swap(b.items[b.used], item);
    else
      b.items.push_back(item);
    if (++b.used == batch_) hand_on();
  }

  // Hands on what is left and waits until the helper has done it all; rethrows the
  // helper's exception. What the helper wrote is then the caller's to read.
  void finish() {
    if (filling_ && filling_->used > 0) hand_on();
    stop(false);
    if (error_) std::rethrow_exception(error_);
  }

 private:
  struct Batch {
    std::vector<T> items;
    std::size_t used = 0;
  };

  Batch take_free() {
    std::unique_lock hold(lock_);
    changed_.wait(hold, [&] { return !free_.empty() || error_; });
    if (error_) std::rethrow_exception(error_);
    Batch b = std::move(free_.front());
    free_.erase(free_.begin());
    b.used = 0;
    return b;
  }

  void hand_on() {
    {
      std::lock_guard hold(lock_);
      full_.push_back(std::move(*filling_));
    }
    filling_.reset();
    changed_.notify_all();
  }

  void stop(bool drop) {
    if (!helper_.joinable()) return;
    {
      std::lock_guard hold(lock_);
      done_ = true;
      dropping_ = drop;
    }
    changed_.notify_all();
    helper_.join();
  }

  void serve() {
    for (;;) {
      std::optional<Batch> b;
      bool skip = false;
      {
        std::unique_lock hold(lock_);
        changed_.wait(hold, [&] { return !full_.empty() || done_; });
        if (full_.empty() || dropping_) return;
        b.emplace(std::move(full_.front()));
        full_.erase(full_.begin());
        skip = error_ != nullptr;
      }
      if (!skip) work(*b);
      {
        std::lock_guard hold(lock_);
        free_.push_back(std::move(*b));
      }
      changed_.notify_all();
    }
  }

  void work(const Batch& b) {
    try {
      for (std::size_t i = 0; i < b.used; ++i) consume_(b.items[i]);
    } catch (...) {
      std::lock_guard hold(lock_);
      error_ = std::current_exception();
    }
  }

  Consume consume_;
  std::size_t batch_;
  std::optional<Batch> filling_;  // the reader's, outside the lock
  std::mutex lock_;
  std::condition_variable changed_;
  std::vector<Batch> free_, full_;  // in order, first out first; at most `depth` each
  bool done_ = false, dropping_ = false;
  std::exception_ptr error_;
  std::thread helper_;  // last: started once everything above is made
};

}  // namespace diary::app::detail
