// The ID card Reader (driver worker) against `devsim idcard` on a pty: every card type, every
// injected fault, and recovery after the device vanishes and comes back.
#include <doctest/doctest.h>

#include <algorithm>
#include <condition_variable>
#include <functional>
#include <mutex>

#include "drivers/idcard/reader.hpp"
#include "tests/integration/idcard_sim_process.hpp"
#include "tools/devsim/idcard_sim.hpp"

using namespace ow::drivers;
using namespace ow::drivers::idcard;
using namespace std::chrono_literals;

namespace {

// Collects the reader's callbacks (from its worker thread) for the test thread to wait on.
struct Events {
  std::mutex mu;
  std::condition_variable cv;
  std::vector<CardData> cards;
  std::vector<DeviceError> errors;
  std::vector<ReaderStatus> statuses;
  int removed = 0;

  ReaderEvents callbacks() {
    ReaderEvents e;
    e.card_read = [this](CardData c) { push([&] { cards.push_back(std::move(c)); }); };
    e.card_removed = [this] { push([&] { ++removed; }); };
    e.status_changed = [this](const ReaderStatus& s) { push([&] { statuses.push_back(s); }); };
    e.error = [this](const DeviceError& err) { push([&] { errors.push_back(err); }); };
    return e;
  }
  void push(const std::function<void()>& f) {
    {
      std::lock_guard lock(mu);
      f();
    }
    cv.notify_all();
  }
  bool wait(const std::function<bool()>& pred, std::chrono::milliseconds timeout = 5s) {
    std::unique_lock lock(mu);
    return cv.wait_for(lock, timeout, pred);
  }
  bool wait_state(DeviceState s, std::chrono::milliseconds timeout = 5s) {
    return wait([&] { return !statuses.empty() && statuses.back().state == s; }, timeout);
  }
  bool has_error(const std::string& needle) {
    std::lock_guard lock(mu);
    for (const auto& e : errors)
      if (e.message.find(needle) != std::string::npos) return true;
    return false;
  }
  DeviceError error_at(bool last) {
    std::lock_guard lock(mu);
    return errors.empty() ? DeviceError{} : (last ? errors.back() : errors.front());
  }
  std::size_t error_count() {
    std::lock_guard lock(mu);
    return errors.size();
  }
  std::size_t card_count() {
    std::lock_guard lock(mu);
    return cards.size();
  }
};

ReaderConfig config_for(const IdcardSimProcess& sim) {
  ReaderConfig c;
  c.transport.port = sim.link();
  c.transport.baud = 115200;
  c.reply_margin = 150ms;  // the simulator's stall is 800 ms: well past this
  c.reconnect_interval = 150ms;
  c.idle_check_interval = 0ms;
  c.read_extra_address = true;
  return c;
}

std::vector<std::string> sim_args() { return {"--stall-ms", "800", "--vanish-ms", "300"}; }

// devsim idcard (with the stall and vanish times above) and a Reader on it, started and online.
struct OnlineReader {
  IdcardSimProcess sim{sim_args()};
  Events ev;
  Reader reader{config_for(sim), ev.callbacks()};
  OnlineReader() {
    REQUIRE(sim.ok());
    reader.start();
    REQUIRE(ev.wait_state(DeviceState::Online));
  }
};

}  // namespace

