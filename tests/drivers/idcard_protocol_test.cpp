// GA 467 frames: every vector below is typed from ../shared/reference/hardware.md §1, checksums
// worked out by hand (XOR from Len1), never produced by our encoder.
#include <doctest/doctest.h>

#include <vector>

#include "drivers/idcard/protocol.hpp"

using namespace ow::drivers::idcard;
using Bytes = std::vector<std::uint8_t>;

TEST_CASE("every command frame matches the brief byte for byte") {
  CHECK(build_command(Command::ResetSam) == Bytes{0xAA, 0xAA, 0xAA, 0x96, 0x69, 0x00, 0x03, 0x10, 0xFF, 0xEC});
  CHECK(build_command(Command::SamStatus) == Bytes{0xAA, 0xAA, 0xAA, 0x96, 0x69, 0x00, 0x03, 0x11, 0xFF, 0xED});
  CHECK(build_command(Command::SamId) == Bytes{0xAA, 0xAA, 0xAA, 0x96, 0x69, 0x00, 0x03, 0x12, 0xFF, 0xEE});
  CHECK(build_command(Command::FindCard) == Bytes{0xAA, 0xAA, 0xAA, 0x96, 0x69, 0x00, 0x03, 0x20, 0x01, 0x22});
  CHECK(build_command(Command::SelectCard) == Bytes{0xAA, 0xAA, 0xAA, 0x96, 0x69, 0x00, 0x03, 0x20, 0x02, 0x21});
  CHECK(build_command(Command::ReadBaseInfo) == Bytes{0xAA, 0xAA, 0xAA, 0x96, 0x69, 0x00, 0x03, 0x30, 0x01, 0x32});
  CHECK(build_command(Command::ReadExtraAddress) == Bytes{0xAA, 0xAA, 0xAA, 0x96, 0x69, 0x00, 0x03, 0x30, 0x03, 0x30});
  CHECK(build_command(Command::ReadWithFingerprint) ==
        Bytes{0xAA, 0xAA, 0xAA, 0x96, 0x69, 0x00, 0x03, 0x30, 0x10, 0x23});
}

TEST_CASE("set max RF bytes frame from the brief shows the checksum covers Len and data") {
  const Bytes body{0x61, 0xFF, 0x50};
  CHECK(build_frame(body) == Bytes{0xAA, 0xAA, 0xAA, 0x96, 0x69, 0x00, 0x04, 0x61, 0xFF, 0x50, 0xCA});
}

TEST_CASE("known replies parse to their status") {
  auto find_ok = parse_response_frame(Bytes{0xAA, 0xAA, 0xAA, 0x96, 0x69, 0x00, 0x08, 0x00, 0x00, 0x9F, 0x00, 0x00, 0x00, 0x00, 0x97});
  REQUIRE(find_ok);
  CHECK(find_ok->sw3 == 0x9F);
  CHECK(find_ok->success());
  CHECK(find_ok->data == Bytes{0, 0, 0, 0});

  auto find_fail = parse_response_frame(Bytes{0xAA, 0xAA, 0xAA, 0x96, 0x69, 0x00, 0x04, 0x00, 0x00, 0x80, 0x84});
  REQUIRE(find_fail);
  CHECK(find_fail->sw3 == 0x80);
  CHECK_FALSE(find_fail->success());
  CHECK(find_fail->data.empty());

  auto select_ok = parse_response_frame(Bytes{0xAA, 0xAA, 0xAA, 0x96, 0x69, 0x00, 0x0C, 0x00, 0x00, 0x90, 0x00, 0x00,
                                              0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x9C});
  REQUIRE(select_ok);
  CHECK(select_ok->sw3 == 0x90);
  CHECK(select_ok->data.size() == 8);

  auto select_fail = parse_response_frame(Bytes{0xAA, 0xAA, 0xAA, 0x96, 0x69, 0x00, 0x04, 0x00, 0x00, 0x81, 0x85});
  REQUIRE(select_fail);
  CHECK(select_fail->sw3 == 0x81);

  auto read_fail = parse_response_frame(Bytes{0xAA, 0xAA, 0xAA, 0x96, 0x69, 0x00, 0x04, 0x00, 0x00, 0x41, 0x45});
  REQUIRE(read_fail);
  CHECK(read_fail->sw3 == 0x41);

  // SAM ID: 16 bytes after 90; Len = 3 + 16 + 1 = 0x14; CHK = 14 ^ 90 ^ 01 = 0x85.
  Bytes sam_id{0xAA, 0xAA, 0xAA, 0x96, 0x69, 0x00, 0x14, 0x00, 0x00, 0x90, 0x01};
  sam_id.insert(sam_id.end(), 15, 0x00);
  sam_id.push_back(0x85);
  auto id = parse_response_frame(sam_id);
  REQUIRE(id);
  CHECK(id->data.size() == 16);
}

