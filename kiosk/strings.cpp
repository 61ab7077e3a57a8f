#include "kiosk/strings.hpp"

#include <atomic>
#include <cstdio>

namespace ow {

namespace {
struct Entry {
  const char* zh;
  const char* en;
};

constexpr Entry kTable[] = {
#define S(key, zh, en) {zh, en},
#include "kiosk/strings.def"
#undef S
};
static_assert(sizeof kTable / sizeof kTable[0] == static_cast<std::size_t>(Str::Count_));

std::atomic<Language> g_language{Language::Chinese};
}  // namespace

void set_language(Language language) { g_language = language; }
Language language() { return g_language; }

const char* tr(Str key, Language lang) {
  const Entry& e = kTable[static_cast<std::size_t>(key)];
  return lang == Language::English ? e.en : e.zh;
}

const char* tr(Str key) { return tr(key, g_language); }

std::string trf(Str key, int value) {
  char buf[512];
  std::snprintf(buf, sizeof buf, tr(key), value);
  return buf;
}

std::string trf(Str key, const std::string& value) {
  const std::string pattern = tr(key);
  const auto at = pattern.find("%s");
  if (at == std::string::npos) return pattern;
  return pattern.substr(0, at) + value + pattern.substr(at + 2);
}

std::string all_strings_text() {
  std::string all;
  for (const Entry& e : kTable) {
    all += e.zh;
    all += e.en;
  }
  return all;
}

}  // namespace ow
