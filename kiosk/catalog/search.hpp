#pragma once
// Finding matters and bundles as a citizen types: Chinese characters, full pinyin (shebaoka),
// pinyin initials (sbk), or a mix (社保ka), tolerant of Traditional characters and of one left-out
// syllable. Results rank exact > prefix > initials > fuzzy; then names before short names before
// keywords, then shorter texts first.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kiosk/catalog/catalog.hpp"
#include "kiosk/catalog/pinyin.hpp"

namespace ow::catalog {

enum class MatchTier { Exact, Prefix, Initials, Fuzzy };
enum class EntryKind { Matter, Bundle };

struct SearchFilters {
  std::optional<Audience> audience;
  // At least this reach: CrossProvince ⊇ Province ⊇ Local (a 跨省通办 matter is also done in-province).
  std::optional<RegionScope> region;
  std::optional<EntryKind> kind;
  std::string category;  // empty: any
  bool self_service_only = false;
  std::size_t limit = 20;
};

struct SearchHit {
  EntryKind kind = EntryKind::Matter;
  std::string code;
  std::string name;     // the entry's full name
  std::string matched;  // the name, short name or keyword that matched
  MatchTier tier = MatchTier::Fuzzy;
};

class SearchIndex {
 public:
  // `t2s` converts a query typed in Traditional characters; the pinyin comes from `dict`.
  SearchIndex(const Catalog& catalog, const PinyinDict& dict, std::shared_ptr<const ChineseConverter> t2s);

  std::vector<SearchHit> search(std::string_view query, const SearchFilters& filters = {}) const;
  std::size_t entries() const { return entries_.size(); }

 private:
  struct Unit {
    char32_t ch;
    std::uint32_t syl;  // offset of the syllable in pool_
    std::uint8_t syl_len, init_len;
  };
  // One distinct text (names repeat as keywords and short names); postings say whose it is.
  struct Text {
    std::uint32_t first_unit, units;
    std::uint32_t first_posting, postings;
    std::uint32_t letters;  // bit per letter a–z and one for digits in its pinyin
    std::uint64_t hans;     // one bit per character hash, to skip texts lacking a typed character
  };
  struct Posting {
    std::uint32_t entry;
    std::uint8_t field;  // 0 name, 1 short name, 2 keyword
  };
  struct Entry {
    EntryKind kind;
    std::string code, name;
    std::vector<Audience> audience;
    RegionScope region;
    std::vector<std::string> categories;
    bool self_service;
  };
  struct Query;

  bool passes(const Entry& e, const SearchFilters& f) const;
  // The best tier for the text; from its first unit only, or (mid) from any later unit.
  std::optional<MatchTier> match(const Text& t, const Query& q, bool mid) const;

  std::vector<Entry> entries_;
  std::vector<Text> texts_;
  std::vector<std::string> strings_;  // the text of each texts_ entry
  std::vector<Posting> postings_;
  std::vector<Unit> units_;
  std::string pool_;
  std::shared_ptr<const ChineseConverter> t2s_;
};

}  // namespace ow::catalog
