#!/usr/bin/env bash
# `renkei check -j N` must print exactly what -j 1 prints, in text and JSON, over the corpus.
set -u
renkei=$1
corpus=$2
fail=0
for fmt in text json; do
  one=$("$renkei" check --format "$fmt" -j 1 "$corpus" 2>&1; echo "exit $?")
  for j in 2 4; do
    many=$("$renkei" check --format "$fmt" -j "$j" "$corpus" 2>&1; echo "exit $?")
    if [ "$one" != "$many" ]; then
      echo "FAIL -j $j differs from -j 1 ($fmt)"; fail=$((fail + 1))
    fi
  done
done
echo "$((4 - fail)) passed, $fail failed"
[ $fail = 0 ]
