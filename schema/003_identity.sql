-- 003: stable identities, episodes still going, idempotency keys.
--
-- Every episode and night gets a uuid: a random version-4 UUID made when the record is
-- created (by the program; here, once, for the rows that exist). Imports merge by it, so
-- two episodes at the same minute stay two, and a record keeps its name across devices.
--
-- The episode table is rebuilt (SQLite cannot change a primary key in place) with
-- AUTOINCREMENT, so an id once used is never given to a new episode: "delete 7" said to
-- one diary can never remove a different episode later. Rows keep their ids.
--
-- `open` marks an episode still going (`diary start`): its duration stays unknown until
-- `diary stop` closes it. Nothing is lost when it is never stopped.
--
-- idempotency: a key sent with a write (the phone page sends one per tap) and the record
-- it saved, so the same request retried saves once. `kind` is the operation it was used
-- for; `uuid` the episode's or night's identity.

-- One random v4 UUID per call: version nibble 4, variant nibble 8, 9, a or b.
CREATE TEMP VIEW new_uuid AS SELECT
  lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4' ||
  substr(lower(hex(randomblob(2))), 2) || '-' || substr('89ab', 1 + (abs(random()) % 4), 1) ||
  substr(lower(hex(randomblob(2))), 2) || '-' || lower(hex(randomblob(6))) AS uuid;

CREATE TABLE episode_003 (
  id                  INTEGER PRIMARY KEY AUTOINCREMENT,
  uuid                TEXT NOT NULL UNIQUE CHECK (length(uuid) = 36),
  onset_utc           INTEGER NOT NULL,
  onset_offset_min    INTEGER NOT NULL CHECK (onset_offset_min BETWEEN -1440 AND 1440),
  timezone            TEXT,
  night               TEXT GENERATED ALWAYS AS
                        (date(onset_utc + onset_offset_min * 60 - 43200, 'unixepoch')) VIRTUAL,
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
  logged_utc          INTEGER NOT NULL DEFAULT (unixepoch()),
  open                INTEGER NOT NULL DEFAULT 0 CHECK (open IN (0, 1)),
  CHECK (open = 0 OR duration_min IS NULL)
) STRICT;

-- The view is read once per row (randomblob is not constant-folded), so each row gets its own.
INSERT INTO episode_003 (id, uuid, onset_utc, onset_offset_min, timezone, duration_min, intensity,
                         onset_speed, locations, side, sensations, muscle_hard, posture, relief,
                         relief_effect, relief_min, returned_when_still, signs, note, logged_utc)
  SELECT id, (SELECT uuid FROM new_uuid WHERE id = id), onset_utc, onset_offset_min, timezone,
         duration_min, intensity, onset_speed, locations, side, sensations, muscle_hard, posture,
         relief, relief_effect, relief_min, returned_when_still, signs, note, logged_utc
  FROM episode ORDER BY id;
DROP TABLE episode;
ALTER TABLE episode_003 RENAME TO episode;
CREATE INDEX episode_by_onset ON episode (onset_utc);
CREATE INDEX episode_by_night ON episode (night);
CREATE INDEX episode_open ON episode (open) WHERE open = 1;

CREATE TABLE night_003 (
  night                TEXT PRIMARY KEY CHECK (date(night) IS night),
  uuid                 TEXT NOT NULL UNIQUE CHECK (length(uuid) = 36),
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

INSERT INTO night_003 (night, uuid, bed_utc, bed_offset_min, bed_zone, wake_utc, wake_offset_min,
                       wake_zone, sleep_quality, exercise, hydration, caffeine_late, alcohol,
                       new_medication, daytime_walking_pain, leg_jerks_reported, note)
  SELECT night, (SELECT uuid FROM new_uuid WHERE night = night), bed_utc, bed_offset_min, bed_zone,
         wake_utc, wake_offset_min, wake_zone, sleep_quality, exercise, hydration, caffeine_late,
         alcohol, new_medication, daytime_walking_pain, leg_jerks_reported, note
  FROM night ORDER BY night;
DROP TABLE night;
ALTER TABLE night_003 RENAME TO night;

DROP VIEW new_uuid;

CREATE TABLE idempotency (
  key         TEXT PRIMARY KEY CHECK (length(key) BETWEEN 1 AND 128),
  kind        TEXT NOT NULL CHECK (kind IN ('log', 'start', 'stop', 'night')),
  uuid        TEXT NOT NULL CHECK (length(uuid) = 36),
  created_utc INTEGER NOT NULL DEFAULT (unixepoch())
) STRICT;
