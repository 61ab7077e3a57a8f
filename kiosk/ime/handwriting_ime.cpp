#include "kiosk/ime/handwriting_ime.hpp"

#include <zinnia.h>

#include <algorithm>

#include "kiosk/log.hpp"

namespace ow {

namespace {
// Zinnia takes whole numbers; the model was trained on a square canvas, normalised by its size.
constexpr int kCanvas = 1000;
}  // namespace

struct HandwritingIme::Engine {
  zinnia_recognizer_t* recognizer = zinnia_recognizer_new();
  ~Engine() { zinnia_recognizer_destroy(recognizer); }
};

HandwritingIme::HandwritingIme(std::unique_ptr<Engine> engine, std::filesystem::path model)
    : engine_(std::move(engine)), model_(std::move(model)) {}
HandwritingIme::~HandwritingIme() { clear(); }

Result<std::unique_ptr<HandwritingIme::Engine>> HandwritingIme::load(const std::filesystem::path& model) {
  auto engine = std::make_unique<Engine>();
  if (!engine->recognizer) return fail("cannot start the handwriting recogniser");
  if (!zinnia_recognizer_open(engine->recognizer, model.c_str()))
    return fail("cannot open the handwriting model " + model.string() + " (install tegaki-zinnia-simplified-chinese): " +
                zinnia_recognizer_strerror(engine->recognizer));
  return engine;
}

Result<std::unique_ptr<HandwritingIme>> HandwritingIme::open(const std::filesystem::path& model) {
  auto engine = load(model);
  if (!engine) return tl::unexpected(engine.error());
  return std::unique_ptr<HandwritingIme>(new HandwritingIme(std::move(*engine), model));
}

void HandwritingIme::release() { engine_.reset(); }

std::vector<std::string> HandwritingIme::classify(const InkStrokes& strokes) const {
  std::vector<std::string> out;
  const bool ink = std::any_of(strokes.begin(), strokes.end(), [](const InkStroke& s) { return !s.empty(); });
  if (!ink) return out;
  if (!engine_) {
    auto engine = load(model_);
    if (!engine) {
      log::warn("ime", engine.error().message);
      return out;
    }
    engine_ = std::move(*engine);
  }
  // Zinnia's character copies the points: it is destroyed (and with it the copy) right after.
  zinnia_character_t* character = zinnia_character_new();
  zinnia_character_set_width(character, kCanvas);
  zinnia_character_set_height(character, kCanvas);
  std::size_t id = 0;
  for (const InkStroke& stroke : strokes) {
    if (stroke.empty()) continue;
    for (const InkPoint& p : stroke)
      zinnia_character_add(character, id, static_cast<int>(p.x * kCanvas), static_cast<int>(p.y * kCanvas));
    ++id;
  }
  zinnia_result_t* result = zinnia_recognizer_classify(engine_->recognizer, character, kMaxCandidates);
  zinnia_character_clear(character);
  zinnia_character_destroy(character);
  if (!result) return out;
  for (std::size_t i = 0; i < zinnia_result_size(result); ++i) out.emplace_back(zinnia_result_value(result, i));
  zinnia_result_destroy(result);
  return out;
}

void HandwritingIme::add_point(InkPoint p) {
  p.x = std::clamp(p.x, 0.0f, 1.0f);
  p.y = std::clamp(p.y, 0.0f, 1.0f);
  if (!stroke_open_) strokes_.emplace_back();
  stroke_open_ = true;
  InkStroke& stroke = strokes_.back();
  if (stroke.empty() || stroke.back().x != p.x || stroke.back().y != p.y) stroke.push_back(p);
}

void HandwritingIme::end_stroke() {
  if (!stroke_open_) return;
  stroke_open_ = false;
  recognise();
}

void HandwritingIme::undo_stroke() {
  if (strokes_.empty()) return;
  strokes_.pop_back();
  stroke_open_ = false;
  recognise();
}

std::optional<std::string> HandwritingIme::choose(std::size_t index) {
  if (index >= candidates_.size()) return std::nullopt;
  std::string text = candidates_[index];
  clear();
  return text;
}

void HandwritingIme::clear() {
  // The zeroing allocator wipes each stroke's points as its buffer is freed.
  strokes_.clear();
  strokes_.shrink_to_fit();
  stroke_open_ = false;
  candidates_.clear();
}

void HandwritingIme::recognise() { candidates_ = classify(strokes_); }

}  // namespace ow
