-- 005: named medicines (`diary meds`), and the medicine an episode's relief named.
--
-- One row per medicine course: the name as written, a free-text dose, the day it began and
-- the day it was stopped (both optional, as dates YYYY-MM-DD), and whether it is taken only
-- when needed. Stopping keeps the row: the doctor's list and the analysis need the dates.
-- Each row has a uuid like episodes and nights, so imports merge by it.
CREATE TABLE medicine (
  id         INTEGER PRIMARY KEY AUTOINCREMENT,
  uuid       TEXT NOT NULL UNIQUE CHECK (length(uuid) = 36),
  name       TEXT NOT NULL CHECK (length(trim(name)) > 0),
  dose       TEXT,
  since      TEXT CHECK (since IS NULL OR date(since) IS since),
  stopped    TEXT CHECK (stopped IS NULL OR date(stopped) IS stopped),
  as_needed  INTEGER NOT NULL DEFAULT 0 CHECK (as_needed IN (0, 1)),
  CHECK (since IS NULL OR stopped IS NULL OR stopped >= since)
) STRICT;

-- relief_medicine: with relief `medication`, the medicine taken (free text, as written).
ALTER TABLE episode ADD COLUMN relief_medicine TEXT;
