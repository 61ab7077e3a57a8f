// Review and sign, the delivery choice and the face-check consent through AppCore's intents; the
// signature and the delivery reach the committed submission; and after the session ends no personal
// value is left in the session, in any view model, or in the log.
#include <doctest/doctest.h>
#include <unistd.h>

#include <filesystem>
#include <set>
#include <thread>

#include <nlohmann/json.hpp>

#include "kiosk/app_core.hpp"
#include "kiosk/log.hpp"
#include "offline_store/store.hpp"

namespace fs = std::filesystem;
using namespace ow;

namespace {
constexpr const char* kPension = "城乡居民基本养老保险参保登记";  // delivery: window, electronic
constexpr const char* kSelfEmployed = "个体工商户设立登记";          // delivery: window, mail, electronic
constexpr const char* kPensionBenefit = "城乡居民基本养老保险待遇申领";  // checks the face

struct Fixture {
  fs::path dir;
  std::unique_ptr<AppCore> core;
  SteadyTime t{};

  explicit Fixture(const std::string& name)
      : dir(fs::temp_directory_path() / ("ow-review-" + name + "-" + std::to_string(::getpid()))) {
    fs::remove_all(dir);
    Config c = default_config();
    c.data_dir = dir;
    auto created = AppCore::create(c);
    REQUIRE_MESSAGE(created, created.error().message);
    core = std::move(*created);
  }
  ~Fixture() {
    core.reset();
    fs::remove_all(dir);
  }
  void send(Intent i) { core->dispatch(i, t += std::chrono::seconds(1)); }
  std::string matter_code(const std::string& name) const {
    for (const auto& m : core->catalog().matters)
      if (m.name == name) return m.code;
    FAIL("no matter named " << name);
    return {};
  }
  // Lets the worker commit and the completions run, as the UI loop does.
  void wait_while(ScreenId screen) {
    for (int i = 0; i < 500 && core->screen() == screen; ++i) {
      core->update(t);
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
  }
  // Types a plausible value into every field the citizen fills by hand.
  void fill_form(const std::string& phone) {
    for (const auto& fv : core->form_view().fields) {
      if (fv.from_card) continue;
      using catalog::FieldType;
      std::string v;
      switch (fv.field->type) {
        case FieldType::Phone: v = phone; break;
        case FieldType::IdNumber: v = "11010519491231002X"; break;
        case FieldType::Number: v = "2"; break;
        case FieldType::Date: v = "1960-05-01"; break;
        case FieldType::Select: v = fv.field->options.front(); break;
        case FieldType::Signature: continue;
        default: v = "测试个体经营部"; break;
      }
      send(intent::SetField{fv.field->key, v});
    }
  }
  // Every material: the 容缺 promise for those named, else the electronic licence where there is one,
  // otherwise the promise too.
  void hand_in_materials(const std::set<std::string>& defer = {}) {
    for (const auto& item : core->materials_view()) {
      if (!defer.count(item.material->code) && !item.material->licence_type.empty()) send(intent::UseLicence{item.material->code});
      else send(intent::DeferMaterial{item.material->code});
    }
  }
};

Identity card() {
  Identity id;
  id.source = IdentitySource::IdCard;
  id.name = "王测试";
  id.sex = "男";
  id.birth_date = "1949-12-31";
  id.address = "北京市朝阳区测试路1号";
  id.id_number = "11010519491231002X";
  return id;
}

// A signature: a few strokes across most of the pad.
capture::Strokes strokes() {
  capture::Strokes s(2);
  for (int i = 0; i <= 20; ++i) s[0].push_back({0.1f + 0.03f * static_cast<float>(i), i % 2 ? 0.3f : 0.7f});
  s[1] = {{0.2f, 0.5f}, {0.8f, 0.5f}};
  return s;
}

std::string everything_shown(AppCore& core) {
  std::string all;
  auto add = [&](const std::string& s) { all += s + "\n"; };
  const AttractView a = core.attract_view(std::chrono::system_clock::now());
  add(a.hall_name);
  const ConsentView c = core.consent_view();
  add(c.masked_id + c.masked_sscard);
  add(core.face_consent_view().matter_name);
  const FormView f = core.form_view();
  add(f.matter_name);
  for (const auto& fv : f.fields) add(fv.value);
  for (const auto& m : core.materials_view()) add(std::to_string(m.pages));
  const PrereviewView p = core.prereview_view();
  for (const auto& pr : p.problems) add(pr.subject + pr.text);
  for (const auto& d : p.deferred) add(d);
  const ReviewView r = core.review_view();
  for (const auto& i : r.fields) add(i.label + i.value);
  for (const auto& v : r.mail_values) add(v);
  const ReceiptView rc = core.receipt_view();
  add(rc.receipt_no + rc.matter_name + rc.query_url + rc.delivery);
  add(core.rating_view().comment);
  return all;
}
}  // namespace

TEST_CASE("a passed pre-review goes to review and sign; the ID number shows in full only there") {
  Fixture f("review");
  f.send(intent::CardRead{card()});
  f.send(intent::Agree{});
  f.send(intent::ChooseMatter{f.matter_code(kPension)});
  f.send(intent::StartApplication{});
  f.fill_form("13900139000");
  f.send(intent::Next{});
  REQUIRE(f.core->screen() == ScreenId::Materials);
  f.hand_in_materials({"M_HOUSEHOLD"});
  f.send(intent::Next{});
  REQUIRE(f.core->screen() == ScreenId::Prereview);
  REQUIRE(f.core->prereview_view().passed);
  // Submitting is done from the review screen, after signing.
  f.send(intent::Submit{});
  CHECK(f.core->screen() == ScreenId::Prereview);
  f.send(intent::Next{});
  REQUIRE(f.core->screen() == ScreenId::Review);

  const ReviewView v = f.core->review_view();
  bool full_id = false;
  for (const auto& i : v.fields) full_id = full_id || i.value == "11010519491231002X";
  CHECK(full_id);
  CHECK(f.core->form_view().fields.at(1).value != "11010519491231002X");  // the form keeps it masked
  // The matter's result comes by window or electronically; mail is not offered, and not taken.
  CHECK(v.delivery_options == std::vector{catalog::Delivery::Window, catalog::Delivery::Electronic});
  f.send(intent::ChooseDelivery{catalog::Delivery::Mail});
  CHECK(f.core->review_view().delivery == catalog::Delivery::Window);
  f.send(intent::ChooseDelivery{catalog::Delivery::Electronic});
  CHECK(f.core->review_view().delivery == catalog::Delivery::Electronic);

  // No signature, then a stray touch: both refused with the reason.
  f.send(intent::Submit{});
  CHECK(f.core->screen() == ScreenId::Review);
  CHECK(f.core->review_view().problem == Str::ReviewNeedSignature);
  f.send(intent::Sign{capture::Strokes{{{0.5f, 0.5f}, {0.51f, 0.5f}}}});
  CHECK(f.core->review_view().problem == Str::ReviewSignTooShort);
  CHECK_FALSE(f.core->review_view().signed_);
  f.send(intent::Sign{strokes()});
  CHECK(f.core->review_view().signed_);
  f.send(intent::Submit{});
  f.wait_while(ScreenId::Submitting);
  REQUIRE(f.core->screen() == ScreenId::Receipt);
  const ReceiptView receipt = f.core->receipt_view();
  CHECK(receipt.delivery == tr(Str::DeliveryElectronic));
  const std::string receipt_no = receipt.receipt_no;

  // The committed submission carries the signature as a PNG blob, the licence and the delivery.
  f.core.reset();
  auto store = store::Store::open(f.dir);
  REQUIRE(store);
  auto entry = (*store)->find(receipt_no);
  REQUIRE(entry);
  REQUIRE(*entry);
  auto item = (*store)->begin_sending(store::ItemKind::Submission, (*entry)->id);
  REQUIRE(item);
  const auto body = nlohmann::json::parse(item->body);
  REQUIRE(body["signature"].is_string());
  auto png = (*store)->read_blob(body["signature"].get<std::string>());
  REQUIRE(png);
  CHECK(png->substr(0, 8) == std::string("\x89PNG\r\n\x1a\n", 8));
  CHECK(body["delivery"]["method"] == "electronic");
  CHECK(body["materials"]["M_ID_CARD"][0]["licence"] == "居民身份证");
  CHECK_FALSE(body["form"].contains("signature"));
  CHECK(body["prereview"]["deferred_materials"] == nlohmann::json::array({"M_HOUSEHOLD"}));
}

TEST_CASE("mail delivery asks for the postal details, checked as typed, and they go into the submission") {
  Fixture f("mail");
  f.send(intent::Start{});
  f.send(intent::Agree{});
  f.send(intent::ChooseMatter{f.matter_code(kSelfEmployed)});
  f.send(intent::StartApplication{});
  f.fill_form("13900139000");
  f.send(intent::Next{});
  f.hand_in_materials();
  f.send(intent::Next{});
  REQUIRE(f.core->prereview_view().passed);
  f.send(intent::Next{});
  REQUIRE(f.core->screen() == ScreenId::Review);
  CHECK(f.core->review_view().mail_fields.empty());
  f.send(intent::ChooseDelivery{catalog::Delivery::Mail});
  ReviewView v = f.core->review_view();
  REQUIRE(v.mail_fields.size() == 3);
  f.send(intent::Sign{strokes()});
  f.send(intent::Submit{});
  CHECK(f.core->screen() == ScreenId::Review);
  CHECK(f.core->review_view().problem == Str::ReviewNeedAddress);
  // A phone number that cannot be a mobile number is told at the first digit.
  f.send(intent::SetDeliveryField{"mail_phone", "2"});
  CHECK(f.core->review_view().mail_errors.at(1) == Str::FormInvalidPhone);
  f.send(intent::SetDeliveryField{"mail_phone", "13700137000"});
  f.send(intent::SetDeliveryField{"mail_name", "李收件"});
  f.send(intent::SetDeliveryField{"mail_address", "广州市邮寄路9号"});
  v = f.core->review_view();
  for (const auto& e : v.mail_errors) CHECK_FALSE(e);
  f.send(intent::Submit{});
  f.wait_while(ScreenId::Submitting);
  REQUIRE(f.core->screen() == ScreenId::Receipt);
  CHECK(f.core->receipt_view().delivery == tr(Str::DeliveryMail));
  const std::string receipt_no = f.core->receipt_view().receipt_no;
  f.core.reset();
  auto store = store::Store::open(f.dir);
  REQUIRE(store);
  auto entry = (*store)->find(receipt_no);
  REQUIRE(entry);
  REQUIRE(*entry);
  auto item = (*store)->begin_sending(store::ItemKind::Submission, (*entry)->id);
  REQUIRE(item);
  const auto body = nlohmann::json::parse(item->body);
  CHECK(body["delivery"] == nlohmann::json{{"method", "mail"}, {"name", "李收件"}, {"phone", "13700137000"}, {"address", "广州市邮寄路9号"}});
}

TEST_CASE("a matter that checks the face asks a separate consent; declining sends the citizen to a staff window") {
  Fixture f("face");
  f.send(intent::CardRead{card()});
  f.send(intent::Agree{});
  f.send(intent::ChooseMatter{f.matter_code(kPensionBenefit)});
  f.send(intent::StartApplication{});
  REQUIRE(f.core->screen() == ScreenId::FaceConsent);
  CHECK(f.core->face_consent_view().matter_name == kPensionBenefit);
  f.send(intent::Back{});
  CHECK(f.core->screen() == ScreenId::Detail);
  f.send(intent::Back{});
  CHECK(f.core->screen() == ScreenId::Home);
  // A matter without a face check goes straight to its form.
  f.send(intent::ChooseMatter{f.matter_code(kPension)});
  f.send(intent::StartApplication{});
  CHECK(f.core->screen() == ScreenId::Form);
  f.send(intent::Back{});
  f.send(intent::Back{});
  f.send(intent::ChooseMatter{f.matter_code(kPensionBenefit)});
  f.send(intent::StartApplication{});
  f.send(intent::FaceAgree{});
  CHECK(f.core->screen() == ScreenId::Form);
  f.send(intent::Back{});
  f.send(intent::Back{});
  f.send(intent::ChooseMatter{f.matter_code(kPensionBenefit)});
  f.send(intent::StartApplication{});
  CHECK(f.core->screen() == ScreenId::Form);  // agreed once in this session

  Fixture g("face-decline");
  g.send(intent::CardRead{card()});
  g.send(intent::Agree{});
  g.send(intent::ChooseMatter{g.matter_code(kPensionBenefit)});
  g.send(intent::StartApplication{});
  g.send(intent::FaceDecline{});
  CHECK(g.core->screen() == ScreenId::Notice);
  CHECK(g.core->notice_view().title == Str::FaceDeclinedTitle);
  CHECK_FALSE(g.core->session().data().identity);
  CHECK(g.core->session().data().matter_code.empty());
}

TEST_CASE("after a session ends no personal value remains in the session, the view models or the log") {
  log::set_level(log::Level::Debug);
  Fixture f("pii");
  f.send(intent::CardRead{card()});
  f.send(intent::Agree{});
  f.send(intent::ChooseMatter{f.matter_code(kPension)});
  f.send(intent::StartApplication{});
  f.fill_form("13900139000");
  f.send(intent::Next{});
  f.hand_in_materials();
  f.send(intent::Next{});
  f.send(intent::Next{});
  f.send(intent::Sign{strokes()});
  f.send(intent::Submit{});
  f.wait_while(ScreenId::Submitting);
  REQUIRE(f.core->screen() == ScreenId::Receipt);
  f.send(intent::Finish{});
  REQUIRE(f.core->screen() == ScreenId::Evaluation);
  f.send(intent::Rate{1});
  f.send(intent::SetComment{"柜台旁边的私事评论"});
  // While the session runs, the values are there (the check below can fail).
  const std::vector<std::string> personal = {"王测试", "11010519491231002X", "北京市朝阳区测试路1号", "13900139000",
                                             "柜台旁边的私事评论"};
  const std::string during = everything_shown(*f.core);
  for (const char* v : {"11010519491231002X", "13900139000", "柜台旁边的私事评论"}) CHECK(during.find(v) != std::string::npos);
  f.send(intent::SubmitRating{});
  f.wait_while(ScreenId::Evaluation);
  f.core->update(f.t + std::chrono::seconds(60));  // past the goodbye screen
  REQUIRE(f.core->screen() == ScreenId::Attract);

  const SessionData& d = f.core->session().data();
  CHECK_FALSE(d.identity);
  CHECK(d.form.empty());
  CHECK(d.signature_png.empty());
  CHECK(d.delivery.mail.empty());
  CHECK(d.materials.empty());
  CHECK(d.receipt_no.empty());
  CHECK(d.rating.comment.empty());
  const std::string after = everything_shown(*f.core);
  std::string logged;
  for (const auto& line : log::recent(log::Level::Debug, 2000)) logged += line.component + " " + line.message + "\n";
  for (const auto& v : personal) {
    CHECK_MESSAGE(after.find(v) == std::string::npos, v);
    CHECK_MESSAGE(logged.find(v) == std::string::npos, v);
  }
  CHECK(logged.find("committed submission") != std::string::npos);  // the log was read
}
