// The real device → core wiring over the in-process fakes (fake_kiosk.hpp): a card on the fake
// ID card reader or the fake PC/SC starts a session, a QR line from the fake scanner reaches the
// QR login, the receipt reaches the fake printer (and paper out is told and recovered from), the
// technician's mode drops a placed card, and after the visit the core holds nothing personal.
// No ptys, no sleeps: every wait is on the core's waker with a timeout.
#include <doctest/doctest.h>

#include "kiosk/app/app_core.hpp"
#include "tests/kiosk/app_core_fixture.hpp"
#include "tests/kiosk/fake_kiosk.hpp"

using namespace ow;
using namespace std::chrono_literals;
using drivers::idcard::fake::Fault;

namespace {
constexpr const char* kPension = "城乡居民基本养老保险参保登记";
constexpr const char* kName = "测试甲";                  // resident_male's card
constexpr const char* kIdNumber = "110105198001011238";
constexpr const char* kMaskedId = "110105********1238";

bool contains(const std::vector<std::uint8_t>& bytes, const std::string& text) {
  return std::string(bytes.begin(), bytes.end()).find(text) != std::string::npos;
}

// From resident_male's card on the reader to the receipt screen with the receipt number.
std::string submit_with_card(test::FakeKiosk& k) {
  REQUIRE(k.reader.place("resident_male"));
  REQUIRE(k.wait_for_screen(ScreenId::Consent));
  k.send(intent::Agree{});
  k.send(intent::ChooseMatter{k.matter_code(kPension)});
  k.send(intent::StartApplication{});
  REQUIRE(k.core->screen() == ScreenId::Form);
  k.fill_form("13900139000");
  k.send(intent::Next{});
  REQUIRE(k.core->screen() == ScreenId::Materials);
  k.hand_in_materials();
  k.send(intent::Next{});
  REQUIRE(k.core->review().prereview_view().passed);
  k.send(intent::Next{});
  k.send(intent::ChooseDelivery{catalog::Delivery::Window});
  k.send(intent::Sign{test::signature_strokes()});
  k.send(intent::Submit{});
  REQUIRE(k.wait_for_screen(ScreenId::Receipt));
  const std::string receipt_no = k.core->receipt().receipt_view().receipt_no;
  REQUIRE_FALSE(receipt_no.empty());
  return receipt_no;
}
}  // namespace

TEST_CASE("a card on the fake reader starts a session; a second card mid-session is ignored") {
  test::FakeKiosk k("idcard");
  REQUIRE(k.core->screen() == ScreenId::Attract);
  REQUIRE(k.reader.place("resident_male"));
  REQUIRE(k.wait_for_screen(ScreenId::Consent));
  CHECK(k.core->entry().consent_view().masked_id == kMaskedId);
  REQUIRE(k.core->session().data().identity);
  CHECK(k.core->session().data().identity->name == kName);
  CHECK(k.reader.reads() == 1);

  k.send(intent::Agree{});
  REQUIRE(k.core->screen() == ScreenId::Home);
  k.reader.remove();
  REQUIRE(k.reader.place("resident_longterm"));
  // Nothing is to happen: the wait runs out (briefly) and the session is still the first card's.
  CHECK_FALSE(k.wait_until([&] { return k.core->screen() != ScreenId::Home; }, 300ms));
  CHECK(k.core->session().data().identity->name == kName);
  k.send(intent::Agree{});
  CHECK(k.core->entry().consent_view().masked_id == kMaskedId);
}

TEST_CASE("a card of an unknown type shows the notice; a failed read shows the card hint") {
  test::FakeKiosk k("idcard-bad");
  SUBCASE("unsupported") {
    REQUIRE(k.reader.place("unknown_type"));
    REQUIRE(k.wait_for_screen(ScreenId::Notice));
    CHECK(k.core->entry().notice_view().title == Str::CardUnsupportedTitle);
    CHECK_FALSE(k.core->session().data().identity);
  }
  SUBCASE("the read fails") {
    k.reader.set_fault(Fault::ReadFail, 1);
    REQUIRE(k.reader.place("resident_male"));
    const auto wall = std::chrono::system_clock::now();
    REQUIRE(k.wait_until([&] { return k.core->entry().attract_view(wall).card_hint.has_value(); }));
    CHECK(k.core->entry().attract_view(wall).card_hint == Str::CardReadAgain);
    // Lifted and placed again, as the hint asks, it is read.
    k.reader.remove();
    REQUIRE(k.wait_until([&] { return !k.core->entry().reader_status().card_present; }));
    REQUIRE(k.reader.place("resident_male"));
    REQUIRE(k.wait_for_screen(ScreenId::Consent));
    CHECK(k.core->entry().consent_view().masked_id == kMaskedId);
  }
}

