#!/usr/bin/env bash
# The diary's speed, each figure as a ratio against sqlite3 doing the same work on the same
# rows in the same run, and the peak memory of each (GNU time's maximum resident set).
#
#   bench/bench.sh [--quick] [--sizes "2000 20000 1000000"] [--log-calls N] [--bin PATH]
#
#   --quick       sizes "2000 20000" and fewer log calls (a minute instead of several)
#   --sizes       episodes per generated diary (default: a year, ten years, a million)
#   --log-calls   `diary log` calls timed against as many sqlite3 inserts (default 100)
#   --bin PATH    the diary binary (default: build/release/cli/diary, built first)
#
# For each size (bench/generate.sh makes the diary):
#   log          one `diary log` with every field, per call   vs sqlite3 shell: one INSERT
#                (WAL, synchronous=FULL), per call; both into a copy of the diary
#   import json  `diary import json` of the diary's own export into a new diary, episodes/s
#                vs sqlite3 `.import` of the same rows (CSV) into the same table
#   export csv   `diary export csv`   vs sqlite3 -csv SELECT * FROM episode ORDER BY onset
#   analyze      `diary analyze` (all nights) vs sqlite3 SELECT * FROM episode
#   summary      `diary summary`      vs sqlite3 SELECT * FROM episode
# Times are the best of three runs (one run for imports of more than 100,000 episodes).
# Targets: log <= 1.5x, analyze <= 3x, export csv <= 1.5x.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
sizes="2000 20000 1000000" calls=100 bin=""
while (($#)); do
  case $1 in
    --quick) sizes="2000 20000"; calls=30; shift ;;
    --sizes) sizes=$2; shift 2 ;;
    --log-calls) calls=$2; shift 2 ;;
    --bin) bin=$2; shift 2 ;;
    -h|--help) sed -n '2,24p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "bench: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done
for tool in sqlite3 /usr/bin/time; do
  command -v "$tool" >/dev/null || { echo "bench: $tool is missing (scripts/install-deps.sh installs sqlite3 and time)" >&2; exit 1; }
done
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
sq() { sqlite3 -batch -init /dev/null "$@"; }

# run OUT -- command...: runs once under GNU time; sets $secs and $kib (peak RSS).
run() {
  local out=$1; shift 2
  /usr/bin/time -f "%e %M" -o "$work/time" "$@" > "$out" 2>"$work/stderr" || {
    echo "bench: failed: $*" >&2; cat "$work/stderr" >&2; exit 1; }
  read -r secs kib < <(tail -1 "$work/time")
}
# best OUT -- command...: the best of three (wall time), with that run's peak memory.
best() {
  local out=$1 b="" bk=""
  for _ in 1 2 3; do
    run "$@"
    if [[ -z $b ]] || awk -v t="$secs" -v b="$b" 'BEGIN { exit !(t < b) }'; then b=$secs bk=$kib; fi
  done
  secs=$b kib=$bk
}
# GNU time measures to 10 ms; below that a ratio means nothing, so times are floored there.
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a < 0.01) a = 0.01; if (b < 0.01) b = 0.01; printf "%.2f", a / b }'; }
mib() { awk -v k="$1" 'BEGIN { printf "%.0f", k / 1024 }'; }

table=$work/table
printf '| diary | what | diary | sqlite3 | ratio | target | diary peak MiB | sqlite3 peak MiB |\n' > "$table"
printf '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |\n' >> "$table"
row() { printf '| %s | %s | %s | %s | %s | %s | %s | %s |\n' "$@" >> "$table"; echo "  $2: diary $3, sqlite3 $4, ratio $5" >&2; }

episode_columns="onset_utc, onset_offset_min, timezone, duration_min, intensity, onset_speed, locations, side, sensations, muscle_hard, posture, relief, relief_effect, relief_min, returned_when_still, signs, note"

