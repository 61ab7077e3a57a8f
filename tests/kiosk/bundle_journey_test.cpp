// Every bundle (一件事) of the shipped catalog runs through its journey headless: from 王测试's card
// through the merged form, the materials (electronic licence, 容缺 promise, or pages photographed
// by the document camera), a pre-review without blocking problems, review and sign, to the receipt.
// The catalog is iterated, not listed, so a bundle added later is held to the same.
#include <doctest/doctest.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <map>
#include <sstream>
#include <thread>


#include "kiosk/app/app_core.hpp"
#include "kiosk/catalog/bundle.hpp"
#include "kiosk/catalog/prereview.hpp"
#include "tests/kiosk/app_core_fixture.hpp"
#include "tests/kiosk/capture_synthetic.hpp"

namespace fs = std::filesystem;
using namespace ow;

namespace {
using catalog::FieldType;
using catalog::ProblemKind;

std::string iso(std::chrono::sys_days day) {
  const std::chrono::year_month_day d{day};
  char s[16];
  std::snprintf(s, sizeof s, "%04d-%02u-%02u", static_cast<int>(d.year()), static_cast<unsigned>(d.month()),
                static_cast<unsigned>(d.day()));
  return s;
}

std::chrono::sys_days today() { return std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now()); }

// What a citizen may type into a field of each type, most ordinary first: the search below takes
// the next one where a check or an eligibility rule refuses a value.
std::vector<std::string> candidates(const catalog::FormField& f) {
  using namespace std::chrono;
  switch (f.type) {
    case FieldType::Text: return {"测试内容"};
    case FieldType::Address: return {"山东省淄博市张店区测试路1号"};
    case FieldType::Number: return {"2", "20", "6222020200112233445"};
    case FieldType::Phone: return {"13900139000"};
    case FieldType::IdNumber: return {"110105198001011238", "11010519491231002X"};
    case FieldType::CreditCode: return {"91370300MA3C00011W"};
    // A newborn's month, a school starter's age, a booking next week, an adult's birth.
    case FieldType::Date: return {iso(today() - days(30)), iso(today() - days(7 * 365 + 2)), iso(today() + days(7)), "1980-01-01"};
    case FieldType::Select: return f.options;
    case FieldType::Bool: return {"是", "否"};
    case FieldType::Signature: return {};
  }
  return {};
}

// The card's value for a field it pre-fills, as the kiosk fills it from 王测试's card.
std::optional<std::string> from_card(const catalog::FormField& f) {
  if (f.prefill == "idcard.name") return "王测试";
  if (f.prefill == "idcard.id_number") return "11010519491231002X";
  if (f.prefill == "idcard.address") return "北京市朝阳区测试路1号";
  if (f.prefill == "idcard.birth_date") return "1949-12-31";
  if (f.prefill == "idcard.sex") return "男";
  return std::nullopt;
}

// Values for the fields the citizen types that pass every field check and eligibility rule of the
// merged form, found by pre-review alone (materials counted as handed in): a refused field moves to
// its next candidate; an unmet eligibility rule moves the date, select and bool fields on like an
// odometer. Fails, saying why, when no candidate of a field passes or no combination is eligible.
std::map<std::string, std::string> find_values(const catalog::Matter& merged, std::string& why) {
  catalog::Application app;
  app.applicant.name = "王测试";
  app.applicant.id_number = "11010519491231002X";
  app.applicant.sex = "男";
  app.applicant.birth_date = "1949-12-31";
  app.applicant.address = "北京市朝阳区测试路1号";
  app.today = iso(today());
  app.id_card_read = true;
  for (const auto& m : merged.materials) app.materials[m.code] = {std::max(m.min_pages, 1), 1.0, 1.0, true, false};
  std::vector<const catalog::FormField*> typed, odometer;
  std::map<std::string, std::vector<std::string>> cands;
  std::map<std::string, std::size_t> at;
  for (const auto& f : merged.fields) {
    if (auto v = from_card(f)) {
      app.form[f.key] = *v;
      continue;
    }
    if (f.type == FieldType::Signature) continue;
    cands[f.key] = candidates(f);
    if (cands[f.key].empty()) {
      why = "field " + f.key + " has no value to try";
      return {};
    }
    typed.push_back(&f);
    if (f.type == FieldType::Date || f.type == FieldType::Select || f.type == FieldType::Bool) odometer.push_back(&f);
  }
  for (int tries = 0; tries < 5000; ++tries) {
    for (const auto* f : typed) app.form[f->key] = cands[f->key][at[f->key]];
    const auto r = catalog::prereview(merged, app);
    std::set<std::string> refused;
    bool unmet = false;
    std::string last;
    for (const auto& p : r.problems) {
      if (!p.blocking) continue;
      if ((p.kind == ProblemKind::MissingField || p.kind == ProblemKind::InvalidValue) && cands.count(p.field)) refused.insert(p.field);
      else unmet = true;
      last = p.matter + ": " + (p.field.empty() ? p.material : p.field) + " " + p.message;
    }
    if (refused.empty() && !unmet) {
      std::map<std::string, std::string> values;
      for (const auto* f : typed) values[f->key] = cands[f->key][at[f->key]];
      return values;
    }
    for (const auto& k : refused)
      if (++at[k] == cands[k].size()) {
        why = "no candidate passes field " + k + " (" + last + ")";
        return {};
      }
    if (!refused.empty()) continue;
    std::size_t i = 0;
    for (; i < odometer.size(); ++i) {
      if (++at[odometer[i]->key] < cands[odometer[i]->key].size()) break;
      at[odometer[i]->key] = 0;
    }
    if (i == odometer.size()) {
      why = "no combination of dates and choices is eligible (" + last + ")";
      return {};
    }
  }
  why = "too many tries";
  return {};
}

