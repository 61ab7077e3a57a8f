// APDU codec and the social security application read, against hand-written byte vectors
// (hardware.md §6, ISO/IEC 7816-4), independent of the virtual card the integration test plays.
#include <doctest/doctest.h>

#include <map>

#include "drivers/smartcard/apdu.hpp"
#include "drivers/smartcard/sscard.hpp"

using namespace ow::drivers;
using namespace ow::drivers::smartcard;

namespace {

Bytes hex(std::string_view h) {
  auto b = from_hex(h);
  REQUIRE(b.has_value());
  return *b;
}

// A scripted card: each command (hex) has a queue of answers; an unexpected command fails the test.
struct ScriptedCard {
  std::multimap<std::string, std::string> answers;
  std::vector<std::string> sent;
  DeviceResult<Bytes> operator()(std::span<const std::uint8_t> apdu) {
    const std::string c = to_hex(apdu);
    sent.push_back(c);
    auto it = answers.find(c);
    if (it == answers.end()) {
      FAIL_CHECK("unexpected APDU " << c);
      return hex("6D00");
    }
    std::string a = it->second;
    answers.erase(it);
    if (a == "REMOVED") return device_error(DeviceErrorCode::NoDevice, "card removed");
    return hex(a);
  }
};

Transmit transmit_of(ScriptedCard& card) {
  return [&card](std::span<const std::uint8_t> apdu) { return card(apdu); };
}

// EF05 records of a third-generation card, as TLVs (tag = record number).
const char* const kRecord01 = "0110333330313030443135363030303030 35";  // "330100D156000005"
const char* const kRecord02 = "020131";                                   // "1"
const char* const kRecord03 = "0304332E3030";                             // "3.00"
const char* const kRecord04 = "040C333330313030303030303031";            // "330100000001"
const char* const kRecord05 = "050420210520";                             // 2021-05-20
const char* const kRecord06 = "060420310520";                             // 2031-05-20
const char* const kRecord07 = "0709413132333435363738";                   // "A12345678"

ScriptedCard third_generation_card() {
  ScriptedCard c;
  c.answers = {
      {"00A404000F7378312E73682EC9E7BBE1B1A3D5CF", "9000"},
      {"00A4000002EF05", "9000"},
      {"00B2010400", std::string(kRecord01) + "9000"},
      {"00B2020400", std::string(kRecord02) + "9000"},
      {"00B2030400", std::string(kRecord03) + "9000"},
      {"00B2040400", std::string(kRecord04) + "9000"},
      {"00B2050400", std::string(kRecord05) + "9000"},
      {"00B2060400", std::string(kRecord06) + "9000"},
      {"00B2070400", std::string(kRecord07) + "9000"},
  };
  for (auto& [k, v] : c.answers) {
    std::erase(v, ' ');
  }
  return c;
}

}  // namespace

TEST_CASE("command APDUs match the specification's bytes") {
  CHECK(to_hex(select_by_aid(kSocialSecurityAid)) == "00A404000F7378312E73682EC9E7BBE1B1A3D5CF");
  CHECK(to_hex(select_file(kEfCardIdentification)) == "00A4000002EF05");
  CHECK(to_hex(read_record(0x07)) == "00B2070400");
  CHECK(to_hex(read_record(0x01, 0x12)) == "00B2010412");
  CHECK(to_hex(get_response(0x1C)) == "00C000001C");
}

TEST_CASE("with_le sets Le for each APDU case") {
  CHECK(to_hex(with_le(hex("00B2010400"), 0x12)) == "00B2010412");          // case 2: replace
  CHECK(to_hex(with_le(hex("00A4000002EF05"), 0x1A)) == "00A4000002EF051A");  // case 3: append
  CHECK(to_hex(with_le(hex("00A4000002EF0500"), 0x1A)) == "00A4000002EF051A");  // case 4: replace
  CHECK(to_hex(with_le(hex("00840000"), 0x08)) == "0084000008");            // case 1: append
}

