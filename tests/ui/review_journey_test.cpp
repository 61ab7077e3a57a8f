// Headless journeys through the real kiosk program for the form widgets, pre-review fixes, 容缺,
// electronic licences, review and sign, cancel and elderly mode. Each saves screenshots; the
// committed submission and the log are checked afterwards.
#include <doctest/doctest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include <nlohmann/json.hpp>

#include "kiosk/capture/signature.hpp"
#include "offline_store/store.hpp"
#include "tests/ui/kiosk_run.hpp"

namespace fs = std::filesystem;

namespace {
struct Box {
  fs::path dir;
  explicit Box(const std::string& name) : dir(fs::temp_directory_path() / ("ow-review-ui-" + name + "-" + std::to_string(::getpid()))) {
    fs::remove_all(dir);
    fs::create_directories(dir);
    std::ofstream(dir / "kiosk.toml") << "[kiosk]\nid = \"KIOSK-T3\"\nhall_name = \"测试镇政务服务中心\"\n"
                                      << "data_dir = \"data\"\nassets_dir = \"" << OW_ASSETS << "\"\n";
  }
  ~Box() { fs::remove_all(dir); }
  KioskRun run(const std::string& script) {
    std::ofstream(dir / "script.txt") << script;
    return run_kiosk(dir);
  }
  bool shot(const std::string& name) const { return fs::file_size(dir / "shots" / (name + ".png")) > 10000; }
  // The one committed submission's request body, as the platform will receive it.
  nlohmann::json committed(std::unique_ptr<ow::store::Store>& store) const {
    auto opened = ow::store::Store::open(dir / "data");
    REQUIRE(opened);
    store = std::move(*opened);
    auto entries = store->list(std::nullopt, 10);
    REQUIRE(entries);
    REQUIRE(entries->size() == 1);
    auto item = store->begin_sending(ow::store::ItemKind::Submission, entries->front().id);
    REQUIRE(item);
    return nlohmann::json::parse(item->body);
  }
};

// From the attract screen to the pension registration's empty form.
const std::string kOpenPensionForm =
    "tap \"开始办事\"\ntap \"同意并继续\"\nwait_screen home\ntap \"社保\"\ntap \"城乡居民基本养老保险参保登记\"\ntap \"开始办理\"\nwait_screen form\n";
// The pension form's fields after the name, typed by hand.
const std::string kTypeIdPhoneAddress =
    "tap \"身份证号码\"\ntype \"11010519491231002X\"\ntap \"完成\"\n"
    "tap \"手机号码\"\ntype \"13800138000\"\ntap \"完成\"\n"
    "tap \"户籍地址\"\ntype \"山东省淄博市张店区人民西路100号\"\ntap \"完成\"\n";
// Typing the pension registration's form by hand, up to its materials.
const std::string kPensionForm = kOpenPensionForm + "tap \"姓名\"\ntype \"张三\"\ntap \"完成\"\n" + kTypeIdPhoneAddress +
                                 "tap \"下一步\"\nwait_screen materials\n";

const char* kPersonal[] = {"张三", "11010519491231002X", "13800138000", "天河路100号"};
}  // namespace