for n in $sizes; do
  case $n in 2000) label="a year (2,000)" ;; 20000) label="ten years (20,000)" ;; 1000000) label="1,000,000" ;; *) label="$n" ;; esac
  echo "bench: $label episodes" >&2
  db=$work/d$n.db
  "$root/bench/generate.sh" "$bin" "$db" "$n"

  # log: per call, into copies of this diary.
  if ((n <= 20000)); then
    cp "$db" "$work/log.db" && cp "$db" "$work/ref.db"
    sql="PRAGMA synchronous=FULL; INSERT INTO episode ($episode_columns) VALUES (strftime('%s','now') - 3600, 60,"
    sql+=" 'Europe/Berlin', 3, 6, 'sudden', '[\"calf\"]', 'right', '[\"cramp\",\"knot\"]', 1, 'side',"
    sql+=" '[\"stretch\",\"stand\"]', 'full', 2, 0, '[]', 'woke with a calf cramp');"
    d_total=0 s_total=0 d_peak=0 s_peak=0
    for ((i = 0; i < calls; i++)); do
      run /dev/null -- "$bin" --db "$work/log.db" log --at "$(date -d '-1 hour' +%H:%M)" --duration 3m --intensity 6 \
        --onset-speed sudden --where calf --side right --feel cramp,knot --muscle-hard --posture side \
        --relief stretch,stand --relief-effect full --relief-min 2 --no-returned-when-still --signs none \
        --note "woke with a calf cramp"
      d_total=$(awk -v a="$d_total" -v b="$secs" 'BEGIN { print a + b }'); ((kib > d_peak)) && d_peak=$kib
      run /dev/null -- sqlite3 -batch -init /dev/null "$work/ref.db" "$sql"
      s_total=$(awk -v a="$s_total" -v b="$secs" 'BEGIN { print a + b }'); ((kib > s_peak)) && s_peak=$kib
    done
    d=$(awk -v t="$d_total" -v c="$calls" 'BEGIN { printf "%.1f ms", t * 1000 / c }')
    s=$(awk -v t="$s_total" -v c="$calls" 'BEGIN { printf "%.1f ms", t * 1000 / c }')
    row "$label" "log, per call ($calls calls)" "$d" "$s" "$(ratio "$d_total" "$s_total")" "1.5" "$(mib $d_peak)" "$(mib $s_peak)"
  fi

  # import json: the diary's own export into a new diary, against .import of the same rows.
  "$bin" --db "$db" export json -o "$work/export.json" 2>/dev/null
  sq -csv "$db" "SELECT $episode_columns FROM episode ORDER BY onset_utc" > "$work/rows.csv"
  fresh() {  # a new diary for each run, as diary makes it; its episode table empty
    rm -f "$work/imp.db"*
    "$bin" --db "$work/imp.db" list >/dev/null
  }
  imp_diary() { fresh; run /dev/null -- "$bin" --db "$work/imp.db" import json "$work/export.json"; }
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
  imp_sqlite() {
    fresh
    sq "$work/imp.db" "$staging"
    run /dev/null -- sqlite3 -batch -init /dev/null "$work/imp.db" ".read $work/import.sql"
    [[ $(sq "$work/imp.db" "SELECT count(*) FROM episode") == "$n" ]] || { echo "bench: sqlite3 .import lost rows" >&2; exit 1; }
  }
  tries=3; ((n > 100000)) && tries=1
  bd="" bs=""
  for ((t = 0; t < tries; t++)); do
    imp_diary; if [[ -z $bd ]] || awk -v a="$secs" -v b="$bd" 'BEGIN { exit !(a < b) }'; then bd=$secs dk=$kib; fi
    imp_sqlite; if [[ -z $bs ]] || awk -v a="$secs" -v b="$bs" 'BEGIN { exit !(a < b) }'; then bs=$secs sk=$kib; fi
  done
  rate() { awk -v n="$n" -v t="$1" 'BEGIN { if (t < 0.01) t = 0.01; printf "%.0f/s", n / t }'; }
  row "$label" "import json, episodes/s" "$(rate "$bd")" "$(rate "$bs")" "$(ratio "$bd" "$bs")" "-" "$(mib "$dk")" "$(mib "$sk")"

  # export csv against sqlite3 -csv of the same rows.
  best "$work/s.csv" -- sqlite3 -batch -init /dev/null -csv -header "$db" "SELECT * FROM episode ORDER BY onset_utc, id"; qs=$secs qk=$kib
  best "$work/d.csv" -- "$bin" --db "$db" export csv; ds=$secs dk=$kib
  row "$label" "export csv" "${ds} s" "${qs} s" "$(ratio "$ds" "$qs")" "1.5" "$(mib "$dk")" "$(mib "$qk")"

  # analyze and summary against reading every episode.
  best "$work/s.txt" -- sqlite3 -batch -init /dev/null "$db" "SELECT * FROM episode"; qs=$secs qk=$kib
  best "$work/a.txt" -- "$bin" --db "$db" analyze; ds=$secs dk=$kib
  row "$label" "analyze (every night)" "${ds} s" "${qs} s" "$(ratio "$ds" "$qs")" "3" "$(mib "$dk")" "$(mib "$qk")"
  best "$work/w.txt" -- "$bin" --db "$db" summary; ds=$secs dk=$kib
  row "$label" "summary (last week)" "${ds} s" "${qs} s" "$(ratio "$ds" "$qs")" "-" "$(mib "$dk")" "$(mib "$qk")"
  rm -f "$db"* "$work"/*.csv "$work"/*.json "$work"/*.db*
done

echo
echo "diary $("$bin" --version | awk '{print $2}'), sqlite3 $(sqlite3 --version | awk '{print $1}'), $(nproc) cores, $(uname -m)"
cat "$table"
