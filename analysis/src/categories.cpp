// The nine categories, scored from explicit evidence rules.
//
// How a diary is scored
// ---------------------
// 1. Every episode earns points towards every category from the rules below (a rule
//    counts only when the facts it needs were recorded: absent is unknown, never "no"),
//    plus a small prior from the profile (risk factors docs/CLINICAL.md and the criteria name).
// 2. The points become a share of membership per episode (a softmax that includes a
//    "fits nothing" option, so an episode with almost every field missing belongs to no
//    category rather than to the one with the fewest rules).
// 3. A category is scored on the episodes that fit it: score = typicality x coverage,
//      typicality = how well its episodes meet its rules (mean of a logistic of points),
//      coverage   = min(1, share / 0.6) ^ 0.7, share = its soft count / informative episodes.
//    Scores are not normalised: two conditions in one diary both score well, and a few
//    odd episodes earn their own category only a small coverage.
//    A category is listed only when an episode that fits it shows one of its hallmarks
//    (key_feature); if none is, the best benign fit is offered as a weak first guess, said
//    to be one. PAD and DVT are never listed on a guess.
// 4. The level follows the amount of data (see level_of): strong needs >= 5 episodes over
//    >= 3 nights and a score >= 0.65; one or two episodes are never strong.
// 5. Each category's action tier follows the brief (cramps self-care unless frequent or
//    severe; PAD and DVT urgent; the others discuss with a doctor, see soon when a
//    warning detail recurs); red flags carry their own.
// The point values are log-odds-like weights set from docs/CLINICAL.md and the criteria cited
// per category, checked against the generated diaries of tests/unit.
#include "categories.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <map>
#include <set>
#include <string>
#include <utility>

#include <fmt/format.h>

#include "diary/medicines.hpp"

