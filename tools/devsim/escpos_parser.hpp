#pragma once
// The printer side of ESC/POS: turns the byte stream a driver sends into commands, incrementally
// (a command may be split across reads). Pure, so it can be fuzzed: unknown or malformed bytes
// become Unknown events and are skipped; declared sizes are bounded before anything is buffered.
#include <cstdint>
#include <span>
#include <string>
#include <variant>
#include <vector>

namespace ow::devsim::escpos {

namespace ev {
struct Init {};
struct Text { std::string bytes; };  // printable bytes as sent (ASCII, or GB18030 in Chinese mode)
struct LineFeed {};
struct FeedLines { int lines; };      // ESC d: print, then feed n lines
struct FeedDots { int dots; };        // ESC J
struct LineSpacing { int dots; };     // ESC 3 n; ESC 2 resets (-1)
struct Align { int value; };          // 0 left, 1 centre, 2 right
struct CharSize { int width, height; };
struct Emphasis { bool on; };
struct ChineseMode { bool on; };
struct Raster { int width_bytes, rows; std::vector<std::uint8_t> data; };
struct QrModel { int model; };
struct QrModuleSize { int dots; };
struct QrErrorLevel { int level; };   // 48–51 = L M Q H
struct QrStore { std::string data; };
struct QrPrint {};
struct Cut { bool partial; };
struct StatusQuery { int n; };       // DLE EOT n: answer one byte at once
struct Unknown { std::vector<std::uint8_t> bytes; std::string why; };
}  // namespace ev

using Event = std::variant<ev::Init, ev::Text, ev::LineFeed, ev::FeedLines, ev::FeedDots, ev::LineSpacing, ev::Align,
                           ev::CharSize, ev::Emphasis, ev::ChineseMode, ev::Raster, ev::QrModel, ev::QrModuleSize,
                           ev::QrErrorLevel, ev::QrStore, ev::QrPrint, ev::Cut, ev::StatusQuery, ev::Unknown>;

// Bounds on what one command may declare (a 576-dot head is 72 bytes wide; 80 mm paper rolls are
// printed in bands): larger declarations are reported and their data dropped unbuffered.
inline constexpr int kMaxRasterWidthBytes = 256;
inline constexpr int kMaxRasterRows = 4096;

class Parser {
 public:
  // Appends every command completed by `bytes` to `out`.
  void feed(std::span<const std::uint8_t> bytes, std::vector<Event>& out);
  // Bytes held for an incomplete command.
  std::size_t pending() const { return pending_.size(); }

 private:
  // Parses one command at the front of pending_; 0 when more bytes are needed.
  std::size_t parse_one(std::vector<Event>& out);
  std::size_t parse_esc(std::vector<Event>& out);
  std::size_t parse_gs(std::vector<Event>& out);
  std::size_t parse_fs(std::vector<Event>& out);
  std::size_t parse_dle(std::vector<Event>& out);
  std::size_t unknown(std::size_t n, std::string why, std::vector<Event>& out);

  std::vector<std::uint8_t> pending_;
  std::span<const std::uint8_t> v_;  // pending_ from the command being parsed
  std::size_t skip_ = 0;  // data of a rejected oversized command still to drop
};

}  // namespace ow::devsim::escpos
