#!/usr/bin/env bash
# Installs the Debian packages renkei needs, asking apt only for what is missing (idempotent).
#   scripts/setup.sh        what building needs (cmake -S . -B build && cmake --build build)
#   scripts/setup.sh test   that, and what the tests need (scripts/test.sh runs it as its own
#                           step): cmocka, clang and AFL++ for the fuzz harnesses, valgrind,
#                           python3-jsonschema, Chromium and a Japanese font, man-db, ...
# The build packages have the same names on Ubuntu 22.04 and 24.04; README.md says which test
# packages differ there. Run as root (or with sudo available).
set -euo pipefail
build=(build-essential cmake pkg-config libcsv-dev libjansson-dev libssl-dev libzip-dev libexpat1-dev)
test=(libcmocka-dev clang clang-format afl++ python3 python3-jsonschema chromium
      fonts-ipafont-gothic time util-linux valgrind man-db python3-yaml)
case "${1:-}" in
  "") packages=("${build[@]}") ;;
  test) packages=("${build[@]}" "${test[@]}") ;;
  *) echo "usage: scripts/setup.sh [test]" >&2; exit 2 ;;
esac
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO=sudo
  echo "setup: installing ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
echo "setup: all ${1:-build} packages present"
