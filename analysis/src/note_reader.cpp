// The note reader: words, phrases, triggers and their scopes (see note_reader.hpp).
#include "note_reader.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdint>
#include <optional>
#include <span>
#include <tuple>
#include <unordered_map>

#include "ascii.hpp"
#include "lexicon_data.hpp"

namespace diary::analysis::detail {

namespace {

struct Token {
  std::string word;  // lower case, apostrophes dropped
  std::size_t begin = 0, end = 0;
  int sentence = 0;
  bool comma_after = false;
};

std::vector<Token> tokenize(std::string_view text) {
  std::vector<Token> out;
  int sentence = 0;
  Token cur;
  bool in_word = false;
  auto flush = [&](std::size_t at) {
    if (!in_word) return;
    cur.end = at;
    cur.sentence = sentence;
    out.push_back(std::move(cur));
    cur = Token{};
    in_word = false;
  };
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    // The typographic apostrophe (U+2019, E2 80 99) and ' are dropped inside a word.
    if (c == 0xE2 && i + 2 < text.size() && static_cast<unsigned char>(text[i + 1]) == 0x80 &&
        static_cast<unsigned char>(text[i + 2]) == 0x99) {
      i += 2;
      continue;
    }
    if (c == '\'') continue;
    if (is_word_byte(c)) {
      if (!in_word) cur.begin = i;
      in_word = true;
      cur.word += ascii_lower(c);
      continue;
    }
    flush(i);
    const bool decimal = c == '.' && i > 0 && i + 1 < text.size() &&
                         std::isdigit(static_cast<unsigned char>(text[i - 1])) &&
                         std::isdigit(static_cast<unsigned char>(text[i + 1]));
    if ((c == '.' && !decimal) || c == '!' || c == '?' || c == ';' || c == '\n' || c == ':')
      ++sentence;
    else if (c == ',' && !out.empty())
      out.back().comma_after = true;
  }
  flush(text.size());
  return out;
}

bool word_matches(std::string_view written, std::string_view wanted) {
  if (written == wanted) return true;
  return written.size() >= 6 && wanted.size() >= 6 && within_one_edit(written, wanted);
}

// A word of up to 8 bytes as one number (the rest zero), so that the fillers, short words,
// are told by comparing numbers: is_filler runs for words of every phrase and note. (A
// word never holds a zero byte: tokens are word bytes, phrases are the lexicon's.)
constexpr std::uint64_t packed(std::string_view w) {
  std::uint64_t v = 0;
  for (std::size_t i = 0; i < w.size() && i < 8; ++i) v |= std::uint64_t{static_cast<unsigned char>(w[i])} << (8 * i);
  return v;
}

constexpr auto kPackedFillers = [] {
  std::array<std::uint64_t, lexicon_data::kFiller.size()> out{};
  for (std::size_t i = 0; i < out.size(); ++i) out[i] = packed(lexicon_data::kFiller[i]);
  return out;
}();
static_assert(std::all_of(lexicon_data::kFiller.begin(), lexicon_data::kFiller.end(),
                          [](std::string_view f) { return f.size() <= 8; }),
              "a filler word longer than 8 bytes cannot be packed");

constexpr bool is_filler(std::string_view w) {
  return w.size() <= 8 && std::find(kPackedFillers.begin(), kPackedFillers.end(), packed(w)) != kPackedFillers.end();
}

// A phrase's place among the tokens.
struct Span {
  std::size_t first = 0, last = 0;  // token indices, inclusive
};

// Matches `words` starting at token `i`, passing over filler tokens; marks nothing.
std::optional<Span> match_at(const std::vector<Token>& t, const std::vector<bool>& used, std::size_t i,
                             std::span<const std::string_view> words) {
  if (used[i] || !word_matches(t[i].word, words[0])) return std::nullopt;
  std::size_t k = i;
  for (std::size_t w = 1; w < words.size(); ++w) {
    std::size_t n = k + 1;
    while (n < t.size() && t[n].sentence == t[i].sentence && !used[n] && !word_matches(t[n].word, words[w]) &&
           is_filler(t[n].word))
      ++n;
    if (n >= t.size() || t[n].sentence != t[i].sentence || used[n] || !word_matches(t[n].word, words[w]))
      return std::nullopt;
    k = n;
  }
  return Span{i, k};
}

struct Match {
  Span span;
  std::size_t entry;  // index into the lexicon or the triggers
};

// Each entry's words, longest phrases first, so that "tight chest" wins over "tight". The
// words of all phrases sit in one array, and the first words are found by hashing. The
// tables are made while the program is compiled (compile_tables, from lexicon_data.hpp):
// made at run time, they cost every `diary log` that reads a note half a million
// instructions.
struct Phrase {
  std::size_t entry = 0;            // index into the lexicon or the triggers
  std::size_t first = 0, size = 0;  // its words in Tables::words
};

// Where one first word's entries sit in `first` (their word: that of `first[begin]`);
// `end` 0: an empty slot.
struct Slot {
  std::uint16_t begin = 0, end = 0;
};

constexpr std::uint64_t fnv1a(std::string_view s) {
  std::uint64_t h = 14695981039346656037ull;
  for (const char c : s) {
    h ^= static_cast<unsigned char>(c);
    h *= 1099511628211ull;
  }
  return h;
}

constexpr std::size_t words_in(std::string_view phrase) {
  std::size_t n = 0;
  for (std::size_t i = 0; i < phrase.size(); ++i)
    if (phrase[i] != ' ' && (i == 0 || phrase[i - 1] == ' ')) ++n;
  return n;
}

template <class Entries>
constexpr std::size_t words_in_all(const Entries& entries) {
  std::size_t n = 0;
  for (const auto& e : entries) n += words_in(e.phrase);
  return n;
}

constexpr std::size_t slots_for(std::size_t n) {
  std::size_t slots = 1;
  while (slots < 2 * n) slots *= 2;
  return slots;
}

// Only `words` holds pointers: the other tables are numbers, so that the loader has few
// addresses to fix up when the program starts (each page of them would be written to).
template <std::size_t Phrases, std::size_t Words>
struct Tables {
  static_assert(Phrases < 65536);
  std::array<std::string_view, Words> words{};
  std::array<Phrase, Phrases> order{};
  // Positions in `order` of the phrases, sorted by first word (then position); and apart
  // those whose first word has 6 letters or more, as a misspelling may match those
  // (word_matches), sorted by its length: a word is within one edit only of words one
  // letter shorter or longer at most.
  std::array<std::uint16_t, Phrases> first{}, long_first{};
  std::size_t firsts = 0, long_firsts = 0;
  std::array<Slot, slots_for(Phrases)> slots{};  // each first word's entries in `first`, by fnv1a

