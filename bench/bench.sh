#!/usr/bin/env bash
# The diary's speed, each figure as a ratio against a reference doing the same work on the
# same rows in the same run, with min/median/max over interleaved runs and the peak memory
# of each (GNU time's maximum resident set).
#
#   bench/bench.sh [--quick] [--sizes "2000 20000 1000000"] [--runs N] [--log-calls N] [--bin PATH]
#
#   --quick       sizes "2000 20000", 3 runs, 21 log calls (a few minutes instead of many)
#   --sizes       episodes per generated diary (default: a year, ten years, a million)
#   --runs        interleaved runs of each figure and its reference (default 5; 1 above 100,000
#                 episodes for the imports)
#   --log-calls   `diary log` calls, each next to one sqlite3 insert and one floor insert
#                 (default 51)
#   --bin PATH    the diary binary (default: build/release/cli/diary, built first)
#
# Needs sqlite3, GNU time (/usr/bin/time, Debian package `time`) and a C compiler with
# libsqlite3-dev for the floor (scripts/install-deps.sh installs all three).
#
# For each size (bench/generate.sh makes the diary), diary against its reference:
#   log          one `diary log` with every field          sqlite3 shell: one INSERT (WAL,
#                                                           synchronous=FULL); and the floor
#                bench/floor.c: a C program that opens the diary and inserts the same row
#                with the same durability, nothing else (the least a `log` can cost)
#   import json  the diary's own export into a new diary    sqlite3 .import of the same rows
#   import csv   the diary's own CSV into a new diary       (CSV) into the same table
#   export json, csv, fhir                                  sqlite3 -csv SELECT * ... ORDER BY
#   export report, analyze, summary                         sqlite3 SELECT * FROM episode
# and, in the column "to the floor", against bench/floor.c doing the least the command must:
# the one durable insert for `log`, reading every row in onset order (`floor read`) for
# exports, reports and analyses. Imports have no floor column.
# Each run of a pair times the diary, then the reference, with $EPOCHREALTIME (no process
# of its own around either), so that load from other programs hits both alike. The ratio is
# of the medians; "ratios" gives the least and the greatest ratio of one run's pair.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
sizes="2000 20000 1000000" runs=5 calls=51 bin=""
while (($#)); do
  case $1 in
    --quick) sizes="2000 20000"; runs=3; calls=21; shift ;;
    --sizes) sizes=$2; shift 2 ;;
    --runs) runs=$2; shift 2 ;;
    --log-calls) calls=$2; shift 2 ;;
    --bin) bin=$2; shift 2 ;;
    -h|--help) sed -n '2,30p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "bench: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done
for tool in sqlite3 /usr/bin/time cc; do
  command -v "$tool" >/dev/null || { echo "bench: $tool is missing (scripts/install-deps.sh installs it)" >&2; exit 1; }
done
[[ -n ${EPOCHREALTIME:-} ]] || { echo "bench: needs bash 5 (\$EPOCHREALTIME)" >&2; exit 1; }
if [[ -z $bin ]]; then
  echo "bench: building the release binary" >&2
  (cd "$root" && cmake --preset release >/dev/null && cmake --build build/release -j2 --target diary >/dev/null)
  bin=$root/build/release/cli/diary
fi
[[ -x $bin ]] || { echo "bench: no diary binary at $bin" >&2; exit 1; }

mkdir -p "$root/build"
work=$(mktemp -d "$root/build/bench.XXXXXX")  # on the build's disk, not a tmpfs: fsyncs count
trap 'rm -rf "$work"' EXIT
export TZ=Europe/Berlin NO_COLOR=1 LC_ALL=C
sqlite=(sqlite3 -batch -init /dev/null)
sq() { "${sqlite[@]}" "$@"; }
floor=$work/floor
cc -O2 -o "$floor" "$root/bench/floor.c" -lsqlite3 || { echo "bench: cannot build bench/floor.c (libsqlite3-dev?)" >&2; exit 1; }