TEST_CASE("response parsing splits data and status word") {
  auto ok = parse_response(hex("01020390 00"));
  REQUIRE(ok);
  CHECK(ok->data == Bytes{1, 2, 3});
  CHECK(ok->sw == 0x9000);
  CHECK(ok->ok());

  auto only_sw = parse_response(hex("6A82"));
  REQUIRE(only_sw);
  CHECK(only_sw->data.empty());
  CHECK(only_sw->kind() == SwKind::NotFound);

  CHECK_FALSE(parse_response(hex("90")));
  CHECK_FALSE(parse_response(Bytes{}));
  CHECK(parse_response(Bytes(258, 0x90)));
  auto too_long = parse_response(Bytes(259, 0x90));
  REQUIRE_FALSE(too_long);
  CHECK(too_long.error().code == DeviceErrorCode::BadFrame);
}

TEST_CASE("status words are classified") {
  CHECK(classify(0x9000) == SwKind::Success);
  CHECK(classify(0x6110) == SwKind::MoreData);
  CHECK(classify(0x6C12) == SwKind::WrongLength);
  CHECK(classify(0x6A82) == SwKind::NotFound);
  CHECK(classify(0x6A83) == SwKind::NotFound);
  CHECK(classify(0x6982) == SwKind::SecurityStatus);
  CHECK(classify(0x6983) == SwKind::Blocked);
  CHECK(classify(0x6A86) == SwKind::WrongParameters);
  CHECK(classify(0x6E00) == SwKind::NotSupported);
  CHECK(classify(0x6F00) == SwKind::Other);
  CHECK(classify(0x6283) == SwKind::Other);
  CHECK(describe_sw(0x6A82) == "6A82 file or application not found");
  CHECK(describe_sw(0x6115).rfind("6115 more data", 0) == 0);
}

TEST_CASE("transceive follows 61xx with GET RESPONSE and concatenates chained data") {
  ScriptedCard card;
  card.answers = {{"00A404000F7378312E73682EC9E7BBE1B1A3D5CF", "6104"},
                  {"00C0000004", "AABBCCDD6102"},
                  {"00C0000002", "EEFF9000"}};
  auto r = transceive(transmit_of(card), select_by_aid(kSocialSecurityAid));
  REQUIRE(r);
  CHECK(r->sw == 0x9000);
  CHECK(to_hex(r->data) == "AABBCCDDEEFF");
  CHECK(card.sent.size() == 3);
}

TEST_CASE("transceive resends once with the Le a 6Cxx names") {
  ScriptedCard card;
  card.answers = {{"00B2070400", "6C0B"}, {"00B207040B", std::string(kRecord07) + "9000"}};
  auto r = transceive(transmit_of(card), read_record(7));
  REQUIRE(r);
  CHECK(r->ok());
  CHECK(to_hex(r->data) == kRecord07);

  ScriptedCard stubborn;
  stubborn.answers = {{"00B2070400", "6C0B"}, {"00B207040B", "6C0C"}};
  auto again = transceive(transmit_of(stubborn), read_record(7));
  REQUIRE_FALSE(again);
  CHECK(again.error().code == DeviceErrorCode::DeviceStatus);
}

TEST_CASE("transceive gives up on a card that chains forever and passes transport errors on") {
  ScriptedCard endless;
  endless.answers.insert({"00B2010400", "6101"});
  for (int i = 0; i < 40; ++i) endless.answers.insert({"00C0000001", "006101"});
  auto r = transceive(transmit_of(endless), read_record(1));
  REQUIRE_FALSE(r);
  CHECK(endless.sent.size() == static_cast<std::size_t>(kMaxExchangeSteps));

  ScriptedCard gone;
  gone.answers = {{"00B2010400", "REMOVED"}};
  auto g = transceive(transmit_of(gone), read_record(1));
  REQUIRE_FALSE(g);
  CHECK(g.error().code == DeviceErrorCode::NoDevice);
}

TEST_CASE("a third-generation card's EF05 is read into its identification data") {
  auto card = third_generation_card();
  auto r = read_card(transmit_of(card));
  REQUIRE_MESSAGE(r, (r ? "" : r.error().message));
  const auto& id = r->identification;
  CHECK(id.identification_code == "330100D156000005");
  CHECK(id.region_code == "330100");
  CHECK(id.card_type == "1");
  CHECK(id.spec_version == "3.00");
  CHECK(id.third_generation());
  CHECK(id.institution == "330100000001");
  CHECK(id.issue_date == CardDate{2021, 5, 20});
  CHECK(id.expiry_date.iso() == "2031-05-20");
  CHECK(id.card_number == "A12345678");
  CHECK(r->personal == PersonalData::NeedsPsam);
  CHECK(card.answers.empty());
}

