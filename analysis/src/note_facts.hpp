#pragma once
// Internal: what an episode's notes add to its facts. A note fills only what the person
// left unknown; a ticked field always wins. Warning signs named in a note are kept apart
// (Ep::note_signs, Ep::note_relief) so that they are raised whatever was ticked.
#include <span>
#include <string>
#include <vector>

#include "diary/analysis/report.hpp"
#include "diary/night.hpp"
#include "features.hpp"
#include "note_reader.hpp"

namespace diary::analysis::detail {

// Reads the episode's note (`note`, written on `day`), then the facts of its night's note and
// new-medicine text (`night_noted`, null without a night entry), into `v`; the facts read are
// kept in `store`.
void fill_from_notes(Ep& v, std::string_view note, date::year_month_day day, const std::vector<Noted>* night_noted,
                     NotedStore& store);

// The episode as ticked, without anything read from notes.
Ep ticked_only(const Ep& v);

// The episode with the signs and reliefs its notes name added to what was ticked: what the
// warning signs look at.
Ep with_note_signs(const Ep& v);

// Adds to each category a line saying how many of its episodes were read partly from notes,
// quoting one. `best[i]`: the category index episode i fits best, or -1.
void add_note_evidence(std::vector<CategoryFinding>& findings, std::span<const Ep> eps, std::span<const int> best);

// "from your note on Tue 3 Nov: 'hung foot off bed helped'"
std::string note_words(const Noted& n);

// The facts a night's own note and new-medicine text affirm (for warning signs carried by
// a night without an episode).
std::vector<Noted> night_facts(const Night& n);

}  // namespace diary::analysis::detail