TEST_CASE("fields are checked as typed; pre-review lists several problems; each is fixed in turn with 去修改") {
  Box box("fix");
  const KioskRun r = box.run(
      "tap \"开始办事\"\ntap \"同意并继续\"\nwait_screen home\ntap \"户籍\"\ntap \"出生登记\"\ntap \"开始办理\"\nwait_screen form\n"
      "tap \"姓名\"\ntype \"张三\"\ntap \"完成\"\n"
      // Checked as typed: a mobile number cannot start with 2; a complete ID number with a wrong check digit.
      "tap \"身份证号码\"\ntype \"110105194912310021\"\nexpect_text \"身份证号码不正确\"\nscreenshot fix-00-id-bad\n"
      "tap \"删除\"\ntype \"X\"\nexpect_absent \"身份证号码不正确\"\ntap \"完成\"\n"
      "tap \"手机号码\"\ntype \"2\"\nexpect_text \"请输入11位手机号码\"\n"
      "tap \"删除\"\ntype \"13800138000\"\nexpect_absent \"请输入11位手机号码\"\ntap \"完成\"\n"
      "tap \"子女姓名\"\ntype \"张小三\"\ntap \"完成\"\ntap \"男\"\n"
      // A birth date after today passes the form's format check; the pre-review's rule catches it.
      "tap \"子女出生日期\"\ntype \"20991231\"\ntap \"完成\"\n"
      "tap \"配偶姓名\"\ntype \"李四\"\ntap \"完成\"\n"
      "tap \"配偶身份证号码\"\ntype \"11010519491231002X\"\ntap \"完成\"\n"
      "tap \"下一步\"\nwait_screen materials\ntap \"下一步\"\nwait_screen prereview\n"
      "expect_text \"出生日期不能晚于今天\"\nexpect_text \"居民身份证\"\nexpect_text \"结婚证\"\n"
      // A missing material says what to do, not its own name again.
      "expect_text \"结婚证：还未提交，请拍照上传或用电子证件\"\nexpect_absent \"居民身份证：居民身份证\"\n"
      "screenshot fix-01-five-problems\n"
      // 1: the date. 去修改 opens the field with its wheels.
      "tap \"去修改 子女出生日期\"\nwait_screen form\nexpect_text \"2099年\"\nscreenshot fix-02-date-opened\n"
      // Typed over, then moved on the wheels: a tap on a row brings it to the middle.
      "type \"20240301\"\nexpect_text \"2024年\"\ntap \"2023年\"\ntap \"5月\"\nexpect_text \"2023-05-01\"\ntap \"完成\"\ntap \"下一步\"\nwait_screen materials\ntap \"下一步\"\nwait_screen prereview\n"
      "expect_absent \"出生日期不能晚于今天\"\nexpect_text \"居民身份证\"\nscreenshot fix-03-date-fixed\n"
      // 2: the ID card, by its electronic licence.
      "tap \"去修改 居民身份证\"\nwait_screen materials\ntap \"居民身份证 用电子证件\"\n"
      "tap \"下一步\"\nwait_screen prereview\nexpect_absent \"去修改 居民身份证\"\nexpect_text \"居民户口簿\"\n"
      // 3 to 5: the others, the same way.
      "tap \"去修改 居民户口簿\"\nwait_screen materials\ntap \"居民户口簿 用电子证件\"\n"
      "swipe 700\ntap \"出生医学证明 用电子证件\"\ntap \"结婚证 用电子证件\"\n"
      // Nothing left to show: the pre-review gives way to the review at once.
      "tap \"下一步\"\nwait_screen review\nexpect_text \"2023-05-01\"\nscreenshot fix-04-passed\n");
  INFO(r.log);
  REQUIRE(r.exit_code == 0);
  for (const char* s : {"fix-01-five-problems", "fix-02-date-opened", "fix-03-date-fixed", "fix-04-passed"})
    CHECK_MESSAGE(box.shot(s), s);
}

TEST_CASE("an electronic licence and a 容缺 promise reach the submission; review, sign and submit; nothing stays") {
  Box box("sign");
  const KioskRun r = box.run(kPensionForm +
                             "tap \"居民身份证 用电子证件\"\nexpect_text \"已选用电子证件：居民身份证\"\n"
                             "tap \"居民户口簿 以后再交\"\nexpect_text \"已承诺以后再交\"\nscreenshot sign-01-materials\n"
                             "tap \"下一步\"\nwait_screen review\n"
                             // The ID number in full, here only.
                             "expect_text \"11010519491231002X\"\nexpect_text \"以后再交\"\n"
                             // Nothing is chosen for the citizen: the way to receive the result first, then the signature.
                             "tap \"签好了，提交\"\nexpect_text \"请先选择结果怎么给您\"\n"
                             "tap \"电子送达\"\ntap \"签好了，提交\"\nexpect_text \"请先在方框内签名\"\n"
                             "sign \"签名区\"\nscreenshot sign-02-drawn\n"
                             "tap \"签好了，提交\"\nwait_screen receipt\nexpect_text \"领取方式：电子送达\"\nscreenshot sign-04-receipt\n"
                             "tap \"完成\"\nwait_screen evaluation\ntap \"跳过\"\nwait_screen goodbye\ntap \"返回首页\"\n"
                             "wait_screen attract\nscreenshot sign-05-attract-after\n"
                             "expect_absent \"张三\"\n" +
                             kOpenPensionForm + "expect_absent \"张三\"\nexpect_absent \"13800138000\"\n");
  INFO(r.log);
  REQUIRE(r.exit_code == 0);
  for (const char* s : {"sign-01-materials", "sign-02-drawn", "sign-04-receipt", "sign-05-attract-after"})
    CHECK_MESSAGE(box.shot(s), s);

  std::unique_ptr<ow::store::Store> store;
  const auto body = box.committed(store);
  CHECK(body["materials"]["M_ID_CARD"][0]["licence"] == "居民身份证");
  CHECK(body["prereview"]["deferred_materials"] == nlohmann::json::array({"M_HOUSEHOLD"}));
  CHECK(body["delivery"]["method"] == "electronic");
  // The drawn signature is the submission's signature blob: a PNG with ink on it.
  REQUIRE(body["signature"].is_string());
  auto png = store->read_blob(body["signature"].get<std::string>());
  REQUIRE(png);
  CHECK(png->substr(0, 4) == "\x89PNG");
  const auto blank = ow::capture::signature_png({});
  REQUIRE(blank);
  CHECK(png->size() > blank->size() + 500);
  for (const char* pii : kPersonal) CHECK_MESSAGE(r.log.find(pii) == std::string::npos, pii);
}

