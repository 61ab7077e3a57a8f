// The proof that personal data wipes itself (issue 18, item 4). This binary links ow_marker_alloc,
// which replaces the global operator new/delete: while a MarkerScan lives, every block handed back
// is searched for the marker before it is freed. A card with a marker name and ID number is placed
// on the in-process fake reader; the kiosk is built by the composition root over the device manager,
// as ui/main.cpp builds it, and a whole card session runs through the real wiring (reader thread →
// posted event → AppCore::update, the store worker's commit, the printing, the rating) driven as
// the UI loop drives it. Then the core is destroyed, and no freed block may have held the marker.
//
// What the scan does not see: memory that C libraries take with malloc() themselves — SQLite (the
// committed submission's pages and statements), libsodium, libcurl, OpenCV's own allocator — and
// the card's UCS-2 bytes in the driver's frame buffers (the marker is searched as UTF-8, the
// kiosk's encoding), nor copies short enough to stay in a std::string's inline buffer (hence the
// markers' length). Memory still allocated when the scan ends is not searched either, which is why
// the core is destroyed first.
#include <doctest/doctest.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <mutex>
#include <string>

#include "drivers/idcard/fake_reader_device.hpp"
#include "kiosk/composition.hpp"
#include "kiosk/devices.hpp"
#include "tests/support/marker_alloc.hpp"

using namespace ow;
using namespace std::chrono_literals;

namespace {

// Both longer than std::string's inline buffer (15 bytes), so that a plain copy lives on the heap
// where the scan sees it; a copy of five CJK characters or fewer would stay inside the string object.
constexpr const char* kMarkerName = "标记人甲乙丙";
constexpr const char* kMarkerId = "440305197208143513";  // valid check digit; used nowhere else
constexpr const char* kPension = "城乡居民基本养老保险参保登记";

drivers::idcard::fake::CardFixture marker_card() {
  drivers::idcard::fake::CardFixture card;
  card.id = "marker";
  card.type = "resident";
  card.name = kMarkerName;
  card.ethnic_code = "01";
  card.birth = "19720814";
  card.address = "示例省演示市测试区标记路7号";
  card.id_number = kMarkerId;
  card.authority = "演示市公安局测试分局";
  card.valid_from = "20200601";
  card.valid_to = "20400601";
  return card;
}

// The UI loop, without SDL: the core's waker stands in for SDL_PushEvent, and the loop runs
// update() whenever it is woken, until what it waits for holds or the timeout passes. It outlives
// the core: a driver's or worker's thread may call the waker until the core has stopped them.
class Loop {
 public:
  Loop() = default;
  Loop(const Loop&) = delete;
  Loop& operator=(const Loop&) = delete;
  void attach(AppCore& core) {
    core_ = &core;
    core.set_waker([this] {
      std::lock_guard lock(mu_);
      ++wakes_;
      cv_.notify_all();
    });
  }

  SteadyTime now() const { return t_; }
  void send(Intent i) {
    core_->dispatch(i, t_ += 1s);
    core_->update(t_);
  }
  template <class P>
  bool until(P done, std::chrono::milliseconds timeout = 10s) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    for (;;) {
      std::size_t seen = 0;
      {
        std::lock_guard lock(mu_);
        seen = wakes_;
      }
      core_->update(t_);
      if (done()) return true;
      std::unique_lock lock(mu_);
      if (!cv_.wait_until(lock, deadline, [&] { return wakes_ != seen; })) return done();
    }
  }
  bool until_screen(ScreenId s, std::chrono::milliseconds timeout = 10s) {
    return until([&] { return core_->screen() == s; }, timeout);
  }
  void advance(std::chrono::seconds by) {
    t_ += by;
    core_->update(t_);
  }

 private:
  AppCore* core_ = nullptr;
  SteadyTime t_ = std::chrono::steady_clock::now();
  std::mutex mu_;
  std::condition_variable cv_;
  std::size_t wakes_ = 0;
};

// Types a plausible value into every field the citizen fills by hand (the card fills the rest).
void fill_form(AppCore& core, Loop& loop) {
  for (const auto& fv : core.application().form_view().fields) {
    if (fv.from_card) continue;
    using catalog::FieldType;
    std::string v;
    switch (fv.field->type) {
      case FieldType::Phone: v = "13900139000"; break;
      case FieldType::IdNumber: continue;
      case FieldType::Number: v = "2"; break;
      case FieldType::Date: v = "1960-05-01"; break;
      case FieldType::Select: v = fv.field->options.front(); break;
      case FieldType::Signature: continue;
      default: v = "测试个体经营部"; break;
    }
    loop.send(intent::SetField{fv.field->key, v});
  }
}

capture::Strokes signature() {
  capture::Strokes s(2);
  for (int i = 0; i <= 20; ++i) s[0].push_back({0.1f + 0.03f * static_cast<float>(i), i % 2 ? 0.3f : 0.7f});
  s[1] = {{0.2f, 0.5f}, {0.8f, 0.5f}};
  return s;
}

// One whole card session while `marker` is scanned for; returns the blocks searched and found.
struct ScanResult {
  std::size_t searched = 0, found = 0;
  bool walked = false;
};

