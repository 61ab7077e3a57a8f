#include "drivers/idcard/card_data.hpp"

#include <cctype>
#include <cstdio>
#include <ctime>

#include "drivers/idcard/id_number.hpp"

namespace ow::drivers::idcard {

namespace {

constexpr std::string_view kEthnic[][2] = {
    {"01", "汉"},     {"02", "蒙古"},     {"03", "回"},     {"04", "藏"},       {"05", "维吾尔"},
    {"06", "苗"},     {"07", "彝"},       {"08", "壮"},     {"09", "布依"},     {"10", "朝鲜"},
    {"11", "满"},     {"12", "侗"},       {"13", "瑶"},     {"14", "白"},       {"15", "土家"},
    {"16", "哈尼"},   {"17", "哈萨克"},   {"18", "傣"},     {"19", "黎"},       {"20", "傈僳"},
    {"21", "佤"},     {"22", "畲"},       {"23", "高山"},   {"24", "拉祜"},     {"25", "水"},
    {"26", "东乡"},   {"27", "纳西"},     {"28", "景颇"},   {"29", "柯尔克孜"}, {"30", "土"},
    {"31", "达斡尔"}, {"32", "仫佬"},     {"33", "羌"},     {"34", "布朗"},     {"35", "撒拉"},
    {"36", "毛南"},   {"37", "仡佬"},     {"38", "锡伯"},   {"39", "阿昌"},     {"40", "普米"},
    {"41", "塔吉克"}, {"42", "怒"},       {"43", "乌孜别克"}, {"44", "俄罗斯"}, {"45", "鄂温克"},
    {"46", "德昂"},   {"47", "保安"},     {"48", "裕固"},   {"49", "京"},       {"50", "塔塔尔"},
    {"51", "独龙"},   {"52", "鄂伦春"},   {"53", "赫哲"},   {"54", "门巴"},     {"55", "珞巴"},
    {"56", "基诺"},   {"97", "其他"},     {"98", "外国血统中国籍人士"},
};

constexpr std::string_view kLongTerm = "长期";

void append_utf8(SecretString& out, char32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

// Field at [offset, offset+size) of the text block.
SecretString field(std::span<const std::uint8_t> text, std::size_t offset, std::size_t size) {
  return ucs2le_to_utf8(text.subspan(offset, size));
}

bool all_digits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return true;
}

tl::unexpected<DeviceError> bad(std::string what) { return device_error(DeviceErrorCode::BadFrame, std::move(what)); }

SecretString dashed(std::string_view yyyymmdd) {
  SecretString out;
  out.append(yyyymmdd.substr(0, 4)).append("-").append(yyyymmdd.substr(4, 2)).append("-").append(yyyymmdd.substr(6, 2));
  return out;
}

DeviceResult<SecretString> date_field(std::span<const std::uint8_t> text, std::size_t offset, const char* what) {
  const SecretString d = field(text, offset, 16);
  if (!yyyymmdd_valid(d.view())) return bad(std::string(what) + " is not a valid YYYYMMDD date");
  return dashed(d.view());
}

DeviceResult<Sex> sex_field(std::span<const std::uint8_t> text, std::size_t offset) {
  const SecretString s = field(text, offset, 2);
  if (s == "1") return Sex::Male;
  if (s == "2") return Sex::Female;
  return bad("sex code is neither 1 nor 2");
}

// Validity: from a date, to a date or 长期, and never ending before it starts.
DeviceResult<void> validity(std::span<const std::uint8_t> text, CardData& c) {
  auto from = date_field(text, 188, "valid-from date");
  if (!from) return tl::unexpected(from.error());
  c.valid_from = std::move(*from);
  const SecretString to = field(text, 204, 16);
  if (to == kLongTerm) {
    c.long_term = true;
    return {};
  }
  if (!yyyymmdd_valid(to.view())) return bad("valid-to date is neither YYYYMMDD nor 长期");
  c.valid_to = dashed(to.view());
  if (c.valid_to.view() < c.valid_from.view()) return bad("valid-to date is before valid-from date");
  return {};
}

// Resident ID card and permit share the first 220 bytes' layout.
DeviceResult<CardData> parse_citizen_layout(std::span<const std::uint8_t> text, CardType type) {
  CardData c;
  c.type = type;
  c.name = field(text, 0, 30);
  if (c.name.empty()) return bad("name is empty");
  auto sex = sex_field(text, 30);
  if (!sex) return tl::unexpected(sex.error());
  c.sex = *sex;
  if (type == CardType::ResidentId) {
    c.ethnic_code = field(text, 32, 4);
    c.ethnicity = ethnic_name(c.ethnic_code.view());
    if (c.ethnicity.empty()) return bad("unknown ethnic code");
  }
  auto birth = date_field(text, 36, "birth date");
  if (!birth) return tl::unexpected(birth.error());
  c.birth_date = std::move(*birth);
  c.address = field(text, 52, 70);
  c.id_number = field(text, 122, 36);
  if (!id_number_valid(c.id_number.view())) return bad("ID number fails the GB 11643 check");
  // The number embeds the birth date; a mismatch means a damaged or forged block.
  if (c.id_number.view().substr(6, 8) != field(text, 36, 16).view()) return bad("birth date differs from the one in the ID number");
  c.authority = field(text, 158, 30);
  if (auto v = validity(text, c); !v) return tl::unexpected(v.error());
  if (type == CardType::HkMacauTaiwanPermit) {
    c.pass_number = field(text, 220, 18);
    c.issue_count = field(text, 238, 4);
    if (c.pass_number.empty()) return bad("permit has no travel permit number");
    if (!c.issue_count.empty() && !all_digits(c.issue_count.view())) return bad("permit issue count is not a number");
  }
  return c;
}

DeviceResult<CardData> parse_foreigner_layout(std::span<const std::uint8_t> text) {
  CardData c;
  c.type = CardType::ForeignerPermanent;
  c.name_en = field(text, 0, 120);
  if (c.name_en.empty()) return bad("English name is empty");
  auto sex = sex_field(text, 120);
  if (!sex) return tl::unexpected(sex.error());
  c.sex = *sex;
  c.id_number = field(text, 122, 30);
  // Old layout: 3-letter nationality, then 12 digits.
  bool ok = c.id_number.size() == 15;
  for (std::size_t i = 0; ok && i < 15; ++i)
    ok = i < 3 ? std::isupper(static_cast<unsigned char>(c.id_number[i])) != 0
               : std::isdigit(static_cast<unsigned char>(c.id_number[i])) != 0;
  if (!ok) return bad("foreigner card number is not 3 letters and 12 digits");
  c.nationality = field(text, 152, 6);
  if (c.nationality.size() != 3) return bad("nationality code is not 3 letters");
  c.name = field(text, 158, 30);
  if (auto v = validity(text, c); !v) return tl::unexpected(v.error());
  auto birth = date_field(text, 220, "birth date");
  if (!birth) return tl::unexpected(birth.error());
  c.birth_date = std::move(*birth);
  c.card_version = field(text, 236, 4);
  c.authority = field(text, 240, 8);
  return c;
}

std::uint16_t be16(std::span<const std::uint8_t> d, std::size_t at) {
  return static_cast<std::uint16_t>(d[at] << 8 | d[at + 1]);
}

}  // namespace

std::string_view card_type_id(CardType t) {
  switch (t) {
    case CardType::ResidentId: return "resident_id";
    case CardType::HkMacauTaiwanPermit: return "hk_macau_taiwan_permit";
    case CardType::ForeignerPermanent: return "foreigner_permanent";
  }
  return "unknown";
}

std::string_view card_type_name_zh(CardType t) {
  switch (t) {
    case CardType::ResidentId: return "居民身份证";
    case CardType::HkMacauTaiwanPermit: return "港澳台居民居住证";
    case CardType::ForeignerPermanent: return "外国人永久居留身份证";
  }
  return "未知";
}

std::string_view sex_name_zh(Sex s) { return s == Sex::Male ? "男" : "女"; }

std::string_view ethnic_name(std::string_view two_digits) {
  for (const auto& e : kEthnic)
    if (e[0] == two_digits) return e[1];
  return {};
}

SecretString ucs2le_to_utf8(std::span<const std::uint8_t> bytes) {
  SecretString out;
  const std::size_t units = bytes.size() / 2;
  out.reserve(units * 4);  // one allocation: no outgrown buffer to zero
  for (std::size_t i = 0; i < units; ++i) {
    char32_t u = static_cast<char32_t>(bytes[2 * i] | bytes[2 * i + 1] << 8);
    if (u >= 0xD800 && u <= 0xDBFF && i + 1 < units) {
      const char32_t lo = static_cast<char32_t>(bytes[2 * i + 2] | bytes[2 * i + 3] << 8);
      if (lo >= 0xDC00 && lo <= 0xDFFF) {
        u = 0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00);
        ++i;
      } else {
        u = 0xFFFD;
      }
    } else if (u >= 0xD800 && u <= 0xDFFF) {
      u = 0xFFFD;
    }
    append_utf8(out, u);
  }
  const auto pad = [](char ch) { return ch == ' ' || ch == '\0'; };
  const std::string_view all = out.view();
  std::size_t b = 0, e = all.size();
  while (b < e && pad(all[b])) ++b;
  while (e > b && pad(all[e - 1])) --e;
  return SecretString(all.substr(b, e - b));
}

