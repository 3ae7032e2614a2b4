#pragma once
// The phrase lexicon: what people write, mapped to the vocabulary's terms. The words come
// from the way the articles behind docs/CLINICAL.md quote patients ("charley horse", "bugs
// under the skin", "soda fizzing in my calves", "dangle the leg off the bed") and from the
// plain words for each term. English to start; another language is another table.
//
// Matching (note_reader.cpp): words are lower-cased, apostrophes dropped ("can't" is
// "cant"); a phrase matches its words in order within one sentence, passing over filler
// words only ("my", "the", "it", "was", "felt", ...: "hung my foot off the bed" matches
// "hung foot off bed"); a word of 6 or more letters also matches within one edit
// (Damerau-Levenshtein). Longer phrases win over shorter ones ("tight chest" over "tight",
// "a sore on" over "sore").
//
// Internal: constants in a header so that the note reader makes its lookup tables from
// them while the program is compiled (note_reader.cpp), not in every process.
#include <array>
#include <string_view>

#include "lexicon.hpp"

namespace diary::analysis::detail::lexicon_data {

using F = Field;

// clang-format off
inline constexpr std::array kLexicon = std::to_array<LexEntry>({
    // ---- warning signs (docs/CLINICAL.md#warning-signs) ------------------------------
    // A clot: one leg swollen, warm and red.
    {"swollen", F::signs, "swelling"}, {"swelling", F::signs, "swelling"}, {"swelled", F::signs, "swelling"},
    {"swolen", F::signs, "swelling"}, {"puffy", F::signs, "swelling"}, {"puffed up", F::signs, "swelling"},
    {"ballooned", F::signs, "swelling"}, {"bigger than the other", F::signs, "swelling"},
    {"hot", F::signs, "warmth"}, {"warm", F::signs, "warmth"}, {"warmth", F::signs, "warmth"},
    {"warm to the touch", F::signs, "warmth"}, {"hot to touch", F::signs, "warmth"},
    {"red", F::signs, "redness"}, {"redness", F::signs, "redness"}, {"reddish", F::signs, "redness"},
    {"inflamed", F::signs, "redness"},
    // Chest and breath.
    {"chest pain", F::signs, "chest_pain"}, {"pain in my chest", F::signs, "chest_pain"},
    {"tight chest", F::signs, "chest_pain"}, {"chest tight", F::signs, "chest_pain"},
    {"chest tightness", F::signs, "chest_pain"}, {"chest hurt", F::signs, "chest_pain"},
    {"chest hurts", F::signs, "chest_pain"}, {"chest pressure", F::signs, "chest_pain"},
    {"pressure in my chest", F::signs, "chest_pain"}, {"crushing chest", F::signs, "chest_pain"},
    {"short of breath", F::signs, "short_of_breath"}, {"shortness of breath", F::signs, "short_of_breath"},
    {"breathless", F::signs, "short_of_breath"}, {"out of breath", F::signs, "short_of_breath"},
    {"cant catch my breath", F::signs, "short_of_breath"}, {"couldnt catch my breath", F::signs, "short_of_breath"},
    {"cant get my breath", F::signs, "short_of_breath"}, {"couldnt get my breath", F::signs, "short_of_breath"},
    {"cant breathe", F::signs, "short_of_breath"}, {"couldnt breathe", F::signs, "short_of_breath"},
    {"hard to breathe", F::signs, "short_of_breath"}, {"struggling to breathe", F::signs, "short_of_breath"},
    {"gasping", F::signs, "short_of_breath"}, {"chest pains", F::signs, "chest_pain"},
    {"difficulty breathing", F::signs, "short_of_breath"}, {"trouble breathing", F::signs, "short_of_breath"},
    {"breathlessness", F::signs, "short_of_breath"}, {"redd", F::signs, "redness"},
    // The bottom of the spine: saddle numbness, bladder or bowel.
    {"numb down below", F::signs, "saddle_numbness"}, {"numbness down below", F::signs, "saddle_numbness"}, {"numb between the legs", F::signs, "saddle_numbness"},
    {"numb between my legs", F::signs, "saddle_numbness"}, {"numbness between my legs", F::signs, "saddle_numbness"},
    {"numbness between the legs", F::signs, "saddle_numbness"}, {"saddle", F::signs, "saddle_numbness"},
    {"numb bottom", F::signs, "saddle_numbness"}, {"numb bum", F::signs, "saddle_numbness"},
    {"numb around my bottom", F::signs, "saddle_numbness"}, {"numb groin", F::signs, "saddle_numbness"},
    {"cant feel my bottom", F::signs, "saddle_numbness"}, {"numb private", F::signs, "saddle_numbness"},
    {"groin numb", F::signs, "saddle_numbness"}, {"numb in my groin", F::signs, "saddle_numbness"},
    {"numb in my bottom", F::signs, "saddle_numbness"}, {"numbness in my bottom", F::signs, "saddle_numbness"},
    {"bottom numb", F::signs, "saddle_numbness"}, {"numbness in my groin", F::signs, "saddle_numbness"},
    {"pins and needles in my bottom", F::signs, "saddle_numbness"}, {"tingling in my bottom", F::signs, "saddle_numbness"},
    {"couldnt empty my bladder", F::signs, "bladder_bowel_change"},
    {"cant empty my bladder", F::signs, "bladder_bowel_change"},
    {"lost control of my bladder", F::signs, "bladder_bowel_change"},
    {"wet myself", F::signs, "bladder_bowel_change"}, {"wet the bed", F::signs, "bladder_bowel_change"},
    {"peed myself", F::signs, "bladder_bowel_change"}, {"couldnt pee", F::signs, "bladder_bowel_change"},
    {"cant pee", F::signs, "bladder_bowel_change"}, {"couldnt pass urine", F::signs, "bladder_bowel_change"},
    {"bladder", F::signs, "bladder_bowel_change"}, {"bowel", F::signs, "bladder_bowel_change"},
    {"bowels", F::signs, "bladder_bowel_change"}, {"incontinent", F::signs, "bladder_bowel_change"},
    {"incontinence", F::signs, "bladder_bowel_change"}, {"soiled myself", F::signs, "bladder_bowel_change"},
    {"leaked urine", F::signs, "bladder_bowel_change"}, {"peeing myself", F::signs, "bladder_bowel_change"},
    {"pee myself", F::signs, "bladder_bowel_change"}, {"wetting myself", F::signs, "bladder_bowel_change"},
    // Weakness.
    {"weak", F::signs, "weakness"}, {"weakness", F::signs, "weakness"}, {"gave way", F::signs, "weakness"},
    {"gave out", F::signs, "weakness"}, {"buckled", F::signs, "weakness"}, {"foot drop", F::signs, "weakness"},
    {"couldnt lift my foot", F::signs, "weakness"}, {"cant lift my foot", F::signs, "weakness"},
    {"couldnt stand on it", F::signs, "weakness"},
    // A limb short of blood: skin, cold, sores.
    {"pale", F::signs, "pale_skin"}, {"white", F::signs, "pale_skin"}, {"waxy", F::signs, "pale_skin"},
    {"pallor", F::signs, "pale_skin"}, {"ashen", F::signs, "pale_skin"},
    {"blue", F::signs, "bluish_skin"}, {"bluish", F::signs, "bluish_skin"}, {"purple", F::signs, "bluish_skin"},
    {"purplish", F::signs, "bluish_skin"}, {"dusky", F::signs, "bluish_skin"},
    {"black", F::signs, "dark_skin"}, {"blackened", F::signs, "dark_skin"}, {"dark patch", F::signs, "dark_skin"},
    {"dark skin", F::signs, "dark_skin"}, {"gone dark", F::signs, "dark_skin"},
    {"shiny", F::signs, "shiny_skin"},
    {"hair loss", F::signs, "hair_loss"}, {"no hair", F::signs, "hair_loss"}, {"hairless", F::signs, "hair_loss"},
    {"lost the hair", F::signs, "hair_loss"},
    {"cold foot", F::signs, "cold_foot"}, {"foot cold", F::signs, "cold_foot"}, {"cold feet", F::signs, "cold_foot"},
    {"feet cold", F::signs, "cold_foot"}, {"cold toes", F::signs, "cold_foot"}, {"toes cold", F::signs, "cold_foot"},
    {"icy foot", F::signs, "cold_foot"}, {"ice cold foot", F::signs, "cold_foot"}, {"ice cold", F::signs, "cold_foot"},
    {"foot freezing", F::signs, "cold_foot"}, {"freezing foot", F::signs, "cold_foot"},
    {"feet freezing", F::signs, "cold_foot"}, {"toes freezing", F::signs, "cold_foot"},
    {"cold to the touch", F::signs, "cold_foot"}, {"colder than the other", F::signs, "cold_foot"},
    {"like ice", F::signs, "cold_foot"}, {"cold as ice", F::signs, "cold_foot"},
    {"ulcer", F::signs, "sore_or_ulcer"}, {"sore on toe", F::signs, "sore_or_ulcer"},
    {"sore on foot", F::signs, "sore_or_ulcer"}, {"sore on heel", F::signs, "sore_or_ulcer"},
    {"sore on toes", F::signs, "sore_or_ulcer"}, {"sore on ankle", F::signs, "sore_or_ulcer"},
    {"sore on shin", F::signs, "sore_or_ulcer"}, {"sore on leg", F::signs, "sore_or_ulcer"},
    {"open sore", F::signs, "sore_or_ulcer"}, {"wound", F::signs, "sore_or_ulcer"},
    {"wont heal", F::signs, "sore_or_ulcer"}, {"not healing", F::signs, "sore_or_ulcer"},
    {"doesnt heal", F::signs, "sore_or_ulcer"}, {"gangrene", F::signs, "sore_or_ulcer"},
    {"skin breaking down", F::signs, "sore_or_ulcer"}, {"skin broken", F::signs, "sore_or_ulcer"},

    // ---- sensations -----------------------------------------------------------------
    {"cramp", F::sensations, "cramp"}, {"cramps", F::sensations, "cramp"}, {"cramped", F::sensations, "cramp"},
    {"cramping", F::sensations, "cramp"}, {"charley horse", F::sensations, "cramp"},
    {"charlie horse", F::sensations, "cramp"}, {"spasm", F::sensations, "cramp"},
    {"seized", F::sensations, "cramp"}, {"seized up", F::sensations, "cramp"}, {"locked", F::sensations, "cramp"},
    {"knot", F::sensations, "knot"}, {"knotted", F::sensations, "knot"},
    {"tight", F::sensations, "tightness"}, {"tightness", F::sensations, "tightness"},
    {"sharp", F::sensations, "sharp"},
    {"stabbing", F::sensations, "stabbing"}, {"stab", F::sensations, "stabbing"},
    {"shooting", F::sensations, "shooting"}, {"shot down", F::sensations, "shooting"},
    {"radiating", F::sensations, "shooting"}, {"down the back of my leg", F::locations, "back_of_leg"},
    {"electric", F::sensations, "electric"}, {"electric shock", F::sensations, "electric"},
    {"zaps", F::sensations, "electric"}, {"zapping", F::sensations, "electric"},
    {"burning", F::sensations, "burning"}, {"burn", F::sensations, "burning"}, {"burns", F::sensations, "burning"},
    {"on fire", F::sensations, "burning"},
    {"ache", F::sensations, "aching"}, {"aching", F::sensations, "aching"}, {"achy", F::sensations, "aching"},
    {"deep ache", F::sensations, "deep_ache"}, {"deep aching", F::sensations, "deep_ache"},
    {"throbbing", F::sensations, "throbbing"}, {"throbbed", F::sensations, "throbbing"},
    {"pounding", F::sensations, "throbbing"},
    {"heavy", F::sensations, "heaviness"}, {"heaviness", F::sensations, "heaviness"},
    {"stiff", F::sensations, "stiffness"}, {"stiffness", F::sensations, "stiffness"},
    {"sore", F::sensations, "soreness"}, {"soreness", F::sensations, "soreness"},
    {"urge to move", F::sensations, "urge_to_move"}, {"had to move", F::sensations, "urge_to_move"},
    {"need to move", F::sensations, "urge_to_move"}, {"had to get up", F::sensations, "urge_to_move"},
    {"had to keep moving", F::sensations, "urge_to_move"}, {"cant keep still", F::sensations, "urge_to_move"},
    {"couldnt keep still", F::sensations, "urge_to_move"}, {"cant keep my legs still", F::sensations, "urge_to_move"},
    {"couldnt keep my legs still", F::sensations, "urge_to_move"}, {"cant lie still", F::sensations, "urge_to_move"},
    {"couldnt lie still", F::sensations, "urge_to_move"}, {"cant sit still", F::sensations, "urge_to_move"},
    {"restless", F::sensations, "urge_to_move"}, {"fidgety", F::sensations, "urge_to_move"},
    {"jumpy legs", F::sensations, "urge_to_move"}, {"wont let me sleep", F::sensations, "urge_to_move"},
    {"crawling", F::sensations, "crawling"}, {"ants", F::sensations, "crawling"}, {"bugs", F::sensations, "crawling"},
    {"insects", F::sensations, "crawling"}, {"creepy crawly", F::sensations, "crawling"},
    {"under the skin", F::sensations, "crawling"},
    {"creeping", F::sensations, "creeping"}, {"creepy", F::sensations, "creeping"},
    {"pulling", F::sensations, "pulling"},
    {"fizzing", F::sensations, "fizzing"}, {"fizzy", F::sensations, "fizzing"}, {"soda", F::sensations, "fizzing"},
    {"buzzing", F::sensations, "fizzing"}, {"buzz", F::sensations, "fizzing"},
    {"itch", F::sensations, "itching"}, {"itching", F::sensations, "itching"}, {"itchy", F::sensations, "itching"},
    {"tingling", F::sensations, "tingling"}, {"tingle", F::sensations, "tingling"},
    {"tingly", F::sensations, "tingling"},
    {"pins and needles", F::sensations, "pins_and_needles"},
    {"numb", F::sensations, "numbness"}, {"numbness", F::sensations, "numbness"},
    {"no feeling", F::sensations, "numbness"}, {"dead leg", F::sensations, "numbness"},
    {"icy", F::sensations, "coldness"}, {"freezing", F::sensations, "coldness"},

    // ---- where ----------------------------------------------------------------------
    {"calf", F::locations, "calf"}, {"calves", F::locations, "calf"}, {"foot", F::locations, "foot"},
    {"feet", F::locations, "foot"}, {"toes", F::locations, "toes"}, {"toe", F::locations, "toes"},
    {"arch", F::locations, "arch"}, {"ankle", F::locations, "ankle"}, {"ankles", F::locations, "ankle"},
    {"shin", F::locations, "shin"}, {"shins", F::locations, "shin"}, {"knee", F::locations, "knee"},
    {"knees", F::locations, "knee"}, {"thigh", F::locations, "thigh"}, {"thighs", F::locations, "thigh"},
    {"hip", F::locations, "hip"}, {"hips", F::locations, "hip"}, {"buttock", F::locations, "buttock"},
    {"bum", F::locations, "buttock"}, {"back of my leg", F::locations, "back_of_leg"},
    {"back of the leg", F::locations, "back_of_leg"}, {"down my leg", F::locations, "back_of_leg"},
    {"whole leg", F::locations, "whole_leg"}, {"arm", F::locations, "arm"}, {"arms", F::locations, "arm"},

    // ---- what was tried -------------------------------------------------------------
    {"stretch", F::relief, "stretch"}, {"stretched", F::relief, "stretch"}, {"stretching", F::relief, "stretch"},
    {"pulled my toes", F::relief, "stretch"}, {"toes towards", F::relief, "stretch"},
    {"walk", F::relief, "walk"}, {"walked", F::relief, "walk"}, {"walking", F::relief, "walk"},
    {"paced", F::relief, "walk"}, {"pacing", F::relief, "walk"},
    {"moving", F::relief, "move"}, {"moved my legs", F::relief, "move"}, {"kicking", F::relief, "move"},
    {"shaking my legs", F::relief, "move"},
    {"massage", F::relief, "massage"}, {"massaged", F::relief, "massage"}, {"rubbed", F::relief, "massage"},
    {"rubbing", F::relief, "massage"},
    {"stood", F::relief, "stand"}, {"stood up", F::relief, "stand"}, {"standing up", F::relief, "stand"},
    {"stood on it", F::relief, "stand"},
    {"dangle", F::relief, "dangle"}, {"dangled", F::relief, "dangle"}, {"dangling", F::relief, "dangle"},
    {"hung foot off bed", F::relief, "dangle"}, {"hung my foot off the bed", F::relief, "dangle"},
    {"hung leg over", F::relief, "dangle"}, {"hanging over the bed", F::relief, "dangle"},
    {"hanging off the bed", F::relief, "dangle"}, {"hang down", F::relief, "dangle"},
    {"hanging down", F::relief, "dangle"}, {"hung down", F::relief, "dangle"},
    {"over the side of the bed", F::relief, "dangle"}, {"over the edge of the bed", F::relief, "dangle"},
    {"off the side of the bed", F::relief, "dangle"}, {"off the edge of the bed", F::relief, "dangle"},
    {"over the bed edge", F::relief, "dangle"}, {"let it hang", F::relief, "dangle"},
    {"hang foot", F::relief, "dangle"}, {"hung foot", F::relief, "dangle"}, {"hanging foot", F::relief, "dangle"},
    {"hang leg", F::relief, "dangle"}, {"hung leg", F::relief, "dangle"}, {"hanging leg", F::relief, "dangle"},
    {"hang feet", F::relief, "dangle"}, {"hanging feet", F::relief, "dangle"}, {"hang legs", F::relief, "dangle"},
    {"hanging legs", F::relief, "dangle"}, {"out of bed hanging", F::relief, "dangle"},
    {"hanging out of bed", F::relief, "dangle"}, {"hung out of bed", F::relief, "dangle"},
    {"hang out of bed", F::relief, "dangle"},
    {"sat up", F::relief, "sit_up"}, {"sitting up", F::relief, "sit_up"}, {"sit up", F::relief, "sit_up"},
    {"slept in the chair", F::relief, "sit_up"},
    {"legs up", F::relief, "elevate_legs"}, {"feet up", F::relief, "elevate_legs"},
    {"raised my legs", F::relief, "elevate_legs"}, {"elevated", F::relief, "elevate_legs"},
    {"on a pillow", F::relief, "elevate_legs"},
    {"turned over", F::relief, "reposition"}, {"rolled over", F::relief, "reposition"},
    {"changed position", F::relief, "reposition"}, {"shifted position", F::relief, "reposition"},
    {"curled up", F::relief, "fetal_position"}, {"fetal", F::relief, "fetal_position"},
    {"foetal", F::relief, "fetal_position"}, {"knees to chest", F::relief, "fetal_position"},
    {"head of the bed", F::relief, "head_elevated"}, {"extra pillows", F::relief, "head_elevated"},
    {"bent forward", F::relief, "bend_forward"}, {"bending forward", F::relief, "bend_forward"},
    {"leaned forward", F::relief, "bend_forward"}, {"leaning forward", F::relief, "bend_forward"},
    {"bent over", F::relief, "bend_forward"},
    {"heat", F::relief, "heat"}, {"heating pad", F::relief, "heat"}, {"hot water bottle", F::relief, "heat"},
    {"warm bath", F::relief, "heat"}, {"hot bath", F::relief, "heat"}, {"hot shower", F::relief, "heat"},
    {"warm shower", F::relief, "heat"},
    {"ice pack", F::relief, "cold_pack"}, {"cold pack", F::relief, "cold_pack"}, {"ice", F::relief, "cold_pack"},
    {"frozen peas", F::relief, "cold_pack"},
    {"paracetamol", F::relief, "medication"}, {"ibuprofen", F::relief, "medication"},
    {"painkiller", F::relief, "medication"}, {"painkillers", F::relief, "medication"},
    {"rested", F::relief, "rest"},

    // ---- how it went ------------------------------------------------------------------
    {"nothing helped", F::effect, "none"}, {"nothing worked", F::effect, "none"},
    {"nothing eased", F::effect, "none"}, {"no relief", F::effect, "none"},
    {"a bit better", F::effect, "partial"}, {"eased a little", F::effect, "partial"},
    {"helped a little", F::effect, "partial"},
    {"came back", F::returned, "yes"}, {"comes back", F::returned, "yes"}, {"started again", F::returned, "yes"},
    {"as soon as i lay down", F::returned, "yes"}, {"as soon as i stopped", F::returned, "yes"},
    {"whenever i lie still", F::returned, "yes"}, {"back again", F::returned, "yes"},
    {"out of the blue", F::onset, "sudden"}, {"suddenly", F::onset, "sudden"}, {"sudden", F::onset, "sudden"}, {"out of nowhere", F::onset, "sudden"},
    {"gradually", F::onset, "gradual"}, {"slowly built", F::onset, "gradual"}, {"built up", F::onset, "gradual"},
    {"rock hard", F::hard, "yes"}, {"hard as a rock", F::hard, "yes"}, {"hard lump", F::hard, "yes"},
    {"muscle hard", F::hard, "yes"},

    // ---- not about the legs: they hold a sign's word, so they are read and set aside ----
    {"red wine", F::ignored, ""}, {"white wine", F::ignored, ""}, {"weak tea", F::ignored, ""},
    {"for my bladder", F::ignored, ""}, {"for the bladder", F::ignored, ""},
    {"empty my bladder", F::ignored, ""}, {"bowel movement", F::ignored, ""},
});

inline constexpr std::array kFiller = std::to_array<std::string_view>({
    "my", "the", "it", "its", "his", "her", "their", "your", "was", "is", "were", "are", "felt", "feels", "feel",
    "so", "very", "really", "quite", "all", "big", "of", "a", "an", "left", "right", "both",
});

inline constexpr std::array kSides = std::to_array<SideWord>({
    {"left", "left"}, {"right", "right"}, {"both", "both"}, {"l", "left"}, {"r", "right"},
});

inline constexpr std::array kBody = std::to_array<std::string_view>({
    "leg", "legs", "calf", "calves", "foot", "feet", "toe", "toes", "ankle", "ankles", "shin", "shins", "knee",
    "knees", "thigh", "thighs", "hip", "hips", "buttock", "side", "arch", "heel", "sole",
});

inline constexpr std::array kTriggers = std::to_array<TriggerEntry>({
    // NegEx pre-negation triggers.
    {"no", Trigger::pre_negation}, {"not", Trigger::pre_negation}, {"denies", Trigger::pre_negation},
    {"denied", Trigger::pre_negation}, {"without", Trigger::pre_negation}, {"never", Trigger::pre_negation},
    {"nor", Trigger::pre_negation}, {"neither", Trigger::pre_negation}, {"didnt", Trigger::pre_negation},
    {"dont", Trigger::pre_negation}, {"doesnt", Trigger::pre_negation}, {"wasnt", Trigger::pre_negation},
    {"werent", Trigger::pre_negation}, {"isnt", Trigger::pre_negation}, {"arent", Trigger::pre_negation},
    {"no sign of", Trigger::pre_negation}, {"no signs of", Trigger::pre_negation}, {"free of", Trigger::pre_negation},
    {"none", Trigger::pre_negation}, {"nothing like", Trigger::pre_negation},
    // Post-negation: what comes before is over.
    {"gone", Trigger::post_negation}, {"resolved", Trigger::post_negation}, {"free", Trigger::post_negation},
    {"went away", Trigger::post_negation}, {"gone down", Trigger::post_negation},
    {"has settled", Trigger::post_negation}, {"all gone", Trigger::post_negation},
    {"fine", Trigger::post_negation}, {"normal", Trigger::post_negation}, {"ok", Trigger::post_negation},
    {"okay", Trigger::post_negation}, {"going down", Trigger::post_negation},
    // Worry, condition, question: not a fact.
    {"worried about", Trigger::hypothetical}, {"worried", Trigger::hypothetical}, {"worry", Trigger::hypothetical},
    {"in case of", Trigger::hypothetical}, {"in case", Trigger::hypothetical}, {"if i get", Trigger::hypothetical},
    {"if", Trigger::hypothetical}, {"what if", Trigger::hypothetical}, {"afraid of", Trigger::hypothetical},
    {"scared of", Trigger::hypothetical}, {"watch for", Trigger::hypothetical},
    {"look out for", Trigger::hypothetical}, {"rule out", Trigger::hypothetical},
    {"check for", Trigger::hypothetical}, {"checked for", Trigger::hypothetical},
    {"could be", Trigger::hypothetical}, {"might be", Trigger::hypothetical}, {"wondering", Trigger::hypothetical},
    {"should i", Trigger::hypothetical}, {"unless", Trigger::hypothetical},
    // Someone else's: family history (the ConText experiencer), not this person's leg.
    {"mum had", Trigger::hypothetical}, {"mom had", Trigger::hypothetical}, {"mother had", Trigger::hypothetical},
    {"dad had", Trigger::hypothetical}, {"father had", Trigger::hypothetical},
    {"sister had", Trigger::hypothetical}, {"brother had", Trigger::hypothetical},
    {"family history", Trigger::hypothetical}, {"runs in the family", Trigger::hypothetical},
    // Pseudo-triggers: they hold a trigger word but do not negate.
    {"not only", Trigger::pseudo}, {"not just", Trigger::pseudo}, {"no change", Trigger::pseudo},
    {"no better", Trigger::pseudo}, {"not better", Trigger::pseudo}, {"no doubt", Trigger::pseudo},
    {"not sure why", Trigger::pseudo}, {"no idea why", Trigger::pseudo}, {"not stop", Trigger::pseudo},
    {"wouldnt stop", Trigger::pseudo}, {"no matter", Trigger::pseudo}, {"no longer than", Trigger::pseudo},
    // Termination: a scope ends here.
    {"but", Trigger::termination}, {"however", Trigger::termination}, {"although", Trigger::termination},
    {"though", Trigger::termination}, {"yet", Trigger::termination}, {"except", Trigger::termination},
    {"apart from", Trigger::termination}, {"still", Trigger::termination}, {"now", Trigger::termination},
    {"then", Trigger::termination}, {"which", Trigger::termination},
    // A relief that failed.
    {"didnt help", Trigger::relief_failed}, {"did not help", Trigger::relief_failed},
    {"no help", Trigger::relief_failed}, {"no use", Trigger::relief_failed},
    {"did nothing", Trigger::relief_failed}, {"doesnt help", Trigger::relief_failed},
});
// clang-format on

}  // namespace diary::analysis::detail::lexicon_data
