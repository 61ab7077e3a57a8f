#pragma once
// Pinyin input for the on-screen keyboard, on Google Pinyin (Debian libgooglepinyin). The engine
// learns from what is chosen; the kiosk must not remember one citizen's words for the next, so
// forget() throws the learned words away at the end of every session.
#include <cstddef>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "kiosk/result.hpp"

namespace ow {

class PinyinIme {
 public:
  // The engine is one per process (its state is global): open it once.
  static Result<std::unique_ptr<PinyinIme>> open(const std::filesystem::path& system_dict);
  ~PinyinIme();
  PinyinIme(const PinyinIme&) = delete;
  PinyinIme& operator=(const PinyinIme&) = delete;

  // Letters a–z (and ' to split syllables) extend the spelling; anything else is ignored.
  void add_letter(char letter);
  void backspace();
  bool composing() const { return !spelling_.empty(); }
  const std::string& spelling() const { return spelling_; }
  // Best first; the first is the whole spelling as one phrase.
  const std::vector<std::string>& candidates() const { return candidates_; }
  // Chooses a candidate: the text to commit once the whole spelling is converted; nothing while
  // part of it still waits for a choice (the candidates then cover the rest).
  std::optional<std::string> choose(std::size_t index);
  void reset();   // drop the spelling
  void forget();  // drop the spelling and every learned word

  static constexpr std::size_t kMaxSpelling = 32;
  static constexpr std::size_t kMaxCandidates = 24;

 private:
  explicit PinyinIme(std::filesystem::path system_dict) : system_dict_(std::move(system_dict)) {}
  bool open_engine();
  void search();
  void read_candidates(std::size_t count);

  std::filesystem::path system_dict_;
  std::filesystem::path user_dict_;  // a fresh temporary file per session
  std::string spelling_;
  std::vector<std::string> candidates_;
};

}  // namespace ow
