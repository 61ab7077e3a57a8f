#include "kiosk/ime/pinyin_ime.hpp"

#include <pinyinime.h>
#include <unistd.h>

#include <cstdlib>

#include "kiosk/text_util.hpp"

namespace ow {

namespace {
std::string utf16_to_utf8(const ime_pinyin::char16* s) {
  std::string out;
  for (; *s; ++s) append_utf8(out, *s);
  return out;
}
}  // namespace

Result<std::unique_ptr<PinyinIme>> PinyinIme::open(const std::filesystem::path& system_dict) {
  std::unique_ptr<PinyinIme> ime(new PinyinIme(system_dict));
  if (!ime->open_engine()) return fail("cannot open the pinyin dictionary " + system_dict.string() + " (install libgooglepinyin0)");
  return ime;
}

PinyinIme::~PinyinIme() {
  ime_pinyin::im_close_decoder();
  std::error_code ec;
  std::filesystem::remove(user_dict_, ec);
}

bool PinyinIme::open_engine() {
  char name[] = "/tmp/onewindow-ime-XXXXXX";
  const int fd = mkstemp(name);
  if (fd < 0) return false;
  ::close(fd);
  ::unlink(name);  // the engine creates it; it only ever holds this session's words
  user_dict_ = name;
  return ime_pinyin::im_open_decoder(system_dict_.c_str(), user_dict_.c_str());
}

void PinyinIme::add_letter(char letter) {
  const bool ok = (letter >= 'a' && letter <= 'z') || (letter == '\'' && !spelling_.empty());
  if (!ok || spelling_.size() >= kMaxSpelling) return;
  spelling_ += letter;
  search();
}

void PinyinIme::backspace() {
  if (spelling_.empty()) return;
  spelling_.pop_back();
  search();
}

void PinyinIme::search() {
  if (spelling_.empty()) {
    ime_pinyin::im_reset_search();
    candidates_.clear();
    return;
  }
  read_candidates(ime_pinyin::im_search(spelling_.c_str(), spelling_.size()));
}

void PinyinIme::read_candidates(std::size_t count) {
  candidates_.clear();
  ime_pinyin::char16 buf[64];
  for (std::size_t i = 0; i < count && i < kMaxCandidates; ++i) {
    if (!ime_pinyin::im_get_candidate(i, buf, sizeof buf / sizeof buf[0])) break;
    candidates_.push_back(utf16_to_utf8(buf));
  }
}

std::optional<std::string> PinyinIme::choose(std::size_t index) {
  if (index >= candidates_.size()) return std::nullopt;
  const std::size_t left = ime_pinyin::im_choose(index);
  const ime_pinyin::uint16* starts = nullptr;
  const std::size_t syllables = ime_pinyin::im_get_spl_start_pos(starts);
  if (ime_pinyin::im_get_fixed_len() >= syllables) {
    // Everything is converted: the first candidate now is the whole phrase.
    ime_pinyin::char16 buf[64];
    std::string text = ime_pinyin::im_get_candidate(0, buf, sizeof buf / sizeof buf[0]) ? utf16_to_utf8(buf) : candidates_[index];
    reset();
    return text;
  }
  read_candidates(left);
  return std::nullopt;
}

void PinyinIme::reset() {
  spelling_.clear();
  candidates_.clear();
  ime_pinyin::im_reset_search();
}

void PinyinIme::forget() {
  reset();
  ime_pinyin::im_close_decoder();
  std::error_code ec;
  std::filesystem::remove(user_dict_, ec);
  open_engine();
}

}  // namespace ow