TEST_CASE("every status code of the brief has a Chinese and an English message") {
  const std::uint8_t codes[] = {0x90, 0x9F, 0x10, 0x11, 0x21, 0x23, 0x24, 0x31, 0x32, 0x33,
                                0x40, 0x41, 0x47, 0x60, 0x66, 0x80, 0x81, 0x91, 0xFF};
  CHECK(all_statuses().size() == std::size(codes));
  for (auto code : codes) {
    // 00 04 00 00 SW3 CHK with CHK = 04 ^ SW3.
    const Bytes frame{0xAA, 0xAA, 0xAA, 0x96, 0x69, 0x00, 0x04, 0x00, 0x00, code, static_cast<std::uint8_t>(0x04 ^ code)};
    auto r = parse_response_frame(frame);
    REQUIRE(r);
    CHECK(r->sw3 == code);
    const auto& info = status_info(code);
    CHECK(info.code == code);
    CHECK_FALSE(info.zh.empty());
    CHECK_FALSE(info.en.empty());
    CHECK(r->success() == (code == 0x90 || code == 0x9F));
  }
  CHECK(status_info(0x55).en == "unknown status code");
  CHECK(status_info(0x41).zh == "读证/卡操作失败");
  CHECK(status_info(0x80).en == "no card found");
}

TEST_CASE("malformed frames are refused with the reason") {
  auto msg = [](const Bytes& f) {
    auto r = parse_response_frame(f);
    REQUIRE_FALSE(r);
    CHECK(r.error().code == ow::drivers::DeviceErrorCode::BadFrame);
    return r.error().message;
  };
  CHECK(msg({0xAA, 0xAA, 0xAA, 0x96, 0x68, 0x00, 0x04, 0x00, 0x00, 0x80, 0x84}).find("preamble") != std::string::npos);
  CHECK(msg({0xAA, 0xAA, 0xAA, 0x96, 0x69, 0x00, 0x04, 0x00, 0x00, 0x80, 0x85}).find("checksum 85 should be 84") != std::string::npos);
  CHECK(msg({0xAA, 0xAA, 0xAA, 0x96, 0x69, 0x00, 0x05, 0x00, 0x00, 0x80, 0x84}).find("length") != std::string::npos);
  CHECK(msg({0xAA, 0xAA, 0xAA, 0x96, 0x69, 0x00, 0x02, 0x00, 0x02}).find("impossible length") != std::string::npos);
  CHECK(msg({0xAA, 0xAA, 0xAA, 0x96}).find("header") != std::string::npos);
  // SW1 SW2 must be 00 00: 00 04 01 00 90 CHK = 04^01^90 = 0x95.
  CHECK(msg({0xAA, 0xAA, 0xAA, 0x96, 0x69, 0x00, 0x04, 0x01, 0x00, 0x90, 0x95}).find("SW1 SW2") != std::string::npos);
}

TEST_CASE("the stream parser resynchronises on garbage and survives split input") {
  FrameParser p;
  const Bytes garbage{0x00, 0x13, 0xAA, 0xAA, 0x96, 0x69, 0xAA, 0x55};
  const Bytes find_fail{0xAA, 0xAA, 0xAA, 0x96, 0x69, 0x00, 0x04, 0x00, 0x00, 0x80, 0x84};
  const Bytes read_fail{0xAA, 0xAA, 0xAA, 0x96, 0x69, 0x00, 0x04, 0x00, 0x00, 0x41, 0x45};
  Bytes stream = garbage;
  stream.insert(stream.end(), find_fail.begin(), find_fail.end());
  stream.insert(stream.end(), read_fail.begin(), read_fail.end());
  // One byte at a time: nothing until a frame is complete.
  std::vector<Bytes> bodies;
  for (auto b : stream) {
    p.feed(std::span(&b, 1));
    while (auto f = p.next()) {
      REQUIRE(*f);
      bodies.push_back(**f);
    }
  }
  REQUIRE(bodies.size() == 2);
  CHECK(bodies[0] == Bytes{0x00, 0x00, 0x80});
  CHECK(bodies[1] == Bytes{0x00, 0x00, 0x41});
  CHECK(p.skipped() == garbage.size());
  CHECK(p.buffered() == 0);
}