namespace diary::analysis::detail {

namespace {

// ---- Tri-state helpers ---------------------------------------------------------------

int count(Mask m) { return std::popcount(m); }

// ---- Term groups -------------------------------------------------------------------------

constexpr Mask kFoot = L("foot") | L("toes") | L("arch");
constexpr Mask kCalfFoot = L("calf") | kFoot;
constexpr Mask kProximal = L("thigh") | L("hip") | L("buttock") | L("back_of_leg") | L("knee");
constexpr Mask kLowerLeg = L("calf") | L("shin") | L("ankle") | L("whole_leg") | kFoot;
constexpr Mask kRadicular = L("back_of_leg") | L("buttock") | L("thigh");
constexpr Mask kVenous = L("calf") | L("whole_leg") | L("ankle") | L("shin");
constexpr Mask kJoint = L("knee") | L("hip") | L("ankle");

constexpr Mask kRlsWords = S("crawling") | S("creeping") | S("pulling") | S("fizzing") | S("itching");
constexpr Mask kUrgeWords = S("urge_to_move") | S("crawling") | S("creeping") | S("fizzing");
constexpr Mask kDn4 =
    S("burning") | S("coldness") | S("electric") | S("tingling") | S("pins_and_needles") | S("numbness") | S("itching");
constexpr Mask kParaesthesia = S("numbness") | S("pins_and_needles") | S("tingling");
constexpr Mask kNerveWords =
    S("burning") | S("tingling") | S("pins_and_needles") | S("numbness") | S("shooting") | S("electric");
constexpr Mask kVenousWords = S("aching") | S("deep_ache") | S("heaviness") | S("throbbing") | S("itching");
constexpr Mask kRadicularWords = S("shooting") | S("electric") | S("sharp");

constexpr Mask kIschaemicSigns = G("cold_foot") | G("pale_skin") | G("bluish_skin") | G("dark_skin") |
                                 G("sore_or_ulcer") | G("shiny_skin") | G("hair_loss");
constexpr Mask kMoving = R("walk") | R("move");

Tri evening(const Ep& e) { return tri(e.hour_from_noon() >= 6 && e.hour_from_noon() < 12); }
Tri early_morning(const Ep& e) { return tri(e.hour_from_noon() >= 15 && e.hour_from_noon() < 20); }

Tri night_flag(const Ep& e, std::optional<bool> Night::*f) {
  if (!e.night_entry || !(e.night_entry->*f)) return Tri::unknown;
  return tri(*(e.night_entry->*f));
}
Tri night_term(const Ep& e, std::optional<std::string> Night::*f, std::string_view v) {
  if (!e.night_entry || !(e.night_entry->*f)) return Tri::unknown;
  return tri(*(e.night_entry->*f) == v);
}

Tri dn4_at_least(const Ep& e, int k) { return e.sens_known ? tri(count(e.sens & kDn4) >= k) : Tri::unknown; }

Tri note_mentions_back(const Ep& e) { return e.note_back; }

// ---- The rules ---------------------------------------------------------------------------
//
// Each block names the criterion it follows. `yes` points when the fact holds, `no` when it
// is known not to hold. Negative `yes` marks a mimic's feature: it speaks against.

constexpr auto kRules = std::to_array<Rule>({
    // ==== nocturnal_leg_cramps ============================================================
    // Delphi consensus criteria for nocturnal leg cramps (Hallegraeff et al., Br J Sports
    // Med 2017): intense pain; sudden involuntary contraction; seconds up to 10 minutes;
    // calf or foot, seldom thigh; a hard, knotted muscle; soreness afterwards; waking from
    // sleep; eased by forceful stretching. docs/CLINICAL.md#nocturnal-leg-cramps: a hard
    // calf that seizes, eased by a strong stretch, standing up or massage; hard exercise
    // and dehydration the day before make cramps likelier.
    {Cat::cramps, 3.0, -1.0, "felt as a cramp or a knot", "sensations",
     [](const Ep& e) { return e.has_sens(kCrampWords); }},
    {Cat::cramps, 0.7, 0, "felt tight", "sensations",
     [](const Ep& e) { return e.has_sens(S("tightness")); }},
    {Cat::cramps, 0.8, 0, "left soreness afterwards", "sensations",
     [](const Ep& e) { return e.has_sens(S("soreness")); }},
    {Cat::cramps, 2.5, -0.5, "had a hard, knotted muscle", "muscle hardness",
     [](const Ep& e) { return e.hard; }},
    {Cat::cramps, 1.5, 0, "lasted 10 minutes or less", "duration",
     [](const Ep& e) { return e.duration_le(10); }},
    {Cat::cramps, -2.0, 0, "lasted over 30 minutes (longer than a cramp)", "duration",
     [](const Ep& e) { return e.duration ? tri(*e.duration > 30) : Tri::unknown; }},
    {Cat::cramps, 1.0, -1.0, "came on suddenly", "onset speed",
     [](const Ep& e) { return e.sudden; }},
    {Cat::cramps, 1.0, -0.5, "in the calf or foot", "locations",
     [](const Ep& e) { return e.has_loc(kCalfFoot); }},
    {Cat::cramps, -0.7, 0, "in the back of the leg, buttock, hip or knee", "locations",
     [](const Ep& e) { return e.has_loc(L("back_of_leg") | L("buttock") | L("hip") | L("knee")); }},
    {Cat::cramps, 1.5, 0, "eased by stretching or standing", "relief",
     [](const Ep& e) { return e.eased_by(R("stretch") | R("stand")); }},
    {Cat::cramps, 0.3, 0, "eased by massage or walking", "relief",
     [](const Ep& e) { return e.eased_by(R("massage") | R("walk")); }},
    {Cat::cramps, 0.5, 0, "intense (7 or more out of 10)", "intensity",
     [](const Ep& e) { return e.intensity ? tri(*e.intensity >= 7) : Tri::unknown; }},
    {Cat::cramps, -0.7, 0, "mild (3 or less out of 10)", "intensity",
     [](const Ep& e) { return e.intensity ? tri(*e.intensity <= 3) : Tri::unknown; }},
    {Cat::cramps, -0.8, 0, "in both legs at once", "side",
     [](const Ep& e) { return e.both_sides(); }},
    {Cat::cramps, -1.5, 0, "with an urge to move or crawling feelings (restless-legs words)", "sensations",
     [](const Ep& e) { return e.has_sens(kUrgeWords); }},
    {Cat::cramps, -0.8, 0, "with burning, tingling, numbness or shooting (nerve words)", "sensations",
     [](const Ep& e) { return e.has_sens(kNerveWords); }},
    {Cat::cramps, -0.8, 0, "eased by a change of position or raising/lowering the leg, not a stretch", "relief",
     [](const Ep& e) {
       return both(e.eased_by(R("dangle") | R("elevate_legs") | R("reposition") | kPositional),
                   negate(e.eased_by(R("stretch") | R("stand"))));
     }},
    {Cat::cramps, -0.5, 0, "came back whenever the legs were still", "returned when still",
     [](const Ep& e) { return e.returned; }},
    {Cat::cramps, 0.3, 0, "followed a day of hard exercise", "night's exercise",
     [](const Ep& e) { return night_term(e, &Night::exercise, "hard"); }},
    {Cat::cramps, 0.3, 0, "followed a day of low fluid intake", "night's hydration",
     [](const Ep& e) { return night_term(e, &Night::hydration, "low"); }},

    // ==== restless_legs ===================================================================
    // IRLSSG 2012 diagnostic criteria (Allen et al., Sleep Med 2014): (1) an urge to move
    // the legs, usually with unpleasant sensations; (2) beginning or worsening at rest,
    // sitting or lying; (3) relieved by movement such as walking or stretching, at least
    // while it lasts; (4) worse in the evening or at night; (5) not solely accounted for by
    // a mimic (cramps, positional discomfort, myalgia, venous stasis, arthritis, habitual
    // foot tapping). docs/CLINICAL.md#restless-legs: creeping, crawling, pulling, "soda
    // fizzing", usually both legs, back whenever the legs are still again; leg jerks in
    // sleep (PLMD) often occur alongside.
    {Cat::rls, 3.5, -0.8, "with an urge to move the legs", "sensations",
     [](const Ep& e) { return e.has_sens(S("urge_to_move")); }},
    {Cat::rls, 1.5, 0, "felt crawling, creeping, pulling, fizzing or itching", "sensations",
     [](const Ep& e) { return e.has_sens(kRlsWords); }},
    {Cat::rls, 1.0, 0, "began while sitting at rest", "posture",
     [](const Ep& e) { return e.posture_is("sitting"); }},
    {Cat::rls, 0.2, 0, "began while lying down", "posture",
     [](const Ep& e) {
       return e.posture ? tri(*e.posture == "flat_on_back" || *e.posture == "side") : Tri::unknown;
     }},
    {Cat::rls, -1.5, 0, "began while standing (not at rest)", "posture",
     [](const Ep& e) { return e.posture_is("standing"); }},
    {Cat::rls, 1.8, -0.3, "eased by walking or moving", "relief",
     [](const Ep& e) { return e.eased_by(kMoving); }},
    {Cat::rls, 0.6, 0, "eased by stretching or rubbing", "relief",
     [](const Ep& e) {
       return both(e.eased_by(R("stretch") | R("massage")), negate(e.eased_by(kMoving)));
     }},
    {Cat::rls, 1.5, -0.3, "came back when still again", "returned when still",
     [](const Ep& e) { return e.returned; }},
    {Cat::rls, 0.8, 0, "began in the evening (18:00 to midnight)", "onset",
     [](const Ep& e) { return evening(e); }},
    {Cat::rls, -0.5, 0, "began in the early morning (after 03:00)", "onset",
     [](const Ep& e) { return tri(e.hour_from_noon() >= 15); }},
    {Cat::rls, 0.6, 0, "in both legs", "side", [](const Ep& e) { return e.both_sides(); }},
    {Cat::rls, 0.4, 0, "lasted 15 minutes or more", "duration",
     [](const Ep& e) { return e.duration_ge(15); }},
    {Cat::rls, -1.5, 0, "lasted under 5 minutes", "duration",
     [](const Ep& e) { return e.duration ? tri(*e.duration < 5) : Tri::unknown; }},
    {Cat::rls, -1.0, 0, "eased by nothing", "relief", [](const Ep& e) { return e.unrelieved(); }},
    {Cat::rls, -2.0, 0, "felt as a cramp or knot (cramp-like)", "sensations",
     [](const Ep& e) { return e.has_sens(kCrampWords); }},
    {Cat::rls, -2.0, 0, "had a hard muscle (cramp-like)", "muscle hardness",
     [](const Ep& e) { return e.hard == Tri::yes ? Tri::yes : Tri::unknown; }},
    {Cat::rls, -1.5, 0, "eased by dangling the leg (circulation-like)", "relief",
     [](const Ep& e) { return e.eased_by(R("dangle")); }},
    {Cat::rls, -1.0, 0, "eased by raising the legs (vein-like)", "relief",
     [](const Ep& e) { return e.eased_by(R("elevate_legs")); }},
    {Cat::rls, -0.8, 0, "eased by a change of position alone (nerve-pressure-like)", "relief",
     [](const Ep& e) {
       return both(e.eased_by(R("reposition") | kPositional), negate(e.eased_by(kMoving)));
     }},
    {Cat::rls, -0.5, 0, "with numbness or pins and needles", "sensations",
     [](const Ep& e) { return e.has_sens(S("numbness") | S("pins_and_needles")); }},
    {Cat::rls, -0.8, 0, "with shooting pain", "sensations",
     [](const Ep& e) { return e.has_sens(S("shooting")); }},
    {Cat::rls, -0.8, 0, "with joint stiffness", "sensations",
     [](const Ep& e) { return e.has_sens(S("stiffness")); }},
    {Cat::rls, -0.3, 0, "came on suddenly", "onset speed", [](const Ep& e) { return e.sudden; }},
    {Cat::rls, 0.5, 0, "on nights when leg jerks were seen in sleep", "night's leg jerks",
     [](const Ep& e) { return night_flag(e, &Night::leg_jerks_reported); }},

    // ==== pad_rest_pain ====================================================================
    // Ischaemic rest pain, Fontaine stage III / Rutherford category 4 (TASC II 2007; ESC
    // 2017 PAD guideline): deep aching or burning in the forefoot or toes at night, often
    // one to two hours after lying down, eased by hanging the leg down or standing (gravity
    // helps the blood), worse lying flat or with the legs raised; a cold, pale, bluish or
    // shiny foot with hair loss; daytime claudication (walking pain that eases within
    // minutes of standing still); risk factors: over 50, smoking, diabetes, high blood
    // pressure or cholesterol, kidney or heart disease. "A calf cramp is not rest pain."
    {Cat::pad, 1.5, -1.0, "in the foot or toes", "locations",
     [](const Ep& e) { return e.has_loc(kFoot); }},
    {Cat::pad, -1.0, 0, "only above the calf (thigh, hip, buttock, knee)", "locations",
     [](const Ep& e) { return e.loc_known ? tri(!e.any_loc(kLowerLeg)) : Tri::unknown; }},
    {Cat::pad, 1.2, 0, "felt as a deep ache", "sensations",
     [](const Ep& e) { return e.has_sens(S("deep_ache")); }},
    {Cat::pad, 0.6, 0, "felt burning", "sensations",
     [](const Ep& e) { return e.has_sens(S("burning")); }},
    {Cat::pad, 0.8, 0, "felt cold", "sensations",
     [](const Ep& e) { return e.has_sens(S("coldness")); }},
    {Cat::pad, 0.3, 0, "felt aching", "sensations",
     [](const Ep& e) { return e.has_sens(S("aching")); }},
    {Cat::pad, 4.0, 0, "eased by dangling the leg", "relief",
     [](const Ep& e) { return e.eased_by(R("dangle")); }},
    {Cat::pad, 1.5, 0, "eased by sitting up or standing", "relief",
     [](const Ep& e) {
       return both(both(e.eased_by(R("sit_up") | R("stand")), negate(e.eased_by(R("dangle")))),
                   negate(e.eased_by(kPositional)));
     }},
    {Cat::pad, -1.5, 0, "eased by bending forward, curling up or raising the head (nerve-like)", "relief",
     [](const Ep& e) { return both(e.eased_by(kPositional), negate(e.eased_by(R("dangle")))); }},
    {Cat::pad, -2.5, 0, "eased by raising the legs (the opposite of artery pain)", "relief",
     [](const Ep& e) { return e.eased_by(R("elevate_legs")); }},
    {Cat::pad, -0.8, 0, "eased by nothing", "relief", [](const Ep& e) { return e.unrelieved(); }},
    {Cat::pad, 1.0, 0, "began with the legs raised", "posture",
     [](const Ep& e) { return e.posture_is("legs_elevated"); }},
    {Cat::pad, 0.4, 0, "began lying flat", "posture",
     [](const Ep& e) { return e.posture_is("flat_on_back"); }},
    {Cat::pad, -1.0, 0, "began sitting or standing", "posture",
     [](const Ep& e) {
       return e.posture ? tri(*e.posture == "sitting" || *e.posture == "standing") : Tri::unknown;
     }},
    {Cat::pad, 2.0, 0, "showed a cold foot, pale, bluish or dark skin, shiny skin, hair loss or a sore", "signs",
     [](const Ep& e) { return e.has_sign(kIschaemicSigns); }},
    {Cat::pad, 0.5, 0, "in one leg", "side", [](const Ep& e) { return e.one_side(); }},
    {Cat::pad, 0.4, 0, "lasted 15 minutes to 3 hours", "duration",
     [](const Ep& e) { return e.duration ? tri(*e.duration >= 15 && *e.duration <= 180) : Tri::unknown; }},
    {Cat::pad, -1.5, 0, "lasted under 10 minutes (rest pain persists)", "duration",
     [](const Ep& e) { return e.duration ? tri(*e.duration < 10) : Tri::unknown; }},
    {Cat::pad, 0.7, 0, "began 40 minutes to 3 hours after going to bed", "bedtime",
     [](const Ep& e) {
       return e.minutes_after_bed ? tri(*e.minutes_after_bed >= 40 && *e.minutes_after_bed <= 200)
                                  : Tri::unknown;
     }},
    {Cat::pad, -0.5, 0, "came on suddenly", "onset speed", [](const Ep& e) { return e.sudden; }},
    {Cat::pad, -1.5, 0, "were cramp-like (a calf cramp is not rest pain)", "sensations",
     [](const Ep& e) { return cramp_like(e); }},
    {Cat::pad, -1.5, 0, "with an urge to move or crawling feelings", "sensations",
     [](const Ep& e) { return e.has_sens(kUrgeWords); }},
    {Cat::pad, -0.8, 0, "with shooting or electric pain", "sensations",
     [](const Ep& e) { return e.has_sens(S("shooting") | S("electric")); }},
    {Cat::pad, -0.4, 0, "with tingling or pins and needles", "sensations",
     [](const Ep& e) { return e.has_sens(S("tingling") | S("pins_and_needles")); }},
    {Cat::pad, 1.0, -0.2, "followed days with calf pain on walking", "night's walking pain",
     [](const Ep& e) { return night_flag(e, &Night::daytime_walking_pain); }},

    // ==== peripheral_neuropathy ============================================================
    // DN4 interview items (Bouhassira et al., Pain 2005): burning, painful cold, electric
    // shocks; tingling, pins and needles, numbness, itching. Length-dependent diabetic
    // polyneuropathy (Toronto consensus, Tesfaye et al., Diabetes Care 2010): both feet,
    // symmetric, worse at night, long-lasting, little eased by any single action.
    {Cat::neuropathy, 0.8, -1.5, "with a DN4 nerve-pain word (burning, painful cold, electric, tingling, pins and needles, numbness, itching)", "sensations",
     [](const Ep& e) { return dn4_at_least(e, 1); }},
    {Cat::neuropathy, 1.0, 0, "with two or more DN4 nerve-pain words", "sensations",
     [](const Ep& e) { return dn4_at_least(e, 2); }},
    {Cat::neuropathy, 0.8, 0, "with three or more DN4 nerve-pain words", "sensations",
     [](const Ep& e) { return dn4_at_least(e, 3); }},
    {Cat::neuropathy, 0.4, 0, "felt stabbing", "sensations",
     [](const Ep& e) { return e.has_sens(S("stabbing")); }},
    {Cat::neuropathy, 1.2, -0.4, "in both feet or legs", "side",
     [](const Ep& e) { return e.both_sides(); }},
    {Cat::neuropathy, 0.8, -1.0, "in the feet or toes", "locations",
     [](const Ep& e) { return e.has_loc(kFoot); }},
    {Cat::neuropathy, 1.0, 0, "lasted an hour or more", "duration",
     [](const Ep& e) { return e.duration_ge(60); }},
    {Cat::neuropathy, 0.7, 0, "lasted two hours or more", "duration",
     [](const Ep& e) { return e.duration_ge(120); }},
    {Cat::neuropathy, -1.5, 0, "lasted under 15 minutes", "duration",
     [](const Ep& e) { return e.duration ? tri(*e.duration < 15) : Tri::unknown; }},
    {Cat::neuropathy, 1.2, 0, "eased by nothing tried", "relief",
     [](const Ep& e) { return e.unrelieved(); }},
    {Cat::neuropathy, -0.7, 0, "fully eased by what was tried", "relief effect",
     [](const Ep& e) { return e.effect ? tri(*e.effect == "full") : Tri::unknown; }},
    {Cat::neuropathy, 0.3, 0, "eased a little by medication or a cold pack", "relief",
     [](const Ep& e) { return e.eased_by(R("medication") | R("cold_pack")); }},
    {Cat::neuropathy, -2.0, 0, "eased by dangling the leg (circulation-like)", "relief",
     [](const Ep& e) { return e.eased_by(R("dangle")); }},
    {Cat::neuropathy, -1.0, 0, "eased by a change of position (pressure-like)", "relief",
     [](const Ep& e) { return e.eased_by(R("reposition") | kPositional); }},
    {Cat::neuropathy, -0.8, 0, "eased by raising the legs (vein-like)", "relief",
     [](const Ep& e) { return e.eased_by(R("elevate_legs")); }},
    {Cat::neuropathy, 0.4, 0, "with numbness noticed as a sign", "signs",
     [](const Ep& e) { return e.has_sign(G("numbness")); }},
    {Cat::neuropathy, -1.5, 0, "with an urge to move (restless-legs word)", "sensations",
     [](const Ep& e) { return e.has_sens(S("urge_to_move")); }},
    {Cat::neuropathy, -1.5, 0, "were cramp-like", "sensations", [](const Ep& e) { return cramp_like(e); }},
    {Cat::neuropathy, -0.8, 0, "in the back of the leg or buttock (root-like)", "locations",
     [](const Ep& e) { return e.has_loc(L("back_of_leg") | L("buttock")); }},
    {Cat::neuropathy, -0.6, 0, "came on suddenly", "onset speed", [](const Ep& e) { return e.sudden; }},

    // ==== nerve_root_compression ==========================================================
    // Lumbar radicular pain / sciatica (NICE NG59; Stynes et al. 2016 clinical criteria):
    // sharp, shooting or electric pain radiating down the back of one leg, often with
    // numbness; spinal stenosis is worse lying flat (extension) and eased by flexion:
    // curling up, raising the head of the bed, bending forward. Back problems support it.
    {Cat::root, 2.0, 0, "felt shooting", "sensations",
     [](const Ep& e) { return e.has_sens(S("shooting")); }},
    {Cat::root, 0.8, 0, "felt electric", "sensations",
     [](const Ep& e) { return e.has_sens(S("electric")); }},
    {Cat::root, 0.4, -1.0, "felt sharp, shooting or electric", "sensations",
     [](const Ep& e) { return e.has_sens(kRadicularWords); }},
    {Cat::root, 1.8, 0, "ran down the back of the leg", "locations",
     [](const Ep& e) { return e.has_loc(L("back_of_leg")); }},
    {Cat::root, 1.2, 0, "involved the buttock", "locations",
     [](const Ep& e) { return e.has_loc(L("buttock")); }},
    {Cat::root, 0.4, -1.0, "involved the back of the leg, buttock or thigh", "locations",
     [](const Ep& e) { return e.has_loc(kRadicular); }},
    {Cat::root, 0.8, 0, "began lying flat on the back", "posture",
     [](const Ep& e) { return e.posture_is("flat_on_back"); }},
    {Cat::root, 2.5, 0, "eased by curling up, raising the head of the bed or bending forward", "relief",
     [](const Ep& e) { return e.eased_by(kPositional); }},
    {Cat::root, 0.3, 0, "eased by changing position", "relief",
     [](const Ep& e) { return e.eased_by(R("reposition")); }},
    {Cat::root, 0.5, 0, "in one leg", "side", [](const Ep& e) { return e.one_side(); }},
    {Cat::root, -0.5, 0, "in both legs", "side", [](const Ep& e) { return e.both_sides(); }},
    {Cat::root, 0.6, 0, "with weakness", "signs", [](const Ep& e) { return e.has_sign(G("weakness")); }},
    {Cat::root, 0.3, 0, "with numbness", "sensations",
     [](const Ep& e) { return either(e.has_sens(S("numbness")), e.has_sign(G("numbness"))); }},
    {Cat::root, 0.5, 0, "with notes mentioning the back", "note",
     [](const Ep& e) { return note_mentions_back(e); }},
    {Cat::root, -1.5, 0, "were cramp-like", "sensations", [](const Ep& e) { return cramp_like(e); }},
    {Cat::root, -1.5, 0, "with an urge to move or crawling feelings", "sensations",
     [](const Ep& e) { return e.has_sens(kUrgeWords); }},
    {Cat::root, -1.5, 0, "eased by dangling the leg (circulation-like)", "relief",
     [](const Ep& e) { return e.eased_by(R("dangle")); }},
    {Cat::root, -1.0, 0, "eased by raising the legs (vein-like)", "relief",
     [](const Ep& e) { return e.eased_by(R("elevate_legs")); }},
    {Cat::root, -0.4, 0, "with joint stiffness", "sensations",
     [](const Ep& e) { return e.has_sens(S("stiffness")); }},
    {Cat::root, -1.0, 0, "lasted under 3 minutes", "duration",
     [](const Ep& e) { return e.duration ? tri(*e.duration < 3) : Tri::unknown; }},

    // ==== nerve_entrapment =================================================================
    // Transient compression of a superficial nerve (e.g. the common peroneal nerve at the
    // fibular head) from lying on it: numbness, tingling, pins and needles that go within
    // minutes of changing position (docs/CLINICAL.md#positional-nerve-entrapment: a change
    // of sleeping position usually ends it within minutes). Mild, short, fully eased.
    {Cat::entrapment, 1.5, -2.0, "felt numb, tingling or pins and needles", "sensations",
     [](const Ep& e) { return e.has_sens(kParaesthesia); }},
    {Cat::entrapment, 0.5, 0, "with two or more of numbness, tingling, pins and needles", "sensations",
     [](const Ep& e) { return e.sens_known ? tri(count(e.sens & kParaesthesia) >= 2) : Tri::unknown; }},
    {Cat::entrapment, 2.0, 0, "eased by changing position", "relief",
     [](const Ep& e) { return e.eased_by(R("reposition")); }},
    {Cat::entrapment, 0.5, 0, "fully eased by changing position", "relief",
     [](const Ep& e) {
       return both(e.eased_by(R("reposition")), e.effect ? tri(*e.effect == "full") : Tri::unknown);
     }},
    {Cat::entrapment, 0.7, 0, "gone within 5 minutes of doing something", "relief time",
     [](const Ep& e) { return e.relief_min ? tri(*e.relief_min <= 5) : Tri::unknown; }},
    {Cat::entrapment, -1.5, 0, "eased by nothing", "relief", [](const Ep& e) { return e.unrelieved(); }},
    {Cat::entrapment, 1.5, 0, "lasted 15 minutes or less", "duration",
     [](const Ep& e) { return e.duration_le(15); }},
    {Cat::entrapment, -1.5, 0, "lasted over 30 minutes", "duration",
     [](const Ep& e) { return e.duration ? tri(*e.duration > 30) : Tri::unknown; }},
    {Cat::entrapment, -1.0, 0, "lasted over 90 minutes", "duration",
     [](const Ep& e) { return e.duration ? tri(*e.duration > 90) : Tri::unknown; }},
    {Cat::entrapment, 0.8, 0, "began lying on the side or front", "posture",
     [](const Ep& e) {
       return e.posture ? tri(*e.posture == "side" || *e.posture == "front") : Tri::unknown;
     }},
    {Cat::entrapment, 0.7, 0, "mild (4 or less out of 10)", "intensity",
     [](const Ep& e) { return e.intensity ? tri(*e.intensity <= 4) : Tri::unknown; }},
    {Cat::entrapment, -0.7, 0, "intense (7 or more out of 10)", "intensity",
     [](const Ep& e) { return e.intensity ? tri(*e.intensity >= 7) : Tri::unknown; }},
    {Cat::entrapment, -0.6, 0, "felt burning", "sensations",
     [](const Ep& e) { return e.has_sens(S("burning")); }},
    {Cat::entrapment, -0.7, 0, "with shooting or electric pain", "sensations",
     [](const Ep& e) { return e.has_sens(S("shooting") | S("electric")); }},
    {Cat::entrapment, -1.5, 0, "were cramp-like", "sensations", [](const Ep& e) { return cramp_like(e); }},
    {Cat::entrapment, -1.5, 0, "with an urge to move or crawling feelings", "sensations",
     [](const Ep& e) { return e.has_sens(kUrgeWords); }},
    {Cat::entrapment, -0.5, 0, "felt aching", "sensations",
     [](const Ep& e) { return e.has_sens(S("aching") | S("deep_ache")); }},
    {Cat::entrapment, -0.7, 0, "in the back of the leg or buttock", "locations",
     [](const Ep& e) { return e.has_loc(L("back_of_leg") | L("buttock")); }},
    {Cat::entrapment, -0.5, 0, "came back when still again", "returned when still",
     [](const Ep& e) { return e.returned; }},

    // ==== varicose_veins ====================================================================
    // Symptoms of chronic venous disease (CEAP C2-C3; Edinburgh Vein Study): aching,
    // heaviness, throbbing, itching, swelling of the legs, worse in the evening and after
    // long sitting or standing, eased by raising the legs (the opposite of arterial pain).
    {Cat::varicose, 1.5, 0, "felt heavy", "sensations",
     [](const Ep& e) { return e.has_sens(S("heaviness")); }},
    {Cat::varicose, 1.0, 0, "felt throbbing", "sensations",
     [](const Ep& e) { return e.has_sens(S("throbbing")); }},
    {Cat::varicose, 0.4, -1.0, "felt aching, heavy, throbbing or itching", "sensations",
     [](const Ep& e) { return e.has_sens(kVenousWords); }},
    {Cat::varicose, 3.5, 0, "eased by raising the legs", "relief",
     [](const Ep& e) { return e.eased_by(R("elevate_legs")); }},
    {Cat::varicose, 0.3, 0, "eased by walking or massage", "relief",
     [](const Ep& e) { return e.eased_by(R("walk") | R("massage")); }},
    {Cat::varicose, -2.5, 0, "eased by dangling the leg (artery-like)", "relief",
     [](const Ep& e) { return e.eased_by(R("dangle")); }},
    {Cat::varicose, 0.5, 0, "began sitting or standing", "posture",
     [](const Ep& e) {
       return e.posture ? tri(*e.posture == "sitting" || *e.posture == "standing") : Tri::unknown;
     }},
    {Cat::varicose, -1.5, 0, "began with the legs raised", "posture",
     [](const Ep& e) { return e.posture_is("legs_elevated"); }},
    {Cat::varicose, 0.7, -1.0, "in the calf, ankle, shin or whole leg", "locations",
     [](const Ep& e) { return e.has_loc(kVenous); }},
    {Cat::varicose, 0.7, 0, "in both legs", "side", [](const Ep& e) { return e.both_sides(); }},
    {Cat::varicose, 1.0, 0, "with swelling", "signs", [](const Ep& e) { return e.has_sign(G("swelling")); }},
    {Cat::varicose, 0.4, 0, "began in the evening", "onset",
     [](const Ep& e) { return tri(e.hour_from_noon() >= 6 && e.hour_from_noon() < 13); }},
    {Cat::varicose, 0.4, 0, "lasted 20 minutes or more", "duration",
     [](const Ep& e) { return e.duration_ge(20); }},
    {Cat::varicose, -1.5, 0, "lasted under 5 minutes", "duration",
     [](const Ep& e) { return e.duration ? tri(*e.duration < 5) : Tri::unknown; }},
    {Cat::varicose, -0.8, 0, "with burning, tingling, numbness or shooting (nerve words)", "sensations",
     [](const Ep& e) { return e.has_sens(kNerveWords); }},
    {Cat::varicose, -0.6, 0, "were cramp-like", "sensations", [](const Ep& e) { return cramp_like(e); }},
    {Cat::varicose, -1.0, 0, "with an urge to move", "sensations",
     [](const Ep& e) { return e.has_sens(S("urge_to_move")); }},
    {Cat::varicose, -0.5, 0, "with joint stiffness", "sensations",
     [](const Ep& e) { return e.has_sens(S("stiffness")); }},

    // ==== arthritis ===========================================================================
    // Osteoarthritis (NICE CG177/NG226; ACR clinical criteria): pain and stiffness of the
    // knee, hip or ankle, rest and night pain in advanced disease, morning stiffness; eased
    // by warmth, painkillers or gentle movement.
    {Cat::arthritis, 2.0, 0, "in the knee or hip", "locations",
     [](const Ep& e) { return e.has_loc(L("knee") | L("hip")); }},
    {Cat::arthritis, 1.0, 0, "in the ankle joint", "locations",
     [](const Ep& e) {
       return e.loc_known ? tri(e.any_loc(L("ankle")) && !e.any_loc(L("knee") | L("hip"))) : Tri::unknown;
     }},
    {Cat::arthritis, 0, -2.0, "in a joint (knee, hip, ankle)", "locations",
     [](const Ep& e) { return e.has_loc(kJoint); }},
    {Cat::arthritis, 2.0, 0, "felt stiff", "sensations",
     [](const Ep& e) { return e.has_sens(S("stiffness")); }},
    {Cat::arthritis, 0.5, 0, "felt aching", "sensations",
     [](const Ep& e) { return e.has_sens(S("aching") | S("deep_ache")); }},
    {Cat::arthritis, 1.5, 0, "eased by warmth", "relief", [](const Ep& e) { return e.eased_by(R("heat")); }},
    {Cat::arthritis, 0.7, 0, "eased by medication", "relief",
     [](const Ep& e) { return e.eased_by(R("medication")); }},
    {Cat::arthritis, 0.4, 0, "eased by gentle movement, rest or a change of position", "relief",
     [](const Ep& e) { return e.eased_by(R("move") | R("rest") | R("reposition")); }},
    {Cat::arthritis, -0.5, 0, "eased by raising the legs", "relief",
     [](const Ep& e) { return e.eased_by(R("elevate_legs")); }},
    {Cat::arthritis, -1.5, 0, "eased by dangling the leg", "relief",
     [](const Ep& e) { return e.eased_by(R("dangle")); }},
    {Cat::arthritis, 0.5, 0, "lasted 30 minutes or more", "duration",
     [](const Ep& e) { return e.duration_ge(30); }},
    {Cat::arthritis, -1.5, 0, "lasted under 5 minutes", "duration",
     [](const Ep& e) { return e.duration ? tri(*e.duration < 5) : Tri::unknown; }},
    {Cat::arthritis, 0.5, 0, "began in the early morning (03:00 to 08:00)", "onset",
     [](const Ep& e) { return early_morning(e); }},
    {Cat::arthritis, -0.8, 0, "with burning, tingling, numbness or shooting (nerve words)", "sensations",
     [](const Ep& e) { return e.has_sens(kNerveWords); }},
    {Cat::arthritis, -1.5, 0, "with an urge to move or crawling feelings", "sensations",
     [](const Ep& e) { return e.has_sens(kUrgeWords); }},
    {Cat::arthritis, -1.5, 0, "were cramp-like", "sensations", [](const Ep& e) { return cramp_like(e); }},
    {Cat::arthritis, -0.3, 0, "felt heavy", "sensations", [](const Ep& e) { return e.has_sens(S("heaviness")); }},

    // ==== dvt ==================================================================================
    // Deep vein thrombosis (Wells score items: swelling of the calf or whole leg on one
    // side, tenderness; recent immobilisation; previous DVT).
    // docs/CLINICAL.md#deep-vein-thrombosis: one leg swollen, warm and red is an emergency.
    // The sign cluster decides; the other rules only shade it.
    {Cat::dvt, 9.0, 0, "had one leg swollen and also warm or red", "signs",
     [](const Ep& e) { return e.signs_known ? tri(dvt_cluster(e)) : Tri::unknown; }},
    {Cat::dvt, 1.5, 0, "had swelling of one leg", "signs",
     [](const Ep& e) {
       return both(e.has_sign(G("swelling")), either(e.one_side(), e.side ? Tri::no : Tri::yes));
     }},
    {Cat::dvt, 1.0, 0, "had warmth or redness of one leg", "signs",
     [](const Ep& e) {
       return both(e.has_sign(G("warmth") | G("redness")), e.side ? e.one_side() : Tri::yes);
     }},
    {Cat::dvt, 0.4, 0, "in the calf, thigh or whole leg", "locations",
     [](const Ep& e) { return e.has_loc(L("calf") | L("thigh") | L("whole_leg")); }},
    {Cat::dvt, 0.5, 0, "lasted an hour or more", "duration", [](const Ep& e) { return e.duration_ge(60); }},
    {Cat::dvt, -1.0, 0, "lasted under 10 minutes", "duration",
     [](const Ep& e) { return e.duration ? tri(*e.duration < 10) : Tri::unknown; }},
    {Cat::dvt, -1.5, 0, "in both legs", "side", [](const Ep& e) { return e.both_sides(); }},
    {Cat::dvt, -1.0, 0, "were cramp-like", "sensations", [](const Ep& e) { return cramp_like(e); }},
    {Cat::dvt, -1.0, 0, "with an urge to move or nerve words", "sensations",
     [](const Ep& e) { return e.has_sens(kUrgeWords | kParaesthesia | S("shooting") | S("electric")); }},
});

// Starting points: DVT needs its signs, so an episode starts far from it; rest pain from
// PAD needs one of its specific features (relief by gravity, ischaemic skin, walking pain),
// not just a painful foot in a person at risk, so it starts a little behind.
constexpr std::array<double, kCats> kBase{0, 0, -1.0, 0, 0, 0, 0, 0, -3.5};

// The "fits nothing" option of the per-episode membership.
constexpr double kNull = 2.0;
// Below this many points an episode fits no category best.
constexpr double kMinBest = 1.0;

// ---- Profile priors -------------------------------------------------------------------------
// Risk factors from docs/CLINICAL.md, as small priors (each category's total is capped so that a
// profile never outweighs what the episodes say).
struct Prior {
  double points = 0;
  std::vector<std::string> reasons;
};

std::array<Prior, kCats> profile_priors(const Profile& p, int ref_year) {
  std::array<Prior, kCats> out;
  auto cond = [&](std::string_view t) { return has_term(p.conditions, t); };
  const auto classes = medication_classes(p);  // named medicines and the stored classes
  auto med = [&](std::string_view t) { return has_term(classes, t); };
  auto add = [&](Cat c, double pts, std::string why) {
    out[static_cast<int>(c)].points += pts;
    out[static_cast<int>(c)].reasons.push_back(std::move(why));
  };
  // Age in the diary's own last year (no clock: the analysis is a pure function).
  const int age = p.birth_year && ref_year > 0 ? ref_year - *p.birth_year : 0;

  // Cramps: older age, pregnancy, diuretics and statins (docs/CLINICAL.md#nocturnal-leg-cramps).
  if (med("diuretic")) add(Cat::cramps, 0.3, "takes a diuretic");
  if (med("statin")) add(Cat::cramps, 0.2, "takes a statin");
  if (cond("pregnancy")) add(Cat::cramps, 0.3, "pregnancy");
  if (age >= 60) add(Cat::cramps, 0.2, fmt::format("age about {}", age));

  // Restless legs: family history, low iron, pregnancy, kidney disease, medicines that
  // worsen it (antihistamines, antidepressants, antipsychotics); a dopamine agonist is
  // usually prescribed for it.
  if (cond("family_history_rls")) add(Cat::rls, 0.5, "family history of restless legs");
  if (cond("iron_deficiency")) add(Cat::rls, 0.5, "low iron");
  if (cond("pregnancy")) add(Cat::rls, 0.3, "pregnancy");
  if (cond("kidney_disease")) add(Cat::rls, 0.3, "kidney disease");
  if (med("antihistamine") || med("antidepressant") || med("antipsychotic"))
    add(Cat::rls, 0.3, "a medicine that can worsen restless legs");
  if (med("dopamine_agonist")) add(Cat::rls, 0.5, "takes a dopamine agonist");

  // PAD: over 50, smoking, diabetes, high blood pressure or cholesterol, kidney or heart
  // disease (docs/CLINICAL.md#arterial-rest-pain).
  if (age >= 65)
    add(Cat::pad, 0.5, fmt::format("age about {}", age));
  else if (age >= 50)
    add(Cat::pad, 0.3, fmt::format("age about {}", age));
  if (p.smoking && *p.smoking == "current") add(Cat::pad, 0.6, "smokes");
  if (p.smoking && *p.smoking == "former") add(Cat::pad, 0.3, "former smoker");
  if (cond("diabetes")) add(Cat::pad, 0.3, "diabetes");
  if (cond("hypertension")) add(Cat::pad, 0.2, "high blood pressure");
  if (cond("high_cholesterol")) add(Cat::pad, 0.2, "high cholesterol");
  if (cond("kidney_disease")) add(Cat::pad, 0.2, "kidney disease");
  if (cond("heart_disease")) add(Cat::pad, 0.4, "heart disease");

  // Neuropathy: diabetes above all; kidney, thyroid and liver disease.
  if (cond("diabetes")) add(Cat::neuropathy, 0.8, "diabetes");
  if (cond("kidney_disease")) add(Cat::neuropathy, 0.2, "kidney disease");
  if (cond("thyroid_disease")) add(Cat::neuropathy, 0.2, "thyroid disease");
  if (cond("liver_disease")) add(Cat::neuropathy, 0.2, "liver disease");

  if (cond("back_problems")) add(Cat::root, 0.8, "back problems");
  if (cond("varicose_veins")) add(Cat::varicose, 1.2, "known varicose veins");
  if (cond("pregnancy")) add(Cat::varicose, 0.3, "pregnancy");
  if (cond("arthritis")) add(Cat::arthritis, 1.2, "known arthritis");
  if (age >= 60) add(Cat::arthritis, 0.2, fmt::format("age about {}", age));
  if (cond("history_of_clots")) add(Cat::dvt, 1.0, "earlier blood clots");
  if (cond("recent_immobility")) add(Cat::dvt, 1.0, "recent immobility");
  if (cond("pregnancy")) add(Cat::dvt, 0.3, "pregnancy");

  constexpr std::array<double, kCats> cap{0.6, 1.0, 1.0, 1.0, 0.8, 0.0, 1.2, 1.2, 1.5};
  for (int c = 0; c < kCats; ++c) out[c].points = std::min(out[c].points, cap[c]);
  return out;
}

// ---- Key features: a category is listed only if an episode that fits it shows one ------------
bool key_feature(Cat c, const Ep& e) {
  // Broad on purpose for the benign categories (a thin or patchy diary must still show its
  // best fit); narrow for the urgent ones (PAD, DVT), which are never listed on a hunch.
  auto yes = [](Tri t) { return t == Tri::yes; };
  switch (c) {
    case Cat::cramps:
      return yes(cramp_like(e)) || (yes(e.sudden) && yes(e.duration_le(10))) ||
             (yes(e.eased_by(R("stretch") | R("stand"))) && yes(e.duration_le(10)));
    case Cat::rls:
      return yes(e.has_sens(kUrgeWords | S("pulling"))) || yes(e.eased_by(kMoving)) || yes(e.returned) ||
             (yes(evening(e)) && yes(e.posture_is("sitting")));
    case Cat::pad:
      return yes(e.eased_by(R("dangle"))) || yes(e.has_sign(kIschaemicSigns)) ||
             (yes(e.has_loc(kFoot)) && yes(e.eased_by(R("sit_up") | R("stand"))) && !yes(cramp_like(e)) &&
              !yes(e.eased_by(kPositional))) ||
             yes(night_flag(e, &Night::daytime_walking_pain));
    case Cat::neuropathy:
      return yes(dn4_at_least(e, 2)) || (yes(dn4_at_least(e, 1)) && (yes(e.both_sides()) || yes(e.has_loc(kFoot)) ||
                                                                     yes(e.duration_ge(60)) || yes(e.unrelieved())));
    case Cat::root:
      return yes(e.has_sens(S("shooting"))) || yes(e.has_loc(L("back_of_leg") | L("buttock"))) ||
             yes(e.eased_by(kPositional)) || (yes(e.has_sens(S("electric"))) && yes(e.one_side()));
    case Cat::entrapment:
      return yes(e.has_sens(kParaesthesia)) || (yes(e.eased_by(R("reposition"))) && yes(e.duration_le(15)));
    case Cat::varicose:
      return yes(e.eased_by(R("elevate_legs"))) || yes(e.has_sens(S("heaviness") | S("throbbing"))) ||
             yes(e.has_sign(G("swelling")));
    case Cat::arthritis: return yes(e.has_loc(kJoint)) || yes(e.has_sens(S("stiffness"))) || yes(e.eased_by(R("heat")));
    case Cat::dvt: return dvt_cluster(e) || (yes(e.has_sign(G("swelling"))) && !yes(e.both_sides()));
  }
  return false;
}

double logistic(double x) { return 1.0 / (1.0 + std::exp(-x)); }

Level level_of(double score, int episodes, int nights, bool sign_cluster) {
  // strong: a high score on enough data (>= 5 episodes over >= 3 nights);
  // moderate: a fair score on at least 2 episodes, or the DVT sign cluster itself;
  // weak: anything else (including every single-episode finding without that cluster).
  if (score >= 0.65 && episodes >= 5 && nights >= 3) return Level::strong;
  if ((score >= 0.35 && episodes >= 2) || sign_cluster) return Level::moderate;
  return Level::weak;
}

std::string plural(int n, std::string_view one, std::string_view many) {
  return fmt::format("{} {}", n, n == 1 ? one : many);
}

const char* kAdvice[kCats] = {
    // cramps
    "Stretch the calf before bed (pull the toes towards the knee), drink enough through the "
    "day and build up hard exercise gradually. During a cramp, stretch or stand on the leg and "
    "massage it. Mention them to your doctor if they come most nights, are very painful, or "
    "began after a new medicine.",
    // rls
    "Ask your doctor for an iron (ferritin) check and a review of medicines that can "
    "make it worse (some antihistamines and antidepressants). Regular bedtimes, less caffeine "
    "and alcohol late in the day, and gentle stretching or a warm bath before bed often help.",
    // pad
    "Get your circulation checked: foot pain at night that eases "
    "when the leg hangs down can mean the foot is not getting enough blood. Do not raise the "
    "legs and do not put heat on the foot. If you smoke, stopping matters most.",
    // neuropathy
    "Discuss this with your doctor: burning or tingling in both feet is worth a check of blood "
    "sugar, vitamin B12 and thyroid, and there are medicines for nerve pain. Look at your feet "
    "every day for cuts or sores.",
    // root
    "Discuss this with your doctor or a physiotherapist: pain shooting down one leg is often "
    "from a pressed nerve in the lower back. Sleeping curled up or with the head raised may "
    "ease it. See a doctor soon if weakness appears or grows.",
    // entrapment
    "Change position when it starts; avoid lying long on one side with weight on the knee or "
    "crossing the legs. See a doctor if numbness lasts long after moving or weakness appears.",
    // varicose
    "Raise the legs in the evening, walk during the day and avoid long standing; compression "
    "stockings may help. Discuss a vein check with your doctor.",
    // arthritis
    "Warmth, gentle movement and painkillers as agreed with your doctor usually help. Discuss "
    "it with your doctor, especially if a joint is hot, red or swollen.",
    // dvt
    "A swollen, warm, red leg can be a blood clot in a deep vein. Do not massage the leg. The "
    "warning signs above say when to call the emergency number.",
};

}  // namespace

bool dvt_cluster(const Ep& e) {
  // Two or more of swelling, warmth and redness on one leg (or with the side unknown),
  // or all three on any side. The contract's sign is "one leg swollen, warm and red"; two
  // of the three on one leg is already reason enough to get checked the same day, so the
  // rule is wider than the contract's wording to miss no clot.
  if (!e.signs_known) return false;
  const int n = count(e.signs & (G("swelling") | G("warmth") | G("redness")));
  if (n == 3) return true;
  return n == 2 && e.both_sides() != Tri::yes;
}

namespace {

// Every rule's answer for one episode, in the rules' order.
using Answers = std::array<Tri, kRules.size()>;

// Rule I's points added to `p`, its answer kept in `a`. Its test is known when compiling,
// so it is inlined: every episode is asked every rule, and the calls through pointers were
// most of the scoring.
template <std::size_t I>
void add_points(std::array<double, kCats>& p, Answers& a, const Ep& e) {
  constexpr Rule r = kRules[I];
  const Tri t = a[I] = r.test(e);
  if (t == Tri::yes)
    p[static_cast<int>(r.cat)] += r.yes;
  else if (t == Tri::no)
    p[static_cast<int>(r.cat)] += r.no;
}

template <std::size_t... I>
void add_all_points(std::array<double, kCats>& p, Answers& a, const Ep& e, std::index_sequence<I...>) {
  (add_points<I>(p, a, e), ...);  // in the rules' order, so the sums are as a loop makes them
}

std::array<double, kCats> points_of(const std::array<Prior, kCats>& priors, const Ep& e, Answers& answers) {
  std::array<double, kCats> p{};
  for (int c = 0; c < kCats; ++c) p[c] = kBase[c] + priors[c].points;
  add_all_points(p, answers, e, std::make_index_sequence<kRules.size()>{});
  return p;
}

// Each category's rules, [first, last): they stand together in kRules.
constexpr auto kRulesOf = [] {
  std::array<std::pair<std::size_t, std::size_t>, kCats> out{};
  for (std::size_t i = kRules.size(); i-- > 0;) {
    auto& [first, last] = out[static_cast<std::size_t>(kRules[i].cat)];
    if (last == 0) last = i + 1;
    first = i;
  }
  return out;
}();
static_assert(
    [] {
      for (std::size_t i = 0; i < kRules.size(); ++i) {
        const auto [first, last] = kRulesOf[static_cast<std::size_t>(kRules[i].cat)];
        if (i < first || i >= last) return false;
      }
      return true;
    }(),
    "a category's rules stand together");

}  // namespace

std::vector<date::sys_days> distinct_nights(std::span<const Night> nights, std::span<const Ep> episodes) {
  NightList distinct;
  for (const auto& n : nights) distinct.add(date::sys_days{n.night});
  for (const auto& v : episodes) distinct.add(v.night);
  return std::move(distinct).done();
}

Period covered_period(const std::vector<date::sys_days>& distinct) {
  if (distinct.empty()) return {};
  return {distinct.front(), distinct.back(), static_cast<int>(distinct.size())};
}

namespace {

// One episode's points in every category and its resulting share of membership in each,
// and in none (the null category: the episode says too little). Made one episode at a
// time, never kept for the diary: nine points and nine shares an episode would be the
// biggest part of an analysis' memory.
struct Shares {
  std::array<double, kCats> points{}, member{};
  double none = 0;
};

Shares shares_of(const std::array<Prior, kCats>& priors, const Ep& e, Answers& answers) {
  Shares s;
  s.points = points_of(priors, e, answers);
  double mx = kNull;
  for (double v : s.points) mx = std::max(mx, v);
  // Each exponential once (they were a tenth of an analysis' instructions when taken twice).
  const double none = std::exp(kNull - mx);
  double sum = none;
  for (int c = 0; c < kCats; ++c) sum += s.member[c] = std::exp(s.points[c] - mx);
  for (int c = 0; c < kCats; ++c) s.member[c] /= sum;
  s.none = none / sum;
  return s;
}

// The category an episode fits best, unless it says too little to earn any points at all
// (-1). A DVT sign cluster always claims its episode: it is the finding that matters.
int best_of(const Shares& s, const Ep& e) {
  int b = -1;
  double bv = -1;
  for (int c = 0; c < kCats; ++c)
    if (s.member[c] > bv) {
      bv = s.member[c];
      b = c;
    }
  if (s.points[b] < kMinBest) b = -1;
  if (dvt_cluster(e)) b = static_cast<int>(Cat::dvt);
  return b;
}

// How many nights the episodes `list` fall on.
std::size_t nights_of(const std::vector<std::uint32_t>& list, std::span<const Ep> eps) {
  NightList nights;
  for (const auto i : list) nights.add(eps[i].night);
  return std::move(nights).done().size();
}

// How one category sits over the diary.
struct Fit {
  double soft = 0, typ = 0;        // summed membership; membership-weighted typicality
  bool listed = false;             // its hallmark shows in an episode with a fair share of it
  bool cluster = false;            // an episode carries the DVT sign cluster
  std::vector<std::uint32_t> fit;  // episodes that fit it best
  std::size_t fit_nights = 0;      // how many nights those episodes fall on
};

// How many episodes of a basis answered a rule, and how many said yes.
struct Tally {
  int known = 0, yes = 0;
};
using Tallies = std::array<Tally, kRules.size()>;

// Adds an episode's answers to the tallies of category `cat`'s rules.
void tally(Tallies& t, Cat cat, const Answers& a) {
  const auto [first, last] = kRulesOf[static_cast<std::size_t>(cat)];
  for (std::size_t r = first; r < last; ++r) {
    t[r].known += a[r] != Tri::unknown;
    t[r].yes += a[r] == Tri::yes;
  }
}

// Every category over the diary, each episode's best fit, and how much the episodes say
// (the summed membership outside the null category), in one pass over the episodes.
// The rules are tallied over each category's best fits on the way, as their answers are at
// hand (asked again for the evidence, they were a quarter of a long diary's analysis).
struct Fits {
  std::array<Fit, kCats> by_cat;
  std::vector<int> best;
  double informative = 0;
  Tallies tallies;  // each rule over the episodes that fit its category best
};

Fits fits_of(const std::array<Prior, kCats>& priors, std::span<const Ep> eps) {
  Fits out;
  out.best.resize(eps.size());
  Answers answers;
  for (std::size_t i = 0; i < eps.size(); ++i) {
    const Ep& e = eps[i];
    const Shares s = shares_of(priors, e, answers);
    out.informative += 1.0 - s.none;
    out.best[i] = best_of(s, e);
    if (out.best[i] >= 0) tally(out.tallies, static_cast<Cat>(out.best[i]), answers);
    for (int c = 0; c < kCats; ++c) {
      const Cat cat = static_cast<Cat>(c);
      Fit& f = out.by_cat[c];
      f.soft += s.member[c];
      f.typ += s.member[c] * logistic((s.points[c] - 3.0) / 2.0);
      if (s.member[c] >= 0.25 && key_feature(cat, e)) f.listed = true;
      if (cat == Cat::dvt && dvt_cluster(e)) f.cluster = true;
    }
  }
  // Each category's episodes, listed once their number is known (no regrowth: a long diary
  // holds one index an episode), and the nights they fall on.
  std::array<std::size_t, kCats> counts{};
  for (const int b : out.best)
    if (b >= 0) ++counts[static_cast<std::size_t>(b)];
  for (int c = 0; c < kCats; ++c) out.by_cat[c].fit.reserve(counts[static_cast<std::size_t>(c)]);
  for (std::size_t i = 0; i < eps.size(); ++i)
    if (out.best[i] >= 0)
      out.by_cat[static_cast<std::size_t>(out.best[i])].fit.push_back(static_cast<std::uint32_t>(i));
  for (auto& f : out.by_cat) f.fit_nights = nights_of(f.fit, eps);
  return out;
}

struct Line {
  double weight;
  std::string text;
};

// The category's rules as tallied over `nb` episodes: lines for it (rules that add points)
// and against it (rules that take them away), weightiest first.
std::pair<std::vector<Line>, std::vector<Line>> evidence_lines(Cat cat, int nb, const Tallies& tallies) {
  std::vector<Line> pro, con;
  const auto [first, last] = kRulesOf[static_cast<std::size_t>(cat)];
  for (std::size_t i = first; i < last; ++i) {
    const Rule& r = kRules[i];
    const auto [known, yes] = tallies[i];
    if (yes == 0) continue;
    // "1 of 1 episode was cramp-like", "2 of 3 episodes were ...".
    std::string_view phrase = r.phrase;
    const bool one = known == 1 && phrase.starts_with("were ");
    if (one) phrase.remove_prefix(5);
    std::string text =
        fmt::format("{} of {} {} {}{}", yes, known, known == 1 ? "episode" : "episodes", one ? "was " : "", phrase);
    if (known < nb) text += fmt::format(" ({} recorded for {} of {})", r.field, known, nb);
    const double frac = static_cast<double>(yes) / known;
    if (r.yes > 0) {
      if (frac >= 0.2 || yes >= 3) pro.push_back({r.yes * yes, std::move(text)});
    } else {
      con.push_back({-r.yes * yes, std::move(text)});
    }
  }
  const auto weightier = [](const Line& a, const Line& b) { return a.weight > b.weight; };
  std::sort(pro.begin(), pro.end(), weightier);
  std::sort(con.begin(), con.end(), weightier);
  return {std::move(pro), std::move(con)};
}

// The evidence for and against a category, with the counts behind each line.
void describe(CategoryFinding& f, Cat cat, const Fits& fits, const std::array<Prior, kCats>& priors,
              std::span<const Ep> eps, const Period& period) {
  const Fit& fit = fits.by_cat[static_cast<int>(cat)];
  const std::size_t n = eps.size();
  const Prior& prior = priors[static_cast<int>(cat)];
  // Evidence over the episodes that fit it best (or those with a fair share of it, their
  // shares made again: rare, and cheaper than keeping every episode's shares).
  int nb = static_cast<int>(fit.fit.size());
  const Tallies* tallies = &fits.tallies;
  Tallies shared{};
  if (fit.fit.empty()) {
    Answers answers;
    for (std::size_t i = 0; i < n; ++i)
      if (shares_of(priors, eps[i], answers).member[static_cast<int>(cat)] >= 0.25) {
        tally(shared, cat, answers);
        ++nb;
      }
    tallies = &shared;
  }
  const auto [pro, con] = evidence_lines(cat, nb, *tallies);
  for (std::size_t k = 0; k < pro.size() && k < 5; ++k) f.evidence.push_back(pro[k].text);
  // How often: nights with an episode of this kind per night logged, so that a night not
  // logged is neither counted as quiet nor as troubled. IRLSSG: two or more nights a week
  // is the chronic-persistent course.
  if (period.days() >= 7 && fit.fit_nights >= 2) {
    const int nights = period.check_ins ? period.logged : period.days();
    const double per_week = static_cast<double>(fit.fit_nights) * 7.0 / nights;
    std::string line = period.check_ins
                           ? fmt::format("episodes on {} of the {} nights logged (about {:.1f} nights a week)",
                                         fit.fit_nights, period.logged, per_week)
                           : fmt::format(
                                 "episodes on {} nights over {} days (about {:.1f} nights a week; no night entries, so "
                                 "nights without an episode count as quiet)",
                                 fit.fit_nights, period.days(), per_week);
    if (period.check_ins && period.logged < period.days())
      line += fmt::format("; {} of the {} nights from the first to the last entry were not logged",
                          period.days() - period.logged, period.days());
    if (cat == Cat::rls && per_week >= 2) line += ": the chronic-persistent course is 2 or more a week";
    f.evidence.push_back(std::move(line));
  }
  if (!prior.reasons.empty() && prior.points > 0) {
    std::string r;
    for (const auto& s : prior.reasons) r += (r.empty() ? "" : ", ") + s;
    f.evidence.push_back("profile: " + r);
  }
  if (n >= 3 && f.episodes * 2 < static_cast<int>(n) && !fit.cluster)
    f.against.push_back(fmt::format("only {} of {} episodes fit this pattern best", f.episodes, n));
  if (n <= 2)
    f.against.push_back(
        fmt::format("only {} in the diary: too few to be sure", plural(static_cast<int>(n), "episode", "episodes")));
  for (std::size_t k = 0; k < con.size() && k < 3; ++k) f.against.push_back(con[k].text);
}

// Cramps: frequent (3 or more nights a week over at least two weeks) or mostly severe
// (8 or more out of 10) cramps are worth a talk with the doctor.
Action cramp_action(const Fit& fit, std::span<const Ep> eps) {
  int severe = 0, with_int = 0;
  date::sys_days first{}, last{};
  bool any = false;
  for (auto i : fit.fit) {
    if (eps[i].intensity) {
      ++with_int;
      if (*eps[i].intensity >= 8) ++severe;
    }
    if (!any || eps[i].night < first) first = eps[i].night;
    if (!any || eps[i].night > last) last = eps[i].night;
    any = true;
  }
  const double weeks = any ? ((last - first).count() + 1) / 7.0 : 0;
  const bool frequent = weeks >= 2 && static_cast<double>(fit.fit_nights) / weeks >= 3.0;
  const bool hard = with_int >= 3 && severe * 2 > with_int;
  return (frequent || hard) ? Action::discuss_with_doctor : Action::self_care;
}

// The action tier of a category, from what its episodes show.
Action action_of(Cat cat, const Fit& fit, Level level, std::span<const Ep> eps) {
  const auto any = [&](auto test) {
    return std::any_of(fit.fit.begin(), fit.fit.end(), [&](std::size_t i) { return test(eps[i]); });
  };
  switch (cat) {
    case Cat::cramps: return cramp_action(fit, eps);
    case Cat::rls: return Action::discuss_with_doctor;
    case Cat::pad: {
      // Urgent when the pattern is clear or gravity relief / ischaemic skin is recorded;
      // a faint pattern without them still needs the circulation checked soon.
      const bool specific = any(
          [](const Ep& e) { return e.eased_by(R("dangle")) == Tri::yes || e.has_sign(kIschaemicSigns) == Tri::yes; });
      return (specific || level != Level::weak) ? Action::urgent : Action::see_doctor_soon;
    }
    case Cat::neuropathy:
      return any([](const Ep& e) { return e.has_sign(G("sore_or_ulcer")) == Tri::yes; }) ? Action::see_doctor_soon
                                                                                         : Action::discuss_with_doctor;
    case Cat::root: {
      // A recurring weakness (3 or more episodes, a quarter of those with signs recorded)
      // may be a growing nerve deficit: see a doctor soon. A single one is in the advice.
      int weak = 0, known = 0;
      for (auto i : fit.fit) {
        const Tri t = eps[i].has_sign(G("weakness"));
        known += t != Tri::unknown;
        weak += t == Tri::yes;
      }
      return weak >= 3 && weak * 4 >= known ? Action::see_doctor_soon : Action::discuss_with_doctor;
    }
    case Cat::entrapment: return Action::self_care;
    case Cat::varicose: return Action::discuss_with_doctor;
    case Cat::arthritis: return Action::discuss_with_doctor;
    case Cat::dvt: return Action::urgent;
  }
  return Action::discuss_with_doctor;
}

using Found = std::vector<std::pair<double, CategoryFinding>>;

// The findings in order: a guess keeps only its best; a DVT sign cluster is an emergency
// whatever else the diary holds, so its category leads (its score lifted to at least the
// best other score); then by score.
std::vector<CategoryFinding> ranked(Found found, bool guessed, bool dvt_seen) {
  if (guessed && found.size() > 1) {
    auto best =
        std::max_element(found.begin(), found.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    auto keep = std::move(*best);
    found.clear();
    found.push_back(std::move(keep));
  }
  double top = 0;
  for (const auto& [s, f] : found) top = std::max(top, s);
  for (auto& [s, f] : found)
    if (f.id == kCatIds[static_cast<int>(Cat::dvt)] && f.level != Level::weak && dvt_seen) {
      s = std::max(s, top) + 1e-9;
      f.score = std::round(std::min(1.0, s) * 100.0) / 100.0;
    }
  std::stable_sort(found.begin(), found.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
  std::vector<CategoryFinding> out;
  for (auto& [s, f] : found) out.push_back(std::move(f));
  return out;
}

}  // namespace

Scored score_categories(const Profile& profile, std::span<const Ep> eps, const Period& period) {
  const auto priors = profile_priors(profile, period.ref_year());
  Fits fits = fits_of(priors, eps);
  Scored out;
  out.best = std::move(fits.best);
  const double informative = std::max(fits.informative, 1.0);

  Found found;
  bool dvt_seen = false, guessed = false;
  // Pass 0 lists the categories whose hallmark shows in an episode that fits them. Only if
  // none does (a thin or patchy diary), pass 1 offers the best benign fit as a weak guess,
  // saying so; the urgent categories (PAD, DVT) are never offered on a guess.
  for (int pass = 0; pass < 2 && found.empty(); ++pass) {
    const bool guess = pass == 1;
    for (int c = 0; c < kCats; ++c) {
      const Cat cat = static_cast<Cat>(c);
      if (guess && (cat == Cat::pad || cat == Cat::dvt)) continue;
      const Fit& fit = fits.by_cat[c];
      if (!(guess || fit.listed) || (fit.soft < 0.5 && fit.fit.empty())) continue;
      const double share = fit.soft / informative;
      double score = fit.typ / fit.soft * std::pow(std::min(1.0, share / 0.6), 0.7);
      // DVT: one episode with the sign cluster is an emergency whatever else the diary
      // holds, so it ranks the category near the top.
      if (fit.cluster) {
        score = std::max(score, 0.9);
        dvt_seen = true;
      }
      if (score < 0.05) continue;
      CategoryFinding f;
      f.id = std::string(kCatIds[c]);
      f.score = std::round(std::clamp(score, 0.0, 1.0) * 100.0) / 100.0;
      f.episodes = static_cast<int>(fit.fit.size());
      f.level = level_of(score, f.episodes, static_cast<int>(fit.fit_nights), fit.cluster);
      describe(f, cat, fits, priors, eps, period);
      f.action = action_of(cat, fit, f.level, eps);
      f.advice = kAdvice[c];
      if (guess) {
        guessed = true;
        f.level = Level::weak;
        f.against.insert(f.against.begin(),
                         "none of this pattern's hallmarks recorded yet: a first guess from few facts");
      }
      found.emplace_back(score, std::move(f));
    }
  }
  out.findings = ranked(std::move(found), guessed, dvt_seen);
  return out;
}

}  // namespace diary::analysis::detail
