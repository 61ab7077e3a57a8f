#include "kiosk/catalog/search.hpp"

#include <algorithm>
#include <unordered_map>

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
    entries_.push_back({EntryKind::Matter, m.code, m.name, m.audience, m.region, m.categories, m.self_service});
  for (const auto& b : catalog.bundles)
    entries_.push_back({EntryKind::Bundle, b.code, b.name, b.audience, b.region, b.categories, true});

  // Distinct texts with their postings: keywords and short names repeat across a big catalog.
  std::unordered_map<std::string, std::uint32_t> ids;
  std::vector<std::vector<Posting>> posts;
  auto add = [&](std::uint32_t e, std::uint8_t field, const std::string& text) {
    auto [it, fresh] = ids.try_emplace(text, static_cast<std::uint32_t>(strings_.size()));
    if (fresh) {
      strings_.push_back(text);
      posts.emplace_back();
    }
    posts[it->second].push_back({e, field});
  };
  auto add_all = [&](std::uint32_t e, const std::string& name, const std::string& short_name, const std::vector<std::string>& kw) {
    add(e, 0, name);
    if (short_name != name) add(e, 1, short_name);
    for (const auto& k : kw) add(e, 2, k);
  };
  std::uint32_t e = 0;
  for (const auto& m : catalog.matters) add_all(e++, m.name, m.short_name, m.keywords);
  for (const auto& b : catalog.bundles) add_all(e++, b.name, b.short_name, b.keywords);

  std::vector<std::u32string> chars;
  for (const auto& text : strings_) {
    chars.push_back(utf8_to_u32(text));
    for (auto& c : chars.back())
      if (c >= 'A' && c <= 'Z') c = c - 'A' + 'a';
  }
  const auto syllables = dict.syllables(chars);
  for (std::size_t k = 0; k < strings_.size(); ++k) {
    Text t{static_cast<std::uint32_t>(units_.size()), 0, static_cast<std::uint32_t>(postings_.size()),
           static_cast<std::uint32_t>(posts[k].size()), 0, 0};
    postings_.insert(postings_.end(), posts[k].begin(), posts[k].end());
    for (std::size_t i = 0; i < chars[k].size(); ++i) {
      const char32_t c = chars[k][i];
      const std::string& syl = syllables[k][i];
      if (syl.empty() && !is_han(c)) continue;  // punctuation and spaces are not typed
      const std::uint8_t init = syl.size() >= 2 && (syl[0] == 'z' || syl[0] == 'c' || syl[0] == 's') && syl[1] == 'h' ? 2 : 1;
      units_.push_back({c, static_cast<std::uint32_t>(pool_.size()), static_cast<std::uint8_t>(syl.size()),
                        static_cast<std::uint8_t>(syl.empty() ? 0 : init)});
      pool_ += syl;
      for (char l : syl) t.letters |= letter_bit(static_cast<char32_t>(l));
      if (is_han(c)) t.hans |= han_bit(c);
      ++t.units;
    }
    texts_.push_back(t);
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

std::optional<MatchTier> SearchIndex::match(const Text& t, const Query& q, bool mid) const {
  if (t.units == 0 || (t.letters & q.letters) != q.letters || (t.hans & q.hans) != q.hans) return std::nullopt;
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
  if (!mid) return can_begin(u[0]) ? rec(rec, 0, 0, Walk{false, false, false, false}) : std::nullopt;
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
  constexpr std::uint8_t kNone = 255;
  std::vector<Ranked> best(entries_.size(), Ranked{MatchTier::Fuzzy, kNone, 0, 0, 0});
  std::vector<std::uint32_t> order;
  auto record = [&](std::uint32_t k, MatchTier tier) {
    const Text& t = texts_[k];
    for (std::uint32_t p = t.first_posting; p < t.first_posting + t.postings; ++p) {
      const Posting& post = postings_[p];
      const Ranked r{tier, post.field, t.units, post.entry, k};
      Ranked& b = best[post.entry];
      if (b.field == kNone) order.push_back(post.entry);
      if (b.field == kNone || std::tie(r.tier, r.field, r.length) < std::tie(b.tier, b.field, b.length)) b = r;
    }
  };
  // Pass 1 matches from the first character only (exact, prefix, initials); it is cheap because
  // the first syllable rules out most texts. Matches further in can only be fuzzy, so pass 2 runs
  // only when pass 1 has not already filled the page with better ones.
  std::vector<bool> matched(texts_.size(), false);
  for (std::uint32_t k = 0; k < texts_.size(); ++k)
    if (auto tier = match(texts_[k], q, false)) {
      matched[k] = true;
      record(k, *tier);
    }
  std::size_t good = 0;
  for (auto e : order) good += best[e].tier != MatchTier::Fuzzy && passes(entries_[e], filters);
  if (good < filters.limit)
    for (std::uint32_t k = 0; k < texts_.size(); ++k)
      if (!matched[k])
        if (auto tier = match(texts_[k], q, true)) record(k, *tier);

  std::vector<Ranked> hits;
  for (auto e : order)
    if (passes(entries_[e], filters)) hits.push_back(best[e]);
  auto rank = [](const Ranked& a, const Ranked& b) {
    return std::tie(a.tier, a.field, a.length, a.entry) < std::tie(b.tier, b.field, b.length, b.entry);
  };
  const std::size_t keep = std::min(hits.size(), filters.limit);
  std::partial_sort(hits.begin(), hits.begin() + static_cast<std::ptrdiff_t>(keep), hits.end(), rank);
  hits.resize(keep);
  std::vector<SearchHit> out;
  for (const auto& h : hits) {
    const Entry& e = entries_[h.entry];
    out.push_back({e.kind, e.code, e.name, strings_[h.text], h.tier});
  }
  return out;
}

}  // namespace ow::catalog