  constexpr std::string_view first_word(std::size_t k) const { return words[order[k].first]; }
};

// The tables of `entries` (each with a `phrase`). Sorts are made stable by the index.
template <std::size_t Words, class Entries>
constexpr auto compile_tables(const Entries& entries, bool optional_fillers) {
  Tables<std::tuple_size_v<Entries>, Words> c;
  std::size_t words = 0;
  for (std::size_t e = 0; e < entries.size(); ++e) {
    const std::size_t first = words;
    const std::string_view phrase = entries[e].phrase;
    for (std::size_t i = 0; i < phrase.size();) {
      const auto j = phrase.find(' ', i);
      const auto end = j == std::string_view::npos ? phrase.size() : j;
      if (end > i) c.words[words++] = phrase.substr(i, end - i);
      i = end + 1;
    }
    // A phrase's own filler words are optional, as in the text: "pain in my chest" also
    // matches "pain in the chest" (a phrase of fillers only keeps them all).
    if (optional_fillers) {
      std::size_t kept = first;  // the words that are not fillers, moved to the front
      for (std::size_t w = first; w < words; ++w)
        if (!is_filler(c.words[w])) c.words[kept++] = c.words[w];
      if (kept > first) words = kept;
    }
    c.order[e] = {e, first, words - first};
  }
  std::sort(c.order.begin(), c.order.end(),
            [](const Phrase& a, const Phrase& b) { return a.size != b.size ? a.size > b.size : a.entry < b.entry; });
  for (std::size_t k = 0; k < c.order.size(); ++k)
    if (c.order[k].size > 0) c.first[c.firsts++] = static_cast<std::uint16_t>(k);
  const auto by_word = [&](std::uint16_t a, std::uint16_t b) {
    return c.first_word(a) != c.first_word(b) ? c.first_word(a) < c.first_word(b) : a < b;
  };
  std::sort(c.first.begin(), c.first.begin() + static_cast<std::ptrdiff_t>(c.firsts), by_word);
  const std::size_t mask = c.slots.size() - 1;
  for (std::size_t k = 0; k < c.firsts; ++k) {
    const auto word = c.first_word(c.first[k]);
    std::size_t at = fnv1a(word) & mask;
    while (c.slots[at].end != 0 && c.first_word(c.first[c.slots[at].begin]) != word) at = (at + 1) & mask;
    if (c.slots[at].end == 0) c.slots[at].begin = static_cast<std::uint16_t>(k);
    c.slots[at].end = static_cast<std::uint16_t>(k + 1);
  }
  std::array<std::size_t, std::tuple_size_v<Entries>> longs{};  // positions in `first`
  for (std::size_t k = 0; k < c.firsts; ++k)
    if (c.first_word(c.first[k]).size() >= 6) longs[c.long_firsts++] = k;
  std::sort(longs.begin(), longs.begin() + static_cast<std::ptrdiff_t>(c.long_firsts),
            [&](std::size_t a, std::size_t b) {
              const auto x = c.first_word(c.first[a]).size(), y = c.first_word(c.first[b]).size();
              return x != y ? x < y : a < b;
            });
  for (std::size_t k = 0; k < c.long_firsts; ++k) c.long_first[k] = c.first[longs[k]];
  return c;
}

// What find_all reads of a Tables.
struct Compiled {
  std::span<const std::string_view> words;
  std::span<const Phrase> order;
  std::span<const std::uint16_t> first, long_first;  // positions in `order`
  std::span<const Slot> slots;

