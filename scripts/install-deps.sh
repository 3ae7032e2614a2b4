#!/usr/bin/env bash
# Installs the Debian packages that building, testing and running the diary need.
# Safe to run again: when every package is already installed it does nothing (no apt-get
# update, no sudo). Needs no terminal: apt runs non-interactively.
set -euo pipefail

packages=(
  cmake ninja-build g++ pkg-config        # build
  libsqlitecpp-dev libsqlite3-dev         # the diary file
  libhowardhinnant-date-dev tzdata        # time zones (date/tz reads /usr/share/zoneinfo)
  libfmt-dev libspdlog-dev libcli11-dev nlohmann-json3-dev
  libmicrohttpd-dev libqrencode-dev nettle-dev  # diary serve: HTTP, the terminal QR code, SHA-256
  doctest-dev                             # tests
  sqlite3 faketime                        # README examples and the benchmark
  libical-dev                             # tests: the iCalendar file read back
  chromium poppler-utils                  # tests: the report printed to PDF (pdftotext, pdftoppm), the phone page
  chromium-driver python3 python3-selenium # tests: the phone page in a browser (tests/browser)
  clang-14 libclang-rt-14-dev             # CI: the libFuzzer targets (scripts/ci-extra.sh)
  time                                    # bench/bench.sh: peak memory
  help2man dpkg-dev                       # the man page; cpack -G DEB's dpkg-shlibdeps
  bash-completion                         # tests: the generated completion, run in bash
)

missing=()
for p in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null || true)
  [[ $status == installed ]] || missing+=("$p")
done

if ((${#missing[@]} == 0)); then
  echo "install-deps: all ${#packages[@]} packages already installed"
  exit 0
fi

if [[ $(id -u) -eq 0 ]]; then
  as_root=()
elif command -v sudo >/dev/null 2>&1; then
  as_root=(sudo -n)   # -n: fail rather than wait for a password prompt when there is no terminal
  [[ -t 0 ]] && as_root=(sudo)
else
  echo "install-deps: missing ${missing[*]}; run this script as root (sudo is not installed)" >&2
  exit 1
fi

echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
"${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q </dev/null
"${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}" </dev/null
