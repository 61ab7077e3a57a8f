#include "drivers/printer/fake_printer_device.hpp"

#include <algorithm>

namespace ow::drivers::printer {

FakeReceiptPrinter::FakeReceiptPrinter(std::string description) : link_(FakeLink::create(std::move(description))) {
  link_->set_responder([this](std::span<const std::uint8_t> written) {
    std::lock_guard lock(mu_);
    std::vector<std::uint8_t> in = std::move(pending_);
    pending_.clear();
    in.insert(in.end(), written.begin(), written.end());
    std::vector<std::uint8_t> answer;
    std::size_t i = 0;
    for (; i < in.size(); ++i) {
      // DLE EOT n is answered in real time wherever it appears, as printers do.
      if (in[i] == 0x10 && i + 1 < in.size() && in[i + 1] == 0x04) {
        if (i + 2 >= in.size()) break;  // n still to come
        const int n = in[i + 2];
        if (n >= 1 && n <= 4) {
          answer.push_back(escpos::status_byte(n, condition_));
          ++queries_;
          i += 2;
          continue;
        }
      }
      if (in[i] == 0x10 && i + 1 == in.size()) break;
      printed_.push_back(in[i]);
    }
    pending_.assign(in.begin() + static_cast<std::ptrdiff_t>(i), in.end());
    cv_.notify_all();
    return answer;
  });
}

FakeReceiptPrinter::~FakeReceiptPrinter() { link_->set_responder(nullptr); }

void FakeReceiptPrinter::set_condition(const PrinterCondition& c) {
  std::lock_guard lock(mu_);
  condition_ = c;
}

std::vector<std::uint8_t> FakeReceiptPrinter::printed() const {
  std::lock_guard lock(mu_);
  return printed_;
}

std::size_t FakeReceiptPrinter::status_queries() const {
  std::lock_guard lock(mu_);
  return queries_;
}

bool FakeReceiptPrinter::wait_printed(const std::vector<std::uint8_t>& needle, Millis timeout) const {
  std::unique_lock lock(mu_);
  return cv_.wait_for(lock, timeout, [&] {
    return std::search(printed_.begin(), printed_.end(), needle.begin(), needle.end()) != printed_.end();
  });
}

}  // namespace ow::drivers::printer
