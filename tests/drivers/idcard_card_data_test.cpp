// Text blocks laid out by hand at the brief's offsets (../shared/reference/hardware.md §1).
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "drivers/idcard/card_data.hpp"

using namespace ow::drivers::idcard;
using ow::drivers::DeviceErrorCode;
using Bytes = std::vector<std::uint8_t>;

namespace {

Bytes blank_block() {
  Bytes b(256, 0x00);
  for (std::size_t i = 0; i < b.size(); i += 2) b[i] = 0x20;  // UCS-2LE spaces
  return b;
}

void put(Bytes& b, std::size_t offset, std::u16string_view s) {
  for (std::size_t i = 0; i < s.size(); ++i) {
    b[offset + 2 * i] = static_cast<std::uint8_t>(s[i] & 0xFF);
    b[offset + 2 * i + 1] = static_cast<std::uint8_t>(s[i] >> 8);
  }
}

// A resident card: 测试甲, male, 汉, 1980-01-01, fictional number with a correct check digit.
Bytes resident_block() {
  Bytes b = blank_block();
  put(b, 0, u"测试甲");
  put(b, 30, u"1");
  put(b, 32, u"01");
  put(b, 36, u"19800101");
  put(b, 52, u"示例省演示市测试区样板路1号");
  put(b, 122, u"110105198001011238");
  put(b, 158, u"演示市公安局测试分局");
  put(b, 188, u"20200601");
  put(b, 204, u"20400601");
  return b;
}

// Read base info data: textLen 01 00, photoLen 04 00, text, photo.
Bytes base_info_data(const Bytes& text) {
  Bytes d;
  d.reserve(4 + 256 + 1024);  // also keeps GCC 12's -Warray-bounds false positive away
  d.push_back(0x01);
  d.push_back(0x00);
  d.push_back(0x04);
  d.push_back(0x00);
  d.insert(d.end(), text.begin(), text.end());
  for (int i = 0; i < 1024; ++i) d.push_back(static_cast<std::uint8_t>(i * 7));
  return d;
}

}  // namespace

TEST_CASE("the text block's first bytes are UCS-2 little-endian as on the card") {
  const Bytes b = resident_block();
  // 测 U+6D4B, 试 U+8BD5, 甲 U+7532, then a space.
  CHECK(Bytes(b.begin(), b.begin() + 8) == Bytes{0x4B, 0x6D, 0xD5, 0x8B, 0x32, 0x75, 0x20, 0x00});
  CHECK(ucs2le_to_utf8(Bytes{0x7F, 0x95, 0x1F, 0x67, 0x20, 0x00, 0x20, 0x00}) == "长期");
  CHECK(ucs2le_to_utf8(Bytes{0x20, 0x00, 0x41, 0x00, 0x00, 0x00}) == "A");
  CHECK(ucs2le_to_utf8(Bytes{0x00, 0xD8, 0x41, 0x00}) == "\xEF\xBF\xBD" "A");  // lone surrogate
}

TEST_CASE("resident ID card: every field, trimmed and checked") {
  auto c = parse_text_block(resident_block());
  REQUIRE(c);
  CHECK(c->type == CardType::ResidentId);
  CHECK(c->name == "测试甲");
  CHECK(c->sex == Sex::Male);
  CHECK(c->ethnic_code == "01");
  CHECK(c->ethnicity == "汉");
  CHECK(c->birth_date == "1980-01-01");
  CHECK(c->address == "示例省演示市测试区样板路1号");
  CHECK(c->id_number == "110105198001011238");
  CHECK(c->authority == "演示市公安局测试分局");
  CHECK(c->valid_from == "2020-06-01");
  CHECK(c->valid_to == "2040-06-01");
  CHECK_FALSE(c->long_term);
  CHECK_FALSE(card_expired(*c, "20261122"));
  CHECK(card_expired(*c, "20400602"));
  CHECK_FALSE(card_expired(*c, "20400601"));  // valid through its last day
}

TEST_CASE("长期 validity never expires") {
  Bytes b = resident_block();
  put(b, 204, u"长期      ");
  put(b, 30, u"2");
  put(b, 32, u"98");
  auto c = parse_text_block(b);
  REQUIRE(c);
  CHECK(c->long_term);
  CHECK(c->valid_to.empty());
  CHECK(c->sex == Sex::Female);
  CHECK(c->ethnicity == "外国血统中国籍人士");
  CHECK_FALSE(card_expired(*c, "29991231"));
}

