#!/usr/bin/env bash
# Fills a diary with EPISODES generated episodes (each with a random v4 uuid, as the schema wants) of realistic shape, by SQL in sqlite3
# (seconds even for a million). The diary is first made by `diary` itself, so the schema is
# the program's own.
#
#   bench/generate.sh DIARY_BINARY DB EPISODES
#
# Shape: 2,000 episodes a year (ten years is about 20,000), spread evenly over the nights
# up to yesterday, onsets between 22:30 and 04:30 Berlin time, every field set on most episodes, each list
# with one to three terms, notes on one episode in six (with quotes, commas, a formula-like
# "=1+1" and a line break), and a night entry with bedtime for every night. The nights reach
# back at most 40 years (the diary keeps years from 1900 on): beyond 80,000 episodes the
# nights stay 40 years' worth and each holds more episodes (a million: about 68 a night).
set -euo pipefail
diary=$1 db=$2 n=$3
[[ $n =~ ^[1-9][0-9]*$ ]] || { echo "generate: EPISODES wants a positive whole number, got $n" >&2; exit 2; }
rm -f "$db" "$db-wal" "$db-shm"
TZ=Europe/Berlin "$diary" --db "$db" profile --birth-year 1951 --smoking former >/dev/null
nights=$(( n * 365 / 2000 + 1 ))
max_nights=$(( 40 * 365 ))
(( nights > max_nights )) && nights=$max_nights
first=$(( ($(date +%s) / 86400 - nights) * 86400 ))  # the last night is yesterday's
# Berlin's offset in minutes at the instant in column $1: summer time (+120) from the last
# Sunday of March to the last Sunday of October (of September up to 1995), both at 01:00
# UTC; +60 otherwise. The nights reach back at most 40 years, so the rules before 1981 are
# not needed. An offset the zone did not have is refused by `import`, so a diary generated
# with a wrong rule could not be exported and read back.
berlin() {
  local y="strftime('%Y', $1, 'unixepoch')"
  printf "CASE WHEN %s >= CAST(strftime('%%s', date(%s || '-03-31', '-6 days', 'weekday 0')) AS INTEGER) + 3600" "$1" "$y"
  printf " AND %s < CAST(strftime('%%s', date(%s || CASE WHEN %s < '1996' THEN '-09-30' ELSE '-10-31' END," "$1" "$y" "$y"
  printf " '-6 days', 'weekday 0')) AS INTEGER) + 3600 THEN 120 ELSE 60 END"
}
sqlite3 -batch -init /dev/null "$db" >/dev/null <<SQL
PRAGMA journal_mode=WAL;
BEGIN;
WITH RECURSIVE k(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM k WHERE i < $nights - 1),
  t(i, bed, wake) AS (SELECT i, $first + i * 86400 + 21 * 3600 + (i % 7) * 600, $first + i * 86400 + 29 * 3600 + (i % 5) * 600 FROM k)
INSERT INTO night (night, uuid, bed_utc, bed_offset_min, bed_zone, wake_utc, wake_offset_min, wake_zone, sleep_quality,
                   exercise, hydration, caffeine_late, alcohol, daytime_walking_pain, note)
SELECT date($first + i * 86400, 'unixepoch'),
       lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4' || substr(lower(hex(randomblob(2))), 2) || '-' ||
       substr('89ab', 1 + (abs(random()) % 4), 1) || substr(lower(hex(randomblob(2))), 2) || '-' || lower(hex(randomblob(6))),
       bed, $(berlin bed), 'Europe/Berlin',
       wake, $(berlin wake), 'Europe/Berlin',
       1 + i % 5,
       CASE i % 4 WHEN 0 THEN 'none' WHEN 1 THEN 'light' WHEN 2 THEN 'moderate' ELSE 'hard' END,
       CASE i % 3 WHEN 0 THEN 'low' ELSE 'normal' END,
       i % 2, (i / 2) % 2, CASE WHEN i % 9 = 0 THEN 1 END,
       CASE WHEN i % 10 = 0 THEN 'slept badly, "again"' END
FROM t;
-- Episode i belongs to night i * nights / n; i % 6 gives its hour.
WITH RECURSIVE k(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM k WHERE i < $n - 1),
  t(i, onset) AS (SELECT i, $first + (i * $nights / $n) * 86400 + (22 * 3600 + 1800) + (i % 6) * 4200 + (i % 13) * 60 - 3600 FROM k)
INSERT INTO episode (uuid, onset_utc, onset_offset_min, timezone, duration_min, intensity, onset_speed,
                     locations, side, sensations, muscle_hard, posture, relief, relief_effect,
                     relief_min, returned_when_still, signs, note)
SELECT lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4' || substr(lower(hex(randomblob(2))), 2) || '-' ||
       substr('89ab', 1 + (abs(random()) % 4), 1) || substr(lower(hex(randomblob(2))), 2) || '-' || lower(hex(randomblob(6))),
       onset, $(berlin onset), 'Europe/Berlin',
       CASE WHEN i % 9 = 0 THEN 1.5 ELSE 1 + i % 40 END,
       i % 11,
       CASE i % 3 WHEN 0 THEN 'sudden' WHEN 1 THEN 'gradual' END,
       CASE i % 4 WHEN 0 THEN '["calf"]' WHEN 1 THEN '["foot","toes"]' WHEN 2 THEN '["calf","ankle","shin"]' ELSE '["thigh"]' END,
       CASE i % 3 WHEN 0 THEN 'left' WHEN 1 THEN 'right' ELSE 'both' END,
       CASE i % 3 WHEN 0 THEN '["cramp","knot"]' WHEN 1 THEN '["urge_to_move","crawling"]' ELSE '["burning","tingling"]' END,
       i % 2,
       CASE i % 3 WHEN 0 THEN 'flat_on_back' WHEN 1 THEN 'side' ELSE 'front' END,
       CASE i % 3 WHEN 0 THEN '["stretch","walk"]' WHEN 1 THEN '["move"]' ELSE '["dangle"]' END,
       CASE i % 3 WHEN 0 THEN 'full' WHEN 1 THEN 'partial' ELSE 'none' END,
       CASE WHEN i % 5 = 0 THEN NULL ELSE i % 30 END,
       CASE WHEN i % 7 = 0 THEN NULL ELSE i % 2 END,
       CASE WHEN i % 50 = 0 THEN '["swelling"]' ELSE '[]' END,
       CASE i % 6 WHEN 0 THEN 'woke me, then "again", later' WHEN 1 THEN '=1+1' WHEN 2 THEN 'line one
line two' ELSE NULL END
FROM t;
COMMIT;
PRAGMA wal_checkpoint(TRUNCATE);
SQL
