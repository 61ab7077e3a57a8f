#pragma once
// Thread checks, after Chromium's SEQUENCE_CHECKER: an object that belongs to one thread (the UI
// thread, or one worker) declares a checker and checks it in its methods. The checker binds to the
// first thread that checks it; detach() lets the next check bind it again (e.g. after the object was
// built on one thread and handed to a worker). A check from another thread prints where and which
// threads to stderr and aborts.
//
// Active only when OW_THREAD_CHECKS is defined (Debug, sanitizer and test builds; see the top
// CMakeLists.txt); otherwise the member takes no space and the checks compile to nothing.
//
//   class Store {
//     void put() { OW_CHECK_SEQUENCE(sequence_); … }
//     OW_SEQUENCE_CHECKER(sequence_);
//   };
#include <atomic>
#include <thread>

namespace ow {

class SequenceChecker {
 public:
  SequenceChecker() = default;
  // A copy or a moved-to object belongs to no thread yet: it binds on its own first check.
  SequenceChecker(const SequenceChecker&) noexcept {}
  SequenceChecker& operator=(const SequenceChecker&) noexcept { return *this; }

  // Binds to the calling thread if unbound; aborts if bound to another thread.
  void check(const char* file, int line) const noexcept;
  // Forgets the thread; the next check binds again.
  void detach() noexcept { owner_.store(std::thread::id{}, std::memory_order_relaxed); }

 private:
  mutable std::atomic<std::thread::id> owner_{};
};

// What OW_SEQUENCE_CHECKER declares when the checks are off: nothing.
struct SequenceCheckerOff {
  void check(const char*, int) const noexcept {}
  void detach() noexcept {}
};

}  // namespace ow

#ifdef OW_THREAD_CHECKS
#define OW_SEQUENCE_CHECKER(name) ::ow::SequenceChecker name
#define OW_CHECK_SEQUENCE(name) (name).check(__FILE__, __LINE__)
#else
#define OW_SEQUENCE_CHECKER(name) [[no_unique_address]] ::ow::SequenceCheckerOff name
#define OW_CHECK_SEQUENCE(name) static_cast<void>(0)
#endif
#define OW_DETACH_FROM_SEQUENCE(name) (name).detach()
