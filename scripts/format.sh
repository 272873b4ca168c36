#!/bin/sh
# format.sh - clang-format (the project's .clang-format) over every C source and header of
# src/, tests/, fuzz/, bench/ and web/.
#   scripts/format.sh          rewrites the files in place
#   scripts/format.sh check    changes nothing; names each file that differs, exit 1 if any
# ctest runs the check (test "format"). scripts/setup.sh installs clang-format.
set -eu
cd "$(dirname "$0")/.."
command -v clang-format >/dev/null || { echo "format.sh: clang-format not found" >&2; exit 2; }
files=$(find src tests fuzz bench web -name '*.[ch]' -type f | LC_ALL=C sort)
case ${1:-fix} in
fix)
    # shellcheck disable=SC2086
    clang-format -i $files
    ;;
check)
    bad=0
    for f in $files; do
        if ! clang-format --dry-run -Werror "$f" >/dev/null 2>&1; then
            echo "format.sh: $f differs from .clang-format (scripts/format.sh fixes it)"
            bad=$((bad + 1))
        fi
    done
    echo "format: $(echo "$files" | wc -l) files, $bad differ"
    [ "$bad" = 0 ]
    ;;
*)
    sed -n '2,7p' "$0" | sed 's/^# \{0,1\}//'
    exit 2
    ;;
esac
