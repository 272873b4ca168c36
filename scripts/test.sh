#!/usr/bin/env bash
# Set-up, a build with ASan+UBSan and -Werror, and every test: unit (cmocka), corpus, golden
# and scripted command-line cases, reports, evidence, hostile inputs, fuzz-seed replay (ctest);
# then the unit tests and corpus under valgrind (a plain build), the installation and the .deb
# (tests/install.sh), the WebAssembly build and the page (node and Playwright tests), renkei.exe
# under Wine (tests/windows/run.sh), and a short AFL++ smoke run of every fuzz harness
# (RENKEI_FUZZ_SMOKE_SECONDS each, default 10; 0 skips it).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh        # what building needs
scripts/setup.sh test   # what only the tests need (cmocka, AFL++, valgrind, Chromium, ...)
cmake -S . -B build-test -DCMAKE_BUILD_TYPE=Debug -DRENKEI_SANITIZE=ON -DRENKEI_WERROR=ON >/dev/null
cmake --build build-test -j"$(nproc)"
(cd build-test && ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
  UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 ctest --output-on-failure -j"$(nproc)")

# the portable (SWAR) text scan here, the SSE2 one in the sanitizer build: the unit tests and
# the corpus run on both
cmake -S . -B build-valgrind -DCMAKE_BUILD_TYPE=RelWithDebInfo -DRENKEI_WERROR=ON \
  -DRENKEI_PORTABLE_SCAN=ON >/dev/null
cmake --build build-valgrind -j"$(nproc)" >/dev/null
tests/valgrind.sh build-valgrind corpus

# what a user installs: cmake --install, the library through pkg-config, the man page, the
# bash completion, and the .deb (cpack), installed into a scratch root and run
tests/install.sh build-install
# README's CI jobs (GitHub Actions with SARIF, GitLab CI with JUnit), their shell steps as written
tests/ci_jobs.sh

# The WebAssembly build and the page: the module under node on the whole corpus against the
# native CLI, then the page in chromium through Playwright (skipped only when chromium cannot
# start here).
scripts/build-web.sh
node tests/web/node_corpus.js build-wasm/lib/web/renkei-web.js build-valgrind/renkei . build-web/node
(cd tests/web && npm ci --no-audit --no-fund >/dev/null)
rc=0
node tests/web/page.test.js build-web/site build-valgrind/renkei . build-web/test || rc=$?
if [ "$rc" = 77 ]; then
  echo "test: the page's browser tests were SKIPPED: chromium cannot start on this machine"
elif [ "$rc" != 0 ]; then
  exit "$rc"
fi

# renkei.exe cross-built with mingw-w64 (its libraries from Debian's source packages the first
# time: about 6 min of CPU time) and tested under Wine against the native build (tests/windows/
# run.sh). RENKEI_WINDOWS=0 leaves it out. When wine cannot start, run.sh exits 77 and this step
# says SKIPPED in a banner: renkei.exe was built but not run.
if [ "${RENKEI_WINDOWS:-1}" != 0 ]; then
  scripts/build-windows.sh
  rc=0
  tests/windows/run.sh build-valgrind/renkei build-windows/renkei.exe . build-windows/tests || rc=$?
  if [ $rc = 77 ]; then
    echo "################################################################################" >&2
    echo "# SKIPPED: renkei.exe was built but NOT tested: wine64 cannot start here.       #" >&2
    echo "################################################################################" >&2
  elif [ $rc != 0 ]; then
    exit $rc
  fi
else
  echo "SKIPPED: the Windows build and its Wine tests (RENKEI_WINDOWS=0)" >&2
fi

secs=${RENKEI_FUZZ_SMOKE_SECONDS:-10}
if [ "$secs" != 0 ]; then
  scripts/fuzz.sh smoke "$secs"
fi
