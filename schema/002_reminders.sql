-- 002: scheduled reminder prompts.
--
-- A reminder is a wall-clock time on chosen weekdays in the zone it was set in, so that a
-- 07:30 prompt stays at 07:30 local across DST changes and travel does not move it.
--   kind     morning (asks about last night) or evening (asks for tonight's context)
--   at       'HH:MM', 24-hour clock
--   days     weekday bitmask, bit 0 = Monday ... bit 6 = Sunday (127 = every day);
--            a bitmask rather than a JSON array: one CHECK covers it and no order or
--            duplicates can creep in
--   zone     IANA name, e.g. 'Europe/Berlin' (checked against the tz database by the program)
--   created  UTC seconds
CREATE TABLE reminder (
  id          INTEGER PRIMARY KEY,
  kind        TEXT NOT NULL CHECK (kind IN ('morning', 'evening')),
  at          TEXT NOT NULL CHECK (length(at) = 5 AND at GLOB '[0-2][0-9]:[0-5][0-9]' AND at < '24:00'),
  days        INTEGER NOT NULL CHECK (days BETWEEN 1 AND 127),
  zone        TEXT NOT NULL CHECK (length(zone) > 0),
  created_utc INTEGER NOT NULL DEFAULT (unixepoch())
) STRICT;
