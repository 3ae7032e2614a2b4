#!/usr/bin/env bash
# How much slower is `diary log` than the sqlite3 shell writing the same row?
#
# Times N whole-process `diary log` calls (every episode field set) against N `sqlite3`
# calls that each insert one such row into the same table (the diary's own schema) in a
# WAL database with synchronous=FULL, the durability `diary log` gives. Both files live in
# one folder on the build's disk. Prints both totals and the ratio diary/sqlite3.
#
#   bench/log_vs_sqlite.sh [-n N] [--check] [--bin PATH] [--dir DIR] [--loop]
#
#   -n N        calls of each (default 200)
#   --check     exit 1 when the ratio exceeds 1.5 (without it, always exit 0)
#   --bin PATH  the diary binary (default build/release/cli/diary, built when missing)
#   --dir DIR   where the two database files go (default a fresh folder under build/)
#   --loop      time an interleaved shell loop even when hyperfine is installed
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
n=200 check=0 bin="" dir="" loop=0 limit=1.5
while (($#)); do
  case $1 in
    -n) n=$2; shift 2 ;;
    --check) check=1; shift ;;
    --bin) bin=$2; shift 2 ;;
    --dir) dir=$2; shift 2 ;;
    --loop) loop=1; shift ;;
    -h|--help) sed -n '2,17p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "log_vs_sqlite: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done
[[ $n =~ ^[1-9][0-9]*$ ]] || { echo "log_vs_sqlite: -n wants a positive whole number, got $n" >&2; exit 2; }
command -v sqlite3 >/dev/null || { echo "log_vs_sqlite: sqlite3 is not installed (scripts/install-deps.sh)" >&2; exit 1; }

if [[ -z $bin ]]; then
  bin=$root/build/release/cli/diary
  if [[ ! -x $bin ]]; then
    echo "log_vs_sqlite: building the release binary" >&2
    (cd "$root" && cmake --preset release >/dev/null && cmake --build --preset release --target diary >/dev/null)
  fi
fi
[[ -x $bin ]] || { echo "log_vs_sqlite: no diary binary at $bin" >&2; exit 1; }

if [[ -z $dir ]]; then
  mkdir -p "$root/build"
  dir=$(mktemp -d "$root/build/bench.XXXXXX")
  trap 'rm -rf "$dir"' EXIT
fi
mkdir -p "$dir"
diary_db=$dir/diary.db
sqlite_db=$dir/sqlite.db
rm -f "$diary_db"* "$sqlite_db"*

export TZ=Europe/Berlin NO_COLOR=1 LC_ALL=C
# Every episode field, as a person would type it.
diary_cmd=("$bin" --db "$diary_db" log --duration 3m --intensity 6
  --onset-speed sudden --where calf --side right --feel cramp,knot --muscle-hard --posture side
  --relief stretch,stand --relief-effect full --relief-min 2 --no-returned-when-still --signs none
  --note "woke with a calf cramp")
# The same row through the sqlite3 shell. synchronous is per connection, so it is set on
# every call; journal_mode=WAL is stored in the file (set once below).
sql="PRAGMA synchronous=FULL; INSERT INTO episode (onset_utc, onset_offset_min, timezone, duration_min,"
sql+=" intensity, onset_speed, locations, side, sensations, muscle_hard, posture, relief, relief_effect,"
sql+=" relief_min, returned_when_still, signs, note) VALUES (1795223400, 60, 'Europe/Berlin', 3, 6, 'sudden',"
sql+=" '[\"calf\"]', 'right', '[\"cramp\",\"knot\"]', 1, 'side', '[\"stretch\",\"stand\"]', 'full', 2, 0, '[]',"
sql+=" 'woke with a calf cramp');"
sqlite_cmd=(sqlite3 -batch -init /dev/null "$sqlite_db" "$sql")

# Both files exist, with the same schema, before timing starts.
"${diary_cmd[@]}" --at 2026-11-21T02:10 >/dev/null
sqlite3 -batch -init /dev/null "$sqlite_db" <"$root/schema/001_init.sql"
sqlite3 -batch -init /dev/null "$sqlite_db" "PRAGMA journal_mode=WAL;" >/dev/null
"${sqlite_cmd[@]}"

