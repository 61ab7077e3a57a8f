#pragma once
// An AppCore on a data directory of its own, driven through intents as the UI loop drives it, and
// the synthetic citizen the tests walk through a session: shared by the tests of AppCore's flows.
#include <doctest/doctest.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <functional>
#include <memory>
#include <set>
#include <string>
#include <thread>

#include "kiosk/composition.hpp"
#include "kiosk/log.hpp"
#include "tests/kiosk/plausible_form.hpp"

namespace ow::test {

// An ID card's identity; every field but these is the same for the tests' synthetic people.
inline Identity id_card(const std::string& name, const std::string& birth_date, const std::string& address,
                        const std::string& id_number, bool expired = false) {
  Identity id;
  id.source = IdentitySource::IdCard;
  id.name = name;
  id.sex = "男";
  id.birth_date = birth_date;
  id.address = address;
  id.id_number = id_number;
  id.expired = expired;
  return id;
}

// 王测试's card: the citizen of the session tests (tests check these values never reach the log).
inline Identity wang_card(bool expired = false) {
  return id_card("王测试", "1949-12-31", "北京市朝阳区测试路1号", "11010519491231002X", expired);
}

// A signature: a few strokes across most of the pad.
inline capture::Strokes signature_strokes() {
  capture::Strokes s(2);
  for (int i = 0; i <= 20; ++i) s[0].push_back({0.1f + 0.03f * static_cast<float>(i), i % 2 ? 0.3f : 0.7f});
  s[1] = {{0.2f, 0.5f}, {0.8f, 0.5f}};
  return s;
}

// Every line the log holds, as a technician reads them, to look for what must not be there.
inline std::string logged_lines() {
  std::string logged;
  for (const auto& line : log::recent(log::Level::Debug, 2000)) logged += line.component + " " + line.message + "\n";
  return logged;
}

struct AppCoreFixture {
  std::filesystem::path dir;
  std::unique_ptr<AppCore> core;
  SteadyTime t{};

  // `name` keeps the test's data directory apart; `configure` sets what the test needs beyond the
  // default configuration.
  explicit AppCoreFixture(const std::string& name, const std::function<void(Config&)>& configure = {})
      : dir(std::filesystem::temp_directory_path() / ("ow-" + name + "-" + std::to_string(::getpid()))) {
    std::filesystem::remove_all(dir);
    Config c = default_config();
    c.data_dir = dir;
    if (configure) configure(c);
    auto created = compose(c);
    REQUIRE_MESSAGE(created, created.error().message);
    core = std::move(*created);
  }
  ~AppCoreFixture() {
    core.reset();
    std::filesystem::remove_all(dir);
  }
  AppCoreFixture(const AppCoreFixture&) = delete;
  AppCoreFixture& operator=(const AppCoreFixture&) = delete;

  void send(Intent i) { core->dispatch(i, t += std::chrono::seconds(1)); }
  void send(Event e) { core->on_event(std::move(e), t += std::chrono::seconds(1)); }
  std::string matter_code(const std::string& name) const {
    for (const auto& m : core->catalog().matters)
      if (m.name == name) return m.code;
    FAIL("no matter named " << name);
    return {};
  }
  // A card on the reader starts the session. A card holder of 60 or more is offered elderly mode
  // first; these tests decline it unless they are about it.
  void place_card(Identity id) {
    send(event::CardRead{std::move(id)});
    if (core->screen() == ScreenId::ElderlyOffer) send(intent::ElderlyOfferAnswer{false});
  }
  // From `first` (a card read, or the start button) through consent to the matter's first step.
  template <class First>
  void start_application(First first, const std::string& matter) {
    send(std::move(first));
    if (core->screen() == ScreenId::ElderlyOffer) send(intent::ElderlyOfferAnswer{false});
    send(intent::Agree{});
    send(intent::ChooseMatter{matter_code(matter)});
    send(intent::StartApplication{});
  }
  // The same from 王测试's card.
  void start_application(const std::string& matter) { start_application(event::CardRead{wang_card()}, matter); }
  // Lets the worker commit and the completions run, as the UI loop does.
  void wait_while(ScreenId screen) {
    for (int i = 0; i < 500 && core->screen() == screen; ++i) {
      core->update(t);
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
  }
  // Types a plausible value into every field the citizen fills by hand.
  void fill_form(const std::string& phone) {
    for (const auto& fv : core->application().form_view().fields)
      if (auto v = test::plausible_value(fv, phone, "11010519491231002X")) send(intent::SetField{fv.field->key, *v});
  }
  // Every material: the 容缺 promise for those named, else the electronic licence where there is one,
  // else the 告知承诺 where one replaces the proof, otherwise the 容缺 promise too.
  void hand_in_materials(const std::set<std::string>& defer = {}) {
    for (const auto& item : core->materials().materials_view()) {
      if (!defer.count(item.material->code) && !item.material->licence_type.empty()) send(intent::UseLicence{item.material->code});
      else if (!item.material->promise.empty()) send(intent::PromiseMaterial{item.material->code});
      else send(intent::DeferMaterial{item.material->code});
    }
  }
};

}  // namespace ow::test