  template <std::size_t P, std::size_t W>
  constexpr Compiled(const Tables<P, W>& t)  // NOLINT: a view, made where the tables are named
      : words(t.words),
        order(t.order),
        first(t.first.data(), t.firsts),
        long_first(t.long_first.data(), t.long_firsts),
        slots(t.slots) {}

  std::span<const std::string_view> words_of(const Phrase& p) const { return words.subspan(p.first, p.size); }
  std::string_view first_word(std::size_t k) const { return words[order[k].first]; }
  // The entries of `first` whose word is `w` (an empty slot when none).
  const Slot& first_at(std::string_view w) const {
    const std::size_t mask = slots.size() - 1;
    std::size_t at = fnv1a(w) & mask;
    while (slots[at].end != 0 && first_word(first[slots[at].begin]) != w) at = (at + 1) & mask;
    return slots[at];
  }
};

constexpr auto kLexTables = compile_tables<words_in_all(lexicon_data::kLexicon)>(lexicon_data::kLexicon, true);
constexpr auto kTriggerTables = compile_tables<words_in_all(lexicon_data::kTriggers)>(lexicon_data::kTriggers, false);

// Every phrase of `c` found in the tokens, longest first. Only the (phrase, token) pairs
// whose first word matches are tried, in the order trying them all would take.
std::vector<Match> find_all(const std::vector<Token>& t, std::vector<bool>& used, const Compiled& c) {
  std::vector<std::pair<std::size_t, std::size_t>> tries;  // position in `order`, token
  for (std::size_t i = 0; i < t.size(); ++i) {
    const std::string_view w = t[i].word;
    const Slot& at = c.first_at(w);
    for (std::size_t k = at.begin; k < at.end; ++k) tries.emplace_back(c.first[k], i);
    if (w.size() < 6) continue;
    const auto shorter = [&](std::uint16_t k, std::size_t n) { return c.first_word(k).size() < n; };
    auto it = std::lower_bound(c.long_first.begin(), c.long_first.end(), w.size() - 1, shorter);
    for (; it != c.long_first.end() && c.first_word(*it).size() <= w.size() + 1; ++it)
      if (const auto fw = c.first_word(*it); fw != w && within_one_edit(w, fw)) tries.emplace_back(*it, i);
  }
  std::sort(tries.begin(), tries.end());
  std::vector<Match> out;
  for (const auto& [k, i] : tries) {
    const auto& phrase = c.order[k];
    const auto words = c.words_of(phrase);
    const auto span = match_at(t, used, i, words);
    if (!span) continue;
    // Only the phrase's own words are taken; the fillers between stay free.
    for (std::size_t n = span->first; n <= span->last; ++n)
      if (!is_filler(t[n].word) || std::find(words.begin(), words.end(), t[n].word) != words.end()) used[n] = true;
    out.push_back({*span, phrase.entry});
  }
  return out;
}

std::string quote_of(std::string_view text, const std::vector<Token>& t, int sentence) {
  std::size_t b = text.size(), e = 0;
  for (const auto& tok : t)
    if (tok.sentence == sentence) {
      b = std::min(b, tok.begin);
      e = std::max(e, tok.end);
    }
  if (b >= e) return {};
  std::string q(text.substr(b, e - b));
  for (auto& c : q)
    if (c == '\n' || c == '\r' || c == '\t') c = ' ';
  if (q.size() > 100) {
    std::size_t cut = q.rfind(' ', 97);
    q = q.substr(0, cut == std::string::npos || cut < 40 ? 97 : cut) + "...";
  }
  return q;
}

// Whether the tokens strictly between `a` and `b` (a < b) keep a trigger's scope open:
// no termination, and a comma only inside a list of lexicon phrases ("no swelling,
// redness or warmth"), never after other words ("not sleeping, left calf swollen").
bool scope_open(const std::vector<Token>& t, const std::vector<int>& role, std::size_t a, std::size_t b) {
  for (std::size_t k = a; k < b; ++k) {
    if (k > a && role[k] == 2) return false;  // termination
    if (t[k].comma_after && k + 1 <= b) {
      const bool list = role[k] == 1 && k + 1 < t.size() && role[k + 1] == 1;
      if (!list) return false;
    }
  }
  return true;
}

// The lexicon's first location whose phrase is `word` (null if none): looked up for every
// token of every note, so by word rather than by a walk through the whole lexicon.
const LexEntry* location_named(std::string_view word) {
  static const auto by_word = [] {
    std::unordered_map<std::string_view, const LexEntry*> m;
    for (const auto& e : lexicon())
      if (e.field == Field::locations) m.try_emplace(e.phrase, &e);  // the first entry wins
    return m;
  }();
  const auto it = by_word.find(word);
  return it == by_word.end() ? nullptr : it->second;
}

}  // namespace

