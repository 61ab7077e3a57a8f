#pragma once
// User-facing text by key, in the current language (simplified Chinese first, English second).
#include <cstddef>
#include <string>

namespace ow {

enum class Str {
#define S(key, zh, en) key,
#include "kiosk/strings.def"
#undef S
  Count_
};

enum class Language { Chinese, English };

void set_language(Language language);
Language language();
const char* tr(Str key);
const char* tr(Str key, Language language);

// printf-style formatting of a translated template holding one %d, or one %s.
std::string trf(Str key, int value);
std::string trf(Str key, const std::string& value);

// Every string of the table in every language: the font atlas is built from these.
std::string all_strings_text();

}  // namespace ow
