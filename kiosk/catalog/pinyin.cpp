#include "kiosk/catalog/pinyin.hpp"

#include <opencc/opencc.h>

#include <cstdlib>
#include <fstream>
#include "kiosk/text_util.hpp"

namespace ow::catalog {

std::u32string utf8_to_u32(std::string_view s) {
  std::u32string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    const int len = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
    if (len == 0 || i + static_cast<std::size_t>(len) > s.size()) {
      out.push_back(0xFFFD);  // a broken byte stands for itself as a replacement character
      ++i;
      continue;
    }
    char32_t cp = len == 1 ? c : len == 2 ? (c & 0x1Fu) : len == 3 ? (c & 0x0Fu) : (c & 0x07u);
    bool ok = true;
    for (int k = 1; k < len; ++k) {
      const auto cc = static_cast<unsigned char>(s[i + static_cast<std::size_t>(k)]);
      ok = ok && (cc & 0xC0) == 0x80;
      cp = (cp << 6) | (cc & 0x3Fu);
    }
    out.push_back(ok ? cp : 0xFFFD);
    i += ok ? static_cast<std::size_t>(len) : 1;
  }
  return out;
}

std::string u32_to_utf8(std::u32string_view s) {
  std::string out;
  for (char32_t c : s) append_utf8(out, c);
  return out;
}

Result<ChineseConverter> ChineseConverter::open(const std::string& config) {
  opencc_t h = opencc_open(config.c_str());
  if (h == reinterpret_cast<opencc_t>(-1))
    return fail("OpenCC cannot open \"" + config + "\" (Debian package libopencc-data): " + opencc_error());
  ChineseConverter c;
  c.handle_ = h;
  return c;
}

ChineseConverter::ChineseConverter(ChineseConverter&& o) noexcept : handle_(o.handle_) { o.handle_ = nullptr; }

ChineseConverter& ChineseConverter::operator=(ChineseConverter&& o) noexcept {
  std::swap(handle_, o.handle_);
  return *this;
}

ChineseConverter::~ChineseConverter() {
  if (handle_) opencc_close(static_cast<opencc_t>(handle_));
}

std::string ChineseConverter::convert(std::string_view text) const {
  if (text.empty()) return {};
  char* out = opencc_convert_utf8(static_cast<opencc_t>(handle_), text.data(), text.size());
  if (!out) return std::string(text);
  std::string s(out);
  opencc_convert_utf8_free(out);
  return s;
}

Result<PinyinDict> PinyinDict::load(const std::filesystem::path& path) {
  std::ifstream in(path);
  if (!in) return fail("cannot open the pinyin dictionary " + path.string() + " (Debian package rime-data-luna-pinyin)");
  auto s2t = ChineseConverter::open("s2t.json");
  if (!s2t) return tl::unexpected(s2t.error());
  PinyinDict d;
  d.s2t_ = std::make_shared<ChineseConverter>(std::move(*s2t));
  std::string line;
  bool body = false;  // entries follow the YAML header's "..." line
  while (std::getline(in, line)) {
    if (!body) {
      body = line == "...";
      continue;
    }
    if (line.empty() || line[0] == '#') continue;
    const auto t1 = line.find('\t');
    if (t1 == std::string::npos) continue;
    const auto t2 = line.find('\t', t1 + 1);
    const std::u32string text = utf8_to_u32(std::string_view(line).substr(0, t1));
    const std::string code = line.substr(t1 + 1, t2 == std::string::npos ? std::string::npos : t2 - t1 - 1);
    if (text.size() == 1) {
      // Weights are percentages of a character's readings; a missing weight counts as a rare reading.
      double w = 0.5;
      if (t2 != std::string::npos) w = std::strtod(line.c_str() + t2 + 1, nullptr);
      auto [it, fresh] = d.chars_.try_emplace(text[0], code, w);
      if (!fresh && w > it->second.second) it->second = {code, w};
      continue;
    }
    std::vector<std::string> syl;
    for (std::size_t b = 0; b <= code.size();) {
      const auto e = code.find(' ', b);
      syl.push_back(code.substr(b, e == std::string::npos ? std::string::npos : e - b));
      if (e == std::string::npos) break;
      b = e + 1;
    }
    if (syl.size() != text.size() || text.size() > 6) continue;
    d.max_phrase_ = std::max(d.max_phrase_, text.size());
    d.phrases_.try_emplace(text, std::move(syl));
  }
  if (d.chars_.empty()) return fail("the pinyin dictionary " + path.string() + " has no entries");
  return d;
}

std::vector<std::string> PinyinDict::syllables(std::u32string_view text) const {
  const std::u32string trad = utf8_to_u32(s2t_->convert(u32_to_utf8(text)));
  return readings(text, trad);
}

std::vector<std::vector<std::string>> PinyinDict::syllables(const std::vector<std::u32string>& texts) const {
  std::u32string joined;
  for (const auto& t : texts) {
    joined += t;
    joined += U'\n';
  }
  const std::u32string trad = utf8_to_u32(s2t_->convert(u32_to_utf8(joined)));
  std::vector<std::vector<std::string>> out;
  std::size_t at = 0;
  for (const auto& t : texts) {
    const auto end = trad.find(U'\n', at);
    const std::u32string_view piece = std::u32string_view(trad).substr(at, end == std::u32string::npos ? std::u32string::npos : end - at);
    out.push_back(readings(t, piece));
    at = end == std::u32string::npos ? trad.size() : end + 1;
  }
  return out;
}

std::vector<std::string> PinyinDict::readings(std::u32string_view text, std::u32string_view trad_in) const {
  std::vector<std::string> out(text.size());
  // A conversion that changed the length cannot be lined up with the text: no phrase readings then.
  const std::u32string_view trad = trad_in.size() == text.size() ? trad_in : text;
  for (std::size_t i = 0; i < text.size();) {
    const char32_t c = text[i];
    if (c < 0x80) {
      if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) out[i] = static_cast<char>(c);
      else if (c >= 'A' && c <= 'Z') out[i] = static_cast<char>(c - 'A' + 'a');
      ++i;
      continue;
    }
    if (!is_han(c)) {
      ++i;
      continue;
    }
    bool found = false;
    for (std::size_t len = std::min(max_phrase_, text.size() - i); len >= 2 && !found; --len) {
      auto it = phrases_.find(std::u32string(trad.substr(i, len)));
      if (it == phrases_.end()) continue;
      for (std::size_t k = 0; k < len; ++k) out[i + k] = it->second[k];
      i += len;
      found = true;
    }
    if (found) continue;
    // Luna Pinyin weighs the readings of Traditional characters; a Simplified form's own weights can
    // be poor (儿 is listed mostly as "ren", 兒 as "er").
    auto it = chars_.find(trad[i]);
    if (it == chars_.end()) it = chars_.find(c);
    if (it != chars_.end()) out[i] = it->second.first;
    ++i;
  }
  return out;
}

}  // namespace ow::catalog
