// Form pre-fill from the platform against platform-emu: the profile call over mutual TLS (known
// person → the fields asked and known; unknown → 404 → none), and AppCore with the emulator up,
// slow or down: the form is usable at once, the answer fills only untouched fields, any failure
// leaves the form alone, and neither the ID number nor a value reaches the log or outlives the session.
#include <doctest/doctest.h>

#include <chrono>
#include <filesystem>
#include <string>
#include <thread>

#include "kiosk/composition.hpp"
#include "kiosk/identity/applicant_profile.hpp"
#include "kiosk/log.hpp"
#include "tests/integration/sync_fixture.hpp"
#include "tests/kiosk/app_core_fixture.hpp"
#include "tests/temp_dir.hpp"

namespace fs = std::filesystem;
using namespace ow;

namespace {
const std::string kProfiles = std::string(OW_ASSETS) + "/devsim/applicant_profiles.json";
constexpr const char* kKnown = "110105198001011238";    // 测试甲 in applicant_profiles.json
constexpr const char* kUnknown = "11010519491231002X";  // in no fixture
constexpr const char* kRetirement = "企业职工基本养老保险退休申请";  // phone, bank_name, bank_account from the platform
// 测试甲's values in the fixture: none may reach the log.
const std::vector<std::string> kSecrets = {kKnown, "13800138001", "6222000000000000011", "示例省演示市测试区新风路18号3栋502",
                                           "测试甲"};

Identity person(const std::string& id_number) {
  return test::id_card("测试甲", "1980-01-01", "示例省演示市测试区样板路1号", id_number);
}

std::string logged_since(std::uint64_t after) {
  std::string all;
  for (const auto& line : log::recent(log::Level::Debug, 500, after)) all += line.component + " " + line.message + "\n";
  return all;
}

std::uint64_t last_seq() {
  const auto lines = log::recent(log::Level::Debug, 1);
  return lines.empty() ? 0 : lines.back().seq;
}

struct Kiosk {
  fs::path dir;
  std::unique_ptr<AppCore> core;
  SteadyTime t = std::chrono::steady_clock::now();

