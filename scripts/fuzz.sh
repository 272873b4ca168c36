#!/bin/sh
# fuzz.sh - builds the fuzz harnesses (fuzz/fuzz_*.c) with AFL++ and runs them.
#
#   scripts/fuzz.sh smoke [SECONDS]              every harness for SECONDS (default 20);
#                                                exit 1 if any crash is found
#   scripts/fuzz.sh campaign SECONDS [NAME...]   the named harnesses (default: all), one after
#                                                the other (FUZZ_JOBS=N: N at a time);
#                                                prints executions and crashes
#   scripts/fuzz.sh build                        only build build-fuzz/
#
# NAME is the part after fuzz_: decoder reader roundtrip filename spec_load check life set
# rtdiff verify life_import archive verify_zip.
# Builds with CC=afl-clang-fast, ASan+UBSan (RENKEI_SANITIZE=ON) and RENKEI_BUILD_FUZZERS=ON
# in build-fuzz/ (BUILD_DIR overrides). Outputs go to build-fuzz/afl/<mode>/<name>/; crashing
# inputs are copied to fuzz/regressions/<name>/ for triage (replay them with
# build-fz/fuzz/fuzz_<name>_replay FILE, see fuzz/README.md). One fuzzer runs at a time
# unless FUZZ_JOBS says otherwise (campaign only; each fuzzer still runs SECONDS of wall time).
# Environment: RENKEI_FUZZ_SKIP (see fuzz/harness.h) is passed to the harnesses;
# AFL_EXTRA_ARGS is appended to the afl-fuzz command line; FUZZ_TIMEOUT_MS is the time limit
# of one execution (2000 ms; 10000 in the smoke).
set -eu

ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${BUILD_DIR:-$ROOT/build-fuzz}
ALL="decoder reader roundtrip filename spec_load check life set rtdiff verify life_import archive verify_zip"

usage() {
    sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//'
    exit 2
}

dict_for() {
    case $1 in
    filename) echo "$ROOT/fuzz/dict/filename.dict" ;;
    spec_load) echo "$ROOT/fuzz/dict/spec.dict" ;;
    life) echo "$ROOT/fuzz/dict/life.dict" ;;
    archive | verify_zip) echo "$ROOT/fuzz/dict/zip.dict" ;;
    life_import) echo "$ROOT/fuzz/dict/xlsx.dict" ;;
    *) echo "$ROOT/fuzz/dict/csv.dict" ;;
    esac
}

build() {
    if ! command -v afl-clang-fast >/dev/null; then
        echo "fuzz.sh: afl-clang-fast not found (install AFL++)" >&2
        exit 2
    fi
    # configure every time: new fuzz_*.c files become targets (cheap when nothing changed)
    CC=afl-clang-fast cmake -S "$ROOT" -B "$BUILD" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
        -DRENKEI_BUILD_FUZZERS=ON -DRENKEI_BUILD_TESTS=ON -DRENKEI_SANITIZE=ON >/dev/null
    targets=""
    for n in $ALL; do targets="$targets --target fuzz_$n"; done
    # shellcheck disable=SC2086
    AFL_QUIET=1 cmake --build "$BUILD" -j"$(nproc 2>/dev/null || echo 2)" $targets
}

# Reads one value from an AFL++ fuzzer_stats file.
stat_of() {
    sed -n "s/^$2 *: *//p" "$1" 2>/dev/null | head -n 1
}

