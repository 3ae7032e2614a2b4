#!/usr/bin/env bash
# Saves the output of every reading command on the demo diary and on each diary in a folder
# of example diaries (text and JSON), so that a refactoring can show its outputs unchanged:
#
#   scripts/snapshot-outputs.sh DIARY_BINARY OUT_DIR [DIARIES_DIR]
#   diff -r OLD_OUT NEW_OUT
#
# Runs under faketime at a fixed, frozen moment, with NO_COLOR and fixed zones, in a scratch folder.
set -euo pipefail
bin=$(realpath "$1"); out=$2; diaries=${3:-}
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
mkdir -p "$out"
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
export NO_COLOR=1
at='2026-11-28 09:00:00'

snap() {  # snap NAME JSON_FILE ZONE
  local name=$1 file=$2 tz=$3 db="$work/$1.db"
  d() { faketime -f "$at" "$bin" --db "$db" --tz "$tz" "$@"; }
  # A week in the middle of the diary, so the weekly summary has something to show.
  local mid
  mid=$(python3 -c 'import json,sys; e=json.load(open(sys.argv[1]))["episodes"]; print(e[len(e)//2]["onset"][:10] if e else "2026-11-09")' "$file")
  {
    d import json "$file"
    for cmd in "summary --week $mid" "summary --week $mid --json" "list" "list --json" "analyze" "analyze --json" "summary" "summary --json" \
               "summary --week 2026-11-09" "summary --week 2026-11-09 --json" "profile" \
               "export json" "export csv" "export fhir" "remind list" "check"; do
      echo "### diary $cmd"
      # shellcheck disable=SC2086
      d $cmd 2>&1 || echo "(exit $?)"
    done
    echo "### export report"
    d export report -o "$work/r.html" >/dev/null 2>&1 && cat "$work/r.html"
  } > "$out/$name.txt" 2>&1
}

snap demo "$root/examples/demo-diary.json" Europe/Berlin
if [[ -n $diaries ]]; then
  for f in "$diaries"/[0-9]*.json; do
    tz=UTC
    if [[ -f $diaries/truth.json ]] && command -v python3 >/dev/null; then
      tz=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1])).get(sys.argv[2],{}).get("tz","UTC"))' "$diaries/truth.json" "$(basename "$f")")
    fi
    snap "$(basename "$f" .json)" "$f" "$tz"
  done
fi
echo "snapshot: $(ls "$out" | wc -l) files in $out"
