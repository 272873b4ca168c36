#!/usr/bin/env bash
# Installs every Debian package renkei's build and tests need. Idempotent: asks apt only
# for what is missing. Run as root (or with sudo available).
set -euo pipefail
packages=(build-essential cmake pkg-config clang libcsv-dev libjansson-dev libcmocka-dev
          libssl-dev libzip-dev afl++ python3 python3-jsonschema chromium fonts-ipafont-gothic time
          util-linux valgrind clang-format)
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
echo "setup: all packages present"
