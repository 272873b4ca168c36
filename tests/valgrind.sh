#!/usr/bin/env bash
# The unit tests and the corpus runner under valgrind (memcheck, leak check) in a build without
# sanitizers: a second opinion on what ASan/UBSan/LSan check in the main run (uninitialised
# reads, which ASan does not see). The CLI and hostile tests are left to the sanitizer run:
# under valgrind they would take most of CI's time.
# usage: valgrind.sh BUILD_DIR CORPUS_DIR
set -u
build=$1
corpus=$2
# shellcheck source=tests/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
RK_TEST_NAME=valgrind
for t in "$build"/tests/test_*; do
  [ -x "$t" ] || continue
  if valgrind -q --suppressions="$(dirname "${BASH_SOURCE[0]}")/valgrind.supp" --error-exitcode=9 --leak-check=full --errors-for-leak-kinds=definite,indirect \
      "$t" >/dev/null 2>"$build/valgrind.err"; then
    ok
  else
    ko "valgrind $(basename "$t")"; head -30 "$build/valgrind.err"
  fi
done
if valgrind -q --suppressions="$(dirname "${BASH_SOURCE[0]}")/valgrind.supp" --error-exitcode=9 --leak-check=full --errors-for-leak-kinds=definite,indirect \
    "$build/tests/corpus_runner" "$corpus" >/dev/null 2>"$build/valgrind.err"; then
  ok
else
  ko "valgrind corpus_runner"; head -30 "$build/valgrind.err"
fi
finish