TEST_CASE("cancel asks once: continuing keeps the input, confirming wipes it") {
  Box box("cancel");
  const KioskRun r = box.run(
      kOpenPensionForm +
      "tap \"姓名\"\ntype \"张三\"\ntap \"完成\"\ntap \"手机号码\"\ntype \"13800138000\"\ntap \"完成\"\n"
      "tap \"取消办理\"\nexpect_text \"确定要取消办理吗？\"\nscreenshot cancel-01-ask\n"
      "tap \"继续办理\"\nexpect_absent \"确定要取消办理吗？\"\nexpect_text \"张三\"\n"
      "tap \"取消办理\"\ntap \"确定取消\"\nwait_screen attract\nscreenshot cancel-02-attract\n" +
      kOpenPensionForm + "expect_absent \"张三\"\nexpect_absent \"13800138000\"\nscreenshot cancel-03-fresh-form\n");
  INFO(r.log);
  REQUIRE(r.exit_code == 0);
  CHECK(box.shot("cancel-01-ask"));
  auto opened = ow::store::Store::open(box.dir / "data");
  REQUIRE(opened);
  CHECK((*opened)->submission_count().value() == 0);
  for (const char* pii : kPersonal) CHECK_MESSAGE(r.log.find(pii) == std::string::npos, pii);
}

TEST_CASE("elderly mode: pinyin candidates at the large size, the whole journey to the receipt") {
  Box box("elderly");
  const KioskRun r = box.run(
      "wait_screen attract\ntap \"长辈模式\"\nexpect_text \"标准模式\"\n"
      "tap \"开始办事\"\ntap \"同意并继续\"\nwait_screen home\nswipe 500\ntap \"社保\"\ntap \"城乡居民基本养老保险参保登记\"\ntap \"开始办理\"\nwait_screen form\n"
      "tap \"姓名\"\ntap \"拼音\"\ntap \"z\"\ntap \"h\"\ntap \"a\"\ntap \"n\"\ntap \"g\"\ntap \"s\"\ntap \"a\"\ntap \"n\"\n"
      "screenshot elderly-01-pinyin\n"
      "tap \"张三\"\nexpect_text \"张三\"\ntap \"完成\"\n" +
      kTypeIdPhoneAddress + "screenshot elderly-02-form-filled\n"
      "tap \"下一步\"\nwait_screen materials\n"
      "tap \"居民身份证 用电子证件\"\ntap \"居民户口簿 以后再交\"\ntap \"下一步\"\nwait_screen review\n"
      "tap \"窗口领取\"\nsign \"签名区\"\nscreenshot elderly-03-review\n"
      "tap \"签好了，提交\"\nwait_screen receipt\nexpect_text \"标准模式\"\nscreenshot elderly-04-receipt\n");
  INFO(r.log);
  REQUIRE(r.exit_code == 0);
  CHECK(box.shot("elderly-01-pinyin"));
  CHECK(r.log.find("missing glyph") == std::string::npos);
}