# The diary's per-call total and sqlite3's, in seconds.
if ((loop == 0)) && command -v hyperfine >/dev/null; then
  method="hyperfine (mean x $n runs, 3 warm-up runs each)"
  csv=$dir/hyperfine.csv
  # hyperfine -N splits its command line as a POSIX shell would: single-quote each word.
  q() { local w out="" sq="'" rep="'\"'\"'"; for w in "$@"; do out+="'${w//$sq/$rep}' "; done; printf '%s' "$out"; }
  hyperfine -N --style basic --warmup 3 --runs "$n" --export-csv "$csv" \
    -n "diary log" "$(q "${diary_cmd[@]}" --at 2026-11-21T02:10)" -n "sqlite3 insert" "$(q "${sqlite_cmd[@]}")" >&2
  # CSV columns: command,mean,stddev,median,user,system,min,max (seconds per run)
  diary_s=$(awk -F, -v n="$n" '$1 == "diary log" {printf "%.6f", $2 * n}' "$csv")
  sqlite_s=$(awk -F, -v n="$n" '$1 == "sqlite3 insert" {printf "%.6f", $2 * n}' "$csv")
  cpu=$(awk -F, '$1 == "diary log" {d = $5 + $6} $1 == "sqlite3 insert" {s = $5 + $6}
    END {printf "CPU (user+sys) per call: diary %.2f ms, sqlite3 %.2f ms, ratio %.2f", d * 1000, s * 1000, d / s}' "$csv")
else
  # Interleaved (diary, sqlite3, diary, ...) so that load from other programs hits both
  # alike. $EPOCHREALTIME (bash 5) reads the clock without forking; date +%s%N otherwise.
  if [[ -n ${EPOCHREALTIME:-} ]]; then
    method="interleaved shell loop timed with \$EPOCHREALTIME"
    clock() { us=${EPOCHREALTIME/[.,]/}; us=$((10#$us)); }
  else
    method="interleaved shell loop timed with date +%s%N"
    clock() { us=$(($(date +%s%N) / 1000)); }
  fi
  diary_us=0 sqlite_us=0
  for ((i = 0; i < n; i++)); do
    # Each call logs another night, as a person does (one minute for all made call N read
    # the N-1 before it as neighbours and print the likely-double note).
    at=$(date -d "2026-11-21 -$((i + 1)) days" +%Y-%m-%dT02:10)
    clock; a=$us; "${diary_cmd[@]}" --at "$at" >/dev/null; clock; b=$us; "${sqlite_cmd[@]}"; clock
    diary_us=$((diary_us + b - a)) sqlite_us=$((sqlite_us + us - b))
  done
  diary_s=$(awk -v u="$diary_us" 'BEGIN {printf "%.6f", u / 1e6}')
  sqlite_s=$(awk -v u="$sqlite_us" 'BEGIN {printf "%.6f", u / 1e6}')
fi

rows_diary=$(sqlite3 -init /dev/null "$diary_db" "SELECT count(*) FROM episode")
rows_sqlite=$(sqlite3 -init /dev/null "$sqlite_db" "SELECT count(*) FROM episode")
ratio=$(awk -v a="$diary_s" -v b="$sqlite_s" 'BEGIN {printf "%.2f", a / b}')

echo "method:        $method; files in $dir ($(df -T "$dir" | awk 'NR == 2 {print $2}'))"
awk -v n="$n" -v s="$diary_s" -v r="$rows_diary" \
  'BEGIN {printf "diary log:     %d calls, %.3f s total, %.2f ms per call (%d rows in the file)\n", n, s, s * 1000 / n, r}'
awk -v n="$n" -v s="$sqlite_s" -v r="$rows_sqlite" \
  'BEGIN {printf "sqlite3 shell: %d calls, %.3f s total, %.2f ms per call (%d rows in the file)\n", n, s, s * 1000 / n, r}'
echo "ratio diary/sqlite3: $ratio (limit with --check: $limit)"
[[ -n ${cpu:-} ]] && echo "$cpu"

if ((check)) && awk -v r="$ratio" -v l="$limit" 'BEGIN {exit !(r > l)}'; then
  echo "log_vs_sqlite: FAIL: diary log is $ratio times the sqlite3 shell, above $limit" >&2
  exit 1
fi
