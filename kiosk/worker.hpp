#pragma once
// One background thread that runs jobs in order, so disk and network never block the UI thread.
#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>

#include "base/unique_function.hpp"

namespace ow {

class Worker {
 public:
  Worker();
  ~Worker();  // finishes the queued jobs, then joins
  Worker(const Worker&) = delete;
  Worker& operator=(const Worker&) = delete;

  void post(UniqueFunction<void()> job);  // move-only: a job may carry personal data

 private:
  void run();
  std::mutex mutex_;
  std::condition_variable cv_;
  std::deque<UniqueFunction<void()>> jobs_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace ow
