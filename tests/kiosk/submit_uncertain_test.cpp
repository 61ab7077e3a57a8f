// A submission whose commit outcome is not known (the disk failed under the database commit and
// under the void that would settle it; LD_PRELOAD fault shim): the citizen is told not to submit
// again and where staff help, nothing is left to submit again, the log names the case without
// personal data, and once the disk works the kiosk takes the next submission.
#include <doctest/doctest.h>
#include <dlfcn.h>

#include "kiosk/app/app_core.hpp"
#include "kiosk/log.hpp"
#include "offline_store/store.hpp"
#include "tests/kiosk/app_core_fixture.hpp"

using namespace ow;

namespace {
constexpr const char* kPension = "城乡居民基本养老保险参保登记";
constexpr int kFaultSync = 1;  // tests/store/fault_shim.c: fsync/fdatasync fail with EIO
using ArmFn = void (*)(int, long);

// An AppCore whose help desk is named, walked to a signed review of the pension matter.
struct Fixture : test::AppCoreFixture {
  Fixture() : AppCoreFixture("uncertain", [](Config& c) { c.help_desk.place = "一楼 3 号帮办窗口"; }) {}
  // Card, consent, the pension matter, its form, licences or 容缺 for the materials, review, signature.
  void to_signed_review() {
    start_application(kPension);
    REQUIRE(core->screen() == ScreenId::Form);
    fill_form("13900139000");
    send(intent::Next{});
    REQUIRE(core->screen() == ScreenId::Materials);
    hand_in_materials();
    send(intent::Next{});
    REQUIRE(core->screen() == ScreenId::Review);
    REQUIRE(core->review().prereview_view().passed);
    send(intent::ChooseDelivery{catalog::Delivery::Window});
    send(intent::Sign{test::signature_strokes()});
    REQUIRE(core->review().review_view().signed_);
  }
};
}  // namespace

TEST_CASE("an uncertain commit says not to submit again and where staff help, and leaves nothing to resubmit") {
  const auto arm = reinterpret_cast<ArmFn>(dlsym(RTLD_DEFAULT, "ow_fault_arm"));
  REQUIRE_MESSAGE(static_cast<bool>(arm), "the test runs with the fault shim preloaded");
  log::set_level(log::Level::Debug);
  Fixture f;
  f.to_signed_review();

  // The signature's file and its directory sync; from the database commit on the disk stays
  // broken, so the failed commit cannot be voided either: its outcome is open.
  arm(kFaultSync, 2);
  f.send(intent::Submit{});
  f.wait_while(ScreenId::Submitting);
  arm(0, 0);

  REQUIRE(f.core->screen() == ScreenId::Notice);
  const Notice n = f.core->entry().notice_view();
  CHECK(n.title == Str::SubmitUncertainTitle);
  CHECK(n.body == Str::SubmitUncertainBody);
  CHECK_FALSE(n.offer_manual);
  CHECK(n.show_help_desk);
  CHECK(f.core->hall().help_desk_view().place == "一楼 3 号帮办窗口");
  CHECK(std::string(tr(Str::SubmitUncertainBody)).find("请不要再次提交") != std::string::npos);
  REQUIRE(n.reference.size() == 8);

  // Not the ordinary failure that sends the citizen back to the form, and nothing left to submit.
  const SessionData& d = f.core->session().data();
  CHECK_FALSE(d.submit_failed);
  CHECK_FALSE(d.identity);
  CHECK(d.form.empty());
  CHECK(d.signature_png.empty());
  f.send(intent::Submit{});
  f.send(intent::Next{});
  CHECK(f.core->screen() == ScreenId::Notice);

  // The technicians' line names the case by the reference on screen, and nothing personal.
  const std::string logged = test::logged_lines();
  const auto at = logged.find("commit outcome uncertain, submission " + n.reference);
  CHECK(at != std::string::npos);
  for (const char* v : {"王测试", "11010519491231002X", "北京市朝阳区测试路1号", "13900139000"})
    CHECK_MESSAGE(logged.find(v) == std::string::npos, v);

  // Leaving the notice ends the session; with the disk working again the next citizen's submission
  // commits, and the open one was settled as failed first (voided), so it is never delivered.
  f.send(intent::Back{});
  CHECK(f.core->screen() == ScreenId::Attract);
  f.to_signed_review();
  f.send(intent::Submit{});
  f.wait_while(ScreenId::Submitting);
  REQUIRE(f.core->screen() == ScreenId::Receipt);
  const std::string uncertain_id = logged.substr(at + std::string("commit outcome uncertain, submission ").size(), 36);
  f.core.reset();
  auto store = store::Store::open(f.dir);
  REQUIRE(store);
  CHECK((*store)->submission_count().value() == 1);
  CHECK_FALSE((*store)->has_submission(uncertain_id).value());
}
