#!/usr/bin/env bash
# Shows the demo diary: imports examples/demo-diary.json into a fresh, temporary diary,
# lists its episodes and runs `diary analyze`. Your own diary is
# not touched; the temporary one is deleted afterwards.
#
#   scripts/demo.sh [DIARY_BINARY]     default: build/release/cli/diary
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
bin=${1:-$root/build/release/cli/diary}
[[ -x $bin ]] || { echo "demo: no diary binary at $bin; build it with: cmake --workflow --preset release" >&2; exit 1; }

dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
diary() { "$bin" --db "$dir/demo.db" --tz Europe/Berlin "$@"; }

echo "\$ diary import json examples/demo-diary.json"
diary import json "$root/examples/demo-diary.json"
echo
echo "\$ diary profile"
diary profile
echo
echo "\$ diary list"
diary list
echo
echo "\$ diary analyze"
diary analyze
