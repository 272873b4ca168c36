#!/usr/bin/env bash
# Set-up, a build with ASan+UBSan and -Werror, and every test: unit (cmocka), corpus,
# golden CLI cases and fuzz-seed replay (ctest).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
cmake -S . -B build-test -DCMAKE_BUILD_TYPE=Debug -DRENKEI_SANITIZE=ON -DRENKEI_WERROR=ON >/dev/null
cmake --build build-test -j"$(nproc)"
cd build-test
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  ctest --output-on-failure -j"$(nproc)"