TEST_CASE_FIXTURE(OnlineReader, "every fixture type is read, parsed and reported, and removal is noticed") {
  CHECK(sim.first_path().rfind("/dev/pts/", 0) == 0);
  CHECK(reader.status().sam_ok);
  reader.set_wanted(true);

  auto read_fixture = [&](const std::string& id) -> CardData {
    const std::size_t before = ev.card_count();
    REQUIRE(sim.command("place " + id) == "ok");
    REQUIRE(ev.wait([&] { return ev.cards.size() > before; }));
    std::lock_guard lock(ev.mu);
    return ev.cards.back().clone();
  };
  auto lift = [&] {
    int before = 0;
    {
      std::lock_guard lock(ev.mu);
      before = ev.removed;
    }
    REQUIRE(sim.command("remove") == "ok");
    REQUIRE(ev.wait([&] { return ev.removed > before; }));
  };

  const CardData male = read_fixture("resident_male");
  CHECK(male.type == CardType::ResidentId);
  CHECK(male.name == "测试甲");
  CHECK(male.ethnicity == "汉");
  CHECK(male.birth_date == "1980-01-01");
  CHECK(male.id_number == "110105198001011238");
  CHECK(male.valid_to == "2040-06-01");
  CHECK_FALSE(male.expired);
  CHECK(male.extra_address.empty());
  std::string err;
  auto fixtures = ow::devsim::load_fixtures(OW_IDCARD_FIXTURES, &err);
  REQUIRE(fixtures);
  CHECK(male.photo_wlt == ow::devsim::fixture_wlt(fixtures->front()));  // raw bytes, untouched
  CHECK(reader.status().card_present);
  lift();
  CHECK_FALSE(reader.status().card_present);

  const CardData longterm = read_fixture("resident_longterm");
  CHECK(longterm.long_term);
  CHECK(longterm.sex == Sex::Female);
  CHECK(longterm.ethnicity == "蒙古");
  CHECK(longterm.extra_address == "示例省样本市新址路8号");
  lift();

  const CardData expired = read_fixture("resident_expired");
  CHECK(expired.expired);
  lift();

  const CardData permit = read_fixture("permit_hk");
  CHECK(permit.type == CardType::HkMacauTaiwanPermit);
  CHECK(permit.pass_number == "H90000001");
  lift();

  const CardData foreigner = read_fixture("foreigner");
  CHECK(foreigner.type == CardType::ForeignerPermanent);
  CHECK(foreigner.name_en == "SAMPLE, TEST PERSON");
  CHECK(foreigner.nationality == "CAN");
  lift();

  // An unknown type character: reported as unsupported, never delivered as a card.
  const std::size_t cards_before = ev.card_count();
  REQUIRE(sim.command("place foreigner_2023") == "ok");
  REQUIRE(ev.wait([&] { return !ev.errors.empty() && ev.errors.back().code == DeviceErrorCode::Unsupported; }));
  CHECK(ev.has_error("unsupported card type"));
  CHECK(ev.card_count() == cards_before);
  reader.stop();
}

TEST_CASE_FIXTURE(OnlineReader, "no polling while nobody wants a card; health checks at three levels") {
  REQUIRE(sim.command("place resident_male") == "ok");
  std::this_thread::sleep_for(700ms);
  CHECK(ev.card_count() == 0);  // not wanted: never read
  CHECK(sim.command("status").find("reads=0") != std::string::npos);

  std::mutex m;
  std::condition_variable cv;
  std::vector<HealthResult> results;
  auto done = [&](HealthResult r) {
    std::lock_guard lock(m);
    results.push_back(std::move(r));
    cv.notify_all();
  };
  auto wait_results = [&](std::size_t n, std::chrono::milliseconds t) {
    std::unique_lock lock(m);
    return cv.wait_for(lock, t, [&] { return results.size() >= n; });
  };
  reader.check_health(HealthLevel::Internal, done);
  reader.check_health(HealthLevel::External, done);
  REQUIRE(wait_results(2, 3s));
  CHECK(results[0].passed);
  CHECK(results[0].text.find("state online") != std::string::npos);
  CHECK(results[1].passed);
  CHECK(results[1].text.find("SAM ID 05000100") != std::string::npos);

  // Interactive: the test card is read for the technician, not as a citizen's card.
  reader.check_health(HealthLevel::Interactive, done);
  REQUIRE(wait_results(3, 5s));
  CHECK(results[2].passed);
  CHECK(results[2].text.find("resident_id") != std::string::npos);
  CHECK(results[2].text.find("110105") == std::string::npos);
  CHECK(ev.card_count() == 0);
  reader.stop();
}