TEST_CASE("a social security card on the fake PC/SC starts a session") {
  test::FakeKiosk k("sscard");
  k.pcsc->insert(drivers::smartcard::SscardFixture{});
  REQUIRE(k.wait_for_screen(ScreenId::Consent));
  const ConsentView v = k.core->entry().consent_view();
  CHECK(v.masked_sscard == "A******78");
  CHECK(v.masked_id.empty());  // the card carries no verified person
  REQUIRE(k.core->session().data().identity);
  CHECK(k.core->session().data().identity->source == IdentitySource::SocialSecurityCard);

  SUBCASE("a card without the social security application is told") {
    test::FakeKiosk other("sscard-bank");
    drivers::smartcard::SscardFixture bank;
    bank.social_security = false;
    other.pcsc->insert(bank);
    REQUIRE(other.wait_for_screen(ScreenId::Notice));
    CHECK(other.core->entry().notice_view().title == Str::CardUnsupportedTitle);
  }
}

TEST_CASE("a QR line from the fake scanner on the attract screen reaches the QR login, offline here") {
  test::FakeKiosk k("qr", [](Config& c) { c.qr_login.enabled = true; });
  REQUIRE(k.scanner.link().wait_open(true, 5s));
  k.scanner.scan("CTID.v2.eyJ0eXAiOiJKV1QifQ.dGVzdC1wYXlsb2FkLW5vdC1hLXJlYWwtY3JlZGVudGlhbA");
  REQUIRE(k.wait_for_screen(ScreenId::QrOffline));
}

TEST_CASE("the receipt is printed on the fake printer; paper out is told and 重新打印 prints it once paper is back") {
  test::FakeKiosk k("receipt");
  REQUIRE(k.printer.link().wait_open(true, 5s));
  SUBCASE("printed") {
    const std::string receipt_no = submit_with_card(k);
    REQUIRE(k.wait_until([&] { return k.core->receipt().receipt_view().print != PrintState::Printing; }));
    CHECK(k.core->receipt().receipt_view().print == PrintState::Printed);
    CHECK(contains(k.printer.printed(), receipt_no));
  }
  SUBCASE("paper out, then back") {
    drivers::printer::PrinterCondition out;
    out.paper = drivers::printer::PaperLevel::Out;
    k.printer.set_condition(out);
    const std::string receipt_no = submit_with_card(k);
    REQUIRE(k.wait_until([&] { return k.core->receipt().receipt_view().print == PrintState::Failed; }));
    CHECK(k.core->receipt().receipt_view().print_failure == Str::PrintFailedPaper);
    CHECK_FALSE(contains(k.printer.printed(), receipt_no));

    k.printer.set_condition(drivers::printer::PrinterCondition{});
    k.send(intent::Reprint{});
    REQUIRE(k.wait_until([&] { return k.core->receipt().receipt_view().print == PrintState::Printed; }));
    CHECK(contains(k.printer.printed(), receipt_no));
  }
}

TEST_CASE("after a card session ends the core holds nothing personal") {
  test::FakeKiosk k("pii");
  const std::string receipt_no = submit_with_card(k);
  REQUIRE(k.wait_until([&] { return k.core->receipt().receipt_view().print == PrintState::Printed; }));
  CHECK(k.core->application().form_view().fields.size() > 0);
  k.send(intent::Finish{});
  REQUIRE(k.core->screen() == ScreenId::Evaluation);
  k.send(intent::Rate{1});
  k.send(intent::SubmitRating{});
  REQUIRE(k.wait_until([&] { return k.core->screen() != ScreenId::Evaluation; }));
  k.core->update(k.now() + std::chrono::seconds(60));  // past the goodbye screen
  REQUIRE(k.core->screen() == ScreenId::Attract);

  const SessionData& d = k.core->session().data();
  CHECK_FALSE(d.identity);
  CHECK(d.form.empty());
  CHECK(d.card_fields.empty());
  CHECK(d.signature_png.empty());
  CHECK(d.receipt_no.empty());
  std::string shown = k.core->entry().consent_view().masked_id;
  for (const auto& fv : k.core->application().form_view().fields) (shown += fv.value.view()) += '\n';
  for (const auto& i : k.core->review().review_view().fields) (shown += i.value.view()) += '\n';
  shown += k.core->receipt().receipt_view().receipt_no;
  for (const std::string& v : {std::string(kName), std::string(kIdNumber), receipt_no}) CHECK_MESSAGE(shown.find(v) == std::string::npos, v);
  const std::string logged = test::logged_lines();
  CHECK(logged.find(kName) == std::string::npos);
  CHECK(logged.find(kIdNumber) == std::string::npos);
}

TEST_CASE("the technician's mode drops a placed card; leaving it reads the card again") {
  test::FakeKiosk k("maintenance");
  k.core->set_maintenance(true);
  REQUIRE(k.reader.place("resident_male"));
  CHECK_FALSE(k.wait_until([&] { return k.core->screen() != ScreenId::Attract; }, 500ms));
  CHECK_FALSE(k.core->session().data().identity);
  CHECK(k.reader.reads() == 0);
  k.core->set_maintenance(false);
  REQUIRE(k.wait_for_screen(ScreenId::Consent));
  CHECK(k.core->entry().consent_view().masked_id == kMaskedId);
}