bool within_one_edit(std::string_view a, std::string_view b) {
  if (a == b) return true;
  const std::size_t n = a.size(), m = b.size();
  if (n > m + 1 || m > n + 1) return false;
  std::size_t i = 0;
  while (i < n && i < m && a[i] == b[i]) ++i;
  if (n == m) {
    // One substitution, or one swap of neighbours.
    if (a.substr(i + 1) == b.substr(i + 1)) return true;
    return i + 1 < n && a[i] == b[i + 1] && a[i + 1] == b[i] && a.substr(i + 2) == b.substr(i + 2);
  }
  // One insertion or deletion.
  return n > m ? a.substr(i + 1) == b.substr(i) : a.substr(i) == b.substr(i + 1);
}

std::vector<NoteFact> read_note(std::string_view text) {
  const auto t = tokenize(text);
  std::vector<bool> used(t.size(), false);
  const auto lex = lexicon();
  const auto trig = triggers();
  const Compiled lex_order(kLexTables), trig_order(kTriggerTables);
  const auto facts = find_all(t, used, lex_order);
  const auto trigs = find_all(t, used, trig_order);

  // role per token: 1 inside a lexicon phrase, 2 a termination word, 0 otherwise.
  std::vector<int> role(t.size(), 0);
  for (const auto& m : facts)
    for (std::size_t k = m.span.first; k <= m.span.last; ++k) role[k] = 1;
  for (const auto& m : trigs)
    if (trig[m.entry].kind == Trigger::termination)
      for (std::size_t k = m.span.first; k <= m.span.last; ++k) role[k] = 2;

  auto status_of = [&](const Span& s, Field field) {
    std::optional<std::pair<std::size_t, Status>> nearest;  // distance, status
    for (const auto& m : trigs) {
      const auto kind = trig[m.entry].kind;
      if (t[m.span.first].sentence != t[s.first].sentence) continue;
      if ((kind == Trigger::pre_negation || kind == Trigger::hypothetical) && m.span.last < s.first) {
        const std::size_t d = s.first - m.span.last - 1;
        if (d <= static_cast<std::size_t>(kScopeWords) && scope_open(t, role, m.span.last, s.first) &&
            (!nearest || d < nearest->first))
          nearest = {d, kind == Trigger::pre_negation ? Status::negated : Status::hypothetical};
      }
      // A post-trigger ("swelling gone") speaks of a symptom, not of what was done.
      if (kind == Trigger::post_negation && m.span.first > s.last &&
          (field == Field::signs || field == Field::sensations)) {
        const std::size_t d = m.span.first - s.last - 1;
        if (d <= static_cast<std::size_t>(kScopeWords) && scope_open(t, role, s.last, m.span.first) &&
            (!nearest || d < nearest->first))
          nearest = {d, Status::negated};
      }
    }
    return nearest ? nearest->second : Status::affirmed;
  };

  std::vector<std::pair<std::size_t, NoteFact>> out;  // by token position
  for (const auto& m : facts) {
    const auto& e = lex[m.entry];
    if (e.field == Field::ignored) continue;  // read only to keep its words from other phrases
    NoteFact f{e.field, e.term, status_of(m.span, e.field), quote_of(text, t, t[m.span.first].sentence)};
    out.emplace_back(m.span.first, f);
    // "stretching didn't help": tried, and it did not help.
    if (e.field == Field::relief && f.status == Status::affirmed)
      for (const auto& r : trigs)
        if (trig[r.entry].kind == Trigger::relief_failed && r.span.first > m.span.last &&
            r.span.first - m.span.last <= 4 && t[r.span.first].sentence == t[m.span.first].sentence)
          out.emplace_back(r.span.first, NoteFact{Field::effect, "none", Status::affirmed, f.quote});
  }
  // A place named inside another phrase ("toes cold", "hung foot off bed") is read too.
  std::vector<bool> placed(t.size(), false);
  for (const auto& m : facts)
    if (lex[m.entry].field == Field::locations)
      for (std::size_t k = m.span.first; k <= m.span.last; ++k) placed[k] = true;
  for (std::size_t i = 0; i < t.size(); ++i)
    if (const LexEntry* e = placed[i] ? nullptr : location_named(t[i].word)) {
      placed[i] = true;
      out.emplace_back(i, NoteFact{e->field, e->term, status_of({i, i}, e->field), quote_of(text, t, t[i].sentence)});
    }
  // Side words before a body word: "left calf", "both feet".
  for (std::size_t i = 0; i < t.size(); ++i)
    for (const auto& s : side_words()) {
      if (t[i].word != s.word) continue;
      bool body = false;
      for (std::size_t k = i + 1; k < t.size() && k <= i + 2 && t[k].sentence == t[i].sentence; ++k)
        for (auto b : body_words()) body = body || t[k].word == b;
      if (body)
        out.emplace_back(
            i, NoteFact{Field::side, s.side, status_of({i, i}, Field::side), quote_of(text, t, t[i].sentence)});
    }
  std::stable_sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<NoteFact> result;
  for (auto& [pos, f] : out) result.push_back(std::move(f));
  return result;
}

}  // namespace diary::analysis::detail
