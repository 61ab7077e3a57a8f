#pragma once
// Handwriting input for the on-screen keyboard, on Zinnia (Debian libzinnia) with Tegaki's
// Simplified Chinese model (tegaki-zinnia-simplified-chinese): for citizens who cannot spell pinyin.
// The strokes being written are personal data: they live only in zeroing buffers here, are never
// logged, and go when a candidate is chosen, on clear(), and at the end of every session.
#include <cstddef>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "base/zeroing_allocator.hpp"
#include "kiosk/result.hpp"

namespace ow {

// A point of a stroke as a fraction of the square writing pad (0..1): the pad's size on screen does
// not change what is recognised.
struct InkPoint {
  float x = 0, y = 0;
};
using InkStroke = std::vector<InkPoint, ZeroingAllocator<InkPoint>>;
using InkStrokes = std::vector<InkStroke, ZeroingAllocator<InkStroke>>;

class HandwritingIme {
 public:
  static Result<std::unique_ptr<HandwritingIme>> open(const std::filesystem::path& model);
  ~HandwritingIme();
  HandwritingIme(const HandwritingIme&) = delete;
  HandwritingIme& operator=(const HandwritingIme&) = delete;

  // The characters `strokes` most look like, best first, at most kMaxCandidates; none for no ink.
  std::vector<std::string> classify(const InkStrokes& strokes) const;

  // The character being written: the finger's points, a stroke at a time. Points are clamped to the pad.
  void add_point(InkPoint p);
  void end_stroke();   // the finger lifted: the candidates follow the strokes so far
  void undo_stroke();  // takes back the last stroke
  bool writing() const { return !strokes_.empty(); }
  const InkStrokes& strokes() const { return strokes_; }
  const std::vector<std::string>& candidates() const { return candidates_; }
  // The chosen character; the pad is empty again.
  std::optional<std::string> choose(std::size_t index);
  void clear();  // wipes the strokes and the candidates
  // Lets go of the model (~26 MiB of PSS mapped) until the next stroke is recognised, which opens
  // it again: the kiosk calls it after checking the model at start-up and at every session end,
  // so an idle kiosk does not hold it (issue 25).
  void release();

  static constexpr std::size_t kMaxCandidates = 10;

 private:
  struct Engine;
  HandwritingIme(std::unique_ptr<Engine> engine, std::filesystem::path model);
  static Result<std::unique_ptr<Engine>> load(const std::filesystem::path& model);
  void recognise();

  mutable std::unique_ptr<Engine> engine_;  // null after release(), until the next recognition
  std::filesystem::path model_;
  InkStrokes strokes_;
  bool stroke_open_ = false;  // the finger is down: points go to the last stroke
  std::vector<std::string> candidates_;
};

}  // namespace ow