# timed VAR -- command...: runs the command (output to $work/out), adds its microseconds to
# the list in VAR. A failure stops the benchmark with the command's error.
timed() {
  local -n into=$1; shift 2
  local a b
  a=${EPOCHREALTIME/[.,]/}
  "$@" >"$work/out" 2>"$work/err" || { echo "bench: failed: $*" >&2; cat "$work/err" >&2; exit 1; }
  b=${EPOCHREALTIME/[.,]/}
  into+=($((10#$b - 10#$a)))
}
# peak -- command...: the command's peak resident memory in MiB (one run under GNU time).
peak() {
  shift
  /usr/bin/time -f "%M" -o "$work/time" "$@" >/dev/null 2>"$work/err" || {
    echo "bench: failed: $*" >&2; cat "$work/err" >&2; exit 1; }
  awk '{ k = $1 } END { printf "%.0f", k / 1024 }' "$work/time"
}
# stats LIST...: "min / median / max" in ms (or s from a second on).
stats() {
  printf '%s\n' "$@" | sort -n | awk '{ v[NR] = $1 }
    function f(us) { return us >= 1e6 ? sprintf("%.2f s", us / 1e6) : sprintf("%.1f ms", us / 1e3) }
    END { printf "%s / %s / %s", f(v[1]), f(v[int((NR + 1) / 2)]), f(v[NR]) }'
}
median() { printf '%s\n' "$@" | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
# ratios "A..." "B...": the ratio of the medians, then [least-greatest] of the pairs' ratios.
ratios() {
  local -a a=($1) b=($2)
  local i r=""
  for i in "${!a[@]}"; do r+="$(awk -v x="${a[$i]}" -v y="${b[$i]}" 'BEGIN { print x / y }') "; done
  awk -v x="$(median "${a[@]}")" -v y="$(median "${b[@]}")" -v r="$r" 'BEGIN {
    n = split(r, p, " "); lo = p[1]; hi = p[1]
    for (i = 2; i <= n; i++) { if (p[i] < lo) lo = p[i]; if (p[i] > hi) hi = p[i] }
    printf "%.2f [%.2f-%.2f]", x / y, lo, hi }'
}

table=$work/table
printf '| diary | what | diary min / median / max | reference | reference min / median / max | ratio [pairs] | to the floor [pairs] | diary MiB | reference MiB |\n' > "$table"
printf '| --- | --- | ---: | --- | ---: | ---: | ---: | ---: | ---: |\n' >> "$table"
# row SIZE WHAT "DIARY_US..." REF_NAME "REF_US..." DIARY_MIB REF_MIB ["FLOOR_US..."]
# The floor is bench/floor.c doing the least the command must do (one insert, or reading
# every row); "-" where there is none (imports).
row() {
  local d s r f="-"
  d=$(stats $3) s=$(stats $5) r=$(ratios "$3" "$5")
  [[ -n ${8:-} ]] && f=$(ratios "$3" "$8")
  printf '| %s | %s | %s | %s | %s | %s | %s | %s | %s |\n' "$1" "$2" "$d" "$4" "$s" "$r" "$f" "$6" "$7" >> "$table"
  echo "  $2: diary $d; $4 $s; ratio $r; to the floor $f" >&2
}

episode_columns="uuid, onset_utc, onset_offset_min, timezone, duration_min, intensity, onset_speed, locations, side,"
episode_columns+=" sensations, muscle_hard, posture, relief, relief_effect, relief_min, returned_when_still, signs, note"
# A random version-4 UUID, as schema/003_identity.sql makes them.
uuid_sql="lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4' || substr(lower(hex(randomblob(2))), 2)"
uuid_sql+=" || '-' || substr('89ab', 1 + (abs(random()) % 4), 1) || substr(lower(hex(randomblob(2))), 2) || '-'"
uuid_sql+=" || lower(hex(randomblob(6)))"

for n in $sizes; do
  case $n in 2000) label="a year (2,000)" ;; 20000) label="ten years (20,000)" ;; 1000000) label="1,000,000" ;; *) label="$n" ;; esac
  echo "bench: $label episodes" >&2
  db=$work/d$n.db
  "$root/bench/generate.sh" "$bin" "$db" "$n"

  # log: per call, into copies of this diary, diary, sqlite3 and the floor in turn.
  if ((n <= 20000)); then
    cp "$db" "$work/log.db" && cp "$db" "$work/ref.db" && cp "$db" "$work/floor.db"
    sql="PRAGMA synchronous=FULL; INSERT INTO episode ($episode_columns) VALUES ($uuid_sql,"
    sql+=" strftime('%s','now') - 3600, 60, 'Europe/Berlin', 3, 6, 'sudden', '[\"calf\"]', 'right',"
    sql+=" '[\"cramp\",\"knot\"]', 1, 'side', '[\"stretch\",\"stand\"]', 'full', 2, 0, '[]', 'woke with a calf cramp');"
    # Each call logs another night, as a person does (the nights before today, each with its
    # generated episodes): logging every call at one minute made call N read the N-1 before
    # it as neighbours of the warning check and print the likely-double note.
    log_at() { date -d "-$(($1 % 3000 + 1)) days" +%Y-%m-%dT02:10; }
    log_cmd=("$bin" --db "$work/log.db" log --duration 3m --intensity 6 --onset-speed sudden --where calf
      --side right --feel cramp,knot --muscle-hard --posture side --relief stretch,stand --relief-effect full
      --relief-min 2 --no-returned-when-still --signs none --note "woke with a calf cramp")
    d=() s=() f=()
    for ((i = 0; i < calls; i++)); do
      at=$(log_at "$i")
      timed d -- "${log_cmd[@]}" --at "$at"
      timed s -- "${sqlite[@]}" "$work/ref.db" "$sql"
      timed f -- "$floor" "$work/floor.db"
    done
    for x in log ref floor; do
      [[ $(sq "$work/$x.db" "SELECT count(*) FROM episode") == $((n + calls)) ]] || {
        echo "bench: the $x inserts lost rows" >&2; exit 1; }
    done
    dm=$(peak -- "${log_cmd[@]}" --at "$(log_at "$calls")") sm=$(peak -- "${sqlite[@]}" "$work/ref.db" "$sql") fm=$(peak -- "$floor" "$work/floor.db")
    row "$label" "log ($calls calls)" "${d[*]}" "sqlite3 insert" "${s[*]}" "$dm" "$sm" "${f[*]}"
    row "$label" "sqlite3 insert (the reference above)" "${s[*]}" "C floor (bench/floor.c)" "${f[*]}" "$sm" "$fm" "${f[*]}"
  fi

  # imports: the diary's own exports into a new diary, against .import of the same rows.
  "$bin" --db "$db" export json -o "$work/export.json" 2>/dev/null
  "$bin" --db "$db" export csv -o "$work/export.csv" 2>/dev/null
  sq -csv "$db" "SELECT $episode_columns FROM episode ORDER BY onset_utc" > "$work/rows.csv"
  fresh() {  # a new diary for each run, as diary makes it; its episode table empty
    rm -f "$work/imp.db"*
    "$bin" --db "$work/imp.db" list >/dev/null
  }
  # .import into a staging table of the same columns, then one INSERT ... SELECT (empty
  # cells back to NULL, numbers to numbers): the same rows through the same CHECKs and
  # indexes, in one transaction.
  staging="CREATE TABLE episode_in ($(sed 's/,/ TEXT,/g' <<<"$episode_columns") TEXT)"
  select=""
  for c in ${episode_columns//,/ }; do
    case $c in
      onset_utc|onset_offset_min|duration_min|intensity|muscle_hard|relief_min|returned_when_still)
        select+="${select:+, }CAST(NULLIF($c, '') AS NUMERIC)" ;;
      *) select+="${select:+, }NULLIF($c, '')" ;;
    esac
  done
  printf 'PRAGMA synchronous=FULL;\nBEGIN;\n.import --csv %s episode_in\nINSERT INTO episode (%s) SELECT %s FROM episode_in;\nCOMMIT;\n' \
    "$work/rows.csv" "$episode_columns" "$select" > "$work/import.sql"
  imp_ref() { fresh; sq "$work/imp.db" "$staging"; }
  tries=$runs; ((n > 100000)) && tries=1
  for kind in json csv; do
    d=() s=()
    for ((t = 0; t < tries; t++)); do
      fresh; timed d -- "$bin" --db "$work/imp.db" import "$kind" "$work/export.$kind"
      [[ $(sq "$work/imp.db" "SELECT count(*) FROM episode") == "$n" ]] || { echo "bench: import $kind lost rows" >&2; exit 1; }
      imp_ref; timed s -- "${sqlite[@]}" "$work/imp.db" ".read $work/import.sql"
      [[ $(sq "$work/imp.db" "SELECT count(*) FROM episode") == "$n" ]] || { echo "bench: sqlite3 .import lost rows" >&2; exit 1; }
    done
    fresh; dm=$(peak -- "$bin" --db "$work/imp.db" import "$kind" "$work/export.$kind")
    imp_ref; sm=$(peak -- "${sqlite[@]}" "$work/imp.db" ".read $work/import.sql")
    row "$label" "import $kind" "${d[*]}" "sqlite3 .import" "${s[*]}" "$dm" "$sm"
  done
  rm -f "$work/imp.db"* "$work/export."* "$work/rows.csv"

  # exports against sqlite3 -csv of the same rows; reports against reading every row.
  csv_ref=("${sqlite[@]}" -csv -header "$db" "SELECT * FROM episode ORDER BY onset_utc, id")
  read_ref=("${sqlite[@]}" "$db" "SELECT * FROM episode")
  figure() {  # figure WHAT REF_NAME REF_ARRAY_NAME -- diary arguments...
    local what=$1 ref_name=$2
    local -n ref=$3
    shift 4
    d=() s=() f=()
    for ((t = 0; t < runs; t++)); do
      timed d -- "$bin" --db "$db" "$@"
      timed s -- "${ref[@]}"
      timed f -- "$floor" read "$db"
    done
    row "$label" "$what" "${d[*]}" "$ref_name" "${s[*]}" "$(peak -- "$bin" --db "$db" "$@")" "$(peak -- "${ref[@]}")" "${f[*]}"
  }
  figure "export json" "sqlite3 -csv" csv_ref -- export json
  figure "export csv" "sqlite3 -csv" csv_ref -- export csv
  figure "export fhir" "sqlite3 -csv" csv_ref -- export fhir
  figure "export report" "sqlite3 SELECT *" read_ref -- export report
  figure "analyze (every night)" "sqlite3 SELECT *" read_ref -- analyze
  figure "summary (last week)" "sqlite3 SELECT *" read_ref -- summary
  rm -f "$db"*
done

echo
echo "diary $("$bin" --version | awk '{print $2}'), sqlite3 $(sqlite3 --version | awk '{print $1}'), $(nproc) cores, $(uname -m), $(date -u +%Y-%m-%d)"
cat "$table"
