#!/usr/bin/env bash
# Golden command-line cases: each tests/cli/NNNN-slug/ holds `args` (one argument per line),
# `exit` (the expected exit code), optionally `stdout` (the exact expected standard output)
# and `stderr_has` (a string standard error must contain), and any input files. The command
# runs inside the case directory, so paths in the output are the case's own.
# usage: run.sh RENKEI CASES_DIR
set -u
renkei=$1
cases=$2
# shellcheck source=tests/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"
for dir in "$cases"/[0-9]*/; do
  dir=${dir%/}
  name=$(basename "$dir")
  args=()
  [ -s "$dir/args" ] && mapfile -t args < "$dir/args"
  want_exit=$(cat "$dir/exit")
  out=$(mktemp)
  err=$(mktemp)
  (cd "$dir" && LC_ALL=C "$renkei" "${args[@]}" >"$out" 2>"$err" </dev/null)
  got_exit=$?
  good=1
  if [ "$got_exit" != "$want_exit" ]; then
    echo "FAIL $name: exit $got_exit, expected $want_exit"; good=0
  fi
  if [ -f "$dir/stdout" ] && ! diff -u "$dir/stdout" "$out" >/dev/null; then
    echo "FAIL $name: stdout differs:"; diff -u "$dir/stdout" "$out" | head -20; good=0
  fi
  if [ -f "$dir/stderr_has" ] && ! grep -qF -- "$(cat "$dir/stderr_has")" "$err"; then
    echo "FAIL $name: stderr lacks '$(cat "$dir/stderr_has")':"; head -5 "$err"; good=0
  fi
  rm -f "$out" "$err"
  if [ $good = 1 ]; then ok; else fail=$((fail + 1)); fi
done
finish
