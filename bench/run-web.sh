#!/usr/bin/env bash
# The page against the native CLI in one run: builds renkei Release in build-bench/ and the page
# (scripts/build-web.sh), generates a 10 MB UPPLAN file (and uses the 200 MB one of bench/run.sh
# when it is there), installs playwright-core (tests/web), and runs bench/web.js: median wall
# times, their ratio (target: page / native <= 2) and the WebAssembly memory per file size.
#
#   bench/run-web.sh             BENCH_RUNS=N runs per measurement (default 3)
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
NAME=UPPLAN_202504_1312345678_43_1312300001_11_20250325120000.CSV
scripts/build-web.sh
cmake -S . -B build-bench -DCMAKE_BUILD_TYPE=Release -DRENKEI_BUILD_TESTS=OFF >/dev/null
cmake --build build-bench -j"$(nproc)" --target renkei_cli >/dev/null
(cd tests/web && npm ci --no-audit --no-fund >/dev/null)
mkdir -p bench/data
if [ ! -f bench/data/upplan-10mb/$NAME ]; then
  python3 bench/gen_upplan.py --mb 10 bench/data/upplan-10mb.tmp
  rm -rf bench/data/upplan-10mb && mv bench/data/upplan-10mb.tmp bench/data/upplan-10mb
fi
files=(bench/data/upplan-10mb/$NAME)
[ -f bench/data/upplan-200mb/$NAME ] && files+=(bench/data/upplan-200mb/$NAME)
node bench/web.js build-web/site build-bench/renkei "${BENCH_RUNS:-3}" "${files[@]}" | tee bench/data/last-web-run.txt
