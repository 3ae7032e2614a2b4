-- 001: profile, nights and episodes.
--
-- Instants are stored as UTC seconds plus the UTC offset (minutes) in force where they
-- were logged, and the IANA zone name when it is known, so a diary survives travel and
-- DST changes and every local time can be shown as the person saw it.
--
-- List-valued fields (locations, sensations, relief, signs, conditions, medications) are
-- JSON arrays checked by json_valid/json_type rather than join tables, because:
--   * absent (NULL, unknown) and empty ('[]', "none") must stay distinct;
--   * order matters for relief ("what was tried, in order");
--   * one episode stays one row, so `diary log` is a single INSERT;
--   * SQL can still query them: SELECT e.id FROM episode e, json_each(e.relief) r
--     WHERE r.value = 'dangle'.
-- Vocabulary membership is checked by the program on every write (with a message that
-- lists the accepted terms) and re-checked by `diary check`.

CREATE TABLE profile (
  id          INTEGER PRIMARY KEY CHECK (id = 1),
  birth_year  INTEGER CHECK (birth_year BETWEEN 1900 AND 2100),
  smoking     TEXT CHECK (smoking IN ('never', 'former', 'current')),
  conditions  TEXT CHECK (conditions IS NULL OR (json_valid(conditions) AND json_type(conditions) = 'array')),
  medications TEXT CHECK (medications IS NULL OR (json_valid(medications) AND json_type(medications) = 'array'))
) STRICT;

CREATE TABLE night (
  night                TEXT PRIMARY KEY CHECK (date(night) IS night),
  bed_utc              INTEGER,
  bed_offset_min       INTEGER CHECK (bed_offset_min BETWEEN -1440 AND 1440),
  bed_zone             TEXT,
  wake_utc             INTEGER,
  wake_offset_min      INTEGER CHECK (wake_offset_min BETWEEN -1440 AND 1440),
  wake_zone            TEXT,
  sleep_quality        INTEGER CHECK (sleep_quality BETWEEN 1 AND 5),
  exercise             TEXT CHECK (exercise IN ('none', 'light', 'moderate', 'hard')),
  hydration            TEXT CHECK (hydration IN ('low', 'normal')),
  caffeine_late        INTEGER CHECK (caffeine_late IN (0, 1)),
  alcohol              INTEGER CHECK (alcohol IN (0, 1)),
  new_medication       TEXT,
  daytime_walking_pain INTEGER CHECK (daytime_walking_pain IN (0, 1)),
  leg_jerks_reported   INTEGER CHECK (leg_jerks_reported IN (0, 1)),
  note                 TEXT,
  CHECK ((bed_utc IS NULL) = (bed_offset_min IS NULL)),
  CHECK ((wake_utc IS NULL) = (wake_offset_min IS NULL))
) STRICT;

CREATE TABLE episode (
  id                  INTEGER PRIMARY KEY,
  onset_utc           INTEGER NOT NULL,
  onset_offset_min    INTEGER NOT NULL CHECK (onset_offset_min BETWEEN -1440 AND 1440),
  timezone            TEXT,
  -- The night an episode belongs to: the local calendar date of (onset - 12 hours).
  -- Derived, never stored apart from the onset.
  night               TEXT GENERATED ALWAYS AS
                        (date(onset_utc + onset_offset_min * 60 - 43200, 'unixepoch')) VIRTUAL,
  -- Minutes as given (90s is 1.5): ANY keeps an integer an integer and a real a real.
  duration_min        ANY CHECK (duration_min IS NULL OR (typeof(duration_min) IN ('integer', 'real') AND duration_min >= 0)),
  intensity           INTEGER CHECK (intensity BETWEEN 0 AND 10),
  onset_speed         TEXT CHECK (onset_speed IN ('sudden', 'gradual')),
  locations           TEXT CHECK (locations IS NULL OR (json_valid(locations) AND json_type(locations) = 'array')),
  side                TEXT CHECK (side IN ('left', 'right', 'both')),
  sensations          TEXT CHECK (sensations IS NULL OR (json_valid(sensations) AND json_type(sensations) = 'array')),
  muscle_hard         INTEGER CHECK (muscle_hard IN (0, 1)),
  posture             TEXT,
  relief              TEXT CHECK (relief IS NULL OR (json_valid(relief) AND json_type(relief) = 'array')),
  relief_effect       TEXT CHECK (relief_effect IN ('full', 'partial', 'none')),
  relief_min          ANY CHECK (relief_min IS NULL OR (typeof(relief_min) IN ('integer', 'real') AND relief_min >= 0)),
  returned_when_still INTEGER CHECK (returned_when_still IN (0, 1)),
  signs               TEXT CHECK (signs IS NULL OR (json_valid(signs) AND json_type(signs) = 'array')),
  note                TEXT,
  logged_utc          INTEGER NOT NULL DEFAULT (unixepoch())
) STRICT;

CREATE INDEX episode_by_onset ON episode (onset_utc);
CREATE INDEX episode_by_night ON episode (night);
