// The PC/SC driver against a real pcscd with the vpcd virtual reader and a virtual third-generation
// social security card (smartcard_vpcd_fixture). Where pcscd cannot run, each case says why and
// skips.
#include <doctest/doctest.h>

#include <condition_variable>
#include <deque>
#include <mutex>
#include <optional>

#include "drivers/device_adapters.hpp"
#include "drivers/smartcard/pcsc_reader.hpp"
#include "tests/drivers/smartcard_pcscd_env.hpp"
#include "tests/drivers/smartcard_vpcd_fixture.hpp"

using namespace ow::drivers;
using namespace ow::drivers::smartcard;
using ow::test::PrivatePcscd;
using ow::test::VirtualSsCardSpec;
using ow::test::VpcdCardFixture;

namespace {

// Generous: only a hang fails on these, nothing measures them.
constexpr auto kWait = std::chrono::seconds(10);

// Collects the driver's events (posted on its worker thread) for the test thread to wait on.
class Events {
 public:
  void push(SmartcardEvent e) {
    {
      std::lock_guard lock(mu_);
      events_.push_back(std::move(e));
    }
    cv_.notify_all();
  }
  // The first not-yet-taken event of type T that satisfies `pred`; earlier events of other types
  // stay queued.
  template <class T, class Pred>
  std::optional<T> wait_for(Pred pred, std::chrono::milliseconds timeout = kWait) {
    std::unique_lock lock(mu_);
    std::optional<T> found;
    cv_.wait_for(lock, timeout, [&] {
      for (auto it = events_.begin(); it != events_.end(); ++it) {
        if (auto* t = std::get_if<T>(&*it); t && pred(*t)) {
          found = std::move(*t);
          events_.erase(it);
          return true;
        }
      }
      return false;
    });
    return found;
  }
  template <class T>
  std::optional<T> wait_for(std::chrono::milliseconds timeout = kWait) {
    return wait_for<T>([](const T&) { return true; }, timeout);
  }
  template <class T>
  int count() {
    std::lock_guard lock(mu_);
    int n = 0;
    for (auto& e : events_) n += std::holds_alternative<T>(e) ? 1 : 0;
    return n;
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<SmartcardEvent> events_;
};

auto state_is(DeviceState s) {
  return [s](const StatusChangedEvent& e) { return e.state == s; };
}

// pcscd + vpcd + a driver watching only the virtual reader's first slot.
struct Rig {
  PrivatePcscd pcscd;
  Events events;
  std::unique_ptr<PcscReader> reader;
  std::unique_ptr<VpcdCardFixture> card;