struct Fixture : test::AppCoreFixture {
  Fixture(const std::string& name, const std::string& page)
      : AppCoreFixture("bundle-" + name, [&](Config& c) { c.document_camera.source = "file:" + page; }) {}

  int pages_of(const std::string& code) const {
    for (const auto& item : core->materials().materials_view())
      if (item.material->code == code) return item.pages;
    return 0;
  }
  // Photographs pages of a material until it has `min` of them.
  bool capture(const std::string& code, int min) {
    for (int round = 0; round < 5 && pages_of(code) < min; ++round) {
      send(intent::CaptureMaterial{code});
      bool taken = false;
      for (int i = 0; i < 1000 && !taken; ++i) {
        core->update(t);
        if (auto v = core->materials().capture_view(); v && v->pages > 0) taken = true;
        else std::this_thread::sleep_for(std::chrono::milliseconds(10));
      }
      send(intent::FinishCapture{});
      if (!taken) return false;
    }
    return pages_of(code) >= min;
  }
};

std::string blocking(const PrereviewView& v) {
  std::string s;
  for (const auto& p : v.problems) s += p.subject + "：" + p.text + "\n";
  return s;
}
}  // namespace

TEST_CASE("every bundle of the catalog runs from the card to the receipt, or, offline, says why it cannot start") {
  // One generated page serves every material photographed on paper.
  const fs::path page = fs::temp_directory_path() / ("ow-bundle-page-" + std::to_string(::getpid()) + ".png");
  REQUIRE(capture::test::write_page_photo(page.string()));

  std::vector<std::string> codes;
  {
    Fixture probe("probe", page.string());
    for (const auto& b : probe.core->catalog().bundles) codes.push_back(b.code);
  }
  REQUIRE(codes.size() >= 16);
  int verified = 0;
  for (const auto& code : codes) {
    CAPTURE(code);
    Fixture f(code, page.string());
    const catalog::Bundle* bundle = f.core->catalog().find_bundle(code);
    REQUIRE(bundle);
    f.place_card(test::wang_card());
    f.send(intent::Agree{});
    f.send(intent::ChooseBundle{code});
    REQUIRE(f.core->screen() == ScreenId::Detail);
    if (catalog::bundle_as_matter(*catalog::merge_bundle(f.core->catalog(), *bundle)).identity == catalog::IdentityLevel::Verified) {
      // A step pays out: 实人核验 needs the platform, and this kiosk has none. The detail says so; nothing starts.
      CHECK(f.core->find().detail_view().identity_blocks);
      CHECK(f.core->find().detail_view().identity_note == Str::IdentityVerifyOffline);
      f.send(intent::StartApplication{});
      CHECK(f.core->screen() == ScreenId::Detail);
      ++verified;
      continue;
    }
    f.send(intent::StartApplication{});
    REQUIRE(f.core->screen() == ScreenId::Form);
    const catalog::Matter* merged = f.core->application().current_matter();
    REQUIRE(merged);
    std::string why;
    const auto values = find_values(*merged, why);
    REQUIRE_MESSAGE(why.empty(), why);
    for (const auto& fv : f.core->application().form_view().fields)
      if (auto it = values.find(fv.field->key); it != values.end() && !fv.from_card) f.send(intent::SetField{it->first, it->second});
    f.send(intent::Next{});
    REQUIRE(f.core->screen() == ScreenId::Materials);
    for (const auto& item : f.core->materials().materials_view()) {
      const catalog::Material& m = *item.material;
      // What the kiosk does not capture is checked at the window; the screen offers nothing to do.
      if (item.from_card || m.necessity == catalog::Necessity::Optional || m.capture == catalog::Capture::None) continue;
      if (!m.licence_type.empty()) f.send(intent::UseLicence{m.code});
      else if (m.necessity == catalog::Necessity::Deferrable) f.send(intent::DeferMaterial{m.code});
      else REQUIRE_MESSAGE(f.capture(m.code, std::max(m.min_pages, 1)), m.code);
    }
    f.send(intent::Next{});
    const PrereviewView pv = f.core->review().prereview_view();
    REQUIRE_MESSAGE(pv.passed, blocking(pv));
    f.send(intent::Next{});
    REQUIRE(f.core->screen() == ScreenId::Review);
    const auto options = f.core->review().review_view().delivery_options;
    REQUIRE_FALSE(options.empty());
    catalog::Delivery delivery = options.front();
    for (auto o : options)
      if (o != catalog::Delivery::Mail) delivery = o;
    f.send(intent::ChooseDelivery{delivery});
    f.send(intent::Sign{test::signature_strokes()});
    f.send(intent::Submit{});
    f.wait_while(ScreenId::Submitting);
    REQUIRE(f.core->screen() == ScreenId::Receipt);
    const ReceiptView r = f.core->receipt().receipt_view();
    CHECK(r.matter_name == bundle->name);
    CHECK_FALSE(r.receipt_no.empty());
  }
  // Most run to the receipt; the ones that pay out were refused above.
  CHECK(verified >= 1);
  CHECK(verified < static_cast<int>(codes.size()) / 2);
  fs::remove(page);
}