ScanResult card_session_scanned_for(std::string_view marker) {
  const std::filesystem::path dir =
      std::filesystem::temp_directory_path() / ("ow-wipe-proof-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  // The fake reader holds the marker card in plain strings, as the card itself does: it is built
  // before the scan starts and goes after it ends.
  drivers::idcard::fake::FakeIdCardReader reader({marker_card()});
  ScanResult r;
  {
    Config c = default_config();
    c.data_dir = dir / "data";
    c.idcard.port = "/fake/idcard";
    DeviceBuildOptions o;
    o.manager.usb = false;
    o.manager.poll_interval = 20ms;
    o.manager.backoff_base = 20ms;
    o.manager.backoff_cap = 100ms;
    o.manager.counters_file = dir / "counters.json";
    o.manager.dev_root = dir;
    o.manager.sysfs_root = dir;
    o.transports = [&](const drivers::DeviceSpec& spec) -> std::unique_ptr<drivers::Transport> {
      if (spec.name == kIdCardDevice) return reader.transport();
      return nullptr;
    };

    Loop loop;
    test::MarkerScan scan(marker);
    {
      auto devices = build_device_manager(c, o);
      REQUIRE_MESSAGE(devices, devices.error().message);
      auto composed = compose(c, std::move(*devices));
      REQUIRE_MESSAGE(composed, composed.error().message);
      std::unique_ptr<AppCore> core = std::move(*composed);
      {
        loop.attach(*core);
        const auto matter = [&] {
          for (const auto& m : core->catalog().matters)
            if (m.name == kPension) return m.code;
          return std::string();
        }();
        REQUIRE_FALSE(matter.empty());

        REQUIRE(reader.place("marker"));
        REQUIRE(loop.until_screen(ScreenId::Consent));
        reader.remove();
        loop.send(intent::Agree{});
        loop.send(intent::ChooseMatter{matter});
        loop.send(intent::StartApplication{});
        REQUIRE(core->screen() == ScreenId::Form);
        fill_form(*core, loop);
        loop.send(intent::Next{});
        REQUIRE(core->screen() == ScreenId::Materials);
        for (const auto& item : core->materials().materials_view()) {
          if (!item.material->licence_type.empty()) loop.send(intent::UseLicence{item.material->code});
          else if (!item.material->promise.empty()) loop.send(intent::PromiseMaterial{item.material->code});
          else loop.send(intent::DeferMaterial{item.material->code});
        }
        // A clean check result goes straight to the review.
        loop.send(intent::Next{});
        REQUIRE(core->screen() == ScreenId::Review);
        REQUIRE(core->review().prereview_view().passed);
        {
          // The marker is really in the session's memory (the scan can fail): the review shows both in full.
          const ReviewView v = core->review().review_view();
          const auto shows = [&](const char* s) {
            return std::any_of(v.fields.begin(), v.fields.end(), [&](const ReviewItem& i) { return i.value == s; });
          };
          REQUIRE(shows(kMarkerName));
          REQUIRE(shows(kMarkerId));
        }
        loop.send(intent::ChooseDelivery{catalog::Delivery::Window});
        loop.send(intent::Sign{signature()});
        REQUIRE(core->review().review_view().signed_);
        loop.send(intent::Submit{});
        REQUIRE(loop.until_screen(ScreenId::Receipt));
        // The receipt is rendered and printed (or fails to: no printer) on the worker; let it end.
        REQUIRE(loop.until([&] { return core->session().data().print != PrintState::Printing; }));
        loop.send(intent::Finish{});
        REQUIRE(core->screen() == ScreenId::Evaluation);
        loop.send(intent::Rate{1});
        loop.send(intent::SetComment{"柜台旁边的私事评论"});
        loop.send(intent::SubmitRating{});
        REQUIRE(loop.until([&] { return core->screen() != ScreenId::Evaluation; }));
        CHECK(core->screen() == ScreenId::Goodbye);
        loop.advance(60s);  // past the goodbye screen
        REQUIRE(core->screen() == ScreenId::Attract);
        r.walked = true;
      }
      core.reset();  // stops the drivers, the sync engine and the workers, then the controllers
    }
    r.searched = scan.searched();
    r.found = scan.found();
  }
  std::filesystem::remove_all(dir);
  return r;
}

}  // namespace

TEST_CASE("a whole card session frees no block still holding the card's name or ID number") {
  for (const char* marker : {kMarkerName, kMarkerId}) {
    INFO("marker: " << marker);
    const ScanResult r = card_session_scanned_for(marker);
    REQUIRE(r.walked);
    CHECK(r.searched > 0);  // the scan saw the session's memory go
    CHECK(r.found == 0);
  }
}

TEST_CASE("the scan would catch a leak: a plain copy of the marker freed while it runs is found") {
  test::MarkerScan scan(kMarkerName);
  {
    std::string copy;
    copy.reserve(64);  // one block, on the heap
    copy += "姓名：";
    copy += kMarkerName;
  }
  CHECK(scan.found() == 1);
  {
    SecretString secret("姓名：");
    secret += kMarkerName;
    secret += "，长到换一次缓冲区也不在小字符串里";
  }
  CHECK(scan.found() == 1);  // a SecretString zeroes its buffer first
}