TEST_CASE("read_card reports why a card is not usable") {
  SUBCASE("wrong application: 6A82 on SELECT") {
    ScriptedCard c;
    c.answers = {{"00A404000F7378312E73682EC9E7BBE1B1A3D5CF", "6A82"}};
    auto r = read_card(transmit_of(c));
    REQUIRE_FALSE(r);
    CHECK(r.error().failure == ReadFailure::NotSocialSecurityCard);
    CHECK(r.error().message.find("6A82") != std::string::npos);
  }
  SUBCASE("a record is missing") {
    auto c = third_generation_card();
    c.answers.erase("00B2040400");
    c.answers.insert({"00B2040400", "6A83"});
    auto r = read_card(transmit_of(c));
    REQUIRE_FALSE(r);
    CHECK(r.error().failure == ReadFailure::MissingRecord);
  }
  SUBCASE("the card is removed in the middle") {
    auto c = third_generation_card();
    c.answers.erase("00B2030400");
    c.answers.insert({"00B2030400", "REMOVED"});
    auto r = read_card(transmit_of(c));
    REQUIRE_FALSE(r);
    CHECK(r.error().failure == ReadFailure::Removed);
  }
  SUBCASE("security status not satisfied is a card error, not a crash") {
    auto c = third_generation_card();
    c.answers.erase("00A4000002EF05");
    c.answers.insert({"00A4000002EF05", "6982"});
    auto r = read_card(transmit_of(c));
    REQUIRE_FALSE(r);
    CHECK(r.error().failure == ReadFailure::CardError);
    CHECK(r.error().message.find("6982") != std::string::npos);
  }
}

TEST_CASE("EF05 records are validated") {
  CardIdentification id;
  CHECK(parse_ef05_record(0x05, hex("050420210520"), id));
  CHECK(id.issue_date.as_number() == 20210520);
  CHECK_FALSE(parse_ef05_record(0x05, hex("050420211320"), id));   // month 13
  CHECK_FALSE(parse_ef05_record(0x05, hex("050420230229"), id));   // not a leap year
  CHECK(parse_ef05_record(0x05, hex("050420240229"), id));         // leap year
  CHECK_FALSE(parse_ef05_record(0x05, hex("0504202105"), id));     // value shorter than its length
  CHECK_FALSE(parse_ef05_record(0x05, hex("0604202105 20"), id));  // tag is not the record number
  CHECK_FALSE(parse_ef05_record(0x06, hex("06042A210520"), id));   // not BCD
  CHECK_FALSE(parse_ef05_record(0x01, hex("01044142434431"), id));  // no 6-digit region
  CHECK_FALSE(parse_ef05_record(0x07, hex("07024101"), id));       // control character
  CHECK(parse_ef05_record(0x07, hex("070941313233343536FFFF"), id));  // FF padding stripped
  CHECK(id.card_number == "A123456");
  CHECK(parse_ef05_record(0x04, hex("040633010000001F"), id));     // BCD institution, F padding
  CHECK(id.institution == "33010000001");
  CHECK_FALSE(parse_ef05_record(0x08, hex("080100"), id));
  CHECK_FALSE(parse_ef05_record(0x01, hex("01"), id));
}

TEST_CASE("expiry: valid through its last day") {
  CardIdentification id;
  id.expiry_date = {2031, 5, 20};
  CHECK_FALSE(id.expired_on(20310520));
  CHECK(id.expired_on(20310521));
  CHECK_FALSE(id.expired_on(20250101));
}

TEST_CASE("masking keeps only what a technician needs") {
  CHECK(mask_card_number("A12345678") == "A******78");
  CHECK(mask_card_number("AB") == "**");
  CHECK(mask_identification_code("330100D156000005") == "330100******0005");
  CHECK(mask_identification_code("3301001") == "330100*");
}

TEST_CASE("hex round trip") {
  CHECK(to_hex(hex("00 a4 04 00")) == "00A40400");
  CHECK_FALSE(from_hex("0"));
  CHECK_FALSE(from_hex("0G"));
}
