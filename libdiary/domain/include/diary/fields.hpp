#pragma once
// One table per record type describes its fields: name, kind, vocabulary, range and the
// question the guided form asks. JSON, SQL, CSV, the command-line options and validation
// all walk these tables, so a field is described once.
#include <limits>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "diary/diary.hpp"
#include "diary/vocabulary.hpp"

namespace diary {

template <class Record>
using FieldMember = std::variant<std::optional<Instant> Record::*,      // instant
                                 std::optional<double> Record::*,       // number
                                 std::optional<int> Record::*,          // integer
                                 std::optional<std::string> Record::*,  // term or text
                                 std::optional<Terms> Record::*,        // term list
                                 std::optional<bool> Record::*>;        // boolean

template <class Record>
struct Field {
  std::string_view name;  // JSON key, SQL column, `--name` option (with '_' as '-')
  FieldMember<Record> member;
  const Vocabulary* vocabulary = nullptr;  // for terms and term lists; null for free text
  double min = -std::numeric_limits<double>::infinity();
  double max = std::numeric_limits<double>::infinity();
  std::string_view help;
};

// The optional fields of each record (the episode's onset and the night's date are not
// in these tables: they are required and handled apart).
std::span<const Field<Episode>> episode_fields();
std::span<const Field<Night>> night_fields();
std::span<const Field<Profile>> profile_fields();

// Checks every field of a record against its table: terms in the vocabulary, numbers in
// range. Throws bad_input naming `prefix` + field (e.g. "episodes[3].intensity").
void validate(const Episode& episode, std::string_view prefix = {});
void validate(const Night& night, std::string_view prefix = {});
void validate(const Profile& profile, std::string_view prefix = {});

}  // namespace diary
