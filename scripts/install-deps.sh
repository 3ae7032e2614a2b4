#!/usr/bin/env bash
# Installs the Debian packages diary needs to build and test; skips apt when all are there.
# chromium: the end-to-end test prints the doctor's report to PDF with headless Chromium.
# clang-14, libclang-rt-14-dev: the libFuzzer targets (scripts/ci-extra.sh); time: bench/bench.sh.
set -euo pipefail
packages=(cmake ninja-build g++ pkg-config libsqlitecpp-dev libsqlite3-dev sqlite3
  libhowardhinnant-date-dev tzdata libfmt-dev libspdlog-dev doctest-dev libcli11-dev
  nlohmann-json3-dev faketime libical-dev chromium
  clang-14 libclang-rt-14-dev time)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
sudo=""
[ "$(id -u)" -ne 0 ] && sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -q
$sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