TEST_CASE("an expired card parses and is reported expired") {
  Bytes b = resident_block();
  put(b, 188, u"20050301");
  put(b, 204, u"20150301");
  auto c = parse_text_block(b);
  REQUIRE(c);
  CHECK(card_expired(*c, "20261122"));
}

TEST_CASE("HK/Macau/Taiwan residence permit ('J')") {
  Bytes b = blank_block();
  put(b, 0, u"示例丁");
  put(b, 30, u"1");
  put(b, 36, u"19900521");
  put(b, 52, u"示例省演示市港湾路4号");
  put(b, 122, u"810000199005210026");
  put(b, 158, u"演示市公安局");
  put(b, 188, u"20220101");
  put(b, 204, u"20270101");
  put(b, 220, u"H90000001");
  put(b, 238, u"01");
  put(b, 248, u"J");
  CHECK(b[248] == 0x4A);
  CHECK(b[249] == 0x00);
  auto c = parse_text_block(b);
  REQUIRE(c);
  CHECK(c->type == CardType::HkMacauTaiwanPermit);
  CHECK(c->name == "示例丁");
  CHECK(c->ethnicity.empty());
  CHECK(c->id_number == "810000199005210026");
  CHECK(c->pass_number == "H90000001");
  CHECK(c->issue_count == "01");
  CHECK(c->valid_to == "2027-01-01");
}

TEST_CASE("foreigner permanent residence card, old layout ('I')") {
  Bytes b = blank_block();
  put(b, 0, u"SAMPLE, TEST PERSON");
  put(b, 120, u"2");
  put(b, 122, u"CAN310099050101");
  put(b, 152, u"CAN");
  put(b, 158, u"测试样本");
  put(b, 188, u"20190101");
  put(b, 204, u"20290101");
  put(b, 220, u"19880808");
  put(b, 236, u"01");
  put(b, 240, u"1100");
  put(b, 248, u"I");
  auto c = parse_text_block(b);
  REQUIRE(c);
  CHECK(c->type == CardType::ForeignerPermanent);
  CHECK(c->name_en == "SAMPLE, TEST PERSON");
  CHECK(c->name == "测试样本");
  CHECK(c->sex == Sex::Female);
  CHECK(c->id_number == "CAN310099050101");
  CHECK(c->nationality == "CAN");
  CHECK(c->birth_date == "1988-08-08");
  CHECK(c->valid_from == "2019-01-01");
  CHECK(c->card_version == "01");
  CHECK(c->authority == "1100");
}

TEST_CASE("an unknown type character is unsupported, never read as a resident card") {
  Bytes b = resident_block();
  put(b, 248, u"Y");
  auto c = parse_text_block(b);
  REQUIRE_FALSE(c);
  CHECK(c.error().code == DeviceErrorCode::Unsupported);
  CHECK(c.error().message.find("unsupported card type") != std::string::npos);
}

TEST_CASE("damaged fields are refused and the message carries no personal data") {
  auto refused = [](Bytes b) {
    auto c = parse_text_block(b);
    REQUIRE_FALSE(c);
    CHECK(c.error().code == DeviceErrorCode::BadFrame);
    CHECK(c.error().message.find("110105") == std::string::npos);
    CHECK(c.error().message.find("测试甲") == std::string::npos);
    return c.error().message;
  };
  Bytes wrong_check = resident_block();
  put(wrong_check, 122, u"110105198001011239");
  CHECK(refused(wrong_check).find("GB 11643") != std::string::npos);
  Bytes bad_birth = resident_block();
  put(bad_birth, 36, u"19800230");
  CHECK(refused(bad_birth).find("birth") != std::string::npos);
  Bytes other_birth = resident_block();
  put(other_birth, 36, u"19800102");
  CHECK(refused(other_birth).find("differs") != std::string::npos);
  Bytes bad_sex = resident_block();
  put(bad_sex, 30, u"9");
  CHECK(refused(bad_sex).find("sex") != std::string::npos);
  Bytes bad_ethnic = resident_block();
  put(bad_ethnic, 32, u"57");
  CHECK(refused(bad_ethnic).find("ethnic") != std::string::npos);
  Bytes backwards = resident_block();
  put(backwards, 204, u"20190101");
  CHECK(refused(backwards).find("before") != std::string::npos);
  Bytes bad_to = resident_block();
  put(bad_to, 204, u"长久      ");
  CHECK(refused(bad_to).find("长期") != std::string::npos);
  CHECK(refused(Bytes(255, 0x20)).find("256") != std::string::npos);
}