TEST_CASE("a frame with a bad checksum is reported once and the next frame still parses") {
  FrameParser p;
  const Bytes bad{0xAA, 0xAA, 0xAA, 0x96, 0x69, 0x00, 0x04, 0x00, 0x00, 0x80, 0x00};
  const Bytes good{0xAA, 0xAA, 0xAA, 0x96, 0x69, 0x00, 0x04, 0x00, 0x00, 0x90, 0x94};
  p.feed(bad);
  p.feed(good);
  auto first = p.next();
  REQUIRE(first);
  REQUIRE_FALSE(*first);
  CHECK(first->error().message.find("checksum") != std::string::npos);
  auto second = p.next();
  REQUIRE(second);
  REQUIRE(*second);
  CHECK(**second == Bytes{0x00, 0x00, 0x90});
  CHECK_FALSE(p.next());
}

TEST_CASE("an absurd length does not make the parser wait for megabytes") {
  FrameParser p;
  const Bytes huge{0xAA, 0xAA, 0xAA, 0x96, 0x69, 0xFF, 0xFF, 0x00};
  p.feed(huge);
  auto r = p.next();
  REQUIRE(r);
  CHECK_FALSE(*r);
  CHECK_FALSE(p.next());
  CHECK(p.wanted() >= 1);
}

TEST_CASE("round trips: command frames parse back to CMD PARA, reply bodies to their status and data") {
  const Command all[] = {Command::ResetSam, Command::SamStatus, Command::SamId, Command::FindCard,
                         Command::SelectCard, Command::ReadBaseInfo, Command::ReadExtraAddress,
                         Command::ReadWithFingerprint};
  FrameParser p;
  for (auto c : all) {
    p.feed(build_command(c));
    auto f = p.next();
    REQUIRE(f);
    REQUIRE(*f);
    const auto v = static_cast<std::uint16_t>(c);
    CHECK(**f == Bytes{static_cast<std::uint8_t>(v >> 8), static_cast<std::uint8_t>(v & 0xFF)});
    CHECK_FALSE(command_name(c).empty());
  }
  const Bytes body{0x00, 0x00, 0x90, 0x01, 0x02, 0x03};
  auto r = parse_response_frame(build_frame(body));
  REQUIRE(r);
  CHECK(r->data == Bytes{0x01, 0x02, 0x03});
}

TEST_CASE("read extra address reply: 70 bytes of UCS-2 after 90") {
  // Len = 3 + 70 + 1 = 0x4A. 新 U+65B0, 址 U+5740, then spaces.
  Bytes frame{0xAA, 0xAA, 0xAA, 0x96, 0x69, 0x00, 0x4A, 0x00, 0x00, 0x90, 0xB0, 0x65, 0x40, 0x57};
  for (int i = 0; i < 33; ++i) {
    frame.push_back(0x20);
    frame.push_back(0x00);
  }
  std::uint8_t x = 0;
  for (std::size_t i = 5; i < frame.size(); ++i) x = static_cast<std::uint8_t>(x ^ frame[i]);
  frame.push_back(x);
  REQUIRE(frame.size() == 7 + 0x4A);
  auto r = parse_response_frame(frame);
  REQUIRE(r);
  CHECK(r->data.size() == 70);
  // Item empty (91): the card has no extra address. 04 ^ 91 = 0x95.
  auto empty = parse_response_frame(Bytes{0xAA, 0xAA, 0xAA, 0x96, 0x69, 0x00, 0x04, 0x00, 0x00, 0x91, 0x95});
  REQUIRE(empty);
  CHECK(empty->sw3 == sw::ItemEmpty);
}
