// Line breaking for paper_render.hpp (a template: measured by font dots or by printer columns).
#pragma once
#include <string_view>

namespace ow::receipt {

namespace detail {
inline bool closing_punctuation(char32_t cp) {
  switch (cp) {
    case U'，': case U'。': case U'：': case U'；': case U'、': case U'）': case U'》': case U'」':
    case U'！': case U'？': case U',': case U'.': case U':': case U';': case U')': case U'!': case U'?':
      return true;
    default: return false;
  }
}
}  // namespace detail

template <class Measure>
std::vector<std::string> wrap_text(const std::string& text, int max_width, Measure measure) {
  struct Cp {
    std::size_t begin, end;
    char32_t cp;
    int width;
  };
  std::vector<Cp> cps;
  for (std::size_t i = 0; i < text.size();) {
    const std::size_t b = i;
    const char32_t cp = next_code_point(text, i);
    cps.push_back(Cp{b, i, cp, measure(std::string_view(text).substr(b, i - b), cp)});
  }
  std::vector<std::string> lines;
  std::size_t start = 0;
  while (start < cps.size()) {
    int width = 0;
    std::size_t end = start;
    while (end < cps.size() && (end == start || width + cps[end].width <= max_width)) width += cps[end++].width;
    if (end < cps.size()) {
      // Prefer a space in Latin text; else keep closing punctuation with the text before it.
      std::size_t space = end;
      while (space > start + 1 && cps[space - 1].cp != U' ') --space;
      if (cps[end].cp == U' ') {
        // The line ends exactly at a word boundary.
      } else if (space > start + 1 && cps[end].cp < 0x80 && cps[end - 1].cp < 0x80) {
        end = space;
      } else if (detail::closing_punctuation(cps[end].cp) && end > start + 1) {
        --end;
      }
    }
    std::string line = text.substr(cps[start].begin, cps[end - 1].end - cps[start].begin);
    while (!line.empty() && line.back() == ' ') line.pop_back();
    lines.push_back(std::move(line));
    start = end;
    while (start < cps.size() && cps[start].cp == U' ') ++start;
  }
  if (lines.empty()) lines.emplace_back();
  return lines;
}

}  // namespace ow::receipt