TEST_CASE("ethnic code table: 56 groups plus 97 and 98") {
  int known = 0;
  for (int i = 1; i <= 99; ++i) {
    const std::string code = (i < 10 ? "0" : "") + std::to_string(i);
    if (!ethnic_name(code).empty()) ++known;
  }
  CHECK(known == 58);
  CHECK(ethnic_name("02") == "蒙古");
  CHECK(ethnic_name("56") == "基诺");
  CHECK(ethnic_name("97") == "其他");
  CHECK(ethnic_name("00").empty());
}

TEST_CASE("read base info reply: lengths, text and raw photo") {
  ow::drivers::idcard::Response r;
  r.sw3 = 0x90;
  r.data = base_info_data(resident_block());
  CHECK(r.data.size() == 1284);  // 0x0508 - 3 status bytes - 1 checksum
  auto c = parse_card_reply(r);
  REQUIRE(c);
  CHECK(c->name == "测试甲");
  REQUIRE(c->photo_wlt.size() == 1024);
  CHECK(c->photo_wlt[1] == 7);
  CHECK(c->fingerprint.empty());

  ow::drivers::idcard::Response bad_len = r;
  bad_len.data[2] = 0x03;  // photoLen 0x0300
  CHECK_FALSE(parse_card_reply(bad_len));
  ow::drivers::idcard::Response short_data = r;
  short_data.data.pop_back();
  CHECK_FALSE(parse_card_reply(short_data));
  ow::drivers::idcard::Response status = r;
  status.sw3 = 0x41;
  auto refused = parse_card_reply(status);
  REQUIRE_FALSE(refused);
  CHECK(refused.error().code == DeviceErrorCode::DeviceStatus);
}

TEST_CASE("read with fingerprint reply: a third length and 1024 fingerprint bytes") {
  ow::drivers::idcard::Response r;
  r.sw3 = 0x90;
  const Bytes text = resident_block();
  r.data.reserve(6 + 256 + 2048);
  for (int b : {0x01, 0x00, 0x04, 0x00, 0x04, 0x00}) r.data.push_back(static_cast<std::uint8_t>(b));
  r.data.insert(r.data.end(), text.begin(), text.end());
  r.data.insert(r.data.end(), 1024, 0x11);
  r.data.insert(r.data.end(), 1024, 0x22);
  CHECK(r.data.size() + 3 + 1 == 0x090A);  // 2321-byte frame
  auto c = parse_card_reply(r);
  REQUIRE(c);
  CHECK(c->photo_wlt == Bytes(1024, 0x11));
  CHECK(c->fingerprint == Bytes(1024, 0x22));
}

TEST_CASE("a whole 1295-byte read frame, checksum recomputed here") {
  Bytes frame{0xAA, 0xAA, 0xAA, 0x96, 0x69, 0x05, 0x08, 0x00, 0x00, 0x90};
  const Bytes data = base_info_data(resident_block());
  frame.insert(frame.end(), data.begin(), data.end());
  std::uint8_t x = 0;
  for (std::size_t i = 5; i < frame.size(); ++i) x = static_cast<std::uint8_t>(x ^ frame[i]);
  frame.push_back(x);
  REQUIRE(frame.size() == 1295);
  auto r = parse_response_frame(frame);
  REQUIRE(r);
  auto c = parse_card_reply(*r);
  REQUIRE(c);
  CHECK(c->id_number == "110105198001011238");
  frame[600] ^= 0x01;  // one flipped bit anywhere is caught
  CHECK_FALSE(parse_response_frame(frame));
}

TEST_CASE("the extra address block decodes like any other field") {
  Bytes block{0xB0, 0x65, 0x40, 0x57};  // 新址
  for (int i = 0; i < 33; ++i) {
    block.push_back(0x20);
    block.push_back(0x00);
  }
  CHECK(ucs2le_to_utf8(block) == "新址");
}
