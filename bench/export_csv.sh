#!/usr/bin/env bash
# Speed of `diary export csv` against `sqlite3 -csv` of the same rows, as whole processes.
#
#   bench/export_csv.sh [DIARY_BINARY] [EPISODES]
#
# Builds a diary with `diary` (so the schema is the program's own), fills it with EPISODES
# episodes (default 1,000,000; four a night, with night entries carrying a bedtime) by one
# recursive-CTE INSERT in sqlite3, then times, best of three runs each:
#   sqlite3 -csv -header DB "SELECT * FROM episode ORDER BY onset_utc, id" > /dev/null-ish file
#   diary --db DB export csv > file
# and prints the ratio. The goal is a ratio of at most 1.5.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
diary=${1:-$here/build/release/cli/diary}
n=${2:-1000000}
[ -x "$diary" ] || { echo "no diary binary at $diary (build the release preset, or pass the path)" >&2; exit 2; }
command -v sqlite3 >/dev/null || { echo "sqlite3 is needed" >&2; exit 2; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
db=$work/bench.db
export TZ=UTC
"$diary" --db "$db" profile --birth-year 1951 >/dev/null

nights=$(( (n + 3) / 4 ))
sqlite3 "$db" >/dev/null <<SQL
PRAGMA journal_mode=WAL;
BEGIN;
WITH RECURSIVE k(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM k WHERE i < $nights - 1)
INSERT INTO night (night, bed_utc, bed_offset_min, bed_zone, wake_utc, wake_offset_min, sleep_quality, exercise, caffeine_late, note)
SELECT date(946684800 + i * 86400, 'unixepoch'),
       946684800 + i * 86400 + 22 * 3600 + (i % 7) * 300 - 3600, 60, 'Europe/Berlin',
       946684800 + i * 86400 + 30 * 3600 - 3600, 60, 1 + i % 5,
       CASE i % 4 WHEN 0 THEN 'none' WHEN 1 THEN 'light' WHEN 2 THEN 'moderate' ELSE 'hard' END,
       i % 2, CASE WHEN i % 10 = 0 THEN 'slept badly, "again"' END
FROM k;
WITH RECURSIVE k(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM k WHERE i < $n - 1)
INSERT INTO episode (onset_utc, onset_offset_min, timezone, duration_min, intensity, onset_speed,
                     locations, side, sensations, muscle_hard, posture, relief, relief_effect,
                     relief_min, returned_when_still, signs, note)
SELECT 946684800 + (i / 4) * 86400 + (23 + (i % 4) * 2) * 3600 + (i % 13) * 60 - 3600, 60, 'Europe/Berlin',
       CASE WHEN i % 9 = 0 THEN 1.5 ELSE 1 + i % 40 END,
       i % 11,
       CASE i % 3 WHEN 0 THEN 'sudden' WHEN 1 THEN 'gradual' END,
       CASE i % 4 WHEN 0 THEN '["calf"]' WHEN 1 THEN '["foot","toes"]' WHEN 2 THEN '["calf","ankle","shin"]' ELSE '[]' END,
       CASE i % 3 WHEN 0 THEN 'left' WHEN 1 THEN 'right' ELSE 'both' END,
       CASE i % 3 WHEN 0 THEN '["cramp","knot"]' WHEN 1 THEN '["urge_to_move","crawling"]' ELSE '["burning"]' END,
       i % 2,
       CASE i % 2 WHEN 0 THEN 'flat_on_back' ELSE 'side' END,
       CASE i % 3 WHEN 0 THEN '["stretch","walk"]' WHEN 1 THEN '["move"]' ELSE '["dangle"]' END,
       CASE i % 3 WHEN 0 THEN 'full' WHEN 1 THEN 'partial' ELSE 'none' END,
       CASE WHEN i % 5 = 0 THEN NULL ELSE i % 30 END,
       CASE WHEN i % 7 = 0 THEN NULL ELSE i % 2 END,
       CASE WHEN i % 10 = 0 THEN '["swelling"]' ELSE '[]' END,
       CASE i % 6 WHEN 0 THEN 'woke me, then "again", later' WHEN 1 THEN '=1+1' WHEN 2 THEN 'line one
line two' ELSE NULL END
FROM k;
COMMIT;
PRAGMA wal_checkpoint(TRUNCATE);
SQL


rows=$(sqlite3 "$db" "SELECT count(*) FROM episode")
echo "diary with $rows episodes ($(du -h "$db" | cut -f1))"

best() {  # best wall time of three runs of "$@", in seconds
  local b=""
  for _ in 1 2 3; do
    local s e t
    s=$(date +%s.%N)
    "$@"
    e=$(date +%s.%N)
    t=$(awk -v s="$s" -v e="$e" 'BEGIN { printf "%.3f", e - s }')
    if [ -z "$b" ] || awk -v t="$t" -v b="$b" 'BEGIN { exit !(t < b) }'; then b=$t; fi
  done
  echo "$b"
}
run_sqlite() { sqlite3 -csv -header "$db" "SELECT * FROM episode ORDER BY onset_utc, id" > "$work/sqlite.csv"; }
run_diary() { "$diary" --db "$db" export csv > "$work/diary.csv"; }
run_diary_file() { "$diary" --db "$db" export csv -o "$work/diary-o.csv" 2>/dev/null; }

t_sqlite=$(best run_sqlite)
t_diary=$(best run_diary)
t_file=$(best run_diary_file)
echo "sqlite3 -csv:     ${t_sqlite}s  $(wc -l < "$work/sqlite.csv") lines, $(du -h "$work/sqlite.csv" | cut -f1)"
echo "diary export csv: ${t_diary}s  $(wc -l < "$work/diary.csv") lines, $(du -h "$work/diary.csv" | cut -f1)"
echo "diary export csv -o FILE (synced to disk): ${t_file}s"
awk -v d="$t_diary" -v q="$t_sqlite" 'BEGIN { printf "ratio: %.2f (goal: at most 1.5)\n", d / q }'

# A standard CSV reader agrees: one record per episode, 17 cells each.
if command -v python3 >/dev/null; then
  python3 - "$work/diary.csv" "$rows" <<'PY'
import csv, sys
with open(sys.argv[1], newline='', encoding='utf-8') as f:
    records = list(csv.reader(f))
assert records[0][0] == 'night' and len(records) - 1 == int(sys.argv[2]), (len(records), sys.argv[2])
assert all(len(r) == 17 for r in records)
assert not any(c and c[0] in '=+-@\t\r' for r in records for c in r)
print(f"python csv reader: {len(records) - 1} records of 17 cells, no formula cells")
PY
fi