  Kiosk(const fs::path& d, const std::string& url, int timeout_s) : dir(d) {
    Config c = default_config();
    c.data_dir = dir / "data";
    c.platform.url = url;
    c.platform.insecure_dev = true;
    c.platform.heartbeat_s = 5;
    c.prefill.timeout_s = timeout_s;
    auto created = compose(c);
    REQUIRE_MESSAGE(created, created.error().message);
    core = std::move(*created);
  }
  void send(Intent i) { core->dispatch(i, t += std::chrono::milliseconds(100)); }
  void send(Event e) { core->on_event(std::move(e), t += std::chrono::milliseconds(100)); }
  // Runs the completions as the UI loop does, until `done` holds (at most ~20 s).
  template <class Done>
  bool pump_until(Done done) {
    for (int i = 0; i < 2000; ++i) {
      core->update(t);
      if (done()) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return false;
  }
  bool online() { return pump_until([&] { return core->sync_status().online; }); }
  void open_form(const std::string& id_number) {
    std::string code;
    for (const auto& m : core->catalog().matters)
      if (m.name == kRetirement) code = m.code;
    REQUIRE(!code.empty());
    send(event::CardRead{person(id_number)});
    send(intent::Agree{});
    send(intent::ChooseMatter{code});
    send(intent::StartApplication{});
    // 开始办理 waits a moment on the detail for the platform's answer, then opens the form anyway.
    CHECK(core->screen() == ScreenId::Detail);
    t += std::chrono::seconds(2);
    REQUIRE(pump_until([&] { return core->screen() == ScreenId::Form; }));
  }
  const FieldView& field(const FormView& v, const std::string& key) {
    for (const auto& f : v.fields)
      if (f.field->key == key) return f;
    FAIL("no field " << key);
    return v.fields.front();
  }
};
}  // namespace

TEST_CASE("the profile call over mutual TLS: a known person's fields asked and known; an unknown person is 404") {
  const fs::path dir = synctest::fresh_dir("profile-tls");
  synctest::make_certs(dir);
  synctest::Emulator emu({"--applicant-profiles", kProfiles}, dir, false);
  auto endpoint = emu.endpoint("K1");

  auto known = fetch_applicant_profile(endpoint, "K1", kKnown, {"phone", "bank_name", "bank_account", "no_such_field"});
  REQUIRE(known);
  CHECK(known->fields.size() == 3);
  CHECK(known->fields.at("phone") == "13800138001");
  CHECK(known->fields.at("bank_name") == "中国工商银行");
  CHECK(known->fields.at("bank_account") == "6222000000000000011");

  // 演示丙: the platform knows only the phone.
  auto partial = fetch_applicant_profile(endpoint, "K1", "320102197208083015", {"phone", "contact_address"});
  REQUIRE(partial);
  CHECK(partial->fields.size() == 1);
  CHECK(partial->fields.count("phone"));

  auto unknown = fetch_applicant_profile(endpoint, "K1", kUnknown, {"phone"});
  REQUIRE_FALSE(unknown);
  CHECK(unknown.error() == ProfileFailure::UnknownPerson);
  // Not an ID number: the platform refuses the request.
  auto refused = fetch_applicant_profile(endpoint, "K1", "12345", {"phone"});
  REQUIRE_FALSE(refused);
  CHECK(refused.error() == ProfileFailure::Refused);
  emu.stop();
  fs::remove_all(dir);
}

TEST_CASE("an emulator without profiles knows nobody; one that is down or too slow is offline") {
  const fs::path dir = synctest::fresh_dir("profile-faults");
  {
    synctest::Emulator bare({}, dir, true);
    auto r = fetch_applicant_profile(bare.endpoint(), "K1", kKnown, {"phone"});
    REQUIRE_FALSE(r);
    CHECK(r.error() == ProfileFailure::UnknownPerson);
  }
  synctest::Emulator slow({"--applicant-profiles", kProfiles, "--latency", "3000"}, dir, true);
  auto endpoint = slow.endpoint();
  endpoint.request_timeout = std::chrono::seconds(1);
  auto late = fetch_applicant_profile(endpoint, "K1", kKnown, {"phone"});
  REQUIRE_FALSE(late);
  CHECK(late.error() == ProfileFailure::Offline);
  slow.stop();
  auto down = fetch_applicant_profile(endpoint, "K1", kKnown, {"phone"});
  REQUIRE_FALSE(down);
  CHECK(down.error() == ProfileFailure::Offline);
  fs::remove_all(dir);
}

TEST_CASE("the kiosk: the form is usable at once; the answer fills the untouched fields, marked; the session end wipes them") {
  const TempDir sandbox("sync-profile-kiosk");
  const fs::path& dir = sandbox.path;
  // The platform takes a moment: the citizen types the phone before its answer comes.
  synctest::Emulator emu({"--applicant-profiles", kProfiles, "--latency", "1500"}, dir, true);
  Kiosk k(dir, emu.url(), 10);
  REQUIRE(k.online());
  const auto since = last_seq();
  k.open_form(kKnown);
  // Nothing waited for the platform: the form shows, nothing filled yet, and it takes input.
  FormView v = k.core->application().form_view();
  CHECK(k.field(v, "phone").value.empty());
  CHECK_FALSE(k.field(v, "bank_account").from_platform);
  k.send(intent::SetField{"phone", "13912345678"});
  CHECK(k.field(k.core->application().form_view(), "phone").value == "13912345678");

  REQUIRE(k.pump_until([&] { return logged_since(since).find("profile prefill:") != std::string::npos; }));
  v = k.core->application().form_view();
  CHECK(k.field(v, "phone").value == "13912345678");  // typed: left alone
  CHECK_FALSE(k.field(v, "phone").from_platform);
  CHECK(k.field(v, "bank_name").value == "中国工商银行");
  CHECK(k.field(v, "bank_name").from_platform);
  CHECK(k.field(v, "bank_account").value == "6222000000000000011");
  CHECK(k.field(v, "bank_account").from_platform);
  CHECK_FALSE(k.field(v, "bank_account").error);
  CHECK(k.field(v, "name").from_card);
  // Changed by the citizen: the value is theirs now, checked as typed.
  k.send(intent::SetField{"bank_account", "62220x"});
  v = k.core->application().form_view();
  CHECK_FALSE(k.field(v, "bank_account").from_platform);
  CHECK(k.field(v, "bank_account").error == Str::FormInvalidNumber);

  const std::string log = logged_since(since);
  CHECK(log.find("profile prefill: 2 fields") != std::string::npos);
  for (const auto& secret : kSecrets) CHECK_MESSAGE(log.find(secret) == std::string::npos, "the log shows " << secret);

  k.send(intent::Cancel{});
  k.send(intent::CancelConfirmed{});
  REQUIRE(k.core->screen() == ScreenId::Attract);
  const SessionData& d = k.core->session().data();
  CHECK(d.form.empty());
  CHECK(d.platform_fields.empty());
  CHECK(d.touched_fields.empty());
  CHECK(d.profile_request == 0);
  for (const auto& f : k.core->application().form_view().fields) CHECK(f.value.empty());
}

TEST_CASE("the kiosk: an unknown person, a slow platform or none at all leave the form to the citizen") {
  const TempDir sandbox("sync-profile-kiosk-faults");
  const fs::path& dir = sandbox.path;
  SUBCASE("unknown person: 404, no pre-fill") {
    synctest::Emulator emu({"--applicant-profiles", kProfiles}, dir, true);
    Kiosk k(dir, emu.url(), 3);
    REQUIRE(k.online());
    const auto since = last_seq();
    k.open_form(kUnknown);
    REQUIRE(k.pump_until([&] { return logged_since(since).find("profile prefill:") != std::string::npos; }));
    CHECK(logged_since(since).find("profile prefill: unknown person (HTTP 404)") != std::string::npos);
    for (const auto& f : k.core->application().form_view().fields) CHECK_FALSE(f.from_platform);
    CHECK(k.core->application().form_view().fields.size() > 0);
  }
  SUBCASE("slower than the timeout: nothing filled, the form takes input meanwhile") {
    synctest::Emulator emu({"--applicant-profiles", kProfiles, "--latency", "2500"}, dir, true);
    Kiosk k(dir, emu.url(), 1);
    REQUIRE(k.online());
    const auto since = last_seq();
    k.open_form(kKnown);
    k.send(intent::SetField{"bank_account", "6222000011112222"});
    CHECK(k.field(k.core->application().form_view(), "bank_account").value == "6222000011112222");
    REQUIRE(k.pump_until([&] { return logged_since(since).find("profile prefill:") != std::string::npos; }));
    CHECK(logged_since(since).find("profile prefill: offline") != std::string::npos);
    const FormView v = k.core->application().form_view();
    for (const auto& f : v.fields) CHECK_FALSE(f.from_platform);
    CHECK(k.field(v, "phone").value.empty());
    CHECK(k.core->screen() == ScreenId::Form);
  }
  SUBCASE("the platform went away after the kiosk saw it online") {
    auto emu = std::make_unique<synctest::Emulator>(std::vector<std::string>{"--applicant-profiles", kProfiles}, dir, true);
    Kiosk k(dir, emu->url(), 2);
    REQUIRE(k.online());
    emu.reset();
    const auto since = last_seq();
    k.open_form(kKnown);
    REQUIRE(k.pump_until([&] {
      const std::string l = logged_since(since);
      return l.find("profile prefill: offline") != std::string::npos;
    }));
    for (const auto& f : k.core->application().form_view().fields) CHECK_FALSE(f.from_platform);
  }
}
