#!/usr/bin/env bash
# `renkei check -j N` must print exactly what -j 1 prints, in text and JSON, over the corpus.
set -u
renkei=$1
corpus=$2
# shellcheck source=tests/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"
for fmt in text json; do
  one=$("$renkei" check --format "$fmt" -j 1 "$corpus" 2>&1; echo "exit $?")
  for j in 2 4; do
    many=$("$renkei" check --format "$fmt" -j "$j" "$corpus" 2>&1; echo "exit $?")
    if [ "$one" = "$many" ]; then ok; else ko "-j $j differs from -j 1 ($fmt)"; fi
  done
done
finish
