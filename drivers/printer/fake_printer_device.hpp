#pragma once
// A receipt printer on a fake link, for tests: it records the ESC/POS the driver sends and
// answers DLE EOT n from a condition the test sets (paper out, cover open, …).
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "drivers/printer/escpos.hpp"
#include "drivers/transport/fake_transport.hpp"

namespace ow::drivers::printer {

class FakeReceiptPrinter {
 public:
  explicit FakeReceiptPrinter(std::string description = "fake receipt printer");
  ~FakeReceiptPrinter();  // the link may outlive it: it stops answering
  FakeReceiptPrinter(const FakeReceiptPrinter&) = delete;
  FakeReceiptPrinter& operator=(const FakeReceiptPrinter&) = delete;

  std::unique_ptr<Transport> transport() { return link_->transport(); }
  FakeLink& link() { return *link_; }

  void set_condition(const PrinterCondition& c);
  // Everything the driver sent except the status queries (what would reach the paper).
  std::vector<std::uint8_t> printed() const;
  std::size_t status_queries() const;
  // Waits until the printed bytes contain `needle` (e.g. a cut command), at most `timeout`.
  bool wait_printed(const std::vector<std::uint8_t>& needle, Millis timeout) const;

 private:
  std::shared_ptr<FakeLink> link_;
  mutable std::mutex mu_;
  mutable std::condition_variable cv_;
  PrinterCondition condition_;
  std::vector<std::uint8_t> printed_;
  std::size_t queries_ = 0;
  std::vector<std::uint8_t> pending_;  // a DLE EOT cut across two writes
};

}  // namespace ow::drivers::printer