TEST_CASE_FIXTURE(OnlineReader, "injected faults are reported and the reader recovers from each") {
  reader.set_wanted(true);

  auto expect_read = [&](const char* fixture) {
    const std::size_t before = ev.card_count();
    REQUIRE(sim.command(std::string("place ") + fixture) == "ok");
    REQUIRE(ev.wait([&] { return ev.cards.size() > before; }));
  };
  auto lift = [&] {
    REQUIRE(sim.command("remove") == "ok");
    REQUIRE(ev.wait([&] { return !ev.statuses.empty() && !ev.statuses.back().card_present; }));
  };

  SUBCASE("no card: find fails while the card lies there, until the fault clears") {
    REQUIRE(sim.command("fault no_card") == "ok");
    REQUIRE(sim.command("place resident_male") == "ok");
    std::this_thread::sleep_for(800ms);
    CHECK(ev.card_count() == 0);
    CHECK_FALSE(reader.status().card_present);
    REQUIRE(sim.command("fault none") == "ok");
    REQUIRE(ev.wait([&] { return ev.cards.size() == 1; }));
  }

  SUBCASE("select and read failures ask for the card to be placed again") {
    for (const char* fault : {"select_fail", "read_fail"}) {
      CAPTURE(fault);
      const std::size_t errors = ev.error_count();
      REQUIRE(sim.command(std::string("fault ") + fault) == "ok");
      REQUIRE(sim.command("place resident_male") == "ok");
      REQUIRE(ev.wait([&] { return ev.errors.size() > errors; }));
      CHECK(ev.error_at(true).code == DeviceErrorCode::DeviceStatus);
      CHECK(ev.has_error("lift the card and place it again"));
      REQUIRE(sim.command("fault none") == "ok");
      std::this_thread::sleep_for(700ms);
      CHECK(ev.card_count() == 0);  // the same placement is not retried
      lift();
      expect_read("resident_male");
      lift();
      std::lock_guard lock(ev.mu);
      ev.cards.clear();
    }
    CHECK(ev.has_error("selecting the card failed"));
    CHECK(ev.has_error("reading the card failed"));
  }

  SUBCASE("one reply with a bad checksum is an error; the read then succeeds") {
    REQUIRE(sim.command("fault bad_checksum 1") == "ok");
    expect_read("resident_male");
    CHECK(ev.has_error("checksum"));
    CHECK(reader.status().state == DeviceState::Online);
  }

  SUBCASE("garbage before every reply and replies split into tiny writes are absorbed") {
    REQUIRE(sim.command("fault garbage") == "ok");
    expect_read("resident_male");
    lift();
    REQUIRE(sim.command("fault split") == "ok");
    expect_read("resident_longterm");
    CHECK(ev.error_count() == 0);
    std::lock_guard lock(ev.mu);
    CHECK(ev.cards.back().name == "样例乙");
  }

  SUBCASE("a stall longer than the timeout, once, then for good: offline, then back") {
    REQUIRE(sim.command("fault stall 1") == "ok");
    REQUIRE(ev.wait([&] { return !ev.errors.empty(); }));
    CHECK(ev.error_at(true).code == DeviceErrorCode::Timeout);
    expect_read("resident_male");  // the late reply was discarded, not mistaken for another
    lift();
    REQUIRE(sim.command("fault stall") == "ok");
    REQUIRE(ev.wait_state(DeviceState::Offline));
    REQUIRE(sim.command("fault none") == "ok");
    REQUIRE(ev.wait_state(DeviceState::Online));
    expect_read("resident_expired");
  }

  SUBCASE("persistent bad checksums take the link down until they stop") {
    REQUIRE(sim.command("fault bad_checksum") == "ok");
    REQUIRE(ev.wait_state(DeviceState::Offline));
    REQUIRE(sim.command("fault none") == "ok");
    REQUIRE(ev.wait_state(DeviceState::Online));
    expect_read("permit_hk");
  }

  SUBCASE("the device vanishes and comes back at the same link") {
    REQUIRE(sim.command("place resident_male") == "ok");
    REQUIRE(ev.wait([&] { return ev.cards.size() == 1; }));
    REQUIRE(sim.command("fault vanish") == "ok");
    REQUIRE(ev.wait_state(DeviceState::Offline));
    {
      std::lock_guard lock(ev.mu);
      CHECK(std::any_of(ev.errors.begin(), ev.errors.end(), [](const DeviceError& e) { return e.code == DeviceErrorCode::Io; }));
    }
    const std::string new_path = sim.read_line(3s);
    CHECK(new_path.rfind("/dev/pts/", 0) == 0);
    REQUIRE(ev.wait_state(DeviceState::Online));
    CHECK(reader.status().sam_ok);
    // The reader lost power with the card on it: the card is read again, as a real one would be.
    REQUIRE(ev.wait([&] { return ev.cards.size() == 2; }));
  }
  reader.stop();
}

TEST_CASE("a port that never existed is no_device, and stop() does not hang") {
  Events ev;
  ReaderConfig c;
  c.transport.port = "/tmp/ow-no-such-reader";
  c.reconnect_interval = 100ms;
  Reader reader(c, ev.callbacks());
  reader.start();
  REQUIRE(ev.wait([&] { return !ev.errors.empty(); }));
  CHECK(ev.error_at(false).code == DeviceErrorCode::NoDevice);
  CHECK(reader.status().state == DeviceState::NoDevice);
  reader.set_wanted(true);
  std::this_thread::sleep_for(300ms);
  CHECK(ev.error_count() == 1);  // repeated reconnect failures are reported once
  reader.stop();
}