DeviceResult<CardData> parse_text_block(std::span<const std::uint8_t> text) {
  if (text.size() != kTextSize) return bad("text block is " + std::to_string(text.size()) + " bytes, not 256");
  const std::uint16_t type = static_cast<std::uint16_t>(text[248] | text[249] << 8);
  switch (type) {
    case 0x0000:
    case 0x0020: return parse_citizen_layout(text, CardType::ResidentId);
    case 'J': return parse_citizen_layout(text, CardType::HkMacauTaiwanPermit);
    case 'I': return parse_foreigner_layout(text);
    default: {
      char code[8];
      std::snprintf(code, sizeof code, "%04X", type);
      return device_error(DeviceErrorCode::Unsupported, std::string("unsupported card type U+") + code);
    }
  }
}

DeviceResult<CardData> parse_card_reply(const Response& reply) {
  const auto& d = reply.data;
  if (!reply.success()) return device_error(DeviceErrorCode::DeviceStatus, std::string(status_info(reply.sw3).en));
  if (d.size() < 4) return bad("card reply too short for its length fields");
  const std::size_t text_len = be16(d, 0), photo_len = be16(d, 2);
  // Read with fingerprint has a third length field; a card without fingerprints reports 0.
  const bool with_fp = d.size() >= 6 && d.size() == 6 + text_len + photo_len + be16(d, 4);
  const std::size_t fp_len = with_fp ? be16(d, 4) : 0;
  const std::size_t head = with_fp ? 6 : 4;
  if (text_len != kTextSize) return bad("text length field is " + std::to_string(text_len) + ", not 256");
  if (photo_len != kPhotoSize) return bad("photo length field is " + std::to_string(photo_len) + ", not 1024");
  if (fp_len != 0 && fp_len != kFingerprintSize) return bad("fingerprint length field is " + std::to_string(fp_len));
  if (d.size() != head + text_len + photo_len + fp_len)
    return bad("card reply has " + std::to_string(d.size()) + " data bytes, its length fields say " +
               std::to_string(head + text_len + photo_len + fp_len));
  auto card = parse_text_block(std::span(d).subspan(head, text_len));
  if (!card) return card;
  card->photo_wlt = SecretBytes(std::span(d).subspan(head + text_len, photo_len));
  card->fingerprint = SecretBytes(std::span(d).subspan(head + text_len + photo_len));
  return card;
}

