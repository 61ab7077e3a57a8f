// Review and sign, the delivery choice, the face-check consent and the applicant's photo through
// AppCore's intents; the signature, the delivery and the photo reach the committed submission; and
// after the session ends no personal value is left in the session, in any view model, or in the log.
#include <doctest/doctest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <thread>

#include <nlohmann/json.hpp>

#include "kiosk/app/app_core.hpp"
#include "kiosk/log.hpp"
#include "kiosk/text_util.hpp"
#include "offline_store/store.hpp"
#include "tests/kiosk/app_core_fixture.hpp"
#include "tests/kiosk/capture_synthetic.hpp"

namespace fs = std::filesystem;
using namespace ow;

namespace {
constexpr const char* kPension = "城乡居民基本养老保险参保登记";  // delivery: window, electronic
constexpr const char* kSelfEmployed = "个体工商户设立登记";          // delivery: window, mail, electronic
constexpr const char* kPensionBenefit = "城乡居民基本养老保险待遇申领";  // checks the face
// A public-domain portrait whose face passes the photo rules (tests/assets/face/README.md).
const std::string kFaceAsset = std::string(OW_TEST_DATA_DIR) + "/../assets/face/astronaut_face.jpg";

// The sample catalog with the pension benefit asking the applicant's photo of a card holder
// (`document`), not 实人核验: these tests are about the photo step itself, with no platform to match
// the face (tests/ui/face_capture_test.cpp runs the verified journey against platform-emu).
fs::path photo_step_catalog() {
  static const fs::path dir = [] {
    const fs::path d = fs::temp_directory_path() / ("ow-review-catalog-" + std::to_string(::getpid()));
    fs::remove_all(d);
    fs::copy(fs::path(OW_TEST_DATA_DIR) / "../../assets/catalog/sample", d, fs::copy_options::recursive);
    const fs::path file = d / "matters" / "01_social_insurance.json";
    std::ifstream in(file);
    std::string text{std::istreambuf_iterator<char>(in), {}};
    const auto at = text.find("\"identity\": \"verified\"", text.find(kPensionBenefit));
    REQUIRE(at != std::string::npos);
    text.replace(at, std::string("\"identity\": \"verified\"").size(), "\"identity\": \"document\"");
    std::ofstream(file, std::ios::trunc) << text;
    return d;
  }();
  return dir;
}

// An AppCore with the face and document cameras given (none where empty).
struct Fixture : test::AppCoreFixture {
  explicit Fixture(const std::string& name, const std::string& face_camera = {}, const std::string& document_camera = {})
      : AppCoreFixture("review-" + name, [&](Config& c) {
          c.face_camera.source = face_camera;
          c.document_camera.source = document_camera;
          c.catalog_file = photo_step_catalog();
        }) {}
  // Lets the face camera's thread take the photo (the UI loop would redraw meanwhile).
  bool wait_for_photo() {
    for (int i = 0; i < 1000; ++i) {
      core->update(t);
      if (core->face().face_capture_view().photo) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return false;
  }
  // Closes the kiosk and reads back from its store the submission committed as `receipt_no`; the
  // store stays open for its blobs.
  std::pair<std::unique_ptr<store::Store>, nlohmann::json> committed(const std::string& receipt_no) {
    core.reset();
    auto store = store::Store::open(dir);
    REQUIRE(store);
    auto entry = (*store)->find(receipt_no);
    REQUIRE(entry);
    REQUIRE(*entry);
    auto item = (*store)->begin_sending(store::ItemKind::Submission, (*entry)->id);
    REQUIRE(item);
    return {std::move(*store), nlohmann::json::parse(item->body)};
  }
  // From the pension form to the receipt: typed values, the household register promised, signed.
  std::string submit_signed() {
    fill_form("13900139000");
    send(intent::Next{});
    REQUIRE(core->screen() == ScreenId::Materials);
    hand_in_materials({"M_HOUSEHOLD"});
    send(intent::Next{});
    REQUIRE(core->review().prereview_view().passed);
    send(intent::Next{});
    send(intent::ChooseDelivery{catalog::Delivery::Window});
    send(intent::Sign{test::signature_strokes()});
    send(intent::Submit{});
    wait_while(ScreenId::Submitting);
    REQUIRE(core->screen() == ScreenId::Receipt);
    return core->receipt().receipt_view().receipt_no;
  }
  // Photographs a material with the document camera until a page is taken.
  bool capture_page(const std::string& code) {
    send(intent::CaptureMaterial{code});
    for (int i = 0; i < 1000; ++i) {
      core->update(t);
      if (auto v = core->materials().capture_view(); v && v->pages > 0) {
        send(intent::FinishCapture{});
        return true;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return false;
  }
};

std::string everything_shown(AppCore& core) {
  std::string all;
  auto add = [&](const auto& s) {  // text, a std::string or a SecretString
    if constexpr (requires { s.view(); }) all += s.view();
    else all += std::string_view(s);
    all += "\n";
  };
  const AttractView a = core.entry().attract_view(std::chrono::system_clock::now());
  add(a.hall_name);
  const ConsentView c = core.entry().consent_view();
  add(c.masked_id + c.masked_sscard);
  add(core.face().face_consent_view().matter_name);
  const FormView f = core.application().form_view();
  add(f.matter_name);
  for (const auto& fv : f.fields) add(fv.value);
  for (const auto& m : core.materials().materials_view()) add(std::to_string(m.pages));
  const PrereviewView p = core.review().prereview_view();
  for (const auto& pr : p.problems) add(pr.subject + pr.text);
  for (const auto& d : p.deferred) add(d);
  const ReviewView r = core.review().review_view();
  if (r.face_photo) add("face photo shown");
  if (core.face().face_capture_view().photo) add("face photo taken");
  for (const auto& i : r.fields) {
    add(i.label);
    add(i.value);
  }
  for (const auto& v : r.mail_values) add(v);
  const ReceiptView rc = core.receipt().receipt_view();
  add(rc.receipt_no + rc.matter_name + rc.query_url + rc.delivery);
  add(core.rating().rating_view().comment);
  return all;
}
}  // namespace

TEST_CASE("a passed pre-review goes to review and sign; the ID number shows in full only there") {
  Fixture f("review");
  f.start_application(kPension);
  f.fill_form("13900139000");
  f.send(intent::Next{});
  REQUIRE(f.core->screen() == ScreenId::Materials);
  // The card stands for the ID card; the household register not handed in yet is a note, not a
  // stop, so the check result is shown.
  f.send(intent::Next{});
  REQUIRE(f.core->screen() == ScreenId::Prereview);
  REQUIRE(f.core->review().prereview_view().passed);
  // Submitting is done from the review screen, after signing.
  f.send(intent::Submit{});
  CHECK(f.core->screen() == ScreenId::Prereview);
  f.send(intent::Back{});
  REQUIRE(f.core->screen() == ScreenId::Materials);
  f.hand_in_materials({"M_HOUSEHOLD"});
  // Nothing left to show: the check result is not a screen of its own.
  f.send(intent::Next{});
  REQUIRE(f.core->screen() == ScreenId::Review);

  const ReviewView v = f.core->review().review_view();
  bool full_id = false;
  for (const auto& i : v.fields) full_id = full_id || i.value == "11010519491231002X";
  CHECK(full_id);
  CHECK(f.core->application().form_view().fields.at(1).value != "11010519491231002X");  // the form keeps it masked
  // The matter's result comes by window or electronically; mail is not offered, and not taken.
  CHECK(v.delivery_options == std::vector{catalog::Delivery::Window, catalog::Delivery::Electronic});
  // Nothing is chosen for the citizen.
  CHECK_FALSE(v.delivery);
  f.send(intent::Submit{});
  CHECK(f.core->review().review_view().problem == Str::ReviewNeedDelivery);
  f.send(intent::ChooseDelivery{catalog::Delivery::Mail});
  CHECK_FALSE(f.core->review().review_view().delivery);
  f.send(intent::ChooseDelivery{catalog::Delivery::Electronic});
  CHECK(f.core->review().review_view().delivery == catalog::Delivery::Electronic);

  // No signature, then a stray touch: both refused with the reason.
  f.send(intent::Submit{});
  CHECK(f.core->screen() == ScreenId::Review);
  CHECK(f.core->review().review_view().problem == Str::ReviewNeedSignature);
  f.send(intent::Sign{capture::Strokes{{{0.5f, 0.5f}, {0.51f, 0.5f}}}});
  CHECK(f.core->review().review_view().problem == Str::ReviewSignTooShort);
  CHECK_FALSE(f.core->review().review_view().signed_);
  f.send(intent::Sign{test::signature_strokes()});
  CHECK(f.core->review().review_view().signed_);
  f.send(intent::Submit{});
  f.wait_while(ScreenId::Submitting);
  REQUIRE(f.core->screen() == ScreenId::Receipt);
  const ReceiptView receipt = f.core->receipt().receipt_view();
  CHECK(receipt.delivery == tr(Str::DeliveryElectronic));
  const std::string receipt_no = receipt.receipt_no;
  // One 受理编号 on screen, in the QR code and in the voice: 13 digits, read in groups, spoken digit by digit.
  REQUIRE(receipt_no.size() == 13);
  CHECK(store::check_receipt_number(receipt_no) == store::ReceiptNumberCheck::Valid);
  CHECK(receipt.receipt_no_text == store::group_receipt_number(receipt_no));
  CHECK(receipt.query_url.ends_with(receipt_no));
  const std::string spoken = f.core->entry().prompt_text();
  CHECK(spoken.find(spoken_digits(receipt.receipt_no_text)) != std::string::npos);
  CHECK(spoken_digits("0001 6326 0001 7") == "0 0 0 1, 6 3 2 6, 0 0 0 1, 7");

  // The committed submission carries the signature as a PNG blob, the licence and the delivery.
  const auto [store, body] = f.committed(receipt_no);
  REQUIRE(body["signature"].is_string());
  auto png = store->read_blob(body["signature"].get<std::string>());
  REQUIRE(png);
  CHECK(png->substr(0, 8) == std::string("\x89PNG\r\n\x1a\n", 8));
  CHECK(body["delivery"]["method"] == "electronic");
  CHECK(body["materials"]["M_ID_CARD"][0]["licence"] == "居民身份证");
  CHECK_FALSE(body["form"].contains("signature"));
  CHECK(body["prereview"]["deferred_materials"] == nlohmann::json::array({"M_HOUSEHOLD"}));
}

TEST_CASE("mail delivery asks for the postal details, checked as typed, and they go into the submission") {
  Fixture f("mail");
  f.start_application(kSelfEmployed);
  f.fill_form("13900139000");
  f.send(intent::Next{});
  f.hand_in_materials();
  f.send(intent::Next{});
  REQUIRE(f.core->review().prereview_view().passed);
  f.send(intent::Next{});
  REQUIRE(f.core->screen() == ScreenId::Review);
  CHECK(f.core->review().review_view().mail_fields.empty());
  f.send(intent::ChooseDelivery{catalog::Delivery::Mail});
  ReviewView v = f.core->review().review_view();
  REQUIRE(v.mail_fields.size() == 3);
  f.send(intent::Sign{test::signature_strokes()});
  f.send(intent::Submit{});
  CHECK(f.core->screen() == ScreenId::Review);
  CHECK(f.core->review().review_view().problem == Str::ReviewNeedAddress);
  // A phone number that cannot be a mobile number is told at the first digit.
  f.send(intent::SetDeliveryField{"mail_phone", "2"});
  CHECK(f.core->review().review_view().mail_errors.at(1) == Str::FormInvalidPhone);
  f.send(intent::SetDeliveryField{"mail_phone", "13700137000"});
  f.send(intent::SetDeliveryField{"mail_name", "李收件"});
  f.send(intent::SetDeliveryField{"mail_address", "淄博市张店区邮寄路9号"});
  v = f.core->review().review_view();
  for (const auto& e : v.mail_errors) CHECK_FALSE(e);
  f.send(intent::Submit{});
  f.wait_while(ScreenId::Submitting);
  REQUIRE(f.core->screen() == ScreenId::Receipt);
  CHECK(f.core->receipt().receipt_view().delivery == tr(Str::DeliveryMail));
  const std::string receipt_no = f.core->receipt().receipt_view().receipt_no;
  const auto [store, body] = f.committed(receipt_no);
  CHECK(body["delivery"] == nlohmann::json{{"method", "mail"}, {"name", "李收件"}, {"phone", "13700137000"}, {"address", "淄博市张店区邮寄路9号"}});
}

TEST_CASE("a matter that checks the face asks a separate consent; declining sends the citizen to a staff window") {
  Fixture f("face", "file:" + kFaceAsset);
  f.start_application(kPensionBenefit);
  REQUIRE(f.core->screen() == ScreenId::FaceConsent);
  CHECK(f.core->face().face_consent_view().matter_name == kPensionBenefit);
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
  // Agreeing opens the photo step; back returns to the consent.
  REQUIRE(f.core->screen() == ScreenId::FaceCapture);
  f.send(intent::Back{});
  CHECK(f.core->screen() == ScreenId::FaceConsent);
  f.send(intent::FaceAgree{});
  REQUIRE(f.core->screen() == ScreenId::FaceCapture);
  REQUIRE(f.wait_for_photo());
  f.send(intent::FaceRetake{});
  CHECK_FALSE(f.core->face().face_capture_view().photo);
  REQUIRE(f.wait_for_photo());
  f.send(intent::FaceUsePhoto{});
  CHECK(f.core->screen() == ScreenId::Form);
  CHECK_FALSE(f.core->session().data().face_photo.jpeg.jpeg.empty());
  f.send(intent::Back{});
  f.send(intent::Back{});
  f.send(intent::ChooseMatter{f.matter_code(kPensionBenefit)});
  f.send(intent::StartApplication{});
  // Agreed once in this session; a new application takes its own photo.
  CHECK(f.core->screen() == ScreenId::FaceCapture);
  CHECK(f.core->session().data().face_photo.jpeg.jpeg.empty());

  Fixture g("face-decline", "file:" + kFaceAsset);
  g.start_application(kPensionBenefit);
  g.send(intent::FaceDecline{});
  CHECK(g.core->screen() == ScreenId::Notice);
  CHECK(g.core->entry().notice_view().title == Str::FaceDeclinedTitle);
  CHECK_FALSE(g.core->session().data().identity);
  CHECK(g.core->session().data().matter_code.empty());

  // Without a face camera, agreeing sends the citizen to a staff window, as declining does.
  Fixture h("face-no-camera");
  h.start_application(kPensionBenefit);
  h.send(intent::FaceAgree{});
  CHECK(h.core->screen() == ScreenId::Notice);
  CHECK(h.core->entry().notice_view().title == Str::FaceNoCameraTitle);
  CHECK_FALSE(h.core->session().data().identity);

  // A camera that cannot be opened: the same.
  Fixture k("face-bad-camera", "file:/nonexistent/face.jpg");
  k.start_application(kPensionBenefit);
  k.send(intent::FaceAgree{});
  CHECK(k.core->screen() == ScreenId::Notice);
  CHECK(k.core->entry().notice_view().title == Str::FaceNoCameraTitle);
}

TEST_CASE("the pre-review asks for the photo a face-checking matter lacks; 去修改 opens the photo step and returns") {
  Fixture f("face-prereview", "file:" + kFaceAsset);
  const catalog::Matter* benefit = f.core->catalog().find(f.matter_code(kPensionBenefit));
  const catalog::Matter* plain = f.core->catalog().find(f.matter_code(kPension));
  REQUIRE(benefit);
  REQUIRE(plain);
  const auto missing = face_photo_problem(*benefit, false);
  REQUIRE(missing);
  CHECK(missing->blocking);
  CHECK(missing->material == kFacePhotoMaterial);
  CHECK(missing->text == Str::PrereviewFaceMissing);
  CHECK_FALSE(face_photo_problem(*benefit, true));
  CHECK_FALSE(face_photo_problem(*plain, false));

  f.place_card(test::wang_card());
  f.send(intent::Agree{});
  f.send(intent::ChooseMatter{benefit->code});
  f.send(intent::StartApplication{});
  f.send(intent::FaceAgree{});
  REQUIRE(f.wait_for_photo());
  f.send(intent::FaceUsePhoto{});
  f.fill_form("13900139000");
  f.send(intent::Next{});
  // Materials left as they are: the check result lists them, so it is shown.
  if (f.core->screen() == ScreenId::Materials) f.send(intent::Next{});
  REQUIRE(f.core->screen() == ScreenId::Prereview);
  for (const auto& p : f.core->review().prereview_view().problems) CHECK(p.material != kFacePhotoMaterial);
  // The 去修改 jump to the photo step, and "use this photo" comes back to a fresh pre-review.
  f.send(intent::FixMaterial{kFacePhotoMaterial});
  REQUIRE(f.core->screen() == ScreenId::FaceCapture);
  REQUIRE(f.wait_for_photo());
  f.send(intent::FaceUsePhoto{});
  CHECK(f.core->screen() == ScreenId::Prereview);
  for (const auto& p : f.core->review().prereview_view().problems) CHECK(p.material != kFacePhotoMaterial);
}

TEST_CASE("the photo goes into the submission as the FACE_PHOTO attachment and is wiped with the session") {
  log::set_level(log::Level::Debug);
  // The benefit matter also wants a bank card and an ID photo on paper: a generated page serves both.
  const fs::path page = fs::temp_directory_path() / ("ow-review-page-" + std::to_string(::getpid()) + ".png");
  REQUIRE(capture::test::write_page_photo(page.string()));
  Fixture f("face-submit", "file:" + kFaceAsset, "file:" + page.string());
  f.start_application(kPensionBenefit);
  f.send(intent::FaceAgree{});
  REQUIRE(f.wait_for_photo());
  f.send(intent::FaceUsePhoto{});
  const std::string jpeg(f.core->session().data().face_photo.jpeg.jpeg.begin(), f.core->session().data().face_photo.jpeg.jpeg.end());
  REQUIRE(jpeg.size() > 1000);
  f.fill_form("13900139000");
  f.send(intent::SetField{"bank_account", "6222020200112233445"});
  f.send(intent::Next{});
  REQUIRE(f.core->screen() == ScreenId::Materials);
  for (const auto& item : f.core->materials().materials_view()) {
    if (!item.material->licence_type.empty()) f.send(intent::UseLicence{item.material->code});
    else REQUIRE(f.capture_page(item.material->code));
  }
  f.send(intent::Next{});
  REQUIRE(f.core->review().prereview_view().passed);
  f.send(intent::Next{});
  REQUIRE(f.core->screen() == ScreenId::Review);
  const auto shown = f.core->review().review_view().face_photo;  // the thumbnail's pixels, as the screen holds them
  REQUIRE(shown);
  REQUIRE_FALSE(shown->pixels.empty());
  f.send(intent::ChooseDelivery{catalog::Delivery::Window});
  f.send(intent::Sign{test::signature_strokes()});
  f.send(intent::Submit{});
  f.wait_while(ScreenId::Submitting);
  REQUIRE(f.core->screen() == ScreenId::Receipt);
  const std::string receipt_no = f.core->receipt().receipt_view().receipt_no;
  f.send(intent::Finish{});
  f.send(intent::SkipRating{});
  f.core->update(f.t + std::chrono::seconds(60));  // past the goodbye screen
  REQUIRE(f.core->screen() == ScreenId::Attract);
  // The session's photo is gone, and the pixels a screen may still hold were zeroed.
  CHECK(f.core->session().data().face_photo.jpeg.jpeg.empty());
  CHECK_FALSE(f.core->session().data().face_photo.pixels);
  CHECK(std::all_of(shown->pixels.begin(), shown->pixels.end(), [](std::uint8_t b) { return b == 0; }));
  CHECK_FALSE(f.core->review().review_view().face_photo);
  CHECK_FALSE(f.core->face().face_capture_view().photo);
  const std::string logged = test::logged_lines();
  CHECK(logged.find("photo taken") != std::string::npos);  // the log was read
  CHECK(logged.find("王测试") == std::string::npos);

  const auto [store, body] = f.committed(receipt_no);
  REQUIRE(body["materials"].contains(kFacePhotoMaterial));
  REQUIRE(body["materials"][kFacePhotoMaterial].size() == 1);
  auto blob = store->read_blob(body["materials"][kFacePhotoMaterial][0].get<std::string>());
  REQUIRE(blob);
  CHECK(*blob == jpeg);
  // At rest the attachment is sealed: no file under the data folder holds the JPEG's bytes.
  const std::string probe = jpeg.substr(jpeg.size() / 2, 64);
  for (const auto& e : fs::recursive_directory_iterator(f.dir)) {
    if (!e.is_regular_file()) continue;
    std::ifstream in(e.path(), std::ios::binary);
    const std::string content((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    CHECK_MESSAGE(content.find(probe) == std::string::npos, e.path().string());
  }
  fs::remove(page);
}

TEST_CASE("after a session ends no personal value remains in the session, the view models or the log") {
  log::set_level(log::Level::Debug);
  Fixture f("pii");
  f.start_application(kPension);
  f.fill_form("13900139000");
  f.send(intent::Next{});
  f.hand_in_materials();
  f.send(intent::Next{});
  f.send(intent::Next{});
  f.send(intent::ChooseDelivery{catalog::Delivery::Window});
  f.send(intent::Sign{test::signature_strokes()});
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
  const std::string logged = test::logged_lines();
  for (const auto& v : personal) {
    CHECK_MESSAGE(after.find(v) == std::string::npos, v);
    CHECK_MESSAGE(logged.find(v) == std::string::npos, v);
  }
  CHECK(logged.find("committed submission") != std::string::npos);  // the log was read
}

TEST_CASE("a hand-typed applicant goes into the applicant block and the ID-number index, marked typed") {
  Fixture f("typed");
  f.start_application(intent::Start{}, kPension);
  const std::string receipt_no = f.submit_signed();  // name and ID number typed: 测试个体经营部, 11010519491231002X

  const auto [store, body] = f.committed(receipt_no);
  CHECK(body["applicant"]["source"] == "typed");
  CHECK(body["applicant"]["id_number"] == "11010519491231002X");
  CHECK(body["applicant"]["name"] == "测试个体经营部");
  CHECK(body["applicant"]["birth_date"] == "1949-12-31");
  // 办件查询 by ID card finds it.
  auto found = store->find_by_id_number("11010519491231002X");
  REQUIRE(found);
  REQUIRE(found->size() == 1);
  CHECK(found->front().local_receipt_no == receipt_no);
}

TEST_CASE("a card-read applicant's submission says so") {
  Fixture f("card-source");
  f.start_application(kPension);
  const auto [store, body] = f.committed(f.submit_signed());
  CHECK(body["applicant"]["source"] == "id_card");
  CHECK(body["applicant"]["name"] == "王测试");
}

TEST_CASE("告知承诺: the citizen signs the promise instead of the proof; it goes word for word into the submission") {
  Fixture f("promise");
  f.start_application("异地就医备案");
  f.fill_form("13900139000");
  f.send(intent::SetField{"settle_reason", "异地长期居住"});  // the residence proof is asked only then
  f.send(intent::Next{});
  REQUIRE(f.core->screen() == ScreenId::Materials);
  const catalog::Material* proof = f.core->application().current_matter()->material("M_HOSPITAL_CARD");
  REQUIRE(proof);
  const std::string promise = proof->promise;  // the matter may be rebuilt by the time the receipt shows
  REQUIRE_FALSE(promise.empty());
  f.send(intent::PromiseMaterial{"M_NO_SUCH_MATERIAL"});  // nothing to promise: not taken
  CHECK(f.core->materials().materials_view().size() == 1);
  f.send(intent::PromiseMaterial{"M_HOSPITAL_CARD"});
  REQUIRE(f.core->materials().materials_view().front().promised);
  f.send(intent::Next{});
  if (f.core->screen() == ScreenId::Prereview) {
    for (const auto& p : f.core->review().prereview_view().problems) INFO(p.subject << ": " << p.text);
    REQUIRE(f.core->review().prereview_view().passed);
    f.send(intent::Next{});
  }
  REQUIRE(f.core->screen() == ScreenId::Review);
  const ReviewView v = f.core->review().review_view();
  REQUIRE(v.promises.size() == 1);
  CHECK(v.promises[0] == trf(Str::ReviewPromise, promise));
  REQUIRE_FALSE(v.delivery_options.empty());
  f.send(intent::ChooseDelivery{v.delivery_options.front()});
  f.send(intent::Sign{test::signature_strokes()});
  f.send(intent::Submit{});
  f.wait_while(ScreenId::Submitting);
  REQUIRE(f.core->screen() == ScreenId::Receipt);
  const auto [store, body] = f.committed(f.core->receipt().receipt_view().receipt_no);
  const nlohmann::json promised = {{"material", "M_HOSPITAL_CARD"}, {"text", promise}};
  CHECK(body["prereview"]["promises"] == nlohmann::json::array({promised}));
  CHECK_FALSE(body["materials"].contains("M_HOSPITAL_CARD"));
}

TEST_CASE("the materials screen lists a conditional material only when the form makes it needed") {
  Fixture f("materials-when");
  f.start_application("户口迁移（市内）");
  f.fill_form("13900139000");
  auto listed = [&] {
    std::set<std::string> codes;
    for (const auto& item : f.core->materials().materials_view()) codes.insert(item.material->code);
    return codes;
  };
  f.send(intent::SetField{"move_reason", "购房"});
  f.send(intent::Next{});
  REQUIRE(f.core->screen() == ScreenId::Materials);
  CHECK(listed().count("M_PROPERTY_CERT") == 1);
  CHECK(listed().count("M_MARRIAGE") == 0);
  f.send(intent::Back{});
  f.send(intent::SetField{"move_reason", "婚姻"});
  f.send(intent::Next{});
  REQUIRE(f.core->screen() == ScreenId::Materials);
  CHECK(listed().count("M_PROPERTY_CERT") == 0);
  CHECK(listed().count("M_MARRIAGE") == 1);
  CHECK(listed().count("M_HOUSEHOLD") == 1);  // asked in every case
}