# run MODE NAME SECONDS: fuzzes one harness; prints a summary line; returns 1 on crashes.
run() {
    mode=$1 name=$2 secs=$3
    bin=$BUILD/fuzz/fuzz_$name
    [ -x "$bin" ] || { echo "fuzz.sh: no harness $bin" >&2; return 2; }
    out=$BUILD/afl/$mode/$name
    in=$ROOT/fuzz/seeds/$name
    # resume a previous campaign's queue when there is one
    if [ -d "$out/default/queue" ]; then in=-; fi
    mkdir -p "$out"
    log=$out/afl-fuzz.log
    # Time limit of one execution, in ms (FUZZ_TIMEOUT_MS overrides). The smoke allows 10 s:
    # on a loaded machine AFL's calibration of fuzz_verify's seeds (which sign and re-check a
    # bundle, 0.1-0.3 s each alone) went over 2 s, and afl-fuzz refuses to start when every
    # seed times out. A campaign keeps 2 s so that slow inputs are found as hangs.
    tmo=${FUZZ_TIMEOUT_MS:-2000}
    [ "$mode" != smoke ] || tmo=${FUZZ_TIMEOUT_MS:-10000}
    echo "fuzz.sh: $name for ${secs}s -> $out" >&2
    # ASan needs -m none; abort_on_error so that a sanitizer report is a crash to AFL.
    # shellcheck disable=SC2034,SC2086 # the assignments are afl-fuzz's environment;
    # AFL_EXTRA_ARGS is a list of options
    AFL_NO_UI=1 AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 \
    AFL_AUTORESUME=1 AFL_NO_AFFINITY=${AFL_NO_AFFINITY:-1} \
    ASAN_OPTIONS=${ASAN_OPTIONS:-abort_on_error=1:symbolize=0:detect_leaks=1:allocator_may_return_null=1} \
    UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:abort_on_error=1:symbolize=0} \
    LC_ALL=C \
        afl-fuzz -V "$secs" -m none -t "$tmo" -i "$in" -o "$out" -x "$(dict_for "$name")" \
        ${AFL_EXTRA_ARGS:-} -- "$bin" >"$log" 2>&1 || {
        echo "fuzz.sh: afl-fuzz failed for $name; last lines of $log:" >&2
        tail -n 20 "$log" >&2
        return 2
    }
    stats=$out/default/fuzzer_stats
    execs=$(stat_of "$stats" execs_done)
    crashes=$(stat_of "$stats" saved_crashes)
    [ -n "$crashes" ] || crashes=$(stat_of "$stats" unique_crashes)
    hangs=$(stat_of "$stats" saved_hangs)
    [ -n "$hangs" ] || hangs=$(stat_of "$stats" unique_hangs)
    corpus=$(stat_of "$stats" corpus_count)
    [ -n "$corpus" ] || corpus=$(stat_of "$stats" paths_total)
    edges=$(stat_of "$stats" edges_found)
    printf '%-10s execs=%-10s crashes=%-4s hangs=%-4s corpus=%-5s edges=%s\n' \
        "$name" "${execs:-?}" "${crashes:-?}" "${hangs:-?}" "${corpus:-?}" "${edges:-?}"
    found=0
    for f in "$out"/default/crashes/id:*; do
        [ -f "$f" ] || continue
        found=1
        dest=$ROOT/fuzz/regressions/$name/$mode-$(basename "$f" | sed 's/[^A-Za-z0-9_.-]/_/g' | cut -c1-60)
        cp "$f" "$dest"
    done
    if [ "$found" = 1 ]; then
        echo "fuzz.sh: $name: crashes copied to fuzz/regressions/$name/" >&2
        return 1
    fi
    return 0
}

[ $# -ge 1 ] || usage
cmd=$1
shift
case $cmd in
build)
    build
    ;;
smoke)
    secs=${1:-20}
    build
    failed=0
    bad=0
    for n in $ALL; do
        run smoke "$n" "$secs" || { failed=1; bad=$((bad + 1)); }
    done
    echo "fuzz: $(( $(echo $ALL | wc -w) - bad )) passed, $bad failed"
    [ "$failed" = 0 ] || { echo "fuzz.sh: smoke found crashes" >&2; exit 1; }
    ;;
campaign)
    [ $# -ge 1 ] || usage
    secs=$1
    shift
    names=${*:-$ALL}
    build
    jobs=${FUZZ_JOBS:-1}
    failed=0
    pids=""
    # shellcheck disable=SC2086
    for n in $names; do
        if [ "$jobs" -le 1 ]; then
            run campaign "$n" "$secs" || failed=1
            continue
        fi
        run campaign "$n" "$secs" &
        pids="$pids $!"
        if [ "$(echo $pids | wc -w)" -ge "$jobs" ]; then
            for p in $pids; do wait "$p" || failed=1; done
            pids=""
        fi
    done
    for p in $pids; do wait "$p" || failed=1; done
    exit "$failed"
    ;;
*)
    usage
    ;;
esac
