#!/usr/bin/env bash
# Speed of `diary export csv` against `sqlite3 -csv` of the same rows, as whole processes.
#
#   bench/export_csv.sh [DIARY_BINARY] [EPISODES]
#
# Fills a diary with EPISODES episodes (default 1,000,000) through bench/generate.sh, then
# times, best of three runs each:
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
"$here/bench/generate.sh" "$diary" "$db" "$n" >/dev/null  # the same diaries bench/bench.sh uses

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
