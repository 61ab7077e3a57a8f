#include "drivers/idcard/fake_reader_device.hpp"

#include <utility>

namespace ow::drivers::idcard::fake {

namespace {

// UTF-8 → UTF-16 code units (fixtures are ours; malformed input just stops the field).
std::u16string utf16(std::string_view s) {
  std::u16string out;
  for (std::size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    char32_t cp = 0;
    std::size_t n = 1;
    if (c < 0x80) cp = c;
    else if ((c >> 5) == 0x6) cp = c & 0x1F, n = 2;
    else if ((c >> 4) == 0xE) cp = c & 0x0F, n = 3;
    else if ((c >> 3) == 0x1E) cp = c & 0x07, n = 4;
    else break;
    if (i + n > s.size()) break;
    for (std::size_t k = 1; k < n; ++k) cp = cp << 6 | (static_cast<unsigned char>(s[i + k]) & 0x3F);
    i += n;
    if (cp >= 0x10000) {
      cp -= 0x10000;
      out += static_cast<char16_t>(0xD800 + (cp >> 10));
      out += static_cast<char16_t>(0xDC00 + (cp & 0x3FF));
    } else {
      out += static_cast<char16_t>(cp);
    }
  }
  return out;
}

void put(std::vector<std::uint8_t>& block, std::size_t offset, std::size_t size, std::string_view text) {
  const auto u = utf16(text);
  for (std::size_t i = 0; i < u.size() && 2 * i + 1 < size; ++i) {
    block[offset + 2 * i] = static_cast<std::uint8_t>(u[i] & 0xFF);
    block[offset + 2 * i + 1] = static_cast<std::uint8_t>(u[i] >> 8);
  }
}

std::vector<std::uint8_t> pseudo_bytes(const std::string& seed, std::size_t n) {
  std::seed_seq seq(seed.begin(), seed.end());
  std::mt19937 rng(seq);
  std::vector<std::uint8_t> out(n);
  for (auto& b : out) b = static_cast<std::uint8_t>(rng());
  return out;
}

}  // namespace

std::vector<std::uint8_t> encode_text_block(const CardFixture& c) {
  std::vector<std::uint8_t> b(256, 0);
  for (std::size_t i = 0; i < b.size(); i += 2) b[i] = 0x20;  // UCS-2 spaces
  if (c.type == "foreigner") {
    put(b, 0, 120, c.name_en);
    put(b, 120, 2, c.sex);
    put(b, 122, 30, c.id_number);
    put(b, 152, 6, c.nationality);
    put(b, 158, 30, c.name);
    put(b, 188, 16, c.valid_from);
    put(b, 204, 16, c.valid_to);
    put(b, 220, 16, c.birth);
    put(b, 236, 4, c.card_version);
    put(b, 240, 8, c.office_code);
    put(b, 248, 2, "I");
    return b;
  }
  put(b, 0, 30, c.name);
  put(b, 30, 2, c.sex);
  put(b, 32, 4, c.ethnic_code);
  put(b, 36, 16, c.birth);
  put(b, 52, 70, c.address);
  put(b, 122, 36, c.id_number);
  put(b, 158, 30, c.authority);
  put(b, 188, 16, c.valid_from);
  put(b, 204, 16, c.valid_to);
  if (c.type == "permit") {
    put(b, 220, 18, c.pass_number);
    put(b, 238, 4, c.issue_count);
    put(b, 248, 2, "J");
  } else if (c.type.rfind("unknown:", 0) == 0 && c.type.size() > 8) {
    put(b, 248, 2, c.type.substr(8));
  }
  return b;
}

std::vector<std::uint8_t> fixture_wlt(const CardFixture& card) { return pseudo_bytes("wlt:" + card.id, 1024); }

std::optional<Fault> parse_fault(std::string_view n) {
  if (n == "none") return Fault::None;
  if (n == "no_card") return Fault::NoCard;
  if (n == "select_fail") return Fault::SelectFail;
  if (n == "read_fail") return Fault::ReadFail;
  if (n == "bad_checksum") return Fault::BadChecksum;
  if (n == "garbage") return Fault::Garbage;
  if (n == "split") return Fault::Split;
  if (n == "stall") return Fault::Stall;
  return std::nullopt;
}

FakeReaderDevice::FakeReaderDevice(std::vector<CardFixture> cards) : cards_(std::move(cards)) {}

bool FakeReaderDevice::place(std::string_view id) {
  for (std::size_t i = 0; i < cards_.size(); ++i) {
    if (cards_[i].id == id) {
      card_ = static_cast<int>(i);
      selected_ = consumed_ = false;
      return true;
    }
  }
  return false;
}

void FakeReaderDevice::remove() {
  card_ = -1;
  selected_ = consumed_ = false;
}

void FakeReaderDevice::set_fault(Fault f, int count) {
  fault_ = f;
  fault_count_ = f == Fault::None ? -1 : count;
}

void FakeReaderDevice::power_cycle() {
  selected_ = consumed_ = false;
  parser_.clear();
}

bool FakeReaderDevice::take(Fault f) {
  if (fault_ != f) return false;
  if (fault_count_ > 0 && --fault_count_ == 0) fault_ = Fault::None;
  return true;
}

std::vector<std::uint8_t> FakeReaderDevice::reply(std::uint8_t sw3, std::span<const std::uint8_t> data) {
  std::vector<std::uint8_t> body{0x00, 0x00, sw3};
  body.insert(body.end(), data.begin(), data.end());
  return build_frame(body);
}

std::vector<std::uint8_t> FakeReaderDevice::card_reply(bool with_fingerprint) {
  const CardFixture& c = cards_[static_cast<std::size_t>(card_)];
  const auto text = encode_text_block(c);
  const auto photo = fixture_wlt(c);
  const std::size_t fp = with_fingerprint && c.fingerprint ? 1024 : 0;
  std::vector<std::uint8_t> data{0x01, 0x00, 0x04, 0x00};
  if (with_fingerprint) {
    data.push_back(static_cast<std::uint8_t>(fp >> 8));
    data.push_back(static_cast<std::uint8_t>(fp & 0xFF));
  }
  data.insert(data.end(), text.begin(), text.end());
  data.insert(data.end(), photo.begin(), photo.end());
  if (fp) {
    const auto f = pseudo_bytes("fp:" + c.id, fp);
    data.insert(data.end(), f.begin(), f.end());
  }
  return reply(sw::Success, data);
}

std::vector<std::uint8_t> FakeReaderDevice::handle(std::span<const std::uint8_t> body) {
  if (body.size() < 2) return reply(sw::LengthError);
  const auto cmd = static_cast<std::uint16_t>(body[0] << 8 | body[1]);
  using idcard::Command;
  switch (static_cast<Command>(cmd)) {
    case Command::ResetSam:
      selected_ = false;
      return reply(sw::Success);
    case Command::SamStatus: return reply(sw::Success);
    case Command::SamId: {
      // A fictional SAM: 05.01 / 20260101 / serial numbers.
      const std::uint8_t id[16] = {0x05, 0x00, 0x01, 0x00, 0x65, 0x3C, 0x35, 0x01,
                                   0x2A, 0x00, 0x00, 0x00, 0x39, 0x30, 0x00, 0x00};
      return reply(sw::Success, id);
    }
    case Command::FindCard: {
      if (card_ < 0 || take(Fault::NoCard)) return reply(sw::FindFailed);
      const std::uint8_t zeros[4] = {0, 0, 0, 0};
      return reply(sw::FindOk, zeros);
    }
    case Command::SelectCard: {
      if (card_ < 0 || consumed_ || take(Fault::SelectFail)) return reply(sw::SelectFailed);
      selected_ = true;
      const std::uint8_t uid[8] = {0, 0, 0, 0, 0, 0, 0, 0};
      return reply(sw::Success, uid);
    }
    case Command::ReadBaseInfo:
    case Command::ReadWithFingerprint: {
      if (card_ < 0 || !selected_ || consumed_) return reply(sw::ReadFailed);
      // The SAM will not read this placement again, whether this read works or not.
      if (take(Fault::ReadFail)) {
        consumed_ = true;
        return reply(sw::ReadFailed);
      }
      ++reads_;
      return card_reply(static_cast<Command>(cmd) == Command::ReadWithFingerprint);
    }
    case Command::ReadExtraAddress: {
      if (card_ < 0 || !selected_) return reply(sw::ReadFailed);
      const auto& extra = cards_[static_cast<std::size_t>(card_)].extra_address;
      if (extra.empty()) return reply(sw::ItemEmpty);
      std::vector<std::uint8_t> block(70, 0);
      for (std::size_t i = 0; i < block.size(); i += 2) block[i] = 0x20;
      put(block, 0, 70, extra);
      return reply(sw::Success, block);
    }
  }
  return reply(sw::CommandError);
}

std::vector<Outgoing> FakeReaderDevice::receive(std::span<const std::uint8_t> bytes) {
  parser_.feed(bytes);
  std::vector<Outgoing> out;
  while (auto frame = parser_.next()) {
    Outgoing o;
    o.bytes = *frame ? handle(**frame) : reply(sw::ChecksumError);
    // A successful card read is consumed once it went out whole.
    const bool card_data = o.bytes.size() > 1000;
    if (take(Fault::BadChecksum)) {
      o.bytes.back() ^= 0x5A;
    } else if (card_data) {
      consumed_ = true;
    }
    if (take(Fault::Garbage)) {
      std::vector<std::uint8_t> junk{0x00, 0xAA, 0xAA, 0x96, 0x69, 0x13};  // a broken preamble first
      const std::size_t n = 16 + rng_() % 24;
      for (std::size_t i = 0; i < n; ++i) {
        // Never 96: random junk must not complete a preamble by chance.
        const auto b = static_cast<std::uint8_t>(rng_() % 2 ? 0xAA : rng_());
        junk.push_back(b == 0x96 ? 0x00 : b);
      }
      o.bytes.insert(o.bytes.begin(), junk.begin(), junk.end());
    }
    o.split = take(Fault::Split);
    if (take(Fault::Stall)) {
      o.stall = true;
      if (card_data) consumed_ = false;  // the host gave up on it
    }
    out.push_back(std::move(o));
  }
  return out;
}

FakeIdCardReader::FakeIdCardReader(std::vector<CardFixture> cards, std::string description)
    : link_(FakeLink::create(std::move(description))), device_(std::move(cards)) {
  link_->set_responder([this](std::span<const std::uint8_t> written) {
    std::lock_guard lock(mu_);
    std::vector<std::uint8_t> out;
    for (auto& o : device_.receive(written))
      if (!o.stall) out.insert(out.end(), o.bytes.begin(), o.bytes.end());
    return out;
  });
}

FakeIdCardReader::~FakeIdCardReader() { link_->set_responder(nullptr); }

bool FakeIdCardReader::place(std::string_view id) {
  std::lock_guard lock(mu_);
  return device_.place(id);
}

void FakeIdCardReader::remove() {
  std::lock_guard lock(mu_);
  device_.remove();
}

void FakeIdCardReader::set_fault(Fault f, int count) {
  std::lock_guard lock(mu_);
  device_.set_fault(f, count);
}

std::size_t FakeIdCardReader::reads() const {
  std::lock_guard lock(mu_);
  return device_.reads();
}

std::vector<CardFixture> sample_cards() {
  CardFixture resident;
  resident.id = "resident_male";
  resident.type = "resident";
  resident.name = "测试甲";
  resident.ethnic_code = "01";
  resident.birth = "19800101";
  resident.address = "示例省演示市测试区样板路1号";
  resident.id_number = "110105198001011238";
  resident.authority = "演示市公安局测试分局";
  resident.valid_from = "20200601";
  resident.valid_to = "20400601";
  CardFixture longterm = resident;
  longterm.id = "resident_longterm";
  longterm.name = "样例乙";
  longterm.sex = "2";
  longterm.birth = "19550315";
  longterm.id_number = "440305195503150047";
  longterm.valid_to = "长期";
  return {resident, longterm};
}

}  // namespace ow::drivers::idcard::fake
