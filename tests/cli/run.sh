#!/usr/bin/env bash
# Golden command-line cases: each tests/cli/NNNN-slug/ holds `args` (one argument per line),
# `exit` (the expected exit code), optionally `stdout` (the exact expected standard output),
# `stderr_has` (a string standard error must contain), `stdin` (fed to standard input, else
# /dev/null), `expect/` (files that must exist after the run with exactly these bytes, e.g. a
# report written with -o, or a file a usage error must leave untouched), `absent` (names, one a
# line, that must not exist after the run), and any input files. The command runs in a copy of
# the case directory, so paths in the output are the case's own and nothing is written into
# the source tree.
# usage: run.sh RENKEI CASES_DIR
set -u
renkei=$1
cases=$2
# shellcheck source=tests/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"
rk_tmpdir
for dir in "$cases"/[0-9]*/; do
  dir=${dir%/}
  name=$(basename "$dir")
  args=()
  [ -s "$dir/args" ] && mapfile -t args < "$dir/args"
  want_exit=$(cat "$dir/exit")
  work=$tmp/$name
  cp -a "$dir" "$work"
  rm -rf "$work/expect"
  out=$tmp/$name.out
  err=$tmp/$name.err
  stdin=/dev/null
  [ -f "$dir/stdin" ] && stdin=$dir/stdin
  (cd "$work" && LC_ALL=C "$renkei" "${args[@]}" >"$out" 2>"$err" <"$stdin")
  got_exit=$?
  good=1
  if [ "$got_exit" != "$want_exit" ]; then
    echo "FAIL $name: exit $got_exit, expected $want_exit"; head -3 "$err"; good=0
  fi
  if [ -f "$dir/stdout" ] && ! diff -u "$dir/stdout" "$out" >/dev/null; then
    echo "FAIL $name: stdout differs:"; diff -u "$dir/stdout" "$out" | head -20; good=0
  fi
  if [ -f "$dir/stderr_has" ] && ! grep -qF -- "$(cat "$dir/stderr_has")" "$err"; then
    echo "FAIL $name: stderr lacks '$(cat "$dir/stderr_has")':"; head -5 "$err"; good=0
  fi
  if [ -d "$dir/expect" ]; then
    for f in "$dir"/expect/*; do
      b=$(basename "$f")
      if ! cmp -s "$f" "$work/$b"; then
        echo "FAIL $name: $b differs from expect/$b:"; diff -u "$f" "$work/$b" | head -10; good=0
      fi
    done
  fi
  if [ -f "$dir/absent" ]; then
    while read -r b; do
      [ -e "$work/$b" ] && { echo "FAIL $name: $b exists"; good=0; }
    done < "$dir/absent"
  fi
  # no temporary report file left behind
  if compgen -G "$work/*.renkei-*" >/dev/null; then
    echo "FAIL $name: temporary file left: $(ls "$work" | grep renkei-)"; good=0
  fi
  if [ $good = 1 ]; then ok; else fail=$((fail + 1)); fi
done
finish
