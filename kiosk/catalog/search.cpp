#include "kiosk/catalog/search.hpp"

#include <algorithm>

namespace ow::catalog {

namespace {
bool is_latin(char32_t c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }
std::uint32_t letter_bit(char32_t c) { return c >= 'a' && c <= 'z' ? 1u << (c - 'a') : 1u << 26; }
std::uint64_t han_bit(char32_t c) { return std::uint64_t{1} << (c * 2654435761u >> 26 & 63u); }
bool reaches(RegionScope have, RegionScope want) { return static_cast<int>(have) >= static_cast<int>(want); }
}  // namespace

// A typed query as tokens: Chinese characters (Simplified) and lower-case ASCII letters/digits.
struct SearchIndex::Query {
  std::u32string tokens;
  std::uint32_t letters = 0;
  std::uint64_t hans = 0;
};

SearchIndex::SearchIndex(const Catalog& catalog, const PinyinDict& dict, std::shared_ptr<const ChineseConverter> t2s)
    : t2s_(std::move(t2s)) {
  for (const auto& m : catalog.matters)
    entries_.push_back({EntryKind::Matter, m.code, m.name, m.audience, m.region, m.categories, m.self_service, {}});
  for (const auto& b : catalog.bundles)
    entries_.push_back({EntryKind::Bundle, b.code, b.name, b.audience, b.region, b.categories, true, {}});
  auto add_all = [&](std::uint32_t e, const std::string& name, const std::string& short_name,
                     const std::vector<std::string>& keywords) {
    add_text(e, 0, name, dict);
    if (short_name != name) add_text(e, 1, short_name, dict);
    for (const auto& k : keywords) add_text(e, 2, k, dict);
  };
  std::uint32_t e = 0;
  for (const auto& m : catalog.matters) add_all(e++, m.name, m.short_name, m.keywords);
  for (const auto& b : catalog.bundles) add_all(e++, b.name, b.short_name, b.keywords);
}

void SearchIndex::add_text(std::uint32_t entry, std::uint8_t field, const std::string& text, const PinyinDict& dict) {
  std::u32string chars = utf8_to_u32(text);
  for (auto& c : chars)
    if (c >= 'A' && c <= 'Z') c = c - 'A' + 'a';
  const auto syl = dict.syllables(chars);
  Text t{entry, field, static_cast<std::uint32_t>(units_.size()), 0, 0, 0};
  for (std::size_t i = 0; i < chars.size(); ++i) {
    if (syl[i].empty() && !is_han(chars[i])) continue;  // punctuation and spaces are not typed
    const std::string& s = syl[i];
    const std::uint8_t init = s.size() >= 2 && (s[0] == 'z' || s[0] == 'c' || s[0] == 's') && s[1] == 'h' ? 2 : 1;
    units_.push_back({chars[i], static_cast<std::uint32_t>(pool_.size()), static_cast<std::uint8_t>(s.size()),
                      static_cast<std::uint8_t>(s.empty() ? 0 : init)});
    pool_ += s;
    for (char c : s) t.letters |= letter_bit(static_cast<char32_t>(c));
    if (is_han(chars[i])) t.hans |= han_bit(chars[i]);
    ++t.units;
  }
  if (t.units) {
    texts_.push_back(t);
    entries_[entry].texts.push_back(text);
  }
}

bool SearchIndex::passes(const Entry& e, const SearchFilters& f) const {
  if (f.kind && e.kind != *f.kind) return false;
  if (f.audience && std::find(e.audience.begin(), e.audience.end(), *f.audience) == e.audience.end()) return false;
  if (f.region && !reaches(e.region, *f.region)) return false;
  if (!f.category.empty() && std::find(e.categories.begin(), e.categories.end(), f.category) == e.categories.end())
    return false;
  return !f.self_service_only || e.self_service;
}

std::optional<MatchTier> SearchIndex::match(const Text& t, const Query& q) const {
  if ((t.letters & q.letters) != q.letters || (t.hans & q.hans) != q.hans) return std::nullopt;
  const Unit* u = units_.data() + t.first_unit;
  const std::size_t n = t.units, qn = q.tokens.size();
  const char32_t* qs = q.tokens.data();
  auto syl = [&](const Unit& x) { return std::string_view(pool_.data() + x.syl, x.syl_len); };
  // q[p..p+len) equals `s` (all ASCII).
  auto typed = [&](std::size_t p, std::string_view s) {
    if (p + s.size() > qn) return false;
    for (std::size_t k = 0; k < s.size(); ++k)
      if (qs[p + k] != static_cast<char32_t>(s[k])) return false;
    return true;
  };

  struct Walk {
    bool mid_start, skipped, initials, partial;
  };
  // Depth-first over the ways the query can spell the text from unit i, query position p; returns
  // the best tier reachable. Each unit is typed as its whole syllable, its initial, the start of the
  // syllable (last unit typed only), or left out (at most once, never first).
  auto rec = [&](auto& self, std::size_t i, std::size_t p, Walk w) -> std::optional<MatchTier> {
    if (p == qn) {
      if (w.mid_start || w.skipped) return MatchTier::Fuzzy;
      if (w.initials) return MatchTier::Initials;
      return (w.partial || i < n) ? MatchTier::Prefix : MatchTier::Exact;
    }
    if (i == n) return std::nullopt;
    std::optional<MatchTier> best;
    auto take = [&](std::optional<MatchTier> r) {
      if (r && (!best || *r < *best)) best = r;
    };
    const char32_t c = qs[p];
    if (!is_latin(c)) {
      if (u[i].ch == c) take(self(self, i + 1, p + 1, w));
    } else if (u[i].syl_len) {
      const std::string_view s = syl(u[i]);
      if (typed(p, s)) take(self(self, i + 1, p + s.size(), w));
      if (best == MatchTier::Exact) return best;
      const std::size_t rest = qn - p;
      if (rest < s.size() && typed(p, s.substr(0, rest))) take(self(self, i + 1, qn, Walk{w.mid_start, w.skipped, w.initials, true}));
      for (std::size_t len : {std::size_t{u[i].init_len}, std::size_t{1}}) {
        if (len >= s.size() || !typed(p, s.substr(0, len))) continue;
        take(self(self, i + 1, p + len, Walk{w.mid_start, w.skipped, true, w.partial}));
        if (len == 1) break;
      }
    }
    if (!w.skipped && p > 0 && !best)
      take(self(self, i + 1, p, Walk{w.mid_start, true, w.initials, w.partial}));
    return best;
  };

  auto can_begin = [&](const Unit& x) {
    return is_latin(qs[0]) ? (x.syl_len && static_cast<char32_t>(pool_[x.syl]) == qs[0]) : x.ch == qs[0];
  };
  if (can_begin(u[0]))
    if (auto r = rec(rec, 0, 0, Walk{false, false, false, false})) return r;
  for (std::size_t s = 1; s < n; ++s)
    if (can_begin(u[s]))
      if (auto r = rec(rec, s, 0, Walk{true, false, false, false})) return r;
  return std::nullopt;
}

std::vector<SearchHit> SearchIndex::search(std::string_view raw, const SearchFilters& filters) const {
  std::string text(raw);
  const bool ascii = std::all_of(text.begin(), text.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
  if (!ascii && t2s_) text = t2s_->convert(text);
  Query q;
  for (char32_t c : utf8_to_u32(text)) {
    if (c >= 0xFF01 && c <= 0xFF5E) c -= 0xFEE0;  // full-width letters from a Chinese keyboard
    if (c >= 'A' && c <= 'Z') c = c - 'A' + 'a';
    if (c == 0xFC) c = 'v';  // ü is typed as v, as the dictionary spells it
    if (is_latin(c)) q.letters |= letter_bit(c);
    else if (is_han(c)) q.hans |= han_bit(c);
    else continue;
    q.tokens.push_back(c);
  }
  if (q.tokens.empty()) return {};

  struct Ranked {
    MatchTier tier;
    std::uint8_t field;
    std::uint32_t length, entry, text;
  };
  std::vector<Ranked> best(entries_.size(), Ranked{MatchTier::Fuzzy, 255, 0, 0, 0});
  std::vector<std::uint32_t> order;
  std::vector<std::uint32_t> text_index(entries_.size(), 0);
  for (const Text& t : texts_) {
    const std::uint32_t k = text_index[t.entry]++;
    if (best[t.entry].field == 0 && best[t.entry].tier == MatchTier::Exact) continue;
    auto tier = match(t, q);
    if (!tier) continue;
    Ranked r{*tier, t.field, t.units, t.entry, k};
    Ranked& b = best[t.entry];
    if (b.field == 255) order.push_back(t.entry);
    if (b.field == 255 || std::tie(r.tier, r.field, r.length) < std::tie(b.tier, b.field, b.length)) b = r;
  }
  std::vector<Ranked> hits;
  for (auto e : order)
    if (passes(entries_[e], filters)) hits.push_back(best[e]);
  std::sort(hits.begin(), hits.end(), [](const Ranked& a, const Ranked& b) {
    return std::tie(a.tier, a.field, a.length, a.entry) < std::tie(b.tier, b.field, b.length, b.entry);
  });
  if (hits.size() > filters.limit) hits.resize(filters.limit);
  std::vector<SearchHit> out;
  for (const auto& h : hits) {
    const Entry& e = entries_[h.entry];
    out.push_back({e.kind, e.code, e.name, e.texts[h.text], h.tier});
  }
  return out;
}

}  // namespace ow::catalog
