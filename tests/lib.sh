# tests/lib.sh - what the shell tests share; source it, then call ok/ko per check and end with
# `finish`. Counts passes and failures, prints "N passed, M failed" (prefixed by $RK_TEST_NAME
# when set), and exits 1 on any failure.
#   ok                 one check passed
#   ko MESSAGE...      one check failed: prints "FAIL MESSAGE"
#   rk_tmpdir          sets tmp to a new temporary directory, removed (even when made
#                      read-only inside) when the shell exits; call it once per script
# shellcheck shell=bash
pass=0
fail=0
ok() { pass=$((pass + 1)); }
ko() { echo "FAIL $*"; fail=$((fail + 1)); }
rk_tmpdir() {
  tmp=$(mktemp -d) || exit 2
  trap 'chmod -R u+rwx "$tmp" 2>/dev/null; rm -rf "$tmp"' EXIT
}
finish() {
  echo "${RK_TEST_NAME:+$RK_TEST_NAME: }$pass passed, $fail failed"
  [ "$fail" = 0 ]
  exit
}
