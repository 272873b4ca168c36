#!/usr/bin/env bash
# Set-up, release build, and the main job on the bundled sample corpus (samples/): prints
# renkei's report. Exits 0 when renkei ran (whatever it found).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DRENKEI_BUILD_TESTS=OFF >/dev/null
cmake --build build -j"$(nproc)" >/dev/null
echo "== renkei check samples/send-ok samples/broken-export"
set +e
build/renkei check samples/send-ok samples/broken-export
rc=$?
set -e
echo "== exit code $rc (0 conforms, 1 error findings, 2 usage, 3 unreadable, 4 internal)"
[ $rc -le 1 ]