  // Empty when running; otherwise why this machine cannot run pcscd.
  std::string up() {
    if (auto why = pcscd.start(); !why.empty()) return why;
    card = std::make_unique<VpcdCardFixture>(pcscd.vpcd_port());
    reader = std::make_unique<PcscReader>(PcscConfig{pcscd.reader_name(), std::chrono::milliseconds(100)},
                                          [this](SmartcardEvent e) { events.push(std::move(e)); });
    reader->start();
    return {};
  }
  ~Rig() {
    if (reader) reader->stop();
    if (card) card->remove();
    pcscd.stop();
  }
};

#define SKIP_WITHOUT_PCSCD(rig)                                         \
  if (auto why = (rig).up(); !why.empty()) {                            \
    MESSAGE("skipped: pcscd cannot run here: " << why);                 \
    return;                                                             \
  }

}  // namespace

TEST_CASE("pcscd not running: no_device with a clear message, then recovery when it starts") {
  PrivatePcscd pcscd;
  if (!pcscd.unavailable().empty()) {
    MESSAGE("skipped: " << pcscd.unavailable());
    return;
  }
  Events events;
  PcscReader reader(PcscConfig{"", std::chrono::milliseconds(100)}, [&](SmartcardEvent e) { events.push(std::move(e)); });
  reader.start();
  auto down = events.wait_for<StatusChangedEvent>(state_is(DeviceState::NoDevice));
  REQUIRE(down);
  CHECK(down->message.find("pcscd") != std::string::npos);
  CHECK(down->message.find(PrivatePcscd::socket_path()) != std::string::npos);
  CHECK(reader.status().state == DeviceState::NoDevice);
  CHECK_FALSE(reader.check_health(HealthLevel::External).passed);

  if (auto why = pcscd.start(); !why.empty()) {
    MESSAGE("skipped the recovery half: pcscd cannot run here: " << why);
    return;
  }
  auto up = events.wait_for<StatusChangedEvent>(state_is(DeviceState::Online));
  REQUIRE(up);
  const auto st = reader.status();
  CHECK(std::find(st.readers.begin(), st.readers.end(), pcscd.reader_name()) != st.readers.end());
  auto health = reader.check_health(HealthLevel::External);
  CHECK(health.passed);
  CHECK(health.text.find(pcscd.reader_name()) != std::string::npos);
  reader.stop();
  pcscd.stop();
}

TEST_CASE("insert a third-generation card, read it, remove it") {
  Rig rig;
  SKIP_WITHOUT_PCSCD(rig);
  REQUIRE(rig.events.wait_for<StatusChangedEvent>(state_is(DeviceState::Online)));

  REQUIRE(rig.card->insert(VirtualSsCardSpec{}));
  auto read = rig.events.wait_for<CardReadEvent>();
  REQUIRE(read);
  CHECK(read->reader == rig.pcscd.reader_name());
  const auto& id = read->card.identification;
  CHECK(id.identification_code == "330100D156000005");
  CHECK(id.region_code == "330100");
  CHECK(id.spec_version == "3.00");
  CHECK(id.third_generation());
  CHECK(id.card_type == "1");
  CHECK(id.institution == "330100000001");
  CHECK(id.issue_date.iso() == "2024-03-15");
  CHECK(id.expiry_date.iso() == "2039-12-31");
  CHECK(id.card_number == "A12345678");
  CHECK_FALSE(read->expired);
  CHECK(read->card.personal == PersonalData::NeedsPsam);
  // SELECT (61xx → GET RESPONSE) + SELECT EF05 + 7 × (READ RECORD → 6Cxx → READ RECORD again).
  CHECK(rig.card->apdus_answered() == 2 + 1 + 14);
  CHECK(rig.reader->status().card_present);
  CHECK(rig.reader->status().counters.operations == 1);

  rig.card->remove();
  auto removed = rig.events.wait_for<CardRemovedEvent>();
  REQUIRE(removed);
  CHECK(removed->reader == rig.pcscd.reader_name());
  CHECK_FALSE(rig.reader->status().card_present);
  CHECK(rig.events.count<CardRejectedEvent>() == 0);
}

TEST_CASE("a card without the social security application is rejected (6A82)") {
  Rig rig;
  SKIP_WITHOUT_PCSCD(rig);
  VirtualSsCardSpec spec;
  spec.has_application = false;
  REQUIRE(rig.card->insert(spec));
  auto rejected = rig.events.wait_for<CardRejectedEvent>();
  REQUIRE(rejected);
  CHECK(rejected->error.failure == ReadFailure::NotSocialSecurityCard);
  CHECK(rejected->error.message.find("6A82") != std::string::npos);
  CHECK(rig.events.count<CardReadEvent>() == 0);
  CHECK(rig.reader->status().counters.errors >= 1);
}

TEST_CASE("an expired card is read and flagged expired") {
  Rig rig;
  SKIP_WITHOUT_PCSCD(rig);
  VirtualSsCardSpec spec;
  spec.expiry_bcd = "20191231";
  REQUIRE(rig.card->insert(spec));
  auto read = rig.events.wait_for<CardReadEvent>();
  REQUIRE(read);
  CHECK(read->expired);
  CHECK(read->card.identification.expiry_date.iso() == "2019-12-31");
}

TEST_CASE("a card pulled out in the middle of the read is reported as removed, then the next card reads") {
  Rig rig;
  SKIP_WITHOUT_PCSCD(rig);
  VirtualSsCardSpec spec;
  spec.disconnect_after_apdus = 6;  // after SELECT, GET RESPONSE, SELECT EF05 and part of the records
  REQUIRE(rig.card->insert(spec));
  auto rejected = rig.events.wait_for<CardRejectedEvent>();
  REQUIRE(rejected);
  CHECK_MESSAGE(rejected->error.failure == ReadFailure::Removed, rejected->error.message);
  REQUIRE(rig.events.wait_for<CardRemovedEvent>());
  CHECK(rig.events.count<CardReadEvent>() == 0);

  REQUIRE(rig.card->insert(VirtualSsCardSpec{}));
  auto read = rig.events.wait_for<CardReadEvent>();
  REQUIRE(read);
  CHECK(read->card.identification.card_number == "A12345678");
}

TEST_CASE("the reader vanishing: card peer disconnects, then pcscd itself goes away and comes back") {
  Rig rig;
  SKIP_WITHOUT_PCSCD(rig);
  REQUIRE(rig.card->insert(VirtualSsCardSpec{}));
  REQUIRE(rig.events.wait_for<CardReadEvent>());

  // The virtual reader's peer disconnects while the card sits idle.
  rig.card->remove();
  REQUIRE(rig.events.wait_for<CardRemovedEvent>());

  // The whole PC/SC service vanishes with a card inserted: removal plus no_device, no hang.
  REQUIRE(rig.card->insert(VirtualSsCardSpec{}));
  REQUIRE(rig.events.wait_for<CardReadEvent>());
  rig.pcscd.stop();
  rig.card->remove();
  REQUIRE(rig.events.wait_for<CardRemovedEvent>());
  auto down = rig.events.wait_for<StatusChangedEvent>(state_is(DeviceState::NoDevice));
  REQUIRE(down);
  CHECK(down->message.find("pcscd") != std::string::npos);

  // pcscd back (with a new port): the driver reconnects by itself and reads again.
  if (auto why = rig.pcscd.start(); !why.empty()) FAIL("pcscd did not restart: " << why);
  REQUIRE(rig.events.wait_for<StatusChangedEvent>(state_is(DeviceState::Online)));
  rig.card = std::make_unique<VpcdCardFixture>(rig.pcscd.vpcd_port());
  REQUIRE(rig.card->insert(VirtualSsCardSpec{}));
  REQUIRE(rig.events.wait_for<CardReadEvent>());
}

TEST_CASE("interactive health check passes when a technician's test card is read") {
  Rig rig;
  SKIP_WITHOUT_PCSCD(rig);
  REQUIRE(rig.events.wait_for<StatusChangedEvent>(state_is(DeviceState::Online)));
  CHECK(rig.reader->check_health(HealthLevel::Internal).passed);
  CHECK_FALSE(rig.reader->check_health(HealthLevel::Interactive, std::chrono::milliseconds(200)).passed);
  std::thread technician([&] { rig.card->insert(VirtualSsCardSpec{}); });
  auto h = rig.reader->check_health(HealthLevel::Interactive, kWait);
  technician.join();
  CHECK(h.passed);
}

TEST_CASE("a technician's test read through the device adapter: the card's numbers come back marked for masking") {
  Rig rig;
  SKIP_WITHOUT_PCSCD(rig);
  REQUIRE(rig.events.wait_for<StatusChangedEvent>(state_is(DeviceState::Online)));
  auto adapter = adapt(*rig.reader);
  const auto actions = adapter->actions();
  REQUIRE(actions.size() == 1);
  CHECK(actions[0].id == "read_card");
  std::optional<ActionResult> result;
  std::thread technician([&] { rig.card->insert(VirtualSsCardSpec{}); });
  adapter->run_action("read_card", [&](ActionResult r) { result = std::move(r); });
  technician.join();
  REQUIRE(result);
  CHECK(result->passed);
  CHECK(result->text.find("A12345678") == std::string::npos);
  auto kind_of = [&](const std::string& key, const std::string& value) {
    for (const auto& f : result->fields)
      if (f.key == key && f.value == value) return static_cast<int>(f.kind);
    return -1;
  };
  CHECK(kind_of("card_number", "A12345678") == static_cast<int>(FieldKind::CardNumber));
  CHECK(kind_of("expiry", "2039-12-31") == static_cast<int>(FieldKind::Plain));
  bool code_is_personal = false;
  for (const auto& f : result->fields)
    if (f.key == "identification_code") code_is_personal = f.kind == FieldKind::IdNumber && f.value.size() == 16;
  CHECK(code_is_personal);
}
