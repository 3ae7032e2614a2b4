-- 006: quiet nights and the emergency number (issue 12).
--
-- `quiet` = 1 records that the person looked back on the night and it had no episodes
-- (`diary night --quiet`, the check-in's "quiet night" answer, the page's button). A night
-- entry without it still counts as logged; the flag keeps "nothing happened" apart from
-- "only the bedtime was written down". NULL: not said. The program refuses quiet = 1 for
-- a night that has episodes, and logging an episode on a quiet night clears it.
ALTER TABLE night ADD COLUMN quiet INTEGER CHECK (quiet IN (0, 1));

-- The emergency number the person chose (`diary profile --emergency-number 999`); NULL:
-- the program derives it from the time zone's country.
ALTER TABLE profile ADD COLUMN emergency_number TEXT CHECK (emergency_number NOT GLOB '*[^0-9]*' AND length(emergency_number) BETWEEN 2 AND 6);
