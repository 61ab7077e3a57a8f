// The PC/SC reader's own code against the in-process PC/SC (fake_pcsc.hpp): a social security card
// inserted is read through the real APDU exchange, a card without the application is rejected,
// removal and pcscd going away are noticed. Waits are on conditions with timeouts, never sleeps.
#include <doctest/doctest.h>

#include <condition_variable>
#include <mutex>

#include "drivers/smartcard/fake_pcsc.hpp"
#include "drivers/smartcard/pcsc_reader.hpp"

using namespace ow::drivers;
using namespace ow::drivers::smartcard;
using namespace std::chrono_literals;

namespace {

struct Events {
  std::mutex mu;
  std::condition_variable cv;
  std::vector<SmartcardEvent> items;
  void put(SmartcardEvent e) {
    std::lock_guard lock(mu);
    items.push_back(std::move(e));
    cv.notify_all();
  }
  template <class T>
  const T* wait_for_kind(std::size_t nth = 0) {
    std::unique_lock lock(mu);
    const T* found = nullptr;
    cv.wait_for(lock, 5s, [&] {
      std::size_t seen = 0;
      for (auto& e : items)
        if (auto* t = std::get_if<T>(&e); t && seen++ == nth) return (found = t) != nullptr;
      return false;
    });
    return found;
  }
  bool wait_state(DeviceState want) {
    std::unique_lock lock(mu);
    return cv.wait_for(lock, 5s, [&] {
      for (auto it = items.rbegin(); it != items.rend(); ++it)
        if (auto* s = std::get_if<StatusChangedEvent>(&*it)) return s->state == want;
      return false;
    });
  }
};

}  // namespace

TEST_CASE("the PC/SC reader reads a social security card from the in-process PC/SC") {
  auto pcsc = std::make_shared<FakePcsc>();
  Events events;
  PcscConfig config;
  config.api = pcsc;
  config.retry_interval = 20ms;
  PcscReader reader(config, [&](SmartcardEvent e) { events.put(std::move(e)); });
  reader.start();
  REQUIRE(events.wait_state(DeviceState::Online));
  CHECK(reader.status().readers == std::vector<std::string>{"OneWindow Fake Reader 00 00"});

  pcsc->insert(SscardFixture{});
  const auto* read = events.wait_for_kind<CardReadEvent>();
  REQUIRE(read);
  CHECK(read->card.identification.card_number.str() == "A12345678");
  CHECK(read->card.identification.identification_code.str() == "330100D156000005");
  CHECK(read->card.identification.region_code == "330100");
  CHECK(read->card.identification.third_generation());
  CHECK(read->card.identification.expiry_date.iso() == "2031-05-20");
  CHECK(reader.status().card_present);

  pcsc->remove();
  REQUIRE(events.wait_for_kind<CardRemovedEvent>());

  SscardFixture bank;
  bank.social_security = false;
  pcsc->insert(bank);
  const auto* rejected = events.wait_for_kind<CardRejectedEvent>();
  REQUIRE(rejected);
  CHECK(rejected->error.failure == ReadFailure::NotSocialSecurityCard);
  CHECK(pcsc->connects() == 2);

  // pcscd stops: the reader says so and comes back with the service.
  pcsc->set_service(false);
  REQUIRE(events.wait_state(DeviceState::NoDevice));
  pcsc->set_service(true);
  REQUIRE(events.wait_state(DeviceState::Online));
  reader.stop();
}
