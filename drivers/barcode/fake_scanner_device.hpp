#pragma once
// A serial QR / barcode scanner on a fake link, for tests: each scan is a line the device sends.
#include <memory>
#include <string>
#include <string_view>

#include "drivers/transport/fake_transport.hpp"

namespace ow::drivers::barcode {

class FakeBarcodeScanner {
 public:
  explicit FakeBarcodeScanner(std::string description = "fake barcode scanner")
      : link_(FakeLink::create(std::move(description))) {}
  std::unique_ptr<Transport> transport() { return link_->transport(); }
  FakeLink& link() { return *link_; }
  // The scanner reads a code: its text and the configured suffix go down the line.
  void scan(std::string_view text, std::string_view suffix = "\r\n") {
    link_->device_send(std::string(text) + std::string(suffix));
  }

 private:
  std::shared_ptr<FakeLink> link_;
};

}  // namespace ow::drivers::barcode