CardData CardData::clone() const {
  CardData c;
  c.type = type;
  c.name = name.clone();
  c.name_en = name_en.clone();
  c.sex = sex;
  c.ethnic_code = ethnic_code.clone();
  c.ethnicity = ethnicity.clone();
  c.birth_date = birth_date.clone();
  c.address = address.clone();
  c.extra_address = extra_address.clone();
  c.id_number = id_number.clone();
  c.authority = authority.clone();
  c.valid_from = valid_from.clone();
  c.valid_to = valid_to.clone();
  c.long_term = long_term;
  c.expired = expired;
  c.pass_number = pass_number.clone();
  c.issue_count = issue_count.clone();
  c.nationality = nationality.clone();
  c.card_version = card_version.clone();
  c.photo_wlt = photo_wlt.clone();
  c.fingerprint = fingerprint.clone();
  return c;
}

bool card_expired(const CardData& card, std::string_view today) {
  if (card.long_term || card.valid_to.size() != 10 || today.size() != 8) return false;
  const std::string_view to = card.valid_to.view();
  // YYYY-MM-DD against YYYYMMDD, part by part.
  const std::string_view parts[] = {to.substr(0, 4), to.substr(5, 2), to.substr(8, 2)};
  const std::string_view today_parts[] = {today.substr(0, 4), today.substr(4, 2), today.substr(6, 2)};
  for (int i = 0; i < 3; ++i)
    if (parts[i] != today_parts[i]) return parts[i] < today_parts[i];
  return false;
}

std::string local_today() {
  const std::time_t now = std::time(nullptr);
  std::tm tm{};
  localtime_r(&now, &tm);
  char buf[16];
  std::strftime(buf, sizeof buf, "%Y%m%d", &tm);
  return buf;
}

}  // namespace ow::drivers::idcard
