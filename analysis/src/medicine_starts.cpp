// Medicines by name (medicine_starts.hpp).
#include "medicine_starts.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "ascii.hpp"
#include "diary/medicines.hpp"

namespace diary::analysis::detail {

namespace {

// Calls `f` with each word of `text` in lower case (letters, digits, '-' and any non-ASCII
// byte), built in one reused buffer, until `f` returns true; returns whether it did.
template <class F>
bool any_word(std::string_view text, F f) {
  std::string cur;
  for (std::size_t i = 0; i <= text.size(); ++i) {
    const auto c = static_cast<unsigned char>(i < text.size() ? text[i] : ' ');
    if (is_word_byte(c) || c == '-') {
      cur += ascii_lower(c);
    } else if (!cur.empty()) {
      if (f(std::string_view(cur))) return true;
      cur.clear();
    }
  }
  return false;
}

std::vector<std::string> words_of(std::string_view text) {
  std::vector<std::string> out;
  any_word(text, [&](std::string_view w) {
    out.emplace_back(w);
    return false;
  });
  return out;
}

// A word that says a medicine began ("started pramipexole", "new: Lasix").
bool is_start_word(std::string_view x) {
  return x == "started" || x == "start" || x == "starting" || x == "began" || x == "begun" || x == "new" ||
         x == "prescribed" || x == "first";
}

std::string day_words(date::sys_days d) {
  const date::year_month_day ymd{d};
  return fmt::format("{} {} {}", date::format("%a", date::weekday{d}), static_cast<unsigned>(ymd.day()),
                     date::format("%b", ymd.month()));
}

}  // namespace

// Every episode's note is asked this: word by word, without a list of its words.
bool note_says_start(std::string_view text) { return any_word(text, is_start_word); }

std::vector<MedicineStart> medicines_named(std::string_view text) {
  std::vector<MedicineStart> out;
  const auto w = words_of(text);
  auto add = [&](std::string name, std::vector<std::string_view> classes) {
    for (const auto& m : out)
      if (m.name == name) return;
    out.push_back({std::move(name), std::move(classes), {}, {}});
  };
  for (std::size_t i = 0; i < w.size(); ++i) {
    if (i + 1 < w.size())
      if (auto k = classify(w[i] + " " + w[i + 1])) {
        add(std::string(k->name), {k->classes.begin(), k->classes.end()});
        ++i;
        continue;
      }
    if (w[i].size() < 3) continue;
    if (auto k = classify(w[i])) {
      add(std::string(k->name), {k->classes.begin(), k->classes.end()});
    } else if (w[i] == "statin" || w[i] == "statins") {
      add(w[i], {"statin"});
    } else if (w[i] == "diuretic" || w[i] == "diuretics" ||
               ((w[i] == "water") && i + 1 < w.size() && (w[i + 1] == "tablet" || w[i + 1] == "pill"))) {
      add(w[i] == "water" ? "water tablet" : w[i], {"diuretic"});
    }
  }
  return out;
}

bool has_class(const MedicineStart& m, std::string_view cls) {
  return std::find(m.classes.begin(), m.classes.end(), cls) != m.classes.end();
}

bool may_cause_cramps(const Night& night) {
  if (!names_new_medication(night)) return false;
  const auto named = medicines_named(*night.new_medication);
  if (named.empty()) return true;
  return std::any_of(named.begin(), named.end(), [](const MedicineStart& m) {
    return m.classes.empty() || has_class(m, "diuretic") || has_class(m, "statin");
  });
}

std::vector<MedicineStart> medicine_starts(const Profile& profile, std::span<const Night> nights,
                                           std::span<const Ep> episodes) {
  std::vector<MedicineStart> out;
  for (const auto& m : profile.medicines) {
    if (!m.since) continue;
    MedicineStart s{m.name, {}, date::sys_days{*m.since}, "your medicine list"};
    if (auto k = classify(m.name)) s.classes.assign(k->classes.begin(), k->classes.end());
    out.push_back(std::move(s));
  }
  for (const auto& n : nights) {
    if (!names_new_medication(n)) continue;
    auto named = medicines_named(*n.new_medication);
    // A text naming no known medicine ("new tablet") is a start all the same.
    if (named.empty()) named.push_back({*n.new_medication, {}, {}, {}});
    for (auto& m : named) {
      m.day = date::sys_days{n.night};
      m.source = "the night's new medicine";
      out.push_back(std::move(m));
    }
    if (n.note && note_says_start(*n.note))
      for (auto& m : medicines_named(*n.note)) {
        m.day = date::sys_days{n.night};
        m.source = "your night's note";
        out.push_back(std::move(m));
      }
  }
  for (const auto& n : nights)
    if (!names_new_medication(n) && n.note && note_says_start(*n.note))
      for (auto& m : medicines_named(*n.note)) {
        m.day = date::sys_days{n.night};
        m.source = "your night's note";
        out.push_back(std::move(m));
      }
  for (const auto& e : episodes)
    if (e.note && note_says_start(*e.note))
      for (auto& m : medicines_named(*e.note)) {
        m.day = e.night;
        m.source = "your note";
        out.push_back(std::move(m));
      }
  std::stable_sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.day < b.day; });
  return out;
}

std::string start_words(const MedicineStart& m) {
  return fmt::format("{} (started {}, from {})", m.name, day_words(m.day), m.source);
}

bool restless_like(const Ep& e) {
  constexpr Mask kUrge = S("urge_to_move") | S("crawling") | S("creeping") | S("fizzing");
  return e.has_sens(kUrge) == Tri::yes;
}

}  // namespace diary::analysis::detail
