#pragma once
// Pinyin for catalog text, read at run time from Debian's rime-data-luna-pinyin dictionary, and
// Simplified/Traditional conversion through OpenCC. Luna Pinyin's phrases are written in
// Traditional characters, so text is converted to Traditional to find phrase readings (银行 → 銀行
// → yin hang) before falling back to each character's most frequent reading.
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "kiosk/result.hpp"

namespace ow::catalog {

inline constexpr const char* kLunaPinyinDict = "/usr/share/rime-data/luna_pinyin.dict.yaml";

std::u32string utf8_to_u32(std::string_view s);
std::string u32_to_utf8(std::u32string_view s);
inline bool is_han(char32_t c) { return (c >= 0x3400 && c <= 0x9FFF) || (c >= 0xF900 && c <= 0xFAFF) || (c >= 0x20000 && c <= 0x2FFFF); }

// One OpenCC conversion ("t2s.json", "s2t.json", …), opened once and reused.
class ChineseConverter {
 public:
  static Result<ChineseConverter> open(const std::string& config);
  ChineseConverter(ChineseConverter&&) noexcept;
  ChineseConverter& operator=(ChineseConverter&&) noexcept;
  ~ChineseConverter();
  std::string convert(std::string_view text) const;

 private:
  ChineseConverter() = default;
  void* handle_ = nullptr;
};

class PinyinDict {
 public:
  static Result<PinyinDict> load(const std::filesystem::path& dict = kLunaPinyinDict);

  // One lower-case syllable (no tone) per character of `text`: the reading of the phrase it is part
  // of when the dictionary knows the phrase, else its most frequent reading. Latin letters and
  // digits stand for themselves; other characters get an empty syllable.
  std::vector<std::string> syllables(std::u32string_view text) const;
  // The same for many texts at once: one OpenCC call for all of them (an index of 10,000 names).
  std::vector<std::vector<std::string>> syllables(const std::vector<std::u32string>& texts) const;
  std::size_t size() const { return chars_.size() + phrases_.size(); }

 private:
  PinyinDict() = default;
  std::vector<std::string> readings(std::u32string_view text, std::u32string_view trad) const;
  std::unordered_map<char32_t, std::pair<std::string, double>> chars_;  // reading, weight
  std::unordered_map<std::u32string, std::vector<std::string>> phrases_;
  std::size_t max_phrase_ = 1;
  std::shared_ptr<ChineseConverter> s2t_;
};

}  // namespace ow::catalog
